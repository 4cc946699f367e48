// The operations worker moves past an operation whose transaction fails: the
// operations behind it run while it waits for its next attempt.
#include "app/operations_worker.h"

#include <chrono>
#include <thread>

#include "api/db_query.h"
#include "unit/service/service_fixture.h"

namespace rp::app {
namespace {

class OperationsWorkerTest : public service::ServiceTest {
 protected:
  std::string new_user(const std::string& email) {
    auto u = users_->create(admin_, service::NewUser{.name = "U " + email, .email = email}, service::kAddUser);
    EXPECT_TRUE(u);
    return u ? u->user.id : "";
  }
  // The operation's status once it is finished, or its last status after ~30 s.
  std::string finished(service::OperationService& ops, const std::string& id) {
    std::string status;
    for (int i = 0; i < 600; ++i) {
      auto op = ops.get(admin_, id);
      if (!op) return op.error().message;
      status = store::to_string(op->status);
      if (status == "completed" || status == "failed") break;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return status;
  }
};

TEST_F(OperationsWorkerTest, AStuckOperationDoesNotBlockTheOnesBehindIt) {
  service::OperationService ops(*store_, *access_, clock_);
  auto stuck_user = new_user("stuck@example.com");
  auto other_user = new_user("other@example.com");
  ASSERT_EQ(
      test::execute(dir_ + "/rp.db", "CREATE TRIGGER stuck_grants BEFORE INSERT ON grants WHEN NEW.subject_id = '" +
                                         stuck_user + "' BEGIN SELECT RAISE(ABORT, 'injected failure'); END"),
      "");
  auto stuck = ops.accept(admin_, service::kRolesAssignment, stuck_user, {"2"});
  clock_.advance(1);  // the stuck operation is older, so the worker meets it first
  auto other = ops.accept(admin_, service::kRolesAssignment, other_user, {"3"});
  ASSERT_TRUE(stuck && other);
  OperationsWorker worker(ops);
  worker.start();
  EXPECT_EQ(finished(ops, other->id), "completed");
  worker.stop();
  auto waiting = ops.get(admin_, stuck->id);
  ASSERT_TRUE(waiting);
  EXPECT_EQ(waiting->status, store::OperationStatus::queued);
  EXPECT_GE(waiting->attempts, 1);
}

}  // namespace
}  // namespace rp::app
