#include "service/access/trust_grants.h"

#include <algorithm>

#include "core/ids.h"

namespace rp::service {
namespace {

constexpr std::string_view kAdminRole = "admin";

// The trustor's admin role id ("" when it has none).
Result<std::string> admin_role(store::Reader& tx) {
  for (auto& [def, id] : RP_TRY(tx.default_role_ids()))
    if (def == kAdminRole) return id;
  return std::string();
}

// The members of group `group_id` that are not deleted (a deleted user
// keeps its memberships but leaves its trusts).
Result<std::vector<std::string>> live_members(store::Reader& tx, const std::string& group_id) {
  std::vector<std::string> out;
  store::UserQuery q;
  q.ids = RP_TRY(tx.group_members(group_id));
  if (q.ids.empty()) return out;
  q.states = {store::UserState::active, store::UserState::inactive};
  q.page.page_size = 500;
  for (q.page.page_number = 1;; ++q.page.page_number) {
    auto page = RP_TRY(tx.list_users(q));
    for (const auto& u : page.items) out.push_back(u.id);
    if (page.items.empty() || q.page.offset() + static_cast<std::int64_t>(page.items.size()) >= page.total) break;
  }
  return out;
}

}  // namespace

Result<std::vector<authz::GrantDef>> trust_grant_defs(store::Reader& tx) {
  std::vector<authz::GrantDef> out;
  for (const auto& t : RP_TRY(tx.all_trusts(store::TrustSide::trustor))) {
    if (!t.enabled) continue;
    store::Reader* trustee = RP_TRY(tx.partner(OrgId(t.trustee_org)));
    for (const auto& g : RP_TRY(tx.trust_grants(t.trustor_org, t.trustee_org))) {
      if (g.kind == store::MemberKind::user) {
        out.push_back({g.member_id, g.role_id, g.division_id});
        continue;
      }
      for (const auto& user : RP_TRY(live_members(*trustee, g.member_id)))
        out.push_back({user, g.role_id, g.division_id});
    }
    // A clone's own grants in the trustor are its trustee user's there too.
    for (const auto& c : RP_TRY(tx.cloned_users(t.trustor_org, t.trustee_org)))
      for (const auto& g : RP_TRY(tx.grants_of(c.clone_user_id)))
        out.push_back({c.trustee_user_id, g.role_id, g.division_id});
    if (!t.uses_default_role) continue;
    const std::string admin = RP_TRY(admin_role(tx));
    if (admin.empty()) continue;
    store::UserQuery q;
    q.page.page_size = 500;
    for (q.page.page_number = 1;; ++q.page.page_number) {
      auto page = RP_TRY(trustee->list_users(q));
      for (const auto& u : page.items) out.push_back({u.id, admin, std::string(authz::kAllDivisions)});
      if (q.page.offset() + static_cast<std::int64_t>(page.items.size()) >= page.total || page.items.empty()) break;
    }
  }
  return out;
}

Result<std::vector<authz::GrantDef>> trust_grant_defs_of(store::Reader& tx, std::string_view subject_id) {
  std::vector<authz::GrantDef> out;
  if (!is_uuid(subject_id)) return out;
  const std::string subject(subject_id);
  for (const auto& t : RP_TRY(tx.all_trusts(store::TrustSide::trustor))) {
    if (!t.enabled) continue;
    store::Reader* trustee = RP_TRY(tx.partner(OrgId(t.trustee_org)));
    auto user = trustee->get_user(subject);
    if (!user) {
      if (user.error().code != Errc::not_found) return fail(user.error());
      continue;  // not a user of this trustee
    }
    if (user->state == store::UserState::deleted) continue;
    const auto groups = RP_TRY(trustee->groups_of_user(subject));
    for (const auto& g : RP_TRY(tx.trust_grants(t.trustor_org, t.trustee_org))) {
      bool reaches = g.kind == store::MemberKind::user ? g.member_id == subject
                                                       : std::binary_search(groups.begin(), groups.end(), g.member_id);
      if (reaches) out.push_back({subject, g.role_id, g.division_id});
    }
    for (const auto& c : RP_TRY(tx.cloned_users(t.trustor_org, t.trustee_org))) {
      if (c.trustee_user_id != subject) continue;
      for (const auto& g : RP_TRY(tx.grants_of(c.clone_user_id))) out.push_back({subject, g.role_id, g.division_id});
    }
    if (t.uses_default_role && user->state == store::UserState::active) {
      const std::string admin = RP_TRY(admin_role(tx));
      if (!admin.empty()) out.push_back({subject, admin, std::string(authz::kAllDivisions)});
    }
  }
  return out;
}

Result<std::optional<std::string>> trustee_of_clone(store::Reader& tx, std::string_view user_id) {
  for (const auto& t : RP_TRY(tx.all_trusts(store::TrustSide::trustor)))
    for (const auto& c : RP_TRY(tx.cloned_users(t.trustor_org, t.trustee_org)))
      if (c.clone_user_id == user_id) return std::optional<std::string>(c.trustee_user_id);
  return std::optional<std::string>{};
}

Result<std::optional<store::Trust>> admission(store::Reader& home, std::string_view target, std::string_view user_id,
                                              Millis now) {
  std::optional<store::Trust> none;
  if (!is_uuid(target) || target == home.org().value) return none;
  auto trustor = home.partner(OrgId(std::string(target)));
  if (!trustor)
    return trustor.error().code == Errc::not_found ? Result<std::optional<store::Trust>>(none) : fail(trustor.error());
  auto trust = home.get_trust(target, home.org().value);
  if (!trust)
    return trust.error().code == Errc::not_found ? Result<std::optional<store::Trust>>(none) : fail(trust.error());
  if (!trust->enabled || (trust->expires && *trust->expires <= now)) return none;
  if (RP_TRY(trust_grant_defs_of(**trustor, user_id)).empty()) return none;
  return std::optional<store::Trust>(std::move(*trust));
}

}  // namespace rp::service
