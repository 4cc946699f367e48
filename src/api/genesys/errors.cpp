#include "api/genesys/errors.h"

#include <boost/json.hpp>

#include "core/reasons.h"
#include "core/strings.h"

namespace rp::api::genesys {
namespace json = boost::json;
namespace {

struct Mapping {
  int status;
  std::string_view code;
};

// Reasons with a Genesys code of their own, answered with the status of
// their Errc unless the row names another.
struct ReasonCode {
  std::string_view reason;
  std::string_view code;
  int status = 0;  // 0: the status of the error's Errc
};
constexpr ReasonCode kReasonCodes[] = {
    {reason::media_type, "unsupported.media.type", 415},
    {reason::too_many_ids, "max.user.ids"},
    {reason::bad_request, "bad.request"},
    {reason::role_is_default, "bad.request"},
    {reason::missing_any_permission, "missing.any.permissions"},
    {reason::missing_permissions, "missing.permissions"},
    {reason::bad_credentials, "bad.credentials"},
    {reason::auth_required, "authentication.required"},
    {reason::rate_limited, "too.many.requests"},
    {reason::user_not_found_on_delete, "user.not.found.on.delete"},
    {reason::not_a_user, "not.a.user"},
    {reason::entity_type_invalid, "bad.entity.type"},
    {reason::invalid_date, "invalid.date"},
    {reason::pairing_invalid, "pairing.id.required"},
    {reason::self_trust, "self.trust.not.allowed"},
    {reason::out_of_office_update, "outofoffice.update.error"},
    {reason::geolocation_update, "geolocation.update.error"},
};

Mapping from_reason(const Error& e, Mapping fallback) {
  for (const auto& row : kReasonCodes)
    if (row.reason == e.reason) return {row.status ? row.status : fallback.status, row.code};
  return fallback;
}

Mapping map_error(const Error& e) {
  switch (e.code) {
    case Errc::invalid_argument: return from_reason(e, {400, e.field.empty() ? "bad.request" : "invalid.value"});
    case Errc::unauthenticated: return from_reason(e, {401, "authentication.required"});
    case Errc::permission_denied: return from_reason(e, {403, "missing.any.permissions"});
    case Errc::not_found: return from_reason(e, {404, "not.found"});
    case Errc::conflict: return {409, "general.conflict"};
    case Errc::too_many_requests: return {429, "too.many.requests"};
    case Errc::unavailable: return {503, "service.unavailable"};
    case Errc::internal: return {500, "internal.server.error"};
  }
  return {500, "internal.server.error"};
}

std::string_view code_for_status(int status) {
  switch (status) {
    case 400: return "bad.request";
    case 401: return "authentication.required";
    case 403: return "missing.any.permissions";
    case 404: return "not.found";
    case 405: return "method.not.allowed";
    case 408: return "request.timeout";
    case 409: return "general.conflict";
    case 413: return "request.entity.too.large";
    case 415: return "unsupported.media.type";
    case 417: return "expectation.failed";
    case 431: return "request.header.fields.too.large";
    case 429: return "too.many.requests";
    case 503: return "service.unavailable";
    case 500: return "internal.server.error";
    default: return "internal.server.error";
  }
}

http::Response render(int status, std::string_view code, std::string_view message, const Error* e,
                      const http::Request& req) {
  json::object body;
  body["message"] = message;
  body["code"] = code;
  body["status"] = status;
  json::object params;
  json::array details;
  if (e && e->reason == reason::limit_reached) {
    // ErrorBody.limit {key, namespace, value}.
    json::object limit{{"namespace", "authorization"}};
    for (const auto& [k, v] : e->params) {
      if (k == "limit.key") limit["key"] = v;
      if (k == "limit.value") limit["value"] = std::stoll(v);
    }
    body["limit"] = std::move(limit);
  }
  if (e) {
    for (const auto& [k, v] : e->params) params[k] = v;
    if (!e->field.empty()) details.push_back(json::object{{"errorCode", code}, {"fieldName", e->field}});
  }
  body["messageParams"] = std::move(params);
  body["contextId"] = req.correlation_id;
  body["details"] = std::move(details);
  body["errors"] = json::array();
  auto resp = http::Response::json(status, json::serialize(body));
  if (status == 429 || status == 503) {
    std::string retry = "1";
    if (e)
      for (const auto& [k, v] : e->params)
        if (k == "retryAfter") retry = v;
    resp.set_header("Retry-After", retry);
  }
  return resp;
}

}  // namespace

ErrorStatus error_status(const Error& error) {
  Mapping m = map_error(error);
  return {m.status, m.code};
}

http::Response error_response(const Error& error, const http::Request& req) {
  Mapping m = map_error(error);
  std::string_view message = error.message;
  if (error.code == Errc::internal) message = "The server encountered an internal error.";
  return render(m.status, m.code, message, &error, req);
}

http::Response status_response(int status, std::string_view message, const http::Request& req) {
  return render(status, code_for_status(status), message, nullptr, req);
}

}  // namespace rp::api::genesys
