// UsersApi routing skills and languages over HTTP: assigning one (proficiency
// 0..5 required; again: the new proficiency), changing its proficiency and
// state, removing it, the user's listing by skill name with the inactive
// ones, the `skills` and `languages` user expands, bulk PATCH (add or
// update) and PUT (the whole set) all or nothing, 400/404 sides, audit
// records only for changes, and routing:skill:assign (languages: or
// routing:language:assign) checked in the user's division.

#include <sstream>

#include "api/genesys/json_calls.h"
#include "api/genesys/oauth/sign_in_api.h"

namespace rp::test {
namespace {

namespace json = boost::json;

class UserRoutingSkillsApiTest : public JsonCalls<SignInApiTest> {
 protected:
  ServerConfig server_config() const override {
    ServerConfig c;
    c.extra_orgs = {"globex"};
    return c;
  }

  // POST /api/v2/routing/skills|languages {name}: the new id.
  std::string new_skill(const std::string& name, std::string_view token = {}) {
    return str(ok(send("POST", "/api/v2/routing/skills", json::object{{"name", name}}, token)), "id");
  }
  std::string new_language(const std::string& name, std::string_view token = {}) {
    return str(ok(send("POST", "/api/v2/routing/languages", json::object{{"name", name}}, token)), "id");
  }

  static std::string skills_uri(std::string_view user) {
    return "/api/v2/users/" + std::string(user) + "/routingskills";
  }
  static std::string languages_uri(std::string_view user) {
    return "/api/v2/users/" + std::string(user) + "/routinglanguages";
  }

  static json::object entry(const std::string& id, double proficiency, std::string_view state = {}) {
    json::object o{{"id", id}, {"proficiency", proficiency}};
    if (!state.empty()) o["state"] = state;
    return o;
  }

  // An assignment as "name proficiency state", for comparing listings.
  static std::string summary(const json::value& v) {
    if (!v.is_object()) return "<not an object>";
    const auto& o = v.as_object();
    if (!o.contains("proficiency")) return "<no proficiency: " + json::serialize(o) + ">";
    std::ostringstream out;
    out << str(o, "name") << " " << o.at("proficiency").to_number<double>() << " " << str(o, "state");
    return out.str();
  }
  static std::vector<std::string> summaries(const json::value& entities) {
    std::vector<std::string> out;
    if (!entities.is_array()) return {"<not an array>"};
    for (const auto& e : entities.as_array()) out.push_back(summary(e));
    return out;
  }
  static std::vector<std::string> summaries_of(const json::object& listing) {
    const auto* e = listing.if_contains("entities");
    return e ? summaries(*e) : std::vector<std::string>{"<no entities>"};
  }
  // The user's listing at `collection` (skills_uri or languages_uri), summarized.
  std::vector<std::string> held(const std::string& collection, const std::string& query = {}) {
    return summaries_of(ok(send("GET", collection + (query.empty() ? "" : "?" + query))));
  }

  void expect_field(const HttpResponse& res, std::string_view field, std::string_view what) {
    EXPECT_TRUE(is_error_body(res, 400, "invalid.value")) << what;
    EXPECT_EQ(first_field_name(res), field) << what;
  }
};

TEST_F(UserRoutingSkillsApiTest, ASkillIsAssignedChangedDeactivatedAndRemoved) {
  auto zulu = new_skill("Zulu");
  auto alpha = new_skill("alpha");
  auto mike = new_skill("Mike");
  const auto uri = skills_uri(user_id_);
  EXPECT_EQ(held(uri), std::vector<std::string>{});

  auto assigned = ok(send("POST", uri, entry(zulu, 3)));
  EXPECT_EQ(str(assigned, "id"), zulu);
  EXPECT_EQ(str(assigned, "name"), "Zulu");
  EXPECT_EQ(summary(assigned), "Zulu 3 active");
  EXPECT_EQ(str(assigned, "skillUri"), "/api/v2/routing/skills/" + zulu);
  EXPECT_EQ(str(assigned, "selfUri"), uri + "/" + zulu);
  // The bounds of proficiency are allowed; a state may be given.
  EXPECT_EQ(summary(ok(send("POST", uri, entry(alpha, 0)))), "alpha 0 active");
  EXPECT_EQ(summary(ok(send("POST", uri, entry(mike, 5, "inactive")))), "Mike 5 inactive");

  // Again: the new proficiency, the state kept.
  EXPECT_EQ(summary(ok(send("POST", uri, entry(zulu, 4.5)))), "Zulu 4.5 active");
  EXPECT_EQ(summary(ok(send("POST", uri, entry(mike, 2)))), "Mike 2 inactive");

  // PUT changes what it names.
  EXPECT_EQ(summary(ok(send("PUT", uri + "/" + zulu, json::object{{"state", "inactive"}}))), "Zulu 4.5 inactive");
  EXPECT_EQ(summary(ok(send("PUT", uri + "/" + zulu, json::object{{"proficiency", 1}}))), "Zulu 1 inactive");
  EXPECT_EQ(summary(ok(send("PUT", uri + "/" + mike, json::object{{"id", mike}, {"state", "active"}}))),
            "Mike 2 active");

  // The listing: by skill name ignoring case, inactive ones included.
  auto listing = ok(send("GET", uri));
  EXPECT_EQ(summaries_of(listing), (std::vector<std::string>{"alpha 0 active", "Mike 2 active", "Zulu 1 inactive"}));
  EXPECT_EQ(num(listing, "total"), 3);
  ASSERT_EQ(ids_of(listing), (std::vector<std::string>{alpha, mike, zulu}));
  EXPECT_EQ(str(listing.at("entities").as_array()[2].as_object(), "selfUri"), uri + "/" + zulu);
  EXPECT_EQ(held(uri, "sortOrder=desc"),
            (std::vector<std::string>{"Zulu 1 inactive", "Mike 2 active", "alpha 0 active"}));
  auto page = ok(send("GET", uri + "?pageSize=2&pageNumber=2"));
  EXPECT_EQ(summaries_of(page), std::vector<std::string>{"Zulu 1 inactive"});
  EXPECT_EQ(num(page, "total"), 3);
  EXPECT_EQ(num(page, "pageCount"), 2);
  EXPECT_EQ(first_field_name(send("GET", uri + "?sortOrder=random")), "sortOrder");

  // Removed: 204, then gone.
  auto del = send("DELETE", uri + "/" + zulu);
  ASSERT_TRUE(has_status(del, 204));
  EXPECT_TRUE(del.body.empty());
  EXPECT_TRUE(is_error_body(send("DELETE", uri + "/" + zulu), 404, "not.found"));
  EXPECT_TRUE(is_error_body(send("PUT", uri + "/" + zulu, json::object{{"proficiency", 2}}), 404, "not.found"));
  EXPECT_EQ(held(uri), (std::vector<std::string>{"alpha 0 active", "Mike 2 active"}));
  // The skill itself is still there.
  EXPECT_TRUE(has_status(send("GET", "/api/v2/routing/skills/" + zulu), 200));
}

TEST_F(UserRoutingSkillsApiTest, BadAssignmentsNameTheirFieldAndUnknownSkillsAre404) {
  auto skill = new_skill("Valid");
  auto other = new_skill("Other");
  const auto uri = skills_uri(user_id_);
  ASSERT_TRUE(has_status(send("POST", uri, entry(skill, 2)), 200));

  struct Case {
    json::object body;
    std::string field;
  };
  const std::vector<Case> posts = {
      {json::object{{"proficiency", 1}}, "id"},
      {json::object{{"id", 12}, {"proficiency", 1}}, "id"},
      {json::object{{"id", skill}}, "proficiency"},
      {entry(skill, 5.5), "proficiency"},
      {entry(skill, -1), "proficiency"},
      {json::object{{"id", skill}, {"proficiency", "3"}}, "proficiency"},
      {entry(skill, 3, "paused"), "state"},
  };
  for (const auto& c : posts) expect_field(send("POST", uri, c.body), c.field, json::serialize(c.body));
  EXPECT_TRUE(is_error_body(send("POST", uri, json::array{entry(skill, 1)}), 400, "bad.request"));

  // Unknown and malformed skills, a language's id and another
  // organization's skill are not found.
  auto language = new_language("Dutch");
  auto foreign = new_skill("Foreign", other_org());
  for (const std::string& id : {random_uuid(), std::string("not-a-uuid"), language, foreign})
    EXPECT_TRUE(is_error_body(send("POST", uri, entry(id, 1)), 404, "not.found")) << id;

  const std::vector<Case> puts = {
      {json::object{{"id", other}, {"proficiency", 1}}, "id"},
      {json::object{{"proficiency", 6}}, "proficiency"},
      {json::object{{"proficiency", true}}, "proficiency"},
      {json::object{{"state", "ACTIVE"}}, "state"},
  };
  for (const auto& c : puts) expect_field(send("PUT", uri + "/" + skill, c.body), c.field, json::serialize(c.body));
  // A skill the user does not have, or none at all.
  for (const std::string& id : {other, random_uuid(), std::string("not-a-uuid")}) {
    EXPECT_TRUE(is_error_body(send("PUT", uri + "/" + id, json::object{{"proficiency", 1}}), 404, "not.found")) << id;
    EXPECT_TRUE(is_error_body(send("DELETE", uri + "/" + id), 404, "not.found")) << id;
  }

  EXPECT_EQ(held(uri), std::vector<std::string>{"Valid 2 active"});
}

TEST_F(UserRoutingSkillsApiTest, LanguagesAreAssignedLikeSkillsAndPatched) {
  auto welsh = new_language("Welsh");
  auto basque = new_language("basque");
  const auto uri = languages_uri(user_id_);

  auto assigned = ok(send("POST", uri, entry(welsh, 2)));
  EXPECT_EQ(str(assigned, "id"), welsh);
  EXPECT_EQ(summary(assigned), "Welsh 2 active");
  EXPECT_EQ(str(assigned, "languageUri"), "/api/v2/routing/languages/" + welsh);
  EXPECT_EQ(str(assigned, "selfUri"), uri + "/" + welsh);
  EXPECT_FALSE(assigned.contains("skillUri"));
  EXPECT_EQ(summary(ok(send("POST", uri, entry(basque, 5)))), "basque 5 active");
  EXPECT_EQ(summary(ok(send("POST", uri, entry(welsh, 3)))), "Welsh 3 active");

  EXPECT_EQ(summary(ok(send("PATCH", uri + "/" + welsh, json::object{{"state", "inactive"}}))), "Welsh 3 inactive");
  EXPECT_EQ(summary(ok(send("PATCH", uri + "/" + welsh, json::object{{"proficiency", 0.5}}))), "Welsh 0.5 inactive");
  expect_field(send("PATCH", uri + "/" + welsh, json::object{{"proficiency", 9}}), "proficiency", "PATCH 9");
  expect_field(send("POST", uri, json::object{{"id", basque}}), "proficiency", "POST without proficiency");
  expect_field(send("POST", uri, entry(basque, 5.01)), "proficiency", "POST 5.01");
  EXPECT_EQ(held(uri), (std::vector<std::string>{"basque 5 active", "Welsh 0.5 inactive"}));
  EXPECT_EQ(held(uri, "sortOrder=descending"), (std::vector<std::string>{"Welsh 0.5 inactive", "basque 5 active"}));

  // A skill is no language.
  auto skill = new_skill("Welsh");
  EXPECT_TRUE(is_error_body(send("POST", uri, entry(skill, 1)), 404, "not.found"));
  EXPECT_TRUE(is_error_body(send("POST", uri, entry(random_uuid(), 1)), 404, "not.found"));
  EXPECT_EQ(held(skills_uri(user_id_)), std::vector<std::string>{});

  auto bulk = ok(send("PATCH", uri + "/bulk", json::array{entry(basque, 1, "inactive"), entry(welsh, 4, "active")}));
  EXPECT_EQ(summaries_of(bulk), (std::vector<std::string>{"basque 1 inactive", "Welsh 4 active"}));
  EXPECT_EQ(num(bulk, "total"), 2);
  expect_field(send("PATCH", uri + "/bulk", json::array{entry(welsh, 1), entry(skill, 1)}), "body[1].id",
               "a skill in the languages' bulk");

  ASSERT_TRUE(has_status(send("DELETE", uri + "/" + basque), 204));
  EXPECT_TRUE(is_error_body(send("DELETE", uri + "/" + basque), 404, "not.found"));
  EXPECT_TRUE(is_error_body(send("PATCH", uri + "/" + basque, json::object{{"state", "active"}}), 404, "not.found"));
  EXPECT_EQ(held(uri), std::vector<std::string>{"Welsh 4 active"});
}

TEST_F(UserRoutingSkillsApiTest, TheSkillsAndLanguagesExpandsShowTheAssignments) {
  auto bob = str(create_user("Bob Agent", "bob@example.com"), "id");
  auto sales = new_skill("Sales");
  auto care = new_skill("care");
  auto french = new_language("French");
  ASSERT_TRUE(has_status(send("POST", skills_uri(user_id_), entry(sales, 4)), 200));
  ASSERT_TRUE(has_status(send("POST", skills_uri(user_id_), entry(care, 2, "inactive")), 200));
  ASSERT_TRUE(has_status(send("POST", languages_uri(user_id_), entry(french, 3)), 200));
  ASSERT_TRUE(has_status(send("POST", skills_uri(bob), entry(care, 5)), 200));

  auto user = ok(get_user(user_id_, admin(), "expand=skills,languages"));
  ASSERT_TRUE(user.contains("skills") && user.contains("languages")) << json::serialize(user);
  EXPECT_EQ(user.at("skills"), ok(send("GET", skills_uri(user_id_))).at("entities"));
  EXPECT_EQ(user.at("languages"), ok(send("GET", languages_uri(user_id_))).at("entities"));
  EXPECT_EQ(summaries(user.at("skills")), (std::vector<std::string>{"care 2 inactive", "Sales 4 active"}));
  EXPECT_EQ(summaries(user.at("languages")), std::vector<std::string>{"French 3 active"});

  // Only what is asked for.
  auto only_languages = ok(get_user(user_id_, admin(), "expand=languages"));
  EXPECT_FALSE(only_languages.contains("skills"));
  EXPECT_TRUE(only_languages.contains("languages"));
  auto plain = ok(get_user(user_id_));
  EXPECT_FALSE(plain.contains("skills") || plain.contains("languages"));

  // The listing reads them for each user of the page.
  auto page = list_users("pageSize=100&expand=skills,languages");
  int seen = 0;
  for (const auto& e : page.at("entities").as_array()) {
    const auto& u = e.as_object();
    if (str(u, "id") == user_id_) {
      ++seen;
      EXPECT_EQ(u.at("skills"), user.at("skills"));
      EXPECT_EQ(u.at("languages"), user.at("languages"));
    } else if (str(u, "id") == bob) {
      ++seen;
      EXPECT_EQ(summaries(u.at("skills")), std::vector<std::string>{"care 5 active"});
      EXPECT_EQ(u.at("languages"), json::array{});
    }
  }
  EXPECT_EQ(seen, 2);
}

TEST_F(UserRoutingSkillsApiTest, UnknownMalformedForeignAndDeletedUsersAre404) {
  auto skill = new_skill("Anything");
  auto language = new_language("Any");
  auto doomed = str(create_user("Doomed User", "doomed@example.com"), "id");
  ASSERT_TRUE(has_status(send("POST", skills_uri(doomed), entry(skill, 1)), 200));
  ASSERT_TRUE(has_status(send("POST", languages_uri(doomed), entry(language, 1)), 200));

  // Every route, as `token` on `user`.
  auto every_route = [&](const std::string& user, const std::string& token, const std::string& what) {
    const auto s = skills_uri(user);
    const auto l = languages_uri(user);
    const json::array bulk_skills{entry(skill, 2)};
    const json::array bulk_languages{entry(language, 2)};
    std::vector<HttpResponse> answers;
    answers.push_back(send("GET", s, nullptr, token));
    answers.push_back(send("POST", s, entry(skill, 2), token));
    answers.push_back(send("PUT", s + "/" + skill, json::object{{"proficiency", 2}}, token));
    answers.push_back(send("DELETE", s + "/" + skill, nullptr, token));
    answers.push_back(send("PATCH", s + "/bulk", bulk_skills, token));
    answers.push_back(send("PUT", s + "/bulk", bulk_skills, token));
    answers.push_back(send("GET", l, nullptr, token));
    answers.push_back(send("POST", l, entry(language, 2), token));
    answers.push_back(send("PATCH", l + "/" + language, json::object{{"proficiency", 2}}, token));
    answers.push_back(send("DELETE", l + "/" + language, nullptr, token));
    answers.push_back(send("PATCH", l + "/bulk", bulk_languages, token));
    for (std::size_t i = 0; i < answers.size(); ++i)
      EXPECT_TRUE(is_error_body(answers[i], 404, "not.found")) << what << ", route " << i;
  };
  every_route(random_uuid(), admin(), "unknown user");
  every_route("not-a-uuid", admin(), "malformed user");
  every_route(doomed, other_org(), "another organization's user");
  // The other organization changed nothing.
  EXPECT_EQ(held(skills_uri(doomed)), std::vector<std::string>{"Anything 1 active"});
  EXPECT_EQ(held(languages_uri(doomed)), std::vector<std::string>{"Any 1 active"});
  ASSERT_TRUE(has_status(send("DELETE", "/api/v2/users/" + doomed), 200));
  every_route(doomed, admin(), "deleted user");
}

TEST_F(UserRoutingSkillsApiTest, BulkPatchAddsOrUpdatesAndPutReplacesTheWholeSet) {
  auto a = new_skill("A skill");
  auto b = new_skill("B skill");
  auto c = new_skill("c skill");
  const auto bulk = skills_uri(user_id_) + "/bulk";

  auto patched = ok(send("PATCH", bulk, json::array{entry(b, 2), entry(a, 1)}));
  EXPECT_EQ(summaries_of(patched), (std::vector<std::string>{"A skill 1 active", "B skill 2 active"}));
  EXPECT_EQ(num(patched, "total"), 2);
  patched = ok(send("PATCH", bulk, json::array{entry(b, 5, "inactive"), entry(c, 3)}));
  const std::vector<std::string> three = {"A skill 1 active", "B skill 5 inactive", "c skill 3 active"};
  EXPECT_EQ(summaries_of(patched), three);
  EXPECT_EQ(held(skills_uri(user_id_)), three);
  // An empty PATCH changes nothing.
  EXPECT_EQ(summaries_of(ok(send("PATCH", bulk, json::array{}))), three);

  auto replaced = ok(send("PUT", bulk, json::array{entry(c, 4), entry(a, 1, "inactive")}));
  const std::vector<std::string> two = {"A skill 1 inactive", "c skill 4 active"};
  EXPECT_EQ(summaries_of(replaced), two);
  EXPECT_EQ(num(replaced, "total"), 2);
  EXPECT_EQ(held(skills_uri(user_id_)), two);
  EXPECT_EQ(summaries_of(ok(send("PUT", bulk, json::array{}))), std::vector<std::string>{});
  EXPECT_EQ(held(skills_uri(user_id_)), std::vector<std::string>{});

  // 50 entries at once is the most.
  json::array fifty;
  for (int i = 0; i < 50; ++i) fifty.push_back(entry(new_skill("Many " + std::to_string(100 + i)), i % 6));
  auto all = ok(send("PUT", bulk, fifty));
  EXPECT_EQ(num(all, "total"), 50);
  EXPECT_EQ(num(ok(send("GET", skills_uri(user_id_))), "total"), 50);
  auto fifty_one = fifty;
  fifty_one.push_back(entry(a, 1));
  expect_field(send("PUT", bulk, fifty_one), "body", "51 entries (PUT)");
  expect_field(send("PATCH", bulk, fifty_one), "body", "51 entries (PATCH)");
  auto after = ok(send("GET", skills_uri(user_id_) + "?pageSize=100"));
  EXPECT_EQ(num(after, "total"), 50);
  EXPECT_EQ(ids_of(after).size(), 50u);
}

TEST_F(UserRoutingSkillsApiTest, ABulkChangeIsAllOrNothing) {
  auto a = new_skill("Alpha");
  auto b = new_skill("Beta");
  const auto uri = skills_uri(user_id_);
  ASSERT_TRUE(has_status(send("POST", uri, entry(a, 1)), 200));
  const std::vector<std::string> before = {"Alpha 1 active"};
  auto language = new_language("Catalan");
  auto foreign = new_skill("Foreign", other_org());

  struct Case {
    json::value body;
    std::string field;
  };
  const std::vector<Case> cases = {
      {json::array{entry(b, 2), entry(random_uuid(), 3)}, "body[1].id"},
      {json::array{entry(b, 2), entry("not-a-uuid", 3)}, "body[1].id"},
      {json::array{entry(language, 2)}, "body[0].id"},
      {json::array{entry(a, 4), entry(b, 2), entry(foreign, 2)}, "body[2].id"},
      {json::array{entry(b, 2), entry(a, 9)}, "body[1].proficiency"},
      {json::array{entry(a, 2), json::object{{"id", b}}}, "body[1].proficiency"},
      {json::array{json::object{{"proficiency", 1}}}, "body[0].id"},
      {json::array{json::object{{"id", 5}, {"proficiency", 1}}}, "body[0].id"},
      {json::array{entry(b, 2, "asleep")}, "body[0].state"},
      {json::array{entry(b, 2), 3}, "body[1]"},
      {json::object{{"id", b}, {"proficiency", 2}}, "body"},
  };
  for (const auto& c : cases) {
    for (std::string_view method : {"PATCH", "PUT"}) {
      auto what = std::string(method) + " " + json::serialize(c.body);
      expect_field(send(method, uri + "/bulk", c.body), c.field, what);
      EXPECT_EQ(held(uri), before) << what;
    }
  }
  // The languages' bulk too.
  const auto languages = languages_uri(user_id_);
  ASSERT_TRUE(has_status(send("POST", languages, entry(language, 3)), 200));
  expect_field(send("PATCH", languages + "/bulk", json::array{entry(language, 5), entry(random_uuid(), 1)}),
               "body[1].id", "languages' bulk");
  EXPECT_EQ(held(languages), std::vector<std::string>{"Catalan 3 active"});
}

TEST_F(UserRoutingSkillsApiTest, EachRouteNeedsItsAssignPermission) {
  auto skill = new_skill("Guarded");
  auto language = new_language("Guarded");
  const auto s = skills_uri(user_id_);
  const auto l = languages_uri(user_id_);
  ASSERT_TRUE(has_status(send("POST", s, entry(skill, 1)), 200));
  ASSERT_TRUE(has_status(send("POST", l, entry(language, 1)), 200));

  // A caller without them reads, and changes nothing.
  auto unrelated = token_holding({"directory:user:view"});
  EXPECT_EQ(held(s), std::vector<std::string>{"Guarded 1 active"});
  EXPECT_TRUE(has_status(send("GET", s, nullptr, unrelated), 200));
  EXPECT_TRUE(has_status(send("GET", l, nullptr, unrelated), 200));
  auto denied = [&](const HttpResponse& res, std::string_view code, const std::string& what) {
    EXPECT_TRUE(is_error_body(res, 403, code)) << what;
    EXPECT_NE(res.body.find("routing:skill:assign"), std::string::npos) << what;
  };
  // POST, PUT and DELETE of one skill need all of their one permission,
  // the bulk routes any.
  auto skill_routes = [&](const std::string& token, const std::string& who) {
    denied(send("POST", s, entry(skill, 2), token), "missing.permissions", who + " POST");
    denied(send("PUT", s + "/" + skill, json::object{{"proficiency", 2}}, token), "missing.permissions", who + " PUT");
    denied(send("DELETE", s + "/" + skill, nullptr, token), "missing.permissions", who + " DELETE");
    denied(send("PATCH", s + "/bulk", json::array{entry(skill, 2)}, token), "missing.any.permissions",
           who + " PATCH bulk");
    denied(send("PUT", s + "/bulk", json::array{}, token), "missing.any.permissions", who + " PUT bulk");
  };
  skill_routes(unrelated, "unrelated");
  denied(send("POST", l, entry(language, 2), unrelated), "missing.any.permissions", "languages POST");
  denied(send("PATCH", l + "/" + language, json::object{{"proficiency", 2}}, unrelated), "missing.any.permissions",
         "languages PATCH");
  denied(send("DELETE", l + "/" + language, nullptr, unrelated), "missing.any.permissions", "languages DELETE");
  denied(send("PATCH", l + "/bulk", json::array{}, unrelated), "missing.any.permissions", "languages PATCH bulk");

  // routing:language:assign: the languages, not the skills.
  auto linguist = token_holding({"routing:language:assign"});
  skill_routes(linguist, "language assigner");
  EXPECT_EQ(summary(ok(send("POST", l, entry(language, 2), linguist))), "Guarded 2 active");
  EXPECT_EQ(summary(ok(send("PATCH", l + "/" + language, json::object{{"state", "inactive"}}, linguist))),
            "Guarded 2 inactive");
  EXPECT_TRUE(has_status(send("PATCH", l + "/bulk", json::array{entry(language, 3)}, linguist), 200));
  EXPECT_TRUE(has_status(send("DELETE", l + "/" + language, nullptr, linguist), 204));
  EXPECT_EQ(held(s), std::vector<std::string>{"Guarded 1 active"});
  EXPECT_EQ(held(l), std::vector<std::string>{});

  // routing:skill:assign: both.
  auto assigner = token_holding({"routing:skill:assign"});
  EXPECT_EQ(summary(ok(send("POST", s, entry(skill, 4), assigner))), "Guarded 4 active");
  EXPECT_EQ(summary(ok(send("PUT", s + "/" + skill, json::object{{"state", "inactive"}}, assigner))),
            "Guarded 4 inactive");
  EXPECT_TRUE(has_status(send("PATCH", s + "/bulk", json::array{entry(skill, 5)}, assigner), 200));
  EXPECT_TRUE(has_status(send("PUT", s + "/bulk", json::array{entry(skill, 3)}, assigner), 200));
  EXPECT_TRUE(has_status(send("DELETE", s + "/" + skill, nullptr, assigner), 204));
  EXPECT_EQ(summary(ok(send("POST", l, entry(language, 1), assigner))), "Guarded 1 active");
  EXPECT_TRUE(has_status(send("PATCH", l + "/" + language, json::object{{"proficiency", 2}}, assigner), 200));
  EXPECT_TRUE(has_status(send("PATCH", l + "/bulk", json::array{entry(language, 3)}, assigner), 200));
  EXPECT_TRUE(has_status(send("DELETE", l + "/" + language, nullptr, assigner), 204));
  EXPECT_EQ(held(s), std::vector<std::string>{});
  EXPECT_EQ(held(l), std::vector<std::string>{});
}

TEST_F(UserRoutingSkillsApiTest, AssigningIsCheckedInTheUsersDivision) {
  auto d = str(ok(send("POST", "/api/v2/authorization/divisions", json::object{{"name", "Dee"}})), "id");
  auto resident = str(create_user("Dee Resident", "resident@example.com", {{"divisionId", d}}), "id");
  auto skill = new_skill("Scoped");
  auto language = new_language("Scoped");
  ASSERT_TRUE(has_status(send("POST", skills_uri(user_id_), entry(skill, 1)), 200));
  ASSERT_TRUE(has_status(send("POST", languages_uri(user_id_), entry(language, 1)), 200));

  // Held in D only: the user in Home cannot be changed.
  auto scoped = token_holding({"routing:skill:assign"}, d);
  const auto s = skills_uri(user_id_);
  const auto l = languages_uri(user_id_);
  std::vector<HttpResponse> refused;
  refused.push_back(send("POST", s, entry(skill, 2), scoped));
  refused.push_back(send("PUT", s + "/" + skill, json::object{{"proficiency", 2}}, scoped));
  refused.push_back(send("DELETE", s + "/" + skill, nullptr, scoped));
  refused.push_back(send("PATCH", s + "/bulk", json::array{entry(skill, 2)}, scoped));
  refused.push_back(send("PUT", s + "/bulk", json::array{}, scoped));
  refused.push_back(send("POST", l, entry(language, 2), scoped));
  refused.push_back(send("PATCH", l + "/" + language, json::object{{"proficiency", 2}}, scoped));
  refused.push_back(send("DELETE", l + "/" + language, nullptr, scoped));
  refused.push_back(send("PATCH", l + "/bulk", json::array{entry(language, 2)}, scoped));
  for (std::size_t i = 0; i < refused.size(); ++i) {
    EXPECT_EQ(refused[i].status, 403) << "route " << i << ": " << refused[i].describe();
    EXPECT_NE(refused[i].body.find("routing:skill:assign"), std::string::npos) << "route " << i;
  }
  EXPECT_EQ(held(s), std::vector<std::string>{"Scoped 1 active"});
  EXPECT_EQ(held(l), std::vector<std::string>{"Scoped 1 active"});

  // The user in D can.
  const auto rs = skills_uri(resident);
  EXPECT_EQ(summary(ok(send("POST", rs, entry(skill, 3), scoped))), "Scoped 3 active");
  EXPECT_TRUE(has_status(send("PUT", rs + "/" + skill, json::object{{"proficiency", 4}}, scoped), 200));
  EXPECT_TRUE(has_status(send("PATCH", rs + "/bulk", json::array{entry(skill, 5)}, scoped), 200));
  EXPECT_EQ(summary(ok(send("POST", languages_uri(resident), entry(language, 2), scoped))), "Scoped 2 active");
  EXPECT_EQ(held(rs), std::vector<std::string>{"Scoped 5 active"});
  EXPECT_TRUE(has_status(send("DELETE", rs + "/" + skill, nullptr, scoped), 204));
  EXPECT_EQ(held(rs), std::vector<std::string>{});

  // routing:language:assign in D: the languages of D's user only.
  auto linguist = token_holding({"routing:language:assign"}, d);
  EXPECT_TRUE(is_error_body(send("POST", l, entry(language, 3), linguist), 403, "missing.any.permissions"));
  EXPECT_TRUE(has_status(
      send("PATCH", languages_uri(resident) + "/" + language, json::object{{"proficiency", 1}}, linguist), 200));
  EXPECT_EQ(held(languages_uri(resident)), std::vector<std::string>{"Scoped 1 active"});
  EXPECT_EQ(held(l), std::vector<std::string>{"Scoped 1 active"});
}

TEST_F(UserRoutingSkillsApiTest, OnlyChangesAreAudited) {
  auto skill = new_skill("Audited");
  const auto uri = skills_uri(user_id_);
  ASSERT_TRUE(has_status(send("POST", uri, entry(skill, 3)), 200));
  ASSERT_TRUE(has_status(send("POST", uri, entry(skill, 3)), 200));                                // no change
  ASSERT_TRUE(has_status(send("PUT", uri + "/" + skill, json::object{{"proficiency", 3}}), 200));  // no change
  ASSERT_TRUE(has_status(send("PUT", uri + "/" + skill, json::object{{"state", "inactive"}}), 200));
  ASSERT_TRUE(has_status(send("PATCH", uri + "/bulk", json::array{entry(skill, 3, "inactive")}), 200));  // no change
  ASSERT_TRUE(has_status(send("DELETE", uri + "/" + skill), 204));
  ASSERT_TRUE(has_status(send("PUT", uri + "/bulk", json::array{}), 200));  // no change

  auto rows = query(server().db_path(),
                    "SELECT action FROM audit_log WHERE entity_id = ?1 AND action LIKE 'user.routing%' ORDER BY seq",
                    {user_id_});
  std::vector<std::string> actions;
  for (const auto& r : rows) actions.push_back(r[0]);
  EXPECT_EQ(actions,
            (std::vector<std::string>{"user.routingskill.set", "user.routingskill.set", "user.routingskill.remove"}));
}

}  // namespace
}  // namespace rp::test
