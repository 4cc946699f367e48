#pragma once
// The request pipeline every dialect's authenticated routes run through:
//
//   authenticate (the dialect's credential scheme)
//   -> the per-token rate limit
//   -> the route's permissions, through service::Access
//   -> the route's own admission and handler
//
// Every error is answered in the dialect's error body, and internal errors
// are logged with the request's correlation id. A dialect supplies only a
// Dialect: its credential scheme, its error body, and what it adds to every
// answer given after authentication.
//
// Thread safety: a Pipeline and its Dialect are immutable once made; run()
// is called from any number of worker threads at once.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "authz/engine.h"
#include "core/error.h"
#include "http/message.h"
#include "service/access/access.h"
#include "service/access/caller.h"
#include "service/auth/rate_limiter.h"

namespace rp::api::common {

class Dialect {
 public:
  virtual ~Dialect() = default;
  // The caller of the request's credentials. Reads memory only (tokens,
  // keys), so it also serves as the check of a request head before its body.
  virtual Result<service::Caller> authenticate(const http::Request& req) const = 0;
  // The dialect's answer to `e`.
  virtual http::Response error_body(const Error& e, const http::Request& req) const = 0;
  // The answer to a failed authentication; a dialect may add its challenge.
  virtual http::Response refused(const Error& e, const http::Request& req) const { return error_body(e, req); }
  // Adds what every answer after authentication carries (rate-limit
  // headers). `remaining`: the caller's requests left (-1 = no limit).
  virtual void finish(http::Response& /*resp*/, std::int64_t /*remaining*/) const {}
};

class Pipeline {
 public:
  Pipeline(const Dialect& dialect, service::RateLimiter& limiter, service::Access& access)
      : dialect_(dialect), limiter_(limiter), access_(access) {}

  // Runs the pipeline for `req`, requiring `need` (none: any caller), then
  // `then(caller)` -> Result<http::Response>.
  template <class Then>
  http::Response run(http::Request& req, const authz::Requirement& need, Then&& then) const {
    Admission a = admit(req, need);
    if (a.refusal) return std::move(*a.refusal);
    return finish(req, std::forward<Then>(then)(a.caller), a.remaining);
  }

  // The dialect's answer to `e`, logged first when it is internal.
  http::Response respond(const Error& e, const http::Request& req) const;

 private:
  struct Admission {
    service::Caller caller;
    std::int64_t remaining = -1;
    std::optional<http::Response> refusal;
  };
  Admission admit(const http::Request& req, const authz::Requirement& need) const;
  http::Response finish(const http::Request& req, Result<http::Response> result, std::int64_t remaining) const;

  const Dialect& dialect_;
  service::RateLimiter& limiter_;
  service::Access& access_;
};

// The check of a request head (http::HeadCheck) by the dialect's
// credentials: their refusal, sent before the body is read; nullopt lets the
// request go on.
std::optional<http::Response> refuse_head(const Dialect& dialect, const http::Request& head);

// "http://" + the request's Host ("localhost" without one): the base of the
// absolute URLs a dialect answers.
std::string base_url(const http::Request& req);

}  // namespace rp::api::common
