// Divisions over HTTP: GET/POST /api/v2/authorization/divisions,
// GET .../divisions/home, GET/PUT/DELETE .../divisions/{divisionId}.

#include "api/api_test.h"

namespace rp::test {
namespace {

namespace json = boost::json;

constexpr std::string_view kDivisions = "/api/v2/authorization/divisions";

class DivisionsApiTest : public ApiTest {
 protected:
  std::string token_with(const std::vector<std::string>& roles) {
    std::string name = "client";
    for (const auto& r : roles) name += "-" + r;
    return server().token(server().create_client(server().org().organization_id, name, roles));
  }

  HttpResponse put_json(std::string_view target, std::string_view body, std::string_view token) {
    return http().send("PUT", target,
                       {{"Authorization", "Bearer " + std::string(token)}, {"Content-Type", "application/json"}}, body);
  }

  HttpResponse post_division(const json::object& body, std::string_view token = {}) {
    return http().post_json(kDivisions, json::serialize(body), token.empty() ? admin() : token);
  }

  json::object create_division(std::string_view name, std::string_view description = "") {
    json::object body{{"name", name}};
    if (!description.empty()) body["description"] = description;
    auto res = post_division(body);
    EXPECT_TRUE(has_status(res, 200)) << "creating division " << name;
    return res.status == 200 ? parse_object(res.body) : json::object{};
  }

  json::object get_object(std::string_view target, std::string_view token = {}) {
    auto res = http().get(target, token.empty() ? admin() : token);
    EXPECT_TRUE(has_status(res, 200)) << "GET " << target;
    return res.status == 200 ? parse_object(res.body) : json::object{};
  }

  json::object home() { return get_object(std::string(kDivisions) + "/home"); }

  std::string division_uri(std::string_view id) { return std::string(kDivisions) + "/" + std::string(id); }

  static std::vector<std::string> names_of(const json::object& listing) {
    std::vector<std::string> out;
    for (const auto& e : listing.at("entities").as_array()) out.push_back(str(e.as_object(), "name"));
    return out;
  }

  std::string role_id(std::string_view name) {
    // The admin client's only grant names the admin role; other roles are found
    // through a client holding them.
    auto creds =
        server().create_client(server().org().organization_id, "probe-" + std::string(name), {std::string(name)});
    auto subject = get_object("/api/v2/authorization/subjects/" + creds.client_id);
    return str(subject.at("grants").as_array().at(0).as_object().at("role").as_object(), "id");
  }
};

TEST_F(DivisionsApiTest, CreateAnswersTheAuthzDivision) {
  auto res = post_division({{"name", "Sales"}, {"description", "The sales floor"}, {"homeDivision", true}});
  ASSERT_TRUE(has_status(res, 200));
  auto d = parse_object(res.body);
  const std::string id = str(d, "id");
  EXPECT_TRUE(is_uuid(id)) << res.body;
  EXPECT_EQ(str(d, "name"), "Sales");
  EXPECT_EQ(str(d, "description"), "The sales floor");
  ASSERT_TRUE(d.contains("homeDivision") && d.at("homeDivision").is_bool()) << res.body;
  EXPECT_FALSE(d.at("homeDivision").as_bool()) << "homeDivision is read-only";
  EXPECT_EQ(str(d, "selfUri"), division_uri(id));
  EXPECT_FALSE(d.contains("objectCounts")) << res.body;
  EXPECT_EQ(get_object(division_uri(id)), d);

  auto h = home();
  EXPECT_EQ(str(h, "name"), "Home");
  EXPECT_TRUE(h.at("homeDivision").as_bool());
  EXPECT_TRUE(is_uuid(str(h, "id")));
}

TEST_F(DivisionsApiTest, ListingEnvelopeAndPaging) {
  create_division("charlie");
  create_division("Alpha");
  create_division("Bravo");
  auto all = get_object(kDivisions);
  EXPECT_EQ(names_of(all), (std::vector<std::string>{"Alpha", "Bravo", "charlie", "Home"}));
  EXPECT_EQ(num(all, "total"), 4);
  EXPECT_EQ(num(all, "pageSize"), 25);
  EXPECT_EQ(num(all, "pageNumber"), 1);
  EXPECT_EQ(num(all, "pageCount"), 1);

  auto first = get_object(std::string(kDivisions) + "?pageSize=3");
  EXPECT_EQ(names_of(first), (std::vector<std::string>{"Alpha", "Bravo", "charlie"}));
  EXPECT_EQ(num(first, "pageCount"), 2);
  EXPECT_EQ(uri_param(str(first, "nextUri"), kDivisions, "pageNumber"), "2");
  EXPECT_EQ(uri_param(str(first, "lastUri"), kDivisions, "pageNumber"), "2");
  EXPECT_EQ(uri_param(str(first, "firstUri"), kDivisions, "pageNumber"), "1");
  EXPECT_EQ(uri_param(str(first, "selfUri"), kDivisions, "pageSize"), "3");
  EXPECT_FALSE(first.contains("previousUri"));

  auto second = get_object(str(first, "nextUri"));
  EXPECT_EQ(names_of(second), (std::vector<std::string>{"Home"}));
  EXPECT_EQ(num(second, "pageNumber"), 2);
  EXPECT_EQ(uri_param(str(second, "previousUri"), kDivisions, "pageNumber"), "1");
  EXPECT_FALSE(second.contains("nextUri"));
}

TEST_F(DivisionsApiTest, FiltersByNameAndIdAndCountsObjects) {
  auto a = create_division("East Coast");
  auto b = create_division("West Coast");
  create_division("Inland");
  auto by_name = get_object(std::string(kDivisions) + "?name=coast");
  EXPECT_EQ(names_of(by_name), (std::vector<std::string>{"East Coast", "West Coast"}));
  EXPECT_EQ(uri_param(str(by_name, "selfUri"), kDivisions, "name"), "coast");

  auto by_ids = get_object(std::string(kDivisions) + "?id=" + str(a, "id") + "&id=" + str(b, "id"));
  EXPECT_EQ(ids_of(by_ids), (std::vector<std::string>{str(a, "id"), str(b, "id")}));
  auto by_csv = get_object(std::string(kDivisions) + "?id=" + str(b, "id") + "," + random_uuid());
  EXPECT_EQ(ids_of(by_csv), std::vector<std::string>{str(b, "id")});

  create_user("Resident", "resident@example.com", {{"divisionId", str(a, "id")}});
  auto counted = get_object(std::string(kDivisions) + "?objectCount=true&id=" + str(a, "id"));
  ASSERT_EQ(counted.at("entities").as_array().size(), 1u);
  const auto& e = counted.at("entities").as_array()[0].as_object();
  ASSERT_TRUE(e.contains("objectCounts")) << json::serialize(counted);
  EXPECT_EQ(num(e.at("objectCounts").as_object(), "USER"), 1);
  EXPECT_EQ(num(e.at("objectCounts").as_object(), "GRANT"), 0);
  auto one = get_object(division_uri(str(a, "id")) + "?objectCount=true");
  EXPECT_EQ(num(one.at("objectCounts").as_object(), "USER"), 1);
  EXPECT_FALSE(get_object(kDivisions).at("entities").as_array()[0].as_object().contains("objectCounts"));
}

TEST_F(DivisionsApiTest, BadInputIsA400NamingTheField) {
  struct Case {
    std::string body;
    std::string field;
  };
  std::vector<Case> cases = {
      {R"({})", "name"},
      {R"({"name":"   "})", "name"},
      {R"({"name":5})", "name"},
      {R"({"name":")" + std::string(256, 'n') + R"("})", "name"},
      {R"({"name":"Ok","description":")" + std::string(1025, 'd') + R"("})", "description"},
      {R"({"name":"Ok","description":7})", "description"},
  };
  for (const auto& c : cases) {
    auto res = http().post_json(kDivisions, c.body, admin());
    EXPECT_TRUE(is_error_body(res, 400, "invalid.value")) << c.body;
    EXPECT_EQ(first_field_name(res), c.field) << c.body;
  }
  EXPECT_TRUE(is_error_body(http().post_json(kDivisions, "{not json", admin()), 400, "bad.request"));
  for (std::string q : {"pageSize=0", "pageNumber=0", "objectCount=maybe", "sortBy=color"}) {
    auto res = http().get(std::string(kDivisions) + "?" + q, admin());
    EXPECT_TRUE(is_error_body(res, 400, q.starts_with("page") ? "bad.request" : "invalid.value")) << q;
    EXPECT_EQ(first_field_name(res), q.substr(0, q.find('='))) << q;
  }
  EXPECT_EQ(num(get_object(kDivisions), "total"), 1) << "nothing was created";
}

TEST_F(DivisionsApiTest, NamesAreUniqueIgnoringCase) {
  auto sales = create_division("Sales");
  auto res = post_division({{"name", "SALES"}});
  EXPECT_TRUE(is_error_body(res, 409, "general.conflict"));
  EXPECT_TRUE(is_error_body(post_division({{"name", "home"}}), 409, "general.conflict"));
  auto other = create_division("Support");
  auto rename = put_json(division_uri(str(other, "id")), R"({"name":"sales"})", admin());
  EXPECT_TRUE(is_error_body(rename, 409, "general.conflict"));
  EXPECT_EQ(str(get_object(division_uri(str(other, "id"))), "name"), "Support");
}

TEST_F(DivisionsApiTest, UpdateChangesNameAndDescriptionOnly) {
  auto d = create_division("Old Name", "old description");
  auto res =
      put_json(division_uri(str(d, "id")), R"({"name":"New Name","description":"new","homeDivision":true})", admin());
  ASSERT_TRUE(has_status(res, 200));
  auto u = parse_object(res.body);
  EXPECT_EQ(str(u, "id"), str(d, "id"));
  EXPECT_EQ(str(u, "name"), "New Name");
  EXPECT_EQ(str(u, "description"), "new");
  EXPECT_FALSE(u.at("homeDivision").as_bool());
  EXPECT_EQ(get_object(division_uri(str(d, "id"))), u);

  auto kept = put_json(division_uri(str(d, "id")), R"({"name":"Newer"})", admin());
  ASSERT_TRUE(has_status(kept, 200));
  EXPECT_EQ(str(parse_object(kept.body), "description"), "new") << "an absent description is kept";

  auto h = home();
  auto renamed = put_json(division_uri(str(h, "id")), R"({"name":"Headquarters","homeDivision":false})", admin());
  ASSERT_TRUE(has_status(renamed, 200));
  EXPECT_TRUE(parse_object(renamed.body).at("homeDivision").as_bool());
  EXPECT_EQ(str(home(), "name"), "Headquarters");

  auto missing_name = put_json(division_uri(str(d, "id")), R"({"description":"x"})", admin());
  EXPECT_TRUE(is_error_body(missing_name, 400, "invalid.value"));
  EXPECT_EQ(first_field_name(missing_name), "name");
}

TEST_F(DivisionsApiTest, DeleteAnswers204AndTheDivisionIsGone) {
  auto d = create_division("Temporary");
  auto res = http().del(division_uri(str(d, "id")), admin());
  ASSERT_TRUE(has_status(res, 204));
  EXPECT_TRUE(res.body.empty());
  EXPECT_TRUE(is_error_body(http().get(division_uri(str(d, "id")), admin()), 404, "not.found"));
  EXPECT_TRUE(is_error_body(http().del(division_uri(str(d, "id")), admin()), 404, "not.found"));
}

TEST_F(DivisionsApiTest, HomeAndNonEmptyDivisionsCannotBeDeleted) {
  auto h = home();
  EXPECT_TRUE(is_error_body(http().del(division_uri(str(h, "id")), admin()), 400, "bad.request"));

  auto with_user = create_division("With User");
  auto user = create_user("Resident", "resident@example.com", {{"divisionId", str(with_user, "id")}});
  EXPECT_TRUE(is_error_body(http().del(division_uri(str(with_user, "id")), admin()), 409, "general.conflict"));

  auto with_grant = create_division("With Grant");
  json::object grants{
      {"grants", json::array{json::object{{"roleId", role_id("employee")}, {"divisionId", str(with_grant, "id")}}}}};
  ASSERT_TRUE(has_status(http().post_json("/api/v2/authorization/subjects/" + str(user, "id") + "/bulkadd",
                                          json::serialize(grants), admin()),
                         204));
  EXPECT_TRUE(
      is_error_body(http().del(division_uri(str(with_grant, "id")) + "?force=true", admin()), 409, "general.conflict"));
  EXPECT_EQ(num(get_object(kDivisions), "total"), 3) << "nothing was deleted";

  // Emptied, it goes.
  ASSERT_TRUE(has_status(http().post_json("/api/v2/authorization/subjects/" + str(user, "id") + "/bulkremove",
                                          json::serialize(grants), admin()),
                         204));
  EXPECT_TRUE(has_status(http().del(division_uri(str(with_grant, "id")), admin()), 204));
}

TEST_F(DivisionsApiTest, UnknownAndForeignIdsAre404) {
  auto other = server().bootstrap_another_org("globex");
  const std::string their_token = server().token(other.admin);
  auto res = http().post_json(kDivisions, R"({"name":"Theirs"})", their_token);
  ASSERT_TRUE(has_status(res, 200));
  const std::string theirs = str(parse_object(res.body), "id");
  for (const std::string& id : {theirs, random_uuid(), std::string("not-a-uuid")}) {
    EXPECT_TRUE(is_error_body(http().get(division_uri(id), admin()), 404, "not.found")) << id;
    EXPECT_TRUE(is_error_body(put_json(division_uri(id), R"({"name":"Mine"})", admin()), 404, "not.found")) << id;
    EXPECT_TRUE(is_error_body(http().del(division_uri(id), admin()), 404, "not.found")) << id;
  }
  EXPECT_EQ(str(get_object(division_uri(theirs), their_token), "name"), "Theirs");
  EXPECT_EQ(ids_of(get_object(std::string(kDivisions) + "?id=" + theirs)), std::vector<std::string>{});
}

TEST_F(DivisionsApiTest, PermissionsAreEnforcedPerOperation) {
  auto d = create_division("Guarded");
  const std::string uri = division_uri(str(d, "id"));

  // No roles: nothing.
  const std::string none = token_with({});
  EXPECT_TRUE(is_error_body(http().get(kDivisions, none), 403, "missing.any.permissions"));
  EXPECT_TRUE(is_error_body(http().get(uri, none), 403, "missing.any.permissions"));
  auto denied = http().post_json(kDivisions, R"({"name":"Nope"})", none);
  EXPECT_TRUE(is_error_body(denied, 403, "missing.any.permissions"));
  EXPECT_NE(str(parse_object(denied.body), "message").find("authorization:division:add"), std::string::npos);

  // employee holds authorization:division:view only.
  const std::string employee = token_with({"employee"});
  EXPECT_TRUE(has_status(http().get(kDivisions, employee), 200));
  EXPECT_TRUE(has_status(http().get(uri, employee), 200));
  EXPECT_TRUE(has_status(http().get(std::string(kDivisions) + "/home", employee), 200));
  auto add = http().post_json(kDivisions, R"({"name":"Nope"})", employee);
  EXPECT_TRUE(is_error_body(add, 403, "missing.any.permissions"));
  auto edit = put_json(uri, R"({"name":"Renamed"})", employee);
  EXPECT_TRUE(is_error_body(edit, 403, "missing.any.permissions"));
  EXPECT_NE(str(parse_object(edit.body), "message").find("authorization:division:edit"), std::string::npos);
  auto del = http().del(uri, employee);
  EXPECT_TRUE(is_error_body(del, 403, "missing.any.permissions"));
  EXPECT_NE(str(parse_object(del.body), "message").find("authorization:division:delete"), std::string::npos);
  EXPECT_EQ(str(get_object(uri), "name"), "Guarded");
  EXPECT_EQ(num(get_object(kDivisions), "total"), 2);

  // The admin role (a wildcard policy) allows everything.
  const std::string admin_role = token_with({"admin"});
  auto created = http().post_json(kDivisions, R"({"name":"By Admin Role"})", admin_role);
  ASSERT_TRUE(has_status(created, 200));
  EXPECT_TRUE(has_status(put_json(uri, R"({"name":"Renamed"})", admin_role), 200));
  EXPECT_TRUE(has_status(http().del(division_uri(str(parse_object(created.body), "id")), admin_role), 204));
}

}  // namespace
}  // namespace rp::test

namespace rp::test {
namespace {

TEST_F(DivisionsApiTest, HomeNeedsDivisionView) {
  const std::string none = token_with({});
  auto res = http().get(std::string(kDivisions) + "/home", none);
  EXPECT_TRUE(is_error_body(res, 403, "missing.any.permissions"));
  EXPECT_NE(res.body.find("authorization:division:view"), std::string::npos) << res.body;
}

TEST_F(DivisionsApiTest, UpdateValidatesTheBody) {
  auto d = create_division("Original", "kept");
  const std::string uri = division_uri(str(d, "id"));
  struct Case {
    std::string body;
    std::string field;
  };
  std::vector<Case> cases = {
      {R"({"name":""})", "name"},
      {R"({"name":")" + std::string(256, 'n') + R"("})", "name"},
  };
  for (const auto& c : cases) {
    auto res = put_json(uri, c.body, admin());
    EXPECT_TRUE(is_error_body(res, 400, "invalid.value")) << c.body.substr(0, 40);
    EXPECT_EQ(first_field_name(res), c.field) << c.body.substr(0, 40);
  }
  EXPECT_TRUE(is_error_body(put_json(uri, "{not json", admin()), 400, "bad.request"));
  EXPECT_TRUE(is_error_body(put_json(uri, R"({"name":"Unfinished")", admin()), 400, "bad.request"));
  auto unchanged = get_object(uri);
  EXPECT_EQ(str(unchanged, "name"), "Original");
  EXPECT_EQ(str(unchanged, "description"), "kept");

  // 255 characters is still a valid name.
  auto longest = put_json(uri, R"({"name":")" + std::string(255, 'n') + R"("})", admin());
  ASSERT_TRUE(has_status(longest, 200));
  EXPECT_EQ(str(parse_object(longest.body), "name"), std::string(255, 'n'));
}

TEST_F(DivisionsApiTest, ListingNeedsExactlyDivisionView) {
  auto role = http().post_json("/api/v2/authorization/roles",
                               R"({"name":"Division viewer","permissions":["authorization:division:view"]})", admin());
  ASSERT_TRUE(has_status(role, 200));
  ASSERT_EQ(parse_object(role.body).at("permissions").as_array().size(), 1u) << role.body;
  create_division("Visible");
  const std::string token = token_with({"Division viewer"});
  auto listing = get_object(kDivisions, token);
  EXPECT_EQ(names_of(listing), (std::vector<std::string>{"Home", "Visible"}));
  EXPECT_EQ(num(listing, "total"), 2);
  // division:view does not allow creating one.
  EXPECT_TRUE(is_error_body(http().post_json(kDivisions, R"({"name":"Nope"})", token), 403, "missing.any.permissions"));
}

}  // namespace
}  // namespace rp::test
