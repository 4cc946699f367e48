// roleplane: a multi-tenant authorization and user-directory server.

#include <iostream>

#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include "app/commands.h"
#include "app/config.h"
#include "app/logging.h"
#include "app/user_import.h"

int main(int argc, char** argv) {
  // Standard output carries only the commands' results (the listening line,
  // bootstrap credentials); every log line goes to standard error.
  rp::app::install_default_logger();
  CLI::App cli{"roleplane: multi-tenant authorization and user-directory server"};
  cli.require_subcommand(1);
  rp::app::Overrides flags;

  auto add_database = [&](CLI::App* cmd) {
    cmd->add_option_function<std::string>(
        "--database", [&](const std::string& v) { flags.database = v; },
        "Database URL (sqlite:PATH); default sqlite:data/roleplane.db");
    cmd->add_option_function<std::string>(
        "--config", [&](const std::string& v) { flags.config_file = v; }, "TOML configuration file");
  };

  auto* serve = cli.add_subcommand("serve", "Run the HTTP server");
  serve->add_option_function<std::string>(
      "--listen", [&](const std::string& v) { flags.listen = v; }, "HOST:PORT to listen on; default 127.0.0.1:8080");
  add_database(serve);

  auto* migrate = cli.add_subcommand("migrate", "Apply database schema migrations");
  add_database(migrate);

  std::string org_name;
  auto* bootstrap = cli.add_subcommand("bootstrap", "Create an organization with an administrator OAuth client");
  bootstrap->add_option("--org", org_name, "Organization name")->required();
  add_database(bootstrap);

  auto* client = cli.add_subcommand("client", "Manage OAuth clients");
  client->require_subcommand(1);
  std::string client_org, client_name;
  std::vector<std::string> client_roles;
  auto* client_create = client->add_subcommand("create", "Create a client-credentials OAuth client");
  client_create->add_option("--org", client_org, "Organization id")->required();
  client_create->add_option("--name", client_name, "Client name")->required();
  client_create->add_option("--role", client_roles, "Role name to grant in all divisions (repeatable)");
  add_database(client_create);

  auto* users = cli.add_subcommand("users", "Bulk user operations");
  users->require_subcommand(1);
  rp::app::ImportOptions import;
  auto* users_import = users->add_subcommand("import", "Load users from an NDJSON or CSV file into an organization");
  users_import->add_option("--org", import.org_id, "Organization id")->required();
  users_import->add_option("--format", import.format, "ndjson or csv; default: csv for *.csv, else ndjson");
  users_import->add_option("--batch", import.batch_size, "Users per transaction (default 100000)")
      ->check(CLI::Range(1, 1000000));
  users_import->add_option("--cache-mib", import.cache_mib, "Writer page cache while loading, MiB (default 1024)")
      ->check(CLI::Range(16, 65536));
  users_import->add_option("FILE", import.file, "The file to import")->required();
  add_database(users_import);
  std::int64_t generate_count = 0;
  std::uint64_t generate_seed = 1;
  std::string generate_domain = "example.com";
  auto* users_generate =
      users->add_subcommand("generate", "Write made-up users as NDJSON (for imports and benchmarks)");
  users_generate->add_option("--count", generate_count, "How many users")->required()->check(CLI::Range(1, 100000000));
  users_generate->add_option("--seed", generate_seed, "Seed (the same seed gives the same users)");
  users_generate->add_option("--domain", generate_domain, "Email domain (default example.com)");

  CLI11_PARSE(cli, argc, argv);
  if (users_generate->parsed()) return rp::app::run_users_generate(generate_count, generate_seed, generate_domain);

  auto config = rp::app::load_config(flags);
  if (!config) {
    std::cerr << "roleplane: " << config.error().message << '\n';
    return 2;
  }
  if (serve->parsed()) return rp::app::run_serve(*config);
  if (migrate->parsed()) return rp::app::run_migrate(*config);
  if (bootstrap->parsed()) return rp::app::run_bootstrap(*config, org_name);
  if (client_create->parsed()) return rp::app::run_client_create(*config, client_org, client_name, client_roles);
  if (users_import->parsed()) return rp::app::run_users_import(*config, import);
  return 2;
}
