#include "app/commands.h"

#include <iostream>

#include <spdlog/spdlog.h>
#include <boost/json.hpp>

#include "service/common/crypto.h"
#include "service/orgs/orgs.h"
#include "store/store.h"

namespace rp::app {
namespace json = boost::json;

std::unique_ptr<store::Store> open_migrated_store(const Config& config, const store::OpenOptions& options) {
  auto store = store::open_store(config.database, options);
  if (!store) {
    spdlog::error("cannot open database {}: {}", config.database, store.error().message);
    return nullptr;
  }
  auto version = (*store)->migrate();
  if (!version) {
    spdlog::error("cannot migrate database {}: {}", config.database, version.error().message);
    return nullptr;
  }
  return std::move(*store);
}

int run_migrate(const Config& config) {
  auto store = open_migrated_store(config);
  if (!store) return 1;
  std::cout << "database " << config.database << " is up to date\n";
  return 0;
}

namespace {

// What the operator commands need: the migrated store and the organization service over it.
struct OperatorContext {
  std::unique_ptr<store::Store> store;
  authz::Engine engine;
  std::unique_ptr<service::Access> access;
  std::unique_ptr<service::OrgService> orgs;
};

std::unique_ptr<OperatorContext> operator_context(const Config& config) {
  service::init_crypto();
  auto ctx = std::make_unique<OperatorContext>();
  ctx->store = open_migrated_store(config);
  if (!ctx->store) return nullptr;
  ctx->access = std::make_unique<service::Access>(*ctx->store, ctx->engine);
  ctx->orgs = std::make_unique<service::OrgService>(*ctx->store, *ctx->access, config.oauth.token_lifetime_seconds);
  return ctx;
}

}  // namespace

int run_bootstrap(const Config& config, const std::string& org_name) {
  auto ctx = operator_context(config);
  if (!ctx) return 1;
  auto result = ctx->orgs->bootstrap(org_name);
  if (!result) {
    std::cerr << "roleplane: bootstrap failed: " << result.error().message << '\n';
    return 1;
  }
  json::object out{{"organizationId", result->organization_id},    {"clientId", result->client.client_id},
                   {"clientSecret", result->client.client_secret}, {"atlasOrgId", result->atlas_org_id},
                   {"atlasPublicKey", result->atlas_public_key},   {"atlasPrivateKey", result->atlas_private_key}};
  std::cout << json::serialize(out) << std::endl;
  return 0;
}

int run_client_create(const Config& config, const std::string& org_id, const std::string& name,
                      const std::vector<std::string>& roles) {
  auto ctx = operator_context(config);
  if (!ctx) return 1;
  auto result = ctx->orgs->create_client(OrgId(org_id), name, roles);
  if (!result) {
    std::cerr << "roleplane: client create failed: " << result.error().message << '\n';
    return 1;
  }
  json::object out{{"clientId", result->client_id}, {"clientSecret", result->client_secret}};
  std::cout << json::serialize(out) << std::endl;
  return 0;
}

}  // namespace rp::app
