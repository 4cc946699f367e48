// AuthorizationApi roles: /api/v2/authorization/roles[...] and
// /api/v2/users/{subjectId}/roles.

#include <boost/json.hpp>

#include "api/genesys/authorization/handlers.h"
#include "api/genesys/authorization/role_json.h"
#include "api/genesys/body.h"
#include "api/genesys/listing.h"
#include "api/genesys/respond.h"
#include "core/reasons.h"
#include "core/strings.h"

namespace rp::api::genesys {
namespace json = boost::json;
namespace {

constexpr std::string_view kRoles = "/api/v2/authorization/roles";

Result<bool> flag_query(const http::Request& req, std::string_view name, bool fallback) {
  auto raw = req.query_param(name);
  if (!raw) return fallback;
  if (iequals(*raw, "true")) return true;
  if (iequals(*raw, "false")) return false;
  return invalid(std::string(name), "Value [" + std::string(*raw) + "] is not valid for " + std::string(name) +
                                        ". Allowable values are: true, false");
}

// expand=unusedPermissions (the only expansion roles have).
Result<bool> expand_unused(const http::Request& req) {
  bool unused = false;
  for (const auto& e : req.query_list("expand")) {
    if (e != "unusedPermissions")
      return invalid("expand", "Value [" + e + "] is not valid for expand. Allowable values are: unusedPermissions");
    unused = true;
  }
  return unused;
}

Result<RoleShape> role_shape(const http::Request& req) {
  RoleShape shape;
  shape.user_count = RP_TRY(flag_query(req, "userCount", true));
  shape.unused_permissions = RP_TRY(expand_unused(req));
  return shape;
}

// The body as a JSON array (of anything).
Result<json::array> array_body(const http::Request& req) {
  auto type = to_lower(trim(req.header("Content-Type")));
  if (!type.empty() && !type.starts_with("application/json") && !type.starts_with("text/json"))
    return fail(make_error(Errc::invalid_argument, "Content-Type [" + type + "] is not supported; use application/json")
                    .with_reason(reason::media_type));
  boost::system::error_code ec;
  json::value v = json::parse(req.body, ec);
  if (ec || !v.is_array())
    return fail(
        make_error(Errc::invalid_argument, "The request body must be a JSON array").with_reason(reason::bad_request));
  return std::move(v.as_array());
}

json::object roles_listing(const std::vector<service::RoleView>& views, std::string_view path) {
  json::array entities;
  for (const auto& v : views) entities.push_back(role_json(v));
  auto n = static_cast<std::int64_t>(views.size());
  return listing(std::move(entities), n > 0 ? n : 25, 1, n, path, "");
}

std::string role_id(const Call& call) { return std::string(call.req.path_param("roleId")); }

Result<http::Response> compare_default(Call& call, std::optional<service::RoleInput> unsaved) {
  auto diff =
      RP_TRY(call.services.roles.compare_default(call.caller, std::string(call.req.path_param("leftRoleId")),
                                                 std::string(call.req.path_param("rightRoleId")), std::move(unsaved)));
  return json_response(200, difference_json(diff));
}

Result<http::Response> put_role_users(Call& call, bool add) {
  auto ids = RP_TRY(json_string_array_body(call.req));
  auto applied = add ? RP_TRY(call.services.roles.add_users(call.caller, role_id(call), ids))
                     : RP_TRY(call.services.roles.remove_users(call.caller, role_id(call), ids));
  json::array out;
  for (const auto& id : applied) out.emplace_back(id);
  return json_response(200, out);
}

std::string subject_id(const Call& call) { return std::string(call.req.path_param("userId")); }

}  // namespace

Result<http::Response> get_roles(Call& call) {
  const auto& req = call.req;
  auto listing_q = RP_TRY(listing_query(req));
  auto add_filter = [&](std::string_view k, std::string_view v) { listing_q.add_filter(k, v); };
  service::RoleQuery q;
  q.page = listing_q.page;
  if (auto sort = req.query_param("sortBy")) {
    if (!iequals(*sort, "name"))
      return invalid("sortBy",
                     "Value [" + std::string(*sort) + "] is not valid for sortBy. Allowable values are: name");
    add_filter("sortBy", *sort);
  }
  auto shape = RP_TRY(role_shape(req));
  if (auto name = req.query_param("name")) {
    q.name = std::string(*name);
    add_filter("name", *name);
  }
  q.permissions = req.query_list("permission");
  q.default_role_ids = req.query_list("defaultRoleId");
  q.ids = req.query_list("id");
  for (const auto& v : q.permissions) add_filter("permission", v);
  for (const auto& v : q.default_role_ids) add_filter("defaultRoleId", v);
  for (const auto& v : q.ids) add_filter("id", v);
  if (shape.unused_permissions) add_filter("expand", "unusedPermissions");
  if (!shape.user_count) add_filter("userCount", "false");

  auto page = RP_TRY(call.services.roles.list(call.caller, q));
  json::array entities;
  for (const auto& v : page.items) entities.push_back(role_json(v, shape));
  return json_response(
      200, listing(std::move(entities), q.page.page_size, q.page.page_number, page.total, kRoles, listing_q.filters));
}

Result<http::Response> get_role(Call& call) {
  auto shape = RP_TRY(role_shape(call.req));
  auto view = RP_TRY(call.services.roles.get(call.caller, role_id(call)));
  return json_response(200, role_json(view, shape));
}

Result<http::Response> post_role(Call& call) {
  auto body = RP_TRY(json_object_body(call.req));
  auto view = RP_TRY(call.services.roles.create(call.caller, RP_TRY(parse_role_input(body))));
  return json_response(200, role_json(view));
}

Result<http::Response> put_role(Call& call) {
  auto body = RP_TRY(json_object_body(call.req));
  auto view = RP_TRY(call.services.roles.update(call.caller, role_id(call), RP_TRY(parse_role_input(body))));
  return json_response(200, role_json(view));
}

Result<http::Response> patch_role(Call& call) {
  auto body = RP_TRY(json_object_body(call.req));
  auto it = body.find("roleNeedsUpdate");
  if (it == body.end() || !it->value().is_bool())
    return invalid("roleNeedsUpdate", "roleNeedsUpdate (true or false) is required");
  auto view = RP_TRY(call.services.roles.set_needs_update(call.caller, role_id(call), it->value().as_bool()));
  return json_response(200, role_json(view));
}

Result<http::Response> delete_role(Call& call) {
  auto removed = call.services.roles.remove(call.caller, role_id(call));
  if (!removed && removed.error().reason == reason::role_is_default) {
    Error e = removed.error();
    e.message += " with PUT " + std::string(kRoles) + "/default";
    return std::unexpected(std::move(e));
  }
  RP_CHECK(removed);
  return no_content();
}

Result<http::Response> post_roles_default(Call& call) {
  bool force = RP_TRY(flag_query(call.req, "force", false));
  auto views = RP_TRY(call.services.roles.restore_defaults(call.caller, force));
  return json_response(200, roles_listing(views, std::string(kRoles) + "/default"));
}

Result<http::Response> put_roles_default(Call& call) {
  auto body = RP_TRY(array_body(call.req));
  std::vector<service::DefaultRoleRef> refs;
  for (std::size_t i = 0; i < body.size(); ++i) {
    std::string field = "body[" + std::to_string(i) + "]";
    if (!body[i].is_object()) return invalid(field, field + " must be a role object");
    const auto& o = body[i].as_object();
    refs.push_back({RP_TRY(optional_string(o, "id", field)).value_or(""),
                    RP_TRY(optional_string(o, "defaultRoleId", field)).value_or("")});
  }
  auto views = RP_TRY(call.services.roles.restore_listed(call.caller, refs));
  return json_response(200, roles_listing(views, std::string(kRoles) + "/default"));
}

Result<http::Response> get_comparedefault(Call& call) { return compare_default(call, std::nullopt); }

Result<http::Response> post_comparedefault(Call& call) {
  auto body = RP_TRY(json_object_body(call.req));
  return compare_default(call, RP_TRY(parse_role_input(body)));
}

Result<http::Response> put_role_users_add(Call& call) { return put_role_users(call, true); }
Result<http::Response> put_role_users_remove(Call& call) { return put_role_users(call, false); }

Result<http::Response> get_user_roles(Call& call) {
  auto roles = RP_TRY(call.services.roles.user_roles(call.caller, subject_id(call)));
  return json_response(200, user_authorization_json(roles));
}

Result<http::Response> put_user_roles(Call& call) {
  auto ids = RP_TRY(json_string_array_body(call.req));
  auto roles = RP_TRY(call.services.roles.set_user_roles(call.caller, subject_id(call), ids));
  return json_response(200, user_authorization_json(roles));
}

Result<http::Response> delete_user_roles(Call& call) {
  RP_CHECK(call.services.roles.clear_user_roles(call.caller, subject_id(call)));
  return no_content();
}

}  // namespace rp::api::genesys
