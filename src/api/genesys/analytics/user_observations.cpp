// UsersApi: POST /api/v2/analytics/users/observations/query.

#include <array>

#include <boost/json.hpp>

#include "api/genesys/analytics/analytics_query.h"
#include "api/genesys/analytics/handlers.h"
#include "api/genesys/body.h"
#include "api/genesys/respond.h"
#include "service/analytics/observations.h"

namespace rp::api::genesys {
namespace json = boost::json;
namespace {

constexpr std::string_view kDimensions[] = {"userId", "mediaType"};
constexpr std::array<std::string_view, 2> kMetrics{"oActiveQueues", "oMemberQueues"};

}  // namespace

// UserObservationQuery {filter, metrics, detailMetrics?} ->
// UserObservationQueryResponse {results: [{group: {userId}, data: [{metric,
// stats: {count}}]}]}.
Result<http::Response> post_analytics_users_observations_query(Call& call) {
  auto body = RP_TRY(json_object_body(call.req));
  const auto* filter_value = body.if_contains("filter");
  if (!filter_value || filter_value->is_null()) return invalid("filter", "filter is required");
  auto filter = RP_TRY(analytics_filter(filter_value, "filter", kDimensions));
  const auto* metrics = body.if_contains("metrics");
  if (!metrics || !metrics->is_array() || metrics->as_array().empty())
    return invalid("metrics", "metrics must name oActiveQueues and/or oMemberQueues");
  std::vector<std::string> wanted;
  for (std::size_t i = 0; i < metrics->as_array().size(); ++i) {
    const auto& m = metrics->as_array()[i];
    const std::string path = "metrics[" + std::to_string(i) + "]";
    if (!m.is_string() || std::find(kMetrics.begin(), kMetrics.end(), m.as_string()) == kMetrics.end())
      return invalid(path, "Users observations have the metrics oActiveQueues and oMemberQueues");
    if (std::find(wanted.begin(), wanted.end(), m.as_string()) == wanted.end()) wanted.emplace_back(m.as_string());
  }
  if (const auto* detail = body.if_contains("detailMetrics"); detail && !detail->is_null())
    return invalid("detailMetrics", "Users observations have no detail metrics");
  auto observed = RP_TRY(call.services.observations.users(call.caller, filter, call.need));
  json::array results;
  for (const auto& o : observed) {
    json::array data;
    for (const auto& metric : wanted)
      data.push_back(json::object{
          {"metric", metric},
          {"stats", json::object{{"count", metric == "oActiveQueues" ? o.active_queues : o.member_queues}}}});
    results.push_back(json::object{{"group", json::object{{"userId", o.user_id}}}, {"data", std::move(data)}});
  }
  return json_response(200, json::object{{"results", std::move(results)}});
}

}  // namespace rp::api::genesys
