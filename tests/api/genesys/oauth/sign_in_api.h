#pragma once
// What the sign-in API tests share: a CODE client with registered redirect
// URIs, a user with a password, the sign-in form over HTTP and the token
// endpoint's code and refresh grants.

#include <boost/url.hpp>

#include "api/api_test.h"

namespace rp::test {

// RFC 7636 appendix B.
inline const std::string kVerifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
inline const std::string kChallenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
inline const std::string kRedirect = "https://app.example.com/callback";
inline const std::string kPassword = "correct horse battery";

inline const HeaderList kFormType = {{"Content-Type", "application/x-www-form-urlencoded"}};

class SignInApiTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    client_ = create_code_client({kRedirect, "https://app.example.com/other?x=1"});
    auto user = create_user("Ann Example", "ann@example.com", {{"password", kPassword}});
    user_id_ = str(user, "id");
  }

  // A CODE client registered with `redirect_uris`.
  ClientCredentials create_code_client(const std::vector<std::string>& redirect_uris) {
    boost::json::array uris;
    for (const auto& u : redirect_uris) uris.push_back(boost::json::value(u));
    boost::json::object body{{"name", "Web <App>"},
                             {"authorizedGrantType", "CODE"},
                             {"registeredRedirectUri", uris},
                             {"roleDivisions", boost::json::array()}};
    auto res = http().post_json("/api/v2/oauth/clients", boost::json::serialize(body), admin());
    EXPECT_TRUE(has_status(res, 200));
    if (res.status != 200) return {};
    auto o = parse_object(res.body);
    return {str(o, "id"), str(o, "secret")};
  }

  // The query of an authorization request; "" values are left out.
  std::string authorize_query(std::string_view client_id, std::string_view redirect_uri,
                              std::string_view challenge = kChallenge, std::string_view method = "S256",
                              std::string_view state = "st-1", std::string_view response_type = "code") {
    std::string q;
    auto add = [&](std::string_view k, std::string_view v) {
      if (v.empty()) return;
      if (!q.empty()) q += '&';
      q += std::string(k) + "=" + form_encode(v);
    };
    add("response_type", response_type);
    add("client_id", client_id);
    add("redirect_uri", redirect_uri);
    add("state", state);
    add("code_challenge", challenge);
    add("code_challenge_method", method);
    return q;
  }

  HttpResponse get_form(const std::string& query) { return http().get("/oauth/authorize?" + query); }

  HttpResponse post_form(const std::string& query, std::string_view username, std::string_view password,
                         HeaderList headers = kFormType) {
    std::string body = query + "&username=" + form_encode(username) + "&password=" + form_encode(password);
    return http().send("POST", "/oauth/authorize", headers, body);
  }

  // Signs the user in (asserting the redirect) and returns the code.
  std::string sign_in(std::string_view challenge = kChallenge, std::string_view username = "ann@example.com",
                      std::string_view password = kPassword) {
    auto res = post_form(authorize_query(client_.client_id, kRedirect, challenge, challenge.empty() ? "" : "S256"),
                         username, password);
    EXPECT_TRUE(has_status(res, 302));
    return location_param(res, "code");
  }

  // Query parameter `key` of the Location of a redirect to kRedirect.
  static std::string location_param(const HttpResponse& res, std::string_view key) {
    std::string location = res.header("Location");
    auto url = boost::urls::parse_uri(location);
    if (!url || !location.starts_with(kRedirect + "?")) return "<not a redirect to the client: " + location + ">";
    auto params = url->params();
    auto it = params.find(key);
    return it == params.end() ? std::string() : std::string((*it).value);
  }

  HttpResponse token(const std::string& body, const HeaderList& headers = kFormType) {
    return http().send("POST", "/oauth/token", headers, body);
  }

  // The code grant as a public client (client_id and PKCE verifier).
  HttpResponse redeem(const std::string& code, std::string_view verifier = kVerifier,
                      std::string_view redirect_uri = kRedirect) {
    std::string body = "grant_type=authorization_code&client_id=" + form_encode(client_.client_id) +
                       "&code=" + form_encode(code) + "&redirect_uri=" + form_encode(redirect_uri);
    if (!verifier.empty()) body += "&code_verifier=" + form_encode(verifier);
    return token(body);
  }

  HttpResponse refresh(const std::string& refresh_token) {
    return token("grant_type=refresh_token&client_id=" + form_encode(client_.client_id) +
                 "&refresh_token=" + form_encode(refresh_token));
  }

  // Asserts a token answer with a refresh token; returns {access, refresh}.
  std::pair<std::string, std::string> tokens_of(const HttpResponse& res) {
    EXPECT_TRUE(has_status(res, 200));
    if (res.status != 200) return {};
    auto o = parse_object(res.body);
    EXPECT_EQ(str(o, "token_type"), "bearer");
    EXPECT_GT(num(o, "expires_in"), 0);
    EXPECT_FALSE(str(o, "refresh_token").empty()) << res.body;
    EXPECT_EQ(res.header("Cache-Control"), "no-store");
    return {str(o, "access_token"), str(o, "refresh_token")};
  }

  // A full sign-in: {access, refresh}.
  std::pair<std::string, std::string> user_tokens(std::string_view password = kPassword) {
    return tokens_of(redeem(sign_in(kChallenge, "ann@example.com", password)));
  }

  ClientCredentials client_;
  std::string user_id_;
};

}  // namespace rp::test
