// SqliteOrgTx: users' out of office, their clients' geolocations (schema
// version 23) and their call forwarding (version 25).
#include "store/sql/codecs.h"
#include "store/sqlite/org_tx.h"

namespace rp::store::sqlite {
namespace {

using namespace sql;

constexpr char kOutOfOffice[] =
    "SELECT " RP_SQL_OUT_OF_OFFICE_COLUMNS " FROM out_of_office WHERE org_id = ?1 AND user_id = ?2";
constexpr char kOutOfOfficeOf[] = "SELECT " RP_SQL_OUT_OF_OFFICE_COLUMNS
                                  " FROM out_of_office WHERE org_id = ?1"
                                  " AND user_id IN (SELECT value FROM json_each(?2)) ORDER BY user_id";
constexpr char kSetOutOfOffice[] = "INSERT INTO out_of_office(org_id, " RP_SQL_OUT_OF_OFFICE_COLUMNS
                                   ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
                                   " ON CONFLICT (org_id, user_id) DO UPDATE SET active = excluded.active,"
                                   " indefinite = excluded.indefinite, start_date = excluded.start_date,"
                                   " end_date = excluded.end_date, modified = excluded.modified";

constexpr char kGeolocation[] = "SELECT " RP_SQL_GEOLOCATION_COLUMNS
                                " FROM user_geolocations WHERE org_id = ?1 AND user_id = ?2 AND client_id = ?3";
constexpr char kPrimaryGeolocations[] = "SELECT " RP_SQL_GEOLOCATION_COLUMNS
                                        " FROM user_geolocations WHERE org_id = ?1 AND is_primary"
                                        " AND user_id IN (SELECT value FROM json_each(?2)) ORDER BY user_id";
// The unique primary index is checked per statement: the others go first.
constexpr char kClearPrimary[] =
    "UPDATE user_geolocations SET is_primary = 0 WHERE org_id = ?1 AND user_id = ?2 AND client_id != ?3"
    " AND is_primary";
constexpr char kSetGeolocation[] =
    "INSERT INTO user_geolocations(org_id, " RP_SQL_GEOLOCATION_COLUMNS
    ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
    " ON CONFLICT (org_id, user_id, client_id) DO UPDATE SET type = excluded.type, is_primary = excluded.is_primary,"
    " latitude = excluded.latitude, longitude = excluded.longitude, country = excluded.country,"
    " region = excluded.region, city = excluded.city, modified = excluded.modified";

constexpr char kCallForwarding[] =
    "SELECT enabled, voicemail, modified FROM call_forwarding WHERE org_id = ?1 AND user_id = ?2";
constexpr char kCallTargets[] =
    "SELECT route, type, value FROM call_forwarding_targets WHERE org_id = ?1 AND user_id = ?2 ORDER BY route, "
    "position";
constexpr char kSetCallForwarding[] =
    "INSERT INTO call_forwarding(org_id, user_id, enabled, voicemail, modified) VALUES (?1, ?2, ?3, ?4, ?5)"
    " ON CONFLICT (org_id, user_id) DO UPDATE SET enabled = excluded.enabled, voicemail = excluded.voicemail,"
    " modified = excluded.modified";
constexpr char kClearCallTargets[] = "DELETE FROM call_forwarding_targets WHERE org_id = ?1 AND user_id = ?2";
constexpr char kInsertCallTarget[] =
    "INSERT INTO call_forwarding_targets(org_id, user_id, route, position, type, value)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

}  // namespace

Result<std::optional<CallForwarding>> SqliteOrgTx::call_forwarding(std::string_view user_id) {
  auto s = RP_TRY(prepare_where(kCallForwarding, {user_id}));
  if (!RP_TRY(s.step())) return std::optional<CallForwarding>{};
  CallForwarding c;
  c.user_id = std::string(user_id);
  c.enabled = s.int64(0) != 0;
  c.voicemail = s.text(1);
  c.modified = s.int64(2);
  auto t = RP_TRY(prepare_where(kCallTargets, {user_id}));
  std::int64_t route = -1;
  while (RP_TRY(t.step())) {
    if (t.int64(0) != route) {
      route = t.int64(0);
      c.calls.emplace_back();
    }
    c.calls.back().push_back({t.text(1), t.text(2)});
  }
  return std::optional<CallForwarding>{std::move(c)};
}

Result<void> SqliteOrgTx::set_call_forwarding(const CallForwarding& c) {
  {
    auto s = RP_TRY(conn_.prepare(kSetCallForwarding));
    s.bind(1, org_.value).bind(2, c.user_id).bind(3, c.enabled).bind(4, c.voicemail).bind(5, c.modified);
    RP_CHECK(s.run());
  }
  RP_CHECK(run_where(kClearCallTargets, {c.user_id}));
  for (std::size_t r = 0; r < c.calls.size(); ++r)
    for (std::size_t p = 0; p < c.calls[r].size(); ++p) {
      auto s = RP_TRY(conn_.prepare(kInsertCallTarget));
      s.bind(1, org_.value)
          .bind(2, c.user_id)
          .bind(3, static_cast<std::int64_t>(r))
          .bind(4, static_cast<std::int64_t>(p))
          .bind(5, c.calls[r][p].type)
          .bind(6, c.calls[r][p].value);
      RP_CHECK(s.run());
    }
  return {};
}

Result<std::optional<OutOfOffice>> SqliteOrgTx::out_of_office(std::string_view user_id) {
  auto s = RP_TRY(prepare_where(kOutOfOffice, {user_id}));
  if (!RP_TRY(s.step())) return std::optional<OutOfOffice>{};
  return std::optional<OutOfOffice>{RP_TRY(read_out_of_office(s, 0))};
}

Result<std::vector<OutOfOffice>> SqliteOrgTx::out_of_office_of(const std::vector<std::string>& user_ids) {
  if (user_ids.empty()) return std::vector<OutOfOffice>{};
  return rows_where(kOutOfOfficeOf, {encode_string_array(user_ids)}, read_out_of_office);
}

Result<Geolocation> SqliteOrgTx::geolocation(std::string_view user_id, std::string_view client_id) {
  return row_where(kGeolocation, {user_id, client_id}, read_geolocation, "geolocation not found");
}

Result<std::vector<Geolocation>> SqliteOrgTx::primary_geolocations(const std::vector<std::string>& user_ids) {
  if (user_ids.empty()) return std::vector<Geolocation>{};
  return rows_where(kPrimaryGeolocations, {encode_string_array(user_ids)}, read_geolocation);
}

Result<void> SqliteOrgTx::set_out_of_office(const OutOfOffice& o) {
  return insert_row(kSetOutOfOffice, o, bind_out_of_office);
}

Result<void> SqliteOrgTx::set_geolocation(const Geolocation& g) {
  if (g.primary) RP_CHECK(run_where(kClearPrimary, {g.user_id, g.client_id}));
  return insert_row(kSetGeolocation, g, bind_geolocation);
}

}  // namespace rp::store::sqlite
