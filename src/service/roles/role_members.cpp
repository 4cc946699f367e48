// RoleService: who holds a role (PUT /roles/{id}/users/add|remove) and the
// roles of one user (GET/PUT/DELETE /users/{id}/roles).

#include <algorithm>
#include <unordered_map>

#include "authz/catalog.h"
#include "authz/index.h"
#include "authz/permission.h"
#include "core/strings.h"
#include "service/access/effects.h"
#include "service/common/audit.h"
#include "service/roles/grants.h"
#include "service/roles/role_support.h"
#include "service/roles/roles.h"

namespace rp::service {
namespace {

using namespace detail;

Result<void> check_member_list(const std::vector<std::string>& ids) {
  if (ids.size() > RoleService::kMaxMembers)
    return invalid("body", "At most " + std::to_string(RoleService::kMaxMembers) + " user ids may be given at once");
  return {};
}

bool grants_anything(const store::Role& role) {
  const auto& catalog = authz::Catalog::builtin();
  for (const auto& p : role.policies)
    for (const auto& a : p.actions)
      if (catalog.matches_any({p.domain, p.entity, a})) return true;
  return false;
}

bool is_user_grant(const store::Grant& g) { return g.subject_type == store::SubjectType::user; }

// not_found naming body[i] (the position in the request) for the first of
// `ids` (the distinct ids of `requested`) that is not a user of the organization.
Result<void> find_users(store::Reader& tx, const std::vector<std::string>& ids,
                        const std::vector<std::string>& requested) {
  for (const auto& id : ids) {
    auto at = std::find(requested.begin(), requested.end(), id) - requested.begin();
    RP_CHECK(find_user(tx, id, "body[" + std::to_string(at) + "]"));
  }
  return {};
}

}  // namespace

Result<std::vector<std::string>> RoleService::add_users(const Caller& caller, const std::string& role_id,
                                                        const std::vector<std::string>& user_ids) {
  RP_CHECK(check_member_list(user_ids));
  auto ids = unique(user_ids);
  Millis now = clock_.now();
  RP_CHECK(write_with_effects(
      store_, access_, nullptr, caller.org, [&](store::ReadWriteTransaction& tx, Effects& fx) -> Result<void> {
        RP_CHECK(find_role(tx, role_id));
        auto org = RP_TRY(tx.organization());
        RP_CHECK(find_users(tx, ids, user_ids));
        for (const auto& id : ids) {
          store::Grant g{id, store::SubjectType::user, role_id, org.home_division_id, now};
          auto held = RP_TRY(tx.grants_of(id));
          if (std::find(held.begin(), held.end(), g) != held.end()) continue;
          RP_CHECK(check_can_grant(tx, access_, caller, {{role_id, org.home_division_id}}, {}));
          RP_CHECK(tx.insert_grant(g));
          RP_CHECK(tx.insert_audit(audit_record(caller, {"grant.add", "grant", id, "", snapshot(g)}, now)));
          fx.grants_changed(id);
        }
        return {};
      }));
  return ids;
}

Result<std::vector<std::string>> RoleService::remove_users(const Caller& caller, const std::string& role_id,
                                                           const std::vector<std::string>& user_ids) {
  RP_CHECK(check_member_list(user_ids));
  auto ids = unique(user_ids);
  Millis now = clock_.now();
  RP_CHECK(write_with_effects(
      store_, access_, nullptr, caller.org, [&](store::ReadWriteTransaction& tx, Effects& fx) -> Result<void> {
        RP_CHECK(find_role(tx, role_id));
        RP_CHECK(find_users(tx, ids, user_ids));
        for (const auto& id : ids) {
          bool any = false;
          for (const auto& g : RP_TRY(tx.grants_of(id))) {
            if (g.role_id != role_id || !is_user_grant(g)) continue;
            RP_CHECK(tx.delete_grant(g));
            RP_CHECK(tx.insert_audit(audit_record(caller, {"grant.remove", "grant", id, snapshot(g), ""}, now)));
            any = true;
          }
          if (any) fx.grants_changed(id);
        }
        return {};
      }));
  return ids;
}

Result<UserRoles> RoleService::user_roles(const Caller& caller, const std::string& user_id) {
  std::vector<store::Role> held;
  RP_CHECK(store_.read(caller.org, [&](store::Reader& tx) -> Result<void> {
    RP_CHECK(find_user(tx, user_id));
    auto grants = RP_TRY(tx.grants_of(user_id));
    std::unordered_map<std::string, store::Role> by_id;
    for (auto& r : RP_TRY(tx.list_roles())) by_id.emplace(r.id, std::move(r));
    held = roles_held(grants, by_id, user_id);
    return {};
  }));
  auto index = RP_TRY(access_.index(caller.org));
  return user_roles_of(std::move(held), *index, user_id);
}

std::vector<store::Role> roles_held(const std::vector<store::Grant>& grants,
                                    const std::unordered_map<std::string, store::Role>& roles_by_id,
                                    std::string_view user_id) {
  std::vector<store::Role> out;
  for (const auto& g : grants) {
    auto it = roles_by_id.find(g.role_id);
    if (!is_user_grant(g) || g.subject_id != user_id || it == roles_by_id.end()) continue;
    bool seen = std::any_of(out.begin(), out.end(), [&](const store::Role& r) { return r.id == g.role_id; });
    if (!seen) out.push_back(it->second);
  }
  return out;
}

UserRoles user_roles_of(std::vector<store::Role> held, const authz::OrgIndex& index, std::string_view user_id) {
  UserRoles out;
  out.roles = std::move(held);
  std::sort(out.roles.begin(), out.roles.end(), [](const store::Role& a, const store::Role& b) {
    auto la = to_lower(a.name), lb = to_lower(b.name);
    return la != lb ? la < lb : a.id < b.id;
  });
  for (const auto& r : out.roles) {
    if (!grants_anything(r)) out.unused.push_back(r);
    for (const auto& p : r.policies)
      if (std::find(out.policies.begin(), out.policies.end(), p) == out.policies.end()) out.policies.push_back(p);
  }
  // What the engine decides, so the answer shows exactly what checks see.
  for (auto id : index.permissions_of(user_id)) {
    const auto& e = index.catalog().at(id);
    out.permissions.push_back(
        authz::Permission{std::string(e.domain), std::string(e.entity), std::string(e.action)}.str());
  }
  std::sort(out.permissions.begin(), out.permissions.end());
  out.permissions.erase(std::unique(out.permissions.begin(), out.permissions.end()), out.permissions.end());
  return out;
}

Result<UserRoles> RoleService::set_user_roles(const Caller& caller, const std::string& user_id,
                                              const std::vector<std::string>& role_ids) {
  auto wanted = unique(role_ids);
  Millis now = clock_.now();
  RP_CHECK(write_with_effects(
      store_, access_, nullptr, caller.org, [&](store::ReadWriteTransaction& tx, Effects& fx) -> Result<void> {
        RP_CHECK(find_user(tx, user_id));
        for (std::size_t i = 0; i < role_ids.size(); ++i)
          RP_CHECK(find_role(tx, role_ids[i], "body[" + std::to_string(i) + "]"));
        auto org = RP_TRY(tx.organization());
        auto grants = RP_TRY(tx.grants_of(user_id));
        for (const auto& g : grants) {
          if (!is_user_grant(g) || std::find(wanted.begin(), wanted.end(), g.role_id) != wanted.end()) continue;
          RP_CHECK(tx.delete_grant(g));
          RP_CHECK(tx.insert_audit(audit_record(caller, {"grant.remove", "grant", user_id, snapshot(g), ""}, now)));
          fx.grants_changed(user_id);
        }
        for (const auto& role_id : wanted) {
          bool held = std::any_of(grants.begin(), grants.end(),
                                  [&](const store::Grant& g) { return is_user_grant(g) && g.role_id == role_id; });
          if (held) continue;
          RP_CHECK(check_can_grant(tx, access_, caller, {{role_id, org.home_division_id}}, {}));
          store::Grant g{user_id, store::SubjectType::user, role_id, org.home_division_id, now};
          RP_CHECK(tx.insert_grant(g));
          RP_CHECK(tx.insert_audit(audit_record(caller, {"grant.add", "grant", user_id, "", snapshot(g)}, now)));
          fx.grants_changed(user_id);
        }
        return {};
      }));
  return user_roles(caller, user_id);
}

Result<void> RoleService::clear_user_roles(const Caller& caller, const std::string& user_id) {
  Millis now = clock_.now();
  RP_CHECK(write_with_effects(
      store_, access_, nullptr, caller.org, [&](store::ReadWriteTransaction& tx, Effects& fx) -> Result<void> {
        RP_CHECK(find_user(tx, user_id));
        for (const auto& g : RP_TRY(tx.grants_of(user_id))) {
          if (!is_user_grant(g)) continue;
          RP_CHECK(tx.delete_grant(g));
          RP_CHECK(tx.insert_audit(audit_record(caller, {"grant.remove", "grant", user_id, snapshot(g), ""}, now)));
          fx.grants_changed(user_id);
        }
        return {};
      }));
  return {};
}

}  // namespace rp::service
