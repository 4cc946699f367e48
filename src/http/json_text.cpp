#include "http/json_text.h"

#include <boost/json.hpp>

namespace rp::http {
namespace {

namespace json = boost::json;

bool has_control(std::string_view s) {
  for (unsigned char c : s)
    if (c < 0x20 && c != '\t') return true;
  return false;
}

bool find(const json::value& v, std::string& path) {
  switch (v.kind()) {
    case json::kind::string: return has_control(v.get_string());
    case json::kind::array: {
      const auto& a = v.get_array();
      for (std::size_t i = 0; i < a.size(); ++i) {
        std::size_t mark = path.size();
        path += "[" + std::to_string(i) + "]";
        if (find(a[i], path)) return true;
        path.resize(mark);
      }
      return false;
    }
    case json::kind::object: {
      for (const auto& kv : v.get_object()) {
        std::size_t mark = path.size();
        if (!path.empty()) path += '.';
        path.append(kv.key().data(), kv.key().size());
        if (has_control(kv.key()) || find(kv.value(), path)) return true;
        path.resize(mark);
      }
      return false;
    }
    default: return false;
  }
}

}  // namespace

std::optional<std::string> control_character_path(const json::value& v) {
  std::string path;
  if (find(v, path)) return path.empty() ? std::string("body") : path;
  return std::nullopt;
}

}  // namespace rp::http
