#include "store/sqlite/codec.h"

#include <cstdint>

#include "core/strings.h"

namespace rp::store::sqlite {
namespace {

void skip_space(std::string_view s, std::size_t& i) {
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
}

std::optional<std::uint32_t> hex4(std::string_view s, std::size_t i) {
  if (i + 4 > s.size()) return std::nullopt;
  std::uint32_t v = 0;
  for (std::size_t k = i; k < i + 4; ++k) {
    char c = s[k];
    v <<= 4;
    if (c >= '0' && c <= '9') v |= static_cast<std::uint32_t>(c - '0');
    else if (c >= 'a' && c <= 'f') v |= static_cast<std::uint32_t>(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F') v |= static_cast<std::uint32_t>(c - 'A' + 10);
    else return std::nullopt;
  }
  return v;
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xc0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xe0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  } else {
    out.push_back(static_cast<char>(0xf0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3f)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  }
}

// Parses the JSON string starting at s[i] == '"'; leaves i after the closing quote.
std::optional<std::string> parse_string(std::string_view s, std::size_t& i) {
  std::string out;
  ++i;
  while (i < s.size()) {
    char c = s[i++];
    if (c == '"') return out;
    if (c != '\\') {
      out.push_back(c);
      continue;
    }
    if (i >= s.size()) return std::nullopt;
    char e = s[i++];
    switch (e) {
      case '"': out.push_back('"'); break;
      case '\\': out.push_back('\\'); break;
      case '/': out.push_back('/'); break;
      case 'b': out.push_back('\b'); break;
      case 'f': out.push_back('\f'); break;
      case 'n': out.push_back('\n'); break;
      case 'r': out.push_back('\r'); break;
      case 't': out.push_back('\t'); break;
      case 'u': {
        auto cp = hex4(s, i);
        if (!cp) return std::nullopt;
        i += 4;
        if (*cp >= 0xd800 && *cp < 0xdc00 && i + 6 <= s.size() && s[i] == '\\' && s[i + 1] == 'u') {
          auto low = hex4(s, i + 2);
          if (low && *low >= 0xdc00 && *low < 0xe000) {
            *cp = 0x10000 + ((*cp - 0xd800) << 10) + (*low - 0xdc00);
            i += 6;
          }
        }
        append_utf8(out, *cp);
        break;
      }
      default: return std::nullopt;
    }
  }
  return std::nullopt;
}

}  // namespace

std::string encode_string_array(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += ',';
    out += '"';
    append_json_escaped(out, items[i]);
    out += '"';
  }
  out += ']';
  return out;
}

std::optional<std::vector<std::string>> decode_string_array(std::string_view json) {
  std::vector<std::string> out;
  std::size_t i = 0;
  skip_space(json, i);
  if (i >= json.size() || json[i] != '[') return std::nullopt;
  ++i;
  skip_space(json, i);
  if (i < json.size() && json[i] == ']') {
    ++i;
  } else {
    for (;;) {
      skip_space(json, i);
      if (i >= json.size() || json[i] != '"') return std::nullopt;
      auto item = parse_string(json, i);
      if (!item) return std::nullopt;
      out.push_back(std::move(*item));
      skip_space(json, i);
      if (i >= json.size()) return std::nullopt;
      if (json[i] == ']') {
        ++i;
        break;
      }
      if (json[i] != ',') return std::nullopt;
      ++i;
    }
  }
  skip_space(json, i);
  if (i != json.size()) return std::nullopt;
  return out;
}

std::string_view to_column(SubjectType t) {
  switch (t) {
    case SubjectType::user: return "user";
    case SubjectType::client: return "client";
    case SubjectType::group: return "group";
    case SubjectType::api_key: return "apiKey";
  }
  return "user";
}

std::optional<SubjectType> subject_type_from_column(std::string_view s) {
  if (s == "user") return SubjectType::user;
  if (s == "client") return SubjectType::client;
  if (s == "group") return SubjectType::group;
  if (s == "apiKey") return SubjectType::api_key;
  return std::nullopt;
}

}  // namespace rp::store::sqlite
