#pragma once
// What an Atlas handler sees and returns. The wrapper (endpoint.cpp) has
// authenticated the caller, checked the organization of {orgId} and the
// route's organization roles (one read, which also gives the organization),
// and chosen the resource version.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "api/atlas/api.h"
#include "core/error.h"
#include "core/time.h"
#include "service/access/caller.h"

namespace rp::api::atlas {

struct Call {
  http::Request& req;
  const service::Caller& caller;
  Services& services;
  store::Organization org;  // the caller's organization ({orgId} when the path has one)
  std::string version;      // the resource version chosen, e.g. "2023-01-01"
  std::string base;         // scheme and authority of links, e.g. "http://host:port"
};

// A successful answer: rendered as the versioned media type, wrapped when
// envelope=true (a list gets a "status" field, a single resource becomes
// {status, content}), indented when pretty=true.
struct Answer {
  int status = 200;
  boost::json::value body;
  bool list = false;
};

using Endpoint = std::function<Result<Answer>(Call&)>;

struct RouteSpec {
  std::string_view method;
  std::string path;
  std::vector<std::string> versions;  // the resource versions served
  std::vector<std::string> roles;     // organization roles allowed (ORG_OWNER always is)
  std::string sunset;                 // date a deprecated operation ends, "2027-07-01" ("" = none)
};

// What a deprecated operation answers: nullopt before its sunset (the
// wrapper then sends `Sunset: <HTTP-date>`), 410 VERSION_GONE from that day
// on, as Atlas answers a version past its sunset.
// Its parameters are [version, path], as Atlas writes them.
std::optional<http::Response> version_gone(const RouteSpec& spec, std::string_view version, std::string_view path,
                                           Millis now);

// One row of the route table: a route's spec and its handler.
struct Route {
  RouteSpec spec;
  Endpoint handler;
};
using Routes = std::vector<Route>;

// The rows of each area, in its file (orgs.cpp, api_keys.cpp, user_roles.cpp).
Routes orgs_routes();
Routes api_keys_routes();
Routes user_roles_routes();
// Every /api/atlas/v2 route of the dialect: the tables above, concatenated.
Routes route_table();

// {"href": base + path, "rel": rel}
boost::json::object link(const Call& call, std::string_view path, std::string_view rel = "self");
// Reads itemsPerPage (default 100, 0 = default, above 500 = 500), pageNum
// (default 1) and includeCount (default true); invalid_argument otherwise.
struct Paging {
  PageRequest page;
  bool include_count = true;
};
Result<Paging> paging(const http::Request& req);
// {links: [self, previous?, next?], results, totalCount?}
boost::json::object paged(const Call& call, const Paging& p, boost::json::array results, std::int64_t total);

// Registers POST /api/oauth/token, which carries its own credentials (token.cpp).
void mount_token(http::Router& router, Services& services);

}  // namespace rp::api::atlas
