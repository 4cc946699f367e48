// Organizations and their users: GET /orgs, GET /orgs/{orgId}/users[/{userId}]
// and PUT /orgs/{orgId}/users/{userId}/roles.
#include "api/atlas/body.h"
#include "api/atlas/endpoint.h"
#include "core/time.h"

namespace rp::api::atlas {
namespace json = boost::json;
namespace {

json::array strings(const std::vector<std::string>& v) {
  json::array out;
  for (const auto& s : v) out.emplace_back(s);
  return out;
}

std::string users_path(const store::Organization& org) { return "/api/atlas/v2/orgs/" + org.atlas_id + "/users"; }

void split_name(const std::string& name, std::string& first, std::string& last) {
  first = name;
  last.clear();
  if (auto sp = name.rfind(' '); sp != std::string::npos) {
    first = name.substr(0, sp);
    last = name.substr(sp + 1);
  }
}

// The user as Atlas shows an organization member: OrgUserResponse from
// version 2025-02-19, CloudAppUser (roles as [{orgId, roleName}]) before.
json::object org_user(const Call& call, const store::Organization& org, const service::OrgUserView& v) {
  const store::User& u = v.user;
  std::string first, last;
  split_name(u.name, first, last);
  std::string username = u.email.empty() ? u.username : u.email;
  json::object o{{"id", u.atlas_id},
                 {"username", username},
                 {"teamIds", json::array{}},
                 {"createdAt", to_iso8601(u.created)},
                 {"firstName", first},
                 {"lastName", last},
                 {"links", json::array{link(call, users_path(org) + "/" + u.atlas_id)}}};
  if (u.date_last_login) o["lastAuth"] = to_iso8601(*u.date_last_login);
  if (call.version < "2025-02-19") {
    json::array roles;
    for (const auto& r : v.org_roles) roles.push_back(json::object{{"orgId", org.atlas_id}, {"roleName", r}});
    o["emailAddress"] = username;
    o["roles"] = std::move(roles);
  } else {
    o["orgMembershipStatus"] = u.state == "active" ? "ACTIVE" : "PENDING";
    o["roles"] = json::object{{"orgRoles", strings(v.org_roles)}, {"groupRoleAssignments", json::array{}}};
  }
  return o;
}

// The store states `orgMembershipStatuses` (or the deprecated
// `orgMembershipStatus`) selects: ACTIVE is an active user, PENDING one not
// yet active (invited or made inactive); roleplane keeps no expired or
// rejected invitations as members, so those two select nobody. Default
// ACTIVE and PENDING; version 2023-01-01 lists active users only.
Error bad_statuses(std::string message) {
  return make_error(Errc::invalid_argument, std::move(message))
      .with_reason("attribute.invalid")
      .with_field("orgMembershipStatuses");
}

Result<std::vector<std::string>> membership_states(const Call& call) {
  if (call.version < "2025-02-19") return std::vector<std::string>{"active"};
  auto asked = call.req.query_params("orgMembershipStatuses");
  if (asked.empty()) asked = call.req.query_params("orgMembershipStatus");
  if (asked.empty()) return std::vector<std::string>{"active", "inactive"};
  if (asked.size() > 4)
    return std::unexpected(bad_statuses("At most 4 orgMembershipStatuses may be given."));
  std::vector<std::string> states;
  for (auto a : asked) {
    if (a == "ACTIVE") states.emplace_back("active");
    else if (a == "PENDING") states.emplace_back("inactive");
    else if (a != "INVITATION_EXPIRED" && a != "INVITATION_REJECTED")
      return std::unexpected(bad_statuses("Invalid orgMembershipStatuses value " + std::string(a) + "."));
  }
  return states;
}

json::object org_json(const Call& call, const store::Organization& org) {
  return json::object{{"id", org.atlas_id},
                      {"name", org.name},
                      {"isDeleted", false},
                      {"skipDefaultAlertsSettings", false},
                      {"links", json::array{link(call, "/api/atlas/v2/orgs/" + org.atlas_id)}}};
}

Result<Answer> list_orgs(Call& call) {
  auto org = RP_TRY(call.services.orgs.own_organization(call.caller));
  auto p = RP_TRY(paging(call.req));
  json::array results;
  if (p.page.offset() == 0) results.push_back(org_json(call, org));
  return Answer{200, paged(call, p, std::move(results), 1), true};
}

Result<Answer> get_org(Call& call) {
  auto org = RP_TRY(call.services.orgs.own_organization(call.caller));
  return Answer{200, org_json(call, org), false};
}

Result<Answer> list_users(Call& call) {
  auto org = RP_TRY(call.services.orgs.own_organization(call.caller));
  auto p = RP_TRY(paging(call.req));
  auto states = RP_TRY(membership_states(call));
  std::string username(call.req.query_param("username").value_or(""));
  auto page = RP_TRY(call.services.orgs.list_users(call.caller, p.page, states, username));
  json::array results;
  for (const auto& v : page.items) results.push_back(org_user(call, org, v));
  return Answer{200, paged(call, p, std::move(results), page.total), true};
}

Result<Answer> get_user(Call& call) {
  auto org = RP_TRY(call.services.orgs.own_organization(call.caller));
  auto v = RP_TRY(call.services.orgs.get_user(call.caller, std::string(call.req.path_param("userId"))));
  return Answer{200, org_user(call, org, v), false};
}

Result<Answer> put_user_roles(Call& call) {
  auto body = RP_TRY(json_body(call.req.body));
  auto roles = RP_TRY(string_array(body, "orgRoles"));
  std::string user_id(call.req.path_param("userId"));
  auto v = RP_TRY(call.services.orgs.set_org_roles(call.caller, user_id, roles));
  auto org = RP_TRY(call.services.orgs.own_organization(call.caller));
  json::object out{{"links", json::array{link(call, users_path(org) + "/" + user_id + "/roles"),
                                         link(call, users_path(org) + "/" + user_id, "user")}},
                   {"orgRoles", strings(v.org_roles)}};
  return Answer{200, std::move(out), false};
}

}  // namespace

void mount_orgs(http::Router& router, Services& services) {
  const auto& any_role = service::atlas_org_roles();
  add_route(router, services, {"GET", "/api/atlas/v2/orgs", {"2023-01-01"}, any_role}, list_orgs);
  add_route(router, services, {"GET", "/api/atlas/v2/orgs/{orgId}", {"2023-01-01"}, any_role}, get_org);
  add_route(router, services, {"GET", "/api/atlas/v2/orgs/{orgId}/users", {"2023-01-01", "2025-02-19"}, any_role},
            list_users);
  add_route(router, services,
            {"GET", "/api/atlas/v2/orgs/{orgId}/users/{userId}", {"2023-01-01", "2025-02-19"}, any_role}, get_user);
  // Deprecated in Atlas's spec (x-sunset 2027-07-01) in favour of PATCH .../users/{userId}.
  add_route(router, services,
            {"PUT", "/api/atlas/v2/orgs/{orgId}/users/{userId}/roles", {"2023-01-01"}, {"ORG_OWNER"},
             "Thu, 01 Jul 2027 00:00:00 GMT"},
            put_user_roles);
}

}  // namespace rp::api::atlas
