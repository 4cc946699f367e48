#include "api/genesys/trust/trust_json.h"

#include <boost/json.hpp>

#include "api/genesys/groups/group_json.h"
#include "api/genesys/listing.h"
#include "api/genesys/users/user_json.h"
#include "core/time.h"

namespace rp::api::genesys {
namespace json = boost::json;
namespace {

// The fields a Trustee and a Trustor share.
json::object trust_common(const service::TrustView& v, std::string_view side) {
  json::object o;
  o["id"] = v.other.id;
  o["enabled"] = v.trust.enabled;
  o["dateCreated"] = to_iso8601(v.trust.created);
  if (v.created_by) o["createdBy"] = org_user_json(*v.created_by);
  o["organization"] = organization_json(v.other);
  o["selfUri"] = std::string(kOrgAuthorization) + "/" + std::string(side) + "/" + v.other.id;
  return o;
}

}  // namespace

json::object organization_json(const store::Organization& o) {
  return {{"id", o.id},
          {"name", o.name},
          {"state", "active"},
          {"version", 1},
          {"selfUri", "/api/v2/organizations/" + o.id}};
}

json::object org_user_json(const service::UserOfOrg& v) {
  json::object o = user_json(v.user, OrgId(v.org.id));
  o["organization"] = organization_json(v.org);
  return o;
}

json::object trustee_json(const service::TrustView& v) {
  json::object o = trust_common(v, "trustees");
  o["usesDefaultRole"] = v.trust.uses_default_role;
  o["hasFullAccess"] = false;
  o["isTrustedUser"] = false;
  if (v.trust.expires) o["dateExpired"] = to_iso8601(*v.trust.expires);
  return o;
}

json::object trustor_json(const service::TrustView& v) { return trust_common(v, "trustors"); }

json::object user_trustor_json(const service::UserTrustorView& v) {
  json::object o = trustor_json(v.trust);
  json::array permissions;
  for (const auto& p : v.permissions) permissions.emplace_back(p);
  o["authorization"] = json::object{{"permissions", std::move(permissions)}};
  return o;
}

json::object user_trustors_listing(const Page<service::UserTrustorView>& page, const PageRequest& request,
                                   const std::string& path) {
  json::array entities;
  for (const auto& v : page.items) entities.push_back(user_trustor_json(v));
  return listing(std::move(entities), request.page_size, request.page_number, page.total, path, "");
}

json::object pairing_json(const service::PairingView& v) {
  json::object o;
  o["id"] = v.pairing.id;
  if (v.created_by) o["createdBy"] = org_user_json(*v.created_by);
  o["dateCreated"] = to_iso8601(v.pairing.created);
  o["trustee"] = organization_json(v.trustee);
  json::array users, groups;
  for (const auto& u : v.users) users.push_back(org_user_json({u, v.trustee}));
  for (const auto& g : v.groups) groups.push_back(group_json(g));
  o["users"] = std::move(users);
  o["groups"] = std::move(groups);
  o["selfUri"] = std::string(kOrgAuthorization) + "/pairings/" + v.pairing.id;
  return o;
}

json::object member_json(const service::MemberView& v) {
  if (v.user) {
    json::object o = user_json(*v.user, OrgId(v.member.trustee_org));
    json::object details{{"dateCreated", to_iso8601(v.member.created)}};
    if (v.added_by) details["createdBy"] = org_user_json(*v.added_by);
    o["trustUserDetails"] = std::move(details);
    return o;
  }
  json::object o = group_json(*v.group);
  o["dateCreated"] = to_iso8601(v.member.created);
  if (v.added_by) o["createdBy"] = org_user_json(*v.added_by);
  return o;
}

json::object cloned_user_json(const service::CloneView& v) {
  const std::string trustor = v.clone.trustor_org;
  return {
      {"id", v.user.id},
      {"name", v.user.name},
      {"trustor", json::object{{"id", trustor}, {"selfUri", "/api/v2/organizations/" + trustor}}},
      {"selfUri", std::string(kOrgAuthorization) + "/trustors/" + trustor + "/clonedusers/" + v.clone.trustee_user_id}};
}

}  // namespace rp::api::genesys
