// UserService::bulk_patch: no version needed, each entry on its own with its
// own result, and whole-request validation before anything is written.
#include <gtest/gtest.h>

#include "core/ids.h"
#include "service/users/users.h"
#include "unit/service/service_fixture.h"

namespace rp::service {
namespace {

using UserBulkTest = ServiceTest;

std::string new_user(UserService& users, const Caller& caller, const std::string& email) {
  NewUser u;
  u.name = "Bulk " + email;
  u.email = email;
  auto view = users.create(caller, u, kAddUser);
  EXPECT_TRUE(view) << view.error().message;
  return view ? view->user.id : std::string();
}

TEST_F(UserBulkTest, AppliesEachEntryWithoutAVersion) {
  auto a = new_user(*users_, admin_, "a@example.com");
  auto b = new_user(*users_, admin_, "b@example.com");
  const std::string unknown = new_uuid();
  auto result = users_->bulk_patch(admin_, {{a, true}, {unknown, true}, {b, false}}, kEditUser);
  ASSERT_TRUE(result) << result.error().message;
  ASSERT_EQ(result->updated.size(), 2u);
  EXPECT_EQ(result->updated[0].user.id, a);
  EXPECT_TRUE(result->updated[0].user.acd_auto_answer);
  EXPECT_EQ(result->updated[0].user.version, 2);
  EXPECT_EQ(result->updated[1].user.id, b);
  EXPECT_FALSE(result->updated[1].user.acd_auto_answer);
  EXPECT_EQ(result->updated[1].user.version, 2);
  ASSERT_EQ(result->failures.size(), 1u);
  EXPECT_EQ(result->failures[0].id, unknown);
  EXPECT_EQ(result->failures[0].index, 1u);
  EXPECT_EQ(result->failures[0].error.code, Errc::not_found);

  auto stored = users_->get(admin_, a);
  ASSERT_TRUE(stored);
  EXPECT_TRUE(stored->user.acd_auto_answer);
  auto records = audit(admin_.org);
  ASSERT_FALSE(records.empty());
  EXPECT_EQ(records.front().action, "user.update");
  EXPECT_EQ(records.front().entity_id, b);
  // The single update still requires a version.
  UserPatch p;
  p.acd_auto_answer = false;
  auto versionless = users_->update(admin_, a, p, kEditUser);
  ASSERT_FALSE(versionless);
  EXPECT_EQ(versionless.error().field, "version");
}

TEST_F(UserBulkTest, BadRequestsWriteNothing) {
  auto a = new_user(*users_, admin_, "whole@example.com");
  std::vector<BulkUserPatch> too_many{{a, true}};
  for (std::size_t i = 0; i < kMaxBulkUserPatch; ++i) too_many.push_back({new_uuid(), true});
  const std::vector<std::pair<std::vector<BulkUserPatch>, std::string>> cases{
      {{}, "body"},
      {too_many, "body"},
      {{{a, true}, {"", true}}, "body[1].id"},
      {{{a, true}, {a, false}}, "body[1].id"},
  };
  for (const auto& [entries, field] : cases) {
    auto r = users_->bulk_patch(admin_, entries, kEditUser);
    ASSERT_FALSE(r) << field;
    EXPECT_EQ(r.error().code, Errc::invalid_argument) << field;
    EXPECT_EQ(r.error().field, field);
  }
  auto stored = users_->get(admin_, a);
  ASSERT_TRUE(stored);
  EXPECT_FALSE(stored->user.acd_auto_answer);
  EXPECT_EQ(stored->user.version, 1);
}

}  // namespace
}  // namespace rp::service
