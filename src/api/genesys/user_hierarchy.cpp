// UsersApi hierarchy handlers: GET /api/v2/users/{userId}/superiors,
// /directreports (arrays of User) and /adjacents (Adjacents). Permission NONE:
// any valid token of the organization. `expand` is accepted; the values this
// server knows add nothing to these answers.

#include <boost/json.hpp>

#include "api/genesys/endpoint.h"
#include "api/genesys/respond.h"
#include "api/genesys/user_json.h"

namespace rp::api::genesys {
namespace json = boost::json;
namespace {

using authz::Requirement;

json::array users_array(const std::vector<service::UserView>& views, const OrgId& org) {
  json::array out;
  out.reserve(views.size());
  for (const auto& v : views) out.push_back(user_json(v, org));
  return out;
}


std::string user_id(const Call& call) { return std::string(call.req.path_param("userId")); }

Result<http::Response> get_superiors(Call& call) {
  auto views = RP_TRY(call.services.users.superiors(call.caller, user_id(call)));
  return json_response(200, users_array(views, call.caller.org));
}

Result<http::Response> get_direct_reports(Call& call) {
  auto views = RP_TRY(call.services.users.direct_reports(call.caller, user_id(call)));
  return json_response(200, users_array(views, call.caller.org));
}

Result<http::Response> get_adjacents(Call& call) {
  auto adj = RP_TRY(call.services.users.adjacents(call.caller, user_id(call)));
  json::object o;
  o["superiors"] = users_array(adj.superiors, call.caller.org);
  o["siblings"] = users_array(adj.siblings, call.caller.org);
  o["directReports"] = users_array(adj.direct_reports, call.caller.org);
  return json_response(200, o);
}

}  // namespace

void mount_user_hierarchy(http::Router& router, Services& services) {
  add_route(router, services, "GET", "/api/v2/users/{userId}/superiors", Requirement::none(), get_superiors);
  add_route(router, services, "GET", "/api/v2/users/{userId}/directreports", Requirement::none(), get_direct_reports);
  add_route(router, services, "GET", "/api/v2/users/{userId}/adjacents", Requirement::none(), get_adjacents);
}

}  // namespace rp::api::genesys
