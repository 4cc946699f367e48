// SqliteOrgTx: users' out of office and their clients' geolocations
// (schema version 23).
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

}  // namespace

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
