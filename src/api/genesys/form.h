#pragma once
// application/x-www-form-urlencoded bodies (/oauth/token, /oauth/authorize).

#include <optional>
#include <string_view>

#include "http/message.h"

namespace rp::api::genesys {

// True if the request's Content-Type is application/x-www-form-urlencoded.
bool is_form(const http::Request& req);
// The decoded pairs, in order; nullopt if the body is malformed.
std::optional<http::Fields> parse_form(std::string_view body);
// The first value of `key`, if present.
std::optional<std::string_view> form_value(const http::Fields& form, std::string_view key);
// A key given more than once (OAuth parameters must not repeat), or "".
std::string_view repeated_key(const http::Fields& form);

}  // namespace rp::api::genesys
