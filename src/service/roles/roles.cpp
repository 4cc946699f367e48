#include "service/roles/roles.h"
#include "service/access/effects.h"

#include <algorithm>

#include "authz/catalog.h"
#include "authz/permission.h"
#include "core/ids.h"
#include "core/reasons.h"
#include "core/strings.h"
#include "service/common/audit.h"
#include "service/roles/role_support.h"

namespace rp::service {
namespace {

using namespace detail;

constexpr std::size_t kMaxName = 255;
constexpr std::size_t kMaxDescription = 4096;

bool valid_part(std::string_view s) { return !s.empty() && s.find(':') == std::string_view::npos; }

// True if `pattern` (a permission string, '*' allowed) selects the role.
bool role_matches_permission(const store::Role& role, const authz::Permission& pattern) {
  for (const auto& e : authz::Catalog::builtin().entries())
    if (authz::part_matches(pattern.domain, e.domain) && authz::part_matches(pattern.entity, e.entity) &&
        authz::part_matches(pattern.action, e.action) && covers(role.policies, e.domain, e.entity, e.action))
      return true;
  // Permissions outside the catalog match as written.
  auto written = permission_strings(role.policies);
  return std::find(written.begin(), written.end(), pattern.domain + ":" + pattern.entity + ":" + pattern.action) !=
         written.end();
}

bool contains_any(const std::vector<std::string>& wanted, const std::string& v) {
  return std::find(wanted.begin(), wanted.end(), v) != wanted.end();
}

Result<void> check_name_free(store::Reader& tx, const std::string& name, const std::string& except_id) {
  for (const auto& r : RP_TRY(tx.list_roles()))
    if (r.id != except_id && iequals(r.name, name))
      return fail(make_error(Errc::conflict, "A role with the name [" + name + "] already exists")
                      .with_field("name")
                      .with_reason(reason::duplicate));
  return {};
}

Result<void> map_duplicate(Result<void> r, const std::string& name) {
  if (!r && r.error().code == Errc::conflict)
    return fail(make_error(Errc::conflict, "A role with the name [" + name + "] already exists")
                    .with_field("name")
                    .with_reason(reason::duplicate));
  return r;
}

}  // namespace

std::vector<std::string> permission_strings(const std::vector<store::Policy>& policies) {
  std::vector<std::string> out;
  for (const auto& p : policies)
    for (const auto& a : p.actions) {
      std::string s = p.domain + ":" + p.entity + ":" + a;
      if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(std::move(s));
    }
  return out;
}

std::vector<std::string> unused_permissions(const std::vector<store::Policy>& policies) {
  std::vector<std::string> out;
  const auto& catalog = authz::Catalog::builtin();
  for (const auto& p : policies)
    for (const auto& a : p.actions) {
      if (catalog.matches_any(authz::Permission{p.domain, p.entity, a})) continue;
      std::string s = p.domain + ":" + p.entity + ":" + a;
      if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(std::move(s));
    }
  return out;
}

Result<std::vector<store::Policy>> RoleService::validated_policies(const RoleInput& in,
                                                                   const store::Role* existing) const {
  const auto& catalog = authz::Catalog::builtin();
  // A permission the role already names word for word, or that its default
  // definition names, is accepted even if the catalog does not know it (yet),
  // so that reading a role and writing it back always works. Anything else
  // must match the catalog.
  std::vector<store::Policy> known;
  if (existing) {
    known = existing->policies;
    if (const auto* def = find_default_role(existing->default_role_id))
      known.insert(known.end(), def->policies.begin(), def->policies.end());
  }
  auto acceptable = [&](const authz::Permission& p) {
    if (catalog.matches_any(p)) return true;
    return std::any_of(known.begin(), known.end(), [&](const store::Policy& k) {
      return k.domain == p.domain && k.entity == p.entity &&
             std::find(k.actions.begin(), k.actions.end(), p.action) != k.actions.end();
    });
  };
  // A resource condition is allowed only on permissions that allow conditions.
  auto conditions_allowed = [&](const store::Policy& p) {
    for (const auto& e : catalog.entries())
      if (authz::part_matches(p.domain, e.domain) && authz::part_matches(p.entity, e.entity) &&
          std::any_of(p.actions.begin(), p.actions.end(),
                      [&](const std::string& a) { return authz::part_matches(a, e.action); }) &&
          !e.allows_conditions)
        return false;
    return true;
  };

  std::vector<store::Policy> out;
  for (std::size_t i = 0; i < in.policies.size(); ++i) {
    const auto& p = in.policies[i];
    std::string field = "permissionPolicies[" + std::to_string(i) + "]";
    if (!valid_part(p.domain))
      return invalid(field + ".domain", field + ".domain is required and must not contain ':'");
    if (!valid_part(p.entity))
      return invalid(field + ".entityName", field + ".entityName is required and must not contain ':'");
    if (p.actions.empty()) return invalid(field + ".actionSet", field + ".actionSet must name at least one action");
    for (const auto& a : p.actions) {
      if (!valid_part(a)) return invalid(field + ".actionSet", field + ".actionSet holds an empty or malformed action");
      if (!acceptable({p.domain, p.entity, a}))
        return invalid(field, "The permission [" + p.domain + ":" + p.entity + ":" + a + "] of " + field +
                                  " matches no known permission");
    }
    if (!p.condition_json.empty() && !conditions_allowed(p))
      return invalid(field + ".resourceConditionNode",
                     "The permissions of " + field + " do not allow resource conditions");
    store::Policy copy = p;
    std::vector<std::string> actions;
    for (const auto& a : copy.actions)
      if (!contains_any(actions, a)) actions.push_back(a);
    copy.actions = std::move(actions);
    out.push_back(std::move(copy));
  }
  for (std::size_t i = 0; i < in.permissions.size(); ++i) {
    std::string field = "permissions[" + std::to_string(i) + "]";
    auto parsed = authz::parse_permission(trim(in.permissions[i]));
    if (!parsed)
      return invalid(field, "The permission [" + in.permissions[i] + "] is not of the form domain:entity:action");
    if (!acceptable(*parsed))
      return invalid(field, "The permission [" + in.permissions[i] + "] matches no known permission");
    if (contains_any(permission_strings(out), parsed->domain + ":" + parsed->entity + ":" + parsed->action)) continue;
    auto same = std::find_if(out.begin(), out.end(), [&](const store::Policy& p) {
      return p.domain == parsed->domain && p.entity == parsed->entity && p.condition_json.empty();
    });
    if (same != out.end()) same->actions.push_back(parsed->action);
    else out.push_back({parsed->domain, parsed->entity, {parsed->action}, ""});
  }
  return out;
}

Result<Page<RoleView>> RoleService::list(const Caller& caller, const RoleQuery& q) {
  std::vector<authz::Permission> patterns;
  for (const auto& p : q.permissions) {
    auto parsed = authz::parse_permission(trim(p));
    if (!parsed) return invalid("permission", "The permission [" + p + "] is not of the form domain:entity:action");
    patterns.push_back(*parsed);
  }
  std::vector<store::Role> roles;
  Counts counts;
  RP_CHECK(store_.read(caller.org, [&](store::Reader& tx) -> Result<void> {
    roles = RP_TRY(tx.list_roles());
    counts = RP_TRY(tx.role_user_counts());
    return {};
  }));
  std::string needle = to_lower(trim(q.name));
  std::erase_if(roles, [&](const store::Role& r) {
    if (!needle.empty() && to_lower(r.name).find(needle) == std::string::npos) return true;
    if (!q.ids.empty() && !contains_any(q.ids, r.id)) return true;
    if (!q.default_role_ids.empty() && !contains_any(q.default_role_ids, r.default_role_id)) return true;
    if (!patterns.empty() &&
        std::none_of(patterns.begin(), patterns.end(), [&](const auto& p) { return role_matches_permission(r, p); }))
      return true;
    return false;
  });
  std::sort(roles.begin(), roles.end(), [](const store::Role& a, const store::Role& b) {
    auto la = to_lower(a.name), lb = to_lower(b.name);
    return la != lb ? la < lb : a.id < b.id;
  });
  Page<RoleView> page;
  page.total = static_cast<std::int64_t>(roles.size());
  auto first = std::min<std::int64_t>(q.page.offset(), page.total);
  auto last = std::min<std::int64_t>(first + q.page.page_size, page.total);
  for (auto i = first; i < last; ++i) {
    auto& r = roles[static_cast<std::size_t>(i)];
    auto n = count_of(counts, r.id);
    page.items.push_back({std::move(r), n});
  }
  return page;
}

Result<RoleView> RoleService::get(const Caller& caller, const std::string& id) {
  RoleView view;
  RP_CHECK(store_.read(caller.org, [&](store::Reader& tx) -> Result<void> {
    view.role = RP_TRY(find_role(tx, id));
    view.user_count = count_of(RP_TRY(tx.role_user_counts()), id);
    return {};
  }));
  return view;
}

Result<RoleView> RoleService::create(const Caller& caller, RoleInput in) {
  in.name = std::string(trim(in.name));
  if (in.name.empty()) return invalid("name", "name is required");
  if (in.name.size() > kMaxName) return invalid("name", "name must be at most 255 characters");
  if (in.description.size() > kMaxDescription)
    return invalid("description", "description must be at most 4096 characters");
  store::Role role;
  role.id = new_uuid();
  role.name = in.name;
  role.description = in.description;
  role.policies = RP_TRY(validated_policies(in, nullptr));
  role.created = role.modified = clock_.now();
  RP_CHECK(write_with_effects(
      store_, access_, nullptr, caller.org, [&](store::ReadWriteTransaction& tx, Effects& fx) -> Result<void> {
        RP_CHECK(check_name_free(tx, role.name, role.id));
        RP_CHECK(map_duplicate(tx.insert_role(role), role.name));
        fx.role_changed(role.id);
        return tx.insert_audit(
            audit_record(caller, {"role.create", "role", role.id, "", snapshot(role)}, role.created));
      }));
  return RoleView{std::move(role), 0};
}

Result<RoleView> RoleService::update(const Caller& caller, const std::string& id, RoleInput in) {
  in.name = std::string(trim(in.name));
  if (in.name.empty()) return invalid("name", "name is required");
  if (in.name.size() > kMaxName) return invalid("name", "name must be at most 255 characters");
  if (in.description.size() > kMaxDescription)
    return invalid("description", "description must be at most 4096 characters");
  RoleView view;
  RP_CHECK(write_with_effects(
      store_, access_, nullptr, caller.org, [&](store::ReadWriteTransaction& tx, Effects& fx) -> Result<void> {
        store::Role before = RP_TRY(find_role(tx, id));
        if (!before.default_role_id.empty() && in.name != before.name)
          return invalid("name", "The name of the default role [" + before.name + "] cannot be changed");
        store::Role after = before;
        after.name = in.name;
        after.description = in.description;
        after.policies = RP_TRY(validated_policies(in, &before));
        after.modified = clock_.now();
        RP_CHECK(check_name_free(tx, after.name, after.id));
        RP_CHECK(map_duplicate(tx.update_role(after), after.name));
        RP_CHECK(tx.insert_audit(
            audit_record(caller, {"role.update", "role", id, snapshot(before), snapshot(after)}, after.modified)));
        view.user_count = count_of(RP_TRY(tx.role_user_counts()), id);
        view.role = std::move(after);
        fx.role_changed(id);
        return {};
      }));
  return view;
}

Result<RoleView> RoleService::set_needs_update(const Caller& caller, const std::string& id, bool needs_update) {
  RoleView view;
  RP_CHECK(store_.write(caller.org, [&](store::ReadWriteTransaction& tx) -> Result<void> {
    store::Role before = RP_TRY(find_role(tx, id));
    store::Role after = before;
    after.needs_update = needs_update;
    // Clearing the flag acknowledges the current definition, so the start-up
    // pass does not raise it again for the same definition.
    if (!needs_update)
      if (const auto* def = find_default_role(before.default_role_id)) after.definition_hash = definition_hash(*def);
    after.modified = clock_.now();
    RP_CHECK(tx.update_role(after));
    RP_CHECK(tx.insert_audit(
        audit_record(caller, {"role.patch", "role", id, snapshot(before), snapshot(after)}, after.modified)));
    view.user_count = count_of(RP_TRY(tx.role_user_counts()), id);
    view.role = std::move(after);
    return {};
  }));
  // The flag does not change what the role grants: the index stays as it is.
  return view;
}

Result<void> RoleService::remove(const Caller& caller, const std::string& id) {
  return write_with_effects(
      store_, access_, nullptr, caller.org, [&](store::ReadWriteTransaction& tx, Effects& fx) -> Result<void> {
        store::Role before = RP_TRY(find_role(tx, id));
        if (!before.default_role_id.empty())
          return fail(make_error(Errc::invalid_argument, "The default role [" + before.name +
                                                             "] cannot be deleted; restore its default instead")
                          .with_reason(reason::role_is_default));
        // Grants through trusts count: the role is in use there too.
        const auto granted =
            static_cast<std::int64_t>(RP_TRY(tx.grants_of_role(id)).size()) + RP_TRY(tx.trust_grants_of_role(id));
        if (granted > 0)
          return fail(make_error(Errc::conflict, "The role [" + before.name + "] is granted " +
                                                     std::to_string(granted) +
                                                     " time(s); remove those grants before deleting it")
                          .with_reason(reason::role_in_use));
        RP_CHECK(tx.delete_role(id));
        fx.role_changed(id);
        return tx.insert_audit(audit_record(caller, {"role.delete", "role", id, snapshot(before), ""}, clock_.now()));
      });
}

}  // namespace rp::service
