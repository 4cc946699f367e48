// GET /api/v2/users: the listing envelope, paging, order, filters and tenant isolation.

#include <algorithm>

#include "api/api_test.h"

namespace rp::test {
namespace {

namespace json = boost::json;

constexpr std::string_view users_path = "/api/v2/users";

class UsersListTest : public ApiTest {
 protected:
  // Creates seven users in an order unlike their name order; returns their
  // ids sorted by name.
  std::vector<std::string> create_seven() {
    const std::vector<std::string> names = {"Eve Evans", "Bob Brown", "Gus Green", "Ann Adams",
                                            "Dan Diaz",  "Fay Fox",   "Cal Chen"};
    std::vector<std::pair<std::string, std::string>> by_name;
    for (const auto& n : names) {
      std::string email = n;
      std::replace(email.begin(), email.end(), ' ', '.');
      std::transform(email.begin(), email.end(), email.begin(), [](unsigned char c) { return std::tolower(c); });
      auto u = create_user(n, email + "@example.com");
      by_name.emplace_back(n, str(u, "id"));
    }
    std::sort(by_name.begin(), by_name.end());
    std::vector<std::string> ids;
    for (const auto& [n, id] : by_name) ids.push_back(id);
    return ids;
  }
};

// Checks a paging URI: the users path with these pageSize and pageNumber.
::testing::AssertionResult is_page_uri(const json::object& listing, std::string_view key, int size, int number) {
  const auto* v = listing.if_contains(key);
  if (!v || !v->is_string()) return ::testing::AssertionFailure() << key << " missing in " << json::serialize(listing);
  const std::string uri(v->as_string());
  const std::string got_size = uri_param(uri, users_path, "pageSize");
  const std::string got_number = uri_param(uri, users_path, "pageNumber");
  if (got_size != std::to_string(size) || got_number != std::to_string(number))
    return ::testing::AssertionFailure() << key << " is '" << uri << "', expected " << users_path
                                         << "?pageSize=" << size << "&pageNumber=" << number;
  return ::testing::AssertionSuccess();
}

TEST_F(UsersListTest, EmptyOrganizationListsNothing) {
  auto listing = list_users();
  EXPECT_EQ(ids_of(listing).size(), 0u);
  ASSERT_TRUE(listing.contains("entities")) << json::serialize(listing);
  EXPECT_TRUE(listing["entities"].is_array());
  EXPECT_EQ(num(listing, "total"), 0);
  EXPECT_EQ(num(listing, "pageSize"), 25);
  EXPECT_EQ(num(listing, "pageNumber"), 1);
  EXPECT_FALSE(listing.contains("nextUri")) << json::serialize(listing);
  EXPECT_FALSE(listing.contains("previousUri")) << json::serialize(listing);
}

TEST_F(UsersListTest, SinglePageEnvelope) {
  auto a = create_user("Only One", "one@example.com");
  auto b = create_user("Only Two", "two@example.com");
  auto listing = list_users();
  EXPECT_EQ(num(listing, "total"), 2);
  EXPECT_EQ(num(listing, "pageSize"), 25);
  EXPECT_EQ(num(listing, "pageNumber"), 1);
  EXPECT_EQ(num(listing, "pageCount"), 1);
  EXPECT_TRUE(is_page_uri(listing, "firstUri", 25, 1));
  EXPECT_TRUE(is_page_uri(listing, "selfUri", 25, 1));
  EXPECT_TRUE(is_page_uri(listing, "lastUri", 25, 1));
  EXPECT_FALSE(listing.contains("nextUri")) << json::serialize(listing);
  EXPECT_FALSE(listing.contains("previousUri")) << json::serialize(listing);
  EXPECT_EQ(ids_of(listing), (std::vector<std::string>{str(a, "id"), str(b, "id")}));
  // Entities are full users.
  ASSERT_EQ(listing["entities"].as_array().size(), 2u);
  EXPECT_EQ(listing["entities"].as_array()[0].as_object(), a);
  EXPECT_TRUE(is_user(listing["entities"].as_array()[1].as_object(), "Only Two", "two@example.com"));
}

TEST_F(UsersListTest, PagesThroughSevenUsersThreeAtATime) {
  const auto sorted = create_seven();
  ASSERT_EQ(sorted.size(), 7u);

  std::vector<std::string> seen;
  for (int page = 1; page <= 3; ++page) {
    auto listing = list_users("pageSize=3&pageNumber=" + std::to_string(page));
    SCOPED_TRACE("page " + std::to_string(page) + ": " + json::serialize(listing));
    EXPECT_EQ(num(listing, "total"), 7);
    EXPECT_EQ(num(listing, "pageSize"), 3);
    EXPECT_EQ(num(listing, "pageNumber"), page);
    EXPECT_EQ(num(listing, "pageCount"), 3);
    EXPECT_TRUE(is_page_uri(listing, "firstUri", 3, 1));
    EXPECT_TRUE(is_page_uri(listing, "selfUri", 3, page));
    EXPECT_TRUE(is_page_uri(listing, "lastUri", 3, 3));
    if (page < 3) {
      EXPECT_TRUE(is_page_uri(listing, "nextUri", 3, page + 1));
    } else {
      EXPECT_FALSE(listing.contains("nextUri"));
    }
    if (page > 1) {
      EXPECT_TRUE(is_page_uri(listing, "previousUri", 3, page - 1));
    } else {
      EXPECT_FALSE(listing.contains("previousUri"));
    }
    auto ids = ids_of(listing);
    EXPECT_EQ(ids.size(), page < 3 ? 3u : 1u);
    seen.insert(seen.end(), ids.begin(), ids.end());
  }
  EXPECT_EQ(seen, sorted) << "pages must hold every user once, in name order";

  auto beyond = list_users("pageSize=3&pageNumber=4");
  EXPECT_TRUE(ids_of(beyond).empty()) << json::serialize(beyond);
  EXPECT_EQ(num(beyond, "total"), 7);
  EXPECT_EQ(num(beyond, "pageNumber"), 4);
  EXPECT_FALSE(beyond.contains("nextUri")) << json::serialize(beyond);
}

TEST_F(UsersListTest, SortOrderDescendingReverses) {
  const auto sorted = create_seven();
  std::vector<std::string> reversed(sorted.rbegin(), sorted.rend());
  EXPECT_EQ(ids_of(list_users("sortOrder=ascending")), sorted);
  EXPECT_EQ(ids_of(list_users("sortOrder=ASC")), sorted);
  EXPECT_EQ(ids_of(list_users("sortOrder=descending")), reversed);
  EXPECT_EQ(ids_of(list_users("sortOrder=DESC")), reversed);
  // Paging applies after ordering.
  EXPECT_EQ(ids_of(list_users("sortOrder=descending&pageSize=3&pageNumber=1")),
            (std::vector<std::string>{reversed[0], reversed[1], reversed[2]}));
}

TEST_F(UsersListTest, IdFilterWithRepeatedParameters) {
  const auto sorted = create_seven();
  const std::string query = "id=" + sorted[5] + "&id=" + sorted[1] + "&id=" + random_uuid();
  auto listing = list_users(query);
  EXPECT_EQ(ids_of(listing), (std::vector<std::string>{sorted[1], sorted[5]})) << json::serialize(listing);
  EXPECT_EQ(num(listing, "total"), 2);
}

TEST_F(UsersListTest, MoreThanOneHundredIdsIsRejected) {
  std::string at_limit = "/api/v2/users?";
  std::string over_limit = at_limit;
  for (int i = 0; i < 101; ++i) {
    std::string part = i ? "&id=" : "id=";
    part += random_uuid();
    if (i < 100) at_limit += part;
    over_limit += part;
  }
  auto ok = http().get(at_limit, admin());
  EXPECT_TRUE(has_status(ok, 200)) << "100 ids are allowed";
  auto res = http().get(over_limit, admin());
  EXPECT_TRUE(is_error_body(res, 400, "max.user.ids"));
}

TEST_F(UsersListTest, StateFilters) {
  auto active = create_user("Active Al", "al@example.com");
  auto inactive = create_user("Inactive Ina", "ina@example.com", {{"state", "inactive"}});
  auto deleted = create_user("Deleted Del", "del@example.com");
  ASSERT_TRUE(has_status(http().del("/api/v2/users/" + str(deleted, "id"), admin()), 200));

  using ids = std::vector<std::string>;
  EXPECT_EQ(ids_of(list_users()), (ids{str(active, "id")}));
  EXPECT_EQ(ids_of(list_users("state=active")), (ids{str(active, "id")}));
  EXPECT_EQ(ids_of(list_users("state=inactive")), (ids{str(inactive, "id")}));
  auto only_deleted = list_users("state=deleted");
  EXPECT_EQ(ids_of(only_deleted), (ids{str(deleted, "id")}));
  EXPECT_EQ(num(only_deleted, "total"), 1);
  ASSERT_EQ(only_deleted["entities"].as_array().size(), 1u);
  EXPECT_EQ(str(only_deleted["entities"].as_array()[0].as_object(), "state"), "deleted");
  auto any = list_users("state=any");
  EXPECT_EQ(num(any, "total"), 3);
  // Name order: Active Al, Deleted Del, Inactive Ina.
  EXPECT_EQ(ids_of(any), (ids{str(active, "id"), str(deleted, "id"), str(inactive, "id")}));
}

TEST_F(UsersListTest, BadPagingValuesAreBadRequest) {
  for (const std::string query : {"pageSize=0", "pageSize=501", "pageSize=abc", "pageSize=-1", "pageNumber=0",
                                  "pageNumber=abc", "pageSize=2.5"}) {
    auto res = http().get("/api/v2/users?" + query, admin());
    EXPECT_TRUE(is_error_body(res, 400, "bad.request")) << query;
  }
}

TEST_F(UsersListTest, BadEnumValuesAreInvalidValues) {
  // Genesys answers a value outside an enumeration with invalid.value naming the field.
  for (const std::string field : {"state", "sortOrder"}) {
    auto res = http().get("/api/v2/users?" + field + "=sideways", admin());
    EXPECT_TRUE(is_error_body(res, 400, "invalid.value")) << field;
    EXPECT_EQ(first_field_name(res), field);
  }
}

TEST_F(UsersListTest, PageSizeLimitsAreInclusive) {
  create_user("Limit", "limit@example.com");
  auto one = list_users("pageSize=1");
  EXPECT_EQ(num(one, "pageSize"), 1);
  EXPECT_EQ(ids_of(one).size(), 1u);
  auto max = list_users("pageSize=500");
  EXPECT_EQ(num(max, "pageSize"), 500);
}

TEST_F(UsersListTest, ExpandIsAccepted) {
  create_user("Expand", "expand@example.com");
  auto listing = list_users("expand=authorization&expand=groups");
  EXPECT_EQ(num(listing, "total"), 1);
}

class TwoOrgListTest : public UsersListTest {
 protected:
  ServerConfig server_config() const override {
    ServerConfig c;
    c.extra_orgs = {"globex"};
    return c;
  }
};

TEST_F(TwoOrgListTest, ListsNeverCrossOrganizations) {
  const auto acme_ids = create_seven();
  const std::string globex = server().token(server().extra_orgs().at(0).admin);
  auto theirs = create_user("Globex Gil", "gil@globex.example", {}, globex);
  ASSERT_FALSE(theirs.empty());

  for (const std::string& query :
       std::vector<std::string>{"", "state=any", "pageSize=500", "id=" + acme_ids[0] + "&id=" + acme_ids[1]}) {
    auto listing = list_users(query, globex);
    SCOPED_TRACE("globex GET /api/v2/users?" + query + ": " + json::serialize(listing));
    for (const auto& id : ids_of(listing)) {
      EXPECT_EQ(std::find(acme_ids.begin(), acme_ids.end(), id), acme_ids.end()) << "acme user " << id;
    }
    if (query.starts_with("id=")) {
      EXPECT_EQ(num(listing, "total"), 0);
    } else {
      EXPECT_EQ(ids_of(listing), (std::vector<std::string>{str(theirs, "id")}));
      EXPECT_EQ(num(listing, "total"), 1);
    }
  }
  auto acme = list_users("state=any&pageSize=500");
  EXPECT_EQ(num(acme, "total"), 7);
  EXPECT_EQ(ids_of(acme), acme_ids);
}

}  // namespace
}  // namespace rp::test
