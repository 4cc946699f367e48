// Workiva role assignment and revocation (202 + operation) and the
// operation GET that is polled until the operation is completed or failed.
#include <boost/json.hpp>

#include "api/common/pipeline.h"
#include "api/workiva/endpoint.h"
#include "core/time.h"
#include "http/json_text.h"

namespace rp::api::workiva {
namespace {

namespace json = boost::json;

constexpr std::string_view kOperationPath = "/prototype/platform/operations/";
constexpr std::string_view kRetryAfter = "1";

Result<std::vector<std::string>> role_ids(const http::Request& req) {
  auto bad = [] {
    return std::unexpected(
        make_error(Errc::invalid_argument, "The body must be a JSON array of role id strings.").with_field("body"));
  };
  json::error_code ec;
  auto v = json::parse(req.body, ec);
  if (ec || !v.is_array()) return bad();
  if (auto path = http::control_character_path(v))
    return std::unexpected(
        make_error(Errc::invalid_argument, "Role ids must not contain control characters.").with_field("body" + *path));
  std::vector<std::string> out;
  for (const auto& item : v.as_array()) {
    if (!item.is_string()) return bad();
    out.emplace_back(item.as_string());
  }
  return out;
}

Endpoint change_roles(std::string_view kind) {
  return [kind](Call& call) -> Result<http::Response> {
    RP_CHECK(check_org(call));
    auto ids = RP_TRY(role_ids(call.req));
    auto op =
        RP_TRY(call.services.operations.accept(call.caller, kind, std::string(call.req.path_param("userId")), ids));
    http::Response r;
    r.status = 202;
    r.set_header("Location", common::base_url(call.req) + std::string(kOperationPath) + op.id);
    r.set_header("Retry-After", std::string(kRetryAfter));
    return r;
  };
}

json::object stamp(Millis t, const std::string& user) {
  json::object o{{"dateTime", to_iso8601(t)}};
  if (!user.empty()) o["user"] = json::object{{"id", user}};
  return o;
}

Result<http::Response> get_operation(Call& call) {
  auto op = RP_TRY(call.services.operations.get(call.caller, std::string(call.req.path_param("operationId"))));
  json::object body{{"id", op.id},
                    {"status", store::to_string(op.status)},
                    {"created", stamp(op.created, op.created_by)},
                    {"updated", stamp(op.updated, "")},
                    {"originalRequest", op.request_id},
                    {"resourceUrl", nullptr},
                    {"details", nullptr}};
  if (op.status == store::OperationStatus::completed)
    body["resourceUrl"] = common::base_url(call.req) + "/prototype/admin/organizations/" + call.caller.org.value +
                          "/users/" + op.user_id + "/roles";
  if (!op.details.empty()) body["details"] = json::parse(op.details);
  auto r = http::Response::json(200, json::serialize(body));
  if (op.status != store::OperationStatus::completed && op.status != store::OperationStatus::failed)
    r.set_header("Retry-After", std::string(kRetryAfter));
  return r;
}

}  // namespace

Routes operations_routes() {
  const std::string user = "/organizations/{organizationId}/users/{userId}";
  return {
      {{"POST", "/prototype/admin" + user + "/roles/assignment", "organization:write", true,
        user + "/roles/assignment"},
       change_roles(service::kRolesAssignment)},
      {{"POST", "/prototype/admin" + user + "/roles/revocation", "organization:write", true,
        user + "/roles/revocation"},
       change_roles(service::kRolesRevocation)},
      {{"GET", "/prototype/platform/operations/{operationId}", "", false, ""}, get_operation},
  };
}

}  // namespace rp::api::workiva
