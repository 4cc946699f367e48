#include "authz/catalog.h"

#include <set>

#include <gtest/gtest.h>

namespace rp::authz {
namespace {

TEST(Permission, Parses) {
  auto p = parse_permission("directory:user:add");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->domain, "directory");
  EXPECT_EQ(p->entity, "user");
  EXPECT_EQ(p->action, "add");
  EXPECT_EQ(p->str(), "directory:user:add");
  auto admin = parse_permission("admin");
  ASSERT_TRUE(admin);
  EXPECT_EQ(admin->str(), "admin");
  EXPECT_FALSE(parse_permission(""));
  EXPECT_FALSE(parse_permission("a:b"));
  EXPECT_FALSE(parse_permission("a::c"));
  EXPECT_FALSE(parse_permission("a:b:c:d"));
}

TEST(Catalog, HasNoDuplicatesAndFindsEntries) {
  const auto& c = Catalog::builtin();
  std::set<std::string> seen;
  for (const auto& e : c.entries()) {
    std::string key = std::string(e.domain) + ":" + std::string(e.entity) + ":" + std::string(e.action);
    EXPECT_TRUE(seen.insert(key).second) << key;
    EXPECT_FALSE(e.label.empty()) << key;
  }
  auto id = c.find("directory:user:add");
  ASSERT_TRUE(id);
  EXPECT_EQ(c.at(*id).action, "add");
  EXPECT_TRUE(c.find("admin"));
  EXPECT_FALSE(c.find("directory:user:fly"));
}

TEST(Catalog, WildcardPatterns) {
  const auto& c = Catalog::builtin();
  EXPECT_TRUE(c.matches_any({"directory", "*", "*"}));
  EXPECT_TRUE(c.matches_any({"*", "user", "view"}));
  EXPECT_FALSE(c.matches_any({"nosuchdomain", "*", "*"}));
  EXPECT_FALSE(c.matches_any({"directory", "user", "fly"}));
}

}  // namespace
}  // namespace rp::authz
