#include "service/auth/sign_in.h"

#include <gtest/gtest.h>

#include "core/reasons.h"
#include "unit/service/auth/sign_in_fixture.h"

namespace rp::service {
namespace {

const std::string kVerifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const std::string kChallenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";  // RFC 7636 appendix B

::testing::AssertionResult is_error(const auto& r, Errc code, std::string_view reason) {
  if (r) return ::testing::AssertionFailure() << "succeeded";
  if (r.error().code != code || r.error().reason != reason)
    return ::testing::AssertionFailure() << "error " << to_string(r.error().code) << " [" << r.error().reason
                                         << "]: " << r.error().message;
  return ::testing::AssertionSuccess();
}

TEST(Pkce, S256IsTheRfcTransform) { EXPECT_EQ(sha256_base64url(kVerifier), kChallenge); }

TEST_F(SignInTest, ClientAndRedirectUriAreCheckedExactly) {
  EXPECT_TRUE(sign_in_->client_for(client_.id, kRedirect));
  EXPECT_TRUE(sign_in_->client_for(client_.id, "https://app.example.com/other"));
  for (std::string uri : {"", "https://app.example.com/callback/", "https://app.example.com/callback?x=1",
                          "HTTPS://app.example.com/callback", "https://app.example.com"})
    EXPECT_TRUE(
        is_error(sign_in_->client_for(client_.id, uri), Errc::invalid_argument, reason::oauth_invalid_redirect_uri))
        << uri;
  EXPECT_TRUE(
      is_error(sign_in_->client_for(new_uuid(), kRedirect), Errc::invalid_argument, reason::oauth_invalid_client));
  EXPECT_TRUE(is_error(sign_in_->client_for(boot_.client.client_id, kRedirect), Errc::invalid_argument,
                       reason::oauth_invalid_client))
      << "a client-credentials client cannot sign users in";
}

TEST_F(SignInTest, RequestChecksAcceptOnlyCodeAndS256) {
  EXPECT_TRUE(sign_in_->check_request(request()));
  EXPECT_TRUE(sign_in_->check_request(request(kChallenge)));
  auto r = request();
  r.response_type = "token";
  EXPECT_TRUE(is_error(sign_in_->check_request(r), Errc::invalid_argument, reason::oauth_unsupported_response_type));
  r = request(kChallenge);
  r.code_challenge_method = "plain";
  EXPECT_TRUE(is_error(sign_in_->check_request(r), Errc::invalid_argument, reason::oauth_invalid_request));
  r.code_challenge_method = "";
  EXPECT_TRUE(is_error(sign_in_->check_request(r), Errc::invalid_argument, reason::oauth_invalid_request))
      << "plain by default";
  r = request("short");
  EXPECT_TRUE(is_error(sign_in_->check_request(r), Errc::invalid_argument, reason::oauth_invalid_request));
  r = request();
  r.code_challenge_method = "S256";
  EXPECT_TRUE(is_error(sign_in_->check_request(r), Errc::invalid_argument, reason::oauth_invalid_request));
}

TEST_F(SignInTest, SignInRecordsTheLoginWithoutChangingTheVersion) {
  auto before = user();
  clock_.advance(5000);
  auto c = code();
  ASSERT_FALSE(c.empty());
  auto after = user();
  EXPECT_EQ(after.date_last_login, std::optional<Millis>(clock_.now()));
  EXPECT_EQ(after.version, before.version);
  EXPECT_FALSE(after.last_token_issued) << "no token yet";
  auto records = audit(admin_.org);
  ASSERT_FALSE(records.empty());
  EXPECT_EQ(records.front().action, "user.signIn");
  EXPECT_EQ(records.front().actor_id, user_id_);
  EXPECT_EQ(records.front().actor_type, "user");
  // By username too, ignoring case.
  EXPECT_FALSE(code({}, "ANN@example.com").empty());
}

TEST_F(SignInTest, WrongPasswordUnknownAndInactiveUsersLookTheSame) {
  auto c = *sign_in_->client_for(client_.id, kRedirect);
  auto wrong = sign_in_->sign_in(c, request(), "ann@example.com", "nope", "a1", "x");
  auto unknown = sign_in_->sign_in(c, request(), "who@example.com", kPassword, "a2", "x");
  ASSERT_TRUE(is_error(wrong, Errc::unauthenticated, reason::oauth_invalid_credentials));
  ASSERT_TRUE(is_error(unknown, Errc::unauthenticated, reason::oauth_invalid_credentials));
  EXPECT_EQ(wrong.error().message, unknown.error().message);

  auto u = user();
  ASSERT_TRUE(users_->update(admin_, user_id_, UserPatch{.version = u.version, .state = "inactive"}, kEditUser));
  EXPECT_TRUE(is_error(sign_in_->sign_in(c, request(), "ann@example.com", kPassword, "a3", "x"), Errc::unauthenticated,
                       reason::oauth_invalid_credentials));
}

TEST_F(SignInTest, FailuresAreLimitedPerUserAndSuccessesDoNotCount) {
  auto c = *sign_in_->client_for(client_.id, kRedirect);
  for (int i = 0; i < 10; ++i) ASSERT_FALSE(code().empty()) << "successes never count";
  for (int i = 0; i < 5; ++i)
    ASSERT_TRUE(is_error(sign_in_->sign_in(c, request(), "ann@example.com", "bad", "addr-" + std::to_string(i), "x"),
                         Errc::unauthenticated, reason::oauth_invalid_credentials));
  auto limited = sign_in_->sign_in(c, request(), "ann@example.com", kPassword, "fresh-address", "x");
  ASSERT_FALSE(limited);
  EXPECT_EQ(limited.error().code, Errc::too_many_requests) << "even the right password waits";
  ASSERT_FALSE(limited.error().params.empty());
  EXPECT_EQ(limited.error().params[0].first, "retryAfter");
  EXPECT_EQ(limited.error().params[0].second, "180");  // 5 per 15 minutes: one back every 3 minutes
  clock_.advance(180'000);
  EXPECT_TRUE(sign_in_->sign_in(c, request(), "ann@example.com", kPassword, "fresh-address", "x"));
}

TEST_F(SignInTest, FailuresAreLimitedPerAddress) {
  auto c = *sign_in_->client_for(client_.id, kRedirect);
  for (int i = 0; i < 20; ++i)
    ASSERT_TRUE(
        is_error(sign_in_->sign_in(c, request(), "user" + std::to_string(i) + "@example.com", "bad", "1.2.3.4", "x"),
                 Errc::unauthenticated, reason::oauth_invalid_credentials));
  auto limited = sign_in_->sign_in(c, request(), "ann@example.com", kPassword, "1.2.3.4", "x");
  ASSERT_FALSE(limited);
  EXPECT_EQ(limited.error().code, Errc::too_many_requests);
  EXPECT_TRUE(sign_in_->sign_in(c, request(), "ann@example.com", kPassword, "5.6.7.8", "x"));
}

TEST_F(SignInTest, CodeGivesAUserTokenOnceAndAReplayRevokesIt) {
  auto c = code();
  clock_.advance(1000);
  auto tokens = redeem(c);
  ASSERT_TRUE(tokens) << tokens.error().message;
  EXPECT_EQ(tokens->expires_in, 600);
  EXPECT_FALSE(tokens->refresh_token.empty());
  auto caller = tokens_->authenticate(tokens->access_token, "x");
  ASSERT_TRUE(caller);
  EXPECT_EQ(caller->subject_type, store::SubjectType::user);
  EXPECT_EQ(caller->subject_id, user_id_);
  EXPECT_EQ(caller->client_id, client_.id);
  EXPECT_EQ(user().last_token_issued, std::optional<Millis>(clock_.now()));

  EXPECT_TRUE(is_error(redeem(c), Errc::invalid_argument, reason::oauth_invalid_grant));
  EXPECT_FALSE(tokens_->authenticate(tokens->access_token, "x")) << "the replay revoked the code's tokens";
  EXPECT_TRUE(is_error(sign_in_->refresh({client_.id, client_secret_}, tokens->refresh_token, "x"),
                       Errc::invalid_argument, reason::oauth_invalid_grant));
}

TEST_F(SignInTest, CodeChecks) {
  auto c = code();
  EXPECT_TRUE(is_error(sign_in_->redeem_code({client_.id, client_secret_}, c, "https://app.example.com/other", "", "x"),
                       Errc::invalid_argument, reason::oauth_invalid_grant))
      << "the redirect URI of the request";
  EXPECT_TRUE(is_error(sign_in_->redeem_code({client_.id, "wrong"}, c, kRedirect, "", "x"), Errc::unauthenticated,
                       reason::oauth_invalid_client));
  EXPECT_TRUE(is_error(redeem(c, "", false), Errc::unauthenticated, reason::oauth_invalid_client))
      << "without a secret a code needs PKCE";
  EXPECT_TRUE(is_error(redeem(c, kVerifier), Errc::invalid_argument, reason::oauth_invalid_grant))
      << "a verifier for a code without a challenge";
  EXPECT_TRUE(is_error(redeem("not-a-code"), Errc::invalid_argument, reason::oauth_invalid_grant));
  clock_.advance(300'000);
  EXPECT_TRUE(is_error(redeem(c), Errc::invalid_argument, reason::oauth_invalid_grant)) << "expired";
}

TEST_F(SignInTest, PkceWithoutSecret) {
  auto c = code(kChallenge);
  EXPECT_TRUE(is_error(redeem(c, "", false), Errc::invalid_argument, reason::oauth_invalid_grant))
      << "verifier required";
  EXPECT_TRUE(is_error(redeem(c, "", true), Errc::invalid_argument, reason::oauth_invalid_grant))
      << "verifier required even with the secret";
  EXPECT_TRUE(is_error(redeem(c, kChallenge, false), Errc::invalid_argument, reason::oauth_invalid_grant))
      << "wrong verifier";
  auto ok = redeem(c, kVerifier, false);
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_TRUE(tokens_->authenticate(ok->access_token, "x"));
}

TEST_F(SignInTest, RefreshRotatesAndReuseEndsTheSession) {
  auto first = redeem(code());
  ASSERT_TRUE(first);
  auto second = sign_in_->refresh({client_.id, ""}, first->refresh_token, "x");
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_NE(second->refresh_token, first->refresh_token);
  EXPECT_TRUE(tokens_->authenticate(second->access_token, "x"));
  EXPECT_TRUE(tokens_->authenticate(first->access_token, "x")) << "refreshing does not end the old access token";

  auto reused = sign_in_->refresh({client_.id, ""}, first->refresh_token, "x");
  EXPECT_TRUE(is_error(reused, Errc::invalid_argument, reason::oauth_invalid_grant));
  EXPECT_FALSE(tokens_->authenticate(second->access_token, "x"));
  EXPECT_FALSE(tokens_->authenticate(first->access_token, "x"));
  EXPECT_TRUE(is_error(sign_in_->refresh({client_.id, ""}, second->refresh_token, "x"), Errc::invalid_argument,
                       reason::oauth_invalid_grant));
}

TEST_F(SignInTest, RevokingAUserTokenEndsItsSessionOnly) {
  auto first = redeem(code());
  auto other = redeem(code());
  ASSERT_TRUE(first && other);
  auto second = sign_in_->refresh({client_.id, ""}, first->refresh_token, "x");
  ASSERT_TRUE(second);
  auto caller = tokens_->authenticate(second->access_token, "x");
  ASSERT_TRUE(caller);
  ASSERT_TRUE(tokens_->revoke(*caller, caller->token_hash));
  EXPECT_FALSE(tokens_->authenticate(second->access_token, "x"));
  EXPECT_FALSE(tokens_->authenticate(first->access_token, "x"));
  EXPECT_FALSE(sign_in_->refresh({client_.id, ""}, second->refresh_token, "x"));
  EXPECT_TRUE(tokens_->authenticate(other->access_token, "x")) << "another session stays";
  EXPECT_TRUE(sign_in_->refresh({client_.id, ""}, other->refresh_token, "x"));
}

TEST_F(SignInTest, UsersWithoutAPasswordCannotSignIn) {
  auto created = users_->create(admin_, NewUser{.name = "No Password", .email = "nopw@example.com"}, kAddUser);
  ASSERT_TRUE(created);
  auto c = *sign_in_->client_for(client_.id, kRedirect);
  EXPECT_TRUE(is_error(sign_in_->sign_in(c, request(), "nopw@example.com", "", "a", "x"), Errc::unauthenticated,
                       reason::oauth_invalid_credentials));
}

TEST_F(SignInTest, RefreshIsBoundToTheClient) {
  auto tokens = redeem(code());
  ASSERT_TRUE(tokens);
  store::OAuthClient other = client_;
  other.id = new_uuid();
  ASSERT_TRUE(store_->write(admin_.org, [&](store::ReadWriteTransaction& tx) { return tx.insert_client(other); }));
  EXPECT_TRUE(is_error(sign_in_->refresh({other.id, client_secret_}, tokens->refresh_token, "x"),
                       Errc::invalid_argument, reason::oauth_invalid_grant));
  EXPECT_TRUE(sign_in_->refresh({client_.id, client_secret_}, tokens->refresh_token, "x"));
}

TEST_F(SignInTest, DeletedUsersLoseTheirTokensAndCannotSignInOrRefresh) {
  auto tokens = redeem(code());
  ASSERT_TRUE(tokens);
  auto pending = code();
  ASSERT_TRUE(users_->remove(admin_, user_id_, kDeleteUser));
  EXPECT_FALSE(tokens_->authenticate(tokens->access_token, "x"));
  EXPECT_TRUE(is_error(sign_in_->refresh({client_.id, client_secret_}, tokens->refresh_token, "x"),
                       Errc::invalid_argument, reason::oauth_invalid_grant));
  EXPECT_TRUE(is_error(redeem(pending), Errc::invalid_argument, reason::oauth_invalid_grant));
  auto c = *sign_in_->client_for(client_.id, kRedirect);
  EXPECT_TRUE(is_error(sign_in_->sign_in(c, request(), "ann@example.com", kPassword, "a", "x"), Errc::unauthenticated,
                       reason::oauth_invalid_credentials));
}

TEST_F(SignInTest, DeletingByPatchRevokesTokensToo) {
  auto tokens = redeem(code());
  ASSERT_TRUE(tokens);
  auto u = user();
  ASSERT_TRUE(users_->update(admin_, user_id_, UserPatch{.version = u.version, .state = "deleted"}, kEditUser));
  EXPECT_FALSE(tokens_->authenticate(tokens->access_token, "x"));
  EXPECT_TRUE(is_error(sign_in_->refresh({client_.id, client_secret_}, tokens->refresh_token, "x"),
                       Errc::invalid_argument, reason::oauth_invalid_grant));
}

TEST_F(SignInTest, InactiveUsersCannotRedeemOrRefresh) {
  auto tokens = redeem(code());
  ASSERT_TRUE(tokens);
  auto pending = code();
  auto u = user();
  ASSERT_TRUE(users_->update(admin_, user_id_, UserPatch{.version = u.version, .state = "inactive"}, kEditUser));
  EXPECT_TRUE(is_error(redeem(pending), Errc::invalid_argument, reason::oauth_invalid_grant));
  EXPECT_TRUE(is_error(sign_in_->refresh({client_.id, client_secret_}, tokens->refresh_token, "x"),
                       Errc::invalid_argument, reason::oauth_invalid_grant));
}

}  // namespace
}  // namespace rp::service
