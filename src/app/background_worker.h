#pragma once
// One background thread that runs passes of work: when started, when woken,
// and every `poll` otherwise, until stopped. A pass returns true when there
// may be more to do at once (it runs again before waiting). A pass that
// handles many items asks stopping() between them, so that stop() waits for
// one item at the most. Used by the mail sender and the operations worker.
//
// Thread safety: wake(), stopping() and stop() may be called from any thread;
// start() and stop() by the owner. The destructor stops the thread, so the
// owner declares the worker after everything its pass uses.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace rp::app {

class BackgroundWorker {
 public:
  using Pass = std::function<bool()>;
  BackgroundWorker(std::chrono::milliseconds poll, Pass pass) : poll_(poll), pass_(std::move(pass)) {}
  ~BackgroundWorker() { stop(); }
  BackgroundWorker(const BackgroundWorker&) = delete;
  BackgroundWorker& operator=(const BackgroundWorker&) = delete;

  void start();
  // Lets the pass in hand finish (it sees stopping()) and joins the thread.
  void stop();
  // Runs a pass now (or as soon as the one in hand ends).
  void wake();
  bool stopping();

 private:
  void run();

  std::chrono::milliseconds poll_;
  Pass pass_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;  // guarded by mu_
  bool woken_ = false;     // guarded by mu_
  std::thread thread_;
};

}  // namespace rp::app
