// UsersApi: GET/PUT /api/v2/users/{userId}/outofoffice, GET/PATCH
// /api/v2/users/{userId}/geolocations/{clientId}.

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
