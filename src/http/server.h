#pragma once
// The HTTP/1.1 server (Boost.Beast over Asio). Beast and Asio stay inside
// src/http/*.cpp; this header exposes only plain types.
//
// Runtime model: `io_threads` threads run the event loop (accept, read, write,
// keep-alive, timeouts). Each complete request is handed to a bounded worker
// pool that runs the Dispatcher (which may block on the database). When the
// pool's queue is full the server answers 503 with Retry-After at once.

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "http/message.h"

namespace rp::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  unsigned short port = 8080;          // 0 = pick an ephemeral port
  unsigned io_threads = 0;             // 0 = hardware concurrency
  unsigned worker_threads = 0;         // 0 = 2 x hardware concurrency
  std::size_t worker_queue = 1024;     // requests waiting for a worker before 503
  std::size_t body_limit = 1 << 20;    // larger bodies get 413
  std::chrono::milliseconds header_timeout{10'000};
  std::chrono::milliseconds body_timeout{30'000};
  std::chrono::milliseconds idle_timeout{60'000};  // keep-alive idle
  bool access_log = true;
};

// Runs on a worker thread for every request.
using Dispatcher = std::function<Response(Request&)>;
// Builds the response for an error the transport itself detects (413 body too
// large, 503 overloaded, 400 malformed request, 408 timeout), in the
// application's error format. `message` is human readable.
using ErrorRenderer = std::function<Response(int status, std::string_view message, const Request& partial)>;

class Server {
 public:
  Server(ServerOptions options, Dispatcher dispatch, ErrorRenderer render_error);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and starts listening; throws std::runtime_error if it cannot bind.
  void start();
  // The bound port (useful with port 0), valid after start().
  unsigned short port() const;
  // Blocks until stop() is called or SIGTERM/SIGINT arrives (when
  // handle_signals was requested), then drains: stops accepting, lets
  // in-flight requests finish, closes idle connections, joins all threads.
  void run(bool handle_signals = true);
  // Asks run() to return (thread-safe).
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace rp::http
