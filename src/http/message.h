#pragma once
// Transport-neutral request and response values. The HTTP layer parses the
// wire into a Request, hands it to the application's Dispatcher on the
// worker pool, and writes the Response back. Nothing here knows about users,
// roles or any dialect.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rp::http {

using Fields = std::vector<std::pair<std::string, std::string>>;

struct Request {
  std::string method;  // as sent (methods are case-sensitive; lower case is refused), e.g. "GET"
  std::string target;  // the raw request target, e.g. "/api/v2/users?pageSize=5"
  std::string path;    // percent-decoded path without the query, except "%2F" and "%25" (kept so a
                       // slash inside a segment does not split it; captured parameters are decoded)
  Fields query;        // decoded query parameters ('+' is a space), in order (repeats kept)
  Fields headers;      // as received; look up with header()
  std::string body;
  std::string remote_address;  // peer IP address
  std::string correlation_id;  // the request's correlation header (ServerOptions), or a new UUID
  Fields path_params;          // filled by the Router from {name} segments

  // Case-insensitive header lookup; empty when absent.
  std::string_view header(std::string_view name) const;
  // First value of query parameter `name`, if present.
  std::optional<std::string_view> query_param(std::string_view name) const;
  // Every value of an array query parameter, given as repeated keys and/or
  // comma-separated (`id=a&id=b,c`: both ways the SDKs send arrays), in
  // order, each trimmed, empty parts dropped.
  std::vector<std::string> query_list(std::string_view name) const;
  // A path parameter captured by the router; empty when absent.
  std::string_view path_param(std::string_view name) const;
};

struct Response {
  int status = 200;
  Fields headers;  // Content-Type, Retry-After, Location, ...
  std::string body;

  void set_header(std::string name, std::string value);
  std::string_view header(std::string_view name) const;
  static Response json(int status, std::string body);
};

}  // namespace rp::http
