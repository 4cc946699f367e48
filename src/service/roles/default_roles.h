#pragma once
// The default roles: the roles every organization receives at bootstrap and
// that POST/PUT /api/v2/authorization/roles/default restore. Each definition
// has a stable default role id that the organization's copy keeps in
// Role::default_role_id, so a copy can be compared with (and restored to) its
// definition even after it was renamed or edited.
//
// The set:
//   admin, employee, supervisor        Genesys-style roles
//   ORG_OWNER, ORG_MEMBER, ORG_GROUP_CREATOR, ORG_BILLING_ADMIN,
//   ORG_BILLING_READ_ONLY, ORG_READ_ONLY   the MongoDB Atlas organization roles
// The Atlas roles carry their Atlas names so that the Atlas dialect finds them
// by name. A definition naming a permission the catalog lacks would still be
// restored as written: the engine ignores such a permission and the role
// reports it in unusedPermissions.

#include <string>
#include <string_view>
#include <vector>

#include "store/records.h"

namespace rp::service {

struct DefaultRole {
  std::string id;  // stable default role id, e.g. "admin"
  std::string name;
  std::string description;
  std::vector<store::Policy> policies;
};

const std::vector<DefaultRole>& default_roles();
// A digest of the definition (name, description, policies): it changes
// whenever the definition does. Stored on the roles made from it.
std::string definition_hash(const DefaultRole& def);
// The definition with default role id `id`, or null.
const DefaultRole* find_default_role(std::string_view id);

}  // namespace rp::service
