// POST /oauth/token: the client-credentials grant and its OAuth errors.

#include <fstream>

#include "api/api_test.h"

namespace rp::test {
namespace {

namespace json = boost::json;

const HeaderList form_type = {{"Content-Type", "application/x-www-form-urlencoded"}};

class OAuthTokenTest : public ApiTest {
 protected:
  HttpResponse token_request(const HeaderList& headers, std::string_view body) {
    return http().send("POST", "/oauth/token", headers, body);
  }
  HeaderList basic(std::string_view id, std::string_view secret) {
    return {{"Authorization", "Basic " + base64(std::string(id) + ":" + std::string(secret))}, form_type[0]};
  }
  const ClientCredentials& creds() { return server().org().admin; }

  // Asserts a successful token answer and returns the access token.
  std::string expect_token(const HttpResponse& res) {
    EXPECT_TRUE(has_status(res, 200));
    if (res.status != 200) return {};
    EXPECT_NE(res.header("Content-Type").find("application/json"), std::string::npos) << res.describe();
    auto o = parse_object(res.body);
    EXPECT_FALSE(str(o, "access_token").empty()) << res.body;
    EXPECT_EQ(str(o, "token_type"), "bearer") << res.body;
    EXPECT_GT(num(o, "expires_in"), 0) << res.body;
    return str(o, "access_token");
  }
};

TEST_F(OAuthTokenTest, BasicCredentialsGiveAWorkingToken) {
  auto token =
      expect_token(token_request(basic(creds().client_id, creds().client_secret), "grant_type=client_credentials"));
  ASSERT_FALSE(token.empty());
  EXPECT_TRUE(has_status(http().get("/api/v2/users", token), 200));
}

TEST_F(OAuthTokenTest, DefaultLifetimeIsOneDay) {
  auto res = token_request(basic(creds().client_id, creds().client_secret), "grant_type=client_credentials");
  ASSERT_TRUE(has_status(res, 200));
  EXPECT_EQ(num(parse_object(res.body), "expires_in"), 86400) << res.body;
}

TEST_F(OAuthTokenTest, EachRequestIssuesADistinctToken) {
  auto a =
      expect_token(token_request(basic(creds().client_id, creds().client_secret), "grant_type=client_credentials"));
  auto b =
      expect_token(token_request(basic(creds().client_id, creds().client_secret), "grant_type=client_credentials"));
  EXPECT_NE(a, b);
  EXPECT_TRUE(has_status(http().get("/api/v2/users", a), 200));
  EXPECT_TRUE(has_status(http().get("/api/v2/users", b), 200));
}

TEST_F(OAuthTokenTest, FormFieldCredentialsGiveAWorkingToken) {
  const std::string body = "grant_type=client_credentials&client_id=" + form_encode(creds().client_id) +
                           "&client_secret=" + form_encode(creds().client_secret);
  auto token = expect_token(token_request(form_type, body));
  ASSERT_FALSE(token.empty());
  EXPECT_TRUE(has_status(http().get("/api/v2/users", token), 200));
}

TEST_F(OAuthTokenTest, FormContentTypeWithCharsetIsAccepted) {
  HeaderList headers = basic(creds().client_id, creds().client_secret);
  headers[1].second = "application/x-www-form-urlencoded; charset=UTF-8";
  expect_token(token_request(headers, "grant_type=client_credentials"));
}

TEST_F(OAuthTokenTest, WrongSecretIsInvalidClientWithBasicChallenge) {
  auto res = token_request(basic(creds().client_id, creds().client_secret + "x"), "grant_type=client_credentials");
  EXPECT_TRUE(is_oauth_error(res, 401, "invalid_client"));
  EXPECT_NE(res.header("WWW-Authenticate").find("Basic"), std::string::npos) << res.describe();
  EXPECT_EQ(res.body.find("access_token"), std::string::npos) << res.body;
}

TEST_F(OAuthTokenTest, WrongSecretInFormFieldsIsInvalidClient) {
  const std::string body =
      "grant_type=client_credentials&client_id=" + form_encode(creds().client_id) + "&client_secret=wrong";
  EXPECT_TRUE(is_oauth_error(token_request(form_type, body), 401, "invalid_client"));
}

TEST_F(OAuthTokenTest, UnknownClientIsInvalidClient) {
  auto res = token_request(basic(random_uuid(), creds().client_secret), "grant_type=client_credentials");
  EXPECT_TRUE(is_oauth_error(res, 401, "invalid_client"));
  res = token_request(basic("not-a-client-id", "whatever"), "grant_type=client_credentials");
  EXPECT_TRUE(is_oauth_error(res, 401, "invalid_client"));
}

TEST_F(OAuthTokenTest, MissingGrantTypeIsInvalidRequest) {
  EXPECT_TRUE(
      is_oauth_error(token_request(basic(creds().client_id, creds().client_secret), ""), 400, "invalid_request"));
  EXPECT_TRUE(is_oauth_error(token_request(basic(creds().client_id, creds().client_secret), "scope=all"), 400,
                             "invalid_request"));
}

TEST_F(OAuthTokenTest, PasswordGrantIsUnsupported) {
  auto res =
      token_request(basic(creds().client_id, creds().client_secret), "grant_type=password&username=a%40b.c&password=x");
  EXPECT_TRUE(is_oauth_error(res, 400, "unsupported_grant_type"));
}

TEST_F(OAuthTokenTest, NonFormContentTypeIsInvalidRequest) {
  HeaderList headers = {basic(creds().client_id, creds().client_secret)[0], {"Content-Type", "application/json"}};
  auto res = token_request(headers, R"({"grant_type":"client_credentials"})");
  EXPECT_TRUE(is_oauth_error(res, 400, "invalid_request"));
}

TEST_F(OAuthTokenTest, MalformedBasicHeaderIsRejected) {
  // Client authentication that cannot even be read fails like wrong
  // credentials (RFC 6749 5.2): 401 invalid_client, with a Basic challenge.
  for (const std::string& bad :
       std::vector<std::string>{"Basic !!!not-base64!!!", "Basic " + base64("no-colon-here"), "Basic"}) {
    auto res = token_request({{"Authorization", bad}, form_type[0]}, "grant_type=client_credentials");
    EXPECT_TRUE(is_oauth_error(res, 401, "invalid_client")) << "Authorization: " << bad << "\n" << res.describe();
  }
}

TEST_F(OAuthTokenTest, NoCredentialsAtAllIsRejected) {
  auto res = token_request(form_type, "grant_type=client_credentials");
  EXPECT_TRUE(is_oauth_error(res, 401, "invalid_client")) << res.describe();
}

TEST_F(OAuthTokenTest, TokenSurvivesARestart) {
  const std::string token = admin();
  ASSERT_TRUE(has_status(http().get("/api/v2/users", token), 200));
  server().restart();
  reconnect();
  EXPECT_TRUE(has_status(http().get("/api/v2/users", token), 200));
}

TEST_F(OAuthTokenTest, TokenSurvivesKill9) {
  const std::string token = admin();
  server().kill9();
  server().restart();
  reconnect();
  EXPECT_TRUE(has_status(http().get("/api/v2/users", token), 200));
}

class ConfiguredTokenLifetimeTest : public OAuthTokenTest {
 protected:
  ServerConfig server_config() const override {
    ServerConfig c;
    c.config_toml = "[oauth]\ntoken_lifetime_seconds = 300\n";
    return c;
  }
};

TEST_F(ConfiguredTokenLifetimeTest, ClientsCreatedUnderTheConfigurationIssueTokensForItsLifetime) {
  // token_lifetime_seconds is the validity given to clients as they are
  // created (bootstrap, client create), like Genesys' per-client setting.
  auto r = server().run_cli({"client", "create", "--org", server().org().organization_id, "--name", "short", "--role",
                             "employee", "--config", server().config_path()});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  auto created = parse_object(r.out);
  auto res =
      token_request(basic(str(created, "clientId"), str(created, "clientSecret")), "grant_type=client_credentials");
  ASSERT_TRUE(has_status(res, 200));
  auto o = parse_object(res.body);
  EXPECT_EQ(num(o, "expires_in"), 300) << res.body;
  EXPECT_TRUE(has_status(http().get("/api/v2/users", str(o, "access_token")), 200));
}

TEST_F(ConfiguredTokenLifetimeTest, OutOfRangeLifetimeIsRefusedAtStartUp) {
  // Genesys allows 300..172800 seconds per client.
  const std::string path = server().dir() + "/bad.toml";
  std::ofstream(path) << "[oauth]\ntoken_lifetime_seconds = 1\n";
  auto r = server().run_cli({"migrate", "--config", path});
  EXPECT_NE(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.err.find("token_lifetime_seconds"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace rp::test
