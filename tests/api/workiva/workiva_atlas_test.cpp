// One core behind two dialects: organization roles assigned or revoked
// through Workiva operations show in the Atlas user, and roles set through
// Atlas show in Workiva's list of the user's roles.
#include <algorithm>

#include "api/atlas/atlas_api.h"
#include "api/workiva/workiva_api.h"

namespace rp::test {
namespace {

class WorkivaAtlasTest : public AtlasApiTest {
 protected:
  std::string org() { return server().org().organization_id; }
  // The user's orgRoles as Atlas answers GET .../users/{userId} (OrgUserResponse).
  std::vector<std::string> atlas_roles(const std::string& atlas_id) {
    auto roles = org_roles(atlas_user(atlas_id));
    std::sort(roles.begin(), roles.end());
    return roles;
  }
  std::string run_operation(const std::string& user, std::string_view what, std::string_view body) {
    auto res = http().post_json(workiva_roles_path(org(), user, what), body, admin());
    EXPECT_TRUE(has_status(res, 202));
    return str(await_operation(http(), operation_path(res), admin()), "status");
  }
};

TEST_F(WorkivaAtlasTest, RolesAssignedThroughWorkivaShowInAtlas) {
  auto user = str(create_user("Wes Both", "wes@example.com"), "id");
  std::string atlas_id = atlas_user_id("wes@example.com");
  ASSERT_FALSE(atlas_id.empty());
  auto before = atlas_roles(atlas_id);
  EXPECT_FALSE(std::ranges::count(before, "ORG_BILLING_ADMIN") || std::ranges::count(before, "ORG_READ_ONLY"));

  ASSERT_EQ(run_operation(user, "assignment", R"(["4","6"])"), "completed");
  auto assigned = atlas_roles(atlas_id);
  EXPECT_EQ(std::ranges::count(assigned, "ORG_BILLING_ADMIN"), 1);
  EXPECT_EQ(std::ranges::count(assigned, "ORG_READ_ONLY"), 1);

  ASSERT_EQ(run_operation(user, "revocation", R"(["6"])"), "completed");
  auto revoked = atlas_roles(atlas_id);
  EXPECT_EQ(std::ranges::count(revoked, "ORG_BILLING_ADMIN"), 1);
  EXPECT_EQ(std::ranges::count(revoked, "ORG_READ_ONLY"), 0);

  // A failed (all-or-nothing) assignment leaves Atlas's answer as it was.
  ASSERT_EQ(run_operation(user, "assignment", R"(["2","99"])"), "failed");
  EXPECT_EQ(atlas_roles(atlas_id), revoked);
}

TEST_F(WorkivaAtlasTest, RolesSetThroughAtlasShowInWorkiva) {
  auto user = str(create_user("Ada Atlas", "ada@example.com"), "id");
  atlas_ok(put_roles(atlas_user_id("ada@example.com"), {"ORG_GROUP_CREATOR", "ORG_MEMBER"}));
  auto res = http().get("/prototype/admin/organizations/" + org() + "/users/" + user + "/roles", admin());
  ASSERT_TRUE(has_status(res, 200));
  auto body = parse_object(res.body);
  std::vector<std::string> ids;
  for (const auto& r : body.at("data").as_array()) ids.push_back(str(r.as_object(), "id"));
  EXPECT_EQ(ids, (std::vector<std::string>{"2", "3"}));
}

}  // namespace
}  // namespace rp::test
