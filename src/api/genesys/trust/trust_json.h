#pragma once
// The Genesys shapes of trusts (trust_json.cpp): Organization, OrgUser,
// Trustee, Trustor, TrustRequest, TrustUser and TrustGroup.

#include <string>

#include "core/paging.h"

#include <boost/json/fwd.hpp>

#include "service/trust/trusts.h"

namespace rp::api::genesys {

inline constexpr std::string_view kOrgAuthorization = "/api/v2/orgauthorization";

// Organization {id, name, state, version, selfUri}.
boost::json::object organization_json(const store::Organization& o);
// OrgUser: the User with its organization.
boost::json::object org_user_json(const service::UserOfOrg& v);
// Trustee (the trustor's view of a trust).
boost::json::object trustee_json(const service::TrustView& v);
// Trustor (the trustee's view of a trust), without `authorization`.
boost::json::object trustor_json(const service::TrustView& v);
// Trustor with `authorization {permissions}`: a user's view (getUserTrustors).
boost::json::object user_trustor_json(const service::UserTrustorView& v);
// TrustorEntityListing of a user's trusts, as getUserTrustors answers.
boost::json::object user_trustors_listing(const Page<service::UserTrustorView>& page, const PageRequest& request,
                                          const std::string& path);
// TrustRequest.
boost::json::object pairing_json(const service::PairingView& v);
// TrustUser or TrustGroup, by the member's kind.
boost::json::object member_json(const service::MemberView& v);

// ClonedUser {id (the clone's user id), name, trustor {id}, selfUri}.
boost::json::object cloned_user_json(const service::CloneView& v);

}  // namespace rp::api::genesys
