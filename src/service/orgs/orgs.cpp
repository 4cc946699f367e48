#include "service/orgs/orgs.h"

#include <algorithm>

#include "authz/index.h"
#include "core/ids.h"
#include "core/strings.h"
#include "service/common/audit.h"
#include "service/common/crypto.h"
#include "service/org_roles/api_keys.h"
#include "service/roles/default_roles.h"
#include "service/roles/role_support.h"

namespace rp::service {
namespace {

// Inserts a client-credentials client holding `role_ids` in every division.
Result<NewClientCredentials> insert_client(store::ReadWriteTransaction& tx, const std::string& name,
                                           const std::vector<std::string>& role_ids, std::int64_t validity,
                                           Millis now) {
  NewClientCredentials creds{new_uuid(), new_secret()};
  store::OAuthClient c;
  c.id = creds.client_id;
  c.name = name;
  c.secret_hash = sha256_hex(creds.client_secret);
  c.grant_type = "CLIENT-CREDENTIALS";
  c.token_validity_seconds = validity;
  c.created_by = "system";
  c.created = c.modified = now;
  RP_CHECK(tx.insert_client(c));
  RP_CHECK(tx.insert_audit(system_audit_record({"oauthClient.create", "oauthClient", c.id, "", snapshot(c)}, now)));
  for (const auto& role_id : role_ids) {
    store::Grant g{c.id, store::SubjectType::client, role_id, std::string(authz::kAllDivisions), now};
    RP_CHECK(tx.insert_grant(g));
    RP_CHECK(tx.insert_audit(system_audit_record({"grant.add", "grant", c.id, "", snapshot(g)}, now)));
  }
  return creds;
}

}  // namespace

Result<BootstrapResult> OrgService::bootstrap(const std::string& raw_name) {
  std::string name(trim(raw_name));
  if (name.empty()) return invalid("org", "The organization name must not be empty");
  Millis now = clock_.now();
  store::Organization org{new_uuid(), name, new_uuid(), now, new_atlas_id()};
  BootstrapResult result{org.id, {}, org.atlas_id, "", ""};

  RP_CHECK(store_.create_organization(org, [&](store::ReadWriteTransaction& tx) -> Result<void> {
    RP_CHECK(
        tx.insert_audit(system_audit_record({"organization.create", "organization", org.id, "", snapshot(org)}, now)));
    store::Division home{org.home_division_id, "Home", "The organization's home division", true, now};
    RP_CHECK(tx.insert_division(home));
    RP_CHECK(tx.insert_audit(system_audit_record({"division.create", "division", home.id, "", snapshot(home)}, now)));
    std::string admin_role_id;
    for (const auto& def : default_roles()) {
      store::Role role = detail::role_from(def, now);
      if (def.id == "admin") admin_role_id = role.id;
      RP_CHECK(tx.insert_role(role));
      RP_CHECK(tx.insert_audit(system_audit_record({"role.create", "role", role.id, "", snapshot(role)}, now)));
    }
    result.client = RP_TRY(insert_client(tx, "Bootstrap administrator", {admin_role_id}, token_validity_, now));
    auto key = RP_TRY(insert_api_key(tx, nullptr, "Bootstrap organization owner", {"ORG_OWNER"}, now));
    result.atlas_public_key = key.view.key.public_key;
    result.atlas_private_key = key.private_key;
    return {};
  }));
  RP_CHECK(access_.refresh(OrgId(org.id)));
  return result;
}

Result<NewClientCredentials> OrgService::create_client(const OrgId& org, const std::string& name,
                                                       const std::vector<std::string>& role_names) {
  if (trim(name).empty()) return invalid("name", "The client name must not be empty");
  NewClientCredentials creds;
  RP_CHECK(store_.write(org, [&](store::ReadWriteTransaction& tx) -> Result<void> {
    auto roles = RP_TRY(tx.list_roles());
    std::vector<std::string> ids;
    for (const auto& wanted : role_names) {
      auto it = std::find_if(roles.begin(), roles.end(), [&](const store::Role& r) { return r.name == wanted; });
      if (it == roles.end()) return invalid("role", "The organization has no role named [" + wanted + "]");
      ids.push_back(it->id);
    }
    creds = RP_TRY(insert_client(tx, name, ids, token_validity_, clock_.now()));
    return {};
  }));
  RP_CHECK(access_.refresh(org));
  return creds;
}

}  // namespace rp::service
