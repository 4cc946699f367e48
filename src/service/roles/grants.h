#pragma once
// Grants of roles to subjects (users and OAuth clients) in divisions, and the
// divisions in which the caller holds a permission.
//
// Permission checks of the route happen before these are called. Every change
// of a subject's grants is one transaction with one audit record per grant
// added or removed; after the commit the engine's index is refreshed before
// the call returns, so the change is effective on the caller's next request.
//
// Granting is limited to the permissions the caller holds itself: every path
// that gives a role (subject grants, role members, user roles, OAuth clients;
// Atlas role changes and API keys and Workiva assignments through
// check_can_grant_org_roles) calls check_can_grant, so holding
// authorization:grant:add alone does not let a caller give a role stronger
// than its own (e.g. admin to itself).

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/paging.h"
#include "service/access/access.h"
#include "service/access/caller.h"
#include "service/common/audit.h"
#include "store/store.h"

namespace rp::service {

// A (role, division) pair of a request; division "*" means every division.
struct RoleDivision {
  std::string role_id;
  std::string division_id;
};

// One grant of a subject with the role and division it names. For an
// all-divisions grant, division.id is "*" and division.name "All Divisions".
struct GrantView {
  store::Grant grant;
  store::Role role;
  store::Division division;
};

struct SubjectView {
  std::string id;
  std::string name;  // the user's or the client's name
  store::SubjectType type = store::SubjectType::user;
  std::int64_t version = 1;  // the user's version; 1 for clients
  std::vector<GrantView> grants;
};

enum class GrantChange { add, remove, replace };

// Makes the audit record of one change (e.g. audit_record with a caller).
using Auditor = std::function<store::AuditRecord(AuditEntry)>;

// Checks that every pair names a role and a division (or "*") of the
// transaction's organization. Request bodies get invalid_argument naming
// `<field>[i].roleId` or `<field>[i].divisionId`; path parameters
// (`path_ids`) get not_found.
Result<void> validate_role_divisions(store::Reader& tx, const std::vector<RoleDivision>& pairs, std::string_view field,
                                     bool path_ids);
// Adds, removes or replaces (the grants become exactly `pairs`) grants of
// subject `subject_id` inside `tx`, with one audit record per grant added or
// removed. Pairs must be valid. Returns whether any grant changed.
Result<bool> apply_grant_change(store::ReadWriteTransaction& tx, const Auditor& audit, const std::string& subject_id,
                                store::SubjectType type, const std::vector<RoleDivision>& pairs, GrantChange mode,
                                Millis now);

// permission_denied (reason missing.permissions, param permissions) unless
// `caller` holds every permission of each role it gives, in that pair's
// division ("*": in every division). Pairs already in `existing` (grants the
// subject holds) are not checked, so keeping a grant is always allowed.
// Roles must exist (validate first). Removing grants needs no check.
Result<void> check_can_grant(store::Reader& tx, Access& access, const Caller& caller,
                             const std::vector<RoleDivision>& pairs, const std::vector<store::Grant>& existing);

// The divisions in which a caller holds a permission.
struct PermittedDivisions {
  bool all = false;                        // in every division (all-divisions grant or organization-wide permission)
  std::vector<store::Division> divisions;  // ordered by name ignoring case, then id
};

class GrantService {
 public:
  GrantService(store::Store& store, Access& access, const Clock& clock = system_clock())
      : store_(store), access_(access), clock_(clock) {}

  // not_found unless `subject_id` is a user (not deleted) or an OAuth client
  // of the caller's organization.
  Result<SubjectView> subject(const Caller& caller, const std::string& subject_id);

  // Each pair is validated first (invalid_argument naming "grants[i].roleId"
  // or "grants[i].divisionId" when the role or division is not one of the
  // organization's); nothing is written unless every pair is valid.
  Result<void> add(const Caller& caller, const std::string& subject_id, const std::vector<RoleDivision>& grants);
  Result<void> remove(const Caller& caller, const std::string& subject_id, const std::vector<RoleDivision>& grants);
  // The subject's grants become exactly `grants`.
  Result<void> replace(const Caller& caller, const std::string& subject_id, const std::vector<RoleDivision>& grants);
  // One grant named by path: not_found for an unknown subject, division or role.
  Result<void> grant_one(const Caller& caller, const std::string& subject_id, const RoleDivision& grant);
  Result<void> revoke_one(const Caller& caller, const std::string& subject_id, const RoleDivision& grant);

  // Where the caller holds `permission` (invalid_argument naming "permission"
  // when it is empty or not in the catalog). `name_filter` keeps divisions
  // whose name contains it, ignoring case.
  Result<PermittedDivisions> permitted(const Caller& caller, const std::string& permission,
                                       const std::string& name_filter = {});

 private:
  Result<void> change(const Caller& caller, const std::string& subject_id, const std::vector<RoleDivision>& grants,
                      GrantChange mode, bool path_ids);

  store::Store& store_;
  Access& access_;
  const Clock& clock_;
};

}  // namespace rp::service
