#include "service/presence/presence.h"

#include <algorithm>

#include "core/ids.h"
#include "core/reasons.h"
#include "core/strings.h"
#include "service/common/audit.h"
#include "service/users/users.h"

namespace rp::service {
namespace {

using store::StatusInterval;
using store::StatusKind;

constexpr std::string_view kOnQueue = "ON_QUEUE";
constexpr std::string_view kOffQueue = "OFF_QUEUE";
constexpr std::string_view kIdle = "IDLE";
// What a routing status may be set to while on queue.
constexpr std::string_view kReported[] = {"IDLE", "INTERACTING", "COMMUNICATING", "NOT_RESPONDING"};

const authz::Requirement& edit_others() {
  static const authz::Requirement need = authz::Requirement::any_of({"presence:userPresence:edit"});
  return need;
}

std::unexpected<Error> definition_not_found() {
  return fail(make_error(Errc::not_found, "Unable to find a presence definition with that presenceId"));
}

PresenceDefinitionView primary_view(const store::PrimaryPresence& p) {
  PresenceDefinitionView v;
  v.primary = true;
  v.definition.id = std::string(p.id);
  v.definition.system_presence = std::string(p.system_presence);
  v.definition.labels = {{"en_US", std::string(p.label)}};
  return v;
}

const store::PrimaryPresence* find_primary(std::string_view id) {
  for (const auto& p : store::primary_presences())
    if (p.id == id) return &p;
  return nullptr;
}

// The definition, primary or the organization's (deleted ones included).
Result<PresenceDefinitionView> find_definition(store::Reader& tx, const std::string& id) {
  if (const auto* p = find_primary(id)) return primary_view(*p);
  if (!is_uuid(id)) return definition_not_found();
  auto d = tx.get_presence_definition(id);
  if (!d) return d.error().code == Errc::not_found ? definition_not_found() : fail(d.error());
  return PresenceDefinitionView{std::move(*d), false};
}

Result<void> validate_labels(const std::vector<std::pair<std::string, std::string>>& labels) {
  if (labels.empty()) return invalid("languageLabels", "languageLabels needs at least one label");
  for (const auto& [locale, label] : labels) {
    if (locale.empty() || label.empty() || label.size() > PresenceService::kMaxLabel)
      return invalid("languageLabels", "Each label must be 1 to 255 characters, under a locale");
  }
  return {};
}

std::string snapshot(const store::PresenceDefinition& d) {
  std::vector<std::string> flat;
  for (const auto& [locale, label] : d.labels) flat.push_back(locale + "=" + label);
  return Snapshot()
      .add("id", d.id)
      .add("systemPresence", d.system_presence)
      .add_raw("languageLabels", json_string_array(flat))
      .add("deactivated", d.deactivated)
      .add("deleted", d.deleted)
      .str();
}

std::string snapshot(const StatusInterval& presence, const StatusInterval& routing, std::string_view message) {
  return Snapshot()
      .add("presenceDefinitionId", presence.presence_id)
      .add("systemPresence", presence.system_presence)
      .add("message", message)
      .add("routingStatus", routing.routing_status)
      .add("since", presence.started > routing.started ? presence.started : routing.started)
      .str();
}

// Self, or presence:userPresence:edit in the user's division.
Result<void> may_set(Access& access, const Caller& caller, const store::User& user) {
  if (caller.subject_type == store::SubjectType::user && caller.subject_id == user.id) return {};
  return access.authorize(caller, edit_others(), user.division_id);
}

// `next` opens at `now`, or at the open interval's start if that is later.
Result<StatusInterval> change(store::ReadWriteTransaction& tx, const StatusInterval& open, StatusInterval next,
                              Millis now) {
  next.user_id = open.user_id;
  next.kind = open.kind;
  next.started = std::max(now, open.started);
  next.ended.reset();
  RP_CHECK(tx.change_status(next));
  return next;
}

StatusInterval routing_interval(std::string_view status) {
  StatusInterval s;
  s.kind = StatusKind::routing;
  s.routing_status = std::string(status);
  return s;
}

}  // namespace

std::optional<std::string> system_presence_enum(std::string_view text) {
  for (const auto& p : store::primary_presences())
    if (iequals(text, p.label) || iequals(text, p.system_presence)) return std::string(p.system_presence);
  return std::nullopt;
}

std::string_view system_presence_label(std::string_view enum_form) {
  for (const auto& p : store::primary_presences())
    if (p.system_presence == enum_form) return p.label;
  return enum_form;
}

Result<std::vector<PresenceDefinitionView>> PresenceService::definitions(const Caller& caller, DeletedFilter which) {
  std::vector<PresenceDefinitionView> out;
  if (which != DeletedFilter::deleted)
    for (const auto& p : store::primary_presences()) out.push_back(primary_view(p));
  RP_CHECK(store_.read(caller.org, [&](store::Reader& tx) -> Result<void> {
    for (auto& d : RP_TRY(tx.list_presence_definitions())) {
      bool shown = which == DeletedFilter::all || (which == DeletedFilter::deleted) == d.deleted;
      if (shown) out.push_back({std::move(d), false});
    }
    return {};
  }));
  return out;
}

Result<PresenceDefinitionView> PresenceService::definition(const Caller& caller, const std::string& id) {
  PresenceDefinitionView out;
  RP_CHECK(store_.read(caller.org, [&](store::Reader& tx) -> Result<void> {
    out = RP_TRY(find_definition(tx, id));
    return {};
  }));
  return out;
}

Result<PresenceDefinitionView> PresenceService::create(const Caller& caller,
                                                       std::vector<std::pair<std::string, std::string>> labels,
                                                       const std::string& system_presence) {
  RP_CHECK(validate_labels(labels));
  auto system = system_presence_enum(system_presence);
  if (!system)
    return invalid("systemPresence", "Value [" + system_presence + "] is not one of the ten system presences");
  PresenceDefinitionView out;
  auto& d = out.definition;
  d.id = new_uuid();
  d.system_presence = *system;
  d.labels = std::move(labels);
  d.created_by = d.modified_by = caller.subject_id;
  d.created = d.modified = clock_.now();
  RP_CHECK(store_.write(caller.org, [&](store::ReadWriteTransaction& tx) -> Result<void> {
    RP_CHECK(tx.insert_presence_definition(d));
    return tx.insert_audit(
        audit_record(caller, {"presence.definition.create", "presenceDefinition", d.id, "", snapshot(d)}, d.created));
  }));
  return out;
}

Result<PresenceDefinitionView> PresenceService::update(const Caller& caller, const std::string& id,
                                                       std::vector<std::pair<std::string, std::string>> labels,
                                                       std::optional<std::string> system_presence, bool deactivated) {
  if (find_primary(id)) return invalid("id", "A primary presence definition cannot be changed");
  RP_CHECK(validate_labels(labels));
  std::optional<std::string> system;
  if (system_presence) {
    system = system_presence_enum(*system_presence);
    if (!system)
      return invalid("systemPresence", "Value [" + *system_presence + "] is not one of the ten system presences");
  }
  Millis now = clock_.now();
  PresenceDefinitionView out;
  RP_CHECK(store_.write(caller.org, [&](store::ReadWriteTransaction& tx) -> Result<void> {
    auto before = RP_TRY(find_definition(tx, id));
    if (before.definition.deleted) return definition_not_found();
    auto& d = out.definition;
    d = before.definition;
    d.labels = std::move(labels);
    if (system) d.system_presence = *system;
    d.deactivated = deactivated;
    if (d == before.definition) return {};
    d.modified_by = caller.subject_id;
    d.modified = now;
    RP_CHECK(tx.update_presence_definition(d));
    return tx.insert_audit(audit_record(
        caller, {"presence.definition.update", "presenceDefinition", id, snapshot(before.definition), snapshot(d)},
        now));
  }));
  return out;
}

Result<void> PresenceService::remove(const Caller& caller, const std::string& id) {
  if (find_primary(id)) return invalid("id", "A primary presence definition cannot be deleted");
  Millis now = clock_.now();
  return store_.write(caller.org, [&](store::ReadWriteTransaction& tx) -> Result<void> {
    auto before = RP_TRY(find_definition(tx, id));
    if (before.definition.deleted) return definition_not_found();
    auto after = before.definition;
    after.deleted = true;
    after.modified_by = caller.subject_id;
    after.modified = now;
    RP_CHECK(tx.update_presence_definition(after));
    return tx.insert_audit(audit_record(
        caller, {"presence.definition.delete", "presenceDefinition", id, snapshot(before.definition), snapshot(after)},
        now));
  });
}

Result<UserPresenceView> PresenceService::presence(const Caller& caller, const std::string& user_id) {
  UserPresenceView out;
  RP_CHECK(store_.read(caller.org, [&](store::Reader& tx) -> Result<void> {
    RP_TRY(live_user(tx, user_id));
    auto open = RP_TRY(tx.open_status(user_id, StatusKind::presence));
    out.definition = RP_TRY(find_definition(tx, open.presence_id));
    out.modified = open.started;
    if (auto note = RP_TRY(tx.presence_note(user_id))) {
      out.message = note->message;
      out.modified = std::max(out.modified, note->modified);
    }
    return {};
  }));
  return out;
}

Result<UserPresenceView> PresenceService::set_presence(const Caller& caller, const std::string& user_id,
                                                       const std::string& definition_id,
                                                       std::optional<std::string> message) {
  Millis now = clock_.now();
  UserPresenceView out;
  RP_CHECK(store_.write(caller.org, [&](store::ReadWriteTransaction& tx) -> Result<void> {
    auto user = RP_TRY(live_user(tx, user_id));
    RP_CHECK(may_set(access_, caller, user));
    auto unusable = [&] {
      return invalid("presenceDefinition.id",
                     "No presence definition that can be set has the id [" + definition_id + "]");
    };
    if (definition_id.empty()) return invalid("presenceDefinition.id", "presenceDefinition.id is required");
    auto found = find_definition(tx, definition_id);
    if (!found) return found.error().code == Errc::not_found ? unusable() : fail(found.error());
    if (found->definition.deleted || found->definition.deactivated) return unusable();
    out.definition = *found;

    auto presence = RP_TRY(tx.open_status(user_id, StatusKind::presence));
    auto routing = RP_TRY(tx.open_status(user_id, StatusKind::routing));
    auto note = RP_TRY(tx.presence_note(user_id));
    const std::string old_message = note ? note->message : "";
    const std::string before = snapshot(presence, routing, old_message);
    bool changed = false;
    if (presence.presence_id != definition_id) {
      const bool was_on_queue = presence.system_presence == kOnQueue;
      StatusInterval next;
      next.system_presence = found->definition.system_presence;
      next.presence_id = definition_id;
      presence = RP_TRY(change(tx, presence, next, now));
      const bool on_queue = presence.system_presence == kOnQueue;
      if (on_queue && routing.routing_status == kOffQueue)
        routing = RP_TRY(change(tx, routing, routing_interval(kIdle), presence.started));
      else if (was_on_queue && !on_queue && routing.routing_status != kOffQueue)
        routing = RP_TRY(change(tx, routing, routing_interval(kOffQueue), presence.started));
      changed = true;
    }
    out.message = old_message;
    out.modified = std::max(presence.started, note ? note->modified : Millis{0});
    if (message && *message != old_message) {
      RP_CHECK(tx.set_presence_note(user_id, {*message, std::max(now, presence.started)}));
      out.message = *message;
      out.modified = std::max(now, presence.started);
      changed = true;
    }
    if (!changed) return {};
    return tx.insert_audit(audit_record(
        caller, {"user.presence.set", "user", user_id, before, snapshot(presence, routing, out.message)}, now));
  }));
  return out;
}

Result<RoutingStatusView> PresenceService::routing_status(const Caller& caller, const std::string& user_id) {
  RoutingStatusView out{user_id, "", 0};
  RP_CHECK(store_.read(caller.org, [&](store::Reader& tx) -> Result<void> {
    if (!is_uuid(user_id)) return fail(user_not_found());
    auto found = tx.get_user(user_id);
    if (!found) return found.error().code == Errc::not_found ? fail(user_not_found()) : fail(found.error());
    auto open = RP_TRY(tx.open_status(user_id, StatusKind::routing));
    out.status = open.routing_status;
    out.started = open.started;
    if (found->state == store::UserState::deleted) {
      out.status = std::string(kOffQueue);
      out.started = std::max(open.started, found->modified);
    }
    return {};
  }));
  return out;
}

Result<RoutingStatusView> PresenceService::set_routing_status(const Caller& caller, const std::string& user_id,
                                                              const std::string& status) {
  Millis now = clock_.now();
  RoutingStatusView out{user_id, status, 0};
  RP_CHECK(store_.write(caller.org, [&](store::ReadWriteTransaction& tx) -> Result<void> {
    auto user = RP_TRY(live_user(tx, user_id));
    RP_CHECK(may_set(access_, caller, user));
    auto refused = [](const std::string& why) {
      return fail(make_error(Errc::invalid_argument, why).with_reason(reason::bad_request));
    };
    if (status.empty()) return invalid("status", "status is required");
    if (std::find(std::begin(kReported), std::end(kReported), status) == std::end(kReported))
      return refused("The routing status can be set to IDLE, INTERACTING, COMMUNICATING or NOT_RESPONDING, not [" +
                     status + "]; going on or off queue is a presence change");
    auto presence = RP_TRY(tx.open_status(user_id, StatusKind::presence));
    if (presence.system_presence != kOnQueue)
      return refused("The routing status can be set only while the user is On Queue");
    auto routing = RP_TRY(tx.open_status(user_id, StatusKind::routing));
    out.started = routing.started;
    if (routing.routing_status == status) return {};
    const std::string before = snapshot(presence, routing, "");
    routing = RP_TRY(change(tx, routing, routing_interval(status), now));
    out.started = routing.started;
    return tx.insert_audit(audit_record(
        caller, {"user.routingstatus.set", "user", user_id, before, snapshot(presence, routing, "")}, now));
  }));
  return out;
}

Result<void> go_offline(store::ReadWriteTransaction& tx, const std::string& user_id, Millis now) {
  const auto& offline = store::offline_presence();
  auto presence = RP_TRY(tx.open_status(user_id, StatusKind::presence));
  if (presence.presence_id != offline.id) {
    StatusInterval next;
    next.system_presence = std::string(offline.system_presence);
    next.presence_id = std::string(offline.id);
    presence = RP_TRY(change(tx, presence, next, now));
  }
  auto routing = RP_TRY(tx.open_status(user_id, StatusKind::routing));
  if (routing.routing_status != kOffQueue) RP_TRY(change(tx, routing, routing_interval(kOffQueue), presence.started));
  return {};
}

}  // namespace rp::service
