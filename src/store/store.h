#pragma once
// The storage interface. Drivers (store/sqlite, later store/postgres) implement
// it and must pass the conformance suite in tests/store.
//
// Tenancy: all entity access goes through a transaction (store/transaction.h)
// bound to exactly one organization when it is opened. The few
// cross-organization lookups needed before the organization is known (a
// client id at /oauth/token, the token cache warm-up) are explicit methods of
// Store.
//
// Transactions are closures: Store::write runs `fn` inside one transaction and
// commits only if `fn` returns success; an error (or exception) rolls back
// everything `fn` did. No caller writes BEGIN or COMMIT. When write() returns
// success the transaction is durable (it survives kill -9 and power loss).
// Store::read hands its closure a Reader only, so it cannot write.
//
// Errors: as in store/transaction.h; a write closure that calls Store::write
// gets invalid_argument.
//
// Thread safety: a Store is shared by all threads. A transaction belongs to
// the thread that runs the closure and must not escape it. A write closure
// must not call Store::write (invalid_argument: it would wait for itself); a
// read it makes sees the last committed state, not its own uncommitted writes.

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/ids.h"
#include "store/records.h"
#include "store/transaction.h"

namespace rp::store {

using ReadFn = std::function<Result<void>(Reader&)>;
using WriteFn = std::function<Result<void>(ReadWriteTransaction&)>;

class Store {
 public:
  virtual ~Store() = default;

  // Applies pending schema migrations; returns the schema version now in place.
  virtual Result<int> migrate() = 0;

  // Runs `fn` in a read-write transaction scoped to `org`. not_found if the
  // organization does not exist. Durable when it returns success.
  virtual Result<void> write(const OrgId& org, const WriteFn& fn) = 0;
  // Runs `fn` on a consistent read-only snapshot scoped to `org`. not_found
  // if the organization does not exist.
  virtual Result<void> read(const OrgId& org, const ReadFn& fn) = 0;
  // Creates the organization and runs `fn` scoped to it, all in one transaction.
  virtual Result<void> create_organization(const Organization& o, const WriteFn& fn) = 0;

  // Cross-organization lookups used before the organization is known.
  virtual Result<std::vector<Organization>> list_organizations() = 0;
  // The organization that owns OAuth client `client_id`, if any.
  virtual Result<std::optional<OrgId>> find_client_org(std::string_view client_id) = 0;
  // Every token that has not expired at `now`, across organizations.
  virtual Result<std::vector<Token>> live_tokens(Millis now) = 0;
  // Removes tokens that expired before `now`; returns how many.
  virtual Result<std::int64_t> purge_expired_tokens(Millis now) = 0;
  // The organization of the invitation whose token hashes to `token_hash`.
  virtual Result<std::optional<OrgId>> find_invitation_org(std::string_view token_hash) = 0;
  // Pending outbox messages due at `now`, across organizations, oldest due first.
  virtual Result<std::vector<MailMessage>> due_mail(Millis now, std::size_t limit) = 0;
  // The organization whose 24-hex Atlas id is `atlas_id`, if any.
  virtual Result<std::optional<Organization>> find_org_by_atlas_id(std::string_view atlas_id) = 0;
  // The organization and API key whose public key is `public_key`, if any.
  virtual Result<std::optional<std::pair<OrgId, ApiKey>>> find_api_key(std::string_view public_key) = 0;
  // Workiva operations not yet finished and due (next_attempt <= now),
  // across organizations, oldest first.
  virtual Result<std::vector<std::pair<OrgId, Operation>>> pending_operations(std::size_t limit, Millis now) = 0;
};

// Opens the driver named by `url` ("sqlite:PATH" or "sqlite::memory:").
// "sqlite:PATH" creates the missing parent directories of PATH. "sqlite::memory:"
// is a private throw-away database (a temporary file removed on close, not
// fsynced) that behaves like a file one otherwise. Opening does not migrate:
// call migrate(). An unknown scheme is invalid_argument.
// Only the composition root (src/app) and tests call this.
Result<std::unique_ptr<Store>> open_store(std::string_view url);

// Options for open_store beyond the URL.
struct OpenOptions {
  // Memory for the writer's page cache in MiB (0 = the driver's default).
  // Bulk loads set it high so that the indexes they grow stay in memory.
  int writer_cache_mib = 0;
  // When set (it must outlive the store), every wait for a database lock
  // gives up with unavailable, the writer's included: a server ending its
  // shutdown grace sets it so that no request waits on another process's
  // lock. Work already holding its locks is not interrupted.
  const std::atomic<bool>* stop_waiting = nullptr;
};
Result<std::unique_ptr<Store>> open_store(std::string_view url, const OpenOptions& options);

}  // namespace rp::store
