// SqliteOrgTx: sign-in. Users by username, the sign-in columns of users,
// authorization codes and refresh tokens (schema version 7).
#include "store/sql/codecs.h"
#include "store/sqlite/org_tx.h"

namespace rp::store::sqlite {
namespace {

using namespace sql;

// The state and username terms repeat the partial index's WHERE (users_username_uq).
constexpr char kUserIdByUsername[] =
    "SELECT id FROM users WHERE org_id = ?1 AND lower(username) = lower(?2) AND state != 'deleted'"
    " AND username != ''";
constexpr char kRecordActivity[] =
    "UPDATE users SET date_last_login = coalesce(?3, date_last_login),"
    " last_token_issued = coalesce(?4, last_token_issued) WHERE org_id = ?1 AND id = ?2";
constexpr char kSetPassword[] = "UPDATE users SET password_hash = ?3 WHERE org_id = ?1 AND id = ?2";

constexpr char kInsertCode[] =
    "INSERT INTO authorization_codes(org_id, " RP_SQL_CODE_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
constexpr char kGetCode[] =
    "SELECT " RP_SQL_CODE_COLUMNS " FROM authorization_codes WHERE org_id = ?1 AND code_hash = ?2";
constexpr char kUseCode[] = "UPDATE authorization_codes SET used = 1 WHERE org_id = ?1 AND code_hash = ?2 AND used = 0";

constexpr char kInsertRefresh[] =
    "INSERT INTO refresh_tokens(org_id, " RP_SQL_REFRESH_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
constexpr char kGetRefresh[] =
    "SELECT " RP_SQL_REFRESH_COLUMNS " FROM refresh_tokens WHERE org_id = ?1 AND token_hash = ?2";
constexpr char kRotateRefresh[] =
    "UPDATE refresh_tokens SET rotated = 1 WHERE org_id = ?1 AND token_hash = ?2 AND rotated = 0";
constexpr char kSessionOfAccess[] =
    "SELECT session_id FROM refresh_tokens WHERE org_id = ?1 AND access_token_hash = ?2 LIMIT 1";

// A session's access tokens, and the session's rows.
constexpr char kSessionAccessTokens[] =
    "SELECT token_hash FROM tokens WHERE org_id = ?1 AND token_hash IN"
    " (SELECT access_token_hash FROM refresh_tokens WHERE org_id = ?1 AND session_id = ?2) ORDER BY token_hash";
constexpr char kDeleteSessionAccess[] =
    "DELETE FROM tokens WHERE org_id = ?1 AND token_hash IN"
    " (SELECT access_token_hash FROM refresh_tokens WHERE org_id = ?1 AND session_id = ?2)";
constexpr char kDeleteSessionRefresh[] = "DELETE FROM refresh_tokens WHERE org_id = ?1 AND session_id = ?2";

// A user's tokens outside session ?3. The user term repeats tokens_user_ix's WHERE.
constexpr char kUserAccessTokens[] =
    "SELECT token_hash FROM tokens WHERE org_id = ?1 AND user_id = ?2 AND user_id != '' AND token_hash NOT IN"
    " (SELECT access_token_hash FROM refresh_tokens WHERE org_id = ?1 AND session_id = ?3) ORDER BY token_hash";
constexpr char kDeleteUserAccess[] =
    "DELETE FROM tokens WHERE org_id = ?1 AND user_id = ?2 AND user_id != '' AND token_hash NOT IN"
    " (SELECT access_token_hash FROM refresh_tokens WHERE org_id = ?1 AND session_id = ?3)";
constexpr char kDeleteUserRefresh[] =
    "DELETE FROM refresh_tokens WHERE org_id = ?1 AND user_id = ?2 AND session_id != ?3";

// The tokens acting in ?2 of the users in the JSON array ?3 ('[]' = every user).
#define RP_ACTING \
  " WHERE org_id = ?1 AND acting_org = ?2 AND (?3 = '[]' OR user_id IN (SELECT value FROM json_each(?3)))"
constexpr char kActingAccessTokens[] = "SELECT token_hash FROM tokens" RP_ACTING " ORDER BY token_hash";
constexpr char kDeleteActingAccess[] = "DELETE FROM tokens" RP_ACTING;
constexpr char kDeleteActingRefresh[] = "DELETE FROM refresh_tokens" RP_ACTING;

constexpr char kActingOutliving[] =
    "SELECT token_hash FROM tokens WHERE org_id = ?1 AND acting_org = ?2 AND expires > ?3 ORDER BY token_hash";
constexpr char kCapActingAccess[] =
    "UPDATE tokens SET expires = ?3 WHERE org_id = ?1 AND acting_org = ?2 AND expires > ?3";
constexpr char kCapActingRefresh[] =
    "UPDATE refresh_tokens SET expires = ?3 WHERE org_id = ?1 AND acting_org = ?2 AND expires > ?3";

constexpr char kPurgeCodes[] = "DELETE FROM authorization_codes WHERE org_id = ?1 AND expires <= ?2";
constexpr char kPurgeRefresh[] = "DELETE FROM refresh_tokens WHERE org_id = ?1 AND expires <= ?2";

}  // namespace

Result<Stmt> SqliteOrgTx::prepare_where(const char* sql, std::initializer_list<std::string_view> keys) {
  auto s = RP_TRY(conn_.prepare(sql));
  s.bind(1, org_.value);
  int i = 2;
  for (auto k : keys) s.bind(i++, k);
  return s;
}

Result<std::vector<std::string>> SqliteOrgTx::column_where(const char* sql,
                                                           std::initializer_list<std::string_view> args) {
  auto s = RP_TRY(prepare_where(sql, args));
  std::vector<std::string> out;
  while (RP_TRY(s.step())) out.push_back(s.text(0));
  return out;
}

Result<void> SqliteOrgTx::run_where(const char* sql, std::initializer_list<std::string_view> args) {
  auto s = RP_TRY(prepare_where(sql, args));
  return s.run();
}

Result<std::optional<User>> SqliteOrgTx::find_user_by_username(std::string_view username) {
  auto ids = RP_TRY(column_where(kUserIdByUsername, {username}));
  if (ids.empty()) return std::optional<User>{};
  return std::optional<User>(RP_TRY(get_user(ids.front())));
}

Result<void> SqliteOrgTx::record_user_activity(std::string_view user_id, std::optional<Millis> date_last_login,
                                               std::optional<Millis> last_token_issued) {
  auto s = RP_TRY(conn_.prepare(kRecordActivity));
  s.bind(1, org_.value).bind(2, user_id).bind(3, date_last_login).bind(4, last_token_issued);
  RP_CHECK(s.run());
  if (conn_.changes() == 0) return fail(Errc::not_found, "user not found");
  return {};
}

Result<void> SqliteOrgTx::set_user_password(std::string_view user_id, std::string_view password_hash) {
  RP_CHECK(run_where(kSetPassword, {user_id, password_hash}));
  if (conn_.changes() == 0) return fail(Errc::not_found, "user not found");
  return {};
}

Result<void> SqliteOrgTx::insert_code(const AuthorizationCode& c) { return insert_row(kInsertCode, c, bind_code); }

Result<AuthorizationCode> SqliteOrgTx::get_code(std::string_view code_hash) {
  return row_where(kGetCode, {code_hash}, read_code, "authorization code not found");
}

Result<bool> SqliteOrgTx::use_code(std::string_view code_hash) {
  RP_CHECK(run_where(kUseCode, {code_hash}));
  if (conn_.changes() > 0) return true;
  RP_TRY(get_code(code_hash));
  return false;
}

Result<void> SqliteOrgTx::insert_refresh_token(const RefreshToken& t) {
  return insert_row(kInsertRefresh, t, bind_refresh);
}

Result<RefreshToken> SqliteOrgTx::get_refresh_token(std::string_view token_hash) {
  return row_where(kGetRefresh, {token_hash}, read_refresh, "refresh token not found");
}

Result<bool> SqliteOrgTx::rotate_refresh_token(std::string_view token_hash) {
  RP_CHECK(run_where(kRotateRefresh, {token_hash}));
  if (conn_.changes() > 0) return true;
  RP_TRY(get_refresh_token(token_hash));
  return false;
}

Result<std::string> SqliteOrgTx::session_of_access_token(std::string_view access_token_hash) {
  auto sessions = RP_TRY(column_where(kSessionOfAccess, {access_token_hash}));
  return sessions.empty() ? std::string() : sessions.front();
}

Result<std::vector<std::string>> SqliteOrgTx::delete_session_tokens(std::string_view session_id) {
  std::vector<std::string> removed;
  RP_CHECK(atomic([&]() -> Result<void> {
    removed = RP_TRY(column_where(kSessionAccessTokens, {session_id}));
    RP_CHECK(run_where(kDeleteSessionAccess, {session_id}));
    return run_where(kDeleteSessionRefresh, {session_id});
  }));
  return removed;
}

Result<std::vector<std::string>> SqliteOrgTx::delete_user_tokens(std::string_view user_id,
                                                                 std::string_view keep_session) {
  std::vector<std::string> removed;
  if (user_id.empty()) return removed;
  RP_CHECK(atomic([&]() -> Result<void> {
    removed = RP_TRY(column_where(kUserAccessTokens, {user_id, keep_session}));
    RP_CHECK(run_where(kDeleteUserAccess, {user_id, keep_session}));
    return run_where(kDeleteUserRefresh, {user_id, keep_session});
  }));
  return removed;
}

Result<std::vector<std::string>> SqliteOrgTx::delete_acting_tokens(std::string_view acting_org,
                                                                   const std::vector<std::string>& user_ids) {
  std::vector<std::string> removed;
  if (acting_org.empty()) return removed;
  const std::string users = sql::encode_string_array(user_ids);
  RP_CHECK(atomic([&]() -> Result<void> {
    removed = RP_TRY(column_where(kActingAccessTokens, {acting_org, users}));
    RP_CHECK(run_where(kDeleteActingAccess, {acting_org, users}));
    return run_where(kDeleteActingRefresh, {acting_org, users});
  }));
  return removed;
}

Result<std::vector<std::string>> SqliteOrgTx::cap_acting_tokens(std::string_view acting_org, Millis until) {
  std::vector<std::string> capped;
  if (acting_org.empty()) return capped;
  RP_CHECK(atomic([&]() -> Result<void> {
    for (const char* sql : {kActingOutliving, kCapActingAccess, kCapActingRefresh}) {
      auto s = RP_TRY(prepare_where(sql, {acting_org}));
      s.bind(3, until);
      if (sql == kActingOutliving) {
        while (RP_TRY(s.step())) capped.push_back(s.text(0));
      } else {
        RP_CHECK(s.run());
      }
    }
    return {};
  }));
  return capped;
}

Result<void> SqliteOrgTx::purge_expired_sign_ins(Millis now) {
  for (const char* sql : {kPurgeCodes, kPurgeRefresh}) {
    auto s = RP_TRY(conn_.prepare(sql));
    s.bind(1, org_.value).bind(2, now);
    RP_CHECK(s.run());
  }
  return {};
}

}  // namespace rp::store::sqlite
