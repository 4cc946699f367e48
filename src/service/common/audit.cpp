#include "service/common/audit.h"

#include "core/ids.h"
#include "core/strings.h"

namespace rp::service {

void Snapshot::key(std::string_view k) {
  if (body_.size() > 1) body_ += ',';
  body_ += '"';
  append_json_escaped(body_, k);
  body_ += "\":";
}

Snapshot& Snapshot::add(std::string_view k, std::string_view value) {
  key(k);
  body_ += '"';
  append_json_escaped(body_, value);
  body_ += '"';
  return *this;
}

Snapshot& Snapshot::add(std::string_view k, std::int64_t value) {
  key(k);
  body_ += std::to_string(value);
  return *this;
}

Snapshot& Snapshot::add(std::string_view k, bool value) {
  key(k);
  body_ += value ? "true" : "false";
  return *this;
}

Snapshot& Snapshot::add_raw(std::string_view k, std::string_view json) {
  key(k);
  body_ += json;
  return *this;
}

namespace {

std::string_view subject_type_name(store::SubjectType t) {
  switch (t) {
    case store::SubjectType::user: return "user";
    case store::SubjectType::client: return "client";
    case store::SubjectType::group: return "group";
    case store::SubjectType::api_key: return "apiKey";
  }
  return "user";
}

}  // namespace

std::string snapshot(const store::User& u) {
  std::string addresses = "[";
  for (const auto& c : u.addresses) {
    if (addresses.size() > 1) addresses += ',';
    addresses += Snapshot()
                     .add("address", c.address)
                     .add("mediaType", c.media_type)
                     .add("type", c.type)
                     .add("extension", c.extension)
                     .str();
  }
  addresses += ']';
  return Snapshot()
      .add("id", u.id)
      .add("name", u.name)
      .add("email", u.email)
      .add("username", u.username)
      .add("divisionId", u.division_id)
      .add("department", u.department)
      .add("title", u.title)
      .add("managerId", u.manager_id)
      .add("state", store::to_string(u.state))
      .add("version", u.version)
      .add("passwordSet", !u.password_hash.empty())
      .add("acdAutoAnswer", u.acd_auto_answer)
      .add_raw("addresses", addresses)
      .str();
}

std::string snapshot(const store::OAuthClient& c) {
  Snapshot s;
  s.add("id", c.id)
      .add("name", c.name)
      .add("description", c.description)
      .add("authorizedGrantType", c.grant_type)
      .add("registeredRedirectUri", join(c.redirect_uris, " "))
      .add("accessTokenValiditySeconds", c.token_validity_seconds)
      .add("state", store::to_string(c.state));
  if (c.date_to_delete) s.add("dateToDelete", to_iso8601(*c.date_to_delete));
  return s.str();
}

std::string snapshot(const store::Organization& o) {
  return Snapshot()
      .add("id", o.id)
      .add("name", o.name)
      .add("homeDivisionId", o.home_division_id)
      .add("atlasId", o.atlas_id)
      .str();
}

std::string snapshot(const store::Division& d) {
  return Snapshot()
      .add("id", d.id)
      .add("name", d.name)
      .add("description", d.description)
      .add("homeDivision", d.home)
      .str();
}

std::string snapshot(const store::Role& r) {
  std::string policies = "[";
  for (const auto& p : r.policies) {
    if (policies.size() > 1) policies += ',';
    const std::string actions = json_string_array(p.actions);
    Snapshot policy;
    policy.add("domain", p.domain).add("entityName", p.entity).add_raw("actionSet", actions);
    if (!p.condition_json.empty()) policy.add_raw("resourceConditionNode", p.condition_json);
    policies += policy.str();
  }
  policies += ']';
  return Snapshot()
      .add("id", r.id)
      .add("name", r.name)
      .add("description", r.description)
      .add("defaultRoleId", r.default_role_id)
      .add("roleNeedsUpdate", r.needs_update)
      .add_raw("permissionPolicies", policies)
      .str();
}

std::string snapshot(const store::Grant& g) {
  return Snapshot()
      .add("subjectId", g.subject_id)
      .add("subjectType", subject_type_name(g.subject_type))
      .add("roleId", g.role_id)
      .add("divisionId", g.division_id)
      .str();
}

store::AuditRecord audit_record(const Caller& caller, AuditEntry entry, Millis now) {
  store::AuditRecord r;
  r.id = new_uuid();
  r.actor_id = caller.subject_id;
  r.actor_type = std::string(subject_type_name(caller.subject_type));
  r.action = std::string(entry.action);
  r.entity_type = std::string(entry.entity_type);
  r.entity_id = std::string(entry.entity_id);
  r.before_json = std::move(entry.before);
  r.after_json = std::move(entry.after);
  r.correlation_id = caller.correlation_id;
  r.time = now;
  r.actor_org = caller.home_org.value.empty() ? caller.org.value : caller.home_org.value;
  r.client_id = caller.client_id;
  return r;
}

store::AuditRecord system_audit_record(AuditEntry entry, Millis now) {
  Caller system;
  system.subject_id = "system";
  auto r = audit_record(system, std::move(entry), now);
  r.actor_type = "system";
  return r;
}

}  // namespace rp::service
