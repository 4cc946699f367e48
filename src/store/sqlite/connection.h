#pragma once
// One SQLite connection with a cache of prepared statements. A Connection is
// used by one thread at a time (the writer thread, or a reader that borrowed
// it from the pool), so it does no locking of its own.
//
// Deadlines (core/deadline.h): a reader connection stops a statement when
// the thread's deadline passes (a progress handler; the step fails with
// unavailable, reason::deadline), and every connection stops waiting for a
// lock then (its busy handler waits at most busy_timeout_ms, and no longer
// than the deadline). The writer has no time limit and no progress handler:
// interrupting one job would roll back the whole group-commit batch; only
// the store's stop_waiting flag (a scope of the writer thread) ends its lock
// waits.

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/error.h"
#include "store/sql/row.h"

namespace rp::store::sqlite {

class Connection;

// A prepared statement borrowed for one execution. Bindings are 1-based, as
// in SQLite. The destructor resets the statement and clears its bindings so
// that the cached statement is ready for the next caller, and releases no
// locks late (a statement left mid-step would hold the read snapshot). As a
// sql::Row and sql::Params it is what the shared row codecs read and bind.
class Stmt final : public sql::Row, public sql::Params {
 public:
  Stmt(Stmt&& o) noexcept;
  Stmt& operator=(Stmt&&) = delete;
  Stmt(const Stmt&) = delete;
  ~Stmt();

  Stmt& bind(int index, std::string_view text);
  Stmt& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
  Stmt& bind(int index, const std::string& text) { return bind(index, std::string_view(text)); }
  Stmt& bind(int index, std::int64_t value);
  Stmt& bind(int index, bool value) { return bind(index, std::int64_t{value ? 1 : 0}); }
  Stmt& bind(int index, std::optional<std::int64_t> value);
  Stmt& bind_null(int index);
  Stmt& bind_real(int index, double value);

  // Advances to the next row: true if there is one, false when done.
  Result<bool> step();
  // Runs the statement to completion, discarding any rows.
  Result<void> run();

  std::string text(int col) const override;
  // The column's text without a copy, valid until the next step or reset.
  std::string_view text_view(int col) const;
  std::int64_t int64(int col) const override { return sqlite3_column_int64(stmt_, col); }
  double real(int col) const override { return sqlite3_column_double(stmt_, col); }
  bool is_null(int col) const override { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

  void set_text(int index, std::string_view text) override { bind(index, text); }
  void set_int64(int index, std::int64_t value) override { bind(index, value); }
  void set_null(int index) override { bind_null(index); }
  void set_real(int index, double value) override { bind_real(index, value); }

 private:
  friend class Connection;
  Stmt(Connection& conn, sqlite3_stmt* stmt, bool* in_use);
  void note_bind(int rc);

  Connection* conn_;
  sqlite3_stmt* stmt_;
  bool* in_use_;  // the cache slot's flag; nullptr for a one-off statement we finalize
  int bind_rc_ = SQLITE_OK;
};

enum class OpenMode {
  writer,  // read-write, creates the file
  reader,  // the same file, but every write is refused (query_only)
};

struct ConnectionOptions {
  std::string path;
  OpenMode mode = OpenMode::writer;
  bool durable = true;   // synchronous=FULL; false (synchronous=OFF) for throw-away databases
  int cache_kib = 8192;  // page cache per connection
  int busy_timeout_ms = 5000;
};

class Connection {
 public:
  static Result<std::unique_ptr<Connection>> open(const ConnectionOptions& options);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Returns the cached statement for `sql`, preparing it on first use. The
  // cache is keyed by the address of `sql`, so it must be a string with
  // static storage duration (a literal or a constexpr array). If the cached
  // statement is already in use (a nested query), a one-off copy is prepared.
  Result<Stmt> prepare(const char* sql);
  // Prepares `sql` for one execution, without caching it (statements built
  // at run time, such as compiled searches); finalized when the Stmt goes.
  Result<Stmt> prepare_once(std::string_view sql);

  // Runs one or more statements without caching (pragmas, migrations,
  // transaction control that is not on the hot path).
  Result<void> exec(const char* sql);

  // Translates the error that `rc` reports for this connection into an
  // rp::Error; `what` names the operation for the log line.
  Error error(int rc, std::string_view what) const;

  std::int64_t changes() const { return sqlite3_changes64(db_); }
  bool in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }
  sqlite3* handle() const { return db_; }

 private:
  Connection(sqlite3* db, int busy_timeout_ms) : db_(db), busy_timeout_ms_(busy_timeout_ms) {}
  static int on_busy(void* self, int attempts);

  struct Cached {
    sqlite3_stmt* stmt = nullptr;
    bool in_use = false;
  };
  sqlite3* db_;
  int busy_timeout_ms_;
  int busy_waited_ms_ = 0;  // of the current wait for a lock
  std::unordered_map<const char*, std::unique_ptr<Cached>> cache_;
};

}  // namespace rp::store::sqlite
