// Divisions: GET/POST /api/v2/authorization/divisions, GET .../divisions/home,
// GET/PUT/DELETE .../divisions/{divisionId}.

#include "api/genesys/authorization/divisions.h"
#include "api/genesys/authorization/handlers.h"
#include "api/genesys/respond.h"

#include <boost/json.hpp>

#include "api/genesys/body.h"
#include "api/genesys/listing.h"
#include "core/strings.h"

namespace rp::api::genesys {
namespace json = boost::json;
namespace {

constexpr std::size_t kMaxIds = 100;

// "users" -> "USER": the object types of Genesys objectCounts.
std::string object_type_name(std::string_view type) {
  std::string out;
  for (char c : type) out += static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  if (out.size() > 1 && out.back() == 'S') out.pop_back();
  return out;
}

// A true/false query parameter (case-insensitive), or `fallback` when absent.
Result<bool> bool_query(const http::Request& req, std::string_view name, bool fallback) {
  auto raw = req.query_param(name);
  if (!raw) return fallback;
  if (iequals(*raw, "true")) return true;
  if (iequals(*raw, "false")) return false;
  return fail(make_error(Errc::invalid_argument, "Value [" + std::string(*raw) + "] is not valid for " +
                                                     std::string(name) + ": use true or false")
                  .with_field(std::string(name)));
}

// objectCount=true, or expand naming objectCounts.
Result<bool> wants_object_counts(const http::Request& req) {
  bool counts = RP_TRY(bool_query(req, "objectCount", false));
  for (const auto& expand : req.query_list("expand"))
    if (expand == "objectCounts") counts = true;
  return counts;
}

Result<service::DivisionInput> division_input(const http::Request& req) {
  auto body = RP_TRY(json_object_body(req));
  service::DivisionInput in;
  in.name = RP_TRY(optional_string(body, "name")).value_or("");
  in.description = RP_TRY(optional_string(body, "description"));
  return in;  // homeDivision, id and selfUri are read-only and ignored
}

}  // namespace

Result<http::Response> get_divisions(Call& call) {
  const auto& req = call.req;
  auto listing_q = RP_TRY(listing_query(req));
  auto add_filter = [&](std::string_view k, std::string_view v) { listing_q.add_filter(k, v); };
  service::DivisionQuery q;
  q.page = listing_q.page;
  q.ids = req.query_list("id");
  if (q.ids.size() > kMaxIds) return invalid("id", "At most 100 division ids may be requested at once");
  for (const auto& id : q.ids) add_filter("id", id);
  if (auto name = req.query_param("name")) {
    q.name = std::string(trim(*name));
    if (!q.name.empty()) add_filter("name", q.name);
  }
  if (auto sort = req.query_param("sortBy"); sort && !sort->empty() && *sort != "name")
    return invalid("sortBy", "Value [" + std::string(*sort) + "] is not valid for sortBy. Allowable values are: name");
  q.object_counts = RP_TRY(wants_object_counts(req));
  if (q.object_counts) add_filter("objectCount", "true");

  auto page = RP_TRY(call.services.divisions.list(call.caller, q));
  json::array entities;
  for (const auto& v : page.items) entities.push_back(authz_division_json(v.division, v.object_counts));
  return json_response(200, listing(std::move(entities), q.page.page_size, q.page.page_number, page.total,
                                    "/api/v2/authorization/divisions", listing_q.filters));
}

Result<http::Response> get_division(Call& call) {
  bool counts = RP_TRY(wants_object_counts(call.req));
  auto view = RP_TRY(call.services.divisions.get(call.caller, std::string(call.req.path_param("divisionId")), counts));
  return json_response(200, authz_division_json(view.division, view.object_counts));
}

Result<http::Response> get_division_home(Call& call) {
  auto home = RP_TRY(call.services.divisions.home(call.caller));
  return json_response(200, authz_division_json(home));
}

Result<http::Response> post_divisions(Call& call) {
  auto in = RP_TRY(division_input(call.req));
  auto d = RP_TRY(call.services.divisions.create(call.caller, std::move(in)));
  return json_response(200, authz_division_json(d));
}

Result<http::Response> put_division(Call& call) {
  auto in = RP_TRY(division_input(call.req));
  auto d = RP_TRY(
      call.services.divisions.update(call.caller, std::string(call.req.path_param("divisionId")), std::move(in)));
  return json_response(200, authz_division_json(d));
}

Result<http::Response> delete_division(Call& call) {
  // `force` (deprecated in Genesys) is accepted but never deletes a division
  // that still holds objects.
  RP_CHECK(bool_query(call.req, "force", false));
  RP_CHECK(call.services.divisions.remove(call.caller, std::string(call.req.path_param("divisionId"))));
  return no_content();
}

json::object authz_division_json(const store::Division& d, const std::optional<service::ObjectCounts>& counts) {
  json::object o;
  o["id"] = d.id;
  o["name"] = d.name;
  o["description"] = d.description;
  o["homeDivision"] = d.home;
  if (counts) {
    json::object c;
    for (const auto& [type, n] : *counts) c[object_type_name(type)] = n;
    o["objectCounts"] = std::move(c);
  }
  o["selfUri"] = "/api/v2/authorization/divisions/" + d.id;
  return o;
}

}  // namespace rp::api::genesys
