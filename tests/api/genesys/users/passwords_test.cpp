// POST /api/v2/users/me/password and POST /api/v2/users/{userId}/password:
// allowed and denied sides, 400 and 404, the tokens they end, and no
// password or hash in any answer or in the audit log.

#include <sqlite3.h>

#include "api/genesys/oauth/sign_in_api.h"

namespace rp::test {
namespace {

namespace json = boost::json;

class PasswordsApiTest : public SignInApiTest {
 protected:
  HttpResponse change_mine(std::string_view token, std::string_view old_password, std::string_view new_password) {
    json::object body{{"oldPassword", old_password}, {"newPassword", new_password}};
    return http().post_json("/api/v2/users/me/password", json::serialize(body), token);
  }
  HttpResponse set_password(std::string_view user_id, std::string_view new_password, std::string_view token) {
    json::object body{{"newPassword", new_password}};
    return http().post_json("/api/v2/users/" + std::string(user_id) + "/password", json::serialize(body), token);
  }
  bool can_sign_in(std::string_view password) {
    return post_form(authorize_query(client_.client_id, kRedirect), "ann@example.com", password).status == 302;
  }

  // Every before/after snapshot of the audit log, read from the database.
  std::string audit_text() {
    sqlite3* db = nullptr;
    std::string out;
    if (sqlite3_open_v2(server().db_path().c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
      sqlite3_busy_timeout(db, 10000);
      sqlite3_stmt* stmt = nullptr;
      sqlite3_prepare_v2(db, "SELECT action, before_json, after_json FROM audit_log", -1, &stmt, nullptr);
      while (stmt && sqlite3_step(stmt) == SQLITE_ROW)
        for (int i = 0; i < 3; ++i) {
          const unsigned char* text = sqlite3_column_text(stmt, i);
          out += text ? reinterpret_cast<const char*>(text) : "";
          out += '\n';
        }
      sqlite3_finalize(stmt);
    }
    sqlite3_close(db);
    return out;
  }
};

TEST_F(PasswordsApiTest, OwnChangeWithTheOldPassword) {
  auto [access, refresh_token] = user_tokens();
  auto [other_access, other_refresh] = user_tokens();
  auto res = change_mine(access, kPassword, "a new password 1");
  ASSERT_TRUE(has_status(res, 204));
  EXPECT_TRUE(res.body.empty());
  EXPECT_TRUE(has_status(http().get("/api/v2/users/me", access), 200)) << "this session goes on";
  EXPECT_TRUE(is_error_body(http().get("/api/v2/users/me", other_access), 401, "bad.credentials"))
      << "other sessions end";
  EXPECT_TRUE(is_oauth_error(refresh(other_refresh), 400, "invalid_grant"));
  tokens_of(refresh(refresh_token));
  EXPECT_TRUE(can_sign_in("a new password 1"));
  EXPECT_FALSE(can_sign_in(kPassword));
}

TEST_F(PasswordsApiTest, OwnChangeRefusals) {
  auto [access, refresh_token] = user_tokens();
  auto wrong = change_mine(access, "not my password", "a new password 1");
  EXPECT_TRUE(is_error_body(wrong, 400, "invalid.value"));
  EXPECT_EQ(first_field_name(wrong), "oldPassword");
  auto weak = change_mine(access, kPassword, "short");
  EXPECT_TRUE(is_error_body(weak, 400, "invalid.value"));
  EXPECT_EQ(first_field_name(weak), "newPassword");
  EXPECT_TRUE(is_error_body(http().post_json("/api/v2/users/me/password", "[1]", access), 400, "bad.request"));
  EXPECT_TRUE(is_error_body(change_mine(admin(), kPassword, "a new password 1"), 400, "not.a.user"));
  EXPECT_TRUE(is_error_body(change_mine("", kPassword, "a new password 1"), 401, "authentication.required"));
  EXPECT_TRUE(can_sign_in(kPassword)) << "nothing changed";
}

TEST_F(PasswordsApiTest, WrongOldPasswordsCountAsFailedSignIns) {
  auto [access, refresh_token] = user_tokens();
  for (int i = 0; i < 5; ++i)
    ASSERT_TRUE(has_status(change_mine(access, "guess " + std::to_string(i), "a new password 1"), 400));
  auto limited = change_mine(access, kPassword, "a new password 1");
  EXPECT_TRUE(is_error_body(limited, 429, "too.many.requests"));
  EXPECT_FALSE(limited.header("Retry-After").empty());
  EXPECT_EQ(post_form(authorize_query(client_.client_id, kRedirect), "ann@example.com", kPassword).status, 429);
}

TEST_F(PasswordsApiTest, AdministratorSetEndsEverySession) {
  auto [access, refresh_token] = user_tokens();
  auto res = set_password(user_id_, "set by an admin", admin());
  ASSERT_TRUE(has_status(res, 204));
  EXPECT_TRUE(is_error_body(http().get("/api/v2/users/me", access), 401, "bad.credentials"));
  EXPECT_TRUE(is_oauth_error(refresh(refresh_token), 400, "invalid_grant"));
  EXPECT_TRUE(can_sign_in("set by an admin"));
}

TEST_F(PasswordsApiTest, AdministratorSetNeedsSetPassword) {
  const std::string employee =
      server().token(server().create_client(server().org().organization_id, "employee", {"employee"}));
  EXPECT_TRUE(is_error_body(set_password(user_id_, "set by someone", employee), 403, "missing.any.permissions"));
  auto [access, refresh_token] = user_tokens();
  EXPECT_TRUE(is_error_body(set_password(user_id_, "set by myself", access), 403, "missing.any.permissions"))
      << "a user with no grants";
  EXPECT_TRUE(can_sign_in(kPassword));
}

TEST_F(PasswordsApiTest, AdministratorSetRefusals) {
  EXPECT_TRUE(is_error_body(set_password(random_uuid(), "long enough pw", admin()), 404, "not.found"));
  EXPECT_TRUE(is_error_body(set_password("not-an-id", "long enough pw", admin()), 404, "not.found"));
  auto weak = set_password(user_id_, "short", admin());
  EXPECT_TRUE(is_error_body(weak, 400, "invalid.value"));
  EXPECT_EQ(first_field_name(weak), "newPassword");
  EXPECT_TRUE(
      is_error_body(http().post_json("/api/v2/users/" + user_id_ + "/password", "{}", admin()), 400, "invalid.value"));
  ASSERT_TRUE(has_status(http().del("/api/v2/users/" + user_id_, admin()), 200));
  EXPECT_TRUE(is_error_body(set_password(user_id_, "long enough pw", admin()), 404, "not.found")) << "deleted";
}

TEST_F(PasswordsApiTest, NoPasswordOrHashInAnswersOrTheAuditLog) {
  const std::string admin_set = "administrator chosen";
  const std::string own = "my very own secret";
  std::vector<HttpResponse> answers;
  answers.push_back(set_password(user_id_, admin_set, admin()));
  auto [access, refresh_token] = user_tokens(admin_set);
  answers.push_back(change_mine(access, admin_set, own));
  answers.push_back(change_mine(access, "wrong " + own, own + "2"));
  answers.push_back(http().get("/api/v2/users/me", access));
  answers.push_back(get_user(user_id_));
  answers.push_back(post_form(authorize_query(client_.client_id, kRedirect), "ann@example.com", own + "x"));
  for (const auto& a : answers)
    for (const auto& secret : {kPassword, admin_set, own, std::string("$argon2")})
      EXPECT_FALSE(a.body.find(secret) != std::string::npos || a.describe().find(secret) != std::string::npos)
          << secret << " in " << a.describe();
  const std::string audit = audit_text();
  ASSERT_NE(audit.find("user.password"), std::string::npos) << audit;
  ASSERT_NE(audit.find("user.signIn"), std::string::npos) << audit;
  for (const auto& secret : {kPassword, admin_set, own, std::string("$argon2"), std::string("password_hash")})
    EXPECT_EQ(audit.find(secret), std::string::npos) << secret << " in the audit log";
  const std::string log = server().log_text();
  for (const auto& secret : {kPassword, admin_set, own}) EXPECT_EQ(log.find(secret), std::string::npos) << secret;
}

}  // namespace
}  // namespace rp::test
