#include "service/users/user_contact.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "core/ids.h"
#include "core/reasons.h"
#include "service/common/audit.h"
#include "service/users/users.h"

namespace rp::service {
namespace {

const authz::Requirement& edit_others() {
  static const authz::Requirement need = authz::Requirement::any_of({"directory:user:edit"});
  return need;
}

// The user itself, or directory:user:edit in the user's division; a refusal
// carries `why`.
Result<void> may_change(Access& access, const Caller& caller, const store::User& user, std::string_view why) {
  if (caller.subject_type == store::SubjectType::user && caller.subject_id == user.id) return {};
  auto allowed = access.authorize(caller, edit_others(), user.division_id);
  if (!allowed && allowed.error().code == Errc::permission_denied)
    return fail(make_error(Errc::permission_denied, allowed.error().message).with_reason(why));
  return allowed;
}

std::unexpected<Error> no_geolocation() {
  return fail(make_error(Errc::not_found, "No geolocation was reported by that client"));
}

bool valid_client_id(std::string_view id) {
  if (id.empty() || id.size() > UserContactService::kMaxClientId) return false;
  for (char c : id)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-')) return false;
  return true;
}

std::string snapshot(const store::OutOfOffice& o) {
  Snapshot s;
  s.add("active", o.active).add("indefinite", o.indefinite);
  if (o.start) s.add("startDate", *o.start);
  if (o.end) s.add("endDate", *o.end);
  return s.str();
}

std::string snapshot(const store::Geolocation& g) {
  Snapshot s;
  s.add("clientId", g.client_id).add("type", g.type).add("primary", g.primary);
  if (g.latitude) s.add_raw("latitude", std::to_string(*g.latitude));
  if (g.longitude) s.add_raw("longitude", std::to_string(*g.longitude));
  return s.add("country", g.country).add("region", g.region).add("city", g.city).str();
}

Result<void> check_place(const std::optional<std::string>& v, std::string_view field) {
  if (v && v->size() > UserContactService::kMaxPlace)
    return invalid(std::string(field), std::string(field) + " must be at most 255 characters");
  return {};
}

bool phone_number(std::string_view v) {
  if (v.size() < 8 || v.size() > 16 || v.front() != '+') return false;
  return std::all_of(v.begin() + 1, v.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string snapshot(const store::CallForwarding& c) {
  std::string calls = "[";
  for (const auto& route : c.calls) {
    if (calls.size() > 1) calls += ',';
    std::string targets = "[";
    for (const auto& t : route) {
      if (targets.size() > 1) targets += ',';
      targets += Snapshot().add("type", t.type).add("value", t.value).str();
    }
    calls += Snapshot().add_raw("targets", targets + "]").str();
  }
  return Snapshot().add("enabled", c.enabled).add_raw("calls", calls + "]").add("voicemail", c.voicemail).str();
}

// The routes checked: their number, each target's type and value.
Result<void> check_calls(store::Reader& tx, const std::vector<std::vector<store::CallTarget>>& calls) {
  constexpr std::size_t kMax = 10;
  if (calls.size() > kMax) return invalid("calls", "At most 10 call routes may be given");
  for (std::size_t i = 0; i < calls.size(); ++i) {
    const std::string route = "calls[" + std::to_string(i) + "]";
    if (calls[i].size() > kMax) return invalid(route + ".targets", "A call route has at most 10 targets");
    for (std::size_t j = 0; j < calls[i].size(); ++j) {
      const std::string at = route + ".targets[" + std::to_string(j) + "]";
      const auto& t = calls[i][j];
      if (t.type == "PHONENUMBER") {
        if (!phone_number(t.value))
          return invalid(at + ".value", "A PHONENUMBER target is an E.164 number: + and 7 to 15 digits");
      } else if (t.type == "STATION") {
        auto unknown = [&] { return invalid(at + ".value", "No station with the id [" + t.value + "] exists"); };
        if (!is_uuid(t.value)) return unknown();
        if (auto station = tx.phone_of_station(t.value); !station)
          return station.error().code == Errc::not_found ? unknown() : fail(station.error());
      } else {
        return invalid(at + ".type",
                       "Value [" + t.type + "] is not valid for type. Allowable values are: STATION, PHONENUMBER");
      }
    }
  }
  return {};
}

}  // namespace

Result<CallForwardingView> UserContactService::call_forwarding(const Caller& caller, const std::string& user_id,
                                                               const authz::Requirement& need) {
  CallForwardingView view;
  RP_CHECK(store_.read(caller.org, [&](store::Reader& tx) -> Result<void> {
    view.user = RP_TRY(live_user(tx, user_id));
    RP_CHECK(access_.authorize(caller, need, view.user.division_id));
    view.forwarding = RP_TRY(tx.call_forwarding(user_id));
    return {};
  }));
  return view;
}

Result<CallForwardingView> UserContactService::set_call_forwarding(const Caller& caller, const std::string& user_id,
                                                                   CallForwardingChange change, bool replace,
                                                                   const authz::Requirement& need) {
  Millis now = clock_.now();
  CallForwardingView view;
  RP_CHECK(store_.write(caller.org, [&](store::ReadWriteTransaction& tx) -> Result<void> {
    view.user = RP_TRY(live_user(tx, user_id));
    RP_CHECK(access_.authorize(caller, need, view.user.division_id));
    auto before = RP_TRY(tx.call_forwarding(user_id));
    store::CallForwarding next = replace || !before ? store::CallForwarding{.user_id = user_id} : *before;
    if (!change.calls && change.phone_number) {
      if (!phone_number(*change.phone_number))
        return invalid("phoneNumber", "phoneNumber is an E.164 number: + and 7 to 15 digits");
      change.calls = std::vector<std::vector<store::CallTarget>>{{{"PHONENUMBER", *change.phone_number}}};
    }
    if (change.enabled) next.enabled = *change.enabled;
    if (change.calls) next.calls = std::move(*change.calls);
    if (change.voicemail) next.voicemail = *change.voicemail;
    RP_CHECK(check_calls(tx, next.calls));
    if (next.voicemail != "PURECLOUD" && next.voicemail != "LASTCALL" && next.voicemail != "NONE")
      return invalid("voicemail", "Value [" + next.voicemail +
                                      "] is not valid for voicemail. Allowable values are: PURECLOUD, LASTCALL, NONE");
    // A route without targets rings nobody: it is not kept.
    std::erase_if(next.calls, [](const auto& route) { return route.empty(); });
    if (next.enabled && next.calls.empty())
      return invalid("calls", "Enabled call forwarding needs at least one target");
    if (before) {
      auto same = next;
      same.modified = before->modified;
      if (same == *before) {
        view.forwarding = before;
        return {};
      }
    }
    next.modified = now;
    RP_CHECK(tx.set_call_forwarding(next));
    view.forwarding = next;
    return tx.insert_audit(audit_record(
        caller, {"user.callforwarding.set", "user", user_id, before ? snapshot(*before) : "", snapshot(next)}, now));
  }));
  return view;
}

Result<OutOfOfficeView> UserContactService::out_of_office(const Caller& caller, const std::string& user_id) {
  OutOfOfficeView view;
  RP_CHECK(store_.read(caller.org, [&](store::Reader& tx) -> Result<void> {
    view.user = RP_TRY(live_user(tx, user_id));
    view.out_of_office = RP_TRY(tx.out_of_office(user_id));
    return {};
  }));
  return view;
}

Result<OutOfOfficeView> UserContactService::set_out_of_office(const Caller& caller, const std::string& user_id,
                                                              OutOfOfficeChange change) {
  Millis now = clock_.now();
  OutOfOfficeView view;
  RP_CHECK(store_.write(caller.org, [&](store::ReadWriteTransaction& tx) -> Result<void> {
    view.user = RP_TRY(live_user(tx, user_id));
    RP_CHECK(may_change(access_, caller, view.user, reason::out_of_office_update));
    if (!change.active) return invalid("active", "active is required");
    store::OutOfOffice next{user_id,      *change.active, *change.active && change.indefinite,
                            change.start, change.end,     now};
    if (next.active) {
      if (!next.start) return invalid("startDate", "startDate is required when active");
      if (next.indefinite) next.end.reset();
      else if (!next.end) return invalid("endDate", "endDate is required when active and not indefinite");
      else if (*next.end <= *next.start) return invalid("endDate", "endDate must be later than startDate");
    }
    auto before = RP_TRY(tx.out_of_office(user_id));
    if (before) {
      auto same = next;
      same.modified = before->modified;
      if (same == *before) {
        view.out_of_office = before;
        return {};
      }
    }
    RP_CHECK(tx.set_out_of_office(next));
    view.out_of_office = next;
    return tx.insert_audit(audit_record(
        caller, {"user.outofoffice.set", "user", user_id, before ? snapshot(*before) : "", snapshot(next)}, now));
  }));
  return view;
}

Result<store::Geolocation> UserContactService::geolocation(const Caller& caller, const std::string& user_id,
                                                           const std::string& client_id) {
  store::Geolocation out;
  RP_CHECK(store_.read(caller.org, [&](store::Reader& tx) -> Result<void> {
    RP_TRY(live_user(tx, user_id));
    if (!valid_client_id(client_id)) return no_geolocation();
    auto g = tx.geolocation(user_id, client_id);
    if (!g) return g.error().code == Errc::not_found ? no_geolocation() : fail(g.error());
    out = std::move(*g);
    return {};
  }));
  return out;
}

Result<store::Geolocation> UserContactService::set_geolocation(const Caller& caller, const std::string& user_id,
                                                               const std::string& client_id, GeolocationChange change) {
  Millis now = clock_.now();
  store::Geolocation out;
  RP_CHECK(store_.write(caller.org, [&](store::ReadWriteTransaction& tx) -> Result<void> {
    auto user = RP_TRY(live_user(tx, user_id));
    RP_CHECK(may_change(access_, caller, user, reason::geolocation_update));
    if (!valid_client_id(client_id))
      return invalid("clientId", "clientId must be 1 to 128 letters, digits, '.', '_' or '-'");
    if (change.latitude.has_value() != change.longitude.has_value())
      return invalid(change.latitude ? "longitude" : "latitude", "latitude and longitude must be given together");
    if (change.latitude && !(std::isfinite(*change.latitude) && std::abs(*change.latitude) <= 90))
      return invalid("latitude", "latitude must be from -90 to 90");
    if (change.longitude && !(std::isfinite(*change.longitude) && std::abs(*change.longitude) <= 180))
      return invalid("longitude", "longitude must be from -180 to 180");
    RP_CHECK(check_place(change.type, "type"));
    RP_CHECK(check_place(change.country, "country"));
    RP_CHECK(check_place(change.region, "region"));
    RP_CHECK(check_place(change.city, "city"));

    std::optional<store::Geolocation> before;
    if (auto g = tx.geolocation(user_id, client_id); g) before = std::move(*g);
    else if (g.error().code != Errc::not_found) return fail(g.error());
    store::Geolocation next = before.value_or(store::Geolocation{.user_id = user_id, .client_id = client_id});
    if (change.type) next.type = *change.type;
    if (change.latitude) next.latitude = change.latitude;
    if (change.longitude) next.longitude = change.longitude;
    if (change.country) next.country = *change.country;
    if (change.region) next.region = *change.region;
    if (change.city) next.city = *change.city;
    // Exactly one primary: the first client, or the one that asks for it.
    if (change.primary.value_or(false)) next.primary = true;
    else if (!before && RP_TRY(tx.primary_geolocations({user_id})).empty()) next.primary = true;
    if (before && next == *before) {
      out = next;
      return {};
    }
    next.modified = now;
    RP_CHECK(tx.set_geolocation(next));
    out = next;
    return tx.insert_audit(audit_record(
        caller, {"user.geolocation.set", "user", user_id, before ? snapshot(*before) : "", snapshot(next)}, now));
  }));
  return out;
}

}  // namespace rp::service
