#include "api/workiva/endpoint.h"

#include <algorithm>

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include "authz/engine.h"
#include "core/strings.h"
#include "http/oauth.h"

namespace rp::api::workiva {
namespace {

int status_of(Errc code) {
  switch (code) {
    case Errc::invalid_argument: return 400;
    case Errc::unauthenticated: return 401;
    case Errc::permission_denied: return 403;
    case Errc::not_found: return 404;
    case Errc::conflict: return 409;
    case Errc::too_many_requests: return 429;
    case Errc::unavailable: return 503;
    case Errc::internal: break;
  }
  return 500;
}

std::string_view code_of(int status) {
  switch (status) {
    case 400: return "400BadRequest";
    case 401: return "401Unauthorized";
    case 403: return "403Forbidden";
    case 404: return "404NotFound";
    case 409: return "409Conflict";
    case 429: return "429TooManyRequests";
    case 503: return "503ServiceUnavailable";
    default: return "500InternalServerError";
  }
}

}  // namespace

authz::Requirement scope_requirement(const std::string& scope) {
  if (scope == "organization:write") return authz::Requirement::any_of({"authorization:grant:add"});
  if (scope == "organization:read") return authz::Requirement::any_of({"authorization:role:view"});
  return authz::Requirement::none();
}

std::string base_url(const http::Request& req) {
  std::string_view host = req.header("Host");
  return "http://" + std::string(host.empty() ? "localhost" : host);
}

Result<void> check_org(const Call& call) {
  if (call.req.path_param("organizationId") != call.caller.org.value)
    return std::unexpected(make_error(Errc::not_found, "No organization with ID " +
                                                           std::string(call.req.path_param("organizationId")) + ".")
                               .with_field("organizationId"));
  return {};
}

http::Response error_response(const Error& e) {
  int status = status_of(e.code);
  boost::json::object body{{"code", code_of(status)},
                           {"message", status == 500 ? std::string("An internal error occurred.") : e.message}};
  if (!e.field.empty()) body["target"] = e.field;
  auto r = http::Response::json(status, boost::json::serialize(body));
  if (status == 429 || status == 503) r.set_header("Retry-After", "1");
  return r;
}

namespace {

// The caller of the request's bearer token; unauthenticated without one.
Result<service::Caller> bearer_caller(const http::Request& req, Services& services) {
  std::string_view token = http::bearer_token(req);
  if (token.empty())
    return std::unexpected(make_error(Errc::unauthenticated, "A bearer token is required.").with_field("Authorization"));
  return services.tokens.authenticate(token, req.correlation_id);
}

}  // namespace

std::optional<http::Response> refuse_head(const http::Request& head, Services& services) {
  if (!head.path.starts_with("/prototype/")) return std::nullopt;
  auto caller = bearer_caller(head, services);
  if (caller) return std::nullopt;
  auto r = error_response(caller.error());
  r.set_header("X-Version", std::string(kDefaultVersion));
  return r;
}

namespace {

void add_route(http::Router& router, Services& services, RouteSpec spec, Endpoint endpoint) {
  auto need = scope_requirement(spec.scope);
  router.add(spec.method, spec.path, [&services, spec, need, endpoint](http::Request& req) -> http::Response {
    auto answer = [&]() -> http::Response {
      auto respond = [&](const Error& e) {
        if (e.code == Errc::internal) spdlog::error("{} {} [{}]: {}", req.method, req.path, req.correlation_id, e.message);
        return error_response(e);
      };
      std::string_view version = trim(req.header("X-Version"));
      if (!version.empty() && version != kDefaultVersion)
        return respond(make_error(Errc::invalid_argument, "Unsupported X-Version '" + std::string(version) +
                                                              "'; this server serves " + std::string(kDefaultVersion) + ".")
                           .with_field("X-Version"));
      auto caller = bearer_caller(req, services);
      if (!caller) return respond(caller.error());
      if (auto limited = services.limiter.acquire(caller->token_hash); !limited) return respond(limited.error());
      auto lacks_scope = [&] {
        return respond(make_error(Errc::permission_denied, "The token lacks the scope " + spec.scope + ".")
                           .with_field("scope"));
      };
      // A token limited to scopes must name the route's; then the client's roles must allow it.
      if (!spec.scope.empty() && !caller->scope.empty()) {
        auto scopes = split(caller->scope, ' ');
        if (std::find(scopes.begin(), scopes.end(), spec.scope) == scopes.end()) return lacks_scope();
      }
      if (auto allowed = services.access.authorize(*caller, need); !allowed) {
        if (allowed.error().code != Errc::permission_denied) return respond(allowed.error());
        return lacks_scope();
      }
      Call call{req, *caller, services};
      auto result = endpoint(call);
      if (!result) return respond(result.error());
      return std::move(*result);
    }();
    answer.set_header("X-Version", std::string(kDefaultVersion));
    if (spec.deprecated) {
      answer.set_header("Deprecation", "@1770854400");  // 2026-02-12
      answer.set_header("Sunset", "Sun, 31 Jan 2027 00:00:00 GMT");
      if (!spec.successor.empty()) {
        std::string link = spec.successor;
        for (const auto& [name, value] : req.path_params)
          if (auto at = link.find("{" + name + "}"); at != std::string::npos) link.replace(at, name.size() + 2, value);
        answer.set_header("Link", "<" + link + ">; rel=\"successor-version\"");
      }
    }
    return answer;
  });
}

}  // namespace

Routes route_table() {
  Routes all;
  for (auto area : {operations_routes, directory_routes})
    for (auto& route : area()) all.push_back(std::move(route));
  return all;
}

void mount(http::Router& router, Services& services) {
  for (auto& route : route_table()) add_route(router, services, std::move(route.spec), std::move(route.handler));
  mount_token(router, services);
}

}  // namespace rp::api::workiva
