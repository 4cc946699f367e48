// GET /api/v2/users/{userId}/profile, GET /api/v2/profiles/users,
// GET /api/v2/users/{userId}/favorites and GET /api/v2/fieldconfig.

#include <algorithm>
#include <map>
#include <set>

#include "api/api_test.h"
#include "core/time.h"

namespace rp::test {
namespace {

namespace json = boost::json;

class ProfilesTest : public ApiTest {
 protected:
  ServerConfig server_config() const override {
    ServerConfig c;
    c.extra_orgs = {"globex"};
    return c;
  }
  const OrgInfo& other_org() { return server().extra_orgs().at(0); }

  HttpResponse get(const std::string& target, std::string_view token = {}) {
    return http().get(target, token.empty() ? admin() : token);
  }
  HttpResponse patch_user(const std::string& id, std::string_view body) {
    auto headers = bearer(admin());
    headers.emplace_back("Content-Type", "application/json");
    return http().send("PATCH", "/api/v2/users/" + id, headers, body);
  }
  json::object get_ok(const std::string& target, std::string_view token = {}) {
    auto res = get(target, token);
    EXPECT_TRUE(has_status(res, 200));
    return res.status == 200 ? parse_object(res.body) : json::object{};
  }
};

// Every member of a UserProfile, checked against the stored user.
::testing::AssertionResult is_profile(const json::object& p, const json::object& user) {
  const std::set<std::string> allowed = {"id", "name", "state", "dateModified", "version", "expands", "selfUri"};
  for (const auto& kv : p)
    if (!allowed.count(std::string(kv.key()))) return ::testing::AssertionFailure() << "unexpected member " << kv.key();
  const std::string id = str(user, "id");
  if (str(p, "id") != id) return ::testing::AssertionFailure() << "id " << to_text(p);
  if (str(p, "name") != str(user, "name")) return ::testing::AssertionFailure() << "name " << to_text(p);
  if (str(p, "state") != str(user, "state")) return ::testing::AssertionFailure() << "state " << to_text(p);
  if (!p.contains("version") || !p.at("version").is_int64() || num(p, "version") != num(user, "version"))
    return ::testing::AssertionFailure() << "version " << to_text(p);
  if (!parse_iso8601(str(p, "dateModified"))) return ::testing::AssertionFailure() << "dateModified " << to_text(p);
  if (str(p, "selfUri") != "/api/v2/users/" + id + "/profile")
    return ::testing::AssertionFailure() << "selfUri " << to_text(p);
  return ::testing::AssertionSuccess();
}

// ---- GET /api/v2/users/{userId}/profile

TEST_F(ProfilesTest, ProfileOfAUser) {
  auto user = create_user("Grace Hopper", "grace@example.com", {{"title", "Admiral"}});
  auto p = get_ok("/api/v2/users/" + str(user, "id") + "/profile");
  EXPECT_TRUE(is_profile(p, user));
  EXPECT_FALSE(p.contains("expands")) << to_text(p);
  EXPECT_EQ(num(p, "version"), 1);

  // A patch shows: version and dateModified move.
  auto patched = patch_user(str(user, "id"), R"({"version":1,"name":"Grace B. Hopper"})");
  ASSERT_TRUE(has_status(patched, 200));
  auto after = get_ok("/api/v2/users/" + str(user, "id") + "/profile");
  EXPECT_TRUE(is_profile(after, parse_object(patched.body)));
  EXPECT_EQ(num(after, "version"), 2);
  EXPECT_GE(str(after, "dateModified"), str(p, "dateModified"));
}

TEST_F(ProfilesTest, ProfileAcceptsTheListedExpands) {
  auto user = create_user("Expander", "expander@example.com");
  const std::string base = "/api/v2/users/" + str(user, "id") + "/profile";
  auto p = get_ok(base + "?expand=authorization&expand=presence,routingStatus&expand=profileSkills,locations,groups");
  EXPECT_TRUE(is_profile(p, user));
  ASSERT_TRUE(p.contains("expands") && p.at("expands").is_object()) << to_text(p);

  auto bad = get(base + "?expand=nonsense");
  EXPECT_TRUE(is_error_body(bad, 400, "invalid.value"));
  EXPECT_EQ(first_field_name(bad), "expand");
}

TEST_F(ProfilesTest, ProfileNotFound) {
  auto user = create_user("Mine", "mine@example.com");
  EXPECT_TRUE(is_error_body(get("/api/v2/users/" + random_uuid() + "/profile"), 404, "not.found"));
  EXPECT_TRUE(is_error_body(get("/api/v2/users/not-a-uuid/profile"), 404, "not.found"));
  auto other = get("/api/v2/users/" + str(user, "id") + "/profile", server().token(other_org().admin));
  EXPECT_TRUE(is_error_body(other, 404, "not.found"));
  EXPECT_EQ(other.body.find("Mine"), std::string::npos) << other.body;
  // A deleted user has no profile.
  ASSERT_TRUE(has_status(http().del("/api/v2/users/" + str(user, "id"), admin()), 200));
  EXPECT_TRUE(is_error_body(get("/api/v2/users/" + str(user, "id") + "/profile"), 404, "not.found"));
}

TEST_F(ProfilesTest, EveryRouteNeedsAToken) {
  auto user = create_user("Someone", "someone@example.com");
  const std::string id = str(user, "id");
  for (const std::string& target :
       {"/api/v2/users/" + id + "/profile", std::string("/api/v2/profiles/users"), "/api/v2/users/" + id + "/favorites",
        std::string("/api/v2/fieldconfig?type=person")}) {
    EXPECT_TRUE(is_error_body(http().get(target), 401, "authentication.required")) << target;
    EXPECT_TRUE(is_error_body(http().get(target, "not-a-token"), 401, "bad.credentials")) << target;
  }
}

TEST_F(ProfilesTest, NoPermissionIsNeeded) {
  auto user = create_user("Anyone", "anyone@example.com");
  const std::string id = str(user, "id");
  auto creds = server().create_client(server().org().organization_id, "no-roles", {"employee"});
  const std::string token = server().token(creds);
  for (const std::string& target :
       {"/api/v2/users/" + id + "/profile", std::string("/api/v2/profiles/users"), "/api/v2/users/" + id + "/favorites",
        std::string("/api/v2/fieldconfig?type=person")})
    EXPECT_TRUE(has_status(http().get(target, token), 200)) << target;
}

// ---- GET /api/v2/profiles/users

TEST_F(ProfilesTest, ProfilesListingPagesAndFilters) {
  const std::vector<std::string> names = {"Charlie Profile", "Alpha Profile", "Bravo Profile"};
  std::vector<json::object> users;
  for (std::size_t i = 0; i < names.size(); ++i)
    users.push_back(create_user(names[i], "p" + std::to_string(i) + "@example.com"));
  const std::int64_t total = num(list_users("pageSize=1"), "total");
  ASSERT_GE(total, 3);

  auto page1 = get_ok("/api/v2/profiles/users?pageSize=2&pageNumber=1");
  EXPECT_EQ(num(page1, "total"), total);
  EXPECT_EQ(num(page1, "pageSize"), 2);
  EXPECT_EQ(num(page1, "pageNumber"), 1);
  EXPECT_EQ(num(page1, "pageCount"), (total + 1) / 2);
  EXPECT_EQ(uri_param(str(page1, "selfUri"), "/api/v2/profiles/users", "pageNumber"), "1");
  EXPECT_EQ(uri_param(str(page1, "firstUri"), "/api/v2/profiles/users", "pageNumber"), "1");
  EXPECT_EQ(uri_param(str(page1, "nextUri"), "/api/v2/profiles/users", "pageNumber"), "2");
  EXPECT_EQ(uri_param(str(page1, "lastUri"), "/api/v2/profiles/users", "pageNumber"), std::to_string((total + 1) / 2));
  EXPECT_FALSE(page1.contains("previousUri"));
  ASSERT_EQ(page1.at("entities").as_array().size(), 2u);

  // Every page together: each user once, each a UserProfile.
  std::set<std::string> seen;
  for (std::int64_t n = 1; n <= (total + 1) / 2; ++n) {
    auto page = get_ok("/api/v2/profiles/users?pageSize=2&pageNumber=" + std::to_string(n));
    if (n > 1) {
      EXPECT_EQ(uri_param(str(page, "previousUri"), "/api/v2/profiles/users", "pageNumber"), std::to_string(n - 1));
    }
    for (const auto& e : page.at("entities").as_array()) seen.insert(str(e.as_object(), "id"));
  }
  EXPECT_EQ(static_cast<std::int64_t>(seen.size()), total);
  for (const auto& u : users) EXPECT_TRUE(seen.count(str(u, "id"))) << str(u, "name");

  // id filter, sorted by name either way; the filter is carried in the URIs.
  std::string ids = str(users[0], "id") + "," + str(users[1], "id") + "," + str(users[2], "id");
  auto asc = get_ok("/api/v2/profiles/users?id=" + ids + "&sortOrder=ascending");
  ASSERT_EQ(asc.at("entities").as_array().size(), 3u);
  EXPECT_EQ(num(asc, "total"), 3);
  EXPECT_EQ(str(asc.at("entities").as_array()[0].as_object(), "name"), "Alpha Profile");
  EXPECT_EQ(str(asc.at("entities").as_array()[2].as_object(), "name"), "Charlie Profile");
  EXPECT_NE(uri_param(str(asc, "selfUri"), "/api/v2/profiles/users", "id"), "");
  for (const auto& e : asc.at("entities").as_array()) {
    const auto& p = e.as_object();
    auto it =
        std::find_if(users.begin(), users.end(), [&](const json::object& u) { return str(u, "id") == str(p, "id"); });
    ASSERT_NE(it, users.end());
    EXPECT_TRUE(is_profile(p, *it));
  }
  auto desc = get_ok("/api/v2/profiles/users?id=" + str(users[0], "id") + "&id=" + str(users[1], "id") +
                     "&sortOrder=descending");
  ASSERT_EQ(desc.at("entities").as_array().size(), 2u);
  EXPECT_EQ(str(desc.at("entities").as_array()[0].as_object(), "name"), "Charlie Profile");

  // jid: the chat address of a user.
  auto full = get_user(str(users[1], "id"));
  const std::string jid = str(parse_object(full.body).at("chat").as_object(), "jabberId");
  auto by_jid = get_ok("/api/v2/profiles/users?jid=" + jid);
  ASSERT_EQ(by_jid.at("entities").as_array().size(), 1u);
  EXPECT_EQ(str(by_jid.at("entities").as_array()[0].as_object(), "id"), str(users[1], "id"));
  EXPECT_EQ(num(get_ok("/api/v2/profiles/users?jid=someone@elsewhere.example"), "total"), 0);

  // Past the last page: empty, same total.
  auto past = get_ok("/api/v2/profiles/users?pageSize=2&pageNumber=" + std::to_string((total + 1) / 2 + 1));
  EXPECT_EQ(num(past, "total"), total);
  EXPECT_TRUE(past.at("entities").as_array().empty());
}

TEST_F(ProfilesTest, ProfilesListingStateFilter) {
  auto kept = create_user("Kept", "kept@example.com");
  auto gone = create_user("Gone", "gone@example.com");
  ASSERT_TRUE(has_status(http().del("/api/v2/users/" + str(gone, "id"), admin()), 200));
  const std::string ids = str(kept, "id") + "," + str(gone, "id");

  auto active = get_ok("/api/v2/profiles/users?id=" + ids);
  ASSERT_EQ(active.at("entities").as_array().size(), 1u);
  EXPECT_EQ(str(active.at("entities").as_array()[0].as_object(), "id"), str(kept, "id"));

  auto deleted = get_ok("/api/v2/profiles/users?state=deleted&id=" + ids);
  ASSERT_EQ(deleted.at("entities").as_array().size(), 1u);
  EXPECT_EQ(str(deleted.at("entities").as_array()[0].as_object(), "id"), str(gone, "id"));
  EXPECT_EQ(str(deleted.at("entities").as_array()[0].as_object(), "state"), "deleted");
  EXPECT_EQ(uri_param(str(deleted, "selfUri"), "/api/v2/profiles/users", "state"), "deleted");

  auto bad = get("/api/v2/profiles/users?state=inactive");
  EXPECT_TRUE(is_error_body(bad, 400, "invalid.value"));
  EXPECT_EQ(first_field_name(bad), "state");
}

TEST_F(ProfilesTest, ProfilesListingIsPerOrganization) {
  auto mine = create_user("Acme Only", "acme-only@example.com");
  auto theirs = get_ok("/api/v2/profiles/users?id=" + str(mine, "id"), server().token(other_org().admin));
  EXPECT_EQ(num(theirs, "total"), 0);
  EXPECT_TRUE(theirs.at("entities").as_array().empty());
}

TEST_F(ProfilesTest, ProfilesListingBadRequests) {
  for (const std::string q : {"pageSize=0", "pageSize=501", "pageSize=abc", "pageNumber=0", "pageNumber=-1"})
    EXPECT_TRUE(is_error_body(get("/api/v2/profiles/users?" + q), 400, "bad.request")) << q;
  auto order = get("/api/v2/profiles/users?sortOrder=sideways");
  EXPECT_TRUE(is_error_body(order, 400, "invalid.value"));
  EXPECT_EQ(first_field_name(order), "sortOrder");
  EXPECT_TRUE(is_error_body(get("/api/v2/profiles/users?expand=nonsense"), 400, "invalid.value"));
  std::string many;
  for (int i = 0; i < 101; ++i) many += (i ? "," : "") + random_uuid();
  EXPECT_TRUE(is_error_body(get("/api/v2/profiles/users?id=" + many), 400, "max.user.ids"));
  // The listed expands are accepted.
  auto expanded = get_ok("/api/v2/profiles/users?expand=presence,authorization,integrationPresence");
  for (const auto& e : expanded.at("entities").as_array()) EXPECT_TRUE(e.as_object().contains("expands"));
}

// ---- GET /api/v2/users/{userId}/favorites

TEST_F(ProfilesTest, FavoritesAreAnEmptyPagedListing) {
  auto user = create_user("Fav Holder", "fav@example.com");
  const std::string path = "/api/v2/users/" + str(user, "id") + "/favorites";
  auto l = get_ok(path);
  EXPECT_TRUE(l.at("entities").as_array().empty());
  EXPECT_EQ(num(l, "total"), 0);
  EXPECT_EQ(num(l, "pageSize"), 25);
  EXPECT_EQ(num(l, "pageNumber"), 1);
  EXPECT_EQ(num(l, "pageCount"), 0);
  EXPECT_EQ(uri_param(str(l, "selfUri"), path, "pageNumber"), "1");
  EXPECT_EQ(uri_param(str(l, "firstUri"), path, "pageNumber"), "1");
  EXPECT_EQ(uri_param(str(l, "lastUri"), path, "pageNumber"), "1");
  EXPECT_FALSE(l.contains("nextUri"));
  EXPECT_FALSE(l.contains("previousUri"));

  auto p3 = get_ok(path + "?pageSize=10&pageNumber=3&sortOrder=ASC&expand=presence,groups");
  EXPECT_EQ(num(p3, "pageSize"), 10);
  EXPECT_EQ(num(p3, "pageNumber"), 3);
  EXPECT_EQ(uri_param(str(p3, "selfUri"), path, "pageSize"), "10");
  EXPECT_EQ(uri_param(str(p3, "selfUri"), path, "sortOrder"), "ASC");
  EXPECT_EQ(uri_param(str(p3, "previousUri"), path, "pageNumber"), "1");
}

TEST_F(ProfilesTest, FavoritesErrors) {
  auto user = create_user("Fav Owner", "fav-owner@example.com");
  const std::string path = "/api/v2/users/" + str(user, "id") + "/favorites";
  EXPECT_TRUE(is_error_body(get("/api/v2/users/" + random_uuid() + "/favorites"), 404, "not.found"));
  EXPECT_TRUE(is_error_body(get("/api/v2/users/not-a-uuid/favorites"), 404, "not.found"));
  EXPECT_TRUE(is_error_body(get(path, server().token(other_org().admin)), 404, "not.found"));
  EXPECT_TRUE(is_error_body(get(path + "?pageSize=0"), 400, "bad.request"));
  EXPECT_TRUE(is_error_body(get(path + "?pageNumber=x"), 400, "bad.request"));
  EXPECT_TRUE(is_error_body(get(path + "?sortOrder=up"), 400, "invalid.value"));
  EXPECT_TRUE(is_error_body(get(path + "?expand=nonsense"), 400, "invalid.value"));
}

// ---- GET /api/v2/fieldconfig

TEST_F(ProfilesTest, PersonFieldConfig) {
  auto fc = get_ok("/api/v2/fieldconfig?type=person");
  EXPECT_EQ(str(fc, "entityType"), "person");
  EXPECT_EQ(str(fc, "id"), "person");
  EXPECT_EQ(str(fc, "name"), "person");
  EXPECT_EQ(str(fc, "state"), "active");
  EXPECT_TRUE(fc.at("version").is_string());
  EXPECT_TRUE(fc.at("schemaVersion").is_string());
  EXPECT_EQ(str(fc, "selfUri"), "/api/v2/fieldconfig?type=person");

  std::map<std::string, json::object> fields;
  std::map<std::string, std::string> section_of;
  for (const auto& s : fc.at("sections").as_array()) {
    const auto& sec = s.as_object();
    EXPECT_FALSE(str(sec, "key").empty());
    EXPECT_EQ(str(sec, "state"), "active");
    EXPECT_TRUE(sec.at("instructionText").is_string());
    for (const auto& f : sec.at("fieldList").as_array()) {
      const auto& field = f.as_object();
      for (const char* k : {"customLabels", "repeatable", "required", "gdpr"})
        EXPECT_TRUE(field.at(k).is_bool()) << k << " " << to_text(field);
      EXPECT_TRUE(field.at("labelKeys").is_array());
      EXPECT_TRUE(field.at("params").is_object());
      EXPECT_TRUE(field.at("instructionText").is_string());
      EXPECT_EQ(str(field, "state"), "active");
      fields[str(field, "key")] = field;
      section_of[str(field, "key")] = str(sec, "key");
    }
  }
  ASSERT_EQ(fields.size(), 5u) << to_text(fc);
  auto check = [&](const std::string& key, std::string_view type, bool required, bool repeatable, std::int64_t max) {
    ASSERT_TRUE(fields.count(key)) << key;
    const auto& f = fields[key];
    EXPECT_EQ(str(f, "type"), type) << key;
    EXPECT_EQ(f.at("required").as_bool(), required) << key;
    EXPECT_EQ(f.at("repeatable").as_bool(), repeatable) << key;
    const auto& params = f.at("params").as_object();
    if (max > 0) EXPECT_EQ(num(params, "maxLength"), max) << key;
    else EXPECT_FALSE(params.contains("maxLength")) << key;
  };
  check("name", "text", true, false, 255);
  check("title", "text", false, false, 255);
  check("department", "text", false, false, 255);
  check("email", "email", true, false, 255);
  check("addresses", "contact", false, true, 0);
  EXPECT_EQ(section_of["name"], "general");
  EXPECT_EQ(section_of["email"], "contactInfo");
  const auto& params = fields["addresses"].at("params").as_object();
  EXPECT_EQ(to_text(params.at("mediaTypes")), R"(["PHONE","EMAIL","SMS"])");
  EXPECT_EQ(params.at("types").as_array().size(), 9u);
}

TEST_F(ProfilesTest, FieldConfigLimitsAreEnforced) {
  const std::string long_text(256, 'x');
  const std::string at_limit(255, 'y');
  for (const std::string field : {"name", "title", "department"}) {
    json::object body{{"name", "Limit Tester"}, {"email", "limits-" + field + "@example.com"}};
    body[field] = long_text;
    auto res = post_user(json::serialize(body), admin());
    EXPECT_TRUE(is_error_body(res, 400, "invalid.value")) << field;
    EXPECT_EQ(first_field_name(res), field);
    body[field] = at_limit;
    EXPECT_TRUE(has_status(post_user(json::serialize(body), admin()), 200)) << field;
  }
  auto user = create_user("Patch Limit", "patch-limit@example.com");
  auto res = patch_user(str(user, "id"), json::serialize(json::object{{"version", 1}, {"title", long_text}}));
  EXPECT_TRUE(is_error_body(res, 400, "invalid.value"));
  EXPECT_EQ(first_field_name(res), "title");
  auto bad_media =
      post_user(R"({"name":"M","email":"m@example.com","addresses":[{"address":"1","mediaType":"FAX"}]})", admin());
  EXPECT_TRUE(is_error_body(bad_media, 400, "invalid.value"));
  EXPECT_EQ(first_field_name(bad_media), "addresses[0].mediaType");
}

TEST_F(ProfilesTest, FieldConfigTypeErrors) {
  for (const std::string type : {"group", "org", "externalContact", "nonsense", "PERSON"}) {
    auto res = get("/api/v2/fieldconfig?type=" + type);
    EXPECT_TRUE(is_error_body(res, 400, "bad.entity.type")) << type;
    EXPECT_EQ(first_field_name(res), "type");
  }
  for (const std::string target : {"/api/v2/fieldconfig", "/api/v2/fieldconfig?type="}) {
    auto res = get(target);
    EXPECT_TRUE(is_error_body(res, 400, "bad.request")) << target;
    EXPECT_EQ(first_field_name(res), "type");
  }
}

}  // namespace
}  // namespace rp::test
