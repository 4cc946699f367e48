#include "http/worker_pool.h"

#include <algorithm>

namespace rp::http::detail {

namespace {

std::int64_t steady_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

WorkerPool::WorkerPool(unsigned threads, std::size_t capacity, unsigned active_target)
    : threads_(threads == 0 ? 1 : threads),
      capacity_(capacity),
      active_target_(active_target ? active_target : std::max(1u, std::thread::hardware_concurrency())),
      ring_(capacity_ + threads_),
      started_(threads_, 0) {}

WorkerPool::~WorkerPool() { stop(); }

void WorkerPool::start() {
  std::lock_guard lock(mutex_);
  if (!workers_.empty() || stopping_) return;
  workers_.reserve(threads_);
  for (unsigned i = 0; i < threads_; ++i) workers_.emplace_back([this, i] { work(i); });
  watchdog_thread_ = std::thread([this] { watch(); });
}

void WorkerPool::stop() {
  std::vector<std::thread> workers;
  std::thread watchdog;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    workers.swap(workers_);
    watchdog.swap(watchdog_thread_);
  }
  ready_.notify_all();
  watchdog_.notify_all();
  for (auto& t : workers) t.join();
  if (watchdog.joinable()) watchdog.join();
  // Jobs still queued when no worker ever ran (stop before start) are dropped
  // here, releasing the sessions they reference.
  std::lock_guard lock(mutex_);
  for (auto& job : ring_) job.reset();
  size_ = 0;
}

unsigned WorkerPool::fresh_runners(std::int64_t now) const {
  const std::int64_t fresh = std::chrono::duration_cast<std::chrono::nanoseconds>(kFresh).count();
  unsigned n = 0;
  for (std::int64_t t : started_) n += (t != 0 && now - t < fresh) ? 1 : 0;
  return n;
}

unsigned WorkerPool::owe_wakeups(std::size_t n) {
  unsigned sleeping = idle_ - waking_;
  unsigned k = n < sleeping ? static_cast<unsigned>(n) : sleeping;
  waking_ += k;
  return k;
}

bool WorkerPool::try_submit(std::shared_ptr<Job> job) {
  bool wake_worker = false;
  bool wake_watchdog = false;
  {
    std::lock_guard lock(mutex_);
    // A job handed to an idle worker does not wait, so idle workers extend
    // the queue's capacity.
    if (stopping_ || size_ >= capacity_ + idle_) return false;
    ring_[(head_ + size_) % ring_.size()] = std::move(job);
    ++size_;
    ++submitted_;
    // Workers that will reach the queue without being woken: each notified
    // worker takes a job, and a worker that started its job moments ago is
    // expected back soon. Betting on the latter is only safe while the
    // watchdog ticks; otherwise every job gets a worker of its own.
    unsigned coming = waking_;
    bool may_defer = watchdog_active_;
    if (may_defer) coming += fresh_runners(steady_ns());
    if (size_ > coming && !(may_defer && coming >= active_target_)) wake_worker = owe_wakeups(1) > 0;
    if (watchdog_parked_) {
      // First job after a quiet spell: start ticking again.
      watchdog_parked_ = false;
      wake_watchdog = true;
    }
  }
  if (wake_worker) ready_.notify_one();
  if (wake_watchdog) watchdog_.notify_one();
  return true;
}

void WorkerPool::work(unsigned index) {
  std::unique_lock lock(mutex_);
  for (;;) {
    while (size_ == 0 && !stopping_) {
      ++idle_;
      ready_.wait(lock);
      --idle_;
      if (waking_ > 0) --waking_;
    }
    if (size_ == 0) return;  // stopping and drained
    std::shared_ptr<Job> job = std::move(ring_[head_]);
    head_ = (head_ + 1) % ring_.size();
    --size_;
    ++popped_;
    started_[index] = steady_ns();
    lock.unlock();
    job->run_job();
    job.reset();
    lock.lock();
    started_[index] = 0;
  }
}

void WorkerPool::watch() {
  std::unique_lock lock(mutex_);
  std::uint64_t last_submitted = submitted_;
  std::uint64_t last_popped = popped_;
  unsigned quiet = 0;
  watchdog_active_ = true;
  while (!stopping_) {
    if (quiet >= kQuietTicks) {
      // Nothing submitted for a while: stop ticking and stop deferring.
      watchdog_active_ = false;
      watchdog_parked_ = true;
      watchdog_.wait(lock, [this] { return !watchdog_parked_ || stopping_; });
      watchdog_active_ = true;
      quiet = 0;
      last_submitted = submitted_;
      last_popped = popped_;
      continue;
    }
    watchdog_.wait_for(lock, kTick);
    if (stopping_) break;
    // The head of the queue has not moved for a whole tick: the workers the
    // waiting jobs were deferred to are stuck, so wake one per waiting job.
    unsigned wake = size_ > 0 && popped_ == last_popped ? owe_wakeups(size_) : 0;
    quiet = submitted_ == last_submitted ? quiet + 1 : 0;
    last_submitted = submitted_;
    last_popped = popped_;
    if (wake > 0) {
      lock.unlock();
      for (unsigned i = 0; i < wake; ++i) ready_.notify_one();
      lock.lock();
    }
  }
  watchdog_active_ = false;
}

}  // namespace rp::http::detail
