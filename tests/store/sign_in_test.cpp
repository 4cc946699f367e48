// Conformance: sign-in: users by username, the sign-in columns of users
// (without touching the version), authorization codes, refresh tokens and
// the revocation of sessions and of a user's tokens.
#include "store/store_suite.h"

namespace rp::store::test {
namespace {

Token access(const OrgId& org, std::string hash, std::string user, Millis expires = 9'000'000'000'000) {
  return Token{std::move(hash), org.value, "client-1", std::move(user), 1, expires};
}

RefreshToken refresh(std::string hash, std::string user, std::string session, std::string access_hash) {
  return RefreshToken{std::move(hash),        "client-1", std::move(user),   std::move(session),
                      std::move(access_hash), 1,          9'000'000'000'000, false};
}

std::vector<std::string> hashes(const std::vector<Token>& tokens) {
  std::vector<std::string> out;
  for (const auto& t : tokens) out.push_back(t.token_hash);
  return out;
}

TEST_P(StoreTest, FindUserByUsernameIgnoresCaseAndSkipsDeletedUsers) {
  OrgId org = make_org();
  User u = sample_user("Ada", "ada@example.com");
  u.username = "Ada.L";
  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) { return tx.insert_user(u); })));
  auto found = in_read(org, [](Reader& tx) { return tx.find_user_by_username("ada.l"); });
  ASSERT_TRUE(ok(found));
  ASSERT_TRUE(found->has_value());
  expect_same(**found, u);
  auto by_email = in_read(org, [](Reader& tx) { return tx.find_user_by_username("ada@example.com"); });
  ASSERT_TRUE(ok(by_email));
  EXPECT_FALSE(by_email->has_value());

  User deleted = u;
  deleted.state = UserState::deleted;
  deleted.version = u.version + 1;
  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) { return tx.update_user(deleted, u.version); })));
  auto gone = in_read(org, [](Reader& tx) { return tx.find_user_by_username("Ada.L"); });
  ASSERT_TRUE(ok(gone));
  EXPECT_FALSE(gone->has_value());
  OrgId other = make_org("Other");
  auto elsewhere = in_read(other, [](Reader& tx) { return tx.find_user_by_username("Ada.L"); });
  ASSERT_TRUE(ok(elsewhere));
  EXPECT_FALSE(elsewhere->has_value());
}

TEST_P(StoreTest, ActivityAndPasswordChangeOnlyTheirColumns) {
  OrgId org = make_org();
  User u = sample_user("Ada", "ada@example.com");
  u.date_last_login.reset();
  u.last_token_issued.reset();
  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) -> Result<void> {
    RP_CHECK(tx.insert_user(u));
    RP_CHECK(tx.record_user_activity(u.id, 111, std::nullopt));
    RP_CHECK(tx.record_user_activity(u.id, std::nullopt, 222));
    return tx.set_user_password(u.id, "new-hash");
  })));
  auto got = in_read(org, [&](Reader& tx) { return tx.get_user(u.id); });
  ASSERT_TRUE(ok(got));
  EXPECT_EQ(got->date_last_login, std::optional<Millis>(111));
  EXPECT_EQ(got->last_token_issued, std::optional<Millis>(222));
  EXPECT_EQ(got->password_hash, "new-hash");
  EXPECT_EQ(got->version, u.version) << "the version is not bumped";
  EXPECT_EQ(got->modified, u.modified);
  EXPECT_EQ(got->addresses.size(), u.addresses.size());
  // An update with the version read before still succeeds.
  User patched = u;
  patched.title = "Countess";
  patched.version = u.version + 1;
  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) { return tx.update_user(patched, u.version); })));

  EXPECT_TRUE(failed(in_write(org, [](ReadWriteTransaction& tx) { return tx.record_user_activity(new_uuid(), 1, 1); }),
                     Errc::not_found));
  EXPECT_TRUE(failed(in_write(org, [](ReadWriteTransaction& tx) { return tx.set_user_password(new_uuid(), "x"); }),
                     Errc::not_found));
}

TEST_P(StoreTest, CodesAreUsedOnceAndExpire) {
  OrgId org = make_org();
  AuthorizationCode code{"code-hash", "client-1", "user-1", "https://app/cb", "challenge", 10, 100, false};
  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) { return tx.insert_code(code); })));
  auto got = in_read(org, [](Reader& tx) { return tx.get_code("code-hash"); });
  ASSERT_TRUE(ok(got));
  EXPECT_EQ(got->client_id, "client-1");
  EXPECT_EQ(got->user_id, "user-1");
  EXPECT_EQ(got->redirect_uri, "https://app/cb");
  EXPECT_EQ(got->code_challenge, "challenge");
  EXPECT_EQ(got->created, 10);
  EXPECT_EQ(got->expires, 100);
  EXPECT_FALSE(got->used);

  auto first = in_write(org, [](ReadWriteTransaction& tx) { return tx.use_code("code-hash"); });
  ASSERT_TRUE(ok(first));
  EXPECT_TRUE(*first);
  auto second = in_write(org, [](ReadWriteTransaction& tx) { return tx.use_code("code-hash"); });
  ASSERT_TRUE(ok(second));
  EXPECT_FALSE(*second);
  EXPECT_TRUE(in_read(org, [](Reader& tx) { return tx.get_code("code-hash"); })->used);
  EXPECT_TRUE(failed(in_write(org, [](ReadWriteTransaction& tx) { return tx.use_code("nope"); }), Errc::not_found));

  OrgId other = make_org("Other");
  EXPECT_TRUE(failed(in_read(other, [](Reader& tx) { return tx.get_code("code-hash"); }), Errc::not_found));

  ASSERT_TRUE(ok(in_write(org, [](ReadWriteTransaction& tx) { return tx.purge_expired_sign_ins(99); })));
  EXPECT_TRUE(ok(in_read(org, [](Reader& tx) { return tx.get_code("code-hash"); })));
  ASSERT_TRUE(ok(in_write(org, [](ReadWriteTransaction& tx) { return tx.purge_expired_sign_ins(100); })));
  EXPECT_TRUE(failed(in_read(org, [](Reader& tx) { return tx.get_code("code-hash"); }), Errc::not_found));
}

TEST_P(StoreTest, RefreshTokensRotateOnceAndNameTheirSession) {
  OrgId org = make_org();
  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) -> Result<void> {
    RP_CHECK(tx.insert_token(access(org, "a1", "user-1")));
    return tx.insert_refresh_token(refresh("r1", "user-1", "s1", "a1"));
  })));
  auto got = in_read(org, [](Reader& tx) { return tx.get_refresh_token("r1"); });
  ASSERT_TRUE(ok(got));
  EXPECT_EQ(got->session_id, "s1");
  EXPECT_EQ(got->access_token_hash, "a1");
  EXPECT_EQ(got->user_id, "user-1");
  EXPECT_FALSE(got->rotated);
  auto session = in_read(org, [](Reader& tx) { return tx.session_of_access_token("a1"); });
  ASSERT_TRUE(ok(session));
  EXPECT_EQ(*session, "s1");
  EXPECT_EQ(*in_read(org, [](Reader& tx) { return tx.session_of_access_token("zz"); }), "");

  EXPECT_TRUE(*in_write(org, [](ReadWriteTransaction& tx) { return tx.rotate_refresh_token("r1"); }));
  EXPECT_FALSE(*in_write(org, [](ReadWriteTransaction& tx) { return tx.rotate_refresh_token("r1"); }));
  EXPECT_TRUE(in_read(org, [](Reader& tx) { return tx.get_refresh_token("r1"); })->rotated);
  EXPECT_TRUE(
      failed(in_write(org, [](ReadWriteTransaction& tx) { return tx.rotate_refresh_token("nope"); }), Errc::not_found));
}

TEST_P(StoreTest, SessionAndUserRevocationRemoveAccessAndRefreshTokens) {
  OrgId org = make_org();
  OrgId other = make_org("Other");
  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) -> Result<void> {
    // user-1: session s1 (two access tokens, one refresh rotated) and s2;
    // user-2: session s3; a client-credentials token.
    RP_CHECK(tx.insert_token(access(org, "a1", "user-1")));
    RP_CHECK(tx.insert_token(access(org, "a2", "user-1")));
    RP_CHECK(tx.insert_token(access(org, "a3", "user-1")));
    RP_CHECK(tx.insert_token(access(org, "a4", "user-2")));
    RP_CHECK(tx.insert_token(access(org, "cc", "")));
    RP_CHECK(tx.insert_refresh_token(refresh("r1", "user-1", "s1", "a1")));
    RP_CHECK(tx.insert_refresh_token(refresh("r2", "user-1", "s1", "a2")));
    RP_CHECK(tx.insert_refresh_token(refresh("r3", "user-1", "s2", "a3")));
    RP_CHECK(tx.insert_refresh_token(refresh("r4", "user-2", "s3", "a4")));
    RP_TRY(tx.rotate_refresh_token("r1"));
    return {};
  })));
  ASSERT_TRUE(ok(in_write(other, [&](ReadWriteTransaction& tx) -> Result<void> {
    RP_CHECK(tx.insert_token(access(other, "o1", "user-1")));
    return tx.insert_refresh_token(refresh("o-r1", "user-1", "s1", "o1"));
  })));

  // Keeping s1: only s2 goes.
  auto kept = in_write(org, [](ReadWriteTransaction& tx) { return tx.delete_user_tokens("user-1", "s1"); });
  ASSERT_TRUE(ok(kept));
  EXPECT_EQ(*kept, (std::vector<std::string>{"a3"}));
  EXPECT_TRUE(failed(in_read(org, [](Reader& tx) { return tx.get_refresh_token("r3"); }), Errc::not_found));
  EXPECT_TRUE(ok(in_read(org, [](Reader& tx) { return tx.get_refresh_token("r2"); })));

  auto session = in_write(org, [](ReadWriteTransaction& tx) { return tx.delete_session_tokens("s1"); });
  ASSERT_TRUE(ok(session));
  EXPECT_EQ(*session, (std::vector<std::string>{"a1", "a2"}));
  EXPECT_TRUE(failed(in_read(org, [](Reader& tx) { return tx.get_refresh_token("r1"); }), Errc::not_found));
  EXPECT_TRUE(failed(in_read(org, [](Reader& tx) { return tx.get_refresh_token("r2"); }), Errc::not_found));

  auto all = in_write(org, [](ReadWriteTransaction& tx) { return tx.delete_user_tokens("user-2", ""); });
  ASSERT_TRUE(ok(all));
  EXPECT_EQ(*all, (std::vector<std::string>{"a4"}));
  EXPECT_TRUE(failed(in_read(org, [](Reader& tx) { return tx.get_refresh_token("r4"); }), Errc::not_found));

  auto left = in_read(org, [](Reader& tx) { return tx.tokens_of_user("user-1"); });
  ASSERT_TRUE(ok(left));
  EXPECT_TRUE(left->empty());
  auto client_tokens = in_read(org, [](Reader& tx) { return tx.tokens_of_client("client-1"); });
  ASSERT_TRUE(ok(client_tokens));
  EXPECT_EQ(hashes(*client_tokens), (std::vector<std::string>{"cc"})) << "client-credentials tokens stay";
  // The other organization's session of the same ids is untouched.
  EXPECT_TRUE(ok(in_read(other, [](Reader& tx) { return tx.get_refresh_token("o-r1"); })));
  auto others = in_read(other, [](Reader& tx) { return tx.tokens_of_user("user-1"); });
  ASSERT_TRUE(ok(others));
  EXPECT_EQ(hashes(*others), (std::vector<std::string>{"o1"}));
}

}  // namespace
}  // namespace rp::store::test
