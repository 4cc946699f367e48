#include "service/routing/routing_skills.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <unordered_map>

#include "core/ids.h"
#include "core/reasons.h"
#include "core/strings.h"
#include "service/common/audit.h"
#include "service/users/users.h"

namespace rp::service {
namespace {

using store::SkillKind;

bool is_skill(SkillKind kind) { return kind == SkillKind::skill; }

std::unexpected<Error> skill_not_found(SkillKind kind) {
  return fail(make_error(Errc::not_found, is_skill(kind) ? "Unable to find a routing skill with that skillId"
                                                         : "Unable to find a language with that languageId"));
}

std::unexpected<Error> not_assigned(SkillKind kind) {
  return fail(make_error(Errc::not_found, is_skill(kind) ? "The user does not have that routing skill"
                                                         : "The user does not have that language"));
}

// The skill, with not_found in the dialect's words for absent and malformed ids.
Result<store::RoutingSkill> find_skill(store::Reader& tx, SkillKind kind, const std::string& id) {
  if (!is_uuid(id)) return skill_not_found(kind);
  auto s = tx.get_routing_skill(kind, id);
  if (!s) return s.error().code == Errc::not_found ? skill_not_found(kind) : fail(s.error());
  return s;
}

std::string_view entity_type(SkillKind kind) { return is_skill(kind) ? "routingSkill" : "routingLanguage"; }

std::string snapshot(const store::RoutingSkill& s) {
  Snapshot out;
  out.add("id", s.id).add("name", s.name);
  if (is_skill(s.kind)) out.add("divisionId", s.division_id);
  return out.str();
}

// The shortest text that reads back as `d` (valid JSON for finite numbers).
std::string number(double d) {
  char buf[32];
  auto end = std::to_chars(buf, buf + sizeof buf, d).ptr;
  return std::string(buf, end);
}

// The user's assignments of the kind as one audit snapshot.
std::string snapshot(const std::string& user_id, const std::vector<store::UserSkill>& skills) {
  std::string items = "[";
  for (const auto& s : skills) {
    if (items.size() > 1) items += ',';
    items += Snapshot()
                 .add("id", s.skill_id)
                 .add_raw("proficiency", number(s.proficiency))
                 .add("state", s.active ? "active" : "inactive")
                 .str();
  }
  items += ']';
  return Snapshot().add("userId", user_id).add_raw("skills", items).str();
}

Result<void> validate_change(const UserSkillChange& c, const std::string& path) {
  if (c.proficiency && (!std::isfinite(*c.proficiency) || *c.proficiency < 0 || *c.proficiency > 5))
    return invalid(path + "proficiency", "proficiency must be a number from 0 to 5");
  if (c.state && *c.state != "active" && *c.state != "inactive")
    return invalid(path + "state",
                   "Value [" + *c.state + "] is not valid for state. Allowable values are: active, inactive");
  return {};
}

// `current` with the change applied.
store::UserSkill changed(store::UserSkill current, const UserSkillChange& c) {
  if (c.proficiency) current.proficiency = *c.proficiency;
  if (c.state) current.active = *c.state == "active";
  return current;
}

struct Actions {
  std::string_view set, remove;
};
Actions user_actions(SkillKind kind) {
  if (is_skill(kind)) return {"user.routingskill.set", "user.routingskill.remove"};
  return {"user.routinglanguage.set", "user.routinglanguage.remove"};
}

Result<std::vector<store::UserSkill>> skills_of(store::Reader& tx, SkillKind kind, const std::string& user_id) {
  return tx.user_skills_of(kind, {user_id});
}

const store::UserSkill* find(const std::vector<store::UserSkill>& skills, const std::string& id) {
  auto it = std::find_if(skills.begin(), skills.end(), [&](const auto& s) { return s.skill_id == id; });
  return it == skills.end() ? nullptr : &*it;
}

}  // namespace

Result<Page<SkillView>> RoutingSkillService::list(const Caller& caller, SkillKind kind, store::SkillQuery query,
                                                  const authz::Requirement& need) {
  if (is_skill(kind)) {
    auto scope = RP_TRY(access_.scope(caller, need));
    if (!scope.all) query.divisions = std::move(scope.divisions);
  }
  Page<SkillView> page;
  RP_CHECK(store_.read(caller.org, [&](store::Reader& tx) -> Result<void> {
    auto skills = RP_TRY(tx.list_routing_skills(kind, query));
    std::unordered_map<std::string, std::string> division_names;
    if (is_skill(kind) && !skills.items.empty())
      for (auto& d : RP_TRY(tx.list_divisions())) division_names.emplace(d.id, d.name);
    page.total = skills.total;
    for (auto& s : skills.items) {
      auto name = division_names[s.division_id];
      page.items.push_back({std::move(s), std::move(name)});
    }
    return {};
  }));
  return page;
}

Result<SkillView> RoutingSkillService::get(const Caller& caller, SkillKind kind, const std::string& id,
                                           const authz::Requirement& need) {
  SkillView view;
  RP_CHECK(store_.read(caller.org, [&](store::Reader& tx) -> Result<void> {
    view.skill = RP_TRY(find_skill(tx, kind, id));
    if (!is_skill(kind)) return {};
    RP_CHECK(access_.authorize(caller, need, view.skill.division_id));
    view.division_name = RP_TRY(tx.get_division(view.skill.division_id)).name;
    return {};
  }));
  return view;
}

Result<SkillView> RoutingSkillService::create(const Caller& caller, SkillKind kind, std::string name,
                                              std::optional<std::string> division_id) {
  name = std::string(trim(name));
  if (name.empty()) return invalid("name", "name is required");
  if (name.size() > kMaxName) return invalid("name", "name must be at most 255 characters");
  SkillView view;
  auto& s = view.skill;
  s.kind = kind;
  s.id = new_uuid();
  s.name = name;
  s.created = s.modified = clock_.now();
  RP_CHECK(store_.write(caller.org, [&](store::ReadWriteTransaction& tx) -> Result<void> {
    if (is_skill(kind)) {
      auto unknown = [&] { return invalid("divisionId", "No division with the id [" + *division_id + "] exists"); };
      if (!division_id) division_id = RP_TRY(tx.organization()).home_division_id;
      if (!is_uuid(*division_id)) return unknown();
      auto division = tx.get_division(*division_id);
      if (!division) return division.error().code == Errc::not_found ? unknown() : fail(division.error());
      s.division_id = division->id;
      view.division_name = division->name;
    }
    if (auto inserted = tx.insert_routing_skill(s); !inserted) {
      if (inserted.error().code == Errc::conflict && inserted.error().reason == reason::duplicate)
        return fail(make_error(Errc::conflict, "The name [" + name + "] is already in use")
                        .with_field("name")
                        .with_reason(reason::duplicate));
      return inserted;
    }
    auto action = is_skill(kind) ? "routing.skill.create" : "routing.language.create";
    return tx.insert_audit(audit_record(caller, {action, entity_type(kind), s.id, "", snapshot(s)}, s.created));
  }));
  return view;
}

Result<void> RoutingSkillService::remove(const Caller& caller, SkillKind kind, const std::string& id) {
  Millis now = clock_.now();
  return store_.write(caller.org, [&](store::ReadWriteTransaction& tx) -> Result<void> {
    auto before = RP_TRY(find_skill(tx, kind, id));
    RP_CHECK(tx.delete_routing_skill(kind, id));
    auto action = is_skill(kind) ? "routing.skill.delete" : "routing.language.delete";
    return tx.insert_audit(audit_record(caller, {action, entity_type(kind), id, snapshot(before), ""}, now));
  });
}

Result<Page<store::UserSkill>> RoutingSkillService::of_user(const Caller& caller, SkillKind kind,
                                                            const std::string& user_id, const PageRequest& page,
                                                            bool descending) {
  Page<store::UserSkill> out;
  RP_CHECK(store_.read(caller.org, [&](store::Reader& tx) -> Result<void> {
    RP_TRY(live_user(tx, user_id));
    out = RP_TRY(tx.user_skills(kind, user_id, page, descending));
    return {};
  }));
  return out;
}

Result<store::UserSkill> RoutingSkillService::assign(const Caller& caller, SkillKind kind, const std::string& user_id,
                                                     UserSkillChange change, const authz::Requirement& need) {
  if (change.skill_id.empty()) return invalid("id", "id is required");
  if (!change.proficiency) return invalid("proficiency", "proficiency is required");
  RP_CHECK(validate_change(change, ""));
  auto all = RP_TRY(write_skills(caller, kind, user_id, {change}, false, false, need));
  return *find(all, change.skill_id);
}

Result<store::UserSkill> RoutingSkillService::update(const Caller& caller, SkillKind kind, const std::string& user_id,
                                                     UserSkillChange change, const authz::Requirement& need) {
  RP_CHECK(validate_change(change, ""));
  Millis now = clock_.now();
  store::UserSkill after;
  RP_CHECK(store_.write(caller.org, [&](store::ReadWriteTransaction& tx) -> Result<void> {
    auto user = RP_TRY(live_user(tx, user_id));
    RP_CHECK(access_.authorize(caller, need, user.division_id));
    if (!is_uuid(change.skill_id)) return not_assigned(kind);
    auto before = RP_TRY(skills_of(tx, kind, user_id));
    const auto* current = find(before, change.skill_id);
    if (!current) return not_assigned(kind);
    after = changed(*current, change);
    if (after == *current) return {};
    RP_CHECK(tx.set_user_skill(kind, after));
    auto now_held = RP_TRY(skills_of(tx, kind, user_id));
    return tx.insert_audit(audit_record(
        caller, {user_actions(kind).set, "user", user_id, snapshot(user_id, before), snapshot(user_id, now_held)},
        now));
  }));
  return after;
}

Result<void> RoutingSkillService::unassign(const Caller& caller, SkillKind kind, const std::string& user_id,
                                           const std::string& skill_id, const authz::Requirement& need) {
  Millis now = clock_.now();
  return store_.write(caller.org, [&](store::ReadWriteTransaction& tx) -> Result<void> {
    auto user = RP_TRY(live_user(tx, user_id));
    RP_CHECK(access_.authorize(caller, need, user.division_id));
    auto before = RP_TRY(skills_of(tx, kind, user_id));
    if (!find(before, skill_id)) return not_assigned(kind);
    RP_CHECK(tx.remove_user_skill(kind, user_id, skill_id));
    auto after = RP_TRY(skills_of(tx, kind, user_id));
    return tx.insert_audit(audit_record(
        caller, {user_actions(kind).remove, "user", user_id, snapshot(user_id, before), snapshot(user_id, after)},
        now));
  });
}

Result<std::vector<store::UserSkill>> RoutingSkillService::assign_all(const Caller& caller, SkillKind kind,
                                                                      const std::string& user_id,
                                                                      std::vector<UserSkillChange> changes,
                                                                      bool replace, const authz::Requirement& need) {
  return write_skills(caller, kind, user_id, std::move(changes), replace, true, need);
}

Result<std::vector<store::UserSkill>> RoutingSkillService::write_skills(const Caller& caller, SkillKind kind,
                                                                        const std::string& user_id,
                                                                        std::vector<UserSkillChange> changes,
                                                                        bool replace, bool bulk,
                                                                        const authz::Requirement& need) {
  if (changes.size() > kMaxBulk)
    return invalid("body", "At most " + std::to_string(kMaxBulk) + " entries may be given at once");
  for (std::size_t i = 0; i < changes.size(); ++i) {
    std::string path = "body[" + std::to_string(i) + "].";
    if (changes[i].skill_id.empty()) return invalid(path + "id", "id is required");
    if (!changes[i].proficiency) return invalid(path + "proficiency", "proficiency is required");
    RP_CHECK(validate_change(changes[i], path));
  }
  Millis now = clock_.now();
  std::vector<store::UserSkill> after;
  RP_CHECK(store_.write(caller.org, [&](store::ReadWriteTransaction& tx) -> Result<void> {
    auto user = RP_TRY(live_user(tx, user_id));
    RP_CHECK(access_.authorize(caller, need, user.division_id));
    auto before = RP_TRY(skills_of(tx, kind, user_id));
    std::vector<std::string> wanted;
    for (std::size_t i = 0; i < changes.size(); ++i) {
      const auto& c = changes[i];
      auto skill = find_skill(tx, kind, c.skill_id);
      if (!skill && bulk && skill.error().code == Errc::not_found)
        return invalid("body[" + std::to_string(i) + "].id",
                       "No " + std::string(to_string(kind)) + " with the id [" + c.skill_id + "] exists");
      RP_CHECK(skill);
      store::UserSkill base{user_id, c.skill_id, 0, true, skill->name};
      if (const auto* current = find(before, c.skill_id)) base = *current;
      auto next = changed(base, c);
      const auto* current = find(before, c.skill_id);
      if (!current || !(*current == next)) RP_CHECK(tx.set_user_skill(kind, next));
      wanted.push_back(c.skill_id);
    }
    if (replace)
      for (const auto& held : before)
        if (std::find(wanted.begin(), wanted.end(), held.skill_id) == wanted.end())
          RP_CHECK(tx.remove_user_skill(kind, user_id, held.skill_id));
    after = RP_TRY(skills_of(tx, kind, user_id));
    if (after == before) return {};
    return tx.insert_audit(audit_record(
        caller, {user_actions(kind).set, "user", user_id, snapshot(user_id, before), snapshot(user_id, after)}, now));
  }));
  return after;
}

}  // namespace rp::service
