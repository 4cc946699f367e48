#pragma once
// The handlers of the analytics query routes (user_observations.cpp), whose
// UsersApi rows are in the users table; a handler parses, calls one service
// and shapes the answer.

#include "api/genesys/endpoint.h"

namespace rp::api::genesys {

Result<http::Response> post_analytics_users_observations_query(Call& call);

}  // namespace rp::api::genesys
