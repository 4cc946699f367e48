// Changing a user's organization roles: PUT .../users/{userId}/roles
// (2023-01-01, deprecated in Atlas's spec) and its successors of 2025-02-19,
// PATCH .../users/{userId} and POST .../users/{userId}:addRole / :removeRole.
// Every change is one audited transaction (service::AtlasOrgService) and
// needs ORG_OWNER.
#include "api/atlas/body.h"
#include "api/atlas/user_json.h"
#include "core/reasons.h"

namespace rp::api::atlas {
namespace json = boost::json;
namespace {

Result<Answer> put_user_roles(Call& call) {
  auto body = RP_TRY(json_body(call.req.body));
  auto roles = RP_TRY(string_array(body, "orgRoles"));
  std::string user_id(call.req.path_param("userId"));
  auto v = RP_TRY(call.services.orgs.set_org_roles(call.caller, user_id, roles));
  const store::Organization& org = call.org;
  json::object out{{"links", json::array{link(call, users_path(org) + "/" + user_id + "/roles"),
                                         link(call, users_path(org) + "/" + user_id, "user")}},
                   {"orgRoles", strings(v.org_roles)}};
  return Answer{200, std::move(out), false};
}

Result<Answer> changed_user(Call& call, const service::OrgUserView& v) {
  const store::Organization& org = call.org;
  return Answer{200, org_user(call, org, v), false};
}

// OrgUserUpdateRequest {roles: {orgRoles, groupRoleAssignments}, teamIds}:
// what is left out stays; roleplane has no projects or teams, so
// groupRoleAssignments and teamIds may only be empty.
Result<Answer> patch_user(Call& call) {
  auto body = RP_TRY(json_body(call.req.body));
  auto empty_or_absent = [&](const json::object& o, std::string_view key) -> Result<void> {
    const json::value* v = o.if_contains(key);
    if (v && !(v->is_null() || (v->is_array() && v->as_array().empty())))
      return std::unexpected(make_error(Errc::invalid_argument, "The attribute " + std::string(key) +
                                                                    " cannot be set: this organization has no " +
                                                                    (key == "teamIds" ? "teams." : "projects."))
                                 .with_reason(reason::attribute_invalid)
                                 .with_field(std::string(key)));
    return {};
  };
  RP_CHECK(empty_or_absent(body, "teamIds"));
  std::string user_id(call.req.path_param("userId"));
  const json::value* roles = body.if_contains("roles");
  if (!roles || roles->is_null()) return changed_user(call, RP_TRY(call.services.orgs.get_user(call.caller, user_id)));
  if (!roles->is_object())
    return std::unexpected(make_error(Errc::invalid_argument, "The attribute roles must be an object.")
                               .with_reason(reason::attribute_invalid)
                               .with_field("roles"));
  RP_CHECK(empty_or_absent(roles->as_object(), "groupRoleAssignments"));
  auto org_roles = RP_TRY(string_array(roles->as_object(), "orgRoles"));
  return changed_user(call, RP_TRY(call.services.orgs.set_org_roles(call.caller, user_id, org_roles)));
}

// {orgRole} of :addRole and :removeRole.
Result<std::string> one_role(const Call& call) {
  auto body = RP_TRY(json_body(call.req.body));
  const json::value* v = body.if_contains("orgRole");
  if (!v || v->is_null())
    return std::unexpected(make_error(Errc::invalid_argument, "The required attribute orgRole was not specified.")
                               .with_reason(reason::attribute_missing)
                               .with_field("orgRole"));
  if (!v->is_string())
    return std::unexpected(make_error(Errc::invalid_argument, "The attribute orgRole must be a string.")
                               .with_reason(reason::attribute_invalid)
                               .with_field("orgRole"));
  return std::string(v->as_string());
}

Result<Answer> add_role(Call& call) {
  auto role = RP_TRY(one_role(call));
  std::string user_id(call.req.path_param("userId"));
  return changed_user(call, RP_TRY(call.services.orgs.add_org_role(call.caller, user_id, role)));
}

Result<Answer> remove_role(Call& call) {
  auto role = RP_TRY(one_role(call));
  std::string user_id(call.req.path_param("userId"));
  return changed_user(call, RP_TRY(call.services.orgs.remove_org_role(call.caller, user_id, role)));
}

}  // namespace

Routes user_roles_routes() {
  const std::string user = "/api/atlas/v2/orgs/{orgId}/users/{userId}";
  return {
      // Deprecated in Atlas's spec (x-sunset 2027-07-01) in favour of PATCH .../users/{userId}.
      {{"PUT", user + "/roles", {"2023-01-01"}, {"ORG_OWNER"}, "2027-07-01"}, put_user_roles},
      {{"PATCH", user, {"2025-02-19"}, {"ORG_OWNER"}}, patch_user},
      {{"POST", user + ":addRole", {"2025-02-19"}, {"ORG_OWNER"}}, add_role},
      {{"POST", user + ":removeRole", {"2025-02-19"}, {"ORG_OWNER"}}, remove_role},
  };
}

}  // namespace rp::api::atlas
