#include "service/analytics/observations.h"

#include <algorithm>
#include <map>

#include "core/ids.h"
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

constexpr std::string_view kQueueUserMetrics[] = {"oActiveUsers",   "oMemberUsers",   "oOnQueueUsers",
                                                  "oOffQueueUsers", "oUserPresences", "oUserRoutingStatuses"};

// One qualified metric: members counted by qualifier (sorted), each with its
// instant when detailed.
struct Tally {
  std::map<std::string, std::vector<Observed>> by_qualifier;
  void add(const std::string& qualifier, Millis since, const std::string& user) {
    by_qualifier[qualifier].push_back({since, user});
  }
};

}  // namespace

std::span<const std::string_view> queue_user_metrics() { return kQueueUserMetrics; }

Result<QueueObservations> ObservationService::queues(const Caller& caller, const Filter& filter,
                                                     const std::vector<std::string>& metrics,
                                                     const std::vector<std::string>& detailed,
                                                     const authz::Requirement& need) {
  auto named = filter.matched_values("queueId");
  if (named.empty()) return invalid("filter", "The filter must name at least one queueId");
  if (named.size() > 100) return invalid("filter", "A query may name at most 100 queueId values");
  const Filter deciding = without_media(filter);
  auto scope = RP_TRY(access_.scope(caller, need));
  QueueObservations out;
  RP_CHECK(store_.read(caller.org, [&](store::Reader& tx) -> Result<void> {
    std::map<std::string, std::vector<std::string>> mapping;
    for (const auto& p : store::primary_presences()) mapping[std::string(p.system_presence)].emplace_back(p.id);
    for (const auto& d : RP_TRY(tx.list_presence_definitions()))
      if (!d.deleted) mapping[d.system_presence].push_back(d.id);
    out.system_to_organization.assign(mapping.begin(), mapping.end());

    std::vector<std::string> seen;
    for (const auto& id : named) {
      if (std::find(seen.begin(), seen.end(), id) != seen.end()) continue;
      seen.push_back(id);
      if (!deciding.admits([&](std::string_view d) -> std::optional<std::string> {
            if (d == "queueId") return id;
            return std::nullopt;
          }))
        continue;
      if (!is_uuid(id)) continue;
      auto queue = tx.get_queue(id);
      if (!queue) {
        if (queue.error().code == Errc::not_found) continue;
        return fail(queue.error());
      }
      if (!scope.all && !std::binary_search(scope.divisions.begin(), scope.divisions.end(), queue->division_id))
        continue;
      auto members = RP_TRY(tx.queue_members(id));
      std::vector<std::string> active;
      for (const auto& m : members)
        if (m.joined) active.push_back(m.user_id);
      std::map<std::string, store::StatusInterval> presence, routing;
      for (auto& s : RP_TRY(tx.open_statuses(store::StatusKind::presence, active))) presence[s.user_id] = s;
      for (auto& s : RP_TRY(tx.open_statuses(store::StatusKind::routing, active))) routing[s.user_id] = s;
      std::map<std::string, Tally> tallies;
      for (const auto& user : active) {
        const auto& p = presence[user];
        const auto& r = routing[user];
        if (p.system_presence == "ON_QUEUE") tallies["oOnQueueUsers"].add(r.routing_status, r.started, user);
        else tallies["oOffQueueUsers"].add(p.presence_id, p.started, user);
        tallies["oUserPresences"].add(p.presence_id, p.started, user);
        tallies["oUserRoutingStatuses"].add(r.routing_status, r.started, user);
      }
      QueueObservation q{id, {}};
      for (const auto& metric : metrics) {
        const bool detail = std::find(detailed.begin(), detailed.end(), metric) != detailed.end();
        if (metric == "oMemberUsers" || metric == "oActiveUsers") {
          auto n = metric == "oMemberUsers" ? members.size() : active.size();
          q.data.push_back({metric, "", static_cast<std::int64_t>(n), {}});
          continue;
        }
        for (auto& [qualifier, observed] : tallies[metric].by_qualifier) {
          MetricCount c{metric, qualifier, static_cast<std::int64_t>(observed.size()), {}};
          if (detail) {
            c.observations = observed;
            std::stable_sort(c.observations.begin(), c.observations.end(),
                             [](const Observed& a, const Observed& b) { return a.since < b.since; });
          }
          q.data.push_back(std::move(c));
        }
      }
      out.results.push_back(std::move(q));
    }
    return {};
  }));
  return out;
}

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
