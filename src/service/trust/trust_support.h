#pragma once
// Helpers shared by the TrustService source files (trusts.cpp,
// trust_members.cpp). Not part of the service's interface.

#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "service/access/effects.h"
#include "service/roles/grants.h"
#include "service/trust/trusts.h"

namespace rp::service::detail {

// The trustor and the trustee of the caller's trust with `other` on `side`.
struct Parties {
  std::string trustor;
  std::string trustee;
};
Parties parties(const Caller& caller, store::TrustSide side, const std::string& other);

std::unexpected<Error> trust_not_found();
// The trust between the parties; not_found for malformed ids too.
Result<store::Trust> find_trust(store::Reader& tx, const Parties& p);
// The transaction of organization `org`: `tx` itself or its trust partner.
Result<store::Reader*> reader_of(store::Reader& tx, const std::string& org);
Result<store::ReadWriteTransaction*> writer_of(store::ReadWriteTransaction& tx, const std::string& org);

// The user `id` of `tx`'s organization with its division; nullopt when it
// does not exist (deleted users included when `deleted_too`).
Result<std::optional<UserView>> user_view(store::Reader& tx, const std::string& id, bool deleted_too = false);
// `created_by`, a user of the trustor or of the trustee, as an OrgUser; nullopt if neither has it.
Result<std::optional<UserOfOrg>> org_user(store::Reader& tx, const store::Trust& t, const std::string& created_by);
Result<TrustView> trust_view(store::Reader& tx, const store::Trust& t, store::TrustSide side, Millis now);

std::string snapshot(const store::Trust& t);
std::string snapshot(const store::TrustMember& m);
// The audit record of `entry` in the organization of `tx` and, for a change
// made by the trustee, in the trustor's too.
Result<void> audit_trust_change(store::ReadWriteTransaction& tx, const Caller& caller, const store::Trust& t,
                                AuditEntry entry, Millis now);

// Declares the trustor's index changed for the subjects the members stand
// for: a user member's own subject, or (a group) every subject: compiled again.
void members_changed(Effects& fx, const store::Trust& t, const std::vector<store::TrustMember>& members);
// The users of the trustee `members` stand for (a group: its members at home).
Result<std::vector<std::string>> users_of(store::Reader& tx, const store::Trust& t,
                                          const std::vector<store::TrustMember>& members);
// Ends the trust sessions (access and refresh tokens acting in the trustor)
// of `users` that the trust's grants, as `tx` now sees them, no longer
// reach; of every user of the trustee when `everyone`.
Result<void> end_sessions(store::ReadWriteTransaction& tx, Effects& fx, const store::Trust& t,
                          const std::vector<std::string>& users, bool everyone);

// Ends the trust inside `tx` (a party's transaction): its clones' users are
// deleted in the trustor, then the trust with its members and grants; audited.
Result<void> end_trust(store::ReadWriteTransaction& tx, Effects& fx, const Caller& caller, const store::Trust& t,
                       Millis now);

// Whether `id` is a user or group (by `kind`) of `tx`'s organization that is
// not deleted; invalid_argument naming `field` otherwise.
Result<void> check_live(store::Reader& tx, store::MemberKind kind, const std::string& id, const std::string& field);
// A TrustMemberCreate of the trustee's user or group, checked in the
// trustee (`trustee`) and the trustor (`trustor`); `prefix` names it in the
// request ("users[0]." or ""). The pairs its roles grant.
Result<std::vector<RoleDivision>> check_member(store::Reader& trustor, store::Reader& trustee, store::MemberKind kind,
                                               const MemberInput& in, const std::string& prefix);
// Deletes the clone in the trustor of trustee user `trustee_user_id`, if it
// has one (its user, its grants and sessions, its record).
Result<void> delete_clone_of(store::ReadWriteTransaction& tx, Effects& fx, const Caller& caller, const store::Trust& t,
                             const std::string& trustee_user_id, Millis now);

// The member's grants as (role, division) pairs, from the trust's grants.
std::vector<RoleDivision> pairs_of(const std::vector<store::TrustGrant>& grants, store::MemberKind kind,
                                   std::string_view member_id);
// Checks a TrustMemberCreate's roles against the trustor (`tx`), naming
// `<prefix>roleIds[i]` / `<prefix>roleDivisions.grants[i]...`; the pairs
// they grant, without duplicates.
Result<std::vector<RoleDivision>> member_pairs(store::Reader& tx, const MemberInput& in, std::string_view prefix);
// Pairs once each, in first-seen order.
std::vector<RoleDivision> unique_pairs(const std::vector<RoleDivision>& pairs);
// The UserAuthorization of a member holding `pairs` (roles of `tx`'s organization).
Result<UserRoles> roles_of_pairs(store::Reader& tx, const authz::Catalog& catalog,
                                 const std::vector<RoleDivision>& pairs);

}  // namespace rp::service::detail
