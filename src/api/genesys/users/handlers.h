#pragma once
// The handlers of the UsersApi routes, by file. The route table
// (users/users_routes.cpp) pairs each with its method, path and
// permissions; a handler parses, calls one service and shapes the answer.

#include "api/genesys/endpoint.h"

namespace rp::api::genesys {

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

// user_contact.cpp
Result<http::Response> get_user_outofoffice(Call& call);
Result<http::Response> put_user_outofoffice(Call& call);
Result<http::Response> get_user_geolocation(Call& call);
Result<http::Response> patch_user_geolocation(Call& call);
Result<http::Response> get_user_callforwarding(Call& call);
Result<http::Response> put_user_callforwarding(Call& call);
Result<http::Response> patch_user_callforwarding(Call& call);

}  // namespace rp::api::genesys
