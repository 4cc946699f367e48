#pragma once
// Who is making a request: the authenticated subject, resolved from an access
// token. Every service call that reads or changes an organization's data takes
// the Caller, whose org scopes it.

#include <string>

#include "core/ids.h"
#include "store/records.h"

namespace rp::service {

struct Caller {
  OrgId org;
  std::string subject_id;  // the user, or the OAuth client for client-credentials tokens
  store::SubjectType subject_type = store::SubjectType::client;
  std::string client_id;       // the OAuth client the token was issued to
  std::string token_hash;      // identifies the access token (rate limits, revocation)
  std::string correlation_id;  // carried into audit records
  std::string scope;           // the OAuth scopes the token is limited to, space-separated ("" = not limited)
  // Set when the user acts in `org` through a trust: the user's own
  // organization (the token's client is one of its clients). Empty otherwise.
  OrgId home_org{std::string()};
};

}  // namespace rp::service
