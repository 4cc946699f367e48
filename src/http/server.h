#pragma once
// The HTTP/1.1 server (Boost.Beast over Asio). Beast and Asio stay inside
// src/http/*.cpp; this header exposes only plain types.
//
// Runtime model: `io_threads` threads run the event loop (accept, read, write,
// keep-alive, timeouts). Each complete request is handed to a bounded worker
// pool that runs the Dispatcher (which may block on the database). When the
// pool's queue is full the server answers 503 with Retry-After at once.

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "http/message.h"

namespace rp::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  unsigned short port = 8080;        // 0 = pick an ephemeral port
  unsigned io_threads = 0;           // 0 = hardware concurrency
  unsigned worker_threads = 0;       // 0 = 2 x hardware concurrency
  std::size_t worker_queue = 1024;   // requests waiting for a worker before 503
  std::size_t body_limit = 1 << 20;  // larger bodies get 413
  std::chrono::milliseconds header_timeout{10'000};
  std::chrono::milliseconds body_timeout{30'000};
  std::chrono::milliseconds idle_timeout{60'000};  // keep-alive idle
  bool access_log = true;
  std::size_t header_limit = 16 * 1024;                // larger request heads get 431
  std::chrono::milliseconds write_timeout{30'000};     // a client that stops reading is dropped
  std::chrono::milliseconds shutdown_timeout{10'000};  // drain bound for run() after stop
  // The Dispatcher runs inside a DeadlineScope (core/deadline.h) ending this
  // long after it starts (0 = no time limit); store reads stop there.
  std::chrono::milliseconds request_deadline{30'000};
  // Set by the drain at the end of its grace period (the server keeps a flag
  // of its own when null). The owner may share it with work below the
  // dispatcher, e.g. the store's lock waits (store::OpenOptions::stop_waiting).
  std::atomic<bool>* cancel = nullptr;
  // Open connections at most (0 = no limit). One accepted beyond it is
  // answered 503 with Retry-After (the renderer's body) and closed at once,
  // before anything of it is read.
  std::size_t max_connections = 0;
  // The field a request's correlation id comes in (when valid; otherwise
  // the server makes a UUID) and every response carries it back in.
  std::string correlation_header = "X-Correlation-Id";
  // Request bytes all connections together may hold (heads, chunk framing
  // and bodies read so far, until the request is answered; 0 = no limit).
  // A connection whose read would go beyond it is answered 503 with
  // Retry-After and closed.
  std::size_t max_buffered_bytes = 0;
};

// Runs on a worker thread for every request (except GET/HEAD /healthz, which
// the server answers itself), concurrently with other requests. The Request
// is the call's to modify or move from (the server keeps what it needs for
// the response and the access log). An exception thrown here is logged and
// answered with the renderer's 500.
using Dispatcher = std::function<Response(Request&)>;
// Builds the response for an error the transport itself detects (413 body too
// large, 503 overloaded, 400 malformed request, 408 timeout), in the
// application's error format. `message` is human readable.
//
// Also used for 431 (request head over header_limit) and 500 (the Dispatcher
// threw). It runs on an I/O thread (on a worker for 500), concurrently, so it
// must be thread-safe and cheap. `partial` holds what was parsed: method,
// target and headers when the head was complete, remote_address, and a
// correlation_id (always set); path/query may be empty. The server adds
// Retry-After: 1 to a 503 that lacks it; the connection is closed after
// 400/408/413/431. If the renderer throws, a minimal JSON body is sent.
using ErrorRenderer = std::function<Response(int status, std::string_view message, const Request& partial)>;

// Runs on an I/O thread once the head of a request that has a body is
// parsed, before the body is read and before any 100 Continue: a response
// refuses the request at once (its body is never read; the connection is
// closed after), nullopt lets it go on. `head` has method, target, path,
// query, headers, remote_address and correlation_id. It must be cheap and
// must not block (no database): a bearer token looked up in memory.
using HeadCheck = std::function<std::optional<Response>(const Request& head)>;

class Server {
 public:
  Server(ServerOptions options, Dispatcher dispatch, ErrorRenderer render_error, HeadCheck head_check = {});
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and starts listening; throws std::runtime_error if it cannot bind.
  // Connections queue in the listen backlog until run() starts the threads.
  void start();
  // The bound port (useful with port 0), valid after start().
  unsigned short port() const;
  // Blocks until stop() is called or SIGTERM/SIGINT arrives (when
  // handle_signals was requested), then drains: stops accepting, lets
  // in-flight requests finish, closes idle connections, joins all threads.
  //
  // Calls start() first if it has not been called. May be called once. The
  // drain waits up to options.shutdown_timeout for connections to end, then
  // ends the DeadlineScope of every Dispatcher call still running (store
  // reads stop at once; writes already handed to the store finish), closes
  // the connections and joins the workers; queued requests are dropped.
  // A Dispatcher that ignores its deadline still blocks run().
  // Destroy the Server only after run() has returned (or if it never ran).
  void run(bool handle_signals = true);
  // Asks run() to return (thread-safe).
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace rp::http
