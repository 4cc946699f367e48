// SqliteOrgTx: Workiva long-running operations (schema versions 12 and 13), and the
// cross-organization scan of unfinished ones for the operations worker.
#include "store/sql/codecs.h"
#include "store/sqlite/org_tx.h"

namespace rp::store::sqlite {
namespace {

using namespace sql;

constexpr char kInsertOp[] = "INSERT INTO workiva_operations(org_id, " RP_SQL_OPERATION_COLUMNS
                             ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)";
constexpr char kGetOp[] = "SELECT " RP_SQL_OPERATION_COLUMNS " FROM workiva_operations WHERE org_id = ?1 AND id = ?2";
constexpr char kUpdateOp[] =
    "UPDATE workiva_operations SET status = ?3, updated = ?4, details = ?5, attempts = ?6, next_attempt = ?7"
    " WHERE org_id = ?1 AND id = ?2";
constexpr char kPendingOps[] = "SELECT org_id, " RP_SQL_OPERATION_COLUMNS
                               " FROM workiva_operations WHERE status IN ('acknowledged', 'queued', 'started')"
                               " AND next_attempt <= ?2 ORDER BY created, id LIMIT ?1";

}  // namespace

Result<void> SqliteOrgTx::insert_operation(const Operation& o) { return insert_row(kInsertOp, o, bind_operation); }

Result<Operation> SqliteOrgTx::get_operation(std::string_view id) {
  return row_where(kGetOp, {id}, read_operation, "operation not found");
}

Result<void> SqliteOrgTx::update_operation(const Operation& o) {
  auto s = RP_TRY(conn_.prepare(kUpdateOp));
  s.bind(1, org_.value).bind(2, o.id).bind(3, to_string(o.status)).bind(4, o.updated).bind(5, o.details);
  s.bind(6, static_cast<std::int64_t>(o.attempts)).bind(7, o.next_attempt);
  RP_CHECK(s.run());
  if (conn_.changes() == 0) return fail(Errc::not_found, "operation not found");
  return {};
}

Result<std::vector<std::pair<OrgId, Operation>>> pending_operations(Connection& conn, std::size_t limit, Millis now) {
  auto s = RP_TRY(conn.prepare(kPendingOps));
  s.bind(1, static_cast<std::int64_t>(limit)).bind(2, now);
  std::vector<std::pair<OrgId, Operation>> out;
  while (RP_TRY(s.step())) out.emplace_back(OrgId{s.text(0)}, RP_TRY(read_operation(s, 1)));
  return out;
}

}  // namespace rp::store::sqlite
