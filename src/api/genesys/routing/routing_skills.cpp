// RoutingApi: GET/POST /api/v2/routing/skills, GET/DELETE .../{skillId}, the
// same for /api/v2/routing/languages; UsersApi: GET/POST
// /api/v2/users/{userId}/routingskills, PUT/DELETE .../{skillId}, PATCH/PUT
// .../bulk, and the same for routinglanguages (PATCH, not PUT, changes one).

#include <boost/json.hpp>

#include "api/genesys/body.h"
#include "api/genesys/listing.h"
#include "api/genesys/respond.h"
#include "api/genesys/routing/handlers.h"
#include "api/genesys/routing/skill_json.h"
#include "core/time.h"
#include "service/routing/routing_skills.h"

namespace rp::api::genesys {
namespace json = boost::json;
namespace {

using store::SkillKind;

constexpr std::size_t kMaxIds = 100;

// The dialect's names of a kind: its collection and path parameter.
struct KindNames {
  std::string_view collection;       // under /api/v2/routing/
  std::string_view user_collection;  // under /api/v2/users/{userId}/
  std::string_view param;
  std::string_view uri_key;  // skillUri | languageUri
};
KindNames names(SkillKind kind) {
  if (kind == SkillKind::skill) return {"skills", "routingskills", "skillId", "skillUri"};
  return {"languages", "routinglanguages", "languageId", "languageUri"};
}

std::string skill_uri(SkillKind kind, std::string_view id) {
  return "/api/v2/routing/" + std::string(names(kind).collection) + "/" + std::string(id);
}

std::string user_collection_uri(SkillKind kind, std::string_view user_id) {
  return "/api/v2/users/" + std::string(user_id) + "/" + std::string(names(kind).user_collection);
}

}  // namespace

// RoutingSkill {id, name, division, dateModified, state, version, selfUri}
// or Language (the same without division).
json::object routing_skill_json(const service::SkillView& v) {
  const auto& s = v.skill;
  json::object o;
  o["id"] = s.id;
  o["name"] = s.name;
  if (s.kind == SkillKind::skill)
    o["division"] = json::object{{"id", s.division_id},
                                 {"name", v.division_name},
                                 {"selfUri", "/api/v2/authorization/divisions/" + s.division_id}};
  o["dateModified"] = to_iso8601(s.modified);
  o["state"] = "active";
  o["version"] = s.version;
  o["selfUri"] = skill_uri(s.kind, s.id);
  return o;
}

json::object user_skill_json(SkillKind kind, const store::UserSkill& s) {
  json::object o;
  o["id"] = s.skill_id;
  o["name"] = s.name;
  o["proficiency"] = s.proficiency;
  o["state"] = s.active ? "active" : "inactive";
  o[names(kind).uri_key] = skill_uri(kind, s.skill_id);
  o["selfUri"] = user_collection_uri(kind, s.user_id) + "/" + s.skill_id;
  return o;
}

namespace {

std::string user_id(const Call& call) { return std::string(call.req.path_param("userId")); }

// ---- The organization's skills and languages ----------------------------

Result<http::Response> list_skills(Call& call, SkillKind kind) {
  auto listing_q = RP_TRY(listing_query(call.req));
  store::SkillQuery q;
  q.page = listing_q.page;
  if (auto name = call.req.query_param("name")) {
    q.name_prefix = std::string(*name);
    listing_q.add_filter("name", q.name_prefix);
  }
  q.ids = call.req.query_list("id");
  if (q.ids.size() > kMaxIds) return invalid("id", "At most 100 ids may be requested at once");
  for (const auto& id : q.ids) listing_q.add_filter("id", id);
  q.descending = RP_TRY(sort_descending(call.req, listing_q));
  auto page = RP_TRY(call.services.skills.list(call.caller, kind, q, call.need));
  json::array entities;
  for (const auto& s : page.items) entities.push_back(routing_skill_json(s));
  return json_response(200, listing(std::move(entities), q.page.page_size, q.page.page_number, page.total,
                                    "/api/v2/routing/" + std::string(names(kind).collection), listing_q.filters));
}

Result<http::Response> create_skill(Call& call, SkillKind kind) {
  auto body = RP_TRY(json_object_body(call.req));
  auto name = RP_TRY(optional_string(body, "name")).value_or("");
  std::optional<std::string> division;
  if (kind == SkillKind::skill) division = RP_TRY(optional_string(body, "divisionId"));
  auto view = RP_TRY(call.services.skills.create(call.caller, kind, std::move(name), std::move(division)));
  return json_response(200, routing_skill_json(view));
}

Result<http::Response> get_skill(Call& call, SkillKind kind) {
  auto id = std::string(call.req.path_param(names(kind).param));
  return json_response(200, routing_skill_json(RP_TRY(call.services.skills.get(call.caller, kind, id, call.need))));
}

Result<http::Response> delete_skill(Call& call, SkillKind kind) {
  RP_CHECK(call.services.skills.remove(call.caller, kind, std::string(call.req.path_param(names(kind).param))));
  return no_content();
}

// ---- A user's skills and languages -----------------------------------------

// UserRoutingSkillPost / UserRoutingSkill / UserRoutingLanguage: id,
// proficiency, state; `path` prefixes the field names in errors.
Result<service::UserSkillChange> change_of(const json::object& o, std::string_view path) {
  service::UserSkillChange c;
  c.skill_id = RP_TRY(optional_string(o, "id", path)).value_or("");
  c.proficiency = RP_TRY(optional_number(o, "proficiency", path));
  c.state = RP_TRY(optional_string(o, "state", path));
  return c;
}

json::object user_skills_listing(SkillKind kind, const std::string& user, const std::vector<store::UserSkill>& all) {
  json::array entities;
  for (const auto& s : all) entities.push_back(user_skill_json(kind, s));
  auto n = static_cast<std::int64_t>(all.size());
  return listing(std::move(entities), std::max<std::int64_t>(n, 25), 1, n, user_collection_uri(kind, user), "");
}

Result<http::Response> list_user_skills(Call& call, SkillKind kind) {
  auto listing_q = RP_TRY(listing_query(call.req));
  bool descending = RP_TRY(sort_descending(call.req, listing_q));
  auto user = user_id(call);
  auto page = RP_TRY(call.services.skills.of_user(call.caller, kind, user, listing_q.page, descending));
  json::array entities;
  for (const auto& s : page.items) entities.push_back(user_skill_json(kind, s));
  return json_response(200, listing(std::move(entities), listing_q.page.page_size, listing_q.page.page_number,
                                    page.total, user_collection_uri(kind, user), listing_q.filters));
}

Result<http::Response> assign_user_skill(Call& call, SkillKind kind) {
  auto change = RP_TRY(change_of(RP_TRY(json_object_body(call.req)), ""));
  auto assigned = RP_TRY(call.services.skills.assign(call.caller, kind, user_id(call), std::move(change), call.need));
  return json_response(200, user_skill_json(kind, assigned));
}

Result<http::Response> update_user_skill(Call& call, SkillKind kind) {
  auto change = RP_TRY(change_of(RP_TRY(json_object_body(call.req)), ""));
  auto path_id = std::string(call.req.path_param(names(kind).param));
  if (!change.skill_id.empty() && change.skill_id != path_id)
    return invalid("id", "The id in the body must be the id of the path");
  change.skill_id = path_id;
  auto updated = RP_TRY(call.services.skills.update(call.caller, kind, user_id(call), std::move(change), call.need));
  return json_response(200, user_skill_json(kind, updated));
}

Result<http::Response> unassign_user_skill(Call& call, SkillKind kind) {
  RP_CHECK(call.services.skills.unassign(call.caller, kind, user_id(call),
                                         std::string(call.req.path_param(names(kind).param)), call.need));
  return no_content();
}

// An array of UserRoutingSkillPost / UserRoutingLanguagePost.
Result<http::Response> assign_user_skills(Call& call, SkillKind kind, bool replace) {
  auto body = RP_TRY(json_body(call.req));
  if (!body.is_array()) return invalid("body", "The body must be an array");
  std::vector<service::UserSkillChange> changes;
  const auto& items = body.as_array();
  for (std::size_t i = 0; i < items.size(); ++i) {
    std::string path = "body[" + std::to_string(i) + "]";
    if (!items[i].is_object()) return invalid(path, path + " must be an object");
    changes.push_back(RP_TRY(change_of(items[i].as_object(), path)));
  }
  auto user = user_id(call);
  auto all = RP_TRY(call.services.skills.assign_all(call.caller, kind, user, std::move(changes), replace, call.need));
  return json_response(200, user_skills_listing(kind, user, all));
}

}  // namespace

Result<http::Response> get_routing_skills(Call& call) { return list_skills(call, SkillKind::skill); }
Result<http::Response> post_routing_skills(Call& call) { return create_skill(call, SkillKind::skill); }
Result<http::Response> get_routing_skill(Call& call) { return get_skill(call, SkillKind::skill); }
Result<http::Response> delete_routing_skill(Call& call) { return delete_skill(call, SkillKind::skill); }
Result<http::Response> get_routing_languages(Call& call) { return list_skills(call, SkillKind::language); }
Result<http::Response> post_routing_languages(Call& call) { return create_skill(call, SkillKind::language); }
Result<http::Response> get_routing_language(Call& call) { return get_skill(call, SkillKind::language); }
Result<http::Response> delete_routing_language(Call& call) { return delete_skill(call, SkillKind::language); }

Result<http::Response> get_user_routing_skills(Call& call) { return list_user_skills(call, SkillKind::skill); }
Result<http::Response> post_user_routing_skills(Call& call) { return assign_user_skill(call, SkillKind::skill); }
Result<http::Response> put_user_routing_skill(Call& call) { return update_user_skill(call, SkillKind::skill); }
Result<http::Response> delete_user_routing_skill(Call& call) { return unassign_user_skill(call, SkillKind::skill); }
Result<http::Response> patch_user_routing_skills_bulk(Call& call) {
  return assign_user_skills(call, SkillKind::skill, false);
}
Result<http::Response> put_user_routing_skills_bulk(Call& call) {
  return assign_user_skills(call, SkillKind::skill, true);
}
Result<http::Response> get_user_routing_languages(Call& call) { return list_user_skills(call, SkillKind::language); }
Result<http::Response> post_user_routing_languages(Call& call) { return assign_user_skill(call, SkillKind::language); }
Result<http::Response> patch_user_routing_language(Call& call) { return update_user_skill(call, SkillKind::language); }
Result<http::Response> delete_user_routing_language(Call& call) {
  return unassign_user_skill(call, SkillKind::language);
}
Result<http::Response> patch_user_routing_languages_bulk(Call& call) {
  return assign_user_skills(call, SkillKind::language, false);
}

}  // namespace rp::api::genesys
