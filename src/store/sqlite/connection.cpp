#include "store/sqlite/connection.h"

#include <algorithm>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <utility>

#include "core/deadline.h"
#include "store/sqlite/errors.h"
#include "store/sqlite/sql_functions.h"

namespace rp::store::sqlite {

// ---- Stmt ----------------------------------------------------------------

Stmt::Stmt(Connection& conn, sqlite3_stmt* stmt, bool* in_use) : conn_(&conn), stmt_(stmt), in_use_(in_use) {
  if (in_use_) *in_use_ = true;
}

Stmt::Stmt(Stmt&& o) noexcept
    : conn_(o.conn_),
      stmt_(std::exchange(o.stmt_, nullptr)),
      in_use_(std::exchange(o.in_use_, nullptr)),
      bind_rc_(o.bind_rc_) {}

Stmt::~Stmt() {
  if (!stmt_) return;
  if (in_use_) {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    *in_use_ = false;
  } else {
    sqlite3_finalize(stmt_);
  }
}

void Stmt::note_bind(int rc) {
  if (rc != SQLITE_OK && bind_rc_ == SQLITE_OK) bind_rc_ = rc;
}

Stmt& Stmt::bind(int index, std::string_view text) {
  // SQLITE_TRANSIENT copies the bytes: callers may bind temporaries.
  note_bind(sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
  return *this;
}

Stmt& Stmt::bind(int index, std::int64_t value) {
  note_bind(sqlite3_bind_int64(stmt_, index, value));
  return *this;
}

Stmt& Stmt::bind_real(int index, double value) {
  note_bind(sqlite3_bind_double(stmt_, index, value));
  return *this;
}

Stmt& Stmt::bind(int index, std::optional<std::int64_t> value) {
  return value ? bind(index, *value) : bind_null(index);
}

Stmt& Stmt::bind_null(int index) {
  note_bind(sqlite3_bind_null(stmt_, index));
  return *this;
}

Result<bool> Stmt::step() {
  if (bind_rc_ != SQLITE_OK) return std::unexpected(conn_->error(bind_rc_, "bind"));
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  // The statement's own result code is the extended one once step failed.
  return std::unexpected(conn_->error(rc, "step"));
}

Result<void> Stmt::run() {
  for (;;) {
    bool row = RP_TRY(step());
    if (!row) return {};
  }
}

std::string Stmt::text(int col) const { return std::string(text_view(col)); }

std::string_view Stmt::text_view(int col) const {
  auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
  if (!p) return {};
  return std::string_view(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)));
}

// ---- Connection ------------------------------------------------------------

namespace {

// Process-wide settings, applied before SQLite initializes itself. Memory
// statistics cost a global mutex on every allocation, which every reader
// thread would contend on; roleplane never reads them. If something else in
// the process already initialized SQLite the call is refused, harmlessly.
void configure_sqlite_once() {
  static std::once_flag once;
  std::call_once(once, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
}

// Virtual machine instructions between two deadline checks: a check is a
// clock read, and a thousand instructions take a few microseconds.
constexpr int kProgressInstructions = 1000;

int stop_at_deadline(void*) { return deadline_passed() ? 1 : 0; }

}  // namespace

// SQLite's own busy timeout, made to give up at the thread's deadline too:
// waits of 1, 2, 5, 10 ms growing to 50 ms, until busy_timeout_ms in all.
int Connection::on_busy(void* self, int attempts) {
  auto* c = static_cast<Connection*>(self);
  if (attempts == 0) c->busy_waited_ms_ = 0;
  if (c->busy_waited_ms_ >= c->busy_timeout_ms_ || deadline_passed()) return 0;
  static constexpr int kDelays[] = {1, 2, 5, 10, 15, 20, 25, 25, 25, 50};
  int delay = kDelays[std::min<std::size_t>(static_cast<std::size_t>(attempts), std::size(kDelays) - 1)];
  delay = std::min(delay, c->busy_timeout_ms_ - c->busy_waited_ms_);
  std::this_thread::sleep_for(std::chrono::milliseconds(delay));
  c->busy_waited_ms_ += delay;
  return 1;
}

Result<std::unique_ptr<Connection>> Connection::open(const ConnectionOptions& options) {
  configure_sqlite_once();
  sqlite3* db = nullptr;
  // NOMUTEX: each connection is used by one thread at a time (see the header).
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
  if (options.mode == OpenMode::writer) flags |= SQLITE_OPEN_CREATE;
  int rc = sqlite3_open_v2(options.path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    log_failure("open", std::string(db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)) + " (" + options.path + ")");
    sqlite3_close_v2(db);
    if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
      return fail(Errc::unavailable, "the database is busy; retry later");
    return fail(Errc::internal, "cannot open the database");
  }
  sqlite3_extended_result_codes(db, 1);
  std::unique_ptr<Connection> conn(new Connection(db, options.busy_timeout_ms));

  register_sql_functions(db);
  sqlite3_busy_handler(db, &Connection::on_busy, conn.get());
  if (options.mode == OpenMode::reader) sqlite3_progress_handler(db, kProgressInstructions, &stop_at_deadline, nullptr);
  std::string pragmas;
  if (options.mode == OpenMode::writer) {
    // The journal mode is a property of the database file; setting it once
    // from the writer is enough and readers inherit it. The size limit
    // truncates the WAL file after a checkpoint has emptied it.
    pragmas += "PRAGMA journal_mode=WAL;";
    pragmas += "PRAGMA journal_size_limit=67108864;";
  }
  pragmas += options.durable ? "PRAGMA synchronous=FULL;" : "PRAGMA synchronous=OFF;";
  pragmas += "PRAGMA foreign_keys=ON;";
  pragmas += "PRAGMA temp_store=MEMORY;";
  pragmas += "PRAGMA cache_size=-" + std::to_string(options.cache_kib) + ";";
  if (options.mode == OpenMode::reader) pragmas += "PRAGMA query_only=ON;";
  char* err = nullptr;
  rc = sqlite3_exec(db, pragmas.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    log_failure("configure connection", err ? err : sqlite3_errstr(rc));
    sqlite3_free(err);
    return std::unexpected(conn->error(rc, "configure connection"));
  }
  return conn;
}

Connection::~Connection() {
  for (auto& [sql, cached] : cache_) sqlite3_finalize(cached->stmt);
  sqlite3_close_v2(db_);
}

Result<Stmt> Connection::prepare(const char* sql) {
  auto it = cache_.find(sql);
  if (it != cache_.end() && !it->second->in_use) return Stmt(*this, it->second->stmt, &it->second->in_use);

  sqlite3_stmt* stmt = nullptr;
  unsigned flags = it == cache_.end() ? SQLITE_PREPARE_PERSISTENT : 0;
  int rc = sqlite3_prepare_v3(db_, sql, -1, flags, &stmt, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(stmt);
    return std::unexpected(error(rc, "prepare"));
  }
  if (it != cache_.end()) return Stmt(*this, stmt, nullptr);  // nested use: one-off copy
  auto cached = std::make_unique<Cached>();
  cached->stmt = stmt;
  bool* flag = &cached->in_use;
  cache_.emplace(sql, std::move(cached));
  return Stmt(*this, stmt, flag);
}

Result<Stmt> Connection::prepare_once(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), 0, &stmt, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(stmt);
    return std::unexpected(error(rc, "prepare"));
  }
  return Stmt(*this, stmt, nullptr);
}

Result<void> Connection::exec(const char* sql) {
  char* err = nullptr;
  int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &err);
  sqlite3_free(err);
  if (rc != SQLITE_OK) return std::unexpected(error(rc, "exec"));
  return {};
}

Error Connection::error(int rc, std::string_view what) const { return translate_error(db_, rc, what); }

}  // namespace rp::store::sqlite
