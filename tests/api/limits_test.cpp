// Load limits: per-token rate limiting (429) and the bounded worker queue (503).

#include <latch>
#include <thread>

#include "api/api_test.h"

namespace rp::test {
namespace {

namespace json = boost::json;

class RateLimitTest : public ApiTest {
 protected:
  ServerConfig server_config() const override {
    ServerConfig c;
    c.config_toml = "[limits]\nrequests_per_minute = 5\n";
    return c;
  }
};

TEST_F(RateLimitTest, SixthQuickRequestWithOneTokenIsTooManyRequests) {
  const std::string token = admin();
  std::vector<HttpResponse> answers;
  for (int i = 0; i < 8; ++i) answers.push_back(http().get("/api/v2/users", token));
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(has_status(answers[i], 200)) << "request " << i + 1;
  for (int i = 5; i < 8; ++i) {
    EXPECT_TRUE(is_error_body(answers[i], 429, "too.many.requests")) << "request " << i + 1;
    const std::string retry = answers[i].header("Retry-After");
    int seconds = 0;
    try {
      seconds = std::stoi(retry);
    } catch (const std::exception&) {}
    EXPECT_GT(seconds, 0) << "request " << i + 1 << " Retry-After '" << retry << "'";
    EXPECT_LE(seconds, 60) << "request " << i + 1 << " Retry-After '" << retry << "'";
  }
  // Other endpoints share the token's budget.
  EXPECT_TRUE(is_error_body(http().get("/api/v2/users/" + random_uuid(), token), 429, "too.many.requests"));
}

TEST_F(RateLimitTest, AnotherClientsTokenIsNotLimited) {
  const std::string token = admin();
  for (int i = 0; i < 7; ++i) http().get("/api/v2/users", token);
  EXPECT_TRUE(is_error_body(http().get("/api/v2/users", token), 429, "too.many.requests"));

  auto other = server().create_client(server().org().organization_id, "second", {"admin"});
  const std::string other_token = server().token(other);
  for (int i = 0; i < 5; ++i)
    EXPECT_TRUE(has_status(http().get("/api/v2/users", other_token), 200)) << "other client, request " << i + 1;
}

TEST_F(RateLimitTest, HealthzAndTokenEndpointStayOpen) {
  const std::string token = admin();
  for (int i = 0; i < 7; ++i) http().get("/api/v2/users", token);
  EXPECT_TRUE(has_status(http().get("/healthz"), 200));
  EXPECT_NO_THROW(server().token(server().org().admin));
}

class OverloadTest : public ApiTest {
 protected:
  ServerConfig server_config() const override {
    ServerConfig c;
    c.config_toml = "[http]\nworker_threads = 1\nworker_queue = 1\n";
    return c;
  }
};

TEST_F(OverloadTest, FullWorkerQueueAnswersServiceUnavailableAndLosesNothing) {
  constexpr int n = 40;
  const std::string token = admin();
  std::vector<HttpResponse> answers(n);
  std::vector<std::string> failures(n);
  std::latch ready(n);
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i) {
    threads.emplace_back([&, i] {
      try {
        HttpClient client("127.0.0.1", server().port(), std::chrono::seconds(120));
        // Connect first so that the requests leave together.
        client.get("/healthz");
        json::object body{{"name", "Load " + std::to_string(i)},
                          {"email", "load" + std::to_string(i) + "@example.com"},
                          {"password", "Pass-word-" + std::to_string(i) + "-long-enough"}};
        ready.arrive_and_wait();
        answers[i] = client.post_json("/api/v2/users", json::serialize(body), token);
      } catch (const std::exception& e) {
        failures[i] = e.what();
      }
    });
  }
  for (auto& t : threads) t.join();

  int ok = 0, unavailable = 0;
  std::vector<std::pair<std::string, std::string>> stored;  // id, email
  for (int i = 0; i < n; ++i) {
    ASSERT_TRUE(failures[i].empty()) << "request " << i << ": " << failures[i];
    const auto& res = answers[i];
    if (res.status == 200) {
      ++ok;
      auto user = parse_object(res.body);
      EXPECT_EQ(str(user, "email"), "load" + std::to_string(i) + "@example.com");
      stored.emplace_back(str(user, "id"), str(user, "email"));
    } else if (res.status == 503) {
      ++unavailable;
      EXPECT_TRUE(is_error_body(res, 503, "service.unavailable")) << "request " << i;
      EXPECT_FALSE(res.header("Retry-After").empty()) << "request " << i << ": " << res.describe();
    } else {
      ADD_FAILURE() << "request " << i << " answered neither 200 nor 503: " << res.describe();
    }
  }
  RecordProperty("created", ok);
  RecordProperty("turned_away", unavailable);
  EXPECT_GE(unavailable, 1) << "no request was turned away (" << ok << " created)";
  EXPECT_GE(ok, 1) << "no request was served";

  // Every acknowledged user is stored, and nothing else is.
  for (const auto& [id, email] : stored) {
    auto res = get_user(id);
    ASSERT_TRUE(has_status(res, 200)) << "user " << id << " acknowledged but not stored";
    EXPECT_EQ(str(parse_object(res.body), "email"), email);
  }
  auto listing = list_users("state=any&pageSize=500");
  EXPECT_EQ(num(listing, "total"), ok) << "users stored vs. 200 answers";
}

}  // namespace
}  // namespace rp::test

namespace rp::test {
namespace {

// [limits] of the client credentials grant: a budget of tokens per client
// (spent only by authenticated clients) and of failures per address.
class TokenIssueLimitTest : public ApiTest {
 protected:
  ServerConfig server_config() const override {
    ServerConfig c;
    c.config_toml = "[limits]\ntokens_per_minute_per_client = 3\ntoken_failures_per_minute_per_address = 2\n";
    return c;
  }
  HttpResponse mint(const ClientCredentials& c, std::string_view path = "/oauth/token") {
    return http().send("POST", path, {{"Content-Type", "application/x-www-form-urlencoded"}},
                       "grant_type=client_credentials&client_id=" + form_encode(c.client_id) +
                           "&client_secret=" + form_encode(c.client_secret));
  }
  static bool is_429(const HttpResponse& res) {
    if (res.status != 429 || res.header("Retry-After").empty()) return false;
    auto body = parse_object(res.body);
    return str(body, "error") == "too_many_requests";
  }
};

TEST_F(TokenIssueLimitTest, EachClientHasABudgetOfTokens) {
  const auto& admin_client = server().org().admin;
  // The fixture's token and the one create_client takes are two of three.
  auto other = server().create_client(server().org().organization_id, "second", {"admin"});
  EXPECT_TRUE(has_status(mint(admin_client, "/api/oauth/token"), 200)) << "the Atlas endpoint counts too";
  auto over = mint(admin_client);
  EXPECT_TRUE(is_429(over)) << over.describe();
  EXPECT_TRUE(is_429(mint(admin_client, "/api/oauth/token")));
  EXPECT_TRUE(is_429(mint(admin_client, "/iam/v1/oauth2/token")));
  // Another client has its own budget; the tokens already issued still work.
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(has_status(mint(other), 200)) << i;
  EXPECT_TRUE(is_429(mint(other)));
  EXPECT_TRUE(has_status(http().get("/api/v2/users", admin()), 200));
}

TEST_F(TokenIssueLimitTest, WrongSecretsSpendTheAddressBudget) {
  ClientCredentials wrong{server().org().admin.client_id, "not-the-secret"};
  ClientCredentials unknown{"00000000-0000-0000-0000-000000000000", "x"};
  EXPECT_TRUE(has_status(mint(wrong), 401));
  EXPECT_TRUE(has_status(mint(unknown), 401));
  auto over = mint(wrong);
  EXPECT_TRUE(is_429(over)) << over.describe();
  // The address is refused whatever it sends until the budget refills.
  EXPECT_TRUE(is_429(mint(server().org().admin)));
}

}  // namespace
}  // namespace rp::test
