#include "store/sqlite/errors.h"

#include <string>

#include "store/sql/errors.h"

namespace rp::store::sqlite {
namespace {

// SQLite's result codes by what they mean; extended codes first, then the
// primary code of anything not listed.
struct Native {
  int code;
  sql::Failure failure;
};

constexpr Native kExtended[] = {
    {SQLITE_CONSTRAINT_UNIQUE, sql::Failure::unique},          {SQLITE_CONSTRAINT_PRIMARYKEY, sql::Failure::unique},
    {SQLITE_CONSTRAINT_FOREIGNKEY, sql::Failure::foreign_key}, {SQLITE_CONSTRAINT_CHECK, sql::Failure::check},
    {SQLITE_CONSTRAINT_NOTNULL, sql::Failure::check},
};

constexpr Native kPrimary[] = {
    // The progress handler stopped a statement at the thread's deadline.
    {SQLITE_INTERRUPT, sql::Failure::deadline},
    {SQLITE_BUSY, sql::Failure::busy},
    {SQLITE_LOCKED, sql::Failure::busy},
    {SQLITE_CONSTRAINT, sql::Failure::constraint},
};

sql::Failure classify(int extended, int rc) {
  for (const auto& n : kExtended)
    if (n.code == extended) return n.failure;
  for (const auto& n : kPrimary)
    if (n.code == (rc & 0xff)) return n.failure;
  return sql::Failure::internal;
}

}  // namespace

Error translate_error(sqlite3* db, int rc, std::string_view what) {
  const char* native = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  int extended = db ? sqlite3_extended_errcode(db) : rc;
  // The connection's extended code belongs to the most recent failure; use it
  // only when it refines `rc` (it may be stale if rc came from elsewhere).
  if ((extended & 0xff) != (rc & 0xff)) extended = rc;
  std::string message = std::string(native) + " (" + std::to_string(extended) + ")";
  return sql::translate(classify(extended, rc), "sqlite", message, what);
}

void log_failure(std::string_view what, std::string_view detail) { sql::log_failure("sqlite", what, detail); }

}  // namespace rp::store::sqlite
