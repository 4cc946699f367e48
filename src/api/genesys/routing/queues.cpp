// RoutingApi: GET/POST /api/v2/routing/queues, GET/PUT/DELETE .../{queueId},
// GET/POST/PATCH .../{queueId}/members, PATCH/DELETE
// .../members/{memberId}; UsersApi: GET/PATCH /api/v2/users/{userId}/queues,
// PATCH .../queues/{queueId}.

#include <algorithm>
#include <array>

#include <boost/json.hpp>

#include "api/genesys/body.h"
#include "api/genesys/listing.h"
#include "api/genesys/presence/presence_json.h"
#include "api/genesys/respond.h"
#include "api/genesys/routing/handlers.h"
#include "api/genesys/users/user_expand.h"
#include "core/strings.h"
#include "core/time.h"
#include "service/routing/queues.h"

namespace rp::api::genesys {
namespace json = boost::json;
namespace {

constexpr std::string_view kQueues = "/api/v2/routing/queues";
constexpr std::size_t kMaxIds = 100;
constexpr std::int64_t kMaxMemberPage = 100;

// The members of a Genesys queue roleplane keeps as given, with the JSON
// kind each must be.
enum class Kind { object, array, string, boolean };
struct ConfigMember {
  std::string_view name;
  Kind kind;
};
constexpr std::array kConfigMembers{
    ConfigMember{"mediaSettings", Kind::object},
    ConfigMember{"routingRules", Kind::array},
    ConfigMember{"conditionalGroupRouting", Kind::object},
    ConfigMember{"conditionalGroupActivation", Kind::object},
    ConfigMember{"bullseye", Kind::object},
    ConfigMember{"scoringMethod", Kind::string},
    ConfigMember{"lastAgentRoutingMode", Kind::string},
    ConfigMember{"acwSettings", Kind::object},
    ConfigMember{"skillEvaluationMethod", Kind::string},
    ConfigMember{"memberGroups", Kind::array},
    ConfigMember{"queueFlow", Kind::object},
    ConfigMember{"emailInQueueFlow", Kind::object},
    ConfigMember{"messageInQueueFlow", Kind::object},
    ConfigMember{"whisperPrompt", Kind::object},
    ConfigMember{"onHoldPrompt", Kind::object},
    ConfigMember{"defaultMediaLanguage", Kind::string},
    ConfigMember{"cannedResponseLibraries", Kind::object},
    ConfigMember{"enableTranscription", Kind::boolean},
    ConfigMember{"enableAudioMonitoring", Kind::boolean},
    ConfigMember{"enableManualAssignment", Kind::boolean},
    ConfigMember{"agentOwnedRouting", Kind::object},
    ConfigMember{"directRouting", Kind::object},
    ConfigMember{"callingPartyName", Kind::string},
    ConfigMember{"callingPartyNumber", Kind::string},
    ConfigMember{"defaultScripts", Kind::object},
    ConfigMember{"outboundMessagingAddresses", Kind::object},
    ConfigMember{"outboundEmailAddress", Kind::object},
    ConfigMember{"peerId", Kind::string},
    ConfigMember{"suppressInQueueCallRecording", Kind::boolean},
    ConfigMember{"sourceQueueId", Kind::string},
};
// What a Queue answers and a client may send back unchanged: ignored.
constexpr std::array<std::string_view, 10> kReadOnly{
    "id",          "dateCreated", "dateModified",    "modifiedBy",        "createdBy",
    "memberCount", "selfUri",     "userMemberCount", "joinedMemberCount", "joined"};

bool is_kind(const json::value& v, Kind k) {
  switch (k) {
    case Kind::object: return v.is_object();
    case Kind::array: return v.is_array();
    case Kind::string: return v.is_string();
    case Kind::boolean: return v.is_bool();
  }
  return false;
}

std::string_view kind_name(Kind k) {
  switch (k) {
    case Kind::object: return "an object";
    case Kind::array: return "an array";
    case Kind::string: return "a string";
    case Kind::boolean: return "a boolean";
  }
  return "";
}

// CreateQueueRequest / QueueRequest: name, description, divisionId (or
// division.id), and the kept members; any other member is 400.
Result<service::QueueInput> queue_input(const json::object& body) {
  service::QueueInput in;
  in.name = RP_TRY(optional_string(body, "name")).value_or("");
  in.description = RP_TRY(optional_string(body, "description")).value_or("");
  in.division_id = RP_TRY(optional_string(body, "divisionId"));
  if (const auto* d = body.if_contains("division"); d && !d->is_null()) {
    if (!d->is_object()) return invalid("division", "division must be an object");
    if (auto id = RP_TRY(optional_string(d->as_object(), "id", "division"))) {
      if (in.division_id && *in.division_id != *id)
        return invalid("divisionId", "divisionId and division.id name different divisions");
      in.division_id = std::move(id);
    }
  }
  json::object config;
  for (const auto& [key, value] : body) {
    if (key == "name" || key == "description" || key == "divisionId" || key == "division") continue;
    if (std::find(kReadOnly.begin(), kReadOnly.end(), key) != kReadOnly.end()) continue;
    auto it = std::find_if(kConfigMembers.begin(), kConfigMembers.end(),
                           [&](const ConfigMember& m) { return m.name == key; });
    if (it == kConfigMembers.end()) return invalid(key, "Unrecognized field [" + std::string(key) + "] of a queue");
    if (value.is_null()) continue;
    if (!is_kind(value, it->kind))
      return invalid(key, std::string(key) + " must be " + std::string(kind_name(it->kind)));
    if (key == "skillEvaluationMethod" && value.as_string() != "NONE" && value.as_string() != "BEST" &&
        value.as_string() != "ALL")
      return invalid(key, "Value [" + std::string(value.as_string()) +
                              "] is not valid for skillEvaluationMethod. Allowable values are: NONE, BEST, ALL");
    config[key] = value;
  }
  in.config = json::serialize(config);
  return in;
}

// Queue (and UserQueue, with `joined`): the kept members as given, then
// roleplane's own.
json::object queue_json(const service::QueueView& v, std::optional<bool> joined = std::nullopt) {
  const auto& q = v.queue;
  json::object o;
  boost::system::error_code ec;
  if (auto config = json::parse(q.config, ec); !ec && config.is_object()) o = std::move(config.as_object());
  o["id"] = q.id;
  o["name"] = q.name;
  o["division"] = json::object{{"id", q.division_id},
                               {"name", v.division_name},
                               {"selfUri", "/api/v2/authorization/divisions/" + q.division_id}};
  if (!q.description.empty()) o["description"] = q.description;
  o["dateCreated"] = to_iso8601(q.created);
  o["dateModified"] = to_iso8601(q.modified);
  if (!q.created_by.empty()) o["createdBy"] = q.created_by;
  if (!q.modified_by.empty()) o["modifiedBy"] = q.modified_by;
  o["memberCount"] = q.member_count;
  o["userMemberCount"] = q.member_count;
  o["joinedMemberCount"] = q.joined_count;
  if (joined) o["joined"] = *joined;
  o["selfUri"] = std::string(kQueues) + "/" + q.id;
  return o;
}

std::string queue_id(const Call& call) { return std::string(call.req.path_param("queueId")); }
std::string user_id(const Call& call) { return std::string(call.req.path_param("userId")); }
std::string members_uri(std::string_view queue) { return std::string(kQueues) + "/" + std::string(queue) + "/members"; }

// QueueMember {id, name, user, ringNumber, joined, memberBy, routingStatus}.
Result<json::array> members_json(Call& call, std::vector<service::QueueMemberView> members, const UserExpand& expand) {
  std::vector<service::UserView> users;
  for (const auto& m : members) users.push_back(m.user);
  auto expanded = RP_TRY(expanded_users_json(call, users, expand));
  json::array out;
  for (std::size_t i = 0; i < members.size(); ++i) {
    const auto& m = members[i];
    json::object o;
    o["id"] = m.member.user_id;
    o["name"] = m.user.user.name;
    o["user"] = std::move(expanded[i]);
    o["ringNumber"] = m.member.ring_number;
    o["joined"] = m.member.joined;
    o["memberBy"] = "user";
    o["routingStatus"] = routing_status_json(m.member.user_id, m.routing_status, m.routing_started);
    o["selfUri"] = members_uri(m.member.queue_id) + "/" + m.member.user_id;
    out.push_back(std::move(o));
  }
  return out;
}

// QueueMemberEntityListing has no total, pageCount or lastUri.
json::object member_listing(json::array entities, std::int64_t page_size, std::int64_t page_number, std::int64_t total,
                            std::string_view queue, std::string_view filters) {
  auto o = listing(std::move(entities), page_size, page_number, total, members_uri(queue), filters);
  o.erase("total");
  o.erase("pageCount");
  o.erase("lastUri");
  return o;
}

// A list query parameter, each value added to the listing's filters.
std::vector<std::string> list_param(const http::Request& req, std::string_view key, ListingQuery& listing_q) {
  auto values = req.query_list(key);
  for (const auto& v : values) listing_q.add_filter(key, v);
  return values;
}

Result<std::optional<bool>> bool_param(const http::Request& req, std::string_view key, ListingQuery& listing_q) {
  auto v = req.query_param(key);
  if (!v) return std::optional<bool>{};
  listing_q.add_filter(key, *v);
  if (iequals(*v, "true")) return std::optional<bool>{true};
  if (iequals(*v, "false")) return std::optional<bool>{false};
  return invalid(std::string(key), "Value [" + std::string(*v) + "] is not valid for " + std::string(key) +
                                       ". Allowable values are: true, false");
}

// An array body of objects, each read by `read` with its path ("body[i]").
template <class T, class F>
Result<std::vector<T>> array_body(const http::Request& req, F read) {
  auto body = RP_TRY(json_body(req));
  if (!body.is_array()) return invalid("body", "The body must be an array");
  const auto& items = body.as_array();
  if (items.size() > kMaxIds) return invalid("body", "At most 100 entries may be given at once");
  std::vector<T> out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    std::string path = "body[" + std::to_string(i) + "]";
    if (!items[i].is_object()) return invalid(path, path + " must be an object");
    out.push_back(RP_TRY(read(items[i].as_object(), path)));
  }
  return out;
}

// {id} (a WritableEntity naming a user).
Result<std::string> member_entry(const json::object& o, const std::string& path) {
  auto id = RP_TRY(optional_string(o, "id", path));
  if (!id || id->empty()) return invalid(path + ".id", "id is required");
  return std::move(*id);
}

// {id, joined} with both required.
Result<std::pair<std::string, bool>> join_entry(const json::object& o, const std::string& path) {
  auto id = RP_TRY(optional_string(o, "id", path));
  if (!id || id->empty()) return invalid(path + ".id", "id is required");
  auto joined = RP_TRY(optional_bool(o, "joined", path));
  if (!joined) return invalid(path + ".joined", "joined is required");
  return std::pair{std::move(*id), *joined};
}

json::object user_queues_listing(const std::vector<service::UserQueueView>& queues, const std::string& user,
                                 const ListingQuery& listing_q, std::int64_t total) {
  json::array entities;
  for (const auto& q : queues) entities.push_back(queue_json(q.queue, q.joined));
  return listing(std::move(entities), listing_q.page.page_size, listing_q.page.page_number, total,
                 "/api/v2/users/" + user + "/queues", listing_q.filters);
}

}  // namespace

// ---- Queues ----------------------------------------------------------------

Result<http::Response> get_routing_queues(Call& call) {
  auto listing_q = RP_TRY(listing_query(call.req));
  store::QueueQuery q;
  q.page = listing_q.page;
  if (auto name = call.req.query_param("name")) {
    q.name = std::string(*name);
    listing_q.add_filter("name", q.name);
  }
  q.ids = list_param(call.req, "id", listing_q);
  if (q.ids.size() > kMaxIds) return invalid("id", "At most 100 ids may be requested at once");
  if (auto divisions = list_param(call.req, "divisionId", listing_q); !divisions.empty())
    q.divisions = std::move(divisions);
  q.descending = RP_TRY(sort_descending(call.req, listing_q));
  auto page = RP_TRY(call.services.queues.list(call.caller, q, call.need));
  json::array entities;
  for (const auto& v : page.items) entities.push_back(queue_json(v));
  return json_response(
      200, listing(std::move(entities), q.page.page_size, q.page.page_number, page.total, kQueues, listing_q.filters));
}

Result<http::Response> post_routing_queues(Call& call) {
  auto input = RP_TRY(queue_input(RP_TRY(json_object_body(call.req))));
  return json_response(200, queue_json(RP_TRY(call.services.queues.create(call.caller, std::move(input), call.need))));
}

Result<http::Response> get_routing_queue(Call& call) {
  return json_response(200, queue_json(RP_TRY(call.services.queues.get(call.caller, queue_id(call), call.need))));
}

Result<http::Response> put_routing_queue(Call& call) {
  auto input = RP_TRY(queue_input(RP_TRY(json_object_body(call.req))));
  return json_response(
      200, queue_json(RP_TRY(call.services.queues.update(call.caller, queue_id(call), std::move(input), call.need))));
}

Result<http::Response> delete_routing_queue(Call& call) {
  auto listing_q = ListingQuery{};
  auto force = RP_TRY(bool_param(call.req, "forceDelete", listing_q));
  (void)force;  // accepted: no interactions hold a queue
  RP_CHECK(call.services.queues.remove(call.caller, queue_id(call), call.need));
  return no_content();
}

// ---- Members ---------------------------------------------------------------

Result<http::Response> get_routing_queue_members(Call& call) {
  const auto& req = call.req;
  auto listing_q = RP_TRY(listing_query(req));
  if (listing_q.page.page_size > kMaxMemberPage) return invalid("pageSize", "pageSize must be at most 100");
  service::MemberFilter f;
  f.page = listing_q.page;
  f.descending = RP_TRY(sort_descending(req, listing_q));
  auto expand = RP_TRY(parse_user_expand(req));
  for (const auto& v : expand.values) listing_q.add_filter("expand", v);
  if (auto name = req.query_param("name")) {
    f.name = std::string(*name);
    listing_q.add_filter("name", f.name);
  }
  f.skills = list_param(req, "skills", listing_q);
  f.languages = list_param(req, "languages", listing_q);
  f.profile_skills = list_param(req, "profileSkills", listing_q);
  f.routing_statuses = list_param(req, "routingStatus", listing_q);
  f.presences = list_param(req, "presence", listing_q);
  if (auto by = req.query_param("memberBy")) {
    f.member_by = std::string(*by);
    listing_q.add_filter("memberBy", f.member_by);
  }
  f.joined = RP_TRY(bool_param(req, "joined", listing_q));
  auto queue = queue_id(call);
  auto page = RP_TRY(call.services.queues.members(call.caller, queue, f, call.need));
  auto entities = RP_TRY(members_json(call, std::move(page.items), expand));
  return json_response(200, member_listing(std::move(entities), f.page.page_size, f.page.page_number, page.total, queue,
                                           listing_q.filters));
}

Result<http::Response> post_routing_queue_members(Call& call) {
  auto listing_q = ListingQuery{};
  bool remove = RP_TRY(bool_param(call.req, "delete", listing_q)).value_or(false);
  auto ids = RP_TRY(array_body<std::string>(call.req, member_entry));
  RP_CHECK(call.services.queues.change_members(call.caller, queue_id(call), std::move(ids), remove, call.need));
  return no_content();
}

Result<http::Response> patch_routing_queue_members(Call& call) {
  auto joins = RP_TRY((array_body<std::pair<std::string, bool>>(call.req, join_entry)));
  auto queue = queue_id(call);
  auto changed = RP_TRY(call.services.queues.join_members(call.caller, queue, joins, call.need));
  auto n = static_cast<std::int64_t>(changed.size());
  auto entities = RP_TRY(members_json(call, std::move(changed), UserExpand{}));
  return json_response(200, member_listing(std::move(entities), std::max<std::int64_t>(n, 25), 1, n, queue, ""));
}

Result<http::Response> patch_routing_queue_member(Call& call) {
  auto body = RP_TRY(json_object_body(call.req));
  auto joined = RP_TRY(optional_bool(body, "joined"));
  std::optional<std::int64_t> ring;
  if (auto n = RP_TRY(optional_number(body, "ringNumber"))) {
    if (*n != static_cast<double>(static_cast<std::int64_t>(*n)))
      return invalid("ringNumber", "ringNumber must be a whole number");
    ring = static_cast<std::int64_t>(*n);
  }
  RP_CHECK(call.services.queues.set_member(call.caller, queue_id(call), std::string(call.req.path_param("memberId")),
                                           joined, ring, call.need));
  return no_content();
}

Result<http::Response> delete_routing_queue_member(Call& call) {
  RP_CHECK(call.services.queues.remove_member(call.caller, queue_id(call), std::string(call.req.path_param("memberId")),
                                              call.need));
  return no_content();
}

// ---- A user's queues -------------------------------------------------------

Result<http::Response> get_user_queues(Call& call) {
  auto listing_q = RP_TRY(listing_query(call.req));
  auto joined = RP_TRY(bool_param(call.req, "joined", listing_q)).value_or(true);
  auto divisions = list_param(call.req, "divisionId", listing_q);
  auto user = user_id(call);
  auto page = RP_TRY(call.services.queues.user_queues(call.caller, user, joined, divisions, listing_q.page, call.need));
  return json_response(200, user_queues_listing(page.items, user, listing_q, page.total));
}

Result<http::Response> patch_user_queue(Call& call) {
  auto body = RP_TRY(json_object_body(call.req));
  auto joined = RP_TRY(optional_bool(body, "joined"));
  if (!joined) return invalid("joined", "joined is required");
  auto view = RP_TRY(call.services.queues.join(call.caller, user_id(call), queue_id(call), *joined, call.need));
  return json_response(200, queue_json(view.queue, view.joined));
}

Result<http::Response> patch_user_queues(Call& call) {
  auto joins = RP_TRY((array_body<std::pair<std::string, bool>>(call.req, join_entry)));
  auto user = user_id(call);
  auto views = RP_TRY(call.services.queues.join_all(call.caller, user, joins, call.need));
  ListingQuery listing_q;
  auto n = static_cast<std::int64_t>(views.size());
  listing_q.page.page_size = std::max<std::int64_t>(n, 25);
  return json_response(200, user_queues_listing(views, user, listing_q, n));
}

}  // namespace rp::api::genesys
