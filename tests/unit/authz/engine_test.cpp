#include "authz/engine.h"

#include <gtest/gtest.h>

namespace rp::authz {
namespace {

const Catalog& cat() { return Catalog::builtin(); }
PermissionId id(std::string_view p) { return *cat().find(p); }

IndexInput sample() {
  IndexInput in;
  in.roles = {
      {"r-admin", {{"*", "*", {"*"}}}},
      {"r-user-view", {{"directory", "user", {"view"}}}},
      {"r-user-any", {{"directory", "user", {"*"}}}},
      {"r-roles", {{"authorization", "role", {"view", "edit"}}}},
  };
  in.grants = {
      {"alice", "r-admin", std::string(kAllDivisions)},
      {"bob", "r-user-view", "div-1"},
      {"bob", "r-roles", "div-1"},
      {"carol", "r-user-any", "div-2"},
      {"dave", "missing-role", "div-1"},
  };
  return in;
}

TEST(OrgIndex, WildcardsAndDivisions) {
  auto idx = OrgIndex::build(sample(), cat());
  EXPECT_TRUE(idx->check("alice", id("directory:user:delete"), "any-division"));
  EXPECT_TRUE(idx->check("alice", id("admin"), "div-1"));
  EXPECT_TRUE(idx->check("bob", id("directory:user:view"), "div-1"));
  EXPECT_FALSE(idx->check("bob", id("directory:user:view"), "div-2"));
  EXPECT_FALSE(idx->check("bob", id("directory:user:add"), "div-1"));
  EXPECT_TRUE(idx->check("carol", id("directory:user:add"), "div-2"));
  EXPECT_TRUE(idx->check("carol", id("directory:user:setPassword"), "div-2"));
  EXPECT_FALSE(idx->check("carol", id("directory:group:add"), "div-2"));
  EXPECT_FALSE(idx->check("nobody", id("directory:user:view"), "div-1"));
  EXPECT_FALSE(idx->knows_subject("dave") && idx->holds_anywhere("dave", id("directory:user:view")));
}

TEST(OrgIndex, OrganizationWidePermissionsIgnoreTheDivision) {
  auto idx = OrgIndex::build(sample(), cat());
  // authorization:role:* is not division-aware: held in div-1 means held everywhere.
  EXPECT_TRUE(idx->check("bob", id("authorization:role:edit"), "div-9"));
  EXPECT_FALSE(idx->check("bob", id("authorization:role:add"), "div-1"));
}

TEST(OrgIndex, DivisionsOfASubject) {
  auto idx = OrgIndex::build(sample(), cat());
  auto bob = idx->divisions("bob", id("directory:user:view"));
  EXPECT_FALSE(bob.all);
  EXPECT_EQ(bob.divisions, std::vector<std::string>{"div-1"});
  EXPECT_TRUE(idx->divisions("alice", id("directory:user:view")).all);
  EXPECT_TRUE(idx->divisions("bob", id("authorization:role:view")).all);
  auto none = idx->divisions("bob", id("directory:user:add"));
  EXPECT_FALSE(none.all);
  EXPECT_TRUE(none.divisions.empty());
}

TEST(Engine, RequirementsAnyAllNone) {
  Engine engine;
  auto idx = engine.publish("org", sample());
  EXPECT_EQ(engine.index("org"), idx);
  EXPECT_EQ(engine.index("other"), nullptr);
  auto any = Requirement::any_of({"directory:user:add", "directory:user:view"});
  auto all = Requirement::all_of({"directory:user:add", "directory:user:view"});
  EXPECT_TRUE(Engine::satisfies(*idx, "bob", any));
  EXPECT_FALSE(Engine::satisfies(*idx, "bob", all));
  EXPECT_TRUE(Engine::satisfies(*idx, "carol", all));
  EXPECT_FALSE(Engine::satisfies(*idx, "carol", all, std::string_view("div-1")));
  EXPECT_TRUE(Engine::satisfies(*idx, "nobody", Requirement::none()));
  EXPECT_THROW(Requirement::any_of({"directory:user:fly"}), std::invalid_argument);
  engine.forget("org");
  EXPECT_EQ(engine.index("org"), nullptr);
}

}  // namespace
}  // namespace rp::authz

namespace rp::authz {
namespace {

TEST(OrgIndex, PatchesReportWhenTheShardsAreOutgrownAndARebuildFixesIt) {
  IndexInput in;
  in.roles = {{"r", {{"directory", "user", {"view"}}}}};
  in.grants = {{"s0", "r", "d"}};
  auto idx = OrgIndex::build(in, Catalog::builtin());
  EXPECT_FALSE(idx->overgrown());
  int patches = 0;
  while (!idx->overgrown() && patches < 100'000) {
    GrantDef g{"s" + std::to_string(++patches), "r", "d"};
    in.grants.push_back(g);
    idx = idx->with_subject_grants(g.subject_id, std::span<const GrantDef>(&g, 1));
  }
  ASSERT_TRUE(idx->overgrown()) << "patching never reported overgrown shards";
  EXPECT_GT(patches, 256);
  EXPECT_TRUE(idx->check("s" + std::to_string(patches), *Catalog::builtin().find("directory:user:view"), "d"));
  auto rebuilt = OrgIndex::build(in, Catalog::builtin());
  EXPECT_FALSE(rebuilt->overgrown());
  EXPECT_GT(rebuilt->stats().shards, idx->stats().shards);
}

}  // namespace
}  // namespace rp::authz
