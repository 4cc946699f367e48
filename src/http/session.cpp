// One HTTP/1.1 connection: read a request with a fresh Beast parser, hand it
// to the worker pool, write the response, repeat while keep-alive holds.
// Everything here runs on the connection's strand except run_job(), which
// runs on a worker while the strand has no operation pending on the socket.
// run_job() first checks that the client is still there (a request whose
// client left while it waited for a worker is dropped unrun, access log
// status 499), then runs the Dispatcher inside a DeadlineScope: the
// options' request_deadline, or at once when the server cancels work at
// the end of its shutdown grace period.

#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <optional>
#include <string>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/error.hpp>

#include "core/deadline.h"
#include "core/ids.h"
#include "core/strings.h"
#include "http/request_parser.h"
#include "http/session.h"
#include "http/wire.h"

namespace rp::http::detail {

namespace {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using boost::system::error_code;

constexpr std::size_t kReadChunk = 16 * 1024;
constexpr std::size_t kKeepCapacity = 64 * 1024;  // larger per-connection buffers are released after use
constexpr auto kLingerTimeout = std::chrono::seconds(2);
constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
// Once the head is parsed, what waits unparsed in the buffer is a chunk-size
// line (with its extensions) or the trailer section: Beast holds either until
// its line ends, so this bounds them. Body bytes never wait (eager parsing).
constexpr std::size_t kMaxFramingBytes = 8 * 1024;

void release_if_large(std::string& s) {
  if (s.capacity() > kKeepCapacity) std::string().swap(s);
}

class Session final : public Connection {
 public:
  Session(Socket socket, ServerContext& ctx)
      : Connection(ctx), socket_(std::move(socket)), strand_(socket_.get_executor()) {}
  ~Session() override { release_buffered(); }

  void start() override {
    asio::dispatch(strand_, [self = self()] {
      error_code ec;
      auto endpoint = self->socket_.remote_endpoint(ec);
      if (!ec) self->remote_ = endpoint.address().to_string();
      // Responses are written whole; Nagle would only delay them.
      self->socket_.set_option(asio::ip::tcp::no_delay(true), ec);
      if (self->ctx_.stopping.load()) return self->close();
      self->begin_request(true);
    });
  }

  void notify_shutdown() override {
    asio::post(strand_, [self = self()] {
      self->shutting_down_ = true;
      // Between requests nothing is in flight: close now. Otherwise the
      // response in progress goes out with "Connection: close".
      if (self->phase_ == Phase::idle) self->close();
    });
  }

  void notify_deadline() override {
    asio::post(strand_, [self = self()] { self->on_deadline(); });
  }

  void force_close() override {
    asio::post(strand_, [self = self()] { self->close(); });
  }

  void run_job() noexcept override {
    if (peer_gone()) {
      asio::post(strand_, [self = self()] { self->drop_abandoned(); });
      return;
    }
    try {
      auto budget = ctx_.options.request_deadline;
      DeadlineScope deadline(
          budget.count() > 0 ? DeadlineScope::Clock::now() + budget : DeadlineScope::Clock::time_point::max(),
          &ctx_.cancel_work);
      res_ = ctx_.dispatch(req_);
    } catch (const std::exception& e) {
      log_error("dispatcher threw on " + method_ + " " + target_ + " (correlation id " + cid_ + "): " + e.what());
      res_ = render(500, "internal server error");
    } catch (...) {
      log_error("dispatcher threw a non-standard exception (correlation id " + cid_ + ")");
      res_ = render(500, "internal server error");
    }
    asio::post(strand_, [self = self()] { self->write_response(); });
  }

 private:
  enum class Phase { idle, header, body, dispatch, write, linger, closed };

  std::shared_ptr<Session> self() { return std::static_pointer_cast<Session>(shared_from_this()); }

  // ---- reading -------------------------------------------------------------

  void begin_request(bool fresh_connection) {
    release_buffered();
    parser_.emplace(req_);
    parser_->header_limit(static_cast<std::uint32_t>(std::min<std::size_t>(ctx_.options.header_limit, UINT32_MAX)));
    parser_->body_limit(ctx_.options.body_limit);
    parser_->eager(true);
    req_.method.clear();
    req_.target.clear();
    req_.path.clear();
    req_.body.clear();
    req_.path_params.clear();
    req_.correlation_id.clear();
    timed_out_ = false;
    continue_sent_ = false;
    head_checked_ = false;
    header_deadline_set_ = false;
    phase_ = Phase::idle;
    // A new connection gets the header timeout to send its first request;
    // a kept-alive one may stay silent for the idle timeout.
    set_deadline_in(fresh_connection ? ctx_.options.header_timeout : ctx_.options.idle_timeout);
    if (buffer_.size() > 0) {  // a pipelined request is already here
      mark_request_start();
      parse();
    } else {
      read();
    }
  }

  void read() {
    std::size_t room = std::clamp<std::size_t>(buffer_.capacity() - buffer_.size(), 1024, kReadChunk);
    socket_.async_read_some(buffer_.prepare(room),
                            [self = self()](error_code ec, std::size_t n) { self->on_read(ec, n); });
  }

  void on_read(error_code ec, std::size_t n) {
    if (phase_ == Phase::closed) return;
    if (ec) {
      if (ec == asio::error::operation_aborted && timed_out_ && (phase_ == Phase::header || phase_ == Phase::body))
        return fail(408, "request timed out");
      return close();  // peer went away, idle timeout or shutdown
    }
    timed_out_ = false;  // data arrived: a timeout that raced with it did not happen
    buffer_.commit(n);
    if (phase_ == Phase::idle) mark_request_start();
    parse();
  }

  void mark_request_start() {
    started_ = std::chrono::steady_clock::now();
    phase_ = Phase::header;
  }

  void parse() {
    for (;;) {
      error_code ec;
      std::size_t used = parser_->put(buffer_.data(), ec);
      buffer_.consume(used);
      // A head refused by our handlers may already count as done (Beast marks
      // a bodiless request complete before it calls on_header_impl).
      if (parser_->refusal() != RequestParser::Refusal::none) return parse_failed(ec);
      if (parser_->is_done()) return on_request();
      if (ec == bhttp::error::need_more || (!ec && (buffer_.size() == 0 || used == 0))) return need_more();
      if (ec) return parse_failed(ec);
    }
  }

  // Charges what this request holds (unread input and the body so far) to
  // the server-wide budget; false when the budget is exceeded.
  bool charge_buffered() {
    std::size_t held = buffer_.size() + req_.body.size();
    if (held >= charged_) ctx_.buffered_bytes.fetch_add(held - charged_, std::memory_order_relaxed);
    else ctx_.buffered_bytes.fetch_sub(charged_ - held, std::memory_order_relaxed);
    charged_ = held;
    std::size_t max = ctx_.options.max_buffered_bytes;
    return max == 0 || ctx_.buffered_bytes.load(std::memory_order_relaxed) <= max;
  }

  void release_buffered() {
    ctx_.buffered_bytes.fetch_sub(charged_, std::memory_order_relaxed);
    charged_ = 0;
  }

  void need_more() {
    if (!charge_buffered()) {
      release_buffered();
      return fail(503, "the server holds too many request bytes; retry later");
    }
    if (!parser_->is_header_done()) {
      if (!header_deadline_set_) {
        header_deadline_set_ = true;
        auto start = std::chrono::duration_cast<std::chrono::nanoseconds>(started_.time_since_epoch());
        set_deadline_at((start + ctx_.options.header_timeout).count());
      }
      phase_ = Phase::header;
      return read();
    }
    if (buffer_.size() > kMaxFramingBytes)
      return fail(400, "malformed request: chunk line or trailer section too long");
    if (!head_checked_) {
      head_checked_ = true;
      if (auto refusal = check_head()) return answer_early(std::move(*refusal));
    }
    if (phase_ != Phase::body) {
      phase_ = Phase::body;
      set_deadline_in(ctx_.options.body_timeout);
    }
    if (parser_->expects_continue() && !continue_sent_) {
      // The client waits for this before sending the body.
      continue_sent_ = true;
      return asio::async_write(socket_, asio::buffer(kContinue), [self = self()](error_code ec, std::size_t) {
        if (self->phase_ == Phase::closed) return;
        if (ec) return self->close();
        self->read();
      });
    }
    read();
  }

  void parse_failed(error_code ec) {
    using Refusal = RequestParser::Refusal;
    switch (parser_->refusal()) {
      case Refusal::method: return fail(400, "malformed request: methods are case-sensitive");
      case Refusal::host: return fail(400, "malformed request: an HTTP/1.1 request needs exactly one Host header");
      case Refusal::expectation: return fail(417, "the only expectation supported is 100-continue");
      case Refusal::extensions: return fail(400, "malformed request: chunk extensions too long");
      case Refusal::none: break;
    }
    if (ec == bhttp::error::body_limit) return fail(413, "request body too large");
    if (ec == bhttp::error::header_limit) return fail(431, "request header fields too large");
    fail(400, "malformed request: " + ec.message());
  }

  // ---- handling ------------------------------------------------------------

  void assign_correlation_id() {
    std::string_view given = req_.header(ctx_.options.correlation_header);
    if (valid_correlation_id(given)) req_.correlation_id.assign(given);
    else req_.correlation_id = rp::new_uuid();
  }

  void on_request() {
    keep_alive_ = parser_->keep_alive();
    version_ = parser_->version();
    req_.remote_address.assign(remote_);
    assign_correlation_id();
    remember_request();
    if (!decode_target(req_.target, req_.path, req_.query)) {
      req_.path.clear();
      req_.query.clear();
      return fail(400, "malformed request target");
    }
    // Answered here, on the I/O thread, so health checks pass even while
    // the worker pool is saturated.
    if (req_.path == "/healthz" && (req_.method == "GET" || req_.method == "HEAD")) {
      res_ = Response::json(200, R"({"status":"ok"})");
      return write_response();
    }
    phase_ = Phase::dispatch;
    set_deadline_at(kNoDeadline);
    if (!ctx_.pool.try_submit(shared_from_this())) {
      res_ = render(503, "server is overloaded, retry later");
      write_response();
    }
  }

  // What the response and the access log need from the request, kept apart
  // because the Dispatcher may change or move from the Request. Assigning
  // into the same strings each time reuses their capacity.
  void remember_request() {
    method_.assign(req_.method);
    target_.assign(req_.target);
    cid_.assign(req_.correlation_id);
  }

  // The application's HeadCheck on the parsed head, before any of the body
  // is read; nullopt when there is none or it lets the request go on.
  std::optional<Response> check_head() {
    if (!ctx_.head_check) return std::nullopt;
    req_.remote_address.assign(remote_);
    assign_correlation_id();
    if (!decode_target(req_.target, req_.path, req_.query)) return std::nullopt;  // on_request answers 400
    try {
      return ctx_.head_check(req_);
    } catch (const std::exception& e) {
      log_error(std::string("head check threw: ") + e.what());
    } catch (...) {
      log_error("head check threw a non-standard exception");
    }
    return std::nullopt;
  }

  // Answers an error the transport detected and closes the connection after.
  void fail(int status, std::string_view message) {
    parser_->trim_fields();
    if (req_.correlation_id.empty()) assign_correlation_id();
    req_.remote_address.assign(remote_);
    answer_early(render(status, message));
  }

  // Answers before the request is complete (its body unread) and closes the
  // connection after.
  void answer_early(Response res) {
    remember_request();
    res_ = std::move(res);
    keep_alive_ = false;
    must_linger_ = true;
    write_response();
  }

  Response render(int status, std::string_view message) { return render_transport_error(ctx_, status, message, req_); }

  // ---- writing -------------------------------------------------------------

  void write_response() {
    if (phase_ == Phase::closed) return;  // force-closed while a worker held the request
    keep_alive_ = keep_alive_ && !shutting_down_ && !ctx_.stopping.load(std::memory_order_relaxed) &&
                  !rp::iequals(res_.header("Connection"), "close");
    bool with_body = status_allows_body(res_.status) && method_ != "HEAD";
    head_.clear();
    write_head(head_, res_,
               HeadOptions{.correlation_header = ctx_.options.correlation_header,
                           .correlation_id = cid_,
                           .content_length = res_.body.size(),
                           .keep_alive = keep_alive_,
                           .http10 = version_ == 10});
    std::string_view body = with_body ? std::string_view(res_.body) : std::string_view();
    // Answered: the request's body goes back to the server-wide budget
    // before the client can see the answer (pipelined input stays charged).
    req_.body.clear();
    charge_buffered();
    phase_ = Phase::write;
    set_deadline_in(ctx_.options.write_timeout);
    std::array<asio::const_buffer, 2> buffers{asio::buffer(head_), asio::buffer(body)};
    asio::async_write(socket_, buffers, [self = self()](error_code ec, std::size_t n) { self->on_write(ec, n); });
  }

  void log_access(int status, std::size_t bytes) {
    if (!ctx_.access_log) return;
    auto micros =
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started_).count();
    ctx_.access_log->write(AccessEntry{.remote_address = remote_,
                                       .method = method_,
                                       .target = target_,
                                       .status = status,
                                       .bytes = bytes,
                                       .micros = micros,
                                       .correlation_id = cid_});
  }

  void on_write(error_code ec, std::size_t bytes) {
    log_access(res_.status, bytes);
    if (phase_ == Phase::closed) return;
    if (ec) return close();
    release_if_large(res_.body);
    release_if_large(req_.body);
    // A shutdown that arrived while the response was being written (too late
    // for "Connection: close") still ends the connection here.
    if (!keep_alive_ || shutting_down_) return linger_close();
    begin_request(false);
  }

  // ---- closing -------------------------------------------------------------

  // Half-closes and, when the client may still be sending (an error cut its
  // request short, or unread bytes are waiting), drains its input before
  // closing: closing a socket with unread input makes the kernel send RST,
  // which can destroy the response before the client reads it.
  void linger_close() {
    error_code ec;
    bool unread = must_linger_ || buffer_.size() > 0 || socket_.available(ec) > 0;
    if (!unread) {
      socket_.shutdown(asio::ip::tcp::socket::shutdown_send, ec);
      return close();
    }
    phase_ = Phase::linger;
    set_deadline_in(kLingerTimeout);
    socket_.shutdown(asio::ip::tcp::socket::shutdown_send, ec);
    if (ec) return close();
    drain();
  }

  void drain() {
    buffer_.clear();
    socket_.async_read_some(buffer_.prepare(kReadChunk), [self = self()](error_code ec, std::size_t) {
      if (self->phase_ == Phase::closed) return;
      if (ec) return self->close();
      self->drain();
    });
  }

  void close() {
    if (phase_ == Phase::closed) return;
    phase_ = Phase::closed;
    set_deadline_at(kNoDeadline);
    error_code ec;
    std::lock_guard lock(socket_mutex_);
    socket_.close(ec);
  }

  // ---- the client's presence (on a worker) ------------------------------------

  // True if the connection is closed or the client has closed or reset its
  // end: a peek that finds end of stream or an error other than "no data
  // yet". Data waiting (a pipelined request) means the client is there.
  // socket_mutex_ keeps close() from reusing the descriptor meanwhile.
  bool peer_gone() {
    std::lock_guard lock(socket_mutex_);
    if (!socket_.is_open()) return true;
    char byte;
    ssize_t n = ::recv(socket_.native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    if (n > 0) return false;
    if (n == 0) return true;
    return errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR;
  }

  // The request of a client that left, not run: logged as 499 (client
  // closed request), and the connection closed.
  void drop_abandoned() {
    if (phase_ == Phase::closed) return;
    log_access(499, 0);
    close();
  }

  void on_deadline() {
    if (phase_ == Phase::closed || now_ns() < deadline()) return;
    switch (phase_) {
      case Phase::header:
      case Phase::body:
        // Cancel the read; its handler answers 408.
        if (!timed_out_) {
          timed_out_ = true;
          error_code ec;
          socket_.cancel(ec);
        }
        break;
      case Phase::dispatch: break;  // the application's time; no deadline is set
      default:                      // idle keep-alive, stalled write, lingering: close silently
        close();
        break;
    }
  }

  Socket socket_;
  std::mutex socket_mutex_;  // close() on the strand against peer_gone() on a worker
  Strand strand_;
  beast::flat_buffer buffer_;
  std::optional<RequestParser> parser_;
  Request req_;
  Response res_;
  std::string head_;
  std::string remote_;
  std::string method_;
  std::string target_;
  std::string cid_;
  std::chrono::steady_clock::time_point started_{};
  std::size_t charged_ = 0;  // of ctx_.buffered_bytes, by the current request
  Phase phase_ = Phase::idle;
  int version_ = 11;
  bool keep_alive_ = true;
  bool shutting_down_ = false;
  bool timed_out_ = false;
  bool continue_sent_ = false;
  bool head_checked_ = false;
  bool header_deadline_set_ = false;
  bool must_linger_ = false;  // the request was cut short: the client may still be sending
};

}  // namespace

Response render_transport_error(const ServerContext& ctx, int status, std::string_view message,
                                const Request& partial) {
  Response res;
  bool rendered = false;
  if (ctx.render_error) {
    try {
      res = ctx.render_error(status, message, partial);
      rendered = true;
    } catch (const std::exception& e) {
      log_error(std::string("error renderer threw: ") + e.what());
    } catch (...) {
      log_error("error renderer threw a non-standard exception");
    }
  }
  if (!rendered) {
    std::string body = R"({"status":)" + std::to_string(status) + R"(,"message":")";
    rp::append_json_escaped(body, message);
    body += "\"}";
    res = Response::json(status, std::move(body));
  }
  if (status == 503 && res.header("Retry-After").empty()) res.set_header("Retry-After", "1");
  return res;
}

std::shared_ptr<Connection> make_connection(Socket socket, ServerContext& ctx) {
  return std::make_shared<Session>(std::move(socket), ctx);
}

}  // namespace rp::http::detail
