#include "service/routing/queues.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "core/ids.h"
#include "core/reasons.h"
#include "core/strings.h"
#include "service/common/audit.h"
#include "service/presence/presence.h"

namespace rp::service {
namespace {

std::unexpected<Error> queue_not_found() {
  return fail(make_error(Errc::not_found, "Unable to find a queue with that queueId"));
}

std::unexpected<Error> not_a_member() {
  return fail(make_error(Errc::not_found, "The user is not a member of that queue"));
}

// The queue, with not_found in the dialect's words for absent and malformed ids.
Result<store::Queue> find_queue(store::Reader& tx, const std::string& id) {
  if (!is_uuid(id)) return queue_not_found();
  auto q = tx.get_queue(id);
  if (!q) return q.error().code == Errc::not_found ? queue_not_found() : fail(q.error());
  return q;
}

Result<QueueView> view_of(store::Reader& tx, store::Queue q) {
  auto division = RP_TRY(tx.get_division(q.division_id));
  return QueueView{std::move(q), division.name};
}

std::string snapshot(const store::Queue& q) {
  return Snapshot()
      .add("id", q.id)
      .add("name", q.name)
      .add("divisionId", q.division_id)
      .add("description", q.description)
      .add_raw("config", q.config)
      .str();
}

std::string members_snapshot(const std::string& queue_id, const std::vector<store::QueueMember>& members) {
  std::string items = "[";
  for (const auto& m : members) {
    if (items.size() > 1) items += ',';
    items += Snapshot().add("userId", m.user_id).add("joined", m.joined).add("ringNumber", m.ring_number).str();
  }
  items += ']';
  return Snapshot().add("queueId", queue_id).add_raw("members", items).str();
}

bool contains_ignoring_case(std::string_view text, std::string_view part) {
  return to_lower(text).find(to_lower(part)) != std::string::npos;
}

// Each of `wanted` is contained in one of `names`.
bool every_in(const std::vector<std::string>& wanted, const std::vector<std::string>& names) {
  return std::all_of(wanted.begin(), wanted.end(), [&](const std::string& w) {
    return std::any_of(names.begin(), names.end(), [&](const std::string& n) { return contains_ignoring_case(n, w); });
  });
}

// The users of `ids` that are not deleted, with their divisions, by id.
Result<std::unordered_map<std::string, UserView>> live_users(store::Reader& tx, const std::vector<std::string>& ids) {
  std::unordered_map<std::string, UserView> out;
  constexpr std::size_t kChunk = 500;
  for (std::size_t at = 0; at < ids.size(); at += kChunk) {
    store::UserQuery q;
    q.states = {store::UserState::active, store::UserState::inactive};
    q.ids.assign(ids.begin() + static_cast<std::ptrdiff_t>(at),
                 ids.begin() + static_cast<std::ptrdiff_t>(std::min(ids.size(), at + kChunk)));
    q.page.page_size = static_cast<std::int64_t>(kChunk);
    auto page = RP_TRY(with_divisions(tx, RP_TRY(tx.list_users(q))));
    for (auto& v : page.items) {
      auto id = v.user.id;
      out.emplace(std::move(id), std::move(v));
    }
  }
  return out;
}

// The body's user ids: at most kMaxMembers, each a user of the organization
// that is not deleted (invalid_argument naming body[i].id).
Result<void> check_users(store::Reader& tx, const std::vector<std::string>& ids) {
  if (ids.size() > QueueService::kMaxMembers) return invalid("body", "At most 100 members may be given at once");
  for (std::size_t i = 0; i < ids.size(); ++i)
    if (!RP_TRY(find_live_user(tx, ids[i])))
      return invalid("body[" + std::to_string(i) + "].id", "No user with the id [" + ids[i] + "] exists");
  return {};
}

// The name, trimmed and checked.
Result<std::string> queue_name(std::string name) {
  name = std::string(trim(name));
  if (name.empty()) return invalid("name", "name is required");
  if (name.size() > QueueService::kMaxName) return invalid("name", "name must be at most 255 characters");
  return name;
}

Result<store::Division> division_named(store::Reader& tx, const std::string& id) {
  auto unknown = [&] { return invalid("divisionId", "No division with the id [" + id + "] exists"); };
  if (!is_uuid(id)) return unknown();
  auto division = tx.get_division(id);
  if (!division) return division.error().code == Errc::not_found ? unknown() : fail(division.error());
  return division;
}

Result<void> name_taken(const Result<void>& written, const std::string& name) {
  if (!written && written.error().code == Errc::conflict && written.error().reason == reason::duplicate)
    return fail(make_error(Errc::conflict, "The name [" + name + "] is already in use")
                    .with_field("name")
                    .with_reason(reason::duplicate));
  return written;
}

}  // namespace

Result<Page<QueueView>> QueueService::list(const Caller& caller, store::QueueQuery query,
                                           const authz::Requirement& need) {
  auto scope = RP_TRY(access_.scope(caller, need));
  if (!scope.all) {
    if (!query.divisions) query.divisions = std::move(scope.divisions);
    else
      std::erase_if(*query.divisions, [&](const std::string& d) {
        return !std::binary_search(scope.divisions.begin(), scope.divisions.end(), d);
      });
  }
  Page<QueueView> page;
  RP_CHECK(store_.read(caller.org, [&](store::Reader& tx) -> Result<void> {
    auto queues = RP_TRY(tx.list_queues(query));
    std::unordered_map<std::string, std::string> division_names;
    if (!queues.items.empty())
      for (auto& d : RP_TRY(tx.list_divisions())) division_names.emplace(d.id, d.name);
    page.total = queues.total;
    for (auto& q : queues.items) {
      auto name = division_names[q.division_id];
      page.items.push_back({std::move(q), std::move(name)});
    }
    return {};
  }));
  return page;
}

Result<QueueView> QueueService::get(const Caller& caller, const std::string& id, const authz::Requirement& need) {
  QueueView view;
  RP_CHECK(store_.read(caller.org, [&](store::Reader& tx) -> Result<void> {
    auto q = RP_TRY(find_queue(tx, id));
    RP_CHECK(access_.authorize(caller, need, q.division_id));
    view = RP_TRY(view_of(tx, std::move(q)));
    return {};
  }));
  return view;
}

Result<QueueView> QueueService::create(const Caller& caller, QueueInput input, const authz::Requirement& need) {
  auto name = RP_TRY(queue_name(std::move(input.name)));
  store::Queue q;
  q.id = new_uuid();
  q.name = name;
  q.description = std::move(input.description);
  q.config = std::move(input.config);
  q.created_by = q.modified_by = caller.subject_id;
  q.created = q.modified = clock_.now();
  QueueView view;
  RP_CHECK(store_.write(caller.org, [&](store::ReadWriteTransaction& tx) -> Result<void> {
    auto division = input.division_id ? RP_TRY(division_named(tx, *input.division_id))
                                      : RP_TRY(tx.get_division(RP_TRY(tx.organization()).home_division_id));
    RP_CHECK(access_.authorize(caller, need, division.id));
    q.division_id = division.id;
    RP_CHECK(name_taken(tx.insert_queue(q), name));
    view = {q, division.name};
    return tx.insert_audit(audit_record(caller, {"routing.queue.create", "queue", q.id, "", snapshot(q)}, q.created));
  }));
  return view;
}

Result<QueueView> QueueService::update(const Caller& caller, const std::string& id, QueueInput input,
                                       const authz::Requirement& need) {
  auto name = RP_TRY(queue_name(std::move(input.name)));
  Millis now = clock_.now();
  QueueView view;
  RP_CHECK(store_.write(caller.org, [&](store::ReadWriteTransaction& tx) -> Result<void> {
    auto before = RP_TRY(find_queue(tx, id));
    RP_CHECK(access_.authorize(caller, need, before.division_id));
    auto after = before;
    after.name = name;
    after.description = std::move(input.description);
    after.config = std::move(input.config);
    if (input.division_id) {
      auto division = RP_TRY(division_named(tx, *input.division_id));
      RP_CHECK(access_.authorize(caller, need, division.id));
      after.division_id = division.id;
    }
    if (after == before) {
      view = RP_TRY(view_of(tx, std::move(after)));
      return {};
    }
    after.modified = now;
    after.modified_by = caller.subject_id;
    RP_CHECK(name_taken(tx.update_queue(after), name));
    view = RP_TRY(view_of(tx, after));
    return tx.insert_audit(
        audit_record(caller, {"routing.queue.update", "queue", id, snapshot(before), snapshot(after)}, now));
  }));
  return view;
}

Result<void> QueueService::remove(const Caller& caller, const std::string& id, const authz::Requirement& need) {
  Millis now = clock_.now();
  return store_.write(caller.org, [&](store::ReadWriteTransaction& tx) -> Result<void> {
    auto before = RP_TRY(find_queue(tx, id));
    RP_CHECK(access_.authorize(caller, need, before.division_id));
    RP_CHECK(tx.delete_queue(id));
    return tx.insert_audit(audit_record(caller, {"routing.queue.delete", "queue", id, snapshot(before), ""}, now));
  });
}

Result<Page<QueueMemberView>> QueueService::members(const Caller& caller, const std::string& queue_id,
                                                    const MemberFilter& filter, const authz::Requirement& need) {
  if (!filter.member_by.empty() && filter.member_by != "user" && filter.member_by != "group")
    return invalid("memberBy", "Value [" + filter.member_by +
                                   "] is not valid for memberBy. Allowable values are: "
                                   "user, group");
  std::vector<std::string> presences;
  for (const auto& p : filter.presences) {
    auto e = system_presence_enum(p);
    if (!e) return invalid("presence", "Value [" + p + "] is not a system presence");
    presences.push_back(std::move(*e));
  }
  std::vector<QueueMemberView> all;
  RP_CHECK(store_.read(caller.org, [&](store::Reader& tx) -> Result<void> {
    auto q = RP_TRY(find_queue(tx, queue_id));
    RP_CHECK(access_.authorize(caller, need, q.division_id));
    if (filter.member_by == "group") return {};
    auto members = RP_TRY(tx.queue_members(queue_id));
    std::vector<std::string> ids;
    for (const auto& m : members) ids.push_back(m.user_id);
    auto users = RP_TRY(live_users(tx, ids));
    std::unordered_map<std::string, store::StatusInterval> routing;
    std::unordered_map<std::string, std::string> presence;
    for (auto& s : RP_TRY(tx.open_statuses(store::StatusKind::routing, ids))) routing[s.user_id] = s;
    if (!presences.empty())
      for (auto& s : RP_TRY(tx.open_statuses(store::StatusKind::presence, ids)))
        presence[s.user_id] = s.system_presence;
    // Names by user, of what the filters ask for.
    using Names = std::unordered_map<std::string, std::vector<std::string>>;
    auto skill_names = [&](store::SkillKind kind, bool wanted) -> Result<Names> {
      Names out;
      if (wanted)
        for (auto& s : RP_TRY(tx.user_skills_of(kind, ids))) out[s.user_id].push_back(std::move(s.name));
      return out;
    };
    auto skills = RP_TRY(skill_names(store::SkillKind::skill, !filter.skills.empty()));
    auto languages = RP_TRY(skill_names(store::SkillKind::language, !filter.languages.empty()));
    Names profile;
    if (!filter.profile_skills.empty())
      for (auto& [user, skill] : RP_TRY(tx.profile_skills_of(ids))) profile[user].push_back(std::move(skill));
    for (auto& m : members) {
      auto u = users.find(m.user_id);
      if (u == users.end()) continue;
      if (filter.joined && m.joined != *filter.joined) continue;
      if (!filter.name.empty() && !contains_ignoring_case(u->second.user.name, filter.name)) continue;
      if (!every_in(filter.skills, skills[m.user_id]) || !every_in(filter.languages, languages[m.user_id]) ||
          !every_in(filter.profile_skills, profile[m.user_id]))
        continue;
      const auto& interval = routing[m.user_id];
      const auto& status = interval.routing_status;
      if (!filter.routing_statuses.empty() &&
          std::none_of(filter.routing_statuses.begin(), filter.routing_statuses.end(),
                       [&](const std::string& s) { return iequals(s, status); }))
        continue;
      if (!presences.empty() && std::find(presences.begin(), presences.end(), presence[m.user_id]) == presences.end())
        continue;
      all.push_back({std::move(m), std::move(u->second), status, interval.started});
    }
    return {};
  }));
  if (filter.descending) std::reverse(all.begin(), all.end());
  return page_of(std::move(all), filter.page);
}

Result<void> QueueService::change_members(const Caller& caller, const std::string& queue_id,
                                          std::vector<std::string> user_ids, bool remove,
                                          const authz::Requirement& need) {
  Millis now = clock_.now();
  return store_.write(caller.org, [&](store::ReadWriteTransaction& tx) -> Result<void> {
    auto q = RP_TRY(find_queue(tx, queue_id));
    RP_CHECK(access_.authorize(caller, need, q.division_id));
    RP_CHECK(check_users(tx, user_ids));
    auto before = RP_TRY(tx.queue_members(queue_id));
    std::unordered_set<std::string> members;
    for (const auto& m : before) members.insert(m.user_id);
    std::vector<std::string> changed;
    std::unordered_set<std::string> seen;
    for (auto& id : user_ids)
      if (seen.insert(id).second && members.contains(id) == remove) changed.push_back(std::move(id));
    if (changed.empty()) return {};
    RP_CHECK(remove ? tx.remove_queue_members(queue_id, changed) : tx.add_queue_members(queue_id, changed));
    auto after = RP_TRY(tx.queue_members(queue_id));
    return tx.insert_audit(
        audit_record(caller,
                     {remove ? "routing.queue.members.remove" : "routing.queue.members.add", "queue", queue_id,
                      members_snapshot(queue_id, before), members_snapshot(queue_id, after)},
                     now));
  });
}

Result<void> QueueService::remove_member(const Caller& caller, const std::string& queue_id, const std::string& user_id,
                                         const authz::Requirement& need) {
  Millis now = clock_.now();
  return store_.write(caller.org, [&](store::ReadWriteTransaction& tx) -> Result<void> {
    auto q = RP_TRY(find_queue(tx, queue_id));
    RP_CHECK(access_.authorize(caller, need, q.division_id));
    auto before = RP_TRY(tx.queue_members(queue_id));
    auto it = std::find_if(before.begin(), before.end(), [&](const auto& m) { return m.user_id == user_id; });
    if (it == before.end()) return not_a_member();
    RP_CHECK(tx.remove_queue_members(queue_id, {user_id}));
    return tx.insert_audit(audit_record(caller,
                                        {"routing.queue.members.remove", "queue", queue_id,
                                         members_snapshot(queue_id, {*it}), members_snapshot(queue_id, {})},
                                        now));
  });
}

Result<void> QueueService::set_member(const Caller& caller, const std::string& queue_id, const std::string& user_id,
                                      std::optional<bool> joined, std::optional<std::int64_t> ring_number,
                                      const authz::Requirement& need) {
  if (ring_number && *ring_number < 1) return invalid("ringNumber", "ringNumber must be 1 or more");
  Millis now = clock_.now();
  return store_.write(caller.org, [&](store::ReadWriteTransaction& tx) -> Result<void> {
    auto q = RP_TRY(find_queue(tx, queue_id));
    RP_CHECK(access_.authorize(caller, need, q.division_id));
    auto members = RP_TRY(tx.queue_members(queue_id));
    auto it = std::find_if(members.begin(), members.end(), [&](const auto& m) { return m.user_id == user_id; });
    if (it == members.end()) return not_a_member();
    auto after = *it;
    if (joined) after.joined = *joined;
    if (ring_number) after.ring_number = *ring_number;
    if (after == *it) return {};
    RP_CHECK(tx.update_queue_member(after));
    return tx.insert_audit(audit_record(caller,
                                        {"routing.queue.members.join", "queue", queue_id,
                                         members_snapshot(queue_id, {*it}), members_snapshot(queue_id, {after})},
                                        now));
  });
}

Result<std::vector<QueueMemberView>> QueueService::join_members(const Caller& caller, const std::string& queue_id,
                                                                const std::vector<std::pair<std::string, bool>>& joins,
                                                                const authz::Requirement& need) {
  if (joins.size() > kMaxMembers) return invalid("body", "At most 100 members may be given at once");
  Millis now = clock_.now();
  std::vector<QueueMemberView> out;
  RP_CHECK(store_.write(caller.org, [&](store::ReadWriteTransaction& tx) -> Result<void> {
    auto q = RP_TRY(find_queue(tx, queue_id));
    RP_CHECK(access_.authorize(caller, need, q.division_id));
    auto members = RP_TRY(tx.queue_members(queue_id));
    std::unordered_map<std::string, store::QueueMember> by_user;
    for (const auto& m : members) by_user.emplace(m.user_id, m);
    std::vector<store::QueueMember> before, after;
    std::vector<std::string> named;
    for (std::size_t i = 0; i < joins.size(); ++i) {
      auto it = by_user.find(joins[i].first);
      if (it == by_user.end())
        return invalid("body[" + std::to_string(i) + "].id",
                       "The user [" + joins[i].first + "] is not a member of the queue");
      if (std::find(named.begin(), named.end(), joins[i].first) == named.end()) named.push_back(joins[i].first);
      if (it->second.joined == joins[i].second) continue;
      before.push_back(it->second);
      it->second.joined = joins[i].second;
      RP_CHECK(tx.update_queue_member(it->second));
      after.push_back(it->second);
    }
    auto users = RP_TRY(live_users(tx, named));
    std::unordered_map<std::string, store::StatusInterval> routing;
    for (auto& s : RP_TRY(tx.open_statuses(store::StatusKind::routing, named))) routing[s.user_id] = s;
    for (const auto& id : named)
      out.push_back({by_user[id], users[id], routing[id].routing_status, routing[id].started});
    if (after.empty()) return {};
    return tx.insert_audit(audit_record(caller,
                                        {"routing.queue.members.join", "queue", queue_id,
                                         members_snapshot(queue_id, before), members_snapshot(queue_id, after)},
                                        now));
  }));
  return out;
}

Result<Page<UserQueueView>> QueueService::user_queues(const Caller& caller, const std::string& user_id,
                                                      std::optional<bool> joined,
                                                      const std::vector<std::string>& divisions,
                                                      const PageRequest& page, const authz::Requirement& need) {
  std::vector<UserQueueView> all;
  RP_CHECK(store_.read(caller.org, [&](store::Reader& tx) -> Result<void> {
    auto user = RP_TRY(live_user(tx, user_id));
    RP_CHECK(access_.authorize(caller, need, user.division_id));
    for (const auto& m : RP_TRY(tx.user_memberships(user_id))) {
      if (joined && m.joined != *joined) continue;
      auto q = RP_TRY(tx.get_queue(m.queue_id));
      if (!divisions.empty() && std::find(divisions.begin(), divisions.end(), q.division_id) == divisions.end())
        continue;
      all.push_back({RP_TRY(view_of(tx, std::move(q))), m.joined});
    }
    return {};
  }));
  return page_of(std::move(all), page);
}

Result<UserQueueView> QueueService::join(const Caller& caller, const std::string& user_id, const std::string& queue_id,
                                         bool joined, const authz::Requirement& need) {
  auto views = RP_TRY(join_all(caller, user_id, {{queue_id, joined}}, need));
  if (views.empty()) return not_a_member();
  return std::move(views.front());
}

Result<std::vector<UserQueueView>> QueueService::join_all(const Caller& caller, const std::string& user_id,
                                                          const std::vector<std::pair<std::string, bool>>& joins,
                                                          const authz::Requirement& need) {
  if (joins.size() > kMaxMembers) return invalid("body", "At most 100 queues may be given at once");
  Millis now = clock_.now();
  std::vector<UserQueueView> out;
  RP_CHECK(store_.write(caller.org, [&](store::ReadWriteTransaction& tx) -> Result<void> {
    auto user = RP_TRY(live_user(tx, user_id));
    RP_CHECK(access_.authorize(caller, need, user.division_id));
    std::unordered_map<std::string, store::QueueMember> by_queue;
    for (const auto& m : RP_TRY(tx.user_memberships(user_id))) by_queue.emplace(m.queue_id, m);
    std::vector<store::QueueMember> before, after;
    std::vector<std::string> named;
    for (const auto& [queue_id, joined] : joins) {
      auto it = by_queue.find(queue_id);
      if (it == by_queue.end()) continue;  // not a member: disregarded
      if (std::find(named.begin(), named.end(), queue_id) == named.end()) named.push_back(queue_id);
      if (it->second.joined == joined) continue;
      before.push_back(it->second);
      it->second.joined = joined;
      RP_CHECK(tx.update_queue_member(it->second));
      after.push_back(it->second);
    }
    for (const auto& id : named) out.push_back({RP_TRY(view_of(tx, RP_TRY(tx.get_queue(id)))), by_queue[id].joined});
    if (after.empty()) return {};
    return tx.insert_audit(audit_record(
        caller,
        {"routing.queue.members.join", "user", user_id, members_snapshot("", before), members_snapshot("", after)},
        now));
  }));
  return out;
}

}  // namespace rp::service
