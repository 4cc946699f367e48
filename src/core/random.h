#pragma once
// Cryptographically strong randomness from the kernel (getrandom(2)).

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace rp {

void random_fill(std::span<std::uint8_t> out);
// `bytes` random bytes encoded as URL-safe base64 without padding.
std::string random_token(std::size_t bytes);
std::string to_hex(std::span<const std::uint8_t> bytes);

}  // namespace rp
