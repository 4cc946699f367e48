#pragma once
// Access tokens: issuing them for OAuth grants and resolving bearer tokens to
// a Caller.
//
// Tokens are opaque random strings. The store keeps only their SHA-256 and
// expiry (so they survive a restart); this service keeps the same in memory,
// so authenticating a request is a hash and a map lookup, never a query.

#include <cstdint>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/error.h"
#include "core/time.h"
#include "service/access/access.h"
#include "service/access/caller.h"
#include "service/auth/rate_limiter.h"
#include "store/store.h"

namespace rp::service {

struct IssuedToken {
  std::string access_token;
  std::int64_t expires_in = 0;  // seconds
};

struct TokenInfo {
  store::Organization organization;                      // the one the token acts in
  std::optional<store::Organization> home_organization;  // the user's own, for a trust session
  std::optional<std::string> clone_user_id;              // the user's clone in the trustor, if it has one
  store::OAuthClient client;
  std::vector<store::Grant> client_grants;
};

// Limits of the client credentials grant ([limits] in the configuration);
// capacity 0 disables a limit.
struct IssueLimits {
  RateLimit per_client;            // tokens issued to one client
  RateLimit failures_per_address;  // wrong or unknown credentials from one address
};

class TokenService {
 public:
  TokenService(store::Store& store, Access& access, const Clock& clock = system_clock(), IssueLimits limits = {})
      : store_(store),
        access_(access),
        clock_(clock),
        issues_(limits.per_client, clock),
        failures_(limits.failures_per_address, clock) {}

  // Loads every live token from the store and drops expired ones there.
  Result<void> warm();

  // The client credentials grant. Errors carry an OAuth error in `reason`:
  // unauthenticated/reason::oauth_invalid_client for an unknown client or a wrong secret,
  // invalid_argument/reason::oauth_unauthorized_client for a client not allowed this grant.
  // `scope` (space-separated, "" for none) is stored with the token and
  // handed to every Caller it authenticates; a dialect that has scopes
  // limits the token to them.
  //
  // too_many_requests (parameter retryAfter) when the client has used its
  // issuance budget, or when `remote_address` (the TCP peer; "" = none) has
  // used its budget of failures: only invalid_client answers spend it.
  Result<IssuedToken> client_credentials(std::string_view client_id, std::string_view client_secret,
                                         std::string_view correlation_id, std::string_view scope = {},
                                         std::string_view remote_address = {});

  // Resolves a bearer token. unauthenticated/reason::bad_credentials when it is
  // unknown, revoked or expired.
  Result<Caller> authenticate(std::string_view access_token, std::string_view correlation_id) const;

  // What the caller's token is: its organization and the client it was
  // issued to, with the client's role divisions.
  Result<TokenInfo> info(const Caller& caller);

  // Revocation: the store rows go in one audited transaction, then the
  // memory entries, before these return; the next request with a revoked
  // token is unauthenticated.
  // One token of the caller's organization (a no-op for an unknown hash);
  // for a user's token, every token of its sign-in session (signing out).
  Result<void> revoke(const Caller& caller, std::string_view token_hash);
  // Every token issued to client `client_id` of the caller's organization.
  Result<std::size_t> revoke_client(const Caller& caller, std::string_view client_id);
  // Every token of user `user_id`, refresh tokens included; not_found
  // unless it is a user (not deleted) of the caller's organization.
  Result<std::size_t> revoke_user(const Caller& caller, std::string_view user_id);
  // Enters a token the caller is inserting into the store (in its own write
  // transaction) into memory; if that write then fails, forget() it.
  void remember(const store::Token& token);
  // Drops tokens the store has already removed (in a transaction of the
  // caller's own) from memory.
  void forget(const std::vector<std::string>& token_hashes);
  // Moves a token's expiry in memory to `until` when it is later (its store
  // row was changed in the caller's own transaction).
  void shorten(const std::string& token_hash, Millis until);
  // Makes sure the engine index of `org` holds `subject`'s grants (a trust
  // session's user, e.g. one the default trust admits, may be new to it).
  Result<void> ensure_subject(const OrgId& org, std::string_view subject);

 private:
  struct Entry {
    OrgId org;   // the organization it acts in
    OrgId home;  // the user's own when it acts in another through a trust, else empty
    std::string client_id;
    std::string user_id;
    Millis expires = 0;
    std::string scope;
  };

  static Entry entry_of(const store::Token& t);
  Result<IssuedToken> issue(std::string_view client_id, std::string_view client_secret, std::string_view correlation_id,
                            std::string_view scope);

  store::Store& store_;
  Access& access_;
  const Clock& clock_;
  RateLimiter issues_;    // by client id, spent by authenticated clients only
  RateLimiter failures_;  // by peer address
  mutable std::shared_mutex mu_;
  std::unordered_map<std::string, Entry> tokens_;  // by token hash
};

}  // namespace rp::service
