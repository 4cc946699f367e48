#pragma once
// Users observations (POST /api/v2/analytics/users/observations/query): for
// each user a query names, how many queues it is a member of and how many
// of those it has joined, now. The filter names the users by userId
// `matches` predicates (at least one, at most 100: invalid_argument naming
// filter otherwise) and decides which of them are answered; mediaType
// predicates change nothing (membership does not depend on the media).
// Users that are unknown, deleted, of another organization or in a
// division where the caller lacks the route's permission are left out.

#include <cstdint>
#include <string>
#include <vector>

#include "core/error.h"
#include "service/access/access.h"
#include "service/access/caller.h"
#include "service/analytics/filter.h"
#include "store/store.h"

namespace rp::service::analytics {

struct UserObservation {
  std::string user_id;
  std::int64_t member_queues = 0;  // oMemberQueues
  std::int64_t active_queues = 0;  // oActiveQueues: joined
};

class ObservationService {
 public:
  ObservationService(store::Store& store, Access& access) : store_(store), access_(access) {}

  // In the order the filter names the users.
  Result<std::vector<UserObservation>> users(const Caller& caller, const Filter& filter,
                                             const authz::Requirement& need);

 private:
  store::Store& store_;
  Access& access_;
};

}  // namespace rp::service::analytics
