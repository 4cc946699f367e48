#pragma once
// The SQLite implementation of rp::store::Store.
//
// Writes go through one Writer (a thread owning the only read-write
// connection, with group commit, see writer.h). Reads borrow a connection
// from a small pool of read-only connections and run in a deferred
// transaction, which in WAL mode is a consistent snapshot that never blocks
// and is never blocked by the writer.

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "store/sqlite/connection.h"
#include "store/sqlite/reader_pool.h"
#include "store/sqlite/writer.h"
#include "store/store.h"

namespace rp::store::sqlite {

struct StoreOptions {
  std::string path;
  // false for throw-away databases (synchronous=OFF): no fsync on commit.
  bool durable = true;
  // Delete the database files when the store is closed (for "sqlite::memory:").
  bool remove_on_close = false;
  // Upper bound of pooled read connections; 0 picks one from the core count.
  std::size_t max_readers = 0;
  // Page cache of the read-write connection in KiB; 0 = the default (16 MiB).
  // Bulk loads raise it so that the indexes they grow stay in memory.
  int writer_cache_kib = 0;
  // store::OpenOptions::stop_waiting.
  const std::atomic<bool>* stop_waiting = nullptr;
};

// Opens (creating if needed) the database at options.path. Does not migrate;
// fails if the database was migrated by a newer build.
Result<std::unique_ptr<Store>> open_sqlite_store(const StoreOptions& options);

class SqliteStore final : public Store {
 public:
  SqliteStore(StoreOptions options, std::unique_ptr<Connection> writer_conn, std::size_t readers);
  ~SqliteStore() override;

  Result<int> migrate() override;
  Result<void> write(const OrgId& org, const WriteFn& fn) override;
  Result<void> read(const OrgId& org, const ReadFn& fn) override;
  Result<void> create_organization(const Organization& o, const WriteFn& fn) override;

  Result<std::vector<Organization>> list_organizations() override;
  Result<std::optional<OrgId>> find_client_org(std::string_view client_id) override;
  Result<std::vector<Token>> live_tokens(Millis now) override;
  Result<std::int64_t> purge_expired_tokens(Millis now) override;
  Result<std::optional<OrgId>> find_invitation_org(std::string_view token_hash) override;
  Result<std::vector<MailMessage>> due_mail(Millis now, std::size_t limit) override;
  Result<std::optional<Organization>> find_org_by_atlas_id(std::string_view atlas_id) override;
  Result<std::optional<std::pair<OrgId, ApiKey>>> find_api_key(std::string_view public_key) override;
  Result<std::vector<std::pair<OrgId, Operation>>> pending_operations(std::size_t limit, Millis now) override;

 private:
  StoreOptions options_;
  ReaderPool readers_;
  std::unique_ptr<Writer> writer_;
};

}  // namespace rp::store::sqlite
