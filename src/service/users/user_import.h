#pragma once
// Bulk loading of users into one organization (the `roleplane users import`
// command). Records are validated first, one by one, with the same rules as
// UserService::create (less passwords and managers, which bulk loads do not
// carry); then they are written in batches, each batch in one transaction
// with one audit record ("user.import") listing the ids it created. A batch
// that fails (an email or username already taken in the organization) is
// rolled back whole and the import stops there; earlier batches stay.

#include <cstdint>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/error.h"
#include "core/time.h"
#include "service/users/users.h"
#include "store/store.h"

namespace rp::service {

// One record of an import: a CreateUser, with the division by id or by name.
struct ImportRecord {
  NewUser user;
  std::string division_name;  // used when user.division_id is absent
  std::int64_t line = 0;      // where it came from, for messages
};

class UserImporter {
 public:
  // Reads the organization's divisions; not_found for an unknown organization.
  static Result<UserImporter> open(store::Store& store, const OrgId& org, const Clock& clock = system_clock());

  // Validates `r` (and that its email and username are not already in this
  // import) and turns it into the user to insert, with a new id.
  // invalid_argument naming the field.
  Result<store::User> prepare(const ImportRecord& r);

  // Inserts `batch` in one transaction with one audit record naming `source`
  // and the lines `first_line`..`last_line`. conflict (field email) when an
  // email or username is taken in the organization: nothing of the batch is kept.
  // May run on another thread than prepare(), one write at a time.
  Result<void> write(const std::vector<store::User>& batch, std::string_view source, std::int64_t first_line,
                     std::int64_t last_line) const;

 private:
  UserImporter(store::Store& store, OrgId org, const Clock& clock)
      : store_(&store), org_(std::move(org)), clock_(&clock) {}

  store::Store* store_;
  OrgId org_;
  const Clock* clock_;
  std::string home_division_;
  std::unordered_map<std::string, std::string> division_by_name_;  // lower-cased name -> id
  std::unordered_set<std::string> division_ids_;
  std::unordered_set<std::string> seen_;  // lower-cased emails and usernames of this import
};

}  // namespace rp::service
