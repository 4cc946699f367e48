// RoleService: restoring default roles and comparing roles with their definitions.

#include <algorithm>

#include "core/ids.h"
#include "core/reasons.h"
#include "core/strings.h"
#include "service/access/effects.h"
#include "service/common/audit.h"
#include "service/roles/role_support.h"
#include "service/roles/roles.h"

namespace rp::service {
namespace {

using namespace detail;

// One action of a policy: the unit in which roles are compared.
struct Unit {
  std::string domain, entity, condition, action;
  bool operator==(const Unit&) const = default;
};

std::vector<Unit> units(const std::vector<store::Policy>& policies) {
  std::vector<Unit> out;
  for (const auto& p : policies)
    for (const auto& a : p.actions) {
      Unit u{p.domain, p.entity, p.condition_json, a};
      if (std::find(out.begin(), out.end(), u) == out.end()) out.push_back(std::move(u));
    }
  return out;
}

// Units grouped back into policies by (domain, entity, condition), in first-seen order.
std::vector<store::Policy> policies_of(const std::vector<Unit>& us) {
  std::vector<store::Policy> out;
  for (const auto& u : us) {
    auto it = std::find_if(out.begin(), out.end(), [&](const store::Policy& p) {
      return p.domain == u.domain && p.entity == u.entity && p.condition_json == u.condition;
    });
    if (it == out.end()) out.push_back({u.domain, u.entity, {u.action}, u.condition});
    else it->actions.push_back(u.action);
  }
  return out;
}

std::vector<Unit> minus(const std::vector<Unit>& a, const std::vector<Unit>& b) {
  std::vector<Unit> out;
  for (const auto& u : a)
    if (std::find(b.begin(), b.end(), u) == b.end()) out.push_back(u);
  return out;
}

Error name_taken(const std::string& name) {
  return make_error(Errc::conflict,
                    "The default role [" + name + "] cannot be added: another role already has that name")
      .with_reason(reason::duplicate);
}

}  // namespace

Result<std::vector<RoleView>> RoleService::restore_defaults(const Caller& caller, bool force) {
  return restore(caller, nullptr, force);
}

Result<std::vector<RoleView>> RoleService::restore_listed(const Caller& caller,
                                                          const std::vector<DefaultRoleRef>& refs) {
  if (refs.empty()) return invalid("body", "List at least one default role to restore");
  return restore(caller, &refs, true);
}

Result<std::vector<RoleView>> RoleService::restore(const Caller& caller, const std::vector<DefaultRoleRef>* refs,
                                                   bool force) {
  std::vector<std::string> answer;  // role ids, in definition or request order
  Millis now = clock_.now();
  RP_CHECK(write_with_effects(
      store_, access_, nullptr, caller.org, [&](store::ReadWriteTransaction& tx, Effects& fx) -> Result<void> {
        auto roles = RP_TRY(tx.list_roles());
        auto copy_of = [&](std::string_view default_id) -> store::Role* {
          for (auto& r : roles)
            if (r.default_role_id == default_id) return &r;
          return nullptr;
        };

        // The definitions to act on, each with the role the request named, if any.
        std::vector<const DefaultRole*> targets;
        if (!refs) {
          for (const auto& d : default_roles()) targets.push_back(&d);
        } else {
          for (std::size_t i = 0; i < refs->size(); ++i) {
            const auto& ref = (*refs)[i];
            std::string field = "body[" + std::to_string(i) + "]";
            const DefaultRole* def = nullptr;
            if (!ref.id.empty()) {
              store::Role role = RP_TRY(find_role(tx, ref.id, field + ".id"));
              def = find_default_role(role.default_role_id);
              if (!def) return invalid(field + ".id", "The role [" + role.name + "] is not a default role");
              if (!ref.default_role_id.empty() && ref.default_role_id != role.default_role_id)
                return invalid(field + ".defaultRoleId", "defaultRoleId does not match the role's default role id");
            } else if (!ref.default_role_id.empty()) {
              def = find_default_role(ref.default_role_id);
              if (!def)
                return invalid(field + ".defaultRoleId", "There is no default role [" + ref.default_role_id + "]");
            } else {
              return invalid(field, field + " must give the id or the defaultRoleId of a default role");
            }
            if (std::find(targets.begin(), targets.end(), def) == targets.end()) targets.push_back(def);
          }
        }

        for (const auto* def : targets) {
          store::Role* existing = copy_of(def->id);
          if (!existing) {
            for (const auto& r : roles)
              if (iequals(r.name, def->name)) return fail(name_taken(def->name));
            store::Role role = role_from(*def, now);
            RP_CHECK(tx.insert_role(role));
            RP_CHECK(tx.insert_audit(audit_record(caller, {"role.restore", "role", role.id, "", snapshot(role)}, now)));
            fx.role_changed(role.id);
            answer.push_back(role.id);
            roles.push_back(std::move(role));
            continue;
          }
          answer.push_back(existing->id);
          store::Role after = *existing;
          if (force) {
            after.name = def->name;
            after.description = def->description;
            after.policies = def->policies;
            after.needs_update = false;
            after.definition_hash = definition_hash(*def);
          } else if (lacks_definition(*existing, *def)) {
            after.needs_update = true;
          }
          if (after.name == existing->name && after.description == existing->description &&
              after.policies == existing->policies && after.needs_update == existing->needs_update &&
              after.definition_hash == existing->definition_hash)
            continue;
          after.modified = now;
          RP_CHECK(tx.update_role(after));
          std::string_view action = force ? "role.restore" : "role.needsUpdate";
          RP_CHECK(tx.insert_audit(
              audit_record(caller, {action, "role", after.id, snapshot(*existing), snapshot(after)}, now)));
          fx.role_changed(after.id);
          *existing = std::move(after);
        }
        return {};
      }));

  std::vector<RoleView> out;
  RP_CHECK(store_.read(caller.org, [&](store::Reader& tx) -> Result<void> {
    auto counts = RP_TRY(tx.role_user_counts());
    for (const auto& id : answer) {
      auto role = tx.get_role(id);
      if (!role && role.error().code == Errc::not_found) continue;  // deleted meanwhile
      if (!role) return fail(role.error());
      out.push_back({std::move(*role), count_of(counts, id)});
    }
    return {};
  }));
  return out;
}

Result<RoleDifference> RoleService::compare_default(const Caller& caller, const std::string& left_id,
                                                    const std::string& right_id, std::optional<RoleInput> unsaved) {
  RoleDifference diff;
  const DefaultRole* def = find_default_role(right_id);
  RP_CHECK(store_.read(caller.org, [&](store::Reader& tx) -> Result<void> {
    diff.user_role.role = RP_TRY(find_role(tx, left_id));
    diff.user_role.user_count = count_of(RP_TRY(tx.role_user_counts()), left_id);
    if (!def && is_uuid(right_id)) {
      auto right = tx.get_role(right_id);
      if (right) def = find_default_role(right->default_role_id);
      else if (right.error().code != Errc::not_found) return fail(right.error());
    }
    return {};
  }));
  if (!def)
    return fail(make_error(Errc::not_found, "Unable to find a default role with id [" + right_id + "]")
                    .with_field("rightRoleId"));
  if (unsaved) {
    auto& role = diff.user_role.role;
    std::string name(trim(unsaved->name));
    if (!name.empty()) role.name = name;
    role.description = unsaved->description;
    role.policies = RP_TRY(validated_policies(*unsaved, &role));
  }
  diff.from_default.name = def->name;
  diff.from_default.description = def->description;
  diff.from_default.default_role_id = def->id;
  diff.from_default.policies = def->policies;

  auto mine = units(diff.user_role.role.policies);
  auto theirs = units(def->policies);
  diff.added = policies_of(minus(mine, theirs));
  diff.removed = policies_of(minus(theirs, mine));
  diff.same = policies_of(minus(mine, minus(mine, theirs)));
  return diff;
}

Result<std::int64_t> RoleService::flag_changed_definitions() {
  std::int64_t flagged = 0;
  auto orgs = RP_TRY(store_.list_organizations());
  for (const auto& org : orgs) {
    RP_CHECK(store_.write(OrgId(org.id), [&](store::ReadWriteTransaction& tx) -> Result<void> {
      Millis now = clock_.now();
      for (const auto& role : RP_TRY(tx.list_roles())) {
        const DefaultRole* def = find_default_role(role.default_role_id);
        if (!def) continue;
        std::string current = definition_hash(*def);
        if (role.definition_hash == current) continue;
        store::Role after = role;
        if (role.definition_hash.empty()) {
          // Made before definitions were tracked: adopt the current one, and
          // flag the role only if it differs from it.
          after.definition_hash = current;
          after.needs_update = role.needs_update || role.policies != def->policies;
        } else {
          after.needs_update = true;  // the definition changed; restoring adopts it
        }
        if (after.needs_update == role.needs_update && after.definition_hash == role.definition_hash) continue;
        if (after.needs_update && !role.needs_update) ++flagged;
        after.modified = now;
        RP_CHECK(tx.update_role(after));
        RP_CHECK(tx.insert_audit(
            system_audit_record({"role.needsUpdate", "role", role.id, snapshot(role), snapshot(after)}, now)));
      }
      return {};
    }));
  }
  return flagged;
}

}  // namespace rp::service
