#pragma once
// The Workiva platform dialect: /prototype/admin/... and /prototype/platform/...
//
// mount() registers the dialect's routes. Each checks the X-Version header
// (absent means 2022-01-01, the only version served), then runs through the
// common pipeline (api/common/pipeline.h), which reads the bearer token
// (TokenService); then the route's OAuth scope is checked. Errors are the
// Workiva error body {code, message, target?, details?}.
//
// Scopes map onto permissions of the caller's roles: organization:write is
// held by a caller with authorization:grant:add (it may grant roles);
// organization:read by one with authorization:role:view.

#include <optional>

#include "http/router.h"
#include "service/access/access.h"
#include "service/auth/rate_limiter.h"
#include "service/auth/tokens.h"
#include "service/operations/workiva_ops.h"
#include "service/org_roles/workiva_orgs.h"

namespace rp::api::workiva {

struct Services {
  service::TokenService& tokens;
  service::Access& access;
  service::OperationService& operations;
  service::WorkivaOrgService& orgs;
  service::RateLimiter& limiter;
};

void mount(http::Router& router, Services& services);

// The server's head check for /prototype/: a request without a valid bearer
// token is answered 401 (Workiva error body) before its body is read.
std::optional<http::Response> refuse_head(const http::Request& head, Services& services);

}  // namespace rp::api::workiva
