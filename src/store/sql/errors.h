#pragma once
// Translation of native database failures into rp::Error, shared by every SQL
// driver. A driver maps its native codes (SQLite extended result codes,
// PostgreSQL SQLSTATEs) to a Failure with a table of its own; the table here
// decides which Errc, reason and message each Failure becomes, and which
// unique index names which field. Callers never inspect native codes.
//
// Messages are safe to show to a caller: they never contain SQL text or file
// paths. Failures that are not the caller's doing are logged with the native
// message and `what` (the operation that failed).

#include <string_view>

#include "core/error.h"

namespace rp::store::sql {

enum class Failure {
  unique,       // a unique index or key: conflict, reason::duplicate, the field when known
  foreign_key,  // conflict, reason::reference
  check,        // a CHECK or NOT NULL constraint: invalid_argument
  constraint,   // another constraint: conflict, reason::constraint
  deadline,     // stopped at the request deadline: unavailable, reason::deadline
  busy,         // a lock not granted in time: unavailable
  internal,     // anything else: internal, "storage failure"
};

// `driver` prefixes the log line ("sqlite", "postgres"); `native` is the
// driver's message, matched against the unique index names for `unique`.
Error translate(Failure failure, std::string_view driver, std::string_view native, std::string_view what);

// A stored value that cannot be decoded: logged, internal.
Error corrupt(std::string_view what, std::string_view detail);

// Logs an internal failure that has no native code (an exception escaping a
// transaction closure, a failed directory creation, ...).
void log_failure(std::string_view driver, std::string_view what, std::string_view detail);

}  // namespace rp::store::sql
