#pragma once
// The handlers of the OAuthApi and TokensApi routes, by file. The route table
// (oauth/oauth_routes.cpp) pairs each with its method, path and
// permissions; a handler parses, calls one service and shapes the answer.

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
Result<http::Response> delete_tokens_me(Call& call);
Result<http::Response> delete_token(Call& call);

}  // namespace rp::api::genesys
