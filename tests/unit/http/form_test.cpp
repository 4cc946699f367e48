#include "http/form.h"

#include <gtest/gtest.h>

namespace rp::http {
namespace {

TEST(FormTest, DecodesPairsInOrderAndFindsRepeats) {
  auto form = parse_form("grant_type=client_credentials&scope=a+b&scope=c%21&flag");
  ASSERT_TRUE(form);
  ASSERT_EQ(form->size(), 4u);
  EXPECT_EQ(form_value(*form, "scope"), "a b");  // the first value
  EXPECT_EQ(form_value(*form, "flag"), "");
  EXPECT_FALSE(form_value(*form, "missing"));
  EXPECT_EQ(repeated_key(*form), "scope");
  EXPECT_FALSE(parse_form("a=%zz"));
  EXPECT_TRUE(parse_form("  ")->empty());
}

TEST(FormTest, BasicCredentialsSplitAtTheFirstColon) {
  // base64("id:se:cret") = aWQ6c2U6Y3JldA==
  auto c = basic_credentials("  Basic aWQ6c2U6Y3JldA==");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->first, "id");
  EXPECT_EQ(c->second, "se:cret");
  EXPECT_TRUE(basic_credentials("basic aWQ6c2U6Y3JldA=="));
  EXPECT_FALSE(basic_credentials("Bearer aWQ6c2U6Y3JldA=="));
  EXPECT_FALSE(basic_credentials("Basic !!!"));
  EXPECT_FALSE(basic_credentials("Basic bm9jb2xvbg=="));  // "nocolon"
  EXPECT_FALSE(basic_credentials("Basic "));
}

}  // namespace
}  // namespace rp::http
