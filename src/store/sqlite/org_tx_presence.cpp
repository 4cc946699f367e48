// SqliteOrgTx: presence definitions, presence notes and the history of the
// users' presence and routing status (schema version 21).
#include "store/sql/codecs.h"
#include "store/sqlite/org_tx.h"

namespace rp::store::sqlite {
namespace {

using namespace sql;

constexpr char kGetDefinition[] =
    "SELECT " RP_SQL_PRESENCE_DEFINITION_COLUMNS " FROM presence_definitions WHERE org_id = ?1 AND id = ?2";
constexpr char kListDefinitions[] =
    "SELECT " RP_SQL_PRESENCE_DEFINITION_COLUMNS " FROM presence_definitions WHERE org_id = ?1 ORDER BY created, id";
constexpr char kInsertDefinition[] = "INSERT INTO presence_definitions(org_id, " RP_SQL_PRESENCE_DEFINITION_COLUMNS
                                     ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
// ?2.. as bind_presence_definition binds them; created_by (?7) and created
// (?9) are bound but never change.
constexpr char kUpdateDefinition[] =
    "UPDATE presence_definitions SET system_presence = ?3, labels = ?4, deactivated = ?5, deleted = ?6,"
    " modified_by = ?8, modified = ?10 WHERE org_id = ?1 AND id = ?2";

constexpr char kOpenStatus[] = "SELECT " RP_SQL_STATUS_COLUMNS
                               " FROM user_status_history"
                               " WHERE org_id = ?1 AND user_id = ?2 AND kind = ?3 AND ended IS NULL";
constexpr char kOpenStatuses[] = "SELECT " RP_SQL_STATUS_COLUMNS
                                 " FROM user_status_history WHERE org_id = ?1 AND kind = ?2 AND ended IS NULL"
                                 " AND user_id IN (SELECT value FROM json_each(?3)) ORDER BY user_id";
constexpr char kEndStatus[] =
    "UPDATE user_status_history SET ended = ?4"
    " WHERE org_id = ?1 AND user_id = ?2 AND kind = ?3 AND ended IS NULL AND started <= ?4";
constexpr char kInsertStatus[] =
    "INSERT INTO user_status_history(org_id, " RP_SQL_STATUS_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";

constexpr char kPresenceNote[] = "SELECT message, modified FROM presence_notes WHERE org_id = ?1 AND user_id = ?2";
constexpr char kPresenceNotesOf[] =
    "SELECT user_id, message, modified FROM presence_notes"
    " WHERE org_id = ?1 AND user_id IN (SELECT value FROM json_each(?2)) ORDER BY user_id";
constexpr char kSetPresenceNote[] =
    "INSERT INTO presence_notes(org_id, user_id, message, modified) VALUES (?1, ?2, ?3, ?4)"
    " ON CONFLICT (org_id, user_id) DO UPDATE SET message = excluded.message, modified = excluded.modified";

}  // namespace

Result<PresenceDefinition> SqliteOrgTx::get_presence_definition(std::string_view id) {
  return row_where(kGetDefinition, {id}, read_presence_definition, "presence definition not found");
}

Result<std::vector<PresenceDefinition>> SqliteOrgTx::list_presence_definitions() {
  return rows_where(kListDefinitions, {}, read_presence_definition);
}

Result<StatusInterval> SqliteOrgTx::open_status(std::string_view user_id, StatusKind kind) {
  return row_where(kOpenStatus, {user_id, to_string(kind)}, read_status, "the user has no status");
}

Result<std::vector<StatusInterval>> SqliteOrgTx::open_statuses(StatusKind kind,
                                                               const std::vector<std::string>& user_ids) {
  if (user_ids.empty()) return std::vector<StatusInterval>{};
  return rows_where(kOpenStatuses, {to_string(kind), encode_string_array(user_ids)}, read_status);
}

Result<std::optional<PresenceNote>> SqliteOrgTx::presence_note(std::string_view user_id) {
  auto s = RP_TRY(prepare_where(kPresenceNote, {user_id}));
  if (!RP_TRY(s.step())) return std::optional<PresenceNote>{};
  return std::optional<PresenceNote>(PresenceNote{s.text(0), s.int64(1)});
}

Result<std::vector<std::pair<std::string, PresenceNote>>> SqliteOrgTx::presence_notes_of(
    const std::vector<std::string>& user_ids) {
  std::vector<std::pair<std::string, PresenceNote>> out;
  if (user_ids.empty()) return out;
  auto s = RP_TRY(prepare_where(kPresenceNotesOf, {encode_string_array(user_ids)}));
  while (RP_TRY(s.step())) out.emplace_back(s.text(0), PresenceNote{s.text(1), s.int64(2)});
  return out;
}

Result<void> SqliteOrgTx::insert_presence_definition(const PresenceDefinition& d) {
  return insert_row(kInsertDefinition, d, bind_presence_definition);
}

Result<void> SqliteOrgTx::update_presence_definition(const PresenceDefinition& d) {
  auto s = RP_TRY(conn_.prepare(kUpdateDefinition));
  s.bind(1, org_.value);
  bind_presence_definition(s, d, 2);
  RP_CHECK(s.run());
  if (conn_.changes() == 0) return fail(Errc::not_found, "presence definition not found");
  return {};
}

Result<void> SqliteOrgTx::change_status(const StatusInterval& next) {
  return atomic([&]() -> Result<void> {
    {
      auto s = RP_TRY(prepare_where(kEndStatus, {next.user_id, to_string(next.kind)}));
      s.bind(4, next.started);
      RP_CHECK(s.run());
    }
    if (conn_.changes() == 0) {
      RP_TRY(open_status(next.user_id, next.kind));  // not_found when there is none
      return fail(Errc::invalid_argument, "a status cannot start before the current one");
    }
    StatusInterval open = next;
    open.ended.reset();
    return insert_row(kInsertStatus, open, bind_status);
  });
}

Result<void> SqliteOrgTx::set_presence_note(std::string_view user_id, const PresenceNote& note) {
  auto s = RP_TRY(prepare_where(kSetPresenceNote, {user_id, note.message}));
  s.bind(4, note.modified);
  return s.run();
}

Result<void> SqliteOrgTx::open_first_statuses(const User& u) {
  const auto& offline = offline_presence();
  StatusInterval presence{u.id,
                          StatusKind::presence,
                          u.created,
                          std::nullopt,
                          std::string(offline.system_presence),
                          std::string(offline.id),
                          ""};
  StatusInterval routing{u.id, StatusKind::routing, u.created, std::nullopt, "", "", "OFF_QUEUE"};
  RP_CHECK(insert_row(kInsertStatus, presence, bind_status));
  return insert_row(kInsertStatus, routing, bind_status);
}

}  // namespace rp::store::sqlite
