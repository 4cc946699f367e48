#pragma once
// The operations worker: one background thread that runs the Workiva
// long-running operations (service/workiva_ops.h). It scans for unfinished
// operations when it starts (so that operations accepted before a crash are
// finished), when an operation is enqueued, and every few seconds. An
// operation that cannot run (a storage error) is left for its next attempt
// (OperationService backs it off) and the worker goes on with the others.

#include <condition_variable>
#include <mutex>
#include <thread>

#include "service/workiva_ops.h"

namespace rp::app {

class OperationsWorker {
 public:
  explicit OperationsWorker(service::OperationService& ops) : ops_(ops) {}
  ~OperationsWorker();
  OperationsWorker(const OperationsWorker&) = delete;
  OperationsWorker& operator=(const OperationsWorker&) = delete;

  void start();
  // Finishes the operation in hand and joins the thread.
  void stop();
  void wake();

 private:
  void run();
  // Runs a batch; true when there may be more.
  bool pass();

  service::OperationService& ops_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  bool woken_ = false;
  std::thread thread_;
};

}  // namespace rp::app
