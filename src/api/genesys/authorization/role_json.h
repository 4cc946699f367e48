#pragma once
// The Genesys shapes of roles (role_json.cpp): DomainOrganizationRole,
// DomainPermissionPolicy, DomainOrgRoleDifference, UserAuthorization, and the
// reading of role bodies (DomainOrganizationRoleCreate/Update).

#include <boost/json/fwd.hpp>

#include "core/error.h"
#include "service/roles/roles.h"

namespace rp::api::genesys {

struct RoleShape {
  bool user_count = true;           // include userCount
  bool unused_permissions = false;  // include unusedPermissions (expand=unusedPermissions)
};

// DomainPermissionPolicy {domain, entityName, actionSet, allowConditions[, resourceConditionNode]}.
boost::json::object policy_json(const store::Policy& p);
// DomainOrganizationRole.
boost::json::object role_json(const service::RoleView& v, RoleShape shape = {});
// The definition side of a comparison: a DomainOrganizationRole without id.
boost::json::object default_role_json(const store::Role& r);
boost::json::object difference_json(const service::RoleDifference& d);
// UserAuthorization {roles, unusedRoles, permissions, permissionPolicies}.
boost::json::object user_authorization_json(const service::UserRoles& u);

// name, description, permissionPolicies and permissions of a role body;
// invalid_argument naming the field when one has the wrong type.
Result<service::RoleInput> parse_role_input(const boost::json::object& body);

}  // namespace rp::api::genesys
