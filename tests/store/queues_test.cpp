// Conformance: routing queues are kept per organization with names unique
// ignoring case; listings filter by name (exact or with '*' at either end),
// ids and divisions and page in name order; members start unjoined, are
// read per queue (by user name) and per user (by queue name), are counted
// without deleted users yet kept for them, and go with a deleted queue.
#include "core/reasons.h"
#include "store/store_suite.h"

namespace rp::store::test {
namespace {

Queue sample_queue(const std::string& id, const std::string& name, const std::string& division) {
  Queue q;
  q.id = id;
  q.name = name;
  q.division_id = division;
  q.description = "about " + name;
  q.config = R"({"skillEvaluationMethod":"BEST"})";
  q.created_by = "creator";
  q.modified_by = "creator";
  q.created = 1000;
  q.modified = 2000;
  return q;
}

class QueuesTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    org_ = make_org("One");
    other_ = make_org("Two");
    auto org = in_read(org_, [](Reader& tx) { return tx.organization(); });
    ASSERT_TRUE(ok(org));
    home_ = org->home_division_id;
    elsewhere_ = sample_division("Elsewhere");
    ann_ = sample_user("Ann", "ann@example.com");
    bob_ = sample_user("bob", "bob@example.com");
    ASSERT_TRUE(ok(in_write(org_, [&](ReadWriteTransaction& tx) -> Result<void> {
      RP_CHECK(tx.insert_division(elsewhere_));
      RP_CHECK(tx.insert_user(ann_));
      return tx.insert_user(bob_);
    })));
  }

  Result<void> write(const std::function<Result<void>(ReadWriteTransaction&)>& f) { return in_write(org_, f); }
  std::vector<std::string> listed(const QueueQuery& q) {
    auto page = in_read(org_, [&](Reader& tx) { return tx.list_queues(q); });
    EXPECT_TRUE(ok(page));
    std::vector<std::string> out;
    if (page)
      for (const auto& queue : page->items) out.push_back(queue.id);
    return out;
  }
  Queue queue(const std::string& id) {
    auto got = in_read(org_, [&](Reader& tx) { return tx.get_queue(id); });
    EXPECT_TRUE(ok(got));
    return got ? *got : Queue{};
  }

  OrgId org_, other_;
  std::string home_;
  Division elsewhere_;
  User ann_, bob_;
};

TEST_P(QueuesTest, QueuesRoundTripPerOrganizationWithUniqueNames) {
  auto support = sample_queue("q-1", "Support", home_);
  ASSERT_TRUE(ok(write([&](ReadWriteTransaction& tx) { return tx.insert_queue(support); })));
  EXPECT_EQ(queue("q-1"), support);
  EXPECT_TRUE(failed(in_read(other_, [](Reader& tx) { return tx.get_queue("q-1"); }), Errc::not_found));

  auto twin = sample_queue("q-2", "SUPPORT", home_);
  auto dup = write([&](ReadWriteTransaction& tx) { return tx.insert_queue(twin); });
  ASSERT_TRUE(failed(dup, Errc::conflict));
  EXPECT_EQ(dup.error().reason, reason::duplicate);
  // Another organization may use the name.
  EXPECT_TRUE(ok(in_write(other_, [&](ReadWriteTransaction& tx) { return tx.insert_queue(twin); })));

  support.name = "Support desk";
  support.division_id = elsewhere_.id;
  support.description = "";
  support.config = "{}";
  support.modified_by = "editor";
  support.modified = 3000;
  Queue changed = support;
  changed.created_by = "ignored";
  changed.created = 1;
  ASSERT_TRUE(ok(write([&](ReadWriteTransaction& tx) { return tx.update_queue(changed); })));
  EXPECT_EQ(queue("q-1"), support);
  auto ghost = sample_queue("q-9", "Ghost", home_);
  EXPECT_TRUE(failed(write([&](ReadWriteTransaction& tx) { return tx.update_queue(ghost); }), Errc::not_found));
}

TEST_P(QueuesTest, ListingsFilterByNameIdsAndDivisionsInNameOrder) {
  ASSERT_TRUE(ok(write([&](ReadWriteTransaction& tx) -> Result<void> {
    RP_CHECK(tx.insert_queue(sample_queue("q-a", "Billing desk", home_)));
    RP_CHECK(tx.insert_queue(sample_queue("q-b", "billing", elsewhere_.id)));
    RP_CHECK(tx.insert_queue(sample_queue("q-c", "Desk of sales", home_)));
    return tx.insert_queue(sample_queue("q-d", "Returns", elsewhere_.id));
  })));
  QueueQuery q;
  EXPECT_EQ(listed(q), (std::vector<std::string>{"q-b", "q-a", "q-c", "q-d"}));
  q.descending = true;
  EXPECT_EQ(listed(q), (std::vector<std::string>{"q-d", "q-c", "q-a", "q-b"}));
  q = {};
  q.name = "BILLING";
  EXPECT_EQ(listed(q), (std::vector<std::string>{"q-b"}));
  q.name = "billing*";
  EXPECT_EQ(listed(q), (std::vector<std::string>{"q-b", "q-a"}));
  q.name = "*desk";
  EXPECT_EQ(listed(q), (std::vector<std::string>{"q-a"}));
  q.name = "*DESK*";
  EXPECT_EQ(listed(q), (std::vector<std::string>{"q-a", "q-c"}));
  q = {};
  q.ids = {"q-d", "q-a", "nope"};
  EXPECT_EQ(listed(q), (std::vector<std::string>{"q-a", "q-d"}));
  q = {};
  q.divisions = std::vector<std::string>{elsewhere_.id};
  EXPECT_EQ(listed(q), (std::vector<std::string>{"q-b", "q-d"}));
  q.divisions = std::vector<std::string>{};
  EXPECT_TRUE(listed(q).empty());
  q = {};
  q.page.page_size = 3;
  q.page.page_number = 2;
  EXPECT_EQ(listed(q), (std::vector<std::string>{"q-d"}));
  auto page = in_read(org_, [&](Reader& tx) { return tx.list_queues(q); });
  ASSERT_TRUE(ok(page));
  EXPECT_EQ(page->total, 4);
}

TEST_P(QueuesTest, MembersStartUnjoinedAndAreCountedWithoutDeletedUsers) {
  ASSERT_TRUE(ok(write([&](ReadWriteTransaction& tx) -> Result<void> {
    RP_CHECK(tx.insert_queue(sample_queue("q-1", "Support", home_)));
    RP_CHECK(tx.insert_queue(sample_queue("q-2", "Billing", home_)));
    RP_CHECK(tx.add_queue_members("q-1", {bob_.id, ann_.id}));
    return tx.add_queue_members("q-2", {ann_.id});
  })));
  auto members = in_read(org_, [](Reader& tx) { return tx.queue_members("q-1"); });
  ASSERT_TRUE(ok(members));
  ASSERT_EQ(members->size(), 2u);
  EXPECT_EQ((*members)[0], (QueueMember{"q-1", ann_.id, false, 1}));  // by name ignoring case
  EXPECT_EQ((*members)[1], (QueueMember{"q-1", bob_.id, false, 1}));
  EXPECT_EQ(queue("q-1").member_count, 2);
  EXPECT_EQ(queue("q-1").joined_count, 0);

  // Joining, ring numbers, and adding again changes nothing.
  ASSERT_TRUE(ok(write([&](ReadWriteTransaction& tx) -> Result<void> {
    RP_CHECK(tx.update_queue_member({"q-1", ann_.id, true, 3}));
    return tx.add_queue_members("q-1", {ann_.id});
  })));
  auto mine = in_read(org_, [&](Reader& tx) { return tx.user_memberships(ann_.id); });
  ASSERT_TRUE(ok(mine));
  EXPECT_EQ(*mine, (std::vector<QueueMember>{{"q-2", ann_.id, false, 1}, {"q-1", ann_.id, true, 3}}));
  EXPECT_EQ(queue("q-1").joined_count, 1);
  EXPECT_TRUE(failed(write([&](ReadWriteTransaction& tx) {
                       return tx.update_queue_member({"q-2", bob_.id, true, 1});
                     }),
                     Errc::not_found));
  // Only users of the organization can be members.
  EXPECT_TRUE(
      failed(write([&](ReadWriteTransaction& tx) { return tx.add_queue_members("q-1", {"nobody"}); }), Errc::conflict));

  // A deleted user is neither read nor counted, and comes back restored.
  auto read_ann = [&] { return *in_read(org_, [&](Reader& tx) { return tx.get_user(ann_.id); }); };
  User gone = read_ann();
  gone.state = UserState::deleted;
  ASSERT_TRUE(ok(write([&](ReadWriteTransaction& tx) { return tx.update_user(gone, gone.version); })));
  EXPECT_EQ(queue("q-1").member_count, 1);
  EXPECT_EQ(queue("q-1").joined_count, 0);
  mine = in_read(org_, [&](Reader& tx) { return tx.user_memberships(ann_.id); });
  ASSERT_TRUE(ok(mine));
  EXPECT_TRUE(mine->empty());
  User back = read_ann();
  back.state = UserState::active;
  ASSERT_TRUE(ok(write([&](ReadWriteTransaction& tx) { return tx.update_user(back, back.version); })));
  EXPECT_EQ(queue("q-1").joined_count, 1);

  ASSERT_TRUE(ok(write([&](ReadWriteTransaction& tx) { return tx.remove_queue_members("q-1", {ann_.id, "x"}); })));
  EXPECT_EQ(queue("q-1").member_count, 1);
  // Deleting a queue takes its members with it.
  ASSERT_TRUE(ok(write([&](ReadWriteTransaction& tx) { return tx.delete_queue("q-2"); })));
  mine = in_read(org_, [&](Reader& tx) { return tx.user_memberships(ann_.id); });
  ASSERT_TRUE(ok(mine));
  EXPECT_TRUE(mine->empty());
  EXPECT_TRUE(failed(write([&](ReadWriteTransaction& tx) { return tx.delete_queue("q-2"); }), Errc::not_found));
}

INSTANTIATE_TEST_SUITE_P(Drivers, QueuesTest, ::testing::ValuesIn(store_drivers()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace rp::store::test
