#pragma once
// The access log and the transport's error log. spdlog stays inside
// access_log.cpp so that the sessions' translation unit does not pay for it.
//
// Access lines go to stderr through a buffered sink: each line is appended
// to an in-memory buffer under a short lock and written with one write(2)
// per ~32 KiB or every 200 ms, instead of one write (and one flush) per
// request, which is what the stock stderr sink does.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

namespace rp::http::detail {

struct AccessEntry {
  std::string_view remote_address;
  std::string_view method;
  std::string_view target;  // raw; secret-looking query values are masked when logged
  int status = 0;
  std::size_t bytes = 0;  // response bytes put on the wire (head + body)
  std::int64_t micros = 0;
  std::string_view correlation_id;
};

class AccessLog {
 public:
  AccessLog();
  ~AccessLog();
  AccessLog(const AccessLog&) = delete;
  AccessLog& operator=(const AccessLog&) = delete;

  void write(const AccessEntry& entry);
  void flush();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Errors and notices of the transport go to spdlog's default logger, which
// the application configures.
void log_error(std::string_view what);
void log_info(std::string_view what);

}  // namespace rp::http::detail
