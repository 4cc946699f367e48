// The request pipeline of the Genesys dialect and the mounting of its route
// table (the rows are in <api>_routes.cpp).

#include <memory>

#include "api/common/pipeline.h"
#include "api/genesys/endpoint.h"
#include "api/genesys/errors.h"
#include "core/reasons.h"
#include "core/strings.h"
#include "http/oauth.h"

namespace rp::api::genesys {
namespace {

// Bearer tokens from /oauth/token; errors as the Genesys ErrorBody.
class GenesysDialect final : public common::Dialect {
 public:
  explicit GenesysDialect(Services& services) : services_(services) {}

  // The caller of the request's bearer token (memory only: no store read).
  Result<service::Caller> authenticate(const http::Request& req) const override {
    if (req.header("Authorization").empty())
      return fail(make_error(Errc::unauthenticated, "No authentication bearer token specified in authorization header.")
                      .with_reason(reason::auth_required));
    std::string_view token = http::bearer_token(req);
    if (token.empty())
      return fail(make_error(Errc::unauthenticated, "The authorization header must carry a bearer token.")
                      .with_reason(reason::auth_required));
    return services_.tokens.authenticate(token, req.correlation_id);
  }

  http::Response error_body(const Error& e, const http::Request& req) const override { return error_response(e, req); }

 private:
  Services& services_;
};

struct Mounted {
  explicit Mounted(Services& services) : dialect(services), pipeline(dialect, services.limiter, services.access) {}
  GenesysDialect dialect;
  common::Pipeline pipeline;
};

}  // namespace

std::optional<http::Response> refuse_head(const http::Request& head, Services& services) {
  if (!head.path.starts_with("/api/v2/")) return std::nullopt;
  return common::refuse_head(GenesysDialect(services), head);
}

Routes route_table() {
  Routes all;
  for (auto api :
       {users_api_routes, authorization_api_routes, oauth_api_routes, tokens_api_routes, groups_api_routes,
        trust_api_routes, routing_api_routes, presence_api_routes, telephony_api_routes, analytics_api_routes})
    for (auto& route : api()) all.push_back(std::move(route));
  return all;
}

void mount(http::Router& router, Services& services) {
  router.add("POST", "/oauth/token", [&services](http::Request& req) { return post_oauth_token(req, services); });
  mount_authorize(router, services);
  mount_invitation_pages(router, services);
  auto mounted = std::make_shared<const Mounted>(services);
  for (auto& route : route_table())
    router.add(
        route.method, route.path,
        [&services, mounted, need = std::move(route.need), handler = std::move(route.handler)](http::Request& req) {
          return mounted->pipeline.run(req, need, [&](const service::Caller& caller) {
            Call call{req, caller, services, need};
            return handler(call);
          });
        });
}

http::Response not_found(const http::Request& req) {
  return status_response(404, "The requested resource [" + req.path + "] was not found.", req);
}

http::Response method_not_allowed(const http::Request& req, std::string_view allowed) {
  auto resp = status_response(405, "The method [" + req.method + "] is not allowed for [" + req.path + "].", req);
  resp.set_header("Allow", std::string(allowed));
  return resp;
}

}  // namespace rp::api::genesys
