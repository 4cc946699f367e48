#pragma once
// A small blocking HTTP/1.1 client for tests. Boost.Beast stays inside
// http_client.cpp; this header exposes plain values only.
//
// HttpClient keeps one connection open and reuses it (keep-alive) until the
// server closes it; a request that fails on a reused connection is retried
// once on a fresh one. Every operation has a timeout; on timeout or a
// transport failure send() throws std::runtime_error.

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rp::test {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct HttpResponse {
  int status = 0;
  HeaderList headers;  // as received, in order
  std::string body;

  // Case-insensitive lookup of the first header named `name`; empty when absent.
  std::string header(std::string_view name) const;
  bool has_header(std::string_view name) const;
  // "HTTP 404 <headers> <body>" for assertion messages.
  std::string describe() const;
};

class HttpClient {
 public:
  HttpClient(std::string host, unsigned short port, std::chrono::milliseconds timeout = std::chrono::seconds(30));
  ~HttpClient();
  HttpClient(HttpClient&&) noexcept;
  HttpClient& operator=(HttpClient&&) noexcept;

  // Sends one request and reads its response. Adds Host and, when `body` is
  // not empty and no Content-Length is given, Content-Length. When the server
  // answers before reading the whole body (e.g. 413) the response is still
  // returned.
  HttpResponse send(std::string_view method, std::string_view target, const HeaderList& headers = {},
                    std::string_view body = {});

  // Shorthands with an optional bearer token ("" = no Authorization header).
  HttpResponse get(std::string_view target, std::string_view token = {}, HeaderList headers = {});
  HttpResponse post_json(std::string_view target, std::string_view json, std::string_view token = {},
                         HeaderList headers = {});
  HttpResponse del(std::string_view target, std::string_view token = {}, HeaderList headers = {});

  // Closes the kept-alive connection, if any.
  void close();

  unsigned short port() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Opens a fresh connection, writes `bytes` verbatim and reads one response
// (or returns status 0 with an empty body if the server closed without one).
// Write errors after the server has answered are ignored.
HttpResponse send_raw(std::string_view host, unsigned short port, std::string_view bytes,
                      std::chrono::milliseconds timeout = std::chrono::seconds(30));

// "Bearer <token>" header list.
HeaderList bearer(std::string_view token);
// Standard base64 (with padding) of `in`.
std::string base64(std::string_view in);
// application/x-www-form-urlencoded encoding of one key or value.
std::string form_encode(std::string_view in);

}  // namespace rp::test
