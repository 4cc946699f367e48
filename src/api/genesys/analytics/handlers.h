#pragma once
// The handlers of the analytics query routes: users observations
// (user_observations.cpp), whose UsersApi row is in the users table, and
// queue observations (queue_observations.cpp, analytics_routes.cpp). A
// handler parses, calls one service and shapes the answer.

#include "api/genesys/endpoint.h"

namespace rp::api::genesys {

Result<http::Response> post_analytics_users_observations_query(Call& call);
Result<http::Response> post_analytics_queues_observations_query(Call& call);

}  // namespace rp::api::genesys
