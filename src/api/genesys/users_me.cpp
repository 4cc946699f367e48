// UsersApi for the signed-in user and passwords: GET /api/v2/users/me,
// POST /api/v2/users/me/password, POST /api/v2/users/{userId}/password; and
// mount_users_me(), which registers them.

#include <boost/json.hpp>

#include "api/genesys/body.h"
#include "api/genesys/endpoint.h"
#include "api/genesys/respond.h"

namespace rp::api::genesys {
namespace {

using authz::Requirement;

Error not_a_user() {
  return make_error(Errc::invalid_argument,
                    "This request requires a user context. Client credentials cannot be used for requests to this "
                    "resource.")
      .with_reason("not.a.user");
}

// The caller's own User, answered by GET /api/v2/users/{userId} (with the
// same query parameters, expand included) for the caller's user id.
Result<http::Response> get_users_me(Call& call) {
  if (call.caller.subject_type != store::SubjectType::user) return fail(not_a_user());
  auto& params = call.req.path_params;
  std::erase_if(params, [](const auto& kv) { return kv.first == "userId"; });
  params.emplace_back("userId", call.caller.subject_id);
  return get_user(call);
}

// ChangeMyPasswordRequest {oldPassword, newPassword}.
Result<http::Response> post_users_me_password(Call& call) {
  if (call.caller.subject_type != store::SubjectType::user) return fail(not_a_user());
  auto body = RP_TRY(json_object_body(call.req));
  auto old_password = RP_TRY(optional_string(body, "oldPassword")).value_or("");
  auto new_password = RP_TRY(optional_string(body, "newPassword")).value_or("");
  RP_CHECK(call.services.passwords.change_own(call.caller, old_password, new_password, call.req.remote_address));
  return no_content();
}

// ChangePasswordRequest {newPassword}.
Result<http::Response> post_user_password(Call& call) {
  auto body = RP_TRY(json_object_body(call.req));
  auto new_password = RP_TRY(optional_string(body, "newPassword")).value_or("");
  RP_CHECK(call.services.passwords.set(call.caller, std::string(call.req.path_param("userId")), new_password,
                                       call.need));
  return no_content();
}

}  // namespace

void mount_users_me(http::Router& router, Services& services) {
  add_route(router, services, "GET", "/api/v2/users/me", Requirement::none(), get_users_me);
  add_route(router, services, "POST", "/api/v2/users/me/password", Requirement::none(), post_users_me_password);
  add_route(router, services, "POST", "/api/v2/users/{userId}/password",
            Requirement::any_of({"directory:user:setPassword"}), post_user_password);
}

}  // namespace rp::api::genesys
