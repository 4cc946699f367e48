// UsersApi: GET/PUT /api/v2/users/{userId}/outofoffice, GET/PATCH
// /api/v2/users/{userId}/geolocations/{clientId}, GET/PUT/PATCH
// /api/v2/users/{userId}/callforwarding.

#include <boost/json.hpp>

#include "api/genesys/body.h"
#include "api/genesys/respond.h"
#include "api/genesys/users/handlers.h"
#include "api/genesys/users/user_contact_json.h"
#include "core/time.h"
#include "service/users/user_contact.h"

namespace rp::api::genesys {
namespace json = boost::json;
namespace {

std::string user_uri(std::string_view id) { return "/api/v2/users/" + std::string(id); }
std::string user_id(const Call& call) { return std::string(call.req.path_param("userId")); }
std::string client_id(const Call& call) { return std::string(call.req.path_param("clientId")); }

// CallForwarding {id, name, user, enabled, phoneNumber (the first
// PHONENUMBER target), calls, voicemail, modifiedDate, selfUri}; never set:
// {user, enabled: false, calls: [], voicemail: PURECLOUD}.
json::object call_forwarding_json(const service::CallForwardingView& v) {
  const auto& u = v.user;
  json::object o;
  store::CallForwarding c = v.forwarding.value_or(store::CallForwarding{.user_id = u.id});
  if (v.forwarding) {
    o["id"] = u.id;
    o["name"] = u.name;
  }
  o["user"] = json::object{{"id", u.id}, {"selfUri", user_uri(u.id)}};
  o["enabled"] = c.enabled;
  json::array calls;
  std::string first_number;
  for (const auto& route : c.calls) {
    json::array targets;
    for (const auto& t : route) {
      targets.push_back(json::object{{"type", t.type}, {"value", t.value}});
      if (t.type == "PHONENUMBER" && first_number.empty()) first_number = t.value;
    }
    calls.push_back(json::object{{"targets", std::move(targets)}});
  }
  if (!first_number.empty()) o["phoneNumber"] = first_number;
  o["calls"] = std::move(calls);
  o["voicemail"] = c.voicemail;
  if (v.forwarding) {
    o["modifiedDate"] = to_iso8601(c.modified);
    o["selfUri"] = user_uri(u.id) + "/callforwarding";
  }
  return o;
}

// CallForwarding {enabled, phoneNumber, calls [{targets [{type, value}]}], voicemail}.
Result<service::CallForwardingChange> call_forwarding_change(const json::object& body) {
  service::CallForwardingChange c;
  c.enabled = RP_TRY(optional_bool(body, "enabled"));
  c.voicemail = RP_TRY(optional_string(body, "voicemail"));
  c.phone_number = RP_TRY(optional_string(body, "phoneNumber"));
  const auto* calls = body.if_contains("calls");
  if (!calls || calls->is_null()) return c;
  if (!calls->is_array()) return invalid("calls", "calls must be an array");
  std::vector<std::vector<store::CallTarget>> routes;
  for (std::size_t i = 0; i < calls->as_array().size(); ++i) {
    const std::string route = "calls[" + std::to_string(i) + "]";
    const auto& r = calls->as_array()[i];
    if (!r.is_object()) return invalid(route, route + " must be an object");
    const auto* targets = r.as_object().if_contains("targets");
    routes.emplace_back();
    if (!targets || targets->is_null()) continue;
    if (!targets->is_array()) return invalid(route + ".targets", route + ".targets must be an array");
    for (std::size_t j = 0; j < targets->as_array().size(); ++j) {
      const std::string at = route + ".targets[" + std::to_string(j) + "]";
      const auto& t = targets->as_array()[j];
      if (!t.is_object()) return invalid(at, at + " must be an object");
      auto type = RP_TRY(optional_string(t.as_object(), "type", at));
      auto value = RP_TRY(optional_string(t.as_object(), "value", at));
      if (!type) return invalid(at + ".type", "type is required");
      if (!value) return invalid(at + ".value", "value is required");
      routes.back().push_back({std::move(*type), std::move(*value)});
    }
  }
  c.calls = std::move(routes);
  return c;
}

}  // namespace

json::object out_of_office_json(const store::User& user, const std::optional<store::OutOfOffice>& o) {
  json::object out;
  if (o) {
    out["id"] = user.id;
    out["name"] = user.name;
  }
  out["user"] = json::object{{"id", user.id}, {"selfUri", user_uri(user.id)}};
  if (o && o->start) out["startDate"] = to_iso8601(*o->start);
  if (o && o->end) out["endDate"] = to_iso8601(*o->end);
  out["active"] = o && o->active;
  out["indefinite"] = o && o->indefinite;
  if (o) out["selfUri"] = user_uri(user.id) + "/outofoffice";
  return out;
}

json::object geolocation_json(const store::Geolocation& g) {
  json::object o;
  o["id"] = g.client_id;
  if (!g.type.empty()) o["type"] = g.type;
  o["primary"] = g.primary;
  if (g.latitude) o["latitude"] = *g.latitude;
  if (g.longitude) o["longitude"] = *g.longitude;
  if (!g.country.empty()) o["country"] = g.country;
  if (!g.region.empty()) o["region"] = g.region;
  if (!g.city.empty()) o["city"] = g.city;
  o["selfUri"] = user_uri(g.user_id) + "/geolocations/" + g.client_id;
  return o;
}

Result<http::Response> get_user_outofoffice(Call& call) {
  auto view = RP_TRY(call.services.contact.out_of_office(call.caller, user_id(call)));
  return json_response(200, out_of_office_json(view.user, view.out_of_office));
}

// OutOfOffice {active, indefinite, startDate, endDate}; the read-only
// members a client sends back are ignored.
Result<http::Response> put_user_outofoffice(Call& call) {
  auto body = RP_TRY(json_object_body(call.req));
  service::OutOfOfficeChange change;
  change.active = RP_TRY(optional_bool(body, "active"));
  change.indefinite = RP_TRY(optional_bool(body, "indefinite")).value_or(false);
  change.start = RP_TRY(optional_date(body, "startDate"));
  change.end = RP_TRY(optional_date(body, "endDate"));
  auto view = RP_TRY(call.services.contact.set_out_of_office(call.caller, user_id(call), std::move(change)));
  return json_response(200, out_of_office_json(view.user, view.out_of_office));
}

Result<http::Response> get_user_geolocation(Call& call) {
  return json_response(
      200, geolocation_json(RP_TRY(call.services.contact.geolocation(call.caller, user_id(call), client_id(call)))));
}

Result<http::Response> get_user_callforwarding(Call& call) {
  return json_response(
      200, call_forwarding_json(RP_TRY(call.services.contact.call_forwarding(call.caller, user_id(call), call.need))));
}

Result<http::Response> put_user_callforwarding(Call& call) {
  auto change = RP_TRY(call_forwarding_change(RP_TRY(json_object_body(call.req))));
  return json_response(200, call_forwarding_json(RP_TRY(call.services.contact.set_call_forwarding(
                                call.caller, user_id(call), std::move(change), true, call.need))));
}

Result<http::Response> patch_user_callforwarding(Call& call) {
  auto change = RP_TRY(call_forwarding_change(RP_TRY(json_object_body(call.req))));
  return json_response(200, call_forwarding_json(RP_TRY(call.services.contact.set_call_forwarding(
                                call.caller, user_id(call), std::move(change), false, call.need))));
}

// Geolocation {type, primary, latitude, longitude, country, region, city}.
Result<http::Response> patch_user_geolocation(Call& call) {
  auto body = RP_TRY(json_object_body(call.req));
  service::GeolocationChange change;
  change.type = RP_TRY(optional_string(body, "type"));
  change.primary = RP_TRY(optional_bool(body, "primary"));
  change.latitude = RP_TRY(optional_number(body, "latitude"));
  change.longitude = RP_TRY(optional_number(body, "longitude"));
  change.country = RP_TRY(optional_string(body, "country"));
  change.region = RP_TRY(optional_string(body, "region"));
  change.city = RP_TRY(optional_string(body, "city"));
  return json_response(200, geolocation_json(RP_TRY(call.services.contact.set_geolocation(
                                call.caller, user_id(call), client_id(call), std::move(change)))));
}

}  // namespace rp::api::genesys
