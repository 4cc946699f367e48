#pragma once
// SQLite result codes as rp::Error: this file maps each code to a
// sql::Failure (store/sql/errors.h decides what that becomes); callers never
// inspect SQLite codes.

#include <sqlite3.h>

#include <string_view>

#include "core/error.h"

namespace rp::store::sqlite {

// Builds the rp::Error for result code `rc` on connection `db` (which may be
// null when opening failed), logging internal failures with the native
// message and `what` (the operation that failed).
Error translate_error(sqlite3* db, int rc, std::string_view what);

// Logs an internal failure that has no SQLite result code.
void log_failure(std::string_view what, std::string_view detail);

}  // namespace rp::store::sqlite
