// TrustService: cloned users.
#include <algorithm>

#include "core/ids.h"
#include "core/reasons.h"
#include "core/strings.h"
#include "service/access/effects.h"
#include "service/common/audit.h"
#include "service/trust/trust_support.h"
#include "service/trust/trusts.h"

namespace rp::service {
namespace {

using namespace detail;
using store::TrustSide;

std::unexpected<Error> clone_not_found() {
  return fail(make_error(Errc::not_found, "Unable to find a cloned user with that id"));
}

// The trust's clones with their users in the trustor, by name.
Result<std::vector<CloneView>> clone_views(store::Reader& tx, const store::Trust& t) {
  store::Reader* trustor = RP_TRY(reader_of(tx, t.trustor_org));
  std::vector<CloneView> out;
  for (auto& c : RP_TRY(tx.cloned_users(t.trustor_org, t.trustee_org))) {
    auto user = RP_TRY(find_live_user(*trustor, c.clone_user_id));
    if (user) out.push_back({std::move(c), std::move(*user)});
  }
  std::sort(out.begin(), out.end(), [](const CloneView& a, const CloneView& b) {
    auto la = to_lower(a.user.name), lb = to_lower(b.user.name);
    return la != lb ? la < lb : a.user.id < b.user.id;
  });
  return out;
}

// The clone named by `id`: the trustee user's id or, when `own_id_too`, the
// clone's own user id.
Result<CloneView> find_clone(store::Reader& tx, const store::Trust& t, const std::string& id, bool own_id_too) {
  if (!is_uuid(id)) return clone_not_found();
  for (auto& v : RP_TRY(clone_views(tx, t)))
    if (v.clone.trustee_user_id == id || (own_id_too && v.clone.clone_user_id == id)) return v;
  return clone_not_found();
}

}  // namespace

Result<std::vector<CloneView>> TrustService::clones(const Caller& caller, TrustSide side,
                                                    const std::string& other_org) {
  std::vector<CloneView> out;
  RP_CHECK(store_.read(caller.org, [&](store::Reader& tx) -> Result<void> {
    out = RP_TRY(clone_views(tx, RP_TRY(find_trust(tx, parties(caller, side, other_org)))));
    return {};
  }));
  return out;
}

Result<CloneView> TrustService::clone(const Caller& caller, const std::string& trustor_org,
                                      const std::string& trustee_user_id) {
  CloneView out;
  RP_CHECK(store_.read(caller.org, [&](store::Reader& tx) -> Result<void> {
    const auto t = RP_TRY(find_trust(tx, parties(caller, TrustSide::trustee, trustor_org)));
    out = RP_TRY(find_clone(tx, t, trustee_user_id, false));
    return {};
  }));
  return out;
}

Result<CloneView> TrustService::make_clone(const Caller& caller, const std::string& trustor_org,
                                           const std::string& trustee_user_id) {
  const Millis now = clock_.now();
  CloneView out;
  RP_CHECK(store_.write(caller.org, [&](store::ReadWriteTransaction& tx) -> Result<void> {
    const auto t = RP_TRY(find_trust(tx, parties(caller, TrustSide::trustee, trustor_org)));
    if (auto existing = find_clone(tx, t, trustee_user_id, false); existing) {
      out = std::move(*existing);
      return {};
    } else if (existing.error().code != Errc::not_found) {
      return fail(existing.error());
    }
    // The user must be admitted to the trust: a named member or in a trusted group.
    auto home = RP_TRY(find_live_user(tx, trustee_user_id));
    if (!home) return fail(make_error(Errc::not_found, "Unable to find a trusted user with that id"));
    const auto members = RP_TRY(tx.trust_members(t.trustor_org, t.trustee_org));
    const auto groups = RP_TRY(tx.groups_of_user(trustee_user_id));
    bool admitted = std::any_of(members.begin(), members.end(), [&](const store::TrustMember& m) {
      return m.kind == store::MemberKind::user ? m.member_id == trustee_user_id
                                               : std::binary_search(groups.begin(), groups.end(), m.member_id);
    });
    if (!admitted) return fail(make_error(Errc::not_found, "Unable to find a trusted user with that id"));

    store::ReadWriteTransaction* trustor = RP_TRY(writer_of(tx, t.trustor_org));
    if (RP_TRY(trustor->clone_count()) >= kMaxClones)
      return fail(
          make_error(Errc::conflict, "An organization may have at most " + std::to_string(kMaxClones) + " cloned users")
              .with_reason(reason::limit_reached)
              .with_param("limit.key", "trust.clonedUsers")
              .with_param("limit.value", std::to_string(kMaxClones)));
    store::User u;
    u.id = new_uuid();
    u.name = home->name;
    u.email = home->email;
    u.username = home->username;
    u.title = home->title;
    u.department = home->department;
    u.division_id = RP_TRY(trustor->organization()).home_division_id;
    u.state = store::UserState::active;
    u.created = u.modified = now;
    if (auto taken = RP_TRY(trustor->find_user_by_email(u.email)); taken)
      return fail(make_error(Errc::conflict, "The trusting organization has a user with the email [" + u.email + "]")
                      .with_field("email")
                      .with_reason(reason::duplicate));
    if (auto taken = RP_TRY(trustor->find_user_by_username(u.username)); taken)
      return fail(
          make_error(Errc::conflict, "The trusting organization has a user with the username [" + u.username + "]")
              .with_field("username")
              .with_reason(reason::duplicate));
    RP_CHECK(trustor->insert_user(u));
    store::ClonedUser c{t.trustor_org, t.trustee_org, trustee_user_id, u.id, now};
    RP_CHECK(trustor->insert_cloned_user(c));
    RP_CHECK(trustor->insert_audit(audit_record(caller, {"user.create", "user", u.id, "", snapshot(u)}, now)));
    const std::string after = Snapshot().add("trusteeUserId", trustee_user_id).add("cloneUserId", u.id).str();
    RP_CHECK(audit_trust_change(tx, caller, t, {"trust.clone.create", "trust", t.trustor_org, "", after}, now));
    out = CloneView{std::move(c), std::move(u)};
    return {};
  }));
  return out;
}

Result<void> TrustService::remove_clone(const Caller& caller, TrustSide side, const std::string& other_org,
                                        const std::string& id, const authz::Requirement& need) {
  const Millis now = clock_.now();
  return write_with_effects(
      store_, access_, tokens_, caller.org, [&](store::ReadWriteTransaction& tx, Effects& fx) -> Result<void> {
        const auto t = RP_TRY(find_trust(tx, parties(caller, side, other_org)));
        auto v = RP_TRY(find_clone(tx, t, id, side == TrustSide::trustor));
        store::ReadWriteTransaction* trustor = RP_TRY(writer_of(tx, t.trustor_org));
        if (side == TrustSide::trustor) RP_CHECK(access_.authorize(caller, need, v.user.division_id));
        RP_CHECK(delete_user(*trustor, fx.in(OrgId(t.trustor_org)), caller, v.user, now));
        RP_CHECK(trustor->delete_cloned_user(t.trustor_org, t.trustee_org, v.clone.trustee_user_id));
        const std::string before =
            Snapshot().add("trusteeUserId", v.clone.trustee_user_id).add("cloneUserId", v.user.id).str();
        return audit_trust_change(tx, caller, t, {"trust.clone.delete", "trust", t.trustor_org, before, ""}, now);
      });
}

}  // namespace rp::service
