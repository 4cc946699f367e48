#include "service/rate_limiter.h"

#include <cmath>
#include <functional>

namespace rp::service {

Result<void> RateLimiter::acquire(std::string_view key) {
  if (per_minute_ <= 0) return {};
  Shard& shard = shards_[std::hash<std::string_view>{}(key) % kShards];
  Millis now = clock_.now();
  double capacity = static_cast<double>(per_minute_);
  double per_ms = capacity / 60'000.0;

  std::lock_guard lock(shard.mu);
  // Forget buckets that have been full for a while, so the map stays small.
  if (shard.buckets.size() > 100'000) std::erase_if(shard.buckets, [&](auto& kv) {
      return kv.second.tokens + (now - kv.second.updated) * per_ms >= capacity;
    });
  auto [it, added] = shard.buckets.try_emplace(std::string(key), Bucket{capacity, now});
  Bucket& b = it->second;
  if (!added) {
    b.tokens = std::min(capacity, b.tokens + static_cast<double>(now - b.updated) * per_ms);
    b.updated = now;
  }
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    return {};
  }
  auto wait_s = static_cast<std::int64_t>(std::ceil((1.0 - b.tokens) / per_ms / 1000.0));
  if (wait_s < 1) wait_s = 1;
  return fail(make_error(Errc::too_many_requests,
                         "Rate limit exceeded the maximum [" + std::to_string(per_minute_) +
                             "] requests within [60] seconds")
                  .with_reason("too.many.requests")
                  .with_param("retryAfter", std::to_string(wait_s)));
}

}  // namespace rp::service
