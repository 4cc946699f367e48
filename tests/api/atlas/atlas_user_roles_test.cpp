// The successors of PUT .../roles in version 2025-02-19: PATCH
// .../users/{userId} and POST .../users/{userId}:addRole / :removeRole, with
// the same invariants, the same role requirement (ORG_OWNER) and the change
// visible through the Genesys dialect.

#include "api/atlas/atlas_api.h"
#include "api/db_query.h"

namespace rp::test {
namespace {

namespace json = boost::json;

class AtlasUserRolesTest : public AtlasApiTest {
 protected:
  HttpResponse role_call(const std::string& user, std::string_view verb, const std::string& role,
                         std::optional<AtlasKey> key = std::nullopt) {
    return atlas("POST", users_path() + "/" + user + ":" + std::string(verb),
                 json::serialize(json::object{{"orgRole", role}}), kAtlasUsers, key);
  }
  HttpResponse patch(const std::string& user, std::string_view body) {
    return atlas("PATCH", users_path() + "/" + user, body, kAtlasUsers);
  }
  // The role names GET /api/v2/users/{id}/roles shows for ann.
  std::vector<std::string> genesys_roles() {
    auto res = http().get("/api/v2/users/" + user_id_ + "/roles", admin());
    EXPECT_TRUE(has_status(res, 200));
    std::vector<std::string> names;
    auto o = parse_object(res.body);
    for (const auto& r : o.at("roles").as_array()) names.push_back(str(r.as_object(), "name"));
    std::sort(names.begin(), names.end());
    return names;
  }
};

TEST_F(AtlasUserRolesTest, AddAndRemoveOneRoleAtATime) {
  std::string ann = atlas_user_id("ann@example.com");
  atlas_ok(put_roles(ann, {"ORG_MEMBER"}));

  auto added = role_call(ann, "addRole", "ORG_BILLING_ADMIN");
  EXPECT_EQ(added.header("Content-Type"), kAtlasUsers);
  auto user = atlas_ok(added);
  EXPECT_EQ(str(user, "id"), ann);
  EXPECT_EQ(org_roles(user), (std::vector<std::string>{"ORG_MEMBER", "ORG_BILLING_ADMIN"}));
  // Adding a role held already (or removing one not held) changes nothing:
  // no grant is rewritten and nothing is audited.
  auto audit_rows = [&] { return query(server().db_path(), "SELECT count(*) FROM audit_log")[0][0]; };
  auto grant_rows = [&] {
    return query(server().db_path(), "SELECT role_id, created FROM grants WHERE subject_id = ?1 ORDER BY role_id",
                 {user_id_});
  };
  auto audits = audit_rows();
  auto grants = grant_rows();
  EXPECT_EQ(org_roles(atlas_ok(role_call(ann, "addRole", "ORG_BILLING_ADMIN"))),
            (std::vector<std::string>{"ORG_MEMBER", "ORG_BILLING_ADMIN"}));
  EXPECT_EQ(org_roles(atlas_ok(role_call(ann, "removeRole", "ORG_READ_ONLY"))),
            (std::vector<std::string>{"ORG_MEMBER", "ORG_BILLING_ADMIN"}));
  EXPECT_EQ(audit_rows(), audits);
  EXPECT_EQ(grant_rows(), grants);
  EXPECT_EQ(genesys_roles(), (std::vector<std::string>{"ORG_BILLING_ADMIN", "ORG_MEMBER"}));

  EXPECT_EQ(org_roles(atlas_ok(role_call(ann, "removeRole", "ORG_MEMBER"))),
            std::vector<std::string>{"ORG_BILLING_ADMIN"});
  // The last role cannot go: swap by adding first.
  EXPECT_TRUE(is_atlas_error(role_call(ann, "removeRole", "ORG_BILLING_ADMIN"), 403, "CANNOT_REMOVE_ALL_USER_ROLES"));
  atlas_ok(role_call(ann, "addRole", "ORG_READ_ONLY"));
  atlas_ok(role_call(ann, "removeRole", "ORG_BILLING_ADMIN"));
  EXPECT_EQ(org_roles(atlas_user(ann)), std::vector<std::string>{"ORG_READ_ONLY"});
  EXPECT_EQ(genesys_roles(), std::vector<std::string>{"ORG_READ_ONLY"});
}

TEST_F(AtlasUserRolesTest, RoleCallsAreValidated) {
  std::string ann = atlas_user_id("ann@example.com");
  atlas_ok(put_roles(ann, {"ORG_OWNER"}));
  EXPECT_TRUE(is_atlas_error(role_call(ann, "addRole", "ORG_SUPREME"), 400, "INVALID_ENUM_VALUE"));
  EXPECT_TRUE(is_atlas_error(atlas("POST", users_path() + "/" + ann + ":addRole", "{}", kAtlasUsers), 400,
                             "MISSING_ATTRIBUTE"));
  EXPECT_TRUE(is_atlas_error(atlas("POST", users_path() + "/" + ann + ":addRole", "{\"orgRole\":", kAtlasUsers), 400,
                             "MALFORMED_JSON"));
  // Only the 2025-02-19 version exists for these operations.
  EXPECT_TRUE(is_atlas_error(atlas("POST", users_path() + "/" + ann + ":addRole", R"({"orgRole":"ORG_MEMBER"})"), 406,
                             "INVALID_VERSION_DATE"));
  EXPECT_TRUE(is_atlas_error(role_call(std::string(24, 'c'), "addRole", "ORG_MEMBER"), 404, "USER_NOT_FOUND"));
  // ann is the only owner among users.
  EXPECT_TRUE(is_atlas_error(role_call(ann, "removeRole", "ORG_OWNER"), 403, "CANNOT_DEMOTE_LAST_ORG_OWNER"));
  // A key without ORG_OWNER may not change roles, nor may another organization's owner.
  auto member = new_key({"ORG_MEMBER"});
  EXPECT_TRUE(is_atlas_error(role_call(ann, "addRole", "ORG_MEMBER", member), 401, "NOT_ORG_OWNER"));
  EXPECT_TRUE(is_atlas_error(role_call(ann, "removeRole", "ORG_OWNER", member), 401, "NOT_ORG_OWNER"));
  EXPECT_TRUE(is_atlas_error(
      atlas("PATCH", users_path() + "/" + ann, R"({"roles":{"orgRoles":["ORG_MEMBER"]}})", kAtlasUsers, member), 401,
      "NOT_ORG_OWNER"));
  const auto& globex = server().extra_orgs()[0];
  AtlasKey other{globex.atlas_public_key, globex.atlas_private_key};
  EXPECT_TRUE(is_atlas_error(role_call(ann, "addRole", "ORG_MEMBER", other), 401, "USER_CANNOT_ACCESS_ORG"));
  EXPECT_TRUE(is_atlas_error(put_roles(ann, {"ORG_MEMBER"}, other), 401, "USER_CANNOT_ACCESS_ORG"));
  EXPECT_EQ(org_roles(atlas_user(ann)), std::vector<std::string>{"ORG_OWNER"});
}

TEST_F(AtlasUserRolesTest, PatchReplacesTheRolesItNamesAndLeavesTheRest) {
  std::string ann = atlas_user_id("ann@example.com");
  atlas_ok(put_roles(ann, {"ORG_MEMBER"}));
  auto user = atlas_ok(patch(ann, R"({"roles":{"orgRoles":["ORG_GROUP_CREATOR","ORG_READ_ONLY"]}})"));
  EXPECT_EQ(str(user, "orgMembershipStatus"), "ACTIVE");
  EXPECT_EQ(org_roles(user), (std::vector<std::string>{"ORG_GROUP_CREATOR", "ORG_READ_ONLY"}));
  // Nothing named, nothing changed.
  EXPECT_EQ(org_roles(atlas_ok(patch(ann, "{}"))), (std::vector<std::string>{"ORG_GROUP_CREATOR", "ORG_READ_ONLY"}));
  EXPECT_EQ(org_roles(atlas_ok(
                patch(ann, R"({"teamIds":[],"roles":{"orgRoles":["ORG_MEMBER"],"groupRoleAssignments":[]}})"))),
            std::vector<std::string>{"ORG_MEMBER"});
  // No teams or projects exist to join.
  EXPECT_TRUE(is_atlas_error(patch(ann, R"({"teamIds":["6f0a1b2c3d4e5f6a7b8c9d0e"]})"), 400, "INVALID_ATTRIBUTE"));
  EXPECT_TRUE(is_atlas_error(
      patch(ann, R"({"roles":{"orgRoles":["ORG_MEMBER"],"groupRoleAssignments":[{"groupId":"x","groupRoles":[]}]}})"),
      400, "INVALID_ATTRIBUTE"));
  EXPECT_TRUE(is_atlas_error(patch(ann, R"({"roles":{}})"), 400, "MISSING_ATTRIBUTE"));
  EXPECT_TRUE(is_atlas_error(patch(ann, R"({"roles":{"orgRoles":["NOPE"]}})"), 400, "INVALID_ENUM_VALUE"));
  EXPECT_TRUE(is_atlas_error(patch(ann, R"({"roles":{"orgRoles":[]}})"), 403, "CANNOT_REMOVE_ALL_USER_ROLES"));
  EXPECT_TRUE(
      is_atlas_error(patch(std::string(24, 'e'), R"({"roles":{"orgRoles":["ORG_MEMBER"]}})"), 404, "USER_NOT_FOUND"));
  EXPECT_TRUE(is_atlas_error(role_call(std::string(24, 'e'), "removeRole", "ORG_MEMBER"), 404, "USER_NOT_FOUND"));
  EXPECT_EQ(org_roles(atlas_user(ann)), std::vector<std::string>{"ORG_MEMBER"});
  EXPECT_EQ(genesys_roles(), std::vector<std::string>{"ORG_MEMBER"});
}

}  // namespace
}  // namespace rp::test
