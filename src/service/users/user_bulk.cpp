// UserService::bulk_patch: many users patched in one request, each on its own.

#include <unordered_set>

#include "service/users/users.h"

namespace rp::service {
namespace {

std::string entry_field(std::size_t index, std::string_view member) {
  return "body[" + std::to_string(index) + "]." + std::string(member);
}

}  // namespace

Result<BulkPatchResult> UserService::bulk_patch(const Caller& caller, const std::vector<BulkUserPatch>& entries,
                                                const authz::Requirement& need) {
  if (entries.empty()) return invalid("body", "At least one user must be given");
  if (entries.size() > kMaxBulkUserPatch)
    return invalid("body", "At most " + std::to_string(kMaxBulkUserPatch) + " users can be updated at a time");
  std::unordered_set<std::string> seen;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (entries[i].id.empty()) return invalid(entry_field(i, "id"), entry_field(i, "id") + " is required");
    if (!seen.insert(entries[i].id).second)
      return invalid(entry_field(i, "id"), "The user [" + entries[i].id + "] is given more than once");
  }

  BulkPatchResult out;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    UserPatch patch;
    patch.any_version = true;
    patch.acd_auto_answer = entries[i].acd_auto_answer;
    auto updated = update(caller, entries[i].id, std::move(patch), need);
    if (updated) out.updated.push_back(std::move(*updated));
    else out.failures.push_back({entries[i].id, i, std::move(updated).error()});
  }
  return out;
}

}  // namespace rp::service
