#include "app/config.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

namespace rp::app {
namespace {

class ConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ::unsetenv("ROLEPLANE_LISTEN");
    ::unsetenv("ROLEPLANE_DATABASE");
    ::unsetenv("ROLEPLANE_CONFIG");
    path_ = std::filesystem::temp_directory_path() / ("rp-config-" + std::to_string(::getpid()) + ".toml");
  }
  void TearDown() override { std::filesystem::remove(path_); }

  Overrides with_file(const std::string& text) {
    std::ofstream(path_) << text;
    Overrides o;
    o.config_file = path_.string();
    return o;
  }

  std::filesystem::path path_;
};

TEST_F(ConfigTest, Defaults) {
  auto c = load_config({});
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->host, "127.0.0.1");
  EXPECT_EQ(c->port, 8080);
  EXPECT_EQ(c->database, "sqlite:data/roleplane.db");
  EXPECT_EQ(c->limits.requests_per_minute, 6000);
  EXPECT_EQ(c->http.max_buffered_bytes, 256LL << 20);
  EXPECT_EQ(c->http.request_deadline_ms, 30'000);
  EXPECT_EQ(c->http.shutdown_timeout_ms, 10'000);
}

TEST_F(ConfigTest, RequestBoundsAreRead) {
  auto c =
      load_config(with_file("[http]\nmax_buffered_bytes = 1048576\nrequest_deadline_ms = 250\n"
                            "shutdown_timeout_ms = 0\n"));
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->http.max_buffered_bytes, 1048576);
  EXPECT_EQ(c->http.request_deadline_ms, 250);
  EXPECT_EQ(c->http.shutdown_timeout_ms, 0);
}

TEST_F(ConfigTest, FileThenEnvironmentThenFlags) {
  auto flags = with_file(
      "listen = \"0.0.0.0:9000\"\ndatabase = \"sqlite:/tmp/a.db\"\n[http]\nworker_threads = 3\n"
      "access_log = false\n[limits]\nrequests_per_minute = 0\n");
  auto c = load_config(flags);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->host, "0.0.0.0");
  EXPECT_EQ(c->port, 9000);
  EXPECT_EQ(c->database, "sqlite:/tmp/a.db");
  EXPECT_EQ(c->http.worker_threads, 3);
  EXPECT_FALSE(c->http.access_log);
  EXPECT_EQ(c->limits.requests_per_minute, 0);

  ::setenv("ROLEPLANE_LISTEN", "127.0.0.1:9100", 1);
  ::setenv("ROLEPLANE_DATABASE", "sqlite:/tmp/b.db", 1);
  c = load_config(flags);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->port, 9100);
  EXPECT_EQ(c->database, "sqlite:/tmp/b.db");

  flags.listen = "127.0.0.1:0";
  flags.database = "sqlite:/tmp/c.db";
  c = load_config(flags);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->port, 0);
  EXPECT_EQ(c->database, "sqlite:/tmp/c.db");
}

TEST_F(ConfigTest, BadValuesNameTheKey) {
  struct Case {
    std::string text;
    std::string key;
  };
  for (const auto& c : std::vector<Case>{
           {"[http]\nworker_queue = 0\n", "http.worker_queue"},
           {"[http]\nmax_connections = 0\n", "http.max_connections"},
           {"[http]\nmax_buffered_bytes = 1000\n", "http.max_buffered_bytes"},
           {"[http]\nrequest_deadline_ms = 0\n", "http.request_deadline_ms"},
           {"[http]\nshutdown_timeout_ms = -1\n", "http.shutdown_timeout_ms"},
           {"[http]\nio_threads = \"two\"\n", "http.io_threads"},
           {"[http]\naccess_log = 1\n", "http.access_log"},
           {"[limits]\nrequests_per_minute = -1\n", "limits.requests_per_minute"},
           {"[limits]\ntokens_per_minute_per_client = -1\n", "limits.tokens_per_minute_per_client"},
           {"[limits]\ntoken_failures_per_minute_per_address = \"x\"\n",
            "limits.token_failures_per_minute_per_address"},
           {"[oauth]\ntoken_lifetime_seconds = 10\n", "oauth.token_lifetime_seconds"},
           {"listen = \"nowhere\"\n", "listen"},
           {"listen = \"127.0.0.1:70000\"\n", "listen"},
           {"database = \"mysql://x\"\n", "database"},
           {"colour = \"blue\"\n", "colour"},
           {"[http]\nthreads = 2\n", "http.threads"},
       }) {
    auto r = load_config(with_file(c.text));
    ASSERT_FALSE(r) << c.text;
    EXPECT_EQ(r.error().field, c.key) << r.error().message;
    EXPECT_NE(r.error().message.find(c.key), std::string::npos) << r.error().message;
  }
}

TEST_F(ConfigTest, PasswordPolicy) {
  auto c = load_config(with_file("[passwords]\nmin_length = 12\nrequire_digit = true\nrequire_symbol = true\n"));
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->passwords.min_length, 12u);
  EXPECT_EQ(c->passwords.max_length, 256u);
  EXPECT_TRUE(c->passwords.require_digit);
  EXPECT_TRUE(c->passwords.require_symbol);
  EXPECT_FALSE(c->passwords.require_uppercase);

  auto inverted = load_config(with_file("[passwords]\nmin_length = 20\nmax_length = 10\n"));
  ASSERT_FALSE(inverted);
  EXPECT_EQ(inverted.error().field, "passwords.max_length");
  auto unknown = load_config(with_file("[passwords]\nmin_lenght = 20\n"));
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().field, "passwords.min_lenght");
  auto not_bool = load_config(with_file("[passwords]\nrequire_digit = 1\n"));
  ASSERT_FALSE(not_bool);
  EXPECT_EQ(not_bool.error().field, "passwords.require_digit");
}

TEST_F(ConfigTest, SignIn) {
  auto defaults = load_config({});
  ASSERT_TRUE(defaults);
  EXPECT_EQ(defaults->sign_in.max_failures_per_user, 5);
  EXPECT_EQ(defaults->sign_in.max_failures_per_address, 20);
  EXPECT_EQ(defaults->sign_in.failure_window_seconds, 900);
  EXPECT_EQ(defaults->sign_in.code_lifetime_seconds, 300);
  auto c =
      load_config(with_file("[sign_in]\nmax_failures_per_user = 3\nmax_failures_per_address = 0\n"
                            "failure_window_seconds = 60\ncode_lifetime_seconds = 120\n"
                            "refresh_token_lifetime_seconds = 3600\n"));
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->sign_in.max_failures_per_user, 3);
  EXPECT_EQ(c->sign_in.max_failures_per_address, 0);
  EXPECT_EQ(c->sign_in.failure_window_seconds, 60);
  EXPECT_EQ(c->sign_in.code_lifetime_seconds, 120);
  EXPECT_EQ(c->sign_in.refresh_token_lifetime_seconds, 3600);
  auto too_long = load_config(with_file("[sign_in]\ncode_lifetime_seconds = 3600\n"));
  ASSERT_FALSE(too_long);
  EXPECT_EQ(too_long.error().field, "sign_in.code_lifetime_seconds");
  auto unknown = load_config(with_file("[sign_in]\nmax_failures = 3\n"));
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().field, "sign_in.max_failures");
}

TEST_F(ConfigTest, SyntaxErrorsNameTheLine) {
  auto r = load_config(with_file("listen = \n"));
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("line 1"), std::string::npos) << r.error().message;
}

}  // namespace
}  // namespace rp::app
