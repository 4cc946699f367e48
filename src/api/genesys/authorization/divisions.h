#pragma once
// The Genesys shape of a division (divisions.cpp), used by the grant and
// OAuth client answers too.

#include <optional>

#include <boost/json/fwd.hpp>

#include "core/error.h"
#include "service/divisions/divisions.h"

namespace rp::api::genesys {

// AuthzDivision {id, name, description, homeDivision, selfUri[, objectCounts]}.
boost::json::object authz_division_json(const store::Division& d,
                                        const std::optional<service::ObjectCounts>& counts = std::nullopt);

}  // namespace rp::api::genesys
