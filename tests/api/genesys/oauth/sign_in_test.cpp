// Sign-in over HTTP: the /oauth/authorize page, the code and refresh grants
// of /oauth/token, PKCE, exact redirect URIs, failed sign-in limits, and
// deleted users.

#include <sstream>

#include "api/genesys/oauth/sign_in_api.h"

namespace rp::test {
namespace {

namespace json = boost::json;

int parse_int_header(const std::string& v) {
  try {
    std::size_t used = 0;
    int n = std::stoi(v, &used);
    return used == v.size() ? n : -1;
  } catch (const std::exception&) {
    return -1;
  }
}

bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

::testing::AssertionResult is_html_page(const HttpResponse& res, int status) {
  std::ostringstream problems;
  if (res.status != status) problems << "\n  status " << res.status << " != " << status;
  if (!res.header("Content-Type").starts_with("text/html"))
    problems << "\n  Content-Type " << res.header("Content-Type");
  if (res.header("Cache-Control") != "no-store") problems << "\n  Cache-Control " << res.header("Cache-Control");
  if (res.header("X-Frame-Options") != "DENY") problems << "\n  X-Frame-Options " << res.header("X-Frame-Options");
  auto csp = res.header("Content-Security-Policy");
  for (auto directive : {"default-src 'none'", "frame-ancestors 'none'", "form-action 'self'", "base-uri 'none'"})
    if (!contains(csp, directive)) problems << "\n  CSP lacks " << directive << ": " << csp;
  if (res.has_header("Location")) problems << "\n  a Location header: " << res.header("Location");
  if (contains(res.body, "<script") || contains(res.body, "http://") || contains(res.body, "https://cdn"))
    problems << "\n  the page loads or runs something";
  if (problems.str().empty()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "not the expected HTML page:" << problems.str() << "\n  " << res.describe();
}

TEST_F(SignInApiTest, TheWholeFlow) {
  // The form.
  auto page = get_form(authorize_query(client_.client_id, kRedirect));
  ASSERT_TRUE(is_html_page(page, 200));
  EXPECT_TRUE(contains(page.body, "<form method=\"post\" action=\"/oauth/authorize\""));
  EXPECT_TRUE(contains(page.body, "name=\"password\""));
  EXPECT_TRUE(contains(page.body, "Web &lt;App&gt;")) << "the client's name, escaped";
  EXPECT_TRUE(contains(page.body, "value=\"" + kChallenge + "\""));

  // Posting it redirects to the client with a code and the state.
  auto posted = post_form(authorize_query(client_.client_id, kRedirect), "ann@example.com", kPassword);
  ASSERT_TRUE(has_status(posted, 302));
  EXPECT_EQ(location_param(posted, "state"), "st-1");
  const std::string code = location_param(posted, "code");
  ASSERT_GE(code.size(), 43u);
  EXPECT_EQ(posted.header("Cache-Control"), "no-store");

  // The code, with the PKCE verifier, gives a user token.
  auto [access, refresh_token] = tokens_of(redeem(code));
  ASSERT_FALSE(access.empty());
  auto me = http().get("/api/v2/users/me", access);
  ASSERT_TRUE(has_status(me, 200));
  auto me_user = parse_object(me.body);
  EXPECT_TRUE(is_user(me_user, "Ann Example", "ann@example.com"));
  EXPECT_EQ(str(me_user, "id"), user_id_);
  // The UserMe expand values: lists roleplane keeps none of are empty,
  // the others accepted; user expand values work as on /users/{id}; unknown
  // ones are 400 naming expand.
  auto expanded =
      http().get("/api/v2/users/me?expand=presencedefinitions,trustors,token,organization,profileSkills", access);
  ASSERT_TRUE(has_status(expanded, 200)) << expanded.body;
  auto me_expanded = parse_object(expanded.body);
  const auto& definitions = me_expanded.at("presenceDefinitions").as_array();
  ASSERT_EQ(definitions.size(), 10u);  // the primary ones
  EXPECT_TRUE(definitions[0].as_object().at("primary").as_bool());
  EXPECT_EQ(me_expanded.at("trustors"), boost::json::array{});
  EXPECT_EQ(me_expanded.at("profileSkills"), boost::json::array{});
  EXPECT_EQ(str(me_expanded, "id"), user_id_);
  auto bogus = http().get("/api/v2/users/me?expand=bogus", access);
  EXPECT_TRUE(is_error_body(bogus, 400, "invalid.value")) << bogus.body;

  // Refresh: a new pair; the old refresh token is refused.
  auto [access2, refresh2] = tokens_of(refresh(refresh_token));
  EXPECT_NE(refresh2, refresh_token);
  EXPECT_TRUE(has_status(http().get("/api/v2/users/me", access2), 200));
  EXPECT_TRUE(is_oauth_error(refresh(refresh_token), 400, "invalid_grant"));

  // Replaying the code is refused and ends what it gave.
  EXPECT_TRUE(is_oauth_error(redeem(code), 400, "invalid_grant"));
  EXPECT_TRUE(is_error_body(http().get("/api/v2/users/me", access), 401, "bad.credentials"));
}

TEST_F(SignInApiTest, ConfidentialClientsMayUseTheirSecretInsteadOfPkce) {
  const std::string code = sign_in("");
  auto without = redeem(code, "");
  EXPECT_TRUE(is_oauth_error(without, 401, "invalid_client")) << "no secret and no PKCE";
  HeaderList basic = kFormType;
  basic.emplace_back("Authorization", "Basic " + base64(client_.client_id + ":" + client_.client_secret));
  auto with = token(
      "grant_type=authorization_code&code=" + form_encode(code) + "&redirect_uri=" + form_encode(kRedirect), basic);
  auto [access, refresh_token] = tokens_of(with);
  EXPECT_TRUE(has_status(http().get("/api/v2/users/me", access), 200));
}

TEST_F(SignInApiTest, PkceFailures) {
  const std::string code = sign_in();
  EXPECT_TRUE(is_oauth_error(redeem(code, ""), 400, "invalid_grant")) << "missing verifier";
  EXPECT_TRUE(is_oauth_error(redeem(code, std::string(43, 'a')), 400, "invalid_grant")) << "wrong verifier";
  EXPECT_TRUE(is_oauth_error(redeem(code, "short"), 400, "invalid_grant")) << "malformed verifier";
  tokens_of(redeem(code));  // the code was not spent by the failures

  // plain challenges are refused at the authorization request, by redirect.
  auto plain = get_form(authorize_query(client_.client_id, kRedirect, kVerifier, "plain"));
  ASSERT_TRUE(has_status(plain, 302));
  EXPECT_EQ(location_param(plain, "error"), "invalid_request");
  EXPECT_EQ(location_param(plain, "state"), "st-1");
  EXPECT_TRUE(location_param(plain, "code").empty());
}

TEST_F(SignInApiTest, RedirectUrisAreCheckedExactlyAndNeverRedirectedToWhenWrong) {
  for (std::string uri :
       {std::string(), kRedirect + "/", kRedirect + "?a=b", std::string("HTTPS://app.example.com/callback"),
        std::string("https://evil.example.com/callback"), std::string("https://app.example.com/other")}) {
    EXPECT_TRUE(is_html_page(get_form(authorize_query(client_.client_id, uri)), 400)) << uri;
    EXPECT_TRUE(is_html_page(post_form(authorize_query(client_.client_id, uri), "ann@example.com", kPassword), 400))
        << uri;
  }
  EXPECT_TRUE(is_html_page(get_form(authorize_query(random_uuid(), kRedirect)), 400)) << "unknown client";
  EXPECT_TRUE(is_html_page(get_form(authorize_query(server().org().admin.client_id, kRedirect)), 400))
      << "a client-credentials client";
  // A registered URI with a query of its own keeps it.
  auto other = get_form(authorize_query(client_.client_id, "https://app.example.com/other?x=1"));
  EXPECT_TRUE(is_html_page(other, 200));
  auto posted =
      post_form(authorize_query(client_.client_id, "https://app.example.com/other?x=1"), "ann@example.com", kPassword);
  ASSERT_TRUE(has_status(posted, 302));
  EXPECT_TRUE(posted.header("Location").starts_with("https://app.example.com/other?x=1&code=")) << posted.describe();

  // The token request must name the same redirect URI.
  const std::string code = sign_in();
  EXPECT_TRUE(is_oauth_error(redeem(code, kVerifier, "https://app.example.com/other?x=1"), 400, "invalid_grant"));
  tokens_of(redeem(code));
}

TEST_F(SignInApiTest, ErrorsAfterTheRedirectUriIsKnownGoBackToTheClient) {
  auto res = get_form(authorize_query(client_.client_id, kRedirect, kChallenge, "S256", "s<2>", "token"));
  ASSERT_TRUE(has_status(res, 302));
  EXPECT_EQ(location_param(res, "error"), "unsupported_response_type");
  EXPECT_EQ(location_param(res, "state"), "s<2>");
  auto missing = get_form(authorize_query(client_.client_id, kRedirect, kChallenge, "S256", "s3", ""));
  ASSERT_TRUE(has_status(missing, 302));
  EXPECT_EQ(location_param(missing, "error"), "invalid_request");
}

TEST_F(SignInApiTest, EverythingEchoedIntoThePageIsEscaped) {
  const std::string evil = "\"><script>alert(1)</script>";
  auto page = get_form(authorize_query(client_.client_id, kRedirect, kChallenge, "S256", evil));
  ASSERT_TRUE(is_html_page(page, 200));
  EXPECT_FALSE(contains(page.body, "<script>"));
  EXPECT_TRUE(contains(page.body, "&quot;&gt;&lt;script&gt;"));
  auto wrong = post_form(authorize_query(client_.client_id, kRedirect, kChallenge, "S256", evil), evil, "nope");
  ASSERT_TRUE(is_html_page(wrong, 401));
  EXPECT_FALSE(contains(wrong.body, "<script>"));
}

TEST_F(SignInApiTest, WrongPasswordsShowTheFormAgainWithOneMessage) {
  auto wrong = post_form(authorize_query(client_.client_id, kRedirect), "ann@example.com", "not the password");
  auto unknown = post_form(authorize_query(client_.client_id, kRedirect), "nobody@example.com", kPassword);
  ASSERT_TRUE(is_html_page(wrong, 401));
  ASSERT_TRUE(is_html_page(unknown, 401));
  EXPECT_TRUE(contains(wrong.body, "The username or password is incorrect."));
  EXPECT_TRUE(contains(unknown.body, "The username or password is incorrect."));
  EXPECT_TRUE(contains(wrong.body, "<form"));
  EXPECT_FALSE(contains(wrong.body, "not the password"));
}

TEST_F(SignInApiTest, TooManyFailuresAre429WithRetryAfter) {
  for (int i = 0; i < 5; ++i)
    ASSERT_TRUE(is_html_page(post_form(authorize_query(client_.client_id, kRedirect), "ann@example.com", "bad"), 401));
  auto limited = post_form(authorize_query(client_.client_id, kRedirect), "ann@example.com", kPassword);
  ASSERT_TRUE(is_html_page(limited, 429));
  auto retry = parse_int_header(limited.header("Retry-After"));
  EXPECT_GT(retry, 0) << limited.describe();
  EXPECT_LE(retry, 900);
  // Another user from the same address still signs in (the address allows 20).
  create_user("Bob", "bob@example.com", {{"password", kPassword}});
  auto bob = post_form(authorize_query(client_.client_id, kRedirect), "bob@example.com", kPassword);
  EXPECT_TRUE(has_status(bob, 302));
}

TEST_F(SignInApiTest, DeletedUsersLoseTheirTokensAndCannotSignIn) {
  auto [access, refresh_token] = user_tokens();
  ASSERT_TRUE(has_status(http().get("/api/v2/users/me", access), 200));
  ASSERT_TRUE(has_status(http().del("/api/v2/users/" + user_id_, admin()), 200));
  EXPECT_TRUE(is_error_body(http().get("/api/v2/users/me", access), 401, "bad.credentials"));
  EXPECT_TRUE(is_oauth_error(refresh(refresh_token), 400, "invalid_grant"));
  EXPECT_TRUE(
      is_html_page(post_form(authorize_query(client_.client_id, kRedirect), "ann@example.com", kPassword), 401));
}

TEST_F(SignInApiTest, DeletingTheTokenSignsOut) {
  auto [access, refresh_token] = user_tokens();
  auto [other_access, other_refresh] = user_tokens();
  ASSERT_TRUE(has_status(http().del("/api/v2/tokens/me", access), 204));
  EXPECT_TRUE(is_error_body(http().get("/api/v2/users/me", access), 401, "bad.credentials"));
  EXPECT_TRUE(is_oauth_error(refresh(refresh_token), 400, "invalid_grant"));
  EXPECT_TRUE(has_status(http().get("/api/v2/users/me", other_access), 200)) << "other sessions go on";
}

TEST_F(SignInApiTest, InactiveUsersLoseTheirTokensAndCannotSignIn) {
  auto [access, refresh_token] = user_tokens();
  ASSERT_TRUE(has_status(http().get("/api/v2/users/me", access), 200));
  auto user = parse_object(get_user(user_id_).body);
  json::object patch{{"state", "inactive"}, {"version", num(user, "version")}};
  ASSERT_TRUE(has_status(http().send("PATCH", "/api/v2/users/" + user_id_,
                                     {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + admin()}},
                                     json::serialize(patch)),
                         200));
  EXPECT_TRUE(is_error_body(http().get("/api/v2/users/me", access), 401, "bad.credentials"));
  EXPECT_TRUE(is_oauth_error(refresh(refresh_token), 400, "invalid_grant"));
  EXPECT_TRUE(
      is_html_page(post_form(authorize_query(client_.client_id, kRedirect), "ann@example.com", kPassword), 401));
}

TEST_F(SignInApiTest, UsersMeNeedsAUserToken) {
  EXPECT_TRUE(is_error_body(http().get("/api/v2/users/me", admin()), 400, "not.a.user"));
  EXPECT_TRUE(is_error_body(http().get("/api/v2/users/me"), 401, "authentication.required"));
}

TEST_F(SignInApiTest, SignInRecordsTheLastLoginAndTokenWithoutAVersionBump) {
  auto before = parse_object(get_user(user_id_).body);
  auto [access, refresh_token] = user_tokens();
  auto after = parse_object(get_user(user_id_).body);
  EXPECT_EQ(num(after, "version"), num(before, "version"));
  // A PATCH with the version read before the sign-in still applies.
  json::object patch{{"title", "Engineer"}, {"version", num(before, "version")}};
  auto patched = http().send("PATCH", "/api/v2/users/" + user_id_,
                             {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + admin()}},
                             json::serialize(patch));
  EXPECT_TRUE(has_status(patched, 200));
}

TEST_F(SignInApiTest, TokenRequestsWithRepeatedParametersAreRefused) {
  const std::string code = sign_in();
  auto res =
      token("grant_type=authorization_code&client_id=" + form_encode(client_.client_id) + "&code=" + form_encode(code) +
            "&code=" + form_encode(code) + "&redirect_uri=" + form_encode(kRedirect) + "&code_verifier=" + kVerifier);
  EXPECT_TRUE(is_oauth_error(res, 400, "invalid_request"));
}

TEST_F(SignInApiTest, FormsPostedFromAnotherSiteAreRefused) {
  for (std::string origin : {"https://evil.example.com", "null", "http://127.0.0.1:1"}) {
    HeaderList headers = kFormType;
    headers.emplace_back("Origin", origin);
    auto res = post_form(authorize_query(client_.client_id, kRedirect), "ann@example.com", kPassword, headers);
    EXPECT_TRUE(is_html_page(res, 403)) << origin;
  }
  // The server's own origin, as a browser sends it with the form.
  HeaderList headers = kFormType;
  headers.emplace_back("Origin", "http://127.0.0.1:" + std::to_string(server().port()));
  auto own = post_form(authorize_query(client_.client_id, kRedirect), "ann@example.com", kPassword, headers);
  EXPECT_TRUE(has_status(own, 302));
}

class ConfiguredSignInTest : public SignInApiTest {
 protected:
  ServerConfig server_config() const override {
    ServerConfig c;
    c.config_toml = "[sign_in]\nmax_failures_per_user = 2\nfailure_window_seconds = 60\n";
    return c;
  }
};

TEST_F(ConfiguredSignInTest, TheFailureLimitComesFromTheConfiguration) {
  for (int i = 0; i < 2; ++i)
    ASSERT_TRUE(is_html_page(post_form(authorize_query(client_.client_id, kRedirect), "ann@example.com", "bad"), 401));
  auto limited = post_form(authorize_query(client_.client_id, kRedirect), "ann@example.com", kPassword);
  ASSERT_TRUE(is_html_page(limited, 429));
  EXPECT_EQ(limited.header("Retry-After"), "30");  // 2 per minute: one back every 30 s
}

}  // namespace
}  // namespace rp::test
