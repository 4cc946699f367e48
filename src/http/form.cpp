#include "http/form.h"

#include <set>

#include "core/strings.h"

namespace rp::http {

bool is_form(const Request& req) {
  return to_lower(trim(req.header("Content-Type"))).starts_with("application/x-www-form-urlencoded");
}

std::optional<Fields> parse_form(std::string_view body) {
  Fields out;
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

std::optional<std::string_view> form_value(const Fields& form, std::string_view key) {
  for (const auto& [k, v] : form)
    if (k == key) return std::string_view(v);
  return std::nullopt;
}

std::string_view repeated_key(const Fields& form) {
  std::set<std::string_view> seen;
  for (const auto& [k, v] : form)
    if (!seen.insert(k).second) return k;
  return {};
}

std::optional<std::pair<std::string, std::string>> basic_credentials(std::string_view authorization) {
  std::string_view auth = trim(authorization);
  if (auth.size() <= 6 || !iequals(auth.substr(0, 6), "basic ")) return std::nullopt;
  auto decoded = base64_decode(trim(auth.substr(6)));
  auto colon = decoded ? decoded->find(':') : std::string::npos;
  if (colon == std::string::npos) return std::nullopt;
  return std::pair{decoded->substr(0, colon), decoded->substr(colon + 1)};
}

}  // namespace rp::http
