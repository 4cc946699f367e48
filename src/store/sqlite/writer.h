#pragma once
// The single writer of a SQLite store, with group commit.
//
// SQLite allows one writer at a time and every durable commit costs an fsync.
// So one thread owns the only read-write connection, and callers hand it
// their work: the thread takes every pending job, opens one BEGIN IMMEDIATE
// transaction, runs each job under its own SAVEPOINT (a job that fails or
// throws is rolled back to its savepoint and gets its own error; the others
// go on), then COMMITs once and wakes every caller with its result. Many
// concurrent writers therefore share one fsync. If the COMMIT fails, every
// job of the batch that had succeeded gets that error.

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "core/error.h"
#include "store/sqlite/connection.h"

namespace rp::store::sqlite {

// One unit of work, run on the writer thread inside the batch transaction.
using WriteJob = std::function<Result<void>(Connection&)>;

class Writer {
 public:
  // `stop_waiting` (may be null; must outlive the writer): when set, a batch
  // waiting for the database lock gives up (its jobs get unavailable).
  explicit Writer(std::unique_ptr<Connection> conn, const std::atomic<bool>* stop_waiting = nullptr);
  // Finishes the jobs already queued, then stops the thread.
  ~Writer();
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  // Runs `job` in the next batch and blocks until that batch has committed
  // (or failed). unavailable once the writer is stopping; invalid_argument if
  // called from inside a job (the writer cannot wait for itself).
  Result<void> submit(const WriteJob& job);

 private:
  struct Pending {
    const WriteJob* job;
    Result<void> result;
    bool done = false;
  };
  void run();
  void run_batch(std::vector<Pending*>& batch);
  Result<void> run_job(const WriteJob& job);

  std::unique_ptr<Connection> conn_;
  const std::atomic<bool>* stop_waiting_;
  std::mutex mu_;
  std::condition_variable work_cv_;  // signalled when a job is queued or on stop
  std::condition_variable done_cv_;  // signalled when a batch has finished
  std::vector<Pending*> queue_;      // guarded by mu_
  bool stopping_ = false;            // guarded by mu_
  std::thread::id thread_id_;
  std::thread thread_;  // last: it starts running in the constructor
};

}  // namespace rp::store::sqlite
