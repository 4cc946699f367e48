// roleplane: a multi-tenant authorization and user-directory server.

#include <iostream>

#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "app/commands.h"
#include "app/config.h"

int main(int argc, char** argv) {
  // Standard output carries only the commands' results (the listening line,
  // bootstrap credentials); every log line goes to standard error.
  spdlog::set_default_logger(spdlog::stderr_color_mt("roleplane"));
  CLI::App cli{"roleplane: multi-tenant authorization and user-directory server"};
  cli.require_subcommand(1);
  rp::app::Overrides flags;

  auto add_database = [&](CLI::App* cmd) {
    cmd->add_option_function<std::string>("--database", [&](const std::string& v) { flags.database = v; },
                                          "Database URL (sqlite:PATH); default sqlite:data/roleplane.db");
    cmd->add_option_function<std::string>("--config", [&](const std::string& v) { flags.config_file = v; },
                                          "TOML configuration file");
  };

  auto* serve = cli.add_subcommand("serve", "Run the HTTP server");
  serve->add_option_function<std::string>("--listen", [&](const std::string& v) { flags.listen = v; },
                                          "HOST:PORT to listen on; default 127.0.0.1:8080");
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

  CLI11_PARSE(cli, argc, argv);

  auto config = rp::app::load_config(flags);
  if (!config) {
    std::cerr << "roleplane: " << config.error().message << '\n';
    return 2;
  }
  if (serve->parsed()) return rp::app::run_serve(*config);
  if (migrate->parsed()) return rp::app::run_migrate(*config);
  if (bootstrap->parsed()) return rp::app::run_bootstrap(*config, org_name);
  if (client_create->parsed()) return rp::app::run_client_create(*config, client_org, client_name, client_roles);
  return 2;
}
