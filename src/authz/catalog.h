#pragma once
// The permission catalog: every permission roleplane knows, with its label and
// whether it is division-aware (held per division) or organization-wide. Role
// policies are expanded against it when an organization's index is compiled,
// and a policy that matches nothing in it is rejected by the services.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "authz/permission.h"

namespace rp::authz {

using PermissionId = std::uint32_t;

struct CatalogEntry {
  std::string_view domain;
  std::string_view entity;
  std::string_view action;
  std::string_view label;
  bool division_aware;
};

class Catalog {
 public:
  // The built-in catalog.
  static const Catalog& builtin();

  std::span<const CatalogEntry> entries() const { return entries_; }
  std::size_t size() const { return entries_.size(); }
  const CatalogEntry& at(PermissionId id) const { return entries_[id]; }
  // The id of an exact (wildcard-free) permission, if the catalog has it.
  std::optional<PermissionId> find(const Permission& p) const;
  std::optional<PermissionId> find(std::string_view permission) const;
  // True if the policy pattern (with '*' parts) matches at least one entry.
  bool matches_any(const Permission& pattern) const;

  explicit Catalog(std::span<const CatalogEntry> entries) : entries_(entries) {}

 private:
  std::span<const CatalogEntry> entries_;
};

}  // namespace rp::authz
