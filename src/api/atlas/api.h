#pragma once
// The MongoDB Atlas Administration API dialect: /api/atlas/v2/...
//
// mount() registers the dialect's routes. Every route is declared once, in
// the mount_<area>() of its file, with the resource versions it serves and
// the Atlas organization roles it requires; one wrapper (endpoint.cpp) runs
// authentication (HTTP Digest with the organization's API keys, or a bearer
// token of a service account from POST /api/oauth/token), the rate limit, version
// negotiation (Accept: application/vnd.atlas.<date>+json), the organization
// and role checks, and renders answers (envelope, pretty, links) and the
// Atlas error body.

#include "http/router.h"
#include "service/api_keys.h"
#include "service/atlas_orgs.h"
#include "service/rate_limiter.h"
#include "service/tokens.h"

namespace rp::api::atlas {

// The services the dialect calls. They outlive the router.
struct Services {
  service::ApiKeyService& keys;
  service::AtlasOrgService& orgs;
  service::RateLimiter& limiter;
  service::TokenService& tokens;
};

void mount(http::Router& router, Services& services);

}  // namespace rp::api::atlas
