// POST /oauth/token: the OAuth 2 token endpoint (RFC 6749): the grants
// client_credentials, authorization_code (with PKCE) and refresh_token. Its
// errors use the OAuth body {error, description, error_description}, not
// ErrorBody.

#include <boost/json.hpp>

#include "api/genesys/endpoint.h"
#include "http/oauth.h"

namespace rp::api::genesys {
namespace json = boost::json;

http::Response post_oauth_token(http::Request& req, Services& services) {
  auto fail = [](const http::OAuthError& e) { return http::oauth_error_response(e, true); };
  auto request = http::parse_token_request(req);
  if (!request) return fail(request.error());
  const http::TokenRequest& r = *request;

  Result<service::IssuedTokens> issued;
  if (r.grant_type == "client_credentials") {
    auto cc =
        services.tokens.client_credentials(r.client_id, r.client_secret, req.correlation_id, {}, req.remote_address);
    if (cc) issued = service::IssuedTokens{std::move(cc->access_token), cc->expires_in, ""};
    else issued = std::unexpected(std::move(cc.error()));
  } else if (r.grant_type == "authorization_code") {
    issued = services.sign_in.redeem_code({r.client_id, r.client_secret}, r.param("code"), r.param("redirect_uri"),
                                          r.param("code_verifier"), req.correlation_id);
  } else if (r.grant_type == "refresh_token") {
    issued = services.sign_in.refresh({r.client_id, r.client_secret}, r.param("refresh_token"), req.correlation_id);
  } else {
    return fail({400, "unsupported_grant_type", "The grant type [" + r.grant_type + "] is not supported"});
  }
  if (!issued) return fail(http::oauth_error_of(issued.error(), r, req.correlation_id));
  json::object o{{"access_token", issued->access_token}, {"token_type", "bearer"}, {"expires_in", issued->expires_in}};
  if (!issued->refresh_token.empty()) o["refresh_token"] = issued->refresh_token;
  return http::oauth_token_response(json::serialize(o));
}

}  // namespace rp::api::genesys
