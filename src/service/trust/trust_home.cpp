// What changes at home in a trustee organization do to the trusts it receives.
#include "core/ids.h"
#include "service/access/effects.h"
#include "service/common/audit.h"
#include "service/trust/trust_support.h"
#include "service/trust/trusts.h"
#include "service/users/users.h"

namespace rp::service {

using namespace detail;

Result<void> leave_trusts(store::ReadWriteTransaction& tx, Effects& fx, const Caller& caller, store::MemberKind kind,
                          const std::string& member_id, Millis now) {
  for (const auto& m : RP_TRY(tx.memberships_of(member_id))) {
    if (m.kind != kind) continue;
    const store::Trust t = RP_TRY(tx.get_trust(m.trustor_org, m.trustee_org));
    const auto users = RP_TRY(users_of(tx, t, {m}));
    if (kind == store::MemberKind::user) RP_CHECK(delete_clone_of(tx, fx, caller, t, member_id, now));
    RP_CHECK(tx.delete_trust_member(t.trustor_org, t.trustee_org, kind, member_id));
    members_changed(fx, t, {m});
    RP_CHECK(end_sessions(tx, fx, t, users, false));
    RP_CHECK(audit_trust_change(tx, caller, t, {"trust.member.remove", "trust", t.trustor_org, snapshot(m), ""}, now));
  }
  return {};
}

Result<void> trustee_user_changed(store::ReadWriteTransaction& tx, Effects& fx, const std::string& user_id) {
  for (const auto& t : RP_TRY(tx.all_trusts(store::TrustSide::trustee)))
    fx.in(OrgId(t.trustor_org)).grants_changed(user_id);
  return {};
}

Result<void> trusted_group_changed(store::ReadWriteTransaction& tx, Effects& fx, const std::string& group_id,
                                   const std::vector<std::string>& removed) {
  for (const auto& m : RP_TRY(tx.memberships_of(group_id))) {
    if (m.kind != store::MemberKind::group) continue;
    const store::Trust t = RP_TRY(tx.get_trust(m.trustor_org, m.trustee_org));
    fx.in(OrgId(t.trustor_org)).rebuild();
    RP_CHECK(end_sessions(tx, fx, t, removed, false));
  }
  return {};
}

}  // namespace rp::service
