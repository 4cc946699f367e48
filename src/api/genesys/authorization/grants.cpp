// Grants and divisionspermitted: GET /api/v2/authorization/subjects/{subjectId},
// POST .../subjects/{subjectId}/bulkadd|bulkremove|bulkreplace,
// POST/DELETE .../subjects/{subjectId}/divisions/{divisionId}/roles/{roleId},
// GET /api/v2/authorization/divisionspermitted/me and .../paged/me.

#include <algorithm>

#include <boost/json.hpp>

#include "api/genesys/authorization/divisions.h"
#include "api/genesys/authorization/handlers.h"
#include "api/genesys/body.h"
#include "api/genesys/listing.h"
#include "api/genesys/respond.h"
#include "authz/index.h"
#include "core/strings.h"
#include "core/time.h"

namespace rp::api::genesys {
namespace json = boost::json;
namespace {

std::string subject_id(const Call& call) { return std::string(call.req.path_param("subjectId")); }

// subjectType names the kind of subject (PC_USER by default); the subject is
// found by its id whatever the value, so it is only checked for validity.
Result<void> check_subject_type(const http::Request& req) {
  auto type = req.query_param("subjectType");
  if (!type || *type == "PC_USER" || *type == "PC_OAUTH_CLIENT" || *type == "PC_GROUP") return {};
  return invalid("subjectType",
                 "Value [" + std::string(*type) +
                     "] is not valid for subjectType. Allowable values are: PC_USER, PC_OAUTH_CLIENT, PC_GROUP");
}

// RoleDivisionGrants {grants: [{roleId, divisionId}]}.
Result<std::vector<service::RoleDivision>> role_division_grants(const http::Request& req) {
  auto body = RP_TRY(json_object_body(req));
  auto it = body.find("grants");
  if (it == body.end() || it->value().is_null()) return invalid("grants", "grants is required");
  if (!it->value().is_array()) return invalid("grants", "grants must be an array");
  std::vector<service::RoleDivision> out;
  const auto& arr = it->value().as_array();
  for (std::size_t i = 0; i < arr.size(); ++i) {
    std::string at = "grants[" + std::to_string(i) + "]";
    if (!arr[i].is_object()) return invalid(at, at + " must be an object");
    const auto& pair = arr[i].as_object();
    service::RoleDivision rd;
    rd.role_id = RP_TRY(optional_string(pair, "roleId", at)).value_or("");
    rd.division_id = RP_TRY(optional_string(pair, "divisionId", at)).value_or("");
    out.push_back(std::move(rd));
  }
  return out;
}

json::object grant_role_json(const store::Role& r) {
  json::array policies;
  for (const auto& p : r.policies) {
    json::array actions;
    for (const auto& a : p.actions) actions.push_back(json::string(a));
    json::object policy{{"domain", p.domain}, {"entityName", p.entity}, {"actions", std::move(actions)}};
    if (!p.condition_json.empty()) policy["condition"] = p.condition_json;
    policies.push_back(std::move(policy));
  }
  json::object o;
  o["id"] = r.id;
  o["name"] = r.name;
  if (!r.description.empty()) o["description"] = r.description;
  o["policies"] = std::move(policies);
  o["default"] = !r.default_role_id.empty();
  o["selfUri"] = "/api/v2/authorization/roles/" + r.id;
  return o;
}

json::object subject_json(const service::SubjectView& s) {
  json::array grants;
  for (const auto& g : s.grants) {
    json::object division = authz_division_json(g.division);
    if (g.grant.division_id == authz::kAllDivisions) division.erase("selfUri");
    grants.push_back(json::object{{"subjectId", s.id},
                                  {"division", std::move(division)},
                                  {"role", grant_role_json(g.role)},
                                  {"grantMadeAt", to_iso8601(g.grant.created)}});
  }
  json::object o;
  o["id"] = s.id;
  o["name"] = s.name;
  o["grants"] = std::move(grants);
  o["version"] = s.version;
  o["selfUri"] = "/api/v2/authorization/subjects/" + s.id;
  return o;
}

std::string permission_param(const http::Request& req) {
  return std::string(req.query_param("permission").value_or(""));
}

}  // namespace

Result<http::Response> get_subject(Call& call) {
  auto view = RP_TRY(call.services.grants.subject(call.caller, subject_id(call)));
  return json_response(200, subject_json(view));
}

Result<http::Response> post_subject_bulkadd(Call& call) {
  RP_CHECK(check_subject_type(call.req));
  auto grants = RP_TRY(role_division_grants(call.req));
  RP_CHECK(call.services.grants.add(call.caller, subject_id(call), grants));
  return no_content();
}

Result<http::Response> post_subject_bulkremove(Call& call) {
  auto grants = RP_TRY(role_division_grants(call.req));
  RP_CHECK(call.services.grants.remove(call.caller, subject_id(call), grants));
  return no_content();
}

Result<http::Response> post_subject_bulkreplace(Call& call) {
  RP_CHECK(check_subject_type(call.req));
  auto grants = RP_TRY(role_division_grants(call.req));
  RP_CHECK(call.services.grants.replace(call.caller, subject_id(call), grants));
  return no_content();
}

Result<http::Response> post_subject_division_role(Call& call) {
  RP_CHECK(check_subject_type(call.req));
  service::RoleDivision rd{std::string(call.req.path_param("roleId")), std::string(call.req.path_param("divisionId"))};
  RP_CHECK(call.services.grants.grant_one(call.caller, subject_id(call), rd));
  return no_content();
}

Result<http::Response> delete_subject_division_role(Call& call) {
  service::RoleDivision rd{std::string(call.req.path_param("roleId")), std::string(call.req.path_param("divisionId"))};
  RP_CHECK(call.services.grants.revoke_one(call.caller, subject_id(call), rd));
  return no_content();
}

Result<http::Response> get_divisionspermitted_me(Call& call) {
  std::string name(trim(call.req.query_param("name").value_or("")));
  auto permitted = RP_TRY(call.services.grants.permitted(call.caller, permission_param(call.req), name));
  json::array out;
  for (const auto& d : permitted.divisions) out.push_back(authz_division_json(d));
  return json_response(200, out);
}

Result<http::Response> get_divisionspermitted_paged_me(Call& call) {
  const auto& req = call.req;
  auto listing_q = RP_TRY(listing_query(req));
  const std::int64_t page_size = listing_q.page.page_size;
  const std::int64_t page_number = listing_q.page.page_number;
  std::string permission = permission_param(req);
  auto permitted = RP_TRY(call.services.grants.permitted(call.caller, permission));
  auto total = static_cast<std::int64_t>(permitted.divisions.size());
  auto first = std::min<std::int64_t>((page_number - 1) * page_size, total);
  auto last = std::min<std::int64_t>(first + page_size, total);
  json::array entities;
  for (auto i = first; i < last; ++i)
    entities.push_back(authz_division_json(permitted.divisions[static_cast<std::size_t>(i)]));
  auto o =
      listing(std::move(entities), page_size, page_number, total, "/api/v2/authorization/divisionspermitted/paged/me",
              "permission=" + percent_encode(trim(permission)));
  o["allDivsPermitted"] = permitted.all;
  return json_response(200, o);
}

}  // namespace rp::api::genesys
