#pragma once
// The operations worker: one background thread that runs the Workiva
// long-running operations (service/workiva_ops.h). It scans for unfinished
// operations when it starts (so that operations accepted before a crash are
// finished), when an operation is enqueued, and every few seconds. An
// operation that cannot run (a storage error) is left for its next attempt
// (OperationService backs it off) and the worker goes on with the others.

#include "app/background_worker.h"
#include "service/operations/workiva_ops.h"

namespace rp::app {

class OperationsWorker {
 public:
  explicit OperationsWorker(service::OperationService& ops);
  OperationsWorker(const OperationsWorker&) = delete;
  OperationsWorker& operator=(const OperationsWorker&) = delete;

  void start() { worker_.start(); }
  // Finishes the operation in hand and joins the thread.
  void stop() { worker_.stop(); }
  void wake() { worker_.wake(); }

 private:
  // Runs a batch; true when there may be more.
  bool pass();

  service::OperationService& ops_;
  BackgroundWorker worker_;  // last: stopped before what its pass uses goes
};

}  // namespace rp::app
