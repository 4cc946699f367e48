// GET/POST /oauth/authorize: the sign-in page of the authorization code grant
// (RFC 6749 §4.1). GET serves a small self-contained HTML form; POST checks
// the password and redirects to the client's redirect URI with a code.
//
// Until the client and its redirect URI are known to be valid, errors are an
// HTML page (400) and never a redirect; after that, errors of the request go
// back to the redirect URI as error=...&state=... (§4.1.2.1). A wrong
// password shows the form again (401) with one message whatever was wrong;
// too many failures answer 429 with Retry-After.

#include <spdlog/spdlog.h>

#include "api/genesys/endpoint.h"
#include "api/genesys/html_page.h"
#include "core/reasons.h"
#include "core/strings.h"
#include "http/form.h"

namespace rp::api::genesys {
namespace {

bool is_scheme_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
}

bool is_host_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         c == ':' || c == '[' || c == ']';
}

// Where the form may be sent and redirected to: this server, and the origin
// of the client's redirect URI (CSP form-action also governs the redirect
// that answers the form). Only characters that cannot break the header.
std::string form_action(std::string_view redirect_uri) {
  std::string out = "'self'";
  auto colon = redirect_uri.find(':');
  if (colon == std::string_view::npos || colon == 0) return out;
  auto scheme = redirect_uri.substr(0, colon);
  if (!std::all_of(scheme.begin(), scheme.end(), is_scheme_char)) return out;
  std::string source = std::string(scheme) + ":";
  if (redirect_uri.substr(colon + 1).starts_with("//")) {
    auto rest = redirect_uri.substr(colon + 3);
    auto authority = rest.substr(0, rest.find_first_of("/?#"));
    if (!authority.empty() && std::all_of(authority.begin(), authority.end(), is_host_char))
      source += "//" + std::string(authority);
  }
  return out + " " + source;
}

http::Response html(int status, std::string_view title, std::string_view body_html,
                    std::string_view redirect_uri = {}) {
  return html_page(status, title, body_html, form_action(redirect_uri));
}

http::Response error_page(int status, std::string_view message) {
  return html(status, "Sign-in error",
              "<h1>This sign-in request cannot be completed</h1><p class=\"error\">" + html_escape(message) + "</p>");
}

// The sign-in form; `message` (already plain text) is shown above it.
http::Response form_page(int status, const service::SignInClient& client, const service::AuthorizeRequest& r,
                         std::string_view username, std::string_view message) {
  std::string body = "<h1>Sign in</h1><p class=\"client\">to continue to " + html_escape(client.client.name) + "</p>";
  if (!message.empty()) body += "<p class=\"error\" role=\"alert\">" + html_escape(message) + "</p>";
  body += "<form method=\"post\" action=\"/oauth/authorize\" autocomplete=\"on\">";
  auto hidden = [&](std::string_view name, const std::string& value) {
    if (!value.empty())
      body += "<input type=\"hidden\" name=\"" + std::string(name) + "\" value=\"" + html_escape(value) + "\">";
  };
  hidden("response_type", r.response_type);
  hidden("client_id", r.client_id);
  hidden("redirect_uri", r.redirect_uri);
  hidden("state", r.state);
  hidden("code_challenge", r.code_challenge);
  hidden("code_challenge_method", r.code_challenge_method);
  hidden("target", r.target);
  body +=
      "<label for=\"username\">Username or email</label><input type=\"text\" id=\"username\" name=\"username\" "
      "autocomplete=\"username\" required autofocus value=\"" +
      html_escape(username) +
      "\"><label for=\"password\">Password</label><input type=\"password\" id=\"password\" name=\"password\" "
      "autocomplete=\"current-password\" required><button type=\"submit\">Sign in</button></form>";
  return html(status, "Sign in", body, r.redirect_uri);
}

// A 302 to the client's redirect URI with `params` added to its query.
http::Response redirect(const std::string& redirect_uri,
                        std::initializer_list<std::pair<std::string_view, std::string_view>> params) {
  std::string location = redirect_uri;
  char sep = redirect_uri.find('?') == std::string::npos ? '?' : '&';
  for (const auto& [k, v] : params) {
    if (v.empty()) continue;
    location += sep;
    location += k;
    location += '=';
    location += percent_encode(v);
    sep = '&';
  }
  http::Response r;
  r.status = 302;
  r.set_header("Location", location);
  r.set_header("Cache-Control", "no-store");
  r.set_header("Pragma", "no-cache");
  r.set_header("Referrer-Policy", "no-referrer");
  return r;
}

http::Response redirect_error(const service::AuthorizeRequest& r, const Error& e) {
  // Every refusal of the service is an oauth.* reason; anything else failed on our side.
  auto code = reason::oauth_code(e.reason);
  return redirect(r.redirect_uri, {{"error", code.empty() ? "server_error" : std::string(code)},
                                   {"error_description", e.message},
                                   {"state", r.state}});
}

http::Response server_error(const http::Request& req, const Error& e) {
  if (e.code == Errc::unavailable) return error_page(503, "The server is busy; try again shortly.");
  spdlog::error("{} /oauth/authorize [{}]: {}", req.method, req.correlation_id, e.message);
  return error_page(500, "The server encountered an internal error.");
}

service::AuthorizeRequest authorize_request(const http::Fields& params) {
  auto get = [&](std::string_view key) { return std::string(http::form_value(params, key).value_or("")); };
  return {get("response_type"),         get("client_id"), get("redirect_uri"), get("state"), get("code_challenge"),
          get("code_challenge_method"), get("target")};
}

// Steps common to GET and POST: the client and redirect URI (errors are a
// page), then the rest of the request (errors are a redirect). Answers a
// response when the request ends here.
std::optional<http::Response> check(const http::Request& req, Services& services, const http::Fields& params,
                                    const service::AuthorizeRequest& r, service::SignInClient& client) {
  auto repeated = http::repeated_key(params);
  if (repeated == "client_id" || repeated == "redirect_uri")
    return error_page(400, "The parameter " + std::string(repeated) + " is given more than once.");
  auto found = services.sign_in.client_for(r.client_id, r.redirect_uri);
  if (!found) {
    if (found.error().code != Errc::invalid_argument) return server_error(req, found.error());
    return error_page(400, found.error().reason == reason::oauth_invalid_redirect_uri
                               ? "The redirect URI is missing or is not registered for this application."
                               : "The application is unknown or may not sign users in.");
  }
  client = std::move(*found);
  if (!repeated.empty())
    return redirect_error(
        r, make_error(Errc::invalid_argument, "The parameter " + std::string(repeated) + " is given more than once")
               .with_reason(reason::oauth_invalid_request));
  if (auto ok = services.sign_in.check_request(r); !ok) return redirect_error(r, ok.error());
  return std::nullopt;
}

// `host` ("name" or "name:port") without the scheme's default port.
std::string_view without_default_port(std::string_view host, std::string_view scheme) {
  std::string_view port = iequals(scheme, "https") ? ":443" : iequals(scheme, "http") ? ":80" : "";
  if (!port.empty() && host.ends_with(port)) host.remove_suffix(port.size());
  return host;
}

// A form posted from another site (a browser names the page's origin).
bool cross_origin(const http::Request& req) {
  auto origin = req.header("Origin");
  if (origin.empty()) return false;
  auto host = req.header("Host");
  auto scheme_end = origin.find("://");
  if (host.empty() || scheme_end == std::string_view::npos) return true;
  auto scheme = origin.substr(0, scheme_end);
  return !iequals(without_default_port(origin.substr(scheme_end + 3), scheme), without_default_port(host, scheme));
}

http::Response get_authorize(http::Request& req, Services& services) {
  auto r = authorize_request(req.query);
  service::SignInClient client;
  if (auto done = check(req, services, req.query, r, client)) return std::move(*done);
  return form_page(200, client, r, "", "");
}

http::Response post_authorize(http::Request& req, Services& services) {
  if (!http::is_form(req))
    return error_page(400, "The sign-in form must be sent as application/x-www-form-urlencoded.");
  auto form = http::parse_form(req.body);
  if (!form) return error_page(400, "The sign-in form is malformed.");
  if (cross_origin(req)) return error_page(403, "The sign-in form was sent from another site.");
  auto r = authorize_request(*form);
  service::SignInClient client;
  http::Fields params;
  for (const auto& kv : *form)
    if (kv.first != "username" && kv.first != "password") params.push_back(kv);
  if (auto done = check(req, services, params, r, client)) return std::move(*done);

  std::string username(http::form_value(*form, "username").value_or(""));
  auto password = http::form_value(*form, "password").value_or("");
  auto code = services.sign_in.sign_in(client, r, username, password, req.remote_address, req.correlation_id);
  if (code) return redirect(r.redirect_uri, {{"code", *code}, {"state", r.state}});
  const Error& e = code.error();
  switch (e.code) {
    case Errc::unauthenticated: return form_page(401, client, r, username, "The username or password is incorrect.");
    case Errc::too_many_requests: {
      std::string retry = "60";
      for (const auto& [k, v] : e.params)
        if (k == "retryAfter") retry = v;
      auto resp =
          form_page(429, client, r, username, "Too many failed sign-in attempts. Try again in " + retry + " seconds.");
      resp.set_header("Retry-After", retry);
      return resp;
    }
    case Errc::invalid_argument: return redirect_error(r, e);
    default: return server_error(req, e);
  }
}

}  // namespace

void mount_authorize(http::Router& router, Services& services) {
  router.add("GET", "/oauth/authorize", [&services](http::Request& req) { return get_authorize(req, services); });
  router.add("POST", "/oauth/authorize", [&services](http::Request& req) { return post_authorize(req, services); });
}

}  // namespace rp::api::genesys
