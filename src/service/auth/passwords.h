#pragma once
// The password policy: what a new user password must look like. One policy,
// from configuration ([passwords]), is checked wherever a password is set
// (user creation, an administrator's set, the user's own change, accepting
// an invitation). Passwords are hashed with argon2id (crypto.h) and never
// logged, audited or returned.

#include <cstddef>
#include <string>
#include <string_view>

#include "core/error.h"

namespace rp::service {

struct PasswordPolicy {
  std::size_t min_length = 8;    // in characters (UTF-8 code points)
  std::size_t max_length = 256;  // in characters
  bool require_uppercase = false;
  bool require_lowercase = false;
  bool require_digit = false;
  bool require_symbol = false;  // a character that is neither a letter nor a digit
};

// invalid_argument naming `field` with a message that says which rule failed.
Result<void> check_password(const PasswordPolicy& policy, std::string_view password,
                            std::string_view field = "password");

// The policy in words, for forms ("at least 8 characters, a digit").
std::string describe(const PasswordPolicy& policy);

}  // namespace rp::service
