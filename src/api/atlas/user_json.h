#pragma once
// The Atlas shapes of an organization's users, shared by the reads
// (orgs.cpp) and the role changes (user_roles.cpp).

#include <string>
#include <vector>

#include <boost/json.hpp>

#include "api/atlas/endpoint.h"
#include "service/org_roles/atlas_orgs.h"

namespace rp::api::atlas {

boost::json::array strings(const std::vector<std::string>& v);
// "/api/atlas/v2/orgs/<atlas id>/users"
std::string users_path(const store::Organization& org);
// The user as Atlas shows an organization member: OrgUserResponse from
// version 2025-02-19, CloudAppUser (roles as [{orgId, roleName}]) before.
boost::json::object org_user(const Call& call, const store::Organization& org, const service::OrgUserView& v);

}  // namespace rp::api::atlas
