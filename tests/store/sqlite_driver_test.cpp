// SQLite-specific checks that the driver-neutral suite cannot express: URL
// handling, connection settings, schema version guard, nested writes and
// the safety of error messages.
#include <sqlite3.h>
#include <stdlib.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>

#include "core/deadline.h"
#include "core/reasons.h"
#include "store/sqlite/connection.h"
#include "store/sqlite/errors.h"
#include "store/sqlite/schema/migrations.h"
#include "store/store_suite.h"

namespace rp::store::test {
namespace {

class SqliteDriverTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (std::filesystem::temp_directory_path() / "roleplane-sqlite-XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  std::string db_path() const { return (dir_ / "nested" / "dirs" / "store.db").string(); }

  std::filesystem::path dir_;
};

std::string pragma(sqlite3* db, const char* sql) {
  sqlite3_stmt* stmt = nullptr;
  std::string out;
  if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW)
    out = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
  sqlite3_finalize(stmt);
  return out;
}

TEST_F(SqliteDriverTest, UrlSchemes) {
  EXPECT_TRUE(failed(open_store("mysql://localhost/x"), Errc::invalid_argument));
  auto pg = open_store("postgres://localhost/roleplane");
  ASSERT_TRUE(failed(pg, Errc::invalid_argument));
  EXPECT_NE(pg.error().message.find("not supported yet"), std::string::npos);
  EXPECT_TRUE(failed(open_store("sqlite:"), Errc::invalid_argument));
  EXPECT_TRUE(failed(open_store("no scheme at all"), Errc::invalid_argument));
}

TEST_F(SqliteDriverTest, CreatesParentDirectoriesAndUsesWal) {
  auto store = open_store("sqlite:" + db_path());
  ASSERT_TRUE(ok(store));
  ASSERT_TRUE(ok((*store)->migrate()));
  EXPECT_TRUE(std::filesystem::exists(db_path()));
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(db_path().c_str(), &db), SQLITE_OK);
  EXPECT_EQ(pragma(db, "PRAGMA journal_mode"), "wal");
  EXPECT_EQ(pragma(db, "SELECT max(version) FROM schema_migrations"), std::to_string(sqlite::latest_schema_version()));
  sqlite3_close(db);
}

TEST_F(SqliteDriverTest, ConnectionSettings) {
  std::filesystem::create_directories(dir_ / "c");
  sqlite::ConnectionOptions options;
  options.path = (dir_ / "c" / "settings.db").string();
  auto conn = sqlite::Connection::open(options);
  ASSERT_TRUE(ok(conn));
  sqlite3* db = (*conn)->handle();
  EXPECT_EQ(pragma(db, "PRAGMA journal_mode"), "wal");
  EXPECT_EQ(pragma(db, "PRAGMA synchronous"), "2");  // FULL
  EXPECT_EQ(pragma(db, "PRAGMA foreign_keys"), "1");

  options.mode = sqlite::OpenMode::reader;
  auto reader = sqlite::Connection::open(options);
  ASSERT_TRUE(ok(reader));
  EXPECT_EQ(pragma((*reader)->handle(), "PRAGMA query_only"), "1");
  EXPECT_FALSE(ok((*reader)->exec("CREATE TABLE t(x)")));
}

// A connection waits for a lock another process holds at most its
// busy_timeout_ms, and not at all once the thread's deadline has passed or
// its cancel flag is set (core/deadline.h).
TEST_F(SqliteDriverTest, LockWaitsEndAtTheBusyTimeoutOrTheDeadline) {
  std::filesystem::create_directories(dir_ / "l");
  sqlite::ConnectionOptions options;
  options.path = (dir_ / "l" / "locked.db").string();
  options.busy_timeout_ms = 300;
  auto conn = sqlite::Connection::open(options);
  ASSERT_TRUE(ok(conn));
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open(options.path.c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);

  auto timed_begin = [&] {
    auto started = std::chrono::steady_clock::now();
    auto r = (*conn)->exec("BEGIN IMMEDIATE");
    EXPECT_TRUE(failed(r, Errc::unavailable));
    return std::chrono::steady_clock::now() - started;
  };
  EXPECT_GE(timed_begin(), std::chrono::milliseconds(250)) << "waited its busy timeout";
  {
    std::atomic<bool> cancel{true};
    DeadlineScope cancelled(DeadlineScope::Clock::time_point::max(), &cancel);
    EXPECT_LT(timed_begin(), std::chrono::milliseconds(250)) << "gave up at once";
  }
  sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(other);
  EXPECT_TRUE(ok((*conn)->exec("BEGIN IMMEDIATE")));
  EXPECT_TRUE(ok((*conn)->exec("ROLLBACK")));
}

TEST_F(SqliteDriverTest, RefusesASchemaNewerThanTheCode) {
  std::string url = "sqlite:" + db_path();
  {
    auto store = open_store(url);
    ASSERT_TRUE(ok(store));
    ASSERT_TRUE(ok((*store)->migrate()));
  }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(db_path().c_str(), &db), SQLITE_OK);
  ASSERT_EQ(
      sqlite3_exec(db, "INSERT INTO schema_migrations VALUES (999, 'from the future', 0)", nullptr, nullptr, nullptr),
      SQLITE_OK);
  sqlite3_close(db);
  auto store = open_store(url);
  ASSERT_FALSE(ok(store));
  EXPECT_NE(store.error().message.find("newer"), std::string::npos) << store.error().message;
  EXPECT_EQ(store.error().message.find(dir_.string()), std::string::npos);
}

TEST_F(SqliteDriverTest, OpeningDoesNotMigrate) {
  auto store = open_store("sqlite:" + db_path());
  ASSERT_TRUE(ok(store));
  auto r = (*store)->list_organizations();
  ASSERT_TRUE(failed(r, Errc::internal));
  // The message is safe to show: no SQL, no table names, no paths.
  EXPECT_EQ(r.error().message, "storage failure");
  ASSERT_TRUE(ok((*store)->migrate()));
  EXPECT_TRUE(ok((*store)->list_organizations()));
}

TEST_F(SqliteDriverTest, NestedWriteFailsInsteadOfDeadlocking) {
  auto opened = open_store("sqlite:" + db_path());
  ASSERT_TRUE(ok(opened));
  Store& store = **opened;
  ASSERT_TRUE(ok(store.migrate()));
  Organization o{new_uuid(), "Org", "", 1};
  ASSERT_TRUE(ok(store.create_organization(o, {})));
  OrgId org(o.id);
  auto r = store.write(org, [&](ReadWriteTransaction&) -> Result<void> {
    return store.write(org, [](ReadWriteTransaction&) -> Result<void> { return {}; });
  });
  EXPECT_TRUE(failed(r, Errc::invalid_argument));
  // A read inside a write sees the last committed state.
  r = store.write(org, [&](ReadWriteTransaction&) -> Result<void> {
    return store.read(org, [](Reader& tx) -> Result<void> {
      RP_TRY(tx.organization());
      return {};
    });
  });
  EXPECT_TRUE(ok(r));
}

// The temporary database lives in TMPDIR: a private one here, so that files
// other tests create in the shared temporary directory meanwhile do not count.
TEST_F(SqliteDriverTest, MemoryStoreRemovesItsFileOnClose) {
  const char* saved = ::getenv("TMPDIR");
  const std::string previous = saved ? saved : "";
  ASSERT_EQ(::setenv("TMPDIR", dir_.c_str(), 1), 0);
  auto entries = [&] {
    return std::distance(std::filesystem::directory_iterator(dir_), std::filesystem::directory_iterator{});
  };
  {
    auto store = open_store("sqlite::memory:");
    ASSERT_TRUE(ok(store));
    ASSERT_TRUE(ok((*store)->migrate()));
    ASSERT_TRUE(ok((*store)->create_organization({new_uuid(), "Org", "", 1}, {})));
    EXPECT_GT(entries(), 0) << "the temporary database is not in TMPDIR";
  }
  EXPECT_EQ(entries(), 0);
  if (saved) ::setenv("TMPDIR", previous.c_str(), 1);
  else ::unsetenv("TMPDIR");
}

TEST(SqliteErrors, NativeCodesMapToTheTaxonomy) {
  EXPECT_EQ(sqlite::translate_error(nullptr, SQLITE_BUSY, "test").code, Errc::unavailable);
  EXPECT_EQ(sqlite::translate_error(nullptr, SQLITE_LOCKED, "test").code, Errc::unavailable);
  auto dup = sqlite::translate_error(nullptr, SQLITE_CONSTRAINT_PRIMARYKEY, "test");
  EXPECT_EQ(dup.code, Errc::conflict);
  EXPECT_EQ(dup.reason, reason::duplicate);
  auto io = sqlite::translate_error(nullptr, SQLITE_IOERR_FSYNC, "test");
  EXPECT_EQ(io.code, Errc::internal);
  EXPECT_EQ(io.message, "storage failure");
}

TEST_F(SqliteDriverTest, OpenFailuresDoNotRevealPaths) {
  std::filesystem::path blocker = dir_ / "file";
  { std::ofstream(blocker) << "x"; }
  // A regular file where a directory should be.
  auto r = open_store("sqlite:" + (blocker / "sub" / "store.db").string());
  ASSERT_FALSE(ok(r));
  EXPECT_EQ(r.error().message.find(dir_.string()), std::string::npos) << r.error().message;
  // A directory where the database file should be.
  std::filesystem::create_directories(dir_ / "adir");
  r = open_store("sqlite:" + (dir_ / "adir").string());
  ASSERT_FALSE(ok(r));
  EXPECT_EQ(r.error().message.find(dir_.string()), std::string::npos) << r.error().message;
}

TEST_F(SqliteDriverTest, MigrateIsIdempotentAndRecordsEveryVersion) {
  auto store = open_store("sqlite:" + db_path());
  ASSERT_TRUE(ok(store));
  auto first = (*store)->migrate();
  ASSERT_TRUE(ok(first));
  EXPECT_EQ(*first, sqlite::latest_schema_version());
  EXPECT_GE(*first, 2);
  auto again = (*store)->migrate();
  ASSERT_TRUE(ok(again));
  EXPECT_EQ(*again, *first);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(db_path().c_str(), &db), SQLITE_OK);
  EXPECT_EQ(pragma(db, "SELECT count(*) FROM schema_migrations"), std::to_string(*first));
  std::string every;
  for (int v = 1; v <= *first; ++v) every += (v > 1 ? "," : "") + std::to_string(v);
  EXPECT_EQ(pragma(db, "SELECT group_concat(version) FROM (SELECT version FROM schema_migrations ORDER BY version)"),
            every);
  sqlite3_close(db);
}

// A database left at version 1 by an older build: migrate() brings it up to
// date in place, and its rows read back with the defaults of the new columns.
TEST_F(SqliteDriverTest, UpgradesAVersionOneDatabase) {
  std::filesystem::create_directories(std::filesystem::path(db_path()).parent_path());
  const std::string org = new_uuid(), role = new_uuid();
  {
    sqlite::ConnectionOptions options;
    options.path = db_path();
    auto conn = sqlite::Connection::open(options);
    ASSERT_TRUE(ok(conn));
    auto v1 = sqlite::migrations().front();
    ASSERT_EQ(v1.version, 1);
    ASSERT_TRUE(ok((*conn)->exec("BEGIN")));
    ASSERT_TRUE(ok((*conn)->exec(v1.sql)));
    ASSERT_TRUE(ok((*conn)->exec(
        "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL);"
        " INSERT INTO schema_migrations VALUES (1, 'initial schema', 0)")));
    std::string rows = "INSERT INTO organizations VALUES ('" + org +
                       "', 'Old', '', 1);"
                       " INSERT INTO roles(org_id, id, name, description, default_role_id, base, created, modified)"
                       " VALUES ('" +
                       org + "', '" + role +
                       "', 'Legacy', '', 'employee', 1, 2, 3);"
                       " INSERT INTO role_policies VALUES ('" +
                       org + "', '" + role +
                       "', 0, 'directory', 'user',"
                       " '[\"view\"]', '');"
                       " INSERT INTO oauth_clients VALUES ('legacy-client', '" +
                       org +
                       "', 'Legacy client', '',"
                       " 'abc', 'CLIENT-CREDENTIALS', 3600, 'active', 'system', 4, 5)";
    ASSERT_TRUE(ok((*conn)->exec(rows.c_str())));
    ASSERT_TRUE(ok((*conn)->exec("COMMIT")));
    auto version = sqlite::schema_version(**conn);
    ASSERT_TRUE(ok(version));
    EXPECT_EQ(*version, 1);
  }

  auto opened = open_store("sqlite:" + db_path());
  ASSERT_TRUE(ok(opened));
  Store& store = **opened;
  auto version = store.migrate();
  ASSERT_TRUE(ok(version));
  EXPECT_EQ(*version, sqlite::latest_schema_version());

  OrgId id(org);
  ASSERT_TRUE(ok(store.read(id, [&](Reader& tx) -> Result<void> {
    Role r = RP_TRY(tx.get_role(role));
    EXPECT_EQ(r.name, "Legacy");
    EXPECT_FALSE(r.needs_update);
    EXPECT_EQ(r.definition_hash, "") << "roles from before version 4 have no known definition";
    EXPECT_TRUE(r.base);
    EXPECT_EQ(r.policies.size(), 1u);
    OAuthClient c = RP_TRY(tx.get_client("legacy-client"));
    EXPECT_EQ(c.name, "Legacy client");
    EXPECT_TRUE(c.redirect_uris.empty());
    EXPECT_FALSE(c.date_to_delete.has_value());
    EXPECT_EQ(c.modified_by, "");
    return {};
  })));
  ASSERT_TRUE(ok(store.write(id, [&](ReadWriteTransaction& tx) -> Result<void> {
    Role r = RP_TRY(tx.get_role(role));
    r.needs_update = true;
    return tx.update_role(r);
  })));
  ASSERT_TRUE(ok(store.read(id, [&](Reader& tx) -> Result<void> {
    EXPECT_TRUE(RP_TRY(tx.get_role(role)).needs_update);
    auto all = RP_TRY(tx.list_roles());
    EXPECT_EQ(all.size(), 1u);
    if (!all.empty()) {
      EXPECT_TRUE(all.front().needs_update);
    }
    // The new methods work on the upgraded schema.
    EXPECT_TRUE(RP_TRY(tx.role_user_counts()).empty());
    auto counts = RP_TRY(tx.division_object_counts(new_uuid()));
    EXPECT_EQ(counts.size(), 2u);
    EXPECT_TRUE(RP_TRY(tx.direct_reports(new_uuid())).empty());
    return {};
  })));

  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(db_path().c_str(), &db), SQLITE_OK);
  EXPECT_EQ(pragma(db, "SELECT count(*) FROM pragma_table_info('roles') WHERE name = 'needs_update'"), "1");
  EXPECT_EQ(pragma(db, "SELECT count(*) FROM sqlite_schema WHERE name IN ('users_division_ix', 'grants_division_ix')"),
            "2");
  EXPECT_EQ(pragma(db, "SELECT count(*) FROM pragma_table_info('users') WHERE name = 'manager_id'"), "1");
  EXPECT_EQ(pragma(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'users_manager_ix'"), "1");
  EXPECT_EQ(pragma(db, "PRAGMA integrity_check"), "ok");
  EXPECT_EQ(pragma(db, "SELECT count(*) FROM pragma_foreign_key_check"), "0");
  sqlite3_close(db);
  // Migrating again changes nothing.
  auto again = store.migrate();
  ASSERT_TRUE(ok(again));
  EXPECT_EQ(*again, *version);
}

}  // namespace
}  // namespace rp::store::test

namespace rp::store::test {
namespace {

// Migration 10 gives the organizations and users that existed before it
// distinct 24-hex Atlas ids and keeps every grant.
TEST_F(SqliteDriverTest, AtlasIdsAreBackfilledForExistingRows) {
  std::filesystem::create_directories(std::filesystem::path(db_path()).parent_path());
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(db_path().c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db,
                         "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
                         " applied_at INTEGER NOT NULL)",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  for (const auto& m : sqlite::migrations()) {
    if (m.version >= 10) break;
    ASSERT_EQ(sqlite3_exec(db, m.sql, nullptr, nullptr, nullptr), SQLITE_OK) << m.version;
    std::string record = "INSERT INTO schema_migrations VALUES (" + std::to_string(m.version) + ", 'm', 0)";
    ASSERT_EQ(sqlite3_exec(db, record.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
  }
  const char* rows =
      "INSERT INTO organizations(id, name, home_division_id, created) VALUES ('o1', 'One', 'd1', 1);"
      "INSERT INTO users(org_id, id, name, state, version, created, modified) VALUES"
      " ('o1', 'u1', 'Ann', 'active', 1, 1, 1), ('o1', 'u2', 'Bob', 'active', 1, 1, 1);"
      "INSERT INTO roles(org_id, id, name, created, modified) VALUES ('o1', 'r1', 'admin', 1, 1);"
      "INSERT INTO grants VALUES ('o1', 'u1', 'user', 'r1', '*', 1);";
  ASSERT_EQ(sqlite3_exec(db, rows, nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
  sqlite3_close(db);

  auto store = open_store("sqlite:" + db_path());
  ASSERT_TRUE(ok(store));
  ASSERT_TRUE(ok((*store)->migrate()));
  OrgId org("o1");
  std::string org_atlas, a, b;
  std::size_t grants = 0;
  ASSERT_TRUE(ok((*store)->read(org, [&](Reader& tx) -> Result<void> {
    org_atlas = RP_TRY(tx.organization()).atlas_id;
    a = RP_TRY(tx.get_user("u1")).atlas_id;
    b = RP_TRY(tx.get_user("u2")).atlas_id;
    grants = RP_TRY(tx.grants_of("u1")).size();
    return {};
  })));
  std::regex hex24("^[0-9a-f]{24}$");
  EXPECT_TRUE(std::regex_match(org_atlas, hex24)) << org_atlas;
  EXPECT_TRUE(std::regex_match(a, hex24)) << a;
  EXPECT_TRUE(std::regex_match(b, hex24)) << b;
  EXPECT_NE(a, b);
  EXPECT_EQ(grants, 1u);
}

// A state the codec does not know (written by hand, or by a newer build) is
// an internal error naming nothing of the row, never a user in some state.
TEST_F(SqliteDriverTest, AnUnknownStoredStateIsAStorageFailure) {
  auto store = open_store("sqlite:" + db_path());
  ASSERT_TRUE(ok(store));
  ASSERT_TRUE(ok((*store)->migrate()));
  Organization o{"o1", "One", "d1", 1, ""};
  ASSERT_TRUE(ok((*store)->create_organization(o, [&](ReadWriteTransaction& tx) -> Result<void> {
    User u = sample_user("Ann", "ann@example.com");
    u.id = "u1";
    return tx.insert_user(u);
  })));
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(db_path().c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "UPDATE users SET state = 'asleep' WHERE id = 'u1'", nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  auto got = (*store)->read(OrgId("o1"), [&](Reader& tx) -> Result<void> {
    RP_TRY(tx.get_user("u1"));
    return {};
  });
  ASSERT_TRUE(failed(got, Errc::internal));
  EXPECT_EQ(got.error().message, "storage failure");
}

}  // namespace
}  // namespace rp::store::test
