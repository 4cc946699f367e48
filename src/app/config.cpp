#include "app/config.h"

#include <cstdlib>
#include <set>

#include <toml++/toml.h>

#include "core/ids.h"
#include "core/strings.h"

namespace rp::app {
namespace {

Error bad(const std::string& key, const std::string& why) {
  return make_error(Errc::invalid_argument, "configuration key '" + key + "': " + why).with_field(key);
}

Result<void> read_int(const toml::table& t, const std::string& section, const char* name, std::int64_t& out,
                      std::int64_t min, std::int64_t max) {
  auto node = t[name];
  if (!node) return {};
  std::string key = section.empty() ? name : section + "." + name;
  auto v = node.value<std::int64_t>();
  if (!node.is_integer() || !v) return fail(bad(key, "must be a whole number"));
  if (*v < min || *v > max)
    return fail(bad(key, "must be between " + std::to_string(min) + " and " + std::to_string(max)));
  out = *v;
  return {};
}

Result<void> check_keys(const toml::table& t, const std::string& section, const std::set<std::string>& allowed) {
  for (const auto& [k, _] : t) {
    std::string key(k.str());
    if (!allowed.count(key)) return fail(bad(section.empty() ? key : section + "." + key, "unknown key"));
  }
  return {};
}

Result<const toml::table*> section(const toml::table& root, const char* name) {
  auto node = root[name];
  if (!node) return static_cast<const toml::table*>(nullptr);
  if (!node.is_table()) return fail(bad(name, "must be a table"));
  return node.as_table();
}

Result<void> read_bool(const toml::table& t, const std::string& section, const char* name, bool& out) {
  auto node = t[name];
  if (!node) return {};
  if (!node.is_boolean()) return fail(bad(section + "." + name, "must be true or false"));
  out = *node.value<bool>();
  return {};
}

Result<void> read_password_policy(const toml::table& t, service::PasswordPolicy& p) {
  RP_CHECK(check_keys(
      t, "passwords",
      {"min_length", "max_length", "require_uppercase", "require_lowercase", "require_digit", "require_symbol"}));
  auto min = static_cast<std::int64_t>(p.min_length);
  auto max = static_cast<std::int64_t>(p.max_length);
  RP_CHECK(read_int(t, "passwords", "min_length", min, 1, 1024));
  RP_CHECK(read_int(t, "passwords", "max_length", max, 1, 1024));
  if (max < min) return fail(bad("passwords.max_length", "must not be less than passwords.min_length"));
  p.min_length = static_cast<std::size_t>(min);
  p.max_length = static_cast<std::size_t>(max);
  RP_CHECK(read_bool(t, "passwords", "require_uppercase", p.require_uppercase));
  RP_CHECK(read_bool(t, "passwords", "require_lowercase", p.require_lowercase));
  RP_CHECK(read_bool(t, "passwords", "require_digit", p.require_digit));
  RP_CHECK(read_bool(t, "passwords", "require_symbol", p.require_symbol));
  return {};
}

Result<void> read_string(const toml::table& t, const std::string& section, const char* name, std::string& out) {
  auto node = t[name];
  if (!node) return {};
  if (!node.is_string()) return fail(bad(section + "." + name, "must be a string"));
  out = *node.value<std::string>();
  return {};
}

Result<void> read_server(const toml::table& t, Config::Server& s) {
  RP_CHECK(check_keys(t, "server", {"public_url"}));
  RP_CHECK(read_string(t, "server", "public_url", s.public_url));
  auto& u = s.public_url;
  if (!u.empty() && !u.starts_with("http://") && !u.starts_with("https://"))
    return fail(bad("server.public_url", "must start with http:// or https://"));
  if (!u.empty() && (u.find_first_of(" \t\r\n\"<>") != std::string::npos || u.size() <= 8))
    return fail(bad("server.public_url", "is not a URL"));
  while (u.ends_with('/')) u.pop_back();
  return {};
}

Result<void> read_mail(const toml::table& t, Config::Mail& m) {
  RP_CHECK(check_keys(t, "mail",
                      {"smtp_host", "smtp_port", "from", "username", "password", "starttls", "ca_file",
                       "timeout_seconds", "poll_seconds"}));
  RP_CHECK(read_string(t, "mail", "smtp_host", m.smtp_host));
  RP_CHECK(read_int(t, "mail", "smtp_port", m.smtp_port, 1, 65535));
  RP_CHECK(read_string(t, "mail", "from", m.from));
  RP_CHECK(read_string(t, "mail", "username", m.username));
  RP_CHECK(read_string(t, "mail", "password", m.password));
  RP_CHECK(read_string(t, "mail", "starttls", m.starttls));
  RP_CHECK(read_string(t, "mail", "ca_file", m.ca_file));
  RP_CHECK(read_int(t, "mail", "timeout_seconds", m.timeout_seconds, 1, 600));
  RP_CHECK(read_int(t, "mail", "poll_seconds", m.poll_seconds, 1, 3600));
  auto bad_address = [](const std::string& a) {
    return a.empty() || a.find('@') == std::string::npos || a.find_first_of(" <>\r\n") != std::string::npos;
  };
  if (bad_address(m.from)) return fail(bad("mail.from", "must be an email address"));
  if (m.starttls != "auto" && m.starttls != "always" && m.starttls != "never")
    return fail(bad("mail.starttls", "must be auto, always or never"));
  if (m.username.empty() != m.password.empty())
    return fail(
        bad(m.username.empty() ? "mail.username" : "mail.password", "mail.username and mail.password go together"));
  return {};
}

Result<void> apply_file(const std::string& path, Config& c) {
  toml::table root;
  try {
    root = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    return fail(make_error(Errc::invalid_argument, "configuration file '" + path +
                                                       "': " + std::string(e.description()) + " (line " +
                                                       std::to_string(e.source().begin.line) + ")"));
  }
  RP_CHECK(check_keys(root, "",
                      {"listen", "database", "http", "limits", "oauth", "passwords", "sign_in", "server", "mail",
                       "invitations", "trust"}));
  if (auto n = root["listen"]) {
    if (!n.is_string()) return fail(bad("listen", "must be a string \"HOST:PORT\""));
    RP_CHECK(parse_listen(*n.value<std::string>(), c));
  }
  if (auto n = root["database"]) {
    if (!n.is_string()) return fail(bad("database", "must be a string such as \"sqlite:data/roleplane.db\""));
    c.database = *n.value<std::string>();
  }
  if (auto http = RP_TRY(section(root, "http"))) {
    RP_CHECK(check_keys(*http, "http",
                        {"io_threads", "worker_threads", "worker_queue", "body_limit", "max_connections",
                         "max_buffered_bytes", "request_deadline_ms", "shutdown_timeout_ms", "access_log"}));
    RP_CHECK(read_int(*http, "http", "io_threads", c.http.io_threads, 0, 256));
    RP_CHECK(read_int(*http, "http", "worker_threads", c.http.worker_threads, 0, 1024));
    RP_CHECK(read_int(*http, "http", "worker_queue", c.http.worker_queue, 1, 1'000'000));
    RP_CHECK(read_int(*http, "http", "body_limit", c.http.body_limit, 1024, 1LL << 30));
    RP_CHECK(read_int(*http, "http", "max_connections", c.http.max_connections, 1, 1'000'000));
    RP_CHECK(read_int(*http, "http", "max_buffered_bytes", c.http.max_buffered_bytes, 1LL << 20, 1LL << 40));
    RP_CHECK(read_int(*http, "http", "request_deadline_ms", c.http.request_deadline_ms, 10, 3'600'000));
    RP_CHECK(read_int(*http, "http", "shutdown_timeout_ms", c.http.shutdown_timeout_ms, 0, 600'000));
    RP_CHECK(read_bool(*http, "http", "access_log", c.http.access_log));
  }
  if (auto limits = RP_TRY(section(root, "limits"))) {
    RP_CHECK(
        check_keys(*limits, "limits",
                   {"requests_per_minute", "tokens_per_minute_per_client", "token_failures_per_minute_per_address"}));
    RP_CHECK(read_int(*limits, "limits", "requests_per_minute", c.limits.requests_per_minute, 0, 100'000'000));
    RP_CHECK(read_int(*limits, "limits", "tokens_per_minute_per_client", c.limits.tokens_per_minute_per_client, 0,
                      100'000'000));
    RP_CHECK(read_int(*limits, "limits", "token_failures_per_minute_per_address",
                      c.limits.token_failures_per_minute_per_address, 0, 100'000'000));
  }
  if (auto oauth = RP_TRY(section(root, "oauth"))) {
    RP_CHECK(check_keys(*oauth, "oauth", {"token_lifetime_seconds"}));
    RP_CHECK(read_int(*oauth, "oauth", "token_lifetime_seconds", c.oauth.token_lifetime_seconds, 300, 172800));
  }
  if (auto pw = RP_TRY(section(root, "passwords"))) RP_CHECK(read_password_policy(*pw, c.passwords));
  if (auto s = RP_TRY(section(root, "sign_in"))) {
    RP_CHECK(check_keys(*s, "sign_in",
                        {"max_failures_per_user", "max_failures_per_address", "failure_window_seconds",
                         "code_lifetime_seconds", "refresh_token_lifetime_seconds"}));
    auto& si = c.sign_in;
    RP_CHECK(read_int(*s, "sign_in", "max_failures_per_user", si.max_failures_per_user, 0, 1'000'000));
    RP_CHECK(read_int(*s, "sign_in", "max_failures_per_address", si.max_failures_per_address, 0, 1'000'000));
    RP_CHECK(read_int(*s, "sign_in", "failure_window_seconds", si.failure_window_seconds, 1, 86400));
    RP_CHECK(read_int(*s, "sign_in", "code_lifetime_seconds", si.code_lifetime_seconds, 10, 600));
    RP_CHECK(
        read_int(*s, "sign_in", "refresh_token_lifetime_seconds", si.refresh_token_lifetime_seconds, 300, 365 * 86400));
  }
  if (auto server = RP_TRY(section(root, "server"))) RP_CHECK(read_server(*server, c.server));
  if (auto mail = RP_TRY(section(root, "mail"))) RP_CHECK(read_mail(*mail, c.mail));
  if (auto inv = RP_TRY(section(root, "invitations"))) {
    RP_CHECK(check_keys(*inv, "invitations", {"lifetime_seconds"}));
    RP_CHECK(read_int(*inv, "invitations", "lifetime_seconds", c.invitations.lifetime_seconds, 60, 90LL * 24 * 3600));
  }
  if (auto trust = RP_TRY(section(root, "trust"))) {
    RP_CHECK(check_keys(*trust, "trust", {"customer_care_org", "pairing_lifetime_seconds"}));
    RP_CHECK(read_string(*trust, "trust", "customer_care_org", c.trust.customer_care_org));
    if (!c.trust.customer_care_org.empty() && !is_uuid(c.trust.customer_care_org))
      return fail(bad("trust.customer_care_org", "must be an organization id (a UUID) or \"\""));
    RP_CHECK(read_int(*trust, "trust", "pairing_lifetime_seconds", c.trust.pairing_lifetime_seconds, 1, 2'592'000));
  }
  return {};
}

Result<void> check_database(const std::string& key, const std::string& url) {
  if (!url.starts_with("sqlite:") || url.size() == 7)
    return fail(bad(key, "'" + url + "' is not a supported database URL; use sqlite:PATH"));
  return {};
}

}  // namespace

Result<void> parse_listen(std::string_view value, Config& config) {
  auto colon = value.rfind(':');
  if (colon == std::string_view::npos || colon == 0)
    return fail(bad("listen", "'" + std::string(value) + "' must be HOST:PORT"));
  auto port = parse_int(value.substr(colon + 1));
  if (!port || *port < 0 || *port > 65535)
    return fail(bad("listen", "'" + std::string(value) + "' has an invalid port"));
  std::string host(value.substr(0, colon));
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  config.host = host;
  config.port = static_cast<std::uint16_t>(*port);
  return {};
}

Result<Config> load_config(const Overrides& flags) {
  Config c;
  std::optional<std::string> file = flags.config_file;
  if (!file)
    if (const char* env = std::getenv("ROLEPLANE_CONFIG"); env && *env) file = env;
  if (file) RP_CHECK(apply_file(*file, c));
  if (const char* env = std::getenv("ROLEPLANE_LISTEN"); env && *env) RP_CHECK(parse_listen(env, c));
  if (const char* env = std::getenv("ROLEPLANE_DATABASE"); env && *env) c.database = env;
  if (flags.listen) RP_CHECK(parse_listen(*flags.listen, c));
  if (flags.database) c.database = *flags.database;
  RP_CHECK(check_database("database", c.database));
  return c;
}

}  // namespace rp::app
