#include "api/atlas/user_json.h"

#include "core/time.h"

namespace rp::api::atlas {
namespace json = boost::json;
namespace {

void split_name(const std::string& name, std::string& first, std::string& last) {
  first = name;
  last.clear();
  if (auto sp = name.rfind(' '); sp != std::string::npos) {
    first = name.substr(0, sp);
    last = name.substr(sp + 1);
  }
}

}  // namespace

json::array strings(const std::vector<std::string>& v) {
  json::array out;
  for (const auto& s : v) out.emplace_back(s);
  return out;
}

std::string users_path(const store::Organization& org) { return "/api/atlas/v2/orgs/" + org.atlas_id + "/users"; }

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
    o["orgMembershipStatus"] = u.state == store::UserState::active ? "ACTIVE" : "PENDING";
    o["roles"] = json::object{{"orgRoles", strings(v.org_roles)}, {"groupRoleAssignments", json::array{}}};
  }
  return o;
}

}  // namespace rp::api::atlas
