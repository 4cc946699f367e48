#include "http/access_log.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

namespace rp::http::detail {
namespace {

// Points stderr at a temporary file for the lifetime of the object.
class CaptureStderr {
 public:
  CaptureStderr() {
    std::fflush(stderr);
    saved_ = ::dup(STDERR_FILENO);
    file_ = std::tmpfile();
    ::dup2(::fileno(file_), STDERR_FILENO);
  }
  ~CaptureStderr() { restore(); }
  std::string restore() {
    if (saved_ < 0) return text_;
    ::dup2(saved_, STDERR_FILENO);
    ::close(saved_);
    saved_ = -1;
    std::rewind(file_);
    char buf[4096];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, file_)) > 0) text_.append(buf, n);
    std::fclose(file_);
    return text_;
  }

 private:
  int saved_ = -1;
  std::FILE* file_ = nullptr;
  std::string text_;
};

TEST(AccessLog, WritesOneLinePerRequestWithMaskedSecrets) {
  CaptureStderr capture;
  {
    AccessLog log;
    log.write(AccessEntry{.remote_address = "10.0.0.7",
                          .method = "GET",
                          .target = "/api/v2/users?pageSize=5&access_token=abc123",
                          .status = 200,
                          .bytes = 321,
                          .micros = 42,
                          .correlation_id = "cid-1"});
    log.write(AccessEntry{.remote_address = "10.0.0.8",
                          .method = "POST",
                          .target = "/oauth/token",
                          .status = 401,
                          .bytes = 10,
                          .micros = 7,
                          .correlation_id = "cid-2"});
  }  // destruction flushes
  std::string text = capture.restore();
  std::istringstream lines(text);
  std::string first, second, extra;
  ASSERT_TRUE(std::getline(lines, first));
  ASSERT_TRUE(std::getline(lines, second));
  EXPECT_FALSE(std::getline(lines, extra));
  EXPECT_NE(first.find(" access 10.0.0.7 \"GET /api/v2/users?pageSize=5&access_token=***\" 200 321 42us cid-1"),
            std::string::npos)
      << first;
  EXPECT_EQ(first.find("abc123"), std::string::npos);
  EXPECT_NE(second.find("\"POST /oauth/token\" 401 10 7us cid-2"), std::string::npos) << second;
  EXPECT_EQ(first[4], '-');  // starts with an ISO-8601 timestamp
}

TEST(AccessLog, FlushWritesBufferedLines) {
  CaptureStderr capture;
  AccessLog log;
  log.write(AccessEntry{.remote_address = "r", .method = "GET", .target = "/x", .status = 204, .correlation_id = "c"});
  log.flush();
  std::string text = capture.restore();
  EXPECT_NE(text.find("\"GET /x\" 204 0 0us c\n"), std::string::npos) << text;
}

}  // namespace
}  // namespace rp::http::detail
