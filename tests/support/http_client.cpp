#include "support/http_client.h"

#include <algorithm>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cctype>
#include <limits>
#include <optional>
#include <sstream>
#include <stdexcept>

namespace rp::test {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;

namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

bool has(const HeaderList& headers, std::string_view name) {
  return std::any_of(headers.begin(), headers.end(), [&](const auto& h) { return iequals(h.first, name); });
}

HttpResponse to_response(http::response<http::string_body>& res) {
  HttpResponse out;
  out.status = static_cast<int>(res.result_int());
  for (const auto& f : res) out.headers.emplace_back(std::string(f.name_string()), std::string(f.value()));
  out.body = std::move(res.body());
  return out;
}

// The outcome of writing a request and reading its response concurrently on
// one stream.
struct Exchange {
  beast::error_code connect_ec;
  beast::error_code write_ec;
  beast::error_code read_ec;
  bool read_done = false;
  std::size_t bytes_read = 0;
  std::optional<http::response_parser<http::string_body>> parser;
};

// Runs the write of `buffers` and the read of one response at the same time,
// so that a server answering before it has read the whole request (413) is
// still heard. When the read finishes first the pending write is cancelled.
template <class WriteOp>
void run_exchange(asio::io_context& ioc, beast::tcp_stream& stream, beast::flat_buffer& buffer, Exchange& ex, bool head,
                  std::chrono::milliseconds timeout, WriteOp&& start_write) {
  ex.parser.emplace();
  ex.parser->body_limit(std::numeric_limits<std::uint64_t>::max());
  ex.parser->header_limit(1 << 20);
  if (head) ex.parser->skip(true);
  bool write_done = false;
  stream.expires_after(timeout);
  start_write([&](beast::error_code ec, std::size_t) {
    ex.write_ec = ec;
    write_done = true;
  });
  http::async_read(stream, buffer, *ex.parser, [&](beast::error_code ec, std::size_t n) {
    ex.read_ec = ec;
    ex.read_done = true;
    ex.bytes_read = n;
    if (!write_done) {
      beast::error_code ignored;
      stream.socket().cancel(ignored);
    }
  });
  ioc.restart();
  ioc.run();
}

}  // namespace

std::string HttpResponse::header(std::string_view name) const {
  for (const auto& [k, v] : headers)
    if (iequals(k, name)) return v;
  return {};
}

bool HttpResponse::has_header(std::string_view name) const { return has(headers, name); }

std::string HttpResponse::describe() const {
  std::ostringstream os;
  os << "HTTP " << status;
  for (const auto& [k, v] : headers) os << "\n  " << k << ": " << v;
  os << "\n  body: " << (body.size() > 2000 ? body.substr(0, 2000) + "..." : body);
  return os.str();
}

struct HttpClient::Impl {
  std::string host;
  unsigned short port = 0;
  std::chrono::milliseconds timeout;
  asio::io_context ioc;
  std::optional<beast::tcp_stream> stream;
  beast::flat_buffer buffer;

  void connect() {
    stream.emplace(ioc);
    buffer.clear();
    beast::error_code result = asio::error::would_block;
    stream->expires_after(timeout);
    stream->async_connect(tcp::endpoint(asio::ip::make_address(host), port),
                          [&](beast::error_code ec) { result = ec; });
    ioc.restart();
    ioc.run();
    if (result) {
      stream.reset();
      throw std::runtime_error("connect to " + host + ":" + std::to_string(port) + " failed: " + result.message());
    }
  }

  void drop() {
    if (stream) {
      beast::error_code ignored;
      stream->socket().shutdown(tcp::socket::shutdown_both, ignored);
      stream->socket().close(ignored);
      stream.reset();
    }
  }
};

HttpClient::HttpClient(std::string host, unsigned short port, std::chrono::milliseconds timeout)
    : impl_(std::make_unique<Impl>()) {
  impl_->host = std::move(host);
  impl_->port = port;
  impl_->timeout = timeout;
}

HttpClient::~HttpClient() {
  if (impl_) impl_->drop();
}
HttpClient::HttpClient(HttpClient&&) noexcept = default;
HttpClient& HttpClient::operator=(HttpClient&&) noexcept = default;

unsigned short HttpClient::port() const { return impl_->port; }

void HttpClient::close() { impl_->drop(); }

HttpResponse HttpClient::send(std::string_view method, std::string_view target, const HeaderList& headers,
                              std::string_view body) {
  http::request<http::string_body> req;
  req.version(11);
  req.method_string(method);
  req.target(target);
  if (!has(headers, "Host")) req.set(http::field::host, impl_->host + ":" + std::to_string(impl_->port));
  for (const auto& [k, v] : headers) req.insert(k, v);
  req.body() = std::string(body);
  if (!has(headers, "Content-Length") && !has(headers, "Transfer-Encoding")) req.prepare_payload();
  const bool head = iequals(method, "HEAD");

  for (int attempt = 0; attempt < 2; ++attempt) {
    const bool reused = impl_->stream.has_value();
    if (!reused) impl_->connect();
    Exchange ex;
    http::request_serializer<http::string_body> sr(req);
    run_exchange(impl_->ioc, *impl_->stream, impl_->buffer, ex, head, impl_->timeout,
                 [&](auto handler) { http::async_write(*impl_->stream, sr, std::move(handler)); });
    if (!ex.read_ec) {
      auto res = ex.parser->release();
      const bool keep = res.keep_alive() && !ex.write_ec && sr.is_done();
      if (!keep) impl_->drop();
      return to_response(res);
    }
    impl_->drop();
    // A kept-alive connection the server closed in the meantime: retry once on a new one.
    const bool stale = reused && ex.bytes_read == 0 &&
                       (ex.read_ec == http::error::end_of_stream || ex.read_ec == asio::error::connection_reset ||
                        ex.read_ec == asio::error::eof || ex.write_ec == asio::error::broken_pipe ||
                        ex.write_ec == asio::error::connection_reset);
    if (stale && attempt == 0) continue;
    throw std::runtime_error(std::string(method) + " " + std::string(target) +
                             " on 127.0.0.1:" + std::to_string(impl_->port) + " failed: read: " + ex.read_ec.message() +
                             (ex.write_ec ? "; write: " + ex.write_ec.message() : std::string()));
  }
  throw std::runtime_error("unreachable");
}

HttpResponse HttpClient::get(std::string_view target, std::string_view token, HeaderList headers) {
  if (!token.empty()) headers.emplace_back("Authorization", "Bearer " + std::string(token));
  return send("GET", target, headers);
}

HttpResponse HttpClient::post_json(std::string_view target, std::string_view json, std::string_view token,
                                   HeaderList headers) {
  if (!token.empty()) headers.emplace_back("Authorization", "Bearer " + std::string(token));
  if (!has(headers, "Content-Type")) headers.emplace_back("Content-Type", "application/json");
  return send("POST", target, headers, json);
}

HttpResponse HttpClient::del(std::string_view target, std::string_view token, HeaderList headers) {
  if (!token.empty()) headers.emplace_back("Authorization", "Bearer " + std::string(token));
  return send("DELETE", target, headers);
}

HttpResponse send_raw(std::string_view host, unsigned short port, std::string_view bytes,
                      std::chrono::milliseconds timeout) {
  asio::io_context ioc;
  beast::tcp_stream stream(ioc);
  beast::error_code connect_ec = asio::error::would_block;
  stream.expires_after(timeout);
  stream.async_connect(tcp::endpoint(asio::ip::make_address(std::string(host)), port),
                       [&](beast::error_code ec) { connect_ec = ec; });
  ioc.run();
  if (connect_ec) throw std::runtime_error("connect failed: " + connect_ec.message());
  beast::flat_buffer buffer;
  Exchange ex;
  run_exchange(ioc, stream, buffer, ex, false, timeout, [&](auto handler) {
    asio::async_write(stream, asio::buffer(bytes.data(), bytes.size()), std::move(handler));
  });
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  if (ex.read_ec) {
    if (ex.read_ec == beast::error::timeout) throw std::runtime_error("raw request: no response within the timeout");
    HttpResponse none;
    none.body = ex.read_ec.message();
    return none;
  }
  auto res = ex.parser->release();
  return to_response(res);
}

HeaderList bearer(std::string_view token) { return {{"Authorization", "Bearer " + std::string(token)}}; }

std::string base64(std::string_view in) {
  static constexpr char table[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const unsigned v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8) |
                       static_cast<unsigned char>(in[i + 2]);
    out += table[(v >> 18) & 63];
    out += table[(v >> 12) & 63];
    out += table[(v >> 6) & 63];
    out += table[v & 63];
  }
  if (i + 1 == in.size()) {
    const unsigned v = static_cast<unsigned char>(in[i]) << 16;
    out += table[(v >> 18) & 63];
    out += table[(v >> 12) & 63];
    out += "==";
  } else if (i + 2 == in.size()) {
    const unsigned v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8);
    out += table[(v >> 18) & 63];
    out += table[(v >> 12) & 63];
    out += table[(v >> 6) & 63];
    out += '=';
  }
  return out;
}

std::string form_encode(std::string_view in) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : in) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else if (c == ' ') {
      out += '+';
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

}  // namespace rp::test
