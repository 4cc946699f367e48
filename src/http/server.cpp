// The listener: I/O threads, the acceptor, signals, the deadline sweep and the
// graceful drain. Per-connection work lives in session.cpp.

#include "http/server.h"

#include <algorithm>
#include <condition_variable>
#include <csignal>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include "core/ids.h"
#include "http/session.h"
#include "http/wire.h"

namespace rp::http {

namespace detail {

void Registry::add(Connection* c) {
  std::lock_guard lock(mutex_);
  live_.insert(c);
}

void Registry::remove(Connection* c) {
  std::lock_guard lock(mutex_);
  live_.erase(c);
  if (live_.empty()) empty_.notify_all();
}

std::vector<std::shared_ptr<Connection>> Registry::snapshot() {
  std::vector<std::shared_ptr<Connection>> out;
  std::lock_guard lock(mutex_);
  out.reserve(live_.size());
  // A connection whose last reference is gone but whose destructor has not
  // yet reached remove() fails to lock and is skipped.
  for (Connection* c : live_)
    if (auto p = c->weak_from_this().lock()) out.push_back(std::move(p));
  return out;
}

std::vector<std::shared_ptr<Connection>> Registry::expired(std::int64_t now) {
  std::vector<std::shared_ptr<Connection>> out;
  std::lock_guard lock(mutex_);
  for (Connection* c : live_)
    if (c->deadline() <= now)
      if (auto p = c->weak_from_this().lock()) out.push_back(std::move(p));
  return out;
}

std::size_t Registry::size() {
  std::lock_guard lock(mutex_);
  return live_.size();
}

bool Registry::wait_empty_for(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return empty_.wait_for(lock, timeout, [this] { return live_.empty(); });
}

}  // namespace detail

namespace {

using namespace detail;
using boost::system::error_code;
using tcp = asio::ip::tcp;

// How often deadlines are checked: timeouts fire up to this much late.
constexpr auto kSweepInterval = std::chrono::milliseconds(100);
constexpr auto kForceCloseWait = std::chrono::milliseconds(1000);

}  // namespace

struct Server::Impl {
  // Declaration order is destruction order in reverse: the io_context goes
  // before the context that sessions refer to, so sessions destroyed along
  // with pending handlers can still unregister themselves.
  unsigned io_threads;
  ServerContext ctx;
  asio::io_context ioc;
  tcp::acceptor acceptor;
  asio::steady_timer sweep_timer;
  asio::steady_timer accept_retry_timer;
  std::optional<asio::signal_set> signals;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
  std::vector<std::thread> threads;
  unsigned short bound_port = 0;
  bool started = false;
  bool ran = false;

  std::mutex stop_mutex;
  std::condition_variable stop_cv;
  bool stop_requested = false;

  Impl(ServerOptions options, Dispatcher dispatch, ErrorRenderer render, HeadCheck head_check)
      : io_threads(options.io_threads ? options.io_threads : hardware_threads()),
        ctx(std::move(options), std::move(dispatch), std::move(render), std::move(head_check)),
        ioc(static_cast<int>(io_threads)),
        acceptor(asio::make_strand(ioc)),
        sweep_timer(acceptor.get_executor()),
        accept_retry_timer(acceptor.get_executor()) {}

  void bind() {
    const auto& o = ctx.options;
    error_code ec;
    tcp::resolver resolver(ioc);
    auto endpoints =
        resolver.resolve(o.host, std::to_string(o.port), tcp::resolver::passive | tcp::resolver::numeric_service, ec);
    if (ec) throw std::runtime_error("cannot resolve listen address '" + o.host + "': " + ec.message());
    std::string last_error = "no address";
    for (const auto& entry : endpoints) {
      tcp::endpoint ep = entry.endpoint();
      error_code e;
      acceptor.open(ep.protocol(), e);
      if (!e) acceptor.set_option(asio::socket_base::reuse_address(true), e);
      if (!e) acceptor.bind(ep, e);
      if (!e) acceptor.listen(asio::socket_base::max_listen_connections, e);
      if (!e) {
        bound_port = acceptor.local_endpoint().port();
        return;
      }
      last_error = e.message();
      error_code ignored;
      acceptor.close(ignored);
    }
    throw std::runtime_error("cannot listen on " + o.host + ":" + std::to_string(o.port) + ": " + last_error);
  }

  void accept() {
    acceptor.async_accept(asio::make_strand(ioc), [this](error_code ec, Socket socket) {
      if (ctx.stopping.load() || !acceptor.is_open()) return;
      if (ec) {
        if (ec == asio::error::operation_aborted) return;
        // Out of file descriptors or a transient network error: keep
        // listening, but give closing connections a moment to free slots.
        log_error("accept failed: " + ec.message());
        accept_retry_timer.expires_after(std::chrono::milliseconds(50));
        accept_retry_timer.async_wait([this](error_code e) {
          if (!e) accept();
        });
        return;
      }
      if (ctx.options.max_connections && ctx.registry.size() >= ctx.options.max_connections) refuse_connection(socket);
      else make_connection(std::move(socket), ctx)->start();
      accept();
    });
  }

  // Over max_connections: a 503 written without waiting (a new socket's send
  // buffer is empty, so it fits), then closed. Nothing is read.
  void refuse_connection(Socket& socket) {
    error_code ec;
    Request partial;
    partial.correlation_id = rp::new_uuid();
    auto endpoint = socket.remote_endpoint(ec);
    if (!ec) partial.remote_address = endpoint.address().to_string();
    Response res = render_transport_error(ctx, 503, "too many connections, retry later", partial);
    std::string out;
    write_head(out, res,
               HeadOptions{.correlation_header = ctx.options.correlation_header,
                           .correlation_id = partial.correlation_id,
                           .content_length = res.body.size(),
                           .keep_alive = false});
    out += res.body;
    socket.non_blocking(true, ec);
    socket.write_some(asio::buffer(out), ec);
    socket.shutdown(tcp::socket::shutdown_both, ec);
    socket.close(ec);
  }

  void sweep() {
    sweep_timer.expires_after(kSweepInterval);
    sweep_timer.async_wait([this](error_code ec) {
      if (ec) return;
      for (auto& c : ctx.registry.expired(now_ns())) c->notify_deadline();
      sweep();
    });
  }

  // Runs on the acceptor's strand.
  void begin_shutdown() {
    ctx.stopping.store(true);
    error_code ec;
    acceptor.close(ec);
    accept_retry_timer.cancel();
    if (signals) signals->cancel(ec);
    for (auto& c : ctx.registry.snapshot()) c->notify_shutdown();
  }

  void request_stop() {
    {
      std::lock_guard lock(stop_mutex);
      stop_requested = true;
    }
    stop_cv.notify_all();
  }

  void run(bool handle_signals) {
    if (!started) {
      bind();
      started = true;
    }
    if (ran) throw std::logic_error("rp::http::Server::run() may be called once");
    ran = true;

    ctx.pool.start();
    work.emplace(ioc.get_executor());
    if (handle_signals) {
      signals.emplace(acceptor.get_executor(), SIGINT, SIGTERM);
      signals->async_wait([this](error_code ec, int) {
        if (!ec) request_stop();
      });
    }
    asio::post(acceptor.get_executor(), [this] {
      accept();
      sweep();
    });
    threads.reserve(io_threads);
    for (unsigned i = 0; i < io_threads; ++i) threads.emplace_back([this] { ioc.run(); });

    {
      std::unique_lock lock(stop_mutex);
      stop_cv.wait(lock, [this] { return stop_requested; });
    }
    drain();
  }

  void drain() {
    asio::post(acceptor.get_executor(), [this] { begin_shutdown(); });
    if (!ctx.registry.wait_empty_for(ctx.options.shutdown_timeout)) {
      log_info("shutdown: " + std::to_string(ctx.registry.size()) + " connection(s) still open after " +
               std::to_string(ctx.options.shutdown_timeout.count()) + " ms; closing them");
      ctx.cancel_work.store(true);
      for (auto& c : ctx.registry.snapshot()) c->force_close();
      ctx.registry.wait_empty_for(kForceCloseWait);
    }
    work.reset();
    ioc.stop();
    for (auto& t : threads) t.join();
    threads.clear();
    // A dispatcher still running finishes here; its response is dropped
    // because the event loop has stopped.
    ctx.pool.stop();
    signals.reset();
    if (ctx.access_log) ctx.access_log->flush();
  }
};

Server::Server(ServerOptions options, Dispatcher dispatch, ErrorRenderer render_error, HeadCheck head_check)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(dispatch), std::move(render_error),
                                   std::move(head_check))) {}

Server::~Server() {
  if (!impl_) return;
  // run() was never called or has returned: no thread is left. Close the
  // acceptor and drop queued jobs before the io_context goes away.
  error_code ec;
  impl_->acceptor.close(ec);
  impl_->ctx.pool.stop();
}

void Server::start() {
  if (impl_->started) throw std::logic_error("rp::http::Server::start() called twice");
  impl_->bind();
  impl_->started = true;
}

unsigned short Server::port() const { return impl_->bound_port; }

void Server::run(bool handle_signals) { impl_->run(handle_signals); }

void Server::stop() { impl_->request_stop(); }

}  // namespace rp::http
