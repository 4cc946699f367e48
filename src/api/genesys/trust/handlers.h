#pragma once
// The handlers of the OrganizationAuthorizationApi routes: pairings and
// trusts of either side (trusts.cpp), their users and groups
// (trust_members.cpp), cloned users (trust_clones.cpp). The route table (trust/trust_routes.cpp) pairs each
// with its method, path and permissions; a handler parses, calls one service
// and shapes the answer.

#include "api/genesys/endpoint.h"

namespace rp::api::genesys {

Result<http::Response> post_pairings(Call& call);
Result<http::Response> get_pairing(Call& call);

Result<http::Response> get_trustees(Call& call);
Result<http::Response> post_trustees(Call& call);
Result<http::Response> delete_trustees(Call& call);
Result<http::Response> get_trustee(Call& call);
Result<http::Response> put_trustee(Call& call);
Result<http::Response> delete_trustee(Call& call);
Result<http::Response> get_trustees_default(Call& call);
Result<http::Response> post_trustees_default(Call& call);

Result<http::Response> get_trustors(Call& call);
Result<http::Response> delete_trustors(Call& call);
Result<http::Response> get_trustor(Call& call);
Result<http::Response> delete_trustor(Call& call);

// Members: one handler per operation and side, for users and groups alike
// (the kind is the route's).
Result<http::Response> get_trustee_users(Call& call);
Result<http::Response> post_trustee_users(Call& call);
Result<http::Response> get_trustee_user(Call& call);
Result<http::Response> delete_trustee_user(Call& call);
Result<http::Response> get_trustee_user_roles(Call& call);
Result<http::Response> put_trustee_user_roles(Call& call);
Result<http::Response> put_trustee_user_roledivisions(Call& call);
Result<http::Response> delete_trustee_user_roles(Call& call);
Result<http::Response> get_trustee_groups(Call& call);
Result<http::Response> post_trustee_groups(Call& call);
Result<http::Response> get_trustee_group(Call& call);
Result<http::Response> delete_trustee_group(Call& call);
Result<http::Response> get_trustee_group_roles(Call& call);
Result<http::Response> put_trustee_group_roles(Call& call);
Result<http::Response> put_trustee_group_roledivisions(Call& call);
Result<http::Response> delete_trustee_group_roles(Call& call);

Result<http::Response> get_trustor_users(Call& call);
Result<http::Response> get_trustor_user(Call& call);
Result<http::Response> put_trustor_user(Call& call);
Result<http::Response> delete_trustor_user(Call& call);
Result<http::Response> get_trustor_groups(Call& call);
Result<http::Response> get_trustor_group(Call& call);
Result<http::Response> put_trustor_group(Call& call);
Result<http::Response> delete_trustor_group(Call& call);

// UsersApi getUserTrustors (trusts.cpp; the row is in the users table).
Result<http::Response> get_user_trustors(Call& call);

// Audit queries (trust_audits.cpp).
Result<http::Response> post_trustees_audits(Call& call);
Result<http::Response> post_trustor_audits(Call& call);

// Cloned users (trust_clones.cpp).
Result<http::Response> get_trustee_clonedusers(Call& call);
Result<http::Response> delete_trustee_cloneduser(Call& call);
Result<http::Response> get_trustor_clonedusers(Call& call);
Result<http::Response> get_trustor_cloneduser(Call& call);
Result<http::Response> put_trustor_cloneduser(Call& call);
Result<http::Response> delete_trustor_cloneduser(Call& call);

}  // namespace rp::api::genesys
