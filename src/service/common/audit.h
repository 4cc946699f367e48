#pragma once
// Audit records: every mutation writes one, inside the same transaction, with
// the entity's state before and after as a compact JSON snapshot (secrets and
// password hashes are never included).

#include <cstdint>
#include <string>
#include <string_view>

#include "core/time.h"
#include "service/access/caller.h"
#include "store/records.h"

namespace rp::service {

// Builds one flat JSON object for an audit snapshot.
class Snapshot {
 public:
  Snapshot& add(std::string_view key, std::string_view value);
  Snapshot& add(std::string_view key, const char* value) { return add(key, std::string_view(value)); }
  Snapshot& add(std::string_view key, std::int64_t value);
  Snapshot& add(std::string_view key, bool value);
  // `json` must already be valid JSON (an array or object).
  Snapshot& add_raw(std::string_view key, std::string_view json);
  std::string str() const { return body_ + '}'; }

 private:
  void key(std::string_view k);
  std::string body_ = "{";
};

std::string snapshot(const store::User& u);
std::string snapshot(const store::OAuthClient& c);
std::string snapshot(const store::Organization& o);
std::string snapshot(const store::Division& d);
std::string snapshot(const store::Role& r);
std::string snapshot(const store::Grant& g);

struct AuditEntry {
  std::string_view action;       // e.g. "user.create"
  std::string_view entity_type;  // e.g. "user"
  std::string_view entity_id;
  std::string before;
  std::string after;
};

// The record for `entry` made by `caller` at `now`.
store::AuditRecord audit_record(const Caller& caller, AuditEntry entry, Millis now);
// The record for a change made by the server itself (bootstrap, command line).
store::AuditRecord system_audit_record(AuditEntry entry, Millis now);

}  // namespace rp::service
