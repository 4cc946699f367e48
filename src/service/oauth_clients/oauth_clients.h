#pragma once
// OAuth clients of an organization: create, list, read, change, delete, and
// regenerate their secret.
//
// A client's roles are grants with subject type client (its roleDivisions);
// a client-credentials token acts with exactly those grants. Rules:
// - Every role and division given must exist in the organization
//   (invalid_argument naming roleDivisions[i].roleId / .divisionId); division
//   "*" means every division.
// - The caller must hold every permission of each role it gives the client,
//   in that division (in every division for "*"), else permission_denied: no
//   one can make a client stronger than themselves. On update only the pairs
//   the client does not hold yet are checked.
// - The secret is 256 random bits, returned only by create and
//   regenerate_secret; the store keeps its SHA-256. A new secret replaces the
//   old one at once.
// - Deleting a client, or setting its state to disabled or inactive, removes
//   its tokens in the same transaction and from the TokenService's memory
//   before the call returns.
// - Every mutation writes its audit records in the same transaction; a
//   change of roles patches the engine's index before the call returns.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/paging.h"
#include "service/access/access.h"
#include "service/access/caller.h"
#include "service/auth/tokens.h"
#include "service/roles/grants.h"
#include "store/store.h"

namespace rp::service {

// The grant types a client may be registered with (Genesys authorizedGrantType).
inline constexpr std::string_view kClientGrantTypes[] = {"CLIENT-CREDENTIALS", "CODE", "TOKEN", "PASSWORD",
                                                         "SAML2BEARER"};
inline constexpr std::int64_t kMinTokenValiditySeconds = 300;
inline constexpr std::int64_t kMaxTokenValiditySeconds = 172800;
inline constexpr std::int64_t kDefaultTokenValiditySeconds = 86400;

// A client as requested (Genesys OAuthClientRequest). Empty optionals take
// the defaults: 86400 seconds, state active, no deletion date.
struct OAuthClientInput {
  std::string name;
  std::string description;
  std::string grant_type;
  std::vector<std::string> redirect_uris;
  std::optional<std::int64_t> token_validity_seconds;
  std::vector<RoleDivision> role_divisions;
  std::optional<std::string> state;
  std::optional<Millis> date_to_delete;
};

struct ClientView {
  store::OAuthClient client;
  std::vector<store::Grant> grants;  // the client's role divisions
  std::string secret;                // set only by create and regenerate_secret
};

class OAuthClientService {
 public:
  OAuthClientService(store::Store& store, Access& access, TokenService& tokens, const Clock& clock = system_clock())
      : store_(store), access_(access), tokens_(tokens), clock_(clock) {}

  // Ordered by name ignoring case, then id.
  Result<Page<ClientView>> list(const Caller& caller, const PageRequest& page);
  // not_found for an id that is not one of the organization's clients.
  Result<ClientView> get(const Caller& caller, const std::string& id);
  Result<ClientView> create(const Caller& caller, const OAuthClientInput& input);
  // Replaces every field of the request; the roles become exactly
  // input.role_divisions.
  Result<ClientView> update(const Caller& caller, const std::string& id, const OAuthClientInput& input);
  Result<void> remove(const Caller& caller, const std::string& id);
  Result<ClientView> regenerate_secret(const Caller& caller, const std::string& id);

  // A client made by the server itself (the command line): no caller whose
  // permissions bound its roles; audited as the system.
  Result<ClientView> create_as_system(const OrgId& org, const OAuthClientInput& input);

 private:
  Result<ClientView> insert(const OrgId& org, const Caller* caller, const OAuthClientInput& input);

  store::Store& store_;
  Access& access_;
  TokenService& tokens_;
  const Clock& clock_;
};

}  // namespace rp::service
