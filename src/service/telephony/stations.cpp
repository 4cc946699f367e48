#include "service/telephony/stations.h"

#include <algorithm>
#include <unordered_map>

#include "core/ids.h"
#include "core/reasons.h"
#include "core/strings.h"
#include "service/common/audit.h"
#include "service/users/users.h"

namespace rp::service {
namespace {

std::unexpected<Error> phone_not_found() {
  return fail(make_error(Errc::not_found, "Unable to find a phone with that phoneId"));
}
std::unexpected<Error> station_not_found() {
  return fail(make_error(Errc::not_found, "Unable to find a station with that stationId"));
}

Result<store::Phone> find_phone(store::Reader& tx, const std::string& id) {
  if (!is_uuid(id)) return phone_not_found();
  auto p = tx.get_phone(id);
  if (!p) return p.error().code == Errc::not_found ? phone_not_found() : fail(p.error());
  return p;
}

Result<store::Phone> find_station(store::Reader& tx, const std::string& id) {
  if (!is_uuid(id)) return station_not_found();
  auto p = tx.phone_of_station(id);
  if (!p) return p.error().code == Errc::not_found ? station_not_found() : fail(p.error());
  return p;
}

// Who holds each of the phones' stations.
Result<std::vector<StationView>> views_of(store::Reader& tx, std::vector<store::Phone> phones) {
  std::vector<std::string> ids;
  for (const auto& p : phones) ids.push_back(p.station_id);
  std::unordered_map<std::string, const store::UserStation*> associated, defaulting;
  auto holders = RP_TRY(tx.station_users(ids));
  for (const auto& h : holders) {
    if (!h.associated.empty()) associated[h.associated] = &h;
    if (!h.default_station.empty()) defaulting[h.default_station] = &h;
  }
  std::vector<StationView> out;
  for (auto& p : phones) {
    StationView v;
    if (auto it = associated.find(p.station_id); it != associated.end()) {
      v.associated_user = it->second->user_id;
      v.associated_at = it->second->associated_at;
    }
    if (auto it = defaulting.find(p.station_id); it != defaulting.end()) v.default_user = it->second->user_id;
    v.phone = std::move(p);
    out.push_back(std::move(v));
  }
  return out;
}

Result<StationView> view_of(store::Reader& tx, store::Phone phone) {
  return std::move(RP_TRY(views_of(tx, {std::move(phone)})).front());
}

// The user's stations as stored (all empty when it has none).
Result<store::UserStation> stations_of(store::Reader& tx, const std::string& user_id) {
  auto rows = RP_TRY(tx.user_stations_of({user_id}));
  if (rows.empty()) return store::UserStation{.user_id = user_id};
  return rows.front();
}

std::string snapshot(const store::Phone& p) {
  return Snapshot()
      .add("id", p.id)
      .add("name", p.name)
      .add("webRtcUserId", p.web_rtc_user_id)
      .add("stationId", p.station_id)
      .str();
}

std::string snapshot(const store::UserStation& s) {
  return Snapshot()
      .add("associatedStationId", s.associated)
      .add("defaultStationId", s.default_station)
      .add("lastAssociatedStationId", s.last)
      .str();
}

// Writes the user's stations as `after`, with the audit record `action`.
Result<void> record(store::ReadWriteTransaction& tx, const Caller& caller, std::string_view action,
                    const store::UserStation& before, const store::UserStation& after, Millis now) {
  RP_CHECK(tx.set_user_station(after));
  return tx.insert_audit(audit_record(caller, {action, "user", after.user_id, snapshot(before), snapshot(after)}, now));
}

// The association ended: the station becomes the user's last one.
store::UserStation dissociated(store::UserStation s) {
  s.last = s.associated;
  s.associated.clear();
  s.associated_at.reset();
  return s;
}

// Whoever is associated with the station (or, `as_default`, defaults to
// it) lets it go.
Result<void> release(store::ReadWriteTransaction& tx, const Caller& caller, const std::string& station_id,
                     bool as_default, Millis now) {
  for (const auto& holder : RP_TRY(tx.station_users({station_id}))) {
    if ((as_default ? holder.default_station : holder.associated) != station_id) continue;
    auto after = as_default ? holder : dissociated(holder);
    if (as_default) after.default_station.clear();
    RP_CHECK(record(tx, caller, as_default ? "user.station.default" : "user.station.dissociate", holder, after, now));
  }
  return {};
}

}  // namespace

Result<std::vector<UserStationsView>> user_stations_of(store::Reader& tx, const std::vector<std::string>& user_ids) {
  std::vector<UserStationsView> out(user_ids.size());
  auto rows = RP_TRY(tx.user_stations_of(user_ids));
  if (rows.empty()) return out;
  std::unordered_map<std::string, StationView> by_station;
  std::vector<store::Phone> phones;
  for (auto& p : RP_TRY(tx.all_phones()))
    for (const auto& r : rows)
      if (p.station_id == r.associated || p.station_id == r.default_station || p.station_id == r.last) {
        phones.push_back(std::move(p));
        break;
      }
  for (auto& v : RP_TRY(views_of(tx, std::move(phones)))) {
    auto id = v.phone.station_id;
    by_station.emplace(std::move(id), std::move(v));
  }
  auto pick = [&](const std::string& id) -> std::optional<StationView> {
    if (auto it = by_station.find(id); it != by_station.end()) return it->second;
    return std::nullopt;
  };
  std::unordered_map<std::string, const store::UserStation*> by_user;
  for (const auto& r : rows) by_user[r.user_id] = &r;
  for (std::size_t i = 0; i < user_ids.size(); ++i)
    if (auto it = by_user.find(user_ids[i]); it != by_user.end())
      out[i] = {pick(it->second->associated), pick(it->second->default_station), pick(it->second->last)};
  return out;
}

std::string_view station_type(const store::Phone& p) {
  return p.web_rtc_user_id.empty() ? "inin_remote" : "inin_webrtc_softphone";
}

Result<store::Phone> StationService::create_phone(const Caller& caller, PhoneInput input) {
  store::Phone p;
  p.name = std::string(trim(input.name));
  if (p.name.empty()) return invalid("name", "name is required");
  if (p.name.size() > kMaxName) return invalid("name", "name must be at most 255 characters");
  if (input.line_names.size() > kMaxLines) return invalid("lines", "A phone has at most 10 lines");
  if (input.line_names.empty()) input.line_names.push_back(p.name);
  for (std::size_t i = 0; i < input.line_names.size(); ++i) {
    auto name = std::string(trim(input.line_names[i]));
    if (name.empty() || name.size() > kMaxName)
      return invalid("lines[" + std::to_string(i) + "].name", "A line's name is 1 to 255 characters");
    p.lines.push_back({new_uuid(), std::move(name)});
  }
  p.id = new_uuid();
  p.station_id = new_uuid();
  p.description = std::move(input.description);
  p.site = std::move(input.site);
  p.base_settings = std::move(input.base_settings);
  p.created = clock_.now();
  RP_CHECK(store_.write(caller.org, [&](store::ReadWriteTransaction& tx) -> Result<void> {
    if (!input.web_rtc_user_id.empty()) {
      if (!RP_TRY(find_live_user(tx, input.web_rtc_user_id)))
        return invalid("webRtcUser.id", "No user with the id [" + input.web_rtc_user_id + "] exists");
      p.web_rtc_user_id = input.web_rtc_user_id;
    }
    if (auto inserted = tx.insert_phone(p); !inserted) {
      if (inserted.error().code != Errc::conflict || inserted.error().reason != reason::duplicate) return inserted;
      for (const auto& other : RP_TRY(tx.all_phones()))
        if (!p.web_rtc_user_id.empty() && other.web_rtc_user_id == p.web_rtc_user_id)
          return fail(make_error(Errc::conflict, "The user already has a WebRTC phone")
                          .with_field("webRtcUser.id")
                          .with_reason(reason::duplicate));
      return fail(make_error(Errc::conflict, "The name [" + p.name + "] is already in use")
                      .with_field("name")
                      .with_reason(reason::duplicate));
    }
    return tx.insert_audit(audit_record(caller, {"telephony.phone.create", "phone", p.id, "", snapshot(p)}, p.created));
  }));
  return p;
}

Result<store::Phone> StationService::phone(const Caller& caller, const std::string& id) {
  store::Phone out;
  RP_CHECK(store_.read(caller.org, [&](store::Reader& tx) -> Result<void> {
    out = RP_TRY(find_phone(tx, id));
    return {};
  }));
  return out;
}

Result<Page<store::Phone>> StationService::phones(const Caller& caller, const PageRequest& page) {
  std::vector<store::Phone> all;
  RP_CHECK(store_.read(caller.org, [&](store::Reader& tx) -> Result<void> {
    all = RP_TRY(tx.all_phones());
    return {};
  }));
  return page_of(std::move(all), page);
}

Result<void> StationService::delete_phone(const Caller& caller, const std::string& id) {
  Millis now = clock_.now();
  return store_.write(caller.org, [&](store::ReadWriteTransaction& tx) -> Result<void> {
    auto before = RP_TRY(find_phone(tx, id));
    RP_CHECK(tx.delete_phone(id));
    return tx.insert_audit(audit_record(caller, {"telephony.phone.delete", "phone", id, snapshot(before), ""}, now));
  });
}

Result<Page<StationView>> StationService::stations(const Caller& caller, const StationFilter& f) {
  Page<StationView> out;
  RP_CHECK(store_.read(caller.org, [&](store::Reader& tx) -> Result<void> {
    std::vector<store::Phone> kept;
    for (auto& p : RP_TRY(tx.all_phones())) {
      if (!f.name.empty() && !iequals(p.name, f.name)) continue;
      if (!f.web_rtc_user_id.empty() && p.web_rtc_user_id != f.web_rtc_user_id) continue;
      if (!f.ids.empty() && std::find(f.ids.begin(), f.ids.end(), p.station_id) == f.ids.end()) continue;
      if (!f.line_appearance_id.empty() && (p.lines.empty() || p.lines.front().id != f.line_appearance_id)) continue;
      kept.push_back(std::move(p));
    }
    auto page = page_of(std::move(kept), f.page);
    out.total = page.total;
    out.items = RP_TRY(views_of(tx, std::move(page.items)));
    return {};
  }));
  return out;
}

Result<StationView> StationService::station(const Caller& caller, const std::string& id) {
  StationView out;
  RP_CHECK(store_.read(caller.org, [&](store::Reader& tx) -> Result<void> {
    out = RP_TRY(view_of(tx, RP_TRY(find_station(tx, id))));
    return {};
  }));
  return out;
}

Result<void> StationService::disassociate_station(const Caller& caller, const std::string& station_id) {
  Millis now = clock_.now();
  return store_.write(caller.org, [&](store::ReadWriteTransaction& tx) -> Result<void> {
    auto phone = RP_TRY(find_station(tx, station_id));
    return release(tx, caller, phone.station_id, false, now);
  });
}

Result<UserStationsView> StationService::user_stations(const Caller& caller, const std::string& user_id,
                                                       const authz::Requirement& need) {
  UserStationsView out;
  RP_CHECK(store_.read(caller.org, [&](store::Reader& tx) -> Result<void> {
    auto user = RP_TRY(live_user(tx, user_id));
    RP_CHECK(access_.authorize(caller, need, user.division_id));
    out = std::move(RP_TRY(user_stations_of(tx, {user_id})).front());
    return {};
  }));
  return out;
}

Result<void> StationService::change_stations(const Caller& caller, const std::string& user_id,
                                             const authz::Requirement& need, const StationChange& change) {
  Millis now = clock_.now();
  return store_.write(caller.org, [&](store::ReadWriteTransaction& tx) -> Result<void> {
    auto user = RP_TRY(live_user(tx, user_id));
    RP_CHECK(access_.authorize(caller, need, user.division_id));
    return change(tx, RP_TRY(stations_of(tx, user_id)), now);
  });
}

Result<void> StationService::associate(const Caller& caller, const std::string& user_id, const std::string& station_id,
                                       const authz::Requirement& need) {
  return change_stations(caller, user_id, need, [&](auto& tx, const auto& mine, Millis now) -> Result<void> {
    auto phone = RP_TRY(find_station(tx, station_id));
    if (mine.associated == phone.station_id) return {};
    // Taking over a station another user holds, as signing in to a shared phone does.
    RP_CHECK(release(tx, caller, phone.station_id, false, now));
    auto after = mine.associated.empty() ? mine : dissociated(mine);
    after.associated = phone.station_id;
    after.associated_at = now;
    return record(tx, caller, "user.station.associate", mine, after, now);
  });
}

Result<void> StationService::dissociate(const Caller& caller, const std::string& user_id,
                                        const authz::Requirement& need) {
  return change_stations(caller, user_id, need, [&](auto& tx, const auto& mine, Millis now) -> Result<void> {
    if (mine.associated.empty()) return {};
    return record(tx, caller, "user.station.dissociate", mine, dissociated(mine), now);
  });
}

Result<void> StationService::set_default(const Caller& caller, const std::string& user_id,
                                         const std::string& station_id, const authz::Requirement& need) {
  return change_stations(caller, user_id, need, [&](auto& tx, const auto& mine, Millis now) -> Result<void> {
    auto phone = RP_TRY(find_station(tx, station_id));
    if (mine.default_station == phone.station_id) return {};
    RP_CHECK(release(tx, caller, phone.station_id, true, now));
    auto after = mine;
    after.default_station = phone.station_id;
    return record(tx, caller, "user.station.default", mine, after, now);
  });
}

Result<void> StationService::clear_default(const Caller& caller, const std::string& user_id,
                                           const authz::Requirement& need) {
  return change_stations(caller, user_id, need, [&](auto& tx, const auto& mine, Millis now) -> Result<void> {
    if (mine.default_station.empty()) return {};
    auto after = mine;
    after.default_station.clear();
    return record(tx, caller, "user.station.default", mine, after, now);
  });
}

}  // namespace rp::service
