#pragma once
// The SQLite schema as numbered migrations kept in code. A migration is never
// edited once released: a schema change is a new migration with the next
// number. Applied versions are recorded in schema_migrations(version, name,
// applied_at), one row each, written in the migration's own transaction.

#include <span>

#include "core/error.h"
#include "store/sqlite/connection.h"

namespace rp::store::sqlite {

struct Migration {
  int version;       // 1, 2, 3, ... without gaps
  const char* name;  // what it does, for the operator
  const char* sql;   // one or more statements
};

std::span<const Migration> migrations();
// The newest version this build knows.
int latest_schema_version();

// The version recorded in the database; 0 for a database never migrated.
Result<int> schema_version(Connection& conn);
// Fails with a clear message when the database was migrated by a newer build
// (its schema version is above latest_schema_version()).
Result<void> check_schema_version(Connection& conn);
// Applies every pending migration, each in its own IMMEDIATE transaction, and
// returns the version in place afterwards. Safe to run concurrently with
// other processes doing the same: each step re-reads the version under the
// write lock.
Result<int> apply_migrations(Connection& conn);

}  // namespace rp::store::sqlite
