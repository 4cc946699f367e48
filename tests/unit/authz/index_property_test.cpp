// Compares the compiled index against a deliberately naive reference
// evaluation over many random organizations: roles with wildcard policies,
// grants in divisions or in all divisions, and every (subject, permission,
// division) question.

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

TEST(OrgIndexProperty, AgreesWithNaiveReference) {
  const Catalog& cat = Catalog::builtin();
  std::mt19937 rng(20261125);
  auto pick = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); };

  for (int round = 0; round < 60; ++round) {
    IndexInput in;
    std::vector<std::string> divisions = {"d0", "d1", "d2", "d3"};
    std::vector<std::string> subjects = {"s0", "s1", "s2", "s3", "s4", "s5"};
    int roles = 1 + static_cast<int>(pick(6));
    for (int r = 0; r < roles; ++r) {
      RoleDef role{"role" + std::to_string(r), {}};
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
      in.roles.push_back(std::move(role));
    }
    int grants = static_cast<int>(pick(12));
    for (int g = 0; g < grants; ++g) {
      std::string division = pick(5) == 0 ? std::string(kAllDivisions) : divisions[pick(divisions.size())];
      std::string role = pick(10) == 0 ? "ghost-role" : "role" + std::to_string(pick(roles));
      in.grants.push_back({subjects[pick(subjects.size())], role, division});
    }

    auto idx = OrgIndex::build(in, cat);
    for (const auto& s : subjects) {
      for (PermissionId p = 0; p < cat.size(); ++p) {
        bool anywhere = false;
        for (const auto& d : divisions) {
          bool want = naive_check(in, cat, s, p, d);
          anywhere = anywhere || want;
          ASSERT_EQ(idx->check(s, p, d), want) << "round " << round << " subject " << s << " permission "
                                                 << cat.at(p).domain << ":" << cat.at(p).entity << ":"
                                                 << cat.at(p).action << " division " << d;
        }
        // A division nobody was granted in: only all-division grants (or org-wide permissions) count.
        ASSERT_EQ(idx->check(s, p, "d-unknown"), naive_check(in, cat, s, p, "d-unknown"));
        bool any_all = naive_check(in, cat, s, p, "d-unknown");
        ASSERT_EQ(idx->holds_anywhere(s, p), anywhere || any_all);
        auto scope = idx->divisions(s, p);
        if (scope.all) {
          for (const auto& d : divisions) ASSERT_TRUE(naive_check(in, cat, s, p, d));
        } else {
          for (const auto& d : divisions) {
            bool listed = std::find(scope.divisions.begin(), scope.divisions.end(), d) != scope.divisions.end();
            ASSERT_EQ(listed, naive_check(in, cat, s, p, d));
          }
        }
      }
    }
  }
}

}  // namespace
}  // namespace rp::authz
