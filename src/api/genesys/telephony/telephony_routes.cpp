// The route tables of phones (TelephonyProvidersEdgeApi, the part that
// makes stations) and of the StationsApi. Stations are readable by any
// caller; the users' station routes are in the users table.

#include "api/genesys/telephony/handlers.h"

namespace rp::api::genesys {

Routes telephony_api_routes() {
  const std::string phones = "/api/v2/telephony/providers/edges/phones";
  const std::string stations = "/api/v2/stations";
  const auto plugin = needs_any({"telephony:plugin:all"});
  return {
      {"GET", phones, plugin, get_phones},
      {"POST", phones, plugin, post_phones},
      {"GET", phones + "/{phoneId}", plugin, get_phone},
      {"DELETE", phones + "/{phoneId}", plugin, delete_phone},
      {"GET", stations, needs_none(), get_stations},
      {"GET", stations + "/{stationId}", needs_none(), get_station},
      {"DELETE", stations + "/{stationId}/associateduser", needs_any({"telephony:station:disassociate"}),
       delete_station_associated_user},
  };
}

}  // namespace rp::api::genesys
