#include "http/wire.h"

#include <array>
#include <charconv>
#include <cstdio>
#include <ctime>

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include "core/strings.h"
#include "core/time.h"

namespace rp::http::detail {

namespace urls = boost::urls;

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return c - 'A' + 10;  // the URL parser admits only hex digits after '%'
}

}  // namespace

bool decode_target(std::string_view target, std::string& path, Fields& query) {
  auto parsed =
      !target.empty() && target.front() == '/' ? urls::parse_origin_form(target) : urls::parse_absolute_uri(target);
  if (!parsed) return false;
  const urls::url_view& url = *parsed;

  // The path is decoded except for "%2F" and "%25", which stay encoded so
  // that a slash inside a segment does not split it (the router decodes
  // them in the segment it captures). In the query, as in HTML forms and
  // every common client's encoder, '+' is a space.
  const urls::encoding_opts query_opts(true);
  std::string_view encoded_path = url.encoded_path();
  path.clear();
  if (encoded_path.empty()) path.assign("/");
  for (std::size_t i = 0; i < encoded_path.size(); ++i) {
    char c = encoded_path[i];
    if (c != '%' || i + 2 >= encoded_path.size()) {
      path.push_back(c);
      continue;
    }
    int hi = hex_value(encoded_path[i + 1]), lo = hex_value(encoded_path[i + 2]);
    char decoded = static_cast<char>(hi * 16 + lo);
    if (decoded == '/' || decoded == '%') {
      path.append(encoded_path.substr(i, 3));
    } else {
      path.push_back(decoded);
    }
    i += 2;
  }
  // A decoded NUL would truncate the value in C APIs further down.
  if (path.find('\0') != std::string::npos) return false;

  std::size_t n = 0;
  if (url.has_query()) {
    for (auto param : url.encoded_params()) {
      if (param.key.empty() && !param.has_value) continue;  // "a=1&&b=2", a lone "?"
      if (n == query.size()) query.emplace_back();
      auto& [key, value] = query[n++];
      param.key.decode(query_opts, urls::string_token::assign_to(key));
      if (param.has_value) param.value.decode(query_opts, urls::string_token::assign_to(value));
      else value.clear();
      if (key.find('\0') != std::string::npos || value.find('\0') != std::string::npos) return false;
    }
  }
  query.resize(n);
  return true;
}

bool valid_correlation_id(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  for (unsigned char c : id)
    if (c < 0x20 || c > 0x7e) return false;
  return true;
}

std::string_view reason_phrase(int status) {
  switch (status) {
    case 100: return "Continue";
    case 101: return "Switching Protocols";
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 203: return "Non-Authoritative Information";
    case 204: return "No Content";
    case 205: return "Reset Content";
    case 206: return "Partial Content";
    case 207: return "Multi-Status";
    case 300: return "Multiple Choices";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 307: return "Temporary Redirect";
    case 308: return "Permanent Redirect";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 402: return "Payment Required";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 406: return "Not Acceptable";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 411: return "Length Required";
    case 412: return "Precondition Failed";
    case 413: return "Payload Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 416: return "Range Not Satisfiable";
    case 417: return "Expectation Failed";
    case 422: return "Unprocessable Entity";
    case 423: return "Locked";
    case 424: return "Failed Dependency";
    case 425: return "Too Early";
    case 426: return "Upgrade Required";
    case 428: return "Precondition Required";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 451: return "Unavailable For Legal Reasons";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    case 505: return "HTTP Version Not Supported";
    default: return "Unknown";
  }
}

bool status_allows_body(int status) { return status >= 200 && status != 204 && status != 304; }

namespace {

constexpr std::array<std::string_view, 5> kOwnedFields = {"Content-Length", "Connection", "Server", "Date",
                                                          "Transfer-Encoding"};

bool owned_field(std::string_view name, const HeadOptions& opt) {
  if (rp::iequals(name, opt.correlation_header)) return true;
  for (auto owned : kOwnedFields)
    if (rp::iequals(name, owned)) return true;
  return false;
}

// RFC 9110 token characters.
bool valid_field_name(std::string_view name) {
  if (name.empty()) return false;
  for (unsigned char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
    if (!ok) return false;
  }
  return true;
}

bool valid_field_value(std::string_view value) {
  return value.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

void append_number(std::string& out, std::size_t n) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, n);
  out.append(buf, end);
}

void append_field(std::string& out, std::string_view name, std::string_view value) {
  out.append(name).append(": ").append(value).append("\r\n");
}

}  // namespace

void write_head(std::string& out, const Response& res, const HeadOptions& opt) {
  int status = res.status >= 100 && res.status <= 999 ? res.status : 500;
  out.append("HTTP/1.1 ");
  append_number(out, static_cast<std::size_t>(status));
  out.push_back(' ');
  out.append(reason_phrase(status)).append("\r\n");
  for (const auto& [name, value] : res.headers) {
    if (owned_field(name, opt) || !valid_field_name(name) || !valid_field_value(value)) continue;
    append_field(out, name, value);
  }
  append_field(out, "Date", http_date());
  append_field(out, "Server", "roleplane");
  if (!opt.correlation_header.empty()) append_field(out, opt.correlation_header, opt.correlation_id);
  if (status_allows_body(status)) {
    out.append("Content-Length: ");
    append_number(out, opt.content_length);
    out.append("\r\n");
  }
  if (!opt.keep_alive) out.append("Connection: close\r\n");
  else if (opt.http10) out.append("Connection: keep-alive\r\n");
  out.append("\r\n");
}

namespace {

bool secret_param(std::string_view key) {
  std::string lower = rp::to_lower(key);
  for (std::string_view word : {"token", "secret", "password", "passwd", "api_key", "apikey", "signature"})
    if (lower.find(word) != std::string::npos) return true;
  return lower == "code" || lower == "key";
}

}  // namespace

void append_redacted_target(std::string& out, std::string_view target) {
  auto q = target.find('?');
  if (q == std::string_view::npos) {
    out.append(target);
    return;
  }
  out.append(target.substr(0, q + 1));
  std::string_view query = target.substr(q + 1);
  bool first = true;
  for (;;) {
    auto amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    if (!first) out.push_back('&');
    first = false;
    auto eq = pair.find('=');
    if (eq != std::string_view::npos && secret_param(pair.substr(0, eq)))
      out.append(pair.substr(0, eq + 1)).append("***");
    else out.append(pair);
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
}

std::string_view http_date() {
  thread_local std::time_t cached_second = -1;
  thread_local std::string text;
  std::time_t now = std::time(nullptr);
  if (now != cached_second) {
    text = to_http_date(static_cast<Millis>(now) * 1000);
    cached_second = now;
  }
  return text;
}

}  // namespace rp::http::detail
