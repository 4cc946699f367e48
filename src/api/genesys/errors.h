#pragma once
// The Genesys error dialect: every failure is answered with an ErrorBody
//   {message, code, status, messageParams, contextId, details, errors}
// whose contextId is the request's correlation id.

#include <string_view>

#include "core/error.h"
#include "http/message.h"

namespace rp::api::genesys {

// The status and Genesys code a service error is answered with.
struct ErrorStatus {
  int status;
  std::string_view code;
};
ErrorStatus error_status(const Error& error);

// The response for a service error (status and code chosen from Errc and reason).
http::Response error_response(const Error& error, const http::Request& req);
// The response for a transport-level or routing error with a given status.
http::Response status_response(int status, std::string_view message, const http::Request& req);

}  // namespace rp::api::genesys
