// The user hierarchy: the manager rule of PATCH, and superiors, direct
// reports and adjacents (UserService members declared in users.h).
#include "service/users/user_hierarchy.h"

#include <unordered_map>
#include <unordered_set>

#include "core/ids.h"
#include "core/reasons.h"
#include "service/users/users.h"

namespace rp::service {
namespace {

// No organization's chain of managers is longer; a guard against a loop that
// the manager rule should have made impossible.
constexpr std::size_t kMaxChain = 10'000;

// The manager of `u` if it is set, exists and is not deleted.
Result<std::optional<store::User>> live_manager(store::Reader& tx, const store::User& u) {
  if (u.manager_id.empty()) return std::optional<store::User>{};
  auto found = tx.get_user(u.manager_id);
  if (!found) {
    if (found.error().code == Errc::not_found) return std::optional<store::User>{};
    return fail(found.error());
  }
  if (found->state == store::UserState::deleted) return std::optional<store::User>{};
  return std::optional<store::User>(std::move(*found));
}

// Pairs users with their divisions.
class Viewer {
 public:
  static Result<Viewer> load(store::Reader& tx) {
    Viewer v;
    for (auto& d : RP_TRY(tx.list_divisions())) v.divisions_.emplace(d.id, std::move(d));
    return v;
  }
  UserView view(store::User u) const {
    auto it = divisions_.find(u.division_id);
    store::Division d = it != divisions_.end() ? it->second : store::Division{u.division_id};
    return {std::move(u), std::move(d)};
  }
  std::vector<UserView> views(std::vector<store::User> users) const {
    std::vector<UserView> out;
    out.reserve(users.size());
    for (auto& u : users) out.push_back(view(std::move(u)));
    return out;
  }

 private:
  std::unordered_map<std::string, store::Division> divisions_;
};

}  // namespace

Result<void> check_manager(store::Reader& tx, const std::string& user_id, const std::string& manager_id) {
  if (manager_id.empty()) return {};
  auto unknown = [&] { return invalid("manager", "The manager [" + manager_id + "] does not exist"); };
  if (!is_uuid(manager_id)) return unknown();
  auto manager = tx.get_user(manager_id);
  if (!manager) return manager.error().code == Errc::not_found ? unknown() : fail(manager.error());
  if (manager->state == store::UserState::deleted) return unknown();
  // Walk up from the new manager: reaching the user means a cycle. The user
  // itself may be deleted (being restored), so a link to it counts too.
  std::unordered_set<std::string> seen;
  std::optional<store::User> at = std::move(*manager);
  while (at) {
    if (at->id == user_id || at->manager_id == user_id)
      return fail(
          make_error(Errc::invalid_argument, "The manager [" + manager_id + "] would make the user its own superior")
              .with_field("manager")
              .with_reason(reason::manager_cycle));
    if (!seen.insert(at->id).second || seen.size() > kMaxChain) break;
    at = RP_TRY(live_manager(tx, *at));
  }
  return {};
}

Result<std::vector<UserView>> UserService::superiors(const Caller& caller, const std::string& id) {
  std::vector<UserView> out;
  RP_CHECK(store_.read(caller.org, [&](store::Reader& tx) -> Result<void> {
    store::User u = RP_TRY(live_user(tx, id));
    Viewer viewer = RP_TRY(Viewer::load(tx));
    std::unordered_set<std::string> seen{u.id};
    auto next = RP_TRY(live_manager(tx, u));
    while (next && seen.insert(next->id).second && seen.size() <= kMaxChain) {
      auto after = RP_TRY(live_manager(tx, *next));
      out.push_back(viewer.view(std::move(*next)));
      next = std::move(after);
    }
    return {};
  }));
  return out;
}

Result<std::vector<UserView>> UserService::direct_reports(const Caller& caller, const std::string& id) {
  std::vector<UserView> out;
  RP_CHECK(store_.read(caller.org, [&](store::Reader& tx) -> Result<void> {
    store::User u = RP_TRY(live_user(tx, id));
    Viewer viewer = RP_TRY(Viewer::load(tx));
    out = viewer.views(RP_TRY(tx.direct_reports(u.id)));
    return {};
  }));
  return out;
}

Result<UserAdjacents> UserService::adjacents(const Caller& caller, const std::string& id) {
  UserAdjacents out;
  RP_CHECK(store_.read(caller.org, [&](store::Reader& tx) -> Result<void> {
    store::User u = RP_TRY(live_user(tx, id));
    Viewer viewer = RP_TRY(Viewer::load(tx));
    if (auto manager = RP_TRY(live_manager(tx, u))) {
      std::vector<store::User> siblings;
      for (auto& s : RP_TRY(tx.direct_reports(manager->id)))
        if (s.id != u.id) siblings.push_back(std::move(s));
      out.siblings = viewer.views(std::move(siblings));
      out.superiors.push_back(viewer.view(std::move(*manager)));
    }
    out.direct_reports = viewer.views(RP_TRY(tx.direct_reports(u.id)));
    return {};
  }));
  return out;
}

}  // namespace rp::service
