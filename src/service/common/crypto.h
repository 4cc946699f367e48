#pragma once
// Secrets and passwords (libsodium).
//
// Client secrets and access tokens are 256-bit random values, so a single
// SHA-256 is a sufficient one-way hash for storing them; comparisons are
// constant time. User passwords are low-entropy and use argon2id.

#include <string>
#include <string_view>

#include "core/error.h"

namespace rp::service {

// Must be called once before any other function here (idempotent).
void init_crypto();

std::string new_secret();  // 256 random bits, URL-safe base64
std::string sha256_hex(std::string_view data);
// BASE64URL(SHA-256(data)) without padding: the PKCE S256 transform (RFC 7636).
std::string sha256_base64url(std::string_view data);
bool constant_time_equal(std::string_view a, std::string_view b);

Result<std::string> hash_password(std::string_view password);
bool verify_password(std::string_view password, const std::string& hash);

}  // namespace rp::service
