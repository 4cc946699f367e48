#pragma once
// Reading the request bodies of trusts (trust_body.cpp): TrustCreate,
// TrustMemberCreate and RoleDivisionGrants, with errors naming the field as
// the request spells it (`users[0].roleDivisions.grants[1].divisionId`).

#include <string>
#include <vector>

#include <boost/json/fwd.hpp>

#include "core/error.h"
#include "service/trust/trusts.h"

namespace rp::api::genesys {

// TrustCreate {pairingId, enabled, users?, groups?, dateExpired?}.
Result<service::NewTrust> new_trust(const boost::json::object& body);
// TrustMemberCreate {id, roleIds?, roleDivisions?}; `path` prefixes the
// fields' names ("users[0]"; "" for a whole body).
Result<service::MemberInput> member_input(const boost::json::object& o, const std::string& path);
// RoleDivisionGrants {grants: [{roleId, divisionId}]}.
Result<std::vector<service::RoleDivision>> role_division_grants(const boost::json::object& o, const std::string& path);

}  // namespace rp::api::genesys
