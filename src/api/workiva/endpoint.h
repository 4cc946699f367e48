#pragma once
// What a Workiva handler sees and returns; the wrapper (endpoint.cpp) has
// authenticated the caller, checked X-Version and the route's scope.

#include <functional>
#include <string>
#include <vector>

#include "api/workiva/api.h"
#include "authz/engine.h"
#include "core/error.h"
#include "service/access/caller.h"

namespace rp::api::workiva {

inline constexpr std::string_view kDefaultVersion = "2022-01-01";

struct Call {
  http::Request& req;
  const service::Caller& caller;
  Services& services;
};

using Endpoint = std::function<Result<http::Response>(Call&)>;

struct RouteSpec {
  std::string_view method;
  std::string path;
  std::string scope;        // "organization:write", "organization:read" or "" (any token)
  bool deprecated = false;  // answers Deprecation, Sunset and Link (successor)
  std::string successor;    // the successor's path template, for Link
};

// One row of the route table: a route's spec and its handler.
struct Route {
  RouteSpec spec;
  Endpoint handler;
};
using Routes = std::vector<Route>;

// The rows of each area, in its file (operations.cpp, directory.cpp).
Routes operations_routes();
Routes directory_routes();
// Every /prototype route of the dialect: the tables above, concatenated.
Routes route_table();

// The Workiva error body for `e` with its status.
http::Response error_response(const Error& e);

// not_found unless {organizationId} is the caller's organization.
Result<void> check_org(const Call& call);

// What an OAuth scope asks of the caller's permissions.
authz::Requirement scope_requirement(const std::string& scope);

// Registers the token endpoints, which carry their own credentials (token.cpp).
void mount_token(http::Router& router, Services& services);

}  // namespace rp::api::workiva
