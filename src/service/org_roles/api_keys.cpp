#include "service/org_roles/api_keys.h"
#include "service/access/effects.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstdio>

#include "core/ids.h"
#include "core/random.h"
#include "core/reasons.h"
#include "service/common/audit.h"
#include "service/common/crypto.h"

namespace rp::service {
namespace {

std::string snapshot(const store::ApiKey& k, const std::vector<std::string>& roles) {
  std::string role_list = "[";
  for (const auto& r : roles) role_list += (role_list.size() > 1 ? ",\"" : "\"") + r + "\"";
  role_list += "]";
  return Snapshot()
      .add("id", k.id)
      .add("publicKey", k.public_key)
      .add("description", k.description)
      .add_raw("roles", role_list)
      .str();
}

std::string new_public_key() {
  std::uint8_t bytes[8];
  random_fill(bytes);
  std::string out;
  for (auto b : bytes) out += static_cast<char>('a' + b % 26);
  return out;
}

Error bad_credentials() {
  return make_error(Errc::unauthenticated, "The API key or its Digest response is not valid.")
      .with_reason(reason::digest_invalid);
}

}  // namespace

std::string new_atlas_id() {
  std::uint8_t bytes[12];
  random_fill(bytes);
  return to_hex(bytes);
}

std::string md5_hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), digest, &len, EVP_md5(), nullptr);
  return to_hex(std::span<const std::uint8_t>(digest, len));
}

namespace {

struct KeyRoles {
  std::vector<std::string> ids, names;  // in atlas_org_roles() order
};

// The organization roles `role_names` names, checked: at least one, each an
// Atlas organization role.
Result<KeyRoles> key_roles(const AtlasRoles& roles, const std::vector<std::string>& role_names) {
  if (role_names.empty()) return invalid("roles", "An API key needs at least one organization role");
  for (const auto& name : role_names)
    if (!is_atlas_org_role(name))
      return std::unexpected(make_error(Errc::invalid_argument, "[" + name + "] is not an organization role")
                                 .with_reason(reason::role_unknown)
                                 .with_field("roles")
                                 .with_param("role", name));
  KeyRoles out;
  for (const auto& name : atlas_org_roles()) {
    if (std::find(role_names.begin(), role_names.end(), name) == role_names.end()) continue;
    const std::string* id = roles.id_of(name);
    if (!id) return invalid("roles", "The organization has no role named [" + name + "]");
    out.ids.push_back(*id);
    out.names.push_back(name);
  }
  return out;
}

Result<void> check_description(const std::string& description) {
  if (description.size() < 1 || description.size() > 250)
    return invalid("desc", "The description must have 1 to 250 characters");
  return {};
}

}  // namespace

Result<NewApiKey> insert_api_key(store::ReadWriteTransaction& tx, const Caller* actor, const std::string& description,
                                 const std::vector<std::string>& role_names, Millis now) {
  auto org = RP_TRY(tx.organization());
  auto [role_ids, names] = RP_TRY(key_roles(RP_TRY(AtlasRoles::of(tx)), role_names));

  NewApiKey out;
  out.private_key = new_uuid();
  store::ApiKey& k = out.view.key;
  k.id = new_atlas_id();
  k.public_key = new_public_key();
  k.ha1 = md5_hex(k.public_key + ":" + std::string(kDigestRealm) + ":" + out.private_key);
  k.description = description;
  k.private_key_hint = "********-****-****-" + out.private_key.substr(out.private_key.size() - 12);
  k.created_by = actor ? actor->subject_id : "system";
  k.created = now;
  out.view.roles = names;
  RP_CHECK(tx.insert_api_key(k));
  auto record = [&](AuditEntry e) { return actor ? audit_record(*actor, e, now) : system_audit_record(e, now); };
  RP_CHECK(tx.insert_audit(record({"apiKey.create", "apiKey", k.id, "", snapshot(k, names)})));
  for (const auto& role_id : role_ids) {
    store::Grant g{k.id, store::SubjectType::api_key, role_id, org.home_division_id, now};
    RP_CHECK(tx.insert_grant(g));
    RP_CHECK(tx.insert_audit(record({"grant.add", "grant", k.id, "", service::snapshot(g)})));
  }
  return out;
}

Result<NewApiKey> ApiKeyService::create(const Caller& caller, const std::string& description,
                                        const std::vector<std::string>& roles) {
  RP_CHECK(check_description(description));
  NewApiKey out;
  RP_CHECK(write_with_effects(
      store_, access_, nullptr, caller.org, [&](store::ReadWriteTransaction& tx, Effects& fx) -> Result<void> {
        auto given = RP_TRY(key_roles(RP_TRY(AtlasRoles::of(tx)), roles));
        auto org = RP_TRY(tx.organization());
        RP_CHECK(check_can_grant_org_roles(tx, access_, caller, given.ids, org.home_division_id, {}));
        out = RP_TRY(insert_api_key(tx, &caller, description, roles, clock_.now()));
        fx.grants_changed(out.view.key.id);
        return {};
      }));
  return out;
}

Result<std::vector<ApiKeyView>> ApiKeyService::list(const Caller& caller) {
  std::vector<ApiKeyView> out;
  RP_CHECK(store_.read(caller.org, [&](store::Reader& tx) -> Result<void> {
    auto roles = RP_TRY(AtlasRoles::of(tx));
    for (auto& k : RP_TRY(tx.list_api_keys())) {
      auto held = roles.held(RP_TRY(tx.grants_of(k.id)));
      out.push_back({std::move(k), std::move(held)});
    }
    return {};
  }));
  return out;
}

Result<ApiKeyView> ApiKeyService::get(const Caller& caller, const std::string& id) {
  ApiKeyView out;
  RP_CHECK(store_.read(caller.org, [&](store::Reader& tx) -> Result<void> {
    out.key = RP_TRY(tx.get_api_key(id));
    out.roles = RP_TRY(org_roles_of(tx, id));
    return {};
  }));
  return out;
}

Result<ApiKeyView> ApiKeyService::update(const Caller& caller, const std::string& id,
                                         const std::optional<std::string>& description,
                                         const std::optional<std::vector<std::string>>& roles) {
  if (description) RP_CHECK(check_description(*description));
  ApiKeyView out;
  RP_CHECK(write_with_effects(
      store_, access_, nullptr, caller.org, [&](store::ReadWriteTransaction& tx, Effects& fx) -> Result<void> {
        Millis now = clock_.now();
        const store::ApiKey before = RP_TRY(tx.get_api_key(id));
        const auto org_roles = RP_TRY(AtlasRoles::of(tx));
        const auto grants = RP_TRY(tx.grants_of(id));
        const auto had = org_roles.held(grants);
        out.key = before;
        out.roles = had;
        std::optional<KeyRoles> wanted;
        if (roles) wanted = RP_TRY(key_roles(org_roles, *roles));
        if (wanted && wanted->names != had) {
          auto org = RP_TRY(tx.organization());
          RP_CHECK(check_can_grant_org_roles(tx, access_, caller, wanted->ids, org.home_division_id, grants));
          for (const auto& g : grants) {
            RP_CHECK(tx.delete_grant(g));
            RP_CHECK(
                tx.insert_audit(audit_record(caller, {"grant.delete", "grant", id, service::snapshot(g), ""}, now)));
          }
          for (const auto& role_id : wanted->ids) {
            store::Grant g{id, store::SubjectType::api_key, role_id, org.home_division_id, now};
            RP_CHECK(tx.insert_grant(g));
            RP_CHECK(tx.insert_audit(audit_record(caller, {"grant.add", "grant", id, "", service::snapshot(g)}, now)));
          }
          out.roles = wanted->names;
          fx.grants_changed(id);
        }
        if (description) out.key.description = *description;
        if (out.key.description == before.description && out.roles == had) return {};
        if (out.key.description != before.description) RP_CHECK(tx.update_api_key(out.key));
        return tx.insert_audit(audit_record(
            caller, {"apiKey.update", "apiKey", id, snapshot(before, had), snapshot(out.key, out.roles)}, now));
      }));
  return out;
}

Result<void> ApiKeyService::remove(const Caller& caller, const std::string& id) {
  RP_CHECK(write_with_effects(
      store_, access_, nullptr, caller.org, [&](store::ReadWriteTransaction& tx, Effects& fx) -> Result<void> {
        auto k = RP_TRY(tx.get_api_key(id));
        const auto grants = RP_TRY(tx.grants_of(id));
        auto roles = RP_TRY(AtlasRoles::of(tx)).held(grants);
        Millis now = clock_.now();
        for (const auto& g : grants)
          RP_CHECK(tx.insert_audit(audit_record(caller, {"grant.delete", "grant", id, service::snapshot(g), ""}, now)));
        RP_CHECK(tx.delete_grants_of(id));
        RP_CHECK(tx.delete_api_key(id));
        fx.grants_changed(id);
        return tx.insert_audit(audit_record(caller, {"apiKey.delete", "apiKey", id, snapshot(k, roles), ""}, now));
      }));
  return {};
}

ApiKeyService::ApiKeyService(store::Store& store, Access& access, const Clock& clock)
    : store_(store), access_(access), clock_(clock) {
  std::uint8_t key[32];
  random_fill(key);
  nonce_key_.assign(reinterpret_cast<const char*>(key), sizeof key);
}

std::string ApiKeyService::nonce_mac(std::string_view text) const {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), nonce_key_.data(), static_cast<int>(nonce_key_.size()),
       reinterpret_cast<const unsigned char*>(text.data()), text.size(), mac, &len);
  return to_hex(std::span<const std::uint8_t>(mac, 16));
}

// "<expiry, 16 hex digits><random, 16 hex digits><mac, 32 hex digits>"
std::string ApiKeyService::new_nonce() {
  char expiry[17];
  std::snprintf(expiry, sizeof expiry, "%016llx", static_cast<unsigned long long>(clock_.now() + kNonceMillis));
  std::uint8_t salt[8];
  random_fill(salt);
  std::string text = std::string(expiry) + to_hex(salt);
  return text + nonce_mac(text);
}

std::optional<Millis> ApiKeyService::nonce_expiry(std::string_view nonce) const {
  if (nonce.size() != 64) return std::nullopt;
  if (!constant_time_equal(nonce_mac(nonce.substr(0, 32)), nonce.substr(32))) return std::nullopt;
  unsigned long long expiry = 0;
  auto [end, ec] = std::from_chars(nonce.data(), nonce.data() + 16, expiry, 16);
  if (ec != std::errc() || end != nonce.data() + 16) return std::nullopt;
  return static_cast<Millis>(expiry);
}

Result<void> ApiKeyService::use_nonce(const std::string& nonce, std::string_view nc_text) {
  std::uint64_t nc = 0;
  auto [end, ec] = std::from_chars(nc_text.data(), nc_text.data() + nc_text.size(), nc, 16);
  if (ec != std::errc() || end != nc_text.data() + nc_text.size() || nc_text.size() != 8 || nc == 0)
    return std::unexpected(bad_credentials());
  Millis now = clock_.now();
  auto expiry = nonce_expiry(nonce);
  if (!expiry || *expiry <= now)
    return std::unexpected(
        make_error(Errc::unauthenticated, "The Digest nonce has expired.").with_reason(reason::digest_stale));
  std::lock_guard lock(mu_);
  // Expired nonces are swept once the table is large, at most once a second,
  // so a table of many live nonces is not scanned on every request.
  if (nonces_.size() > 4096 && now >= next_sweep_) {
    std::erase_if(nonces_, [&](const auto& entry) { return entry.second.expires <= now; });
    next_sweep_ = now + 1000;
  }
  auto [it, added] = nonces_.try_emplace(nonce, NonceState{*expiry, 0});
  if (nc <= it->second.last_nc)
    return std::unexpected(make_error(Errc::unauthenticated, "The Digest nonce count was used before.")
                               .with_reason(reason::digest_replayed));
  it->second.last_nc = nc;
  return {};
}

Result<Caller> ApiKeyService::authenticate(const DigestCredentials& c, std::string_view method,
                                           std::string_view correlation_id) {
  if (c.realm != kDigestRealm || c.qop != "auth" || (!c.algorithm.empty() && c.algorithm != "MD5") ||
      c.username.empty() || c.response.size() != 32 || c.cnonce.empty())
    return std::unexpected(bad_credentials());
  auto found = RP_TRY(store_.find_api_key(c.username));
  // An unknown key costs the same hashing as a known one.
  std::string ha1 = found ? found->second.ha1 : md5_hex(c.username + ":" + c.realm + ":");
  std::string ha2 = md5_hex(std::string(method) + ":" + c.uri);
  std::string expected = md5_hex(ha1 + ":" + c.nonce + ":" + c.nc + ":" + c.cnonce + ":" + c.qop + ":" + ha2);
  bool match = constant_time_equal(expected, c.response);
  if (!found || !match) return std::unexpected(bad_credentials());
  RP_CHECK(use_nonce(c.nonce, c.nc));
  const auto& [org, key] = *found;
  Caller caller;
  caller.org = org;
  caller.subject_id = key.id;
  caller.subject_type = store::SubjectType::api_key;
  caller.token_hash = "apiKey:" + key.id;
  caller.correlation_id = std::string(correlation_id);
  return caller;
}

}  // namespace rp::service
