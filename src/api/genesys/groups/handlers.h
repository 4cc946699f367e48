#pragma once
// The handlers of the GroupsApi routes (groups.cpp). The route table
// (groups/groups_routes.cpp) pairs each with its method, path and
// permissions; a handler parses, calls one service and shapes the answer.

#include "api/genesys/endpoint.h"

namespace rp::api::genesys {

Result<http::Response> get_groups(Call& call);
Result<http::Response> post_groups(Call& call);
Result<http::Response> get_group(Call& call);
Result<http::Response> put_group(Call& call);
Result<http::Response> delete_group(Call& call);
Result<http::Response> get_group_members(Call& call);
Result<http::Response> post_group_members(Call& call);
Result<http::Response> delete_group_members(Call& call);

}  // namespace rp::api::genesys
