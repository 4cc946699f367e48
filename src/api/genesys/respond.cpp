#include "api/genesys/respond.h"

#include <boost/json.hpp>

namespace rp::api::genesys {

http::Response json_response(int status, const boost::json::value& v) {
  return http::Response::json(status, boost::json::serialize(v));
}

http::Response no_content() {
  http::Response r;
  r.status = 204;
  return r;
}

}  // namespace rp::api::genesys
