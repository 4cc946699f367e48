#pragma once
// The deadline of the work the calling thread is doing, for long operations
// below the dialects (a store query) to stop at.
//
// A DeadlineScope sets the thread's deadline for its lifetime (scopes nest;
// the inner one wins and the outer one is restored). `cancel`, when given,
// ends the work early from another thread: the server sets it to interrupt
// in-flight requests at the end of its shutdown grace period. A thread
// outside every scope has no deadline, so background work (the mail and
// operations workers) is never interrupted by it; the store's writer runs in
// a scope with a cancel flag only (store::OpenOptions::stop_waiting).
//
// Thread safety: the scope is thread-local; `cancel` is read atomically and
// must outlive the scope. deadline_passed() is cheap (one clock read).

#include <atomic>
#include <chrono>

namespace rp {

class DeadlineScope {
 public:
  using Clock = std::chrono::steady_clock;
  // `at` == Clock::time_point::max(): no time limit, only `cancel`.
  DeadlineScope(Clock::time_point at, const std::atomic<bool>* cancel = nullptr) noexcept;
  ~DeadlineScope();
  DeadlineScope(const DeadlineScope&) = delete;
  DeadlineScope& operator=(const DeadlineScope&) = delete;

 private:
  Clock::time_point at_;
  const std::atomic<bool>* cancel_;
  const DeadlineScope* outer_;
  friend bool deadline_passed() noexcept;
};

// True inside a scope whose deadline has passed or whose cancel flag is set.
bool deadline_passed() noexcept;

}  // namespace rp
