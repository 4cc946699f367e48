#include "app/operations_worker.h"

#include <chrono>

#include <spdlog/spdlog.h>

namespace rp::app {
namespace {

constexpr std::size_t kBatch = 50;
constexpr auto kPoll = std::chrono::seconds(5);

}  // namespace

OperationsWorker::OperationsWorker(service::OperationService& ops)
    : ops_(ops), worker_(kPoll, [this] { return pass(); }) {}

bool OperationsWorker::pass() {
  auto pending = ops_.pending(kBatch);
  if (!pending) {
    spdlog::error("operations: cannot read pending operations: {}", pending.error().message);
    return false;
  }
  std::size_t stuck = 0;
  for (const auto& [org, op] : *pending) {
    if (worker_.stopping()) return false;
    auto done = ops_.run(org, op.id);
    if (!done) {
      // The service recorded the attempt: the operation waits for its next
      // one (or has failed) and the others go on.
      spdlog::error("operations: operation {} could not run (attempt {}): {}", op.id, op.attempts + 1,
                    done.error().message);
      ++stuck;
      continue;
    }
    spdlog::info("operations: operation {} {}", op.id, store::to_string(done->status));
  }
  // A batch that all failed is not read again at once (its attempts may not
  // have been recorded either); the next wake-up or poll retries.
  return pending->size() == kBatch && stuck < pending->size();
}

}  // namespace rp::app
