#include "api/genesys/authorization/role_json.h"

#include <boost/json.hpp>

#include "api/genesys/body.h"
#include "core/strings.h"

namespace rp::api::genesys {
namespace json = boost::json;
namespace {

json::array strings(const std::vector<std::string>& v) {
  json::array a;
  for (const auto& s : v) a.emplace_back(s);
  return a;
}

json::object domain_role(const store::Role& r) { return {{"id", r.id}, {"name", r.name}}; }

json::array policies_json(const std::vector<store::Policy>& ps) {
  json::array a;
  for (const auto& p : ps) a.push_back(policy_json(p));
  return a;
}

Result<std::vector<std::string>> string_list(const json::value& v, const std::string& field) {
  if (!v.is_array()) return invalid(field, field + " must be an array of strings");
  std::vector<std::string> out;
  const auto& a = v.as_array();
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (!a[i].is_string()) return invalid(field + "[" + std::to_string(i) + "]", field + " must hold strings only");
    out.emplace_back(a[i].as_string());
  }
  return out;
}

Result<store::Policy> parse_policy(const json::value& v, const std::string& field) {
  if (!v.is_object()) return invalid(field, field + " must be an object");
  const auto& o = v.as_object();
  store::Policy p;
  p.domain = RP_TRY(optional_string(o, "domain", field)).value_or("");
  p.entity = RP_TRY(optional_string(o, "entityName", field)).value_or("");
  if (auto it = o.find("actionSet"); it != o.end() && !it->value().is_null())
    p.actions = RP_TRY(string_list(it->value(), field + ".actionSet"));
  if (auto it = o.find("resourceConditionNode"); it != o.end() && !it->value().is_null()) {
    if (!it->value().is_object())
      return invalid(field + ".resourceConditionNode", field + ".resourceConditionNode must be an object");
    p.condition_json = json::serialize(it->value());
  }
  return p;
}

}  // namespace

json::object policy_json(const store::Policy& p) {
  json::object o;
  o["domain"] = p.domain;
  o["entityName"] = p.entity;
  o["actionSet"] = strings(p.actions);
  o["allowConditions"] = !p.condition_json.empty();
  if (!p.condition_json.empty()) {
    boost::system::error_code ec;
    auto node = json::parse(p.condition_json, ec);
    if (!ec) o["resourceConditionNode"] = std::move(node);
  }
  return o;
}

json::object role_json(const service::RoleView& v, RoleShape shape) {
  const store::Role& r = v.role;
  json::object o;
  o["id"] = r.id;
  o["name"] = r.name;
  o["description"] = r.description;
  if (!r.default_role_id.empty()) o["defaultRoleId"] = r.default_role_id;
  o["permissions"] = strings(service::permission_strings(r.policies));
  if (shape.unused_permissions) o["unusedPermissions"] = strings(service::unused_permissions(r.policies));
  o["permissionPolicies"] = policies_json(r.policies);
  if (shape.user_count) o["userCount"] = v.user_count;
  o["roleNeedsUpdate"] = r.needs_update;
  o["default"] = !r.default_role_id.empty();
  o["base"] = r.base;
  o["selfUri"] = "/api/v2/authorization/roles/" + r.id;
  return o;
}

json::object default_role_json(const store::Role& r) {
  json::object o;
  o["name"] = r.name;
  o["description"] = r.description;
  o["defaultRoleId"] = r.default_role_id;
  o["permissions"] = strings(service::permission_strings(r.policies));
  o["permissionPolicies"] = policies_json(r.policies);
  o["roleNeedsUpdate"] = false;
  o["default"] = true;
  o["base"] = false;
  return o;
}

json::object difference_json(const service::RoleDifference& d) {
  json::object o;
  o["removedPermissionPolicies"] = policies_json(d.removed);
  o["addedPermissionPolicies"] = policies_json(d.added);
  o["samePermissionPolicies"] = policies_json(d.same);
  o["userOrgRole"] = role_json(d.user_role);
  o["roleFromDefault"] = default_role_json(d.from_default);
  return o;
}

json::object user_authorization_json(const service::UserRoles& u) {
  json::array roles, unused, policies;
  for (const auto& r : u.roles) roles.push_back(domain_role(r));
  for (const auto& r : u.unused) unused.push_back(domain_role(r));
  for (const auto& p : u.policies) {
    auto o = policy_json(p);
    o["actionSetKey"] = join(p.actions, ",");
    policies.push_back(std::move(o));
  }
  json::object o;
  o["roles"] = std::move(roles);
  o["unusedRoles"] = std::move(unused);
  o["permissions"] = strings(u.permissions);
  o["permissionPolicies"] = std::move(policies);
  return o;
}

Result<service::RoleInput> parse_role_input(const json::object& body) {
  service::RoleInput in;
  in.name = RP_TRY(optional_string(body, "name")).value_or("");
  in.description = RP_TRY(optional_string(body, "description")).value_or("");
  if (auto it = body.find("permissionPolicies"); it != body.end() && !it->value().is_null()) {
    if (!it->value().is_array()) return invalid("permissionPolicies", "permissionPolicies must be an array");
    const auto& a = it->value().as_array();
    for (std::size_t i = 0; i < a.size(); ++i)
      in.policies.push_back(RP_TRY(parse_policy(a[i], "permissionPolicies[" + std::to_string(i) + "]")));
  }
  if (auto it = body.find("permissions"); it != body.end() && !it->value().is_null())
    in.permissions = RP_TRY(string_list(it->value(), "permissions"));
  return in;
}

}  // namespace rp::api::genesys
