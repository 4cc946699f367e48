#pragma once
// A token-bucket rate limiter keyed by an arbitrary string (an access token's
// hash, a client id, an address). Each key may make `per_minute` requests in
// a burst and regains them evenly over a minute. per_minute == 0 disables it.

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/error.h"
#include "core/time.h"

namespace rp::service {

class RateLimiter {
 public:
  explicit RateLimiter(std::int64_t per_minute, const Clock& clock = system_clock())
      : per_minute_(per_minute), clock_(clock) {}

  // too_many_requests (with a "retryAfter" parameter in whole seconds) when
  // `key` has no request left.
  Result<void> acquire(std::string_view key);

 private:
  struct Bucket {
    double tokens;
    Millis updated;
  };
  static constexpr std::size_t kShards = 16;
  struct Shard {
    std::mutex mu;
    std::unordered_map<std::string, Bucket> buckets;
  };

  std::int64_t per_minute_;
  const Clock& clock_;
  Shard shards_[kShards];
};

}  // namespace rp::service
