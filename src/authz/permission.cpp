#include "authz/permission.h"

#include "core/strings.h"

namespace rp::authz {

std::string Permission::str() const {
  if (entity == "*" && action == "*" && domain == "admin") return domain;
  return domain + ':' + entity + ':' + action;
}

std::optional<Permission> parse_permission(std::string_view s) {
  auto parts = split(s, ':');
  if (parts.size() == 1 && !parts[0].empty()) return Permission{std::string(parts[0]), "*", "*"};
  if (parts.size() != 3) return std::nullopt;
  for (auto p : parts)
    if (p.empty()) return std::nullopt;
  return Permission{std::string(parts[0]), std::string(parts[1]), std::string(parts[2])};
}

}  // namespace rp::authz
