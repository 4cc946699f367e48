#include "service/oauth_clients/oauth_clients.h"
#include "service/access/effects.h"

#include <algorithm>

#include "authz/index.h"
#include "core/ids.h"
#include "core/strings.h"
#include "service/common/audit.h"
#include "service/common/crypto.h"
#include "service/roles/role_support.h"

namespace rp::service {
namespace {

std::unexpected<Error> client_not_found() {
  return fail(make_error(Errc::not_found, "Unable to find an OAuth client with that clientId"));
}

Result<store::OAuthClient> find_client(store::Reader& tx, const std::string& id) {
  if (!is_uuid(id)) return client_not_found();
  auto c = tx.get_client(id);
  if (!c && c.error().code == Errc::not_found) return client_not_found();
  return c;
}

bool is_scheme_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
}

// An absolute URI (RFC 3986: scheme ":" hier-part) without a fragment, as
// OAuth requires of redirect URIs; no whitespace or control characters.
bool is_absolute_uri(std::string_view uri) {
  auto colon = uri.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == uri.size()) return false;
  char first = uri[0];
  if (!((first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z'))) return false;
  if (!std::all_of(uri.begin(), uri.begin() + static_cast<std::ptrdiff_t>(colon), is_scheme_char)) return false;
  if (uri.find('#') != std::string_view::npos) return false;
  return std::none_of(uri.begin(), uri.end(), [](char c) { return static_cast<unsigned char>(c) <= ' ' || c == 0x7f; });
}

// The input checked and normalized into the stored fields of `c` (roles are
// checked against the store separately).
Result<void> apply_input(const OAuthClientInput& in, store::OAuthClient& c) {
  std::string name(trim(in.name));
  if (name.empty()) return invalid("name", "name is required");
  std::string grant(trim(in.grant_type));
  for (auto& ch : grant) ch = static_cast<char>(ch >= 'a' && ch <= 'z' ? ch - 'a' + 'A' : ch);
  if (grant.empty()) return invalid("authorizedGrantType", "authorizedGrantType is required");
  if (std::find(std::begin(kClientGrantTypes), std::end(kClientGrantTypes), grant) == std::end(kClientGrantTypes))
    return invalid("authorizedGrantType", "Value [" + in.grant_type +
                                              "] is not valid for authorizedGrantType. Allowable values are: "
                                              "CLIENT-CREDENTIALS, CODE, TOKEN, PASSWORD, SAML2BEARER");
  for (std::size_t i = 0; i < in.redirect_uris.size(); ++i)
    if (!is_absolute_uri(in.redirect_uris[i]))
      return invalid("registeredRedirectUri[" + std::to_string(i) + "]",
                     "The redirect URI [" + in.redirect_uris[i] + "] is not an absolute URI without a fragment");
  if ((grant == "CODE" || grant == "TOKEN") && in.redirect_uris.empty())
    return invalid("registeredRedirectUri", "A " + grant + " client needs at least one registeredRedirectUri");
  std::int64_t validity = in.token_validity_seconds.value_or(kDefaultTokenValiditySeconds);
  if (validity < kMinTokenValiditySeconds || validity > kMaxTokenValiditySeconds)
    return invalid("accessTokenValiditySeconds", "accessTokenValiditySeconds must be from " +
                                                     std::to_string(kMinTokenValiditySeconds) + " to " +
                                                     std::to_string(kMaxTokenValiditySeconds));
  auto state = store::parse_client_state(to_lower(trim(in.state.value_or("active"))));
  if (!state)
    return invalid("state", "Value [" + in.state.value_or("") +
                                "] is not valid for state. Allowable values are: active, disabled, inactive");
  c.name = std::move(name);
  c.description = in.description;
  c.grant_type = std::move(grant);
  c.redirect_uris = in.redirect_uris;
  c.token_validity_seconds = validity;
  c.state = *state;
  c.date_to_delete = in.date_to_delete;
  return {};
}

}  // namespace

Result<Page<ClientView>> OAuthClientService::list(const Caller& caller, const PageRequest& page) {
  Page<ClientView> out;
  RP_CHECK(store_.read(caller.org, [&](store::Reader& tx) -> Result<void> {
    auto clients = RP_TRY(tx.list_clients());
    out.total = static_cast<std::int64_t>(clients.size());
    for (auto i = page.offset(); i < out.total && i < page.offset() + page.page_size; ++i) {
      auto& c = clients[static_cast<std::size_t>(i)];
      auto grants = RP_TRY(tx.grants_of(c.id));
      out.items.push_back({std::move(c), std::move(grants), {}});
    }
    return {};
  }));
  return out;
}

Result<ClientView> OAuthClientService::get(const Caller& caller, const std::string& id) {
  ClientView view;
  RP_CHECK(store_.read(caller.org, [&](store::Reader& tx) -> Result<void> {
    view.client = RP_TRY(find_client(tx, id));
    view.grants = RP_TRY(tx.grants_of(id));
    return {};
  }));
  return view;
}

Result<ClientView> OAuthClientService::create(const Caller& caller, const OAuthClientInput& input) {
  return insert(caller.org, &caller, input);
}

Result<ClientView> OAuthClientService::create_as_system(const OrgId& org, const OAuthClientInput& input) {
  return insert(org, nullptr, input);
}

Result<ClientView> OAuthClientService::insert(const OrgId& org, const Caller* caller, const OAuthClientInput& input) {
  ClientView view;
  store::OAuthClient& c = view.client;
  RP_CHECK(apply_input(input, c));
  view.secret = new_secret();
  Millis now = clock_.now();
  c.id = new_uuid();
  c.secret_hash = sha256_hex(view.secret);
  c.created_by = c.modified_by = caller ? caller->subject_id : "system";
  c.created = c.modified = now;
  auto audit = [&](AuditEntry e) {
    return caller ? audit_record(*caller, std::move(e), now) : system_audit_record(std::move(e), now);
  };
  RP_CHECK(write_with_effects(
      store_, access_, &tokens_, org, [&](store::ReadWriteTransaction& tx, Effects& fx) -> Result<void> {
        RP_CHECK(validate_role_divisions(tx, input.role_divisions, "roleDivisions", false));
        if (caller) RP_CHECK(check_can_grant(tx, access_, *caller, input.role_divisions, {}));
        RP_CHECK(tx.insert_client(c));
        RP_CHECK(tx.insert_audit(audit({"oauthClient.create", "oauthClient", c.id, "", snapshot(c)})));
        if (RP_TRY(apply_grant_change(tx, audit, c.id, store::SubjectType::client, input.role_divisions,
                                      GrantChange::replace, now)))
          fx.grants_changed(c.id);
        view.grants = RP_TRY(tx.grants_of(c.id));
        return {};
      }));
  return view;
}

Result<ClientView> OAuthClientService::update(const Caller& caller, const std::string& id,
                                              const OAuthClientInput& input) {
  ClientView view;
  RP_CHECK(write_with_effects(
      store_, access_, &tokens_, caller.org, [&](store::ReadWriteTransaction& tx, Effects& fx) -> Result<void> {
        auto before = RP_TRY(find_client(tx, id));
        store::OAuthClient c = before;
        RP_CHECK(apply_input(input, c));
        RP_CHECK(validate_role_divisions(tx, input.role_divisions, "roleDivisions", false));
        auto existing = RP_TRY(tx.grants_of(id));
        RP_CHECK(check_can_grant(tx, access_, caller, input.role_divisions, existing));
        Millis now = clock_.now();
        c.modified = now;
        c.modified_by = caller.subject_id;
        RP_CHECK(tx.update_client(c));
        auto audit = [&](AuditEntry e) { return audit_record(caller, std::move(e), now); };
        RP_CHECK(tx.insert_audit(audit({"oauthClient.update", "oauthClient", id, snapshot(before), snapshot(c)})));
        if (RP_TRY(apply_grant_change(tx, audit, id, store::SubjectType::client, input.role_divisions,
                                      GrantChange::replace, now)))
          fx.grants_changed(id);
        if (c.state != store::ClientState::active) fx.tokens_revoked(RP_TRY(tx.delete_tokens_of_client(id)));
        view.client = std::move(c);
        view.grants = RP_TRY(tx.grants_of(id));
        return {};
      }));
  return view;
}

Result<void> OAuthClientService::remove(const Caller& caller, const std::string& id) {
  RP_CHECK(write_with_effects(
      store_, access_, &tokens_, caller.org, [&](store::ReadWriteTransaction& tx, Effects& fx) -> Result<void> {
        auto before = RP_TRY(find_client(tx, id));
        Millis now = clock_.now();
        auto audit = [&](AuditEntry e) { return audit_record(caller, std::move(e), now); };
        RP_CHECK(apply_grant_change(tx, audit, id, store::SubjectType::client, {}, GrantChange::replace, now));
        fx.grants_changed(id);
        fx.tokens_revoked(RP_TRY(tx.delete_tokens_of_client(id)));
        RP_CHECK(tx.delete_client(id));
        return tx.insert_audit(audit({"oauthClient.delete", "oauthClient", id, snapshot(before), ""}));
      }));
  return {};
}

Result<ClientView> OAuthClientService::regenerate_secret(const Caller& caller, const std::string& id) {
  ClientView view;
  view.secret = new_secret();
  RP_CHECK(store_.write(caller.org, [&](store::ReadWriteTransaction& tx) -> Result<void> {
    auto c = RP_TRY(find_client(tx, id));
    Millis now = clock_.now();
    c.secret_hash = sha256_hex(view.secret);
    c.modified = now;
    c.modified_by = caller.subject_id;
    RP_CHECK(tx.update_client(c));
    RP_CHECK(tx.insert_audit(audit_record(caller, {"oauthClient.secret", "oauthClient", id, "", snapshot(c)}, now)));
    view.client = std::move(c);
    view.grants = RP_TRY(tx.grants_of(id));
    return {};
  }));
  return view;
}

}  // namespace rp::service
