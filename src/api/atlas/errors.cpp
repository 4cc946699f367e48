#include "api/atlas/errors.h"
#include "core/reasons.h"

#include <boost/json.hpp>

namespace rp::api::atlas {
namespace json = boost::json;

std::string_view reason_phrase(int status) {
  switch (status) {
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 406: return "Not Acceptable";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 429: return "Too Many Requests";
    case 503: return "Service Unavailable";
    default: return "Internal Server Error";
  }
}

http::Response atlas_error(int status, std::string_view error_code, std::string_view detail,
                           const std::vector<std::string>& parameters, std::string_view field) {
  json::array params;
  for (const auto& p : parameters) params.emplace_back(p);
  json::object body{{"detail", detail},
                    {"error", status},
                    {"errorCode", error_code},
                    {"parameters", std::move(params)},
                    {"reason", reason_phrase(status)}};
  if (status == 400) {
    json::array fields;
    if (!field.empty()) fields.push_back(json::object{{"field", field}, {"description", detail}});
    body["badRequestDetail"] = json::object{{"fields", std::move(fields)}};
  }
  auto resp = http::Response::json(status, json::serialize(body));
  resp.set_header("Content-Type", "application/json");
  return resp;
}

namespace {

std::string param(const Error& e, std::string_view key) {
  for (const auto& [k, v] : e.params)
    if (k == key) return v;
  return {};
}

}  // namespace

http::Response error_response(const Error& e) {
  const std::string& r = e.reason;
  switch (e.code) {
    case Errc::unauthenticated:
      return atlas_error(401, "USER_UNAUTHORIZED", "Current user is not authorized to perform this action.");
    case Errc::permission_denied:
      if (r == reason::org_no_access) return atlas_error(401, "USER_CANNOT_ACCESS_ORG", e.message, {param(e, "orgId")});
      if (r == reason::org_role_required) {
        bool owner = param(e, "role") == "ORG_OWNER";
        return atlas_error(401, owner ? "NOT_ORG_OWNER" : "USER_UNAUTHORIZED", e.message);
      }
      if (r == reason::org_role_last_owner) return atlas_error(403, "CANNOT_DEMOTE_LAST_ORG_OWNER", e.message);
      if (r == reason::org_role_none_left) return atlas_error(403, "CANNOT_REMOVE_ALL_USER_ROLES", e.message);
      return atlas_error(403, "ACCESS_FORBIDDEN", e.message);
    case Errc::not_found:
      if (r == reason::user_not_found) return atlas_error(404, "USER_NOT_FOUND", e.message, {param(e, "userId")});
      return atlas_error(404, "RESOURCE_NOT_FOUND", e.message);
    case Errc::invalid_argument:
      if (r == reason::role_unknown)
        return atlas_error(400, "INVALID_ENUM_VALUE", e.message, {param(e, "role")}, e.field);
      if (r == reason::role_missing)
        return atlas_error(400, "INVALID_ROLE_FOR_ORG", e.message, {param(e, "role")}, e.field);
      if (r == reason::json_malformed) return atlas_error(400, "MALFORMED_JSON", e.message);
      if (r == reason::attribute_missing) return atlas_error(400, "MISSING_ATTRIBUTE", e.message, {e.field}, e.field);
      if (r == reason::attribute_invalid) return atlas_error(400, "INVALID_ATTRIBUTE", e.message, {e.field}, e.field);
      return atlas_error(400, "VALIDATION_ERROR", e.message, {}, e.field);
    case Errc::conflict: return atlas_error(409, "CONFLICT", e.message);
    case Errc::too_many_requests: {
      auto resp = atlas_error(429, "RATE_LIMITED", e.message);
      if (auto after = param(e, "retryAfter"); !after.empty()) resp.set_header("Retry-After", after);
      return resp;
    }
    case Errc::unavailable: return atlas_error(503, "SERVICE_UNAVAILABLE", e.message);
    default: return atlas_error(500, "UNEXPECTED_ERROR", "An unexpected error occurred.");
  }
}

}  // namespace rp::api::atlas
