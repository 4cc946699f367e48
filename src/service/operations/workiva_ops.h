#pragma once
// Workiva long-running operations: assigning and revoking a user's
// organization roles, accepted at once (202) and run later by the operations
// worker (app/operations_worker.h).
//
// Role ids: the Workiva dialect names the six organization roles of
// atlas_org_roles() (service/api_keys.h) by their 1-based position, as short
// numeric strings: "1" ORG_OWNER, "2" ORG_MEMBER, "3" ORG_GROUP_CREATOR,
// "4" ORG_BILLING_ADMIN, "5" ORG_BILLING_READ_ONLY, "6" ORG_READ_ONLY. They are
// granted in the organization's home division, so every dialect sees them.
//
// accept() validates the request and stores the operation (status queued)
// with its audit record in one transaction. run() applies it all-or-nothing
// in ONE transaction that also marks it completed (or failed, with details)
// and writes the "operation.complete" / "operation.fail" audit record; an
// operation already finished is left alone, so each takes effect exactly
// once even when the server dies between accepting and running it.
//
// A run whose transaction fails (a storage error: nothing of it is applied)
// is recorded as a failed attempt in a transaction of its own ("operation.
// retry"): the operation waits operation_backoff(attempts) before it is due
// again, so the operations behind it run meanwhile, and the attempt that
// reaches kMaxOperationAttempts marks it failed with an InternalError detail
// ("operation.fail"). Attempts are stored, so the bound holds across restarts.

#include <functional>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/time.h"
#include "service/access/access.h"
#include "service/access/caller.h"
#include "store/store.h"

namespace rp::service {

inline constexpr std::string_view kRolesAssignment = "roles.assignment";
inline constexpr std::string_view kRolesRevocation = "roles.revocation";
inline constexpr int kMaxOperationAttempts = 5;

// The wait after the `attempts`-th failed attempt: 1 s doubling, at most 60 s.
Millis operation_backoff(int attempts);

// The Workiva short id of an organization role name ("" if not one), and back.
std::string workiva_role_id(std::string_view org_role);
std::string org_role_of_workiva_id(std::string_view id);

class OperationService {
 public:
  OperationService(store::Store& store, Access& access, const Clock& clock = system_clock())
      : store_(store), access_(access), clock_(clock) {}

  // Called after an operation is stored (the worker wakes).
  void on_enqueue(std::function<void()> fn) { on_enqueue_ = std::move(fn); }

  // invalid_argument for an empty role list or a role id that is not a
  // string of digits; not_found (reason::user_not_found) for an unknown user;
  // for an assignment, permission_denied (reason::missing_permissions) unless
  // the caller holds every permission of each role it gives, in the home
  // division (check_can_grant_org_roles); a storage error as it is (internal).
  Result<store::Operation> accept(const Caller& caller, std::string_view kind, const std::string& user_id,
                                  const std::vector<std::string>& role_ids);
  // not_found (reason::operation_not_found).
  Result<store::Operation> get(const Caller& caller, const std::string& id);

  // For the worker: unfinished operations that are due, across
  // organizations, and running one. run() answers the operation as it left
  // it, or the storage error that stopped it (the attempt is then recorded).
  Result<std::vector<std::pair<OrgId, store::Operation>>> pending(std::size_t limit);
  Result<store::Operation> run(const OrgId& org, const std::string& id);

 private:
  Result<store::Operation> apply(const OrgId& org, const std::string& id);
  Result<void> record_failed_attempt(const OrgId& org, const std::string& id);

  store::Store& store_;
  Access& access_;
  const Clock& clock_;
  std::function<void()> on_enqueue_;
};

}  // namespace rp::service
