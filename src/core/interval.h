#pragma once
// ISO-8601 durations and time intervals, as the analytics queries write
// them ("2026-12-01T00:00:00Z/2026-12-02T00:00:00Z", "2026-12-01T00:00Z/P1D",
// granularity "PT15M").
//
// A duration is P[nY][nM][nW][nD][T[nH][nM][n[.f]S]] with at least one
// part: whole numbers of at most 9 digits, seconds with up to millisecond
// fractions (finer digits are cut). It keeps its calendar parts apart
// (months: a year is 12; days: a week is 7), since how long they are
// depends on where they start and, for days, in which time zone; the rest
// is a fixed number of milliseconds. An interval is start/end or
// start/duration, each instant as parse_iso8601 reads it (no zone is UTC),
// and ends after it starts.

#include <cstdint>
#include <optional>
#include <string_view>

#include "core/time.h"

namespace rp {

struct IsoDuration {
  std::int64_t months = 0;
  std::int64_t days = 0;
  Millis fixed = 0;  // hours, minutes, seconds
  bool operator==(const IsoDuration&) const = default;
};

std::optional<IsoDuration> parse_duration(std::string_view s);

// `t` plus `d` in UTC: months by the calendar (the day of the month kept,
// or the month's last when it is shorter), days of 24 hours.
Millis add_duration(Millis t, const IsoDuration& d);

struct Interval {
  Millis start = 0;
  Millis end = 0;
  bool operator==(const Interval&) const = default;
};

std::optional<Interval> parse_interval(std::string_view s);

}  // namespace rp
