// TokensApi: GET/DELETE /api/v2/tokens/me, DELETE /api/v2/tokens/{userId}.

#include <boost/json.hpp>

#include "api/genesys/oauth/handlers.h"
#include "api/genesys/oauth/oauth_clients.h"
#include "api/genesys/respond.h"

namespace rp::api::genesys {
namespace json = boost::json;
namespace {}  // namespace

json::object token_info_json(const service::TokenInfo& info, const service::Caller& caller) {
  json::object org{{"id", info.organization.id}, {"name", info.organization.name}};
  json::object home = org;
  if (info.home_organization) home = {{"id", info.home_organization->id}, {"name", info.home_organization->name}};
  json::object o;
  o["organization"] = org;
  o["homeOrganization"] = home;
  o["authorizedScope"] = json::array();
  if (!info.client.id.empty()) {
    auto client = oauth_client_json(info.client, info.client_grants);
    for (auto key : {"description", "accessTokenValiditySeconds", "registeredRedirectUri", "roleIds", "selfUri"})
      client.erase(key);
    client["organization"] = home;
    o["OAuthClient"] = std::move(client);
  }
  if (info.clone_user_id)
    o["clonedUser"] =
        json::object{{"id", *info.clone_user_id}, {"organization", json::object{{"id", caller.org.value}}}};
  return o;
}

Result<http::Response> get_tokens_me(Call& call) {
  auto info = RP_TRY(call.services.tokens.info(call.caller));
  return http::Response::json(200, json::serialize(token_info_json(info, call.caller)));
}

Result<http::Response> delete_tokens_me(Call& call) {
  RP_CHECK(call.services.tokens.revoke(call.caller, call.caller.token_hash));
  return no_content();
}

Result<http::Response> delete_token(Call& call) {
  RP_CHECK(call.services.tokens.revoke_user(call.caller, call.req.path_param("userId")));
  return no_content();
}

}  // namespace rp::api::genesys
