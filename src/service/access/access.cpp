#include "service/access/access.h"

#include <algorithm>
#include <iterator>

#include "core/reasons.h"
#include "core/strings.h"
#include "service/access/trust_grants.h"

namespace rp::service {

// The engine does not evaluate resource conditions yet, so a policy with a
// condition grants nothing: holding it unconditionally would grant more than
// the role says. Conditions are still stored and returned as given.
authz::RoleDef role_def(const store::Role& role) {
  authz::RoleDef def{role.id, {}};
  def.policies.reserve(role.policies.size());
  for (const auto& p : role.policies)
    if (p.condition_json.empty()) def.policies.push_back({p.domain, p.entity, p.actions});
  return def;
}

authz::IndexInput index_input(const std::vector<store::Role>& roles, const std::vector<store::Grant>& grants) {
  authz::IndexInput input;
  input.roles.reserve(roles.size());
  for (const auto& r : roles) input.roles.push_back(role_def(r));
  input.grants.reserve(grants.size());
  for (const auto& g : grants) input.grants.push_back({g.subject_id, g.role_id, g.division_id});
  return input;
}

std::mutex& Access::org_mutex(const std::string& org) {
  std::lock_guard lock(mutexes_mu_);
  auto& m = mutexes_[org];
  if (!m) m = std::make_unique<std::mutex>();
  return *m;
}

Result<std::shared_ptr<const authz::OrgIndex>> Access::index(const OrgId& org) {
  if (auto idx = engine_.index(org.value)) return idx;
  return refresh(org);
}

Result<std::shared_ptr<const authz::OrgIndex>> Access::refresh(const OrgId& org) {
  std::lock_guard lock(org_mutex(org.value));
  return rebuild_locked(org);
}

Result<std::shared_ptr<const authz::OrgIndex>> Access::rebuild_locked(const OrgId& org) {
  authz::IndexInput input;
  RP_CHECK(store_.read(org, [&](store::Reader& tx) -> Result<void> {
    const auto grants = RP_TRY(tx.list_grants());
    input = index_input(RP_TRY(tx.list_roles()), grants);
    // A group's grants are held by each of its members.
    for (const auto& g : grants) {
      if (g.subject_type != store::SubjectType::group) continue;
      for (const auto& user : RP_TRY(tx.group_members(g.subject_id)))
        input.grants.push_back({user, g.role_id, g.division_id});
    }
    auto trusted = RP_TRY(trust_grant_defs(tx));
    input.grants.insert(input.grants.end(), trusted.begin(), trusted.end());
    return {};
  }));
  return engine_.publish(org.value, input);
}

// The patches read only what changed and publish a patched copy of the
// current index. An organization without an index has nothing to patch: it is
// compiled from the store on first use.
Result<void> Access::role_changed(const OrgId& org, std::string_view role_id) {
  std::lock_guard lock(org_mutex(org.value));
  auto current = engine_.index(org.value);
  if (!current) return {};
  std::optional<store::Role> role;
  RP_CHECK(store_.read(org, [&](store::Reader& tx) -> Result<void> {
    auto found = tx.get_role(role_id);
    if (found) role = std::move(*found);
    else if (found.error().code != Errc::not_found) return fail(found.error());
    return {};
  }));
  engine_.publish(org.value, role ? current->with_role(role_def(*role)) : current->without_role(role_id));
  return {};
}

Result<void> Access::grants_changed(const OrgId& org, std::string_view subject_id) {
  std::lock_guard lock(org_mutex(org.value));
  auto current = engine_.index(org.value);
  if (!current) return {};
  // The subject's grants: its own, those of the groups it (a user) is a
  // member of, and what trusts give it. A clone's grants are also its
  // trustee user's, whose entry follows.
  auto defs_of = [](store::Reader& tx, const std::string& subject) -> Result<std::vector<authz::GrantDef>> {
    std::vector<authz::GrantDef> defs;
    for (const auto& g : RP_TRY(tx.grants_of(subject))) defs.push_back({g.subject_id, g.role_id, g.division_id});
    auto groups = RP_TRY(tx.groups_of_user(subject));
    if (!groups.empty())
      for (const auto& g : RP_TRY(tx.grants_of_subjects(groups)))
        if (g.subject_type == store::SubjectType::group) defs.push_back({subject, g.role_id, g.division_id});
    auto trusted = RP_TRY(trust_grant_defs_of(tx, subject));
    defs.insert(defs.end(), trusted.begin(), trusted.end());
    return defs;
  };
  std::vector<std::pair<std::string, std::vector<authz::GrantDef>>> patches;
  RP_CHECK(store_.read(org, [&](store::Reader& tx) -> Result<void> {
    const std::string subject(subject_id);
    patches.emplace_back(subject, RP_TRY(defs_of(tx, subject)));
    if (auto trustee = RP_TRY(trustee_of_clone(tx, subject)))
      patches.emplace_back(*trustee, RP_TRY(defs_of(tx, *trustee)));
    return {};
  }));
  auto patched = current;
  for (const auto& [subject, defs] : patches) patched = patched->with_subject_grants(subject, defs);
  // Patches add subjects to the existing shards; once they have outgrown
  // them, a full compile spreads the subjects over more shards again.
  if (patched->overgrown()) {
    RP_CHECK(rebuild_locked(org));
    return {};
  }
  engine_.publish(org.value, std::move(patched));
  return {};
}

Result<void> Access::divisions_changed(const OrgId& org) {
  RP_CHECK(refresh(org));
  return {};
}

Result<void> Access::authorize(const Caller& caller, const authz::Requirement& req,
                               std::optional<std::string_view> division) {
  if (req.mode == authz::Requirement::Mode::none) return {};
  auto idx = RP_TRY(index(caller.org));
  if (authz::Engine::satisfies(*idx, caller.subject_id, req, division)) return {};
  bool any = req.mode == authz::Requirement::Mode::any;
  std::string list = join(req.names, ", ");
  return fail(make_error(Errc::permission_denied,
                         std::string("You are missing the following permission") +
                             (req.names.size() > 1 ? (any ? "s (any one of them)" : "s") : "") + ": " + list)
                  .with_reason(any ? reason::missing_any_permission : reason::missing_permissions)
                  .with_param("permissions", list));
}

Result<authz::DivisionScope> Access::scope(const Caller& caller, const authz::Requirement& req) {
  if (req.mode == authz::Requirement::Mode::none) return authz::DivisionScope{true, {}};
  auto idx = RP_TRY(index(caller.org));
  const bool any = req.mode == authz::Requirement::Mode::any;
  std::optional<authz::DivisionScope> out;
  for (auto id : req.ids) {
    auto held = idx->divisions(caller.subject_id, id);
    if (!out) {
      out = std::move(held);
    } else if (any) {
      if (held.all || out->all) out = authz::DivisionScope{true, {}};
      else {
        std::vector<std::string> both;
        std::set_union(out->divisions.begin(), out->divisions.end(), held.divisions.begin(), held.divisions.end(),
                       std::back_inserter(both));
        out->divisions = std::move(both);
      }
    } else if (out->all) {
      out = std::move(held);
    } else if (!held.all) {
      std::vector<std::string> both;
      std::set_intersection(out->divisions.begin(), out->divisions.end(), held.divisions.begin(), held.divisions.end(),
                            std::back_inserter(both));
      out->divisions = std::move(both);
    }
  }
  return out ? *out : authz::DivisionScope{};
}

}  // namespace rp::service
