#pragma once
// The SQLite schema as numbered migrations kept in code, applied by the
// shared runner (store/sql/migrations.h). A migration is never edited once
// released: a schema change is a new migration with the next number.

#include <span>

#include "core/error.h"
#include "store/sql/migrations.h"
#include "store/sqlite/connection.h"

namespace rp::store::sqlite {

std::span<const sql::Migration> migrations();
// The newest version this build knows.
int latest_schema_version();

// The version recorded in the database; 0 for a database never migrated.
Result<int> schema_version(Connection& conn);
// Fails with a clear message when the database was migrated by a newer build.
Result<void> check_schema_version(Connection& conn);
// Applies every pending migration, each in its own IMMEDIATE transaction, and
// returns the version in place afterwards.
Result<int> apply_migrations(Connection& conn);

}  // namespace rp::store::sqlite
