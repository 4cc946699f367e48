#pragma once
// The handlers of the OAuthApi and TokensApi routes, by file. The route table
// (oauth/oauth_routes.cpp) pairs each with its method, path and
// permissions; a handler parses, calls one service and shapes the answer.

#include <boost/json.hpp>

#include "api/genesys/endpoint.h"

namespace rp::api::genesys {

// OAuthApi (oauth_clients.cpp)
Result<http::Response> get_clients(Call& call);
Result<http::Response> post_clients(Call& call);
Result<http::Response> get_client(Call& call);
Result<http::Response> put_client(Call& call);
Result<http::Response> delete_client(Call& call);
Result<http::Response> post_client_secret(Call& call);

// TokensApi (tokens.cpp)
Result<http::Response> get_tokens_me(Call& call);
// TokenInfo {organization, homeOrganization, authorizedScope, OAuthClient,
// clonedUser?}. OAuthClient is the OrgOAuthClient shape: the client without
// its secret, redirect URIs or token lifetime, with its organization. In a
// trust session organization is the trustor and homeOrganization (and the
// client's organization) the user's own; clonedUser names the user's clone
// in the trustor when it has one. Also the users/me `token` expand.
boost::json::object token_info_json(const service::TokenInfo& info, const service::Caller& caller);
Result<http::Response> delete_tokens_me(Call& call);
Result<http::Response> delete_token(Call& call);

}  // namespace rp::api::genesys
