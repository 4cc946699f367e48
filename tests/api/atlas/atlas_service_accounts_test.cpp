// Atlas service accounts: OAuth clients of the organization that get a bearer
// token from POST /api/oauth/token (client credentials, HTTP Basic) and call
// the Atlas routes with it; their organization roles decide what they may do.

#include "api/atlas/atlas_api.h"

namespace rp::test {
namespace {

namespace json = boost::json;

class AtlasServiceAccountTest : public AtlasApiTest {
 protected:
  // A new client of `org_id` holding `roles` (made through the Genesys OAuth clients API).
  ClientCredentials account(const std::vector<std::string>& roles, const std::string& org_id = {}) {
    return server().create_client(org_id.empty() ? server().org().organization_id : org_id,
                                  "service-account-" + std::to_string(++accounts_), roles);
  }

  // POST /api/oauth/token with Basic credentials and a form body.
  HttpResponse token_request(const ClientCredentials& c, std::string_view form = "grant_type=client_credentials") {
    return http().send("POST", "/api/oauth/token",
                       {{"Authorization", "Basic " + base64(c.client_id + ":" + c.client_secret)},
                        {"Content-Type", "application/x-www-form-urlencoded"}},
                       form);
  }

  std::string token_of(const ClientCredentials& c) {
    auto res = token_request(c);
    EXPECT_TRUE(has_status(res, 200));
    if (res.status != 200) return {};
    return str(parse_object(res.body), "access_token");
  }

  HttpResponse bearer_call(std::string_view method, const std::string& target, const std::string& token,
                           std::string_view body = {}, const std::string& accept = kAtlasV1) {
    HeaderList h{{"Accept", accept}, {"Authorization", "Bearer " + token}};
    if (!body.empty()) h.emplace_back("Content-Type", "application/json");
    return http().send(method, target, h, body);
  }

  // An OAuth error {error, error_description} with `status`.
  static ::testing::AssertionResult is_token_error(const HttpResponse& res, int status, std::string_view error) {
    auto o = parse_object(res.body);
    if (res.status != status || str(o, "error") != error || str(o, "error_description").empty())
      return ::testing::AssertionFailure() << res.describe();
    return ::testing::AssertionSuccess();
  }

  int accounts_ = 0;
};

TEST_F(AtlasServiceAccountTest, CurlGetsATokenWithBasicCredentialsAndCallsAtlasWithIt) {
  auto c = account({"ORG_MEMBER"});
  std::string url = "http://127.0.0.1:" + std::to_string(server().port());
  auto r = run_command({"/usr/bin/curl", "-s", "-S", "-u", c.client_id + ":" + c.client_secret, "-d",
                        "grant_type=client_credentials", url + "/api/oauth/token"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto o = parse_object(r.out);
  EXPECT_EQ(str(o, "token_type"), "Bearer");
  EXPECT_GT(o.at("expires_in").as_int64(), 0);
  std::string token = str(o, "access_token");
  ASSERT_FALSE(token.empty());

  r = run_command({"/usr/bin/curl", "-s", "-S", "-H", "Authorization: Bearer " + token, "-H", "Accept: " + kAtlasV1,
                   url + "/api/atlas/v2/orgs"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto orgs = parse_object(r.out);
  ASSERT_TRUE(orgs.contains("results")) << r.out;
  ASSERT_EQ(orgs.at("results").as_array().size(), 1u);
  EXPECT_EQ(str(orgs.at("results").as_array()[0].as_object(), "id"), org_id());
}

TEST_F(AtlasServiceAccountTest, TheAccountsOrganizationRolesDecide) {
  std::string member = token_of(account({"ORG_MEMBER"}));
  std::string owner = token_of(account({"ORG_OWNER"}));
  auto alice = create_user("Alice Svc", "alice.svc@example.com");
  std::string alice_id = atlas_user_id("alice.svc@example.com");
  std::string roles_path = users_path() + "/" + alice_id + "/roles";
  std::string body = R"({"orgRoles":["ORG_BILLING_ADMIN","ORG_MEMBER"]})";

  // A member reads users but may not change roles.
  EXPECT_TRUE(has_status(bearer_call("GET", users_path() + "/" + alice_id, member), 200));
  EXPECT_TRUE(is_atlas_error(bearer_call("PUT", roles_path, member, body), 401, "NOT_ORG_OWNER"));
  // An owner may; the change shows through digest-authenticated reads too.
  auto res = bearer_call("PUT", roles_path, owner, body);
  ASSERT_TRUE(has_status(res, 200));
  auto user = atlas_user(alice_id);
  EXPECT_EQ(org_roles(user), (std::vector<std::string>{"ORG_MEMBER", "ORG_BILLING_ADMIN"}));
  // A client holding none of the six roles is refused.
  std::string none = token_of(account({}));
  EXPECT_TRUE(is_atlas_error(bearer_call("GET", users_path(), none), 401, "USER_UNAUTHORIZED"));
}

TEST_F(AtlasServiceAccountTest, AnAccountOfAnotherOrganizationCannotReachThisOne) {
  const auto& globex = server().extra_orgs().at(0);
  std::string token = token_of(account({"ORG_OWNER"}, globex.organization_id));
  auto res = bearer_call("GET", users_path(), token);
  EXPECT_TRUE(is_atlas_error(res, 401, "USER_CANNOT_ACCESS_ORG"));
  auto own = bearer_call("GET", "/api/atlas/v2/orgs/" + globex.atlas_org_id + "/users", token);
  EXPECT_TRUE(has_status(own, 200));
}

TEST_F(AtlasServiceAccountTest, TokenRequestsAreChecked) {
  auto c = account({"ORG_MEMBER"});
  auto wrong = c;
  wrong.client_secret += "x";
  EXPECT_TRUE(is_token_error(token_request(wrong), 401, "invalid_client"));
  EXPECT_TRUE(is_token_error(token_request(c, "grant_type=password"), 400, "unsupported_grant_type"));
  EXPECT_TRUE(is_token_error(token_request(c, "scope=x"), 400, "invalid_request"));
  auto json_body = http().send(
      "POST", "/api/oauth/token",
      {{"Authorization", "Basic " + base64(c.client_id + ":" + c.client_secret)}, {"Content-Type", "application/json"}},
      R"({"grant_type":"client_credentials"})");
  EXPECT_TRUE(is_token_error(json_body, 400, "invalid_request"));
  auto ok = token_request(c);
  ASSERT_TRUE(has_status(ok, 200));
  EXPECT_EQ(ok.header("Cache-Control"), "no-store");
}

TEST_F(AtlasServiceAccountTest, UnknownAndRevokedTokensAreRefused) {
  auto res = bearer_call("GET", "/api/atlas/v2/orgs", "not-a-token");
  EXPECT_TRUE(is_atlas_error(res, 401, "USER_UNAUTHORIZED"));
  EXPECT_EQ(res.header("WWW-Authenticate").rfind("Bearer", 0), 0u) << res.header("WWW-Authenticate");

  auto c = account({"ORG_MEMBER"});
  std::string token = token_of(c);
  ASSERT_TRUE(has_status(bearer_call("GET", "/api/atlas/v2/orgs", token), 200));
  // Deleting the OAuth client ends its service account's tokens at once.
  auto del = http().send("DELETE", "/api/v2/oauth/clients/" + c.client_id, bearer(admin()));
  ASSERT_TRUE(del.status == 200 || del.status == 204) << del.describe();
  EXPECT_TRUE(is_atlas_error(bearer_call("GET", "/api/atlas/v2/orgs", token), 401, "USER_UNAUTHORIZED"));
}

// Giving an organization role needs its permissions where it is given (the
// home division): an account holding ORG_OWNER only in another division
// passes the owner check but may give no role it lacks there.
TEST_F(AtlasServiceAccountTest, GivingARoleNeedsItsPermissionsInTheHomeDivision) {
  auto division = http().post_json("/api/v2/authorization/divisions", R"({"name":"Elsewhere"})", admin());
  ASSERT_TRUE(has_status(division, 200));
  const std::string elsewhere = str(parse_object(division.body), "id");
  auto role_id = [&](const std::string& name) {
    auto res = http().get("/api/v2/authorization/roles?name=" + name, admin());
    EXPECT_TRUE(has_status(res, 200));
    auto entities = parse_object(res.body).at("entities").as_array();
    return entities.empty() ? std::string() : str(entities.front().as_object(), "id");
  };
  const std::string owner_role = role_id("ORG_OWNER");
  ClientCredentials c = account({});
  auto grant = [&](const std::string& division_id) {
    json::object g{{"roleId", owner_role}, {"divisionId", division_id}};
    return http().post_json("/api/v2/authorization/subjects/" + c.client_id + "/bulkadd",
                            json::serialize(json::object{{"grants", json::array{g}}}), admin());
  };
  ASSERT_TRUE(has_status(grant(elsewhere), 204));
  std::string token = token_of(c);
  create_user("Bea Bounded", "bea.bounded@example.com");
  std::string bea = atlas_user_id("bea.bounded@example.com");
  const std::string roles_path = users_path() + "/" + bea + "/roles";
  const auto bea_roles = org_roles(atlas_user(bea));

  auto refused = bearer_call("PUT", roles_path, token, R"({"orgRoles":["ORG_OWNER"]})");
  EXPECT_TRUE(is_atlas_error(refused, 403, "ACCESS_FORBIDDEN")) << refused.body;
  EXPECT_NE(refused.body.find("ORG_OWNER"), std::string::npos) << refused.body;
  EXPECT_TRUE(is_atlas_error(bearer_call("POST", users_path() + "/" + bea + ":addRole", token,
                                         R"({"orgRole":"ORG_BILLING_ADMIN"})", kAtlasUsers),
                             403, "ACCESS_FORBIDDEN"));
  EXPECT_TRUE(is_atlas_error(bearer_call("POST", keys_path(), token, R"({"desc":"escalate","roles":["ORG_OWNER"]})"),
                             403, "ACCESS_FORBIDDEN"));
  // Nothing changed: Bea keeps her roles and no key was made.
  EXPECT_EQ(org_roles(atlas_user(bea)), bea_roles);
  auto keys = atlas_ok(atlas("GET", keys_path()));
  for (const auto& k : keys.at("results").as_array()) EXPECT_NE(str(k.as_object(), "desc"), "escalate");
  // Removing a role needs no such rule.
  ASSERT_TRUE(has_status(bearer_call("PUT", roles_path, token_of(account({"ORG_OWNER"})),
                                     R"({"orgRoles":["ORG_MEMBER","ORG_READ_ONLY"]})"),
                         200));
  EXPECT_TRUE(has_status(bearer_call("POST", users_path() + "/" + bea + ":removeRole", token,
                                     R"({"orgRole":"ORG_READ_ONLY"})", kAtlasUsers),
                         200));

  // Holding ORG_OWNER in the home division too, the same account may.
  auto home = http().get("/api/v2/authorization/divisions/home", admin());
  ASSERT_TRUE(has_status(home, 200));
  ASSERT_TRUE(has_status(grant(str(parse_object(home.body), "id")), 204));
  EXPECT_TRUE(has_status(bearer_call("PUT", roles_path, token, R"({"orgRoles":["ORG_OWNER"]})"), 200));
  EXPECT_TRUE(has_status(bearer_call("POST", keys_path(), token, R"({"desc":"allowed","roles":["ORG_OWNER"]})"), 200));
}

}  // namespace
}  // namespace rp::test
