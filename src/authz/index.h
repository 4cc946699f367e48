#pragma once
// The compiled, immutable authorization index of one organization. It answers
// "does subject S hold permission P in division D" and "in which divisions
// does S hold P" from memory, without I/O.
//
// Layout: every role's policies are expanded once against the catalog into a
// bitset of permission ids (wildcards resolved at build time). A subject keeps
// its grants as (role, division) pairs, so a check walks the subject's few
// grants and tests one bit each. Organization-wide (not division-aware)
// permissions are held if any grant carries them.
//
// Thread safety: an OrgIndex is never mutated after build(); share it freely.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "authz/catalog.h"

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

  const Catalog& catalog() const { return *catalog_; }

 private:
  static constexpr std::uint32_t kAll = UINT32_MAX;
  struct SubjectGrant {
    std::uint32_t role;      // index into role_bits_
    std::uint32_t division;  // index into division_names_, or kAll
  };
  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using SubjectMap =
      std::unordered_map<std::string, std::vector<SubjectGrant>, StringHash, std::equal_to<>>;

  bool role_has(std::uint32_t role, PermissionId p) const {
    return (role_bits_[role * words_ + p / 64] >> (p % 64)) & 1u;
  }
  const std::vector<SubjectGrant>* grants_of(std::string_view subject) const;

  const Catalog* catalog_ = nullptr;
  std::size_t words_ = 0;                  // 64-bit words per role bitset
  std::vector<std::uint64_t> role_bits_;   // roles x words_
  std::vector<std::string> division_names_;
  std::unordered_map<std::string, std::uint32_t, StringHash, std::equal_to<>> division_ids_;
  SubjectMap subjects_;
};

}  // namespace rp::authz
