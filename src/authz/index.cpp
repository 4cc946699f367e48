// OrgIndex: compiling an organization's roles and grants, and the queries.
// The patches are in index_patch.cpp.

#include <algorithm>
#include <bit>
#include <tuple>

#include "authz/index.h"

namespace rp::authz {
namespace {

// Subjects per shard that the shard count aims at, and the most shards an
// index has: a subject patch copies one shard.
constexpr std::size_t kSubjectsPerShard = 256;
constexpr std::size_t kMaxShards = 1024;

}  // namespace

void OrgIndex::expand(const RoleDef& role, std::uint64_t* bits) const {
  for (const auto& policy : role.policies) {
    for (PermissionId p = 0; p < catalog_->size(); ++p) {
      const auto& e = catalog_->at(p);
      if (!part_matches(policy.domain, e.domain) || !part_matches(policy.entity, e.entity)) continue;
      bool action = std::any_of(policy.actions.begin(), policy.actions.end(),
                                [&](const std::string& a) { return part_matches(a, e.action); });
      if (action) bits[p / 64] |= std::uint64_t{1} << (p % 64);
    }
  }
}

void OrgIndex::set_role_bits(std::shared_ptr<const RoleBits> bits) {
  roles_ = std::move(bits);
  role_bits_ = roles_->bits.data();
}

std::shared_ptr<const OrgIndex> OrgIndex::build(const IndexInput& input, const Catalog& catalog) {
  auto index = std::shared_ptr<OrgIndex>(new OrgIndex());
  index->catalog_ = &catalog;
  index->words_ = std::max<std::size_t>(1, (catalog.size() + 63) / 64);
  const std::size_t words = index->words_;

  // Roles: one slot per distinct id; a role id defined twice holds the union.
  auto ids = std::make_shared<RoleIds>();
  auto roles = std::make_shared<RoleBits>();
  ids->slots.reserve(input.roles.size());
  for (const auto& role : input.roles) ids->slots.try_emplace(role.id, static_cast<std::uint32_t>(ids->slots.size()));
  roles->bits.assign(ids->slots.size() * words, 0);
  roles->defined.assign(ids->slots.size(), 1);
  for (const auto& role : input.roles) index->expand(role, &roles->bits[ids->slots.find(role.id)->second * words]);

  // Grants, as rows sorted by subject hash and subject, then grouped.
  struct Row {
    std::uint64_t hash;
    std::string_view subject;
    std::uint32_t role;
    std::uint32_t division;
  };
  auto divisions = std::make_shared<Divisions>();
  IdMap division_ids;
  std::vector<Row> rows;
  rows.reserve(input.grants.size());
  for (const auto& g : input.grants) {
    auto [role, added] = ids->slots.try_emplace(g.role_id, static_cast<std::uint32_t>(ids->slots.size()));
    if (added) {  // a role id no role defines
      roles->bits.resize(roles->bits.size() + words, 0);
      roles->defined.push_back(0);
    }
    std::uint32_t division = kAll;
    if (g.division_id != kAllDivisions) {
      auto [it, fresh] = division_ids.try_emplace(g.division_id, static_cast<std::uint32_t>(divisions->names.size()));
      if (fresh) divisions->names.push_back(g.division_id);
      division = it->second;
    }
    rows.push_back({hash_key(g.subject_id), g.subject_id, role->second, division});
  }
  std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    return std::tie(a.hash, a.subject, a.role, a.division) < std::tie(b.hash, b.subject, b.role, b.division);
  });

  FlatTable::Builder division_table(divisions->names.size());
  for (std::uint32_t d = 0; d < divisions->names.size(); ++d) {
    std::uint32_t number[] = {d};
    division_table.add(divisions->names[d], hash_key(divisions->names[d]), number);
  }
  divisions->table = division_table.finish();

  std::size_t subjects = 0;
  for (std::size_t i = 0; i < rows.size(); ++i)
    if (i == 0 || rows[i].hash != rows[i - 1].hash || rows[i].subject != rows[i - 1].subject) ++subjects;
  const std::size_t shards =
      std::min(kMaxShards, std::bit_ceil(std::max<std::size_t>(1, subjects / kSubjectsPerShard)));
  index->shard_mask_ = shards - 1;
  std::vector<FlatTable::Builder> builders;
  builders.reserve(shards);
  for (std::size_t s = 0; s < shards; ++s) builders.emplace_back(subjects / shards + 1);
  std::vector<std::uint32_t> payload;
  for (std::size_t i = 0; i < rows.size();) {
    std::size_t j = i;
    payload.clear();
    for (; j < rows.size() && rows[j].hash == rows[i].hash && rows[j].subject == rows[i].subject; ++j) {
      bool dup = j > i && rows[j].role == rows[j - 1].role && rows[j].division == rows[j - 1].division;
      if (!dup) payload.insert(payload.end(), {rows[j].role, rows[j].division});
    }
    builders[index->shard_of(rows[i].hash)].add(rows[i].subject, rows[i].hash, payload);
    i = j;
  }
  index->shards_.reserve(shards);
  for (auto& b : builders) index->shards_.push_back(std::make_shared<const FlatTable>(b.finish()));

  index->role_ids_ = std::move(ids);
  index->set_role_bits(std::move(roles));
  index->divisions_ = std::move(divisions);
  return index;
}

bool OrgIndex::knows_subject(std::string_view subject) const {
  auto grants = grants_of(subject);
  for (std::size_t i = 0; i < grants.size(); i += 2)
    if (roles_->defined[grants[i]]) return true;
  return false;
}

bool OrgIndex::check(std::string_view subject, PermissionId p, std::string_view division) const {
  if (p >= catalog_->size()) return false;
  auto grants = grants_of(subject);
  if (!catalog_->at(p).division_aware) {
    for (std::size_t i = 0; i < grants.size(); i += 2)
      if (role_has(grants[i], p)) return true;
    return false;
  }
  std::uint32_t want = kAll;  // looked up once, when a grant in one division carries p
  for (std::size_t i = 0; i < grants.size(); i += 2) {
    if (!role_has(grants[i], p)) continue;
    const std::uint32_t d = grants[i + 1];
    if (d == kAll) return true;
    if (want == kAll) want = division_number(division);
    if (d == want) return true;
  }
  return false;
}

bool OrgIndex::holds_anywhere(std::string_view subject, PermissionId p) const {
  if (p >= catalog_->size()) return false;
  auto grants = grants_of(subject);
  for (std::size_t i = 0; i < grants.size(); i += 2)
    if (role_has(grants[i], p)) return true;
  return false;
}

DivisionScope OrgIndex::divisions(std::string_view subject, PermissionId p) const {
  DivisionScope scope;
  if (p >= catalog_->size()) return scope;
  auto grants = grants_of(subject);
  const bool aware = catalog_->at(p).division_aware;
  for (std::size_t i = 0; i < grants.size(); i += 2) {
    if (!role_has(grants[i], p)) continue;
    if (grants[i + 1] == kAll || !aware) {
      scope.all = true;
      scope.divisions.clear();
      return scope;
    }
    scope.divisions.push_back(divisions_->names[grants[i + 1]]);
  }
  std::sort(scope.divisions.begin(), scope.divisions.end());
  scope.divisions.erase(std::unique(scope.divisions.begin(), scope.divisions.end()), scope.divisions.end());
  return scope;
}

std::vector<PermissionId> OrgIndex::permissions_of(std::string_view subject) const {
  std::vector<PermissionId> out;
  auto grants = grants_of(subject);
  for (PermissionId p = 0; p < catalog_->size(); ++p)
    for (std::size_t i = 0; i < grants.size(); i += 2)
      if (role_has(grants[i], p)) {
        out.push_back(p);
        break;
      }
  return out;
}

bool OrgIndex::overgrown() const {
  if (shards_.size() >= kMaxShards) return false;  // more shards are not possible
  std::size_t subjects = 0;
  for (const auto& shard : shards_) subjects += shard->size();
  return subjects > shards_.size() * kSubjectsPerShard * 4;
}

IndexStats OrgIndex::stats() const {
  IndexStats s;
  s.roles = roles_->defined.size();
  s.divisions = divisions_->names.size();
  s.shards = shards_.size();
  s.bytes = roles_->bits.capacity() * 8 + roles_->defined.capacity() + divisions_->table.memory() +
            role_ids_->slots.size() * 96;
  for (const auto& d : divisions_->names) s.bytes += sizeof(std::string) + d.capacity();
  for (const auto& shard : shards_) {
    s.subjects += shard->size();
    s.bytes += shard->memory();
  }
  return s;
}

}  // namespace rp::authz
