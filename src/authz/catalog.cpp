#include "authz/catalog.h"

#include <array>

namespace rp::authz {
namespace {

// domain, entity, action, label, division-aware
constexpr CatalogEntry kEntries[] = {
    {"admin", "*", "*", "Legacy administrator permission", false},
    {"analytics", "userAggregate", "view", "View user aggregates", true},
    {"analytics", "userDetail", "view", "View user details", true},
    {"analytics", "userObservation", "view", "View user observations", true},
    {"authorization", "audit", "view", "View authorization audits", false},
    {"authorization", "division", "view", "View divisions", false},
    {"authorization", "division", "add", "Create divisions", false},
    {"authorization", "division", "edit", "Edit divisions", false},
    {"authorization", "division", "delete", "Delete divisions", false},
    {"authorization", "grant", "view", "View grants", false},
    {"authorization", "grant", "add", "Add grants", false},
    {"authorization", "grant", "delete", "Delete grants", false},
    {"authorization", "orgTrustee", "view", "View trustee organizations", false},
    {"authorization", "orgTrustee", "add", "Add trustee organizations", false},
    {"authorization", "orgTrustee", "edit", "Edit trustee organizations", false},
    {"authorization", "orgTrustee", "delete", "Delete trustee organizations", false},
    {"authorization", "orgTrusteeGroup", "view", "View trustee groups", false},
    {"authorization", "orgTrusteeGroup", "add", "Add trustee groups", false},
    {"authorization", "orgTrusteeGroup", "edit", "Edit trustee groups", false},
    {"authorization", "orgTrusteeGroup", "delete", "Delete trustee groups", false},
    {"authorization", "orgTrusteeUser", "view", "View trustee users", false},
    {"authorization", "orgTrusteeUser", "add", "Add trustee users", false},
    {"authorization", "orgTrusteeUser", "edit", "Edit trustee users", false},
    {"authorization", "orgTrusteeUser", "delete", "Delete trustee users", false},
    {"authorization", "orgTrustor", "view", "View trustor organizations", false},
    {"authorization", "orgTrustor", "delete", "Delete trustor organizations", false},
    {"authorization", "role", "view", "View roles", false},
    {"authorization", "role", "add", "Create roles", false},
    {"authorization", "role", "edit", "Edit roles", false},
    {"authorization", "role", "delete", "Delete roles", false},
    {"conversation", "callForwarding", "view", "View call forwarding", true},
    {"conversation", "callForwarding", "edit", "Edit call forwarding", true},
    {"directory", "group", "add", "Create groups", true},
    {"directory", "group", "edit", "Edit groups", true},
    {"directory", "group", "delete", "Delete groups", true},
    {"directory", "organization", "admin", "Administer the organization directory", false},
    {"directory", "organization", "view", "View the organization", false},
    {"directory", "user", "view", "View users", true},
    {"directory", "user", "add", "Create users", true},
    {"directory", "user", "edit", "Edit users", true},
    {"directory", "user", "delete", "Delete users", true},
    {"directory", "user", "setPassword", "Set user passwords", true},
    {"directory", "userProfile", "view", "View user profiles", true},
    {"directory", "userProfile", "edit", "Edit user profiles", true},
    {"oauth", "client", "view", "View OAuth clients", false},
    {"oauth", "client", "add", "Create OAuth clients", false},
    {"oauth", "client", "edit", "Edit OAuth clients", false},
    {"oauth", "client", "delete", "Delete OAuth clients", false},
    {"oauth", "token", "delete", "Revoke tokens", false},
    {"routing", "language", "assign", "Assign routing languages", true},
    {"routing", "queue", "view", "View queues", true},
    {"routing", "queue", "join", "Join queues", true},
    {"routing", "queueMember", "manage", "Manage queue members", true},
    {"routing", "skill", "assign", "Assign routing skills", true},
    {"telephony", "otherStationAssociation", "view", "View other users' stations", true},
    {"telephony", "otherStationAssociation", "edit", "Edit other users' stations", true},
    {"telephony", "phone", "assign", "Assign phones", true},
    {"telephony", "plugin", "all", "Telephony plugin", false},
    {"telephony", "station", "disassociate", "Disassociate stations", true},
};

}  // namespace

const Catalog& Catalog::builtin() {
  static const Catalog catalog{std::span<const CatalogEntry>(kEntries)};
  return catalog;
}

std::optional<PermissionId> Catalog::find(const Permission& p) const {
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    const auto& e = entries_[i];
    if (e.domain == p.domain && e.entity == p.entity && e.action == p.action)
      return static_cast<PermissionId>(i);
  }
  return std::nullopt;
}

std::optional<PermissionId> Catalog::find(std::string_view permission) const {
  auto p = parse_permission(permission);
  if (!p) return std::nullopt;
  return find(*p);
}

bool Catalog::matches_any(const Permission& pattern) const {
  for (const auto& e : entries_)
    if (part_matches(pattern.domain, e.domain) && part_matches(pattern.entity, e.entity) &&
        part_matches(pattern.action, e.action))
      return true;
  return false;
}

}  // namespace rp::authz
