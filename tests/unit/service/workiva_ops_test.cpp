// The Workiva operations: accepted with their audit record, run once
// (running a finished operation again changes nothing), all-or-nothing, and
// the worker's wake-up hook.
#include "service/workiva_ops.h"
#include "service_fixture.h"

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
    auto u = users_->create(admin_, NewUser{.name = "U " + email, .email = email});
    EXPECT_TRUE(u);
    return u ? u->user.id : "";
  }
  // Audit actions about `entity`, oldest first.
  std::vector<std::string> audit_of(const std::string& entity) {
    std::vector<std::string> out;
    EXPECT_TRUE(store_->read(admin_.org, [&](store::OrgTx& tx) -> Result<void> {
      auto page = RP_TRY(tx.list_audit(PageRequest{1000, 1}));
      for (auto it = page.items.rbegin(); it != page.items.rend(); ++it)
        if (it->entity_id == entity) out.push_back(it->action);
      return {};
    }));
    return out;
  }
  std::size_t grants_of(const std::string& user) {
    std::size_t n = 0;
    EXPECT_TRUE(store_->read(admin_.org, [&](store::OrgTx& tx) -> Result<void> {
      n = RP_TRY(tx.grants_of(user)).size();
      return {};
    }));
    return n;
  }
  std::unique_ptr<OperationService> ops_;
};

TEST_F(WorkivaOpsTest, AnOperationTakesEffectOnce) {
  int woken = 0;
  ops_->on_enqueue([&] { ++woken; });
  auto user = new_user("once@example.com");
  auto op = ops_->accept(admin_, kRolesAssignment, user, {"2", "3"});
  ASSERT_TRUE(op) << op.error().message;
  EXPECT_EQ(op->status, "queued");
  EXPECT_EQ(woken, 1);
  EXPECT_EQ(audit_of(op->id), (std::vector<std::string>{"operation.accept"}));
  auto pending = ops_->pending(10);
  ASSERT_TRUE(pending);
  ASSERT_EQ(pending->size(), 1u);

  auto done = ops_->run(admin_.org, op->id);
  ASSERT_TRUE(done) << done.error().message;
  EXPECT_EQ(done->status, "completed");
  std::size_t granted = grants_of(user);
  auto again = ops_->run(admin_.org, op->id);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, "completed");
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
  EXPECT_EQ(done->status, "failed");
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
