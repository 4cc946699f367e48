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

// Every permission reference/endpoint-permissions.tsv names, those of the
// supporting endpoints (divisions, grants, OAuth clients, tokens, groups) and
// those the Atlas organization roles use.
constexpr std::string_view kRequired[] = {
    "admin",
    "analytics:userAggregate:view",
    "analytics:userDetail:view",
    "analytics:userObservation:view",
    "authorization:audit:view",
    "authorization:grant:add",
    "authorization:grant:delete",
    "authorization:grant:view",
    "authorization:orgTrustee:add",
    "authorization:orgTrustee:delete",
    "authorization:orgTrustee:edit",
    "authorization:orgTrustee:view",
    "authorization:orgTrusteeGroup:add",
    "authorization:orgTrusteeGroup:delete",
    "authorization:orgTrusteeGroup:edit",
    "authorization:orgTrusteeGroup:view",
    "authorization:orgTrusteeUser:add",
    "authorization:orgTrusteeUser:delete",
    "authorization:orgTrusteeUser:edit",
    "authorization:orgTrusteeUser:view",
    "authorization:orgTrustor:delete",
    "authorization:orgTrustor:view",
    "authorization:role:add",
    "authorization:role:delete",
    "authorization:role:edit",
    "authorization:role:view",
    "conversation:callForwarding:edit",
    "conversation:callForwarding:view",
    "directory:organization:admin",
    "directory:user:add",
    "directory:user:delete",
    "directory:user:edit",
    "directory:user:setPassword",
    "directory:user:view",
    "directory:userProfile:edit",
    "directory:userProfile:view",
    "routing:language:assign",
    "routing:queue:join",
    "routing:queue:view",
    "routing:queueMember:manage",
    "routing:skill:assign",
    "telephony:otherStationAssociation:edit",
    "telephony:otherStationAssociation:view",
    "telephony:phone:assign",
    "telephony:plugin:all",
    "telephony:station:disassociate",
    "authorization:division:view",
    "authorization:division:add",
    "authorization:division:edit",
    "authorization:division:delete",
    "oauth:client:view",
    "oauth:client:add",
    "oauth:client:edit",
    "oauth:client:delete",
    "oauth:token:delete",
    "directory:group:add",
    "directory:group:edit",
    "directory:group:delete",
    "directory:group:view",
    "billing:invoice:view",
    "billing:invoice:edit",
    "directory:project:view",
    "directory:project:add",
};

TEST(Catalog, HasEveryPermissionTheEndpointsAndRolesName) {
  const auto& c = Catalog::builtin();
  for (auto name : kRequired) {
    auto id = c.find(name);
    ASSERT_TRUE(id) << name;
    auto p = parse_permission(name);
    ASSERT_TRUE(p);
    EXPECT_EQ(c.find(*p), id) << name;
    EXPECT_EQ(p->str(), name);
  }
}

TEST(Catalog, FindsEveryEntryByName) {
  const auto& c = Catalog::builtin();
  for (PermissionId id = 0; id < c.size(); ++id) {
    const auto& e = c.at(id);
    Permission p{std::string(e.domain), std::string(e.entity), std::string(e.action)};
    EXPECT_EQ(c.find(p), id);
    EXPECT_EQ(c.find(p.str()), id);
  }
  EXPECT_FALSE(c.find(""));
  EXPECT_FALSE(c.find("directory"));
  EXPECT_FALSE(c.find("directory:user"));
  EXPECT_FALSE(c.find("directory:user:view:x"));
  EXPECT_FALSE(c.find("directory:*:view"));
}

TEST(Catalog, EveryDomainBelongsToOneProduct) {
  const auto& c = Catalog::builtin();
  ASSERT_FALSE(c.products().empty());
  for (std::size_t i = 1; i < c.products().size(); ++i) EXPECT_LT(c.products()[i - 1].id, c.products()[i].id);
  for (const auto& e : c.entries()) {
    int owners = 0;
    for (const auto& product : c.products())
      for (auto d : product.domains) owners += d == e.domain;
    EXPECT_EQ(owners, 1) << e.domain;
  }
}

TEST(Catalog, FlagsDivisionAwarenessAndConditions) {
  const auto& c = Catalog::builtin();
  EXPECT_TRUE(c.at(*c.find("directory:user:view")).division_aware);
  EXPECT_FALSE(c.at(*c.find("authorization:role:view")).division_aware);
  EXPECT_FALSE(c.at(*c.find("billing:invoice:view")).division_aware);
  EXPECT_TRUE(c.at(*c.find("analytics:userDetail:view")).allows_conditions);
  EXPECT_FALSE(c.at(*c.find("authorization:role:edit")).allows_conditions);
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
