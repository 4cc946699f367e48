#include "store/sqlite/writer.h"

#include <exception>
#include <utility>

#include "core/deadline.h"
#include "store/sqlite/errors.h"

namespace rp::store::sqlite {
namespace {

// A batch is bounded so that one huge backlog does not become one huge
// transaction (and one long wait for the first caller).
constexpr std::size_t kMaxBatch = 512;

constexpr char kBegin[] = "BEGIN IMMEDIATE";
constexpr char kCommit[] = "COMMIT";
constexpr char kRollback[] = "ROLLBACK";
constexpr char kSavepoint[] = "SAVEPOINT rp_job";
constexpr char kRelease[] = "RELEASE rp_job";
constexpr char kRollbackTo[] = "ROLLBACK TO rp_job";

Result<void> run_sql(Connection& conn, const char* sql) {
  auto stmt = RP_TRY(conn.prepare(sql));
  return stmt.run();
}

Error lost_transaction() {
  return make_error(Errc::unavailable, "the transaction was rolled back by the database; retry");
}

}  // namespace

Writer::Writer(std::unique_ptr<Connection> conn, const std::atomic<bool>* stop_waiting)
    : conn_(std::move(conn)), stop_waiting_(stop_waiting), thread_([this] { run(); }) {
  // Callers reach submit() only after construction, so this is published to them.
  thread_id_ = thread_.get_id();
}

Writer::~Writer() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  work_cv_.notify_all();
  thread_.join();
}

Result<void> Writer::submit(const WriteJob& job) {
  if (std::this_thread::get_id() == thread_id_)
    return fail(Errc::invalid_argument, "a write transaction cannot be opened inside another one");
  Pending pending{&job, {}, false};
  std::unique_lock lock(mu_);
  if (stopping_) return fail(Errc::unavailable, "the store is closing");
  queue_.push_back(&pending);
  work_cv_.notify_one();
  done_cv_.wait(lock, [&] { return pending.done; });
  return std::move(pending.result);
}

void Writer::run() {
  // No time limit, only stop_waiting_: the connection's busy handler reads it
  // (the writer connection has no progress handler, so no statement of a
  // job is ever interrupted).
  DeadlineScope waits(DeadlineScope::Clock::time_point::max(), stop_waiting_);
  std::vector<Pending*> batch;
  for (;;) {
    {
      std::unique_lock lock(mu_);
      work_cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and nothing left to do
      std::size_t n = std::min(queue_.size(), kMaxBatch);
      batch.assign(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n));
      queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n));
    }
    run_batch(batch);
    {
      std::lock_guard lock(mu_);
      for (Pending* p : batch) p->done = true;
    }
    done_cv_.notify_all();
    batch.clear();
  }
}

Result<void> Writer::run_job(const WriteJob& job) {
  try {
    return job(*conn_);
  } catch (const std::exception& e) {
    log_failure("write transaction threw", e.what());
  } catch (...) {
    log_failure("write transaction threw", "a non-standard exception");
  }
  return fail(Errc::internal, "the transaction failed");
}

void Writer::run_batch(std::vector<Pending*>& batch) {
  std::size_t next = 0;
  while (next < batch.size()) {
    if (auto begin = run_sql(*conn_, kBegin); !begin) {
      for (std::size_t i = next; i < batch.size(); ++i) batch[i]->result = begin;
      return;
    }
    // Jobs that succeeded inside the current transaction; they are durable
    // only once it commits.
    std::vector<Pending*> succeeded;
    bool lost = false;
    for (; next < batch.size() && !lost; ++next) {
      Pending& p = *batch[next];
      if (auto sp = run_sql(*conn_, kSavepoint); !sp) {
        p.result = sp;
      } else {
        Result<void> r = run_job(*p.job);
        if (r) {
          if (auto rel = run_sql(*conn_, kRelease); !rel) r = rel;
        }
        if (!r && conn_->in_transaction()) {
          (void)run_sql(*conn_, kRollbackTo);
          (void)run_sql(*conn_, kRelease);
        }
        p.result = std::move(r);
      }
      if (!conn_->in_transaction()) {
        // Some failures (I/O errors, out of memory) make SQLite roll back
        // the whole transaction: the work of earlier jobs is gone too.
        lost = true;
        if (p.result) p.result = std::unexpected(lost_transaction());
        for (Pending* s : succeeded) s->result = std::unexpected(lost_transaction());
      } else if (p.result) {
        succeeded.push_back(&p);
      }
    }
    if (lost) continue;  // the remaining jobs run in a fresh transaction
    if (auto commit = run_sql(*conn_, kCommit); !commit) {
      if (conn_->in_transaction()) (void)run_sql(*conn_, kRollback);
      for (Pending* s : succeeded) s->result = commit;
    }
  }
}

}  // namespace rp::store::sqlite
