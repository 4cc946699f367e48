// The expand values of the user endpoints (GET /api/v2/users, /users/{id},
// superiors, directreports, adjacents), the jabberId filter and
// integrationPresenceSource of GET /api/v2/users.

#include <sqlite3.h>

#include <algorithm>

#include "api/genesys/authorization/roles_api.h"
#include "core/time.h"

namespace rp::test {
namespace {

namespace json = boost::json;

class UserExpandTest : public RolesApiTest {
 protected:
  json::object get_ok(const std::string& target, std::string_view token = {}) {
    return ok(send("GET", target, {}, token));
  }
  json::object user_with(const std::string& id, const std::string& query) {
    return get_ok("/api/v2/users/" + id + "?" + query);
  }
  static std::vector<std::string> role_names(const json::object& auth) {
    std::vector<std::string> out;
    for (const auto& r : auth.at("roles").as_array()) out.push_back(str(r.as_object(), "name"));
    return out;
  }
  static std::vector<std::string> strings(const json::value& v) {
    std::vector<std::string> out;
    for (const auto& s : v.as_array()) out.emplace_back(s.as_string());
    return out;
  }
  void put_skills(const std::string& id, std::string_view body) {
    EXPECT_TRUE(has_status(send("PUT", "/api/v2/users/" + id + "/profileskills", body), 200));
  }
};

TEST_F(UserExpandTest, WithoutExpandNoExpansionIsAnswered) {
  auto id = str(create_user("Plain", "plain@example.com"), "id");
  auto u = ok(get_user(id));
  for (const char* k : {"authorization", "profileSkills", "locations", "groups", "dateLastLogin", "lastTokenIssued"})
    EXPECT_FALSE(u.contains(k)) << k;
}

TEST_F(UserExpandTest, AuthorizationIsTheUsersRolesAndPermissions) {
  auto id = str(create_user("Sup", "sup@example.com"), "id");
  const std::string sup = str(role_named("supervisor"), "id");
  const std::string empty = str(create_role("Nothing"), "id");
  ASSERT_TRUE(has_status(send("PUT", "/api/v2/users/" + id + "/roles", "[\"" + sup + "\",\"" + empty + "\"]"), 200));

  auto u = user_with(id, "expand=authorization");
  ASSERT_TRUE(u.contains("authorization")) << to_text(u);
  const auto& auth = u.at("authorization").as_object();
  EXPECT_EQ(role_names(auth), (std::vector<std::string>{"Nothing", "supervisor"}));
  ASSERT_EQ(auth.at("unusedRoles").as_array().size(), 1u);
  EXPECT_EQ(str(auth.at("unusedRoles").as_array()[0].as_object(), "id"), empty);
  auto perms = strings(auth.at("permissions"));
  EXPECT_NE(std::find(perms.begin(), perms.end(), "directory:user:add"), perms.end());
  EXPECT_EQ(std::find(perms.begin(), perms.end(), "directory:user:delete"), perms.end());
  EXPECT_FALSE(auth.at("permissionPolicies").as_array().empty());

  // The same as GET /users/{id}/roles answers.
  auto roles = ok(send("GET", "/api/v2/users/" + id + "/roles"));
  EXPECT_EQ(json::value(auth), json::value(roles));
  // authorization.unusedRoles alone brings the same object.
  EXPECT_EQ(user_with(id, "expand=authorization.unusedRoles").at("authorization"), json::value(roles));
}

TEST_F(UserExpandTest, AuthorizationOnlyForCallersWhoMayReadGrants) {
  auto id = str(create_user("Quiet", "quiet@example.com"), "id");
  put_skills(id, R"(["Visible"])");
  auto employee = token_with({"employee"});
  auto u = get_ok("/api/v2/users/" + id + "?expand=authorization,profileSkills", employee);
  EXPECT_FALSE(u.contains("authorization")) << to_text(u);
  EXPECT_EQ(strings(u.at("profileSkills")), std::vector<std::string>{"Visible"});
  auto list = get_ok("/api/v2/users?expand=authorization", employee);
  for (const auto& e : list.at("entities").as_array()) EXPECT_FALSE(e.as_object().contains("authorization"));
  auto viewer = token_with_permission("authorization:grant:view");
  EXPECT_TRUE(get_ok("/api/v2/users/" + id + "?expand=authorization", viewer).contains("authorization"));
}

TEST_F(UserExpandTest, ListingExpandsEveryUserOfThePage) {
  const std::string emp = str(role_named("employee"), "id");
  std::vector<std::string> ids;
  for (int i = 0; i < 4; ++i) {
    auto id = str(create_user("User " + std::to_string(i), "u" + std::to_string(i) + "@example.com"), "id");
    ids.push_back(id);
    if (i % 2 == 0) {
      ASSERT_TRUE(has_status(send("PUT", "/api/v2/users/" + id + "/roles", "[\"" + emp + "\"]"), 200));
    }
    put_skills(id, "[\"skill " + std::to_string(i) + "\"]");
  }
  auto list = get_ok("/api/v2/users?expand=authorization,profileSkills&sortOrder=ascending");
  const auto& entities = list.at("entities").as_array();
  ASSERT_EQ(entities.size(), 4u);
  for (std::size_t i = 0; i < 4; ++i) {
    const auto& u = entities[i].as_object();
    EXPECT_EQ(str(u, "id"), ids[i]);
    auto names = role_names(u.at("authorization").as_object());
    EXPECT_EQ(names, i % 2 == 0 ? std::vector<std::string>{"employee"} : std::vector<std::string>{}) << i;
    EXPECT_EQ(strings(u.at("profileSkills")), std::vector<std::string>{"skill " + std::to_string(i)});
  }
  // The expand values ride along in the paging links.
  EXPECT_NE(str(list, "selfUri").find("expand=authorization"), std::string::npos) << str(list, "selfUri");
}

TEST_F(UserExpandTest, ProfileSkillsLocationsAndGroups) {
  auto id = str(create_user("Skilled", "skilled@example.com"), "id");
  auto u = user_with(id, "expand=profileSkills&expand=locations,groups");
  EXPECT_EQ(u.at("profileSkills"), json::array{});
  EXPECT_EQ(u.at("locations"), json::array{});
  EXPECT_EQ(u.at("groups"), json::array{});
  put_skills(id, R"(["Welding","Sailing"])");
  EXPECT_EQ(strings(user_with(id, "expand=profileSkills").at("profileSkills")),
            (std::vector<std::string>{"Welding", "Sailing"}));
}

TEST_F(UserExpandTest, DateLastLoginAndLastTokenIssued) {
  auto id = str(create_user("Never", "never@example.com"), "id");
  // Neither has happened: nothing to answer.
  auto u = user_with(id, "expand=dateLastLogin,lasttokenissued");
  EXPECT_FALSE(u.contains("dateLastLogin"));
  EXPECT_FALSE(u.contains("lastTokenIssued"));

  // Recorded values, written straight into the store (sign-in is not ours to drive here).
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(server().db_path().c_str(), &db), SQLITE_OK);
  sqlite3_busy_timeout(db, 5000);
  std::string sql =
      "UPDATE users SET date_last_login = 1700000000000, last_token_issued = 1700000300000 WHERE id = '" + id + "'";
  EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);

  u = user_with(id, "expand=dateLastLogin,lasttokenissued");
  EXPECT_EQ(str(u, "dateLastLogin"), to_iso8601(1700000000000));
  ASSERT_TRUE(u.contains("lastTokenIssued")) << to_text(u);
  EXPECT_EQ(str(u.at("lastTokenIssued").as_object(), "dateIssued"), to_iso8601(1700000300000));
  // Each only when asked for.
  u = user_with(id, "expand=dateLastLogin");
  EXPECT_TRUE(u.contains("dateLastLogin"));
  EXPECT_FALSE(u.contains("lastTokenIssued"));
}

TEST_F(UserExpandTest, OtherListedValuesAreAcceptedUnknownOnesAre400) {
  auto id = str(create_user("Any", "any@example.com"), "id");
  auto u = user_with(id,
                     "expand=presence,routingStatus,station,outOfOffice,geolocation,conversationSummary,"
                     "integrationPresence,team,workPlanBidRanks,externalContactsSettings,customAttributes,"
                     "certifications,skills,languages,languagePreference,employerInfo,biography,dateWelcomeSent");
  EXPECT_EQ(str(u, "id"), id);
  EXPECT_EQ(u.at("skills"), json::array{});
  EXPECT_EQ(u.at("languages"), json::array{});
  EXPECT_EQ(u.at("certifications"), json::array{});
  // A new user is Offline and off queue from the moment of creation.
  ASSERT_TRUE(u.contains("presence")) << to_text(u);
  const auto& presence = u.at("presence").as_object();
  EXPECT_EQ(str(presence.at("presenceDefinition").as_object(), "systemPresence"), "Offline");
  EXPECT_EQ(str(presence, "source"), "PURECLOUD");
  ASSERT_TRUE(u.contains("routingStatus")) << to_text(u);
  EXPECT_EQ(str(u.at("routingStatus").as_object(), "status"), "OFF_QUEUE");
  EXPECT_EQ(str(u.at("routingStatus").as_object(), "userId"), id);
  EXPECT_FALSE(user_with(id, "expand=skills").contains("presence"));

  for (const std::string& target :
       {"/api/v2/users/" + id + "?expand=nonsense", std::string("/api/v2/users?expand=authorization,bogus"),
        "/api/v2/users/" + id + "/superiors?expand=bogus"}) {
    auto res = send("GET", target);
    EXPECT_TRUE(is_error_body(res, 400, "invalid.value")) << target;
    EXPECT_EQ(first_field_name(res), "expand") << target;
  }
}

TEST_F(UserExpandTest, HierarchyAnswersAreExpandedToo) {
  auto boss = str(create_user("Boss", "boss@example.com"), "id");
  auto mid = str(create_user("Mid", "mid@example.com", {{"manager", boss}}), "id");
  auto low = str(create_user("Low", "low@example.com", {{"manager", mid}}), "id");
  put_skills(boss, R"(["Leading"])");
  put_skills(low, R"(["Doing"])");

  auto sup = send("GET", "/api/v2/users/" + low + "/superiors?expand=profileSkills,authorization");
  ASSERT_TRUE(has_status(sup, 200));
  auto chain = parse_json(sup.body).as_array();
  ASSERT_EQ(chain.size(), 2u);
  EXPECT_EQ(chain[0].at("profileSkills"), json::array{});
  EXPECT_EQ(strings(chain[1].at("profileSkills")), std::vector<std::string>{"Leading"});
  EXPECT_TRUE(chain[1].as_object().contains("authorization"));

  auto reports = send("GET", "/api/v2/users/" + mid + "/directreports?expand=profileSkills");
  ASSERT_TRUE(has_status(reports, 200));
  EXPECT_EQ(strings(parse_json(reports.body).at(0).at("profileSkills")), std::vector<std::string>{"Doing"});

  auto adj = get_ok("/api/v2/users/" + mid + "/adjacents?expand=profileSkills");
  EXPECT_EQ(strings(adj.at("superiors").at(0).at("profileSkills")), std::vector<std::string>{"Leading"});
  EXPECT_EQ(strings(adj.at("directReports").at(0).at("profileSkills")), std::vector<std::string>{"Doing"});
  EXPECT_EQ(adj.at("siblings"), json::array{});
}

// ---- jabberId and integrationPresenceSource on GET /api/v2/users

TEST_F(UserExpandTest, JabberIdFindsUsersByTheirChatAddress) {
  auto a = create_user("Alpha", "alpha@example.com");
  auto b = create_user("Beta", "beta@example.com");
  create_user("Gamma", "gamma@example.com");
  const std::string ja = str(a.at("chat").as_object(), "jabberId");
  const std::string jb = str(b.at("chat").as_object(), "jabberId");
  ASSERT_FALSE(ja.empty());
  EXPECT_NE(ja, jb);

  auto list = get_ok("/api/v2/users?jabberId=" + enc(ja) + "&jabberId=" + enc(jb));
  EXPECT_EQ(ids_of(list), (std::vector<std::string>{str(a, "id"), str(b, "id")}));
  EXPECT_EQ(num(list, "total"), 2);
  EXPECT_EQ(uri_param(str(list, "selfUri"), "/api/v2/users", "jabberId"), ja);

  // Addresses of no user here (another form, another organization's) match nothing.
  auto none = get_ok("/api/v2/users?jabberId=someone@elsewhere.example");
  EXPECT_EQ(num(none, "total"), 0);
  auto other = get_ok("/api/v2/users?jabberId=" + enc(ja), globex());
  EXPECT_EQ(num(other, "total"), 0);

  // Not together with id.
  auto both = send("GET", "/api/v2/users?id=" + str(a, "id") + "&jabberId=" + enc(ja));
  EXPECT_TRUE(is_error_body(both, 400, "invalid.value"));
  EXPECT_EQ(first_field_name(both), "jabberId");
}

TEST_F(UserExpandTest, IntegrationPresenceSourceIsValidated) {
  create_user("Teams", "teams@example.com");
  auto list = get_ok("/api/v2/users?integrationPresenceSource=MicrosoftTeams&expand=presence");
  EXPECT_EQ(num(list, "total"), 1);
  EXPECT_EQ(uri_param(str(list, "selfUri"), "/api/v2/users", "integrationPresenceSource"), "MicrosoftTeams");

  auto bad = send("GET", "/api/v2/users?integrationPresenceSource=Skype");
  EXPECT_TRUE(is_error_body(bad, 400, "invalid.value"));
  EXPECT_EQ(first_field_name(bad), "integrationPresenceSource");
  // With presence expanded, at most 100 users per page.
  auto big = send("GET", "/api/v2/users?integrationPresenceSource=ZoomPhone&expand=presence&pageSize=200");
  EXPECT_TRUE(is_error_body(big, 400, "invalid.value"));
  EXPECT_EQ(first_field_name(big), "pageSize");
  EXPECT_TRUE(has_status(send("GET", "/api/v2/users?integrationPresenceSource=ZoomPhone&pageSize=200"), 200));
  auto single = send("GET", "/api/v2/users/" + str(get_ok("/api/v2/users").at("entities").at(0).as_object(), "id") +
                                "?integrationPresenceSource=Nope");
  EXPECT_TRUE(is_error_body(single, 400, "invalid.value"));
}

}  // namespace
}  // namespace rp::test
