// /healthz, the ININ-Correlation-Id header on every kind of answer, unknown
// routes, wrong methods and malformed requests.

#include <set>

#include "api/api_test.h"

namespace rp::test {
namespace {

namespace json = boost::json;

using HealthTest = ApiTest;

TEST_F(HealthTest, HealthzAnswersOkWithoutToken) {
  auto res = http().get("/healthz");
  ASSERT_TRUE(has_status(res, 200));
  EXPECT_NE(res.header("Content-Type").find("application/json"), std::string::npos) << res.describe();
  auto body = parse_object(res.body);
  EXPECT_EQ(body, (json::object{{"status", "ok"}})) << res.body;
}

TEST_F(HealthTest, KeepAliveConnectionServesManyRequests) {
  // The same client reuses its connection; every answer must be complete.
  for (int i = 0; i < 20; ++i) {
    auto res = http().get("/healthz");
    ASSERT_TRUE(has_status(res, 200)) << "request " << i;
  }
  for (int i = 0; i < 5; ++i) {
    auto res = http().get("/api/v2/users", admin());
    ASSERT_TRUE(has_status(res, 200)) << "request " << i;
  }
}

// One request of each kind: success, OAuth success and error, and ErrorBody errors.
struct Probe {
  std::string label;
  std::string method;
  std::string target;
  HeaderList headers;
  std::string body;
  int status;
};

std::vector<Probe> probes(const ServerProcess& server, const std::string& token) {
  const std::string basic = "Basic " + base64(server.org().admin.client_id + ":" + server.org().admin.client_secret);
  const HeaderList form = {{"Content-Type", "application/x-www-form-urlencoded"}};
  return {
      {"healthz", "GET", "/healthz", {}, "", 200},
      {"token", "POST", "/oauth/token", {{"Authorization", basic}, form[0]}, "grant_type=client_credentials", 200},
      {"token error", "POST", "/oauth/token", {{"Authorization", basic}, form[0]}, "grant_type=password", 400},
      {"list users", "GET", "/api/v2/users", {{"Authorization", "Bearer " + token}}, "", 200},
      {"no token", "GET", "/api/v2/users", {}, "", 401},
      {"bad token", "GET", "/api/v2/users", {{"Authorization", "Bearer nope"}}, "", 401},
      {"unknown user", "GET", "/api/v2/users/" + random_uuid(), {{"Authorization", "Bearer " + token}}, "", 404},
      {"unknown route", "GET", "/api/v2/nope", {{"Authorization", "Bearer " + token}}, "", 404},
      {"bad json",
       "POST",
       "/api/v2/users",
       {{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}},
       "{",
       400},
      {"wrong method", "PATCH", "/api/v2/users", {{"Authorization", "Bearer " + token}}, "", 405},
  };
}

TEST_F(HealthTest, CorrelationIdIsEchoedOnEveryAnswer) {
  for (auto& p : probes(server(), admin())) {
    const std::string sent = random_uuid();
    p.headers.emplace_back(std::string(correlation_header), sent);
    auto res = http().send(p.method, p.target, p.headers, p.body);
    EXPECT_EQ(res.status, p.status) << p.label << ": " << res.describe();
    EXPECT_EQ(res.header(correlation_header), sent) << p.label << ": " << res.describe();
    if (res.status >= 400 && p.target.starts_with("/api/")) {
      auto body = parse_object(res.body);
      EXPECT_EQ(str(body, "contextId"), sent) << p.label << ": " << res.body;
    }
  }
}

TEST_F(HealthTest, CorrelationIdIsAFreshUuidWhenNotSent) {
  std::set<std::string> seen;
  for (const auto& p : probes(server(), admin())) {
    auto res = http().send(p.method, p.target, p.headers, p.body);
    EXPECT_EQ(res.status, p.status) << p.label << ": " << res.describe();
    const std::string id = res.header(correlation_header);
    EXPECT_TRUE(is_uuid(id)) << p.label << ": correlation id '" << id << "'\n" << res.describe();
    EXPECT_TRUE(seen.insert(id).second) << p.label << ": correlation id " << id << " repeated";
    if (res.status >= 400 && p.target.starts_with("/api/")) {
      EXPECT_TRUE(is_error_body(res, p.status, str(parse_object(res.body), "code"))) << p.label;
    }
  }
}

TEST_F(HealthTest, UnknownRouteIsNotFoundErrorBody) {
  auto res = http().get("/api/v2/nope", admin());
  EXPECT_TRUE(is_error_body(res, 404, "not.found"));
  res = http().get("/api/v2/users/" + random_uuid() + "/nothing/here", admin());
  EXPECT_TRUE(is_error_body(res, 404, "not.found"));
}

TEST_F(HealthTest, WrongMethodIsMethodNotAllowedWithAllow) {
  auto res = http().send("PATCH", "/api/v2/users", bearer(admin()));
  EXPECT_TRUE(is_error_body(res, 405, "method.not.allowed"));
  const std::string allow = res.header("Allow");
  EXPECT_NE(allow.find("GET"), std::string::npos) << "Allow: " << allow;
  EXPECT_NE(allow.find("POST"), std::string::npos) << "Allow: " << allow;
  EXPECT_EQ(allow.find("DELETE"), std::string::npos) << "Allow: " << allow;

  res = http().send("PUT", "/api/v2/users/" + random_uuid(), bearer(admin()));
  EXPECT_TRUE(is_error_body(res, 405, "method.not.allowed"));
  const std::string allow_one = res.header("Allow");
  EXPECT_NE(allow_one.find("GET"), std::string::npos) << "Allow: " << allow_one;
  EXPECT_NE(allow_one.find("DELETE"), std::string::npos) << "Allow: " << allow_one;
  EXPECT_EQ(allow_one.find("POST"), std::string::npos) << "Allow: " << allow_one;
}

TEST_F(HealthTest, MalformedRequestLineIsBadRequest) {
  auto res = send_raw("127.0.0.1", server().port(), "THIS IS NOT HTTP\r\n\r\n", std::chrono::seconds(15));
  EXPECT_EQ(res.status, 400) << res.describe();
  // The server stays up.
  EXPECT_TRUE(has_status(server().client().get("/healthz"), 200));
}

TEST_F(HealthTest, OversizedDeclaredBodyIsRejectedBeforeItIsSent) {
  // The server must answer from the headers alone, without waiting for the body.
  const std::string request = "POST /api/v2/users HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + admin() +
                              "\r\nContent-Type: application/json\r\nContent-Length: 5000000\r\n\r\n{\"name\":";
  auto res = send_raw("127.0.0.1", server().port(), request, std::chrono::seconds(15));
  EXPECT_TRUE(is_error_body(res, 413, "request.entity.too.large"));
  EXPECT_TRUE(has_status(server().client().get("/healthz"), 200));
}

}  // namespace
}  // namespace rp::test
