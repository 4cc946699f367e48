// PATCH /api/v2/users/{userId} (UpdateUser): fields, optimistic concurrency
// on version, the state-only rule, restore, permissions and tenant isolation.

#include "api/api_test.h"

namespace rp::test {
namespace {

namespace json = boost::json;

class UsersPatchTest : public ApiTest {
 protected:
  HttpResponse patch(std::string_view id, const json::object& body, std::string_view token = {}) {
    return patch_raw(id, json::serialize(body), token);
  }
  HttpResponse patch_raw(std::string_view id, std::string_view body, std::string_view token = {}) {
    auto headers = bearer(token.empty() ? admin() : token);
    headers.emplace_back("Content-Type", "application/json");
    return http().send("PATCH", "/api/v2/users/" + std::string(id), headers, body);
  }
  // A token of a new client of this organization holding `roles` (in the Home division).
  std::string client_token(const std::string& name, const std::vector<std::string>& roles) {
    return server().token(server().create_client(server().org().organization_id, name, roles));
  }
};

class TwoOrgUsersPatchTest : public UsersPatchTest {
 protected:
  ServerConfig server_config() const override {
    ServerConfig c;
    c.extra_orgs = {"globex"};
    return c;
  }
};

TEST_F(UsersPatchTest, ChangesEachFieldAndBumpsTheVersion) {
  auto user = create_user("Ada Lovelace", "ada@example.com", {{"department", "Engineering"}, {"title", "Analyst"}});
  ASSERT_FALSE(user.empty());
  const std::string id = str(user, "id");
  struct Step {
    std::string key;
    json::value value;
  };
  const std::vector<Step> steps = {
      {"name", "Ada King"},
      {"email", "ada.king@example.com"},
      {"username", "ada.king@example.org"},
      {"department", "Mathematics"},
      {"title", "Countess"},
      {"addresses", json::array{json::object{{"address", "+13175550100"}, {"mediaType", "PHONE"}, {"type", "WORK"}}}},
  };
  std::int64_t version = 1;
  for (const auto& step : steps) {
    auto res = patch(id, {{step.key, step.value}, {"version", version}});
    ASSERT_TRUE(has_status(res, 200)) << step.key;
    auto patched = parse_object(res.body);
    EXPECT_EQ(num(patched, "version"), version + 1) << step.key;
    EXPECT_EQ(str(patched, "id"), id);
    if (step.value.is_string()) {
      EXPECT_EQ(str(patched, step.key), step.value.as_string()) << res.body;
    }
    ++version;
    // The answer is what a GET answers afterwards.
    auto again = get_user(id);
    ASSERT_TRUE(has_status(again, 200));
    EXPECT_EQ(parse_object(again.body), patched) << step.key;
  }
  auto final_user = parse_object(get_user(id).body);
  EXPECT_EQ(str(final_user, "name"), "Ada King");
  EXPECT_EQ(str(final_user, "email"), "ada.king@example.com");
  EXPECT_EQ(str(final_user, "username"), "ada.king@example.org");
  EXPECT_EQ(str(final_user, "department"), "Mathematics");
  EXPECT_EQ(str(final_user, "title"), "Countess");
  const auto& addresses = final_user.at("addresses").as_array();
  ASSERT_EQ(addresses.size(), 1u) << json::serialize(final_user);
  EXPECT_EQ(str(addresses[0].as_object(), "address"), "+13175550100");
  EXPECT_EQ(num(final_user, "version"), 7);
  EXPECT_EQ(str(final_user, "state"), "active");
}

TEST_F(UsersPatchTest, UnknownMembersAndDivisionIdAreIgnored) {
  auto user = create_user("Grace", "grace@example.com");
  const std::string id = str(user, "id");
  // (manager is kept, not ignored: users_hierarchy_test.cpp.)
  auto res = patch(
      id, {{"version", 1}, {"title", "Admiral"}, {"divisionId", random_uuid()}, {"acdAutoAnswer", true}, {"id", id}});
  ASSERT_TRUE(has_status(res, 200));
  auto patched = parse_object(res.body);
  EXPECT_EQ(str(patched, "title"), "Admiral");
  EXPECT_EQ(patched.at("division"), user.at("division"));
}

TEST_F(UsersPatchTest, StaleVersionIsConflict) {
  auto user = create_user("Stale", "stale@example.com");
  const std::string id = str(user, "id");
  ASSERT_TRUE(has_status(patch(id, {{"version", 1}, {"title", "One"}}), 200));
  auto res = patch(id, {{"version", 1}, {"title", "Two"}});
  ASSERT_TRUE(is_error_body(res, 409, "general.conflict"));
  EXPECT_EQ(str(parse_object(res.body), "message"),
            "The version supplied does not match the current version of the user");
  auto future = patch(id, {{"version", 9}, {"title", "Nine"}});
  EXPECT_TRUE(is_error_body(future, 409, "general.conflict"));
  auto stored = parse_object(get_user(id).body);
  EXPECT_EQ(str(stored, "title"), "One");
  EXPECT_EQ(num(stored, "version"), 2);
}

TEST_F(UsersPatchTest, MissingOrBadVersionIsBadRequest) {
  auto user = create_user("Versionless", "versionless@example.com");
  const std::string id = str(user, "id");
  for (const std::string body :
       {R"({"title":"X"})", R"({"title":"X","version":null})", R"({"version":"1"})", R"({"version":1.5})", "{}"}) {
    auto res = patch_raw(id, body);
    EXPECT_TRUE(is_error_body(res, 400, "invalid.value")) << body;
    EXPECT_EQ(first_field_name(res), "version") << body << ": " << res.body;
  }
  EXPECT_EQ(num(parse_object(get_user(id).body), "version"), 1);
}

TEST_F(UsersPatchTest, StateWithAnotherChangeIsBadRequest) {
  auto user = create_user("Mixed", "mixed@example.com");
  const std::string id = str(user, "id");
  auto res = patch(id, {{"version", 1}, {"state", "inactive"}, {"name", "Renamed"}});
  EXPECT_TRUE(is_error_body(res, 400, "invalid.value"));
  EXPECT_EQ(first_field_name(res), "state") << res.body;
  auto stored = parse_object(get_user(id).body);
  EXPECT_EQ(str(stored, "name"), "Mixed");
  EXPECT_EQ(str(stored, "state"), "active");

  // The user as read, with only the state changed, is accepted: unchanged
  // members are not changes.
  json::object whole = user;
  whole["state"] = "inactive";
  auto ok = patch(id, whole);
  ASSERT_TRUE(has_status(ok, 200));
  EXPECT_EQ(str(parse_object(ok.body), "state"), "inactive");
  // And the same user with state unchanged may change other members.
  json::object rename = parse_object(ok.body);
  rename["name"] = "Renamed";
  auto renamed = patch(id, rename);
  ASSERT_TRUE(has_status(renamed, 200));
  EXPECT_EQ(str(parse_object(renamed.body), "name"), "Renamed");
}

TEST_F(UsersPatchTest, StateTransitions) {
  auto user = create_user("Cycle", "cycle@example.com");
  const std::string id = str(user, "id");
  auto inactive = patch(id, {{"version", 1}, {"state", "inactive"}});
  ASSERT_TRUE(has_status(inactive, 200));
  EXPECT_TRUE(is_user(parse_object(inactive.body), "Cycle", "cycle@example.com", "inactive"));
  auto active = patch(id, {{"version", 2}, {"state", "active"}});
  ASSERT_TRUE(has_status(active, 200));
  EXPECT_TRUE(is_user(parse_object(active.body), "Cycle", "cycle@example.com", "active"));
  auto deleted = patch(id, {{"version", 3}, {"state", "deleted"}});
  ASSERT_TRUE(has_status(deleted, 200));
  EXPECT_EQ(str(parse_object(deleted.body), "state"), "deleted");
  EXPECT_TRUE(is_error_body(get_user(id), 404, "not.found"));
  auto bad = patch(id, {{"version", 4}, {"state", "sleeping"}});
  EXPECT_TRUE(is_error_body(bad, 400, "invalid.value"));
  EXPECT_EQ(first_field_name(bad), "state");
}

TEST_F(UsersPatchTest, RestoresADeletedUser) {
  auto user = create_user("Lazarus", "lazarus@example.com");
  const std::string id = str(user, "id");
  ASSERT_TRUE(has_status(http().del("/api/v2/users/" + id, admin()), 200));
  // Only a restore reaches a deleted user.
  EXPECT_TRUE(is_error_body(patch(id, {{"version", 2}, {"title", "Ghost"}}), 404, "not.found"));

  // While another user holds the email, restoring is a conflict.
  auto other = create_user("Usurper", "lazarus@example.com");
  ASSERT_FALSE(other.empty());
  EXPECT_TRUE(is_error_body(patch(id, {{"version", 2}, {"state", "active"}}), 409, "general.conflict"));
  ASSERT_TRUE(has_status(http().del("/api/v2/users/" + str(other, "id"), admin()), 200));

  auto res = patch(id, {{"version", 2}, {"state", "active"}});
  ASSERT_TRUE(has_status(res, 200));
  auto restored = parse_object(res.body);
  EXPECT_TRUE(is_user(restored, "Lazarus", "lazarus@example.com", "active"));
  EXPECT_EQ(num(restored, "version"), 3);
  auto again = get_user(id);
  ASSERT_TRUE(has_status(again, 200));
  EXPECT_EQ(parse_object(again.body), restored);
}

TEST_F(UsersPatchTest, BadEmailIsBadRequest) {
  auto user = create_user("Mailer", "mailer@example.com");
  const std::string id = str(user, "id");
  for (const std::string email : {"not-an-email", "x@", ""}) {
    auto res = patch(id, {{"version", 1}, {"email", email}});
    EXPECT_TRUE(is_error_body(res, 400, "invalid.value")) << email;
    EXPECT_EQ(first_field_name(res), "email") << email << ": " << res.body;
  }
  auto bad_contact =
      patch(id, {{"version", 1}, {"addresses", json::array{json::object{{"mediaType", "FAX"}, {"address", "1"}}}}});
  EXPECT_TRUE(is_error_body(bad_contact, 400, "invalid.value"));
  EXPECT_EQ(first_field_name(bad_contact), "addresses[0].mediaType") << bad_contact.body;
  EXPECT_EQ(parse_object(get_user(id).body), user);
}

TEST_F(UsersPatchTest, DuplicateEmailIsConflict) {
  create_user("Holder", "holder@example.com");
  auto user = create_user("Mover", "mover@example.com");
  const std::string id = str(user, "id");
  EXPECT_TRUE(is_error_body(patch(id, {{"version", 1}, {"email", "HOLDER@example.com"}}), 409, "general.conflict"));
  EXPECT_TRUE(is_error_body(patch(id, {{"version", 1}, {"username", "holder@example.com"}}), 409, "general.conflict"));
  EXPECT_EQ(parse_object(get_user(id).body), user);
}

TEST_F(UsersPatchTest, NeedsEditPermission) {
  auto user = create_user("Guarded", "guarded@example.com");
  const std::string id = str(user, "id");
  const std::string employee = client_token("employee-client", {"employee"});
  auto denied = patch(id, {{"version", 1}, {"title", "Hacked"}}, employee);
  EXPECT_TRUE(is_error_body(denied, 403, "missing.any.permissions"));
  const std::string none = client_token("no-roles", {});
  EXPECT_TRUE(is_error_body(patch(id, {{"version", 1}, {"title", "Hacked"}}, none), 403, "missing.any.permissions"));
  EXPECT_EQ(parse_object(get_user(id).body), user);

  const std::string supervisor = client_token("supervisor-client", {"supervisor"});
  auto allowed = patch(id, {{"version", 1}, {"title", "Promoted"}}, supervisor);
  ASSERT_TRUE(has_status(allowed, 200));
  EXPECT_EQ(str(parse_object(allowed.body), "title"), "Promoted");
}

TEST_F(UsersPatchTest, UnknownIdIsNotFound) {
  create_user("Someone", "someone@example.com");
  EXPECT_TRUE(is_error_body(patch(random_uuid(), {{"version", 1}, {"title", "X"}}), 404, "not.found"));
  EXPECT_TRUE(is_error_body(patch("not-a-uuid", {{"version", 1}, {"title", "X"}}), 404, "not.found"));
  EXPECT_EQ(http().send("PATCH", "/api/v2/users/" + random_uuid(), {}, R"({"version":1})").status, 401);
}

TEST_F(TwoOrgUsersPatchTest, AnotherOrganizationsUserIsNotFound) {
  auto mine = create_user("Acme Person", "person@acme.example");
  const std::string id = str(mine, "id");
  const std::string other = server().token(server().extra_orgs().at(0).admin);
  auto res = patch(id, {{"version", 1}, {"title", "Stolen"}}, other);
  EXPECT_TRUE(is_error_body(res, 404, "not.found"));
  EXPECT_EQ(res.body.find("Acme Person"), std::string::npos) << res.body;
  EXPECT_EQ(parse_object(get_user(id).body), mine);
}

}  // namespace
}  // namespace rp::test
