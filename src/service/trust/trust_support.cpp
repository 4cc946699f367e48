#include "service/trust/trust_support.h"

#include <algorithm>

#include "authz/index.h"
#include "core/ids.h"
#include "service/access/trust_grants.h"
#include "service/common/audit.h"
#include "service/users/users.h"

namespace rp::service::detail {

Parties parties(const Caller& caller, store::TrustSide side, const std::string& other) {
  if (side == store::TrustSide::trustor) return {caller.org.value, other};
  return {other, caller.org.value};
}

std::unexpected<Error> trust_not_found() {
  return fail(make_error(Errc::not_found, "Unable to find a trust with that organization id"));
}

Result<store::Trust> find_trust(store::Reader& tx, const Parties& p) {
  if (!is_uuid(p.trustor) || !is_uuid(p.trustee)) return trust_not_found();
  auto t = tx.get_trust(p.trustor, p.trustee);
  if (!t) return t.error().code == Errc::not_found ? trust_not_found() : fail(t.error());
  return t;
}

Result<store::Reader*> reader_of(store::Reader& tx, const std::string& org) {
  if (tx.org().value == org) return &tx;
  return tx.partner(OrgId(org));
}

Result<store::ReadWriteTransaction*> writer_of(store::ReadWriteTransaction& tx, const std::string& org) {
  if (tx.org().value == org) return &tx;
  return tx.partner_writer(OrgId(org));
}

Result<std::optional<UserView>> user_view(store::Reader& tx, const std::string& id, bool deleted_too) {
  if (!is_uuid(id)) return std::optional<UserView>{};
  auto u = tx.get_user(id);
  if (!u) {
    if (u.error().code != Errc::not_found) return fail(u.error());
    return std::optional<UserView>{};
  }
  if (u->state == store::UserState::deleted && !deleted_too) return std::optional<UserView>{};
  auto d = tx.get_division(u->division_id);
  if (!d && d.error().code != Errc::not_found) return fail(d.error());
  store::Division division = d ? *d : store::Division{u->division_id};
  return std::optional<UserView>(UserView{std::move(*u), std::move(division)});
}

Result<std::optional<UserOfOrg>> org_user(store::Reader& tx, const store::Trust& t, const std::string& created_by) {
  if (created_by.empty()) return std::optional<UserOfOrg>{};
  for (const std::string& org : {t.trustor_org, t.trustee_org}) {
    store::Reader* r = RP_TRY(reader_of(tx, org));
    auto view = RP_TRY(user_view(*r, created_by, true));
    if (view) return std::optional<UserOfOrg>(UserOfOrg{std::move(*view), RP_TRY(r->organization())});
  }
  return std::optional<UserOfOrg>{};
}

Result<TrustView> trust_view(store::Reader& tx, const store::Trust& t, store::TrustSide side, Millis now) {
  const std::string& other = side == store::TrustSide::trustor ? t.trustee_org : t.trustor_org;
  TrustView v;
  v.trust = t;
  v.other = RP_TRY(RP_TRY(reader_of(tx, other))->organization());
  v.created_by = RP_TRY(org_user(tx, t, t.created_by));
  v.expired = t.expires && *t.expires <= now;
  return v;
}

std::string snapshot(const store::Trust& t) {
  Snapshot s;
  s.add("trustorId", t.trustor_org)
      .add("trusteeId", t.trustee_org)
      .add("enabled", t.enabled)
      .add("usesDefaultRole", t.uses_default_role);
  if (t.expires) s.add("dateExpired", *t.expires);
  return s.str();
}

std::string snapshot(const store::TrustMember& m) {
  return Snapshot()
      .add("trustorId", m.trustor_org)
      .add("trusteeId", m.trustee_org)
      .add("kind", store::to_string(m.kind))
      .add("id", m.member_id)
      .str();
}

Result<void> audit_trust_change(store::ReadWriteTransaction& tx, const Caller& caller, const store::Trust& t,
                                AuditEntry entry, Millis now) {
  RP_CHECK(tx.insert_audit(audit_record(caller, entry, now)));
  if (tx.org().value != t.trustee_org) return {};
  store::ReadWriteTransaction* trustor = RP_TRY(writer_of(tx, t.trustor_org));
  return trustor->insert_audit(audit_record(caller, std::move(entry), now));
}

void members_changed(Effects& fx, const store::Trust& t, const std::vector<store::TrustMember>& members) {
  Effects& in_trustor = fx.in(OrgId(t.trustor_org));
  for (const auto& m : members) {
    if (m.kind == store::MemberKind::user) in_trustor.grants_changed(m.member_id);
    else in_trustor.rebuild();
  }
}

Result<std::vector<std::string>> users_of(store::Reader& tx, const store::Trust& t,
                                          const std::vector<store::TrustMember>& members) {
  std::vector<std::string> out;
  store::Reader* trustee = RP_TRY(reader_of(tx, t.trustee_org));
  for (const auto& m : members) {
    if (m.kind == store::MemberKind::user) {
      out.push_back(m.member_id);
      continue;
    }
    auto users = RP_TRY(trustee->group_members(m.member_id));
    out.insert(out.end(), users.begin(), users.end());
  }
  return out;
}

Result<void> end_sessions(store::ReadWriteTransaction& tx, Effects& fx, const store::Trust& t,
                          const std::vector<std::string>& users, bool everyone) {
  store::ReadWriteTransaction* trustee = RP_TRY(writer_of(tx, t.trustee_org));
  if (everyone) {
    fx.tokens_revoked(RP_TRY(trustee->delete_acting_tokens(t.trustor_org, {})));
    return {};
  }
  store::Reader* trustor = RP_TRY(reader_of(tx, t.trustor_org));
  std::vector<std::string> lost;
  for (const auto& u : users)
    if (RP_TRY(trust_grant_defs_of(*trustor, u)).empty()) lost.push_back(u);
  if (!lost.empty()) fx.tokens_revoked(RP_TRY(trustee->delete_acting_tokens(t.trustor_org, lost)));
  return {};
}

Result<void> end_trust(store::ReadWriteTransaction& tx, Effects& fx, const Caller& caller, const store::Trust& t,
                       Millis now) {
  // Both parties' transactions are taken first: once the trust is gone they
  // are partners no more.
  const std::string& other = tx.org().value == t.trustor_org ? t.trustee_org : t.trustor_org;
  store::ReadWriteTransaction* partner = RP_TRY(writer_of(tx, other));
  store::ReadWriteTransaction* trustor = RP_TRY(writer_of(tx, t.trustor_org));
  Effects& in_trustor = fx.in(OrgId(t.trustor_org));
  for (const auto& clone : RP_TRY(trustor->cloned_users(t.trustor_org, t.trustee_org))) {
    auto user = RP_TRY(find_live_user(*trustor, clone.clone_user_id));
    if (user) RP_CHECK(delete_user(*trustor, in_trustor, caller, *user, now));
  }
  RP_CHECK(end_sessions(tx, fx, t, {}, true));
  in_trustor.rebuild();
  RP_CHECK(tx.delete_trust(t.trustor_org, t.trustee_org));
  // Each log names the trust by the other party.
  const std::string before = snapshot(t);
  RP_CHECK(tx.insert_audit(audit_record(caller, {"trust.delete", "trust", other, before, ""}, now)));
  return partner->insert_audit(audit_record(caller, {"trust.delete", "trust", tx.org().value, before, ""}, now));
}

Result<void> check_live(store::Reader& tx, store::MemberKind kind, const std::string& id, const std::string& field) {
  const bool user = kind == store::MemberKind::user;
  bool live = false;
  if (is_uuid(id)) {
    if (user) {
      live = RP_TRY(find_live_user(tx, id)).has_value();
    } else {
      auto g = tx.get_group(id);
      if (!g && g.error().code != Errc::not_found) return fail(g.error());
      live = g && g->state != store::GroupState::deleted;
    }
  }
  if (!live) return invalid(field, std::string("No ") + (user ? "user" : "group") + " with the id [" + id + "] exists");
  return {};
}

Result<std::vector<RoleDivision>> check_member(store::Reader& trustor, store::Reader& trustee, store::MemberKind kind,
                                               const MemberInput& in, const std::string& prefix) {
  const std::string field = prefix + "id";
  if (in.id.empty()) return invalid(field, field + " is required");
  RP_CHECK(check_live(trustee, kind, in.id, field));
  return member_pairs(trustor, in, prefix);
}

Result<void> delete_clone_of(store::ReadWriteTransaction& tx, Effects& fx, const Caller& caller, const store::Trust& t,
                             const std::string& trustee_user_id, Millis now) {
  store::ReadWriteTransaction* trustor = RP_TRY(writer_of(tx, t.trustor_org));
  for (const auto& clone : RP_TRY(trustor->cloned_users(t.trustor_org, t.trustee_org))) {
    if (clone.trustee_user_id != trustee_user_id) continue;
    auto user = RP_TRY(find_live_user(*trustor, clone.clone_user_id));
    if (user) RP_CHECK(delete_user(*trustor, fx.in(OrgId(t.trustor_org)), caller, *user, now));
    RP_CHECK(trustor->delete_cloned_user(t.trustor_org, t.trustee_org, trustee_user_id));
  }
  return {};
}

std::vector<RoleDivision> pairs_of(const std::vector<store::TrustGrant>& grants, store::MemberKind kind,
                                   std::string_view member_id) {
  std::vector<RoleDivision> out;
  for (const auto& g : grants)
    if (g.kind == kind && g.member_id == member_id) out.push_back({g.role_id, g.division_id});
  return out;
}

std::vector<RoleDivision> unique_pairs(const std::vector<RoleDivision>& pairs) {
  std::vector<RoleDivision> out;
  for (const auto& p : pairs) {
    bool seen = std::any_of(out.begin(), out.end(), [&](const RoleDivision& o) {
      return o.role_id == p.role_id && o.division_id == p.division_id;
    });
    if (!seen) out.push_back(p);
  }
  return out;
}

Result<std::vector<RoleDivision>> member_pairs(store::Reader& tx, const MemberInput& in, std::string_view prefix) {
  std::vector<RoleDivision> pairs;
  for (std::size_t i = 0; i < in.role_ids.size(); ++i) {
    const std::string field = std::string(prefix) + "roleIds[" + std::to_string(i) + "]";
    const std::string& id = in.role_ids[i];
    auto role = is_uuid(id) ? tx.get_role(id) : Result<store::Role>(fail(Errc::not_found, "no such role"));
    if (!role && role.error().code != Errc::not_found) return fail(role.error());
    if (!role) return invalid(field, "The role [" + id + "] does not exist");
    pairs.push_back({id, std::string(authz::kAllDivisions)});
  }
  RP_CHECK(validate_role_divisions(tx, in.role_divisions, std::string(prefix) + "roleDivisions.grants", false));
  pairs.insert(pairs.end(), in.role_divisions.begin(), in.role_divisions.end());
  return unique_pairs(pairs);
}

Result<UserRoles> roles_of_pairs(store::Reader& tx, const authz::Catalog& catalog,
                                 const std::vector<RoleDivision>& pairs) {
  constexpr std::string_view kMember = "member";
  std::vector<store::Role> held;
  authz::IndexInput input;
  for (const auto& p : pairs) {
    input.grants.push_back({std::string(kMember), p.role_id, p.division_id});
    bool seen = std::any_of(held.begin(), held.end(), [&](const store::Role& r) { return r.id == p.role_id; });
    if (seen) continue;
    auto role = tx.get_role(p.role_id);
    if (!role && role.error().code != Errc::not_found) return fail(role.error());
    if (!role) continue;
    input.roles.push_back(role_def(*role));
    held.push_back(std::move(*role));
  }
  auto index = authz::OrgIndex::build(input, catalog);
  return user_roles_of(std::move(held), *index, kMember);
}

}  // namespace rp::service::detail
