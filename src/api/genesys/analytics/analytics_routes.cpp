// The AnalyticsApi route table: the queue observations the contact-centre
// routes need (the users' analytics rows are in the users table). The
// permission is checked again in each queue's division.

#include "api/genesys/analytics/handlers.h"

namespace rp::api::genesys {

Routes analytics_api_routes() {
  return {
      {"POST", "/api/v2/analytics/queues/observations/query", needs_any({"analytics:queueObservation:view"}),
       post_analytics_queues_observations_query},
  };
}

}  // namespace rp::api::genesys
