#pragma once
// Time as milliseconds since the Unix epoch, and the ISO-8601 form the
// dialects use (UTC, milliseconds, trailing Z).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rp {

using Millis = std::int64_t;

// The source of "now". Production uses system_clock(); tests may pass their own.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual Millis now() const = 0;
};
const Clock& system_clock();

std::string to_iso8601(Millis t);                         // 2024-01-31T12:00:00.000Z
std::optional<Millis> parse_iso8601(std::string_view s);  // accepts Z or +hh:mm offsets
std::string to_http_date(Millis t);                       // Sun, 06 Nov 1994 08:49:37 GMT (IMF-fixdate)

}  // namespace rp
