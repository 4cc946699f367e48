// OAuthApi: GET/POST /api/v2/oauth/clients, GET/PUT/DELETE
// /api/v2/oauth/clients/{clientId}, POST /api/v2/oauth/clients/{clientId}/secret.

#include "api/genesys/oauth/oauth_clients.h"
#include "api/genesys/respond.h"

#include <boost/json.hpp>

#include "api/genesys/body.h"
#include "api/genesys/listing.h"
#include "api/genesys/oauth/handlers.h"
#include "core/strings.h"

namespace rp::api::genesys {
namespace json = boost::json;
namespace {

json::object entity_ref(const std::string& id) {
  json::object o{{"id", id}};
  if (is_uuid(id)) o["selfUri"] = "/api/v2/users/" + id;
  return o;
}

// An optional array of strings named `key`.
Result<std::vector<std::string>> string_array(const json::object& body, std::string_view key) {
  std::vector<std::string> out;
  auto it = body.find(key);
  if (it == body.end() || it->value().is_null()) return out;
  if (!it->value().is_array()) return invalid(std::string(key), std::string(key) + " must be an array of strings");
  const auto& a = it->value().as_array();
  for (std::size_t i = 0; i < a.size(); ++i) {
    std::string at = std::string(key) + "[" + std::to_string(i) + "]";
    if (!a[i].is_string()) return invalid(at, at + " must be a string");
    out.emplace_back(a[i].as_string());
  }
  return out;
}

Result<std::vector<service::RoleDivision>> role_divisions(const json::object& body) {
  std::vector<service::RoleDivision> out;
  auto it = body.find("roleDivisions");
  if (it == body.end() || it->value().is_null()) return out;
  if (!it->value().is_array())
    return invalid("roleDivisions", "roleDivisions must be an array of RoleDivision objects");
  const auto& a = it->value().as_array();
  for (std::size_t i = 0; i < a.size(); ++i) {
    std::string at = "roleDivisions[" + std::to_string(i) + "]";
    if (!a[i].is_object()) return invalid(at, at + " must be an object {roleId, divisionId}");
    const auto& o = a[i].as_object();
    out.push_back({RP_TRY(optional_string(o, "roleId", at)).value_or(""),
                   RP_TRY(optional_string(o, "divisionId", at)).value_or("")});
  }
  return out;
}

// OAuthClientRequest. The deprecated roleIds stand for those roles in the
// Home division when roleDivisions is not given.
Result<service::OAuthClientInput> client_input(Call& call) {
  auto body = RP_TRY(json_object_body(call.req));
  service::OAuthClientInput in;
  in.name = RP_TRY(optional_string(body, "name")).value_or("");
  in.description = RP_TRY(optional_string(body, "description")).value_or("");
  in.grant_type = RP_TRY(optional_string(body, "authorizedGrantType")).value_or("");
  in.redirect_uris = RP_TRY(string_array(body, "registeredRedirectUri"));
  if (auto it = body.find("accessTokenValiditySeconds"); it != body.end() && !it->value().is_null()) {
    const auto& v = it->value();
    if (v.is_int64()) in.token_validity_seconds = v.as_int64();
    else if (v.is_uint64() && v.as_uint64() <= INT64_MAX)
      in.token_validity_seconds = static_cast<std::int64_t>(v.as_uint64());
    else return invalid("accessTokenValiditySeconds", "accessTokenValiditySeconds must be a whole number");
  }
  in.role_divisions = RP_TRY(role_divisions(body));
  auto role_ids = RP_TRY(string_array(body, "roleIds"));
  if (in.role_divisions.empty() && !role_ids.empty()) {
    auto home = RP_TRY(call.services.divisions.home(call.caller));
    for (auto& id : role_ids) in.role_divisions.push_back({std::move(id), home.id});
  }
  in.state = RP_TRY(optional_string(body, "state"));
  if (auto date = RP_TRY(optional_string(body, "dateToDelete"))) {
    auto t = parse_iso8601(*date);
    if (!t) return invalid("dateToDelete", "dateToDelete must be an ISO-8601 date-time");
    in.date_to_delete = *t;
  }
  return in;
}

json::object with_secret(const service::ClientView& v) {
  auto o = oauth_client_json(v.client, v.grants);
  o["secret"] = v.secret;
  return o;
}

std::string client_id(Call& call) { return std::string(call.req.path_param("clientId")); }

}  // namespace

Result<http::Response> get_clients(Call& call) {
  auto page = RP_TRY(listing_query(call.req)).page;
  auto clients = RP_TRY(call.services.clients.list(call.caller, page));
  json::array entities;
  for (const auto& v : clients.items) entities.push_back(oauth_client_json(v.client, v.grants));
  return json_response(
      200, listing(std::move(entities), page.page_size, page.page_number, clients.total, "/api/v2/oauth/clients", ""));
}

Result<http::Response> post_clients(Call& call) {
  auto in = RP_TRY(client_input(call));
  return json_response(200, with_secret(RP_TRY(call.services.clients.create(call.caller, in))));
}

Result<http::Response> get_client(Call& call) {
  auto v = RP_TRY(call.services.clients.get(call.caller, client_id(call)));
  return json_response(200, oauth_client_json(v.client, v.grants));
}

Result<http::Response> put_client(Call& call) {
  auto in = RP_TRY(client_input(call));
  auto v = RP_TRY(call.services.clients.update(call.caller, client_id(call), in));
  return json_response(200, oauth_client_json(v.client, v.grants));
}

Result<http::Response> delete_client(Call& call) {
  RP_CHECK(call.services.clients.remove(call.caller, client_id(call)));
  return no_content();
}

Result<http::Response> post_client_secret(Call& call) {
  return json_response(200, with_secret(RP_TRY(call.services.clients.regenerate_secret(call.caller, client_id(call)))));
}

json::object oauth_client_json(const store::OAuthClient& c, const std::vector<store::Grant>& grants) {
  json::object o;
  o["id"] = c.id;
  o["name"] = c.name;
  o["description"] = c.description;
  o["accessTokenValiditySeconds"] = c.token_validity_seconds;
  json::array uris;
  for (const auto& u : c.redirect_uris) uris.emplace_back(u);
  o["registeredRedirectUri"] = std::move(uris);
  json::array role_ids, pairs;
  for (const auto& g : grants) {
    if (std::find(role_ids.begin(), role_ids.end(), json::value(g.role_id)) == role_ids.end())
      role_ids.emplace_back(g.role_id);
    pairs.push_back(json::object{{"roleId", g.role_id}, {"divisionId", g.division_id}});
  }
  o["roleIds"] = std::move(role_ids);
  o["roleDivisions"] = std::move(pairs);
  o["authorizedGrantType"] = c.grant_type;
  o["scope"] = json::array();
  o["state"] = store::to_string(c.state);
  if (c.date_to_delete) o["dateToDelete"] = to_iso8601(*c.date_to_delete);
  o["dateCreated"] = to_iso8601(c.created);
  o["dateModified"] = to_iso8601(c.modified);
  o["createdBy"] = entity_ref(c.created_by);
  o["modifiedBy"] = entity_ref(c.modified_by.empty() ? c.created_by : c.modified_by);
  o["selfUri"] = "/api/v2/oauth/clients/" + c.id;
  return o;
}

}  // namespace rp::api::genesys
