#pragma once
// The MongoDB Atlas Administration API dialect: /api/atlas/v2/...
//
// mount() registers the dialect's routes. Every route is declared once, as a
// row of its area's table (orgs_routes() and the others of endpoint.h), with
// the resource versions it serves and the Atlas organization roles it
// requires. Every route runs through the common pipeline
// (api/common/pipeline.h) with this dialect's part (endpoint.cpp):
// authentication (HTTP Digest with the organization's API keys, or a bearer
// token of a service account from POST /api/oauth/token), the rate limit,
// version negotiation (Accept: application/vnd.atlas.<date>+json), the
// organization and role checks, the answers (envelope, pretty, links) and
// the Atlas error body.

#include <optional>

#include "http/router.h"
#include "service/access/access.h"
#include "service/auth/rate_limiter.h"
#include "service/auth/tokens.h"
#include "service/org_roles/api_keys.h"
#include "service/org_roles/atlas_orgs.h"

namespace rp::api::atlas {

// The services the dialect calls. They outlive the router.
struct Services {
  service::ApiKeyService& keys;
  service::AtlasOrgService& orgs;
  service::RateLimiter& limiter;
  service::TokenService& tokens;
  service::Access& access;
  const Clock& clock = system_clock();  // decides when deprecated operations are gone
};

void mount(http::Router& router, Services& services);

// The server's head check for /api/atlas/: a request with an invalid bearer
// token, or with neither a bearer token nor Digest credentials for its URI,
// is answered 401 (Atlas error body, Digest challenge) before its body is
// read. Digest credentials themselves are verified with the request (a
// nonce count is spent once).
std::optional<http::Response> refuse_head(const http::Request& head, Services& services);

}  // namespace rp::api::atlas
