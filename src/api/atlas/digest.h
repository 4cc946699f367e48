#pragma once
// Parsing of `Authorization: Digest ...` (RFC 7616 section 3.4) and the
// challenge of a 401.

#include <optional>
#include <string>
#include <string_view>

#include "service/org_roles/api_keys.h"

namespace rp::api::atlas {

// The credentials of a Digest Authorization header; nullopt when the header
// is not a well-formed Digest one.
std::optional<service::DigestCredentials> parse_digest(std::string_view header);
// The WWW-Authenticate value offering `nonce`.
std::string digest_challenge(std::string_view nonce, bool stale);

}  // namespace rp::api::atlas
