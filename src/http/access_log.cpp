#include "http/access_log.h"

#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stop_token>
#include <string>
#include <thread>

#include <spdlog/logger.h>
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>

#include "http/wire.h"

namespace rp::http::detail {

namespace {

constexpr std::size_t kWriteThreshold = 32 * 1024;
// Bytes kept when stderr cannot be written (closed pipe, full disk): beyond
// this the buffer is discarded rather than growing without bound.
constexpr std::size_t kMaxBuffered = 4 * 1024 * 1024;
constexpr auto kFlushInterval = std::chrono::milliseconds(200);

// Appends formatted lines to a buffer and writes it to a file descriptor in
// large chunks. Lines stay whole: the buffer holds only complete lines and is
// written under the sink's lock.
class BufferedFdSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  explicit BufferedFdSink(int fd) : fd_(fd) { buffer_.reserve(kWriteThreshold * 2); }

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    spdlog::memory_buf_t formatted;
    formatter_->format(msg, formatted);
    buffer_.append(formatted.data(), formatted.size());
    if (buffer_.size() >= kWriteThreshold) write_out();
  }
  void flush_() override { write_out(); }

 private:
  void write_out() {
    std::size_t done = 0;
    while (done < buffer_.size()) {
      ssize_t n = ::write(fd_, buffer_.data() + done, buffer_.size() - done);
      if (n > 0) {
        done += static_cast<std::size_t>(n);
      } else if (n < 0 && errno == EINTR) {
        continue;
      } else {
        break;
      }
    }
    if (done == buffer_.size() || buffer_.size() > kMaxBuffered) buffer_.clear();
    else buffer_.erase(0, done);
  }

  int fd_;
  std::string buffer_;
};

}  // namespace

struct AccessLog::Impl {
  std::shared_ptr<BufferedFdSink> sink = std::make_shared<BufferedFdSink>(STDERR_FILENO);
  spdlog::logger logger{"access", sink};
  std::mutex mutex;
  std::condition_variable_any tick;
  std::jthread flusher;

  Impl() {
    logger.set_formatter(
        std::make_unique<spdlog::pattern_formatter>("%Y-%m-%dT%H:%M:%S.%eZ access %v", spdlog::pattern_time_type::utc));
    logger.set_level(spdlog::level::info);
    logger.flush_on(spdlog::level::off);
    flusher = std::jthread([this](std::stop_token stop) {
      std::unique_lock lock(mutex);
      while (!stop.stop_requested()) {
        tick.wait_for(lock, stop, kFlushInterval, [] { return false; });
        logger.flush();
      }
    });
  }
  ~Impl() {
    flusher.request_stop();
    if (flusher.joinable()) flusher.join();
    logger.flush();
  }
};

AccessLog::AccessLog() : impl_(std::make_unique<Impl>()) {}
AccessLog::~AccessLog() = default;

void AccessLog::write(const AccessEntry& e) {
  // The target is masked into a per-thread buffer so that steady-state
  // logging does not allocate.
  thread_local std::string target;
  target.clear();
  append_redacted_target(target, e.target);
  impl_->logger.info("{} \"{} {}\" {} {} {}us {}", e.remote_address, e.method, target, e.status, e.bytes, e.micros,
                     e.correlation_id);
}

void AccessLog::flush() { impl_->logger.flush(); }

void log_error(std::string_view what) { spdlog::default_logger_raw()->error("http: {}", what); }
void log_info(std::string_view what) { spdlog::default_logger_raw()->info("http: {}", what); }

}  // namespace rp::http::detail
