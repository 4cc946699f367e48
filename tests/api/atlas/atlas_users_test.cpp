// The Atlas organization users: listing with paging and links, one user,
// PUT .../roles with its invariants and permissions, and the same roles seen
// through the Genesys dialect.

#include "api/atlas/atlas_api.h"

namespace rp::test {
namespace {

namespace json = boost::json;

class AtlasUsersTest : public AtlasApiTest {};

std::vector<std::string> rels(const json::object& o) {
  std::vector<std::string> out;
  for (const auto& l : o.at("links").as_array()) out.push_back(str(l.as_object(), "rel"));
  return out;
}

TEST_F(AtlasUsersTest, ListingPagesWithLinksAndCount) {
  create_user("Bob Builder", "bob@example.com");
  create_user("Cy Twombly", "cy@example.com");
  auto first = atlas_ok(atlas("GET", users_path() + "?itemsPerPage=2&pageNum=1", {}, kAtlasUsers));
  EXPECT_EQ(first.at("results").as_array().size(), 2u);
  EXPECT_EQ(first.at("totalCount").as_int64(), 3);
  EXPECT_EQ(rels(first), (std::vector<std::string>{"self", "next"}));
  auto second = atlas_ok(atlas("GET", users_path() + "?itemsPerPage=2&pageNum=2&includeCount=false", {}, kAtlasUsers));
  ASSERT_EQ(second.at("results").as_array().size(), 1u);
  EXPECT_FALSE(second.contains("totalCount"));
  EXPECT_EQ(rels(second), (std::vector<std::string>{"self", "previous"}));
  auto u = second.at("results").as_array()[0].as_object();
  EXPECT_EQ(str(u, "username"), "cy@example.com");
  EXPECT_EQ(str(u, "firstName"), "Cy");
  EXPECT_EQ(str(u, "lastName"), "Twombly");
  EXPECT_EQ(str(u, "orgMembershipStatus"), "ACTIVE");
  EXPECT_TRUE(std::regex_match(str(u, "id"), std::regex("^[0-9a-f]{24}$")));
  EXPECT_TRUE(org_roles(u).empty());
  auto one = atlas_ok(atlas("GET", users_path() + "?username=CY%40example.com"));
  ASSERT_EQ(one.at("results").as_array().size(), 1u);
  EXPECT_EQ(str(one.at("results").as_array()[0].as_object(), "username"), "cy@example.com");
  EXPECT_EQ(one.at("totalCount").as_int64(), 1);
  auto nobody = atlas_ok(atlas("GET", users_path() + "?username=nobody%40example.com"));
  EXPECT_TRUE(nobody.at("results").as_array().empty());
  EXPECT_EQ(nobody.at("totalCount").as_int64(), 0);
  EXPECT_TRUE(is_atlas_error(atlas("GET", users_path() + "?itemsPerPage=x"), 400, "INVALID_ATTRIBUTE"));
  EXPECT_TRUE(is_atlas_error(atlas("GET", users_path() + "?pageNum=0"), 400, "INVALID_ATTRIBUTE"));
  // Out of range is refused, not coerced; a page number whose offset would
  // overflow is refused rather than wrapping around to the first page.
  for (std::string q : {"itemsPerPage=0", "itemsPerPage=501", "pageNum=9223372036854775807&itemsPerPage=500",
                        "pageNum=18446744073709551616", "pageNum=-1"})
    EXPECT_TRUE(is_atlas_error(atlas("GET", users_path() + "?" + q), 400, "INVALID_ATTRIBUTE")) << q;
  auto last = atlas_ok(atlas("GET", users_path() + "?itemsPerPage=500&pageNum=1000"));
  EXPECT_TRUE(last.at("results").as_array().empty());
}

// Version 2023-01-01 answers CloudAppUser (roles as [{orgId, roleName}]) and
// lists active users only; 2025-02-19 answers OrgUserResponse and filters by
// orgMembershipStatuses (default ACTIVE and PENDING).
TEST_F(AtlasUsersTest, TheOlderVersionAnswersCloudAppUsersOfActiveMembers) {
  auto dora = create_user("Dora Inactive", "dora@example.com", {{"state", "inactive"}});
  std::string ann = atlas_user_id("ann@example.com");
  ASSERT_TRUE(has_status(put_roles(ann, {"ORG_OWNER", "ORG_READ_ONLY"}), 200));

  auto old = atlas_ok(atlas("GET", users_path() + "/" + ann, {}, kAtlasV1));
  EXPECT_EQ(str(old, "emailAddress"), "ann@example.com");
  EXPECT_FALSE(old.contains("orgMembershipStatus"));
  ASSERT_TRUE(old.at("roles").is_array());
  std::vector<std::string> names;
  for (const auto& r : old.at("roles").as_array()) {
    EXPECT_EQ(str(r.as_object(), "orgId"), org_id());
    names.emplace_back(str(r.as_object(), "roleName"));
  }
  EXPECT_EQ(names, (std::vector<std::string>{"ORG_OWNER", "ORG_READ_ONLY"}));

  auto usernames = [&](const std::string& query, const std::string& accept) {
    std::vector<std::string> out;
    auto list = atlas_ok(atlas("GET", users_path() + query, {}, accept));
    for (const auto& u : list.at("results").as_array()) out.emplace_back(str(u.as_object(), "username"));
    return out;
  };
  EXPECT_EQ(usernames("", kAtlasV1), std::vector<std::string>{"ann@example.com"});
  EXPECT_EQ(usernames("", kAtlasUsers), (std::vector<std::string>{"ann@example.com", "dora@example.com"}));
  EXPECT_EQ(usernames("?orgMembershipStatuses=PENDING", kAtlasUsers), std::vector<std::string>{"dora@example.com"});
  EXPECT_EQ(usernames("?orgMembershipStatuses=ACTIVE&orgMembershipStatuses=INVITATION_EXPIRED", kAtlasUsers),
            std::vector<std::string>{"ann@example.com"});
  EXPECT_TRUE(usernames("?orgMembershipStatuses=INVITATION_REJECTED", kAtlasUsers).empty());
  EXPECT_TRUE(usernames("?username=dora%40example.com&orgMembershipStatuses=ACTIVE", kAtlasUsers).empty());
  auto pending = atlas_ok(atlas("GET", users_path() + "?orgMembershipStatuses=PENDING", {}, kAtlasUsers));
  EXPECT_EQ(str(pending.at("results").as_array()[0].as_object(), "orgMembershipStatus"), "PENDING");
  EXPECT_TRUE(is_atlas_error(atlas("GET", users_path() + "?orgMembershipStatuses=GONE", {}, kAtlasUsers), 400,
                             "INVALID_ATTRIBUTE"));
}

TEST_F(AtlasUsersTest, OneOrganization) {
  auto org = atlas_ok(atlas("GET", "/api/atlas/v2/orgs/" + org_id()));
  EXPECT_EQ(str(org, "id"), org_id());
  EXPECT_EQ(str(org, "name"), "acme");
  EXPECT_FALSE(org.at("isDeleted").as_bool());
  EXPECT_EQ(str(org.at("links").as_array()[0].as_object(), "rel"), "self");
  const auto& globex = server().extra_orgs()[0];
  EXPECT_TRUE(is_atlas_error(atlas("GET", "/api/atlas/v2/orgs/" + globex.atlas_org_id), 401, "USER_CANNOT_ACCESS_ORG"));
  EXPECT_TRUE(is_atlas_error(atlas("GET", "/api/atlas/v2/orgs/" + std::string(24, 'z')), 404, "INVALID_ORG_ID"));
}

TEST_F(AtlasUsersTest, OneUserAndTheIdsThatFindNothing) {
  std::string ann = atlas_user_id("ann@example.com");
  auto u = atlas_user(ann);
  EXPECT_EQ(str(u, "id"), ann);
  EXPECT_EQ(str(u, "username"), "ann@example.com");
  EXPECT_EQ(str(u.at("links").as_array()[0].as_object(), "rel"), "self");
  EXPECT_TRUE(is_atlas_error(atlas("GET", users_path() + "/" + std::string(24, 'b')), 404, "USER_NOT_FOUND"));
  EXPECT_TRUE(is_atlas_error(atlas("GET", users_path() + "/" + user_id_), 404, "INVALID_USER_ID"));
  EXPECT_TRUE(is_atlas_error(atlas("GET", "/api/atlas/v2/orgs/nothex/users"), 404, "INVALID_ORG_ID"));
  // Another organization's id (and any other) is not the key's organization.
  const auto& globex = server().extra_orgs()[0];
  EXPECT_TRUE(is_atlas_error(atlas("GET", "/api/atlas/v2/orgs/" + globex.atlas_org_id + "/users"), 401,
                             "USER_CANNOT_ACCESS_ORG"));
  // globex's key cannot read acme's users.
  AtlasKey other{globex.atlas_public_key, globex.atlas_private_key};
  EXPECT_TRUE(is_atlas_error(atlas("GET", users_path(), {}, kAtlasV1, other), 401, "USER_CANNOT_ACCESS_ORG"));
}

TEST_F(AtlasUsersTest, PutReplacesTheOrganizationRolesAndGenesysSeesThem) {
  std::string ann = atlas_user_id("ann@example.com");
  auto put = put_roles(ann, {"ORG_MEMBER", "ORG_BILLING_ADMIN"});
  EXPECT_EQ(put.header("Sunset"), "Thu, 01 Jul 2027 00:00:00 GMT");
  EXPECT_EQ(put.header("Content-Type"), kAtlasV1);
  auto res = atlas_ok(put);
  std::vector<std::string> roles;
  for (const auto& r : res.at("orgRoles").as_array()) roles.emplace_back(r.as_string());
  EXPECT_EQ(roles, (std::vector<std::string>{"ORG_MEMBER", "ORG_BILLING_ADMIN"}));
  EXPECT_FALSE(res.at("links").as_array().empty());
  EXPECT_EQ(org_roles(atlas_user(ann)), (std::vector<std::string>{"ORG_MEMBER", "ORG_BILLING_ADMIN"}));

  atlas_ok(put_roles(ann, {"ORG_READ_ONLY"}));
  EXPECT_EQ(org_roles(atlas_user(ann)), std::vector<std::string>{"ORG_READ_ONLY"});

  // The Genesys dialect shows the same grant, in the home division.
  auto genesys = http().get("/api/v2/users/" + user_id_ + "/roles", admin());
  ASSERT_TRUE(has_status(genesys, 200));
  auto auth = parse_object(genesys.body);
  std::vector<std::string> names;
  for (const auto& r : auth.at("roles").as_array()) names.push_back(str(r.as_object(), "name"));
  EXPECT_EQ(names, std::vector<std::string>{"ORG_READ_ONLY"});
}

TEST_F(AtlasUsersTest, AGenesysPermissionCheckChangesAtOnce) {
  auto [token, refresh] = user_tokens();
  ASSERT_FALSE(token.empty());
  EXPECT_TRUE(has_status(http().get("/api/v2/authorization/roles", token), 403));
  std::string ann = atlas_user_id("ann@example.com");
  atlas_ok(put_roles(ann, {"ORG_MEMBER"}));
  EXPECT_TRUE(has_status(http().get("/api/v2/authorization/roles", token), 200));
  EXPECT_TRUE(has_status(http().get("/api/v2/authorization/roles?name=ORG_OWNER", token), 200));
  atlas_ok(put_roles(ann, {"ORG_BILLING_READ_ONLY"}));
  // ORG_BILLING_READ_ONLY includes member access; a user with no role of it has none.
  EXPECT_TRUE(has_status(http().get("/api/v2/authorization/roles", token), 200));
}

TEST_F(AtlasUsersTest, InvalidRoleSetsAreRefused) {
  std::string ann = atlas_user_id("ann@example.com");
  EXPECT_TRUE(is_atlas_error(put_roles(ann, {"ORG_MEMBER", "GROUP_OWNER"}), 400, "INVALID_ENUM_VALUE"));
  EXPECT_TRUE(is_atlas_error(put_roles(ann, {}), 403, "CANNOT_REMOVE_ALL_USER_ROLES"));
  std::string path = users_path() + "/" + ann + "/roles";
  EXPECT_TRUE(is_atlas_error(atlas("PUT", path, "{}"), 400, "MISSING_ATTRIBUTE"));
  EXPECT_TRUE(is_atlas_error(atlas("PUT", path, "{\"orgRoles\": \"ORG_MEMBER\"}"), 400, "INVALID_ATTRIBUTE"));
  EXPECT_TRUE(is_atlas_error(atlas("PUT", path, "{not json"), 400, "MALFORMED_JSON"));
  EXPECT_TRUE(is_atlas_error(put_roles(std::string(24, 'c'), {"ORG_MEMBER"}), 404, "USER_NOT_FOUND"));
  // Nothing was changed by the refusals.
  EXPECT_TRUE(org_roles(atlas_user(ann)).empty());
}

TEST_F(AtlasUsersTest, TheLastOwnerCannotBeDemoted) {
  create_user("Bob Builder", "bob@example.com");
  std::string ann = atlas_user_id("ann@example.com"), bob = atlas_user_id("bob@example.com");
  atlas_ok(put_roles(ann, {"ORG_OWNER"}));
  EXPECT_TRUE(is_atlas_error(put_roles(ann, {"ORG_MEMBER"}), 403, "CANNOT_DEMOTE_LAST_ORG_OWNER"));
  EXPECT_EQ(org_roles(atlas_user(ann)), std::vector<std::string>{"ORG_OWNER"});
  atlas_ok(put_roles(bob, {"ORG_OWNER", "ORG_MEMBER"}));
  atlas_ok(put_roles(ann, {"ORG_MEMBER"}));
  EXPECT_TRUE(is_atlas_error(put_roles(bob, {"ORG_READ_ONLY"}), 403, "CANNOT_DEMOTE_LAST_ORG_OWNER"));
}

TEST_F(AtlasUsersTest, OnlyAnOwnerKeyMayChangeRoles) {
  AtlasKey reader = new_key({"ORG_READ_ONLY"});
  std::string ann = atlas_user_id("ann@example.com");
  EXPECT_TRUE(is_atlas_error(put_roles(ann, {"ORG_MEMBER"}, reader), 401, "NOT_ORG_OWNER"));
  EXPECT_TRUE(has_status(atlas("GET", users_path(), {}, kAtlasV1, reader), 200));
  EXPECT_TRUE(org_roles(atlas_user(ann)).empty());
  AtlasKey owner2 = new_key({"ORG_OWNER"});
  EXPECT_TRUE(has_status(put_roles(ann, {"ORG_MEMBER"}, owner2), 200));
}

}  // namespace
}  // namespace rp::test

namespace rp::test {
namespace {

// The organization roles are default roles: the Genesys dialect can neither
// delete nor rename them, so every organization keeps all six.
TEST_F(AtlasUsersTest, OrganizationRolesCannotBeDeletedOrRenamedThroughGenesys) {
  auto roles = parse_object(http().get("/api/v2/authorization/roles?name=ORG_GROUP_CREATOR", admin()).body);
  ASSERT_EQ(roles.at("entities").as_array().size(), 1u);
  std::string id = str(roles.at("entities").as_array()[0].as_object(), "id");
  EXPECT_TRUE(has_status(http().del("/api/v2/authorization/roles/" + id, admin()), 400));
  auto renamed = http().send("PUT", "/api/v2/authorization/roles/" + id,
                             {{"Authorization", "Bearer " + admin()}, {"Content-Type", "application/json"}},
                             R"({"name": "Project creators", "permissions": ["directory:group:add"]})");
  EXPECT_TRUE(has_status(renamed, 400));
  std::string ann = atlas_user_id("ann@example.com");
  EXPECT_EQ(atlas_ok(put_roles(ann, {"ORG_GROUP_CREATOR"})).at("orgRoles").as_array().size(), 1u);
  auto genesys = parse_object(http().get("/api/v2/users/" + user_id_ + "/roles", admin()).body);
  ASSERT_EQ(genesys.at("roles").as_array().size(), 1u);
  EXPECT_EQ(str(genesys.at("roles").as_array()[0].as_object(), "name"), "ORG_GROUP_CREATOR");
}

}  // namespace
}  // namespace rp::test
