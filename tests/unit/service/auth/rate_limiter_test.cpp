#include "service/auth/rate_limiter.h"

#include <gtest/gtest.h>

#include "unit/service/service_fixture.h"

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

TEST(RateLimiter, FailureLimitsCountOnlyWhatIsSpent) {
  ManualClock clock;
  RateLimiter limiter(RateLimit{2, 15 * 60'000}, clock);
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(limiter.check("u")) << "checking spends nothing";
  limiter.spend("u");
  EXPECT_TRUE(limiter.check("u"));
  limiter.spend("u");
  auto refused = limiter.check("u");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, Errc::too_many_requests);
  EXPECT_EQ(refused.error().params[0].second, "450");  // one failure regained every 7.5 minutes
  EXPECT_NE(refused.error().message.find("[900] seconds"), std::string::npos) << refused.error().message;
  limiter.spend("u");  // spending an empty bucket keeps it empty, no debt
  clock.advance(450'000);
  EXPECT_TRUE(limiter.check("u"));
  EXPECT_TRUE(limiter.check("v")) << "keys are independent";
}

}  // namespace
}  // namespace rp::service
