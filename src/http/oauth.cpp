#include "http/oauth.h"

#include <spdlog/spdlog.h>

#include "core/reasons.h"
#include "core/strings.h"
#include "http/form.h"

namespace rp::http {
namespace {

std::unexpected<OAuthError> fail(int status, std::string error, std::string description, bool basic = false) {
  return std::unexpected(OAuthError{status, std::move(error), std::move(description), basic});
}

Response no_store(Response resp) {
  resp.set_header("Cache-Control", "no-store");
  resp.set_header("Pragma", "no-cache");
  return resp;
}

}  // namespace

std::string_view bearer_token(const Request& req) {
  std::string_view auth = trim(req.header("Authorization"));
  if (auth.size() > 7 && iequals(auth.substr(0, 7), "bearer ")) return trim(auth.substr(7));
  return {};
}

std::string_view TokenRequest::param(std::string_view key) const { return form_value(form, key).value_or(""); }

std::expected<TokenRequest, OAuthError> parse_token_request(const Request& req) {
  if (!is_form(req)) return fail(400, "invalid_request", "The body must be application/x-www-form-urlencoded");
  auto form = parse_form(req.body);
  if (!form) return fail(400, "invalid_request", "The form body is malformed");
  if (auto key = repeated_key(*form); !key.empty())
    return fail(400, "invalid_request", "The parameter [" + std::string(key) + "] is given more than once");
  TokenRequest out;
  out.form = std::move(*form);
  out.grant_type = std::string(out.param("grant_type"));
  if (out.grant_type.empty()) return fail(400, "invalid_request", "grant_type is required");

  std::string_view auth = trim(req.header("Authorization"));
  out.basic = !auth.empty();
  if (!out.basic) {
    out.client_id = std::string(out.param("client_id"));
    out.client_secret = std::string(out.param("client_secret"));
    return out;
  }
  if (auth.size() <= 6 || !iequals(auth.substr(0, 6), "basic "))
    return fail(401, "invalid_client", "Only HTTP Basic client authentication is supported");
  auto credentials = basic_credentials(auth);
  if (!credentials) return fail(401, "invalid_client", "The Basic authorization header is malformed", true);
  out.client_id = percent_decode(credentials->first, true).value_or(credentials->first);
  out.client_secret = percent_decode(credentials->second, true).value_or(credentials->second);
  if (form_value(out.form, "client_secret"))
    return fail(400, "invalid_request", "Client credentials must be sent in one way only");
  return out;
}

OAuthError oauth_error_of(const Error& e, const TokenRequest& req, std::string_view correlation_id) {
  switch (e.code) {
    case Errc::unauthenticated: return {401, "invalid_client", e.message, req.basic};
    case Errc::invalid_argument: {
      auto code = reason::oauth_code(e.reason);
      return {400, code.empty() ? "invalid_request" : std::string(code), e.message};
    }
    case Errc::unavailable: return {503, "temporarily_unavailable", "The server is busy; try again shortly"};
    case Errc::too_many_requests: {
      OAuthError out{429, "too_many_requests", e.message};
      out.retry_after = "1";
      for (const auto& [k, v] : e.params)
        if (k == "retryAfter") out.retry_after = v;
      return out;
    }
    default:
      spdlog::error("token request [{}]: {}", correlation_id, e.message);
      return {500, "server_error", "The server encountered an internal error"};
  }
}

Response oauth_error_response(const OAuthError& e, bool description_alias) {
  std::string body = "{\"error\":\"";
  append_json_escaped(body, e.error);
  body += "\",\"error_description\":\"";
  append_json_escaped(body, e.description);
  if (description_alias) {
    body += "\",\"description\":\"";
    append_json_escaped(body, e.description);
  }
  body += "\"}";
  auto resp = no_store(Response::json(e.status, std::move(body)));
  if (e.basic_challenge) resp.set_header("WWW-Authenticate", "Basic realm=\"roleplane\"");
  if (!e.retry_after.empty()) resp.set_header("Retry-After", e.retry_after);
  return resp;
}

Response oauth_token_response(std::string json_body) { return no_store(Response::json(200, std::move(json_body))); }

}  // namespace rp::http
