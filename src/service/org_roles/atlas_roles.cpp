#include "service/org_roles/atlas_roles.h"

#include <algorithm>

#include "service/roles/grants.h"
#include "service/users/users.h"

namespace rp::service {

const std::vector<std::string>& atlas_org_roles() {
  static const std::vector<std::string> roles = {
      "ORG_OWNER", "ORG_MEMBER", "ORG_GROUP_CREATOR", "ORG_BILLING_ADMIN", "ORG_BILLING_READ_ONLY", "ORG_READ_ONLY"};
  return roles;
}

bool is_atlas_org_role(std::string_view name) {
  const auto& all = atlas_org_roles();
  return std::find(all.begin(), all.end(), name) != all.end();
}

Result<AtlasRoles> AtlasRoles::of(store::Reader& tx) {
  auto defaults = RP_TRY(tx.default_role_ids());
  AtlasRoles out;
  for (const auto& name : atlas_org_roles()) {
    auto it = std::find_if(defaults.begin(), defaults.end(), [&](const auto& d) { return d.first == name; });
    if (it != defaults.end()) out.ids_.emplace_back(name, it->second);
  }
  return out;
}

const std::string* AtlasRoles::id_of(std::string_view name) const {
  for (const auto& [n, id] : ids_)
    if (n == name) return &id;
  return nullptr;
}

bool AtlasRoles::is_org_role_id(std::string_view role_id) const {
  return std::any_of(ids_.begin(), ids_.end(), [&](const auto& e) { return e.second == role_id; });
}

std::vector<std::string> AtlasRoles::held(const std::vector<store::Grant>& grants) const {
  std::vector<std::string> out;
  for (const auto& [name, id] : ids_)
    if (std::any_of(grants.begin(), grants.end(), [&](const store::Grant& g) { return g.role_id == id; }))
      out.push_back(name);
  return out;
}

Result<std::vector<std::string>> org_roles_of(store::Reader& tx, std::string_view subject_id) {
  auto roles = RP_TRY(AtlasRoles::of(tx));
  return roles.held(RP_TRY(tx.grants_of(subject_id)));
}

Result<void> check_can_grant_org_roles(store::Reader& tx, Access& access, const Caller& caller,
                                       const std::vector<std::string>& role_ids, const std::string& home_division_id,
                                       const std::vector<store::Grant>& existing) {
  std::vector<RoleDivision> pairs;
  for (const auto& id : role_ids) pairs.push_back({id, home_division_id});
  return check_can_grant(tx, access, caller, pairs, existing);
}

Result<bool> another_owner(store::Reader& tx, const AtlasRoles& roles, std::string_view user_id) {
  const std::string* owner = roles.id_of("ORG_OWNER");
  if (!owner) return false;
  for (const auto& g : RP_TRY(tx.grants_of_role(*owner))) {
    if (g.subject_type != store::SubjectType::user || g.subject_id == user_id) continue;
    if (RP_TRY(find_live_user(tx, g.subject_id))) return true;
  }
  return false;
}

}  // namespace rp::service
