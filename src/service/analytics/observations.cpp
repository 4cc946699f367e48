#include "service/analytics/observations.h"

#include <algorithm>

#include "service/users/users.h"

namespace rp::service::analytics {
namespace {

// The filter without its mediaType predicates.
Filter without_media(Filter f) {
  auto media = [](const Predicate& p) { return p.dimension == "mediaType"; };
  std::erase_if(f.predicates, media);
  for (auto& c : f.clauses) std::erase_if(c.predicates, media);
  return f;
}

}  // namespace

Result<std::vector<UserObservation>> ObservationService::users(const Caller& caller, const Filter& filter,
                                                               const authz::Requirement& need) {
  auto named = filter.matched_values("userId");
  if (named.empty()) return invalid("filter", "The filter must name at least one userId");
  const Filter deciding = without_media(filter);
  auto scope = RP_TRY(access_.scope(caller, need));
  std::vector<UserObservation> out;
  RP_CHECK(store_.read(caller.org, [&](store::Reader& tx) -> Result<void> {
    std::vector<std::string> seen;
    for (const auto& id : named) {
      if (std::find(seen.begin(), seen.end(), id) != seen.end()) continue;
      seen.push_back(id);
      auto admitted = deciding.admits([&](std::string_view d) -> std::optional<std::string> {
        if (d == "userId") return id;
        return std::nullopt;
      });
      if (!admitted) continue;
      auto user = RP_TRY(find_live_user(tx, id));
      if (!user) continue;
      if (!scope.all && !std::binary_search(scope.divisions.begin(), scope.divisions.end(), user->division_id))
        continue;
      UserObservation o{id, 0, 0};
      for (const auto& m : RP_TRY(tx.user_memberships(id))) {
        ++o.member_queues;
        if (m.joined) ++o.active_queues;
      }
      out.push_back(std::move(o));
    }
    return {};
  }));
  return out;
}

}  // namespace rp::service::analytics
