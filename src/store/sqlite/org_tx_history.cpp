// SqliteOrgTx: the status history read for analytics, one statement per
// scan on user_status_history_user_ix (org, user, kind, start), whose order
// is the scan's order.
#include "store/sql/codecs.h"
#include "store/sqlite/org_tx.h"

namespace rp::store::sqlite {
namespace {

using namespace sql;

// ?1 org, ?2 from, ?3 to, ?4 and ?5 the kinds, ?6 the users, ?7 the
// divisions (JSON arrays).
#define RP_HISTORY_SCAN                                      \
  "SELECT " RP_SQL_STATUS_COLUMNS                            \
  " FROM user_status_history"                                \
  " WHERE org_id = ?1 AND kind IN (?4, ?5) AND started < ?3" \
  " AND (ended IS NULL OR ended > ?2)"
#define RP_HISTORY_OF_USERS " AND user_id IN (SELECT value FROM json_each(?6))"
#define RP_HISTORY_OF_DIVISIONS \
  " AND user_id IN (SELECT id FROM users WHERE org_id = ?1 AND division_id IN (SELECT value FROM json_each(?7)))"
#define RP_HISTORY_ORDER " ORDER BY user_id, kind, started"

constexpr char kScanAll[] = RP_HISTORY_SCAN RP_HISTORY_ORDER;
constexpr char kScanUsers[] = RP_HISTORY_SCAN RP_HISTORY_OF_USERS RP_HISTORY_ORDER;
constexpr char kScanDivisions[] = RP_HISTORY_SCAN RP_HISTORY_OF_DIVISIONS RP_HISTORY_ORDER;
constexpr char kScanUsersOfDivisions[] = RP_HISTORY_SCAN RP_HISTORY_OF_USERS RP_HISTORY_OF_DIVISIONS RP_HISTORY_ORDER;

}  // namespace

Result<void> SqliteOrgTx::scan_history(const HistoryScan& scan,
                                       const std::function<Result<void>(const HistoryRow&)>& visit) {
  const char* sql =
      scan.users ? (scan.divisions ? kScanUsersOfDivisions : kScanUsers) : (scan.divisions ? kScanDivisions : kScanAll);
  auto s = RP_TRY(conn_.prepare(sql));
  s.bind(1, org_.value);
  s.bind(2, std::int64_t{scan.from});
  s.bind(3, std::int64_t{scan.to});
  s.bind(4, to_string(scan.kind.value_or(StatusKind::presence)));
  s.bind(5, to_string(scan.kind.value_or(StatusKind::routing)));
  if (scan.users) s.bind(6, encode_string_array(*scan.users));
  if (scan.divisions) s.bind(7, encode_string_array(*scan.divisions));
  HistoryRow row;
  while (RP_TRY(s.step())) {
    row.user_id = s.text_view(0);
    row.kind = s.text_view(1) == "routing" ? StatusKind::routing : StatusKind::presence;
    row.started = s.int64(2);
    row.ended = s.is_null(3) ? std::nullopt : std::optional<Millis>(s.int64(3));
    row.system_presence = s.text_view(4);
    row.presence_id = s.text_view(5);
    row.routing_status = s.text_view(6);
    RP_CHECK(visit(row));
  }
  return {};
}

}  // namespace rp::store::sqlite
