// GroupsApi: GET/POST /api/v2/groups, GET/PUT/DELETE /api/v2/groups/{groupId},
// GET/POST/DELETE /api/v2/groups/{groupId}/members.

#include <boost/json.hpp>

#include "api/genesys/body.h"
#include "api/genesys/groups/group_json.h"
#include "api/genesys/groups/handlers.h"
#include "api/genesys/listing.h"
#include "api/genesys/respond.h"
#include "api/genesys/users/user_json.h"
#include "core/time.h"
#include "service/groups/groups.h"

namespace rp::api::genesys {
namespace json = boost::json;
namespace {

constexpr std::size_t kMaxIds = 100;
constexpr std::string_view kGroups = "/api/v2/groups";

std::string group_id(const Call& call) { return std::string(call.req.path_param("groupId")); }

Result<std::optional<std::int64_t>> optional_version(const json::object& body) {
  const auto* v = body.if_contains("version");
  if (!v || v->is_null()) return std::optional<std::int64_t>{};
  if (!v->is_int64()) return invalid("version", "version must be an integer");
  return std::optional<std::int64_t>(v->as_int64());
}

// GroupCreate / GroupUpdate. Owners are given as ownerIds.
Result<service::GroupInput> group_input(const http::Request& req) {
  auto body = RP_TRY(json_object_body(req));
  service::GroupInput in;
  in.name = RP_TRY(optional_string(body, "name")).value_or("");
  in.type = RP_TRY(optional_string(body, "type")).value_or("");
  in.visibility = RP_TRY(optional_string(body, "visibility")).value_or("");
  in.rules_visible = RP_TRY(optional_bool(body, "rulesVisible"));
  in.description = RP_TRY(optional_string(body, "description"));
  in.owner_ids = RP_TRY(string_list(body, "ownerIds"));
  in.version = RP_TRY(optional_version(body));
  return in;
}

}  // namespace

json::object group_json(const store::Group& g) {
  json::object o;
  o["id"] = g.id;
  o["name"] = g.name;
  o["description"] = g.description;
  o["dateModified"] = to_iso8601(g.modified);
  o["memberCount"] = g.member_count;
  o["state"] = store::to_string(g.state);
  o["version"] = g.version;
  o["type"] = g.type;
  o["rulesVisible"] = g.rules_visible;
  o["visibility"] = g.visibility;
  json::array owners;
  for (const auto& id : g.owner_ids) owners.push_back(json::object{{"id", id}, {"selfUri", "/api/v2/users/" + id}});
  o["owners"] = std::move(owners);
  o["selfUri"] = std::string(kGroups) + "/" + g.id;
  return o;
}

Result<http::Response> get_groups(Call& call) {
  auto listing_q = RP_TRY(listing_query(call.req));
  store::GroupQuery q;
  q.page = listing_q.page;
  q.ids = call.req.query_list("id");
  if (q.ids.size() > kMaxIds) return invalid("id", "At most 100 group ids may be requested at once");
  for (const auto& id : q.ids) listing_q.add_filter("id", id);
  q.descending = RP_TRY(sort_descending(call.req, listing_q));
  auto page = RP_TRY(call.services.groups.list(call.caller, q));
  json::array entities;
  for (const auto& g : page.items) entities.push_back(group_json(g));
  return json_response(
      200, listing(std::move(entities), q.page.page_size, q.page.page_number, page.total, kGroups, listing_q.filters));
}

Result<http::Response> post_groups(Call& call) {
  auto in = RP_TRY(group_input(call.req));
  auto g = RP_TRY(call.services.groups.create(call.caller, std::move(in)));
  return json_response(200, group_json(g));
}

Result<http::Response> get_group(Call& call) {
  auto g = RP_TRY(call.services.groups.get(call.caller, group_id(call)));
  return json_response(200, group_json(g));
}

Result<http::Response> put_group(Call& call) {
  auto in = RP_TRY(group_input(call.req));
  auto g = RP_TRY(call.services.groups.update(call.caller, group_id(call), std::move(in)));
  return json_response(200, group_json(g));
}

Result<http::Response> delete_group(Call& call) {
  RP_CHECK(call.services.groups.remove(call.caller, group_id(call)));
  return no_content();
}

Result<http::Response> get_group_members(Call& call) {
  auto listing_q = RP_TRY(listing_query(call.req));
  const std::string id = group_id(call);
  auto page = RP_TRY(call.services.groups.members(call.caller, id, listing_q.page));
  json::array entities;
  for (const auto& v : page.items) entities.push_back(user_json(v, call.caller.org));
  return json_response(200, listing(std::move(entities), listing_q.page.page_size, listing_q.page.page_number,
                                    page.total, std::string(kGroups) + "/" + id + "/members", listing_q.filters));
}

Result<http::Response> post_group_members(Call& call) {
  auto body = RP_TRY(json_object_body(call.req));
  auto ids = RP_TRY(string_list(body, "memberIds"));
  auto version = RP_TRY(optional_version(body));
  RP_CHECK(call.services.groups.add_members(call.caller, group_id(call), std::move(ids), version));
  return json_response(200, json::object{});
}

Result<http::Response> delete_group_members(Call& call) {
  RP_CHECK(call.services.groups.remove_members(call.caller, group_id(call), call.req.query_list("ids")));
  return json_response(200, json::object{});
}

}  // namespace rp::api::genesys
