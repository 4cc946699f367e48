#include "service/rate_limiter.h"

#include <gtest/gtest.h>

#include "service_fixture.h"

namespace rp::service {
namespace {

TEST(RateLimiter, AllowsTheBurstThenRefusesWithRetryAfter) {
  ManualClock clock;
  RateLimiter limiter(3, clock);
  EXPECT_TRUE(limiter.acquire("a"));
  EXPECT_TRUE(limiter.acquire("a"));
  EXPECT_TRUE(limiter.acquire("a"));
  auto refused = limiter.acquire("a");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, Errc::too_many_requests);
  ASSERT_FALSE(refused.error().params.empty());
  EXPECT_EQ(refused.error().params[0].first, "retryAfter");
  EXPECT_EQ(refused.error().params[0].second, "20");  // one request regained every 20 s
  EXPECT_TRUE(limiter.acquire("b")) << "keys are independent";
  clock.advance(20'000);
  EXPECT_TRUE(limiter.acquire("a"));
  EXPECT_FALSE(limiter.acquire("a"));
}

TEST(RateLimiter, ZeroDisables) {
  ManualClock clock;
  RateLimiter limiter(0, clock);
  for (int i = 0; i < 10'000; ++i) ASSERT_TRUE(limiter.acquire("a"));
}

}  // namespace
}  // namespace rp::service
