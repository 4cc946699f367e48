// Grants and divisionspermitted over HTTP: GET /api/v2/authorization/subjects/{id},
// POST .../bulkadd|bulkremove|bulkreplace, POST/DELETE
// .../subjects/{id}/divisions/{divisionId}/roles/{roleId},
// GET /api/v2/authorization/divisionspermitted/me and .../paged/me.

#include <algorithm>

#include "api/api_test.h"

namespace rp::test {
namespace {

namespace json = boost::json;

constexpr std::string_view kSubjects = "/api/v2/authorization/subjects/";
constexpr std::string_view kPermitted = "/api/v2/authorization/divisionspermitted/me";
constexpr std::string_view kPermittedPaged = "/api/v2/authorization/divisionspermitted/paged/me";

class GrantsApiTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    home_id_ = str(get_object("/api/v2/authorization/divisions/home"), "id");
  }

  ClientCredentials client_with(const std::vector<std::string>& roles, std::string name = "") {
    if (name.empty()) {
      name = "client";
      for (const auto& r : roles) name += "-" + r;
    }
    return server().create_client(server().org().organization_id, name, roles);
  }

  json::object get_object(std::string_view target, std::string_view token = {}) {
    auto res = http().get(target, token.empty() ? admin() : token);
    EXPECT_TRUE(has_status(res, 200)) << "GET " << target;
    return res.status == 200 ? parse_object(res.body) : json::object{};
  }

  std::string create_division(std::string_view name) {
    auto res =
        http().post_json("/api/v2/authorization/divisions", json::serialize(json::object{{"name", name}}), admin());
    EXPECT_TRUE(has_status(res, 200));
    return res.status == 200 ? str(parse_object(res.body), "id") : "";
  }

  // The id of default role `name`, read from a client that holds it.
  std::string role_id(const std::string& name) {
    auto creds = client_with({name}, "probe-" + name);
    auto subject = get_object(std::string(kSubjects) + creds.client_id);
    return str(subject.at("grants").as_array().at(0).as_object().at("role").as_object(), "id");
  }

  static std::string grants_body(const std::vector<std::pair<std::string, std::string>>& pairs) {
    json::array grants;
    for (const auto& [role, division] : pairs)
      grants.push_back(json::object{{"roleId", role}, {"divisionId", division}});
    return json::serialize(json::object{{"grants", std::move(grants)}});
  }

  HttpResponse bulk(std::string_view subject, std::string_view op, std::string_view body, std::string_view token = {}) {
    return http().post_json(std::string(kSubjects) + std::string(subject) + "/" + std::string(op), body,
                            token.empty() ? admin() : token);
  }

  // (role name, division id) of every grant of `subject`, sorted.
  std::vector<std::pair<std::string, std::string>> grants_of(std::string_view subject) {
    std::vector<std::pair<std::string, std::string>> out;
    auto s = get_object(std::string(kSubjects) + std::string(subject));
    if (!s.contains("grants")) return out;
    for (const auto& g : s.at("grants").as_array())
      out.emplace_back(str(g.as_object().at("role").as_object(), "name"),
                       str(g.as_object().at("division").as_object(), "id"));
    std::sort(out.begin(), out.end());
    return out;
  }

  std::string home_id_;
};

using Pairs = std::vector<std::pair<std::string, std::string>>;

TEST_F(GrantsApiTest, SubjectAnswersTheAuthzSubject) {
  const std::string id = server().org().admin.client_id;
  auto s = get_object(std::string(kSubjects) + id);
  EXPECT_EQ(str(s, "id"), id);
  EXPECT_EQ(str(s, "name"), "Bootstrap administrator");
  EXPECT_EQ(num(s, "version"), 1);
  EXPECT_EQ(str(s, "selfUri"), std::string(kSubjects) + id);
  ASSERT_EQ(s.at("grants").as_array().size(), 1u) << json::serialize(s);
  const auto& g = s.at("grants").as_array()[0].as_object();
  EXPECT_EQ(str(g, "subjectId"), id);
  EXPECT_EQ(str(g.at("division").as_object(), "id"), "*");
  EXPECT_FALSE(str(g.at("division").as_object(), "name").empty());
  const auto& role = g.at("role").as_object();
  EXPECT_TRUE(is_uuid(str(role, "id")));
  EXPECT_EQ(str(role, "name"), "admin");
  EXPECT_TRUE(role.at("default").as_bool());
  EXPECT_EQ(str(role, "selfUri"), "/api/v2/authorization/roles/" + str(role, "id"));
  ASSERT_FALSE(role.at("policies").as_array().empty());
  const auto& policy = role.at("policies").as_array()[0].as_object();
  EXPECT_EQ(str(policy, "domain"), "*");
  EXPECT_EQ(str(policy, "entityName"), "*");
  EXPECT_EQ(json::serialize(policy.at("actions")), R"(["*"])");
  const std::string made = str(g, "grantMadeAt");
  EXPECT_EQ(made.size(), 24u) << made;
  EXPECT_EQ(made.back(), 'Z') << made;

  auto user = create_user("Grace Hopper", "grace@example.com");
  auto us = get_object(std::string(kSubjects) + str(user, "id"));
  EXPECT_EQ(str(us, "name"), "Grace Hopper");
  EXPECT_TRUE(us.at("grants").as_array().empty());
  EXPECT_EQ(num(us, "version"), 1);
}

TEST_F(GrantsApiTest, BulkaddIsEffectiveOnTheVeryNextRequest) {
  auto creds = client_with({}, "no-roles");
  const std::string token = server().token(creds);
  auto denied = post_user(R"({"name":"First Try","email":"first@example.com"})", token);
  ASSERT_TRUE(is_error_body(denied, 403, "missing.any.permissions"));

  auto added = bulk(creds.client_id, "bulkadd", grants_body({{role_id("supervisor"), home_id_}}));
  ASSERT_TRUE(has_status(added, 204));
  EXPECT_TRUE(added.body.empty());
  auto allowed = post_user(R"({"name":"Second Try","email":"second@example.com"})", token);
  ASSERT_TRUE(has_status(allowed, 200));
  EXPECT_TRUE(is_user(parse_object(allowed.body), "Second Try", "second@example.com"));

  ASSERT_TRUE(has_status(bulk(creds.client_id, "bulkremove", grants_body({{role_id("supervisor"), home_id_}})), 204));
  EXPECT_TRUE(is_error_body(post_user(R"({"name":"Third Try","email":"third@example.com"})", token), 403,
                            "missing.any.permissions"));
}

TEST_F(GrantsApiTest, UserWritesNeedThePermissionInTheUsersDivision) {
  const std::string sales = create_division("Sales");
  auto creds = client_with({}, "sales-only");
  const std::string token = server().token(creds);
  // Supervisor (directory:user:add) only in Sales.
  ASSERT_TRUE(has_status(bulk(creds.client_id, "bulkadd", grants_body({{role_id("supervisor"), sales}})), 204));

  auto in_sales =
      post_user(R"({"name":"In Sales","email":"in.sales@example.com","divisionId":")" + sales + R"("})", token);
  ASSERT_TRUE(has_status(in_sales, 200));
  EXPECT_EQ(str(parse_object(in_sales.body).at("division").as_object(), "id"), sales);

  auto in_home = post_user(R"({"name":"In Home","email":"in.home@example.com"})", token);
  EXPECT_TRUE(is_error_body(in_home, 403, "missing.any.permissions"));
  auto listed = http().get("/api/v2/users?state=any", admin());
  ASSERT_TRUE(has_status(listed, 200));
  EXPECT_EQ(listed.body.find("in.home@example.com"), std::string::npos) << "a refused create stored the user";

  // Deleting needs directory:user:delete (or another listed permission) in the
  // user's division: a role holding it in Sales deletes the Sales user only.
  auto home_user = post_user(R"({"name":"Home User","email":"home.user@example.com"})", admin());
  ASSERT_TRUE(has_status(home_user, 200));
  auto deleter = http().post_json(
      "/api/v2/authorization/roles",
      R"({"name":"User deleter","permissionPolicies":[{"domain":"directory","entityName":"user","actionSet":["delete"]}]})",
      admin());
  ASSERT_TRUE(has_status(deleter, 200));
  const std::string deleter_id = str(parse_object(deleter.body), "id");
  ASSERT_TRUE(has_status(bulk(creds.client_id, "bulkadd", grants_body({{deleter_id, sales}})), 204));
  EXPECT_TRUE(is_error_body(http().del("/api/v2/users/" + str(parse_object(home_user.body), "id"), token), 403,
                            "missing.any.permissions"));
  EXPECT_TRUE(has_status(http().del("/api/v2/users/" + str(parse_object(in_sales.body), "id"), token), 200));
}

TEST_F(GrantsApiTest, BulkreplaceSetsExactlyTheGivenGrants) {
  const std::string a = create_division("A");
  const std::string employee = role_id("employee"), supervisor = role_id("supervisor");
  auto user = create_user("Ada", "ada@example.com");
  const std::string id = str(user, "id");
  ASSERT_TRUE(
      has_status(bulk(id, "bulkadd", grants_body({{employee, a}, {supervisor, home_id_}, {employee, a}})), 204));
  EXPECT_EQ(grants_of(id), (Pairs{{"employee", a}, {"supervisor", home_id_}}));
  ASSERT_TRUE(
      has_status(bulk(id, "bulkreplace?subjectType=PC_USER", grants_body({{employee, "*"}, {supervisor, a}})), 204));
  EXPECT_EQ(grants_of(id), (Pairs{{"employee", "*"}, {"supervisor", a}}));
  ASSERT_TRUE(has_status(bulk(id, "bulkreplace", R"({"grants":[]})"), 204));
  EXPECT_TRUE(grants_of(id).empty());
}

TEST_F(GrantsApiTest, SingleGrantByPath) {
  const std::string a = create_division("A");
  const std::string supervisor = role_id("supervisor");
  auto user = create_user("Ada", "ada@example.com");
  const std::string base = std::string(kSubjects) + str(user, "id") + "/divisions/";
  auto made = http().post_json(base + a + "/roles/" + supervisor, "", admin());
  ASSERT_TRUE(has_status(made, 204));
  EXPECT_EQ(grants_of(str(user, "id")), (Pairs{{"supervisor", a}}));
  EXPECT_TRUE(is_error_body(http().post_json(base + a + "/roles/" + random_uuid(), "", admin()), 404, "not.found"));
  EXPECT_TRUE(
      is_error_body(http().post_json(base + random_uuid() + "/roles/" + supervisor, "", admin()), 404, "not.found"));
  EXPECT_TRUE(is_error_body(
      http().post_json(std::string(kSubjects) + random_uuid() + "/divisions/" + a + "/roles/" + supervisor, "",
                       admin()),
      404, "not.found"));
  ASSERT_TRUE(has_status(http().del(base + a + "/roles/" + supervisor, admin()), 204));
  EXPECT_TRUE(grants_of(str(user, "id")).empty());
}

TEST_F(GrantsApiTest, BadBodiesAre400NamingTheField) {
  const std::string employee = role_id("employee");
  auto user = create_user("Ada", "ada@example.com");
  const std::string id = str(user, "id");
  struct Case {
    std::string body;
    std::string field;
  };
  std::vector<Case> cases = {
      {R"({})", "grants"},
      {R"({"grants":{}})", "grants"},
      {R"({"grants":[5]})", "grants[0]"},
      {grants_body({{employee, home_id_}, {random_uuid(), home_id_}}), "grants[1].roleId"},
      {grants_body({{employee, home_id_}, {employee, home_id_}, {employee, random_uuid()}}), "grants[2].divisionId"},
      {R"({"grants":[{"divisionId":")" + home_id_ + R"("}]})", "grants[0].roleId"},
      {R"({"grants":[{"roleId":")" + employee + R"(","divisionId":3}]})", "grants[0].divisionId"},
  };
  for (const auto& c : cases) {
    for (std::string op : {"bulkadd", "bulkremove", "bulkreplace"}) {
      auto res = bulk(id, op, c.body);
      EXPECT_TRUE(is_error_body(res, 400, "invalid.value")) << op << " " << c.body;
      EXPECT_EQ(first_field_name(res), c.field) << op << " " << c.body;
    }
  }
  auto bad_type = bulk(id, "bulkadd?subjectType=PC_ROBOT", grants_body({{employee, home_id_}}));
  EXPECT_TRUE(is_error_body(bad_type, 400, "invalid.value"));
  EXPECT_EQ(first_field_name(bad_type), "subjectType");
  EXPECT_TRUE(grants_of(id).empty()) << "nothing was granted";
}

TEST_F(GrantsApiTest, UnknownDeletedAndForeignSubjectsAre404) {
  auto other = server().bootstrap_another_org("globex");
  auto user = create_user("Gone", "gone@example.com");
  ASSERT_TRUE(has_status(http().del("/api/v2/users/" + str(user, "id"), admin()), 200));
  const std::string body = grants_body({{role_id("employee"), home_id_}});
  for (const std::string& id : {other.admin.client_id, str(user, "id"), random_uuid()}) {
    EXPECT_TRUE(is_error_body(http().get(std::string(kSubjects) + id, admin()), 404, "not.found")) << id;
    for (std::string op : {"bulkadd", "bulkremove", "bulkreplace"})
      EXPECT_TRUE(is_error_body(bulk(id, op, body), 404, "not.found")) << op << " " << id;
  }
  // The other organization's roles and divisions are not ours either.
  const std::string their_token = server().token(other.admin);
  auto theirs = get_object(std::string(kSubjects) + other.admin.client_id, their_token);
  const std::string their_role = str(theirs.at("grants").as_array()[0].as_object().at("role").as_object(), "id");
  auto res = bulk(server().org().admin.client_id, "bulkadd", grants_body({{their_role, home_id_}}));
  EXPECT_TRUE(is_error_body(res, 400, "invalid.value"));
  EXPECT_EQ(first_field_name(res), "grants[0].roleId");
}

TEST_F(GrantsApiTest, PermissionsAreEnforcedPerOperation) {
  auto user = create_user("Ada", "ada@example.com");
  const std::string id = str(user, "id");
  const std::string employee = role_id("employee");
  const std::string body = grants_body({{employee, home_id_}});
  for (const auto& roles :
       {std::vector<std::string>{}, std::vector<std::string>{"employee"}, std::vector<std::string>{"supervisor"}}) {
    const std::string token = server().token(client_with(roles));
    auto view = http().get(std::string(kSubjects) + id, token);
    EXPECT_TRUE(is_error_body(view, 403, "missing.any.permissions"));
    EXPECT_NE(view.body.find("authorization:grant:view"), std::string::npos) << view.body;
    auto add = bulk(id, "bulkadd", body, token);
    EXPECT_TRUE(is_error_body(add, 403, "missing.permissions"));
    EXPECT_NE(add.body.find("authorization:grant:add"), std::string::npos) << add.body;
    auto remove = bulk(id, "bulkremove", body, token);
    EXPECT_TRUE(is_error_body(remove, 403, "missing.permissions"));
    EXPECT_NE(remove.body.find("authorization:grant:delete"), std::string::npos) << remove.body;
    EXPECT_TRUE(is_error_body(bulk(id, "bulkreplace", body, token), 403, "missing.permissions"));
    EXPECT_TRUE(is_error_body(
        http().post_json(std::string(kSubjects) + id + "/divisions/" + home_id_ + "/roles/" + employee, "", token), 403,
        "missing.permissions"));
  }
  EXPECT_TRUE(grants_of(id).empty());

  // The admin role (wildcard policy) may do all of it.
  const std::string admin_role = server().token(client_with({"admin"}));
  EXPECT_TRUE(has_status(http().get(std::string(kSubjects) + id, admin_role), 200));
  EXPECT_TRUE(has_status(bulk(id, "bulkadd", body, admin_role), 204));
  EXPECT_TRUE(has_status(bulk(id, "bulkreplace", body, admin_role), 204));
  EXPECT_TRUE(has_status(bulk(id, "bulkremove", body, admin_role), 204));
}

TEST_F(GrantsApiTest, DivisionsPermittedFollowTheGrantedDivisions) {
  const std::string a = create_division("A");
  const std::string b = create_division("B");
  auto creds = client_with({}, "divisional");
  const std::string token = server().token(creds);
  const std::string q = "?permission=directory:user:add";

  // No grants: no divisions, and no permission is needed to ask.
  auto none = http().get(std::string(kPermitted) + q, token);
  ASSERT_TRUE(has_status(none, 200));
  EXPECT_EQ(none.body, "[]");

  ASSERT_TRUE(has_status(bulk(creds.client_id, "bulkadd", grants_body({{role_id("supervisor"), a}})), 204));
  auto only_a = http().get(std::string(kPermitted) + q, token);
  ASSERT_TRUE(has_status(only_a, 200));
  auto list = parse_json(only_a.body).as_array();
  ASSERT_EQ(list.size(), 1u) << only_a.body;
  EXPECT_EQ(str(list[0].as_object(), "id"), a);
  EXPECT_EQ(str(list[0].as_object(), "name"), "A");
  EXPECT_EQ(str(list[0].as_object(), "selfUri"), "/api/v2/authorization/divisions/" + a);
  EXPECT_FALSE(list[0].as_object().at("homeDivision").as_bool());

  auto paged = get_object(std::string(kPermittedPaged) + q, token);
  EXPECT_EQ(ids_of(paged), std::vector<std::string>{a});
  EXPECT_EQ(num(paged, "total"), 1);
  EXPECT_EQ(num(paged, "pageSize"), 25);
  EXPECT_EQ(num(paged, "pageNumber"), 1);
  EXPECT_EQ(num(paged, "pageCount"), 1);
  ASSERT_TRUE(paged.contains("allDivsPermitted"));
  EXPECT_FALSE(paged.at("allDivsPermitted").as_bool());
  EXPECT_EQ(uri_param(str(paged, "selfUri"), kPermittedPaged, "permission"), "directory:user:add");

  // An all-divisions grant permits every division.
  ASSERT_TRUE(has_status(bulk(creds.client_id, "bulkadd", grants_body({{role_id("supervisor"), "*"}})), 204));
  auto all = parse_json(http().get(std::string(kPermitted) + q, token).body).as_array();
  EXPECT_EQ(all.size(), 3u);
  auto page2 = get_object(std::string(kPermittedPaged) + q + "&pageSize=2&pageNumber=2", token);
  EXPECT_TRUE(page2.at("allDivsPermitted").as_bool());
  EXPECT_EQ(num(page2, "total"), 3);
  EXPECT_EQ(num(page2, "pageCount"), 2);
  EXPECT_EQ(page2.at("entities").as_array().size(), 1u);
  EXPECT_EQ(uri_param(str(page2, "previousUri"), kPermittedPaged, "pageNumber"), "1");
  (void)b;
}

TEST_F(GrantsApiTest, DivisionsPermittedNeedsAKnownPermission) {
  for (std::string path : {std::string(kPermitted), std::string(kPermittedPaged)}) {
    for (std::string q : {"", "?permission=", "?permission=directory:user:fly", "?permission=nope:nope:nope"}) {
      auto res = http().get(path + q, admin());
      EXPECT_TRUE(is_error_body(res, 400, "invalid.value")) << path << q;
      EXPECT_EQ(first_field_name(res), "permission") << path << q;
    }
  }
  auto bad_page = http().get(std::string(kPermittedPaged) + "?permission=directory:user:add&pageSize=0", admin());
  EXPECT_TRUE(is_error_body(bad_page, 400, "bad.request"));
  EXPECT_EQ(first_field_name(bad_page), "pageSize");
}

}  // namespace
}  // namespace rp::test

namespace rp::test {
namespace {

TEST_F(GrantsApiTest, DeleteSingleGrantNeedsGrantDelete) {
  const std::string a = create_division("A");
  const std::string supervisor = role_id("supervisor");
  auto user = create_user("Ada", "ada@example.com");
  const std::string target = std::string(kSubjects) + str(user, "id") + "/divisions/" + a + "/roles/" + supervisor;
  ASSERT_TRUE(has_status(http().post_json(target, "", admin()), 204));

  // employee holds authorization:division:view, not authorization:grant:delete.
  const std::string employee = server().token(client_with({"employee"}));
  auto denied = http().del(target, employee);
  EXPECT_TRUE(is_error_body(denied, 403, "missing.permissions"));
  EXPECT_NE(denied.body.find("authorization:grant:delete"), std::string::npos) << denied.body;
  const std::string none = server().token(client_with({}, "no-roles"));
  EXPECT_TRUE(is_error_body(http().del(target, none), 403, "missing.permissions"));
  EXPECT_EQ(grants_of(str(user, "id")), (Pairs{{"supervisor", a}})) << "a refused delete removed the grant";
}

TEST_F(GrantsApiTest, DeleteSingleGrantOfUnknownSubjectDivisionOrRoleIs404) {
  const std::string a = create_division("A");
  const std::string supervisor = role_id("supervisor");
  auto user = create_user("Ada", "ada@example.com");
  const std::string id = str(user, "id");
  const std::string base = std::string(kSubjects) + id + "/divisions/";
  ASSERT_TRUE(has_status(http().post_json(base + a + "/roles/" + supervisor, "", admin()), 204));

  auto unknown_subject =
      http().del(std::string(kSubjects) + random_uuid() + "/divisions/" + a + "/roles/" + supervisor, admin());
  EXPECT_TRUE(is_error_body(unknown_subject, 404, "not.found")) << "unknown subject";
  auto unknown_division = http().del(base + random_uuid() + "/roles/" + supervisor, admin());
  EXPECT_TRUE(is_error_body(unknown_division, 404, "not.found")) << "unknown division";
  auto unknown_role = http().del(base + a + "/roles/" + random_uuid(), admin());
  EXPECT_TRUE(is_error_body(unknown_role, 404, "not.found")) << "unknown role";
  EXPECT_EQ(grants_of(id), (Pairs{{"supervisor", a}})) << "nothing was removed";
}

TEST_F(GrantsApiTest, SubjectIsReadableWithExactlyGrantView) {
  auto role = http().post_json("/api/v2/authorization/roles",
                               R"({"name":"Grant viewer","permissions":["authorization:grant:view"]})", admin());
  ASSERT_TRUE(has_status(role, 200));
  ASSERT_EQ(parse_object(role.body).at("permissions").as_array().size(), 1u) << role.body;
  const std::string token = server().token(client_with({"Grant viewer"}));
  auto user = create_user("Ada", "ada@example.com");
  const std::string id = str(user, "id");

  auto s = get_object(std::string(kSubjects) + id, token);
  EXPECT_EQ(str(s, "id"), id);
  EXPECT_EQ(str(s, "name"), "Ada");
  EXPECT_TRUE(s.contains("grants") && s.at("grants").as_array().empty()) << json::serialize(s);
  // grant:view does not allow changing grants.
  auto add = bulk(id, "bulkadd", grants_body({{role_id("employee"), home_id_}}), token);
  EXPECT_TRUE(is_error_body(add, 403, "missing.permissions"));
  EXPECT_TRUE(grants_of(id).empty());
}

TEST_F(GrantsApiTest, GrantingIsLimitedToThePermissionsTheCallerHolds) {
  auto role = http().post_json("/api/v2/authorization/roles",
                               R"({"name":"Granter","permissions":["authorization:grant:add"]})", admin());
  ASSERT_TRUE(has_status(role, 200));
  const std::string granter_role = str(parse_object(role.body), "id");
  auto creds = client_with({"Granter"});
  const std::string token = server().token(creds);
  const std::string admin_id = role_id("admin");
  const Pairs before = grants_of(creds.client_id);

  // Giving itself admin (every permission) is refused on every path.
  auto add = bulk(creds.client_id, "bulkadd", grants_body({{admin_id, "*"}}), token);
  EXPECT_TRUE(is_error_body(add, 403, "missing.permissions")) << add.body;
  EXPECT_NE(add.body.find("You cannot grant the role [admin]"), std::string::npos) << add.body;
  EXPECT_TRUE(is_error_body(bulk(creds.client_id, "bulkadd", grants_body({{admin_id, home_id_}}), token), 403,
                            "missing.permissions"));
  // Keeping the grant it holds is allowed, adding admin is not.
  EXPECT_TRUE(is_error_body(
      bulk(creds.client_id, "bulkreplace", grants_body({{granter_role, home_id_}, {admin_id, home_id_}}), token), 403,
      "missing.permissions"));
  EXPECT_TRUE(is_error_body(
      http().post_json(std::string(kSubjects) + creds.client_id + "/divisions/" + home_id_ + "/roles/" + admin_id, "",
                       token),
      403, "missing.permissions"));
  EXPECT_EQ(grants_of(creds.client_id), before) << "nothing was written";

  // A caller holding the role's permissions (the admin client) may give it.
  auto user = create_user("Ada", "ada@example.com");
  const std::string id = str(user, "id");
  EXPECT_TRUE(has_status(bulk(id, "bulkadd", grants_body({{admin_id, "*"}})), 204));
  EXPECT_TRUE(has_status(bulk(id, "bulkreplace", grants_body({{admin_id, home_id_}})), 204));
  EXPECT_TRUE(has_status(
      http().post_json(std::string(kSubjects) + id + "/divisions/" + home_id_ + "/roles/" + granter_role, "", admin()),
      204));
  EXPECT_EQ(grants_of(id), (Pairs{{"Granter", home_id_}, {"admin", home_id_}}));
}

}  // namespace
}  // namespace rp::test
