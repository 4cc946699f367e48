#pragma once
// JSON helpers for assertions on response bodies.

#include <boost/json.hpp>
#include <string>
#include <string_view>

#include "core/ids.h"

namespace rp::test {

// Parses `text`; throws std::runtime_error naming the text when it is not JSON.
boost::json::value parse_json(std::string_view text);
// Parses `text` and requires an object at the top level.
boost::json::object parse_object(std::string_view text);

// The string member `key` of `o`, or "" when absent or not a string.
std::string str(const boost::json::object& o, std::string_view key);
// The integer member `key` of `o` (int64 or uint64), or `fallback`.
std::int64_t num(const boost::json::object& o, std::string_view key, std::int64_t fallback = -1);

// True if `s` is a canonical 8-4-4-4-12 hexadecimal UUID.
using rp::is_uuid;

// The text of `v` (for messages).
std::string to_text(const boost::json::value& v);

}  // namespace rp::test
