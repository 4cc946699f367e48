#pragma once
// The Genesys OAuthClient shape (oauth_clients.cpp), shared with the tokens
// routes (tokens.cpp).

#include <vector>

#include <boost/json/fwd.hpp>

#include "store/records.h"

namespace rp::api::genesys {

// OAuthClient {id, name, description, accessTokenValiditySeconds,
// registeredRedirectUri, roleIds, roleDivisions, authorizedGrantType, scope,
// state, dateToDelete?, dateCreated, dateModified, createdBy, modifiedBy,
// selfUri}. The secret is added by the callers that may show it.
boost::json::object oauth_client_json(const store::OAuthClient& c, const std::vector<store::Grant>& grants);

}  // namespace rp::api::genesys
