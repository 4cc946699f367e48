#include "service/auth/passwords.h"

#include <cstdint>

namespace rp::service {
namespace {

// Code points of valid UTF-8; invalid sequences count one per byte.
std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

struct Classes {
  bool upper = false, lower = false, digit = false, symbol = false;
};

Classes classify(std::string_view s) {
  Classes k;
  for (unsigned char c : s) {
    if (c >= 'A' && c <= 'Z') k.upper = true;
    else if (c >= 'a' && c <= 'z') k.lower = true;
    else if (c >= '0' && c <= '9') k.digit = true;
    else if (c < 0x80) k.symbol = true;  // ASCII punctuation and space
    // Bytes of non-ASCII characters count as letters of no case.
  }
  return k;
}

}  // namespace

std::string describe(const PasswordPolicy& p) {
  std::string out = "between " + std::to_string(p.min_length) + " and " + std::to_string(p.max_length) + " characters";
  if (p.require_uppercase) out += ", an uppercase letter";
  if (p.require_lowercase) out += ", a lowercase letter";
  if (p.require_digit) out += ", a digit";
  if (p.require_symbol) out += ", a symbol";
  return out;
}

Result<void> check_password(const PasswordPolicy& p, std::string_view password, std::string_view field) {
  std::string f(field);
  std::size_t n = code_points(password);
  if (n < p.min_length || n > p.max_length)
    return invalid(f, "The password must be between " + std::to_string(p.min_length) + " and " +
                          std::to_string(p.max_length) + " characters long");
  for (unsigned char c : password)
    if (c < 0x20 || c == 0x7F) return invalid(f, "The password must not contain control characters");
  Classes k = classify(password);
  if (p.require_uppercase && !k.upper) return invalid(f, "The password must contain an uppercase letter");
  if (p.require_lowercase && !k.lower) return invalid(f, "The password must contain a lowercase letter");
  if (p.require_digit && !k.digit) return invalid(f, "The password must contain a digit");
  if (p.require_symbol && !k.symbol) return invalid(f, "The password must contain a symbol");
  return {};
}

}  // namespace rp::service
