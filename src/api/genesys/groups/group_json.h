#pragma once
// The Genesys Group shape, shared by the Groups API (groups.cpp) and the
// users' `groups` expand (users/user_expand.cpp).

#include <boost/json.hpp>

#include "store/records.h"

namespace rp::api::genesys {

// A Group: id, name, description, dateModified, memberCount, state, version,
// type, rulesVisible, visibility, owners [{id, selfUri}], selfUri.
boost::json::object group_json(const store::Group& g);

}  // namespace rp::api::genesys
