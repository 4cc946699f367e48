#pragma once
// Reading Atlas request bodies: MALFORMED_JSON for unparseable text,
// INVALID_ATTRIBUTE / MISSING_ATTRIBUTE for fields.

#include <string>
#include <string_view>
#include <vector>

#include <boost/json.hpp>

#include "core/error.h"

namespace rp::api::atlas {

Result<boost::json::object> json_body(std::string_view text);
// A required array of strings.
Result<std::vector<std::string>> string_array(const boost::json::object& o, std::string_view key);

}  // namespace rp::api::atlas
