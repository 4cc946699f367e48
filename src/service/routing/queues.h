#pragma once
// Routing queues (the RoutingApi's /routing/queues and their members) and
// a user's view of its queues (the UsersApi's /users/{userId}/queues).
//
// A queue lives in a division (Home unless given); its permissions are
// checked in that division: listings leave out the queues of divisions
// where the caller lacks the listing's permission, reading or changing one
// there is permission_denied. The users' queue routes check theirs in the
// division of the user. Names: trimmed, 1..255 characters, unique ignoring
// case (conflict, reason::duplicate). The members of a Genesys queue
// roleplane does not act on are kept as given (`config`, a JSON object).
//
// Members are users (not deleted: deleted ones are kept for a restore but
// neither read nor counted); they start unjoined with ring number 1; adding
// a member twice or removing a non-member changes nothing. Every change is
// written with its audit record ("routing.queue.create|update|delete",
// "routing.queue.members.add|remove|join"); a change that changes nothing
// writes nothing. Unknown, malformed and other organizations' ids are
// not_found; a body that names them is invalid_argument naming body[i].id.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/error.h"
#include "core/paging.h"
#include "core/time.h"
#include "service/access/access.h"
#include "service/access/caller.h"
#include "service/users/users.h"
#include "store/store.h"

namespace rp::service {

struct QueueView {
  store::Queue queue;
  std::string division_name;
};

// What a create or a full update gives.
struct QueueInput {
  std::string name;
  std::optional<std::string> division_id;  // Home (create) or unchanged (update) when absent
  std::string description;
  std::string config = "{}";  // a JSON object's text
};

// Which members a listing answers; every filter given must match. Names
// compare ignoring case.
struct MemberFilter {
  PageRequest page;
  bool descending = false;
  std::optional<bool> joined;
  std::string name;                           // contained in the user's name
  std::vector<std::string> skills;            // each contained in one of its routing skills' names
  std::vector<std::string> languages;         // likewise its routing languages
  std::vector<std::string> profile_skills;    // likewise its profile skills
  std::vector<std::string> routing_statuses;  // its routing status is one of them (OFF_QUEUE, IDLE, ...)
  std::vector<std::string> presences;         // its system presence is one of them (On Queue or ON_QUEUE)
  std::string member_by;                      // "", "user" (every member) or "group" (none: members are users)
};

struct QueueMemberView {
  store::QueueMember member;
  UserView user;
  std::string routing_status;  // its routing status, since routing_started
  Millis routing_started = 0;
};

struct UserQueueView {
  QueueView queue;
  bool joined = false;
};

class QueueService {
 public:
  static constexpr std::size_t kMaxName = 255;
  static constexpr std::size_t kMaxMembers = 100;  // per request

  QueueService(store::Store& store, Access& access, const Clock& clock = system_clock())
      : store_(store), access_(access), clock_(clock) {}

  // `need` is the route's requirement, checked in each queue's division.
  Result<Page<QueueView>> list(const Caller& caller, store::QueueQuery query, const authz::Requirement& need);
  Result<QueueView> get(const Caller& caller, const std::string& id, const authz::Requirement& need);
  // invalid_argument naming name or divisionId (an unknown division).
  Result<QueueView> create(const Caller& caller, QueueInput input, const authz::Requirement& need);
  // Replaces the queue's name, description and config (and division, when given).
  Result<QueueView> update(const Caller& caller, const std::string& id, QueueInput input,
                           const authz::Requirement& need);
  Result<void> remove(const Caller& caller, const std::string& id, const authz::Requirement& need);

  // The members matching `filter`, by user name.
  Result<Page<QueueMemberView>> members(const Caller& caller, const std::string& queue_id, const MemberFilter& filter,
                                        const authz::Requirement& need);
  // Adds (or, `remove`, ends) the memberships of up to kMaxMembers users,
  // all or nothing.
  Result<void> change_members(const Caller& caller, const std::string& queue_id, std::vector<std::string> user_ids,
                              bool remove, const authz::Requirement& need);
  // Ends one membership; not_found for a non-member.
  Result<void> remove_member(const Caller& caller, const std::string& queue_id, const std::string& user_id,
                             const authz::Requirement& need);
  // Sets joined and/or ring number (1..) of a member; not_found for a non-member.
  Result<void> set_member(const Caller& caller, const std::string& queue_id, const std::string& user_id,
                          std::optional<bool> joined, std::optional<std::int64_t> ring_number,
                          const authz::Requirement& need);
  // Joins or leaves several members at once, all or nothing (non-members:
  // invalid_argument naming body[i].id); answers them after the change.
  Result<std::vector<QueueMemberView>> join_members(const Caller& caller, const std::string& queue_id,
                                                    const std::vector<std::pair<std::string, bool>>& joins,
                                                    const authz::Requirement& need);

  // The queues the user is a member of, by name; `joined` keeps those it
  // has (true) or has not (false) joined, `divisions` (non-empty) those in them.
  Result<Page<UserQueueView>> user_queues(const Caller& caller, const std::string& user_id, std::optional<bool> joined,
                                          const std::vector<std::string>& divisions, const PageRequest& page,
                                          const authz::Requirement& need);
  // Joins or leaves one queue the user is a member of (not_found otherwise).
  Result<UserQueueView> join(const Caller& caller, const std::string& user_id, const std::string& queue_id, bool joined,
                             const authz::Requirement& need);
  // The same for several; pairs naming a queue the user is not a member of
  // are disregarded. Answers the member queues named, after the change.
  Result<std::vector<UserQueueView>> join_all(const Caller& caller, const std::string& user_id,
                                              const std::vector<std::pair<std::string, bool>>& joins,
                                              const authz::Requirement& need);

 private:
  store::Store& store_;
  Access& access_;
  const Clock& clock_;
};

}  // namespace rp::service
