#pragma once
// The user directory's use cases. Permission checks of the route happen before
// these are called; these validate input, enforce invariants, write with an
// audit record in the same transaction, and return domain values.

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/paging.h"
#include "service/access/access.h"
#include "service/access/caller.h"
#include "service/access/effects.h"
#include "service/auth/passwords.h"
#include "service/auth/tokens.h"
#include "service/users/user_search.h"
#include "store/store.h"

namespace rp::service {

struct NewUser {
  std::string name;
  std::string email;
  std::optional<std::string> division_id;  // the Home division when absent
  std::string department;
  std::string title;
  std::vector<store::Contact> addresses;
  std::optional<std::string> password;
  std::optional<std::string> state;  // active (default) | inactive
  std::string manager;               // a user id of the organization, or empty
};

// A PATCH of a user (the Genesys UpdateUser). Absent fields are left as they
// are. `version` must be the user's current version. A patch that changes
// `state` may change nothing else; fields given with their current value do
// not count as changes.
struct UserPatch {
  std::optional<std::int64_t> version;  // required unless `any_version`
  // Patch whatever version is current (bulk updates: the Genesys PatchUser
  // carries no version); a given `version` is still checked.
  bool any_version = false;
  std::optional<std::string> name;
  std::optional<std::string> email;
  std::optional<std::string> username;
  std::optional<std::string> department;
  std::optional<std::string> title;
  std::optional<std::vector<store::Contact>> addresses;
  std::optional<std::string> state;  // active | inactive | deleted
  // The id of the user's manager: a user of the same organization that is
  // not deleted and not the user or one of its subordinates; "" clears it.
  std::optional<std::string> manager;
  std::optional<bool> acd_auto_answer;
};

// One entry of a bulk patch (the Genesys PatchUser).
struct BulkUserPatch {
  std::string id;
  std::optional<bool> acd_auto_answer;
};

// At most this many users are patched by one bulk patch.
inline constexpr std::size_t kMaxBulkUserPatch = 50;

// A user with the division it belongs to, as the dialects present it.
struct UserView {
  store::User user;
  store::Division division;
};

// The outcome of a bulk patch: the users updated, in request order, and the
// entries that failed with the error a single patch would have answered.
struct BulkPatchFailure {
  std::string id;
  std::size_t index = 0;  // the entry's position in the request
  Error error;
};
struct BulkPatchResult {
  std::vector<UserView> updated;
  std::vector<BulkPatchFailure> failures;
};

// The people around a user (the Genesys Adjacents).
struct UserAdjacents {
  std::vector<UserView> superiors;       // the direct manager only (none when unset or deleted)
  std::vector<UserView> siblings;        // the manager's other direct reports
  std::vector<UserView> direct_reports;  // the user's direct reports
};

class UserService {
 public:
  // `tokens`: deleting a user revokes the user's tokens in the store and
  // drops them from this TokenService's memory (null only where no tokens
  // are served).
  UserService(store::Store& store, Access& access, const Clock& clock = system_clock(), PasswordPolicy passwords = {},
              TokenService* tokens = nullptr)
      : store_(store), access_(access), clock_(clock), passwords_(passwords), tokens_(tokens) {}

  const PasswordPolicy& password_policy() const { return passwords_; }

  // `need` is the requirement of the operation; it must be held in the
  // division the user is created in (or belongs to, for remove).
  Result<UserView> create(const Caller& caller, NewUser input, const authz::Requirement& need);
  // not_found for unknown ids, ids of other organizations, and deleted users
  // unless `include_deleted`.
  Result<UserView> get(const Caller& caller, const std::string& id, bool include_deleted = false);
  Result<Page<UserView>> list(const Caller& caller, const store::UserQuery& query);
  // Applies `patch` and bumps the version. invalid_argument naming the field
  // (version missing, bad values, state together with other changes);
  // not_found for unknown ids, other organizations' users, and deleted users
  // unless the patch restores them; conflict for a stale version or an email
  // or username taken by another user that is not deleted. Setting state
  // "deleted" is a soft delete like remove(): the user's grants and tokens end;
  // state "inactive" ends its tokens (its grants stay for when it returns).
  Result<UserView> update(const Caller& caller, const std::string& id, UserPatch patch, const authz::Requirement& need);
  // Applies each entry on its own, as update() would without a version
  // (user_bulk.cpp): its own transaction and audit record, `need` checked in
  // that user's division. invalid_argument naming the field for the whole
  // request (nothing written) when there are no entries or more than
  // kMaxBulkUserPatch, an id is empty, or an id is given twice.
  Result<BulkPatchResult> bulk_patch(const Caller& caller, const std::vector<BulkUserPatch>& entries,
                                     const authz::Requirement& need);
  // Soft delete: the state becomes "deleted", the user's grants end and
  // the user's access and refresh tokens are revoked.
  Result<void> remove(const Caller& caller, const std::string& id, const authz::Requirement& need);

  // The hierarchy (user_hierarchy.cpp). Each is not_found for unknown ids,
  // other organizations' users and deleted users; deleted users never appear.
  // The chain of managers upward, nearest first; it ends at a user without a
  // manager or whose manager is missing or deleted.
  Result<std::vector<UserView>> superiors(const Caller& caller, const std::string& id);
  // The user's direct reports, by name.
  Result<std::vector<UserView>> direct_reports(const Caller& caller, const std::string& id);
  Result<UserAdjacents> adjacents(const Caller& caller, const std::string& id);

  // The users matching a search (user_search.h; user_search.cpp), one page of
  // them and their total. invalid_argument naming the field for bad criteria.
  Result<Page<UserView>> search(const Caller& caller, const UserSearchInput& input);

 private:
  store::Store& store_;
  Access& access_;
  const Clock& clock_;
  PasswordPolicy passwords_;
  TokenService* tokens_;
};

// A person field as GET /api/v2/fieldconfig?type=person publishes it (a
// Genesys FieldList). The user use cases validate with these same limits, so
// the published configuration is the one enforced.
struct PersonField {
  std::string_view section;  // general | contactInfo
  std::string_view key;      // the User member it describes
  std::string_view type;     // text | email | contact
  bool required = false;
  bool repeatable = false;
  std::size_t max_length = 0;                       // in bytes; 0 = no limit
  std::span<const std::string_view> media_types;    // contact fields: allowed mediaType values
  std::span<const std::string_view> contact_types;  // contact fields: allowed type values
};

// Every person field, in the order the field configuration lists them.
std::span<const PersonField> person_fields();

// Deletes `user` (not deleted yet) inside `tx`, as DELETE of a user does:
// state deleted, grants and tokens ended, each with its audit record.
Result<void> delete_user(store::ReadWriteTransaction& tx, Effects& fx, const Caller& caller, const store::User& user,
                         Millis now);

// The users of a page with the divisions they belong to, read in `tx`.
Result<Page<UserView>> with_divisions(store::Reader& tx, Page<store::User> users);

// Field validation shared by the user use cases (invalid_argument naming the field).
Result<void> validate_email(const std::string& email);
// not_found for a user id that is unknown, deleted or of another organization.
Error user_not_found();
// The user `id` of the transaction's organization if it exists and is not
// deleted; nullopt otherwise (malformed ids included). Storage errors are errors.
Result<std::optional<store::User>> find_live_user(store::Reader& tx, std::string_view id);
// The same, with user_not_found() for a user that is not there.
Result<store::User> live_user(store::Reader& tx, std::string_view id);
Result<void> validate_contact(const store::Contact& c, std::size_t index);

}  // namespace rp::service
