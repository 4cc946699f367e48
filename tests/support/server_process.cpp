#include "support/server_process.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>

#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>

#include <boost/json.hpp>

#include "support/json_util.h"

namespace rp::test {

namespace {

constexpr std::string_view listening_prefix = "roleplane listening on http://127.0.0.1:";

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream os;
  os << in.rdbuf();
  return os.str();
}

std::string tail(const std::string& s, std::size_t n) { return s.size() <= n ? s : "..." + s.substr(s.size() - n); }

std::string trim(std::string s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  std::size_t i = 0;
  while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
  return s.substr(i);
}

bool current_test_failed() {
  auto* ut = ::testing::UnitTest::GetInstance();
  if (ut->current_test_info()) return ::testing::Test::HasFailure();
  if (const auto* suite = ut->current_test_suite()) return suite->Failed();
  return false;
}

}  // namespace

ServerProcess::ServerProcess(ServerConfig config) : config_(std::move(config)) {
  const char* bin = std::getenv("ROLEPLANE_BIN");
  if (!bin || !*bin) throw std::runtime_error("ROLEPLANE_BIN is not set (the path of the roleplane binary)");
  binary_ = bin;
  const char* tmp = std::getenv("TMPDIR");
  std::string templ = std::string(tmp && *tmp ? tmp : "/tmp") + "/roleplane-api-XXXXXX";
  if (!::mkdtemp(templ.data())) throw std::runtime_error("mkdtemp failed for " + templ);
  dir_ = templ;
  if (!config_.config_toml.empty()) {
    config_path_ = dir_ + "/roleplane.toml";
    std::ofstream(config_path_) << config_.config_toml;
  }
  org_ = bootstrap(config_.org_name);
  for (const auto& name : config_.extra_orgs) extra_orgs_.push_back(bootstrap(name));
  start();
}

ServerProcess::~ServerProcess() {
  process_.reset();  // SIGKILL if still running
  const bool keep = current_test_failed() || std::getenv("ROLEPLANE_KEEP_TMP");
  if (keep) {
    std::cerr << "[roleplane] kept " << dir_ << "; server log: " << log_path() << "\n"
              << tail(log_text(), 4000) << "\n";
  } else {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
}

std::string ServerProcess::log_text() const { return read_file(log_path()); }

std::string ServerProcess::describe_failure(const std::string& what) const {
  return what + "\n--- server stdout:\n" + (process_ ? process_->stdout_text() : std::string()) + "\n--- server log (" +
         log_path() + "):\n" + tail(log_text(), 6000);
}

CommandResult ServerProcess::run_cli(std::vector<std::string> args, bool with_database) const {
  args.insert(args.begin(), binary_);
  if (with_database) {
    args.push_back("--database");
    args.push_back(database_url());
  }
  return run_command(args);
}

OrgInfo ServerProcess::bootstrap(const std::string& name) const {
  auto r = run_cli({"bootstrap", "--org", name});
  if (r.exit_code != 0)
    throw std::runtime_error("roleplane bootstrap --org " + name + " exited " + std::to_string(r.exit_code) +
                             "\nstdout: " + r.out + "\nstderr: " + r.err);
  auto o = parse_object(trim(r.out));
  OrgInfo info{name,
               str(o, "organizationId"),
               {str(o, "clientId"), str(o, "clientSecret")},
               str(o, "atlasOrgId"),
               str(o, "atlasPublicKey"),
               str(o, "atlasPrivateKey")};
  if (info.organization_id.empty() || info.admin.client_id.empty() || info.admin.client_secret.empty())
    throw std::runtime_error("bootstrap output lacks organizationId/clientId/clientSecret: " + r.out);
  return info;
}

OrgInfo ServerProcess::bootstrap_another_org(const std::string& name) {
  added_orgs_.push_back(bootstrap(name));
  return added_orgs_.back();
}

ClientCredentials ServerProcess::create_client(const std::string& org_id, const std::string& name,
                                               const std::vector<std::string>& roles) {
  const OrgInfo* org = org_.organization_id == org_id ? &org_ : nullptr;
  for (const auto* list : {&extra_orgs_, &added_orgs_})
    for (const auto& o : *list)
      if (!org && o.organization_id == org_id) org = &o;
  if (!org) throw std::runtime_error("create_client: no bootstrapped organization " + org_id);
  const std::string admin = token(org->admin);
  auto http = client();

  auto listed = http.get("/api/v2/authorization/roles?pageSize=500", admin);
  if (listed.status != 200) throw std::runtime_error("GET /api/v2/authorization/roles: " + listed.describe());
  const auto role_list = parse_object(listed.body);
  boost::json::array pairs;
  for (const auto& role : roles) {
    std::string id;
    for (const auto& e : role_list.at("entities").as_array())
      if (str(e.as_object(), "name") == role) id = str(e.as_object(), "id");
    if (id.empty()) throw std::runtime_error("create_client: the organization has no role named " + role);
    pairs.push_back(boost::json::object{{"roleId", id}, {"divisionId", "*"}});
  }
  boost::json::object body{{"name", name}, {"authorizedGrantType", "CLIENT-CREDENTIALS"}, {"roleDivisions", pairs}};
  auto res = http.post_json("/api/v2/oauth/clients", boost::json::serialize(body), admin);
  if (res.status != 200) throw std::runtime_error("POST /api/v2/oauth/clients: " + res.describe());
  auto o = parse_object(res.body);
  ClientCredentials c{str(o, "id"), str(o, "secret")};
  if (c.client_id.empty() || c.client_secret.empty())
    throw std::runtime_error("POST /api/v2/oauth/clients answered no id/secret: " + res.body);
  return c;
}

ClientCredentials ServerProcess::create_client_with_cli(const std::string& org_id, const std::string& name,
                                                        const std::vector<std::string>& roles) {
  std::vector<std::string> args = {"client", "create", "--org", org_id, "--name", name};
  for (const auto& role : roles) {
    args.push_back("--role");
    args.push_back(role);
  }
  auto r = run_cli(args);
  if (r.exit_code != 0)
    throw std::runtime_error("roleplane client create exited " + std::to_string(r.exit_code) + "\nstdout: " + r.out +
                             "\nstderr: " + r.err);
  auto o = parse_object(trim(r.out));
  ClientCredentials c{str(o, "clientId"), str(o, "clientSecret")};
  if (c.client_id.empty() || c.client_secret.empty())
    throw std::runtime_error("client create output lacks clientId/clientSecret: " + r.out);
  return c;
}

void ServerProcess::start() {
  std::vector<std::string> argv = {binary_, "serve", "--listen", "127.0.0.1:0", "--database", database_url()};
  if (!config_path_.empty()) {
    argv.push_back("--config");
    argv.push_back(config_path_);
  }
  process_ = std::make_unique<ChildProcess>(
      argv, log_path(), std::vector<std::string>{"ROLEPLANE_LISTEN", "ROLEPLANE_DATABASE", "ROLEPLANE_CONFIG"});
  auto line = process_->wait_for_line(std::string(listening_prefix), config_.start_timeout);
  if (!line) {
    const bool alive = process_->running();
    throw std::runtime_error(
        describe_failure(alive ? "server did not print its listening line in time" : "server exited before listening"));
  }
  const auto pos = line->find(listening_prefix);
  const std::string port_text = trim(line->substr(pos + listening_prefix.size()));
  int port = 0;
  try {
    port = std::stoi(port_text);
  } catch (const std::exception&) {}
  if (port <= 0 || port > 65535) throw std::runtime_error(describe_failure("bad listening line: " + *line));
  port_ = static_cast<unsigned short>(port);
}

HttpClient ServerProcess::client() const { return HttpClient("127.0.0.1", port_); }

HttpResponse ServerProcess::request_token(const ClientCredentials& c) const {
  auto http = client();
  return http.send("POST", "/oauth/token",
                   {{"Authorization", "Basic " + base64(c.client_id + ":" + c.client_secret)},
                    {"Content-Type", "application/x-www-form-urlencoded"}},
                   "grant_type=client_credentials");
}

std::string ServerProcess::token(const ClientCredentials& c) const {
  auto res = request_token(c);
  if (res.status != 200) throw std::runtime_error("POST /oauth/token for " + c.client_id + ": " + res.describe());
  auto o = parse_object(res.body);
  auto t = str(o, "access_token");
  if (t.empty()) throw std::runtime_error("POST /oauth/token answered no access_token: " + res.body);
  return t;
}

bool ServerProcess::running() { return process_ && process_->running(); }

void ServerProcess::kill9() {
  if (!process_) return;
  process_->signal(SIGKILL);
  if (!process_->wait(std::chrono::seconds(30))) throw std::runtime_error("server did not die on SIGKILL");
}

int ServerProcess::terminate(std::chrono::milliseconds timeout, int sig) {
  if (!process_) throw std::runtime_error("no server process");
  process_->signal(sig);
  auto code = process_->wait(timeout);
  if (!code)
    throw std::runtime_error(
        describe_failure("server did not exit within the timeout after signal " + std::to_string(sig)));
  return *code;
}

void ServerProcess::restart() {
  if (running()) terminate();
  process_.reset();
  start();
}

}  // namespace rp::test
