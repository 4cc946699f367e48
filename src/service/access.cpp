#include "service/access.h"

#include "core/strings.h"

namespace rp::service {

authz::IndexInput index_input(const std::vector<store::Role>& roles, const std::vector<store::Grant>& grants) {
  authz::IndexInput input;
  input.roles.reserve(roles.size());
  for (const auto& r : roles) {
    authz::RoleDef def{r.id, {}};
    for (const auto& p : r.policies) def.policies.push_back({p.domain, p.entity, p.actions});
    input.roles.push_back(std::move(def));
  }
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
  std::vector<store::Role> roles;
  std::vector<store::Grant> grants;
  RP_CHECK(store_.read(org, [&](store::OrgTx& tx) -> Result<void> {
    roles = RP_TRY(tx.list_roles());
    grants = RP_TRY(tx.list_grants());
    return {};
  }));
  return engine_.publish(org.value, index_input(roles, grants));
}

// Each of these recompiles the whole index of the organization for now; they
// exist so that call sites say what changed and the engine can patch only that.
Result<void> Access::role_changed(const OrgId& org, std::string_view) {
  RP_CHECK(refresh(org));
  return {};
}

Result<void> Access::grants_changed(const OrgId& org, std::string_view) {
  RP_CHECK(refresh(org));
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
                  .with_reason(any ? "missing.any.permissions" : "missing.permissions")
                  .with_param("permissions", list));
}

}  // namespace rp::service
