// GET /api/v2/authorization/permissions and GET /api/v2/authorization/products:
// shapes field by field, paging, the queryType/query filters, 400 for a bad
// parameter, 401 without a token, and 200 for a caller holding no role.

#include <set>

#include "api/api_test.h"

namespace rp::test {
namespace {

namespace json = boost::json;

constexpr std::string_view permissions_path = "/api/v2/authorization/permissions";
constexpr std::string_view products_path = "/api/v2/authorization/products";
// The catalog's domains, sorted.
const std::vector<std::string> kDomains = {"admin",     "analytics", "authorization", "billing", "conversation",
                                           "directory", "oauth",     "presence",      "routing", "telephony"};

class CatalogTest : public ApiTest {
 protected:
  json::object get_ok(std::string_view target, std::string_view token = {}) {
    auto res = http().get(target, token.empty() ? std::string_view(admin()) : token);
    EXPECT_TRUE(has_status(res, 200)) << target;
    return res.status == 200 ? parse_object(res.body) : json::object{};
  }

  static std::vector<std::string> domains_of(const json::object& listing) {
    std::vector<std::string> out;
    for (const auto& e : listing.at("entities").as_array()) out.push_back(str(e.as_object(), "domain"));
    return out;
  }

  // Every "domain:entity:action" in a listing, checking each DomainPermission's shape.
  static std::set<std::string> permissions_of(const json::object& listing) {
    std::set<std::string> out;
    for (const auto& e : listing.at("entities").as_array()) {
      const auto& c = e.as_object();
      EXPECT_EQ(str(c, "id"), str(c, "domain"));
      EXPECT_EQ(str(c, "name"), str(c, "domain"));
      for (const auto& [entity, perms] : c.at("permissionMap").as_object()) {
        EXPECT_FALSE(perms.as_array().empty()) << entity;
        for (const auto& p : perms.as_array()) {
          const auto& o = p.as_object();
          EXPECT_EQ(str(o, "domain"), str(c, "domain"));
          EXPECT_EQ(str(o, "entityType"), std::string(entity));
          EXPECT_FALSE(str(o, "action").empty());
          EXPECT_FALSE(str(o, "label").empty());
          EXPECT_TRUE(o.at("allowsConditions").is_bool());
          EXPECT_TRUE(o.at("divisionAware").is_bool());
          out.insert(str(o, "domain") + ":" + str(o, "entityType") + ":" + str(o, "action"));
        }
      }
    }
    return out;
  }
};

TEST_F(CatalogTest, ListsEveryDomainWithItsPermissions) {
  auto listing = get_ok(std::string(permissions_path) + "?pageSize=100");
  EXPECT_EQ(domains_of(listing), kDomains);
  EXPECT_EQ(num(listing, "total"), static_cast<std::int64_t>(kDomains.size()));
  EXPECT_EQ(num(listing, "pageSize"), 100);
  EXPECT_EQ(num(listing, "pageNumber"), 1);
  EXPECT_EQ(num(listing, "pageCount"), 1);
  EXPECT_EQ(uri_param(str(listing, "selfUri"), permissions_path, "pageSize"), "100");
  EXPECT_FALSE(listing.contains("nextUri"));
  auto all = permissions_of(listing);
  for (std::string_view p : {"directory:user:view", "authorization:role:edit", "admin:*:*", "oauth:client:add",
                             "authorization:division:delete", "billing:invoice:view", "directory:group:view"})
    EXPECT_TRUE(all.contains(std::string(p))) << p;

  // One permission in full.
  for (const auto& e : listing.at("entities").as_array()) {
    const auto& c = e.as_object();
    if (str(c, "domain") != "directory") continue;
    const auto& users = c.at("permissionMap").as_object().at("user").as_array();
    bool found = false;
    for (const auto& p : users) {
      if (str(p.as_object(), "action") != "view") continue;
      found = true;
      EXPECT_EQ(p.as_object(), (json::object{{"domain", "directory"},
                                             {"entityType", "user"},
                                             {"action", "view"},
                                             {"label", "View users"},
                                             {"allowsConditions", false},
                                             {"divisionAware", true}}));
    }
    EXPECT_TRUE(found);
  }
}

TEST_F(CatalogTest, PagesOverDomains) {
  auto first = get_ok(std::string(permissions_path) + "?pageSize=4");
  EXPECT_EQ(domains_of(first), std::vector<std::string>(kDomains.begin(), kDomains.begin() + 4));
  EXPECT_EQ(num(first, "pageCount"), 3);
  EXPECT_EQ(uri_param(str(first, "nextUri"), permissions_path, "pageNumber"), "2");
  EXPECT_FALSE(first.contains("previousUri"));
  auto last = get_ok(std::string(permissions_path) + "?pageSize=4&pageNumber=3");
  EXPECT_EQ(domains_of(last), (std::vector<std::string>{kDomains[8], kDomains[9]}));
  EXPECT_EQ(uri_param(str(last, "previousUri"), permissions_path, "pageNumber"), "2");
  auto beyond = get_ok(std::string(permissions_path) + "?pageSize=4&pageNumber=9");
  EXPECT_TRUE(beyond.at("entities").as_array().empty());
  EXPECT_EQ(num(beyond, "total"), 10);
  auto defaults = get_ok(permissions_path);
  EXPECT_EQ(num(defaults, "pageSize"), 25);
}

TEST_F(CatalogTest, FiltersByDomainOrPermission) {
  auto by_domain = get_ok(std::string(permissions_path) + "?queryType=domain&query=directory,OAuth");
  EXPECT_EQ(domains_of(by_domain), (std::vector<std::string>{"directory", "oauth"}));
  EXPECT_EQ(uri_param(str(by_domain, "selfUri"), permissions_path, "query"), "directory,OAuth");
  EXPECT_EQ(uri_param(str(by_domain, "selfUri"), permissions_path, "queryType"), "domain");

  auto by_permission = get_ok(std::string(permissions_path) + "?queryType=permission&query=directory:user:view");
  EXPECT_EQ(permissions_of(by_permission), (std::set<std::string>{"directory:user:view"}));
  EXPECT_EQ(domains_of(by_permission), std::vector<std::string>{"directory"});

  auto none = get_ok(std::string(permissions_path) + "?queryType=permission&query=nosuchthing");
  EXPECT_EQ(num(none, "total"), 0);
}

TEST_F(CatalogTest, RejectsBadParameters) {
  auto bad_type = http().get(std::string(permissions_path) + "?queryType=entity", admin());
  EXPECT_TRUE(is_error_body(bad_type, 400, "invalid.value")) << bad_type.body;
  EXPECT_EQ(first_field_name(bad_type), "queryType");
  auto bad_size = http().get(std::string(permissions_path) + "?pageSize=0", admin());
  EXPECT_EQ(bad_size.status, 400);
  EXPECT_EQ(first_field_name(bad_size), "pageSize");
}

TEST_F(CatalogTest, ListsProducts) {
  auto listing = get_ok(products_path);
  std::vector<std::string> ids;
  for (const auto& e : listing.at("entities").as_array()) {
    EXPECT_EQ(e.as_object().size(), 1u);
    ids.push_back(str(e.as_object(), "id"));
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"billing", "collaborateFree", "communicate", "engage"}));
  EXPECT_EQ(num(listing, "total"), 4);
  EXPECT_EQ(num(listing, "pageSize"), 4);
  EXPECT_EQ(num(listing, "pageNumber"), 1);
  EXPECT_EQ(num(listing, "pageCount"), 1);
}

TEST_F(CatalogTest, NeedsATokenButNoPermission) {
  EXPECT_EQ(http().get(permissions_path).status, 401);
  EXPECT_EQ(http().get(products_path).status, 401);
  auto creds = server().create_client(server().org().organization_id, "no-roles", {});
  const std::string token = server().token(creds);
  get_ok(permissions_path, token);
  get_ok(products_path, token);
}

}  // namespace
}  // namespace rp::test
