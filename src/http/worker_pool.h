#pragma once
// A fixed set of threads draining a bounded FIFO queue. Submitting never
// blocks: when the queue is full, try_submit() returns false and the caller
// answers 503 at once instead of letting latency grow without bound.
//
// Waking a sleeping worker (a futex call and a context switch, often
// preempting an I/O thread) costs more than a typical request. Measured on 2
// cores with wrk, waking a worker for every job that finds none awake made
// the server spend twice the CPU per request of a single-worker pool, which
// instead lets jobs queue behind the busy worker and runs them in a batch.
// So the pool keeps about `active_target` workers (the core count) busy with
// fresh work and lets other jobs wait for them, and wakes more workers only
// when jobs outnumber those on their way to the queue, or when the busy
// workers look blocked: a job running longer than kFresh (say a slow query)
// no longer counts. A watchdog thread checks every kTick whether the head of
// the queue has moved and wakes workers if not, which bounds the extra wait of
// a deferred job to about one tick when a worker blocks just after starting.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace rp::http::detail {

// A unit of work. Sessions derive from it, so submitting a request costs no
// allocation: the queue holds a reference to the session itself.
class Job {
 public:
  virtual void run_job() noexcept = 0;

 protected:
  ~Job() = default;
};

class WorkerPool {
 public:
  // A running job younger than this is expected to finish soon.
  static constexpr std::chrono::microseconds kFresh{200};
  // Watchdog period: about the most a deferred job waits for a blocked worker.
  static constexpr std::chrono::microseconds kTick{500};
  // Ticks without a submission after which the watchdog sleeps untimed.
  static constexpr unsigned kQuietTicks = 40;

  // `capacity` counts jobs waiting for a worker; jobs being run do not count.
  // `active_target` is how many workers may run fresh jobs before the pool
  // prefers queueing to waking another (0 = hardware concurrency).
  WorkerPool(unsigned threads, std::size_t capacity, unsigned active_target = 0);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  void start();
  // Lets the workers finish the queued jobs, then joins them. Idempotent.
  void stop();

  // Queues `job` unless the queue is full or the pool is stopping.
  bool try_submit(std::shared_ptr<Job> job);

  unsigned threads() const { return threads_; }

 private:
  void work(unsigned index);
  void watch();
  unsigned fresh_runners(std::int64_t now) const;
  // Marks up to `n` wake-ups as owed and returns how many; the caller
  // notifies after unlocking.
  unsigned owe_wakeups(std::size_t n);

  const unsigned threads_;
  const std::size_t capacity_;
  const unsigned active_target_;

  std::mutex mutex_;
  std::condition_variable ready_;     // workers wait here
  std::condition_variable watchdog_;  // the watchdog waits here when quiet
  // Ring buffer sized for the worst case (capacity plus one job per idle
  // worker), so it never reallocates.
  std::vector<std::shared_ptr<Job>> ring_;
  std::size_t head_ = 0;
  std::size_t size_ = 0;
  std::uint64_t submitted_ = 0;
  std::uint64_t popped_ = 0;
  unsigned idle_ = 0;    // workers blocked on ready_
  unsigned waking_ = 0;  // of those, notified but not yet back at the queue
  // Start time (steady nanoseconds) of each worker's current job, 0 when idle.
  std::vector<std::int64_t> started_;
  bool watchdog_active_ = false;  // ticking, so deferring a job is safe
  bool watchdog_parked_ = false;  // waiting untimed on watchdog_
  bool stopping_ = false;

  std::vector<std::thread> workers_;
  std::thread watchdog_thread_;
};

}  // namespace rp::http::detail
