#include "service/roles/default_roles.h"

#include "service/common/crypto.h"

namespace rp::service {
namespace {

store::Policy policy(std::string domain, std::string entity, std::vector<std::string> actions) {
  return store::Policy{std::move(domain), std::move(entity), std::move(actions), ""};
}

std::vector<store::Policy> plus(std::vector<store::Policy> base, std::vector<store::Policy> more) {
  for (auto& p : more) base.push_back(std::move(p));
  return base;
}

std::vector<DefaultRole> build() {
  std::vector<store::Policy> employee = {
      policy("directory", "user", {"view"}),
      policy("directory", "organization", {"view"}),
      policy("authorization", "division", {"view"}),
  };
  std::vector<store::Policy> supervisor = plus(employee, {policy("directory", "user", {"add", "edit"})});

  // Atlas: a member sees the organization, its people, teams and roles.
  std::vector<store::Policy> member = {
      policy("directory", "organization", {"view"}), policy("directory", "user", {"view"}),
      policy("directory", "userProfile", {"view"}),  policy("authorization", "division", {"view"}),
      policy("authorization", "role", {"view"}),
  };
  std::vector<store::Policy> billing_view = {policy("billing", "invoice", {"view"})};
  std::vector<store::Policy> billing_edit = {policy("billing", "invoice", {"view", "edit"})};

  return {
      {"admin", "admin", "Full administrative access to the organization", {policy("*", "*", {"*"})}},
      {"employee", "employee", "Basic access for every member of the organization", employee},
      {"supervisor", "supervisor", "Employee access plus creating and editing users", supervisor},
      {"ORG_OWNER",
       "ORG_OWNER",
       "Atlas Organization Owner: full administrative access to the organization",
       {policy("*", "*", {"*"})}},
      {"ORG_MEMBER", "ORG_MEMBER", "Atlas Organization Member: read access to the organization, its users and roles",
       member},
      {"ORG_GROUP_CREATOR", "ORG_GROUP_CREATOR",
       "Atlas Organization Project Creator: member access plus creating groups",
       plus(member, {policy("directory", "group", {"add"})})},
      {"ORG_BILLING_ADMIN", "ORG_BILLING_ADMIN",
       "Atlas Organization Billing Admin: member access plus managing billing", plus(member, billing_edit)},
      {"ORG_BILLING_READ_ONLY", "ORG_BILLING_READ_ONLY",
       "Atlas Organization Billing Viewer: member access plus viewing billing", plus(member, billing_view)},
      {"ORG_READ_ONLY",
       "ORG_READ_ONLY",
       "Atlas Organization Read Only: view access to everything in the organization",
       {policy("*", "*", {"view"})}},
  };
}

}  // namespace

std::string definition_hash(const DefaultRole& def) {
  std::string text = def.id + '\n' + def.name + '\n' + def.description + '\n';
  for (const auto& p : def.policies) {
    text += p.domain + ':' + p.entity + ':';
    for (const auto& a : p.actions) text += a + ',';
    text += '|' + p.condition_json + '\n';
  }
  return sha256_hex(text);
}

const std::vector<DefaultRole>& default_roles() {
  static const std::vector<DefaultRole> roles = build();
  return roles;
}

const DefaultRole* find_default_role(std::string_view id) {
  for (const auto& d : default_roles())
    if (d.id == id) return &d;
  return nullptr;
}

}  // namespace rp::service
