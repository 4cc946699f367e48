#include "http/message.h"

#include <algorithm>

#include "core/strings.h"

namespace rp::http {

namespace {

std::string_view find_header(const Fields& fields, std::string_view name) {
  for (const auto& [key, value] : fields)
    if (rp::iequals(key, name)) return value;
  return {};
}

}  // namespace

std::string_view Request::header(std::string_view name) const { return find_header(headers, name); }

std::optional<std::string_view> Request::query_param(std::string_view name) const {
  for (const auto& [key, value] : query)
    if (key == name) return std::string_view(value);
  return std::nullopt;
}

std::vector<std::string> Request::query_list(std::string_view name) const {
  std::vector<std::string> out;
  for (const auto& [key, value] : query)
    if (key == name)
      for (auto part : rp::split(value, ','))
        if (auto t = rp::trim(part); !t.empty()) out.emplace_back(t);
  return out;
}

std::string_view Request::path_param(std::string_view name) const {
  for (const auto& [key, value] : path_params)
    if (key == name) return value;
  return {};
}

void Response::set_header(std::string name, std::string value) {
  // Replace the first field with this name and drop any later duplicates, so
  // a header set twice is sent once with the last value.
  auto same = [&](const auto& field) { return rp::iequals(field.first, name); };
  auto it = std::find_if(headers.begin(), headers.end(), same);
  if (it == headers.end()) {
    headers.emplace_back(std::move(name), std::move(value));
    return;
  }
  it->second = std::move(value);
  headers.erase(std::remove_if(std::next(it), headers.end(), same), headers.end());
}

std::string_view Response::header(std::string_view name) const { return find_header(headers, name); }

Response Response::json(int status, std::string body) {
  Response r;
  r.status = status;
  r.headers.emplace_back("Content-Type", "application/json");
  r.body = std::move(body);
  return r;
}

}  // namespace rp::http
