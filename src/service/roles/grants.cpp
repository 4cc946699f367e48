#include "service/roles/grants.h"
#include "service/access/effects.h"

#include <algorithm>
#include <unordered_map>

#include "authz/index.h"
#include "core/ids.h"
#include "core/reasons.h"
#include "core/strings.h"
#include "service/common/audit.h"
#include "service/roles/role_support.h"

namespace rp::service {
namespace {

std::unexpected<Error> subject_not_found() {
  return fail(make_error(Errc::not_found, "Unable to find a subject with that subjectId"));
}

// The user (not deleted), OAuth client or group (not deleted) `id` of the
// transaction's organization.
Result<SubjectView> resolve_subject(store::Reader& tx, const std::string& id) {
  if (!is_uuid(id)) return subject_not_found();
  auto user = tx.get_user(id);
  if (user) {
    if (user->state == store::UserState::deleted) return subject_not_found();
    return SubjectView{user->id, user->name, store::SubjectType::user, user->version, {}};
  }
  if (user.error().code != Errc::not_found) return fail(user.error());
  auto client = tx.get_client(id);
  if (client) return SubjectView{client->id, client->name, store::SubjectType::client, 1, {}};
  if (client.error().code != Errc::not_found) return fail(client.error());
  // A group's roles reach its members.
  auto group = tx.get_group(id);
  if (group && group->state != store::GroupState::deleted)
    return SubjectView{group->id, group->name, store::SubjectType::group, group->version, {}};
  if (!group && group.error().code != Errc::not_found) return fail(group.error());
  return subject_not_found();
}

bool same_pair(const store::Grant& g, const RoleDivision& p) {
  return g.role_id == p.role_id && g.division_id == p.division_id;
}

store::Division all_divisions() {
  return store::Division{std::string(authz::kAllDivisions), "All Divisions", "Every division of the organization",
                         false, 0};
}

}  // namespace

Result<SubjectView> GrantService::subject(const Caller& caller, const std::string& subject_id) {
  SubjectView view;
  RP_CHECK(store_.read(caller.org, [&](store::Reader& tx) -> Result<void> {
    view = RP_TRY(resolve_subject(tx, subject_id));
    auto grants = RP_TRY(tx.grants_of(subject_id));
    std::unordered_map<std::string, store::Role> roles;
    for (auto& r : RP_TRY(tx.list_roles())) roles.emplace(r.id, std::move(r));
    std::unordered_map<std::string, store::Division> divisions;
    for (auto& d : RP_TRY(tx.list_divisions())) divisions.emplace(d.id, std::move(d));
    for (auto& g : grants) {
      auto role = roles.find(g.role_id);
      if (role == roles.end()) continue;  // the role went away with its grants
      store::Division division;
      if (g.division_id == authz::kAllDivisions) division = all_divisions();
      else if (auto d = divisions.find(g.division_id); d != divisions.end()) division = d->second;
      else division.id = g.division_id;
      view.grants.push_back({std::move(g), role->second, std::move(division)});
    }
    return {};
  }));
  return view;
}

Result<void> validate_role_divisions(store::Reader& tx, const std::vector<RoleDivision>& pairs, std::string_view field,
                                     bool path_ids) {
  auto roles = RP_TRY(tx.list_roles());
  auto divisions = RP_TRY(tx.list_divisions());
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    const auto& p = pairs[i];
    std::string at = std::string(field) + "[" + std::to_string(i) + "]";
    bool role_ok = std::any_of(roles.begin(), roles.end(), [&](const store::Role& r) { return r.id == p.role_id; });
    if (!role_ok) {
      if (path_ids) return fail(make_error(Errc::not_found, "Unable to find a role with that roleId"));
      if (p.role_id.empty()) return invalid(at + ".roleId", at + ".roleId is required");
      return invalid(at + ".roleId", "The role [" + p.role_id + "] does not exist");
    }
    bool division_ok = p.division_id == authz::kAllDivisions ||
                       std::any_of(divisions.begin(), divisions.end(),
                                   [&](const store::Division& d) { return d.id == p.division_id; });
    if (!division_ok) {
      if (path_ids) return fail(make_error(Errc::not_found, "Unable to find a division with that divisionId"));
      if (p.division_id.empty()) return invalid(at + ".divisionId", at + ".divisionId is required");
      return invalid(at + ".divisionId", "The division [" + p.division_id + "] does not exist");
    }
  }
  return {};
}

Result<void> check_can_grant(store::Reader& tx, Access& access, const Caller& caller,
                             const std::vector<RoleDivision>& pairs, const std::vector<store::Grant>& existing) {
  auto idx = RP_TRY(access.index(caller.org));
  const auto& catalog = idx->catalog();
  auto entries = catalog.entries();
  for (const auto& p : pairs) {
    bool held = std::any_of(existing.begin(), existing.end(), [&](const store::Grant& g) { return same_pair(g, p); });
    if (held) continue;
    auto role = RP_TRY(tx.get_role(p.role_id));
    for (std::size_t i = 0; i < entries.size(); ++i) {
      const auto& e = entries[i];
      if (!detail::covers(role.policies, e.domain, e.entity, e.action)) continue;
      auto id = static_cast<authz::PermissionId>(i);
      bool has = p.division_id == authz::kAllDivisions ? idx->divisions(caller.subject_id, id).all
                                                       : idx->check(caller.subject_id, id, p.division_id);
      if (has) continue;
      std::string permission = std::string(e.domain) + ":" + std::string(e.entity) + ":" + std::string(e.action);
      std::string where = p.division_id == authz::kAllDivisions ? "every division" : "division " + p.division_id;
      return fail(make_error(Errc::permission_denied, "You cannot grant the role [" + role.name +
                                                          "]: you lack the permission " + permission + " in " + where)
                      .with_reason(reason::missing_permissions)
                      .with_param("permissions", permission));
    }
  }
  return {};
}

Result<bool> apply_grant_change(store::ReadWriteTransaction& tx, const Auditor& audit, const std::string& subject_id,
                                store::SubjectType type, const std::vector<RoleDivision>& pairs, GrantChange mode,
                                Millis now) {
  bool changed = false;
  auto existing = RP_TRY(tx.grants_of(subject_id));
  auto held = [&](const RoleDivision& p) {
    return std::any_of(existing.begin(), existing.end(), [&](const store::Grant& g) { return same_pair(g, p); });
  };
  auto wanted = [&](const store::Grant& g) {
    return std::any_of(pairs.begin(), pairs.end(), [&](const RoleDivision& p) { return same_pair(g, p); });
  };

  if (mode == GrantChange::remove || mode == GrantChange::replace) {
    for (const auto& g : existing) {
      bool drop = mode == GrantChange::remove ? wanted(g) : !wanted(g);
      if (!drop) continue;
      RP_CHECK(tx.delete_grant(g));
      RP_CHECK(tx.insert_audit(audit({"grant.remove", "grant", subject_id, snapshot(g), ""})));
      changed = true;
    }
  }
  if (mode == GrantChange::add || mode == GrantChange::replace) {
    std::vector<RoleDivision> added;
    for (const auto& p : pairs) {
      if (held(p)) continue;
      if (std::any_of(added.begin(), added.end(),
                      [&](const RoleDivision& a) { return a.role_id == p.role_id && a.division_id == p.division_id; }))
        continue;
      store::Grant g{subject_id, type, p.role_id, p.division_id, now};
      RP_CHECK(tx.insert_grant(g));
      RP_CHECK(tx.insert_audit(audit({"grant.add", "grant", subject_id, "", snapshot(g)})));
      added.push_back(p);
      changed = true;
    }
  }
  return changed;
}

Result<void> GrantService::change(const Caller& caller, const std::string& subject_id,
                                  const std::vector<RoleDivision>& pairs, GrantChange mode, bool path_ids) {
  RP_CHECK(write_with_effects(store_, access_, nullptr, caller.org,
                              [&](store::ReadWriteTransaction& tx, Effects& fx) -> Result<void> {
                                auto subject = RP_TRY(resolve_subject(tx, subject_id));
                                RP_CHECK(validate_role_divisions(tx, pairs, "grants", path_ids));
                                if (mode != GrantChange::remove) {
                                  auto existing = RP_TRY(tx.grants_of(subject.id));
                                  RP_CHECK(check_can_grant(tx, access_, caller, pairs, existing));
                                }
                                Millis now = clock_.now();
                                auto audit = [&](AuditEntry e) { return audit_record(caller, std::move(e), now); };
                                if (RP_TRY(apply_grant_change(tx, audit, subject.id, subject.type, pairs, mode, now))) {
                                  // A group's grants are held by each of its members.
                                  if (subject.type == store::SubjectType::group) fx.rebuild();
                                  else fx.grants_changed(subject_id);
                                }
                                return {};
                              }));
  return {};
}

Result<void> GrantService::add(const Caller& caller, const std::string& subject_id,
                               const std::vector<RoleDivision>& grants) {
  return change(caller, subject_id, grants, GrantChange::add, false);
}

Result<void> GrantService::remove(const Caller& caller, const std::string& subject_id,
                                  const std::vector<RoleDivision>& grants) {
  return change(caller, subject_id, grants, GrantChange::remove, false);
}

Result<void> GrantService::replace(const Caller& caller, const std::string& subject_id,
                                   const std::vector<RoleDivision>& grants) {
  return change(caller, subject_id, grants, GrantChange::replace, false);
}

Result<void> GrantService::grant_one(const Caller& caller, const std::string& subject_id, const RoleDivision& grant) {
  return change(caller, subject_id, {grant}, GrantChange::add, true);
}

Result<void> GrantService::revoke_one(const Caller& caller, const std::string& subject_id, const RoleDivision& grant) {
  return change(caller, subject_id, {grant}, GrantChange::remove, true);
}

Result<PermittedDivisions> GrantService::permitted(const Caller& caller, const std::string& permission,
                                                   const std::string& name_filter) {
  if (trim(permission).empty()) return invalid("permission", "permission is required");
  auto id = access_.engine().catalog().find(trim(permission));
  if (!id) return invalid("permission", "The permission [" + permission + "] does not exist");
  auto index = RP_TRY(access_.index(caller.org));
  authz::DivisionScope scope = index->divisions(caller.subject_id, *id);

  PermittedDivisions out;
  out.all = scope.all;
  if (!scope.all && scope.divisions.empty()) return out;
  std::string needle = to_lower(name_filter);
  RP_CHECK(store_.read(caller.org, [&](store::Reader& tx) -> Result<void> {
    for (auto& d : RP_TRY(tx.list_divisions())) {
      if (!scope.all && !std::binary_search(scope.divisions.begin(), scope.divisions.end(), d.id)) continue;
      if (!needle.empty() && to_lower(d.name).find(needle) == std::string::npos) continue;
      out.divisions.push_back(std::move(d));
    }
    return {};
  }));
  std::sort(out.divisions.begin(), out.divisions.end(), [](const store::Division& a, const store::Division& b) {
    auto la = to_lower(a.name), lb = to_lower(b.name);
    return la != lb ? la < lb : a.id < b.id;
  });
  return out;
}

}  // namespace rp::service
