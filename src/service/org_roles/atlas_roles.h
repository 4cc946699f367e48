#pragma once
// The six Atlas organization roles of an organization (ORG_OWNER ...
// ORG_READ_ONLY): default roles every organization has, found by their
// default role id (default roles can be neither deleted nor renamed), held
// as grants in the home division by users, API keys and OAuth clients. The
// Atlas and Workiva use cases read them here on every request, so the lookup
// reads role ids only, never the policies of the organization's roles.

#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "service/access/access.h"
#include "service/access/caller.h"
#include "store/store.h"

namespace rp::service {

// The six Atlas organization roles, in the order Atlas lists them.
const std::vector<std::string>& atlas_org_roles();
bool is_atlas_org_role(std::string_view name);

class AtlasRoles {
 public:
  static Result<AtlasRoles> of(store::Reader& tx);

  // The role id of organization role `name`, or null.
  const std::string* id_of(std::string_view name) const;
  bool is_org_role_id(std::string_view role_id) const;
  // The organization roles `grants` hold, in atlas_org_roles() order.
  std::vector<std::string> held(const std::vector<store::Grant>& grants) const;

 private:
  std::vector<std::pair<std::string, std::string>> ids_;  // (name, role id), in atlas_org_roles() order
};

// The Atlas organization roles `subject_id` holds in the organization.
Result<std::vector<std::string>> org_roles_of(store::Reader& tx, std::string_view subject_id);

// check_can_grant (service/grants.h) for organization roles `role_ids`
// given in the home division `home_division_id`: every dialect that gives an
// organization role (Atlas role changes and API keys, Workiva assignments)
// holds the caller to the permissions of the roles it gives. Roles held in
// `existing` are not checked.
Result<void> check_can_grant_org_roles(store::Reader& tx, Access& access, const Caller& caller,
                                       const std::vector<std::string>& role_ids, const std::string& home_division_id,
                                       const std::vector<store::Grant>& existing);

// True if a user other than `user_id` that is not deleted holds ORG_OWNER.
Result<bool> another_owner(store::Reader& tx, const AtlasRoles& roles, std::string_view user_id);

}  // namespace rp::service
