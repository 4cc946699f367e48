// UsersApi: profile skills (GET/PUT /api/v2/users/{userId}/profileskills) and
// invitations (POST /api/v2/users/{userId}/invite). Permissions are checked
// again in the user's division by the services.

#include <boost/json.hpp>

#include "api/genesys/body.h"
#include "api/genesys/respond.h"
#include "api/genesys/users/handlers.h"
#include "core/strings.h"

namespace rp::api::genesys {
namespace json = boost::json;
namespace {

std::string user_id(const Call& call) { return std::string(call.req.path_param("userId")); }

json::array strings(const std::vector<std::string>& items) {
  json::array a;
  for (const auto& s : items) a.emplace_back(s);
  return a;
}

}  // namespace

Result<http::Response> get_profile_skills(Call& call) {
  auto skills = RP_TRY(call.services.extras.profile_skills(call.caller, user_id(call), call.need));
  return json_response(200, strings(skills));
}

// The body: a JSON array of strings (the SDK's `body`).
Result<http::Response> put_profile_skills(Call& call) {
  auto body = RP_TRY(json_string_array_body(call.req));
  auto skills = RP_TRY(call.services.extras.set_profile_skills(call.caller, user_id(call), body, call.need));
  return json_response(200, strings(skills));
}

namespace {

// force: true | false (default false).
Result<bool> force_query(const http::Request& req) {
  auto v = req.query_param("force");
  if (!v) return false;
  if (iequals(*v, "true")) return true;
  if (iequals(*v, "false")) return false;
  return invalid("force", "Value [" + std::string(*v) + "] is not valid for force. Allowable values are: true, false");
}

}  // namespace

// Answers 204: Genesys documents no response body (void).
Result<http::Response> post_user_invite(Call& call) {
  bool force = RP_TRY(force_query(call.req));
  RP_TRY(call.services.invitations.invite(call.caller, user_id(call), force, call.need));
  return no_content();
}

}  // namespace rp::api::genesys
