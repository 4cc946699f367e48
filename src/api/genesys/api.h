#pragma once
// The Genesys Cloud Platform API dialect: /oauth/token and /api/v2/...
//
// mount() registers every route of the dialect on a router. Each /api/v2
// route is declared once, as a row of its SDK API class's table
// (<api>_routes.cpp), with the permissions it requires (ANY or ALL, as
// tests/unit/api/genesys/endpoint-permissions.tsv lists them); authentication
// (bearer tokens), rate limiting and that permission check run in the common
// pipeline (api/common/pipeline.h) before the handler.

#include <optional>
#include <string_view>

#include "http/message.h"
#include "http/router.h"
#include "service/access/access.h"
#include "service/analytics/observations.h"
#include "service/auth/rate_limiter.h"
#include "service/auth/sign_in.h"
#include "service/auth/tokens.h"
#include "service/auth/user_passwords.h"
#include "service/divisions/divisions.h"
#include "service/groups/groups.h"
#include "service/invitations/invitations.h"
#include "service/oauth_clients/oauth_clients.h"
#include "service/presence/presence.h"
#include "service/roles/grants.h"
#include "service/roles/roles.h"
#include "service/routing/queues.h"
#include "service/routing/routing_skills.h"
#include "service/telephony/stations.h"
#include "service/trust/trusts.h"
#include "service/users/user_contact.h"
#include "service/users/user_extras.h"
#include "service/users/users.h"

namespace rp::api::genesys {

// The services the dialect calls. They outlive the router.
struct Services {
  service::TokenService& tokens;
  service::UserService& users;
  service::DivisionService& divisions;
  service::GrantService& grants;
  service::RoleService& roles;
  service::OAuthClientService& clients;
  service::Access& access;
  service::RateLimiter& limiter;
  service::SignInService& sign_in;
  service::PasswordService& passwords;
  service::UserExtrasService& extras;
  service::InvitationService& invitations;
  service::GroupService& groups;
  service::TrustService& trusts;
  service::RoutingSkillService& skills;
  service::QueueService& queues;
  service::UserContactService& contact;
  service::StationService& stations;
  service::analytics::ObservationService& observations;
  service::PresenceService& presence;
};

// The header that carries a request's correlation id, echoed on every
// response (the server's ServerOptions::correlation_header) and answered as
// contextId in error bodies.
inline constexpr std::string_view kCorrelationHeader = "ININ-Correlation-Id";

void mount(http::Router& router, Services& services);

// The check of a request head before its body is read (http::HeadCheck):
// every /api/v2 route needs a valid bearer token, so a request without one
// gets its 401 without its body being read or 100 Continue being sent.
// Reads memory only (the token map); nullopt lets the request go on.
std::optional<http::Response> refuse_head(const http::Request& head, Services& services);

// Answers for requests no route matched, in this dialect's error format.
http::Response not_found(const http::Request& req);
http::Response method_not_allowed(const http::Request& req, std::string_view allowed);

}  // namespace rp::api::genesys
