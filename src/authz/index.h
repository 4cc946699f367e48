#pragma once
// The compiled, immutable authorization index of one organization. It answers
// "does subject S hold permission P in division D" and "in which divisions
// does S hold P" from memory, without I/O.
//
// Layout: every role's policies are expanded once against the catalog into a
// bitset of permission ids (wildcards resolved at build time). A subject keeps
// its grants as (role, division) pairs in a flat hash table, so a check hashes
// the subject once, walks its few grants and tests one bit each.
// Organization-wide (not division-aware) permissions are held if any grant
// carries them.
//
// Patching: with_role(), without_role() and with_subject_grants() return a new
// index that shares every table the change does not touch with this one. The
// subjects are split into shards by hash; a subject patch copies one shard,
// a role patch copies only the role bitsets. Both answer exactly as an index
// built from scratch from the changed input would.
//
// Grants of a role id that no role defines are kept (they hold nothing) so
// that defining that role later is a role patch; a subject whose grants all
// name such roles is not known.
//
// Thread safety: an OrgIndex is never mutated after it is made; share it freely.

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "authz/catalog.h"
#include "authz/flat_table.h"

namespace rp::authz {

// The division id that stands for every division of the organization.
inline constexpr std::string_view kAllDivisions = "*";

struct PolicyDef {
  std::string domain;
  std::string entity;
  std::vector<std::string> actions;
};

struct RoleDef {
  std::string id;
  std::vector<PolicyDef> policies;
};

struct GrantDef {
  std::string subject_id;
  std::string role_id;
  std::string division_id;  // or kAllDivisions
};

struct IndexInput {
  std::vector<RoleDef> roles;
  std::vector<GrantDef> grants;
};

// Where a subject holds a permission.
struct DivisionScope {
  bool all = false;                    // in every division (or org-wide permission)
  std::vector<std::string> divisions;  // otherwise these, sorted
};

// Sizes of an index, for benchmarks and diagnostics.
struct IndexStats {
  std::size_t roles = 0;  // role slots, including ids only grants name
  std::size_t subjects = 0;
  std::size_t divisions = 0;
  std::size_t shards = 0;
  std::size_t bytes = 0;  // approximate memory of the tables
};

class OrgIndex {
 public:
  static std::shared_ptr<const OrgIndex> build(const IndexInput& input, const Catalog& catalog);

  // Holds `p` in `division` (or anywhere, for organization-wide permissions).
  bool check(std::string_view subject, PermissionId p, std::string_view division) const;
  // Holds `p` in at least one division.
  bool holds_anywhere(std::string_view subject, PermissionId p) const;
  DivisionScope divisions(std::string_view subject, PermissionId p) const;
  bool knows_subject(std::string_view subject) const;
  // Every permission id `subject` holds somewhere.
  std::vector<PermissionId> permissions_of(std::string_view subject) const;

  // This index with `role` defined as given (created or replaced).
  std::shared_ptr<const OrgIndex> with_role(const RoleDef& role) const;
  // This index without the role `role_id`: its grants hold nothing.
  std::shared_ptr<const OrgIndex> without_role(std::string_view role_id) const;
  // This index with `subject`'s grants replaced by `grants` (their subject_id
  // is not read); no grants removes the subject.
  std::shared_ptr<const OrgIndex> with_subject_grants(std::string_view subject, std::span<const GrantDef> grants) const;

  IndexStats stats() const;
  // True once patches have grown the subject shards to several times the
  // size build() aims at, so that each subject patch copies a large shard;
  // building the index again restores the target size.
  bool overgrown() const;
  const Catalog& catalog() const { return *catalog_; }

 private:
  static constexpr std::uint32_t kAll = UINT32_MAX;          // the division of an all-divisions grant
  static constexpr std::uint32_t kNowhere = UINT32_MAX - 1;  // a division no grant names

  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using IdMap = std::unordered_map<std::string, std::uint32_t, StringHash, std::equal_to<>>;

  // Role ids by slot; grows when a new role id appears.
  struct RoleIds {
    IdMap slots;
  };
  // Per role slot: its permission bitset (words_ words) and whether a role defines it.
  struct RoleBits {
    std::vector<std::uint64_t> bits;
    std::vector<std::uint8_t> defined;
  };
  struct Divisions {
    std::vector<std::string> names;
    FlatTable table;  // name -> [number]
  };

  OrgIndex() = default;

  bool role_has(std::uint32_t role, PermissionId p) const {
    return (role_bits_[static_cast<std::size_t>(role) * words_ + p / 64] >> (p % 64)) & 1u;
  }
  // The subject's grants as (role, division) word pairs; empty if unknown.
  std::span<const std::uint32_t> grants_of(std::string_view subject) const {
    const std::uint64_t h = hash_key(subject);
    auto found = shards_[shard_of(h)]->find(subject, h);
    return found ? *found : std::span<const std::uint32_t>{};
  }
  std::size_t shard_of(std::uint64_t hash) const { return (hash >> 48) & shard_mask_; }
  std::uint32_t division_number(std::string_view division) const {
    auto found = divisions_->table.find(division, hash_key(division));
    return found ? (*found)[0] : kNowhere;
  }
  void expand(const RoleDef& role, std::uint64_t* bits) const;
  void set_role_bits(std::shared_ptr<const RoleBits> bits);
  std::shared_ptr<OrgIndex> copy() const;

  const Catalog* catalog_ = nullptr;
  std::size_t words_ = 0;  // 64-bit words per role bitset
  std::shared_ptr<const RoleIds> role_ids_;
  std::shared_ptr<const RoleBits> roles_;
  const std::uint64_t* role_bits_ = nullptr;  // roles_->bits.data()
  std::shared_ptr<const Divisions> divisions_;
  std::uint64_t shard_mask_ = 0;  // shards_.size() - 1 (a power of two)
  std::vector<std::shared_ptr<const FlatTable>> shards_;
};

}  // namespace rp::authz
