// Conformance: Workiva operations are kept per organization, updated in
// place (status, updated, details, attempts), and the unfinished ones that are
// due are found across organizations, oldest first.
#include "store/store_suite.h"

namespace rp::store::test {
namespace {

Operation sample_op(const std::string& id, Millis created) {
  return Operation{id,      "roles.assignment", "user-1", R"(["2"])", OperationStatus::queued, created,
                   created, "client-1",         "req-1",  ""};
}

TEST_P(StoreTest, OperationsAreKeptPerOrganizationAndUpdated) {
  OrgId org = make_org("One");
  OrgId other = make_org("Two");
  Operation op = sample_op("op-1", 1000);
  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) { return tx.insert_operation(op); })));
  auto got = in_read(org, [&](Reader& tx) { return tx.get_operation("op-1"); });
  ASSERT_TRUE(ok(got));
  EXPECT_EQ(got->roles_json, op.roles_json);
  EXPECT_EQ(got->status, store::OperationStatus::queued);
  EXPECT_EQ(got->request_id, "req-1");
  EXPECT_TRUE(failed(in_read(other, [&](Reader& tx) { return tx.get_operation("op-1"); }), Errc::not_found));
  EXPECT_TRUE(failed(in_read(org, [&](Reader& tx) { return tx.get_operation("absent"); }), Errc::not_found));

  op.status = OperationStatus::failed;
  op.updated = 2000;
  op.details = R"([{"code":"BadArgument","message":"m","target":"99"}])";
  op.attempts = 2;
  op.next_attempt = 5000;
  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) { return tx.update_operation(op); })));
  got = in_read(org, [&](Reader& tx) { return tx.get_operation("op-1"); });
  ASSERT_TRUE(ok(got));
  EXPECT_EQ(got->status, store::OperationStatus::failed);
  EXPECT_EQ(got->updated, 2000);
  EXPECT_EQ(got->created, 1000);
  EXPECT_EQ(got->details, op.details);
  EXPECT_EQ(got->attempts, 2);
  EXPECT_EQ(got->next_attempt, 5000);
  EXPECT_TRUE(
      failed(in_write(other, [&](ReadWriteTransaction& tx) { return tx.update_operation(op); }), Errc::not_found));
}

TEST_P(StoreTest, PendingOperationsAreFoundAcrossOrganizationsOldestFirst) {
  OrgId org = make_org("One");
  OrgId other = make_org("Two");
  Operation done = sample_op("op-done", 1);
  done.status = OperationStatus::completed;
  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) -> Result<void> {
    RP_CHECK(tx.insert_operation(done));
    return tx.insert_operation(sample_op("op-late", 30));
  })));
  ASSERT_TRUE(
      ok(in_write(other, [&](ReadWriteTransaction& tx) { return tx.insert_operation(sample_op("op-early", 20)); })));
  auto pending = store().pending_operations(10, 100);
  ASSERT_TRUE(ok(pending));
  ASSERT_EQ(pending->size(), 2u);
  EXPECT_EQ((*pending)[0].first, other);
  EXPECT_EQ((*pending)[0].second.id, "op-early");
  EXPECT_EQ((*pending)[1].first, org);
  EXPECT_EQ((*pending)[1].second.id, "op-late");
  auto one = store().pending_operations(1, 100);
  ASSERT_TRUE(ok(one));
  EXPECT_EQ(one->size(), 1u);
}

TEST_P(StoreTest, PendingOperationsWaitForTheirNextAttempt) {
  OrgId org = make_org("One");
  Operation later = sample_op("op-later", 10);
  later.next_attempt = 500;
  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) -> Result<void> {
    RP_CHECK(tx.insert_operation(later));
    return tx.insert_operation(sample_op("op-now", 20));
  })));
  auto early = store().pending_operations(10, 499);
  ASSERT_TRUE(ok(early));
  ASSERT_EQ(early->size(), 1u);
  EXPECT_EQ((*early)[0].second.id, "op-now");
  auto due = store().pending_operations(10, 500);
  ASSERT_TRUE(ok(due));
  ASSERT_EQ(due->size(), 2u);
  EXPECT_EQ((*due)[0].second.id, "op-later");
}

}  // namespace
}  // namespace rp::store::test
