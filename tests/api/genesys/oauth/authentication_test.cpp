// Bearer-token authentication of /api/v2: missing and bad tokens.

#include "api/api_test.h"

namespace rp::test {
namespace {

using AuthenticationTest = ApiTest;

struct Call {
  std::string method;
  std::string target;
  std::string body;
};

std::vector<Call> calls() {
  const std::string id = random_uuid();
  return {
      {"GET", "/api/v2/users", ""},
      {"GET", "/api/v2/users/" + id, ""},
      {"POST", "/api/v2/users", R"({"name":"No Token","email":"no.token@example.com"})"},
      {"DELETE", "/api/v2/users/" + id, ""},
  };
}

TEST_F(AuthenticationTest, NoTokenIsAuthenticationRequired) {
  for (const auto& c : calls()) {
    HeaderList headers;
    if (!c.body.empty()) headers.emplace_back("Content-Type", "application/json");
    auto res = http().send(c.method, c.target, headers, c.body);
    EXPECT_TRUE(is_error_body(res, 401, "authentication.required")) << c.method << " " << c.target;
  }
}

TEST_F(AuthenticationTest, GarbageTokenIsBadCredentials) {
  for (const auto& c : calls()) {
    HeaderList headers = bearer("garbage-" + random_uuid());
    if (!c.body.empty()) headers.emplace_back("Content-Type", "application/json");
    auto res = http().send(c.method, c.target, headers, c.body);
    EXPECT_TRUE(is_error_body(res, 401, "bad.credentials")) << c.method << " " << c.target;
  }
}

TEST_F(AuthenticationTest, ClientSecretIsNotABearerToken) {
  auto res = http().get("/api/v2/users", server().org().admin.client_secret);
  EXPECT_TRUE(is_error_body(res, 401, "bad.credentials"));
}

TEST_F(AuthenticationTest, BearerSchemeIsCaseInsensitive) {
  auto res = http().send("GET", "/api/v2/users", {{"Authorization", "bearer " + admin()}});
  EXPECT_TRUE(has_status(res, 200));
}

TEST_F(AuthenticationTest, RefusedRequestsWriteNothing) {
  auto res = http().post_json("/api/v2/users", R"({"name":"Sneaky","email":"sneaky@example.com"})", "garbage");
  EXPECT_TRUE(is_error_body(res, 401, "bad.credentials"));
  auto listing = list_users("state=any");
  EXPECT_EQ(num(listing, "total"), 0) << boost::json::serialize(listing);
}

}  // namespace
}  // namespace rp::test
