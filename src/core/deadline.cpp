#include "core/deadline.h"

namespace rp {
namespace {
thread_local const DeadlineScope* current = nullptr;
}  // namespace

DeadlineScope::DeadlineScope(Clock::time_point at, const std::atomic<bool>* cancel) noexcept
    : at_(at), cancel_(cancel), outer_(current) {
  current = this;
}

DeadlineScope::~DeadlineScope() { current = outer_; }

bool deadline_passed() noexcept {
  const DeadlineScope* s = current;
  if (!s) return false;
  if (s->cancel_ && s->cancel_->load(std::memory_order_relaxed)) return true;
  return s->at_ != DeadlineScope::Clock::time_point::max() && DeadlineScope::Clock::now() >= s->at_;
}

}  // namespace rp
