// UsersApi handlers: POST/GET /api/v2/users, GET/PATCH/DELETE /api/v2/users/{userId}.

#include <cstdint>

#include <boost/json.hpp>

#include "api/genesys/body.h"
#include "api/genesys/listing.h"
#include "api/genesys/respond.h"
#include "api/genesys/users/handlers.h"
#include "api/genesys/users/user_expand.h"
#include "api/genesys/users/user_json.h"
#include "core/reasons.h"
#include "core/strings.h"

namespace rp::api::genesys {
namespace json = boost::json;
namespace {

constexpr std::size_t kMaxIds = 100;
constexpr std::int64_t kMaxIntegrationPresenceUsers = 100;

void put_if(json::object& o, std::string_view key, const std::string& v) {
  if (!v.empty()) o[key] = v;
}

json::object contact_json(const store::Contact& c) {
  json::object o;
  put_if(o, "address", c.address);
  o["display"] = c.display.empty() ? (c.address.empty() ? c.extension : c.address) : c.display;
  o["mediaType"] = c.media_type;
  put_if(o, "type", c.type);
  put_if(o, "extension", c.extension);
  put_if(o, "countryCode", c.country_code);
  return o;
}

json::object division_json(const store::Division& d) {
  return {{"id", d.id}, {"name", d.name}, {"selfUri", "/api/v2/authorization/divisions/" + d.id}};
}

}  // namespace

std::string jabber_id(std::string_view user_id, const OrgId& org) {
  return std::string(user_id) + "@" + org.value + ".roleplane.chat";
}

std::optional<std::string> user_id_of_jabber_id(std::string_view jid, const OrgId& org) {
  const std::string suffix = "@" + org.value + ".roleplane.chat";
  if (jid.size() <= suffix.size() || !iequals(jid.substr(jid.size() - suffix.size()), suffix)) return std::nullopt;
  return to_lower(jid.substr(0, jid.size() - suffix.size()));
}

json::object user_json(const service::UserView& v, const OrgId& org) {
  const store::User& u = v.user;
  json::object o;
  o["id"] = u.id;
  o["name"] = u.name;
  o["division"] = division_json(v.division);
  o["chat"] = json::object{{"jabberId", jabber_id(u.id, org)}};
  put_if(o, "department", u.department);
  o["email"] = u.email;
  json::array primary;
  primary.push_back(json::object{{"address", u.email}, {"mediaType", "EMAIL"}, {"type", "PRIMARY"}});
  json::array addresses;
  for (const auto& c : u.addresses) {
    addresses.push_back(contact_json(c));
    if (c.type == "PRIMARY" && c.media_type != "EMAIL") primary.push_back(contact_json(c));
  }
  o["primaryContactInfo"] = std::move(primary);
  o["addresses"] = std::move(addresses);
  o["state"] = store::to_string(u.state);
  put_if(o, "title", u.title);
  o["username"] = u.username;
  o["version"] = u.version;
  o["acdAutoAnswer"] = u.acd_auto_answer;
  if (!u.manager_id.empty())
    o["manager"] = json::object{{"id", u.manager_id}, {"selfUri", "/api/v2/users/" + u.manager_id}};
  o["selfUri"] = "/api/v2/users/" + u.id;
  return o;
}

namespace {

Result<std::vector<store::Contact>> parse_addresses(const json::object& body) {
  std::vector<store::Contact> out;
  auto it = body.find("addresses");
  if (it == body.end() || it->value().is_null()) return out;
  if (!it->value().is_array()) return invalid("addresses", "addresses must be an array");
  const auto& arr = it->value().as_array();
  for (std::size_t i = 0; i < arr.size(); ++i) {
    std::string path = "addresses[" + std::to_string(i) + "]";
    if (!arr[i].is_object()) return invalid(path, path + " must be an object");
    const auto& c = arr[i].as_object();
    store::Contact contact;
    contact.address = RP_TRY(optional_string(c, "address", path)).value_or("");
    contact.display = RP_TRY(optional_string(c, "display", path)).value_or("");
    contact.media_type = RP_TRY(optional_string(c, "mediaType", path)).value_or("");
    contact.type = RP_TRY(optional_string(c, "type", path)).value_or("");
    contact.extension = RP_TRY(optional_string(c, "extension", path)).value_or("");
    contact.country_code = RP_TRY(optional_string(c, "countryCode", path)).value_or("");
    out.push_back(std::move(contact));
  }
  return out;
}

// UpdateUser.version: a whole number, required.
Result<std::int64_t> required_version(const json::object& body) {
  auto it = body.find("version");
  if (it == body.end() || it->value().is_null()) return invalid("version", "version is required");
  const auto& v = it->value();
  if (v.is_int64()) return v.as_int64();
  if (v.is_uint64() && v.as_uint64() <= static_cast<std::uint64_t>(INT64_MAX))
    return static_cast<std::int64_t>(v.as_uint64());
  if (v.is_double()) {
    double d = v.as_double();
    if (d >= 0 && d < 9.0e15 && d == static_cast<double>(static_cast<std::int64_t>(d)))
      return static_cast<std::int64_t>(d);
  }
  return invalid("version", "version must be a whole number");
}

}  // namespace

Result<http::Response> post_users(Call& call) {
  auto body = RP_TRY(json_object_body(call.req));
  service::NewUser in;
  in.name = RP_TRY(optional_string(body, "name")).value_or("");
  in.email = RP_TRY(optional_string(body, "email")).value_or("");
  in.division_id = RP_TRY(optional_string(body, "divisionId"));
  in.department = RP_TRY(optional_string(body, "department")).value_or("");
  in.title = RP_TRY(optional_string(body, "title")).value_or("");
  in.password = RP_TRY(optional_string(body, "password"));
  in.state = RP_TRY(optional_string(body, "state"));
  in.addresses = RP_TRY(parse_addresses(body));
  in.manager = RP_TRY(optional_string(body, "manager")).value_or("");
  auto view = RP_TRY(call.services.users.create(call.caller, std::move(in), call.need));
  return json_response(200, user_json(view, call.caller.org));
}

Result<http::Response> get_user(Call& call) {
  auto state = call.req.query_param("state").value_or("active");
  if (state != "active" && state != "deleted")
    return invalid("state",
                   "Value [" + std::string(state) + "] is not valid for state. Allowable values are: active, deleted");
  auto expand = RP_TRY(parse_user_expand(call.req));
  RP_TRY(integration_presence_source(call.req));
  std::string id(call.req.path_param("userId"));
  auto view = RP_TRY(call.services.users.get(call.caller, id, state == "deleted"));
  return json_response(200, RP_TRY(expanded_user_json(call, view, expand)));
}

Result<http::Response> get_users(Call& call) {
  const auto& req = call.req;
  auto listing_q = RP_TRY(listing_query(req));
  auto add_filter = [&](std::string_view k, std::string_view v) { listing_q.add_filter(k, v); };
  store::UserQuery q;
  q.page = listing_q.page;
  q.ids = req.query_list("id");
  if (q.ids.size() > kMaxIds)
    return fail(make_error(Errc::invalid_argument, "At most 100 user ids may be requested at once")
                    .with_field("id")
                    .with_reason(reason::too_many_ids));
  for (const auto& id : q.ids) add_filter("id", id);
  // jabberId: the chat addresses users are answered with (jabber_id()). One
  // of another form names no user here.
  auto jids = req.query_list("jabberId");
  if (!jids.empty() && !q.ids.empty()) return invalid("jabberId", "jabberId cannot be used together with id");
  if (jids.size() > kMaxIds)
    return fail(make_error(Errc::invalid_argument, "At most 100 jabberIds may be requested at once")
                    .with_field("jabberId")
                    .with_reason(reason::too_many_ids));
  for (const auto& jid : jids) {
    add_filter("jabberId", jid);
    q.ids.push_back(user_id_of_jabber_id(jid, call.caller.org).value_or("-"));
  }

  std::string state(req.query_param("state").value_or("active"));
  if (state == "any") q.states.clear();
  else if (auto s = store::parse_user_state(state)) q.states = {*s};
  else
    return invalid(
        "state", "Value [" + state + "] is not valid for state. Allowable values are: active, inactive, deleted, any");
  if (req.query_param("state")) add_filter("state", state);

  q.descending = RP_TRY(sort_descending(req, listing_q));

  auto expand = RP_TRY(parse_user_expand(req));
  for (const auto& e : expand.values) add_filter("expand", e);
  if (auto source = RP_TRY(integration_presence_source(req))) {
    add_filter("integrationPresenceSource", *source);
    if (expand.has("presence") && q.page.page_size > kMaxIntegrationPresenceUsers)
      return invalid("pageSize", "With integrationPresenceSource and expand=presence at most " +
                                     std::to_string(kMaxIntegrationPresenceUsers) + " users can be returned");
  }

  auto page = RP_TRY(call.services.users.list(call.caller, q));
  auto entities = RP_TRY(expanded_users_json(call, page.items, expand));
  return json_response(200, listing(std::move(entities), q.page.page_size, q.page.page_number, page.total,
                                    "/api/v2/users", listing_q.filters));
}

// PATCH /api/v2/users/{userId} (UpdateUser). Members this server does not keep
// (images, locations, ...) and divisionId are ignored. `manager` is a user id;
// "" or null clears it.
Result<http::Response> patch_user(Call& call) {
  auto body = RP_TRY(json_object_body(call.req));
  service::UserPatch in;
  in.version = RP_TRY(required_version(body));
  in.name = RP_TRY(optional_string(body, "name"));
  in.email = RP_TRY(optional_string(body, "email"));
  in.username = RP_TRY(optional_string(body, "username"));
  in.department = RP_TRY(optional_string(body, "department"));
  in.title = RP_TRY(optional_string(body, "title"));
  in.state = RP_TRY(optional_string(body, "state"));
  in.acd_auto_answer = RP_TRY(optional_bool(body, "acdAutoAnswer"));
  if (auto it = body.find("addresses"); it != body.end() && !it->value().is_null())
    in.addresses = RP_TRY(parse_addresses(body));
  if (auto it = body.find("manager"); it != body.end())
    in.manager = it->value().is_null() ? std::string() : RP_TRY(optional_string(body, "manager")).value_or("");
  std::string id(call.req.path_param("userId"));
  auto view = RP_TRY(call.services.users.update(call.caller, id, std::move(in), call.need));
  return json_response(200, user_json(view, call.caller.org));
}

Result<http::Response> delete_user(Call& call) {
  RP_CHECK(call.services.users.remove(call.caller, std::string(call.req.path_param("userId")), call.need));
  return http::Response::json(200, "{}");
}

}  // namespace rp::api::genesys
