// PresenceApi: GET /api/v2/systempresences; GET/POST
// /api/v2/presencedefinitions, GET/PUT/DELETE .../{presenceId}; GET/PATCH
// /api/v2/users/{userId}/presences/{sourceId} (PURECLOUD). UsersApi: GET/PUT
// /api/v2/users/{userId}/routingstatus.

#include <boost/json.hpp>

#include "api/genesys/body.h"
#include "api/genesys/listing.h"
#include "api/genesys/presence/handlers.h"
#include "api/genesys/presence/presence_json.h"
#include "api/genesys/respond.h"
#include "core/paging.h"
#include "core/strings.h"
#include "core/time.h"
#include "service/presence/presence.h"

namespace rp::api::genesys {
namespace json = boost::json;
namespace {

constexpr std::string_view kDefinitions = "/api/v2/presencedefinitions";

}  // namespace

json::object user_presence_json(std::string_view user_id, std::string_view presence_id,
                                std::string_view system_presence, std::string_view message, Millis modified) {
  json::object o;
  o["source"] = "PURECLOUD";
  o["sourceId"] = "PURECLOUD";
  o["primary"] = true;
  o["presenceDefinition"] =
      json::object{{"id", presence_id},
                   {"systemPresence", std::string(service::system_presence_label(system_presence))},
                   {"selfUri", std::string(kDefinitions) + "/" + std::string(presence_id)}};
  o["message"] = message;
  o["modifiedDate"] = to_iso8601(modified);
  o["selfUri"] = "/api/v2/users/" + std::string(user_id) + "/presences";
  return o;
}

json::object routing_status_json(std::string_view user_id, std::string_view status, Millis started) {
  return {{"userId", user_id}, {"status", status}, {"startTime", to_iso8601(started)}};
}

namespace {
json::object user_ref(const std::string& id) { return {{"id", id}, {"selfUri", "/api/v2/users/" + id}}; }
}  // namespace

json::object presence_definition_json(const service::PresenceDefinitionView& v, std::string_view locale) {
  const auto& d = v.definition;
  json::object o;
  o["id"] = d.id;
  json::object labels;
  for (const auto& [code, label] : d.labels)
    if (locale.empty() || iequals(locale, "ALL") || locale == code) labels[code] = label;
  if (!d.labels.empty()) o["name"] = d.labels.front().second;
  o["languageLabels"] = std::move(labels);
  o["systemPresence"] = std::string(service::system_presence_label(d.system_presence));
  o["deactivated"] = d.deactivated;
  o["primary"] = v.primary;
  if (!v.primary) {
    if (!d.created_by.empty()) o["createdBy"] = user_ref(d.created_by);
    o["createdDate"] = to_iso8601(d.created);
    if (!d.modified_by.empty()) o["modifiedBy"] = user_ref(d.modified_by);
    o["modifiedDate"] = to_iso8601(d.modified);
  }
  o["selfUri"] = std::string(kDefinitions) + "/" + d.id;
  return o;
}

namespace {

std::string user_id(const Call& call) { return std::string(call.req.path_param("userId")); }

json::object presence_view_json(const std::string& user, const service::UserPresenceView& v) {
  const auto& d = v.definition.definition;
  return user_presence_json(user, d.id, d.system_presence, v.message, v.modified);
}

json::object routing_view_json(const service::RoutingStatusView& v) {
  return routing_status_json(v.user_id, v.status, v.started);
}

// languageLabels: an object of locale -> label, in the order given.
Result<std::vector<std::pair<std::string, std::string>>> labels_of(const json::object& body) {
  std::vector<std::pair<std::string, std::string>> out;
  const auto* v = body.if_contains("languageLabels");
  if (!v || v->is_null()) return out;
  if (!v->is_object()) return invalid("languageLabels", "languageLabels must be an object of labels by locale");
  for (const auto& [locale, label] : v->as_object()) {
    if (!label.is_string()) return invalid("languageLabels", "languageLabels must be an object of labels by locale");
    out.emplace_back(std::string(locale), std::string(label.as_string()));
  }
  return out;
}

// The sourceId of the path: PURECLOUD, in any case; any other is not found.
Result<void> purecloud_source(const Call& call) {
  if (!iequals(call.req.path_param("sourceId"), "PURECLOUD"))
    return fail(make_error(Errc::not_found, "Unable to find a presence source with that sourceId"));
  return {};
}

}  // namespace

Result<http::Response> get_system_presences(Call&) {
  json::array out;
  for (const auto& p : store::primary_presences())
    out.push_back(json::object{{"id", std::string(p.system_presence)},
                               {"name", std::string(p.label)},
                               {"selfUri", "/api/v2/systempresences/" + std::string(p.system_presence)}});
  return json_response(200, out);
}

Result<http::Response> get_presence_definitions(Call& call) {
  auto listing_q = RP_TRY(listing_query(call.req));
  auto which = service::DeletedFilter::not_deleted;
  if (auto deleted = call.req.query_param("deleted")) {
    if (iequals(*deleted, "true")) which = service::DeletedFilter::deleted;
    else if (iequals(*deleted, "all")) which = service::DeletedFilter::all;
    else if (!iequals(*deleted, "false"))
      return invalid("deleted", "Value [" + std::string(*deleted) +
                                    "] is not valid for deleted. Allowable values are: TRUE, FALSE, ALL");
    listing_q.add_filter("deleted", *deleted);
  }
  std::string locale(call.req.query_param("localeCode").value_or(""));
  if (!locale.empty()) listing_q.add_filter("localeCode", locale);
  const auto& page = listing_q.page;
  auto shown = page_of(RP_TRY(call.services.presence.definitions(call.caller, which)), page);
  json::array entities;
  for (const auto& d : shown.items) entities.push_back(presence_definition_json(d, locale));
  return json_response(200, listing(std::move(entities), page.page_size, page.page_number, shown.total, kDefinitions,
                                    listing_q.filters));
}

Result<http::Response> post_presence_definitions(Call& call) {
  auto body = RP_TRY(json_object_body(call.req));
  auto labels = RP_TRY(labels_of(body));
  auto system = RP_TRY(optional_string(body, "systemPresence"));
  if (!system) return invalid("systemPresence", "systemPresence is required");
  auto made = RP_TRY(call.services.presence.create(call.caller, std::move(labels), *system));
  return json_response(200, presence_definition_json(made));
}

Result<http::Response> get_presence_definition(Call& call) {
  auto found = RP_TRY(call.services.presence.definition(call.caller, std::string(call.req.path_param("presenceId"))));
  return json_response(200, presence_definition_json(found, call.req.query_param("localeCode").value_or("")));
}

Result<http::Response> put_presence_definition(Call& call) {
  auto body = RP_TRY(json_object_body(call.req));
  auto labels = RP_TRY(labels_of(body));
  auto system = RP_TRY(optional_string(body, "systemPresence"));
  auto deactivated = RP_TRY(optional_bool(body, "deactivated")).value_or(false);
  auto changed = RP_TRY(call.services.presence.update(call.caller, std::string(call.req.path_param("presenceId")),
                                                      std::move(labels), std::move(system), deactivated));
  return json_response(200, presence_definition_json(changed));
}

Result<http::Response> delete_presence_definition(Call& call) {
  RP_CHECK(call.services.presence.remove(call.caller, std::string(call.req.path_param("presenceId"))));
  return no_content();
}

Result<http::Response> get_user_presence(Call& call) {
  RP_CHECK(purecloud_source(call));
  auto user = user_id(call);
  return json_response(200, presence_view_json(user, RP_TRY(call.services.presence.presence(call.caller, user))));
}

Result<http::Response> patch_user_presence(Call& call) {
  RP_CHECK(purecloud_source(call));
  auto body = RP_TRY(json_object_body(call.req));
  std::string definition;
  if (const auto* d = body.if_contains("presenceDefinition"); d && !d->is_null()) {
    if (!d->is_object()) return invalid("presenceDefinition", "presenceDefinition must be an object");
    definition = RP_TRY(optional_string(d->as_object(), "id", "presenceDefinition")).value_or("");
  }
  auto message = RP_TRY(optional_string(body, "message"));
  auto user = user_id(call);
  auto set = RP_TRY(call.services.presence.set_presence(call.caller, user, definition, std::move(message)));
  return json_response(200, presence_view_json(user, set));
}

Result<http::Response> get_user_routing_status(Call& call) {
  return json_response(200,
                       routing_view_json(RP_TRY(call.services.presence.routing_status(call.caller, user_id(call)))));
}

Result<http::Response> put_user_routing_status(Call& call) {
  auto body = RP_TRY(json_object_body(call.req));
  auto user = user_id(call);
  if (auto named = RP_TRY(optional_string(body, "userId")); named && *named != user)
    return invalid("userId", "The userId in the body must be the user of the path");
  auto status = RP_TRY(optional_string(body, "status")).value_or("");
  return json_response(200,
                       routing_view_json(RP_TRY(call.services.presence.set_routing_status(call.caller, user, status))));
}

}  // namespace rp::api::genesys
