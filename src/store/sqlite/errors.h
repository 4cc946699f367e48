#pragma once
// Translation of SQLite result codes into rp::Error. Only this file decides
// which native failure becomes which Errc; callers never inspect SQLite codes.

#include <sqlite3.h>

#include <string_view>

#include "core/error.h"

namespace rp::store::sqlite {

// Builds the rp::Error for result code `rc` on connection `db` (which may be
// null when opening failed). The message is safe to show to a caller: it never
// contains SQL text or file paths. Internal failures are logged with the
// native message and `what` (the operation that failed).
Error translate_error(sqlite3* db, int rc, std::string_view what);

// Logs an internal failure that has no SQLite result code (an exception
// escaping a transaction closure, a failed directory creation, ...).
void log_failure(std::string_view what, std::string_view detail);

}  // namespace rp::store::sqlite
