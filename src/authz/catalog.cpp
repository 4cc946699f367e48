#include "authz/catalog.h"

#include <array>

namespace rp::authz {
namespace {

// domain, entity, action, label, division-aware, allows conditions. Sorted
// by domain, then entity. The billing entries and directory:group:view and
// directory:project:* serve the organization roles of the Atlas dialect.
constexpr CatalogEntry kEntries[] = {
    {"admin", "*", "*", "Legacy administrator permission", false, false},
    {"analytics", "queueObservation", "view", "View queue observations", true, true},
    {"analytics", "userAggregate", "view", "View user aggregates", true, true},
    {"analytics", "userDetail", "view", "View user details", true, true},
    {"analytics", "userObservation", "view", "View user observations", true, true},
    {"authorization", "audit", "view", "View authorization audits", false, false},
    {"authorization", "division", "view", "View divisions", false, false},
    {"authorization", "division", "add", "Create divisions", false, false},
    {"authorization", "division", "edit", "Edit divisions", false, false},
    {"authorization", "division", "delete", "Delete divisions", false, false},
    {"authorization", "grant", "view", "View grants", false, false},
    {"authorization", "grant", "add", "Add grants", false, false},
    {"authorization", "grant", "delete", "Delete grants", false, false},
    {"authorization", "orgTrustee", "view", "View trustee organizations", false, false},
    {"authorization", "orgTrustee", "add", "Add trustee organizations", false, false},
    {"authorization", "orgTrustee", "edit", "Edit trustee organizations", false, false},
    {"authorization", "orgTrustee", "delete", "Delete trustee organizations", false, false},
    {"authorization", "orgTrusteeGroup", "view", "View trustee groups", false, false},
    {"authorization", "orgTrusteeGroup", "add", "Add trustee groups", false, false},
    {"authorization", "orgTrusteeGroup", "edit", "Edit trustee groups", false, false},
    {"authorization", "orgTrusteeGroup", "delete", "Delete trustee groups", false, false},
    {"authorization", "orgTrusteeUser", "view", "View trustee users", false, false},
    {"authorization", "orgTrusteeUser", "add", "Add trustee users", false, false},
    {"authorization", "orgTrusteeUser", "edit", "Edit trustee users", false, false},
    {"authorization", "orgTrusteeUser", "delete", "Delete trustee users", false, false},
    {"authorization", "orgTrustor", "view", "View trustor organizations", false, false},
    {"authorization", "orgTrustor", "delete", "Delete trustor organizations", false, false},
    {"authorization", "role", "view", "View roles", false, false},
    {"authorization", "role", "add", "Create roles", false, false},
    {"authorization", "role", "edit", "Edit roles", false, false},
    {"authorization", "role", "delete", "Delete roles", false, false},
    {"billing", "invoice", "view", "View invoices and billing details", false, false},
    {"billing", "invoice", "edit", "Edit billing details and pay invoices", false, false},
    {"conversation", "callForwarding", "view", "View call forwarding", true, false},
    {"conversation", "callForwarding", "edit", "Edit call forwarding", true, false},
    {"directory", "group", "view", "View groups", true, false},
    {"directory", "group", "add", "Create groups", true, false},
    {"directory", "group", "edit", "Edit groups", true, false},
    {"directory", "group", "delete", "Delete groups", true, false},
    {"directory", "organization", "admin", "Administer the organization directory", false, false},
    {"directory", "organization", "view", "View the organization", false, false},
    {"directory", "project", "view", "View projects", false, false},
    {"directory", "project", "add", "Create projects", false, false},
    {"directory", "user", "view", "View users", true, false},
    {"directory", "user", "add", "Create users", true, false},
    {"directory", "user", "edit", "Edit users", true, false},
    {"directory", "user", "delete", "Delete users", true, false},
    {"directory", "user", "setPassword", "Set user passwords", true, false},
    {"directory", "userProfile", "view", "View user profiles", true, false},
    {"directory", "userProfile", "edit", "Edit user profiles", true, false},
    {"oauth", "client", "view", "View OAuth clients", false, false},
    {"oauth", "client", "add", "Create OAuth clients", false, false},
    {"oauth", "client", "edit", "Edit OAuth clients", false, false},
    {"oauth", "client", "delete", "Delete OAuth clients", false, false},
    {"oauth", "token", "delete", "Revoke tokens", false, false},
    {"presence", "presenceDefinition", "view", "View presence definitions", false, false},
    {"presence", "presenceDefinition", "add", "Create presence definitions", false, false},
    {"presence", "presenceDefinition", "edit", "Edit presence definitions", false, false},
    {"presence", "presenceDefinition", "delete", "Delete presence definitions", false, false},
    {"presence", "userPresence", "edit", "Set other users' presence and routing status", true, false},
    {"routing", "language", "assign", "Assign routing languages", true, false},
    {"routing", "queue", "view", "View queues", true, true},
    {"routing", "queue", "add", "Create queues", true, true},
    {"routing", "queue", "edit", "Edit queues", true, true},
    {"routing", "queue", "delete", "Delete queues", true, true},
    {"routing", "queue", "readonly", "View queue configuration", true, true},
    {"routing", "queue", "join", "Join queues", true, true},
    {"routing", "queueMember", "manage", "Manage queue members", true, true},
    {"routing", "skill", "assign", "Assign routing skills", true, false},
    {"routing", "skill", "manage", "Manage routing skills", true, false},
    {"routing", "skill", "view", "View routing skills", true, false},
    {"routing", "skill", "create", "Create routing skills", true, false},
    {"routing", "skill", "delete", "Delete routing skills", true, false},
    {"routing", "skill", "update", "Update routing skills", true, false},
    {"telephony", "otherStationAssociation", "view", "View other users' stations", true, false},
    {"telephony", "otherStationAssociation", "edit", "Edit other users' stations", true, false},
    {"telephony", "phone", "assign", "Assign phones", true, false},
    {"telephony", "plugin", "all", "Telephony plugin", false, false},
    {"telephony", "station", "disassociate", "Disassociate stations", true, false},
};

constexpr std::string_view kCollaborateFree[] = {"admin", "authorization", "directory", "oauth", "presence"};
constexpr std::string_view kBilling[] = {"billing"};
constexpr std::string_view kCommunicate[] = {"conversation", "telephony"};
constexpr std::string_view kEngage[] = {"analytics", "routing"};

constexpr Product kProducts[] = {
    {"billing", kBilling},
    {"collaborateFree", kCollaborateFree},
    {"communicate", kCommunicate},
    {"engage", kEngage},
};

std::string key(std::string_view domain, std::string_view entity, std::string_view action) {
  std::string k;
  k.reserve(domain.size() + entity.size() + action.size() + 2);
  k.append(domain).append(1, ':').append(entity).append(1, ':').append(action);
  return k;
}

}  // namespace

Catalog::Catalog(std::span<const CatalogEntry> entries, std::span<const Product> products)
    : entries_(entries), products_(products) {
  by_name_.reserve(entries.size());
  for (std::size_t i = 0; i < entries.size(); ++i)
    by_name_.emplace(key(entries[i].domain, entries[i].entity, entries[i].action), static_cast<PermissionId>(i));
}

const Catalog& Catalog::builtin() {
  static const Catalog catalog{std::span<const CatalogEntry>(kEntries), std::span<const Product>(kProducts)};
  return catalog;
}

std::optional<PermissionId> Catalog::find(const Permission& p) const {
  auto it = by_name_.find(key(p.domain, p.entity, p.action));
  if (it == by_name_.end()) return std::nullopt;
  return it->second;
}

std::optional<PermissionId> Catalog::find(std::string_view permission) const {
  if (permission.find(':') == std::string_view::npos) {
    if (permission.empty()) return std::nullopt;
    auto it = by_name_.find(key(permission, "*", "*"));
    return it == by_name_.end() ? std::nullopt : std::optional<PermissionId>(it->second);
  }
  auto it = by_name_.find(permission);
  return it == by_name_.end() ? std::nullopt : std::optional<PermissionId>(it->second);
}

bool Catalog::matches_any(const Permission& pattern) const {
  for (const auto& e : entries_)
    if (part_matches(pattern.domain, e.domain) && part_matches(pattern.entity, e.entity) &&
        part_matches(pattern.action, e.action))
      return true;
  return false;
}

}  // namespace rp::authz
