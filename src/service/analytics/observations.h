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
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.h"
#include "core/time.h"
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

// Queue observations (POST /api/v2/analytics/queues/observations/query):
// the current state of each named queue's members (users not deleted);
// active members are the joined ones.
//   oMemberUsers, oActiveUsers: how many (unqualified, always answered);
//   oOnQueueUsers: active members On Queue, by routing status;
//   oOffQueueUsers: active members not On Queue, by presence definition id;
//   oUserPresences: active members by presence definition id;
//   oUserRoutingStatuses: active members by routing status.
// Qualified metrics answer only the qualifiers with members. A detailed
// metric lists its members with the instant each entered that state.
struct Observed {
  Millis since = 0;
  std::string user_id;
};
struct MetricCount {
  std::string metric;
  std::string qualifier;  // "" for the unqualified ones
  std::int64_t count = 0;
  std::vector<Observed> observations;  // detailed metrics only, by `since`
};
struct QueueObservation {
  std::string queue_id;
  std::vector<MetricCount> data;
};
struct QueueObservations {
  std::vector<QueueObservation> results;
  // Every presence definition that can be set, by its system presence.
  std::vector<std::pair<std::string, std::vector<std::string>>> system_to_organization;
};
// The queue metrics answered from the members' state.
std::span<const std::string_view> queue_user_metrics();

class ObservationService {
 public:
  ObservationService(store::Store& store, Access& access) : store_(store), access_(access) {}

  // In the order the filter names the users.
  Result<std::vector<UserObservation>> users(const Caller& caller, const Filter& filter,
                                             const authz::Requirement& need);
  // The queues the filter names by queueId (1..100: invalid_argument naming
  // filter otherwise) and admits, in that order; `metrics` and `detailed`
  // are of queue_user_metrics() (the caller checks). Unknown queues and
  // queues of divisions where the caller lacks `need` are left out.
  Result<QueueObservations> queues(const Caller& caller, const Filter& filter, const std::vector<std::string>& metrics,
                                   const std::vector<std::string>& detailed, const authz::Requirement& need);

 private:
  store::Store& store_;
  Access& access_;
};

}  // namespace rp::service::analytics
