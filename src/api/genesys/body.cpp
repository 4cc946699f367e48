#include "api/genesys/body.h"

#include <boost/json.hpp>

#include "core/reasons.h"
#include "core/strings.h"
#include "http/json_text.h"

namespace rp::api::genesys {
namespace json = boost::json;
namespace {

Result<json::value> parse_json(const http::Request& req) {
  auto type = to_lower(trim(req.header("Content-Type")));
  if (!type.empty() && !type.starts_with("application/json") && !type.starts_with("text/json") &&
      !(type.starts_with("application/") && type.find("+json") != std::string::npos))
    return fail(make_error(Errc::invalid_argument, "Content-Type [" + type + "] is not supported; use application/json")
                    .with_reason(reason::media_type));
  if (trim(req.body).empty()) return fail(Errc::invalid_argument, "The request body is required");
  boost::system::error_code ec;
  json::value v = json::parse(req.body, ec);
  if (ec)
    return fail(make_error(Errc::invalid_argument, "The request body is not valid JSON: " + ec.message())
                    .with_reason(reason::bad_request));
  if (auto path = http::control_character_path(v))
    return invalid(*path, *path + " must not contain control characters (other than tab)");
  return v;
}

}  // namespace

Result<json::value> json_body(const http::Request& req) { return parse_json(req); }

Result<json::object> json_object_body(const http::Request& req) {
  auto v = RP_TRY(parse_json(req));
  if (!v.is_object())
    return fail(
        make_error(Errc::invalid_argument, "The request body must be a JSON object").with_reason(reason::bad_request));
  return std::move(v.as_object());
}

Result<std::vector<std::string>> json_string_array_body(const http::Request& req) {
  auto v = RP_TRY(parse_json(req));
  if (!v.is_array())
    return fail(make_error(Errc::invalid_argument, "The request body must be a JSON array of strings")
                    .with_reason(reason::bad_request));
  std::vector<std::string> out;
  for (const auto& e : v.as_array()) {
    if (!e.is_string())
      return fail(make_error(Errc::invalid_argument, "The request body must be a JSON array of strings")
                      .with_reason(reason::bad_request));
    out.emplace_back(e.as_string());
  }
  return out;
}

Result<std::vector<std::string>> string_list(const json::object& o, std::string_view key, std::string_view path,
                                             std::size_t max_items) {
  std::vector<std::string> out;
  const std::string field = path.empty() ? std::string(key) : std::string(path) + "." + std::string(key);
  const auto* v = o.if_contains(key);
  if (!v || v->is_null()) return out;
  if (!v->is_array()) return invalid(field, field + " must be an array of strings");
  if (v->as_array().size() > max_items)
    return invalid(field, field + " may have at most " + std::to_string(max_items) + " items");
  for (const auto& item : v->as_array()) {
    if (!item.is_string()) return invalid(field, field + " must be an array of strings");
    out.emplace_back(item.as_string());
  }
  return out;
}

Result<std::optional<Millis>> optional_date(const json::object& o, std::string_view key, std::string_view path) {
  auto text = RP_TRY(optional_string(o, key, path));
  if (!text) return std::optional<Millis>{};
  auto t = parse_iso8601(*text);
  if (!t) {
    const std::string field = path.empty() ? std::string(key) : std::string(path) + "." + std::string(key);
    return fail(make_error(Errc::invalid_argument, "Unable to parse " + field + " [" + *text + "] as an ISO-8601 date")
                    .with_field(field)
                    .with_reason(reason::invalid_date));
  }
  return std::optional<Millis>(*t);
}

Result<std::optional<std::string>> optional_string(const json::object& o, std::string_view key, std::string_view path) {
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) return std::optional<std::string>{};
  std::string field = path.empty() ? std::string(key) : std::string(path) + "." + std::string(key);
  if (!it->value().is_string()) return invalid(field, field + " must be a string");
  return std::optional<std::string>{std::string(it->value().as_string())};
}

Result<std::optional<bool>> optional_bool(const json::object& o, std::string_view key, std::string_view path) {
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) return std::optional<bool>{};
  std::string field = path.empty() ? std::string(key) : std::string(path) + "." + std::string(key);
  if (!it->value().is_bool()) return invalid(field, field + " must be a boolean");
  return std::optional<bool>{it->value().as_bool()};
}

Result<std::optional<double>> optional_number(const json::object& o, std::string_view key, std::string_view path) {
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) return std::optional<double>{};
  std::string field = path.empty() ? std::string(key) : std::string(path) + "." + std::string(key);
  const auto& v = it->value();
  if (v.is_double()) return std::optional<double>{v.as_double()};
  if (v.is_int64()) return std::optional<double>{static_cast<double>(v.as_int64())};
  if (v.is_uint64()) return std::optional<double>{static_cast<double>(v.as_uint64())};
  return invalid(field, field + " must be a number");
}

Result<std::int64_t> int_query(const http::Request& req, std::string_view name, std::int64_t fallback, std::int64_t min,
                               std::int64_t max) {
  auto raw = req.query_param(name);
  if (!raw) return fallback;
  auto v = parse_int(*raw);
  if (!v || *v < min || *v > max)
    return fail(make_error(Errc::invalid_argument, "Value [" + std::string(*raw) + "] is not valid for " +
                                                       std::string(name) + ": it must be a whole number from " +
                                                       std::to_string(min) + " to " + std::to_string(max))
                    .with_field(std::string(name))
                    .with_reason(reason::bad_request));
  return *v;
}

}  // namespace rp::api::genesys
