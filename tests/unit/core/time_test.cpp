#include "core/time.h"

#include <gtest/gtest.h>

namespace rp {
namespace {

TEST(Time, FormatsIso8601WithMillis) {
  EXPECT_EQ(to_iso8601(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(to_iso8601(1706702400123), "2024-01-31T12:00:00.123Z");
}

TEST(Time, FormatsHttpDates) {
  EXPECT_EQ(to_http_date(784111777000), "Sun, 06 Nov 1994 08:49:37 GMT");
  EXPECT_EQ(to_http_date(*parse_iso8601("2027-07-01")), "Thu, 01 Jul 2027 00:00:00 GMT");
  EXPECT_EQ(to_http_date(1706702400999), "Wed, 31 Jan 2024 12:00:00 GMT");
  EXPECT_EQ(to_http_date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
}

TEST(Time, ParsesWhatItFormats) {
  for (Millis t : {Millis{0}, Millis{951782400000}, Millis{1706702400123}, Millis{4102444799999}})
    EXPECT_EQ(parse_iso8601(to_iso8601(t)), t);
}

TEST(Time, ParsesOffsetsAndDates) {
  EXPECT_EQ(parse_iso8601("2024-01-31T14:00:00.123+02:00"), 1706702400123);
  EXPECT_EQ(parse_iso8601("2024-01-31"), 1706659200000);
  EXPECT_EQ(parse_iso8601("2024-01-31T12:00Z"), 1706702400000);
}

TEST(Time, RejectsMalformed) {
  EXPECT_FALSE(parse_iso8601(""));
  EXPECT_FALSE(parse_iso8601("2024-13-01"));
  EXPECT_FALSE(parse_iso8601("2024-02-30"));
  EXPECT_FALSE(parse_iso8601("2024-01-31T25:00:00Z"));
  EXPECT_FALSE(parse_iso8601("2024-01-31T12:00:00Zjunk"));
}

TEST(Time, SystemClockIsNow) {
  Millis now = system_clock().now();
  EXPECT_GT(now, 1'700'000'000'000);
}

}  // namespace
}  // namespace rp
