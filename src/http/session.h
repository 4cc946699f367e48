#pragma once
// Private to the HTTP layer: what the listener (server.cpp) and the
// per-connection sessions (session.cpp) share. Includes Asio but not Beast.

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <limits>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_set>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>

#include "http/access_log.h"
#include "http/server.h"
#include "http/worker_pool.h"

namespace rp::http::detail {

namespace asio = boost::asio;

// Every connection runs on its own strand, so its handlers never overlap even
// with several I/O threads; the socket carries the strand as its executor.
using Strand = asio::strand<asio::io_context::executor_type>;
using Socket = asio::basic_stream_socket<asio::ip::tcp, Strand>;

// Monotonic nanoseconds; deadlines are stored in this unit so that they fit
// in an atomic integer.
inline std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}
inline unsigned hardware_threads() { return std::max(1u, std::thread::hardware_concurrency()); }

inline constexpr std::int64_t kNoDeadline = std::numeric_limits<std::int64_t>::max();

class Connection;

// The live connections, for timeouts and shutdown. Touched once per
// connection (open and close) and by the periodic deadline sweep, never per
// request.
class Registry {
 public:
  void add(Connection* c);
  void remove(Connection* c);
  std::vector<std::shared_ptr<Connection>> snapshot();
  // Connections whose deadline is at or before `now`.
  std::vector<std::shared_ptr<Connection>> expired(std::int64_t now);
  std::size_t size();
  // Waits until no connection is left; false on timeout.
  bool wait_empty_for(std::chrono::milliseconds timeout);

 private:
  std::mutex mutex_;
  std::condition_variable empty_;
  std::unordered_set<Connection*> live_;
};

struct ServerContext {
  ServerOptions options;
  Dispatcher dispatch;
  ErrorRenderer render_error;
  HeadCheck head_check;  // may be empty
  WorkerPool pool;
  std::unique_ptr<AccessLog> access_log;  // null when disabled
  Registry registry;
  std::atomic<bool> stopping{false};
  std::atomic<std::size_t> buffered_bytes{0};  // charged by the connections (options.max_buffered_bytes)
  // Set at the end of the shutdown grace period: every DeadlineScope of a
  // running request ends at once (core/deadline.h). options.cancel, or the
  // context's own flag.
  std::atomic<bool> own_cancel{false};
  std::atomic<bool>& cancel_work;

  ServerContext(ServerOptions opts, Dispatcher d, ErrorRenderer r, HeadCheck h)
      : options(std::move(opts)),
        dispatch(std::move(d)),
        render_error(std::move(r)),
        head_check(std::move(h)),
        pool(options.worker_threads ? options.worker_threads : 2 * hardware_threads(), options.worker_queue),
        cancel_work(options.cancel ? *options.cancel : own_cancel) {
    if (options.access_log) access_log = std::make_unique<AccessLog>();
  }
};

class Connection : public Job, public std::enable_shared_from_this<Connection> {
 public:
  explicit Connection(ServerContext& ctx) : ctx_(ctx) { ctx_.registry.add(this); }
  virtual ~Connection() { ctx_.registry.remove(this); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  virtual void start() = 0;
  // The following are thread-safe: each posts to the connection's strand.
  virtual void notify_shutdown() = 0;  // finish the request in flight, then close
  virtual void notify_deadline() = 0;  // the sweep saw the deadline pass
  virtual void force_close() = 0;

  std::int64_t deadline() const { return deadline_.load(std::memory_order_relaxed); }

 protected:
  void set_deadline_at(std::int64_t at) { deadline_.store(at, std::memory_order_relaxed); }
  void set_deadline_in(std::chrono::nanoseconds d) { set_deadline_at(now_ns() + d.count()); }

  ServerContext& ctx_;

 private:
  // Written on the strand, read by the sweep as a hint; the strand re-checks
  // before acting, so relaxed ordering is enough.
  std::atomic<std::int64_t> deadline_{kNoDeadline};
};

std::shared_ptr<Connection> make_connection(Socket socket, ServerContext& ctx);

// The response to an error the transport detects: the application's
// renderer, or a minimal JSON body if there is none or it throws; a 503
// gets Retry-After: 1 unless the renderer set one.
Response render_transport_error(const ServerContext& ctx, int status, std::string_view message, const Request& partial);

}  // namespace rp::http::detail
