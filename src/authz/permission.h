#pragma once
// Permission strings are "domain:entity:action". Policies may use '*' for any
// part. The legacy bare permission "admin" (listed by a few Genesys endpoints)
// is the catalog entry "admin:*:*": a policy on domain "admin" or the full
// wildcard "*:*:*" grants it.

#include <optional>
#include <string>
#include <string_view>

namespace rp::authz {

struct Permission {
  std::string domain;
  std::string entity;
  std::string action;

  std::string str() const;
  bool operator==(const Permission&) const = default;
};

// Parses "domain:entity:action" (or a bare domain such as "admin", read as
// "admin:*:*"). nullopt when a part is empty or there are more than three.
std::optional<Permission> parse_permission(std::string_view s);

// True if pattern part `p` (possibly "*") covers value part `v`.
inline bool part_matches(std::string_view p, std::string_view v) { return p == "*" || p == v; }

}  // namespace rp::authz
