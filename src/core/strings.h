#pragma once
// Small string helpers shared by every layer.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rp {

bool iequals(std::string_view a, std::string_view b);
std::string to_lower(std::string_view s);
std::string_view trim(std::string_view s);
std::vector<std::string_view> split(std::string_view s, char sep);
std::string join(const std::vector<std::string>& parts, std::string_view sep);
// Parses a whole decimal integer; nullopt on any junk or overflow.
std::optional<std::int64_t> parse_int(std::string_view s);
// Percent-decodes `s`; with `plus_as_space` (form encoding) '+' becomes ' '.
// nullopt on a malformed escape.
std::optional<std::string> percent_decode(std::string_view s, bool plus_as_space);
// Percent-encodes everything but unreserved characters (RFC 3986).
std::string percent_encode(std::string_view s);
// Standard base64 (with or without padding); nullopt on invalid input.
std::optional<std::string> base64_decode(std::string_view s);
// URL-safe base64 (RFC 4648 §5) without padding.
std::string base64url_encode(std::string_view s);

// Escapes `s` as the contents of a JSON string literal (no surrounding quotes).
void append_json_escaped(std::string& out, std::string_view s);
// `items` as a JSON array of strings: ["a","b"].
std::string json_string_array(const std::vector<std::string>& items);

}  // namespace rp
