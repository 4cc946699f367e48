#pragma once
// Reading request bodies and query parameters of the Genesys dialect, with
// errors that name the offending field.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/fwd.hpp>

#include "core/error.h"
#include "core/time.h"
#include "http/message.h"

namespace rp::api::genesys {

// The body as any JSON value; 415 and 400 as for json_object_body.
Result<boost::json::value> json_body(const http::Request& req);
// The body as a JSON object. 415 (reason unsupported.media.type) when a
// Content-Type other than JSON is given; 400 bad.request when the body is not
// valid JSON or not an object.
Result<boost::json::object> json_object_body(const http::Request& req);
// The body as a JSON array of strings (e.g. a list of ids).
Result<std::vector<std::string>> json_string_array_body(const http::Request& req);

// An optional string member; invalid_argument naming `key` if it is present
// but not a string (null counts as absent).
Result<std::optional<std::string>> optional_string(const boost::json::object& o, std::string_view key,
                                                   std::string_view path = {});
// An optional boolean member, like optional_string.
Result<std::optional<bool>> optional_bool(const boost::json::object& o, std::string_view key,
                                          std::string_view path = {});
// An optional number member (integer or not), like optional_string.
Result<std::optional<double>> optional_number(const boost::json::object& o, std::string_view key,
                                              std::string_view path = {});
// An optional array of strings (absent or null: empty); invalid_argument
// naming `path.key` if it is anything else or has more than `max_items`.
Result<std::vector<std::string>> string_list(const boost::json::object& o, std::string_view key,
                                             std::string_view path = {}, std::size_t max_items = 100);
// An optional ISO-8601 date-time string member; invalid_argument (reason
// invalid_date) naming it when it does not parse.
Result<std::optional<Millis>> optional_date(const boost::json::object& o, std::string_view key,
                                            std::string_view path = {});
// A whole-number query parameter within [min, max], or `fallback` if absent.
Result<std::int64_t> int_query(const http::Request& req, std::string_view name, std::int64_t fallback, std::int64_t min,
                               std::int64_t max);

}  // namespace rp::api::genesys
