// GET/PUT/DELETE /api/v2/users/{subjectId}/roles over HTTP: the
// UserAuthorization shape, replace semantics, grants in the Home division,
// permissions, tenant isolation, and that changes are seen by the next request.

#include "api/genesys/authorization/roles_api.h"

namespace rp::test {
namespace {

namespace json = boost::json;

class UserRolesTest : public RolesApiTest {
 protected:
  std::string roles_of(const std::string& user) { return "/api/v2/users/" + user + "/roles"; }
  static std::vector<std::string> names(const json::object& auth, std::string_view key) {
    std::vector<std::string> out;
    for (const auto& r : auth.at(key).as_array()) out.push_back(str(r.as_object(), "name"));
    return out;
  }
  static std::string ids_body(const std::vector<std::string>& ids) {
    json::array a;
    for (const auto& id : ids) a.emplace_back(id);
    return json::serialize(a);
  }
};

TEST_F(UserRolesTest, ShapeOfAUserWithoutRoles) {
  auto user = str(create_user("Plain", "plain@example.com"), "id");
  auto auth = ok(send("GET", roles_of(user)));
  for (const char* k : {"roles", "unusedRoles", "permissions", "permissionPolicies"}) {
    ASSERT_TRUE(auth.contains(k) && auth.at(k).is_array()) << k;
    EXPECT_TRUE(auth.at(k).as_array().empty()) << k;
  }
}

TEST_F(UserRolesTest, PutReplacesTheRoles) {
  auto user = str(create_user("Ann", "ann@example.com"), "id");
  const std::string emp = str(role_named("employee"), "id"), sup = str(role_named("supervisor"), "id");
  const std::string empty_role = str(create_role("Empty"), "id");

  auto auth = ok(send("PUT", roles_of(user), ids_body({sup, empty_role})));
  EXPECT_EQ(names(auth, "roles"), (std::vector<std::string>{"Empty", "supervisor"}));
  EXPECT_EQ(names(auth, "unusedRoles"), std::vector<std::string>{"Empty"});
  const auto& r0 = auth.at("roles").as_array().at(0).as_object();
  EXPECT_EQ(r0.size(), 2u);  // DomainRole {id, name}
  EXPECT_EQ(str(r0, "id"), empty_role);
  auto perms = strings_of(auth.at("permissions"));
  EXPECT_TRUE(std::is_sorted(perms.begin(), perms.end()));
  for (const char* p : {"directory:user:add", "directory:user:edit", "directory:user:view",
                        "directory:organization:view", "authorization:division:view"})
    EXPECT_NE(std::find(perms.begin(), perms.end(), p), perms.end()) << p;
  ASSERT_FALSE(auth.at("permissionPolicies").as_array().empty());
  const auto& pol = auth.at("permissionPolicies").as_array().at(0).as_object();
  EXPECT_EQ(str(pol, "domain"), "directory");
  EXPECT_EQ(str(pol, "entityName"), "user");
  EXPECT_EQ(str(pol, "actionSetKey"), "view");
  EXPECT_EQ(num(role_named("supervisor"), "userCount"), 1);

  // Replace: supervisor and Empty go, employee comes.
  auth = ok(send("PUT", roles_of(user), ids_body({emp})));
  EXPECT_EQ(names(auth, "roles"), std::vector<std::string>{"employee"});
  perms = strings_of(auth.at("permissions"));
  EXPECT_EQ(std::find(perms.begin(), perms.end(), "directory:user:add"), perms.end());
  EXPECT_EQ(num(role_named("supervisor"), "userCount"), 0);
  EXPECT_EQ(ok(send("GET", roles_of(user))), auth);

  EXPECT_TRUE(has_status(send("DELETE", roles_of(user)), 204));
  auto cleared = ok(send("GET", roles_of(user)));
  EXPECT_TRUE(cleared.at("roles").as_array().empty());
  EXPECT_TRUE(cleared.at("permissions").as_array().empty());
}

TEST_F(UserRolesTest, ErrorsNameTheFieldAndKeepTenantsApart) {
  auto user = str(create_user("Bo", "bo@example.com"), "id");
  const std::string emp = str(role_named("employee"), "id");
  auto unknown_role = send("PUT", roles_of(user), ids_body({emp, random_uuid()}));
  EXPECT_TRUE(is_error_body(unknown_role, 404, "not.found"));
  EXPECT_EQ(first_field_name(unknown_role), "body[1]");
  EXPECT_TRUE(ok(send("GET", roles_of(user))).at("roles").as_array().empty());  // nothing applied

  auto their_roles = ok(send("GET", "/api/v2/authorization/roles?name=employee", {}, globex()));
  const std::string their_emp = str(their_roles.at("entities").as_array().at(0).as_object(), "id");
  EXPECT_TRUE(is_error_body(send("PUT", roles_of(user), ids_body({their_emp})), 404, "not.found"));
  auto their_user =
      str(ok(send("POST", "/api/v2/users", R"({"name":"G","email":"g@globex.example"})", globex())), "id");
  EXPECT_TRUE(is_error_body(send("GET", roles_of(their_user)), 404, "not.found"));
  EXPECT_TRUE(is_error_body(send("PUT", roles_of(their_user), ids_body({emp})), 404, "not.found"));
  EXPECT_TRUE(is_error_body(send("DELETE", roles_of(their_user)), 404, "not.found"));
  EXPECT_TRUE(is_error_body(send("GET", roles_of(random_uuid())), 404, "not.found"));
  EXPECT_TRUE(is_error_body(send("PUT", roles_of(user), R"({"roles":[]})"), 400, "bad.request"));
  EXPECT_TRUE(is_error_body(send("PUT", roles_of(user), "[1,2]"), 400, "bad.request"));

  // A deleted user has no roles to show.
  EXPECT_TRUE(has_status(send("DELETE", "/api/v2/users/" + user), 200));
  EXPECT_TRUE(is_error_body(send("GET", roles_of(user)), 404, "not.found"));
}

TEST_F(UserRolesTest, EachEndpointNeedsExactlyItsPermission) {
  const std::string none = token_with({});
  auto user = str(create_user("Cy", "cy@example.com"), "id");
  // A role the grant:add caller may give: it holds every permission of it.
  const std::string grantable = str(create_role("grantable", {"authorization:grant:add"}), "id");
  struct Case {
    std::string permission, method, body;
    int success;
  };
  for (const auto& c : std::vector<Case>{{"authorization:grant:view", "GET", "", 200},
                                         {"authorization:grant:add", "PUT", ids_body({grantable}), 200},
                                         {"authorization:grant:delete", "DELETE", "", 204}}) {
    expect_denied(send(c.method, roles_of(user), c.body, none), c.permission, c.method);
    EXPECT_TRUE(has_status(send(c.method, roles_of(user), c.body, token_with_permission(c.permission)), c.success))
        << c.method;
  }
}

TEST_F(UserRolesTest, PutGivesOnlyRolesWhosePermissionsTheCallerHolds) {
  auto user = str(create_user("Di", "di@example.com"), "id");
  const std::string admin_role = str(role_named("admin"), "id");
  auto refused = send("PUT", roles_of(user), ids_body({admin_role}), token_with_permission("authorization:grant:add"));
  EXPECT_TRUE(is_error_body(refused, 403, "missing.permissions")) << refused.body;
  EXPECT_NE(refused.body.find("You cannot grant the role [admin]"), std::string::npos) << refused.body;
  EXPECT_TRUE(ok(send("GET", roles_of(user))).at("roles").as_array().empty()) << "nothing was granted";
  // The fixture's admin client holds every permission of admin.
  EXPECT_TRUE(has_status(send("PUT", roles_of(user), ids_body({admin_role})), 200));
}

TEST_F(UserRolesTest, ChangesAreSeenByTheNextRequest) {
  auto user = str(create_user("Di", "di@example.com"), "id");
  const std::string sup = str(role_named("supervisor"), "id");
  EXPECT_TRUE(has_status(send("PUT", "/api/v2/authorization/roles/" + sup + "/users/add", ids_body({user})), 200));
  auto perms = strings_of(ok(send("GET", roles_of(user))).at("permissions"));
  EXPECT_NE(std::find(perms.begin(), perms.end(), "directory:user:add"), perms.end());
  // Editing the role changes what its holders hold at once.
  ok(send("PUT", "/api/v2/authorization/roles/" + sup, R"({"name":"supervisor","permissions":["oauth:client:view"]})"));
  perms = strings_of(ok(send("GET", roles_of(user))).at("permissions"));
  EXPECT_EQ(perms, std::vector<std::string>{"oauth:client:view"});
  EXPECT_TRUE(has_status(send("PUT", "/api/v2/authorization/roles/" + sup + "/users/remove", ids_body({user})), 200));
  EXPECT_TRUE(ok(send("GET", roles_of(user))).at("permissions").as_array().empty());
}

}  // namespace
}  // namespace rp::test
