#pragma once
// ServiceTest with what sign-in needs: a CODE client with a registered
// redirect URI, a user with a password, and the sign-in and password services.

#include "service/auth/sign_in.h"
#include "service/auth/user_passwords.h"
#include "service/common/crypto.h"
#include "unit/service/service_fixture.h"

namespace rp::service {

class SignInTest : public ServiceTest {
 protected:
  static constexpr const char* kRedirect = "https://app.example.com/callback";
  static constexpr const char* kPassword = "correct horse battery";

  void SetUp() override {
    ServiceTest::SetUp();
    sign_in_ = std::make_unique<SignInService>(*store_, *tokens_, SignInSettings{}, clock_);
    passwords_ = std::make_unique<PasswordService>(*store_, *access_, *tokens_, *sign_in_, *users_, clock_);
    client_secret_ = new_secret();
    client_.id = new_uuid();
    client_.name = "Web app";
    client_.grant_type = "CODE";
    client_.redirect_uris = {kRedirect, "https://app.example.com/other"};
    client_.secret_hash = sha256_hex(client_secret_);
    client_.token_validity_seconds = 600;
    ASSERT_TRUE(store_->write(admin_.org, [&](store::ReadWriteTransaction& tx) { return tx.insert_client(client_); }));
    auto user =
        users_->create(admin_, NewUser{.name = "Ann", .email = "ann@example.com", .password = kPassword}, kAddUser);
    ASSERT_TRUE(user) << user.error().message;
    user_id_ = user->user.id;
  }
  void TearDown() override {
    passwords_.reset();
    sign_in_.reset();
    ServiceTest::TearDown();
  }

  AuthorizeRequest request(std::string challenge = {}) {
    return {"code", client_.id, kRedirect, "st", challenge, challenge.empty() ? "" : "S256"};
  }

  // A code for the user (asserting success).
  std::string code(const std::string& challenge = {}, std::string_view login = "ann@example.com") {
    auto c = sign_in_->client_for(client_.id, kRedirect);
    EXPECT_TRUE(c) << (c ? "" : c.error().message);
    if (!c) return {};
    auto r = sign_in_->sign_in(*c, request(challenge), login, kPassword, "10.0.0.1", "corr");
    EXPECT_TRUE(r) << (r ? "" : r.error().message);
    return r.value_or("");
  }

  Result<IssuedTokens> redeem(const std::string& code, std::string_view verifier = {}, bool with_secret = true) {
    return sign_in_->redeem_code({client_.id, with_secret ? client_secret_ : ""}, code, kRedirect, verifier, "corr");
  }

  store::User user() {
    store::User u;
    EXPECT_TRUE(store_->read(admin_.org, [&](store::Reader& tx) -> Result<void> {
      u = RP_TRY(tx.get_user(user_id_));
      return {};
    }));
    return u;
  }

  std::unique_ptr<SignInService> sign_in_;
  std::unique_ptr<PasswordService> passwords_;
  store::OAuthClient client_;
  std::string client_secret_;
  std::string user_id_;
};

}  // namespace rp::service
