// AnalyticsApi: POST /api/v2/analytics/queues/observations/query.

#include <algorithm>

#include <boost/json.hpp>

#include "api/genesys/analytics/analytics_query.h"
#include "api/genesys/analytics/handlers.h"
#include "api/genesys/body.h"
#include "api/genesys/respond.h"
#include "core/time.h"
#include "service/analytics/observations.h"

namespace rp::api::genesys {
namespace json = boost::json;
namespace {

constexpr std::string_view kDimensions[] = {"queueId", "mediaType"};
// Metrics of conversations, which roleplane does not keep.
constexpr std::string_view kConversationMetrics[] = {"oWaiting", "oInteracting", "oAlerting", "oLongestInteracting",
                                                     "oLongestWaiting"};
constexpr std::string_view kQualified[] = {"oOnQueueUsers", "oOffQueueUsers", "oUserPresences", "oUserRoutingStatuses"};

template <class Range>
bool has(const Range& r, std::string_view v) {
  return std::find(std::begin(r), std::end(r), v) != std::end(r);
}

// A required (`required`) array of metric names at `key`, each one of `allowed`.
Result<std::vector<std::string>> metric_list(const json::object& body, std::string_view key, bool required,
                                             std::span<const std::string_view> allowed) {
  std::vector<std::string> out;
  const auto* v = body.if_contains(key);
  if (!v || v->is_null()) {
    if (required) return invalid(std::string(key), std::string(key) + " is required");
    return out;
  }
  if (!v->is_array() || (required && v->as_array().empty()))
    return invalid(std::string(key), std::string(key) + " must be a non-empty array of metrics");
  for (std::size_t i = 0; i < v->as_array().size(); ++i) {
    const auto& m = v->as_array()[i];
    const std::string path = std::string(key) + "[" + std::to_string(i) + "]";
    if (!m.is_string()) return invalid(path, path + " must be a metric name");
    std::string_view name = m.as_string();
    if (has(kConversationMetrics, name))
      return invalid(path, "roleplane keeps no conversations: [" + std::string(name) + "] cannot be observed");
    if (!has(allowed, name)) return invalid(path, "Value [" + std::string(name) + "] is not a metric here");
    if (!has(out, name)) out.emplace_back(name);
  }
  return out;
}

}  // namespace

// QueueObservationQuery {filter, metrics, detailMetrics?} ->
// QueueObservationQueryResponse {systemToOrganizationMappings, results:
// [{group: {queueId}, data: [{metric, qualifier?, stats: {count},
// observations?: [{observationDate, userId}]}]}]}.
Result<http::Response> post_analytics_queues_observations_query(Call& call) {
  auto body = RP_TRY(json_object_body(call.req));
  const auto* filter_value = body.if_contains("filter");
  if (!filter_value || filter_value->is_null()) return invalid("filter", "filter is required");
  auto filter = RP_TRY(analytics_filter(filter_value, "filter", kDimensions));
  auto metrics = RP_TRY(metric_list(body, "metrics", true, service::analytics::queue_user_metrics()));
  auto detailed = RP_TRY(metric_list(body, "detailMetrics", false, kQualified));
  auto observed = RP_TRY(call.services.observations.queues(call.caller, filter, metrics, detailed, call.need));
  json::object mapping;
  for (const auto& [system, ids] : observed.system_to_organization) {
    json::array list;
    for (const auto& id : ids) list.emplace_back(id);
    mapping[system] = std::move(list);
  }
  json::array results;
  for (const auto& q : observed.results) {
    json::array data;
    for (const auto& m : q.data) {
      json::object d{{"metric", m.metric}};
      if (!m.qualifier.empty()) d["qualifier"] = m.qualifier;
      d["stats"] = json::object{{"count", m.count}};
      if (has(detailed, m.metric)) {
        json::array observations;
        for (const auto& o : m.observations)
          observations.push_back(json::object{{"observationDate", to_iso8601(o.since)}, {"userId", o.user_id}});
        d["observations"] = std::move(observations);
      }
      data.push_back(std::move(d));
    }
    results.push_back(json::object{{"group", json::object{{"queueId", q.queue_id}}}, {"data", std::move(data)}});
  }
  return json_response(
      200, json::object{{"systemToOrganizationMappings", std::move(mapping)}, {"results", std::move(results)}});
}

}  // namespace rp::api::genesys
