#pragma once
// Groups of users (the Genesys Groups API, the part trusts need): creating,
// reading, changing and deleting groups, and their members. The routes check
// the organization-level permission first; these validate input, keep names
// unique among the organization's groups, refuse stale versions and write
// every change with its audit record in the same transaction. Members are
// users of the organization that are not deleted; every change of members
// bumps the group's version. A deleted group is not found and keeps no
// members.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/paging.h"
#include "service/access/access.h"
#include "service/access/caller.h"
#include "service/users/users.h"
#include "store/store.h"

namespace rp::service {

// A group as created or replaced (GroupCreate / GroupUpdate).
struct GroupInput {
  std::string name;
  std::string type;        // official | social
  std::string visibility;  // public | owners | members
  std::optional<bool> rules_visible;
  std::optional<std::string> description;
  std::vector<std::string> owner_ids;   // users of the organization
  std::optional<std::int64_t> version;  // update: required, the version read
};

class GroupService {
 public:
  GroupService(store::Store& store, Access& access, TokenService* tokens, const Clock& clock = system_clock())
      : store_(store), access_(access), tokens_(tokens), clock_(clock) {}

  Result<Page<store::Group>> list(const Caller& caller, const store::GroupQuery& query);
  // not_found for unknown, deleted and other organizations' ids.
  Result<store::Group> get(const Caller& caller, const std::string& id);
  // invalid_argument naming the field; conflict (reason::duplicate, field
  // name) when another group has the name.
  Result<store::Group> create(const Caller& caller, GroupInput input);
  // As create; conflict (reason::version_mismatch) for a stale version.
  Result<store::Group> update(const Caller& caller, const std::string& id, GroupInput input);
  Result<void> remove(const Caller& caller, const std::string& id);

  // The members, as users with their divisions, by name.
  Result<Page<UserView>> members(const Caller& caller, const std::string& id, const PageRequest& page);
  // 1..50 ids of users of the organization that are not deleted
  // (invalid_argument naming memberIds otherwise); a given version must be
  // the current one.
  Result<void> add_members(const Caller& caller, const std::string& id, std::vector<std::string> user_ids,
                           std::optional<std::int64_t> version);
  Result<void> remove_members(const Caller& caller, const std::string& id, std::vector<std::string> user_ids);

  // The groups the user is a member of (for the users' `groups` expand).
  Result<std::vector<std::string>> groups_of_user(const Caller& caller, const std::string& user_id);

 private:
  Result<store::Group> change_members(const Caller& caller, const std::string& id, std::vector<std::string> user_ids,
                                      std::optional<std::int64_t> version, bool add);

  store::Store& store_;
  Access& access_;
  TokenService* tokens_;
  const Clock& clock_;
};

}  // namespace rp::service
