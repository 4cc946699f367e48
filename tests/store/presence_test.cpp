// Conformance: a user has an open presence (Offline) and routing (OFF_QUEUE)
// interval from its creation, single or bulk; a change ends the open
// interval at the instant the next starts, never earlier than it started;
// open intervals are read per user and in batches; definitions an
// organization made round-trip (labels in order), and another organization
// sees none of it.
#include "store/store_suite.h"

namespace rp::store::test {
namespace {

class PresenceTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    org_ = make_org("One");
    other_ = make_org("Two");
    ann_ = sample_user("Ann", "ann@example.com");
    ann_.created = 5000;
    ASSERT_TRUE(ok(in_write(org_, [&](ReadWriteTransaction& tx) { return tx.insert_user(ann_); })));
  }

  Result<StatusInterval> open(const std::string& user, StatusKind kind) {
    return in_read(org_, [&](Reader& tx) { return tx.open_status(user, kind); });
  }

  OrgId org_, other_;
  User ann_;
};

TEST_P(PresenceTest, NewUsersAreOfflineAndOffQueueFromTheirCreation) {
  auto presence = open(ann_.id, StatusKind::presence);
  ASSERT_TRUE(ok(presence));
  EXPECT_EQ(*presence, (StatusInterval{ann_.id, StatusKind::presence, 5000, std::nullopt, "OFFLINE",
                                       std::string(offline_presence().id), ""}));
  auto routing = open(ann_.id, StatusKind::routing);
  ASSERT_TRUE(ok(routing));
  EXPECT_EQ(*routing, (StatusInterval{ann_.id, StatusKind::routing, 5000, std::nullopt, "", "", "OFF_QUEUE"}));

  User bob = sample_user("Bob", "bob@example.com");
  bob.created = 7000;
  ASSERT_TRUE(ok(in_write(org_, [&](ReadWriteTransaction& tx) { return tx.insert_users({bob}); })));
  auto batch = in_read(org_, [&](Reader& tx) {
    return tx.open_statuses(StatusKind::routing, {ann_.id, bob.id, "nobody"});
  });
  ASSERT_TRUE(ok(batch));
  ASSERT_EQ(batch->size(), 2u);
  for (const auto& s : *batch) {
    EXPECT_EQ(s.routing_status, "OFF_QUEUE");
    EXPECT_EQ(s.started, s.user_id == bob.id ? 7000 : 5000);
  }
  EXPECT_TRUE(failed(in_read(other_, [&](Reader& tx) { return tx.open_status(ann_.id, StatusKind::presence); }),
                     Errc::not_found));
}

TEST_P(PresenceTest, AChangeEndsTheOpenIntervalWhereTheNextStarts) {
  StatusInterval on_queue{ann_.id, StatusKind::presence, 6000, std::nullopt, "ON_QUEUE", "e08e", ""};
  ASSERT_TRUE(ok(in_write(org_, [&](ReadWriteTransaction& tx) { return tx.change_status(on_queue); })));
  auto now = open(ann_.id, StatusKind::presence);
  ASSERT_TRUE(ok(now));
  EXPECT_EQ(*now, on_queue);
  // The routing status is a history of its own.
  auto routing = open(ann_.id, StatusKind::routing);
  ASSERT_TRUE(ok(routing));
  EXPECT_EQ(routing->started, 5000);

  // A change at the same instant is allowed (an empty interval); one before
  // the open interval's start is refused and changes nothing.
  StatusInterval away{ann_.id, StatusKind::presence, 6000, std::nullopt, "AWAY", "5e5c", ""};
  ASSERT_TRUE(ok(in_write(org_, [&](ReadWriteTransaction& tx) { return tx.change_status(away); })));
  StatusInterval earlier{ann_.id, StatusKind::presence, 5999, std::nullopt, "BUSY", "31fe", ""};
  EXPECT_TRUE(failed(in_write(org_, [&](ReadWriteTransaction& tx) { return tx.change_status(earlier); }),
                     Errc::invalid_argument));
  now = open(ann_.id, StatusKind::presence);
  ASSERT_TRUE(ok(now));
  EXPECT_EQ(*now, away);

  StatusInterval nobody{"nobody", StatusKind::presence, 9000, std::nullopt, "AWAY", "5e5c", ""};
  EXPECT_TRUE(
      failed(in_write(org_, [&](ReadWriteTransaction& tx) { return tx.change_status(nobody); }), Errc::not_found));
  EXPECT_TRUE(
      failed(in_write(other_, [&](ReadWriteTransaction& tx) { return tx.change_status(away); }), Errc::not_found));
}

TEST_P(PresenceTest, DefinitionsAndNotesRoundTrip) {
  PresenceDefinition d;
  d.id = "def-1";
  d.system_presence = "BREAK";
  d.labels = {{"en_US", "Coffee"}, {"fr_FR", "Café"}};
  d.created_by = d.modified_by = "admin-1";
  d.created = d.modified = 1000;
  ASSERT_TRUE(ok(in_write(org_, [&](ReadWriteTransaction& tx) { return tx.insert_presence_definition(d); })));
  auto got = in_read(org_, [&](Reader& tx) { return tx.get_presence_definition("def-1"); });
  ASSERT_TRUE(ok(got));
  EXPECT_EQ(*got, d);

  PresenceDefinition changed = d;
  changed.labels = {{"en_US", "Tea"}};
  changed.deactivated = true;
  changed.deleted = true;
  changed.modified_by = "admin-2";
  changed.modified = 2000;
  ASSERT_TRUE(ok(in_write(org_, [&](ReadWriteTransaction& tx) { return tx.update_presence_definition(changed); })));
  auto all = in_read(org_, [](Reader& tx) { return tx.list_presence_definitions(); });
  ASSERT_TRUE(ok(all));
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ((*all)[0], changed);
  auto none = in_read(other_, [](Reader& tx) { return tx.list_presence_definitions(); });
  ASSERT_TRUE(ok(none));
  EXPECT_TRUE(none->empty());
  EXPECT_TRUE(failed(in_read(other_, [](Reader& tx) { return tx.get_presence_definition("def-1"); }), Errc::not_found));

  auto note = in_read(org_, [&](Reader& tx) { return tx.presence_note(ann_.id); });
  ASSERT_TRUE(ok(note));
  EXPECT_FALSE(note->has_value());
  ASSERT_TRUE(ok(in_write(org_, [&](ReadWriteTransaction& tx) {
    return tx.set_presence_note(ann_.id, {"back at 3", 8000});
  })));
  ASSERT_TRUE(ok(in_write(org_, [&](ReadWriteTransaction& tx) {
    return tx.set_presence_note(ann_.id, {"back at 4", 9000});
  })));
  note = in_read(org_, [&](Reader& tx) { return tx.presence_note(ann_.id); });
  ASSERT_TRUE(ok(note));
  ASSERT_TRUE(note->has_value());
  EXPECT_EQ(**note, (PresenceNote{"back at 4", 9000}));
  auto notes = in_read(org_, [&](Reader& tx) { return tx.presence_notes_of({ann_.id, "nobody"}); });
  ASSERT_TRUE(ok(notes));
  ASSERT_EQ(notes->size(), 1u);
  EXPECT_EQ((*notes)[0].first, ann_.id);
  EXPECT_EQ((*notes)[0].second, (PresenceNote{"back at 4", 9000}));
}

INSTANTIATE_TEST_SUITE_P(Drivers, PresenceTest, ::testing::ValuesIn(store_drivers()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace rp::store::test
