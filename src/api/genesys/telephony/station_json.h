#pragma once
// The Genesys UserStation and UserStations shapes, shared by the users'
// station route (stations.cpp) and the users' `station` expand
// (users/user_expand.cpp).

#include <boost/json.hpp>

#include "service/telephony/stations.h"

namespace rp::api::genesys {

// UserStation {id, name, type, associatedUser, associatedDate, defaultUser,
// webRtcCallAppearances}.
boost::json::object user_station_json(const service::StationView& v);
// UserStations {associatedStation, effectiveStation, defaultStation,
// lastAssociatedStation}, absent ones left out ({} when none).
boost::json::object user_stations_json(const service::UserStationsView& v);

}  // namespace rp::api::genesys
