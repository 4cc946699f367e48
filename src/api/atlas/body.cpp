#include "api/atlas/body.h"

#include "core/reasons.h"
#include "http/json_text.h"

namespace rp::api::atlas {
namespace json = boost::json;

Result<json::object> json_body(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object())
    return std::unexpected(
        make_error(Errc::invalid_argument, "Received JSON is malformed.").with_reason(reason::json_malformed));
  if (auto path = http::control_character_path(v))
    return std::unexpected(make_error(Errc::invalid_argument,
                                      "Invalid attribute " + *path + " specified: control characters are not allowed.")
                               .with_reason(reason::attribute_invalid)
                               .with_field(*path));
  return std::move(v.as_object());
}

Result<std::vector<std::string>> string_array(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (!v || v->is_null())
    return std::unexpected(
        make_error(Errc::invalid_argument, "The required attribute " + std::string(key) + " was not specified.")
            .with_reason(reason::attribute_missing)
            .with_field(std::string(key)));
  auto bad = [&] {
    return std::unexpected(make_error(Errc::invalid_argument, "Invalid attribute " + std::string(key) + " specified.")
                               .with_reason(reason::attribute_invalid)
                               .with_field(std::string(key)));
  };
  if (!v->is_array()) return bad();
  std::vector<std::string> out;
  for (const auto& item : v->get_array()) {
    if (!item.is_string()) return bad();
    std::string s(item.get_string());
    if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(std::move(s));
  }
  return out;
}

}  // namespace rp::api::atlas
