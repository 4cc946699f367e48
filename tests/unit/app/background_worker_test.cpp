#include "app/background_worker.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <thread>

namespace rp::app {
namespace {

using namespace std::chrono_literals;

bool eventually(const std::function<bool()>& done) {
  for (int i = 0; i < 500; ++i) {
    if (done()) return true;
    std::this_thread::sleep_for(10ms);
  }
  return done();
}

// A pass runs at start, again at once while it says there is more, then on
// each wake-up; the poll interval (an hour here) is not waited for.
TEST(BackgroundWorker, RunsAtStartWhileThereIsMoreAndWhenWoken) {
  std::atomic<int> passes{0};
  std::atomic<int> more{3};
  BackgroundWorker worker(1h, [&] {
    ++passes;
    return more.fetch_sub(1) > 1;
  });
  worker.start();
  ASSERT_TRUE(eventually([&] { return passes == 3; }));
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(passes, 3) << "no more work: it waits";
  worker.wake();
  EXPECT_TRUE(eventually([&] { return passes == 4; }));
  worker.stop();
}

// Without a wake-up, a pass runs every poll interval.
TEST(BackgroundWorker, PollsWithoutWakeUps) {
  std::atomic<int> passes{0};
  BackgroundWorker worker(20ms, [&] {
    ++passes;
    return false;
  });
  worker.start();
  EXPECT_TRUE(eventually([&] { return passes >= 3; }));
}

// stop() is seen by the pass in hand, which ends early, and joins the thread.
TEST(BackgroundWorker, StopEndsThePassInHand) {
  std::atomic<bool> in_pass{false};
  std::atomic<bool> saw_stop{false};
  BackgroundWorker* self = nullptr;
  BackgroundWorker worker(1h, [&] {
    in_pass = true;
    while (!self->stopping()) std::this_thread::sleep_for(1ms);
    saw_stop = true;
    return true;  // "more", but stopping wins
  });
  self = &worker;
  worker.start();
  ASSERT_TRUE(eventually([&] { return in_pass.load(); }));
  worker.stop();
  EXPECT_TRUE(saw_stop);
}

}  // namespace
}  // namespace rp::app
