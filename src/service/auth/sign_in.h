#pragma once
// Users signing in: the OAuth 2 authorization code grant with PKCE (RFC 6749
// §4.1, RFC 7636) and refresh tokens.
//
// - /oauth/authorize: client_for() finds the client (active, grant type CODE)
//   and checks the redirect URI against the registered ones, exactly. Its
//   errors must not redirect. check_request() checks the rest of the request;
//   its errors go back to the redirect URI. sign_in() checks the password
//   and answers a code: 256 random bits, stored as SHA-256, single use, valid
//   for `code_lifetime_seconds`, bound to the client, the redirect URI, the
//   user and the PKCE challenge. Only S256 challenges are accepted.
// - /oauth/token: redeem_code() and refresh() answer an access token (the
//   client's lifetime) and a refresh token (stored as SHA-256, rotated on
//   every use, bound to the client). A client that sends no secret must
//   prove the code with a PKCE verifier. A code used twice, or a rotated
//   refresh token used again, is invalid_grant and revokes every token of
//   that sign-in session (RFC 6749 §4.1.2, OAuth security BCP §4.14).
// - Only active users sign in or obtain tokens. A sign-in sets the user's
//   date_last_login, every issued token its last_token_issued (without
//   changing the user's version).
// - Failed sign-ins are limited per user and per client address (check_failures,
//   count_failure); successes do not count. The limiters live in memory.
//
// Errors carry the OAuth error code in `reason` (invalid_client,
// unauthorized_client, invalid_grant, invalid_request,
// unsupported_response_type, access_denied); wrong credentials are
// unauthenticated/reason::oauth_invalid_credentials whatever was wrong, so the answer
// never tells whether a user exists.

#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.h"
#include "service/access/access.h"
#include "service/auth/rate_limiter.h"
#include "service/auth/tokens.h"
#include "store/store.h"

namespace rp::service {

struct SignInSettings {
  std::int64_t max_failures_per_user = 5;      // failed sign-ins per user per window; 0 = no limit
  std::int64_t max_failures_per_address = 20;  // failed sign-ins per client address per window; 0 = no limit
  std::int64_t failure_window_seconds = 900;
  std::int64_t code_lifetime_seconds = 300;
  std::int64_t refresh_token_lifetime_seconds = 30 * 86400;
};

// The parameters of an authorization request.
struct AuthorizeRequest {
  std::string response_type;
  std::string client_id;
  std::string redirect_uri;
  std::string state;
  std::string code_challenge;
  std::string code_challenge_method;
  // The organization to act in through a trust (an organization id); "" or
  // the client's own organization for a normal sign-in.
  std::string target;
};

// A client that may sign users in, with the redirect URI it asked for.
struct SignInClient {
  OrgId org;
  store::OAuthClient client;
  std::string redirect_uri;
};

// Client authentication at /oauth/token; an empty secret is a public client.
struct ClientAuth {
  std::string client_id;
  std::string client_secret;
};

struct IssuedTokens {
  std::string access_token;
  std::int64_t expires_in = 0;  // seconds
  std::string refresh_token;
};

class SignInService {
 public:
  SignInService(store::Store& store, TokenService& tokens, SignInSettings settings = {},
                const Clock& clock = system_clock());

  const SignInSettings& settings() const { return settings_; }

  // invalid_argument with reason invalid_client (unknown, inactive, or not a
  // CODE client) or invalid_redirect_uri (missing or not registered).
  Result<SignInClient> client_for(std::string_view client_id, std::string_view redirect_uri);
  // invalid_argument with reason invalid_request or unsupported_response_type.
  Result<void> check_request(const AuthorizeRequest& request);
  // The authorization code for a user who gave the right password.
  // unauthenticated/reason::oauth_invalid_credentials for an unknown user, a wrong
  // password, or a user who is not active; too_many_requests (retryAfter)
  // when the user or the address has too many recent failures. With a
  // target, the user must be admitted there through a trust (checked only
  // once the password is verified): invalid_argument/reason::oauth_access_denied
  // otherwise, which spends no failure budget; the code and every token
  // issued from it act in the target.
  Result<std::string> sign_in(const SignInClient& client, const AuthorizeRequest& request, std::string_view username,
                              std::string_view password, std::string_view address, std::string_view correlation_id);

  Result<IssuedTokens> redeem_code(const ClientAuth& auth, std::string_view code, std::string_view redirect_uri,
                                   std::string_view code_verifier, std::string_view correlation_id);
  Result<IssuedTokens> refresh(const ClientAuth& auth, std::string_view refresh_token, std::string_view correlation_id);

  // Failed sign-in accounting, shared with password changes. `user_key`
  // names the user within `org` (its id, or the name it was asked by).
  Result<void> check_failures(const OrgId& org, std::string_view user_key, std::string_view address);
  void count_failure(const OrgId& org, std::string_view user_key, std::string_view address);

 private:
  // The client of a token request, authenticated.
  Result<SignInClient> token_client(const ClientAuth& auth);
  // Inserts an access token and a refresh token of `session` for `user_id`
  // (inside a write), remembering the access token in memory.
  // `acting_org` ("" = none) is the trustor a trust session acts in; the
  // tokens then end no later than the trust.
  Result<IssuedTokens> issue(store::ReadWriteTransaction& tx, const SignInClient& client, const std::string& user_id,
                             const std::string& session, const std::string& acting_org, std::string_view grant_type,
                             std::string_view correlation_id, std::string& access_hash);

  store::Store& store_;
  TokenService& tokens_;
  SignInSettings settings_;
  const Clock& clock_;
  RateLimiter user_failures_;
  RateLimiter address_failures_;
};

}  // namespace rp::service
