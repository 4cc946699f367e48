#pragma once
// Reading the server's SQLite database directly from tests, to check what
// the HTTP answers cannot show (stored hashes, audit rows, outbox messages),
// and changing it behind the server's back (rows written before a crash,
// triggers that make the storage fail).

#include <sqlite3.h>

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace rp::test {

// Rows of a query on the server's database (read-only connection), as text.
inline std::vector<std::vector<std::string>> query(const std::string& db_path, const std::string& sql,
                                                   const std::vector<std::string>& params = {}) {
  sqlite3* db = nullptr;
  std::vector<std::vector<std::string>> rows;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    ADD_FAILURE() << "cannot open " << db_path;
    sqlite3_close(db);
    return rows;
  }
  sqlite3_busy_timeout(db, 5000);
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
    ADD_FAILURE() << sqlite3_errmsg(db) << ": " << sql;
    sqlite3_close(db);
    return rows;
  }
  for (std::size_t i = 0; i < params.size(); ++i)
    sqlite3_bind_text(st, static_cast<int>(i + 1), params[i].c_str(), -1, SQLITE_TRANSIENT);
  while (sqlite3_step(st) == SQLITE_ROW) {
    std::vector<std::string> row;
    for (int c = 0; c < sqlite3_column_count(st); ++c) {
      auto t = sqlite3_column_text(st, c);
      row.emplace_back(t ? reinterpret_cast<const char*>(t) : "");
    }
    rows.push_back(std::move(row));
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return rows;
}

// Runs `sql` (one or more statements) on the database through a connection
// of its own; the error message, "" when it succeeded.
inline std::string execute(const std::string& db_path, const std::string& sql) {
  sqlite3* db = nullptr;
  if (sqlite3_open(db_path.c_str(), &db) != SQLITE_OK) {
    sqlite3_close(db);
    return "cannot open " + db_path;
  }
  sqlite3_busy_timeout(db, 5000);
  char* err = nullptr;
  std::string out;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) out = err ? err : "sqlite error";
  sqlite3_free(err);
  sqlite3_close(db);
  return out;
}

}  // namespace rp::test
