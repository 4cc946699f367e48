#include "http/server.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <latch>
#include <thread>

#include "core/ids.h"
#include "http/router.h"
#include "unit/http/test_client.h"

namespace rp::http {
namespace {

using testing::get;
using testing::TestClient;

using namespace std::chrono_literals;

// Renders transport errors so the tests can tell them from dispatcher answers.
Response render(int status, std::string_view message, const Request& partial) {
  auto res = Response::json(status, R"({"rendered":true,"message":")" + std::string(message) + "\"}");
  res.set_header("X-Rendered", "1");
  res.set_header("X-Partial-Method", partial.method.empty() ? "-" : partial.method);
  return res;
}

void wait_until(const std::function<bool()>& pred, std::chrono::milliseconds limit = 5s) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (!pred() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(1ms);
}

// Runs a Server on 127.0.0.1, port 0, in a background thread.
class Harness {
 public:
  Harness(ServerOptions options, Dispatcher dispatch, HeadCheck head_check = {}) {
    options.host = "127.0.0.1";
    options.port = 0;
    options.access_log = false;
    options.correlation_header = "ININ-Correlation-Id";
    if (options.io_threads == 0) options.io_threads = 2;
    if (options.worker_threads == 0) options.worker_threads = 2;
    server_ = std::make_unique<Server>(options, std::move(dispatch), render, std::move(head_check));
    server_->start();
    runner_ = std::async(std::launch::async, [this] { server_->run(false); });
  }
  ~Harness() { stop(); }

  unsigned short port() const { return server_->port(); }

  void request_stop() { server_->stop(); }
  // Stops and waits for run() to return; true if it did within the limit.
  bool stop(std::chrono::seconds limit = 15s) {
    if (!runner_.valid()) return true;
    server_->stop();
    bool done = runner_.wait_for(limit) == std::future_status::ready;
    if (done) runner_.get();
    return done;
  }
  bool finished_within(std::chrono::milliseconds limit) {
    return runner_.valid() && runner_.wait_for(limit) == std::future_status::ready;
  }

 private:
  std::unique_ptr<Server> server_;
  std::future<void> runner_;
};

Response echo(Request& req) {
  std::string body = req.method + " " + req.path;
  for (const auto& [k, v] : req.query) body += " " + k + "=" + v;
  body += " cid=" + req.correlation_id + " body=" + req.body;
  Response res;
  res.headers.emplace_back("Content-Type", "text/plain");
  res.headers.emplace_back("ININ-Correlation-Id", "overridden-by-server");
  res.body = std::move(body);
  return res;
}

TEST(Server, KeepAliveServesTwoRequestsOnOneConnection) {
  Harness h({}, echo);
  TestClient c(h.port());
  ASSERT_TRUE(c.connected());
  c.send(get("/one?a=1"));
  auto r1 = c.read_response();
  ASSERT_TRUE(r1);
  EXPECT_EQ(r1->status, 200);
  EXPECT_TRUE(r1->body.starts_with("GET /one a=1 cid="));
  EXPECT_EQ(r1->header("Server"), "roleplane");
  EXPECT_EQ(r1->header("Content-Length"), std::to_string(r1->body.size()));
  EXPECT_FALSE(r1->has_header("Connection"));
  c.send(get("/two"));
  auto r2 = c.read_response();
  ASSERT_TRUE(r2);
  EXPECT_TRUE(r2->body.starts_with("GET /two cid="));
}

TEST(Server, PipelinedRequestsAnswerInOrder) {
  Harness h({}, echo);
  TestClient c(h.port());
  c.send(get("/first") + get("/second") + get("/third", "Connection: close\r\n"));
  for (const char* path : {"/first", "/second", "/third"}) {
    auto r = c.read_response();
    ASSERT_TRUE(r);
    EXPECT_TRUE(r->body.starts_with(std::string("GET ") + path + " ")) << r->body;
  }
  EXPECT_TRUE(c.closed_by_peer());
}

TEST(Server, DecodesPathQueryAndReadsBodies) {
  Harness h({}, echo);
  TestClient c(h.port());
  c.send("POST /p%C3%A9/x?id=a&id=b&q=x%20y+z HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello");
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->body.starts_with("POST /p\xc3\xa9/x id=a id=b q=x y z cid=")) << r->body;
  EXPECT_TRUE(r->body.ends_with(" body=hello"));
  c.send("PUT /chunked HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n");
  auto chunked = c.read_response();
  ASSERT_TRUE(chunked);
  EXPECT_TRUE(chunked->body.ends_with(" body=abcde")) << chunked->body;
}

TEST(Server, CorrelationIdIsEchoedOrGenerated) {
  std::atomic<bool> seen_in_dispatcher{false};
  Harness h({}, [&](Request& req) {
    if (req.correlation_id == "client-cid-42") seen_in_dispatcher = true;
    return echo(req);
  });
  TestClient c(h.port());
  c.send(get("/x", "ININ-Correlation-Id: client-cid-42\r\n"));
  auto given = c.read_response();
  ASSERT_TRUE(given);
  EXPECT_EQ(given->header("ININ-Correlation-Id"), "client-cid-42");
  EXPECT_TRUE(seen_in_dispatcher.load());

  c.send(get("/x"));
  auto generated = c.read_response();
  ASSERT_TRUE(generated);
  EXPECT_TRUE(rp::is_uuid(generated->header("ININ-Correlation-Id"))) << generated->header("ININ-Correlation-Id");

  c.send(get("/x", "ININ-Correlation-Id: " + std::string(200, 'x') + "\r\n"));
  auto too_long = c.read_response();
  ASSERT_TRUE(too_long);
  EXPECT_TRUE(rp::is_uuid(too_long->header("ININ-Correlation-Id")));
}

TEST(Server, BodyOverLimitGets413FromRendererThenClose) {
  ServerOptions o;
  o.body_limit = 16;
  Harness h(o, echo);
  TestClient c(h.port());
  c.send("POST /upload HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\n" + std::string(100, 'x'));
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  EXPECT_EQ(r->header("X-Rendered"), "1");
  EXPECT_EQ(r->header("X-Partial-Method"), "POST");
  EXPECT_EQ(r->header("Connection"), "close");
  EXPECT_TRUE(rp::is_uuid(r->header("ININ-Correlation-Id")));
  EXPECT_TRUE(c.closed_by_peer());

  TestClient chunked(h.port());
  chunked.send("POST /upload HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n20\r\n" + std::string(32, 'y') +
               "\r\n0\r\n\r\n");
  auto rc = chunked.read_response();
  ASSERT_TRUE(rc);
  EXPECT_EQ(rc->status, 413);
}

TEST(Server, MalformedRequestGets400ThenClose) {
  Harness h({}, echo);
  TestClient c(h.port());
  c.send("THIS IS NOT HTTP\r\n\r\n");
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(r->header("X-Rendered"), "1");
  EXPECT_TRUE(c.closed_by_peer());

  TestClient bad_target(h.port());
  bad_target.send(get("/bad%zz"));
  auto rt = bad_target.read_response();
  ASSERT_TRUE(rt);
  EXPECT_EQ(rt->status, 400);
}

TEST(Server, OversizedHeadGets431ThenClose) {
  ServerOptions o;
  o.header_limit = 1024;
  Harness h(o, echo);
  TestClient c(h.port());
  c.send(get("/x", "X-Big: " + std::string(4096, 'a') + "\r\n"));
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 431);
  EXPECT_EQ(r->header("X-Rendered"), "1");
  EXPECT_TRUE(c.closed_by_peer());
}

TEST(Server, NotFoundComesFromTheDispatcher) {
  Router router;
  router.add("GET", "/api/v2/users/{userId}", [](Request& req) {
    return Response::json(200, "{\"id\":\"" + std::string(req.path_param("userId")) + "\"}");
  });
  Harness h({}, [&router](Request& req) {
    auto m = router.match(req);
    if (m.outcome == Router::Outcome::found) return (*m.handler)(req);
    auto res = Response::json(m.outcome == Router::Outcome::not_found ? 404 : 405, "{}");
    if (!m.allowed.empty()) res.set_header("Allow", m.allowed);
    return res;
  });
  TestClient c(h.port());
  c.send(get("/api/v2/users/u1"));
  auto found = c.read_response();
  ASSERT_TRUE(found);
  EXPECT_EQ(found->status, 200);
  EXPECT_EQ(found->body, R"({"id":"u1"})");
  c.send(get("/api/v2/nowhere"));
  auto missing = c.read_response();
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  EXPECT_FALSE(missing->has_header("X-Rendered"));
  c.send("DELETE /api/v2/users/u1 HTTP/1.1\r\nHost: t\r\n\r\n");
  auto not_allowed = c.read_response();
  ASSERT_TRUE(not_allowed);
  EXPECT_EQ(not_allowed->status, 405);
  EXPECT_EQ(not_allowed->header("Allow"), "GET");
}

TEST(Server, HealthzIsAnsweredByTheServer) {
  std::atomic<int> dispatched{0};
  Harness h({}, [&](Request& req) {
    ++dispatched;
    return echo(req);
  });
  TestClient c(h.port());
  c.send(get("/healthz"));
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, R"({"status":"ok"})");
  EXPECT_EQ(r->header("Content-Type"), "application/json");
  EXPECT_EQ(dispatched.load(), 0);
}

TEST(Server, HeadSendsLengthButNoBody) {
  Harness h({}, [](Request&) { return Response::json(200, "0123456789"); });
  TestClient c(h.port());
  c.send("HEAD /x HTTP/1.1\r\nHost: t\r\n\r\n");
  auto r = c.read_response(true);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->header("Content-Length"), "10");
  c.send(get("/x"));  // the next response must start right after the head
  auto g = c.read_response();
  ASSERT_TRUE(g);
  EXPECT_EQ(g->body, "0123456789");
}

TEST(Server, Http10ClosesUnlessKeepAliveIsAsked) {
  Harness h({}, echo);
  TestClient c(h.port());
  c.send("GET /old HTTP/1.0\r\n\r\n");
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->header("Connection"), "close");
  EXPECT_TRUE(c.closed_by_peer());
  TestClient k(h.port());
  k.send("GET /old HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
  auto rk = k.read_response();
  ASSERT_TRUE(rk);
  EXPECT_EQ(rk->header("Connection"), "keep-alive");
}

TEST(Server, ExpectContinue) {
  Harness h({}, echo);
  TestClient c(h.port());
  c.send("POST /c HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n");
  auto interim = c.read_response();
  ASSERT_TRUE(interim);
  EXPECT_EQ(interim->status, 100);
  c.send("abc");
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_TRUE(r->body.ends_with("body=abc"));
}

TEST(Server, DispatcherExceptionBecomes500) {
  Harness h({}, [](Request&) -> Response { throw std::runtime_error("boom"); });
  TestClient c(h.port());
  c.send(get("/x"));
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 500);
  EXPECT_EQ(r->header("X-Rendered"), "1");
  c.send(get("/y"));  // the connection survives
  auto again = c.read_response();
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 500);
}

TEST(Server, HeaderTimeoutGets408AndIdleTimeoutClosesSilently) {
  ServerOptions o;
  o.header_timeout = 300ms;
  o.idle_timeout = 300ms;
  Harness h(o, echo);
  TestClient partial(h.port());
  partial.send("GET /slow HTTP/1.1\r\nHost: t\r\n");
  auto r = partial.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 408);
  EXPECT_EQ(r->header("X-Rendered"), "1");
  EXPECT_TRUE(partial.closed_by_peer());

  TestClient idle(h.port());
  idle.send(get("/x"));
  ASSERT_TRUE(idle.read_response());
  auto before = std::chrono::steady_clock::now();
  EXPECT_TRUE(idle.closed_by_peer());
  EXPECT_LT(std::chrono::steady_clock::now() - before, 3s);
}

TEST(Server, SaturatedPoolAnswers503WithRetryAfter) {
  ServerOptions o;
  o.worker_threads = 1;
  o.worker_queue = 1;
  std::latch release(1);
  std::atomic<int> entered{0};
  Harness h(o, [&](Request& req) {
    if (req.path == "/block") {
      ++entered;
      release.wait();
    }
    return echo(req);
  });
  TestClient a(h.port()), b(h.port()), c(h.port()), health(h.port());
  a.send(get("/block"));
  wait_until([&] { return entered.load() == 1; });
  ASSERT_EQ(entered.load(), 1);
  b.send(get("/block"));  // waits in the queue
  std::this_thread::sleep_for(100ms);
  c.send(get("/block"));  // no room left
  auto rejected = c.read_response();
  ASSERT_TRUE(rejected);
  EXPECT_EQ(rejected->status, 503);
  EXPECT_EQ(rejected->header("Retry-After"), "1");
  EXPECT_EQ(rejected->header("X-Rendered"), "1");
  health.send(get("/healthz"));
  auto hr = health.read_response();
  ASSERT_TRUE(hr);
  EXPECT_EQ(hr->status, 200);
  release.count_down();
  auto ra = a.read_response();
  auto rb = b.read_response();
  ASSERT_TRUE(ra && rb);
  EXPECT_EQ(ra->status, 200);
  EXPECT_EQ(rb->status, 200);
}

TEST(Server, GracefulStopFinishesInFlightRequest) {
  std::latch release(1);
  std::atomic<bool> entered{false};
  Harness h({}, [&](Request& req) {
    if (req.path == "/slow") {
      entered = true;
      release.wait();
    }
    return echo(req);
  });
  TestClient idle(h.port());
  idle.send(get("/quick"));
  ASSERT_TRUE(idle.read_response());

  TestClient busy(h.port());
  busy.send(get("/slow"));
  wait_until([&] { return entered.load(); });
  ASSERT_TRUE(entered.load());

  h.request_stop();
  // The idle keep-alive connection is closed; run() waits for the slow one.
  EXPECT_TRUE(idle.closed_by_peer());
  EXPECT_FALSE(h.finished_within(200ms));
  release.count_down();
  auto r = busy.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->header("Connection"), "close");
  EXPECT_TRUE(busy.closed_by_peer());
  EXPECT_TRUE(h.stop(10s));
  TestClient late(h.port());
  EXPECT_FALSE(late.connected());
}

TEST(Server, RunStartsTheServerAndStopBeforeRunReturnsPromptly) {
  ServerOptions o;
  o.port = 0;
  o.access_log = false;
  o.io_threads = 1;
  o.worker_threads = 1;
  Server server(o, echo, render);
  server.stop();
  auto done = std::async(std::launch::async, [&] { server.run(false); });
  EXPECT_EQ(done.wait_for(5s), std::future_status::ready);
  EXPECT_NE(server.port(), 0);
}

TEST(Server, StartFailsClearlyWhenThePortIsTaken) {
  Harness h({}, echo);
  ServerOptions o;
  o.host = "127.0.0.1";
  o.port = h.port();
  Server second(o, echo, render);
  try {
    second.start();
    FAIL() << "start() should throw";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(std::to_string(h.port())), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace rp::http

namespace rp::http {
namespace {

// RFC 9112 conformance of the request head: each of these is refused before
// the dispatcher runs, with the connection closed after the answer.
TEST(Server, RefusesNonConformingHeads) {
  std::atomic<int> dispatched{0};
  Harness h({}, [&](Request& req) {
    ++dispatched;
    return echo(req);
  });
  struct Case {
    std::string request;
    int status;
  };
  std::vector<Case> cases = {
      {"get /x HTTP/1.1\r\nHost: t\r\n\r\n", 400},  // methods are case-sensitive
      {"Get /x HTTP/1.1\r\nHost: t\r\n\r\n", 400},
      {"GET /x HTTP/1.1\r\n\r\n", 400},                        // HTTP/1.1 without Host
      {"GET /x HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400},  // two Hosts
      {"GET /x HTTP/1.0\r\nHost: a\r\nHost: b\r\n\r\n", 400},
      {"POST /x HTTP/1.1\r\nHost: t\r\nExpect: 200-ok\r\nContent-Length: 1\r\n\r\n", 417},
  };
  for (const auto& c : cases) {
    TestClient client(h.port());
    client.send(c.request);
    auto r = client.read_response();
    ASSERT_TRUE(r) << c.request;
    EXPECT_EQ(r->status, c.status) << c.request;
    EXPECT_EQ(r->header("X-Rendered"), "1") << c.request;
    EXPECT_TRUE(client.closed_by_peer()) << c.request;
  }
  EXPECT_EQ(dispatched.load(), 0);
  // HTTP/1.0 may leave Host out (100-continue: ExpectContinue).
  TestClient ok(h.port());
  ok.send("GET /old HTTP/1.0\r\n\r\n");
  auto old = ok.read_response();
  ASSERT_TRUE(old);
  EXPECT_EQ(old->status, 200);
}

// Every byte of a chunked body's framing counts: a chunk-size line or a
// trailer that never ends, or extensions piling up over many chunks, are
// refused after a few KB instead of growing the buffer until the timeout.
TEST(Server, ChunkFramingIsBounded) {
  std::atomic<int> dispatched{0};
  Harness h({}, [&](Request& req) {
    ++dispatched;
    return echo(req);
  });
  const std::string head = "POST /c HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n";
  std::vector<std::string> attacks = {
      head + "2;" + std::string(64 * 1024, 'e'),                // an extension that never ends
      head + "0\r\nX-Trailer: " + std::string(64 * 1024, 't'),  // a trailer that never ends
      head + "0\r\n" +
          [] {  // many short trailer fields
            std::string t;
            for (int i = 0; i < 2000; ++i) t += "T" + std::to_string(i) + ": v\r\n";
            return t;
          }(),
      head +
          [] {  // extensions over many chunks
            std::string body;
            for (int i = 0; i < 100; ++i) body += "1;" + std::string(100, 'x') + "\r\na\r\n";
            return body;
          }(),
  };
  for (const auto& a : attacks) {
    TestClient c(h.port());
    c.send(a);
    auto r = c.read_response();
    ASSERT_TRUE(r) << a.substr(0, 80);
    EXPECT_EQ(r->status, 400) << a.substr(0, 80);
    EXPECT_TRUE(c.closed_by_peer());
  }
  EXPECT_EQ(dispatched.load(), 0);
}

// Trailer fields are read and dropped: they cannot add a header that the
// head did not have.
TEST(Server, TrailerFieldsDoNotBecomeHeaders) {
  std::atomic<bool> saw_trailer{false};
  Harness h({}, [&](Request& req) {
    if (!req.header("Authorization").empty()) saw_trailer = true;
    return echo(req);
  });
  TestClient c(h.port());
  c.send(
      "POST /c HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n2;name=v\r\nab\r\n0\r\n"
      "Authorization: Bearer smuggled\r\n\r\n");
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_TRUE(r->body.ends_with(" body=ab")) << r->body;
  EXPECT_FALSE(saw_trailer.load());
}

}  // namespace
}  // namespace rp::http

namespace rp::http {
namespace {

// The server's refusal of a client it will not serve: the renderer's 503
// with Retry-After, then the connection closed.
::testing::AssertionResult refused_with_503(TestClient& c) {
  auto r = c.read_response();
  if (!r) return ::testing::AssertionFailure() << "no response";
  if (r->status != 503) return ::testing::AssertionFailure() << "status " << r->status;
  if (r->header("Retry-After") != "1")
    return ::testing::AssertionFailure() << "Retry-After " << r->header("Retry-After");
  if (r->header("X-Rendered") != "1") return ::testing::AssertionFailure() << "not rendered by the error renderer";
  if (!c.closed_by_peer()) return ::testing::AssertionFailure() << "the connection stayed open";
  return ::testing::AssertionSuccess();
}

// [http] max_connections: a connection beyond the limit is answered 503 with
// Retry-After and closed before anything of it is read; once one closes, a
// new connection is served again.
TEST(Server, ConnectionsBeyondTheLimitAre503AndClosed) {
  ServerOptions options;
  options.max_connections = 2;
  Harness h(options, echo);
  TestClient a(h.port()), b(h.port());
  a.send(get("/a"));
  ASSERT_TRUE(a.read_response());
  b.send(get("/b"));
  ASSERT_TRUE(b.read_response());
  {
    TestClient c(h.port());
    EXPECT_TRUE(refused_with_503(c));
  }
  a.send(get("/bye", "Connection: close\r\n"));
  ASSERT_TRUE(a.read_response());
  EXPECT_TRUE(a.closed_by_peer());
  std::optional<testing::WireResponse> served;
  wait_until([&] {
    TestClient d(h.port());
    d.send(get("/d"));
    served = d.read_response();
    return served && served->status == 200;
  });
  ASSERT_TRUE(served);
  EXPECT_EQ(served->status, 200);
}

}  // namespace
}  // namespace rp::http

namespace rp::http {
namespace {

// The HeadCheck runs once the head is parsed: a refusal is answered before
// any of the body is read and before 100 Continue, and the connection is
// closed after; requests it lets through are read and dispatched as usual.
TEST(Server, HeadCheckRefusesBeforeTheBodyIsRead) {
  std::atomic<int> dispatched{0};
  Harness h(
      {},
      [&](Request& req) {
        ++dispatched;
        return echo(req);
      },
      [](const Request& head) -> std::optional<Response> {
        if (head.header("Authorization") == "let-me-in" && head.path == "/up load") return std::nullopt;
        return Response::json(401, R"({"refused":true})");
      });
  {
    TestClient c(h.port());
    c.send("POST /upload HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 1000000\r\n\r\n");
    auto r = c.read_response();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 401) << "no 100 Continue before the check";
    EXPECT_EQ(r->body, R"({"refused":true})");
    EXPECT_TRUE(c.closed_by_peer());
  }
  {
    TestClient c(h.port());
    c.send("POST /up+load HTTP/1.1\r\nHost: t\r\nAuthorization: let-me-in\r\nContent-Length: 4\r\n\r\n");
    auto r = c.read_response();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 401) << "'+' is not a space in the path";
    TestClient ok(h.port());
    ok.send(
        "POST /up%20load HTTP/1.1\r\nHost: t\r\nAuthorization: let-me-in\r\nExpect: 100-continue\r\n"
        "Content-Length: 4\r\n\r\n");
    auto interim = ok.read_response();
    ASSERT_TRUE(interim);
    EXPECT_EQ(interim->status, 100);
    ok.send("data");
    auto done = ok.read_response();
    ASSERT_TRUE(done);
    EXPECT_TRUE(done->body.ends_with(" body=data")) << done->body;
  }
  EXPECT_EQ(dispatched.load(), 1);
}

// [http] max_buffered_bytes: the request bytes all connections hold
// together are bounded. A request whose read goes beyond the budget is
// answered 503 with Retry-After and closed; the bytes it held are released,
// so the others are served.
TEST(Server, RequestBytesBeyondTheServerBudgetAre503) {
  ServerOptions options;
  options.max_buffered_bytes = 64 * 1024;
  Harness h(options, echo);
  auto post_head = [](std::size_t length) {
    return "POST /upload HTTP/1.1\r\nHost: t\r\nContent-Length: " + std::to_string(length) + "\r\n\r\n";
  };
  TestClient a(h.port());
  a.send(post_head(50'000) + std::string(40'000, 'a'));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // a's bytes are read and held
  TestClient b(h.port());
  b.send(post_head(30'000) + std::string(30'000, 'b'));
  EXPECT_TRUE(refused_with_503(b));
  a.send(std::string(10'000, 'a'));
  auto served = a.read_response();
  ASSERT_TRUE(served);
  EXPECT_EQ(served->status, 200);
  EXPECT_TRUE(served->body.ends_with(" body=" + std::string(50'000, 'a')));
  // Answered requests give their bytes back: the same again fits.
  TestClient c(h.port());
  c.send(post_head(50'000) + std::string(50'000, 'c'));
  auto again = c.read_response();
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 200);
}

}  // namespace
}  // namespace rp::http
