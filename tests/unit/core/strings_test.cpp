#include "core/strings.h"

#include <gtest/gtest.h>

namespace rp {
namespace {

TEST(Strings, CaseAndTrim) {
  EXPECT_TRUE(iequals("Content-Type", "content-type"));
  EXPECT_FALSE(iequals("abc", "abcd"));
  EXPECT_EQ(to_lower("AbC"), "abc");
  EXPECT_EQ(trim("  a b \t"), "a b");
  EXPECT_EQ(trim("   "), "");
}

TEST(Strings, SplitAndJoin) {
  auto parts = split("a,,b", ',');
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[0], "a");
  EXPECT_EQ(parts[1], "");
  EXPECT_EQ(parts[2], "b");
  EXPECT_EQ(join({"x", "y", "z"}, ", "), "x, y, z");
}

TEST(Strings, ParseInt) {
  EXPECT_EQ(parse_int("42"), 42);
  EXPECT_EQ(parse_int("-7"), -7);
  EXPECT_FALSE(parse_int(""));
  EXPECT_FALSE(parse_int("12a"));
  EXPECT_FALSE(parse_int(" 1"));
  EXPECT_FALSE(parse_int("99999999999999999999"));
}

TEST(Strings, PercentDecoding) {
  EXPECT_EQ(percent_decode("a%20b+c", false), "a b+c");
  EXPECT_EQ(percent_decode("a%20b+c", true), "a b c");
  EXPECT_EQ(percent_decode("%41%6a", false), "Aj");
  EXPECT_FALSE(percent_decode("%4", false));
  EXPECT_FALSE(percent_decode("%zz", false));
  EXPECT_EQ(percent_encode("a b/c~"), "a%20b%2Fc~");
}

TEST(Strings, Base64) {
  EXPECT_EQ(base64_decode("dXNlcjpwYXNz"), "user:pass");
  EXPECT_EQ(base64_decode("YQ=="), "a");
  EXPECT_EQ(base64_decode("YQ"), "a");
  EXPECT_FALSE(base64_decode("Y"));
  EXPECT_FALSE(base64_decode("a*b="));
}

TEST(Strings, JsonEscape) {
  std::string out;
  append_json_escaped(out, "a\"b\\c\n\x01");
  EXPECT_EQ(out, "a\\\"b\\\\c\\n\\u0001");
}

}  // namespace
}  // namespace rp
