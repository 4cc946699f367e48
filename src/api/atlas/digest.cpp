#include "api/atlas/digest.h"

#include "core/strings.h"

namespace rp::api::atlas {

std::optional<service::DigestCredentials> parse_digest(std::string_view header) {
  header = trim(header);
  if (header.size() < 7 || !iequals(header.substr(0, 7), "digest ")) return std::nullopt;
  std::string_view rest = header.substr(7);
  service::DigestCredentials c;
  std::size_t i = 0;
  while (i < rest.size()) {
    while (i < rest.size() && (rest[i] == ' ' || rest[i] == ',' || rest[i] == '\t')) ++i;
    if (i >= rest.size()) break;
    std::size_t eq = rest.find('=', i);
    if (eq == std::string_view::npos) return std::nullopt;
    std::string key(trim(rest.substr(i, eq - i)));
    i = eq + 1;
    while (i < rest.size() && rest[i] == ' ') ++i;
    std::string value;
    if (i < rest.size() && rest[i] == '"') {
      ++i;
      bool closed = false;
      while (i < rest.size()) {
        char ch = rest[i++];
        if (ch == '\\' && i < rest.size()) {
          value += rest[i++];
        } else if (ch == '"') {
          closed = true;
          break;
        } else {
          value += ch;
        }
      }
      if (!closed) return std::nullopt;
    } else {
      std::size_t end = rest.find(',', i);
      if (end == std::string_view::npos) end = rest.size();
      value = std::string(trim(rest.substr(i, end - i)));
      i = end;
    }
    std::string k = to_lower(key);
    if (k == "username") c.username = value;
    else if (k == "realm") c.realm = value;
    else if (k == "nonce") c.nonce = value;
    else if (k == "uri") c.uri = value;
    else if (k == "response") c.response = to_lower(value);
    else if (k == "qop") c.qop = value;
    else if (k == "nc") c.nc = value;
    else if (k == "cnonce") c.cnonce = value;
    else if (k == "algorithm") c.algorithm = value;
  }
  if (c.username.empty() || c.nonce.empty() || c.response.empty()) return std::nullopt;
  return c;
}

std::string digest_challenge(std::string_view nonce, bool stale) {
  return "Digest realm=\"" + std::string(service::kDigestRealm) + "\", domain=\"\", nonce=\"" + std::string(nonce) +
         "\", algorithm=MD5, qop=\"auth\", stale=" + (stale ? "true" : "false");
}

}  // namespace rp::api::atlas
