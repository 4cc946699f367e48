// UsersApi hierarchy handlers: GET /api/v2/users/{userId}/superiors,
// /directreports (arrays of User) and /adjacents (Adjacents). Permission NONE:
// any valid token of the organization. `expand` as for GET /api/v2/users
// (user_expand.h).

#include <boost/json.hpp>

#include "api/genesys/respond.h"
#include "api/genesys/users/handlers.h"
#include "api/genesys/users/user_expand.h"

namespace rp::api::genesys {
namespace json = boost::json;
namespace {

std::string user_id(const Call& call) { return std::string(call.req.path_param("userId")); }

}  // namespace

Result<http::Response> get_superiors(Call& call) {
  auto expand = RP_TRY(parse_user_expand(call.req));
  auto views = RP_TRY(call.services.users.superiors(call.caller, user_id(call)));
  return json_response(200, RP_TRY(expanded_users_json(call, views, expand)));
}

Result<http::Response> get_direct_reports(Call& call) {
  auto expand = RP_TRY(parse_user_expand(call.req));
  auto views = RP_TRY(call.services.users.direct_reports(call.caller, user_id(call)));
  return json_response(200, RP_TRY(expanded_users_json(call, views, expand)));
}

Result<http::Response> get_adjacents(Call& call) {
  auto expand = RP_TRY(parse_user_expand(call.req));
  auto adj = RP_TRY(call.services.users.adjacents(call.caller, user_id(call)));
  // One read of the details for the three lists together.
  std::vector<service::UserView> all = adj.superiors;
  all.insert(all.end(), adj.siblings.begin(), adj.siblings.end());
  all.insert(all.end(), adj.direct_reports.begin(), adj.direct_reports.end());
  auto users = RP_TRY(expanded_users_json(call, all, expand));
  auto take = [&, at = std::size_t{0}](std::size_t n) mutable {
    json::array part(users.begin() + static_cast<std::ptrdiff_t>(at),
                     users.begin() + static_cast<std::ptrdiff_t>(at + n));
    at += n;
    return part;
  };
  json::object o;
  o["superiors"] = take(adj.superiors.size());
  o["siblings"] = take(adj.siblings.size());
  o["directReports"] = take(adj.direct_reports.size());
  return json_response(200, o);
}

}  // namespace rp::api::genesys
