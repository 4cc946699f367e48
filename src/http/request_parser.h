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
  using sv = boost::beast::string_view;
  using error_code = boost::system::error_code;

 public:
  explicit RequestParser(Request& req) : req_(req) {}

  int version() const { return version_; }
  bool expects_continue() const { return expect_continue_; }
  // Drops fields left over from an earlier request; needed when parsing
  // stops before the end of the header (the header handler does it otherwise).
  void trim_fields() { req_.headers.resize(fields_); }

 private:
  void on_request_impl(bhttp::verb, sv method, sv target, int version, error_code&) override {
    req_.method.assign(method.data(), method.size());
    for (auto& c : req_.method)
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    req_.target.assign(target.data(), target.size());
    version_ = version;
  }
  void on_response_impl(int, sv, int, error_code&) override {}
  void on_field_impl(bhttp::field name, sv name_string, sv value, error_code&) override {
    if (fields_ == req_.headers.size()) req_.headers.emplace_back();
    auto& [key, val] = req_.headers[fields_++];
    key.assign(name_string.data(), name_string.size());
    val.assign(value.data(), value.size());
    if (name == bhttp::field::expect && rp::iequals(std::string_view(value.data(), value.size()), "100-continue"))
      expect_continue_ = true;
  }
  void on_header_impl(error_code&) override { trim_fields(); }
  void on_body_init_impl(const boost::optional<std::uint64_t>& length, error_code&) override {
    // The parser has already checked the length against the body limit.
    if (length) req_.body.reserve(static_cast<std::size_t>(*length));
  }
  std::size_t on_body_impl(sv body, error_code&) override {
    req_.body.append(body.data(), body.size());
    return body.size();
  }
  void on_chunk_header_impl(std::uint64_t, sv, error_code&) override {}
  std::size_t on_chunk_body_impl(std::uint64_t, sv body, error_code&) override {
    req_.body.append(body.data(), body.size());
    return body.size();
  }
  void on_finish_impl(error_code&) override {}

  Request& req_;
  std::size_t fields_ = 0;
  int version_ = 11;
  bool expect_continue_ = false;
};

}  // namespace rp::http::detail
