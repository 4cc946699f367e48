// The route table of the Genesys dialect: the one place where each endpoint's
// required permissions are declared.

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

void add_route(http::Router& router, Services& services, std::string_view method, std::string_view path,
               Requirement need, Endpoint endpoint) {
  router.add(method, path, [&services, need = std::move(need), endpoint = std::move(endpoint)](http::Request& req) {
    return run(endpoint, need, services, req);
  });
}

void mount(http::Router& router, Services& services) {
  router.add("POST", "/oauth/token", [&services](http::Request& req) { return post_oauth_token(req, services); });
  mount_authorize(router, services);

  // UsersApi
  add_route(router, services, "POST", "/api/v2/users", Requirement::any_of({"directory:user:add"}), post_users);
  add_route(router, services, "GET", "/api/v2/users", Requirement::none(), get_users);
  add_route(router, services, "GET", "/api/v2/users/{userId}", Requirement::none(), get_user);
  add_route(router, services, "PATCH", "/api/v2/users/{userId}",
            Requirement::any_of({"admin", "directory:user:edit", "directory:organization:admin"}), patch_user);
  add_route(router, services, "DELETE", "/api/v2/users/{userId}",
            Requirement::any_of({"admin", "directory:user:delete", "directory:organization:admin"}), delete_user);

  // AuthorizationApi: divisions, grants, divisionspermitted
  mount_divisions(router, services);

  // AuthorizationApi: roles, role members, user roles
  mount_roles(router, services);

  // AuthorizationApi: permissions catalog, products
  mount_catalog(router, services);

  // OAuthApi: clients
  mount_oauth_clients(router, services);

  // TokensApi
  mount_tokens(router, services);

  // UsersApi: superiors, direct reports, adjacents
  mount_user_hierarchy(router, services);

  // UsersApi: user profiles, favorites, field configuration
  mount_profiles(router, services);

  // UsersApi: the signed-in user, passwords
  mount_users_me(router, services);
  // UsersApi: profile skills, invitations (and the invitation pages)
  mount_directory(router, services);
  // UsersApi: search
  mount_user_search(router, services);
  // UsersApi: bulk patch
  mount_users_bulk(router, services);
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
