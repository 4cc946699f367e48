// The driver registry: open_store picks the driver named by the URL scheme.
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "store/sqlite/errors.h"
#include "store/sqlite/sqlite_store.h"
#include "store/store.h"

namespace rp::store {
namespace {

constexpr std::string_view kSqlite = "sqlite:";
constexpr std::string_view kMemory = ":memory:";

// "sqlite::memory:" is a private database in a temporary file, removed when
// the store closes. A file rather than SQLite's in-memory database keeps WAL
// (concurrent snapshot reads beside the writer thread) exactly as in
// production; synchronous=OFF makes it as cheap as memory in practice.
Result<std::unique_ptr<Store>> open_temporary() {
  std::error_code ec;
  auto dir = std::filesystem::temp_directory_path(ec);
  if (ec) dir = "/tmp";
  std::string path = (dir / "roleplane-XXXXXX.db").string();
  int fd = ::mkstemps(path.data(), 3);
  if (fd < 0) {
    sqlite::log_failure("create temporary database", path);
    return fail(Errc::internal, "cannot create a temporary database");
  }
  ::close(fd);
  sqlite::StoreOptions options;
  options.path = path;
  options.durable = false;
  options.remove_on_close = true;
  auto store = sqlite::open_sqlite_store(options);
  if (!store) std::filesystem::remove(path, ec);
  return store;
}

Result<std::unique_ptr<Store>> open_file(std::string_view path_text, const OpenOptions& open) {
  if (path_text.empty()) return invalid("url", "the sqlite store URL has no path (expected sqlite:PATH)");
  std::filesystem::path path{std::string(path_text)};
  if (path.has_parent_path()) {
    std::error_code ec;
    std::filesystem::create_directories(path.parent_path(), ec);
    if (ec) {
      sqlite::log_failure("create database directory", path.parent_path().string() + ": " + ec.message());
      return fail(Errc::internal, "cannot create the database directory");
    }
  }
  sqlite::StoreOptions options;
  options.path = path.string();
  options.writer_cache_kib = open.writer_cache_mib * 1024;
  options.stop_waiting = open.stop_waiting;
  return sqlite::open_sqlite_store(options);
}

}  // namespace

Result<std::unique_ptr<Store>> open_store(std::string_view url) { return open_store(url, OpenOptions{}); }

Result<std::unique_ptr<Store>> open_store(std::string_view url, const OpenOptions& open) {
  if (url.starts_with(kSqlite)) {
    std::string_view rest = url.substr(kSqlite.size());
    if (rest == kMemory) return open_temporary();
    return open_file(rest, open);
  }
  if (url.starts_with("postgres:") || url.starts_with("postgresql:"))
    return invalid("url", "the postgres store driver is not supported yet");
  auto colon = url.find(':');
  std::string scheme(colon == std::string_view::npos ? url : url.substr(0, colon));
  return invalid("url", "unknown store URL scheme '" + scheme + "' (expected sqlite:PATH or sqlite::memory:)");
}

}  // namespace rp::store
