// UsersApi profile handlers: GET /api/v2/users/{userId}/profile,
// GET /api/v2/profiles/users, GET /api/v2/users/{userId}/favorites (deprecated
// in Genesys; roleplane keeps no favorites) and GET /api/v2/fieldconfig.

#include <algorithm>
#include <cstdint>
#include <span>

#include <boost/json.hpp>

#include "api/genesys/authorization/role_json.h"
#include "api/genesys/listing.h"
#include "api/genesys/respond.h"
#include "api/genesys/users/handlers.h"
#include "api/genesys/users/user_expand.h"
#include "api/genesys/users/user_json.h"
#include "core/reasons.h"
#include "core/strings.h"
#include "core/time.h"
#include "service/users/users.h"

namespace rp::api::genesys {
namespace json = boost::json;
namespace {

constexpr std::size_t kMaxIds = 100;

// The expand values Genesys lists for these operations. Of what they expand
// roleplane keeps authorization and profile skills (in `expands`); the others
// (presence, routing, stations, ...) are accepted and add nothing.
constexpr std::string_view kProfileExpands[] = {"routingStatus",
                                                "presence",
                                                "integrationPresence",
                                                "conversationSummary",
                                                "outOfOffice",
                                                "geolocation",
                                                "station",
                                                "authorization",
                                                "profileSkills",
                                                "locations",
                                                "groups",
                                                "lasttokenissued",
                                                "authorization.unusedRoles",
                                                "team",
                                                "workPlanBidRanks",
                                                "externalContactsSettings",
                                                "customAttributes"};

// A UserProfile; with expand values, `expands` (UserExpands) carries the
// user's authorization and profileSkills when asked for.
json::object profile_json(const store::User& u, const UserExpand& expand, const service::UserDetails& details) {
  json::object o;
  o["id"] = u.id;
  o["name"] = u.name;
  o["state"] = store::to_string(u.state);
  o["dateModified"] = to_iso8601(u.modified);
  o["version"] = u.version;
  if (!expand.empty()) {
    json::object expands;
    if (details.authorization) expands["authorization"] = user_authorization_json(*details.authorization);
    if (expand.has("profileSkills")) {
      json::array skills;
      for (const auto& skill : details.profile_skills) skills.emplace_back(skill);
      expands["profileSkills"] = std::move(skills);
    }
    o["expands"] = std::move(expands);
  }
  o["selfUri"] = "/api/v2/users/" + u.id + "/profile";
  return o;
}

Result<json::array> profiles_json(Call& call, const std::vector<service::UserView>& views, const UserExpand& expand) {
  auto details = RP_TRY(user_details(call, views, expand));
  json::array out;
  out.reserve(views.size());
  for (std::size_t i = 0; i < views.size(); ++i) out.push_back(profile_json(views[i].user, expand, details[i]));
  return out;
}

}  // namespace

Result<http::Response> get_user_profile(Call& call) {
  auto expand = RP_TRY(parse_user_expand(call.req, kProfileExpands));
  RP_TRY(integration_presence_source(call.req));
  auto view = RP_TRY(call.services.users.get(call.caller, std::string(call.req.path_param("userId"))));
  auto profiles = RP_TRY(profiles_json(call, {view}, expand));
  return json_response(200, profiles.front());
}

Result<http::Response> get_profiles_users(Call& call) {
  const auto& req = call.req;
  auto listing_q = RP_TRY(listing_query(req));
  store::UserQuery q;
  q.page = listing_q.page;
  q.ids = req.query_list("id");
  for (const auto& id : q.ids) listing_q.add_filter("id", id);
  // jid: the chat address users are answered with, <userId>@<orgId>.roleplane.chat.
  // A jid of another form names no user here.
  auto jids = req.query_list("jid");
  for (const auto& jid : jids) {
    listing_q.add_filter("jid", jid);
    // An address of another form matches no user, so the filter stays a filter.
    q.ids.push_back(user_id_of_jabber_id(jid, call.caller.org).value_or("-"));
  }
  if (q.ids.size() > kMaxIds)
    return fail(make_error(Errc::invalid_argument, "At most 100 user ids may be requested at once")
                    .with_field(jids.empty() ? "id" : "jid")
                    .with_reason(reason::too_many_ids));

  std::string state(req.query_param("state").value_or("active"));
  if (state != "active" && state != "deleted")
    return invalid("state", "Value [" + state + "] is not valid for state. Allowable values are: active, deleted");
  q.states = {*store::parse_user_state(state)};
  if (req.query_param("state")) listing_q.add_filter("state", state);

  q.descending = RP_TRY(sort_descending(req, listing_q));
  auto expand = RP_TRY(parse_user_expand(req, kProfileExpands));
  for (const auto& e : expand.values) listing_q.add_filter("expand", e);
  if (auto source = RP_TRY(integration_presence_source(req)))
    listing_q.add_filter("integrationPresenceSource", *source);

  auto page = RP_TRY(call.services.users.list(call.caller, q));
  auto entities = RP_TRY(profiles_json(call, page.items, expand));
  return json_response(200, listing(std::move(entities), q.page.page_size, q.page.page_number, page.total,
                                    "/api/v2/profiles/users", listing_q.filters));
}

// Deprecated in Genesys. roleplane keeps no favorites: the listing of an
// existing user is empty, correctly paged.
Result<http::Response> get_user_favorites(Call& call) {
  auto listing_q = RP_TRY(listing_query(call.req));
  RP_TRY(sort_descending(call.req, listing_q));
  for (const auto& e : RP_TRY(parse_user_expand(call.req)).values) listing_q.add_filter("expand", e);
  auto view = RP_TRY(call.services.users.get(call.caller, std::string(call.req.path_param("userId"))));
  return json_response(200, listing(json::array{}, listing_q.page.page_size, listing_q.page.page_number, 0,
                                    "/api/v2/users/" + view.user.id + "/favorites", listing_q.filters));
}

namespace {

json::object field_json(const service::PersonField& f) {
  json::object params;
  if (f.max_length != 0) params["maxLength"] = f.max_length;
  auto strings = [](std::span<const std::string_view> values) {
    json::array a;
    for (auto v : values) a.emplace_back(v);
    return a;
  };
  if (!f.media_types.empty()) params["mediaTypes"] = strings(f.media_types);
  if (!f.contact_types.empty()) params["types"] = strings(f.contact_types);
  json::object o;
  o["customLabels"] = false;
  o["instructionText"] = "";
  o["key"] = f.key;
  o["labelKeys"] = json::array{json::string(f.key)};
  o["params"] = std::move(params);
  o["repeatable"] = f.repeatable;
  o["state"] = "active";
  o["type"] = f.type;
  o["required"] = f.required;
  o["gdpr"] = false;
  return o;
}

}  // namespace

Result<http::Response> get_fieldconfig(Call& call) {
  auto type = call.req.query_param("type");
  if (!type || type->empty())
    return fail(make_error(Errc::invalid_argument, "The query parameter type is required")
                    .with_field("type")
                    .with_reason(reason::bad_request));
  if (*type != "person")
    return fail(make_error(Errc::invalid_argument, "Field configuration for entity type [" + std::string(*type) +
                                                       "] is not available. Supported values are: person")
                    .with_field("type")
                    .with_reason(reason::entity_type_invalid));
  json::array sections;
  for (const auto& f : service::person_fields()) {
    auto it = std::find_if(sections.begin(), sections.end(),
                           [&](const json::value& s) { return s.as_object().at("key").as_string() == f.section; });
    if (it == sections.end()) {
      sections.push_back(
          json::object{{"fieldList", json::array{}}, {"instructionText", ""}, {"key", f.section}, {"state", "active"}});
      it = sections.end() - 1;
    }
    it->as_object()["fieldList"].as_array().push_back(field_json(f));
  }
  json::object o;
  o["id"] = "person";
  o["name"] = "person";
  o["entityType"] = "person";
  o["state"] = "active";
  o["sections"] = std::move(sections);
  o["version"] = "1";
  o["schemaVersion"] = "1";
  o["selfUri"] = "/api/v2/fieldconfig?type=person";
  return json_response(200, o);
}

}  // namespace rp::api::genesys
