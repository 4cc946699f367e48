// OrganizationAuthorizationApi: cloned users, from the trustor
// (/trustees/{id}/clonedusers) and from the trustee (/trustors/{id}/clonedusers).

#include <boost/json.hpp>

#include "api/genesys/respond.h"
#include "api/genesys/trust/handlers.h"
#include "api/genesys/trust/trust_json.h"

namespace rp::api::genesys {
namespace json = boost::json;
namespace {

using store::TrustSide;

std::string param(const Call& call, std::string_view name) { return std::string(call.req.path_param(name)); }

// ClonedUserEntityListing {total, entities, selfUri}: unpaged, at most five.
Result<http::Response> clone_listing(Call& call, TrustSide side, const std::string& org) {
  auto clones = RP_TRY(call.services.trusts.clones(call.caller, side, org));
  json::array entities;
  for (const auto& v : clones) entities.push_back(cloned_user_json(v));
  const std::string self = std::string(kOrgAuthorization) + (side == TrustSide::trustor ? "/trustees/" : "/trustors/") +
                           org + "/clonedusers";
  return json_response(200, json::object{{"total", static_cast<std::int64_t>(clones.size())},
                                         {"entities", std::move(entities)},
                                         {"selfUri", self}});
}

}  // namespace

Result<http::Response> get_trustee_clonedusers(Call& call) {
  return clone_listing(call, TrustSide::trustor, param(call, "trusteeOrgId"));
}

Result<http::Response> delete_trustee_cloneduser(Call& call) {
  RP_CHECK(call.services.trusts.remove_clone(call.caller, TrustSide::trustor, param(call, "trusteeOrgId"),
                                             param(call, "trusteeUserId"), needs_any({"directory:user:delete"})));
  return no_content();
}

Result<http::Response> get_trustor_clonedusers(Call& call) {
  return clone_listing(call, TrustSide::trustee, param(call, "trustorOrgId"));
}

Result<http::Response> get_trustor_cloneduser(Call& call) {
  auto v = RP_TRY(call.services.trusts.clone(call.caller, param(call, "trustorOrgId"), param(call, "trusteeUserId")));
  return json_response(200, cloned_user_json(v));
}

Result<http::Response> put_trustor_cloneduser(Call& call) {
  auto v =
      RP_TRY(call.services.trusts.make_clone(call.caller, param(call, "trustorOrgId"), param(call, "trusteeUserId")));
  return json_response(200, cloned_user_json(v));
}

Result<http::Response> delete_trustor_cloneduser(Call& call) {
  RP_CHECK(call.services.trusts.remove_clone(call.caller, TrustSide::trustee, param(call, "trustorOrgId"),
                                             param(call, "trusteeUserId"), needs_none()));
  return no_content();
}

}  // namespace rp::api::genesys
