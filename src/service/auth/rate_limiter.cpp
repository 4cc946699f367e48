#include "service/auth/rate_limiter.h"
#include "core/reasons.h"

#include <cmath>
#include <functional>

namespace rp::service {
namespace {

// Slack for the rounding of refills (a token regained after exactly its time).
constexpr double kEpsilon = 1e-9;

}  // namespace

RateLimiter::Bucket& RateLimiter::bucket(std::string_view key, std::unique_lock<std::mutex>& lock) {
  Shard& shard = shards_[std::hash<std::string_view>{}(key) % kShards];
  lock = std::unique_lock(shard.mu);
  Millis now = clock_.now();
  double capacity = static_cast<double>(limit_.capacity);
  double period = static_cast<double>(limit_.period);
  auto refill = [&](Millis since) { return static_cast<double>(now - since) * capacity / period; };
  // Forget buckets that have been full for a while, so the map stays small.
  if (shard.buckets.size() > 100'000)
    std::erase_if(shard.buckets, [&](auto& kv) { return kv.second.tokens + refill(kv.second.updated) >= capacity; });
  auto [it, added] = shard.buckets.try_emplace(std::string(key), Bucket{capacity, now});
  Bucket& b = it->second;
  if (!added) {
    b.tokens = std::min(capacity, b.tokens + refill(b.updated));
    b.updated = now;
  }
  return b;
}

Result<void> RateLimiter::take(std::string_view key, bool spend_it) {
  if (limit_.capacity <= 0) return {};
  std::unique_lock<std::mutex> lock;
  Bucket& b = bucket(key, lock);
  if (b.tokens >= 1.0 - kEpsilon) {
    if (spend_it) b.tokens = std::max(0.0, b.tokens - 1.0);
    return {};
  }
  double wait_ms = (1.0 - b.tokens) * static_cast<double>(limit_.period) / static_cast<double>(limit_.capacity);
  auto wait_s = static_cast<std::int64_t>(std::ceil(wait_ms / 1000.0 - kEpsilon));
  if (wait_s < 1) wait_s = 1;
  return fail(make_error(Errc::too_many_requests, "Rate limit exceeded the maximum [" +
                                                      std::to_string(limit_.capacity) + "] requests within [" +
                                                      std::to_string(limit_.period / 1000) + "] seconds")
                  .with_reason(reason::rate_limited)
                  .with_param("retryAfter", std::to_string(wait_s)));
}

Result<void> RateLimiter::acquire(std::string_view key) { return take(key, true); }

Result<std::int64_t> RateLimiter::acquire_counted(std::string_view key) {
  if (limit_.capacity <= 0) return std::int64_t{-1};
  RP_CHECK(take(key, true));
  std::unique_lock<std::mutex> lock;
  return static_cast<std::int64_t>(std::floor(bucket(key, lock).tokens + kEpsilon));
}

Result<void> RateLimiter::check(std::string_view key) { return take(key, false); }

void RateLimiter::spend(std::string_view key) {
  if (limit_.capacity <= 0) return;
  std::unique_lock<std::mutex> lock;
  Bucket& b = bucket(key, lock);
  if (b.tokens >= 1.0 - kEpsilon) b.tokens = std::max(0.0, b.tokens - 1.0);
}

}  // namespace rp::service
