#include "support/json_util.h"

#include <cctype>
#include <stdexcept>

namespace rp::test {

boost::json::value parse_json(std::string_view text) {
  boost::system::error_code ec;
  auto v = boost::json::parse(text, ec);
  if (ec) throw std::runtime_error("not JSON (" + ec.message() + "): " + std::string(text.substr(0, 2000)));
  return v;
}

boost::json::object parse_object(std::string_view text) {
  auto v = parse_json(text);
  if (!v.is_object()) throw std::runtime_error("not a JSON object: " + std::string(text.substr(0, 2000)));
  return std::move(v.as_object());
}

std::string str(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v || !v->is_string()) return {};
  return std::string(v->as_string());
}

std::int64_t num(const boost::json::object& o, std::string_view key, std::int64_t fallback) {
  const auto* v = o.if_contains(key);
  if (!v) return fallback;
  if (v->is_int64()) return v->as_int64();
  if (v->is_uint64()) return static_cast<std::int64_t>(v->as_uint64());
  return fallback;
}

std::string to_text(const boost::json::value& v) { return boost::json::serialize(v); }

}  // namespace rp::test
