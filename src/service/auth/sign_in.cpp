#include "service/auth/sign_in.h"

#include <algorithm>
#include <mutex>

#include "core/ids.h"
#include "core/reasons.h"
#include "core/strings.h"
#include "service/access/trust_grants.h"
#include "service/common/audit.h"
#include "service/common/crypto.h"

namespace rp::service {
namespace {

Error oauth_error(Errc code, std::string_view reason, std::string message) {
  return make_error(code, std::move(message)).with_reason(reason);
}

Error invalid_client() {
  return oauth_error(Errc::unauthenticated, reason::oauth_invalid_client, "The client credentials are invalid");
}

Error invalid_grant(std::string message) {
  return oauth_error(Errc::invalid_argument, reason::oauth_invalid_grant, std::move(message));
}

Error invalid_request(std::string message) {
  return oauth_error(Errc::invalid_argument, reason::oauth_invalid_request, std::move(message));
}

Error invalid_credentials() {
  return oauth_error(Errc::unauthenticated, reason::oauth_invalid_credentials, "The username or password is incorrect");
}

// RFC 7636 §4.1: 43 to 128 characters of [A-Za-z0-9-._~]. S256 challenges
// (BASE64URL of 32 bytes) are exactly 43 of them.
bool is_pkce_string(std::string_view s) {
  if (s.size() < 43 || s.size() > 128) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
           c == '_' || c == '~';
  });
}

// A hash to verify against when there is no user, so that an unknown name
// costs the same time as a wrong password.
const std::string& dummy_hash() {
  static std::once_flag once;
  static std::string hash;
  std::call_once(once, [] { hash = hash_password(new_secret()).value_or(""); });
  return hash;
}

Caller user_caller(const OrgId& org, const std::string& user_id, const std::string& client_id,
                   std::string_view correlation_id) {
  return Caller{org, user_id, store::SubjectType::user, client_id, "", std::string(correlation_id)};
}

std::string failure_key(const OrgId& org, std::string_view user_key) { return org.value + "/" + std::string(user_key); }

// An error of a write closure that must still commit (a revocation).
struct Refusal {
  std::optional<Error> error;
  std::vector<std::string> revoked;
};

// Ends sign-in session `session` (its access and refresh tokens), audited as
// done by `actor`, and records `why` as the answer once the write commits.
Result<void> end_session(store::ReadWriteTransaction& tx, Refusal& refusal, const Caller& actor,
                         const std::string& session, Millis now, Error why) {
  refusal.revoked = RP_TRY(tx.delete_session_tokens(session));
  auto after = Snapshot().add("revoked", static_cast<std::int64_t>(refusal.revoked.size())).str();
  RP_CHECK(tx.insert_audit(audit_record(actor, {"token.revokeSession", "user", actor.subject_id, "", after}, now)));
  refusal.error = std::move(why);
  return {};
}

// The answer of a token grant once its write is over: the tokens, or the
// error, with the in-memory token map brought in step with the store.
// `acting` (a trust session's trustor, with its user) is made sure to hold
// the user in its index: a user admitted by the default trust may be new to it.
Result<IssuedTokens> settle(TokenService& tokens, const Result<void>& written, const Refusal& refusal,
                            const std::string& access_hash, IssuedTokens issued,
                            const std::pair<std::string, std::string>& acting = {}) {
  if (!written) {
    if (!access_hash.empty()) tokens.forget({access_hash});
    return fail(written.error());
  }
  if (refusal.error) {
    tokens.forget(refusal.revoked);
    return fail(*refusal.error);
  }
  if (!acting.first.empty()) RP_CHECK(tokens.ensure_subject(OrgId(acting.first), acting.second));
  return issued;
}

}  // namespace

SignInService::SignInService(store::Store& store, TokenService& tokens, SignInSettings settings, const Clock& clock)
    : store_(store),
      tokens_(tokens),
      settings_(settings),
      clock_(clock),
      user_failures_(RateLimit{settings.max_failures_per_user, settings.failure_window_seconds * 1000}, clock),
      address_failures_(RateLimit{settings.max_failures_per_address, settings.failure_window_seconds * 1000}, clock) {}

Result<SignInClient> SignInService::client_for(std::string_view client_id, std::string_view redirect_uri) {
  auto unknown = [] {
    return fail(oauth_error(Errc::invalid_argument, reason::oauth_invalid_client,
                            "The client is unknown or may not sign users in"));
  };
  if (client_id.empty()) return unknown();
  auto org = RP_TRY(store_.find_client_org(client_id));
  if (!org) return unknown();
  SignInClient out{*org, {}, std::string(redirect_uri)};
  auto found = store_.read(*org, [&](store::Reader& tx) -> Result<void> {
    out.client = RP_TRY(tx.get_client(client_id));
    return {};
  });
  if (!found) return found.error().code == Errc::not_found ? unknown() : fail(found.error());
  if (out.client.state != store::ClientState::active || out.client.grant_type != "CODE") return unknown();
  const auto& uris = out.client.redirect_uris;
  if (redirect_uri.empty() || std::find(uris.begin(), uris.end(), redirect_uri) == uris.end())
    return fail(oauth_error(Errc::invalid_argument, reason::oauth_invalid_redirect_uri,
                            "The redirect URI is not one registered for this client"));
  return out;
}

Result<void> SignInService::check_request(const AuthorizeRequest& r) {
  if (r.response_type.empty()) return fail(invalid_request("response_type is required"));
  if (r.response_type != "code")
    return fail(oauth_error(Errc::invalid_argument, reason::oauth_unsupported_response_type,
                            "Only response_type=code is supported"));
  if (r.code_challenge.empty()) {
    if (!r.code_challenge_method.empty()) return fail(invalid_request("code_challenge_method needs a code_challenge"));
    return {};
  }
  if (r.code_challenge_method != "S256")
    return fail(invalid_request("code_challenge_method must be S256 (plain is not accepted)"));
  if (r.code_challenge.size() != 43 || !is_pkce_string(r.code_challenge))
    return fail(invalid_request("code_challenge is not a BASE64URL-encoded SHA-256 value"));
  return {};
}

Result<void> SignInService::check_failures(const OrgId& org, std::string_view user_key, std::string_view address) {
  RP_CHECK(address_failures_.check(address));
  return user_failures_.check(failure_key(org, user_key));
}

void SignInService::count_failure(const OrgId& org, std::string_view user_key, std::string_view address) {
  address_failures_.spend(address);
  user_failures_.spend(failure_key(org, user_key));
}

Result<std::string> SignInService::sign_in(const SignInClient& c, const AuthorizeRequest& request,
                                           std::string_view username, std::string_view password,
                                           std::string_view address, std::string_view correlation_id) {
  RP_CHECK(address_failures_.check(address));
  std::string login(trim(username));
  std::optional<store::User> user;
  RP_CHECK(store_.read(c.org, [&](store::Reader& tx) -> Result<void> {
    if (login.empty()) return {};
    user = RP_TRY(tx.find_user_by_username(login));
    if (!user) user = RP_TRY(tx.find_user_by_email(login));
    return {};
  }));
  std::string user_key = user ? user->id : "name:" + to_lower(login);
  RP_CHECK(check_failures(c.org, user_key, address));
  // Users without a password are checked against the dummy hash too, so the
  // time taken tells nothing about them.
  bool has_password = user && !user->password_hash.empty();
  bool verified = verify_password(password, has_password ? user->password_hash : dummy_hash());
  if (!has_password || !verified || user->state != store::UserState::active) {
    count_failure(c.org, user_key, address);
    return fail(invalid_credentials());
  }

  std::string code = new_secret();
  Millis now = clock_.now();
  const std::string acting = request.target == c.org.value ? std::string() : request.target;
  store::AuthorizationCode row{sha256_hex(code),
                               c.client.id,
                               user->id,
                               c.redirect_uri,
                               request.code_challenge,
                               now,
                               now + settings_.code_lifetime_seconds * 1000,
                               false,
                               acting};
  Caller actor = user_caller(c.org, user->id, c.client.id, correlation_id);
  RP_CHECK(store_.write(c.org, [&](store::ReadWriteTransaction& tx) -> Result<void> {
    // The user and the client as they are now: a change since the password
    // was checked (deleted, deactivated, new password, client disabled) wins.
    auto now_user = tx.get_user(user->id);
    if (!now_user && now_user.error().code != Errc::not_found) return fail(now_user.error());
    if (!now_user || now_user->state != store::UserState::active || now_user->password_hash != user->password_hash)
      return fail(invalid_credentials());
    auto client = tx.get_client(c.client.id);
    if (!client && client.error().code != Errc::not_found) return fail(client.error());
    if (!client || client->state != store::ClientState::active || client->grant_type != "CODE")
      return fail(
          oauth_error(Errc::invalid_argument, reason::oauth_access_denied, "The client may no longer sign users in"));
    if (!acting.empty() && !RP_TRY(admission(tx, acting, user->id, now)))
      return fail(oauth_error(Errc::invalid_argument, reason::oauth_access_denied,
                              "The user may not act in the requested organization"));
    RP_CHECK(tx.purge_expired_sign_ins(now));
    RP_CHECK(tx.insert_code(row));
    RP_CHECK(tx.record_user_activity(user->id, now, std::nullopt));
    return tx.insert_audit(
        audit_record(actor, {"user.signIn", "user", user->id, "", Snapshot().add("clientId", c.client.id).str()}, now));
  }));
  return code;
}

Result<SignInClient> SignInService::token_client(const ClientAuth& auth) {
  if (auth.client_id.empty()) return fail(invalid_client());
  auto org = RP_TRY(store_.find_client_org(auth.client_id));
  if (!org) return fail(invalid_client());
  SignInClient out{*org, {}, {}};
  auto found = store_.read(*org, [&](store::Reader& tx) -> Result<void> {
    out.client = RP_TRY(tx.get_client(auth.client_id));
    return {};
  });
  if (!found) return found.error().code == Errc::not_found ? fail(invalid_client()) : fail(found.error());
  if (out.client.state != store::ClientState::active) return fail(invalid_client());
  if (!auth.client_secret.empty() && !constant_time_equal(sha256_hex(auth.client_secret), out.client.secret_hash))
    return fail(invalid_client());
  if (out.client.grant_type != "CODE")
    return fail(oauth_error(Errc::invalid_argument, reason::oauth_unauthorized_client,
                            "This client may not use this grant type"));
  return out;
}

Result<IssuedTokens> SignInService::issue(store::ReadWriteTransaction& tx, const SignInClient& c,
                                          const std::string& user_id, const std::string& session,
                                          const std::string& acting_org, std::string_view grant_type,
                                          std::string_view correlation_id, std::string& access_hash) {
  // The client as it is now: a concurrent disable, delete or new secret
  // either comes first (and refuses this) or comes after and removes the
  // token (writes are serialized).
  auto client = tx.get_client(c.client.id);
  if (!client && client.error().code != Errc::not_found) return fail(client.error());
  if (!client || client->state != store::ClientState::active || client->secret_hash != c.client.secret_hash ||
      client->grant_type != "CODE")
    return fail(invalid_client());

  Millis now = clock_.now();
  // A trust session: the user must still be admitted, and ends with the trust.
  std::optional<store::Trust> trust;
  if (!acting_org.empty()) {
    trust = RP_TRY(admission(tx, acting_org, user_id, now));
    if (!trust) return fail(invalid_grant("The user may no longer act in that organization"));
  }
  auto until = [&](Millis end) { return trust && trust->expires ? std::min(end, *trust->expires) : end; };
  IssuedTokens out{new_secret(), client->token_validity_seconds, new_secret()};
  store::Token token{sha256_hex(out.access_token),
                     tx.org().value,
                     client->id,
                     user_id,
                     now,
                     until(now + client->token_validity_seconds * 1000),
                     "",
                     acting_org};
  out.expires_in = (token.expires - now + 999) / 1000;
  store::RefreshToken refresh{sha256_hex(out.refresh_token),
                              client->id,
                              user_id,
                              session,
                              token.token_hash,
                              now,
                              until(now + settings_.refresh_token_lifetime_seconds * 1000),
                              false,
                              acting_org};
  RP_CHECK(tx.insert_token(token));
  RP_CHECK(tx.insert_refresh_token(refresh));
  RP_CHECK(tx.record_user_activity(user_id, std::nullopt, now));
  Caller actor = user_caller(tx.org(), user_id, client->id, correlation_id);
  actor.token_hash = token.token_hash;
  const store::AuditRecord issued = audit_record(
      actor, {"token.issue", "oauthClient", client->id, "", Snapshot().add("grantType", grant_type).str()}, now);
  RP_CHECK(tx.insert_audit(issued));
  if (trust) {
    // The trustor's log records the sign-in into it too.
    store::ReadWriteTransaction* trustor = RP_TRY(tx.partner_writer(OrgId(acting_org)));
    store::AuditRecord there = issued;
    there.id = new_uuid();
    RP_CHECK(trustor->insert_audit(there));
  }
  tokens_.remember(token);
  access_hash = token.token_hash;
  return out;
}

Result<IssuedTokens> SignInService::redeem_code(const ClientAuth& auth, std::string_view code,
                                                std::string_view redirect_uri, std::string_view code_verifier,
                                                std::string_view correlation_id) {
  auto c = RP_TRY(token_client(auth));
  if (code.empty()) return fail(invalid_request("code is required"));
  if (redirect_uri.empty()) return fail(invalid_request("redirect_uri is required"));
  const std::string session = sha256_hex(code);
  Refusal refusal;
  IssuedTokens issued;
  std::string access_hash;
  std::pair<std::string, std::string> acting;  // the trustor and user of a trust session
  auto written = store_.write(c.org, [&](store::ReadWriteTransaction& tx) -> Result<void> {
    auto found = tx.get_code(session);
    if (!found && found.error().code == Errc::not_found)
      return fail(invalid_grant("The authorization code is invalid"));
    if (!found) return fail(found.error());
    const store::AuthorizationCode& row = *found;
    if (row.client_id != c.client.id) return fail(invalid_grant("The authorization code is invalid"));
    Millis now = clock_.now();
    if (row.expires <= now) return fail(invalid_grant("The authorization code has expired"));
    auto replayed = [&]() {
      return end_session(tx, refusal, user_caller(c.org, row.user_id, c.client.id, correlation_id), session, now,
                         invalid_grant("The authorization code has already been used"));
    };
    if (row.used) return replayed();
    if (row.redirect_uri != redirect_uri)
      return fail(invalid_grant("redirect_uri does not match the authorization request"));
    if (!row.code_challenge.empty()) {
      if (code_verifier.empty()) return fail(invalid_grant("code_verifier is required"));
      if (!is_pkce_string(code_verifier) || !constant_time_equal(sha256_base64url(code_verifier), row.code_challenge))
        return fail(invalid_grant("code_verifier does not match the code_challenge"));
    } else if (!code_verifier.empty()) {
      return fail(invalid_grant("The authorization request had no code_challenge"));
    } else if (auth.client_secret.empty()) {
      return fail(invalid_client());  // a client without its secret must use PKCE
    }
    auto user = tx.get_user(row.user_id);
    if (!user && user.error().code != Errc::not_found) return fail(user.error());
    if (!user || user->state != store::UserState::active) return fail(invalid_grant("The user may not sign in"));
    if (!RP_TRY(tx.use_code(session))) return replayed();
    issued =
        RP_TRY(issue(tx, c, row.user_id, session, row.acting_org, "authorization_code", correlation_id, access_hash));
    acting = {row.acting_org, row.user_id};
    return {};
  });
  return settle(tokens_, written, refusal, access_hash, std::move(issued), acting);
}

Result<IssuedTokens> SignInService::refresh(const ClientAuth& auth, std::string_view refresh_token,
                                            std::string_view correlation_id) {
  auto c = RP_TRY(token_client(auth));
  if (refresh_token.empty()) return fail(invalid_request("refresh_token is required"));
  const std::string hash = sha256_hex(refresh_token);
  Refusal refusal;
  IssuedTokens issued;
  std::string access_hash;
  std::pair<std::string, std::string> acting;  // the trustor and user of a trust session
  auto written = store_.write(c.org, [&](store::ReadWriteTransaction& tx) -> Result<void> {
    auto found = tx.get_refresh_token(hash);
    if (!found && found.error().code == Errc::not_found) return fail(invalid_grant("The refresh token is invalid"));
    if (!found) return fail(found.error());
    const store::RefreshToken& row = *found;
    if (row.client_id != c.client.id) return fail(invalid_grant("The refresh token is invalid"));
    Millis now = clock_.now();
    if (row.expires <= now) return fail(invalid_grant("The refresh token has expired"));
    auto user = tx.get_user(row.user_id);
    if (!user && user.error().code != Errc::not_found) return fail(user.error());
    bool user_ok = user && user->state == store::UserState::active;
    if (row.rotated || !user_ok || !RP_TRY(tx.rotate_refresh_token(hash))) {
      // A rotated token used again means it leaked: end the whole session.
      return end_session(
          tx, refusal, user_caller(c.org, row.user_id, c.client.id, correlation_id), row.session_id, now,
          invalid_grant(user_ok ? "The refresh token has already been used" : "The user may not sign in"));
    }
    issued =
        RP_TRY(issue(tx, c, row.user_id, row.session_id, row.acting_org, "refresh_token", correlation_id, access_hash));
    acting = {row.acting_org, row.user_id};
    return {};
  });
  return settle(tokens_, written, refusal, access_hash, std::move(issued), acting);
}

}  // namespace rp::service
