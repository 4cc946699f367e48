// TrustService: the members of a trust and their roles.
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
using store::MemberKind;
using store::TrustSide;

std::string_view kind_name(MemberKind kind) { return kind == MemberKind::user ? "user" : "group"; }

std::unexpected<Error> member_not_found(MemberKind kind) {
  return fail(make_error(Errc::not_found,
                         std::string("Unable to find a trusted ") + std::string(kind_name(kind)) + " with that id"));
}

Result<store::TrustMember> find_member(store::Reader& tx, const Parties& p, MemberKind kind, const std::string& id) {
  if (!is_uuid(id)) return member_not_found(kind);
  auto m = tx.get_trust_member(p.trustor, p.trustee, kind, id);
  if (!m) return m.error().code == Errc::not_found ? member_not_found(kind) : fail(m.error());
  return m;
}

// The member with its record in the trustee; nullopt when that record is gone.
Result<std::optional<MemberView>> member_view(store::Reader& tx, const store::Trust& t, store::TrustMember m) {
  store::Reader* trustee = RP_TRY(reader_of(tx, t.trustee_org));
  MemberView v;
  if (m.kind == MemberKind::user) {
    v.user = RP_TRY(user_view(*trustee, m.member_id));
    if (!v.user) return std::optional<MemberView>{};
  } else {
    auto g = trustee->get_group(m.member_id);
    if (!g && g.error().code != Errc::not_found) return fail(g.error());
    if (!g || g->state == store::GroupState::deleted) return std::optional<MemberView>{};
    v.group = std::move(*g);
  }
  v.added_by = RP_TRY(org_user(tx, t, m.created_by));
  v.member = std::move(m);
  return std::optional<MemberView>(std::move(v));
}

const std::string& name_of(const MemberView& v) { return v.user ? v.user->user.name : v.group->name; }

std::size_t member_count(const std::vector<store::TrustMember>& members) { return members.size(); }

Error member_limit() {
  return make_error(Errc::conflict,
                    "A trust may have at most " + std::to_string(TrustService::kMaxMembers) + " users and groups")
      .with_reason(reason::limit_reached)
      .with_param("limit.key", "trust.members")
      .with_param("limit.value", std::to_string(TrustService::kMaxMembers));
}

Error already_member(MemberKind kind) {
  return make_error(Errc::conflict,
                    std::string("The ") + std::string(kind_name(kind)) + " is already a member of the trust")
      .with_reason(reason::duplicate);
}

std::vector<store::Grant> as_grants(const std::vector<RoleDivision>& pairs, const std::string& subject) {
  std::vector<store::Grant> out;
  for (const auto& p : pairs) out.push_back({subject, store::SubjectType::user, p.role_id, p.division_id, 0});
  return out;
}

}  // namespace

Result<Page<MemberView>> TrustService::members(const Caller& caller, TrustSide side, const std::string& other_org,
                                               MemberKind kind, const PageRequest& page) {
  if (page.page_size < 1 || page.page_number < 1)
    return invalid("pageSize", "pageSize and pageNumber must be positive");
  Page<MemberView> out;
  RP_CHECK(store_.read(caller.org, [&](store::Reader& tx) -> Result<void> {
    const store::Trust t = RP_TRY(find_trust(tx, parties(caller, side, other_org)));
    std::vector<MemberView> all;
    for (auto& m : RP_TRY(tx.trust_members(t.trustor_org, t.trustee_org))) {
      if (m.kind != kind) continue;
      auto v = RP_TRY(member_view(tx, t, std::move(m)));
      if (v) all.push_back(std::move(*v));
    }
    std::sort(all.begin(), all.end(), [](const MemberView& a, const MemberView& b) {
      auto la = to_lower(name_of(a)), lb = to_lower(name_of(b));
      return la != lb ? la < lb : a.member.member_id < b.member.member_id;
    });
    out = page_of(std::move(all), page);
    return {};
  }));
  return out;
}

Result<MemberView> TrustService::member(const Caller& caller, TrustSide side, const std::string& other_org,
                                        MemberKind kind, const std::string& member_id) {
  MemberView out;
  RP_CHECK(store_.read(caller.org, [&](store::Reader& tx) -> Result<void> {
    const Parties p = parties(caller, side, other_org);
    const store::Trust t = RP_TRY(find_trust(tx, p));
    auto v = RP_TRY(member_view(tx, t, RP_TRY(find_member(tx, p, kind, member_id))));
    if (!v) return member_not_found(kind);
    out = std::move(*v);
    return {};
  }));
  return out;
}

Result<MemberView> TrustService::add_member(const Caller& caller, const std::string& trustee_org, MemberKind kind,
                                            MemberInput input) {
  const Millis now = clock_.now();
  const Parties p = parties(caller, TrustSide::trustor, trustee_org);
  MemberView out;
  RP_CHECK(write_with_effects(
      store_, access_, tokens_, caller.org, [&](store::ReadWriteTransaction& tx, Effects& fx) -> Result<void> {
        const store::Trust t = RP_TRY(find_trust(tx, p));
        store::Reader* trustee = RP_TRY(reader_of(tx, t.trustee_org));
        auto pairs = RP_TRY(check_member(tx, *trustee, kind, input, ""));
        auto members = RP_TRY(tx.trust_members(p.trustor, p.trustee));
        bool member = std::any_of(members.begin(), members.end(), [&](const store::TrustMember& m) {
          return m.kind == kind && m.member_id == input.id;
        });
        if (member) return fail(already_member(kind));
        if (member_count(members) >= kMaxMembers) return fail(member_limit());
        RP_CHECK(check_can_grant(tx, access_, caller, pairs, {}));
        store::TrustMember m{p.trustor,
                             p.trustee,
                             kind,
                             input.id,
                             caller.subject_type == store::SubjectType::user ? caller.subject_id : "",
                             now};
        RP_CHECK(tx.insert_trust_member(m));
        std::vector<store::TrustGrant> grants;
        for (const auto& pr : pairs) grants.push_back({kind, input.id, pr.role_id, pr.division_id});
        RP_CHECK(tx.set_member_grants(p.trustor, p.trustee, kind, input.id, grants));
        members_changed(fx, t, {m});
        RP_CHECK(tx.insert_audit(audit_record(caller, {"trust.member.add", "trust", p.trustee, "", snapshot(m)}, now)));
        auto v = RP_TRY(member_view(tx, t, m));
        out = std::move(*v);
        return {};
      }));
  return out;
}

Result<MemberView> TrustService::request_member(const Caller& caller, const std::string& trustor_org, MemberKind kind,
                                                const std::string& member_id) {
  const Millis now = clock_.now();
  const Parties p = parties(caller, TrustSide::trustee, trustor_org);
  MemberView out;
  RP_CHECK(store_.write(caller.org, [&](store::ReadWriteTransaction& tx) -> Result<void> {
    const store::Trust t = RP_TRY(find_trust(tx, p));
    store::TrustMember m{
        p.trustor, p.trustee, kind, member_id, caller.subject_type == store::SubjectType::user ? caller.subject_id : "",
        now};
    auto v = RP_TRY(member_view(tx, t, m));  // the trustee's own user or group
    if (!v) return member_not_found(kind);
    auto members = RP_TRY(tx.trust_members(p.trustor, p.trustee));
    bool member = std::any_of(members.begin(), members.end(),
                              [&](const store::TrustMember& e) { return e.kind == kind && e.member_id == member_id; });
    if (member) return fail(already_member(kind));
    if (member_count(members) >= kMaxMembers) return fail(member_limit());
    RP_CHECK(tx.insert_trust_member(m));
    RP_CHECK(audit_trust_change(tx, caller, t, {"trust.member.request", "trust", p.trustor, "", snapshot(m)}, now));
    out = std::move(*v);
    return {};
  }));
  return out;
}

Result<void> TrustService::remove_member(const Caller& caller, TrustSide side, const std::string& other_org,
                                         MemberKind kind, const std::string& member_id) {
  const Millis now = clock_.now();
  const Parties p = parties(caller, side, other_org);
  return write_with_effects(
      store_, access_, tokens_, caller.org, [&](store::ReadWriteTransaction& tx, Effects& fx) -> Result<void> {
        const store::Trust t = RP_TRY(find_trust(tx, p));
        const store::TrustMember m = RP_TRY(find_member(tx, p, kind, member_id));
        if (kind == MemberKind::user) RP_CHECK(delete_clone_of(tx, fx, caller, t, member_id, now));  // it goes too
        const auto users = RP_TRY(users_of(tx, t, {m}));
        RP_CHECK(tx.delete_trust_member(p.trustor, p.trustee, kind, member_id));
        members_changed(fx, t, {m});
        RP_CHECK(end_sessions(tx, fx, t, users, false));
        const std::string& other = side == TrustSide::trustor ? p.trustee : p.trustor;
        return audit_trust_change(tx, caller, t, {"trust.member.remove", "trust", other, snapshot(m), ""}, now);
      });
}

Result<UserRoles> TrustService::member_roles(const Caller& caller, const std::string& trustee_org, MemberKind kind,
                                             const std::string& member_id) {
  UserRoles out;
  RP_CHECK(store_.read(caller.org, [&](store::Reader& tx) -> Result<void> {
    const Parties p = parties(caller, TrustSide::trustor, trustee_org);
    RP_TRY(find_trust(tx, p));
    RP_TRY(find_member(tx, p, kind, member_id));
    auto pairs = pairs_of(RP_TRY(tx.trust_grants(p.trustor, p.trustee)), kind, member_id);
    out = RP_TRY(roles_of_pairs(tx, access_.engine().catalog(), pairs));
    return {};
  }));
  return out;
}

Result<UserRoles> TrustService::set_member_roles(const Caller& caller, const std::string& trustee_org, MemberKind kind,
                                                 const std::string& member_id, std::vector<RoleDivision> pairs,
                                                 std::string_view field) {
  const Millis now = clock_.now();
  const Parties p = parties(caller, TrustSide::trustor, trustee_org);
  UserRoles out;
  RP_CHECK(write_with_effects(
      store_, access_, tokens_, caller.org, [&](store::ReadWriteTransaction& tx, Effects& fx) -> Result<void> {
        const store::Trust t = RP_TRY(find_trust(tx, p));
        const store::TrustMember m = RP_TRY(find_member(tx, p, kind, member_id));
        RP_CHECK(validate_role_divisions(tx, pairs, field, false));
        pairs = unique_pairs(pairs);
        const auto before = pairs_of(RP_TRY(tx.trust_grants(p.trustor, p.trustee)), kind, member_id);
        RP_CHECK(check_can_grant(tx, access_, caller, pairs, as_grants(before, member_id)));
        std::vector<store::TrustGrant> grants;
        for (const auto& pr : pairs) grants.push_back({kind, member_id, pr.role_id, pr.division_id});
        RP_CHECK(tx.set_member_grants(p.trustor, p.trustee, kind, member_id, grants));
        members_changed(fx, t, {m});
        RP_CHECK(end_sessions(tx, fx, t, RP_TRY(users_of(tx, t, {m})), false));
        auto grants_json = [](const std::vector<RoleDivision>& list) {
          std::vector<std::string> items;
          for (const auto& pr : list) items.push_back(pr.role_id + "@" + pr.division_id);
          return json_string_array(items);
        };
        RP_CHECK(
            tx.insert_audit(audit_record(caller,
                                         {"trust.member.roles", "trust", p.trustee,
                                          Snapshot().add("id", member_id).add_raw("grants", grants_json(before)).str(),
                                          Snapshot().add("id", member_id).add_raw("grants", grants_json(pairs)).str()},
                                         now)));
        out = RP_TRY(roles_of_pairs(tx, access_.engine().catalog(), pairs));
        return {};
      }));
  return out;
}

}  // namespace rp::service
