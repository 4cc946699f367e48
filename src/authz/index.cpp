#include "authz/index.h"

#include <algorithm>

namespace rp::authz {

std::shared_ptr<const OrgIndex> OrgIndex::build(const IndexInput& input, const Catalog& catalog) {
  auto index = std::shared_ptr<OrgIndex>(new OrgIndex());
  index->catalog_ = &catalog;
  index->words_ = (catalog.size() + 63) / 64;

  std::unordered_map<std::string_view, std::uint32_t> role_ids;
  index->role_bits_.assign(input.roles.size() * index->words_, 0);
  for (std::uint32_t r = 0; r < input.roles.size(); ++r) {
    const auto& role = input.roles[r];
    role_ids.emplace(role.id, r);
    std::uint64_t* bits = &index->role_bits_[r * index->words_];
    for (const auto& policy : role.policies) {
      for (PermissionId p = 0; p < catalog.size(); ++p) {
        const auto& e = catalog.at(p);
        if (!part_matches(policy.domain, e.domain) || !part_matches(policy.entity, e.entity)) continue;
        bool action = std::any_of(policy.actions.begin(), policy.actions.end(),
                                  [&](const std::string& a) { return part_matches(a, e.action); });
        if (action) bits[p / 64] |= std::uint64_t{1} << (p % 64);
      }
    }
  }

  for (const auto& g : input.grants) {
    auto role = role_ids.find(g.role_id);
    if (role == role_ids.end()) continue;  // grant of a role that no longer exists
    std::uint32_t division = kAll;
    if (g.division_id != kAllDivisions) {
      auto [it, added] = index->division_ids_.try_emplace(
          g.division_id, static_cast<std::uint32_t>(index->division_names_.size()));
      if (added) index->division_names_.push_back(g.division_id);
      division = it->second;
    }
    auto& list = index->subjects_[g.subject_id];
    SubjectGrant sg{role->second, division};
    bool dup = std::any_of(list.begin(), list.end(), [&](const SubjectGrant& x) {
      return x.role == sg.role && x.division == sg.division;
    });
    if (!dup) list.push_back(sg);
  }
  return index;
}

const std::vector<OrgIndex::SubjectGrant>* OrgIndex::grants_of(std::string_view subject) const {
  auto it = subjects_.find(subject);
  return it == subjects_.end() ? nullptr : &it->second;
}

bool OrgIndex::knows_subject(std::string_view subject) const { return grants_of(subject) != nullptr; }

bool OrgIndex::check(std::string_view subject, PermissionId p, std::string_view division) const {
  const auto* grants = grants_of(subject);
  if (!grants || p >= catalog_->size()) return false;
  if (!catalog_->at(p).division_aware) return holds_anywhere(subject, p);
  auto d = division_ids_.find(division);
  std::uint32_t want = d == division_ids_.end() ? kAll - 1 : d->second;
  for (const auto& g : *grants)
    if ((g.division == kAll || g.division == want) && role_has(g.role, p)) return true;
  return false;
}

bool OrgIndex::holds_anywhere(std::string_view subject, PermissionId p) const {
  const auto* grants = grants_of(subject);
  if (!grants || p >= catalog_->size()) return false;
  for (const auto& g : *grants)
    if (role_has(g.role, p)) return true;
  return false;
}

DivisionScope OrgIndex::divisions(std::string_view subject, PermissionId p) const {
  DivisionScope scope;
  const auto* grants = grants_of(subject);
  if (!grants || p >= catalog_->size()) return scope;
  bool aware = catalog_->at(p).division_aware;
  for (const auto& g : *grants) {
    if (!role_has(g.role, p)) continue;
    if (g.division == kAll || !aware) {
      scope.all = true;
      scope.divisions.clear();
      return scope;
    }
    scope.divisions.push_back(division_names_[g.division]);
  }
  std::sort(scope.divisions.begin(), scope.divisions.end());
  scope.divisions.erase(std::unique(scope.divisions.begin(), scope.divisions.end()),
                        scope.divisions.end());
  return scope;
}

std::vector<PermissionId> OrgIndex::permissions_of(std::string_view subject) const {
  std::vector<PermissionId> out;
  const auto* grants = grants_of(subject);
  if (!grants) return out;
  for (PermissionId p = 0; p < catalog_->size(); ++p)
    for (const auto& g : *grants)
      if (role_has(g.role, p)) {
        out.push_back(p);
        break;
      }
  return out;
}

}  // namespace rp::authz
