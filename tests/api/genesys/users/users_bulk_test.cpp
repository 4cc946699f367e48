// PATCH /api/v2/users/bulk (patchUsersBulk) and User.acdAutoAnswer: values
// stored and versions bumped per user, the route's permission checked in each
// user's division, per-user 403 and 404 results, whole-request 400s, tenancy,
// and acdAutoAnswer through the single PATCH.

#include <sqlite3.h>

#include "api/genesys/authorization/roles_api.h"

namespace rp::test {
namespace {

namespace json = boost::json;

class UsersBulkTest : public RolesApiTest {
 protected:
  HttpResponse bulk(const json::value& body, std::string_view token = {}) {
    return send("PATCH", "/api/v2/users/bulk", json::serialize(body), token);
  }
  static json::object entry(const std::string& id, bool acd) { return {{"id", id}, {"acdAutoAnswer", acd}}; }

  json::object stored(const std::string& id) {
    auto res = get_user(id);
    EXPECT_TRUE(has_status(res, 200));
    return res.status == 200 ? parse_object(res.body) : json::object{};
  }
  static bool acd(const json::object& user) {
    const auto* v = user.if_contains("acdAutoAnswer");
    return v && v->is_bool() && v->as_bool();
  }

  // The after_json of each user.update audit record of `id`, oldest first.
  std::vector<json::object> updates_audited(const std::string& id) {
    std::vector<json::object> out;
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(server().db_path().c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
      ADD_FAILURE() << "cannot open the database";
      sqlite3_close(db);
      return out;
    }
    sqlite3_busy_timeout(db, 5000);
    sqlite3_stmt* st = nullptr;
    const char* sql = "SELECT after_json FROM audit_log WHERE action = 'user.update' AND entity_id = ?1 ORDER BY seq";
    if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) == SQLITE_OK) {
      sqlite3_bind_text(st, 1, id.c_str(), -1, SQLITE_TRANSIENT);
      while (sqlite3_step(st) == SQLITE_ROW)
        out.push_back(parse_object(reinterpret_cast<const char*>(sqlite3_column_text(st, 0))));
    } else {
      ADD_FAILURE() << sqlite3_errmsg(db);
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    return out;
  }

  static const json::array& errors_of(const json::object& answer) {
    static const json::array none;
    const auto* e = answer.if_contains("errors");
    return e && e->is_array() ? e->as_array() : none;
  }
};

TEST_F(UsersBulkTest, UpdatesEachUserInRequestOrder) {
  auto a = str(create_user("Ann", "ann@example.com"), "id");
  auto b = str(create_user("Bob", "bob@example.com"), "id");
  EXPECT_FALSE(acd(stored(a)));

  auto answer = ok(bulk(json::array{entry(b, true), entry(a, true)}));
  EXPECT_EQ(ids_of(answer), (std::vector<std::string>{b, a}));
  EXPECT_EQ(num(answer, "total"), 2);
  EXPECT_EQ(num(answer, "pageNumber"), 1);
  EXPECT_EQ(num(answer, "pageCount"), 1);
  EXPECT_TRUE(errors_of(answer).empty()) << json::serialize(answer);
  for (const auto& u : answer.at("entities").as_array()) {
    EXPECT_TRUE(acd(u.as_object()));
    EXPECT_EQ(num(u.as_object(), "version"), 2);
  }
  for (const auto& id : {a, b}) {
    auto user = stored(id);
    EXPECT_TRUE(acd(user)) << id;
    EXPECT_EQ(num(user, "version"), 2) << id;
    auto audited = updates_audited(id);
    ASSERT_EQ(audited.size(), 1u) << id;
    EXPECT_EQ(audited[0].at("acdAutoAnswer"), json::value(true));
    EXPECT_EQ(num(audited[0], "version"), 2);
  }

  // And back; an entry without acdAutoAnswer changes nothing but the version.
  auto again = ok(bulk(json::array{entry(a, false), json::object{{"id", b}}}));
  EXPECT_EQ(ids_of(again), (std::vector<std::string>{a, b}));
  EXPECT_FALSE(acd(stored(a)));
  EXPECT_TRUE(acd(stored(b)));
  EXPECT_EQ(num(stored(a), "version"), 3);
  EXPECT_EQ(updates_audited(a).size(), 2u);
}

TEST_F(UsersBulkTest, BulkIsNotTakenForAUserId) {
  auto id = str(create_user("Route", "route@example.com"), "id");
  // PATCH /users/bulk is the bulk route, PATCH /users/{id} still the single one.
  EXPECT_TRUE(has_status(bulk(json::array{entry(id, true)}), 200));
  auto single = send("PATCH", "/api/v2/users/" + id, R"({"version":2,"title":"Still single"})");
  ASSERT_TRUE(has_status(single, 200));
  EXPECT_EQ(str(parse_object(single.body), "title"), "Still single");
  // Other methods on /users/bulk are the {userId} routes: "bulk" is no user.
  EXPECT_TRUE(is_error_body(send("GET", "/api/v2/users/bulk"), 404, "not.found"));
}

TEST_F(UsersBulkTest, WithoutThePermissionAnywhereIsForbidden) {
  auto id = str(create_user("Guarded", "guarded@example.com"), "id");
  for (const auto& token : {token_with({"employee"}), token_with({})}) {
    auto res = bulk(json::array{entry(id, true)}, token);
    expect_denied(res, "directory:user:edit", "bulk without directory:user:edit");
  }
  auto user = stored(id);
  EXPECT_FALSE(acd(user));
  EXPECT_EQ(num(user, "version"), 1);

  // Each permission of the route is enough.
  EXPECT_TRUE(has_status(bulk(json::array{entry(id, true)}, token_with_permission("directory:user:edit")), 200));
  EXPECT_TRUE(acd(stored(id)));
}

TEST_F(UsersBulkTest, PermissionIsCheckedInEachUsersDivision) {
  auto elsewhere = str(ok(send("POST", "/api/v2/authorization/divisions", R"({"name":"Elsewhere"})")), "id");
  auto home_user = str(create_user("Home", "home@example.com"), "id");
  auto there_user = str(create_user("There", "there@example.com", {{"divisionId", elsewhere}}), "id");
  auto scoped = token_in_division({"directory:user:edit"}, elsewhere);

  auto answer = ok(bulk(json::array{entry(home_user, true), entry(there_user, true)}, scoped));
  EXPECT_EQ(ids_of(answer), std::vector<std::string>{there_user});
  EXPECT_EQ(num(answer, "total"), 1);
  const auto& errors = errors_of(answer);
  ASSERT_EQ(errors.size(), 1u) << json::serialize(answer);
  const auto& e = errors[0].as_object();
  EXPECT_EQ(str(e, "id"), home_user);
  EXPECT_EQ(num(e, "index"), 0);
  EXPECT_EQ(num(e, "status"), 403);
  EXPECT_EQ(str(e, "code"), "missing.any.permissions");
  EXPECT_FALSE(str(e, "message").empty());

  EXPECT_TRUE(acd(stored(there_user)));
  EXPECT_FALSE(acd(stored(home_user)));
  EXPECT_EQ(num(stored(home_user), "version"), 1);
  EXPECT_TRUE(updates_audited(home_user).empty());
}

TEST_F(UsersBulkTest, UnknownAndDeletedUsersAreNotFoundEachOnItsOwn) {
  auto kept = str(create_user("Kept", "kept@example.com"), "id");
  auto gone = str(create_user("Gone", "gone@example.com"), "id");
  ASSERT_TRUE(has_status(send("DELETE", "/api/v2/users/" + gone), 200));
  const std::string unknown = random_uuid();

  auto answer =
      ok(bulk(json::array{entry(unknown, true), entry(kept, true), entry(gone, true), entry("not-a-uuid", true)}));
  EXPECT_EQ(ids_of(answer), std::vector<std::string>{kept});
  const auto& errors = errors_of(answer);
  ASSERT_EQ(errors.size(), 3u) << json::serialize(answer);
  const std::vector<std::pair<std::string, int>> expected{{unknown, 0}, {gone, 2}, {"not-a-uuid", 3}};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const auto& e = errors[i].as_object();
    EXPECT_EQ(str(e, "id"), expected[i].first);
    EXPECT_EQ(num(e, "index"), expected[i].second);
    EXPECT_EQ(num(e, "status"), 404);
    EXPECT_EQ(str(e, "code"), "not.found");
  }
  EXPECT_TRUE(acd(stored(kept)));
  // The deleted user stays deleted and unchanged.
  auto deleted = parse_object(get_user(gone, {}, "state=deleted").body);
  EXPECT_EQ(str(deleted, "state"), "deleted");
  EXPECT_FALSE(acd(deleted));
}

TEST_F(UsersBulkTest, BadBodiesAreRejectedWhole) {
  auto id = str(create_user("Whole", "whole@example.com"), "id");
  json::array too_many;
  too_many.push_back(entry(id, true));
  for (int i = 0; i < 50; ++i) too_many.push_back(entry(random_uuid(), true));
  json::array fifty(too_many.begin(), too_many.begin() + 50);

  const std::vector<std::pair<json::value, std::string>> cases{
      {too_many, "body"},
      {json::array{}, "body"},
      {json::object{{"id", id}, {"acdAutoAnswer", true}}, "body"},
      {json::array{entry(id, true), json::object{{"acdAutoAnswer", true}}}, "body[1].id"},
      {json::array{entry(id, true), json::object{{"id", 7}}}, "body[1].id"},
      {json::array{entry(id, true), json::object{{"id", ""}}}, "body[1].id"},
      {json::array{entry(id, true), "just-an-id"}, "body[1]"},
      {json::array{json::object{{"id", id}, {"acdAutoAnswer", "yes"}}}, "body[0].acdAutoAnswer"},
      {json::array{json::object{{"id", id}, {"acdAutoAnswer", true}, {"title", "x"}}}, "body[0].title"},
      {json::array{entry(id, true), entry(id, false)}, "body[1].id"},
  };
  for (const auto& [body, field] : cases) {
    auto res = bulk(body);
    EXPECT_TRUE(is_error_body(res, 400, "invalid.value")) << json::serialize(body);
    EXPECT_EQ(first_field_name(res), field) << json::serialize(body) << ": " << res.body;
  }
  auto user = stored(id);
  EXPECT_FALSE(acd(user));
  EXPECT_EQ(num(user, "version"), 1);

  // Fifty is allowed: the one user is updated, the 49 unknown ids are 404s.
  auto answer = ok(bulk(fifty));
  EXPECT_EQ(ids_of(answer), std::vector<std::string>{id});
  EXPECT_EQ(errors_of(answer).size(), 49u);
}

TEST_F(UsersBulkTest, AnotherOrganizationsUserIsNotFound) {
  auto mine = str(create_user("Mine", "mine@example.com"), "id");
  auto theirs_res = post_user(R"({"name":"Theirs","email":"theirs@example.com"})", globex());
  ASSERT_TRUE(has_status(theirs_res, 200));
  auto theirs = str(parse_object(theirs_res.body), "id");

  auto answer = ok(bulk(json::array{entry(theirs, true), entry(mine, true)}));
  EXPECT_EQ(ids_of(answer), std::vector<std::string>{mine});
  const auto& errors = errors_of(answer);
  ASSERT_EQ(errors.size(), 1u) << json::serialize(answer);
  EXPECT_EQ(str(errors[0].as_object(), "id"), theirs);
  EXPECT_EQ(num(errors[0].as_object(), "status"), 404);

  auto their_user = get_user(theirs, globex());
  ASSERT_TRUE(has_status(their_user, 200));
  EXPECT_FALSE(acd(parse_object(their_user.body)));
  EXPECT_EQ(num(parse_object(their_user.body), "version"), 1);
}

TEST_F(UsersBulkTest, SinglePatchSetsAcdAutoAnswer) {
  auto id = str(create_user("Single", "single@example.com"), "id");
  auto path = "/api/v2/users/" + id;
  auto patched = ok(send("PATCH", path, R"({"version":1,"acdAutoAnswer":true})"));
  EXPECT_TRUE(acd(patched));
  EXPECT_EQ(num(patched, "version"), 2);
  EXPECT_TRUE(acd(stored(id)));

  auto bad = send("PATCH", path, R"({"version":2,"acdAutoAnswer":"true"})");
  EXPECT_TRUE(is_error_body(bad, 400, "invalid.value"));
  EXPECT_EQ(first_field_name(bad), "acdAutoAnswer") << bad.body;
  // It is a field change: not together with a change of state.
  auto mixed = send("PATCH", path, R"({"version":2,"acdAutoAnswer":false,"state":"inactive"})");
  EXPECT_TRUE(is_error_body(mixed, 400, "invalid.value"));
  EXPECT_EQ(first_field_name(mixed), "state") << mixed.body;
  // The stale version rule holds.
  EXPECT_TRUE(is_error_body(send("PATCH", path, R"({"version":1,"acdAutoAnswer":false})"), 409, "general.conflict"));
  auto user = stored(id);
  EXPECT_TRUE(acd(user));
  EXPECT_EQ(num(user, "version"), 2);
}

}  // namespace
}  // namespace rp::test
