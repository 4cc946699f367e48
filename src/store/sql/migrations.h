#pragma once
// The migration runner every SQL driver shares. A driver keeps its schema as
// numbered migrations in code (1, 2, 3, ... without gaps; never edited once
// released) and hands them, with a MigrationTarget over one connection, to
// apply_migrations. Applied versions are recorded in schema_migrations(version,
// name, applied_at), one row each, written in the migration's own
// transaction. Safe to run concurrently with other processes doing the same:
// each step re-reads the version under the write lock.

#include <span>

#include "core/error.h"
#include "core/time.h"

namespace rp::store::sql {

struct Migration {
  int version;       // 1, 2, 3, ... without gaps
  const char* name;  // what it does, for the operator
  const char* sql;   // one or more statements
};

// What the runner needs of a connection; each driver implements it in its
// own SQL.
class MigrationTarget {
 public:
  // Creates schema_migrations if it does not exist.
  virtual Result<void> create_version_table() = 0;
  // The highest recorded version; 0 when schema_migrations is absent or empty.
  virtual Result<int> recorded_version() = 0;
  // Opens a transaction holding the database's write lock.
  virtual Result<void> begin_exclusive() = 0;
  virtual Result<void> exec(const char* sql) = 0;
  virtual Result<void> record(int version, const char* name, Millis applied_at) = 0;
  virtual Result<void> commit() = 0;
  // Rolls back the open transaction, if any.
  virtual void rollback() = 0;

 protected:
  ~MigrationTarget() = default;
};

// The newest version in `migrations` (their last element).
int latest_version(std::span<const Migration> migrations);

// Fails with a clear message (reason::schema_too_new) when the database was
// migrated by a newer build than one that knows `migrations`.
Result<void> check_version(MigrationTarget& target, std::span<const Migration> migrations);

// Applies every pending migration, each in its own exclusive transaction, and
// returns the version in place afterwards.
Result<int> apply_migrations(MigrationTarget& target, std::span<const Migration> migrations);

}  // namespace rp::store::sql
