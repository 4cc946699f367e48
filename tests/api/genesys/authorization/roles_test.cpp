// AuthorizationApi roles over HTTP: shapes, paging, filters, validation,
// permissions (denied, and allowed with exactly the listed permission),
// tenant isolation, conflicts, default roles and role members.

#include <map>
#include <sstream>

#include "api/genesys/authorization/roles_api.h"

namespace rp::test {
namespace {

namespace json = boost::json;
constexpr std::string_view kRoles = "/api/v2/authorization/roles";

std::string roles_path(std::string_view rest = {}) { return std::string(kRoles) + std::string(rest); }

::testing::AssertionResult is_role(const json::object& r) {
  std::ostringstream p;
  const std::string id = str(r, "id");
  if (!is_uuid(id)) p << "\n  id not a UUID";
  if (str(r, "name").empty()) p << "\n  name missing";
  if (str(r, "selfUri") != "/api/v2/authorization/roles/" + id) p << "\n  selfUri wrong";
  for (const char* k : {"permissions", "permissionPolicies"})
    if (!r.contains(k) || !r.at(k).is_array()) p << "\n  " << k << " not an array";
  for (const char* k : {"roleNeedsUpdate", "default", "base"})
    if (!r.contains(k) || !r.at(k).is_bool()) p << "\n  " << k << " not a boolean";
  if (r.contains("permissionPolicies") && r.at("permissionPolicies").is_array())
    for (const auto& pol : r.at("permissionPolicies").as_array()) {
      const auto& o = pol.as_object();
      if (str(o, "domain").empty() || str(o, "entityName").empty()) p << "\n  policy without domain/entityName";
      if (!o.contains("actionSet") || !o.at("actionSet").is_array()) p << "\n  policy without actionSet";
      if (!o.contains("allowConditions") || !o.at("allowConditions").is_bool())
        p << "\n  policy without allowConditions";
    }
  if (p.str().empty()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "not a DomainOrganizationRole:" << p.str() << "\n  " << json::serialize(r);
}

using RolesTest = RolesApiTest;

TEST_F(RolesTest, DefaultRoleShapeFieldByField) {
  auto list = ok(send("GET", roles_path("?pageSize=100")));
  EXPECT_EQ(num(list, "total"), 9);
  for (const auto& e : list.at("entities").as_array()) EXPECT_TRUE(is_role(e.as_object()));
  auto r = role_named("employee");
  EXPECT_TRUE(is_role(r));
  EXPECT_EQ(str(r, "defaultRoleId"), "employee");
  EXPECT_EQ(r.at("default"), json::value(true));
  EXPECT_EQ(r.at("base"), json::value(false));
  EXPECT_EQ(r.at("roleNeedsUpdate"), json::value(false));
  EXPECT_EQ(num(r, "userCount"), 0);
  EXPECT_FALSE(str(r, "description").empty());
  EXPECT_EQ(
      strings_of(r.at("permissions")),
      (std::vector<std::string>{"directory:user:view", "directory:organization:view", "authorization:division:view"}));
  const auto& p0 = r.at("permissionPolicies").as_array().at(0).as_object();
  EXPECT_EQ(str(p0, "domain"), "directory");
  EXPECT_EQ(str(p0, "entityName"), "user");
  EXPECT_EQ(strings_of(p0.at("actionSet")), std::vector<std::string>{"view"});
  EXPECT_EQ(p0.at("allowConditions"), json::value(false));
  EXPECT_FALSE(r.contains("unusedPermissions"));
  for (const char* name : {"admin", "supervisor", "ORG_OWNER", "ORG_MEMBER", "ORG_GROUP_CREATOR", "ORG_BILLING_ADMIN",
                           "ORG_BILLING_READ_ONLY", "ORG_READ_ONLY"})
    EXPECT_EQ(str(role_named(name), "defaultRoleId"), name);

  auto one = ok(send("GET", roles_path("/" + str(r, "id") + "?expand=unusedPermissions&userCount=false")));
  EXPECT_EQ(str(one, "id"), str(r, "id"));
  EXPECT_TRUE(one.contains("unusedPermissions") && one.at("unusedPermissions").as_array().empty());
  EXPECT_FALSE(one.contains("userCount"));
}

TEST_F(RolesTest, ListPagesAndFilters) {
  auto page = ok(send("GET", roles_path("?pageSize=4&pageNumber=2")));
  EXPECT_EQ(page.at("entities").as_array().size(), 4u);
  EXPECT_EQ(num(page, "pageCount"), 3);
  EXPECT_EQ(num(page, "total"), 9);
  EXPECT_EQ(uri_param(str(page, "nextUri"), kRoles, "pageNumber"), "3");
  EXPECT_EQ(uri_param(str(page, "previousUri"), kRoles, "pageNumber"), "1");
  // Sorted by name ignoring case.
  auto all = ok(send("GET", roles_path("?pageSize=100&sortBy=name")));
  std::vector<std::string> names;
  for (const auto& e : all.at("entities").as_array()) names.push_back(str(e.as_object(), "name"));
  EXPECT_EQ(names.front(), "admin");
  EXPECT_EQ(names.back(), "supervisor");

  auto by_name = ok(send("GET", roles_path("?name=BILLING")));
  EXPECT_EQ(num(by_name, "total"), 2);
  EXPECT_EQ(uri_param(str(by_name, "selfUri"), kRoles, "name"), "BILLING");

  create_role("Client Viewer", {"oauth:client:view"});
  // '+' in a query is a space, as the SDKs and form encoders send it.
  auto plus = ok(send("GET", roles_path("?name=Client+Viewer")));
  EXPECT_EQ(num(plus, "total"), 1);
  auto pct = ok(send("GET", roles_path("?name=Client%20Viewer")));
  EXPECT_EQ(num(pct, "total"), 1);
  auto by_perm = ok(send("GET", roles_path("?permission=oauth:client:view&permission=directory:group:add")));
  names.clear();
  for (const auto& e : by_perm.at("entities").as_array()) names.push_back(str(e.as_object(), "name"));
  EXPECT_EQ(names,
            (std::vector<std::string>{"admin", "Client Viewer", "ORG_GROUP_CREATOR", "ORG_OWNER", "ORG_READ_ONLY"}));

  auto by_default = ok(send("GET", roles_path("?defaultRoleId=employee&defaultRoleId=supervisor")));
  EXPECT_EQ(num(by_default, "total"), 2);
  std::string emp = str(role_named("employee"), "id"), sup = str(role_named("supervisor"), "id");
  auto by_id = ok(send("GET", roles_path("?id=" + emp + "," + sup)));
  EXPECT_EQ(num(by_id, "total"), 2);
  auto no_count = ok(send("GET", roles_path("?userCount=false&expand=unusedPermissions")));
  const auto& first = no_count.at("entities").as_array().at(0).as_object();
  EXPECT_FALSE(first.contains("userCount"));
  EXPECT_TRUE(first.contains("unusedPermissions"));

  for (auto [query, field] : std::vector<std::pair<std::string, std::string>>{{"sortBy=colour", "sortBy"},
                                                                              {"pageSize=0", "pageSize"},
                                                                              {"pageNumber=x", "pageNumber"},
                                                                              {"expand=everything", "expand"},
                                                                              {"userCount=maybe", "userCount"},
                                                                              {"permission=a:b", "permission"}}) {
    auto res = send("GET", roles_path("?" + query));
    EXPECT_TRUE(has_status(res, 400)) << query;
    EXPECT_EQ(first_field_name(res), field) << query;
  }
}

TEST_F(RolesTest, CreateReadUpdatePatchDelete) {
  auto made = ok(send("POST", roles_path(), R"({"name":"Auditors","description":"reads audits",
      "permissionPolicies":[{"domain":"routing","entityName":"queue","actionSet":["view"],
        "resourceConditionNode":{"variableName":"x","operator":"EQ","operands":[{"type":"SCALAR","value":"1"}]}}],
      "permissions":["directory:user:view"]})"));
  ASSERT_TRUE(is_role(made));
  EXPECT_EQ(str(made, "name"), "Auditors");
  EXPECT_EQ(str(made, "description"), "reads audits");
  EXPECT_FALSE(made.contains("defaultRoleId"));
  EXPECT_EQ(made.at("default"), json::value(false));
  EXPECT_EQ(num(made, "userCount"), 0);
  EXPECT_EQ(strings_of(made.at("permissions")),
            (std::vector<std::string>{"routing:queue:view", "directory:user:view"}));
  const auto& p0 = made.at("permissionPolicies").as_array().at(0).as_object();
  EXPECT_EQ(p0.at("allowConditions"), json::value(true));
  EXPECT_EQ(str(p0.at("resourceConditionNode").as_object(), "variableName"), "x");
  const std::string id = str(made, "id");
  EXPECT_EQ(ok(send("GET", roles_path("/" + id))), made);

  auto put = ok(send("PUT", roles_path("/" + id), R"({"name":"Auditors 2","permissions":["oauth:client:view"]})"));
  EXPECT_EQ(str(put, "name"), "Auditors 2");
  EXPECT_EQ(str(put, "description"), "");
  EXPECT_EQ(strings_of(put.at("permissions")), std::vector<std::string>{"oauth:client:view"});

  auto patched = ok(send("PATCH", roles_path("/" + id), R"({"roleNeedsUpdate":true})"));
  EXPECT_EQ(patched.at("roleNeedsUpdate"), json::value(true));
  EXPECT_EQ(str(patched, "name"), "Auditors 2");
  EXPECT_TRUE(is_error_body(send("PATCH", roles_path("/" + id), R"({"name":"x"})"), 400, "invalid.value"));

  EXPECT_TRUE(has_status(send("DELETE", roles_path("/" + id)), 204));
  EXPECT_TRUE(is_error_body(send("GET", roles_path("/" + id)), 404, "not.found"));
  EXPECT_TRUE(is_error_body(send("DELETE", roles_path("/" + id)), 404, "not.found"));
}

TEST_F(RolesTest, BadBodiesNameTheField) {
  struct Case {
    std::string body, field;
  };
  std::vector<Case> cases = {
      {R"({"description":"no name"})", "name"},
      {R"({"name":7})", "name"},
      {R"({"name":"x","permissionPolicies":[{"domain":"directory","entityName":"user","actionSet":["view"]},
         {"domain":"directory","entityName":"user","actionSet":["fly"]}]})",
       "permissionPolicies[1]"},
      {R"({"name":"x","permissionPolicies":[{"domain":"directory","entityName":"user","actionSet":"view"}]})",
       "permissionPolicies[0].actionSet"},
      {R"({"name":"x","permissionPolicies":[{"entityName":"user","actionSet":["view"]}]})",
       "permissionPolicies[0].domain"},
      {R"({"name":"x","permissionPolicies":[{"domain":"directory","actionSet":["view"]}]})",
       "permissionPolicies[0].entityName"},
      {R"({"name":"x","permissionPolicies":{}})", "permissionPolicies"},
      {R"({"name":"x","permissions":["directory:user"]})", "permissions[0]"},
      {R"({"name":"x","permissions":["ok:not:known"]})", "permissions[0]"},
  };
  for (const auto& c : cases) {
    auto res = send("POST", roles_path(), c.body);
    EXPECT_TRUE(is_error_body(res, 400, "invalid.value")) << c.body;
    EXPECT_EQ(first_field_name(res), c.field) << c.body;
  }
  EXPECT_TRUE(is_error_body(send("POST", roles_path(), "not json"), 400, "bad.request"));
  EXPECT_EQ(num(ok(send("GET", roles_path())), "total"), 9);  // nothing was stored
}

TEST_F(RolesTest, Conflicts) {
  create_role("Unique");
  EXPECT_TRUE(is_error_body(send("POST", roles_path(), R"({"name":"UNIQUE"})"), 409, "general.conflict"));
  auto other = create_role("Other");
  EXPECT_TRUE(
      is_error_body(send("PUT", roles_path("/" + str(other, "id")), R"({"name":"unique"})"), 409, "general.conflict"));
  // A role granted to someone cannot be deleted.
  auto user = create_user("Holder", "holder@example.com");
  EXPECT_TRUE(
      has_status(send("PUT", roles_path("/" + str(other, "id") + "/users/add"), "[\"" + str(user, "id") + "\"]"), 200));
  EXPECT_TRUE(is_error_body(send("DELETE", roles_path("/" + str(other, "id"))), 409, "general.conflict"));
  // Granted to a client (through the command line) counts too.
  auto unique = role_named("Unique");
  token_with({"Unique"});
  EXPECT_TRUE(is_error_body(send("DELETE", roles_path("/" + str(unique, "id"))), 409, "general.conflict"));
  // Default roles are restored, not deleted, and keep their names.
  auto emp = role_named("employee");
  auto kept = send("DELETE", roles_path("/" + str(emp, "id")));
  EXPECT_TRUE(is_error_body(kept, 400, "bad.request"));
  EXPECT_NE(kept.body.find("with PUT /api/v2/authorization/roles/default"), std::string::npos) << kept.body;
  auto renamed =
      send("PUT", roles_path("/" + str(emp, "id")), R"({"name":"staff","permissions":["directory:user:view"]})");
  EXPECT_TRUE(is_error_body(renamed, 400, "invalid.value"));
  EXPECT_EQ(first_field_name(renamed), "name");
}

TEST_F(RolesTest, OtherOrganizationsRolesAreNotFound) {
  auto theirs = ok(send("GET", roles_path("?name=employee"), {}, globex()));
  const std::string id = str(theirs.at("entities").as_array().at(0).as_object(), "id");
  ASSERT_TRUE(is_uuid(id));
  EXPECT_NE(id, str(role_named("employee"), "id"));
  EXPECT_TRUE(is_error_body(send("GET", roles_path("/" + id)), 404, "not.found"));
  EXPECT_TRUE(is_error_body(send("PUT", roles_path("/" + id), R"({"name":"employee"})"), 404, "not.found"));
  EXPECT_TRUE(is_error_body(send("PATCH", roles_path("/" + id), R"({"roleNeedsUpdate":true})"), 404, "not.found"));
  EXPECT_TRUE(is_error_body(send("DELETE", roles_path("/" + id)), 404, "not.found"));
  EXPECT_TRUE(is_error_body(send("GET", roles_path("/" + id + "/comparedefault/employee")), 404, "not.found"));
  EXPECT_TRUE(is_error_body(send("PUT", roles_path("/" + id + "/users/add"), "[]"), 404, "not.found"));
  EXPECT_TRUE(is_error_body(send("GET", roles_path("/" + random_uuid())), 404, "not.found"));
  EXPECT_TRUE(is_error_body(send("GET", roles_path("/not-a-uuid")), 404, "not.found"));
  EXPECT_EQ(num(ok(send("GET", roles_path("?id=" + id))), "total"), 0);
}

TEST_F(RolesTest, DefaultRolesRestoreAndCompare) {
  auto emp = role_named("employee");
  const std::string id = str(emp, "id");
  ok(send("PUT", roles_path("/" + id),
          R"({"name":"employee","permissions":["directory:user:view","directory:user:add"]})"));

  auto diff = ok(send("GET", roles_path("/" + id + "/comparedefault/employee")));
  auto policies = [&](std::string_view key) {
    std::vector<std::string> out;
    for (const auto& p : diff.at(key).as_array()) {
      const auto& o = p.as_object();
      for (const auto& a : strings_of(o.at("actionSet")))
        out.push_back(str(o, "domain") + ":" + str(o, "entityName") + ":" + a);
    }
    return out;
  };
  EXPECT_EQ(policies("addedPermissionPolicies"), std::vector<std::string>{"directory:user:add"});
  EXPECT_EQ(policies("removedPermissionPolicies"),
            (std::vector<std::string>{"directory:organization:view", "authorization:division:view"}));
  EXPECT_EQ(policies("samePermissionPolicies"), std::vector<std::string>{"directory:user:view"});
  EXPECT_EQ(str(diff.at("userOrgRole").as_object(), "id"), id);
  EXPECT_EQ(str(diff.at("roleFromDefault").as_object(), "defaultRoleId"), "employee");
  // The right side may be the organization's copy too.
  EXPECT_EQ(ok(send("GET", roles_path("/" + id + "/comparedefault/" + id))).at("addedPermissionPolicies"),
            diff.at("addedPermissionPolicies"));
  // An unsaved edit compares without being stored.
  diff = ok(send(
      "POST", roles_path("/" + id + "/comparedefault/employee"),
      R"({"name":"employee","permissions":["directory:user:view","directory:organization:view","authorization:division:view"]})"));
  EXPECT_TRUE(diff.at("addedPermissionPolicies").as_array().empty());
  EXPECT_TRUE(diff.at("removedPermissionPolicies").as_array().empty());
  EXPECT_EQ(strings_of(role_named("employee").at("permissions")).size(), 2u);
  EXPECT_TRUE(is_error_body(send("GET", roles_path("/" + id + "/comparedefault/nope")), 404, "not.found"));
  auto bad = send("POST", roles_path("/" + id + "/comparedefault/employee"), R"({"permissions":["x:y:z"]})");
  EXPECT_EQ(first_field_name(bad), "permissions[0]");

  // Without force only missing roles are added; the edited one is flagged.
  auto restored = ok(send("POST", roles_path("/default")));
  EXPECT_EQ(num(restored, "total"), 9);
  auto flagged = role_named("employee");
  EXPECT_EQ(strings_of(flagged.at("permissions")).size(), 2u);
  EXPECT_EQ(flagged.at("roleNeedsUpdate"), json::value(true));
  ok(send("PATCH", roles_path("/" + id), R"({"roleNeedsUpdate":false})"));
  EXPECT_EQ(role_named("employee").at("roleNeedsUpdate"), json::value(false));

  // PUT restores the listed ones.
  auto listed = ok(send("PUT", roles_path("/default"), "[{\"id\":\"" + id + "\"}]"));
  ASSERT_EQ(num(listed, "total"), 1);
  EXPECT_EQ(strings_of(listed.at("entities").as_array().at(0).at("permissions")).size(), 3u);
  auto custom = create_role("Custom");
  auto res = send("PUT", roles_path("/default"), "[{\"id\":\"" + str(custom, "id") + "\"}]");
  EXPECT_TRUE(is_error_body(res, 400, "invalid.value"));
  EXPECT_EQ(first_field_name(res), "body[0].id");
  EXPECT_TRUE(is_error_body(send("PUT", roles_path("/default"), R"({"id":"x"})"), 400, "bad.request"));

  // force=true resets every default role.
  ok(send("PUT", roles_path("/" + id), R"({"name":"employee","permissions":["directory:user:view"]})"));
  ok(send("POST", roles_path("/default?force=true")));
  EXPECT_EQ(strings_of(role_named("employee").at("permissions")).size(), 3u);
  EXPECT_TRUE(is_error_body(send("POST", roles_path("/default?force=sometimes")), 400, "invalid.value"));
}

TEST_F(RolesTest, RoleMembers) {
  auto sup = role_named("supervisor");
  const std::string rid = str(sup, "id");
  std::string a = str(create_user("A", "a@example.com"), "id"), b = str(create_user("B", "b@example.com"), "id");
  auto added = send("PUT", roles_path("/" + rid + "/users/add"), "[\"" + a + "\",\"" + b + "\",\"" + a + "\"]");
  ASSERT_TRUE(has_status(added, 200));
  EXPECT_EQ(strings_of(parse_json(added.body)), (std::vector<std::string>{a, b}));
  EXPECT_EQ(num(role_named("supervisor"), "userCount"), 2);
  auto roles = ok(send("GET", "/api/v2/users/" + a + "/roles"));
  EXPECT_EQ(str(roles.at("roles").as_array().at(0).as_object(), "id"), rid);
  // Granted in the Home division.
  auto subject = ok(send("GET", "/api/v2/authorization/subjects/" + a));
  ASSERT_EQ(subject.at("grants").as_array().size(), 1u) << json::serialize(subject);
  const auto& grant = subject.at("grants").as_array().at(0).as_object();
  EXPECT_EQ(str(grant.at("role").as_object(), "id"), rid);
  EXPECT_EQ(grant.at("division").as_object().at("homeDivision"), json::value(true));

  auto removed = send("PUT", roles_path("/" + rid + "/users/remove"), "[\"" + a + "\"]");
  ASSERT_TRUE(has_status(removed, 200));
  EXPECT_EQ(strings_of(parse_json(removed.body)), std::vector<std::string>{a});
  EXPECT_EQ(num(role_named("supervisor"), "userCount"), 1);

  std::string many = "[";
  for (int i = 0; i < 101; ++i) many += (i ? ",\"" : "\"") + a + "\"";
  many += "]";
  auto too_many = send("PUT", roles_path("/" + rid + "/users/add"), many);
  EXPECT_TRUE(is_error_body(too_many, 400, "invalid.value"));
  EXPECT_EQ(first_field_name(too_many), "body");
  auto unknown = send("PUT", roles_path("/" + rid + "/users/add"), "[\"" + b + "\",\"" + random_uuid() + "\"]");
  EXPECT_TRUE(is_error_body(unknown, 404, "not.found"));
  EXPECT_EQ(first_field_name(unknown), "body[1]");
  // A user of another organization is unknown here.
  auto theirs = ok(send("POST", "/api/v2/users", R"({"name":"G","email":"g@globex.example"})", globex()));
  EXPECT_TRUE(is_error_body(send("PUT", roles_path("/" + rid + "/users/add"), "[\"" + str(theirs, "id") + "\"]"), 404,
                            "not.found"));
  EXPECT_TRUE(is_error_body(send("PUT", roles_path("/" + rid + "/users/add"), R"({"a":1})"), 400, "bad.request"));
  EXPECT_TRUE(is_error_body(send("PUT", roles_path("/" + random_uuid() + "/users/remove"), "[]"), 404, "not.found"));
}

// Every route: 403 without the permission, success with exactly it.
TEST_F(RolesTest, EachEndpointNeedsExactlyItsPermission) {
  const std::string none = token_with({});
  auto emp = role_named("employee");
  const std::string eid = str(emp, "id");
  std::string user = str(create_user("P", "p@example.com"), "id");
  struct Case {
    std::string permission, method, target, body;
    int success;
  };
  auto victim = [&] { return str(create_role("victim " + random_uuid()), "id"); };
  // A role the grant:add caller may give: it holds every permission of it.
  const std::string gid = str(create_role("grantable", {"authorization:grant:add"}), "id");
  std::vector<Case> cases = {
      {"authorization:role:view", "GET", roles_path(), "", 200},
      {"authorization:role:view", "GET", roles_path("/" + eid), "", 200},
      {"authorization:role:view", "GET", roles_path("/" + eid + "/comparedefault/employee"), "", 200},
      {"authorization:role:view", "POST", roles_path("/" + eid + "/comparedefault/employee"), R"({"name":"employee"})",
       200},
      {"authorization:role:add", "POST", roles_path(), R"({"name":"made by limited"})", 200},
      {"authorization:role:edit", "PUT", roles_path("/" + victim()), R"({"name":"edited by limited"})", 200},
      {"authorization:role:edit", "PATCH", roles_path("/" + eid), R"({"roleNeedsUpdate":false})", 200},
      {"authorization:role:edit", "POST", roles_path("/default"), "", 200},
      {"authorization:role:edit", "PUT", roles_path("/default"), R"([{"defaultRoleId":"employee"}])", 200},
      {"authorization:role:delete", "DELETE", roles_path("/" + victim()), "", 204},
      {"authorization:grant:add", "PUT", roles_path("/" + gid + "/users/add"), "[\"" + user + "\"]", 200},
      {"authorization:grant:delete", "PUT", roles_path("/" + gid + "/users/remove"), "[\"" + user + "\"]", 200},
  };
  std::map<std::string, std::string> tokens;
  for (const auto& c : cases) {
    std::string what = c.method + " " + c.target;
    expect_denied(send(c.method, c.target, c.body, none), c.permission, what);
    auto& token = tokens[c.permission];
    if (token.empty()) token = token_with_permission(c.permission);
    EXPECT_TRUE(has_status(send(c.method, c.target, c.body, token), c.success)) << what;
  }
  // A wildcard policy grants them too.
  const std::string wildcard = token_with_permission("authorization:role:*");
  EXPECT_TRUE(has_status(send("GET", roles_path(), "", wildcard), 200));
  EXPECT_TRUE(has_status(send("POST", roles_path(), R"({"name":"by wildcard"})", wildcard), 200));
  expect_denied(send("PUT", roles_path("/" + eid + "/users/add"), "[]", wildcard), "authorization:grant:add",
                "wildcard");
}

TEST_F(RolesTest, RoleEditsApplyToTheVeryNextRequest) {
  create_role("Switchable", {"authorization:role:view"});
  const std::string token = token_with({"Switchable"});
  EXPECT_TRUE(has_status(send("GET", roles_path(), "", token), 200));
  expect_denied(send("POST", "/api/v2/users", R"({"name":"N","email":"n@example.com"})", token), "directory:user:add",
                "before");
  const std::string id = str(role_named("Switchable"), "id");
  ok(send("PUT", roles_path("/" + id), R"({"name":"Switchable","permissions":["directory:user:add"]})"));
  EXPECT_TRUE(has_status(send("POST", "/api/v2/users", R"({"name":"N","email":"n@example.com"})", token), 200));
  expect_denied(send("GET", roles_path(), "", token), "authorization:role:view", "after");
}

}  // namespace
}  // namespace rp::test

namespace rp::test {
namespace {

TEST_F(RolesTest, ConditionsAreOnlyForPermissionsThatAllowThemAndNeverWidenAGrant) {
  const std::string condition =
      R"({"variableName":"queue.id","operator":"EQ","operands":[{"type":"SCALAR","value":"q-1"}]})";
  // directory:user:add does not allow conditions.
  auto refused = send("POST", "/api/v2/authorization/roles",
                      R"({"name":"Conditional adder","permissionPolicies":[{"domain":"directory","entityName":"user",)"
                      R"("actionSet":["add"],"resourceConditionNode":)" +
                          condition + "}]}");
  EXPECT_TRUE(is_error_body(refused, 400, "invalid.value"));
  EXPECT_EQ(first_field_name(refused), "permissionPolicies[0].resourceConditionNode");

  // routing:queue:view allows them; the condition is kept as given, and since
  // the engine does not evaluate conditions, the policy grants nothing.
  auto role = ok(send("POST", "/api/v2/authorization/roles",
                      R"({"name":"Queue viewer","permissionPolicies":[{"domain":"routing","entityName":"queue",)"
                      R"("actionSet":["view"],"resourceConditionNode":)" +
                          condition + "}]}"));
  const auto& policy = role.at("permissionPolicies").as_array().at(0).as_object();
  EXPECT_EQ(boost::json::serialize(policy.at("resourceConditionNode")),
            boost::json::serialize(boost::json::parse(condition)));
  auto token = token_with({"Queue viewer"});
  auto permitted =
      ok(send("GET", "/api/v2/authorization/divisionspermitted/paged/me?permission=routing:queue:view", "", token));
  EXPECT_EQ(permitted.at("total").as_int64(), 0);
  EXPECT_FALSE(permitted.at("allDivsPermitted").as_bool());
}

TEST_F(RolesTest, PutRefusesPermissionsOutsideTheCatalogEvenUnderAWildcard) {
  auto role = create_role("Directory anything", {"directory:*:*"});
  auto res = send("PUT", "/api/v2/authorization/roles/" + str(role, "id"),
                  R"({"name":"Directory anything","permissions":["directory:nonsense:fly"]})");
  EXPECT_TRUE(is_error_body(res, 400, "invalid.value"));
  EXPECT_EQ(first_field_name(res), "permissions[0]");
  // Writing back what was read still works.
  auto again = send("PUT", "/api/v2/authorization/roles/" + str(role, "id"),
                    R"({"name":"Directory anything","permissions":["directory:*:*"]})");
  EXPECT_TRUE(has_status(again, 200));
}

}  // namespace
}  // namespace rp::test

namespace rp::test {
namespace {

TEST_F(RolesTest, RemoveUsersValidatesTheBody) {
  const std::string rid = str(role_named("supervisor"), "id");
  const std::string a = str(create_user("A", "a@example.com"), "id");
  ASSERT_TRUE(has_status(send("PUT", roles_path("/" + rid + "/users/add"), "[\"" + a + "\"]"), 200));
  const std::string target = roles_path("/" + rid + "/users/remove");

  std::string many = "[";
  for (int i = 0; i < 101; ++i) many += (i ? ",\"" : "\"") + a + "\"";
  many += "]";
  auto too_many = send("PUT", target, many);
  EXPECT_TRUE(is_error_body(too_many, 400, "invalid.value"));
  EXPECT_EQ(first_field_name(too_many), "body");

  for (const std::string& body : std::vector<std::string>{R"({"a":1})", "\"" + a + "\"", "[7]", "{not json"}) {
    auto res = send("PUT", target, body);
    EXPECT_TRUE(is_error_body(res, 400, "bad.request")) << body;
  }

  auto unknown = send("PUT", target, "[\"" + a + "\",\"" + random_uuid() + "\"]");
  EXPECT_TRUE(is_error_body(unknown, 404, "not.found"));
  EXPECT_EQ(first_field_name(unknown), "body[1]");
  EXPECT_EQ(num(role_named("supervisor"), "userCount"), 1) << "a refused remove changed the members";
}

TEST_F(RolesTest, CompareDefaultWithUnknownRolesIs404) {
  const std::string eid = str(role_named("employee"), "id");
  const std::string body = R"({"name":"employee","permissions":["directory:user:view"]})";
  auto unknown_left = send("POST", roles_path("/" + random_uuid() + "/comparedefault/employee"), body);
  EXPECT_TRUE(is_error_body(unknown_left, 404, "not.found")) << "unknown left";
  auto unknown_right = send("POST", roles_path("/" + eid + "/comparedefault/" + random_uuid()), body);
  EXPECT_TRUE(is_error_body(unknown_right, 404, "not.found")) << "unknown right id";
  auto unknown_name = send("POST", roles_path("/" + eid + "/comparedefault/nope"), body);
  EXPECT_TRUE(is_error_body(unknown_name, 404, "not.found")) << "unknown right defaultRoleId";
  // A custom role (no default behind it) is no right side either.
  auto custom = create_role("Custom");
  auto not_default = send("POST", roles_path("/" + eid + "/comparedefault/" + str(custom, "id")), body);
  EXPECT_TRUE(is_error_body(not_default, 404, "not.found")) << "custom right";
  EXPECT_TRUE(
      is_error_body(send("GET", roles_path("/" + random_uuid() + "/comparedefault/employee")), 404, "not.found"));
  EXPECT_TRUE(is_error_body(send("GET", roles_path("/" + eid + "/comparedefault/" + random_uuid())), 404, "not.found"));
}

TEST_F(RolesTest, GetOneRoleRejectsBadQueryValues) {
  const std::string eid = str(role_named("employee"), "id");
  for (auto [query, field] : std::vector<std::pair<std::string, std::string>>{{"expand=nonsense", "expand"},
                                                                              {"userCount=maybe", "userCount"}}) {
    auto res = send("GET", roles_path("/" + eid + "?" + query));
    EXPECT_TRUE(is_error_body(res, 400, "invalid.value")) << query;
    EXPECT_EQ(first_field_name(res), field) << query;
  }
}

TEST_F(RolesTest, GrantWildcardAllowsAddingUsersToARole) {
  const std::string token = token_with_permission("authorization:grant:*");
  // The caller may give a role whose permissions it holds, not a stronger one.
  const std::string rid = str(create_role("grant helper", {"authorization:grant:view"}), "id");
  const std::string a = str(create_user("A", "a@example.com"), "id");
  auto added = send("PUT", roles_path("/" + rid + "/users/add"), "[\"" + a + "\"]", token);
  ASSERT_TRUE(has_status(added, 200));
  EXPECT_EQ(strings_of(parse_json(added.body)), std::vector<std::string>{a});
  EXPECT_EQ(num(role_named("grant helper"), "userCount"), 1);
  const std::string admin_id = str(role_named("admin"), "id");
  auto escalate = send("PUT", roles_path("/" + admin_id + "/users/add"), "[\"" + a + "\"]", token);
  EXPECT_TRUE(is_error_body(escalate, 403, "missing.permissions")) << escalate.body;
  EXPECT_EQ(num(role_named("admin"), "userCount"), 0) << "nothing was written";
  // It is about grants only.
  expect_denied(send("GET", roles_path(), "", token), "authorization:role:view", "grant wildcard");
}

}  // namespace
}  // namespace rp::test
