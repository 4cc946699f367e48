// Permission enforcement per endpoint: the allowed and the denied side for
// the admin bootstrap client and for clients holding the default roles.

#include "api/api_test.h"

namespace rp::test {
namespace {

namespace json = boost::json;

class PermissionsTest : public ApiTest {
 protected:
  // A token of a new client of the test organization holding `roles`.
  std::string token_with(const std::vector<std::string>& roles) {
    std::string name = "client";
    for (const auto& r : roles) name += "-" + r;
    auto creds = server().create_client(server().org().organization_id, name, roles);
    return server().token(creds);
  }

  // A user to read and to try to delete.
  std::string existing_user() {
    auto u = create_user("Target User", "target@example.com");
    return str(u, "id");
  }

  void expect_denied(const HttpResponse& res, std::string_view permission, std::string_view what) {
    EXPECT_TRUE(is_error_body(res, 403, "missing.any.permissions")) << what;
    const auto body = parse_object(res.body);
    EXPECT_NE(str(body, "message").find(permission), std::string::npos)
        << what << ": the message should name " << permission << "\n"
        << res.body;
  }

  void expect_reads_allowed(const std::string& token, const std::string& user_id, std::string_view who) {
    auto one = get_user(user_id, token);
    EXPECT_TRUE(has_status(one, 200)) << who << " GET /api/v2/users/{id}";
    if (one.status == 200) {
      EXPECT_TRUE(is_user(parse_object(one.body), "Target User", "target@example.com"));
    }
    auto all = http().get("/api/v2/users", token);
    EXPECT_TRUE(has_status(all, 200)) << who << " GET /api/v2/users";
    if (all.status == 200) {
      EXPECT_EQ(ids_of(parse_object(all.body)), std::vector<std::string>{user_id});
    }
  }

  void expect_create_denied(const std::string& token, std::string_view who) {
    auto res = post_user(R"({"name":"Not Allowed","email":"not.allowed@example.com"})", token);
    expect_denied(res, "directory:user:add", std::string(who) + " POST /api/v2/users");
    EXPECT_EQ(num(list_users("state=any"), "total"), 1) << who << ": the denied create stored a user";
  }

  void expect_delete_denied(const std::string& token, const std::string& user_id, std::string_view who) {
    auto res = http().del("/api/v2/users/" + user_id, token);
    expect_denied(res, "directory:user:delete", std::string(who) + " DELETE /api/v2/users/{id}");
    auto still = get_user(user_id);
    ASSERT_TRUE(has_status(still, 200)) << who << ": the denied delete removed the user";
    EXPECT_EQ(str(parse_object(still.body), "state"), "active");
  }
};

TEST_F(PermissionsTest, AdminClientIsAllowedEverywhere) {
  auto created = post_user(R"({"name":"Admin Made","email":"admin.made@example.com"})", admin());
  ASSERT_TRUE(has_status(created, 200));
  const std::string id = str(parse_object(created.body), "id");
  EXPECT_TRUE(has_status(get_user(id), 200));
  EXPECT_TRUE(has_status(http().get("/api/v2/users", admin()), 200));
  EXPECT_TRUE(has_status(http().del("/api/v2/users/" + id, admin()), 200));
}

TEST_F(PermissionsTest, ClientWithAdminRoleIsAllowedEverywhere) {
  const std::string token = token_with({"admin"});
  auto created = post_user(R"({"name":"Admin Role","email":"admin.role@example.com"})", token);
  ASSERT_TRUE(has_status(created, 200));
  const std::string id = str(parse_object(created.body), "id");
  EXPECT_TRUE(has_status(get_user(id, token), 200));
  EXPECT_TRUE(has_status(http().get("/api/v2/users", token), 200));
  EXPECT_TRUE(has_status(http().del("/api/v2/users/" + id, token), 200));
}

TEST_F(PermissionsTest, EmployeeReadsButCannotCreateOrDelete) {
  const std::string id = existing_user();
  const std::string token = token_with({"employee"});
  expect_reads_allowed(token, id, "employee");
  expect_create_denied(token, "employee");
  expect_delete_denied(token, id, "employee");
}

TEST_F(PermissionsTest, SupervisorCreatesButCannotDelete) {
  const std::string id = existing_user();
  const std::string token = token_with({"supervisor"});
  expect_reads_allowed(token, id, "supervisor");
  auto created = post_user(R"({"name":"Made By Supervisor","email":"by.supervisor@example.com"})", token);
  ASSERT_TRUE(has_status(created, 200));
  EXPECT_TRUE(is_user(parse_object(created.body), "Made By Supervisor", "by.supervisor@example.com"));
  expect_delete_denied(token, id, "supervisor");
  // Nor its own creation.
  const std::string own = str(parse_object(created.body), "id");
  expect_denied(http().del("/api/v2/users/" + own, token), "directory:user:delete", "supervisor deleting its own");
}

TEST_F(PermissionsTest, ClientWithoutRolesReadsOnly) {
  const std::string id = existing_user();
  const std::string token = token_with({});
  expect_reads_allowed(token, id, "no roles");
  expect_create_denied(token, "no roles");
  expect_delete_denied(token, id, "no roles");
}

TEST_F(PermissionsTest, RolesCombine) {
  const std::string id = existing_user();
  const std::string token = token_with({"employee", "supervisor"});
  expect_reads_allowed(token, id, "employee+supervisor");
  EXPECT_TRUE(has_status(post_user(R"({"name":"Combined","email":"combined@example.com"})", token), 200));
  expect_delete_denied(token, id, "employee+supervisor");
}

TEST_F(PermissionsTest, DenialNamesEveryAcceptedDeletePermission) {
  const std::string id = existing_user();
  auto res = http().del("/api/v2/users/" + id, token_with({"employee"}));
  ASSERT_TRUE(is_error_body(res, 403, "missing.any.permissions"));
  const std::string message = str(parse_object(res.body), "message");
  EXPECT_NE(message.find("directory:user:delete"), std::string::npos) << message;
  EXPECT_NE(message.find("directory:organization:admin"), std::string::npos) << message;
}

}  // namespace
}  // namespace rp::test
