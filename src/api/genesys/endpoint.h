#pragma once
// What a Genesys handler sees: the request and its authenticated caller.
// Handlers return a Response or an Error; the wrapper renders the ErrorBody.

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "api/genesys/api.h"
#include "authz/engine.h"
#include "core/error.h"
#include "service/access/caller.h"

namespace rp::api::genesys {

struct Call {
  http::Request& req;
  const service::Caller& caller;
  Services& services;
  // The route's declared requirement. The wrapper has checked that the caller
  // holds it somewhere; services check it again in the division of the object
  // a request touches.
  const authz::Requirement& need;
};

using Endpoint = std::function<Result<http::Response>(Call&)>;

// One row of the route table: an authenticated /api/v2 route, the
// permissions it requires (ANY or ALL, as reference/endpoint-permissions.tsv
// lists them; none for routes any signed-in caller may use) and its handler.
// The pipeline (routes.cpp) authenticates, rate-limits and checks `need`
// before the handler runs.
struct Route {
  std::string_view method;
  std::string path;
  authz::Requirement need;
  Endpoint handler;
};
using Routes = std::vector<Route>;

// The requirements of route rows: ANY or ALL of the permissions, or none.
inline authz::Requirement needs_any(std::vector<std::string> names) {
  return authz::Requirement::any_of(std::move(names));
}
inline authz::Requirement needs_all(std::vector<std::string> names) {
  return authz::Requirement::all_of(std::move(names));
}
inline authz::Requirement needs_none() { return authz::Requirement::none(); }

// The rows of each SDK API class (users_routes.cpp, authorization_routes.cpp,
// oauth_routes.cpp for the OAuth and Tokens APIs).
Routes users_api_routes();
Routes authorization_api_routes();
Routes oauth_api_routes();
Routes tokens_api_routes();
Routes groups_api_routes();
Routes trust_api_routes();
Routes routing_api_routes();
Routes presence_api_routes();
Routes telephony_api_routes();
Routes analytics_api_routes();

// Every /api/v2 route of the dialect: the tables above, concatenated.
Routes route_table();

// The routes outside /api/v2, which carry their own credentials: the
// sign-in page (authorize.cpp) and the invitation pages (invitation_page.cpp).
void mount_authorize(http::Router& router, Services& services);
void mount_invitation_pages(http::Router& router, Services& services);

http::Response post_oauth_token(http::Request& req, Services& services);

}  // namespace rp::api::genesys
