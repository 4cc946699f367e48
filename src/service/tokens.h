#pragma once
// Access tokens: issuing them for OAuth grants and resolving bearer tokens to
// a Caller.
//
// Tokens are opaque random strings. The store keeps only their SHA-256 and
// expiry (so they survive a restart); this service keeps the same in memory,
// so authenticating a request is a hash and a map lookup, never a query.

#include <cstdint>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/error.h"
#include "core/time.h"
#include "service/access.h"
#include "service/caller.h"
#include "store/store.h"

namespace rp::service {

struct IssuedToken {
  std::string access_token;
  std::int64_t expires_in = 0;  // seconds
};

class TokenService {
 public:
  TokenService(store::Store& store, Access& access, const Clock& clock = system_clock())
      : store_(store), access_(access), clock_(clock) {}

  // Loads every live token from the store and drops expired ones there.
  Result<void> warm();

  // The client credentials grant. Errors carry an OAuth error in `reason`:
  // unauthenticated/"invalid_client" for an unknown client or a wrong secret,
  // invalid_argument/"unauthorized_client" for a client not allowed this grant.
  Result<IssuedToken> client_credentials(std::string_view client_id, std::string_view client_secret,
                                         std::string_view correlation_id);

  // Resolves a bearer token. unauthenticated/"bad.credentials" when it is
  // unknown, revoked or expired.
  Result<Caller> authenticate(std::string_view access_token, std::string_view correlation_id) const;

 private:
  struct Entry {
    OrgId org;
    std::string client_id;
    std::string user_id;
    Millis expires = 0;
  };

  store::Store& store_;
  Access& access_;
  const Clock& clock_;
  mutable std::shared_mutex mu_;
  std::unordered_map<std::string, Entry> tokens_;  // by token hash
};

}  // namespace rp::service
