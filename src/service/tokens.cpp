#include "service/tokens.h"

#include <mutex>

#include "service/audit.h"
#include "service/crypto.h"

namespace rp::service {
namespace {

Error invalid_client() {
  return make_error(Errc::unauthenticated, "The client credentials are invalid").with_reason("invalid_client");
}

}  // namespace

Result<void> TokenService::warm() {
  Millis now = clock_.now();
  RP_CHECK(store_.purge_expired_tokens(now));
  auto live = RP_TRY(store_.live_tokens(now));
  std::unique_lock lock(mu_);
  for (auto& t : live) tokens_[t.token_hash] = Entry{OrgId(t.org_id), t.client_id, t.user_id, t.expires};
  return {};
}

Result<IssuedToken> TokenService::client_credentials(std::string_view client_id, std::string_view client_secret,
                                                     std::string_view correlation_id) {
  if (client_id.empty() || client_secret.empty()) return fail(invalid_client());
  auto org = RP_TRY(store_.find_client_org(client_id));
  if (!org) return fail(invalid_client());

  store::OAuthClient client;
  auto found = store_.read(*org, [&](store::OrgTx& tx) -> Result<void> {
    client = RP_TRY(tx.get_client(client_id));
    return {};
  });
  if (!found) return found.error().code == Errc::not_found ? fail(invalid_client()) : fail(found.error());
  if (!constant_time_equal(sha256_hex(client_secret), client.secret_hash) || client.state != "active")
    return fail(invalid_client());
  if (client.grant_type != "CLIENT-CREDENTIALS")
    return fail(make_error(Errc::invalid_argument, "This client may not use the client_credentials grant")
                    .with_reason("unauthorized_client"));

  Millis now = clock_.now();
  IssuedToken issued{new_secret(), client.token_validity_seconds};
  store::Token token{sha256_hex(issued.access_token), org->value, client.id, "", now,
                     now + client.token_validity_seconds * 1000};
  Caller actor{*org, client.id, store::SubjectType::client, client.id, token.token_hash,
               std::string(correlation_id)};
  RP_CHECK(store_.write(*org, [&](store::OrgTx& tx) -> Result<void> {
    RP_CHECK(tx.insert_token(token));
    return tx.insert_audit(audit_record(
        actor, {"token.issue", "oauthClient", client.id, "", Snapshot().add("grantType", "client_credentials").str()},
        now));
  }));

  // A client created out of band (e.g. by the command line) after the
  // organization's index was compiled is not in it yet.
  auto idx = RP_TRY(access_.index(*org));
  if (!idx->knows_subject(client.id)) RP_CHECK(access_.refresh(*org));

  std::unique_lock lock(mu_);
  tokens_[token.token_hash] = Entry{*org, client.id, "", token.expires};
  return issued;
}

Result<Caller> TokenService::authenticate(std::string_view access_token, std::string_view correlation_id) const {
  auto bad = [] {
    return fail(make_error(Errc::unauthenticated, "Invalid login credentials.").with_reason("bad.credentials"));
  };
  if (access_token.empty()) return bad();
  std::string hash = sha256_hex(access_token);
  std::shared_lock lock(mu_);
  auto it = tokens_.find(hash);
  if (it == tokens_.end() || it->second.expires <= clock_.now()) return bad();
  const Entry& e = it->second;
  bool is_user = !e.user_id.empty();
  return Caller{e.org, is_user ? e.user_id : e.client_id,
                is_user ? store::SubjectType::user : store::SubjectType::client, e.client_id, std::move(hash),
                std::string(correlation_id)};
}

}  // namespace rp::service
