#include "service/auth/tokens.h"

#include <gtest/gtest.h>

#include "core/reasons.h"
#include "unit/service/service_fixture.h"

namespace rp::service {
namespace {

using TokensTest = ServiceTest;

TEST_F(TokensTest, ClientCredentialsIssuesATokenThatAuthenticates) {
  auto issued = tokens_->client_credentials(boot_.client.client_id, boot_.client.client_secret, "c1");
  ASSERT_TRUE(issued) << issued.error().message;
  EXPECT_EQ(issued->expires_in, 3600);
  EXPECT_GE(issued->access_token.size(), 43u);
  auto caller = tokens_->authenticate(issued->access_token, "c2");
  ASSERT_TRUE(caller) << caller.error().message;
  EXPECT_EQ(caller->org.value, boot_.organization_id);
  EXPECT_EQ(caller->subject_id, boot_.client.client_id);
  EXPECT_EQ(caller->subject_type, store::SubjectType::client);
  EXPECT_EQ(caller->correlation_id, "c2");

  auto records = audit(caller->org);
  ASSERT_FALSE(records.empty());
  EXPECT_EQ(records.front().action, "token.issue");
  EXPECT_EQ(records.front().correlation_id, "c1");
}

TEST_F(TokensTest, WrongSecretUnknownClientAndEmptyAreInvalidClient) {
  for (auto [id, secret] : {std::pair<std::string, std::string>{boot_.client.client_id, "wrong"},
                            {"no-such-client", boot_.client.client_secret},
                            {"", ""}}) {
    auto r = tokens_->client_credentials(id, secret, "c");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, Errc::unauthenticated);
    EXPECT_EQ(r.error().reason, reason::oauth_invalid_client);
  }
}

TEST_F(TokensTest, UnknownAndExpiredTokensAreRejected) {
  auto bad = tokens_->authenticate("not-a-token", "c");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().reason, reason::bad_credentials);
  auto issued = tokens_->client_credentials(boot_.client.client_id, boot_.client.client_secret, "c");
  ASSERT_TRUE(issued);
  clock_.advance(3600 * 1000);
  EXPECT_FALSE(tokens_->authenticate(issued->access_token, "c"));
}

TEST_F(TokensTest, TokensSurviveARestartThroughTheStore) {
  auto issued = tokens_->client_credentials(boot_.client.client_id, boot_.client.client_secret, "c");
  ASSERT_TRUE(issued);
  TokenService fresh(*store_, *access_, clock_);
  EXPECT_FALSE(fresh.authenticate(issued->access_token, "c"));
  ASSERT_TRUE(fresh.warm());
  EXPECT_TRUE(fresh.authenticate(issued->access_token, "c"));
}

TEST_F(TokensTest, ClientMadeLaterByTheCommandLineGetsItsGrants) {
  auto creds = orgs_->create_client(admin_.org, "limited", {"employee"});
  ASSERT_TRUE(creds) << creds.error().message;
  auto issued = tokens_->client_credentials(creds->client_id, creds->client_secret, "c");
  ASSERT_TRUE(issued);
  auto caller = tokens_->authenticate(issued->access_token, "c");
  ASSERT_TRUE(caller);
  EXPECT_TRUE(access_->authorize(*caller, authz::Requirement::any_of({"directory:user:view"})));
  auto denied = access_->authorize(*caller, authz::Requirement::any_of({"directory:user:add"}));
  ASSERT_FALSE(denied);
  EXPECT_EQ(denied.error().code, Errc::permission_denied);
  EXPECT_NE(denied.error().message.find("directory:user:add"), std::string::npos);
}

TEST_F(TokensTest, UnknownRoleNameIsRejected) {
  auto r = orgs_->create_client(admin_.org, "x", {"no-such-role"});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::invalid_argument);
  EXPECT_EQ(r.error().field, "role");
}

TEST_F(TokensTest, RevokeOneTokenByClientAndByUser) {
  auto a = tokens_->client_credentials(boot_.client.client_id, boot_.client.client_secret, "c");
  auto b = tokens_->client_credentials(boot_.client.client_id, boot_.client.client_secret, "c");
  ASSERT_TRUE(a && b);
  auto caller = tokens_->authenticate(a->access_token, "c");
  ASSERT_TRUE(caller);
  ASSERT_TRUE(tokens_->revoke(*caller, caller->token_hash));
  EXPECT_FALSE(tokens_->authenticate(a->access_token, "c"));
  EXPECT_TRUE(tokens_->authenticate(b->access_token, "c"));
  EXPECT_EQ(audit(admin_.org).front().action, "token.revoke");

  auto c = tokens_->client_credentials(boot_.client.client_id, boot_.client.client_secret, "c");
  ASSERT_TRUE(c);
  auto revoked = tokens_->revoke_client(admin_, boot_.client.client_id);
  ASSERT_TRUE(revoked);
  EXPECT_EQ(*revoked, 2u);
  EXPECT_FALSE(tokens_->authenticate(b->access_token, "c"));
  EXPECT_FALSE(tokens_->authenticate(c->access_token, "c"));
  TokenService fresh(*store_, *access_, clock_);
  ASSERT_TRUE(fresh.warm());
  EXPECT_FALSE(fresh.authenticate(c->access_token, "c"));

  NewUser new_user;
  new_user.name = "Token User";
  new_user.email = "token.user@example.com";
  auto user = users_->create(admin_, new_user, kAddUser);
  ASSERT_TRUE(user) << user.error().message;
  auto none = tokens_->revoke_user(admin_, user->user.id);
  ASSERT_TRUE(none);
  EXPECT_EQ(*none, 0u);
  auto unknown = tokens_->revoke_user(admin_, new_uuid());
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, Errc::not_found);
}

TEST_F(TokensTest, InfoNamesTheOrganizationAndTheClient) {
  auto info = tokens_->info(admin_);
  ASSERT_TRUE(info) << info.error().message;
  EXPECT_EQ(info->organization.name, "Test Org");
  EXPECT_EQ(info->client.id, boot_.client.client_id);
  ASSERT_EQ(info->client_grants.size(), 1u);
  EXPECT_EQ(info->client_grants[0].division_id, "*");
}

}  // namespace
}  // namespace rp::service
