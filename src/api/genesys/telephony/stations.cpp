// TelephonyProvidersEdgeApi: GET/POST /api/v2/telephony/providers/edges/phones,
// GET/DELETE .../{phoneId}; StationsApi: GET /api/v2/stations, GET
// .../{stationId}, DELETE .../{stationId}/associateduser; UsersApi: GET
// /api/v2/users/{userId}/station, PUT/DELETE .../associatedstation[/{stationId}],
// PUT/DELETE .../defaultstation[/{stationId}].

#include <boost/json.hpp>

#include "api/genesys/body.h"
#include "api/genesys/listing.h"
#include "api/genesys/respond.h"
#include "api/genesys/telephony/handlers.h"
#include "api/genesys/telephony/station_json.h"
#include "core/time.h"
#include "service/telephony/stations.h"

namespace rp::api::genesys {
namespace json = boost::json;
namespace {

constexpr std::string_view kPhones = "/api/v2/telephony/providers/edges/phones";
constexpr std::string_view kStations = "/api/v2/stations";

json::object user_ref(const std::string& id) { return {{"id", id}, {"selfUri", "/api/v2/users/" + id}}; }

// A reference kept as given ("" for none).
void put_reference(json::object& o, std::string_view key, const std::string& text) {
  if (text.empty()) return;
  boost::system::error_code ec;
  if (auto v = json::parse(text, ec); !ec) o[key] = std::move(v);
}

// Phone {id, name, description, state, site, phoneBaseSettings, lines,
// webRtcUser, selfUri}.
json::object phone_json(const store::Phone& p) {
  json::object o;
  o["id"] = p.id;
  o["name"] = p.name;
  if (!p.description.empty()) o["description"] = p.description;
  o["state"] = "active";
  put_reference(o, "site", p.site);
  put_reference(o, "phoneBaseSettings", p.base_settings);
  json::array lines;
  for (const auto& l : p.lines) lines.push_back(json::object{{"id", l.id}, {"name", l.name}});
  o["lines"] = std::move(lines);
  if (!p.web_rtc_user_id.empty()) o["webRtcUser"] = user_ref(p.web_rtc_user_id);
  o["selfUri"] = std::string(kPhones) + "/" + p.id;
  return o;
}

// Station {id, name, description, status, userId, webRtcUserId, type,
// lineAppearanceId, webRtcCallAppearances, selfUri}.
json::object station_json(const service::StationView& v) {
  const auto& p = v.phone;
  json::object o;
  o["id"] = p.station_id;
  o["name"] = p.name;
  if (!p.description.empty()) o["description"] = p.description;
  o["status"] = v.associated_user.empty() ? "AVAILABLE" : "ASSOCIATED";
  if (!v.associated_user.empty()) o["userId"] = v.associated_user;
  if (!p.web_rtc_user_id.empty()) o["webRtcUserId"] = p.web_rtc_user_id;
  o["type"] = service::station_type(p);
  if (!p.lines.empty()) o["lineAppearanceId"] = p.lines.front().id;
  o["webRtcCallAppearances"] = static_cast<std::int64_t>(p.lines.size());
  o["selfUri"] = std::string(kStations) + "/" + p.station_id;
  return o;
}

std::string user_id(const Call& call) { return std::string(call.req.path_param("userId")); }
std::string station_id(const Call& call) { return std::string(call.req.path_param("stationId")); }

// An optional member that must be an object, kept as its text.
Result<std::string> reference(const json::object& body, std::string_view key) {
  const auto* v = body.if_contains(key);
  if (!v || v->is_null()) return std::string();
  if (!v->is_object()) return invalid(std::string(key), std::string(key) + " must be an object");
  return json::serialize(*v);
}

}  // namespace

json::object user_station_json(const service::StationView& v) {
  json::object o;
  o["id"] = v.phone.station_id;
  o["name"] = v.phone.name;
  o["type"] = service::station_type(v.phone);
  if (!v.associated_user.empty()) o["associatedUser"] = user_ref(v.associated_user);
  if (v.associated_at) o["associatedDate"] = to_iso8601(*v.associated_at);
  if (!v.default_user.empty()) o["defaultUser"] = user_ref(v.default_user);
  o["webRtcCallAppearances"] = static_cast<std::int64_t>(v.phone.lines.size());
  return o;
}

json::object user_stations_json(const service::UserStationsView& v) {
  json::object o;
  if (v.associated) o["associatedStation"] = user_station_json(*v.associated);
  if (const auto& e = v.effective()) o["effectiveStation"] = user_station_json(*e);
  if (v.default_station) o["defaultStation"] = user_station_json(*v.default_station);
  if (v.last) o["lastAssociatedStation"] = user_station_json(*v.last);
  return o;
}

// ---- Phones ----------------------------------------------------------------

Result<http::Response> get_phones(Call& call) {
  auto listing_q = RP_TRY(listing_query(call.req));
  auto page = RP_TRY(call.services.stations.phones(call.caller, listing_q.page));
  json::array entities;
  for (const auto& p : page.items) entities.push_back(phone_json(p));
  return json_response(200, listing(std::move(entities), listing_q.page.page_size, listing_q.page.page_number,
                                    page.total, kPhones, listing_q.filters));
}

// Phone {name, description?, webRtcUser? {id}, lines? [{name}], site?,
// phoneBaseSettings?}; the other members of a Genesys phone are not kept.
Result<http::Response> post_phones(Call& call) {
  auto body = RP_TRY(json_object_body(call.req));
  service::PhoneInput in;
  in.name = RP_TRY(optional_string(body, "name")).value_or("");
  in.description = RP_TRY(optional_string(body, "description")).value_or("");
  if (const auto* u = body.if_contains("webRtcUser"); u && !u->is_null()) {
    if (!u->is_object()) return invalid("webRtcUser", "webRtcUser must be an object");
    in.web_rtc_user_id = RP_TRY(optional_string(u->as_object(), "id", "webRtcUser")).value_or("");
    if (in.web_rtc_user_id.empty()) return invalid("webRtcUser.id", "webRtcUser.id is required");
  }
  if (const auto* lines = body.if_contains("lines"); lines && !lines->is_null()) {
    if (!lines->is_array()) return invalid("lines", "lines must be an array");
    for (std::size_t i = 0; i < lines->as_array().size(); ++i) {
      std::string path = "lines[" + std::to_string(i) + "]";
      const auto& line = lines->as_array()[i];
      if (!line.is_object()) return invalid(path, path + " must be an object");
      auto name = RP_TRY(optional_string(line.as_object(), "name", path));
      in.line_names.push_back(name.value_or(""));
    }
  }
  in.site = RP_TRY(reference(body, "site"));
  in.base_settings = RP_TRY(reference(body, "phoneBaseSettings"));
  return json_response(200, phone_json(RP_TRY(call.services.stations.create_phone(call.caller, std::move(in)))));
}

Result<http::Response> get_phone(Call& call) {
  return json_response(
      200, phone_json(RP_TRY(call.services.stations.phone(call.caller, std::string(call.req.path_param("phoneId"))))));
}

Result<http::Response> delete_phone(Call& call) {
  RP_CHECK(call.services.stations.delete_phone(call.caller, std::string(call.req.path_param("phoneId"))));
  return no_content();
}

// ---- Stations --------------------------------------------------------------

Result<http::Response> get_stations(Call& call) {
  const auto& req = call.req;
  auto listing_q = RP_TRY(listing_query(req));
  service::StationFilter f;
  f.page = listing_q.page;
  auto text = [&](std::string_view key, std::string& into) {
    if (auto v = req.query_param(key)) {
      into = std::string(*v);
      listing_q.add_filter(key, into);
    }
  };
  text("name", f.name);
  text("webRtcUserId", f.web_rtc_user_id);
  text("lineAppearanceId", f.line_appearance_id);
  std::string selectable;
  text("userSelectable", selectable);  // every station is selectable
  std::string sort_by;
  text("sortBy", sort_by);
  if (!sort_by.empty() && sort_by != "name")
    return invalid("sortBy", "Value [" + sort_by + "] is not valid for sortBy. Allowable values are: name");
  f.ids = req.query_list("id");
  for (const auto& id : f.ids) listing_q.add_filter("id", id);
  auto page = RP_TRY(call.services.stations.stations(call.caller, f));
  json::array entities;
  for (const auto& v : page.items) entities.push_back(station_json(v));
  return json_response(200, listing(std::move(entities), f.page.page_size, f.page.page_number, page.total, kStations,
                                    listing_q.filters));
}

Result<http::Response> get_station(Call& call) {
  return json_response(200, station_json(RP_TRY(call.services.stations.station(call.caller, station_id(call)))));
}

Result<http::Response> delete_station_associated_user(Call& call) {
  RP_CHECK(call.services.stations.disassociate_station(call.caller, station_id(call)));
  return no_content();
}

// ---- A user's stations -----------------------------------------------------

Result<http::Response> get_user_station(Call& call) {
  return json_response(
      200, user_stations_json(RP_TRY(call.services.stations.user_stations(call.caller, user_id(call), call.need))));
}

Result<http::Response> put_user_associated_station(Call& call) {
  RP_CHECK(call.services.stations.associate(call.caller, user_id(call), station_id(call), call.need));
  return no_content();
}

Result<http::Response> delete_user_associated_station(Call& call) {
  RP_CHECK(call.services.stations.dissociate(call.caller, user_id(call), call.need));
  return no_content();
}

Result<http::Response> put_user_default_station(Call& call) {
  RP_CHECK(call.services.stations.set_default(call.caller, user_id(call), station_id(call), call.need));
  return no_content();
}

Result<http::Response> delete_user_default_station(Call& call) {
  RP_CHECK(call.services.stations.clear_default(call.caller, user_id(call), call.need));
  return no_content();
}

}  // namespace rp::api::genesys
