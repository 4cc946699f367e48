// OrgIndex patches: a new index that shares every table the change leaves
// alone with the index it was made from.

#include <algorithm>

#include "authz/index.h"

namespace rp::authz {

std::shared_ptr<OrgIndex> OrgIndex::copy() const { return std::shared_ptr<OrgIndex>(new OrgIndex(*this)); }

std::shared_ptr<const OrgIndex> OrgIndex::with_role(const RoleDef& role) const {
  auto next = copy();
  auto bits = std::make_shared<RoleBits>(*roles_);
  std::uint32_t slot;
  if (auto it = role_ids_->slots.find(role.id); it != role_ids_->slots.end()) {
    slot = it->second;
  } else {
    auto ids = std::make_shared<RoleIds>(*role_ids_);
    slot = static_cast<std::uint32_t>(ids->slots.size());
    ids->slots.emplace(role.id, slot);
    bits->bits.resize(bits->bits.size() + words_, 0);
    bits->defined.push_back(0);
    next->role_ids_ = std::move(ids);
  }
  std::uint64_t* row = &bits->bits[static_cast<std::size_t>(slot) * words_];
  std::fill(row, row + words_, 0);
  expand(role, row);
  bits->defined[slot] = 1;
  next->set_role_bits(std::move(bits));
  return next;
}

std::shared_ptr<const OrgIndex> OrgIndex::without_role(std::string_view role_id) const {
  auto next = copy();
  auto it = role_ids_->slots.find(role_id);
  if (it == role_ids_->slots.end()) return next;
  auto bits = std::make_shared<RoleBits>(*roles_);
  std::uint64_t* row = &bits->bits[static_cast<std::size_t>(it->second) * words_];
  std::fill(row, row + words_, 0);
  bits->defined[it->second] = 0;
  next->set_role_bits(std::move(bits));
  return next;
}

std::shared_ptr<const OrgIndex> OrgIndex::with_subject_grants(std::string_view subject,
                                                              std::span<const GrantDef> grants) const {
  auto next = copy();
  std::shared_ptr<RoleIds> ids;    // copied when a new role id appears
  std::shared_ptr<RoleBits> bits;  // likewise
  std::vector<std::string> added;  // division names this patch introduces

  std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs;
  pairs.reserve(grants.size());
  for (const auto& g : grants) {
    const IdMap& slots = ids ? ids->slots : role_ids_->slots;
    std::uint32_t role;
    if (auto it = slots.find(g.role_id); it != slots.end()) {
      role = it->second;
    } else {  // a role id no role defines
      if (!ids) {
        ids = std::make_shared<RoleIds>(*role_ids_);
        bits = std::make_shared<RoleBits>(*roles_);
      }
      role = static_cast<std::uint32_t>(ids->slots.size());
      ids->slots.emplace(g.role_id, role);
      bits->bits.resize(bits->bits.size() + words_, 0);
      bits->defined.push_back(0);
    }
    std::uint32_t division = kAll;
    if (g.division_id != kAllDivisions) {
      division = division_number(g.division_id);
      if (division == kNowhere) {
        auto it = std::find(added.begin(), added.end(), g.division_id);
        division = static_cast<std::uint32_t>(divisions_->names.size() + (it - added.begin()));
        if (it == added.end()) added.push_back(g.division_id);
      }
    }
    pairs.emplace_back(role, division);
  }
  std::sort(pairs.begin(), pairs.end());
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());

  if (ids) {
    next->role_ids_ = std::move(ids);
    next->set_role_bits(std::move(bits));
  }
  if (!added.empty()) {
    auto divisions = std::make_shared<Divisions>();
    divisions->names = divisions_->names;
    divisions->names.insert(divisions->names.end(), added.begin(), added.end());
    FlatTable::Builder table(divisions->names.size());
    for (std::uint32_t d = 0; d < divisions->names.size(); ++d) {
      std::uint32_t number[] = {d};
      table.add(divisions->names[d], hash_key(divisions->names[d]), number);
    }
    divisions->table = table.finish();
    next->divisions_ = std::move(divisions);
  }

  std::vector<std::uint32_t> payload;
  payload.reserve(pairs.size() * 2);
  for (const auto& [role, division] : pairs) payload.insert(payload.end(), {role, division});
  const std::uint64_t h = hash_key(subject);
  const FlatTable& old = *shards_[shard_of(h)];
  FlatTable::Builder shard(old.size() + 1);
  old.for_each([&](std::string_view key, std::uint64_t hash, std::span<const std::uint32_t> p) {
    if (key != subject) shard.add(key, hash, p);
  });
  if (!payload.empty()) shard.add(subject, h, payload);
  next->shards_[shard_of(h)] = std::make_shared<const FlatTable>(shard.finish());
  return next;
}

}  // namespace rp::authz
