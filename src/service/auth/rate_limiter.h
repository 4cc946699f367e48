#pragma once
// A token-bucket rate limiter keyed by an arbitrary string (an access token's
// hash, a client id, a user, an address). Each key may spend `capacity`
// tokens in a burst and regains them evenly over `period`. capacity == 0
// disables it.
//
// Request limits spend a token on every request (acquire). Limits on
// failures (failed sign-ins) ask first whether a key has a token left
// (check) and spend one only when the attempt fails (spend), so successes
// never count.

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/error.h"
#include "core/time.h"

namespace rp::service {

struct RateLimit {
  std::int64_t capacity = 0;  // tokens in a full bucket; 0 = no limit
  Millis period = 60'000;     // time to refill an empty bucket
};

class RateLimiter {
 public:
  // `per_minute` requests per minute.
  explicit RateLimiter(std::int64_t per_minute, const Clock& clock = system_clock())
      : RateLimiter(RateLimit{per_minute, 60'000}, clock) {}
  RateLimiter(RateLimit limit, const Clock& clock = system_clock()) : limit_(limit), clock_(clock) {}

  // too_many_requests (with a "retryAfter" parameter in whole seconds) when
  // `key` has no token left; otherwise spends one.
  Result<void> acquire(std::string_view key);
  // acquire(), and on success the whole tokens left after spending one
  // (-1 when there is no limit): for RateLimit-Remaining headers.
  Result<std::int64_t> acquire_counted(std::string_view key);
  std::int64_t capacity() const { return limit_.capacity; }
  // The same answer as acquire() without spending a token.
  Result<void> check(std::string_view key);
  // Spends a token of `key` if it has one left.
  void spend(std::string_view key);

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
  // The key's bucket refilled up to now, with its shard locked by `lock`.
  Bucket& bucket(std::string_view key, std::unique_lock<std::mutex>& lock);
  Result<void> take(std::string_view key, bool spend_it);

  RateLimit limit_;
  const Clock& clock_;
  Shard shards_[kShards];
};

}  // namespace rp::service
