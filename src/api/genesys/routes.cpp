// The request pipeline of the Genesys dialect and the mounting of its route
// table (the rows are in <api>_routes.cpp).

#include <spdlog/spdlog.h>

#include "api/genesys/endpoint.h"
#include "api/genesys/errors.h"
#include "core/strings.h"
#include "http/oauth.h"

namespace rp::api::genesys {
namespace {

using authz::Requirement;

// The caller of a request from its bearer token (memory only: no store read).
Result<service::Caller> authenticate(const http::Request& req, Services& services) {
  if (req.header("Authorization").empty())
    return fail(make_error(Errc::unauthenticated, "No authentication bearer token specified in authorization header.")
                    .with_reason("authentication.required"));
  std::string_view token = http::bearer_token(req);
  if (token.empty())
    return fail(make_error(Errc::unauthenticated, "The authorization header must carry a bearer token.")
                    .with_reason("authentication.required"));
  return services.tokens.authenticate(token, req.correlation_id);
}

http::Response run(const Endpoint& endpoint, const Requirement& need, Services& services, http::Request& req) {
  auto respond = [&](const Error& e) {
    if (e.code == Errc::internal) spdlog::error("{} {} [{}]: {}", req.method, req.path, req.correlation_id, e.message);
    return error_response(e, req);
  };
  auto caller = authenticate(req, services);
  if (!caller) return respond(caller.error());
  if (auto limited = services.limiter.acquire(caller->token_hash); !limited) return respond(limited.error());
  if (auto allowed = services.access.authorize(*caller, need); !allowed) return respond(allowed.error());
  Call call{req, *caller, services, need};
  auto result = endpoint(call);
  if (!result) return respond(result.error());
  return std::move(*result);
}

}  // namespace

std::optional<http::Response> refuse_head(const http::Request& head, Services& services) {
  if (!head.path.starts_with("/api/v2/")) return std::nullopt;
  auto caller = authenticate(head, services);
  if (caller) return std::nullopt;
  return error_response(caller.error(), head);
}

Routes route_table() {
  Routes all;
  for (auto api : {users_api_routes, authorization_api_routes, oauth_api_routes, tokens_api_routes})
    for (auto& route : api()) all.push_back(std::move(route));
  return all;
}

void mount(http::Router& router, Services& services) {
  router.add("POST", "/oauth/token", [&services](http::Request& req) { return post_oauth_token(req, services); });
  mount_authorize(router, services);
  mount_invitation_pages(router, services);
  for (auto& route : route_table())
    router.add(route.method, route.path,
               [&services, need = std::move(route.need), handler = std::move(route.handler)](http::Request& req) {
                 return run(handler, need, services, req);
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
