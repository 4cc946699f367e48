#pragma once
// roleplane's configuration: defaults, then a TOML file, then environment
// variables (ROLEPLANE_LISTEN, ROLEPLANE_DATABASE), then command-line flags.
// It is validated once at start-up; an invalid value stops the program with a
// message naming the key.

#include <cstdint>
#include <optional>
#include <string>

#include "core/error.h"
#include "service/auth/passwords.h"
#include "service/auth/sign_in.h"

namespace rp::app {

struct Config {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;
  std::string database = "sqlite:data/roleplane.db";

  struct Http {
    std::int64_t io_threads = 0;      // 0 = number of cores
    std::int64_t worker_threads = 0;  // 0 = 2 x cores
    std::int64_t worker_queue = 1024;
    std::int64_t body_limit = 1 << 20;
    std::int64_t max_connections = 10'000;          // open connections; beyond: 503 and closed
    std::int64_t max_buffered_bytes = 256LL << 20;  // request bytes held by all connections; beyond: 503
    std::int64_t request_deadline_ms = 30'000;      // store reads of a request stop here (503)
    std::int64_t shutdown_timeout_ms = 10'000;      // SIGTERM grace; then running requests are interrupted
    bool access_log = true;
  } http;

  struct Limits {
    std::int64_t requests_per_minute = 6000;  // per access token; 0 disables
    // The client credentials grant (/oauth/token and the Atlas and Workiva
    // token endpoints); 0 disables.
    std::int64_t tokens_per_minute_per_client = 300;
    std::int64_t token_failures_per_minute_per_address = 30;
  } limits;

  struct OAuth {
    std::int64_t token_lifetime_seconds = 86400;  // for clients made by bootstrap and `client create`
  } oauth;

  service::PasswordPolicy passwords;
  service::SignInSettings sign_in;

  struct Server {
    std::string public_url;  // base of links roleplane sends (invitations); "" = http://HOST:PORT
  } server;

  struct Invitations {
    std::int64_t lifetime_seconds = 7 * 24 * 3600;
  } invitations;

  // Trusts between organizations.
  struct Trust {
    std::string customer_care_org;                      // the Customer Care organization's id; "" = none
    std::int64_t pairing_lifetime_seconds = 7 * 86400;  // how long a pairing may be used
  } trust;

  // Outgoing mail. Without smtp_host, messages stay in the outbox table and
  // are written to the log instead.
  struct Mail {
    std::string smtp_host;
    std::int64_t smtp_port = 25;
    std::string from = "roleplane@localhost";
    std::string username;  // with password: AUTH PLAIN or LOGIN, as the server offers
    std::string password;
    std::string starttls = "auto";      // auto (when offered) | always | never
    std::string ca_file;                // PEM certificates trusted for STARTTLS; "" = the system's
    std::int64_t timeout_seconds = 30;  // per SMTP exchange
    std::int64_t poll_seconds = 10;     // how often the sender looks for due messages
  } mail;
};

// Values given on the command line (empty = not given).
struct Overrides {
  std::optional<std::string> listen;
  std::optional<std::string> database;
  std::optional<std::string> config_file;
};

// Builds the configuration; invalid_argument naming the key on any bad value
// or unknown key.
Result<Config> load_config(const Overrides& flags);

// Parses "HOST:PORT" into config.host/config.port.
Result<void> parse_listen(std::string_view value, Config& config);

}  // namespace rp::app
