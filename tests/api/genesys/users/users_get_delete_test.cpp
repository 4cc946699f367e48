// GET /api/v2/users/{id} and DELETE /api/v2/users/{id}, including tenant isolation.

#include "api/api_test.h"

namespace rp::test {
namespace {

namespace json = boost::json;

using UsersGetTest = ApiTest;
using UsersDeleteTest = ApiTest;

class TwoOrgUsersTest : public ApiTest {
 protected:
  ServerConfig server_config() const override {
    ServerConfig c;
    c.extra_orgs = {"globex"};
    return c;
  }
  const OrgInfo& other_org() { return server().extra_orgs().at(0); }
};

TEST_F(UsersGetTest, AnswersTheStoredUser) {
  auto created = create_user("Katherine Johnson", "kj@example.com", {{"department", "Flight"}});
  ASSERT_FALSE(created.empty());
  auto res = get_user(str(created, "id"));
  ASSERT_TRUE(has_status(res, 200));
  auto user = parse_object(res.body);
  EXPECT_TRUE(is_user(user, "Katherine Johnson", "kj@example.com"));
  EXPECT_EQ(user, created);
}

TEST_F(UsersGetTest, UnknownIdIsNotFound) {
  create_user("Someone", "someone@example.com");
  EXPECT_TRUE(is_error_body(get_user(random_uuid()), 404, "not.found"));
}

TEST_F(UsersGetTest, NonUuidIdIsNotFound) {
  for (const std::string id : {"not-a-uuid", "12345", "me-and-you", "%20"}) {
    EXPECT_TRUE(is_error_body(get_user(id), 404, "not.found")) << "id " << id;
  }
}

TEST_F(UsersGetTest, ExpandIsAccepted) {
  auto created = create_user("Expanded", "expanded@example.com");
  auto res = get_user(str(created, "id"), {}, "expand=authorization");
  // The README only requires that expand is accepted on the listing; the
  // single read must not choke on it either.
  EXPECT_TRUE(has_status(res, 200));
}

TEST_F(UsersDeleteTest, DeleteAnswersEmptyObjectAndSoftDeletes) {
  auto created = create_user("Temp Worker", "temp@example.com");
  const std::string id = str(created, "id");
  ASSERT_TRUE(is_uuid(id));
  auto res = http().del("/api/v2/users/" + id, admin());
  ASSERT_TRUE(has_status(res, 200));
  EXPECT_EQ(parse_json(res.body), json::value(json::object{})) << res.body;

  EXPECT_TRUE(is_error_body(get_user(id), 404, "not.found"));
  auto deleted = get_user(id, {}, "state=deleted");
  ASSERT_TRUE(has_status(deleted, 200));
  auto user = parse_object(deleted.body);
  EXPECT_EQ(str(user, "id"), id);
  EXPECT_EQ(str(user, "state"), "deleted");
  EXPECT_EQ(str(user, "name"), "Temp Worker");
  EXPECT_EQ(str(user, "email"), "temp@example.com");
  EXPECT_EQ(str(user, "selfUri"), "/api/v2/users/" + id);
}

TEST_F(UsersDeleteTest, SecondDeleteIsNotFound) {
  auto created = create_user("Twice", "twice@example.com");
  const std::string id = str(created, "id");
  ASSERT_TRUE(has_status(http().del("/api/v2/users/" + id, admin()), 200));
  EXPECT_TRUE(is_error_body(http().del("/api/v2/users/" + id, admin()), 404, "user.not.found.on.delete"));
}

TEST_F(UsersDeleteTest, UnknownIdIsNotFound) {
  EXPECT_TRUE(is_error_body(http().del("/api/v2/users/" + random_uuid(), admin()), 404, "user.not.found.on.delete"));
  EXPECT_TRUE(is_error_body(http().del("/api/v2/users/not-a-uuid", admin()), 404, "user.not.found.on.delete"));
}

TEST_F(UsersDeleteTest, DeleteLeavesOtherUsersAlone) {
  auto keep = create_user("Keeper", "keeper@example.com");
  auto drop = create_user("Dropper", "dropper@example.com");
  ASSERT_TRUE(has_status(http().del("/api/v2/users/" + str(drop, "id"), admin()), 200));
  auto res = get_user(str(keep, "id"));
  ASSERT_TRUE(has_status(res, 200));
  EXPECT_EQ(parse_object(res.body), keep);
}

TEST_F(TwoOrgUsersTest, AnotherOrganizationsUserIsNotFound) {
  auto mine = create_user("Acme Person", "person@acme.example");
  const std::string id = str(mine, "id");
  ASSERT_TRUE(is_uuid(id));
  const std::string other = server().token(other_org().admin);

  auto res = get_user(id, other);
  EXPECT_TRUE(is_error_body(res, 404, "not.found"));
  EXPECT_EQ(res.body.find("Acme Person"), std::string::npos) << res.body;
  EXPECT_TRUE(is_error_body(get_user(id, other, "state=deleted"), 404, "not.found"));

  // Nor can it be deleted from there.
  EXPECT_TRUE(is_error_body(http().del("/api/v2/users/" + id, other), 404, "user.not.found.on.delete"));
  auto still = get_user(id);
  ASSERT_TRUE(has_status(still, 200));
  EXPECT_EQ(str(parse_object(still.body), "state"), "active");
}

TEST_F(TwoOrgUsersTest, SameEmailInTwoOrganizationsIsAllowed) {
  auto a = create_user("Shared A", "shared@example.com");
  auto b = create_user("Shared B", "shared@example.com", {}, server().token(other_org().admin));
  ASSERT_FALSE(a.empty());
  ASSERT_FALSE(b.empty());
  EXPECT_NE(str(a, "id"), str(b, "id"));
  EXPECT_NE(str(a["division"].as_object(), "id"), str(b["division"].as_object(), "id"));
}

}  // namespace
}  // namespace rp::test
