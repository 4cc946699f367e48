#pragma once
// Organizations and their OAuth clients, as created by the operator from the
// command line: `roleplane bootstrap` and `roleplane client create`.

#include <string>
#include <vector>

#include "core/error.h"
#include "service/access/access.h"
#include "service/roles/default_roles.h"
#include "store/store.h"

namespace rp::service {

struct NewClientCredentials {
  std::string client_id;
  std::string client_secret;  // shown once; only its hash is stored
};

struct BootstrapResult {
  std::string organization_id;
  NewClientCredentials client;
  std::string atlas_org_id;      // the organization's 24-hex Atlas id
  std::string atlas_public_key;  // a first API key holding ORG_OWNER
  std::string atlas_private_key;
};

class OrgService {
 public:
  // Clients this service creates issue tokens valid for `token_validity_seconds`.
  OrgService(store::Store& store, Access& access, std::int64_t token_validity_seconds = 86400,
             const Clock& clock = system_clock())
      : store_(store), access_(access), token_validity_(token_validity_seconds), clock_(clock) {}

  // A new organization with its Home division, the default roles, a
  // client-credentials client holding the admin role in every division and
  // an Atlas API key holding ORG_OWNER.
  Result<BootstrapResult> bootstrap(const std::string& name);

  // A client-credentials client of `org` holding the named roles in every
  // division. invalid_argument naming "role" if a role name is unknown.
  Result<NewClientCredentials> create_client(const OrgId& org, const std::string& name,
                                             const std::vector<std::string>& role_names);

 private:
  store::Store& store_;
  Access& access_;
  std::int64_t token_validity_;
  const Clock& clock_;
};

}  // namespace rp::service
