#pragma once
// Programmatic API keys of the Atlas dialect and their HTTP Digest
// authentication (RFC 7616, as Atlas does it: realm "MMS Public API",
// qop "auth", algorithm MD5).
//
// A key belongs to one organization and holds organization roles of its own:
// grants with subject type api_key, subject id the key's 24-hex id, in the
// organization's home division (where the Atlas dialect keeps every
// organization role). The public key (8 lowercase letters) is the Digest
// username and the private key (a UUID) its password. The private key is
// shown once and never stored: the store keeps HA1 = MD5(public ":" realm ":"
// private), which is exactly what verifying a Digest response needs. HA1 is a
// password equivalent for this realm, so it is kept like a secret (never in
// audit records or answers).
//
// Nonces are made here and need no memory until used: each carries its
// expiry (kNonceMillis after it was made), 64 random bits and an HMAC-SHA256
// of both under a key drawn when the service starts, so answering challenges
// (which anyone may ask for) stores nothing. A nonce in an authenticated
// request is then remembered, until it expires, with the highest nonce count
// seen: a response must carry a nonce count above it (replays are refused)
// and a nonce this server made that has not expired (an expired or unknown
// one asks the client to retry with a new nonce: reason::digest_stale).
// With several servers behind a balancer a client must keep talking to the
// one that issued its nonce.

#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/error.h"
#include "core/time.h"
#include "service/access/access.h"
#include "service/access/caller.h"
#include "service/org_roles/atlas_roles.h"
#include "store/store.h"

namespace rp::service {

inline constexpr std::string_view kDigestRealm = "MMS Public API";
inline constexpr Millis kNonceMillis = 5 * 60 * 1000;

// A new random 24-hex-digit id (an ObjectId-like Atlas id).
std::string new_atlas_id();
// hex MD5 of `data`.
std::string md5_hex(std::string_view data);

// The fields of an `Authorization: Digest ...` header.
struct DigestCredentials {
  std::string username, realm, nonce, uri, response, qop, nc, cnonce, algorithm;
};

struct ApiKeyView {
  store::ApiKey key;
  std::vector<std::string> roles;  // organization role names
};

struct NewApiKey {
  ApiKeyView view;
  std::string private_key;  // shown once
};

// Inserts a key of the transaction's organization holding `roles` (Atlas
// organization role names) in the home division, with audit records by
// `actor` (null: the system). invalid_argument (field "roles") for an
// unknown role name or an empty list.
Result<NewApiKey> insert_api_key(store::ReadWriteTransaction& tx, const Caller* actor, const std::string& description,
                                 const std::vector<std::string>& roles, Millis now);

class ApiKeyService {
 public:
  ApiKeyService(store::Store& store, Access& access, const Clock& clock = system_clock());

  // insert_api_key by the caller, which must hold every permission of the
  // roles it gives in the home division (permission_denied, reason
  // reason::missing_permissions; check_can_grant_org_roles).
  Result<NewApiKey> create(const Caller& caller, const std::string& description, const std::vector<std::string>& roles);
  Result<std::vector<ApiKeyView>> list(const Caller& caller);
  // not_found if the key is not one of the caller's organization.
  Result<ApiKeyView> get(const Caller& caller, const std::string& id);
  // Changes the description and/or replaces the key's organization roles
  // (what is nullopt stays), in one audited transaction; the same rules as
  // create(). Permission checks made with the key change at once.
  Result<ApiKeyView> update(const Caller& caller, const std::string& id, const std::optional<std::string>& description,
                            const std::optional<std::vector<std::string>>& roles);
  // not_found if the key is not one of the caller's organization. Its grants go with it.
  Result<void> remove(const Caller& caller, const std::string& id);

  // A fresh nonce for a challenge.
  std::string new_nonce();
  // The caller a Digest response authenticates (subject type api_key), or
  // unauthenticated (reason::digest_stale when only the nonce expired).
  Result<Caller> authenticate(const DigestCredentials& c, std::string_view method, std::string_view correlation_id);

 private:
  struct NonceState {
    Millis expires;
    std::uint64_t last_nc;
  };
  // The expiry a nonce made by new_nonce() carries, or nullopt when it is
  // not one of this service's.
  std::optional<Millis> nonce_expiry(std::string_view nonce) const;
  std::string nonce_mac(std::string_view text) const;
  // Checks the nonce and nonce count and records the count.
  Result<void> use_nonce(const std::string& nonce, std::string_view nc);

  store::Store& store_;
  Access& access_;
  const Clock& clock_;
  std::string nonce_key_;
  std::mutex mu_;
  std::unordered_map<std::string, NonceState> nonces_;
  Millis next_sweep_ = 0;  // when expired nonces may be swept next
};

}  // namespace rp::service
