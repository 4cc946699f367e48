#pragma once
// What a Genesys handler sees: the request and its authenticated caller.
// Handlers return a Response or an Error; the wrapper renders the ErrorBody.

#include <functional>

#include "api/genesys/api.h"
#include "authz/engine.h"
#include "core/error.h"
#include "service/caller.h"

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

// Registers an authenticated /api/v2 route requiring `need`.
void add_route(http::Router& router, Services& services, std::string_view method, std::string_view path,
               authz::Requirement need, Endpoint endpoint);

// Registers the divisions, subjects/grants and divisionspermitted routes (divisions.cpp).
void mount_divisions(http::Router& router, Services& services);
// Registers the roles, role members and user roles routes (roles.cpp).
void mount_roles(http::Router& router, Services& services);
// Registers the permissions catalog and products routes (catalog.cpp).
void mount_catalog(http::Router& router, Services& services);
// Registers the OAuth client routes (oauth_clients.cpp).
void mount_oauth_clients(http::Router& router, Services& services);
// Registers the tokens routes (tokens.cpp).
void mount_tokens(http::Router& router, Services& services);
// Registers the user superiors, directreports and adjacents routes (user_hierarchy.cpp).
void mount_user_hierarchy(http::Router& router, Services& services);
// Registers the user profile, profiles listing, favorites and fieldconfig routes (profiles.cpp).
void mount_profiles(http::Router& router, Services& services);
// Registers GET/POST /oauth/authorize, the sign-in page (authorize.cpp).
void mount_authorize(http::Router& router, Services& services);
// Registers GET /api/v2/users/me and the password routes (users_me.cpp).
void mount_users_me(http::Router& router, Services& services);

// Registers the profile skills and invite routes and the invitation pages (directory.cpp).
void mount_directory(http::Router& router, Services& services);
// Registers GET/POST /invitations/{token}, the page behind an invitation link (invitation_page.cpp).
void mount_invitation_pages(http::Router& router, Services& services);
// Registers POST and GET /api/v2/users/search (user_search.cpp).
void mount_user_search(http::Router& router, Services& services);
// Registers PATCH /api/v2/users/bulk (users_bulk.cpp).
void mount_users_bulk(http::Router& router, Services& services);

// Handlers by area (users.cpp, oauth.cpp).
Result<http::Response> post_users(Call& call);
Result<http::Response> get_user(Call& call);
Result<http::Response> get_users(Call& call);
Result<http::Response> patch_user(Call& call);
Result<http::Response> delete_user(Call& call);
http::Response post_oauth_token(http::Request& req, Services& services);

}  // namespace rp::api::genesys
