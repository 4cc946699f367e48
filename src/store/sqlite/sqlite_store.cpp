#include "store/sqlite/sqlite_store.h"

#include <algorithm>
#include <exception>
#include <filesystem>
#include <thread>

#include "store/sql/codecs.h"
#include "store/sqlite/errors.h"
#include "store/sqlite/org_tx.h"
#include "store/sqlite/schema/migrations.h"

namespace rp::store::sqlite {
namespace {

constexpr int kWriterCacheKib = 16 * 1024;
constexpr int kReaderCacheKib = 4 * 1024;

constexpr char kBeginRead[] = "BEGIN";
constexpr char kCommit[] = "COMMIT";
constexpr char kRollback[] = "ROLLBACK";
constexpr char kListOrgs[] =
    "SELECT id, name, home_division_id, created, atlas_id FROM organizations ORDER BY created, id";
constexpr char kClientOrg[] = "SELECT org_id FROM oauth_clients WHERE id = ?1";
constexpr char kLiveTokens[] = "SELECT " RP_SQL_TOKEN_COLUMNS
                               " FROM tokens WHERE expires > ?1"
                               " ORDER BY expires, token_hash";
constexpr char kPurgeTokens[] = "DELETE FROM tokens WHERE expires < ?1";

Result<void> run_sql(Connection& conn, const char* sql) {
  auto stmt = RP_TRY(conn.prepare(sql));
  return stmt.run();
}

// Runs a caller's closure, turning an escaping exception into an error.
template <class Fn, class Tx>
Result<void> call(const Fn& fn, Tx& tx, std::string_view what) {
  if (!fn) return {};
  try {
    return fn(tx);
  } catch (const std::exception& e) {
    log_failure(what, e.what());
  } catch (...) {
    log_failure(what, "a non-standard exception");
  }
  return fail(Errc::internal, "the transaction failed");
}

std::size_t default_readers() {
  std::size_t cores = std::max(1u, std::thread::hardware_concurrency());
  return std::clamp<std::size_t>(cores * 2, 4, 32);
}

}  // namespace

// ---- SqliteStore ---------------------------------------------------------------

Result<std::unique_ptr<Store>> open_sqlite_store(const StoreOptions& options) {
  ConnectionOptions w;
  w.path = options.path;
  w.mode = OpenMode::writer;
  w.durable = options.durable;
  w.cache_kib = options.writer_cache_kib > 0 ? options.writer_cache_kib : kWriterCacheKib;
  auto conn = RP_TRY(Connection::open(w));
  RP_CHECK(check_schema_version(*conn));
  std::size_t readers = options.max_readers ? options.max_readers : default_readers();
  return std::unique_ptr<Store>(new SqliteStore(options, std::move(conn), readers));
}

SqliteStore::SqliteStore(StoreOptions options, std::unique_ptr<Connection> writer_conn, std::size_t readers)
    : options_(std::move(options)),
      readers_(ConnectionOptions{options_.path, OpenMode::reader, options_.durable, kReaderCacheKib}, readers),
      writer_(std::make_unique<Writer>(std::move(writer_conn), options_.stop_waiting)) {}

SqliteStore::~SqliteStore() {
  writer_.reset();  // finishes queued writes and closes the read-write connection
  if (options_.remove_on_close) {
    readers_.close_idle();
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) std::filesystem::remove(options_.path + suffix, ec);
  }
}

Result<int> SqliteStore::migrate() {
  // Migrations run on a connection of their own, each in its own transaction;
  // the writer and readers re-prepare their statements when the schema changes.
  ConnectionOptions m;
  m.path = options_.path;
  m.mode = OpenMode::writer;
  m.durable = options_.durable;
  m.cache_kib = 1024;
  auto conn = RP_TRY(Connection::open(m));
  return apply_migrations(*conn);
}

Result<void> SqliteStore::write(const OrgId& org, const WriteFn& fn) {
  WriteJob job = [&](Connection& conn) -> Result<void> {
    RP_CHECK(require_org(conn, org));
    SqliteOrgTx tx(conn, org);
    return call(fn, tx, "write transaction threw");
  };
  return writer_->submit(job);
}

Result<void> SqliteStore::create_organization(const Organization& o, const WriteFn& fn) {
  WriteJob job = [&](Connection& conn) -> Result<void> {
    RP_CHECK(insert_organization(conn, o));
    SqliteOrgTx tx(conn, OrgId(o.id));
    return call(fn, tx, "create_organization transaction threw");
  };
  return writer_->submit(job);
}

Result<void> SqliteStore::read(const OrgId& org, const ReadFn& fn) {
  auto lease = RP_TRY(readers_.acquire());
  Connection& conn = *lease->conn;
  // A deferred transaction: the snapshot starts at the first read below and
  // stays the same until the end, whatever the writer commits meanwhile.
  RP_CHECK(run_sql(conn, kBeginRead));
  Result<void> result = [&]() -> Result<void> {
    if (!lease->known_orgs.contains(org.value)) {
      RP_CHECK(require_org(conn, org));
      lease->known_orgs.insert(org.value);
    }
    SqliteOrgTx tx(conn, org);
    return call(fn, static_cast<store::Reader&>(tx), "read transaction threw");
  }();
  if (auto end = run_sql(conn, result ? kCommit : kRollback); !end && result) result = end;
  if (conn.in_transaction()) (void)conn.exec("ROLLBACK");
  return result;
}

Result<std::vector<Organization>> SqliteStore::list_organizations() {
  auto lease = RP_TRY(readers_.acquire());
  auto s = RP_TRY(lease->conn->prepare(kListOrgs));
  std::vector<Organization> out;
  while (RP_TRY(s.step())) out.push_back(Organization{s.text(0), s.text(1), s.text(2), s.int64(3), s.text(4)});
  return out;
}

Result<std::optional<OrgId>> SqliteStore::find_client_org(std::string_view client_id) {
  auto lease = RP_TRY(readers_.acquire());
  auto s = RP_TRY(lease->conn->prepare(kClientOrg));
  s.bind(1, client_id);
  if (!RP_TRY(s.step())) return std::optional<OrgId>{};
  return std::optional<OrgId>(OrgId(s.text(0)));
}

Result<std::vector<Token>> SqliteStore::live_tokens(Millis now) {
  auto lease = RP_TRY(readers_.acquire());
  auto s = RP_TRY(lease->conn->prepare(kLiveTokens));
  s.bind(1, now);
  std::vector<Token> out;
  while (RP_TRY(s.step())) out.push_back(RP_TRY(sql::read_token(s)));
  return out;
}

Result<std::int64_t> SqliteStore::purge_expired_tokens(Millis now) {
  std::int64_t removed = 0;
  WriteJob job = [&](Connection& conn) -> Result<void> {
    auto s = RP_TRY(conn.prepare(kPurgeTokens));
    s.bind(1, now);
    RP_CHECK(s.run());
    removed = conn.changes();
    return {};
  };
  RP_CHECK(writer_->submit(job));
  return removed;
}

Result<std::optional<OrgId>> SqliteStore::find_invitation_org(std::string_view token_hash) {
  auto lease = RP_TRY(readers_.acquire());
  return invitation_org(*lease->conn, token_hash);
}

Result<std::vector<MailMessage>> SqliteStore::due_mail(Millis now, std::size_t limit) {
  auto lease = RP_TRY(readers_.acquire());
  return sqlite::due_mail(*lease->conn, now, limit);
}

Result<std::optional<Organization>> SqliteStore::find_org_by_atlas_id(std::string_view atlas_id) {
  auto lease = RP_TRY(readers_.acquire());
  return org_by_atlas_id(*lease->conn, atlas_id);
}

Result<std::optional<std::pair<OrgId, ApiKey>>> SqliteStore::find_api_key(std::string_view public_key) {
  auto lease = RP_TRY(readers_.acquire());
  return api_key_by_public_key(*lease->conn, public_key);
}

Result<std::vector<std::pair<OrgId, Operation>>> SqliteStore::pending_operations(std::size_t limit, Millis now) {
  auto lease = RP_TRY(readers_.acquire());
  return sqlite::pending_operations(*lease->conn, limit, now);
}

}  // namespace rp::store::sqlite
