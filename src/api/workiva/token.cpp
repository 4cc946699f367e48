// POST /iam/v1/oauth2/token and POST /oauth2/token (its path in version
// 2026-01-01; the same handler): the Workiva client credentials grant over
// the organization's OAuth clients (TokenService). The answer's `scope` lists the
// requested scopes (all of them when none is asked for) that the client's
// roles allow: organization:write needs authorization:grant:add and
// organization:read authorization:role:view (endpoint.cpp checks the same on
// every request). The request is read and errors are answered by the shared
// OAuth pieces (http/oauth.h): a storage failure is 500 server_error (503
// temporarily_unavailable when the database is busy).
#include <boost/json.hpp>

#include "api/workiva/endpoint.h"
#include "authz/engine.h"
#include "core/strings.h"
#include "http/oauth.h"

namespace rp::api::workiva {
namespace {

namespace json = boost::json;

http::Response token(http::Request& req, Services& services) {
  auto request = http::parse_token_request(req);
  if (!request) return http::oauth_error_response(request.error());
  auto failure = [&](const Error& e) {
    return http::oauth_error_response(http::oauth_error_of(e, *request, req.correlation_id));
  };
  if (request->grant_type != "client_credentials")
    return http::oauth_error_response({400, "unsupported_grant_type", "Only client_credentials is supported."});
  std::vector<std::string> wanted;
  for (auto s : split(request->param("scope"), ' '))
    if (!s.empty()) wanted.emplace_back(s);
  for (const auto& s : wanted)
    if (s != "organization:read" && s != "organization:write")
      return http::oauth_error_response({400, "invalid_scope", "Unknown scope " + s + "."});
  // A token asked for with scopes is limited to them (endpoint.cpp checks);
  // one asked for without is limited only by the client's roles.
  const std::string limited = join(wanted, " ");
  if (wanted.empty()) wanted = {"organization:read", "organization:write"};
  auto issued = services.tokens.client_credentials(request->client_id, request->client_secret, req.correlation_id,
                                                   limited, req.remote_address);
  if (!issued) return failure(issued.error());
  auto caller = services.tokens.authenticate(issued->access_token, req.correlation_id);
  if (!caller) return failure(make_error(Errc::internal, "a token just issued does not authenticate"));
  std::string granted;
  for (const auto& s : wanted) {
    auto allowed = services.access.authorize(*caller, scope_requirement(s));
    if (!allowed && allowed.error().code != Errc::permission_denied) return failure(allowed.error());
    if (allowed) granted += (granted.empty() ? "" : " ") + s;
  }
  return http::oauth_token_response(json::serialize(json::object{{"access_token", issued->access_token},
                                                                 {"expires_in", issued->expires_in},
                                                                 {"scope", granted},
                                                                 {"token_type", "Bearer"}}));
}

}  // namespace

void mount_token(http::Router& router, Services& services) {
  for (std::string_view path : {"/iam/v1/oauth2/token", "/oauth2/token"})
    router.add("POST", path, [&services](http::Request& req) { return token(req, services); });
}

}  // namespace rp::api::workiva
