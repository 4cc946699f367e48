#include "app/background_worker.h"

namespace rp::app {

void BackgroundWorker::start() {
  thread_ = std::thread([this] { run(); });
}

void BackgroundWorker::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void BackgroundWorker::wake() {
  {
    std::lock_guard lock(mu_);
    woken_ = true;
  }
  cv_.notify_all();
}

bool BackgroundWorker::stopping() {
  std::lock_guard lock(mu_);
  return stopping_;
}

void BackgroundWorker::run() {
  for (;;) {
    while (!stopping() && pass_()) {}
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, poll_, [this] { return stopping_ || woken_; });
    if (stopping_) return;
    woken_ = false;
  }
}

}  // namespace rp::app
