#include "service/auth/tokens.h"

#include <mutex>

#include "core/reasons.h"
#include "service/common/audit.h"
#include "service/common/crypto.h"
#include "service/users/users.h"

namespace rp::service {
namespace {

Error invalid_client() {
  return make_error(Errc::unauthenticated, "The client credentials are invalid")
      .with_reason(reason::oauth_invalid_client);
}

}  // namespace

TokenService::Entry TokenService::entry_of(const store::Token& t) {
  if (t.acting_org.empty()) return Entry{OrgId(t.org_id), OrgId(), t.client_id, t.user_id, t.expires, t.scope};
  return Entry{OrgId(t.acting_org), OrgId(t.org_id), t.client_id, t.user_id, t.expires, t.scope};
}

Result<void> TokenService::warm() {
  Millis now = clock_.now();
  RP_CHECK(store_.purge_expired_tokens(now));
  auto live = RP_TRY(store_.live_tokens(now));
  std::unique_lock lock(mu_);
  for (auto& t : live) tokens_[t.token_hash] = entry_of(t);
  return {};
}

Result<IssuedToken> TokenService::client_credentials(std::string_view client_id, std::string_view client_secret,
                                                     std::string_view correlation_id, std::string_view scope,
                                                     std::string_view remote_address) {
  if (!remote_address.empty()) RP_CHECK(failures_.check(remote_address));
  auto issued = issue(client_id, client_secret, correlation_id, scope);
  if (!issued && issued.error().reason == reason::oauth_invalid_client && !remote_address.empty())
    failures_.spend(remote_address);
  return issued;
}

Result<IssuedToken> TokenService::issue(std::string_view client_id, std::string_view client_secret,
                                        std::string_view correlation_id, std::string_view scope) {
  if (client_id.empty() || client_secret.empty()) return fail(invalid_client());
  auto org = RP_TRY(store_.find_client_org(client_id));
  if (!org) return fail(invalid_client());

  store::OAuthClient client;
  auto found = store_.read(*org, [&](store::Reader& tx) -> Result<void> {
    client = RP_TRY(tx.get_client(client_id));
    return {};
  });
  if (!found) return found.error().code == Errc::not_found ? fail(invalid_client()) : fail(found.error());
  if (!constant_time_equal(sha256_hex(client_secret), client.secret_hash) || client.state != store::ClientState::active)
    return fail(invalid_client());
  if (client.grant_type != "CLIENT-CREDENTIALS")
    return fail(make_error(Errc::invalid_argument, "This client may not use the client_credentials grant")
                    .with_reason(reason::oauth_unauthorized_client));
  RP_CHECK(issues_.acquire(client.id));

  Millis now = clock_.now();
  IssuedToken issued{new_secret(), client.token_validity_seconds};
  store::Token token{sha256_hex(issued.access_token),
                     org->value,
                     client.id,
                     "",
                     now,
                     now + client.token_validity_seconds * 1000,
                     std::string(scope)};
  Caller actor{*org, client.id, store::SubjectType::client, client.id, token.token_hash, std::string(correlation_id)};
  // The client is read again inside the write, and the token enters memory
  // there: writes are serialized, so a concurrent disable, delete or new
  // secret either comes first (and the grant fails) or comes after and
  // removes this token.
  bool remembered = false;
  auto written = store_.write(*org, [&](store::ReadWriteTransaction& tx) -> Result<void> {
    auto now_client = tx.get_client(client.id);
    if (!now_client)
      return now_client.error().code == Errc::not_found ? fail(invalid_client()) : fail(now_client.error());
    if (now_client->secret_hash != client.secret_hash || now_client->state != store::ClientState::active)
      return fail(invalid_client());
    RP_CHECK(tx.insert_token(token));
    RP_CHECK(tx.insert_audit(audit_record(
        actor, {"token.issue", "oauthClient", client.id, "", Snapshot().add("grantType", "client_credentials").str()},
        now)));
    std::unique_lock lock(mu_);
    tokens_[token.token_hash] = entry_of(token);
    remembered = true;
    return {};
  });
  if (!written) {
    if (remembered) forget({token.token_hash});
    return fail(written.error());
  }

  // A client created out of band (e.g. by the command line) after the
  // organization's index was compiled is not in it yet.
  auto idx = RP_TRY(access_.index(*org));
  if (!idx->knows_subject(client.id)) RP_CHECK(access_.refresh(*org));
  return issued;
}

Result<Caller> TokenService::authenticate(std::string_view access_token, std::string_view correlation_id) const {
  auto bad = [] {
    return fail(make_error(Errc::unauthenticated, "Invalid login credentials.").with_reason(reason::bad_credentials));
  };
  if (access_token.empty()) return bad();
  std::string hash = sha256_hex(access_token);
  std::shared_lock lock(mu_);
  auto it = tokens_.find(hash);
  if (it == tokens_.end() || it->second.expires <= clock_.now()) return bad();
  const Entry& e = it->second;
  bool is_user = !e.user_id.empty();
  return Caller{e.org,
                is_user ? e.user_id : e.client_id,
                is_user ? store::SubjectType::user : store::SubjectType::client,
                e.client_id,
                std::move(hash),
                std::string(correlation_id),
                e.scope,
                e.home};
}

Result<TokenInfo> TokenService::info(const Caller& caller) {
  TokenInfo out;
  RP_CHECK(store_.read(caller.org, [&](store::Reader& tx) -> Result<void> {
    out.organization = RP_TRY(tx.organization());
    if (caller.home_org.value.empty()) return {};
    auto clones = tx.cloned_users(caller.org.value, caller.home_org.value);
    if (!clones) return clones.error().code == Errc::not_found ? Result<void>() : fail(clones.error());
    for (const auto& c : *clones)
      if (c.trustee_user_id == caller.subject_id) out.clone_user_id = c.clone_user_id;
    return {};
  }));
  // The client is one of the home organization's, for a trust session.
  const OrgId& client_org = caller.home_org.value.empty() ? caller.org : caller.home_org;
  RP_CHECK(store_.read(client_org, [&](store::Reader& tx) -> Result<void> {
    if (!caller.home_org.value.empty()) out.home_organization = RP_TRY(tx.organization());
    auto client = tx.get_client(caller.client_id);
    if (client) {
      out.client = std::move(*client);
      out.client_grants = RP_TRY(tx.grants_of(caller.client_id));
    } else if (client.error().code != Errc::not_found) {
      return fail(client.error());
    }
    return {};
  }));
  return out;
}

Result<void> TokenService::revoke(const Caller& caller, std::string_view token_hash) {
  std::vector<std::string> removed{std::string(token_hash)};
  // A trust session's tokens are kept in the user's home organization.
  const OrgId& kept_in = caller.home_org.value.empty() ? caller.org : caller.home_org;
  RP_CHECK(store_.write(kept_in, [&](store::ReadWriteTransaction& tx) -> Result<void> {
    // A user's token ends its whole sign-in session, refresh token included.
    std::string session = RP_TRY(tx.session_of_access_token(token_hash));
    if (!session.empty()) {
      auto in_session = RP_TRY(tx.delete_session_tokens(session));
      removed.insert(removed.end(), in_session.begin(), in_session.end());
    }
    RP_CHECK(tx.delete_token(token_hash));
    return tx.insert_audit(audit_record(caller, {"token.revoke", "token", caller.subject_id, "", ""}, clock_.now()));
  }));
  forget(removed);
  return {};
}

Result<std::size_t> TokenService::revoke_client(const Caller& caller, std::string_view client_id) {
  std::vector<std::string> removed;
  RP_CHECK(store_.write(caller.org, [&](store::ReadWriteTransaction& tx) -> Result<void> {
    removed = RP_TRY(tx.delete_tokens_of_client(client_id));
    auto after = Snapshot().add("revoked", static_cast<std::int64_t>(removed.size())).str();
    return tx.insert_audit(
        audit_record(caller, {"token.revokeClient", "oauthClient", client_id, "", after}, clock_.now()));
  }));
  forget(removed);
  return removed.size();
}

Result<std::size_t> TokenService::revoke_user(const Caller& caller, std::string_view user_id) {
  std::vector<std::string> removed;
  RP_CHECK(store_.write(caller.org, [&](store::ReadWriteTransaction& tx) -> Result<void> {
    auto user = tx.get_user(user_id);
    if ((!user && user.error().code == Errc::not_found) || (user && user->state == store::UserState::deleted))
      return fail(user_not_found());
    if (!user) return fail(user.error());
    removed = RP_TRY(tx.delete_user_tokens(user_id, ""));
    auto after = Snapshot().add("revoked", static_cast<std::int64_t>(removed.size())).str();
    return tx.insert_audit(audit_record(caller, {"token.revokeUser", "user", user_id, "", after}, clock_.now()));
  }));
  forget(removed);
  return removed.size();
}

void TokenService::remember(const store::Token& token) {
  std::unique_lock lock(mu_);
  tokens_[token.token_hash] = entry_of(token);
}

void TokenService::shorten(const std::string& token_hash, Millis until) {
  std::unique_lock lock(mu_);
  if (auto it = tokens_.find(token_hash); it != tokens_.end() && it->second.expires > until) it->second.expires = until;
}

Result<void> TokenService::ensure_subject(const OrgId& org, std::string_view subject) {
  auto idx = RP_TRY(access_.index(org));
  if (!idx->knows_subject(subject)) RP_CHECK(access_.grants_changed(org, subject));
  return {};
}

void TokenService::forget(const std::vector<std::string>& token_hashes) {
  if (token_hashes.empty()) return;
  std::unique_lock lock(mu_);
  for (const auto& h : token_hashes) tokens_.erase(h);
}

}  // namespace rp::service
