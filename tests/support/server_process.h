#pragma once
// A RAII handle on a real `roleplane serve` process for API tests.
//
// The constructor creates a temporary directory, bootstraps an organization
// into <dir>/rp.db with `roleplane bootstrap`, and starts `roleplane serve
// --listen 127.0.0.1:0` on that database, waiting for its "listening" line.
// The binary is taken from the environment variable ROLEPLANE_BIN. Failures
// throw std::runtime_error with the server's log attached.
//
// The destructor kills the server and removes the directory, unless the
// running test has failed (or ROLEPLANE_KEEP_TMP is set): then the directory
// is kept and the log path printed.

#include <chrono>
#include <csignal>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "support/http_client.h"
#include "support/subprocess.h"

namespace rp::test {

struct ClientCredentials {
  std::string client_id;
  std::string client_secret;
};

struct OrgInfo {
  std::string name;
  std::string organization_id;
  ClientCredentials admin;  // the bootstrap client (role admin in all divisions)
  // The Atlas dialect: the organization's 24-hex id and its first API key (ORG_OWNER).
  std::string atlas_org_id;
  std::string atlas_public_key;
  std::string atlas_private_key;
};

struct ServerConfig {
  std::string org_name = "acme";
  // More organizations bootstrapped before the server starts.
  std::vector<std::string> extra_orgs;
  // When not empty: written to <dir>/roleplane.toml and passed with --config.
  std::string config_toml;
  std::chrono::milliseconds start_timeout = std::chrono::seconds(60);
};

class ServerProcess {
 public:
  explicit ServerProcess(ServerConfig config = {});
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // The port of the current server process (changes after restart()).
  unsigned short port() const { return port_; }
  const OrgInfo& org() const { return org_; }
  const std::vector<OrgInfo>& extra_orgs() const { return extra_orgs_; }
  const std::string& dir() const { return dir_; }
  std::string db_path() const { return dir_ + "/rp.db"; }
  std::string database_url() const { return "sqlite:" + db_path(); }
  std::string log_path() const { return dir_ + "/server.log"; }
  // The configuration file passed to serve; "" when there is none.
  const std::string& config_path() const { return config_path_; }
  // The server's stderr so far (all runs).
  std::string log_text() const;

  // A new HTTP client for the current port.
  HttpClient client() const;

  // Runs `roleplane bootstrap` on the same database while the server runs.
  OrgInfo bootstrap_another_org(const std::string& name);
  // A client-credentials client of organization `org_id` (org(), one of
  // extra_orgs() or one made by bootstrap_another_org) holding the named
  // roles (e.g. "employee") in every division (division "*"), made through
  // the API by that organization's bootstrap admin client: role ids from
  // GET /api/v2/authorization/roles, then POST /api/v2/oauth/clients.
  // Throws unless the server answers 200.
  ClientCredentials create_client(const std::string& org_id, const std::string& name,
                                  const std::vector<std::string>& roles);
  // The same through the command line: `roleplane client create`.
  ClientCredentials create_client_with_cli(const std::string& org_id, const std::string& name,
                                           const std::vector<std::string>& roles);
  // Runs `roleplane <args...>` (with --database when `with_database`).
  CommandResult run_cli(std::vector<std::string> args, bool with_database = true) const;

  // POST /oauth/token with Basic credentials; the raw answer.
  HttpResponse request_token(const ClientCredentials& c) const;
  // The access token for `c`; throws unless the server answers 200 with one.
  std::string token(const ClientCredentials& c) const;
  // A token of the bootstrap admin client of org().
  std::string admin_token() const { return token(org_.admin); }

  bool running();
  // SIGKILL, then reap.
  void kill9();
  // Sends `sig` (SIGTERM by default) and waits; returns the exit status
  // (128 + signal when killed by one). Throws if the process does not exit
  // within `timeout`.
  int terminate(std::chrono::milliseconds timeout = std::chrono::seconds(30), int sig = SIGTERM);
  // Stops the server gracefully if it runs, then starts it again on the same
  // database (a new port).
  void restart();

 private:
  void start();
  OrgInfo bootstrap(const std::string& name) const;
  std::string describe_failure(const std::string& what) const;

  ServerConfig config_;
  std::string binary_;
  std::string dir_;
  std::string config_path_;
  OrgInfo org_;
  std::vector<OrgInfo> extra_orgs_;
  std::vector<OrgInfo> added_orgs_;  // by bootstrap_another_org
  std::unique_ptr<ChildProcess> process_;
  unsigned short port_ = 0;
};

}  // namespace rp::test
