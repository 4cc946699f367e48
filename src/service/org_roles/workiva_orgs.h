#pragma once
// The read side of the Workiva dialect on one organization: its roles with
// their Workiva short ids (service/workiva_ops.h), a user's roles, and its
// users.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/error.h"
#include "core/paging.h"
#include "service/access/caller.h"
#include "store/store.h"

namespace rp::service {

struct WorkivaRole {
  std::string id;    // the short id, "1" ... "6"
  std::string name;  // the role's name
};

// What the users listing may be narrowed to ($filter); an unset field
// matches every user. Email and username compare ignoring ASCII case.
struct WorkivaUserFilter {
  std::optional<std::string> email;
  std::optional<std::string> username;
  std::optional<std::string> status;  // "active", or "suspended" (an inactive user)
};

class WorkivaOrgService {
 public:
  explicit WorkivaOrgService(store::Store& store) : store_(store) {}

  // The organization roles present in the organization, by short id.
  Result<std::vector<WorkivaRole>> roles(const Caller& caller);
  // not_found (reason::user_not_found) for an unknown or deleted user.
  Result<std::vector<WorkivaRole>> user_roles(const Caller& caller, const std::string& user_id);
  // Users that are not deleted and match `filter`, by name.
  Result<Page<store::User>> users(const Caller& caller, const PageRequest& page, const WorkivaUserFilter& filter = {});
  Result<store::User> user(const Caller& caller, const std::string& user_id);

 private:
  store::Store& store_;
};

}  // namespace rp::service
