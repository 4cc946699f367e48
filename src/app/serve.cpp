// `roleplane serve`: wires the store, the services, the dialects and the HTTP
// server together, then runs until SIGTERM or SIGINT.

#include <iostream>
#include <thread>

#include <spdlog/spdlog.h>

#include "api/atlas/api.h"
#include "api/genesys/api.h"
#include "api/genesys/errors.h"
#include "api/workiva/api.h"
#include "app/commands.h"
#include "app/mail_sender.h"
#include "app/operations_worker.h"
#include "http/router.h"
#include "http/server.h"
#include "service/common/crypto.h"
#include "store/store.h"

namespace rp::app {

int run_serve(const Config& config) {
  service::init_crypto();
  // Set when the shutdown grace ends: running requests stop (their deadline
  // scopes end) and no store work waits any longer for a database lock that
  // another process holds.
  std::atomic<bool> cancel{false};
  auto store = open_migrated_store(config, {.stop_waiting = &cancel});
  if (!store) return 1;

  authz::Engine engine;
  service::Access access(*store, engine);
  service::TokenService tokens(*store, access, system_clock(),
                               {.per_client = {config.limits.tokens_per_minute_per_client, 60'000},
                                .failures_per_address = {config.limits.token_failures_per_minute_per_address, 60'000}});
  service::UserService users(*store, access, system_clock(), config.passwords, &tokens);
  service::DivisionService divisions(*store, access);
  service::GrantService grants(*store, access);
  service::RoleService roles(*store, access);
  service::OAuthClientService clients(*store, access, tokens);
  service::RateLimiter limiter(config.limits.requests_per_minute);
  service::SignInService sign_in(*store, tokens, config.sign_in);
  service::PasswordService passwords(*store, access, tokens, sign_in, users);
  service::UserExtrasService extras(*store, access);
  service::GroupService groups(*store, access, &tokens);
  service::RoutingSkillService skills(*store, access);
  service::QueueService queues(*store, access);
  service::UserContactService contact(*store, access);
  service::StationService stations(*store, access);
  service::analytics::ObservationService observations(*store, access);
  service::PresenceService presence(*store, access);
  service::TrustService trusts(*store, access, &tokens,
                               {.customer_care_org = config.trust.customer_care_org,
                                .pairing_lifetime_seconds = config.trust.pairing_lifetime_seconds});
  if (!config.trust.customer_care_org.empty()) {
    auto known = store->read(OrgId(config.trust.customer_care_org), [](store::Reader&) -> Result<void> { return {}; });
    if (!known) {
      spdlog::error("trust.customer_care_org: {} is not an organization of this database",
                    config.trust.customer_care_org);
      return 1;
    }
  }
  service::InvitationService invitations(
      *store, access, {.public_url = config.server.public_url, .lifetime_seconds = config.invitations.lifetime_seconds},
      config.passwords);
  MailSender mail_sender(invitations, config.mail);
  invitations.on_mail_queued([&mail_sender] { mail_sender.wake(); });
  if (auto flagged = roles.flag_changed_definitions(); !flagged) {
    spdlog::error("cannot compare roles with their default definitions: {}", flagged.error().message);
    return 1;
  } else if (*flagged > 0) {
    spdlog::info("{} role(s) whose default definition changed now report roleNeedsUpdate", *flagged);
  }
  if (auto warm = tokens.warm(); !warm) {
    spdlog::error("cannot load access tokens: {}", warm.error().message);
    return 1;
  }

  http::Router router;
  api::genesys::Services genesys{
      .tokens = tokens,
      .users = users,
      .divisions = divisions,
      .grants = grants,
      .roles = roles,
      .clients = clients,
      .access = access,
      .limiter = limiter,
      .sign_in = sign_in,
      .passwords = passwords,
      .extras = extras,
      .invitations = invitations,
      .groups = groups,
      .trusts = trusts,
      .skills = skills,
      .queues = queues,
      .contact = contact,
      .stations = stations,
      .observations = observations,
      .presence = presence,
  };
  api::genesys::mount(router, genesys);
  service::ApiKeyService api_keys(*store, access);
  service::AtlasOrgService atlas_orgs(*store, access);
  api::atlas::Services atlas{
      .keys = api_keys, .orgs = atlas_orgs, .limiter = limiter, .tokens = tokens, .access = access};
  api::atlas::mount(router, atlas);
  service::OperationService operations(*store, access);
  OperationsWorker operations_worker(operations);
  operations.on_enqueue([&operations_worker] { operations_worker.wake(); });
  service::WorkivaOrgService workiva_orgs(*store);
  api::workiva::Services workiva{
      .tokens = tokens, .access = access, .operations = operations, .orgs = workiva_orgs, .limiter = limiter};
  api::workiva::mount(router, workiva);

  auto dispatch = [&router](http::Request& req) -> http::Response {
    auto match = router.match(req);
    switch (match.outcome) {
      case http::Router::Outcome::found: return (*match.handler)(req);
      case http::Router::Outcome::method_not_allowed: return api::genesys::method_not_allowed(req, match.allowed);
      case http::Router::Outcome::not_found: break;
    }
    return api::genesys::not_found(req);
  };
  auto render_error = [](int status, std::string_view message, const http::Request& req) {
    return api::genesys::status_response(status, message, req);
  };

  http::ServerOptions options;
  options.host = config.host;
  options.port = config.port;
  options.io_threads = static_cast<unsigned>(config.http.io_threads);
  options.worker_threads = static_cast<unsigned>(config.http.worker_threads);
  options.worker_queue = static_cast<std::size_t>(config.http.worker_queue);
  options.body_limit = static_cast<std::size_t>(config.http.body_limit);
  options.max_connections = static_cast<std::size_t>(config.http.max_connections);
  options.max_buffered_bytes = static_cast<std::size_t>(config.http.max_buffered_bytes);
  options.request_deadline = std::chrono::milliseconds(config.http.request_deadline_ms);
  options.shutdown_timeout = std::chrono::milliseconds(config.http.shutdown_timeout_ms);
  options.access_log = config.http.access_log;
  options.cancel = &cancel;
  options.correlation_header = std::string(api::genesys::kCorrelationHeader);

  // Each dialect refuses, after the head and before the body, a request to
  // its paths whose credentials are missing or invalid.
  auto head_check = [&](const http::Request& head) -> std::optional<http::Response> {
    if (auto refused = api::genesys::refuse_head(head, genesys)) return refused;
    if (auto refused = api::atlas::refuse_head(head, atlas)) return refused;
    return api::workiva::refuse_head(head, workiva);
  };
  http::Server server(options, dispatch, render_error, head_check);
  try {
    server.start();
  } catch (const std::exception& e) {
    spdlog::error("cannot listen on {}:{}: {}", config.host, config.port, e.what());
    return 1;
  }
  if (config.server.public_url.empty()) {
    bool v6 = config.host.find(':') != std::string::npos;
    invitations.set_public_url("http://" + (v6 ? "[" + config.host + "]" : config.host) + ":" +
                               std::to_string(server.port()));
  }
  mail_sender.start();
  operations_worker.start();
  std::cout << "roleplane listening on http://" << config.host << ':' << server.port() << std::endl;
  spdlog::info("roleplane serving {} on {}:{}", config.database, config.host, server.port());
  server.run(true);
  mail_sender.stop();
  operations_worker.stop();
  spdlog::info("roleplane stopped");
  return 0;
}

}  // namespace rp::app
