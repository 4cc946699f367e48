#pragma once
// IANA time zones ("Europe/Berlin"), from the system's tzdata, for calendar
// arithmetic: adding an ISO-8601 duration (core/interval.h) to an instant
// as a wall clock in that zone reads it. Months and days move the local
// date (the time of day kept; a day of the month the month lacks becomes
// its last), then the fixed part is added as elapsed time. A local time
// that a DST change skips maps to the instant of the change; one it
// repeats, to the earlier instant.
//
// A TimeZone is a small handle to an immutable zone: copy it freely, use it
// from any thread.

#include <optional>
#include <string_view>

#include "core/interval.h"
#include "core/time.h"

namespace rp {

class TimeZone {
 public:
  // UTC (also what "UTC", "Etc/UTC" and "Z" name).
  TimeZone() = default;
  // nullopt for a name the tzdata does not know.
  static std::optional<TimeZone> named(std::string_view name);

  Millis add(Millis t, const IsoDuration& d) const;
  bool is_utc() const { return zone_ == nullptr; }

 private:
  explicit TimeZone(const void* zone) : zone_(zone) {}
  const void* zone_ = nullptr;  // a date::time_zone; nullptr is UTC
};

}  // namespace rp
