// SqliteOrgTx: phones, their stations and users' stations (schema version 24).
#include "store/sql/codecs.h"
#include "store/sqlite/org_tx.h"

namespace rp::store::sqlite {
namespace {

using namespace sql;

constexpr char kGetPhone[] = "SELECT " RP_SQL_PHONE_COLUMNS " FROM phones WHERE org_id = ?1 AND id = ?2";
constexpr char kPhoneOfStation[] = "SELECT " RP_SQL_PHONE_COLUMNS " FROM phones WHERE org_id = ?1 AND station_id = ?2";
constexpr char kAllPhones[] =
    "SELECT " RP_SQL_PHONE_COLUMNS " FROM phones WHERE org_id = ?1 ORDER BY name COLLATE NOCASE, id";
constexpr char kInsertPhone[] =
    "INSERT INTO phones(org_id, " RP_SQL_PHONE_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
constexpr char kDeletePhone[] = "DELETE FROM phones WHERE org_id = ?1 AND id = ?2";
// A deleted phone's station leaves every user (?2 the station).
constexpr char kForgetStation[] =
    "UPDATE user_stations SET"
    " associated_at = CASE WHEN associated_station = ?2 THEN NULL ELSE associated_at END,"
    " associated_station = CASE WHEN associated_station = ?2 THEN '' ELSE associated_station END,"
    " default_station = CASE WHEN default_station = ?2 THEN '' ELSE default_station END,"
    " last_station = CASE WHEN last_station = ?2 THEN '' ELSE last_station END"
    " WHERE org_id = ?1 AND ?2 IN (associated_station, default_station, last_station)";
constexpr char kForgetCallTarget[] =
    "DELETE FROM call_forwarding_targets WHERE org_id = ?1 AND type = 'STATION' AND value = ?2";
constexpr char kDropEmptyStations[] =
    "DELETE FROM user_stations WHERE org_id = ?1 AND associated_station = '' AND default_station = ''"
    " AND last_station = ''";

constexpr char kUserStationsOf[] = "SELECT " RP_SQL_USER_STATION_COLUMNS
                                   " FROM user_stations WHERE org_id = ?1"
                                   " AND user_id IN (SELECT value FROM json_each(?2)) ORDER BY user_id";
constexpr char kStationUsers[] = "SELECT " RP_SQL_USER_STATION_COLUMNS
                                 " FROM user_stations WHERE org_id = ?1"
                                 " AND (associated_station IN (SELECT value FROM json_each(?2))"
                                 " OR default_station IN (SELECT value FROM json_each(?2))) ORDER BY user_id";
constexpr char kSetUserStation[] = "INSERT INTO user_stations(org_id, " RP_SQL_USER_STATION_COLUMNS
                                   ") VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
                                   " ON CONFLICT (org_id, user_id) DO UPDATE SET"
                                   " associated_station = excluded.associated_station,"
                                   " associated_at = excluded.associated_at,"
                                   " default_station = excluded.default_station, last_station = excluded.last_station";
constexpr char kDeleteUserStation[] = "DELETE FROM user_stations WHERE org_id = ?1 AND user_id = ?2";

}  // namespace

Result<Phone> SqliteOrgTx::get_phone(std::string_view id) {
  return row_where(kGetPhone, {id}, read_phone, "phone not found");
}

Result<Phone> SqliteOrgTx::phone_of_station(std::string_view station_id) {
  return row_where(kPhoneOfStation, {station_id}, read_phone, "station not found");
}

Result<std::vector<Phone>> SqliteOrgTx::all_phones() { return rows_where(kAllPhones, {}, read_phone); }

Result<std::vector<UserStation>> SqliteOrgTx::user_stations_of(const std::vector<std::string>& user_ids) {
  if (user_ids.empty()) return std::vector<UserStation>{};
  return rows_where(kUserStationsOf, {encode_string_array(user_ids)}, read_user_station);
}

Result<std::vector<UserStation>> SqliteOrgTx::station_users(const std::vector<std::string>& station_ids) {
  if (station_ids.empty()) return std::vector<UserStation>{};
  return rows_where(kStationUsers, {encode_string_array(station_ids)}, read_user_station);
}

Result<void> SqliteOrgTx::insert_phone(const Phone& p) { return insert_row(kInsertPhone, p, bind_phone); }

Result<void> SqliteOrgTx::delete_phone(std::string_view id) {
  auto phone = RP_TRY(get_phone(id));
  RP_CHECK(run_where(kDeletePhone, {id}));
  RP_CHECK(run_where(kForgetStation, {phone.station_id}));
  RP_CHECK(run_where(kForgetCallTarget, {phone.station_id}));
  return run_where(kDropEmptyStations, {});
}

Result<void> SqliteOrgTx::set_user_station(const UserStation& s) {
  if (s.associated.empty() && s.default_station.empty() && s.last.empty())
    return run_where(kDeleteUserStation, {s.user_id});
  return insert_row(kSetUserStation, s, bind_user_station);
}

}  // namespace rp::store::sqlite
