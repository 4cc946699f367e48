#pragma once
// The permission catalog: every permission roleplane knows, with its label,
// whether it is division-aware (held per division) or organization-wide, and
// whether a policy on it may carry resource conditions. Role policies are
// expanded against it when an organization's index is compiled, and a policy
// that matches nothing in it is rejected by the services.
//
// Products: each permission domain belongs to one product. Every organization
// has every product enabled; GET /api/v2/authorization/products lists them.
//
//   product          domains
//   collaborateFree  admin, authorization, directory, oauth
//   billing          billing
//   communicate      conversation, telephony
//   engage           analytics, routing

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>

#include "authz/permission.h"

namespace rp::authz {

using PermissionId = std::uint32_t;

struct CatalogEntry {
  std::string_view domain;
  std::string_view entity;
  std::string_view action;
  std::string_view label;
  bool division_aware;
  bool allows_conditions;
};

struct Product {
  std::string_view id;
  std::span<const std::string_view> domains;
};

class Catalog {
 public:
  // The built-in catalog.
  static const Catalog& builtin();

  std::span<const CatalogEntry> entries() const { return entries_; }
  std::size_t size() const { return entries_.size(); }
  const CatalogEntry& at(PermissionId id) const { return entries_[id]; }
  // The id of an exact (wildcard-free) permission, if the catalog has it. O(1).
  std::optional<PermissionId> find(const Permission& p) const;
  std::optional<PermissionId> find(std::string_view permission) const;
  // True if the policy pattern (with '*' parts) matches at least one entry.
  bool matches_any(const Permission& pattern) const;
  // The products, sorted by id; every domain of the catalog is in one of them.
  std::span<const Product> products() const { return products_; }

  // `entries` and `products` must outlive the catalog.
  explicit Catalog(std::span<const CatalogEntry> entries, std::span<const Product> products = {});

 private:
  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  std::span<const CatalogEntry> entries_;
  std::span<const Product> products_;
  // "domain:entity:action" -> id
  std::unordered_map<std::string, PermissionId, StringHash, std::equal_to<>> by_name_;
};

}  // namespace rp::authz
