#include "api/genesys/form.h"

#include <set>

#include "core/strings.h"

namespace rp::api::genesys {

bool is_form(const http::Request& req) {
  return to_lower(trim(req.header("Content-Type"))).starts_with("application/x-www-form-urlencoded");
}

std::optional<http::Fields> parse_form(std::string_view body) {
  http::Fields out;
  if (trim(body).empty()) return out;
  for (auto pair : split(body, '&')) {
    if (pair.empty()) continue;
    auto eq = pair.find('=');
    auto key = percent_decode(pair.substr(0, eq), true);
    auto value = percent_decode(eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1), true);
    if (!key || !value) return std::nullopt;
    out.emplace_back(std::move(*key), std::move(*value));
  }
  return out;
}

std::optional<std::string_view> form_value(const http::Fields& form, std::string_view key) {
  for (const auto& [k, v] : form)
    if (k == key) return std::string_view(v);
  return std::nullopt;
}

std::string_view repeated_key(const http::Fields& form) {
  std::set<std::string_view> seen;
  for (const auto& [k, v] : form)
    if (!seen.insert(k).second) return k;
  return {};
}

}  // namespace rp::api::genesys
