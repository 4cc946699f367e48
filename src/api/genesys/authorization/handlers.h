#pragma once
// The handlers of the AuthorizationApi routes, by file. The route table
// (authorization/authorization_routes.cpp) pairs each with its method, path and
// permissions; a handler parses, calls one service and shapes the answer.

#include "api/genesys/endpoint.h"

namespace rp::api::genesys {

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

}  // namespace rp::api::genesys
