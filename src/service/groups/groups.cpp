#include "service/groups/groups.h"

#include <algorithm>

#include "core/ids.h"
#include "core/reasons.h"
#include "core/strings.h"
#include "service/access/effects.h"
#include "service/common/audit.h"
#include "service/roles/role_support.h"
#include "service/trust/trusts.h"

namespace rp::service {
namespace {

constexpr std::size_t kMaxName = 255;
constexpr std::size_t kMaxDescription = 1024;
constexpr std::size_t kMaxMembersPerChange = 50;

std::unexpected<Error> group_not_found() {
  return fail(make_error(Errc::not_found, "Unable to find a group with that groupId"));
}

Result<void> validate(const GroupInput& in) {
  if (in.name.empty()) return invalid("name", "name is required");
  if (in.name.size() > kMaxName) return invalid("name", "name must be at most 255 characters");
  if (in.type != "official" && in.type != "social")
    return invalid("type", "Value [" + in.type + "] is not valid for type. Allowable values are: official, social");
  if (in.visibility != "public" && in.visibility != "owners" && in.visibility != "members")
    return invalid("visibility", "Value [" + in.visibility +
                                     "] is not valid for visibility. Allowable values are: public, owners, members");
  if (!in.rules_visible) return invalid("rulesVisible", "rulesVisible is required");
  if (in.description && in.description->size() > kMaxDescription)
    return invalid("description", "description must be at most 1024 characters");
  return {};
}

std::string snapshot(const store::Group& g) {
  return Snapshot()
      .add("id", g.id)
      .add("name", g.name)
      .add("description", g.description)
      .add("type", g.type)
      .add("visibility", g.visibility)
      .add("rulesVisible", g.rules_visible)
      .add("state", store::to_string(g.state))
      .add("version", g.version)
      .str();
}

// Every id names a user of the organization that is not deleted; `field` names the list.
Result<void> check_users(store::Reader& tx, const std::vector<std::string>& ids, const std::string& field) {
  for (std::size_t i = 0; i < ids.size(); ++i) {
    auto unknown = [&] {
      return invalid(field + "[" + std::to_string(i) + "]", "No user with the id [" + ids[i] + "] exists");
    };
    if (!is_uuid(ids[i])) return unknown();
    auto user = tx.get_user(ids[i]);
    if (!user && user.error().code != Errc::not_found) return fail(user.error());
    if (!user || user->state == store::UserState::deleted) return unknown();
  }
  return {};
}

// The group, unless it is absent or deleted.
Result<store::Group> live_group(store::Reader& tx, const std::string& id) {
  auto g = tx.get_group(id);
  if (!g) return g.error().code == Errc::not_found ? group_not_found() : fail(g.error());
  if (g->state == store::GroupState::deleted) return group_not_found();
  return g;
}

std::unexpected<Error> stale(std::int64_t current) {
  return fail(
      make_error(Errc::conflict, "The group was modified by someone else (version " + std::to_string(current) + ")")
          .with_reason(reason::version_mismatch)
          .with_param("version", std::to_string(current)));
}

std::unexpected<Error> duplicate_name(const std::string& name) {
  return fail(make_error(Errc::conflict, "A group named [" + name + "] already exists")
                  .with_field("name")
                  .with_reason(reason::duplicate));
}

Result<void> name_conflict_as_duplicate(Result<void> r, const std::string& name) {
  if (!r && r.error().code == Errc::conflict && r.error().reason == reason::duplicate) return duplicate_name(name);
  return r;
}

}  // namespace

Result<Page<store::Group>> GroupService::list(const Caller& caller, const store::GroupQuery& query) {
  Page<store::Group> page;
  RP_CHECK(store_.read(caller.org, [&](store::Reader& tx) -> Result<void> {
    page = RP_TRY(tx.list_groups(query));
    return {};
  }));
  return page;
}

Result<store::Group> GroupService::get(const Caller& caller, const std::string& id) {
  if (!is_uuid(id)) return group_not_found();
  store::Group g;
  RP_CHECK(store_.read(caller.org, [&](store::Reader& tx) -> Result<void> {
    g = RP_TRY(live_group(tx, id));
    return {};
  }));
  return g;
}

Result<store::Group> GroupService::create(const Caller& caller, GroupInput in) {
  in.name = std::string(trim(in.name));
  RP_CHECK(validate(in));
  in.owner_ids = detail::unique(in.owner_ids);
  store::Group g;
  g.id = new_uuid();
  g.name = in.name;
  g.description = in.description.value_or("");
  g.type = in.type;
  g.visibility = in.visibility;
  g.rules_visible = *in.rules_visible;
  g.owner_ids = in.owner_ids;
  g.created = g.modified = clock_.now();
  RP_CHECK(store_.write(caller.org, [&](store::ReadWriteTransaction& tx) -> Result<void> {
    RP_CHECK(check_users(tx, g.owner_ids, "ownerIds"));
    RP_CHECK(name_conflict_as_duplicate(tx.insert_group(g), g.name));
    return tx.insert_audit(audit_record(caller, {"group.create", "group", g.id, "", snapshot(g)}, g.created));
  }));
  return g;
}

Result<store::Group> GroupService::update(const Caller& caller, const std::string& id, GroupInput in) {
  if (!is_uuid(id)) return group_not_found();
  in.name = std::string(trim(in.name));
  RP_CHECK(validate(in));
  if (!in.version) return invalid("version", "version is required");
  in.owner_ids = detail::unique(in.owner_ids);
  store::Group after;
  RP_CHECK(store_.write(caller.org, [&](store::ReadWriteTransaction& tx) -> Result<void> {
    store::Group before = RP_TRY(live_group(tx, id));
    if (*in.version != before.version) return stale(before.version);
    RP_CHECK(check_users(tx, in.owner_ids, "ownerIds"));
    after = before;
    after.name = in.name;
    if (in.description) after.description = *in.description;
    after.type = in.type;
    after.visibility = in.visibility;
    after.rules_visible = *in.rules_visible;
    after.owner_ids = in.owner_ids;
    after.version = before.version + 1;
    after.modified = clock_.now();
    RP_CHECK(name_conflict_as_duplicate(tx.update_group(after, before.version), after.name));
    return tx.insert_audit(
        audit_record(caller, {"group.update", "group", id, snapshot(before), snapshot(after)}, after.modified));
  }));
  return after;
}

Result<void> GroupService::remove(const Caller& caller, const std::string& id) {
  if (!is_uuid(id)) return group_not_found();
  return write_with_effects(
      store_, access_, tokens_, caller.org, [&](store::ReadWriteTransaction& tx, Effects& fx) -> Result<void> {
        store::Group before = RP_TRY(live_group(tx, id));
        store::Group after = before;
        after.state = store::GroupState::deleted;
        after.version = before.version + 1;
        after.modified = clock_.now();
        RP_CHECK(leave_trusts(tx, fx, caller, store::MemberKind::group, id, after.modified));
        // Its roles go with it (its members held them).
        auto grants = RP_TRY(tx.grants_of(id));
        if (!grants.empty()) {
          RP_CHECK(tx.delete_grants_of(id));
          for (const auto& g : grants)
            RP_CHECK(tx.insert_audit(
                audit_record(caller, {"grant.remove", "grant", id, service::snapshot(g), ""}, after.modified)));
          fx.rebuild();
        }
        RP_CHECK(tx.update_group(after, before.version));
        after.member_count = 0;
        return tx.insert_audit(
            audit_record(caller, {"group.delete", "group", id, snapshot(before), snapshot(after)}, after.modified));
      });
}

Result<Page<UserView>> GroupService::members(const Caller& caller, const std::string& id, const PageRequest& page) {
  if (!is_uuid(id)) return group_not_found();
  Page<UserView> out;
  RP_CHECK(store_.read(caller.org, [&](store::Reader& tx) -> Result<void> {
    RP_TRY(live_group(tx, id));
    auto ids = RP_TRY(tx.group_members(id));
    if (ids.empty()) return {};
    store::UserQuery q;
    q.page = page;
    q.ids = std::move(ids);
    auto users = RP_TRY(tx.list_users(q));
    auto divisions = RP_TRY(tx.list_divisions());
    out.total = users.total;
    for (auto& u : users.items) {
      store::Division division;
      for (const auto& d : divisions)
        if (d.id == u.division_id) division = d;
      out.items.push_back(UserView{std::move(u), std::move(division)});
    }
    return {};
  }));
  return out;
}

Result<void> GroupService::add_members(const Caller& caller, const std::string& id, std::vector<std::string> user_ids,
                                       std::optional<std::int64_t> version) {
  RP_TRY(change_members(caller, id, std::move(user_ids), version, true));
  return {};
}

Result<void> GroupService::remove_members(const Caller& caller, const std::string& id,
                                          std::vector<std::string> user_ids) {
  RP_TRY(change_members(caller, id, std::move(user_ids), std::nullopt, false));
  return {};
}

Result<store::Group> GroupService::change_members(const Caller& caller, const std::string& id,
                                                  std::vector<std::string> user_ids,
                                                  std::optional<std::int64_t> version, bool add) {
  const std::string field = add ? "memberIds" : "ids";
  if (user_ids.empty() || user_ids.size() > kMaxMembersPerChange)
    return invalid(field, field + " must list 1 to " + std::to_string(kMaxMembersPerChange) + " user ids");
  if (!is_uuid(id)) return group_not_found();
  user_ids = detail::unique(user_ids);
  store::Group after;
  RP_CHECK(write_with_effects(
      store_, access_, tokens_, caller.org, [&](store::ReadWriteTransaction& tx, Effects& fx) -> Result<void> {
        store::Group before = RP_TRY(live_group(tx, id));
        if (version && *version != before.version) return stale(before.version);
        if (add) {
          RP_CHECK(check_users(tx, user_ids, field));
          RP_CHECK(tx.add_group_members(id, user_ids));
        } else {
          RP_CHECK(tx.remove_group_members(id, user_ids));
        }
        RP_CHECK(trusted_group_changed(tx, fx, id, add ? std::vector<std::string>{} : user_ids));
        // The members' own index entries hold the group's roles.
        for (const auto& user : user_ids) fx.grants_changed(user);
        after = before;
        after.version = before.version + 1;
        after.modified = clock_.now();
        RP_CHECK(tx.update_group(after, before.version));
        Snapshot change;
        change.add("version", after.version).add_raw("userIds", json_string_array(user_ids));
        return tx.insert_audit(audit_record(
            caller, {add ? "group.members.add" : "group.members.remove", "group", id, snapshot(before), change.str()},
            after.modified));
      }));
  return after;
}

Result<std::vector<std::string>> GroupService::groups_of_user(const Caller& caller, const std::string& user_id) {
  std::vector<std::string> out;
  RP_CHECK(store_.read(caller.org, [&](store::Reader& tx) -> Result<void> {
    out = RP_TRY(tx.groups_of_user(user_id));
    return {};
  }));
  return out;
}

}  // namespace rp::service
