#pragma once
// The Genesys User shape, shared by the users handlers (users.cpp) and the
// hierarchy handlers (user_hierarchy.cpp).

#include <boost/json.hpp>

#include "core/ids.h"
#include "service/users.h"

namespace rp::api::genesys {

// A User: identity, division, contacts, state, version, and `manager`
// {id, selfUri} when the user has one.
boost::json::object user_json(const service::UserView& v, const OrgId& org);

}  // namespace rp::api::genesys
