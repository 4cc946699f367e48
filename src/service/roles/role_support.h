#pragma once
// Helpers shared by the RoleService source files (roles.cpp,
// role_defaults.cpp, role_members.cpp). Not part of the service's interface.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.h"
#include "service/roles/default_roles.h"
#include "store/store.h"

namespace rp::service::detail {

using Counts = std::vector<std::pair<std::string, std::int64_t>>;

Error role_not_found();
// The role `id` of the transaction's organization; not_found (naming `field`
// when given) for malformed or unknown ids.
Result<store::Role> find_role(store::Reader& tx, const std::string& id, std::string_view field = {});
// The user `id`, not deleted; not_found naming `field` otherwise.
Result<store::User> find_user(store::Reader& tx, const std::string& id, std::string_view field = {});
std::int64_t count_of(const Counts& counts, std::string_view role_id);

// True if some policy covers domain:entity:action (with '*' wildcards).
bool covers(const std::vector<store::Policy>& policies, std::string_view domain, std::string_view entity,
            std::string_view action);
// True if the definition grants a permission the role's policies do not cover.
bool lacks_definition(const store::Role& role, const DefaultRole& def);
// A new organization role copied from `def`.
store::Role role_from(const DefaultRole& def, Millis now);
// Ids given once each, in first-seen order.
std::vector<std::string> unique(const std::vector<std::string>& ids);

}  // namespace rp::service::detail
