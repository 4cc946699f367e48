// A property test of the engine's trust grants: for random trusts, members,
// groups and grants, made through the services so that the real write paths
// and the index patches run, a trustee user's decision in the trustor equals
// a reference evaluation of the trust grants alone (trust_grants.h), never
// uses a grant it holds at home, and the patched index answers as one
// compiled from the store does.
//
// Reference: user u of trustee B holds permission p in division d of trustor
// T iff u is not deleted, the trust T→B exists and is enabled, and some grant
// of u's own membership, of a trusted group u is a member of at home, or
// (usesDefaultRole, u active) the admin role in "*", names a role of T whose
// policies cover p, in d or "*" (for a division-aware p; an organization-wide
// p is held through any grant). Without a division: held anywhere.

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "authz/catalog.h"
#include "authz/engine.h"
#include "authz/permission.h"
#include "service/divisions/divisions.h"
#include "service/groups/groups.h"
#include "service/roles/grants.h"
#include "service/roles/roles.h"
#include "service/trust/trusts.h"
#include "unit/service/service_fixture.h"

namespace rp::service {
namespace {

using store::MemberKind;
using store::TrustSide;
using store::UserState;
using Pair = std::pair<std::string, std::string>;  // (role id, division id or "*")
using Member = std::pair<MemberKind, std::string>;

constexpr std::string_view kAll = authz::kAllDivisions;

// The permissions checked: division-aware and organization-wide ones.
constexpr std::array<std::string_view, 8> kPermissions = {
    "directory:user:view", "directory:user:edit",     "directory:user:add",          "directory:group:add",
    "routing:queue:view",  "authorization:role:view", "authorization:division:view", "directory:organization:view"};

// What the test's roles are made of, wildcards included.
const std::vector<store::Policy>& policy_pool() {
  static const std::vector<store::Policy> pool = {
      {"directory", "user", {"view"}, ""},
      {"directory", "user", {"edit", "view"}, ""},
      {"directory", "user", {"*"}, ""},
      {"directory", "group", {"add"}, ""},
      {"routing", "queue", {"view"}, ""},
      {"routing", "*", {"view"}, ""},
      {"authorization", "role", {"view"}, ""},
      {"authorization", "*", {"view"}, ""},
      {"directory", "organization", {"view"}, ""},
  };
  return pool;
}

bool part_covers(std::string_view pattern, std::string_view value) { return pattern == "*" || pattern == value; }

// The reference's own reading of policies.
bool covers(const std::vector<store::Policy>& policies, const authz::Permission& p) {
  for (const auto& pol : policies) {
    if (!pol.condition_json.empty()) continue;
    if (!part_covers(pol.domain, p.domain) || !part_covers(pol.entity, p.entity)) continue;
    for (const auto& a : pol.actions)
      if (part_covers(a, p.action)) return true;
  }
  return false;
}

struct Org {
  std::string id;
  std::string label;
  Caller admin;
  std::string admin_role;
  std::vector<std::string> divisions;                          // Home first
  std::vector<std::string> roles;                              // the ones the test made
  std::map<std::string, std::vector<store::Policy>> policies;  // by role id, the admin role's too
};

struct HomeUser {
  std::string id;
  UserState state = UserState::active;
};

struct Trustee : Org {
  std::vector<HomeUser> users;
  std::map<std::string, std::set<std::string>> groups;  // live groups: their members at home
};

struct TrustModel {
  bool enabled = true;
  bool uses_default = false;
  std::map<Member, std::set<Pair>> members;
};

struct Native {
  std::string id;
  std::set<Pair> grants;
};

struct World {
  std::vector<Org> trustors;
  std::vector<Trustee> trustees;
  std::map<std::pair<std::size_t, std::size_t>, TrustModel> trusts;  // (trustor, trustee)
  std::vector<std::vector<Native>> natives;                          // per trustor
};

// Does a holder of `pairs` in `org` hold `p` (in `division` when given)?
bool held(const Org& org, const std::set<Pair>& pairs, const authz::Permission& p, bool division_aware,
          const std::optional<std::string>& division) {
  for (const auto& [role, div] : pairs) {
    auto found = org.policies.find(role);
    if (found == org.policies.end() || !covers(found->second, p)) continue;
    if (!division || !division_aware || div == kAll || div == *division) return true;
  }
  return false;
}

// The grants `u` of trustee `b` holds in trustor `t` by the reference.
std::set<Pair> trust_pairs(const World& w, std::size_t t, std::size_t b, const HomeUser& u) {
  std::set<Pair> out;
  if (u.state == UserState::deleted) return out;
  auto trust = w.trusts.find({t, b});
  if (trust == w.trusts.end() || !trust->second.enabled) return out;
  const Trustee& home = w.trustees[b];
  for (const auto& [m, pairs] : trust->second.members) {
    bool reaches = m.first == MemberKind::user ? m.second == u.id : home.groups.at(m.second).contains(u.id);
    if (reaches) out.insert(pairs.begin(), pairs.end());
  }
  if (trust->second.uses_default && u.state == UserState::active)
    out.insert({w.trustors[t].admin_role, std::string(kAll)});
  return out;
}

template <class T>
T ok(Result<T> r, const std::string& what) {
  if (!r) throw std::runtime_error(what + " failed: " + r.error().message + " (" + r.error().field + ")");
  return std::move(*r);
}
inline void ok(Result<void> r, const std::string& what) {
  if (!r) throw std::runtime_error(what + " failed: " + r.error().message + " (" + r.error().field + ")");
}

class TrustPropertyTest : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    divisions_ = std::make_unique<DivisionService>(*store_, *access_, clock_);
    roles_ = std::make_unique<RoleService>(*store_, *access_, clock_);
    grants_ = std::make_unique<GrantService>(*store_, *access_, clock_);
    groups_ = std::make_unique<GroupService>(*store_, *access_, tokens_.get(), clock_);
  }
  void TearDown() override {
    trusts_.reset();
    groups_.reset();
    grants_.reset();
    roles_.reset();
    divisions_.reset();
    ServiceTest::TearDown();
  }

  struct Options {
    // Also change trustee users at home: deactivate, reactivate, delete,
    // create; and delete groups.
    bool lifecycle = false;
  };

  // Runs `rounds` rounds from `base_seed` (RP_PROPERTY_SEED overrides it).
  void run(std::uint32_t base_seed, int rounds, Options opt) {
    if (const char* env = std::getenv("RP_PROPERTY_SEED")) base_seed = static_cast<std::uint32_t>(std::stoul(env));
    if (const char* env = std::getenv("RP_PROPERTY_ROUNDS")) rounds = std::stoi(env);
    for (int i = 0; i < rounds && failures_ == 0; ++i) {
      const std::uint32_t seed = base_seed + static_cast<std::uint32_t>(i);
      SCOPED_TRACE("seed " + std::to_string(seed) + " (RP_PROPERTY_SEED=" + std::to_string(seed) +
                   " RP_PROPERTY_ROUNDS=1 reproduces it)");
      try {
        round(seed, opt);
      } catch (const std::exception& e) {
        ADD_FAILURE() << e.what() << "\n" << history();
        return;
      }
    }
    // The property was exercised where it matters.
    EXPECT_GT(home_only_, 0) << "no permission was held only at home";
    EXPECT_GT(trust_held_, 0) << "no permission was held through a trust";
  }

 private:
  std::size_t pick(std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_); }
  bool chance(double p) { return std::bernoulli_distribution(p)(rng_); }
  template <class C>
  const auto& one_of(const C& c) {
    auto it = c.begin();
    std::advance(it, static_cast<std::ptrdiff_t>(pick(c.size())));
    return *it;
  }

  std::string name(const std::string& id) const {
    auto found = names_.find(id);
    return found == names_.end() ? id : found->second;
  }
  std::string pairs_str(const std::set<Pair>& pairs) const {
    std::string s = "{";
    for (const auto& [r, d] : pairs) s += (s.size() > 1 ? ", " : "") + name(r) + "@" + (d == kAll ? "*" : name(d));
    return s + "}";
  }
  void log(std::string line) { log_.push_back(std::move(line)); }
  std::string history() const {
    std::string s = "what the round did:\n";
    for (const auto& l : log_) s += "  " + l + "\n";
    return s;
  }

  Org make_org(const std::string& label) {
    auto boot = ok(orgs_->bootstrap(label), "bootstrap " + label);
    Org o;
    o.id = boot.organization_id;
    o.label = label;
    o.admin = Caller{OrgId(o.id), boot.client.client_id, store::SubjectType::client, boot.client.client_id,
                     "",          "trust-property"};
    names_[o.id] = label;
    o.divisions.push_back(ok(divisions_->home(o.admin), "home").id);
    names_[o.divisions[0]] = label + ".Home";
    ok(store_->read(o.admin.org,
                    [&](store::Reader& tx) -> Result<void> {
                      for (auto& [def, id] : RP_TRY(tx.default_role_ids()))
                        if (def == "admin") o.admin_role = id;
                      for (const auto& r : RP_TRY(tx.list_roles()))
                        if (r.id == o.admin_role) o.policies[r.id] = r.policies;
                      return {};
                    }),
       "read roles");
    if (o.admin_role.empty()) throw std::runtime_error(label + " has no admin role");
    names_[o.admin_role] = label + ".admin";
    // Loaded now, so that every change below patches it.
    ok(access_->index(o.admin.org), "index");
    return o;
  }

  std::vector<store::Policy> random_policies() {
    std::vector<store::Policy> out;
    const std::size_t n = 1 + pick(3);
    for (std::size_t i = 0; i < n; ++i) {
      const auto& p = one_of(policy_pool());
      if (std::find(out.begin(), out.end(), p) == out.end()) out.push_back(p);
    }
    return out;
  }

  void add_roles(Org& o, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
      RoleInput in;
      in.name = "R" + std::to_string(i);
      in.policies = random_policies();
      auto made = ok(roles_->create(o.admin, in), "create role");
      o.roles.push_back(made.role.id);
      o.policies[made.role.id] = made.role.policies;
      names_[made.role.id] = o.label + ".R" + std::to_string(i);
    }
  }

  void add_divisions(Org& o, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
      auto d = ok(divisions_->create(o.admin, {"D" + std::to_string(i), std::nullopt}), "create division");
      o.divisions.push_back(d.id);
      names_[d.id] = o.label + ".D" + std::to_string(i);
    }
  }

  std::string add_user(Org& o, std::size_t n, const std::string& prefix, std::optional<std::string> state) {
    NewUser in;
    in.name = prefix + std::to_string(n);
    in.email = prefix + std::to_string(n) + "@example.com";
    in.state = std::move(state);
    auto v = ok(users_->create(o.admin, in, kAddUser), "create user");
    names_[v.user.id] = o.label + "." + prefix + std::to_string(n);
    return v.user.id;
  }

  // Random (role, division) pairs of `o`'s roles and divisions.
  std::vector<RoleDivision> random_pairs(const Org& o, std::size_t max) {
    std::vector<RoleDivision> out;
    const std::size_t n = pick(max + 1);
    for (std::size_t i = 0; i < n; ++i) {
      std::string role = chance(0.05) ? o.admin_role : one_of(o.roles);
      std::string div = chance(0.35) ? std::string(kAll) : one_of(o.divisions);
      out.push_back({role, div});
    }
    return out;
  }
  static std::set<Pair> as_set(const std::vector<RoleDivision>& pairs) {
    std::set<Pair> s;
    for (const auto& p : pairs) s.insert({p.role_id, p.division_id});
    return s;
  }
  // A TrustMemberCreate with `pairs`, some "*" ones given as roleIds.
  MemberInput member_input(const std::string& id, const std::vector<RoleDivision>& pairs) {
    MemberInput in;
    in.id = id;
    for (const auto& p : pairs) {
      if (p.division_id == kAll && chance(0.5)) in.role_ids.push_back(p.role_id);
      else in.role_divisions.push_back(p);
    }
    return in;
  }

  static bool live(const Trustee& b, const std::string& user) {
    return std::any_of(b.users.begin(), b.users.end(),
                       [&](const HomeUser& h) { return h.id == user && h.state != UserState::deleted; });
  }
  std::vector<std::size_t> live_users(const Trustee& b) const {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < b.users.size(); ++i)
      if (b.users[i].state != UserState::deleted) out.push_back(i);
    return out;
  }

  // A candidate member of the trust of `b` that is none yet (nullopt: none left).
  std::optional<Member> non_member(const World& w, std::size_t b, const TrustModel& trust) {
    std::vector<Member> candidates;
    for (std::size_t i : live_users(w.trustees[b])) candidates.push_back({MemberKind::user, w.trustees[b].users[i].id});
    for (const auto& [g, members] : w.trustees[b].groups) candidates.push_back({MemberKind::group, g});
    std::erase_if(candidates, [&](const Member& m) { return trust.members.contains(m); });
    if (candidates.empty()) return std::nullopt;
    return one_of(candidates);
  }

  // The trust T→B through a pairing of B, with 1..3 members.
  void create_trust(World& w, std::size_t t, std::size_t b) {
    const Org& tor = w.trustors[t];
    Trustee& tee = w.trustees[b];
    TrustModel model;
    model.enabled = chance(0.75);
    NewTrust in;
    in.enabled = model.enabled;
    std::vector<std::string> pair_users, pair_groups;
    const std::size_t n = 1 + pick(3);
    for (std::size_t i = 0; i < n; ++i) {
      auto m = non_member(w, b, model);
      if (!m) break;
      auto pairs = random_pairs(tor, 2);
      model.members[*m] = as_set(pairs);
      (m->first == MemberKind::user ? in.users : in.groups).push_back(member_input(m->second, pairs));
      (m->first == MemberKind::user ? pair_users : pair_groups).push_back(m->second);
    }
    if (model.members.empty()) return;
    auto pairing = ok(trusts_->create_pairing(tee.admin, pair_users, pair_groups), "create pairing");
    in.pairing_id = pairing.pairing.id;
    ok(trusts_->create(tor.admin, in), "create trust");
    std::string line = "create trust " + tor.label + "->" + tee.label + (model.enabled ? "" : " (disabled)") + ":";
    for (const auto& [m, pairs] : model.members) line += " " + name(m.second) + pairs_str(pairs);
    log(line);
    w.trusts[{t, b}] = std::move(model);
  }

  // The trust with the Customer Care organization (trustee 0), maybe with
  // usesDefaultRole, then 0..2 members added.
  void create_default_trust(World& w, std::size_t t) {
    const Org& tor = w.trustors[t];
    TrustModel model;
    model.uses_default = chance(0.5);
    ok(trusts_->create_default(tor.admin, model.uses_default, false), "create default trust");
    log("create default trust " + tor.label + "->" + w.trustees[0].label +
        (model.uses_default ? " usesDefaultRole" : ""));
    w.trusts[{t, 0}] = std::move(model);
    const std::size_t n = pick(3);
    for (std::size_t i = 0; i < n; ++i) add_member(w, t, 0);
    if (chance(0.25)) set_enabled(w, t, 0, false);
  }

  void add_member(World& w, std::size_t t, std::size_t b) {
    TrustModel& trust = w.trusts.at({t, b});
    auto m = non_member(w, b, trust);
    if (!m) return;
    auto pairs = random_pairs(w.trustors[t], 2);
    ok(trusts_->add_member(w.trustors[t].admin, w.trustees[b].id, m->first, member_input(m->second, pairs)),
       "add member");
    trust.members[*m] = as_set(pairs);
    log("add member " + name(m->second) + pairs_str(trust.members[*m]) + " to " + w.trustors[t].label + "->" +
        w.trustees[b].label);
  }

  void set_enabled(World& w, std::size_t t, std::size_t b, bool enabled) {
    ok(trusts_->update(w.trustors[t].admin, w.trustees[b].id, enabled, std::nullopt), "update trust");
    w.trusts.at({t, b}).enabled = enabled;
    log(std::string(enabled ? "enable" : "disable") + " trust " + w.trustors[t].label + "->" + w.trustees[b].label);
  }

  void build(World& w, bool care_round, const Options& opt) {
    const std::size_t n_trustors = 1 + pick(2);
    const std::size_t n_trustees = 2 + pick(2);
    for (std::size_t t = 0; t < n_trustors; ++t) {
      Org o = make_org("T" + std::to_string(t));
      add_divisions(o, 1 + pick(2));
      add_roles(o, 4);
      w.trustors.push_back(std::move(o));
    }
    for (std::size_t b = 0; b < n_trustees; ++b) {
      Trustee o;
      static_cast<Org&>(o) = make_org("B" + std::to_string(b));
      add_divisions(o, pick(2));
      add_roles(o, 3);
      const std::size_t n_users = 3 + pick(3);
      for (std::size_t i = 0; i < n_users; ++i) {
        const bool inactive = opt.lifecycle && chance(0.2);
        o.users.push_back({add_user(o, i, "u", inactive ? std::optional<std::string>("inactive") : std::nullopt),
                           inactive ? UserState::inactive : UserState::active});
        if (inactive) log("user " + name(o.users.back().id) + " is inactive");
      }
      const std::size_t n_groups = 1 + pick(2);
      for (std::size_t g = 0; g < n_groups; ++g) {
        GroupInput in;
        in.name = "G" + std::to_string(g);
        in.type = "official";
        in.visibility = "public";
        in.rules_visible = false;
        auto made = ok(groups_->create(o.admin, in), "create group");
        names_[made.id] = o.label + ".G" + std::to_string(g);
        std::vector<std::string> members;
        for (const auto& u : o.users)
          if (chance(0.5)) members.push_back(u.id);
        if (!members.empty()) ok(groups_->add_members(o.admin, made.id, members, std::nullopt), "add group members");
        o.groups[made.id] = {members.begin(), members.end()};
        std::string line = "group " + name(made.id) + " has";
        for (const auto& m : members) line += " " + name(m);
        log(line);
      }
      // Home grants, which must never count in a trustor; some hold B's admin role.
      for (const auto& u : o.users) {
        auto pairs = random_pairs(o, 2);
        if (chance(0.2)) pairs.push_back({o.admin_role, std::string(kAll)});
        if (pairs.empty()) continue;
        ok(grants_->add(o.admin, u.id, pairs), "home grants");
        log("home grants of " + name(u.id) + ": " + pairs_str(as_set(pairs)));
      }
      w.trustees.push_back(std::move(o));
    }
    // The trustors' own users.
    w.natives.resize(n_trustors);
    for (std::size_t t = 0; t < n_trustors; ++t) {
      for (std::size_t i = 0; i < 2; ++i) {
        Native n{add_user(w.trustors[t], i, "n", std::nullopt), {}};
        auto pairs = random_pairs(w.trustors[t], 2);
        if (!pairs.empty()) ok(grants_->add(w.trustors[t].admin, n.id, pairs), "native grants");
        n.grants = as_set(pairs);
        log("native " + name(n.id) + ": " + pairs_str(n.grants));
        w.natives[t].push_back(std::move(n));
      }
    }
    TrustSettings settings;
    if (care_round) settings.customer_care_org = w.trustees[0].id;
    trusts_ = std::make_unique<TrustService>(*store_, *access_, tokens_.get(), settings, clock_);
    for (std::size_t t = 0; t < n_trustors; ++t) {
      for (std::size_t b = 0; b < n_trustees; ++b) {
        if (!chance(0.75)) continue;
        if (b == 0 && care_round && chance(0.6)) create_default_trust(w, t);
        else create_trust(w, t, b);
      }
    }
  }

  // One random change; false when the one drawn did not apply.
  bool mutate(World& w, const Options& opt) {
    const std::size_t t = pick(w.trustors.size());
    const std::size_t b = pick(w.trustees.size());
    Org& tor = w.trustors[t];
    Trustee& tee = w.trustees[b];
    auto trust = w.trusts.find({t, b});
    const bool trusted = trust != w.trusts.end();
    const std::string pair_label = tor.label + "->" + tee.label;
    switch (pick(opt.lifecycle ? 15 : 11)) {
      case 0: {  // a member's roles replaced
        if (!trusted || trust->second.members.empty()) return false;
        const Member m = one_of(trust->second.members).first;
        auto pairs = random_pairs(tor, 3);
        ok(trusts_->set_member_roles(tor.admin, tee.id, m.first, m.second, pairs, "roleDivisions.grants"),
           "set member roles");
        trust->second.members[m] = as_set(pairs);
        log("set roles of member " + name(m.second) + " of " + pair_label + " to " + pairs_str(as_set(pairs)));
        return true;
      }
      case 1: {  // a member removed, by either side
        if (!trusted || trust->second.members.empty()) return false;
        const Member m = one_of(trust->second.members).first;
        const bool by_trustee = chance(0.3);
        ok(trusts_->remove_member(by_trustee ? tee.admin : tor.admin,
                                  by_trustee ? TrustSide::trustee : TrustSide::trustor, by_trustee ? tor.id : tee.id,
                                  m.first, m.second),
           "remove member");
        trust->second.members.erase(m);
        log("remove member " + name(m.second) + " from " + pair_label + (by_trustee ? " (by the trustee)" : ""));
        return true;
      }
      case 2:  // a member added
        if (!trusted) return false;
        add_member(w, t, b);
        return true;
      case 3:  // disabled or enabled
        if (!trusted) return false;
        set_enabled(w, t, b, !trust->second.enabled);
        return true;
      case 4: {  // a user leaves a group at home, most often a trusted group
        std::vector<std::string> any, trusted_groups;
        for (const auto& [g, members] : tee.groups) {
          if (std::none_of(members.begin(), members.end(), [&](const std::string& u) { return live(tee, u); }))
            continue;
          any.push_back(g);
          for (const auto& [key, tm] : w.trusts)
            if (key.second == b && tm.members.contains({MemberKind::group, g})) {
              trusted_groups.push_back(g);
              break;
            }
        }
        if (any.empty()) return false;
        const std::string g = !trusted_groups.empty() && chance(0.75) ? one_of(trusted_groups) : one_of(any);
        std::vector<std::string> members;
        for (const auto& u : tee.groups[g])
          if (live(tee, u)) members.push_back(u);
        const std::string u = one_of(members);
        ok(groups_->remove_members(tee.admin, g, {u}), "remove group member");
        tee.groups[g].erase(u);
        log("remove " + name(u) + " from group " + name(g) + " at home");
        return true;
      }
      case 5: {  // a user joins a group at home
        if (tee.groups.empty()) return false;
        const std::string g = one_of(tee.groups).first;
        std::vector<std::string> outside;
        for (std::size_t i : live_users(tee))
          if (!tee.groups[g].contains(tee.users[i].id)) outside.push_back(tee.users[i].id);
        if (outside.empty()) return false;
        const std::string u = one_of(outside);
        ok(groups_->add_members(tee.admin, g, {u}, std::nullopt), "add group member");
        tee.groups[g].insert(u);
        log("add " + name(u) + " to group " + name(g) + " at home");
        return true;
      }
      case 6: {  // a trustor's role redefined
        const std::string role = one_of(tor.roles);
        RoleInput in;
        in.name = name(role).substr(tor.label.size() + 1);
        in.policies = random_policies();
        auto v = ok(roles_->update(tor.admin, role, in), "update role");
        tor.policies[role] = v.role.policies;
        std::string line = "redefine role " + name(role) + ":";
        for (const auto& p : v.role.policies) {
          line += " " + p.domain + ":" + p.entity + ":";
          for (const auto& a : p.actions) line += a + (&a == &p.actions.back() ? "" : ",");
        }
        log(line);
        return true;
      }
      case 7: {  // home grants replaced
        auto live = live_users(tee);
        if (live.empty()) return false;
        const std::string u = tee.users[one_of(live)].id;
        auto pairs = random_pairs(tee, 2);
        if (chance(0.3)) pairs.push_back({tee.admin_role, std::string(kAll)});
        ok(grants_->replace(tee.admin, u, pairs), "replace home grants");
        log("home grants of " + name(u) + " now " + pairs_str(as_set(pairs)));
        return true;
      }
      case 8: {  // a native user's grants replaced
        Native& n = w.natives[t][pick(w.natives[t].size())];
        auto pairs = random_pairs(tor, 2);
        ok(grants_->replace(tor.admin, n.id, pairs), "replace native grants");
        n.grants = as_set(pairs);
        log("native grants of " + name(n.id) + " now " + pairs_str(n.grants));
        return true;
      }
      case 9: {  // the trust ended, by either side
        if (!trusted) return false;
        const bool by_trustee = chance(0.3);
        ok(trusts_->remove(by_trustee ? tee.admin : tor.admin, by_trustee ? TrustSide::trustee : TrustSide::trustor,
                           by_trustee ? tor.id : tee.id),
           "remove trust");
        w.trusts.erase(trust);
        log("remove trust " + pair_label + (by_trustee ? " (by the trustee)" : ""));
        return true;
      }
      case 10:  // a trust made again
        if (trusted) return false;
        create_trust(w, t, b);
        return true;
      case 11: {  // deactivated or reactivated at home
        auto live = live_users(tee);
        if (live.empty()) return false;
        HomeUser& u = tee.users[one_of(live)];
        const bool activate = u.state == UserState::inactive;
        UserPatch patch;
        patch.any_version = true;
        patch.state = activate ? "active" : "inactive";
        ok(users_->update(tee.admin, u.id, patch, kEditUser), "change user state");
        u.state = activate ? UserState::active : UserState::inactive;
        log(std::string(activate ? "activate " : "deactivate ") + name(u.id) + " at home");
        return true;
      }
      case 12: {  // deleted at home (DELETE, or a PATCH of its state): it holds nothing anywhere
        auto live = live_users(tee);
        if (live.size() < 2) return false;
        HomeUser& u = tee.users[one_of(live)];
        const bool by_patch = chance(0.5);
        if (by_patch) {
          UserPatch patch;
          patch.any_version = true;
          patch.state = "deleted";
          ok(users_->update(tee.admin, u.id, patch, kEditUser), "delete user by patch");
        } else {
          ok(users_->remove(tee.admin, u.id, kDeleteUser), "delete user");
        }
        // Either way it leaves its trusts too.
        for (auto& [key, tm] : w.trusts)
          if (key.second == b) tm.members.erase({MemberKind::user, u.id});
        u.state = UserState::deleted;
        log("delete " + name(u.id) + " at home" + (by_patch ? " (PATCH state deleted)" : ""));
        return true;
      }
      case 13: {  // a new user at home, maybe in a group
        const std::string id = add_user(tee, tee.users.size(), "u", std::nullopt);
        tee.users.push_back({id, UserState::active});
        std::string line = "create " + name(id) + " at home";
        if (!tee.groups.empty() && chance(0.5)) {
          const std::string g = one_of(tee.groups).first;
          ok(groups_->add_members(tee.admin, g, {id}, std::nullopt), "add group member");
          tee.groups[g].insert(id);
          line += ", in group " + name(g);
        }
        log(line);
        return true;
      }
      case 14: {  // a group deleted at home: it leaves its trusts
        if (tee.groups.size() < 2) return false;
        const std::string g = one_of(tee.groups).first;
        ok(groups_->remove(tee.admin, g), "delete group");
        tee.groups.erase(g);
        for (auto& [key, tm] : w.trusts)
          if (key.second == b) tm.members.erase({MemberKind::group, g});
        log("delete group " + name(g) + " at home");
        return true;
      }
    }
    return false;
  }

  // Checks every trustee user and native user of every trustor against the
  // reference, in the current (patched) index, an index compiled from the
  // store by another engine, and through Access::authorize with the trust
  // caller. `stage` names the check in failures.
  void check(const World& w, const std::string& stage) {
    const auto& catalog = authz::Catalog::builtin();
    authz::Engine fresh_engine;
    Access fresh(*store_, fresh_engine);
    for (std::size_t t = 0; t < w.trustors.size(); ++t) {
      const Org& tor = w.trustors[t];
      auto idx = ok(access_->index(tor.admin.org), "index");
      auto rebuilt = ok(fresh.index(tor.admin.org), "fresh index");
      std::vector<std::optional<std::string>> divisions{std::nullopt};
      for (const auto& d : tor.divisions) divisions.emplace_back(d);

      auto compare = [&](const std::string& subject, const std::set<Pair>& pairs, const Caller& caller,
                         const std::string& who, const std::function<bool(const authz::Requirement&)>& at_home) {
        for (std::string_view perm : kPermissions) {
          const auto req = authz::Requirement::any_of({std::string(perm)});
          const auto parsed = *authz::parse_permission(perm);
          const bool aware = catalog.at(*catalog.find(perm)).division_aware;
          for (const auto& div : divisions) {
            const std::optional<std::string_view> d = div ? std::optional<std::string_view>(*div) : std::nullopt;
            const bool want = held(tor, pairs, parsed, aware, div);
            const bool got = authz::Engine::satisfies(*idx, subject, req, d);
            const bool compiled = authz::Engine::satisfies(*rebuilt, subject, req, d);
            const bool authorized = access_->authorize(caller, req, d).has_value();
            // Held at home only: the trustor must refuse it.
            const bool home_only = !want && at_home && at_home(req);
            trust_held_ += want && !caller.home_org.empty();
            home_only_ += home_only && !div;
            if (got == want && compiled == want && authorized == want) continue;
            ADD_FAILURE() << stage << ": " << who << " " << name(subject) << " in " << tor.label << ", " << perm
                          << " in " << (div ? name(*div) : "(any division)") << ": reference " << want
                          << ", patched index " << got << ", compiled index " << compiled << ", authorize "
                          << authorized << (home_only ? " (held at home only)" : "") << "\n  reference grants "
                          << pairs_str(pairs) << "\n"
                          << (failures_ == 0 ? history() : std::string());
            if (++failures_ >= 3) return;
          }
        }
      };

      for (std::size_t b = 0; b < w.trustees.size(); ++b) {
        const Trustee& tee = w.trustees[b];
        auto home_idx = ok(access_->index(tee.admin.org), "home index");
        for (const auto& u : tee.users) {
          Caller caller{tor.admin.org, u.id,         store::SubjectType::user, tee.admin.client_id, "", "trust",
                        std::string(), OrgId(tee.id)};
          auto at_home = [&](const authz::Requirement& req) {
            return authz::Engine::satisfies(*home_idx, u.id, req, std::nullopt);
          };
          compare(u.id, trust_pairs(w, t, b, u), caller, "trustee user", at_home);
          if (failures_ >= 3) return;
        }
      }
      for (const auto& n : w.natives[t]) {
        Caller caller{tor.admin.org, n.id, store::SubjectType::user, tor.admin.client_id, "", "native"};
        compare(n.id, n.grants, caller, "native user", nullptr);
        if (failures_ >= 3) return;
      }
    }
  }

  void round(std::uint32_t seed, const Options& opt) {
    rng_.seed(seed);
    log_.clear();
    names_.clear();
    World w;
    // In some rounds trustee 0 is the Customer Care organization (usesDefaultRole).
    build(w, chance(0.5), opt);
    check(w, "after setup");
    for (int phase = 1; phase <= 4 && failures_ == 0; ++phase) {
      const std::size_t n = 1 + pick(3);
      for (std::size_t i = 0; i < n;)
        if (mutate(w, opt)) ++i;
      check(w, "after changes " + std::to_string(phase));
    }
    if (failures_ != 0) return;
    for (const auto& o : w.trustors) ok(access_->refresh(o.admin.org), "refresh");
    check(w, "after Access::refresh");
  }

  std::mt19937 rng_;
  std::vector<std::string> log_;
  std::map<std::string, std::string> names_;
  int failures_ = 0;
  std::int64_t home_only_ = 0;
  std::int64_t trust_held_ = 0;

  std::unique_ptr<DivisionService> divisions_;
  std::unique_ptr<RoleService> roles_;
  std::unique_ptr<GrantService> grants_;
  std::unique_ptr<GroupService> groups_;
  std::unique_ptr<TrustService> trusts_;
};

// The trust grants alone decide, through the trusts' own write paths.
TEST_F(TrustPropertyTest, TrusteeDecisionsAreTheTrustGrantsAlone) { run(0x7a11u, 30, {}); }

// The same while trustee users are deactivated, deleted and created at home
// and groups are deleted there.
TEST_F(TrustPropertyTest, TrusteeDecisionsFollowTheHomeLifecycle) { run(0x5eedu, 30, {.lifecycle = true}); }

}  // namespace
}  // namespace rp::service
