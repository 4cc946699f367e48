// TokensApi: GET/DELETE /api/v2/tokens/me, DELETE /api/v2/tokens/{userId}.

#include "api/genesys/authorization/roles_api.h"

namespace rp::test {
namespace {

namespace json = boost::json;

using TokensTest = RolesApiTest;

TEST_F(TokensTest, TokensMeDescribesTheCallersToken) {
  auto info = ok(send("GET", "/api/v2/tokens/me"));
  const auto& org = info.at("organization").as_object();
  EXPECT_EQ(str(org, "id"), server().org().organization_id);
  EXPECT_EQ(str(org, "name"), "acme");
  EXPECT_EQ(str(info.at("homeOrganization").as_object(), "id"), server().org().organization_id);
  EXPECT_TRUE(info.at("authorizedScope").is_array());
  const auto& client = info.at("OAuthClient").as_object();
  EXPECT_EQ(str(client, "id"), server().org().admin.client_id);
  EXPECT_EQ(str(client, "name"), "Bootstrap administrator");
  EXPECT_EQ(str(client, "authorizedGrantType"), "CLIENT-CREDENTIALS");
  EXPECT_EQ(str(client, "state"), "active");
  EXPECT_EQ(str(client.at("organization").as_object(), "id"), server().org().organization_id);
  ASSERT_EQ(client.at("roleDivisions").as_array().size(), 1u);
  EXPECT_EQ(str(client.at("roleDivisions").as_array()[0].as_object(), "roleId"), str(role_named("admin"), "id"));
  EXPECT_FALSE(client.contains("secret"));

  // No permission is needed, only a token.
  const std::string none = token_with({});
  auto mine = ok(send("GET", "/api/v2/tokens/me", {}, none));
  EXPECT_NE(str(mine.at("OAuthClient").as_object(), "id"), server().org().admin.client_id);
  EXPECT_TRUE(mine.at("OAuthClient").as_object().at("roleDivisions").as_array().empty());
  EXPECT_TRUE(is_error_body(http().get("/api/v2/tokens/me"), 401, "authentication.required"));

  // The other organization's token describes the other organization.
  auto other = parse_object(http().get("/api/v2/tokens/me", globex()).body);
  EXPECT_EQ(str(other.at("organization").as_object(), "id"), server().extra_orgs().at(0).organization_id);
}

TEST_F(TokensTest, DeletingTokensMeRevokesOnlyThatTokenAtOnce) {
  const std::string first = token_with({"employee"});
  const std::string second = server().token(server().org().admin);
  auto res = send("DELETE", "/api/v2/tokens/me", {}, first);
  EXPECT_EQ(res.status, 204) << res.describe();
  EXPECT_TRUE(is_error_body(http().get("/api/v2/users", first), 401, "bad.credentials"));
  EXPECT_TRUE(is_error_body(send("DELETE", "/api/v2/tokens/me", {}, first), 401, "bad.credentials"));
  EXPECT_TRUE(has_status(http().get("/api/v2/users", second), 200));
  EXPECT_TRUE(has_status(http().get("/api/v2/users", admin()), 200));

  // A revoked token stays revoked after a restart.
  const std::string third = token_with({"employee"});
  EXPECT_EQ(send("DELETE", "/api/v2/tokens/me", {}, third).status, 204);
  server().restart();
  reconnect();
  EXPECT_TRUE(is_error_body(http().get("/api/v2/users", third), 401, "bad.credentials"));
  EXPECT_TRUE(has_status(http().get("/api/v2/users", second), 200));
}

TEST_F(TokensTest, DeletingAUsersTokensNeedsTokenDeleteAndAUserOfTheOrganization) {
  auto user = create_user("Token Tess", "tess@example.com");
  const std::string path = "/api/v2/tokens/" + str(user, "id");
  auto res = send("DELETE", path);
  EXPECT_EQ(res.status, 204) << res.describe();
  expect_denied(send("DELETE", path, {}, token_with({"employee"})), "oauth:token:delete", "DELETE tokens/{userId}");
  EXPECT_EQ(send("DELETE", path, {}, token_with_permission("oauth:token:delete")).status, 204);

  EXPECT_TRUE(is_error_body(send("DELETE", "/api/v2/tokens/" + random_uuid()), 404, "not.found"));
  auto foreign = parse_object(
      http().post_json("/api/v2/users", R"({"name":"Globex Gil","email":"gil@example.com"})", globex()).body);
  ASSERT_FALSE(str(foreign, "id").empty());
  EXPECT_TRUE(is_error_body(send("DELETE", "/api/v2/tokens/" + str(foreign, "id")), 404, "not.found"));
  EXPECT_EQ(http().del(path).status, 401);
}

}  // namespace
}  // namespace rp::test
