#pragma once
// The handlers of the /api/v2 routes, by SDK API class and file. The route
// tables (<api>_routes.cpp) pair each with its method, path and permissions;
// a handler parses, calls one service and shapes the answer.

#include "api/genesys/endpoint.h"

namespace rp::api::genesys {

// UsersApi
// users.cpp
Result<http::Response> post_users(Call& call);
Result<http::Response> get_users(Call& call);
Result<http::Response> get_user(Call& call);
Result<http::Response> patch_user(Call& call);
Result<http::Response> delete_user(Call& call);
// users_bulk.cpp
Result<http::Response> patch_users_bulk(Call& call);
// user_search.cpp
Result<http::Response> post_users_search(Call& call);
Result<http::Response> get_users_search(Call& call);
// users_me.cpp
Result<http::Response> get_users_me(Call& call);
Result<http::Response> post_users_me_password(Call& call);
Result<http::Response> post_user_password(Call& call);
// user_hierarchy.cpp
Result<http::Response> get_superiors(Call& call);
Result<http::Response> get_direct_reports(Call& call);
Result<http::Response> get_adjacents(Call& call);
// profiles.cpp
Result<http::Response> get_user_profile(Call& call);
Result<http::Response> get_profiles_users(Call& call);
Result<http::Response> get_user_favorites(Call& call);
Result<http::Response> get_fieldconfig(Call& call);
// directory.cpp
Result<http::Response> get_profile_skills(Call& call);
Result<http::Response> put_profile_skills(Call& call);
Result<http::Response> post_user_invite(Call& call);

// AuthorizationApi
// divisions.cpp
Result<http::Response> get_divisions(Call& call);
Result<http::Response> post_divisions(Call& call);
Result<http::Response> get_division_home(Call& call);
Result<http::Response> get_division(Call& call);
Result<http::Response> put_division(Call& call);
Result<http::Response> delete_division(Call& call);
// grants.cpp
Result<http::Response> get_subject(Call& call);
Result<http::Response> post_subject_bulkadd(Call& call);
Result<http::Response> post_subject_bulkremove(Call& call);
Result<http::Response> post_subject_bulkreplace(Call& call);
Result<http::Response> post_subject_division_role(Call& call);
Result<http::Response> delete_subject_division_role(Call& call);
Result<http::Response> get_divisionspermitted_me(Call& call);
Result<http::Response> get_divisionspermitted_paged_me(Call& call);
// roles.cpp
Result<http::Response> get_roles(Call& call);
Result<http::Response> post_role(Call& call);
Result<http::Response> post_roles_default(Call& call);
Result<http::Response> put_roles_default(Call& call);
Result<http::Response> get_role(Call& call);
Result<http::Response> put_role(Call& call);
Result<http::Response> patch_role(Call& call);
Result<http::Response> delete_role(Call& call);
Result<http::Response> get_comparedefault(Call& call);
Result<http::Response> post_comparedefault(Call& call);
Result<http::Response> put_role_users_add(Call& call);
Result<http::Response> put_role_users_remove(Call& call);
Result<http::Response> get_user_roles(Call& call);
Result<http::Response> put_user_roles(Call& call);
Result<http::Response> delete_user_roles(Call& call);
// catalog.cpp
Result<http::Response> get_permissions(Call& call);
Result<http::Response> get_products(Call& call);

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
