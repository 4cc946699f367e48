#pragma once
// Trusts between organizations (the Genesys Organization Authorization API):
// pairings, trusts seen from either side, their members and the members'
// roles. A trust A→B lets users and groups of B (the trustee) act inside A
// (the trustor) with roles of A.
//
// Sides: the trustor's calls name the trustee organization, the trustee's
// calls name the trustor; a trust the caller's organization is no party to
// in that direction is not_found, as is any id of an organization it has no
// trust with. The routes check the organization-level permission first;
// these validate input in the documented order (body shape, then the path's
// objects, references, then conflicts and limits), write every change with
// its audit record in the organization whose data changed (both, for a
// change of the trust by its trustee) and patch the engine before returning.
//
// Members are users and groups of the trustee that are not deleted, at most
// kMaxMembers per trust (users and groups together); their grants name roles
// and divisions of the trustor ("*": every division) and are bound by the
// grant rule (service/roles/grants.h: the caller must hold what it gives).
// Pairings are single use and live `pairing_lifetime_seconds`; anyone
// holding a pairing's id may read it until it expires.
//
// Thread safety: as the store; the service keeps no state of its own.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/error.h"
#include "core/paging.h"
#include "core/time.h"
#include "service/access/access.h"
#include "service/access/caller.h"
#include "service/roles/grants.h"
#include "service/roles/roles.h"
#include "service/users/users.h"
#include "store/store.h"

namespace rp::service {

class TokenService;
class Effects;

struct TrustSettings {
  std::string customer_care_org;                   // the Customer Care organization's id; "" = none
  std::int64_t pairing_lifetime_seconds = 604800;  // 1..2592000
};

// A user shown with the organization it belongs to (the Genesys OrgUser).
struct UserOfOrg {
  UserView user;
  store::Organization org;
};

struct PairingView {
  store::Pairing pairing;
  store::Organization trustee;
  std::optional<UserOfOrg> created_by;
  std::vector<UserView> users;       // those of the pairing's users that still exist, by name
  std::vector<store::Group> groups;  // likewise its groups
};

struct TrustView {
  store::Trust trust;
  store::Organization other;  // the trustee in the trustor's views, the trustor in the trustee's
  std::optional<UserOfOrg> created_by;
  bool expired = false;  // expires has passed
};

// A trust member with its record in the trustee organization.
struct MemberView {
  store::TrustMember member;
  std::optional<UserView> user;       // kind user
  std::optional<store::Group> group;  // kind group
  std::optional<UserOfOrg> added_by;
};

// A TrustMemberCreate: the member and its roles (both lists together: their union).
struct MemberInput {
  std::string id;
  std::vector<std::string> role_ids;         // in every division
  std::vector<RoleDivision> role_divisions;  // roles of the trustor in its divisions ("*": all)
};

// A trust a user of the trustee is admitted to, with the permissions it
// holds in the trustor through it (none while disabled or expired).
struct UserTrustorView {
  TrustView trust;
  std::vector<std::string> permissions;  // sorted
};

// A cloned user: the record and the clone's user in the trustor.
struct CloneView {
  store::ClonedUser clone;
  store::User user;
};

// An audit query of trusts (TrusteeAuditQueryRequest / TrustorAuditQueryRequest).
struct AuditFilter {
  std::string name;  // action | entity.type | entity.id | user.id | serviceName | level | status | timestamp
  std::string type;  // STRING | DATE
  std::string op;    // matches (STRING: equals one of values) | range (DATE: two ISO-8601 values)
  std::vector<std::string> values;
};
struct AuditFacet {
  std::string name;
  std::string type;  // STRING | DATE (timestamp: per UTC day)
};
struct TrustAuditQuery {
  std::vector<std::string> org_ids;   // trusteeOrganizationIds, or the one trustorOrganizationId
  std::vector<std::string> user_ids;  // trusteeUserIds
  std::optional<Millis> start;
  std::optional<Millis> end;
  std::string phrase;  // case-insensitive, in the action, entity and snapshots
  std::vector<AuditFacet> facets;
  std::vector<AuditFilter> filters;
  PageRequest page;
  std::string sort_by = "timestamp";  // timestamp | action
  bool descending = true;
};
// One record with the actor's name and the name of its client, read in the
// actor's own organization.
struct AuditMessageView {
  store::AuditRecord record;
  std::string user_name;
  std::string application;
  std::string service_name;  // "directory" for users and groups, "authorization" otherwise
};
struct FacetCount {
  std::string value;
  std::int64_t count = 0;
};
struct TrustAuditResult {
  Page<AuditMessageView> page;
  std::vector<std::pair<std::string, std::vector<FacetCount>>> facets;  // by facet name, as requested
};

struct NewTrust {
  std::string pairing_id;
  bool enabled = true;
  std::vector<MemberInput> users;
  std::vector<MemberInput> groups;
  std::optional<Millis> expires;
};

class TrustService {
 public:
  static constexpr std::size_t kMaxMembers = 25;   // users and groups of one trust
  static constexpr std::size_t kMaxBulkIds = 100;  // ids of one bulk delete
  static constexpr std::int64_t kMaxClones = 5;    // cloned users per trustor
  static constexpr Millis kDefaultTrustLifetime = 30LL * 24 * 3600 * 1000;

  TrustService(store::Store& store, Access& access, TokenService* tokens, TrustSettings settings,
               const Clock& clock = system_clock())
      : store_(store), access_(access), tokens_(tokens), settings_(std::move(settings)), clock_(clock) {}

  const TrustSettings& settings() const { return settings_; }

  // Pairings, made by the trustee. At least one user or group id, at most
  // kMaxMembers together (invalid_argument naming userIds / groupIds).
  Result<PairingView> create_pairing(const Caller& caller, std::vector<std::string> user_ids,
                                     std::vector<std::string> group_ids);
  // Any organization's pairing by id until it expires (used or not).
  Result<PairingView> pairing(const Caller& caller, const std::string& id);

  // Trusts, trustor side. create: invalid_argument (reason pairing_invalid)
  // for a missing, unknown, expired or used pairing, (reason self_trust) for
  // one of the caller's own organization; conflict for a pair that has a
  // trust; invalid_argument without members or for an invalid member;
  // conflict (reason limit_reached) past kMaxMembers. The pairing is used
  // only when the trust is made.
  Result<TrustView> create(const Caller& caller, NewTrust input);
  // The trust with the configured Customer Care organization.
  Result<TrustView> create_default(const Caller& caller, bool assign_default_role, bool auto_expire);
  Result<TrustView> get_default(const Caller& caller);
  // enabled and expires replace the stored ones (no expires: never).
  Result<TrustView> update(const Caller& caller, const std::string& trustee_org, bool enabled,
                           std::optional<Millis> expires);

  // Either side: `other_org` is the trustee on the trustor side, the trustor
  // on the trustee side.
  Result<Page<TrustView>> list(const Caller& caller, store::TrustSide side, const PageRequest& page);
  Result<TrustView> get(const Caller& caller, store::TrustSide side, const std::string& other_org);
  // Ends the trust: its members, grants and clones (their users are deleted
  // in the trustor), and the tokens acting through it.
  Result<void> remove(const Caller& caller, store::TrustSide side, const std::string& other_org);
  // Ends each named trust that exists (1..kMaxBulkIds ids, invalid_argument
  // naming id otherwise), in one transaction.
  Result<void> remove_many(const Caller& caller, store::TrustSide side, std::vector<std::string> other_orgs);

  // Members, either side, by name.
  Result<Page<MemberView>> members(const Caller& caller, store::TrustSide side, const std::string& other_org,
                                   store::MemberKind kind, const PageRequest& page);
  Result<MemberView> member(const Caller& caller, store::TrustSide side, const std::string& other_org,
                            store::MemberKind kind, const std::string& member_id);
  // The trustor admits a member with its roles (invalid_argument naming id
  // or the roles; conflict if a member already; limit_reached).
  Result<MemberView> add_member(const Caller& caller, const std::string& trustee_org, store::MemberKind kind,
                                MemberInput input);
  // The trustee asks for one of its own users or groups to be admitted,
  // without roles (not_found for an id that is not one; conflict if a member
  // already; limit_reached).
  Result<MemberView> request_member(const Caller& caller, const std::string& trustor_org, store::MemberKind kind,
                                    const std::string& member_id);
  Result<void> remove_member(const Caller& caller, store::TrustSide side, const std::string& other_org,
                             store::MemberKind kind, const std::string& member_id);

  // A member's roles (the trustor's view): UserAuthorization of its grants.
  Result<UserRoles> member_roles(const Caller& caller, const std::string& trustee_org, store::MemberKind kind,
                                 const std::string& member_id);
  // Replaces the member's grants with `pairs` (duplicates collapse; none
  // empties them, the member stays).
  Result<UserRoles> set_member_roles(const Caller& caller, const std::string& trustee_org, store::MemberKind kind,
                                     const std::string& member_id, std::vector<RoleDivision> pairs,
                                     std::string_view field);

  // The trusts `user_id` (a user of the caller's organization, not deleted;
  // not_found otherwise) is admitted to: a named member, in a trusted group,
  // or every active user of a trustee with usesDefaultRole; disabled and
  // expired ones included. By the trustor's name.
  Result<Page<UserTrustorView>> trustors_of_user(const Caller& caller, const std::string& user_id,
                                                 const PageRequest& page);

  // Audits of actions through trusts. trustee_audits: the caller's
  // organization's records of actors of the organizations org_ids (its
  // trustees); trustor_audits: the records of organization org_ids[0] (a
  // trustor) of the caller's organization's actors. Records outlive their
  // trusts; an organization that never trusted the caller's answers none.
  // invalid_argument naming the field for an empty id list, a bad id, date
  // range, filter, facet or sort.
  Result<TrustAuditResult> trustee_audits(const Caller& caller, TrustAuditQuery query);
  Result<TrustAuditResult> trustor_audits(const Caller& caller, TrustAuditQuery query);

  // Cloned users (at most kMaxClones per trustor, all its trusts together).
  // Lists: the trust's clones, by name. `id` is the trustee user's id; the
  // trustor's delete also takes the clone's own user id, and needs `need`
  // (directory:user:delete) in the clone's division.
  Result<std::vector<CloneView>> clones(const Caller& caller, store::TrustSide side, const std::string& other_org);
  Result<CloneView> clone(const Caller& caller, const std::string& trustor_org, const std::string& trustee_user_id);
  // The trustee clones one of its users admitted to the trust (a named
  // member or in a trusted group; not_found otherwise) into the trustor: a
  // user of the trustor with the same name, email, username, title and
  // department, in its Home division, without a password. Repeating it
  // answers the same clone. conflict (limit_reached) past kMaxClones;
  // conflict (duplicate) when the trustor has a user with that email or
  // username.
  Result<CloneView> make_clone(const Caller& caller, const std::string& trustor_org,
                               const std::string& trustee_user_id);
  Result<void> remove_clone(const Caller& caller, store::TrustSide side, const std::string& other_org,
                            const std::string& id, const authz::Requirement& need);

 private:
  // The records of `log_org` whose actors are of `actor_orgs`, queried.
  Result<TrustAuditResult> audits(const OrgId& log_org, std::vector<std::string> actor_orgs,
                                  const TrustAuditQuery& query);

  store::Store& store_;
  Access& access_;
  TokenService* tokens_;
  TrustSettings settings_;
  const Clock& clock_;
};

// What a trustee's change at home does to the trusts it receives, inside
// that change's own transaction `tx` (of the trustee):
// - a user or group deleted at home leaves every trust (its clones are
//   deleted in the trustors, its trust sessions end), audited in both;
Result<void> leave_trusts(store::ReadWriteTransaction& tx, Effects& fx, const Caller& caller, store::MemberKind kind,
                          const std::string& member_id, Millis now);
// - a user's state changed at home (deactivated, restored, deleted): what
//   its trusts give it in each trustor follows (the default trust admits
//   active users only);
Result<void> trustee_user_changed(store::ReadWriteTransaction& tx, Effects& fx, const std::string& user_id);
// - the members of a group changed at home: the indexes of the trustors
//   trusting it follow, and `removed` users it admitted no longer act there.
Result<void> trusted_group_changed(store::ReadWriteTransaction& tx, Effects& fx, const std::string& group_id,
                                   const std::vector<std::string>& removed);

}  // namespace rp::service
