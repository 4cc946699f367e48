#include "store/sqlite/errors.h"

#include <spdlog/spdlog.h>

#include <string>

namespace rp::store::sqlite {
namespace {

// A unique index or key, recognised by a fragment of SQLite's constraint
// message ("UNIQUE constraint failed: index 'users_email_uq'" for expression
// indexes, "UNIQUE constraint failed: users.org_id, users.id" for columns),
// and how to report it. More specific fragments come first.
struct UniqueKey {
  std::string_view fragment;
  std::string_view field;
  std::string_view message;
};

constexpr UniqueKey kUniqueKeys[] = {
    {"users_email_uq", "email", "email already in use"},
    {"users_username_uq", "username", "username already in use"},
    {"divisions_name_uq", "name", "division name already in use"},
    {"divisions_home_uq", "home", "the organization already has a home division"},
    {"roles_name_uq", "name", "role name already in use"},
    {"organizations.id", "id", "organization already exists"},
    {"divisions.org_id, divisions.id", "id", "division id already exists"},
    {"users.org_id, users.id", "id", "user id already exists"},
    {"roles.org_id, roles.id", "id", "role id already exists"},
    {"oauth_clients.id", "id", "client id already exists"},
    {"tokens.token_hash", "token_hash", "token already exists"},
    {"audit_log.org_id, audit_log.id", "id", "audit record id already exists"},
};

Error duplicate(std::string_view native) {
  for (const auto& key : kUniqueKeys) {
    if (native.find(key.fragment) != std::string_view::npos)
      return make_error(Errc::conflict, std::string(key.message))
          .with_field(std::string(key.field))
          .with_reason("duplicate");
  }
  return make_error(Errc::conflict, "already exists").with_reason("duplicate");
}

}  // namespace

Error translate_error(sqlite3* db, int rc, std::string_view what) {
  const char* native = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  int extended = db ? sqlite3_extended_errcode(db) : rc;
  // The connection's extended code belongs to the most recent failure; use it
  // only when it refines `rc` (it may be stale if rc came from elsewhere).
  if ((extended & 0xff) != (rc & 0xff)) extended = rc;

  switch (extended) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY: return duplicate(native);
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      return make_error(Errc::conflict, "the change refers to a missing entity or removes one in use")
          .with_reason("reference");
    case SQLITE_CONSTRAINT_CHECK:
    case SQLITE_CONSTRAINT_NOTNULL:
      spdlog::warn("sqlite: {} failed: {} ({})", what, native, extended);
      return make_error(Errc::invalid_argument, "a value is missing or out of range");
    default: break;
  }
  switch (rc & 0xff) {
    case SQLITE_INTERRUPT:
      // The progress handler stopped a statement at the thread's deadline.
      spdlog::warn("sqlite: {} stopped at the request deadline", what);
      return make_error(Errc::unavailable, "the request ran past its deadline; retry later").with_reason("deadline");
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      spdlog::warn("sqlite: {} failed: {} ({})", what, native, extended);
      return make_error(Errc::unavailable, "the database is busy; retry later");
    case SQLITE_CONSTRAINT:
      spdlog::warn("sqlite: {} failed: {} ({})", what, native, extended);
      return make_error(Errc::conflict, "the change violates a constraint").with_reason("constraint");
    default:
      spdlog::error("sqlite: {} failed: {} ({})", what, native, extended);
      return make_error(Errc::internal, "storage failure");
  }
}

void log_failure(std::string_view what, std::string_view detail) { spdlog::error("sqlite: {}: {}", what, detail); }

}  // namespace rp::store::sqlite
