// GET/PUT /api/v2/users/{userId}/profileskills: replace semantics,
// validation, permissions in the user's division, 404s, audit and tenancy.

#include <sqlite3.h>

#include "api/genesys/authorization/roles_api.h"

namespace rp::test {
namespace {

namespace json = boost::json;

class ProfileSkillsTest : public RolesApiTest {
 protected:
  std::string path(const std::string& id) { return "/api/v2/users/" + id + "/profileskills"; }
  std::vector<std::string> skills(const HttpResponse& res) {
    EXPECT_TRUE(has_status(res, 200));
    std::vector<std::string> out;
    if (res.status != 200) return out;
    auto parsed = parse_json(res.body);
    for (const auto& s : parsed.as_array()) out.emplace_back(s.as_string());
    return out;
  }
  std::string new_division(const std::string& name) {
    return str(ok(send("POST", "/api/v2/authorization/divisions", R"({"name":")" + name + R"("})")), "id");
  }
};

TEST_F(ProfileSkillsTest, PutReplacesAndGetAnswers) {
  auto id = str(create_user("Sam", "sam@example.com"), "id");
  EXPECT_EQ(skills(send("GET", path(id))), std::vector<std::string>{});

  auto put = skills(send("PUT", path(id), R"(["Welding", "  Sailing ", "welding", "C++"])"));
  // Trimmed, duplicates (ignoring case) collapse to the first given, order kept.
  EXPECT_EQ(put, (std::vector<std::string>{"Welding", "Sailing", "C++"}));
  EXPECT_EQ(skills(send("GET", path(id))), put);

  EXPECT_EQ(skills(send("PUT", path(id), R"(["Rust"])")), std::vector<std::string>{"Rust"});
  EXPECT_EQ(skills(send("GET", path(id))), std::vector<std::string>{"Rust"});
  EXPECT_EQ(skills(send("PUT", path(id), "[]")), std::vector<std::string>{});
  EXPECT_EQ(skills(send("GET", path(id))), std::vector<std::string>{});

  // The profile shows them when expanded.
  skills(send("PUT", path(id), R"(["Knots"])"));
  auto profile = ok(send("GET", "/api/v2/users/" + id + "/profile?expand=profileSkills"));
  EXPECT_EQ(profile.at("expands").at("profileSkills"), (json::array{"Knots"}));
}

TEST_F(ProfileSkillsTest, InvalidBodiesAre400) {
  auto id = str(create_user("Val", "val@example.com"), "id");
  struct Case {
    std::string body;
    std::string field;  // "" when the body as a whole is wrong
  };
  std::string too_long = "[\"" + std::string(256, 'x') + "\"]";
  std::string too_many = "[";
  for (int i = 0; i < 101; ++i) too_many += (i ? ",\"s" : "\"s") + std::to_string(i) + "\"";
  too_many += "]";
  for (const Case& c : std::vector<Case>{{R"({"skills":["a"]})", ""},
                                         {R"(["ok", 3])", ""},
                                         {"not json", ""},
                                         {R"(["ok", "   "])", "body[1]"},
                                         {too_long, "body[0]"},
                                         {too_many, "body"}}) {
    auto res = send("PUT", path(id), c.body);
    EXPECT_EQ(res.status, 400) << c.body.substr(0, 60) << " " << res.describe();
    if (!c.field.empty()) {
      EXPECT_EQ(first_field_name(res), c.field) << c.body.substr(0, 60);
    }
  }
  // Exactly at the limits is fine; repeated values count once.
  std::string at_limit = "[";
  for (int i = 0; i < 100; ++i) at_limit += (i ? ",\"s" : "\"s") + std::to_string(i) + "\"";
  at_limit += ",\"S0\"]";
  EXPECT_EQ(skills(send("PUT", path(id), at_limit)).size(), 100u);
  EXPECT_EQ(skills(send("PUT", path(id), "[\"" + std::string(255, 'y') + "\"]")).size(), 1u);
  // Nothing was changed by the refused bodies in between.
  EXPECT_EQ(skills(send("GET", path(id))).size(), 1u);
}

TEST_F(ProfileSkillsTest, UnknownDeletedAndForeignUsersAre404) {
  auto id = str(create_user("Gone", "gone@example.com"), "id");
  for (const std::string& target : {path(random_uuid()), path("not-a-uuid")}) {
    EXPECT_TRUE(is_error_body(send("GET", target), 404, "not.found")) << target;
    EXPECT_TRUE(is_error_body(send("PUT", target, R"(["x"])"), 404, "not.found")) << target;
  }
  EXPECT_TRUE(is_error_body(send("GET", path(id), {}, globex()), 404, "not.found"));
  EXPECT_TRUE(is_error_body(send("PUT", path(id), R"(["x"])", globex()), 404, "not.found"));
  ASSERT_TRUE(has_status(send("DELETE", "/api/v2/users/" + id), 200));
  EXPECT_TRUE(is_error_body(send("GET", path(id)), 404, "not.found"));
  EXPECT_TRUE(is_error_body(send("PUT", path(id), R"(["x"])"), 404, "not.found"));
}

TEST_F(ProfileSkillsTest, PermissionsAreCheckedInTheUsersDivision) {
  auto id = str(create_user("Perm", "perm@example.com"), "id");
  skills(send("PUT", path(id), R"(["Seen"])"));

  // employee holds neither permission.
  auto employee = token_with({"employee"});
  expect_denied(send("GET", path(id), {}, employee), "directory:userProfile:view", "GET as employee");
  expect_denied(send("PUT", path(id), R"(["x"])", employee), "directory:userProfile:edit", "PUT as employee");

  // ORG_MEMBER may view, not edit.
  auto member = token_with({"ORG_MEMBER"});
  EXPECT_EQ(skills(send("GET", path(id), {}, member)), std::vector<std::string>{"Seen"});
  expect_denied(send("PUT", path(id), R"(["x"])", member), "directory:userProfile:edit", "PUT as member");

  auto editor = token_with_permission("directory:userProfile:edit");
  EXPECT_EQ(skills(send("PUT", path(id), R"(["Edited"])", editor)), std::vector<std::string>{"Edited"});

  // Held in another division only: the user's division decides.
  auto elsewhere = new_division("Elsewhere");
  auto scoped = token_in_division({"directory:userProfile:view", "directory:userProfile:edit"}, elsewhere);
  expect_denied(send("GET", path(id), {}, scoped), "directory:userProfile:view", "GET from another division");
  expect_denied(send("PUT", path(id), R"(["x"])", scoped), "directory:userProfile:edit", "PUT from another division");
  auto there = str(create_user("There", "there@example.com", {{"divisionId", elsewhere}}), "id");
  EXPECT_EQ(skills(send("PUT", path(there), R"(["Local"])", scoped)), std::vector<std::string>{"Local"});
  EXPECT_EQ(skills(send("GET", path(there), {}, scoped)), std::vector<std::string>{"Local"});
}

TEST_F(ProfileSkillsTest, ChangesAreAudited) {
  auto id = str(create_user("Aud", "aud@example.com"), "id");
  skills(send("PUT", path(id), R"(["One","Two"])"));
  skills(send("PUT", path(id), R"(["One","Two"])"));  // no change: no record
  skills(send("PUT", path(id), R"(["Three"])"));
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2(server().db_path().c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db,
                               "SELECT before_json, after_json FROM audit_log WHERE action = 'user.profileskills'"
                               " AND entity_id = ?1 ORDER BY seq",
                               -1, &st, nullptr),
            SQLITE_OK);
  sqlite3_bind_text(st, 1, id.c_str(), -1, SQLITE_TRANSIENT);
  std::vector<std::pair<std::string, std::string>> rows;
  while (sqlite3_step(st) == SQLITE_ROW)
    rows.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)),
                      reinterpret_cast<const char*>(sqlite3_column_text(st, 1)));
  sqlite3_finalize(st);
  sqlite3_close(db);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(parse_object(rows[0].first).at("profileSkills"), json::array{});
  EXPECT_EQ(parse_object(rows[0].second).at("profileSkills"), (json::array{"One", "Two"}));
  EXPECT_EQ(parse_object(rows[1].second).at("profileSkills"), (json::array{"Three"}));
}

}  // namespace
}  // namespace rp::test
