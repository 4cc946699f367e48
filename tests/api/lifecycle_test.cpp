// The process around the API: durability across kill -9, graceful shutdown,
// the access log, storage failures, and organizations added while running.

#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <thread>

#include "api/api_test.h"

namespace rp::test {
namespace {

namespace json = boost::json;

using LifecycleTest = ApiTest;

// Polls `predicate` every 20 ms until it holds or `timeout` passes.
template <class Predicate>
bool eventually(Predicate predicate, std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (predicate()) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

// True if some line of `log` contains every one of `parts`.
bool has_line_with(const std::string& log, const std::vector<std::string>& parts) {
  std::size_t start = 0;
  while (start < log.size()) {
    std::size_t end = log.find('\n', start);
    if (end == std::string::npos) end = log.size();
    const std::string_view line(log.data() + start, end - start);
    if (std::all_of(parts.begin(), parts.end(), [&](const auto& p) { return line.find(p) != std::string_view::npos; }))
      return true;
    start = end + 1;
  }
  return false;
}

// Renames the tables of `db_path` whose names contain "user" (adding
// "_gone"); returns an error description, or "" on success.
std::string rename_user_tables(const std::string& db_path) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
    std::string e = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return "cannot open " + db_path + ": " + e;
  }
  sqlite3_busy_timeout(db, 10000);
  std::vector<std::string> names;
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type='table' AND name LIKE '%user%'", -1, &stmt,
                     nullptr);
  while (stmt && sqlite3_step(stmt) == SQLITE_ROW)
    names.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)));
  sqlite3_finalize(stmt);
  std::string error;
  if (names.empty()) error = "no table named like '%user%' in " + db_path;
  std::string sql = "PRAGMA foreign_keys=OFF;PRAGMA legacy_alter_table=ON;";
  for (const auto& name : names) sql += "ALTER TABLE \"" + name + "\" RENAME TO \"" + name + "_gone\";";
  char* message = nullptr;
  if (error.empty() && sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    error = std::string("rename failed: ") + (message ? message : "?");
    sqlite3_free(message);
  }
  sqlite3_close(db);
  return error;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

TEST_F(LifecycleTest, AcknowledgedUserSurvivesKill9) {
  auto created = create_user("Durable Dora", "dora@example.com",
                             {{"department", "Storage"}, {"title", "Keeper"}, {"password", "Durable-Pass-123"}});
  ASSERT_FALSE(created.empty());
  auto deleted = create_user("Deleted Dan", "dan@example.com");
  ASSERT_TRUE(has_status(http().del("/api/v2/users/" + str(deleted, "id"), admin()), 200));

  server().kill9();
  server().restart();
  reconnect();
  const std::string token = server().admin_token();
  auto res = get_user(str(created, "id"), token);
  ASSERT_TRUE(has_status(res, 200));
  EXPECT_EQ(parse_object(res.body), created);
  auto gone = get_user(str(deleted, "id"), token, "state=deleted");
  ASSERT_TRUE(has_status(gone, 200));
  EXPECT_EQ(str(parse_object(gone.body), "state"), "deleted");
  EXPECT_EQ(num(list_users("state=any", token), "total"), 2);
}

TEST_F(LifecycleTest, SigtermStopsGracefullyWithExitCodeZero) {
  ASSERT_TRUE(has_status(http().get("/healthz"), 200));
  EXPECT_EQ(server().terminate(), 0) << server().log_text();
}

TEST_F(LifecycleTest, SigintStopsGracefullyWithExitCodeZero) {
  ASSERT_TRUE(has_status(http().get("/healthz"), 200));
  EXPECT_EQ(server().terminate(std::chrono::seconds(30), SIGINT), 0) << server().log_text();
}

TEST_F(LifecycleTest, SigtermWithAnIdleKeepAliveConnectionStillStops) {
  // An open idle keep-alive connection must not hold up the shutdown.
  ASSERT_TRUE(has_status(http().get("/api/v2/users", admin()), 200));
  EXPECT_EQ(server().terminate(std::chrono::seconds(20)), 0) << server().log_text();
}

TEST_F(LifecycleTest, RestartKeepsServingTheSameData) {
  auto created = create_user("Restarted Rita", "rita@example.com");
  server().restart();
  reconnect();
  auto res = get_user(str(created, "id"), server().admin_token());
  ASSERT_TRUE(has_status(res, 200));
  EXPECT_EQ(parse_object(res.body), created);
}

TEST_F(LifecycleTest, AccessLogNamesMethodPathAndStatus) {
  ASSERT_TRUE(has_status(http().get("/api/v2/users?pageSize=2", admin()), 200));
  ASSERT_TRUE(is_error_body(http().get("/api/v2/nope", admin()), 404, "not.found"));
  ASSERT_TRUE(has_status(http().del("/api/v2/users/" + random_uuid(), admin()), 404));
  EXPECT_TRUE(eventually([&] {
    return has_line_with(server().log_text(), {"GET", "/api/v2/users", "200"});
  })) << server().log_text();
  EXPECT_TRUE(eventually([&] {
    return has_line_with(server().log_text(), {"GET", "/api/v2/nope", "404"});
  })) << server().log_text();
  EXPECT_TRUE(eventually([&] {
    return has_line_with(server().log_text(), {"DELETE", "/api/v2/users/", "404"});
  })) << server().log_text();
}

TEST_F(LifecycleTest, AccessLogNeverHoldsTokensOrSecrets) {
  const std::string token = admin();
  ASSERT_TRUE(has_status(http().get("/api/v2/users", token), 200));
  ASSERT_TRUE(eventually([&] { return has_line_with(server().log_text(), {"GET", "/api/v2/users", "200"}); }));
  const std::string log = server().log_text();
  EXPECT_EQ(log.find(token), std::string::npos) << "the access token appears in the log";
  EXPECT_EQ(log.find(server().org().admin.client_secret), std::string::npos) << "the client secret appears in the log";
}

TEST_F(LifecycleTest, StorageFailureIsInternalServerErrorWithoutSqlText) {
  create_user("Before Failure", "before@example.com");
  // Rename every table whose name mentions users, behind the server's back.
  std::string problem = rename_user_tables(server().db_path());
  ASSERT_TRUE(problem.empty()) << problem;

  const std::string sent = random_uuid();
  auto res = http().get("/api/v2/users", admin(), {{std::string(correlation_header), sent}});
  EXPECT_TRUE(is_error_body(res, 500, "internal.server.error"));
  EXPECT_EQ(res.header(correlation_header), sent);
  const std::string body = lower(res.body);
  for (const std::string leak : {"sql", "select ", "no such", "_gone", "rp.db", "/tmp/"})
    EXPECT_EQ(body.find(leak), std::string::npos) << "the error body leaks '" << leak << "': " << res.body;
  // The server survives and still answers what does not need the users.
  EXPECT_TRUE(has_status(server().client().get("/healthz"), 200));
}

TEST_F(LifecycleTest, OrganizationBootstrappedWhileRunningIsServed) {
  auto other = server().bootstrap_another_org("initech");
  auto res = server().request_token(other.admin);
  if (res.status != 200) {
    server().restart();
    reconnect();
    auto after = server().request_token(other.admin);
    FAIL() << "the new organization's client gets no token while the server runs: " << res.describe()
           << "\nafter a restart: HTTP " << after.status;
  }
  const std::string token = str(parse_object(res.body), "access_token");
  auto created = create_user("Initech Ivan", "ivan@initech.example", {}, token);
  ASSERT_FALSE(created.empty());
  EXPECT_TRUE(is_user(created, "Initech Ivan", "ivan@initech.example"));
  auto listing = list_users({}, token);
  EXPECT_EQ(ids_of(listing), std::vector<std::string>{str(created, "id")});
  // The first organization does not see it.
  EXPECT_TRUE(is_error_body(get_user(str(created, "id")), 404, "not.found"));
}

TEST_F(LifecycleTest, ClientCreatedByTheCommandLineWhileRunningHoldsItsRoles) {
  auto creds = server().create_client_with_cli(server().org().organization_id, "late", {"supervisor"});
  auto res = server().request_token(creds);
  ASSERT_TRUE(has_status(res, 200)) << "a client created by the command line while the server runs gets no token";
  const std::string token = str(parse_object(res.body), "access_token");
  EXPECT_TRUE(has_status(post_user(R"({"name":"Late","email":"late@example.com"})", token), 200));
}

}  // namespace
}  // namespace rp::test
