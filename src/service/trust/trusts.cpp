// TrustService: pairings and trusts (trust_members.cpp: their members).
#include "service/trust/trusts.h"

#include <algorithm>

#include "core/ids.h"
#include "core/reasons.h"
#include "core/strings.h"
#include "service/access/effects.h"
#include "service/access/trust_grants.h"
#include "service/common/audit.h"
#include "service/roles/role_support.h"
#include "service/trust/trust_support.h"

namespace rp::service {
namespace {

using namespace detail;
using store::MemberKind;
using store::TrustSide;

constexpr std::string_view kDefaultOrigin = "default";
// The default role Customer Care users hold in the trustor with usesDefaultRole.
constexpr std::string_view kAdminRole = "admin";

std::unexpected<Error> pairing_invalid() {
  return fail(make_error(Errc::invalid_argument, "A valid pairingId is required.")
                  .with_field("pairingId")
                  .with_reason(reason::pairing_invalid));
}

std::unexpected<Error> pairing_not_found() {
  return fail(make_error(Errc::not_found, "Unable to find a pairing with that pairingId"));
}

std::unexpected<Error> self_trust() {
  return fail(make_error(Errc::invalid_argument,
                         "The pairing trustee organization id cannot match the creator of the trust's organization id.")
                  .with_reason(reason::self_trust));
}

Error limit(std::string message, std::string_view key, std::int64_t value) {
  return make_error(Errc::conflict, std::move(message))
      .with_reason(reason::limit_reached)
      .with_param("limit.key", std::string(key))
      .with_param("limit.value", std::to_string(value));
}

std::string created_by(const Caller& caller) {
  return caller.subject_type == store::SubjectType::user ? caller.subject_id : std::string();
}

Result<void> check_future(std::optional<Millis> expires, Millis now) {
  if (expires && *expires <= now) return invalid("dateExpired", "dateExpired must be in the future");
  return {};
}

// Pairing ids: users and groups of the caller's organization, not deleted.
Result<void> check_pairing_ids(store::Reader& tx, const std::vector<std::string>& ids, MemberKind kind) {
  const std::string field = kind == MemberKind::user ? "userIds" : "groupIds";
  for (std::size_t i = 0; i < ids.size(); ++i)
    RP_CHECK(check_live(tx, kind, ids[i], field + "[" + std::to_string(i) + "]"));
  return {};
}

Result<PairingView> pairing_view(store::Reader& trustee, store::Pairing p) {
  PairingView v;
  v.trustee = RP_TRY(trustee.organization());
  if (!p.created_by.empty()) {
    auto creator = RP_TRY(user_view(trustee, p.created_by, true));
    if (creator) v.created_by = UserOfOrg{std::move(*creator), v.trustee};
  }
  for (const auto& id : p.user_ids) {
    auto u = RP_TRY(user_view(trustee, id));
    if (u) v.users.push_back(std::move(*u));
  }
  for (const auto& id : p.group_ids) {
    auto g = trustee.get_group(id);
    if (!g && g.error().code != Errc::not_found) return fail(g.error());
    if (g && g->state != store::GroupState::deleted) v.groups.push_back(std::move(*g));
  }
  auto by_name = [](const auto& a, const auto& b) { return to_lower(a.name) < to_lower(b.name); };
  std::stable_sort(v.users.begin(), v.users.end(),
                   [&](const UserView& a, const UserView& b) { return by_name(a.user, b.user); });
  std::stable_sort(v.groups.begin(), v.groups.end(), by_name);
  v.pairing = std::move(p);
  return v;
}

}  // namespace

Result<PairingView> TrustService::create_pairing(const Caller& caller, std::vector<std::string> user_ids,
                                                 std::vector<std::string> group_ids) {
  user_ids = unique(user_ids);
  group_ids = unique(group_ids);
  if (user_ids.empty() && group_ids.empty())
    return invalid("userIds", "If no users are specified, at least one group is required");
  if (user_ids.size() + group_ids.size() > kMaxMembers)
    return invalid(user_ids.size() > kMaxMembers ? "userIds" : "groupIds",
                   "A pairing may name at most " + std::to_string(kMaxMembers) + " users and groups");
  const Millis now = clock_.now();
  store::Pairing p{new_uuid(),
                   caller.org.value,
                   created_by(caller),
                   user_ids,
                   group_ids,
                   now,
                   now + settings_.pairing_lifetime_seconds * 1000,
                   std::nullopt};
  PairingView view;
  RP_CHECK(store_.write(caller.org, [&](store::ReadWriteTransaction& tx) -> Result<void> {
    RP_CHECK(check_pairing_ids(tx, p.user_ids, MemberKind::user));
    RP_CHECK(check_pairing_ids(tx, p.group_ids, MemberKind::group));
    RP_CHECK(tx.insert_pairing(p));
    Snapshot after;
    after.add("id", p.id).add("userIds", join(p.user_ids, ",")).add("groupIds", join(p.group_ids, ","));
    RP_CHECK(tx.insert_audit(audit_record(caller, {"pairing.create", "pairing", p.id, "", after.str()}, now)));
    view = RP_TRY(pairing_view(tx, p));
    return {};
  }));
  return view;
}

Result<PairingView> TrustService::pairing(const Caller& caller, const std::string& id) {
  if (!is_uuid(id)) return pairing_not_found();
  const Millis now = clock_.now();
  std::optional<store::Pairing> found;
  RP_CHECK(store_.read(caller.org, [&](store::Reader& tx) -> Result<void> {
    auto p = tx.get_pairing(id);
    if (!p) return p.error().code == Errc::not_found ? pairing_not_found() : fail(p.error());
    found = std::move(*p);
    return {};
  }));
  if (found->expires <= now) return pairing_not_found();
  // The trustee's records are read in the trustee's organization: holding
  // the id is what entitles the caller to them.
  PairingView view;
  RP_CHECK(store_.read(OrgId(found->trustee_org), [&](store::Reader& tx) -> Result<void> {
    view = RP_TRY(pairing_view(tx, std::move(*found)));
    return {};
  }));
  return view;
}

Result<TrustView> TrustService::create(const Caller& caller, NewTrust input) {
  const Millis now = clock_.now();
  RP_CHECK(check_future(input.expires, now));
  if (!is_uuid(input.pairing_id)) return pairing_invalid();
  TrustView view;
  RP_CHECK(write_with_effects(
      store_, access_, tokens_, caller.org, [&](store::ReadWriteTransaction& tx, Effects& fx) -> Result<void> {
        auto p = tx.get_pairing(input.pairing_id);
        if (!p) return p.error().code == Errc::not_found ? pairing_invalid() : fail(p.error());
        if (p->consumed || p->expires <= now) return pairing_invalid();
        if (p->trustee_org == caller.org.value) return self_trust();
        auto existing = tx.get_trust(caller.org.value, p->trustee_org);
        if (existing)
          return fail(make_error(Errc::conflict, "A trust with this organization already exists")
                          .with_reason(reason::duplicate));
        if (existing.error().code != Errc::not_found) return fail(existing.error());
        if (input.users.empty() && input.groups.empty())
          return invalid("users", "At least one user or group is required");

        store::Trust t{caller.org.value, p->trustee_org, input.enabled, false, p->id, created_by(caller), now,
                       input.expires};
        RP_CHECK(tx.insert_trust(t));
        store::ReadWriteTransaction* trustee = RP_TRY(tx.partner_writer(OrgId(t.trustee_org)));
        struct Admitted {
          MemberKind kind;
          std::string id;
          std::vector<RoleDivision> pairs;
        };
        std::vector<Admitted> admitted;
        for (auto [kind, list] :
             {std::pair{MemberKind::user, &input.users}, std::pair{MemberKind::group, &input.groups}}) {
          const std::string name = kind == MemberKind::user ? "users" : "groups";
          for (std::size_t i = 0; i < list->size(); ++i) {
            const MemberInput& in = (*list)[i];
            auto pairs = RP_TRY(check_member(tx, *trustee, kind, in, name + "[" + std::to_string(i) + "]."));
            bool twice = std::any_of(admitted.begin(), admitted.end(),
                                     [&](const Admitted& a) { return a.kind == kind && a.id == in.id; });
            if (twice)
              return invalid(name + "[" + std::to_string(i) + "].id", "The member [" + in.id + "] is given twice");
            admitted.push_back({kind, in.id, std::move(pairs)});
          }
        }
        if (admitted.size() > kMaxMembers)
          return fail(limit("A trust may have at most " + std::to_string(kMaxMembers) + " users and groups",
                            "trust.members", static_cast<std::int64_t>(kMaxMembers)));
        std::vector<store::TrustMember> members;
        for (const auto& a : admitted) {
          RP_CHECK(check_can_grant(tx, access_, caller, a.pairs, {}));
          store::TrustMember m{t.trustor_org, t.trustee_org, a.kind, a.id, created_by(caller), now};
          RP_CHECK(tx.insert_trust_member(m));
          std::vector<store::TrustGrant> grants;
          for (const auto& pr : a.pairs) grants.push_back({a.kind, a.id, pr.role_id, pr.division_id});
          RP_CHECK(tx.set_member_grants(t.trustor_org, t.trustee_org, a.kind, a.id, grants));
          members.push_back(std::move(m));
        }
        if (!RP_TRY(tx.consume_pairing(p->id, now))) return pairing_invalid();
        members_changed(fx, t, members);
        const std::string after = snapshot(t);
        RP_CHECK(tx.insert_audit(audit_record(caller, {"trust.create", "trust", t.trustee_org, "", after}, now)));
        RP_CHECK(trustee->insert_audit(audit_record(caller, {"trust.create", "trust", t.trustor_org, "", after}, now)));
        view = RP_TRY(trust_view(tx, t, TrustSide::trustor, now));
        return {};
      }));
  return view;
}

Result<TrustView> TrustService::create_default(const Caller& caller, bool assign_default_role, bool auto_expire) {
  const std::string& care = settings_.customer_care_org;
  if (care.empty())
    return fail(make_error(Errc::invalid_argument, "No Customer Care organization is configured")
                    .with_reason(reason::bad_request));
  if (care == caller.org.value) return self_trust();
  const Millis now = clock_.now();
  TrustView view;
  RP_CHECK(write_with_effects(
      store_, access_, tokens_, caller.org, [&](store::ReadWriteTransaction& tx, Effects& fx) -> Result<void> {
        auto existing = tx.get_trust(caller.org.value, care);
        if (existing)
          return fail(make_error(Errc::conflict, "A trust with the Customer Care organization already exists")
                          .with_reason(reason::duplicate));
        if (existing.error().code != Errc::not_found) return fail(existing.error());
        store::Trust t{caller.org.value,   care, true,        assign_default_role, std::string(kDefaultOrigin),
                       created_by(caller), now,  std::nullopt};
        if (auto_expire) t.expires = now + kDefaultTrustLifetime;
        if (auto made = tx.insert_trust(t); !made) {
          if (made.error().code != Errc::not_found) return fail(made.error());
          return fail(make_error(Errc::invalid_argument, "The configured Customer Care organization does not exist")
                          .with_reason(reason::bad_request));
        }
        if (assign_default_role) {
          // The admin role must exist: it is what the default trust grants.
          bool has_admin = false;
          for (const auto& [def, id] : RP_TRY(tx.default_role_ids())) has_admin = has_admin || def == kAdminRole;
          if (!has_admin)
            return fail(make_error(Errc::conflict, "The organization has no admin default role to grant")
                            .with_reason(reason::role_missing));
        }
        fx.rebuild();
        store::ReadWriteTransaction* trustee = RP_TRY(tx.partner_writer(OrgId(care)));
        const std::string after = snapshot(t);
        RP_CHECK(tx.insert_audit(audit_record(caller, {"trust.create", "trust", care, "", after}, now)));
        RP_CHECK(trustee->insert_audit(audit_record(caller, {"trust.create", "trust", t.trustor_org, "", after}, now)));
        view = RP_TRY(trust_view(tx, t, TrustSide::trustor, now));
        return {};
      }));
  return view;
}

Result<TrustView> TrustService::get_default(const Caller& caller) {
  if (settings_.customer_care_org.empty()) return trust_not_found();
  return get(caller, TrustSide::trustor, settings_.customer_care_org);
}

Result<TrustView> TrustService::update(const Caller& caller, const std::string& trustee_org, bool enabled,
                                       std::optional<Millis> expires) {
  const Millis now = clock_.now();
  const Parties p = parties(caller, TrustSide::trustor, trustee_org);
  TrustView view;
  RP_CHECK(write_with_effects(
      store_, access_, tokens_, caller.org, [&](store::ReadWriteTransaction& tx, Effects& fx) -> Result<void> {
        const store::Trust before = RP_TRY(find_trust(tx, p));
        RP_CHECK(check_future(expires, now));
        store::Trust after = before;
        after.enabled = enabled;
        after.expires = expires;
        RP_CHECK(tx.update_trust(after));
        if (after.enabled != before.enabled) fx.rebuild();
        // Disabling ends every session at once; an earlier end makes the
        // sessions end then (they ended no later than the trust already).
        if (before.enabled && !after.enabled) {
          RP_CHECK(end_sessions(tx, fx, after, {}, true));
        } else if (after.expires && (!before.expires || *after.expires < *before.expires)) {
          store::ReadWriteTransaction* trustee = RP_TRY(writer_of(tx, after.trustee_org));
          fx.tokens_shortened(RP_TRY(trustee->cap_acting_tokens(after.trustor_org, *after.expires)), *after.expires);
        }
        RP_CHECK(tx.insert_audit(
            audit_record(caller, {"trust.update", "trust", p.trustee, snapshot(before), snapshot(after)}, now)));
        view = RP_TRY(trust_view(tx, after, TrustSide::trustor, now));
        return {};
      }));
  return view;
}

Result<Page<TrustView>> TrustService::list(const Caller& caller, TrustSide side, const PageRequest& page) {
  const Millis now = clock_.now();
  Page<TrustView> out;
  RP_CHECK(store_.read(caller.org, [&](store::Reader& tx) -> Result<void> {
    auto trusts = RP_TRY(tx.list_trusts(side, page));
    out.total = trusts.total;
    for (const auto& t : trusts.items) out.items.push_back(RP_TRY(trust_view(tx, t, side, now)));
    return {};
  }));
  return out;
}

Result<TrustView> TrustService::get(const Caller& caller, TrustSide side, const std::string& other_org) {
  const Millis now = clock_.now();
  TrustView view;
  RP_CHECK(store_.read(caller.org, [&](store::Reader& tx) -> Result<void> {
    view = RP_TRY(trust_view(tx, RP_TRY(find_trust(tx, parties(caller, side, other_org))), side, now));
    return {};
  }));
  return view;
}

Result<void> TrustService::remove(const Caller& caller, TrustSide side, const std::string& other_org) {
  const Millis now = clock_.now();
  return write_with_effects(store_, access_, tokens_, caller.org,
                            [&](store::ReadWriteTransaction& tx, Effects& fx) -> Result<void> {
                              auto t = RP_TRY(find_trust(tx, parties(caller, side, other_org)));
                              return end_trust(tx, fx, caller, t, now);
                            });
}

Result<void> TrustService::remove_many(const Caller& caller, TrustSide side, std::vector<std::string> other_orgs) {
  other_orgs = unique(other_orgs);
  if (other_orgs.empty()) return invalid("id", "At least one organization id is required");
  if (other_orgs.size() > kMaxBulkIds)
    return invalid("id", "At most " + std::to_string(kMaxBulkIds) + " organization ids may be given");
  const Millis now = clock_.now();
  return write_with_effects(store_, access_, tokens_, caller.org,
                            [&](store::ReadWriteTransaction& tx, Effects& fx) -> Result<void> {
                              for (const auto& other : other_orgs) {
                                auto t = find_trust(tx, parties(caller, side, other));
                                if (!t && t.error().code == Errc::not_found) continue;  // names no trust
                                if (!t) return fail(t.error());
                                RP_CHECK(end_trust(tx, fx, caller, *t, now));
                              }
                              return {};
                            });
}

Result<Page<UserTrustorView>> TrustService::trustors_of_user(const Caller& caller, const std::string& user_id,
                                                             const PageRequest& page) {
  if (page.page_size < 1 || page.page_number < 1)
    return invalid("pageSize", "pageSize and pageNumber must be positive");
  const Millis now = clock_.now();
  Page<UserTrustorView> out;
  RP_CHECK(store_.read(caller.org, [&](store::Reader& tx) -> Result<void> {
    auto user = RP_TRY(find_live_user(tx, user_id));
    if (!user) return fail(user_not_found());
    const auto groups = RP_TRY(tx.groups_of_user(user_id));
    std::vector<UserTrustorView> all;
    for (const auto& t : RP_TRY(tx.all_trusts(TrustSide::trustee))) {
      bool admitted = t.uses_default_role && user->state == store::UserState::active;
      for (const auto& m : RP_TRY(tx.trust_members(t.trustor_org, t.trustee_org)))
        admitted =
            admitted || (m.kind == MemberKind::user ? m.member_id == user_id
                                                    : std::binary_search(groups.begin(), groups.end(), m.member_id));
      if (!admitted) continue;
      UserTrustorView v{RP_TRY(trust_view(tx, t, TrustSide::trustee, now)), {}};
      if (t.enabled && !v.trust.expired) {
        store::Reader* trustor = RP_TRY(reader_of(tx, t.trustor_org));
        std::vector<RoleDivision> pairs;
        for (const auto& g : RP_TRY(trust_grant_defs_of(*trustor, user_id)))
          pairs.push_back({g.role_id, g.division_id});
        v.permissions = RP_TRY(roles_of_pairs(*trustor, access_.engine().catalog(), unique_pairs(pairs))).permissions;
      }
      all.push_back(std::move(v));
    }
    std::sort(all.begin(), all.end(), [](const UserTrustorView& a, const UserTrustorView& b) {
      auto la = to_lower(a.trust.other.name), lb = to_lower(b.trust.other.name);
      return la != lb ? la < lb : a.trust.other.id < b.trust.other.id;
    });
    out = page_of(std::move(all), page);
    return {};
  }));
  return out;
}

}  // namespace rp::service
