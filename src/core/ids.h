#pragma once
// Strong identifier types. Every store call is scoped by an OrgId, so it is a
// distinct type that cannot be confused with another id by accident.

#include <compare>
#include <string>
#include <string_view>

namespace rp {

struct OrgId {
  std::string value;
  explicit OrgId(std::string v = {}) : value(std::move(v)) {}
  bool empty() const { return value.empty(); }
  auto operator<=>(const OrgId&) const = default;
};

// A new random (version 4) UUID in canonical lower-case form.
std::string new_uuid();
// True if `s` is a canonical 8-4-4-4-12 hex UUID (either case).
bool is_uuid(std::string_view s);

}  // namespace rp
