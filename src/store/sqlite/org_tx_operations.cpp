// SqliteOrgTx: Workiva long-running operations (schema versions 12 and 13), and the
// cross-organization scan of unfinished ones for the operations worker.
#include "store/sqlite/codec.h"
#include "store/sqlite/errors.h"
#include "store/sqlite/org_tx.h"

namespace rp::store::sqlite {
namespace {

#define RP_OP_COLS \
  "id, kind, user_id, roles, status, created, updated, created_by, request_id, details, attempts, next_attempt"
constexpr char kInsertOp[] = "INSERT INTO workiva_operations(org_id, " RP_OP_COLS
                             ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)";
constexpr char kGetOp[] = "SELECT " RP_OP_COLS " FROM workiva_operations WHERE org_id = ?1 AND id = ?2";
constexpr char kUpdateOp[] =
    "UPDATE workiva_operations SET status = ?3, updated = ?4, details = ?5, attempts = ?6, next_attempt = ?7"
    " WHERE org_id = ?1 AND id = ?2";
constexpr char kPendingOps[] = "SELECT org_id, " RP_OP_COLS
                               " FROM workiva_operations WHERE status IN ('acknowledged', 'queued', 'started')"
                               " AND next_attempt <= ?2 ORDER BY created, id LIMIT ?1";

Operation read_op(const Stmt& s, int first) {
  Operation o;
  o.id = s.text(first);
  o.kind = s.text(first + 1);
  o.user_id = s.text(first + 2);
  o.roles_json = s.text(first + 3);
  o.status = s.text(first + 4);
  o.created = s.int64(first + 5);
  o.updated = s.int64(first + 6);
  o.created_by = s.text(first + 7);
  o.request_id = s.text(first + 8);
  o.details = s.text(first + 9);
  o.attempts = static_cast<int>(s.int64(first + 10));
  o.next_attempt = s.int64(first + 11);
  return o;
}

}  // namespace

Result<void> SqliteOrgTx::insert_operation(const Operation& o) {
  auto s = RP_TRY(conn_.prepare(kInsertOp));
  s.bind(1, org_.value).bind(2, o.id).bind(3, o.kind).bind(4, o.user_id).bind(5, o.roles_json).bind(6, o.status);
  s.bind(7, o.created).bind(8, o.updated).bind(9, o.created_by).bind(10, o.request_id).bind(11, o.details);
  s.bind(12, static_cast<std::int64_t>(o.attempts)).bind(13, o.next_attempt);
  return s.run();
}

Result<Operation> SqliteOrgTx::get_operation(std::string_view id) {
  auto s = RP_TRY(conn_.prepare(kGetOp));
  s.bind(1, org_.value).bind(2, id);
  if (!RP_TRY(s.step())) return fail(Errc::not_found, "operation not found");
  return read_op(s, 0);
}

Result<void> SqliteOrgTx::update_operation(const Operation& o) {
  auto s = RP_TRY(conn_.prepare(kUpdateOp));
  s.bind(1, org_.value).bind(2, o.id).bind(3, o.status).bind(4, o.updated).bind(5, o.details);
  s.bind(6, static_cast<std::int64_t>(o.attempts)).bind(7, o.next_attempt);
  RP_CHECK(s.run());
  if (conn_.changes() == 0) return fail(Errc::not_found, "operation not found");
  return {};
}

Result<std::vector<std::pair<OrgId, Operation>>> pending_operations(Connection& conn, std::size_t limit, Millis now) {
  auto s = RP_TRY(conn.prepare(kPendingOps));
  s.bind(1, static_cast<std::int64_t>(limit)).bind(2, now);
  std::vector<std::pair<OrgId, Operation>> out;
  while (RP_TRY(s.step())) out.emplace_back(OrgId{s.text(0)}, read_op(s, 1));
  return out;
}

}  // namespace rp::store::sqlite
