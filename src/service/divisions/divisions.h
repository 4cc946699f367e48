#pragma once
// Divisions of an organization: listing, reading, creating, renaming and
// deleting them. Permission checks of the route happen before these are
// called; these validate input, keep names unique per organization
// (case-insensitively), protect the Home division and divisions that still
// hold objects, and write every change with its audit record in the same
// transaction.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/error.h"
#include "core/paging.h"
#include "service/access/access.h"
#include "service/access/caller.h"
#include "store/store.h"

namespace rp::service {

struct DivisionQuery {
  PageRequest page;
  std::string name;              // case-insensitive substring of the name; empty = any
  std::vector<std::string> ids;  // empty = no id filter
  bool object_counts = false;    // fill DivisionView::object_counts
};

// Objects in a division by type ("users", "grants"), as the store counts them.
using ObjectCounts = std::vector<std::pair<std::string, std::int64_t>>;

struct DivisionView {
  store::Division division;
  std::optional<ObjectCounts> object_counts;  // set when requested
};

struct DivisionInput {
  std::string name;
  // Create: empty when absent. Update: the stored description is kept when absent.
  std::optional<std::string> description;
};

class DivisionService {
 public:
  DivisionService(store::Store& store, Access& access, const Clock& clock = system_clock())
      : store_(store), access_(access), clock_(clock) {}

  // Ordered by name ignoring case, then id.
  Result<Page<DivisionView>> list(const Caller& caller, const DivisionQuery& query);
  // not_found for unknown ids and ids of other organizations.
  Result<DivisionView> get(const Caller& caller, const std::string& id, bool object_counts = false);
  Result<store::Division> home(const Caller& caller);
  // invalid_argument naming "name" or "description"; conflict
  // (reason::duplicate) when another division of the organization has the name.
  Result<store::Division> create(const Caller& caller, DivisionInput input);
  // Renames or re-describes a division (the Home division too). Whether a
  // division is the Home division never changes.
  Result<store::Division> update(const Caller& caller, const std::string& id, DivisionInput input);
  // invalid_argument for the Home division; conflict
  // (reason::division_not_empty) while users or grants are in the division.
  Result<void> remove(const Caller& caller, const std::string& id);

 private:
  store::Store& store_;
  Access& access_;
  const Clock& clock_;
};

}  // namespace rp::service
