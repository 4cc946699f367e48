#pragma once
// The OAuth 2 token endpoint's request and error conventions (RFC 6749), as
// every dialect's token endpoint (Genesys /oauth/token, Atlas
// /api/oauth/token, Workiva /iam/v1/oauth2/token) reads and answers them.
// Which grants a dialect offers and the shape of its success body stay with
// the dialect.

#include <expected>
#include <string>
#include <string_view>

#include "core/error.h"
#include "http/message.h"

namespace rp::http {

// The token of an `Authorization: Bearer <token>` header (RFC 6750 2.1), or
// "" when the request has none.
std::string_view bearer_token(const Request& req);

// An OAuth error answer: {"error": error, "error_description": description}.
struct OAuthError {
  int status = 400;
  std::string error;  // invalid_request, invalid_client, unsupported_grant_type, ...
  std::string description;
  bool basic_challenge = false;  // answer WWW-Authenticate: Basic (the client sent Basic credentials)
  std::string retry_after;       // seconds, sent as Retry-After when not empty (429)
};

struct TokenRequest {
  Fields form;
  std::string grant_type;
  std::string client_id, client_secret;  // from Basic (form-decoded, RFC 6749 2.3.1) or the form
  bool basic = false;                    // the credentials came in an Authorization: Basic header

  // A form parameter, "" when absent.
  std::string_view param(std::string_view key) const;
};

// Reads a token request: a form body (Content-Type
// application/x-www-form-urlencoded) with no parameter repeated and a
// grant_type, and the client's credentials in an Authorization: Basic header
// or in client_id/client_secret, not both.
std::expected<TokenRequest, OAuthError> parse_token_request(const Request& req);

// The OAuth error for a failed grant: unauthenticated is invalid_client
// (401), invalid_argument the error named by its reason (400,
// invalid_request when it has none), unavailable temporarily_unavailable
// (503), anything else server_error (500, logged).
OAuthError oauth_error_of(const Error& e, const TokenRequest& req, std::string_view correlation_id);

// The error as a response, with Cache-Control: no-store. `description_alias`
// also writes the description as "description" (Genesys clients read that).
Response oauth_error_response(const OAuthError& e, bool description_alias = false);
// A successful token answer (a JSON object) with Cache-Control: no-store.
Response oauth_token_response(std::string json_body);

}  // namespace rp::http
