// Compares the compiled index against a deliberately naive reference
// evaluation over many random organizations: roles with wildcard policies,
// grants in divisions or in all divisions, and every (subject, permission,
// division) question. Then applies random edits (roles redefined, created and
// deleted; subjects' grants replaced) as patches and checks that every patched
// index answers exactly as one built from scratch from the edited input, and
// as the reference.

#include <algorithm>
#include <random>

#include <gtest/gtest.h>

#include "authz/engine.h"

namespace rp::authz {
namespace {

// The reference: straight from the definitions, no precomputation.
bool naive_check(const IndexInput& in, const Catalog& cat, const std::string& subject, PermissionId p,
                 const std::string& division) {
  const CatalogEntry& e = cat.at(p);
  for (const auto& g : in.grants) {
    if (g.subject_id != subject) continue;
    if (e.division_aware && g.division_id != kAllDivisions && g.division_id != division) continue;
    for (const auto& r : in.roles) {
      if (r.id != g.role_id) continue;
      for (const auto& pol : r.policies) {
        bool d = pol.domain == "*" || pol.domain == e.domain;
        bool en = pol.entity == "*" || pol.entity == e.entity;
        bool a = false;
        for (const auto& act : pol.actions) a = a || act == "*" || act == e.action;
        if (d && en && a) return true;
      }
    }
  }
  return false;
}

bool naive_knows(const IndexInput& in, const std::string& subject) {
  for (const auto& g : in.grants)
    if (g.subject_id == subject)
      for (const auto& r : in.roles)
        if (r.id == g.role_id) return true;
  return false;
}

const std::vector<std::string> kDivisions = {"d0", "d1", "d2", "d3"};
const std::vector<std::string> kSubjects = {"s0", "s1", "s2", "s3", "s4", "s5"};

class Random {
 public:
  explicit Random(std::uint32_t seed) : rng_(seed) {}
  std::size_t pick(std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_); }

  RoleDef role(const Catalog& cat, std::string id) {
    RoleDef role{std::move(id), {}};
    int policies = static_cast<int>(pick(4));
    for (int k = 0; k < policies; ++k) {
      const auto& e = cat.at(static_cast<PermissionId>(pick(cat.size())));
      PolicyDef pol{std::string(e.domain), std::string(e.entity), {std::string(e.action)}};
      if (pick(5) == 0) pol.domain = "*";
      if (pick(4) == 0) pol.entity = "*";
      if (pick(4) == 0) pol.actions = {"*"};
      if (pick(3) == 0) pol.actions.push_back(std::string(cat.at(static_cast<PermissionId>(pick(cat.size()))).action));
      role.policies.push_back(std::move(pol));
    }
    return role;
  }

  // A grant of one of `roles` role ids (or one no role defines) in a division
  // of `divisions` (or all of them).
  GrantDef grant(const std::string& subject, int roles, const std::vector<std::string>& divisions) {
    std::string division = pick(5) == 0 ? std::string(kAllDivisions) : divisions[pick(divisions.size())];
    std::string role = pick(10) == 0 ? "ghost-role" : "role" + std::to_string(pick(roles));
    return {subject, role, division};
  }

 private:
  std::mt19937 rng_;
};

std::string name(const Catalog& cat, PermissionId p) {
  const auto& e = cat.at(p);
  return std::string(e.domain) + ":" + std::string(e.entity) + ":" + std::string(e.action);
}

// Every answer of `idx` against the reference on `in`.
void expect_matches_reference(const OrgIndex& idx, const IndexInput& in, const Catalog& cat,
                              const std::vector<std::string>& subjects, const std::vector<std::string>& divisions,
                              const std::string& where) {
  for (const auto& s : subjects) {
    ASSERT_EQ(idx.knows_subject(s), naive_knows(in, s)) << where << " subject " << s;
    std::vector<PermissionId> held;
    for (PermissionId p = 0; p < cat.size(); ++p) {
      bool anywhere = false;
      for (const auto& d : divisions) {
        bool want = naive_check(in, cat, s, p, d);
        anywhere = anywhere || want;
        ASSERT_EQ(idx.check(s, p, d), want)
            << where << " subject " << s << " permission " << name(cat, p) << " division " << d;
      }
      // A division nobody was granted in: only all-division grants (or org-wide permissions) count.
      bool any_all = naive_check(in, cat, s, p, "d-unknown");
      ASSERT_EQ(idx.check(s, p, "d-unknown"), any_all) << where;
      ASSERT_EQ(idx.holds_anywhere(s, p), anywhere || any_all) << where;
      if (anywhere || any_all) held.push_back(p);
      auto scope = idx.divisions(s, p);
      if (scope.all) {
        ASSERT_TRUE(any_all || !cat.at(p).division_aware) << where;
        for (const auto& d : divisions) ASSERT_TRUE(naive_check(in, cat, s, p, d)) << where;
      } else {
        ASSERT_TRUE(std::is_sorted(scope.divisions.begin(), scope.divisions.end())) << where;
        for (const auto& d : divisions) {
          bool listed = std::find(scope.divisions.begin(), scope.divisions.end(), d) != scope.divisions.end();
          ASSERT_EQ(listed, naive_check(in, cat, s, p, d)) << where << " subject " << s << " " << name(cat, p);
        }
      }
    }
    ASSERT_EQ(idx.permissions_of(s), held) << where << " subject " << s;
  }
}

// Every answer of `a` equals that of `b`.
void expect_same_answers(const OrgIndex& a, const OrgIndex& b, const Catalog& cat,
                         const std::vector<std::string>& subjects, const std::vector<std::string>& divisions,
                         const std::string& where) {
  for (const auto& s : subjects) {
    ASSERT_EQ(a.knows_subject(s), b.knows_subject(s)) << where << " subject " << s;
    ASSERT_EQ(a.permissions_of(s), b.permissions_of(s)) << where << " subject " << s;
    for (PermissionId p = 0; p < cat.size(); ++p) {
      ASSERT_EQ(a.holds_anywhere(s, p), b.holds_anywhere(s, p)) << where;
      auto sa = a.divisions(s, p);
      auto sb = b.divisions(s, p);
      ASSERT_EQ(sa.all, sb.all) << where << " subject " << s << " " << name(cat, p);
      ASSERT_EQ(sa.divisions, sb.divisions) << where << " subject " << s << " " << name(cat, p);
      for (const auto& d : divisions) ASSERT_EQ(a.check(s, p, d), b.check(s, p, d)) << where;
    }
  }
}

TEST(OrgIndexProperty, AgreesWithNaiveReference) {
  const Catalog& cat = Catalog::builtin();
  Random rnd(20261125);
  std::vector<std::string> divisions = kDivisions;

  for (int round = 0; round < 60; ++round) {
    IndexInput in;
    int roles = 1 + static_cast<int>(rnd.pick(6));
    for (int r = 0; r < roles; ++r) in.roles.push_back(rnd.role(cat, "role" + std::to_string(r)));
    int grants = static_cast<int>(rnd.pick(12));
    for (int g = 0; g < grants; ++g)
      in.grants.push_back(rnd.grant(kSubjects[rnd.pick(kSubjects.size())], roles, divisions));

    auto idx = OrgIndex::build(in, cat);
    expect_matches_reference(*idx, in, cat, kSubjects, divisions, "round " + std::to_string(round));
    if (HasFatalFailure()) return;
  }
}

TEST(OrgIndexProperty, PatchedIndexEqualsRebuiltIndex) {
  const Catalog& cat = Catalog::builtin();
  Random rnd(7130);
  std::vector<std::string> subjects = kSubjects;
  subjects.push_back("s-new");
  std::vector<std::string> divisions = kDivisions;
  divisions.insert(divisions.end(), {"d-new-0", "d-new-1"});

  for (int round = 0; round < 40; ++round) {
    IndexInput in;
    int roles = 1 + static_cast<int>(rnd.pick(5));
    for (int r = 0; r < roles; ++r) in.roles.push_back(rnd.role(cat, "role" + std::to_string(r)));
    for (int g = static_cast<int>(rnd.pick(12)); g > 0; --g)
      in.grants.push_back(rnd.grant(kSubjects[rnd.pick(kSubjects.size())], roles + 1, kDivisions));
    auto idx = OrgIndex::build(in, cat);

    for (int edit = 0; edit < 12; ++edit) {
      std::string what;
      switch (rnd.pick(4)) {
        case 0: {  // redefine or create a role (possibly one grants already name)
          std::string id = rnd.pick(4) == 0 ? "ghost-role" : "role" + std::to_string(rnd.pick(roles + 2));
          RoleDef role = rnd.role(cat, id);
          std::erase_if(in.roles, [&](const RoleDef& r) { return r.id == id; });
          in.roles.push_back(role);
          idx = idx->with_role(role);
          what = "with_role " + id;
          break;
        }
        case 1: {  // delete a role; its grants stay and hold nothing
          std::string id = "role" + std::to_string(rnd.pick(roles + 2));
          std::erase_if(in.roles, [&](const RoleDef& r) { return r.id == id; });
          idx = idx->without_role(id);
          what = "without_role " + id;
          break;
        }
        case 2: {  // delete a role and its grants, as the store does
          std::string id = "role" + std::to_string(rnd.pick(roles + 2));
          std::erase_if(in.roles, [&](const RoleDef& r) { return r.id == id; });
          idx = idx->without_role(id);
          std::vector<std::string> holders;
          for (const auto& g : in.grants)
            if (g.role_id == id) holders.push_back(g.subject_id);
          std::erase_if(in.grants, [&](const GrantDef& g) { return g.role_id == id; });
          for (const auto& s : holders) {
            std::vector<GrantDef> left;
            for (const auto& g : in.grants)
              if (g.subject_id == s) left.push_back(g);
            idx = idx->with_subject_grants(s, left);
          }
          what = "without_role and grants " + id;
          break;
        }
        default: {  // replace a subject's grants (maybe with none, new divisions, unknown roles)
          const std::string& s = subjects[rnd.pick(subjects.size())];
          std::erase_if(in.grants, [&](const GrantDef& g) { return g.subject_id == s; });
          std::vector<GrantDef> mine;
          for (int g = static_cast<int>(rnd.pick(5)); g > 0; --g) mine.push_back(rnd.grant(s, roles + 2, divisions));
          if (!mine.empty() && rnd.pick(3) == 0) mine.push_back(mine.front());  // a duplicate
          in.grants.insert(in.grants.end(), mine.begin(), mine.end());
          idx = idx->with_subject_grants(s, mine);
          what = "with_subject_grants " + s + " (" + std::to_string(mine.size()) + ")";
          break;
        }
      }
      std::string where = "round " + std::to_string(round) + " edit " + std::to_string(edit) + " " + what;
      auto fresh = OrgIndex::build(in, cat);
      expect_same_answers(*idx, *fresh, cat, subjects, divisions, where);
      if (HasFatalFailure()) return;
      expect_matches_reference(*idx, in, cat, subjects, divisions, where);
      if (HasFatalFailure()) return;
    }
  }
}

TEST(OrgIndexProperty, PatchesLeaveTheOriginalUnchanged) {
  const Catalog& cat = Catalog::builtin();
  IndexInput in;
  in.roles = {{"viewer", {{"directory", "user", {"view"}}}}};
  in.grants = {{"alice", "viewer", "d1"}};
  auto before = OrgIndex::build(in, cat);
  const PermissionId view = *cat.find("directory:user:view");
  const PermissionId add = *cat.find("directory:user:add");

  auto role_edited = before->with_role({"viewer", {{"directory", "user", {"view", "add"}}}});
  std::vector<GrantDef> grants = {{"bob", "viewer", "d2"}};
  auto bob_added = role_edited->with_subject_grants("bob", grants);
  auto viewer_gone = bob_added->without_role("viewer");

  EXPECT_FALSE(before->check("alice", add, "d1"));
  EXPECT_FALSE(before->knows_subject("bob"));
  EXPECT_TRUE(role_edited->check("alice", add, "d1"));
  EXPECT_FALSE(role_edited->knows_subject("bob"));
  EXPECT_TRUE(bob_added->check("bob", view, "d2"));
  EXPECT_FALSE(bob_added->check("bob", view, "d1"));
  EXPECT_FALSE(viewer_gone->check("alice", view, "d1"));
  EXPECT_FALSE(viewer_gone->knows_subject("alice"));
  EXPECT_TRUE(bob_added->check("alice", view, "d1"));
}

TEST(OrgIndexProperty, ManySubjectsSpreadOverShards) {
  const Catalog& cat = Catalog::builtin();
  IndexInput in;
  in.roles = {{"viewer", {{"directory", "user", {"view"}}}}, {"editor", {{"directory", "*", {"edit"}}}}};
  for (int i = 0; i < 5000; ++i)
    in.grants.push_back({"user-" + std::to_string(i), i % 3 ? "viewer" : "editor", "div-" + std::to_string(i % 40)});
  auto idx = OrgIndex::build(in, cat);
  EXPECT_GT(idx->stats().shards, 1u);
  EXPECT_EQ(idx->stats().subjects, 5000u);
  const PermissionId view = *cat.find("directory:user:view");
  for (int i = 0; i < 5000; i += 7) {
    std::string s = "user-" + std::to_string(i);
    EXPECT_EQ(idx->check(s, view, "div-" + std::to_string(i % 40)), i % 3 != 0) << s;
    EXPECT_FALSE(idx->check(s, view, "div-" + std::to_string((i + 1) % 40))) << s;
  }
  std::vector<GrantDef> none;
  auto removed = idx->with_subject_grants("user-1", none);
  EXPECT_FALSE(removed->knows_subject("user-1"));
  EXPECT_TRUE(removed->knows_subject("user-2"));
  EXPECT_EQ(removed->stats().subjects, 4999u);
  EXPECT_EQ(idx->stats().subjects, 5000u);
}

}  // namespace
}  // namespace rp::authz
