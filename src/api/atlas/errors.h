#pragma once
// The Atlas error body (ApiError): {detail, error, errorCode, parameters,
// reason} and, for validation errors, badRequestDetail {fields: [{field,
// description}]}. Errors are served as application/json.

#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "http/message.h"

namespace rp::api::atlas {

// An answer with the given status and errorCode.
http::Response atlas_error(int status, std::string_view error_code, std::string_view detail,
                           const std::vector<std::string>& parameters = {}, std::string_view field = {});
// The Atlas status and errorCode of an rp::Error.
http::Response error_response(const Error& e);
// The HTTP reason phrase of a status ("Not Found").
std::string_view reason_phrase(int status);

}  // namespace rp::api::atlas
