#include "api/workiva/endpoint.h"

#include <algorithm>
#include <memory>

#include <boost/json.hpp>

#include "api/common/pipeline.h"
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

// Bearer tokens (from the Workiva token endpoints or any other of the
// organization's); errors as the Workiva error body.
class WorkivaDialect final : public common::Dialect {
 public:
  explicit WorkivaDialect(Services& services) : services_(services) {}

  Result<service::Caller> authenticate(const http::Request& req) const override {
    std::string_view token = http::bearer_token(req);
    if (token.empty())
      return std::unexpected(
          make_error(Errc::unauthenticated, "A bearer token is required.").with_field("Authorization"));
    return services_.tokens.authenticate(token, req.correlation_id);
  }

  http::Response error_body(const Error& e, const http::Request& /*req*/) const override { return error_response(e); }

 private:
  Services& services_;
};

struct Mounted {
  explicit Mounted(Services& services) : dialect(services), pipeline(dialect, services.limiter, services.access) {}
  WorkivaDialect dialect;
  common::Pipeline pipeline;
};

// A token limited to scopes must name the route's; then the caller's roles
// must hold what the scope asks (scope_requirement).
Result<void> check_scope(const RouteSpec& spec, const authz::Requirement& need, Services& services,
                         const service::Caller& caller) {
  auto lacks_scope = [&] {
    return std::unexpected(
        make_error(Errc::permission_denied, "The token lacks the scope " + spec.scope + ".").with_field("scope"));
  };
  if (!spec.scope.empty() && !caller.scope.empty()) {
    auto scopes = split(caller.scope, ' ');
    if (std::find(scopes.begin(), scopes.end(), spec.scope) == scopes.end()) return lacks_scope();
  }
  if (auto allowed = services.access.authorize(caller, need); !allowed) {
    if (allowed.error().code != Errc::permission_denied) return std::unexpected(allowed.error());
    return lacks_scope();
  }
  return {};
}

// The headers of every answer: X-Version, and the lifecycle of a deprecated route.
void decorate(http::Response& answer, const RouteSpec& spec, const http::Request& req) {
  answer.set_header("X-Version", std::string(kDefaultVersion));
  if (!spec.deprecated) return;
  answer.set_header("Deprecation", "@1770854400");  // 2026-02-12
  answer.set_header("Sunset", "Sun, 31 Jan 2027 00:00:00 GMT");
  if (spec.successor.empty()) return;
  std::string link = spec.successor;
  for (const auto& [name, value] : req.path_params)
    if (auto at = link.find("{" + name + "}"); at != std::string::npos) link.replace(at, name.size() + 2, value);
  answer.set_header("Link", "<" + link + ">; rel=\"successor-version\"");
}

void add_route(http::Router& router, Services& services, std::shared_ptr<const Mounted> mounted, RouteSpec spec,
               Endpoint endpoint) {
  auto need = scope_requirement(spec.scope);
  std::string_view method = spec.method;
  std::string path = spec.path;
  router.add(
      method, path,
      [&services, mounted, spec = std::move(spec), need = std::move(need),
       endpoint = std::move(endpoint)](http::Request& req) -> http::Response {
        http::Response answer;
        if (std::string_view version = trim(req.header("X-Version")); !version.empty() && version != kDefaultVersion) {
          answer = mounted->pipeline.respond(
              make_error(Errc::invalid_argument, "Unsupported X-Version '" + std::string(version) +
                                                     "'; this server serves " + std::string(kDefaultVersion) + ".")
                  .with_field("X-Version"),
              req);
        } else {
          answer = mounted->pipeline.run(req, authz::Requirement::none(),
                                         [&](const service::Caller& caller) -> Result<http::Response> {
                                           RP_CHECK(check_scope(spec, need, services, caller));
                                           Call call{req, caller, services};
                                           return endpoint(call);
                                         });
        }
        decorate(answer, spec, req);
        return answer;
      });
}

}  // namespace

std::optional<http::Response> refuse_head(const http::Request& head, Services& services) {
  if (!head.path.starts_with("/prototype/")) return std::nullopt;
  auto refusal = common::refuse_head(WorkivaDialect(services), head);
  if (refusal) refusal->set_header("X-Version", std::string(kDefaultVersion));
  return refusal;
}

Routes route_table() {
  Routes all;
  for (auto area : {operations_routes, directory_routes})
    for (auto& route : area()) all.push_back(std::move(route));
  return all;
}

void mount(http::Router& router, Services& services) {
  auto mounted = std::make_shared<const Mounted>(services);
  for (auto& route : route_table())
    add_route(router, services, mounted, std::move(route.spec), std::move(route.handler));
  mount_token(router, services);
}

}  // namespace rp::api::workiva
