#pragma once
// $filter on GET /prototype/admin/organizations/{organizationId}/users: the
// small OData subset a client uses to find a user. Comparisons
//   email eq '<value>'   username eq '<value>'   status eq 'active'|'suspended'
// joined with `and`, each field at most once. Names and operators are
// lower case; values are single-quoted, a quote inside doubled (''); tokens
// are separated by spaces. Anything else is invalid_argument with field
// "$filter".

#include <string_view>

#include "core/error.h"
#include "service/org_roles/workiva_orgs.h"

namespace rp::api::workiva {

Result<service::WorkivaUserFilter> parse_user_filter(std::string_view text);

}  // namespace rp::api::workiva
