// POST/GET /api/v2/users/search: every criterion type against a fixture
// organization with known answers, groups and operators, sorting, q64 paging
// round trips, returnFields, permissions, tenancy and bad requests.

#include <algorithm>
#include <cstdlib>
#include <fstream>

#include "api/api_test.h"
#include "support/subprocess.h"

namespace rp::test {
namespace {

namespace json = boost::json;
using Names = std::vector<std::string>;

constexpr std::string_view search_path = "/api/v2/users/search";

class UsersSearchTest : public ApiTest {
 protected:
  // The fixture: six people (names sorted: Ada, Alan, Barbara, Edsger, Grace, Linus).
  void make_people() {
    auto phone = [](const std::string& number) {
      return json::array{json::object{{"address", number}, {"mediaType", "PHONE"}, {"type", "WORK"}}};
    };
    ada = create_user("Ada Lovelace", "ada@analytical.example",
                      {{"title", "Analyst"}, {"department", "Mathematics"}, {"addresses", phone("+13175550101")}});
    alan = create_user("Alan Turing", "alan.turing@bletchley.example",
                       {{"title", "Cryptanalyst"}, {"department", "Mathematics"}});
    grace = create_user("Grace Hopper", "grace@navy.example",
                        {{"title", "Rear Admiral"}, {"department", "Navy"}, {"addresses", phone("+13175550199")}});
    edsger = create_user("Edsger Dijkstra", "ewd@eindhoven.example", {{"department", "Computing"}});
    barbara = create_user("Barbara Liskov", "liskov@mit.example",
                          {{"title", "Professor"}, {"department", "Computing"}, {"manager", str(edsger, "id")}});
    linus = create_user("Linus Torvalds", "linus@kernel.example", {{"title", "Engineer"}, {"state", "inactive"}});
  }

  HttpResponse search(const json::value& body, std::string_view token = {}) {
    return http().post_json(search_path, json::serialize(body), token.empty() ? admin() : token);
  }
  HttpResponse get_q64(std::string_view link, std::string_view token = {}) {
    return http().get(link, token.empty() ? admin() : token);
  }

  static Names names_of(const json::object& answer) {
    Names out;
    for (const auto& r : answer.at("results").as_array()) out.push_back(str(r.as_object(), "name"));
    return out;
  }
  // The names one query (a single criterion, or a list) finds, in order.
  Names found(const json::value& query, json::object extra = {}) {
    extra["query"] = query.is_array() ? query : json::array{query};
    if (!extra.contains("pageSize")) extra["pageSize"] = 100;
    auto res = search(extra);
    EXPECT_TRUE(has_status(res, 200)) << json::serialize(query);
    if (res.status != 200) return {"<" + std::to_string(res.status) + ">"};
    return names_of(parse_object(res.body));
  }
  // The fieldName of a 400 answer to `body`, after checking the ErrorBody.
  std::string bad_field(const json::object& body) {
    auto res = search(body);
    EXPECT_TRUE(is_error_body(res, 400, "invalid.value")) << json::serialize(body) << " -> " << res.body;
    return first_field_name(res);
  }

  json::object ada, alan, grace, edsger, barbara, linus;
};

json::object crit(std::string_view type, std::vector<std::string> fields, std::string_view value = {}) {
  json::object c{{"type", type}};
  json::array f;
  for (auto& x : fields) f.emplace_back(x);
  if (!fields.empty()) c["fields"] = std::move(f);
  if (!value.empty()) c["value"] = value;
  return c;
}

json::object with(json::object c, std::string_view key, json::value v) {
  c[key] = std::move(v);
  return c;
}

TEST_F(UsersSearchTest, EachCriterionTypeFindsItsKnownAnswer) {
  make_people();
  EXPECT_EQ(found(crit("EXACT", {"email"}, "GRACE@navy.example")), (Names{"Grace Hopper"}));
  EXPECT_EQ(found(with(crit("EXACT", {"name"}), "values", json::array{"ada lovelace", "linus torvalds"})),
            (Names{"Ada Lovelace", "Linus Torvalds"}));
  EXPECT_EQ(found(crit("STARTS_WITH", {"name"}, "a")), (Names{"Ada Lovelace", "Alan Turing"}));
  EXPECT_EQ(found(crit("STARTS_WITH", {"email"}, "LIS")), (Names{"Barbara Liskov"}));
  EXPECT_EQ(found(crit("CONTAINS", {"name"}, "IN")), (Names{"Alan Turing", "Linus Torvalds"}));
  EXPECT_EQ(found(crit("CONTAINS", {"addresses"}, "5550199")), (Names{"Grace Hopper"}));
  EXPECT_EQ(found(crit("REGEX", {"email"}, "[a-z]+@(navy|mit)\\.example")), (Names{"Barbara Liskov", "Grace Hopper"}));
  EXPECT_EQ(found(crit("TERM", {"name"}, "hopper")), (Names{"Grace Hopper"}));
  EXPECT_EQ(found(crit("TERM", {"name"}, "hop")), Names{});
  EXPECT_EQ(found(with(crit("TERMS", {"title"}), "values", json::array{"admiral", "engineer"})),
            (Names{"Grace Hopper", "Linus Torvalds"}));
  EXPECT_EQ(found(crit("REQUIRED_FIELDS", {"addresses"})), (Names{"Ada Lovelace", "Grace Hopper"}));
  EXPECT_EQ(found(crit("REQUIRED_FIELDS", {"manager.id"})), (Names{"Barbara Liskov"}));
  EXPECT_EQ(found(crit("MATCH_ALL", {})).size(), 6u);
  EXPECT_EQ(found(crit("QUERY_STRING", {}, "hopper OR liskov")), (Names{"Barbara Liskov", "Grace Hopper"}));
  EXPECT_EQ(found(crit("QUERY_STRING", {}, "department:computing AND -title:professor")), (Names{"Edsger Dijkstra"}));
  EXPECT_EQ(found(crit("QUERY_STRING", {"email"}, "al*")), (Names{"Alan Turing"}));
  EXPECT_EQ(found(with(with(crit("RANGE", {"name"}), "startValue", "b"), "endValue", "f")),
            (Names{"Barbara Liskov", "Edsger Dijkstra"}));
  EXPECT_EQ(found(crit("LESS_THAN", {"name"}, "alan turing")), (Names{"Ada Lovelace"}));
  EXPECT_EQ(found(crit("GREATER_THAN", {"name"}, "grace hopper")), (Names{"Linus Torvalds"}));
  EXPECT_EQ(found(crit("EXACT", {"manager.id"}, str(edsger, "id"))), (Names{"Barbara Liskov"}));
  EXPECT_EQ(found(crit("EXACT", {"id"}, str(alan, "id"))), (Names{"Alan Turing"}));
  EXPECT_EQ(found(crit("EXACT", {"divisionId"}, str(ada.at("division").as_object(), "id"))).size(), 6u);
  EXPECT_EQ(found(crit("EXACT", {"state"}, "inactive")), (Names{"Linus Torvalds"}));
  EXPECT_EQ(found(crit("EXACT", {"version"}, "1")).size(), 6u);
}

TEST_F(UsersSearchTest, DateRangesUseIsoOrTheGivenFormat) {
  make_people();
  auto range = [](std::string_view start, std::string_view end, std::string_view format = {}) {
    json::object c = crit("DATE_RANGE", {"dateCreated"});
    if (!start.empty()) c["startValue"] = start;
    if (!end.empty()) c["endValue"] = end;
    if (!format.empty()) c["dateFormat"] = format;
    return c;
  };
  EXPECT_EQ(found(range("2000-01-01T00:00:00.000Z", "2999-12-31T00:00:00Z")).size(), 6u);
  EXPECT_EQ(found(range("2999-01-01", "")), Names{});
  EXPECT_EQ(found(range("01/01/2000", "31/12/2999", "dd/MM/yyyy")).size(), 6u);
  EXPECT_EQ(found(range("", "2000-01-01")), Names{});
  EXPECT_EQ(found(crit("GREATER_THAN", {"dateCreated"}, "2001-09-09T01:46:40Z")).size(), 6u);
  EXPECT_EQ(found(crit("REQUIRED_FIELDS", {"dateLastLogin"})), Names{});
}

TEST_F(UsersSearchTest, OperatorsAndNestedGroups) {
  make_people();
  // AND (the default) and NOT.
  EXPECT_EQ(found(json::array{crit("EXACT", {"department"}, "mathematics"),
                              with(crit("TERM", {"name"}, "turing"), "operator", "NOT")}),
            (Names{"Ada Lovelace"}));
  // OR between criteria.
  EXPECT_EQ(found(json::array{with(crit("TERM", {"name"}, "ada"), "operator", "OR"),
                              with(crit("TERM", {"name"}, "grace"), "operator", "OR")}),
            (Names{"Ada Lovelace", "Grace Hopper"}));
  // department = Computing AND (title = Professor OR name starts with "e"), as a group.
  json::object group{{"group", json::array{with(crit("EXACT", {"title"}, "professor"), "operator", "OR"),
                                           with(crit("STARTS_WITH", {"name"}, "e"), "operator", "OR")}}};
  EXPECT_EQ(found(json::array{crit("EXACT", {"department"}, "computing"), group}),
            (Names{"Barbara Liskov", "Edsger Dijkstra"}));
  // A group nested in a group, negated.
  json::object inner{{"operator", "NOT"}, {"group", json::array{crit("CONTAINS", {"name"}, "e")}}};
  json::object outer{{"group", json::array{inner}}};
  EXPECT_EQ(found(json::array{outer}), (Names{"Alan Turing", "Barbara Liskov", "Linus Torvalds"}));
}

TEST_F(UsersSearchTest, SortsByFieldAndOrder) {
  make_people();
  EXPECT_EQ(found(crit("EXACT", {"department"}, "computing"), {{"sortBy", "email"}, {"sortOrder", "DESC"}}),
            (Names{"Barbara Liskov", "Edsger Dijkstra"}));
  EXPECT_EQ(found(crit("EXACT", {"department"}, "mathematics"), {{"sortOrder", "DESC"}}),
            (Names{"Alan Turing", "Ada Lovelace"}));
  json::array sort{json::object{{"sortBy", "department"}, {"sortOrder", "ASC"}},
                   json::object{{"sortBy", "name"}, {"sortOrder", "DESC"}}};
  EXPECT_EQ(
      found(crit("MATCH_ALL", {}), {{"sort", sort}}),
      (Names{"Linus Torvalds", "Edsger Dijkstra", "Barbara Liskov", "Alan Turing", "Ada Lovelace", "Grace Hopper"}));
  EXPECT_EQ(found(crit("MATCH_ALL", {}), {{"sortOrder", "SCORE"}}).front(), "Ada Lovelace");
}

TEST_F(UsersSearchTest, PagesRoundTripThroughQ64) {
  make_people();
  json::object body{
      {"pageSize", 2}, {"query", json::array{crit("MATCH_ALL", {})}}, {"expand", json::array{"authorization"}}};
  auto first = search(body);
  ASSERT_TRUE(has_status(first, 200));
  auto page = parse_object(first.body);
  EXPECT_EQ(num(page, "total"), 6);
  EXPECT_EQ(num(page, "pageCount"), 3);
  EXPECT_EQ(num(page, "pageSize"), 2);
  EXPECT_EQ(num(page, "pageNumber"), 1);
  EXPECT_EQ(page.at("types").as_array(), (json::array{"users"}));
  EXPECT_FALSE(page.contains("previousPage"));
  ASSERT_TRUE(page.contains("currentPage"));
  EXPECT_TRUE(str(page, "currentPage").starts_with("/api/v2/users/search?q64="));
  EXPECT_TRUE(is_user(page.at("results").as_array()[0].as_object(), "Ada Lovelace", "ada@analytical.example"));

  // The current page link answers the same page.
  auto again = get_q64(str(page, "currentPage"));
  ASSERT_TRUE(has_status(again, 200));
  EXPECT_EQ(parse_object(again.body), page);

  // Following nextPage to the end visits every user once, in order.
  Names seen = names_of(page);
  std::string last_link = str(page, "currentPage");
  int pages = 1;
  while (page.contains("nextPage")) {
    last_link = str(page, "nextPage");
    auto next = get_q64(last_link);
    ASSERT_TRUE(has_status(next, 200));
    page = parse_object(next.body);
    EXPECT_EQ(num(page, "pageNumber"), ++pages);
    auto more = names_of(page);
    seen.insert(seen.end(), more.begin(), more.end());
    ASSERT_LE(pages, 3);
  }
  EXPECT_EQ(seen, (Names{"Ada Lovelace", "Alan Turing", "Barbara Liskov", "Edsger Dijkstra", "Grace Hopper",
                         "Linus Torvalds"}));
  // previousPage of the last page is the second page.
  ASSERT_TRUE(page.contains("previousPage"));
  auto back = get_q64(str(page, "previousPage"));
  ASSERT_TRUE(has_status(back, 200));
  EXPECT_EQ(names_of(parse_object(back.body)), (Names{"Barbara Liskov", "Edsger Dijkstra"}));
  // The request's expand is applied to every result: authorization as GET
  // /users/{id}/roles answers it (the fixture users hold no roles).
  for (const auto& r : page.at("results").as_array()) {
    ASSERT_TRUE(r.as_object().contains("authorization")) << json::serialize(r);
    EXPECT_TRUE(r.at("authorization").at("roles").as_array().empty());
  }
  // GET takes an expand parameter too, and it replaces the request's.
  auto regrouped = get_q64(last_link + "&expand=presence,groups");
  ASSERT_TRUE(has_status(regrouped, 200));
  auto regrouped_page = parse_object(regrouped.body);
  for (const auto& r : regrouped_page.at("results").as_array()) {
    EXPECT_EQ(r.at("groups"), json::array{}) << json::serialize(r);
    EXPECT_FALSE(r.as_object().contains("authorization"));
  }
  EXPECT_TRUE(is_error_body(get_q64(last_link + "&expand=nonsense"), 400, "invalid.value"));
}

TEST_F(UsersSearchTest, ReturnFieldsKeepOnlyThoseFieldsAndTheId) {
  make_people();
  auto res = search(json::object{{"returnFields", json::array{"name", "email"}},
                                 {"query", json::array{crit("EXACT", {"email"}, "ada@analytical.example")}}});
  ASSERT_TRUE(has_status(res, 200));
  auto results = parse_object(res.body).at("results").as_array();
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].as_object(),
            (json::object{{"id", str(ada, "id")}, {"name", "Ada Lovelace"}, {"email", "ada@analytical.example"}}));
}

TEST_F(UsersSearchTest, DeletedUsersOnlyWhenTheStateIsSearched) {
  make_people();
  ASSERT_TRUE(has_status(http().del("/api/v2/users/" + str(grace, "id"), admin()), 200));
  EXPECT_EQ(found(crit("STARTS_WITH", {"name"}, "g")), Names{});
  EXPECT_EQ(found(json::array{crit("EXACT", {"email"}, "grace@navy.example"),
                              with(crit("EXACT", {"state"}), "values", json::array{"deleted"})}),
            (Names{"Grace Hopper"}));
  EXPECT_EQ(found(crit("EXACT", {"state"}, "active")).size(), 4u);
}

TEST_F(UsersSearchTest, NeedsDirectoryUserView) {
  make_people();
  json::object body{{"query", json::array{crit("MATCH_ALL", {})}}};
  const std::string none = server().token(server().create_client(server().org().organization_id, "no-roles", {}));
  EXPECT_TRUE(is_error_body(search(body, none), 403, "missing.any.permissions"));
  auto first = search(body);
  ASSERT_TRUE(has_status(first, 200));
  EXPECT_TRUE(
      is_error_body(get_q64(str(parse_object(first.body), "currentPage"), none), 403, "missing.any.permissions"));
  EXPECT_EQ(http().post_json(search_path, json::serialize(body)).status, 401);

  const std::string employee =
      server().token(server().create_client(server().org().organization_id, "employee", {"employee"}));
  auto allowed = search(body, employee);
  ASSERT_TRUE(has_status(allowed, 200));
  EXPECT_EQ(num(parse_object(allowed.body), "total"), 6);
}

// enforcePermissions: only users of divisions where the caller may view users.
TEST_F(UsersSearchTest, EnforcePermissionsKeepsViewableDivisions) {
  make_people();
  auto div = http().post_json("/api/v2/authorization/divisions", R"({"name":"Secret"})", admin());
  ASSERT_TRUE(has_status(div, 200));
  const std::string secret_id = str(parse_object(div.body), "id");
  create_user("Hidden Person", "hidden@secret.example", {{"divisionId", secret_id}});
  const std::string home_id = str(ada.at("division").as_object(), "id");

  auto roles = http().get("/api/v2/authorization/roles?pageSize=500", admin());
  ASSERT_TRUE(has_status(roles, 200));
  std::string employee_id;
  const auto role_list = parse_object(roles.body);
  for (const auto& r : role_list.at("entities").as_array())
    if (str(r.as_object(), "name") == "employee") employee_id = str(r.as_object(), "id");
  json::object client_body{
      {"name", "home-only"},
      {"authorizedGrantType", "CLIENT-CREDENTIALS"},
      {"roleDivisions", json::array{json::object{{"roleId", employee_id}, {"divisionId", home_id}}}}};
  auto made = http().post_json("/api/v2/oauth/clients", json::serialize(client_body), admin());
  ASSERT_TRUE(has_status(made, 200));
  auto client = parse_object(made.body);
  const std::string home_only = server().token({str(client, "id"), str(client, "secret")});

  json::object body{{"pageSize", 100}, {"query", json::array{crit("TERM", {"name"}, "hidden")}}};
  auto plain = search(body, home_only);
  ASSERT_TRUE(has_status(plain, 200));
  EXPECT_EQ(names_of(parse_object(plain.body)), (Names{"Hidden Person"}));
  body["enforcePermissions"] = true;
  auto enforced = search(body, home_only);
  ASSERT_TRUE(has_status(enforced, 200));
  EXPECT_EQ(names_of(parse_object(enforced.body)), Names{});
  // The admin holds the permission in all divisions.
  auto admin_enforced = search(body);
  ASSERT_TRUE(has_status(admin_enforced, 200));
  EXPECT_EQ(names_of(parse_object(admin_enforced.body)), (Names{"Hidden Person"}));
  body["enforcePermissions"] = "yes";
  EXPECT_EQ(bad_field(body), "enforcePermissions");
}

TEST_F(UsersSearchTest, BadCriteriaNameTheField) {
  make_people();
  auto q = [](json::value c) { return json::object{{"query", json::array{std::move(c)}}}; };
  EXPECT_EQ(bad_field(q(crit("FUZZY", {"name"}, "x"))), "query[0].type");
  EXPECT_EQ(bad_field(q(json::object{{"fields", json::array{"name"}}, {"value", "x"}})), "query[0].type");
  EXPECT_EQ(bad_field(q(crit("EXACT", {"shoeSize"}, "x"))), "query[0].fields");
  EXPECT_EQ(bad_field(q(crit("EXACT", {}, "x"))), "query[0].fields");
  EXPECT_EQ(bad_field(q(crit("EXACT", {"name"}))), "query[0].value");
  EXPECT_EQ(bad_field(q(crit("STARTS_WITH", {"version"}, "1"))), "query[0].fields");
  EXPECT_EQ(bad_field(q(crit("REGEX", {"name"}, "(unclosed"))), "query[0].value");
  EXPECT_EQ(bad_field(q(crit("RANGE", {"name"}))), "query[0].startValue");
  EXPECT_EQ(bad_field(q(with(crit("DATE_RANGE", {"dateCreated"}), "startValue", "yesterday"))), "query[0].startValue");
  EXPECT_EQ(bad_field(q(with(crit("DATE_RANGE", {"name"}), "startValue", "2020-01-01"))), "query[0].fields");
  EXPECT_EQ(
      bad_field(q(with(with(crit("DATE_RANGE", {"dateCreated"}), "startValue", "2020"), "dateFormat", "yyyy QQ"))),
      "query[0].dateFormat");
  EXPECT_EQ(bad_field(q(with(crit("EXACT", {"name"}, "x"), "operator", "XOR"))), "query[0].operator");
  EXPECT_EQ(bad_field(q(json::object{{"group", json::array{crit("EXACT", {"nope"}, "x")}}})),
            "query[0].group[0].fields");
  EXPECT_EQ(bad_field(q(crit("QUERY_STRING", {}, "\"unclosed"))), "query[0].value");
  json::array many;
  for (int i = 0; i < 51; ++i) many.push_back(crit("EXACT", {"name"}, "x"));
  EXPECT_EQ(bad_field(json::object{{"query", many}}), "query");
  EXPECT_EQ(bad_field(json::object{{"sortBy", "shoeSize"}}), "sortBy");
  EXPECT_EQ(bad_field(json::object{{"sortOrder", "SIDEWAYS"}}), "sortOrder");
  EXPECT_EQ(bad_field(json::object{{"pageSize", 0}}), "pageSize");
  EXPECT_EQ(bad_field(json::object{{"pageNumber", -1}}), "pageNumber");
  EXPECT_EQ(bad_field(json::object{{"query", "not an array"}}), "query");
  auto bad_q64 = get_q64("/api/v2/users/search?q64=bm90IGpzb24");
  EXPECT_TRUE(is_error_body(bad_q64, 400, "invalid.value"));
  EXPECT_EQ(first_field_name(bad_q64), "q64");
  EXPECT_TRUE(is_error_body(get_q64("/api/v2/users/search"), 400, "invalid.value"));
}

class TwoOrgUsersSearchTest : public UsersSearchTest {
 protected:
  ServerConfig server_config() const override {
    ServerConfig c;
    c.extra_orgs = {"globex"};
    return c;
  }
};

TEST_F(TwoOrgUsersSearchTest, OtherOrganizationsUsersAreNeverFound) {
  make_people();
  const std::string globex = server().token(server().extra_orgs()[0].admin);
  auto stranger = create_user("Ada Stranger", "ada@globex.example", {}, globex);
  EXPECT_EQ(found(crit("STARTS_WITH", {"name"}, "ada")), (Names{"Ada Lovelace"}));
  EXPECT_EQ(found(crit("EXACT", {"id"}, str(stranger, "id"))), Names{});
  auto theirs = search(json::object{{"query", json::array{crit("STARTS_WITH", {"name"}, "ada")}}}, globex);
  ASSERT_TRUE(has_status(theirs, 200));
  EXPECT_EQ(names_of(parse_object(theirs.body)), (Names{"Ada Stranger"}));
}

// `roleplane users import` on the server's database: the users are then found.
TEST_F(UsersSearchTest, ImportedUsersAreSearchable) {
  const std::string ndjson = server().dir() + "/people.ndjson";
  std::ofstream(ndjson) << R"({"name":"Imported One","email":"one@import.example","title":"Agent"})"
                           "\n"
                        << R"({"name":"Imported Two","email":"two@import.example","state":"inactive",)"
                           R"("addresses":[{"address":"+13175550123","mediaType":"PHONE","type":"WORK"}]})"
                           "\n";
  const std::string csv = server().dir() + "/people.csv";
  std::ofstream(csv) << "name,email,department,phone\n\"Imported, Three\",three@import.example,Sales,+13175550124\n";
  const char* bin = std::getenv("ROLEPLANE_BIN");
  ASSERT_NE(bin, nullptr);
  auto run = [&](const std::string& file) {
    return run_command(
        {bin, "users", "import", "--org", server().org().organization_id, "--database", server().database_url(), file});
  };
  auto r1 = run(ndjson);
  ASSERT_EQ(r1.exit_code, 0) << r1.err;
  EXPECT_NE(r1.out.find("\"imported\":2"), std::string::npos) << r1.out;
  auto r2 = run(csv);
  ASSERT_EQ(r2.exit_code, 0) << r2.err;
  EXPECT_EQ(found(crit("STARTS_WITH", {"name"}, "imported")),
            (Names{"Imported One", "Imported Two", "Imported, Three"}));
  EXPECT_EQ(found(crit("CONTAINS", {"addresses"}, "5550124")), (Names{"Imported, Three"}));

  // A bad record anywhere: nothing is written, the line is named.
  const std::string bad = server().dir() + "/bad.ndjson";
  std::ofstream(bad) << R"({"name":"Fine","email":"fine@import.example"})"
                        "\n"
                     << R"({"name":"Broken","email":"not-an-email"})"
                        "\n";
  auto r3 = run(bad);
  EXPECT_EQ(r3.exit_code, 1);
  EXPECT_NE(r3.err.find("line 2 (email)"), std::string::npos) << r3.err;
  EXPECT_EQ(found(crit("EXACT", {"email"}, "fine@import.example")), Names{});
  // An email already in the organization: that batch is refused whole.
  auto r4 = run(ndjson);
  EXPECT_EQ(r4.exit_code, 1);
  EXPECT_NE(r4.err.find("already taken"), std::string::npos) << r4.err;
  EXPECT_EQ(found(crit("STARTS_WITH", {"name"}, "imported")).size(), 3u);
}

}  // namespace
}  // namespace rp::test
