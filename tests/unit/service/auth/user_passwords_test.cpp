#include "service/auth/user_passwords.h"

#include <gtest/gtest.h>

#include "core/reasons.h"
#include "unit/service/auth/sign_in_fixture.h"

namespace rp::service {
namespace {

using PasswordsTest = SignInTest;

// The caller of an access token.
Caller caller_of(TokenService& tokens, const std::string& access_token) {
  auto c = tokens.authenticate(access_token, "corr");
  EXPECT_TRUE(c);
  return c ? *c : Caller{OrgId(""), "", store::SubjectType::user, "", "", ""};
}

TEST_F(PasswordsTest, OwnChangeNeedsTheOldPasswordAndEndsOtherSessions) {
  auto mine = redeem(code());
  auto other = redeem(code());
  ASSERT_TRUE(mine && other);
  Caller me = caller_of(*tokens_, mine->access_token);

  auto wrong = passwords_->change_own(me, "not it", "a brand new password", "addr");
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code, Errc::invalid_argument);
  EXPECT_EQ(wrong.error().field, "oldPassword");

  auto weak = passwords_->change_own(me, kPassword, "short", "addr");
  ASSERT_FALSE(weak);
  EXPECT_EQ(weak.error().field, "newPassword");

  auto before = user();
  ASSERT_TRUE(passwords_->change_own(me, kPassword, "a brand new password", "addr"));
  auto after = user();
  EXPECT_NE(after.password_hash, before.password_hash);
  EXPECT_EQ(after.version, before.version);
  EXPECT_TRUE(verify_password("a brand new password", after.password_hash));
  EXPECT_TRUE(tokens_->authenticate(mine->access_token, "x")) << "this session stays";
  EXPECT_TRUE(sign_in_->refresh({client_.id, ""}, mine->refresh_token, "x"));
  EXPECT_FALSE(tokens_->authenticate(other->access_token, "x")) << "other sessions end";
  EXPECT_FALSE(sign_in_->refresh({client_.id, ""}, other->refresh_token, "x"));

  auto records = audit(admin_.org);
  ASSERT_FALSE(records.empty());
  for (const auto& r : records) {
    EXPECT_EQ(r.after_json.find("a brand new password"), std::string::npos);
    EXPECT_EQ(r.after_json.find(after.password_hash), std::string::npos);
    EXPECT_EQ(r.before_json.find(before.password_hash), std::string::npos);
  }
  auto it = std::find_if(records.begin(), records.end(), [](const auto& r) { return r.action == "user.password"; });
  ASSERT_NE(it, records.end());
  EXPECT_EQ(it->actor_id, user_id_);
}

TEST_F(PasswordsTest, WrongOldPasswordsCountAsFailedSignIns) {
  auto mine = redeem(code());
  ASSERT_TRUE(mine);
  Caller me = caller_of(*tokens_, mine->access_token);
  for (int i = 0; i < 5; ++i) ASSERT_FALSE(passwords_->change_own(me, "bad", "a brand new password", "addr"));
  auto limited = passwords_->change_own(me, kPassword, "a brand new password", "addr");
  ASSERT_FALSE(limited);
  EXPECT_EQ(limited.error().code, Errc::too_many_requests);
  auto c = *sign_in_->client_for(client_.id, kRedirect);
  auto sign_in = sign_in_->sign_in(c, request(), "ann@example.com", kPassword, "elsewhere", "x");
  ASSERT_FALSE(sign_in);
  EXPECT_EQ(sign_in.error().code, Errc::too_many_requests) << "one limit for the user";
}

TEST_F(PasswordsTest, ClientTokensHaveNoOwnPassword) {
  auto r = passwords_->change_own(admin_, "a", "b", "addr");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().reason, reason::not_a_user);
}

TEST_F(PasswordsTest, AdministratorSetEndsEverySession) {
  auto session = redeem(code());
  ASSERT_TRUE(session);
  auto need = authz::Requirement::any_of({"directory:user:setPassword"});
  ASSERT_TRUE(passwords_->set(admin_, user_id_, "set by the admin", need));
  EXPECT_TRUE(verify_password("set by the admin", user().password_hash));
  EXPECT_FALSE(tokens_->authenticate(session->access_token, "x"));
  EXPECT_FALSE(sign_in_->refresh({client_.id, ""}, session->refresh_token, "x"));

  auto weak = passwords_->set(admin_, user_id_, "short", need);
  ASSERT_FALSE(weak);
  EXPECT_EQ(weak.error().field, "newPassword");
  auto missing = passwords_->set(admin_, new_uuid(), "long enough password", need);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, Errc::not_found);
}

TEST_F(PasswordsTest, AdministratorSetNeedsThePermissionInTheUsersDivision) {
  auto creds = orgs_->create_client(admin_.org, "viewer", {"employee"});
  ASSERT_TRUE(creds);
  auto issued = tokens_->client_credentials(creds->client_id, creds->client_secret, "c");
  ASSERT_TRUE(issued);
  Caller viewer = caller_of(*tokens_, issued->access_token);
  auto denied = passwords_->set(viewer, user_id_, "long enough password",
                                authz::Requirement::any_of({"directory:user:setPassword"}));
  ASSERT_FALSE(denied);
  EXPECT_EQ(denied.error().code, Errc::permission_denied);
  EXPECT_TRUE(verify_password(kPassword, user().password_hash));
}

}  // namespace
}  // namespace rp::service
