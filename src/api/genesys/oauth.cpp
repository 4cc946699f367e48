// POST /oauth/token: the OAuth 2 token endpoint (RFC 6749): the grants
// client_credentials, authorization_code (with PKCE) and refresh_token. Its
// errors use the OAuth body {error, description, error_description}, not
// ErrorBody.

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include "api/genesys/endpoint.h"
#include "core/strings.h"
#include "http/form.h"

namespace rp::api::genesys {
namespace json = boost::json;
namespace {

http::Response oauth_error(int status, std::string_view error, std::string_view description) {
  json::object o{{"error", error}, {"description", description}, {"error_description", description}};
  auto resp = http::Response::json(status, json::serialize(o));
  resp.set_header("Cache-Control", "no-store");
  resp.set_header("Pragma", "no-cache");
  return resp;
}

}  // namespace

http::Response post_oauth_token(http::Request& req, Services& services) {
  if (!http::is_form(req))
    return oauth_error(400, "invalid_request", "The body must be application/x-www-form-urlencoded");
  auto form = http::parse_form(req.body);
  if (!form) return oauth_error(400, "invalid_request", "The form body is malformed");
  if (auto key = http::repeated_key(*form); !key.empty())
    return oauth_error(400, "invalid_request", "The parameter [" + std::string(key) + "] is given more than once");

  auto grant = http::form_value(*form, "grant_type");
  if (!grant || grant->empty()) return oauth_error(400, "invalid_request", "grant_type is required");

  std::string client_id, client_secret;
  std::string_view auth = trim(req.header("Authorization"));
  bool basic = !auth.empty();
  if (basic) {
    if (auth.size() <= 6 || !iequals(auth.substr(0, 6), "basic "))
      return oauth_error(401, "invalid_client", "Only HTTP Basic client authentication is supported");
    auto credentials = http::basic_credentials(auth);
    if (!credentials) {
      auto resp = oauth_error(401, "invalid_client", "The Basic authorization header is malformed");
      resp.set_header("WWW-Authenticate", "Basic realm=\"roleplane\"");
      return resp;
    }
    // RFC 6749 2.3.1: the id and secret are form-encoded inside Basic.
    client_id = percent_decode(credentials->first, true).value_or(credentials->first);
    client_secret = percent_decode(credentials->second, true).value_or(credentials->second);
    if (http::form_value(*form, "client_secret"))
      return oauth_error(400, "invalid_request", "Client credentials must be sent in one way only");
  } else {
    client_id = std::string(http::form_value(*form, "client_id").value_or(""));
    client_secret = std::string(http::form_value(*form, "client_secret").value_or(""));
  }

  auto param = [&](std::string_view key) { return http::form_value(*form, key).value_or(""); };
  Result<service::IssuedTokens> issued;
  if (*grant == "client_credentials") {
    auto cc = services.tokens.client_credentials(client_id, client_secret, req.correlation_id);
    if (cc) issued = service::IssuedTokens{std::move(cc->access_token), cc->expires_in, ""};
    else issued = std::unexpected(std::move(cc.error()));
  } else if (*grant == "authorization_code") {
    issued = services.sign_in.redeem_code({client_id, client_secret}, param("code"), param("redirect_uri"),
                                          param("code_verifier"), req.correlation_id);
  } else if (*grant == "refresh_token") {
    issued = services.sign_in.refresh({client_id, client_secret}, param("refresh_token"), req.correlation_id);
  } else {
    return oauth_error(400, "unsupported_grant_type", "The grant type [" + std::string(*grant) + "] is not supported");
  }
  if (!issued) {
    const Error& e = issued.error();
    switch (e.code) {
      case Errc::unauthenticated: {
        auto resp = oauth_error(401, "invalid_client", e.message);
        if (basic) resp.set_header("WWW-Authenticate", "Basic realm=\"roleplane\"");
        return resp;
      }
      case Errc::invalid_argument:
        return oauth_error(400, e.reason.empty() ? "invalid_request" : e.reason, e.message);
      case Errc::unavailable:
        return oauth_error(503, "temporarily_unavailable", "The server is busy; try again shortly");
      default:
        spdlog::error("POST /oauth/token [{}]: {}", req.correlation_id, e.message);
        return oauth_error(500, "server_error", "The server encountered an internal error");
    }
  }
  json::object o{{"access_token", issued->access_token}, {"token_type", "bearer"}, {"expires_in", issued->expires_in}};
  if (!issued->refresh_token.empty()) o["refresh_token"] = issued->refresh_token;
  auto resp = http::Response::json(200, json::serialize(o));
  resp.set_header("Cache-Control", "no-store");
  resp.set_header("Pragma", "no-cache");
  return resp;
}

}  // namespace rp::api::genesys
