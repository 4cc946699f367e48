// The Workiva operations: accepted with their audit record, run once
// (running a finished operation again changes nothing), all-or-nothing, and
// the worker's wake-up hook.
#include "service/operations/workiva_ops.h"

#include "api/db_query.h"
#include "unit/service/service_fixture.h"

namespace rp::service {
namespace {

class WorkivaOpsTest : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    ops_ = std::make_unique<OperationService>(*store_, *access_, clock_);
  }
  void TearDown() override {
    ops_.reset();
    ServiceTest::TearDown();
  }
  std::string new_user(const std::string& email) {
    auto u = users_->create(admin_, NewUser{.name = "U " + email, .email = email}, kAddUser);
    EXPECT_TRUE(u);
    return u ? u->user.id : "";
  }
  // Audit actions about `entity`, oldest first.
  std::vector<std::string> audit_of(const std::string& entity) {
    std::vector<std::string> out;
    EXPECT_TRUE(store_->read(admin_.org, [&](store::Reader& tx) -> Result<void> {
      auto page = RP_TRY(tx.list_audit(PageRequest{1000, 1}));
      for (auto it = page.items.rbegin(); it != page.items.rend(); ++it)
        if (it->entity_id == entity) out.push_back(it->action);
      return {};
    }));
    return out;
  }
  std::size_t grants_of(const std::string& user) {
    std::size_t n = 0;
    EXPECT_TRUE(store_->read(admin_.org, [&](store::Reader& tx) -> Result<void> {
      n = RP_TRY(tx.grants_of(user)).size();
      return {};
    }));
    return n;
  }
  std::string db() const { return dir_ + "/rp.db"; }
  // Every grant written for `user` now fails in the store (a trigger).
  void break_grants_of(const std::string& user) {
    ASSERT_EQ(test::execute(db(), "CREATE TRIGGER stuck_grants BEFORE INSERT ON grants WHEN NEW.subject_id = '" + user +
                                      "' BEGIN SELECT RAISE(ABORT, 'injected failure'); END"),
              "");
  }
  std::vector<std::string> pending_ids() {
    std::vector<std::string> out;
    auto p = ops_->pending(100);
    EXPECT_TRUE(p);
    if (p)
      for (const auto& [org, op] : *p) out.push_back(op.id);
    return out;
  }
  std::unique_ptr<OperationService> ops_;
};

// A storage error while accepting is internal, not "no such user".
TEST_F(WorkivaOpsTest, AStorageFailureWhileAcceptingIsInternal) {
  auto user = new_user("stored@example.com");
  ASSERT_EQ(test::execute(db(), "ALTER TABLE user_contacts RENAME TO user_contacts_away"), "");
  auto op = ops_->accept(admin_, kRolesAssignment, user, {"2"});
  ASSERT_FALSE(op);
  EXPECT_EQ(op.error().code, Errc::internal);
  ASSERT_EQ(test::execute(db(), "ALTER TABLE user_contacts_away RENAME TO user_contacts"), "");
  EXPECT_TRUE(ops_->accept(admin_, kRolesAssignment, user, {"2"}));
}

// An operation whose transaction keeps failing is put back with a growing
// delay while the ones behind it run, and fails (once, with details) after
// kMaxOperationAttempts attempts.
TEST_F(WorkivaOpsTest, AStuckOperationIsRetriedLaterThenFailsOnce) {
  auto stuck_user = new_user("stuck@example.com");
  auto other_user = new_user("other@example.com");
  break_grants_of(stuck_user);
  std::size_t before = grants_of(stuck_user);
  auto stuck = ops_->accept(admin_, kRolesAssignment, stuck_user, {"2"});
  clock_.advance(1);
  auto other = ops_->accept(admin_, kRolesAssignment, other_user, {"3"});
  ASSERT_TRUE(stuck && other);
  EXPECT_EQ(pending_ids(), (std::vector<std::string>{stuck->id, other->id}));

  EXPECT_FALSE(ops_->run(admin_.org, stuck->id));
  EXPECT_EQ(pending_ids(), (std::vector<std::string>{other->id}));
  auto done = ops_->run(admin_.org, other->id);
  ASSERT_TRUE(done) << done.error().message;
  EXPECT_EQ(done->status, store::OperationStatus::completed);
  EXPECT_TRUE(pending_ids().empty());

  auto waited = ops_->get(admin_, stuck->id);
  ASSERT_TRUE(waited);
  EXPECT_EQ(waited->status, store::OperationStatus::queued);
  EXPECT_EQ(waited->attempts, 1);
  EXPECT_EQ(waited->next_attempt, clock_.now() + operation_backoff(1));
  for (int attempt = 2; attempt <= kMaxOperationAttempts; ++attempt) {
    clock_.advance(operation_backoff(attempt - 1) - 1);
    EXPECT_TRUE(pending_ids().empty()) << "attempt " << attempt;
    clock_.advance(1);
    ASSERT_EQ(pending_ids(), (std::vector<std::string>{stuck->id})) << "attempt " << attempt;
    EXPECT_FALSE(ops_->run(admin_.org, stuck->id));
  }
  auto failed = ops_->get(admin_, stuck->id);
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->status, store::OperationStatus::failed);
  EXPECT_EQ(failed->attempts, kMaxOperationAttempts);
  EXPECT_NE(failed->details.find("\"code\":\"InternalError\""), std::string::npos) << failed->details;
  EXPECT_TRUE(pending_ids().empty());
  EXPECT_EQ(grants_of(stuck_user), before);
  auto again = ops_->run(admin_.org, stuck->id);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, store::OperationStatus::failed);
  std::vector<std::string> want{"operation.accept"};
  for (int i = 1; i < kMaxOperationAttempts; ++i) want.push_back("operation.retry");
  want.push_back("operation.fail");
  EXPECT_EQ(audit_of(stuck->id), want);
}

TEST(WorkivaBackoff, DoublesUpToAMinute) {
  EXPECT_EQ(operation_backoff(1), 1000);
  EXPECT_EQ(operation_backoff(2), 2000);
  EXPECT_EQ(operation_backoff(3), 4000);
  EXPECT_EQ(operation_backoff(30), 60000);
}

TEST_F(WorkivaOpsTest, AnOperationTakesEffectOnce) {
  int woken = 0;
  ops_->on_enqueue([&] { ++woken; });
  auto user = new_user("once@example.com");
  auto op = ops_->accept(admin_, kRolesAssignment, user, {"2", "3"});
  ASSERT_TRUE(op) << op.error().message;
  EXPECT_EQ(op->status, store::OperationStatus::queued);
  EXPECT_EQ(woken, 1);
  EXPECT_EQ(audit_of(op->id), (std::vector<std::string>{"operation.accept"}));
  auto pending = ops_->pending(10);
  ASSERT_TRUE(pending);
  ASSERT_EQ(pending->size(), 1u);

  auto done = ops_->run(admin_.org, op->id);
  ASSERT_TRUE(done) << done.error().message;
  EXPECT_EQ(done->status, store::OperationStatus::completed);
  std::size_t granted = grants_of(user);
  auto again = ops_->run(admin_.org, op->id);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, store::OperationStatus::completed);
  EXPECT_EQ(grants_of(user), granted);
  EXPECT_EQ(audit_of(op->id), (std::vector<std::string>{"operation.accept", "operation.complete"}));
  EXPECT_TRUE(ops_->pending(10)->empty());
}

TEST_F(WorkivaOpsTest, AFailingRoleLeavesEveryGrantAsItWas) {
  auto user = new_user("none@example.com");
  std::size_t before = grants_of(user);
  auto op = ops_->accept(admin_, kRolesAssignment, user, {"2", "7"});
  ASSERT_TRUE(op);
  auto done = ops_->run(admin_.org, op->id);
  ASSERT_TRUE(done);
  EXPECT_EQ(done->status, store::OperationStatus::failed);
  EXPECT_NE(done->details.find("\"target\":\"7\""), std::string::npos) << done->details;
  EXPECT_EQ(grants_of(user), before);
  EXPECT_EQ(audit_of(op->id), (std::vector<std::string>{"operation.accept", "operation.fail"}));
}

TEST_F(WorkivaOpsTest, RequestsAreCheckedWhenAccepted) {
  auto user = new_user("checked@example.com");
  EXPECT_EQ(ops_->accept(admin_, kRolesAssignment, user, {}).error().code, Errc::invalid_argument);
  EXPECT_EQ(ops_->accept(admin_, kRolesAssignment, user, {"two"}).error().code, Errc::invalid_argument);
  EXPECT_EQ(ops_->accept(admin_, kRolesRevocation, "no-such-user", {"2"}).error().code, Errc::not_found);
  EXPECT_EQ(ops_->get(admin_, "no-such-operation").error().code, Errc::not_found);
  EXPECT_TRUE(ops_->pending(10)->empty());
}

TEST(WorkivaRoleIds, ShortIdsNameTheOrganizationRoles) {
  EXPECT_EQ(workiva_role_id("ORG_OWNER"), "1");
  EXPECT_EQ(workiva_role_id("ORG_READ_ONLY"), "6");
  EXPECT_EQ(workiva_role_id("employee"), "");
  EXPECT_EQ(org_role_of_workiva_id("2"), "ORG_MEMBER");
  EXPECT_EQ(org_role_of_workiva_id("7"), "");
}

}  // namespace
}  // namespace rp::service
