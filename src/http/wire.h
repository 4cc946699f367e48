#pragma once
// Private helpers of the HTTP layer that need no socket: decoding a request
// target, validating a correlation id, and serializing a response head. Kept
// apart from the session so they can be unit tested and so that the one
// translation unit that includes Beast stays small.

#include <cstddef>
#include <string>
#include <string_view>

#include "http/message.h"

namespace rp::http::detail {

// Splits a request target into its percent-decoded path and query parameters
// (repeats kept in order). In the path, "%2F" and "%25" stay encoded so that
// segments split only at real slashes (Router decodes them in captures); in
// the query, '+' is a space as in form encoding. Accepts
// origin-form ("/p?q") and absolute-form ("http://h/p?q"). Reuses the
// capacity of `path` and `query`. False when the target is malformed.
bool decode_target(std::string_view target, std::string& path, Fields& query);

// True if a client-sent correlation id may be echoed: 1..128 printable ASCII.
bool valid_correlation_id(std::string_view id);

// The reason phrase for a status code ("OK", "Not Found", ...).
std::string_view reason_phrase(int status);

// Whether a response with this status may carry a body (not 1xx, 204, 304).
bool status_allows_body(int status);

struct HeadOptions {
  std::string_view correlation_header;  // the field that carries correlation_id (ServerOptions)
  std::string_view correlation_id;
  std::size_t content_length = 0;
  bool keep_alive = true;
  bool http10 = false;  // the request was HTTP/1.0: keep-alive must be explicit
};

// Appends the status line and header block of `res` (ending in the blank
// line) to `out`. Fields the server owns (Content-Length, Connection, Server,
// Date, Transfer-Encoding, the correlation header) are written from `opt` and any
// copies in `res.headers` are dropped, as are fields whose name or value could
// split the response (CR, LF, NUL, or an invalid name).
void write_head(std::string& out, const Response& res, const HeadOptions& opt);

// Appends `target` to `out` with the values of query parameters that commonly
// carry secrets (access_token, client_secret, password, ...) replaced by "***",
// for the access log.
void append_redacted_target(std::string& out, std::string_view target);

// The current time as an IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"),
// recomputed at most once a second per thread.
std::string_view http_date();

}  // namespace rp::http::detail
