// Calendar arithmetic in IANA zones: days and months move the wall clock,
// so a day across a DST change is 23 or 25 hours long; fixed parts stay
// elapsed time; skipped and repeated local times have one answer.
#include "core/time_zone.h"

#include <gtest/gtest.h>

namespace rp {
namespace {

constexpr Millis kHour = 3600 * 1000;

Millis at(std::string_view iso) { return *parse_iso8601(iso); }

TEST(TimeZoneTest, UnknownNamesAreRefusedUtcIsTheDefault) {
  EXPECT_FALSE(TimeZone::named("Mars/Olympus_Mons"));
  EXPECT_FALSE(TimeZone::named(""));
  ASSERT_TRUE(TimeZone::named("UTC"));
  EXPECT_TRUE(TimeZone::named("UTC")->is_utc());
  EXPECT_TRUE(TimeZone{}.is_utc());
  ASSERT_TRUE(TimeZone::named("Europe/Berlin"));
  EXPECT_FALSE(TimeZone::named("Europe/Berlin")->is_utc());
}

TEST(TimeZoneTest, ADayAcrossDstIsTwentyThreeOrTwentyFiveHours) {
  auto berlin = *TimeZone::named("Europe/Berlin");
  // 2026-03-29: clocks go from 02:00 to 03:00 in Berlin.
  const Millis midnight = at("2026-03-28T23:00:00Z");  // 00:00 local, +01:00
  EXPECT_EQ(berlin.add(midnight, {0, 1, 0}), at("2026-03-29T22:00:00Z"));
  EXPECT_EQ(berlin.add(midnight, {0, 1, 0}) - midnight, 23 * kHour);
  // 2026-10-25: clocks go from 03:00 back to 02:00.
  const Millis october = at("2026-10-24T22:00:00Z");  // 00:00 local, +02:00
  EXPECT_EQ(berlin.add(october, {0, 1, 0}) - october, 25 * kHour);
  // UTC days are 24 hours; fixed parts are elapsed time in any zone.
  EXPECT_EQ(TimeZone{}.add(midnight, {0, 1, 0}) - midnight, 24 * kHour);
  EXPECT_EQ(berlin.add(midnight, {0, 0, 24 * kHour}) - midnight, 24 * kHour);
  // A week is seven local days.
  EXPECT_EQ(berlin.add(at("2026-03-23T23:00:00Z"), {0, 7, 0}), at("2026-03-30T22:00:00Z"));
}

TEST(TimeZoneTest, MonthsKeepTheLocalTimeAndClampTheDay) {
  auto ny = *TimeZone::named("America/New_York");
  // 2027-01-31 09:30 EST → 2027-02-28 09:30 EST.
  EXPECT_EQ(ny.add(at("2027-01-31T14:30:00Z"), {1, 0, 0}), at("2027-02-28T14:30:00Z"));
  // 2026-03-01 00:00 EST → 2026-04-01 00:00 EDT: 31 days less an hour.
  EXPECT_EQ(ny.add(at("2026-03-01T05:00:00Z"), {1, 0, 0}), at("2026-04-01T04:00:00Z"));
  // Twelve months is a year, the local time of day kept.
  EXPECT_EQ(ny.add(at("2026-07-04T16:00:00Z"), {12, 0, 0}), at("2027-07-04T16:00:00Z"));
}

TEST(TimeZoneTest, SkippedTimesMapToTheChangeRepeatedOnesToTheEarlierInstant) {
  auto berlin = *TimeZone::named("Europe/Berlin");
  // 02:30 local on 2026-03-28 plus a day is 02:30 on the 29th, which is
  // skipped: the answer is the change itself, 01:00Z.
  EXPECT_EQ(berlin.add(at("2026-03-28T01:30:00Z"), {0, 1, 0}), at("2026-03-29T01:00:00Z"));
  // 02:30 local on 2026-10-24 plus a day is 02:30 on the 25th, which
  // happens twice: the earlier is 00:30Z (still +02:00).
  EXPECT_EQ(berlin.add(at("2026-10-24T00:30:00Z"), {0, 1, 0}), at("2026-10-25T00:30:00Z"));
}

}  // namespace
}  // namespace rp
