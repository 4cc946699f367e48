#include "store/sql/migrations.h"
#include "core/reasons.h"

#include <string>

namespace rp::store::sql {
namespace {

Error too_new(int found, int latest) {
  return make_error(Errc::internal, "the database schema (version " + std::to_string(found) +
                                        ") is newer than this build of roleplane supports (version " +
                                        std::to_string(latest) + "); run a newer roleplane")
      .with_reason(reason::schema_too_new);
}

// Applies `m` if the database is still below its version; returns the version after.
Result<int> apply_one(MigrationTarget& target, const Migration& m, int latest) {
  RP_CHECK(target.begin_exclusive());
  auto step = [&]() -> Result<int> {
    int current = RP_TRY(target.recorded_version());
    if (current > latest) return std::unexpected(too_new(current, latest));
    if (current >= m.version) return current;
    if (current != m.version - 1)
      return fail(Errc::internal, "the database schema has a gap before version " + std::to_string(m.version));
    RP_CHECK(target.exec(m.sql));
    RP_CHECK(target.record(m.version, m.name, system_clock().now()));
    return m.version;
  };
  auto result = step();
  if (!result) {
    target.rollback();
    return result;
  }
  if (auto commit = target.commit(); !commit) {
    target.rollback();
    return std::unexpected(commit.error());
  }
  return result;
}

}  // namespace

int latest_version(std::span<const Migration> migrations) { return migrations.empty() ? 0 : migrations.back().version; }

Result<void> check_version(MigrationTarget& target, std::span<const Migration> migrations) {
  int found = RP_TRY(target.recorded_version());
  if (found > latest_version(migrations)) return std::unexpected(too_new(found, latest_version(migrations)));
  return {};
}

Result<int> apply_migrations(MigrationTarget& target, std::span<const Migration> migrations) {
  const int latest = latest_version(migrations);
  RP_CHECK(target.create_version_table());
  int version = RP_TRY(target.recorded_version());
  if (version > latest) return std::unexpected(too_new(version, latest));
  for (const auto& m : migrations) version = RP_TRY(apply_one(target, m, latest));
  return version;
}

}  // namespace rp::store::sql
