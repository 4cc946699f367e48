// Conformance: the history scan answers the intervals overlapping [from,
// to) (open ones included, those touching an edge left out), by user, kind
// (presence first) and start; narrowed by kind, users and the users'
// divisions; deleted users' history included, another organization's never.
#include "store/store_suite.h"

namespace rp::store::test {
namespace {

struct Seen {
  std::string user;
  StatusKind kind;
  Millis started;
  std::optional<Millis> ended;
  std::string state;  // system presence or routing status
  bool operator==(const Seen&) const = default;
};

class HistoryTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    org_ = make_org("One");
    other_ = make_org("Two");
    // Ids chosen so that the scan's order (by user id) is ann, bob.
    ann_ = sample_user("Ann", "ann@example.com");
    ann_.id = "a0000000-0000-4000-8000-000000000001";
    ann_.division_id = "div-a";
    ann_.created = 1000;
    bob_ = sample_user("Bob", "bob@example.com");
    bob_.id = "b0000000-0000-4000-8000-000000000002";
    bob_.division_id = "div-b";
    bob_.created = 1500;
    ASSERT_TRUE(ok(in_write(org_, [&](ReadWriteTransaction& tx) { return tx.insert_users({bob_, ann_}); })));
    // Ann: Offline [1000, 2000), Available [2000, 3000), On Queue [3000, open);
    // routing OFF_QUEUE [1000, 3000), IDLE [3000, open).
    change(ann_.id, StatusKind::presence, 2000, "AVAILABLE");
    change(ann_.id, StatusKind::presence, 3000, "ON_QUEUE");
    change(ann_.id, StatusKind::routing, 3000, "IDLE");
    // Bob: Offline [1500, 2500), Away [2500, open); routing OFF_QUEUE [1500, open).
    change(bob_.id, StatusKind::presence, 2500, "AWAY");
    User other_user = sample_user("Eve", "eve@example.com");
    other_user.created = 1000;
    ASSERT_TRUE(ok(in_write(other_, [&](ReadWriteTransaction& tx) { return tx.insert_user(other_user); })));
  }

  void change(const std::string& user, StatusKind kind, Millis at, const std::string& state) {
    StatusInterval next{user, kind, at, std::nullopt, "", "", ""};
    if (kind == StatusKind::presence) {
      next.system_presence = state;
      next.presence_id = "def-" + state;
    } else {
      next.routing_status = state;
    }
    ASSERT_TRUE(ok(in_write(org_, [&](ReadWriteTransaction& tx) { return tx.change_status(next); })));
  }

  std::vector<Seen> scan(const OrgId& org, const HistoryScan& q) {
    std::vector<Seen> out;
    auto r = in_read(org, [&](Reader& tx) {
      return tx.scan_history(q, [&](const HistoryRow& row) -> Result<void> {
        out.push_back({std::string(row.user_id), row.kind, row.started, row.ended,
                       std::string(row.kind == StatusKind::presence ? row.system_presence : row.routing_status)});
        return {};
      });
    });
    EXPECT_TRUE(ok(r));
    return out;
  }

  OrgId org_, other_;
  User ann_, bob_;
};

constexpr auto P = StatusKind::presence;
constexpr auto R = StatusKind::routing;

TEST_P(HistoryTest, OverlappingIntervalsInOrder) {
  auto all = scan(org_, {0, 10000});
  const std::string a = ann_.id, b = bob_.id;
  EXPECT_EQ(all, (std::vector<Seen>{
                     {a, P, 1000, 2000, "OFFLINE"},
                     {a, P, 2000, 3000, "AVAILABLE"},
                     {a, P, 3000, std::nullopt, "ON_QUEUE"},
                     {a, R, 1000, 3000, "OFF_QUEUE"},
                     {a, R, 3000, std::nullopt, "IDLE"},
                     {b, P, 1500, 2500, "OFFLINE"},
                     {b, P, 2500, std::nullopt, "AWAY"},
                     {b, R, 1500, std::nullopt, "OFF_QUEUE"},
                 }));
  // [2000, 2500): intervals ending at 2000 or starting at 2500 do not overlap.
  EXPECT_EQ(scan(org_, {2000, 2500, P}), (std::vector<Seen>{
                                             {a, P, 2000, 3000, "AVAILABLE"},
                                             {b, P, 1500, 2500, "OFFLINE"},
                                         }));
  // Before anyone existed, nothing.
  EXPECT_TRUE(scan(org_, {0, 1000}).empty());
  // Open intervals reach any later instant.
  EXPECT_EQ(scan(org_, {50000, 60000, R}), (std::vector<Seen>{
                                               {a, R, 3000, std::nullopt, "IDLE"},
                                               {b, R, 1500, std::nullopt, "OFF_QUEUE"},
                                           }));
}

TEST_P(HistoryTest, NarrowedByUsersAndDivisions) {
  const std::string a = ann_.id, b = bob_.id;
  HistoryScan only_bob{0, 10000, R, std::vector<std::string>{b, "nobody"}, std::nullopt};
  EXPECT_EQ(scan(org_, only_bob), (std::vector<Seen>{{b, R, 1500, std::nullopt, "OFF_QUEUE"}}));
  HistoryScan div_a{0, 10000, R, std::nullopt, std::vector<std::string>{"div-a"}};
  EXPECT_EQ(scan(org_, div_a),
            (std::vector<Seen>{{a, R, 1000, 3000, "OFF_QUEUE"}, {a, R, 3000, std::nullopt, "IDLE"}}));
  HistoryScan bob_in_a{0, 10000, R, std::vector<std::string>{b}, std::vector<std::string>{"div-a"}};
  EXPECT_TRUE(scan(org_, bob_in_a).empty());
  HistoryScan no_division{0, 10000, std::nullopt, std::nullopt, std::vector<std::string>{}};
  EXPECT_TRUE(scan(org_, no_division).empty());
}

TEST_P(HistoryTest, DeletedUsersKeepTheirHistoryOtherOrganizationsSeeNone) {
  User gone = ann_;
  gone.state = UserState::deleted;
  gone.version = ann_.version + 1;
  ASSERT_TRUE(ok(in_write(org_, [&](ReadWriteTransaction& tx) { return tx.update_user(gone, ann_.version); })));
  auto all = scan(org_, {0, 10000, P, std::vector<std::string>{ann_.id}, std::nullopt});
  EXPECT_EQ(all.size(), 3u);
  auto theirs = scan(other_, {0, 10000, std::nullopt, std::vector<std::string>{ann_.id, bob_.id}, std::nullopt});
  EXPECT_TRUE(theirs.empty());
  EXPECT_EQ(scan(other_, {0, 10000}).size(), 2u);  // their own user's two open intervals
}

TEST_P(HistoryTest, TheVisitorsErrorEndsTheScan) {
  int rows = 0;
  auto r = in_read(org_, [&](Reader& tx) {
    return tx.scan_history({0, 10000}, [&](const HistoryRow&) -> Result<void> {
      if (++rows == 2) return fail(Errc::unavailable, "enough");
      return {};
    });
  });
  EXPECT_TRUE(failed(r, Errc::unavailable));
  EXPECT_EQ(rows, 2);
}

INSTANTIATE_TEST_SUITE_P(Drivers, HistoryTest, ::testing::ValuesIn(store_drivers()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace rp::store::test
