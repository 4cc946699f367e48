#pragma once
// The manager rule shared by the user use cases (users.cpp) and the
// hierarchy queries (user_hierarchy.cpp).

#include <string>

#include "core/error.h"
#include "store/store.h"

namespace rp::service {

// invalid_argument naming "manager" unless `manager_id` is a user of this
// organization that is not deleted and is neither `user_id` nor one of its
// subordinates (a user whose chain of managers reaches `user_id`). "" (no
// manager) is always allowed.
Result<void> check_manager(store::Reader& tx, const std::string& user_id, const std::string& manager_id);

}  // namespace rp::service
