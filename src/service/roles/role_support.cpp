#include "service/roles/role_support.h"

#include <algorithm>
#include <unordered_set>

#include "authz/permission.h"
#include "core/ids.h"
#include "service/users/users.h"

namespace rp::service::detail {

Error role_not_found() { return make_error(Errc::not_found, "Unable to find a role with that roleId"); }

Result<store::Role> find_role(store::Reader& tx, const std::string& id, std::string_view field) {
  auto missing = [&] {
    Error e = role_not_found();
    if (!field.empty())
      e = make_error(Errc::not_found, "Unable to find a role with id [" + id + "]").with_field(std::string(field));
    return fail(std::move(e));
  };
  if (!is_uuid(id)) return missing();
  auto role = tx.get_role(id);
  if (!role && role.error().code == Errc::not_found) return missing();
  return role;
}

Result<store::User> find_user(store::Reader& tx, const std::string& id, std::string_view field) {
  auto missing = [&] {
    Error e = make_error(Errc::not_found, "Unable to find a user with id [" + id + "]");
    if (!field.empty()) e = std::move(e).with_field(std::string(field));
    return fail(std::move(e));
  };
  auto user = RP_TRY(find_live_user(tx, id));
  if (!user) return missing();
  return std::move(*user);
}

std::int64_t count_of(const Counts& counts, std::string_view role_id) {
  for (const auto& [id, n] : counts)
    if (id == role_id) return n;
  return 0;
}

bool covers(const std::vector<store::Policy>& policies, std::string_view domain, std::string_view entity,
            std::string_view action) {
  return std::any_of(policies.begin(), policies.end(), [&](const store::Policy& p) {
    return authz::part_matches(p.domain, domain) && authz::part_matches(p.entity, entity) &&
           std::any_of(p.actions.begin(), p.actions.end(),
                       [&](const std::string& a) { return authz::part_matches(a, action); });
  });
}

bool lacks_definition(const store::Role& role, const DefaultRole& def) {
  for (const auto& p : def.policies)
    for (const auto& a : p.actions)
      if (!covers(role.policies, p.domain, p.entity, a)) return true;
  return false;
}

store::Role role_from(const DefaultRole& def, Millis now) {
  store::Role role;
  role.id = new_uuid();
  role.name = def.name;
  role.description = def.description;
  role.default_role_id = def.id;
  role.policies = def.policies;
  role.definition_hash = definition_hash(def);
  role.created = role.modified = now;
  return role;
}

std::vector<std::string> unique(const std::vector<std::string>& ids) {
  std::vector<std::string> out;
  std::unordered_set<std::string> seen;
  for (const auto& id : ids)
    if (seen.insert(id).second) out.push_back(id);
  return out;
}

}  // namespace rp::service::detail
