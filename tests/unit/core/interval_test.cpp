// ISO-8601 durations and intervals: what the analytics queries may write and
// what is refused, table by table.
#include "core/interval.h"

#include <gtest/gtest.h>

#include <string>

namespace rp {
namespace {

constexpr Millis kSecond = 1000, kMinute = 60 * kSecond, kHour = 60 * kMinute, kDay = 24 * kHour;

Millis at(std::string_view iso) { return *parse_iso8601(iso); }

struct DurationCase {
  std::string text;
  IsoDuration expected;
};

TEST(Duration, ParsesEachDesignatorKeepingCalendarPartsApart) {
  const DurationCase cases[] = {
      {"PT1S", {0, 0, kSecond}},
      {"PT0.5S", {0, 0, 500}},
      {"PT1.2349S", {0, 0, 1234}},
      {"PT15M", {0, 0, 15 * kMinute}},
      {"PT1H30M", {0, 0, 90 * kMinute}},
      {"P1D", {0, 1, 0}},
      {"P1W", {0, 7, 0}},
      {"P2W3D", {0, 17, 0}},
      {"P1M", {1, 0, 0}},
      {"P1Y", {12, 0, 0}},
      {"P1Y2M3DT4H5M6S", {14, 3, 4 * kHour + 5 * kMinute + 6 * kSecond}},
      {"p1dt1h", {0, 1, kHour}},
      {"PT0S", {0, 0, 0}},
  };
  for (const auto& c : cases) {
    auto d = parse_duration(c.text);
    ASSERT_TRUE(d) << c.text;
    EXPECT_EQ(*d, c.expected) << c.text;
  }
}

TEST(Duration, RefusesWhatIsNotOne) {
  for (const char* bad :
       {"",      "P",     "PT",   "1D",   "P1",    "PD",     "P1H",          "PT1D",    "P1DT", "P1M1Y", "PT1S1M",
        "P1.5D", "PT1.S", "P-1D", "P1DD", "P1D1D", "PT1H1H", "P1234567890D", "P1DxT1H", "P 1D", "PT1S "})
    EXPECT_FALSE(parse_duration(bad)) << bad;
}

TEST(Duration, AddsMonthsByTheCalendarAndDaysOf24Hours) {
  struct Case {
    const char* from;
    const char* duration;
    const char* to;
  };
  const Case cases[] = {
      {"2026-01-31T10:00:00Z", "P1M", "2026-02-28T10:00:00Z"},
      {"2024-01-31T10:00:00Z", "P1M", "2024-02-29T10:00:00Z"},
      {"2026-12-15T00:00:00Z", "P1M", "2027-01-15T00:00:00Z"},
      {"2026-03-01T00:00:00Z", "P1Y", "2027-03-01T00:00:00Z"},
      {"2026-03-28T12:00:00Z", "P2D", "2026-03-30T12:00:00Z"},
      {"2026-03-28T12:00:00Z", "PT36H", "2026-03-30T00:00:00Z"},
      {"2026-01-31T00:00:00Z", "P1M1D", "2026-03-01T00:00:00Z"},
  };
  for (const auto& c : cases)
    EXPECT_EQ(to_iso8601(add_duration(at(c.from), *parse_duration(c.duration))), to_iso8601(at(c.to)))
        << c.from << " + " << c.duration;
}

TEST(Interval, ReadsStartEndAndStartDuration) {
  struct Case {
    const char* text;
    const char* start;
    const char* end;
  };
  const Case cases[] = {
      {"2026-12-01T00:00:00Z/2026-12-02T00:00:00Z", "2026-12-01T00:00:00Z", "2026-12-02T00:00:00Z"},
      {"2026-12-01T00:00:00.250Z/2026-12-01T00:00:01Z", "2026-12-01T00:00:00.250Z", "2026-12-01T00:00:01Z"},
      {"2026-12-01T00:00:00/2026-12-01T01:00:00", "2026-12-01T00:00:00Z", "2026-12-01T01:00:00Z"},
      {"2026-12-01T01:00:00+01:00/2026-12-01T01:00:00Z", "2026-12-01T00:00:00Z", "2026-12-01T01:00:00Z"},
      {"2026-12-01T00:00:00Z/P1D", "2026-12-01T00:00:00Z", "2026-12-02T00:00:00Z"},
      {"2026-01-31T00:00:00Z/P1M", "2026-01-31T00:00:00Z", "2026-02-28T00:00:00Z"},
      {"2026-12-01T00:00Z/PT90S", "2026-12-01T00:00:00Z", "2026-12-01T00:01:30Z"},
  };
  for (const auto& c : cases) {
    auto i = parse_interval(c.text);
    ASSERT_TRUE(i) << c.text;
    EXPECT_EQ(*i, (Interval{at(c.start), at(c.end)})) << c.text;
  }
}

TEST(Interval, RefusesBareDurationsEmptyAndBackwardIntervals) {
  for (const char* bad : {"", "P1D", "2026-12-01T00:00:00Z", "2026-12-01T00:00:00Z/", "/2026-12-01T00:00:00Z",
                          "2026-12-02T00:00:00Z/2026-12-01T00:00:00Z", "2026-12-01T00:00:00Z/2026-12-01T00:00:00Z",
                          "2026-12-01T00:00:00Z/PT0S", "2026-12-01T00:00:00Z/P1D/P1D", "2026-13-01T00:00:00Z/P1D",
                          "2026-12-01T00:00:00Z/P1X", "yesterday/today", "P1D/2026-12-01T00:00:00Z"})
    EXPECT_FALSE(parse_interval(bad)) << bad;
}

}  // namespace
}  // namespace rp
