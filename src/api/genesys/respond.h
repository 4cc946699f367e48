#pragma once
// The success responses of the Genesys dialect's handlers.

#include <boost/json/fwd.hpp>

#include "http/message.h"

namespace rp::api::genesys {

// `v` serialized as the application/json body, with `status`.
http::Response json_response(int status, const boost::json::value& v);
// 204 with no body.
http::Response no_content();

}  // namespace rp::api::genesys
