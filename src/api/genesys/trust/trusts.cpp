// OrganizationAuthorizationApi: pairings, and trusts seen from the trustor
// (/trustees) and from the trustee (/trustors).

#include <boost/json.hpp>

#include "api/genesys/body.h"
#include "api/genesys/listing.h"
#include "api/genesys/respond.h"
#include "api/genesys/trust/handlers.h"
#include "api/genesys/trust/trust_body.h"
#include "api/genesys/trust/trust_json.h"
#include "core/strings.h"

namespace rp::api::genesys {
namespace json = boost::json;
namespace {

using store::TrustSide;

std::string param(const Call& call, std::string_view name) { return std::string(call.req.path_param(name)); }

Result<http::Response> trust_listing(Call& call, TrustSide side) {
  auto q = RP_TRY(listing_query(call.req));
  auto page = RP_TRY(call.services.trusts.list(call.caller, side, q.page));
  json::array entities;
  for (const auto& v : page.items) entities.push_back(side == TrustSide::trustor ? trustee_json(v) : trustor_json(v));
  const std::string path = std::string(kOrgAuthorization) + (side == TrustSide::trustor ? "/trustees" : "/trustors");
  return json_response(200,
                       listing(std::move(entities), q.page.page_size, q.page.page_number, page.total, path, q.filters));
}

// DELETE /trustees?id=… and /trustors?id=…: repeated or comma-separated ids.
Result<http::Response> bulk_delete(Call& call, TrustSide side) {
  RP_CHECK(call.services.trusts.remove_many(call.caller, side, call.req.query_list("id")));
  return no_content();
}

// A query parameter that is a boolean; `fallback` when absent.
Result<bool> bool_query(const http::Request& req, std::string_view name, bool fallback) {
  auto v = req.query_param(name);
  if (!v) return fallback;
  const std::string s = to_lower(*v);
  if (s == "true") return true;
  if (s == "false") return false;
  return invalid(std::string(name), std::string(name) + " must be true or false");
}

}  // namespace

Result<http::Response> post_pairings(Call& call) {
  auto body = RP_TRY(json_object_body(call.req));
  auto users = RP_TRY(string_list(body, "userIds"));
  auto groups = RP_TRY(string_list(body, "groupIds"));
  auto v = RP_TRY(call.services.trusts.create_pairing(call.caller, std::move(users), std::move(groups)));
  return json_response(200, pairing_json(v));
}

Result<http::Response> get_pairing(Call& call) {
  auto v = RP_TRY(call.services.trusts.pairing(call.caller, param(call, "pairingId")));
  return json_response(200, pairing_json(v));
}

Result<http::Response> get_trustees(Call& call) { return trust_listing(call, TrustSide::trustor); }

Result<http::Response> post_trustees(Call& call) {
  auto body = RP_TRY(json_object_body(call.req));
  auto in = RP_TRY(new_trust(body));
  auto v = RP_TRY(call.services.trusts.create(call.caller, std::move(in)));
  return json_response(200, trustee_json(v));
}

Result<http::Response> delete_trustees(Call& call) { return bulk_delete(call, TrustSide::trustor); }

Result<http::Response> get_trustee(Call& call) {
  auto v = RP_TRY(call.services.trusts.get(call.caller, TrustSide::trustor, param(call, "trusteeOrgId")));
  return json_response(200, trustee_json(v));
}

Result<http::Response> put_trustee(Call& call) {
  auto body = RP_TRY(json_object_body(call.req));
  auto enabled = RP_TRY(optional_bool(body, "enabled"));
  if (!enabled) return invalid("enabled", "enabled is required");
  auto expires = RP_TRY(optional_date(body, "dateExpired"));
  auto v = RP_TRY(call.services.trusts.update(call.caller, param(call, "trusteeOrgId"), *enabled, expires));
  return json_response(200, trustee_json(v));
}

Result<http::Response> delete_trustee(Call& call) {
  RP_CHECK(call.services.trusts.remove(call.caller, TrustSide::trustor, param(call, "trusteeOrgId")));
  return no_content();
}

Result<http::Response> get_trustees_default(Call& call) {
  auto v = RP_TRY(call.services.trusts.get_default(call.caller));
  return json_response(200, trustee_json(v));
}

Result<http::Response> post_trustees_default(Call& call) {
  bool assign = RP_TRY(bool_query(call.req, "assignDefaultRole", false));
  bool expire = RP_TRY(bool_query(call.req, "autoExpire", false));
  auto v = RP_TRY(call.services.trusts.create_default(call.caller, assign, expire));
  return json_response(200, trustee_json(v));
}

Result<http::Response> get_user_trustors(Call& call) {
  auto q = RP_TRY(listing_query(call.req));
  const std::string user_id = param(call, "userId");
  auto page = RP_TRY(call.services.trusts.trustors_of_user(call.caller, user_id, q.page));
  return json_response(200, user_trustors_listing(page, q.page, "/api/v2/users/" + user_id + "/trustors"));
}

Result<http::Response> get_trustors(Call& call) { return trust_listing(call, TrustSide::trustee); }

Result<http::Response> delete_trustors(Call& call) { return bulk_delete(call, TrustSide::trustee); }

Result<http::Response> get_trustor(Call& call) {
  auto v = RP_TRY(call.services.trusts.get(call.caller, TrustSide::trustee, param(call, "trustorOrgId")));
  return json_response(200, trustor_json(v));
}

Result<http::Response> delete_trustor(Call& call) {
  RP_CHECK(call.services.trusts.remove(call.caller, TrustSide::trustee, param(call, "trustorOrgId")));
  return no_content();
}

}  // namespace rp::api::genesys
