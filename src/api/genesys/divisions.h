#pragma once
// The Genesys shapes and handlers of divisions, grants and divisionspermitted
// (divisions.cpp, grants.cpp). mount_divisions() in divisions.cpp registers
// all of their routes.

#include <optional>

#include <boost/json/fwd.hpp>

#include "api/genesys/endpoint.h"
#include "service/divisions.h"

namespace rp::api::genesys {

// AuthzDivision {id, name, description, homeDivision, selfUri[, objectCounts]}.
boost::json::object authz_division_json(const store::Division& d,
                                        const std::optional<service::ObjectCounts>& counts = std::nullopt);

// AuthorizationApi grants (grants.cpp).
Result<http::Response> get_subject(Call& call);
Result<http::Response> post_subject_bulkadd(Call& call);
Result<http::Response> post_subject_bulkremove(Call& call);
Result<http::Response> post_subject_bulkreplace(Call& call);
Result<http::Response> post_subject_division_role(Call& call);
Result<http::Response> delete_subject_division_role(Call& call);
Result<http::Response> get_divisionspermitted_me(Call& call);
Result<http::Response> get_divisionspermitted_paged_me(Call& call);

}  // namespace rp::api::genesys
