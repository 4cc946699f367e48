// RoutingApi skills and languages over HTTP: creation (Home by default, a
// given division, names trimmed and 1..255, unique per kind ignoring case),
// reading, the listing (by name either way, the name prefix and id filters,
// paging), 400/404/409 sides, a second organization that sees nothing,
// deletion taking a skill from every user, the permissions of each route,
// and skills seen only in the divisions where the caller may view them.

#include <map>

#include "api/genesys/json_calls.h"
#include "api/genesys/oauth/sign_in_api.h"

namespace rp::test {
namespace {

namespace json = boost::json;

constexpr std::string_view kSkills = "/api/v2/routing/skills";
constexpr std::string_view kLanguages = "/api/v2/routing/languages";

class RoutingSkillsApiTest : public JsonCalls<SignInApiTest> {
 protected:
  ServerConfig server_config() const override {
    ServerConfig c;
    c.extra_orgs = {"globex"};
    return c;
  }

  std::string home_id() { return str(ok(send("GET", "/api/v2/authorization/divisions/home")), "id"); }
  std::string new_division(const std::string& name) {
    return str(ok(send("POST", "/api/v2/authorization/divisions", json::object{{"name", name}})), "id");
  }

  static std::string uri(std::string_view collection, std::string_view id) {
    return std::string(collection) + "/" + std::string(id);
  }

  // POST `collection` {name[, divisionId]}; asserts 200.
  json::object create(std::string_view collection, const std::string& name, const std::string& division = {},
                      std::string_view token = {}) {
    json::object body{{"name", name}};
    if (!division.empty()) body["divisionId"] = division;
    return ok(send("POST", collection, body, token));
  }

  // The names of a listing's entities, in order.
  static std::vector<std::string> names_of(const json::object& listing) {
    std::vector<std::string> out;
    for (const auto& e : listing.at("entities").as_array()) out.push_back(str(e.as_object(), "name"));
    return out;
  }

  std::vector<std::string> listed(std::string_view collection, const std::string& query = {},
                                  std::string_view token = {}) {
    auto target = std::string(collection) + (query.empty() ? "" : "?" + query);
    return names_of(ok(send("GET", target, nullptr, token)));
  }

  // POST /api/v2/users/{user}/routingskills|routinglanguages; asserts 200.
  void assign(std::string_view user_collection, const std::string& user, const std::string& id, double proficiency) {
    auto target = "/api/v2/users/" + user + "/" + std::string(user_collection);
    EXPECT_TRUE(has_status(send("POST", target, json::object{{"id", id}, {"proficiency", proficiency}}), 200));
  }

  std::vector<std::string> user_skill_names(std::string_view user_collection, const std::string& user) {
    return names_of(ok(send("GET", "/api/v2/users/" + user + "/" + std::string(user_collection))));
  }

  void expect_denied(const HttpResponse& res, std::string_view permission, std::string_view what) {
    EXPECT_TRUE(is_error_body(res, 403, "missing.any.permissions")) << what;
    EXPECT_NE(res.body.find(permission), std::string::npos) << what << " should name " << permission;
  }
};

TEST_F(RoutingSkillsApiTest, ASkillIsCreatedInHomeOrItsDivisionAndReadBack) {
  const auto home = home_id();
  auto made = create(kSkills, "  Billing  ");
  EXPECT_TRUE(made.contains("id"));
  EXPECT_EQ(str(made, "name"), "Billing");
  const auto& division = made.at("division").as_object();
  EXPECT_EQ(str(division, "id"), home);
  EXPECT_EQ(str(division, "name"), "Home");
  EXPECT_EQ(str(division, "selfUri"), "/api/v2/authorization/divisions/" + home);
  EXPECT_EQ(str(made, "state"), "active");
  EXPECT_EQ(num(made, "version"), 1);
  EXPECT_FALSE(str(made, "dateModified").empty());
  EXPECT_EQ(str(made, "selfUri"), uri(kSkills, str(made, "id")));
  EXPECT_EQ(ok(send("GET", uri(kSkills, str(made, "id")))), made);

  auto sales = new_division("Sales");
  auto there = create(kSkills, "Closing", sales);
  EXPECT_EQ(str(there.at("division").as_object(), "id"), sales);
  EXPECT_EQ(str(there.at("division").as_object(), "name"), "Sales");
  EXPECT_EQ(ok(send("GET", uri(kSkills, str(there, "id")))), there);

  // 255 characters is the longest name.
  auto longest = create(kSkills, std::string(255, 'n'));
  EXPECT_EQ(str(longest, "name").size(), 255u);
  EXPECT_EQ(num(ok(send("GET", std::string(kSkills))), "total"), 3);
}

TEST_F(RoutingSkillsApiTest, BadSkillBodiesNameTheirField) {
  struct Case {
    json::value body;
    std::string field;
  };
  const std::vector<Case> cases = {
      {json::object{}, "name"},
      {json::object{{"name", ""}}, "name"},
      {json::object{{"name", "   "}}, "name"},
      {json::object{{"name", std::string(256, 'x')}}, "name"},
      {json::object{{"name", 42}}, "name"},
      {json::object{{"name", "Fine"}, {"divisionId", random_uuid()}}, "divisionId"},
      {json::object{{"name", "Fine"}, {"divisionId", "not-a-uuid"}}, "divisionId"},
      {json::object{{"name", "Fine"}, {"divisionId", 7}}, "divisionId"},
  };
  for (const auto& c : cases) {
    auto res = send("POST", kSkills, c.body);
    EXPECT_TRUE(is_error_body(res, 400, "invalid.value")) << json::serialize(c.body);
    EXPECT_EQ(first_field_name(res), c.field) << json::serialize(c.body);
  }
  // Bodies that are no object at all.
  EXPECT_TRUE(is_error_body(send("POST", kSkills, json::array{"Fine"}), 400, "bad.request"));
  auto headers = bearer(admin());
  headers.emplace_back("Content-Type", "application/json");
  EXPECT_TRUE(is_error_body(http().send("POST", kSkills, headers, "{not json"), 400, "bad.request"));
  // A division of the other organization is unknown here.
  auto foreign = str(ok(send("GET", "/api/v2/authorization/divisions/home", nullptr, other_org())), "id");
  EXPECT_EQ(first_field_name(send("POST", kSkills, json::object{{"name", "Fine"}, {"divisionId", foreign}})),
            "divisionId");
  // Nothing was created by the refused bodies.
  EXPECT_EQ(num(ok(send("GET", std::string(kSkills))), "total"), 0);
}

TEST_F(RoutingSkillsApiTest, TheListingIsByNameFilteredAndPaged) {
  std::map<std::string, std::string> ids;
  for (const std::string name : {"delta", "Alpha", "charlie", "Bravo", "alphabet"})
    ids[name] = str(create(kSkills, name), "id");

  const std::vector<std::string> ascending = {"Alpha", "alphabet", "Bravo", "charlie", "delta"};
  EXPECT_EQ(listed(kSkills), ascending);
  EXPECT_EQ(listed(kSkills, "sortOrder=asc"), ascending);
  EXPECT_EQ(listed(kSkills, "sortOrder=ascending"), ascending);
  const std::vector<std::string> descending(ascending.rbegin(), ascending.rend());
  EXPECT_EQ(listed(kSkills, "sortOrder=desc"), descending);
  EXPECT_EQ(listed(kSkills, "sortOrder=DESCENDING"), descending);
  auto sideways = send("GET", std::string(kSkills) + "?sortOrder=sideways");
  EXPECT_TRUE(is_error_body(sideways, 400, "invalid.value"));
  EXPECT_EQ(first_field_name(sideways), "sortOrder");

  // The name filter: the names that start with it, ignoring case.
  EXPECT_EQ(listed(kSkills, "name=AL"), (std::vector<std::string>{"Alpha", "alphabet"}));
  EXPECT_EQ(listed(kSkills, "name=alphab"), (std::vector<std::string>{"alphabet"}));
  EXPECT_EQ(listed(kSkills, "name=pha"), std::vector<std::string>{});
  EXPECT_EQ(listed(kSkills, "name=b&sortOrder=desc"), (std::vector<std::string>{"Bravo"}));

  // The id filter, as a list or repeated; unknown ids match nothing.
  EXPECT_EQ(listed(kSkills, "id=" + ids["delta"] + "," + ids["Bravo"]), (std::vector<std::string>{"Bravo", "delta"}));
  EXPECT_EQ(listed(kSkills, "id=" + ids["charlie"] + "&id=" + random_uuid()), (std::vector<std::string>{"charlie"}));
  EXPECT_EQ(listed(kSkills, "id=" + ids["Alpha"] + "&name=b"), std::vector<std::string>{});
  std::string many = "id=" + random_uuid();
  for (int i = 0; i < 100; ++i) many += "," + random_uuid();
  auto too_many = send("GET", std::string(kSkills) + "?" + many);
  EXPECT_TRUE(is_error_body(too_many, 400, "invalid.value"));
  EXPECT_EQ(first_field_name(too_many), "id");

  // Paging.
  auto page = ok(send("GET", std::string(kSkills) + "?pageSize=2&pageNumber=2"));
  EXPECT_EQ(names_of(page), (std::vector<std::string>{"Bravo", "charlie"}));
  EXPECT_EQ(num(page, "total"), 5);
  EXPECT_EQ(num(page, "pageSize"), 2);
  EXPECT_EQ(num(page, "pageNumber"), 2);
  EXPECT_EQ(num(page, "pageCount"), 3);
  EXPECT_EQ(listed(kSkills, "pageSize=2&pageNumber=3"), std::vector<std::string>{"delta"});
  auto past = ok(send("GET", std::string(kSkills) + "?pageSize=2&pageNumber=4"));
  EXPECT_EQ(names_of(past), std::vector<std::string>{});
  EXPECT_EQ(num(past, "total"), 5);
  EXPECT_EQ(num(ok(send("GET", std::string(kSkills) + "?name=al&pageSize=1")), "total"), 2);
  for (std::string_view bad : {"pageSize=0", "pageSize=x", "pageNumber=0"})
    EXPECT_EQ(send("GET", std::string(kSkills) + "?" + std::string(bad)).status, 400) << bad;
}

TEST_F(RoutingSkillsApiTest, UnknownMalformedAndForeignSkillsAre404) {
  for (const std::string& id : {random_uuid(), std::string("not-a-uuid")}) {
    EXPECT_TRUE(is_error_body(send("GET", uri(kSkills, id)), 404, "not.found")) << id;
    EXPECT_TRUE(is_error_body(send("DELETE", uri(kSkills, id)), 404, "not.found")) << id;
  }
  // A skill of the other organization is not there for this one, and the
  // same name is free in each.
  auto theirs = create(kSkills, "Shared Name", {}, other_org());
  auto ours = create(kSkills, "Shared Name");
  EXPECT_TRUE(is_error_body(send("GET", uri(kSkills, str(theirs, "id"))), 404, "not.found"));
  EXPECT_TRUE(is_error_body(send("DELETE", uri(kSkills, str(theirs, "id"))), 404, "not.found"));
  EXPECT_TRUE(is_error_body(send("GET", uri(kSkills, str(ours, "id")), nullptr, other_org()), 404, "not.found"));
  EXPECT_EQ(ids_of(ok(send("GET", std::string(kSkills)))), std::vector<std::string>{str(ours, "id")});
  EXPECT_EQ(ok(send("GET", uri(kSkills, str(theirs, "id")), nullptr, other_org())), theirs);
  // A language id is no skill id, nor the other way round.
  auto language = create(kLanguages, "Welsh");
  EXPECT_TRUE(is_error_body(send("GET", uri(kSkills, str(language, "id"))), 404, "not.found"));
  EXPECT_TRUE(is_error_body(send("DELETE", uri(kSkills, str(language, "id"))), 404, "not.found"));
  EXPECT_TRUE(is_error_body(send("GET", uri(kLanguages, str(ours, "id"))), 404, "not.found"));
  EXPECT_TRUE(has_status(send("GET", uri(kLanguages, str(language, "id"))), 200));
}

TEST_F(RoutingSkillsApiTest, ADuplicateNameIs409IgnoringCase) {
  create(kSkills, "Support");
  for (const std::string name : {"Support", "support", "  SUPPORT "}) {
    auto res = send("POST", kSkills, json::object{{"name", name}});
    EXPECT_TRUE(is_error_body(res, 409, "general.conflict")) << name;
  }
  // In another division too: names are unique in the organization.
  auto other = new_division("Other");
  EXPECT_TRUE(is_error_body(send("POST", kSkills, json::object{{"name", "SUPPORT"}, {"divisionId", other}}), 409,
                            "general.conflict"));
  EXPECT_EQ(listed(kSkills), std::vector<std::string>{"Support"});
  // Names are unique per kind: a language may have it.
  EXPECT_EQ(str(create(kLanguages, "support"), "name"), "support");
  EXPECT_TRUE(is_error_body(send("POST", kLanguages, json::object{{"name", "Support"}}), 409, "general.conflict"));
  // Once deleted, the name is free again.
  auto id = ids_of(ok(send("GET", std::string(kSkills))));
  ASSERT_EQ(id.size(), 1u);
  ASSERT_TRUE(has_status(send("DELETE", uri(kSkills, id[0])), 204));
  EXPECT_EQ(str(create(kSkills, "SUPPORT"), "name"), "SUPPORT");
}

TEST_F(RoutingSkillsApiTest, DeletingASkillTakesItFromEveryUser) {
  auto bob = str(create_user("Bob Agent", "bob@example.com"), "id");
  auto doomed = str(create(kSkills, "Doomed"), "id");
  auto kept = str(create(kSkills, "Kept"), "id");
  assign("routingskills", user_id_, doomed, 3);
  assign("routingskills", user_id_, kept, 2);
  assign("routingskills", bob, doomed, 5);
  EXPECT_EQ(user_skill_names("routingskills", user_id_), (std::vector<std::string>{"Doomed", "Kept"}));

  auto del = send("DELETE", uri(kSkills, doomed));
  ASSERT_TRUE(has_status(del, 204));
  EXPECT_TRUE(del.body.empty());
  EXPECT_TRUE(is_error_body(send("GET", uri(kSkills, doomed)), 404, "not.found"));
  EXPECT_TRUE(is_error_body(send("DELETE", uri(kSkills, doomed)), 404, "not.found"));
  EXPECT_EQ(listed(kSkills), std::vector<std::string>{"Kept"});
  EXPECT_EQ(user_skill_names("routingskills", user_id_), std::vector<std::string>{"Kept"});
  EXPECT_EQ(num(ok(send("GET", "/api/v2/users/" + user_id_ + "/routingskills")), "total"), 1);
  EXPECT_EQ(user_skill_names("routingskills", bob), std::vector<std::string>{});
  auto expanded = ok(get_user(bob, admin(), "expand=skills"));
  EXPECT_EQ(expanded.at("skills"), json::array{});
}

TEST_F(RoutingSkillsApiTest, ADivisionHoldingSkillsCannotBeDeleted) {
  auto division = new_division("Skilled");
  auto skill = str(create(kSkills, "Resident", division), "id");
  EXPECT_TRUE(is_error_body(send("DELETE", "/api/v2/authorization/divisions/" + division), 409, "general.conflict"));
  EXPECT_TRUE(has_status(send("GET", uri(kSkills, skill)), 200));
  ASSERT_TRUE(has_status(send("DELETE", uri(kSkills, skill)), 204));
  EXPECT_TRUE(has_status(send("DELETE", "/api/v2/authorization/divisions/" + division), 204));
}

TEST_F(RoutingSkillsApiTest, LanguagesAreSkillsWithoutDivisions) {
  auto made = create(kLanguages, " Klingon ");
  EXPECT_EQ(str(made, "name"), "Klingon");
  EXPECT_FALSE(made.contains("division")) << json::serialize(made);
  EXPECT_EQ(str(made, "state"), "active");
  EXPECT_EQ(num(made, "version"), 1);
  EXPECT_FALSE(str(made, "dateModified").empty());
  EXPECT_EQ(str(made, "selfUri"), uri(kLanguages, str(made, "id")));
  EXPECT_EQ(ok(send("GET", uri(kLanguages, str(made, "id")))), made);
  // A divisionId is no member of a Language: it is not kept.
  auto other = create(kLanguages, "elvish", new_division("Elsewhere"));
  EXPECT_FALSE(other.contains("division"));

  for (const std::string name : {"esperanto", "Basque", "english"}) create(kLanguages, name);
  EXPECT_EQ(listed(kLanguages), (std::vector<std::string>{"Basque", "elvish", "english", "esperanto", "Klingon"}));
  EXPECT_EQ(listed(kLanguages, "sortOrder=desc"),
            (std::vector<std::string>{"Klingon", "esperanto", "english", "elvish", "Basque"}));
  EXPECT_EQ(listed(kLanguages, "name=E"), (std::vector<std::string>{"elvish", "english", "esperanto"}));
  EXPECT_EQ(listed(kLanguages, "name=ENG"), (std::vector<std::string>{"english"}));
  EXPECT_EQ(listed(kLanguages, "id=" + str(made, "id") + "," + str(other, "id")),
            (std::vector<std::string>{"elvish", "Klingon"}));
  auto page = ok(send("GET", std::string(kLanguages) + "?pageSize=2&pageNumber=3"));
  EXPECT_EQ(names_of(page), std::vector<std::string>{"Klingon"});
  EXPECT_EQ(num(page, "total"), 5);
  EXPECT_EQ(num(page, "pageCount"), 3);
  EXPECT_EQ(first_field_name(send("GET", std::string(kLanguages) + "?sortOrder=up")), "sortOrder");

  // Bad bodies, duplicates.
  for (const json::value& body :
       {json::value(json::object{}), json::value(json::object{{"name", " "}}),
        json::value(json::object{{"name", std::string(256, 'l')}}), json::value(json::object{{"name", true}})}) {
    auto res = send("POST", kLanguages, body);
    EXPECT_TRUE(is_error_body(res, 400, "invalid.value")) << json::serialize(body);
    EXPECT_EQ(first_field_name(res), "name") << json::serialize(body);
  }
  EXPECT_TRUE(is_error_body(send("POST", kLanguages, json::object{{"name", "KLINGON"}}), 409, "general.conflict"));
  EXPECT_EQ(num(ok(send("GET", std::string(kLanguages))), "total"), 5);

  // Unknown, malformed and foreign ids.
  auto theirs = create(kLanguages, "Klingon", {}, other_org());
  for (const std::string& id : {random_uuid(), std::string("not-a-uuid"), str(theirs, "id")}) {
    EXPECT_TRUE(is_error_body(send("GET", uri(kLanguages, id)), 404, "not.found")) << id;
    EXPECT_TRUE(is_error_body(send("DELETE", uri(kLanguages, id)), 404, "not.found")) << id;
  }
  EXPECT_EQ(listed(kLanguages, {}, other_org()), std::vector<std::string>{"Klingon"});

  // Deleting one takes it from its users.
  assign("routinglanguages", user_id_, str(made, "id"), 4);
  assign("routinglanguages", user_id_, str(other, "id"), 1);
  ASSERT_TRUE(has_status(send("DELETE", uri(kLanguages, str(made, "id"))), 204));
  EXPECT_TRUE(is_error_body(send("GET", uri(kLanguages, str(made, "id"))), 404, "not.found"));
  EXPECT_TRUE(is_error_body(send("DELETE", uri(kLanguages, str(made, "id"))), 404, "not.found"));
  EXPECT_EQ(user_skill_names("routinglanguages", user_id_), std::vector<std::string>{"elvish"});
  EXPECT_TRUE(has_status(send("GET", uri(kLanguages, str(theirs, "id")), nullptr, other_org()), 200));
}

TEST_F(RoutingSkillsApiTest, EachSkillRouteNeedsItsPermission) {
  auto skill = str(create(kSkills, "Guarded"), "id");
  const json::object body{{"name", "Another"}};

  auto unrelated = token_holding({"directory:user:view"});
  expect_denied(send("GET", std::string(kSkills), nullptr, unrelated), "routing:skill:view", "list, unrelated");
  expect_denied(send("GET", uri(kSkills, skill), nullptr, unrelated), "routing:skill:view", "get, unrelated");
  expect_denied(send("POST", kSkills, body, unrelated), "routing:skill:create", "post, unrelated");
  expect_denied(send("DELETE", uri(kSkills, skill), nullptr, unrelated), "routing:skill:delete", "delete, unrelated");

  auto viewer = token_holding({"routing:skill:view"});
  EXPECT_EQ(listed(kSkills, {}, viewer), std::vector<std::string>{"Guarded"});
  EXPECT_TRUE(has_status(send("GET", uri(kSkills, skill), nullptr, viewer), 200));
  expect_denied(send("POST", kSkills, body, viewer), "routing:skill:manage", "post, viewer");
  expect_denied(send("DELETE", uri(kSkills, skill), nullptr, viewer), "routing:skill:manage", "delete, viewer");

  auto creator = token_holding({"routing:skill:create"});
  EXPECT_EQ(str(ok(send("POST", kSkills, json::object{{"name", "By Creator"}}, creator)), "name"), "By Creator");
  expect_denied(send("GET", std::string(kSkills), nullptr, creator), "routing:skill:view", "list, creator");
  expect_denied(send("DELETE", uri(kSkills, skill), nullptr, creator), "routing:skill:delete", "delete, creator");

  auto deleter = token_holding({"routing:skill:delete"});
  expect_denied(send("POST", kSkills, body, deleter), "routing:skill:create", "post, deleter");
  EXPECT_TRUE(has_status(send("DELETE", uri(kSkills, skill), nullptr, deleter), 204));

  auto manager = token_holding({"routing:skill:manage"});
  auto managed = str(ok(send("POST", kSkills, json::object{{"name", "By Manager"}}, manager)), "id");
  expect_denied(send("GET", uri(kSkills, managed), nullptr, manager), "routing:skill:view", "get, manager");
  EXPECT_TRUE(has_status(send("DELETE", uri(kSkills, managed), nullptr, manager), 204));

  // The refused requests changed nothing.
  EXPECT_EQ(listed(kSkills), std::vector<std::string>{"By Creator"});
}

TEST_F(RoutingSkillsApiTest, LanguagesAreReadByAnyCallerAndChangedWithManage) {
  auto language = str(create(kLanguages, "Latin"), "id");
  const json::object body{{"name", "Greek"}};

  auto unrelated = token_holding({"directory:user:view"});
  EXPECT_EQ(listed(kLanguages, {}, unrelated), std::vector<std::string>{"Latin"});
  EXPECT_TRUE(has_status(send("GET", uri(kLanguages, language), nullptr, unrelated), 200));
  expect_denied(send("POST", kLanguages, body, unrelated), "routing:skill:manage", "post, unrelated");
  expect_denied(send("DELETE", uri(kLanguages, language), nullptr, unrelated), "routing:skill:manage",
                "delete, unrelated");

  // The skills' create and delete permissions are not enough.
  auto creator = token_holding({"routing:skill:create", "routing:skill:delete"});
  expect_denied(send("POST", kLanguages, body, creator), "routing:skill:manage", "post, creator");
  expect_denied(send("DELETE", uri(kLanguages, language), nullptr, creator), "routing:skill:manage", "delete, creator");
  EXPECT_EQ(listed(kLanguages), std::vector<std::string>{"Latin"});

  auto manager = token_holding({"routing:skill:manage"});
  EXPECT_EQ(str(ok(send("POST", kLanguages, body, manager)), "name"), "Greek");
  EXPECT_TRUE(has_status(send("DELETE", uri(kLanguages, language), nullptr, manager), 204));
  EXPECT_EQ(listed(kLanguages), std::vector<std::string>{"Greek"});

  // No token, no answer.
  EXPECT_TRUE(is_error_body(http().get(std::string(kLanguages)), 401, "authentication.required"));
}

TEST_F(RoutingSkillsApiTest, SkillsAreSeenOnlyInTheDivisionsWhereTheCallerMayView) {
  auto d = new_division("Dee");
  auto e = new_division("Eee");
  auto in_home = str(create(kSkills, "Home Skill"), "id");
  auto in_d = str(create(kSkills, "Dee Skill", d), "id");
  auto also_d = str(create(kSkills, "Dee Second", d), "id");
  auto in_e = str(create(kSkills, "Eee Skill", e), "id");

  auto scoped = token_holding({"routing:skill:view"}, d);
  auto listing = ok(send("GET", std::string(kSkills), nullptr, scoped));
  EXPECT_EQ(names_of(listing), (std::vector<std::string>{"Dee Second", "Dee Skill"}));
  EXPECT_EQ(num(listing, "total"), 2);
  EXPECT_EQ(listed(kSkills, "name=e", scoped), (std::vector<std::string>{}));
  EXPECT_EQ(listed(kSkills, "name=dee&sortOrder=desc", scoped), (std::vector<std::string>{"Dee Skill", "Dee Second"}));
  EXPECT_EQ(listed(kSkills, "id=" + in_home + "," + in_d + "," + in_e, scoped), std::vector<std::string>{"Dee Skill"});
  EXPECT_EQ(str(ok(send("GET", uri(kSkills, in_d), nullptr, scoped)), "name"), "Dee Skill");
  EXPECT_TRUE(has_status(send("GET", uri(kSkills, also_d), nullptr, scoped), 200));
  for (const auto& id : {in_home, in_e})
    expect_denied(send("GET", uri(kSkills, id), nullptr, scoped), "routing:skill:view", id);
  // Unknown is still 404, not 403.
  EXPECT_TRUE(is_error_body(send("GET", uri(kSkills, random_uuid()), nullptr, scoped), 404, "not.found"));

  // Held in Home: Home's skill only.
  auto home_viewer = token_holding({"routing:skill:view"}, home_id());
  EXPECT_EQ(listed(kSkills, {}, home_viewer), std::vector<std::string>{"Home Skill"});
  expect_denied(send("GET", uri(kSkills, in_d), nullptr, home_viewer), "routing:skill:view", "home viewer, D");
  // Held in every division: all of them.
  auto everywhere = token_holding({"routing:skill:view"});
  EXPECT_EQ(listed(kSkills, {}, everywhere),
            (std::vector<std::string>{"Dee Second", "Dee Skill", "Eee Skill", "Home Skill"}));
}

}  // namespace
}  // namespace rp::test
