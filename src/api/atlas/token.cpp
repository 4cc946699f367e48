// POST /api/oauth/token: service accounts' client credentials grant. A
// service account is an OAuth client of the organization (created with the
// Genesys OAuth clients API or `roleplane client create`); its Atlas
// organization roles are its grants of the six organization roles, like an
// API key's. The bearer token it gets is accepted on every Atlas route
// (endpoint.cpp) and is an ordinary access token of the organization.
#include <boost/json.hpp>

#include "api/atlas/api.h"
#include "http/oauth.h"

namespace rp::api::atlas {
namespace {

http::Response token(http::Request& req, Services& services) {
  auto request = http::parse_token_request(req);
  if (!request) return http::oauth_error_response(request.error());
  if (request->grant_type != "client_credentials")
    return http::oauth_error_response(
        {400, "unsupported_grant_type", "The grant type [" + request->grant_type + "] is not supported"});
  auto issued = services.tokens.client_credentials(request->client_id, request->client_secret, req.correlation_id, {},
                                                   req.remote_address);
  if (!issued) return http::oauth_error_response(http::oauth_error_of(issued.error(), *request, req.correlation_id));
  return http::oauth_token_response(boost::json::serialize(boost::json::object{
      {"access_token", issued->access_token}, {"expires_in", issued->expires_in}, {"token_type", "Bearer"}}));
}

}  // namespace

void mount_token(http::Router& router, Services& services) {
  router.add("POST", "/api/oauth/token", [&services](http::Request& req) { return token(req, services); });
}

}  // namespace rp::api::atlas
