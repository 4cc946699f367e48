// OrganizationAuthorizationApi: the users and groups of a trust, from the
// trustor (/trustees/{id}/users|groups, with their roles) and from the
// trustee (/trustors/{id}/users|groups, without).

#include <boost/json.hpp>

#include "api/genesys/authorization/role_json.h"
#include "api/genesys/body.h"
#include "api/genesys/listing.h"
#include "api/genesys/respond.h"
#include "api/genesys/trust/handlers.h"
#include "api/genesys/trust/trust_body.h"
#include "api/genesys/trust/trust_json.h"

namespace rp::api::genesys {
namespace json = boost::json;
namespace {

using store::MemberKind;
using store::TrustSide;

// The path parameters of a member route of `side` and `kind`.
struct MemberPath {
  std::string org;     // the other organization
  std::string member;  // the member id ("" on list routes)
};

MemberPath member_path(const Call& call, TrustSide side, MemberKind kind) {
  const bool trustor = side == TrustSide::trustor;
  std::string_view member_param = kind == MemberKind::user ? "trusteeUserId"
                                  : trustor                ? "trusteeGroupId"
                                                           : "trustorGroupId";
  return {std::string(call.req.path_param(trustor ? "trusteeOrgId" : "trustorOrgId")),
          std::string(call.req.path_param(member_param))};
}

Result<http::Response> list_members(Call& call, TrustSide side, MemberKind kind) {
  auto q = RP_TRY(listing_query(call.req));
  const auto p = member_path(call, side, kind);
  auto page = RP_TRY(call.services.trusts.members(call.caller, side, p.org, kind, q.page));
  json::array entities;
  for (const auto& v : page.items) entities.push_back(member_json(v));
  const std::string path = std::string(kOrgAuthorization) + (side == TrustSide::trustor ? "/trustees/" : "/trustors/") +
                           p.org + (kind == MemberKind::user ? "/users" : "/groups");
  return json_response(200,
                       listing(std::move(entities), q.page.page_size, q.page.page_number, page.total, path, q.filters));
}

Result<http::Response> get_member(Call& call, TrustSide side, MemberKind kind) {
  const auto p = member_path(call, side, kind);
  auto v = RP_TRY(call.services.trusts.member(call.caller, side, p.org, kind, p.member));
  return json_response(200, member_json(v));
}

Result<http::Response> delete_member(Call& call, TrustSide side, MemberKind kind) {
  const auto p = member_path(call, side, kind);
  RP_CHECK(call.services.trusts.remove_member(call.caller, side, p.org, kind, p.member));
  return no_content();
}

Result<http::Response> post_member(Call& call, MemberKind kind) {
  auto body = RP_TRY(json_object_body(call.req));
  auto in = RP_TRY(member_input(body, ""));
  const auto p = member_path(call, TrustSide::trustor, kind);
  auto v = RP_TRY(call.services.trusts.add_member(call.caller, p.org, kind, std::move(in)));
  return json_response(200, member_json(v));
}

// PUT /trustors/{id}/users|groups/{id}: no body (the SDK may still send a
// JSON Content-Type with nothing after it).
Result<http::Response> put_member(Call& call, MemberKind kind) {
  const auto p = member_path(call, TrustSide::trustee, kind);
  auto v = RP_TRY(call.services.trusts.request_member(call.caller, p.org, kind, p.member));
  return json_response(200, member_json(v));
}

Result<http::Response> get_roles(Call& call, MemberKind kind) {
  const auto p = member_path(call, TrustSide::trustor, kind);
  auto roles = RP_TRY(call.services.trusts.member_roles(call.caller, p.org, kind, p.member));
  return json_response(200, user_authorization_json(roles));
}

// PUT …/roles: an array of role ids, granted in every division.
Result<http::Response> put_roles(Call& call, MemberKind kind) {
  auto ids = RP_TRY(json_string_array_body(call.req));
  std::vector<service::RoleDivision> pairs;
  for (auto& id : ids) pairs.push_back({std::move(id), "*"});
  const auto p = member_path(call, TrustSide::trustor, kind);
  auto roles =
      RP_TRY(call.services.trusts.set_member_roles(call.caller, p.org, kind, p.member, std::move(pairs), "roleIds"));
  return json_response(200, user_authorization_json(roles));
}

Result<http::Response> put_roledivisions(Call& call, MemberKind kind) {
  auto body = RP_TRY(json_object_body(call.req));
  auto pairs = RP_TRY(role_division_grants(body, ""));
  const auto p = member_path(call, TrustSide::trustor, kind);
  auto roles =
      RP_TRY(call.services.trusts.set_member_roles(call.caller, p.org, kind, p.member, std::move(pairs), "grants"));
  return json_response(200, user_authorization_json(roles));
}

Result<http::Response> delete_roles(Call& call, MemberKind kind) {
  const auto p = member_path(call, TrustSide::trustor, kind);
  RP_TRY(call.services.trusts.set_member_roles(call.caller, p.org, kind, p.member, {}, "roleIds"));
  return no_content();
}

}  // namespace

Result<http::Response> get_trustee_users(Call& call) {
  return list_members(call, TrustSide::trustor, MemberKind::user);
}
Result<http::Response> post_trustee_users(Call& call) { return post_member(call, MemberKind::user); }
Result<http::Response> get_trustee_user(Call& call) { return get_member(call, TrustSide::trustor, MemberKind::user); }
Result<http::Response> delete_trustee_user(Call& call) {
  return delete_member(call, TrustSide::trustor, MemberKind::user);
}
Result<http::Response> get_trustee_user_roles(Call& call) { return get_roles(call, MemberKind::user); }
Result<http::Response> put_trustee_user_roles(Call& call) { return put_roles(call, MemberKind::user); }
Result<http::Response> put_trustee_user_roledivisions(Call& call) { return put_roledivisions(call, MemberKind::user); }
Result<http::Response> delete_trustee_user_roles(Call& call) { return delete_roles(call, MemberKind::user); }

Result<http::Response> get_trustee_groups(Call& call) {
  return list_members(call, TrustSide::trustor, MemberKind::group);
}
Result<http::Response> post_trustee_groups(Call& call) { return post_member(call, MemberKind::group); }
Result<http::Response> get_trustee_group(Call& call) { return get_member(call, TrustSide::trustor, MemberKind::group); }
Result<http::Response> delete_trustee_group(Call& call) {
  return delete_member(call, TrustSide::trustor, MemberKind::group);
}
Result<http::Response> get_trustee_group_roles(Call& call) { return get_roles(call, MemberKind::group); }
Result<http::Response> put_trustee_group_roles(Call& call) { return put_roles(call, MemberKind::group); }
Result<http::Response> put_trustee_group_roledivisions(Call& call) {
  return put_roledivisions(call, MemberKind::group);
}
Result<http::Response> delete_trustee_group_roles(Call& call) { return delete_roles(call, MemberKind::group); }

Result<http::Response> get_trustor_users(Call& call) {
  return list_members(call, TrustSide::trustee, MemberKind::user);
}
Result<http::Response> get_trustor_user(Call& call) { return get_member(call, TrustSide::trustee, MemberKind::user); }
Result<http::Response> put_trustor_user(Call& call) { return put_member(call, MemberKind::user); }
Result<http::Response> delete_trustor_user(Call& call) {
  return delete_member(call, TrustSide::trustee, MemberKind::user);
}
Result<http::Response> get_trustor_groups(Call& call) {
  return list_members(call, TrustSide::trustee, MemberKind::group);
}
Result<http::Response> get_trustor_group(Call& call) { return get_member(call, TrustSide::trustee, MemberKind::group); }
Result<http::Response> put_trustor_group(Call& call) { return put_member(call, MemberKind::group); }
Result<http::Response> delete_trustor_group(Call& call) {
  return delete_member(call, TrustSide::trustee, MemberKind::group);
}

}  // namespace rp::api::genesys
