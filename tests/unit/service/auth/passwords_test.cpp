#include "service/auth/passwords.h"

#include <gtest/gtest.h>

namespace rp::service {
namespace {

std::string failure(const PasswordPolicy& p, std::string_view pw) {
  auto r = check_password(p, pw);
  return r ? "" : r.error().message;
}

TEST(PasswordPolicyTest, LengthCountsCharactersNotBytes) {
  PasswordPolicy p;
  EXPECT_EQ(failure(p, "12345678"), "");
  EXPECT_NE(failure(p, "1234567"), "");
  // Seven characters, fourteen bytes: still too short.
  EXPECT_NE(failure(p, "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"), "");
  EXPECT_NE(failure(p, std::string(257, 'a')), "");
  EXPECT_EQ(failure(p, std::string(256, 'a')), "");
}

TEST(PasswordPolicyTest, EachRequiredClassIsNamed) {
  PasswordPolicy p{.min_length = 4,
                   .require_uppercase = true,
                   .require_lowercase = true,
                   .require_digit = true,
                   .require_symbol = true};
  EXPECT_NE(failure(p, "abc1!").find("uppercase"), std::string::npos);
  EXPECT_NE(failure(p, "ABC1!").find("lowercase"), std::string::npos);
  EXPECT_NE(failure(p, "Abcd!").find("digit"), std::string::npos);
  EXPECT_NE(failure(p, "Abcd1").find("symbol"), std::string::npos);
  EXPECT_EQ(failure(p, "Abc1 !"), "");
  EXPECT_NE(describe(p).find("a symbol"), std::string::npos);
}

TEST(PasswordPolicyTest, ControlCharactersAreRefusedAndTheFieldIsNamed) {
  auto r = check_password(PasswordPolicy{}, std::string("abcd\nefgh"), "newPassword");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::invalid_argument);
  EXPECT_EQ(r.error().field, "newPassword");
}

}  // namespace
}  // namespace rp::service
