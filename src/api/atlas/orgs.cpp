// Organizations and their users: GET /orgs[/{orgId}] and
// GET /orgs/{orgId}/users[/{userId}].
#include "api/atlas/endpoint.h"
#include "api/atlas/user_json.h"
#include "core/reasons.h"

namespace rp::api::atlas {
namespace json = boost::json;
namespace {

Error bad_statuses(std::string message) {
  return make_error(Errc::invalid_argument, std::move(message))
      .with_reason(reason::attribute_invalid)
      .with_field("orgMembershipStatuses");
}

// The store states `orgMembershipStatuses` (or the deprecated
// `orgMembershipStatus`) selects: ACTIVE is an active user, PENDING one not
// yet active (invited or made inactive); roleplane keeps no expired or
// rejected invitations as members, so those two select nobody. Default
// ACTIVE and PENDING; version 2023-01-01 lists active users only.
Result<std::vector<store::UserState>> membership_states(const Call& call) {
  if (call.version < "2025-02-19") return std::vector<store::UserState>{store::UserState::active};
  auto asked = call.req.query_list("orgMembershipStatuses");
  if (asked.empty()) asked = call.req.query_list("orgMembershipStatus");
  if (asked.empty()) return std::vector<store::UserState>{store::UserState::active, store::UserState::inactive};
  if (asked.size() > 4) return std::unexpected(bad_statuses("At most 4 orgMembershipStatuses may be given."));
  std::vector<store::UserState> states;
  for (auto a : asked) {
    if (a == "ACTIVE") states.push_back(store::UserState::active);
    else if (a == "PENDING") states.push_back(store::UserState::inactive);
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
  const store::Organization& org = call.org;
  auto p = RP_TRY(paging(call.req));
  json::array results;
  if (p.page.offset() == 0) results.push_back(org_json(call, org));
  return Answer{200, paged(call, p, std::move(results), 1), true};
}

Result<Answer> get_org(Call& call) {
  const store::Organization& org = call.org;
  return Answer{200, org_json(call, org), false};
}

Result<Answer> list_users(Call& call) {
  const store::Organization& org = call.org;
  auto p = RP_TRY(paging(call.req));
  auto states = RP_TRY(membership_states(call));
  std::string username(call.req.query_param("username").value_or(""));
  auto page = RP_TRY(call.services.orgs.list_users(call.caller, p.page, states, username));
  json::array results;
  for (const auto& v : page.items) results.push_back(org_user(call, org, v));
  return Answer{200, paged(call, p, std::move(results), page.total), true};
}

Result<Answer> get_user(Call& call) {
  const store::Organization& org = call.org;
  auto v = RP_TRY(call.services.orgs.get_user(call.caller, std::string(call.req.path_param("userId"))));
  return Answer{200, org_user(call, org, v), false};
}

}  // namespace

Routes orgs_routes() {
  const auto& any_role = service::atlas_org_roles();
  return {
      {{"GET", "/api/atlas/v2/orgs", {"2023-01-01"}, any_role}, list_orgs},
      {{"GET", "/api/atlas/v2/orgs/{orgId}", {"2023-01-01"}, any_role}, get_org},
      {{"GET", "/api/atlas/v2/orgs/{orgId}/users", {"2023-01-01", "2025-02-19"}, any_role}, list_users},
      {{"GET", "/api/atlas/v2/orgs/{orgId}/users/{userId}", {"2023-01-01", "2025-02-19"}, any_role}, get_user},
  };
}

}  // namespace rp::api::atlas
