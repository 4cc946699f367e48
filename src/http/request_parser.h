#pragma once
// Private to the HTTP layer (included by session.cpp only): a Beast parser
// that fills an rp::http::Request directly.

#include <cstdint>
#include <string_view>

#include <boost/beast/http/basic_parser.hpp>

#include "core/strings.h"
#include "http/message.h"

namespace rp::http::detail {

namespace bhttp = boost::beast::http;

// A request parser that writes straight into an rp::http::Request, reusing
// the capacity of its strings from one request to the next instead of
// building Beast's field containers and copying them over.
class RequestParser final : public boost::beast::http::basic_parser<true> {
 public:
  // Chunk extensions of one request, all chunks together (roleplane reads
  // none; they are allowed only so that conforming clients are not refused).
  static constexpr std::size_t kMaxExtensionBytes = 4096;

 private:
  using sv = boost::beast::string_view;
  using error_code = boost::system::error_code;

 public:
  explicit RequestParser(Request& req) : req_(req) {}

  // Why the parser refused a request that Beast itself would accept; set
  // whenever put() fails with bad_method, bad_value or bad_chunk_extension
  // from one of the handlers below.
  enum class Refusal { none, method, host, expectation, extensions };

  int version() const { return version_; }
  bool expects_continue() const { return expect_continue_; }
  Refusal refusal() const { return refusal_; }
  // Drops fields left over from an earlier request; needed when parsing
  // stops before the end of the header (the header handler does it otherwise).
  void trim_fields() { req_.headers.resize(fields_); }

 private:
  void on_request_impl(bhttp::verb, sv method, sv target, int version, error_code& ec) override {
    // Methods are case-sensitive (RFC 9110 9.1): "get" is not GET. Every
    // method roleplane serves is upper case, so any lower-case letter is an
    // error rather than an unknown method.
    for (char c : method)
      if (c >= 'a' && c <= 'z') return refuse(Refusal::method, bhttp::error::bad_method, ec);
    req_.method.assign(method.data(), method.size());
    req_.target.assign(target.data(), target.size());
    version_ = version;
  }
  void on_response_impl(int, sv, int, error_code&) override {}
  void on_field_impl(bhttp::field name, sv name_string, sv value, error_code&) override {
    // Trailer fields of a chunked body are read and dropped: a field that
    // arrives after the head must not add to or override it.
    if (head_done_) return;
    if (name == bhttp::field::host) ++hosts_;
    if (name == bhttp::field::expect && !rp::iequals(std::string_view(value.data(), value.size()), "100-continue"))
      unknown_expectation_ = true;
    if (fields_ == req_.headers.size()) req_.headers.emplace_back();
    auto& [key, val] = req_.headers[fields_++];
    key.assign(name_string.data(), name_string.size());
    val.assign(value.data(), value.size());
    if (name == bhttp::field::expect && rp::iequals(std::string_view(value.data(), value.size()), "100-continue"))
      expect_continue_ = true;
  }
  void on_header_impl(error_code& ec) override {
    trim_fields();
    head_done_ = true;
    // RFC 9112 3.2: an HTTP/1.1 request has exactly one Host; any request
    // with more than one is refused.
    if (hosts_ > 1 || (hosts_ == 0 && version_ >= 11)) return refuse(Refusal::host, bhttp::error::bad_value, ec);
    if (unknown_expectation_) return refuse(Refusal::expectation, bhttp::error::bad_value, ec);
  }
  void on_body_init_impl(const boost::optional<std::uint64_t>& length, error_code&) override {
    // The parser has already checked the length against the body limit.
    if (length) req_.body.reserve(static_cast<std::size_t>(*length));
  }
  std::size_t on_body_impl(sv body, error_code&) override {
    req_.body.append(body.data(), body.size());
    return body.size();
  }
  void on_chunk_header_impl(std::uint64_t, sv ext, error_code& ec) override {
    extension_bytes_ += ext.size();
    if (extension_bytes_ > kMaxExtensionBytes)
      return refuse(Refusal::extensions, bhttp::error::bad_chunk_extension, ec);
  }
  std::size_t on_chunk_body_impl(std::uint64_t, sv body, error_code&) override {
    req_.body.append(body.data(), body.size());
    return body.size();
  }
  void on_finish_impl(error_code&) override {}

  void refuse(Refusal why, bhttp::error e, error_code& ec) {
    refusal_ = why;
    ec = e;
  }

  Request& req_;
  std::size_t fields_ = 0;
  std::size_t hosts_ = 0;
  std::size_t extension_bytes_ = 0;
  bool head_done_ = false;
  bool unknown_expectation_ = false;
  Refusal refusal_ = Refusal::none;
  int version_ = 11;
  bool expect_continue_ = false;
};

}  // namespace rp::http::detail
