#include "service/users/user_extras.h"

#include <algorithm>
#include <unordered_map>

#include "core/ids.h"
#include "core/strings.h"
#include "service/common/audit.h"
#include "service/users/users.h"

namespace rp::service {
namespace {

std::string skills_json(const std::vector<std::string>& skills) { return json_string_array(skills); }

std::string skills_snapshot(const std::string& user_id, const std::vector<std::string>& skills) {
  return Snapshot().add("userId", user_id).add_raw("profileSkills", skills_json(skills)).str();
}

}  // namespace

Result<std::vector<std::string>> normalized_profile_skills(const std::vector<std::string>& skills) {
  std::vector<std::string> out;
  std::vector<std::string> seen;  // lower case
  for (std::size_t i = 0; i < skills.size(); ++i) {
    std::string field = "body[" + std::to_string(i) + "]";
    std::string s(trim(skills[i]));
    if (s.empty()) return invalid(field, "A profile skill must not be empty");
    if (s.size() > UserExtrasService::kMaxSkillLength)
      return invalid(field, "A profile skill must be at most " + std::to_string(UserExtrasService::kMaxSkillLength) +
                                " characters");
    std::string key = to_lower(s);
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) continue;
    seen.push_back(std::move(key));
    out.push_back(std::move(s));
  }
  if (out.size() > UserExtrasService::kMaxSkills)
    return invalid("body",
                   "A user may have at most " + std::to_string(UserExtrasService::kMaxSkills) + " profile skills");
  return out;
}

Result<std::vector<std::string>> UserExtrasService::profile_skills(const Caller& caller, const std::string& user_id,
                                                                   const authz::Requirement& need) {
  std::vector<std::string> out;
  RP_CHECK(store_.read(caller.org, [&](store::Reader& tx) -> Result<void> {
    auto user = RP_TRY(live_user(tx, user_id));
    RP_CHECK(access_.authorize(caller, need, user.division_id));
    out = RP_TRY(tx.profile_skills(user_id));
    return {};
  }));
  return out;
}

Result<std::vector<std::string>> UserExtrasService::set_profile_skills(const Caller& caller, const std::string& user_id,
                                                                       const std::vector<std::string>& skills,
                                                                       const authz::Requirement& need) {
  auto wanted = RP_TRY(normalized_profile_skills(skills));
  Millis now = clock_.now();
  RP_CHECK(store_.write(caller.org, [&](store::ReadWriteTransaction& tx) -> Result<void> {
    auto user = RP_TRY(live_user(tx, user_id));
    RP_CHECK(access_.authorize(caller, need, user.division_id));
    auto before = RP_TRY(tx.profile_skills(user_id));
    if (before == wanted) return {};
    RP_CHECK(tx.set_profile_skills(user_id, wanted));
    return tx.insert_audit(audit_record(
        caller,
        {"user.profileskills", "user", user_id, skills_snapshot(user_id, before), skills_snapshot(user_id, wanted)},
        now));
  }));
  return wanted;
}

Result<std::vector<UserDetails>> UserExtrasService::details(const Caller& caller,
                                                            const std::vector<std::string>& user_ids, DetailSet what) {
  std::vector<UserDetails> out(user_ids.size());
  if (!what.any() || user_ids.empty()) return out;
  std::unordered_map<std::string, std::vector<std::size_t>> at;  // user id -> positions
  for (std::size_t i = 0; i < user_ids.size(); ++i) at[user_ids[i]].push_back(i);
  std::unordered_map<std::string, std::vector<store::Role>> held;
  RP_CHECK(store_.read(caller.org, [&](store::Reader& tx) -> Result<void> {
    if (what.profile_skills)
      for (auto& [user, skill] : RP_TRY(tx.profile_skills_of(user_ids)))
        if (auto it = at.find(user); it != at.end())
          for (auto i : it->second) out[i].profile_skills.push_back(skill);
    if (what.groups)
      for (auto& [user, group] : RP_TRY(tx.groups_of_users(user_ids)))
        if (auto it = at.find(user); it != at.end())
          for (auto i : it->second) out[i].groups.push_back(group);
    if (what.routing_skills)
      for (auto& s : RP_TRY(tx.user_skills_of(store::SkillKind::skill, user_ids)))
        if (auto it = at.find(s.user_id); it != at.end())
          for (auto i : it->second) out[i].routing_skills.push_back(s);
    if (what.routing_languages)
      for (auto& s : RP_TRY(tx.user_skills_of(store::SkillKind::language, user_ids)))
        if (auto it = at.find(s.user_id); it != at.end())
          for (auto i : it->second) out[i].routing_languages.push_back(s);
    if (what.presence) {
      for (auto& s : RP_TRY(tx.open_statuses(store::StatusKind::presence, user_ids)))
        if (auto it = at.find(s.user_id); it != at.end())
          for (auto i : it->second) out[i].presence = s;
      for (auto& [user, note] : RP_TRY(tx.presence_notes_of(user_ids)))
        if (auto it = at.find(user); it != at.end())
          for (auto i : it->second) out[i].presence_note = note;
    }
    if (what.routing_status)
      for (auto& s : RP_TRY(tx.open_statuses(store::StatusKind::routing, user_ids)))
        if (auto it = at.find(s.user_id); it != at.end())
          for (auto i : it->second) out[i].routing_status = s;
    if (what.station) {
      auto stations = RP_TRY(user_stations_of(tx, user_ids));
      for (std::size_t i = 0; i < user_ids.size(); ++i) out[i].station = std::move(stations[i]);
    }
    if (what.out_of_office)
      for (auto& o : RP_TRY(tx.out_of_office_of(user_ids)))
        if (auto it = at.find(o.user_id); it != at.end())
          for (auto i : it->second) out[i].out_of_office = o;
    if (what.geolocation)
      for (auto& g : RP_TRY(tx.primary_geolocations(user_ids)))
        if (auto it = at.find(g.user_id); it != at.end())
          for (auto i : it->second) out[i].geolocation = g;
    if (what.date_welcome_sent)
      for (auto& [user, when] : RP_TRY(tx.last_invited(user_ids)))
        if (auto it = at.find(user); it != at.end())
          for (auto i : it->second) out[i].date_welcome_sent = when;
    if (what.authorization) {
      auto grants = RP_TRY(tx.grants_of_subjects(user_ids));
      std::unordered_map<std::string, store::Role> roles;
      if (!grants.empty())
        for (auto& r : RP_TRY(tx.list_roles())) roles.emplace(r.id, std::move(r));
      for (const auto& [user, _] : at) held[user] = roles_held(grants, roles, user);
    }
    return {};
  }));
  if (what.authorization) {
    auto index = RP_TRY(access_.index(caller.org));
    for (auto& [user, positions] : at) {
      auto roles = user_roles_of(std::move(held[user]), *index, user);
      for (auto i : positions) out[i].authorization = roles;
    }
  }
  return out;
}

}  // namespace rp::service
