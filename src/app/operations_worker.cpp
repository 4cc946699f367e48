#include "app/operations_worker.h"

#include <chrono>

#include <spdlog/spdlog.h>

namespace rp::app {
namespace {

constexpr std::size_t kBatch = 50;
constexpr auto kPoll = std::chrono::seconds(5);

}  // namespace

OperationsWorker::~OperationsWorker() { stop(); }

void OperationsWorker::start() { thread_ = std::thread([this] { run(); }); }

void OperationsWorker::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void OperationsWorker::wake() {
  {
    std::lock_guard lock(mu_);
    woken_ = true;
  }
  cv_.notify_all();
}

void OperationsWorker::run() {
  for (;;) {
    while (pass()) {
    }
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, kPoll, [this] { return stopping_ || woken_; });
    if (stopping_) return;
    woken_ = false;
  }
}

bool OperationsWorker::pass() {
  auto pending = ops_.pending(kBatch);
  if (!pending) {
    spdlog::error("operations: cannot read pending operations: {}", pending.error().message);
    return false;
  }
  for (const auto& [org, op] : *pending) {
    {
      std::lock_guard lock(mu_);
      if (stopping_) return false;
    }
    auto done = ops_.run(org, op.id);
    if (!done) {
      spdlog::error("operations: operation {} could not run: {}", op.id, done.error().message);
      return false;
    }
    spdlog::info("operations: operation {} {}", op.id, done->status);
  }
  return pending->size() == kBatch;
}

}  // namespace rp::app
