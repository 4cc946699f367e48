#pragma once
// Roles, their permission policies, the default roles, and who holds them.
// Permission checks of the route happen before these are called; these
// validate input, enforce invariants, write with an audit record in the same
// transaction, and refresh the engine's index before returning.
//
// Definitions this service settles:
// - A role's permission strings are its policies written out, one
//   "domain:entity:action" per action, in policy order, without duplicates.
// - unusedPermissions of a role: those permission strings that match nothing
//   in the catalog, so they grant nothing here (the catalog plays the part of
//   the organization's enabled products). unusedRoles of a user: the roles it
//   holds whose policies match nothing in the catalog.
// - roleNeedsUpdate is stored. Restoring default roles without force sets it
//   on each default role lacking a permission its current definition grants
//   (the definition grew since the role was created); restoring a role clears
//   it; PATCH sets it either way.
// - Role members: adding users grants the role in the organization's Home
//   division; removing users ends their grants of the role in every division.
//   userCount counts the users holding the role in at least one division.
// - Default roles cannot be deleted (PUT /roles/default restores them
//   instead), nor renamed.

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/error.h"
#include "core/paging.h"
#include "core/time.h"
#include "service/access/access.h"
#include "service/access/caller.h"
#include "service/roles/default_roles.h"
#include "store/store.h"

namespace rp::service {

struct RoleQuery {
  PageRequest page;
  std::string name;                           // case-insensitive substring
  std::vector<std::string> permissions;       // roles holding any of them (patterns allowed)
  std::vector<std::string> default_role_ids;  // roles copied from any of these definitions
  std::vector<std::string> ids;               // roles with any of these ids
};

struct RoleView {
  store::Role role;
  std::int64_t user_count = 0;
};

// A role as a request describes it. `policies[i]` is reported as
// "permissionPolicies[i]" and `permissions[i]` as "permissions[i]" when invalid.
struct RoleInput {
  std::string name;
  std::string description;
  std::vector<store::Policy> policies;
  std::vector<std::string> permissions;  // turned into policies of one action each
};

// A default role named by a PUT /roles/default element: its organization role
// id, or its default role id, or both.
struct DefaultRoleRef {
  std::string id;
  std::string default_role_id;
};

struct RoleDifference {
  std::vector<store::Policy> added;    // in the organization role, not in the definition
  std::vector<store::Policy> removed;  // in the definition, not in the organization role
  std::vector<store::Policy> same;
  RoleView user_role;
  store::Role from_default;  // the definition as a role (no id)
};

struct UserRoles {
  std::vector<store::Role> roles;        // held in at least one division, by name ignoring case
  std::vector<store::Role> unused;       // of those, the ones granting nothing in the catalog
  std::vector<std::string> permissions;  // catalog permissions held, sorted
  std::vector<store::Policy> policies;   // the policies of the roles held, without duplicates
};

class RoleService {
 public:
  static constexpr std::size_t kMaxMembers = 100;

  RoleService(store::Store& store, Access& access, const Clock& clock = system_clock())
      : store_(store), access_(access), clock_(clock) {}

  Result<Page<RoleView>> list(const Caller& caller, const RoleQuery& query);
  Result<RoleView> get(const Caller& caller, const std::string& id);
  Result<RoleView> create(const Caller& caller, RoleInput input);
  // Replaces name, description and policies.
  Result<RoleView> update(const Caller& caller, const std::string& id, RoleInput input);
  Result<RoleView> set_needs_update(const Caller& caller, const std::string& id, bool needs_update);
  // conflict while the role is granted to anyone.
  Result<void> remove(const Caller& caller, const std::string& id);

  // Adds the missing default roles; with `force` also resets every default
  // role to its definition. Answers the organization's default roles.
  Result<std::vector<RoleView>> restore_defaults(const Caller& caller, bool force);
  // Resets the named default roles to their definitions (adding those missing).
  Result<std::vector<RoleView>> restore_listed(const Caller& caller, const std::vector<DefaultRoleRef>& refs);
  // Run at start-up: in every organization, sets roleNeedsUpdate on each role
  // whose default definition changed since the role was created, restored or
  // acknowledged (by clearing the flag). Returns how many roles were flagged.
  Result<std::int64_t> flag_changed_definitions();
  // Compares role `left_id` (or `unsaved`, the role as edited but not saved)
  // with the definition `right_id` names: a default role id, or the id of an
  // organization role copied from a definition.
  Result<RoleDifference> compare_default(const Caller& caller, const std::string& left_id, const std::string& right_id,
                                         std::optional<RoleInput> unsaved = std::nullopt);

  // Grant or end the role for users; answer the user ids applied.
  Result<std::vector<std::string>> add_users(const Caller& caller, const std::string& role_id,
                                             const std::vector<std::string>& user_ids);
  Result<std::vector<std::string>> remove_users(const Caller& caller, const std::string& role_id,
                                                const std::vector<std::string>& user_ids);

  Result<UserRoles> user_roles(const Caller& caller, const std::string& user_id);
  // The user holds exactly `role_ids` afterwards: roles not listed end in every
  // division, listed roles not held yet are granted in the Home division.
  Result<UserRoles> set_user_roles(const Caller& caller, const std::string& user_id,
                                   const std::vector<std::string>& role_ids);
  Result<void> clear_user_roles(const Caller& caller, const std::string& user_id);

 private:
  Result<std::vector<store::Policy>> validated_policies(const RoleInput& in, const store::Role* existing) const;
  Result<std::vector<RoleView>> restore(const Caller& caller, const std::vector<DefaultRoleRef>* refs, bool force);

  store::Store& store_;
  Access& access_;
  const Clock& clock_;
};

// The distinct roles `grants` give user `user_id` (grants of other subjects
// and of unknown roles are skipped), in grant order.
std::vector<store::Role> roles_held(const std::vector<store::Grant>& grants,
                                    const std::unordered_map<std::string, store::Role>& roles_by_id,
                                    std::string_view user_id);
// The UserRoles of `user_id` holding `held`; its permissions are those the
// engine's index gives it.
UserRoles user_roles_of(std::vector<store::Role> held, const authz::OrgIndex& index, std::string_view user_id);

// The permission strings of a role's policies (see above).
std::vector<std::string> permission_strings(const std::vector<store::Policy>& policies);
// The permission strings of `policies` that match nothing in the catalog.
std::vector<std::string> unused_permissions(const std::vector<store::Policy>& policies);

}  // namespace rp::service
