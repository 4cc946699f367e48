// POST /iam/v1/oauth2/token and POST /oauth2/token (its path in version
// 2026-01-01; the same handler): the Workiva client credentials grant over
// the organization's OAuth clients (TokenService). The answer's `scope` lists the
// requested scopes (all of them when none is asked for) that the client's
// roles allow: organization:write needs authorization:grant:add and
// organization:read authorization:role:view (endpoint.cpp checks the same on
// every request). Errors are OAuth style {error, error_description}; a
// storage failure is 500 server_error (503 temporarily_unavailable when busy).
#include <boost/json.hpp>

#include "api/workiva/endpoint.h"
#include "authz/engine.h"
#include "core/strings.h"
#include "http/form.h"

namespace rp::api::workiva {
namespace {

namespace json = boost::json;

http::Response oauth_error(int status, std::string_view error, std::string_view description) {
  return http::Response::json(status, json::serialize(json::object{{"error", error}, {"error_description", description}}));
}

bool server_side(const Error& e) { return e.code == Errc::internal || e.code == Errc::unavailable; }

// The OAuth answer to a failure of the server, not of the client's request.
http::Response server_error(const Error& e) {
  if (e.code != Errc::unavailable) return oauth_error(500, "server_error", "An internal error occurred.");
  auto r = oauth_error(503, "temporarily_unavailable", e.message);
  r.set_header("Retry-After", "1");
  return r;
}

http::Response token(http::Request& req, Services& services) {
  auto form = http::parse_form(req.body);
  if (!form || !http::repeated_key(*form).empty())
    return oauth_error(400, "invalid_request", "The form body is malformed.");
  auto field = [&](std::string_view k) { return std::string(http::form_value(*form, k).value_or("")); };
  if (field("grant_type").empty()) return oauth_error(400, "invalid_request", "grant_type is required.");
  if (field("grant_type") != "client_credentials")
    return oauth_error(400, "unsupported_grant_type", "Only client_credentials is supported.");
  std::string id = field("client_id"), secret = field("client_secret");
  std::string_view auth = trim(req.header("Authorization"));
  if (!auth.empty()) {
    auto credentials = http::basic_credentials(auth);
    if (!credentials) return oauth_error(401, "invalid_client", "The Basic authorization is malformed.");
    id = std::move(credentials->first);
    secret = std::move(credentials->second);
  }
  std::vector<std::string> wanted;
  const std::string scope = field("scope");
  for (auto s : split(scope, ' '))
    if (!s.empty()) wanted.emplace_back(s);
  for (const auto& s : wanted)
    if (s != "organization:read" && s != "organization:write")
      return oauth_error(400, "invalid_scope", "Unknown scope " + s + ".");
  if (wanted.empty()) wanted = {"organization:read", "organization:write"};
  auto issued = services.tokens.client_credentials(id, secret, req.correlation_id);
  if (!issued) {
    if (server_side(issued.error())) return server_error(issued.error());
    if (issued.error().code == Errc::unauthenticated) return oauth_error(401, "invalid_client", issued.error().message);
    return oauth_error(400, issued.error().reason.empty() ? "invalid_request" : issued.error().reason,
                       issued.error().message);
  }
  auto caller = services.tokens.authenticate(issued->access_token, req.correlation_id);
  if (!caller) return server_error(caller.error());
  std::string granted;
  for (const auto& s : wanted) {
    auto allowed = services.access.authorize(*caller, scope_requirement(s));
    if (!allowed && allowed.error().code != Errc::permission_denied) return server_error(allowed.error());
    if (allowed) granted += (granted.empty() ? "" : " ") + s;
  }
  return http::Response::json(200, json::serialize(json::object{{"access_token", issued->access_token},
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
