#pragma once
// application/x-www-form-urlencoded bodies and HTTP Basic credentials, as the
// token endpoints and HTML forms of every dialect read them.

#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "http/message.h"

namespace rp::http {

// True if the request's Content-Type is application/x-www-form-urlencoded.
bool is_form(const Request& req);
// The decoded pairs, in order; nullopt if the body is malformed.
std::optional<Fields> parse_form(std::string_view body);
// The first value of `key`, if present.
std::optional<std::string_view> form_value(const Fields& form, std::string_view key);
// A key given more than once (OAuth parameters must not repeat), or "".
std::string_view repeated_key(const Fields& form);

// The user id and password of an `Authorization: Basic ...` header value
// (split at the first colon, not percent-decoded); nullopt when the value is
// not Basic or not well formed.
std::optional<std::pair<std::string, std::string>> basic_credentials(std::string_view authorization);

}  // namespace rp::http
