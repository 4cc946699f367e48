#pragma once
// The handlers of the phone (TelephonyProvidersEdgeApi) and StationsApi
// routes (stations.cpp), and of the UsersApi station routes. The route
// tables (telephony/telephony_routes.cpp, users/users_routes.cpp) pair each
// with its method, path and permissions; a handler parses, calls one
// service and shapes the answer.

#include "api/genesys/endpoint.h"

namespace rp::api::genesys {

// /api/v2/telephony/providers/edges/phones.
Result<http::Response> get_phones(Call& call);
Result<http::Response> post_phones(Call& call);
Result<http::Response> get_phone(Call& call);
Result<http::Response> delete_phone(Call& call);

// /api/v2/stations.
Result<http::Response> get_stations(Call& call);
Result<http::Response> get_station(Call& call);
Result<http::Response> delete_station_associated_user(Call& call);

// /api/v2/users/{userId}/station.
Result<http::Response> get_user_station(Call& call);
Result<http::Response> put_user_associated_station(Call& call);
Result<http::Response> delete_user_associated_station(Call& call);
Result<http::Response> put_user_default_station(Call& call);
Result<http::Response> delete_user_default_station(Call& call);

}  // namespace rp::api::genesys
