#pragma once
// The one error type of roleplane. Every fallible function returns
// rp::Result<T> (std::expected<T, rp::Error>); exceptions are reserved for
// bugs and start-up failures. Each wire dialect maps Errc to its own status
// code and error body; nothing below the dialects knows about HTTP.

#include <expected>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rp {

enum class Errc {
  invalid_argument,   // the caller sent something wrong; `field` names it when known
  unauthenticated,    // no or bad credentials
  permission_denied,  // authenticated, but lacks a permission
  not_found,          // no such entity in the caller's organization
  conflict,           // duplicate, stale version, or entity in use
  too_many_requests,  // rate limited
  unavailable,        // overloaded or shutting down; retry later
  internal,           // a bug or a storage failure; details are logged, not sent
};

std::string_view to_string(Errc code);

struct Error {
  Errc code = Errc::internal;
  std::string message;  // safe to show to the caller
  std::string field;    // the offending input field, for invalid_argument
  // A dialect-neutral reason, one of core/reasons.h; dialects may translate
  // it into their own error codes. Empty when the Errc says it all.
  std::string reason;
  std::vector<std::pair<std::string, std::string>> params;  // message parameters

  Error with_field(std::string f) && {
    field = std::move(f);
    return std::move(*this);
  }
  Error with_reason(std::string_view r) && {
    reason = r;
    return std::move(*this);
  }
  Error with_param(std::string k, std::string v) && {
    params.emplace_back(std::move(k), std::move(v));
    return std::move(*this);
  }
};

template <class T = void>
using Result = std::expected<T, Error>;

inline std::unexpected<Error> fail(Errc code, std::string message) {
  return std::unexpected(Error{code, std::move(message), {}, {}, {}});
}
inline std::unexpected<Error> fail(Error e) { return std::unexpected(std::move(e)); }

inline Error make_error(Errc code, std::string message) { return Error{code, std::move(message), {}, {}, {}}; }
inline std::unexpected<Error> invalid(std::string field, std::string message) {
  return std::unexpected(Error{Errc::invalid_argument, std::move(message), std::move(field), {}, {}});
}

}  // namespace rp

// Propagates the error of a Result-returning expression, else yields its value.
#define RP_TRY(expr)                                                                \
  ({                                                                                \
    auto&& rp_try_result_ = (expr);                                                 \
    if (!rp_try_result_) return std::unexpected(std::move(rp_try_result_).error()); \
    std::move(rp_try_result_).value();                                              \
  })

// Like RP_TRY for Result<void>.
#define RP_CHECK(expr)                                                                  \
  do {                                                                                  \
    auto&& rp_check_result_ = (expr);                                                   \
    if (!rp_check_result_) return std::unexpected(std::move(rp_check_result_).error()); \
  } while (0)
