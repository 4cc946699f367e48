#pragma once
// The handlers of the PresenceApi routes (presence.cpp) and of the UsersApi
// routing-status routes. The route tables (presence/presence_routes.cpp,
// users/users_routes.cpp) pair each with its method, path and permissions;
// a handler parses, calls one service and shapes the answer.

#include "api/genesys/endpoint.h"

namespace rp::api::genesys {

Result<http::Response> get_system_presences(Call& call);
Result<http::Response> get_presence_definitions(Call& call);
Result<http::Response> post_presence_definitions(Call& call);
Result<http::Response> get_presence_definition(Call& call);
Result<http::Response> put_presence_definition(Call& call);
Result<http::Response> delete_presence_definition(Call& call);
Result<http::Response> get_user_presence(Call& call);
Result<http::Response> patch_user_presence(Call& call);
Result<http::Response> get_user_routing_status(Call& call);
Result<http::Response> put_user_routing_status(Call& call);

}  // namespace rp::api::genesys
