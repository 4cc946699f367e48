#pragma once
// The use cases of the Atlas dialect on one organization: its users with
// their Atlas organization roles, and replacing a user's organization roles.
//
// The Atlas organization roles are the six default roles ORG_OWNER ...
// ORG_READ_ONLY of each organization (service/default_roles.cpp), found by
// their default role id (default roles can be neither deleted nor renamed,
// so every organization keeps all six), held as
// grants in the organization's home division. Replacing a user's roles
// removes the user's grants of those six roles (in any division) and grants
// the new set in the home division, in one audited transaction, then patches
// the engine: permission checks in every dialect change at once.

#include <functional>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/paging.h"
#include "service/access/access.h"
#include "service/access/caller.h"
#include "store/store.h"

namespace rp::service {

struct OrgUserView {
  store::User user;
  std::vector<std::string> org_roles;  // in atlas_org_roles() order
};

class AtlasOrgService {
 public:
  AtlasOrgService(store::Store& store, Access& access, const Clock& clock = system_clock())
      : store_(store), access_(access), clock_(clock) {}

  // The caller's organization, in one read, after two checks: that
  // `atlas_org_id` is its Atlas id ("" skips this; permission_denied with
  // reason::org_no_access otherwise) and that the caller holds ORG_OWNER or one
  // of `any_of` (permission_denied, reason::org_role_required, param "role":
  // the one role required when `any_of` names one).
  Result<store::Organization> admit(const Caller& caller, std::string_view atlas_org_id,
                                    const std::vector<std::string>& any_of);

  // The organization's users in one of `states` (store user states; none
  // gives an empty page), by name; only the one whose email is `username`
  // (ignoring case) when it is not empty.
  Result<Page<OrgUserView>> list_users(const Caller& caller, const PageRequest& page,
                                       const std::vector<store::UserState>& states, const std::string& username = {});
  // not_found (reason::user_not_found) unless the Atlas id names a user of the organization.
  Result<OrgUserView> get_user(const Caller& caller, const std::string& atlas_user_id);
  // Replaces the user's organization roles. invalid_argument
  // (reason::role_unknown) for a name that is not an organization role;
  // permission_denied with reason::org_role_last_owner when the user is the
  // organization's last ORG_OWNER (among users that are not deleted) and the
  // set leaves it out, else reason::org_role_none_left for an empty set, else
  // reason::missing_permissions when the caller lacks a permission of a role it
  // gives in the home division (check_can_grant_org_roles).
  Result<OrgUserView> set_org_roles(const Caller& caller, const std::string& atlas_user_id,
                                    const std::vector<std::string>& roles);
  // Adds one organization role (holding it already changes nothing) or
  // removes one (not holding it changes nothing), atomically, under the same
  // rules as set_org_roles.
  Result<OrgUserView> add_org_role(const Caller& caller, const std::string& atlas_user_id, const std::string& role);
  Result<OrgUserView> remove_org_role(const Caller& caller, const std::string& atlas_user_id, const std::string& role);

 private:
  // Replaces the user's organization roles with wanted_of(the roles it
  // holds), computed inside the write transaction.
  Result<OrgUserView> change_org_roles(
      const Caller& caller, const std::string& atlas_user_id,
      const std::function<std::vector<std::string>(const std::vector<std::string>&)>& wanted_of);

  store::Store& store_;
  Access& access_;
  const Clock& clock_;
};

}  // namespace rp::service
