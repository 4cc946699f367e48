#include "api/common/pipeline.h"

#include <spdlog/spdlog.h>

namespace rp::api::common {

http::Response Pipeline::respond(const Error& e, const http::Request& req) const {
  if (e.code == Errc::internal) spdlog::error("{} {} [{}]: {}", req.method, req.path, req.correlation_id, e.message);
  return dialect_.error_body(e, req);
}

Pipeline::Admission Pipeline::admit(const http::Request& req, const authz::Requirement& need) const {
  Admission a;
  auto caller = dialect_.authenticate(req);
  if (!caller) {
    if (caller.error().code == Errc::internal)
      spdlog::error("{} {} [{}]: {}", req.method, req.path, req.correlation_id, caller.error().message);
    a.refusal = dialect_.refused(caller.error(), req);
    return a;
  }
  a.caller = std::move(*caller);
  auto remaining = limiter_.acquire_counted(a.caller.token_hash);
  if (!remaining) {
    a.remaining = 0;
    a.refusal = respond(remaining.error(), req);
  } else {
    a.remaining = *remaining;
    if (auto allowed = access_.authorize(a.caller, need); !allowed) a.refusal = respond(allowed.error(), req);
  }
  if (a.refusal) dialect_.finish(*a.refusal, a.remaining);
  return a;
}

http::Response Pipeline::finish(const http::Request& req, Result<http::Response> result, std::int64_t remaining) const {
  http::Response resp = result ? std::move(*result) : respond(result.error(), req);
  dialect_.finish(resp, remaining);
  return resp;
}

std::optional<http::Response> refuse_head(const Dialect& dialect, const http::Request& head) {
  auto caller = dialect.authenticate(head);
  if (caller) return std::nullopt;
  return dialect.refused(caller.error(), head);
}

std::string base_url(const http::Request& req) {
  std::string_view host = req.header("Host");
  return "http://" + std::string(host.empty() ? "localhost" : host);
}

}  // namespace rp::api::common
