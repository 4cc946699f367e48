// The user hierarchy over HTTP: PATCH `manager` (User.manager {id, selfUri}),
// GET /api/v2/users/{userId}/superiors, /directreports and /adjacents:
// chains, siblings, cycles and unknown managers refused with 400 naming
// "manager", clearing, deleted managers, token-only access and tenant isolation.

#include "api/api_test.h"

namespace rp::test {
namespace {

namespace json = boost::json;

class UsersHierarchyTest : public ApiTest {
 protected:
  HttpResponse patch(std::string_view id, const json::object& body, std::string_view token = {}) {
    auto headers = bearer(token.empty() ? admin() : token);
    headers.emplace_back("Content-Type", "application/json");
    return http().send("PATCH", "/api/v2/users/" + std::string(id), headers, json::serialize(body));
  }
  // Creates a user called `name`; returns its id.
  std::string person(const std::string& name) {
    auto u = create_user(name, name + "@example.com");
    return str(u, "id");
  }
  std::int64_t version_of(const std::string& id) { return num(parse_object(get_user(id).body), "version"); }
  // PATCH {manager, version} at the user's current version.
  HttpResponse set_manager_value(const std::string& id, const json::value& manager) {
    return patch(id, {{"manager", manager}, {"version", version_of(id)}});
  }
  HttpResponse set_manager(const std::string& id, const std::string& manager) {
    return set_manager_value(id, json::value(json::string(manager)));
  }
  HttpResponse get(const std::string& id, std::string_view what, std::string_view token = {},
                   std::string_view query = {}) {
    std::string target = "/api/v2/users/" + id + "/" + std::string(what);
    if (!query.empty()) target += "?" + std::string(query);
    return http().get(target, token.empty() ? admin() : token);
  }
  // The names of a JSON array of User.
  static std::vector<std::string> names(const json::value& users) {
    std::vector<std::string> out;
    for (const auto& u : users.as_array()) out.push_back(str(u.as_object(), "name"));
    return out;
  }
  // GET .../<what> answered 200 with an array of User; their names.
  std::vector<std::string> list(const std::string& id, std::string_view what, std::string_view query = {}) {
    auto res = get(id, what, {}, query);
    EXPECT_TRUE(has_status(res, 200)) << what;
    if (res.status != 200) return {"<" + std::to_string(res.status) + ">"};
    auto v = parse_json(res.body);
    EXPECT_TRUE(v.is_array()) << res.body;
    if (!v.is_array()) return {"<not an array>"};
    for (const auto& u : v.as_array()) {
      EXPECT_TRUE(u.is_object() && is_user(u.as_object(), str(u.as_object(), "name"), str(u.as_object(), "email")))
          << res.body;
    }
    return names(v);
  }
  json::object adjacents(const std::string& id) {
    auto res = get(id, "adjacents");
    EXPECT_TRUE(has_status(res, 200));
    return res.status == 200 ? parse_object(res.body) : json::object{};
  }
  static ::testing::AssertionResult refused_naming_manager(const HttpResponse& res) {
    auto body = is_error_body(res, 400, "invalid.value");
    if (!body) return body;
    if (first_field_name(res) != "manager")
      return ::testing::AssertionFailure() << "fieldName '" << first_field_name(res) << "': " << res.body;
    return ::testing::AssertionSuccess();
  }
};

class TwoOrgUsersHierarchyTest : public UsersHierarchyTest {
 protected:
  ServerConfig server_config() const override {
    ServerConfig c;
    c.extra_orgs = {"globex"};
    return c;
  }
};

TEST_F(UsersHierarchyTest, ManagerAppearsOnTheUserAsARef) {
  auto boss = person("boss"), worker = person("worker");
  auto res = set_manager(worker, boss);
  ASSERT_TRUE(has_status(res, 200));
  auto patched = parse_object(res.body);
  EXPECT_EQ(num(patched, "version"), 2);
  ASSERT_TRUE(patched.contains("manager")) << res.body;
  EXPECT_EQ(patched.at("manager"), (json::object{{"id", boss}, {"selfUri", "/api/v2/users/" + boss}}));
  // GET and the listing answer the same.
  EXPECT_EQ(parse_object(get_user(worker).body), patched);
  auto listing = list_users("id=" + worker);
  EXPECT_EQ(listing.at("entities").as_array().at(0).as_object(), patched);
  // A user without a manager has no member at all.
  EXPECT_FALSE(parse_object(get_user(boss).body).contains("manager"));
}

TEST_F(UsersHierarchyTest, SuperiorsAreTheChainUpwardNearestFirst) {
  auto ceo = person("ceo"), vp = person("vp"), lead = person("lead"), dev = person("dev");
  ASSERT_TRUE(has_status(set_manager(vp, ceo), 200));
  ASSERT_TRUE(has_status(set_manager(lead, vp), 200));
  ASSERT_TRUE(has_status(set_manager(dev, lead), 200));
  EXPECT_EQ(list(dev, "superiors"), (std::vector<std::string>{"lead", "vp", "ceo"}));
  EXPECT_EQ(list(dev, "superiors", "expand=authorization&expand=groups"),
            (std::vector<std::string>{"lead", "vp", "ceo"}));
  EXPECT_EQ(list(lead, "superiors"), (std::vector<std::string>{"vp", "ceo"}));
  EXPECT_TRUE(list(ceo, "superiors").empty());
  EXPECT_EQ(list(ceo, "directreports"), (std::vector<std::string>{"vp"}));
  EXPECT_EQ(list(vp, "directreports", "expand=groups"), (std::vector<std::string>{"lead"}));
  EXPECT_TRUE(list(dev, "directreports").empty());
  // The superiors carry their own managers.
  auto res = get(dev, "superiors");
  ASSERT_TRUE(has_status(res, 200));
  auto chain = parse_json(res.body).as_array();
  ASSERT_EQ(chain.size(), 3u);
  EXPECT_EQ(str(chain[0].as_object().at("manager").as_object(), "id"), vp);
  EXPECT_FALSE(chain[2].as_object().contains("manager"));
}

TEST_F(UsersHierarchyTest, AdjacentsAreTheManagerSiblingsAndReports) {
  auto top = person("top"), boss = person("boss"), ann = person("ann"), ben = person("ben"), cat = person("cat"),
       kid = person("kid");
  ASSERT_TRUE(has_status(set_manager(boss, top), 200));
  for (const auto& id : {cat, ann, ben}) ASSERT_TRUE(has_status(set_manager(id, boss), 200));
  ASSERT_TRUE(has_status(set_manager(kid, ben), 200));

  auto adj = adjacents(ben);
  ASSERT_EQ(adj.size(), 3u) << json::serialize(adj);
  EXPECT_EQ(names(adj.at("superiors")), (std::vector<std::string>{"boss"})) << "only the direct manager";
  EXPECT_EQ(names(adj.at("siblings")), (std::vector<std::string>{"ann", "cat"}));
  EXPECT_EQ(names(adj.at("directReports")), (std::vector<std::string>{"kid"}));
  EXPECT_EQ(list(boss, "directreports"), (std::vector<std::string>{"ann", "ben", "cat"}));

  auto lone = adjacents(top);
  EXPECT_TRUE(lone.at("superiors").as_array().empty());
  EXPECT_TRUE(lone.at("siblings").as_array().empty());
  EXPECT_EQ(names(lone.at("directReports")), (std::vector<std::string>{"boss"}));
  EXPECT_TRUE(has_status(get(ben, "adjacents", {}, "expand=presence"), 200));
}

TEST_F(UsersHierarchyTest, CyclesAreRefusedWith400) {
  auto a = person("a"), b = person("b"), c = person("c");
  ASSERT_TRUE(has_status(set_manager(b, a), 200));
  ASSERT_TRUE(has_status(set_manager(c, b), 200));
  EXPECT_TRUE(refused_naming_manager(set_manager(a, a))) << "oneself";
  EXPECT_TRUE(refused_naming_manager(set_manager(a, b))) << "a direct report";
  EXPECT_TRUE(refused_naming_manager(set_manager(a, c))) << "a report's report";
  auto still = parse_object(get_user(a).body);
  EXPECT_FALSE(still.contains("manager"));
  EXPECT_EQ(num(still, "version"), 1);
  EXPECT_TRUE(list(a, "superiors").empty());
}

TEST_F(UsersHierarchyTest, UnknownManagersAreRefusedWith400) {
  auto u = person("u");
  EXPECT_TRUE(refused_naming_manager(set_manager(u, random_uuid())));
  EXPECT_TRUE(refused_naming_manager(set_manager(u, "not-a-user")));
  auto gone = person("gone");
  EXPECT_TRUE(has_status(http().del("/api/v2/users/" + gone, admin()), 200));
  EXPECT_TRUE(refused_naming_manager(set_manager(u, gone))) << "a deleted user";
  EXPECT_TRUE(is_error_body(set_manager_value(u, 42), 400, "invalid.value"));
  EXPECT_EQ(version_of(u), 1);
}

TEST_F(UsersHierarchyTest, ManagerCanBeGivenWhenCreatingAUser) {
  auto boss = person("boss");
  auto made = post_user(R"({"name":"New Hire","email":"new.hire@example.com","manager":")" + boss + R"("})", admin());
  ASSERT_TRUE(has_status(made, 200));
  auto hire = parse_object(made.body);
  EXPECT_EQ(str(hire.at("manager").as_object(), "id"), boss);
  EXPECT_EQ(names(parse_json(get(boss, "directreports").body)), std::vector<std::string>{"New Hire"});

  auto unknown =
      post_user(R"({"name":"Orphan","email":"orphan@example.com","manager":")" + random_uuid() + R"("})", admin());
  EXPECT_TRUE(refused_naming_manager(unknown));
  auto listed = http().get("/api/v2/users?state=any", admin());
  EXPECT_EQ(listed.body.find("orphan@example.com"), std::string::npos) << "a refused create stored the user";
}

TEST_F(UsersHierarchyTest, ManagerIsClearedByEmptyOrNull) {
  auto boss = person("boss"), u = person("u");
  ASSERT_TRUE(has_status(set_manager(u, boss), 200));
  auto cleared = set_manager(u, "");
  ASSERT_TRUE(has_status(cleared, 200));
  EXPECT_FALSE(parse_object(cleared.body).contains("manager"));
  EXPECT_TRUE(list(boss, "directreports").empty());
  ASSERT_TRUE(has_status(set_manager(u, boss), 200));
  auto nulled = set_manager_value(u, nullptr);
  ASSERT_TRUE(has_status(nulled, 200));
  EXPECT_FALSE(parse_object(nulled.body).contains("manager"));
  EXPECT_TRUE(list(u, "superiors").empty());
  // A PATCH without `manager` leaves it alone.
  ASSERT_TRUE(has_status(set_manager(u, boss), 200));
  auto titled = patch(u, {{"title", "Clerk"}, {"version", version_of(u)}});
  ASSERT_TRUE(has_status(titled, 200));
  EXPECT_EQ(str(parse_object(titled.body).at("manager").as_object(), "id"), boss);
}

TEST_F(UsersHierarchyTest, ADeletedManagerEndsTheChain) {
  auto top = person("top"), mid = person("mid"), low = person("low"), peer = person("peer");
  ASSERT_TRUE(has_status(set_manager(mid, top), 200));
  ASSERT_TRUE(has_status(set_manager(low, mid), 200));
  ASSERT_TRUE(has_status(set_manager(peer, mid), 200));
  EXPECT_EQ(list(low, "superiors"), (std::vector<std::string>{"mid", "top"}));
  ASSERT_TRUE(has_status(http().del("/api/v2/users/" + mid, admin()), 200));
  EXPECT_TRUE(list(low, "superiors").empty());
  EXPECT_TRUE(list(top, "directreports").empty());
  auto adj = adjacents(low);
  EXPECT_TRUE(adj.at("superiors").as_array().empty());
  EXPECT_TRUE(adj.at("siblings").as_array().empty());
  // The deleted user's own hierarchy is not found.
  EXPECT_TRUE(is_error_body(get(mid, "superiors"), 404, "not.found"));
  EXPECT_TRUE(is_error_body(get(mid, "directreports"), 404, "not.found"));
  EXPECT_TRUE(is_error_body(get(mid, "adjacents"), 404, "not.found"));
}

TEST_F(UsersHierarchyTest, TokenOnlyAndUnknownIds) {
  auto boss = person("boss"), u = person("u");
  ASSERT_TRUE(has_status(set_manager(u, boss), 200));
  const std::string none = server().token(server().create_client(server().org().organization_id, "no-roles", {}));
  for (std::string_view what : {"superiors", "directreports", "adjacents"}) {
    EXPECT_TRUE(has_status(get(u, what, none), 200)) << what << ": no permission is needed";
    EXPECT_EQ(http().get("/api/v2/users/" + u + "/" + std::string(what)).status, 401) << what;
    EXPECT_TRUE(is_error_body(get(random_uuid(), what), 404, "not.found")) << what;
    EXPECT_TRUE(is_error_body(get("not-a-uuid", what), 404, "not.found")) << what;
  }
  // Setting a manager still needs the edit permission.
  const std::string employee =
      server().token(server().create_client(server().org().organization_id, "employee-client", {"employee"}));
  EXPECT_TRUE(is_error_body(patch(boss, {{"manager", u}, {"version", 1}}, employee), 403, "missing.any.permissions"));
}

TEST_F(TwoOrgUsersHierarchyTest, AnotherOrganizationsUsersAreNotFound) {
  auto boss = person("boss"), u = person("u");
  ASSERT_TRUE(has_status(set_manager(u, boss), 200));
  const std::string other = server().token(server().extra_orgs().at(0).admin);
  for (std::string_view what : {"superiors", "directreports", "adjacents"}) {
    auto res = get(u, what, other);
    EXPECT_TRUE(is_error_body(res, 404, "not.found")) << what;
    EXPECT_EQ(res.body.find("boss"), std::string::npos) << res.body;
  }
  // Another organization's user cannot become a manager here, nor the reverse.
  auto outsider = create_user("outsider", "outsider@globex.example", {}, other);
  ASSERT_FALSE(outsider.empty());
  EXPECT_TRUE(refused_naming_manager(set_manager(u, str(outsider, "id"))));
  auto headers = bearer(other);
  headers.emplace_back("Content-Type", "application/json");
  auto res = http().send("PATCH", "/api/v2/users/" + str(outsider, "id"), headers,
                         json::serialize(json::object{{"manager", boss}, {"version", 1}}));
  EXPECT_TRUE(refused_naming_manager(res));
  EXPECT_EQ(list(boss, "directreports"), (std::vector<std::string>{"u"}));
}

}  // namespace
}  // namespace rp::test
