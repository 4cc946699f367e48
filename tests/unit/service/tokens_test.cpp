#include "service/tokens.h"

#include <gtest/gtest.h>

#include "service_fixture.h"

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
    EXPECT_EQ(r.error().reason, "invalid_client");
  }
}

TEST_F(TokensTest, UnknownAndExpiredTokensAreRejected) {
  auto bad = tokens_->authenticate("not-a-token", "c");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().reason, "bad.credentials");
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

}  // namespace
}  // namespace rp::service
