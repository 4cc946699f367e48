// The page behind an invitation link: GET /invitations/{token} shows a form
// to choose a password, POST sets it (application/x-www-form-urlencoded
// `password` and `confirm`). No bearer token: the link's token is the
// credential. Every answer is HTML that is never cached, never framed, sends
// no Referer (the token is in the URL) and runs no script; every value shown
// is HTML-escaped.

#include <string>
#include <string_view>

#include "api/genesys/endpoint.h"
#include "core/strings.h"
#include "service/passwords.h"

namespace rp::api::genesys {
namespace {

std::string escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

http::Response page(int status, std::string_view title, const std::string& body_html) {
  http::Response r;
  r.status = status;
  r.body = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
           "<meta name=\"referrer\" content=\"no-referrer\"><title>" +
           escape(title) + "</title></head><body><main><h1>" + escape(title) + "</h1>\n" + body_html +
           "</main></body></html>\n";
  r.set_header("Content-Type", "text/html; charset=utf-8");
  r.set_header("Cache-Control", "no-store");
  r.set_header("Pragma", "no-cache");
  r.set_header("X-Frame-Options", "DENY");
  r.set_header("X-Content-Type-Options", "nosniff");
  r.set_header("Referrer-Policy", "no-referrer");
  r.set_header("Content-Security-Policy",
               "default-src 'none'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
  return r;
}

http::Response error_page(const Error& e) {
  if (e.reason.starts_with("invitation.")) {
    int status = e.reason == "invitation.unknown" ? 404 : 410;
    return page(status, "Invitation not usable", "<p id=\"error\">" + escape(e.message) +
                                                      "</p>\n<p>Ask your administrator for a new invitation.</p>\n");
  }
  if (e.code == Errc::unavailable) return page(503, "Try again later", "<p>The service is busy. Try again in a moment.</p>\n");
  return page(500, "Something went wrong", "<p>The invitation could not be processed.</p>\n");
}

http::Response form_page(int status, const service::InvitationView& v, const service::PasswordPolicy& policy,
                         std::string_view error) {
  std::string html;
  html += "<p>Welcome, " + escape(v.user_name) + ". Choose a password for <strong>" + escape(v.email) +
          "</strong> in " + escape(v.organization_name) + ".</p>\n";
  if (!error.empty()) html += "<p id=\"error\" role=\"alert\">" + escape(error) + "</p>\n";
  html += "<form method=\"post\" autocomplete=\"off\">\n"
          "<input type=\"hidden\" name=\"username\" autocomplete=\"username\" value=\"" + escape(v.email) + "\">\n"
          "<p><label>Password <input type=\"password\" name=\"password\" autocomplete=\"new-password\" required></label></p>\n"
          "<p><label>Repeat password <input type=\"password\" name=\"confirm\" autocomplete=\"new-password\" required></label></p>\n"
          "<p>The password needs " + escape(service::describe(policy)) + ".</p>\n"
          "<p><button type=\"submit\">Set password</button></p>\n</form>\n";
  return page(status, "Set your password", html);
}

// The value of `key` in an application/x-www-form-urlencoded body; nullopt
// when absent or malformed.
std::optional<std::string> form_value(std::string_view body, std::string_view key) {
  for (auto pair : split(body, '&')) {
    auto eq = pair.find('=');
    auto name = percent_decode(pair.substr(0, eq), true);
    if (!name || *name != key) continue;
    if (eq == std::string_view::npos) return std::string();
    return percent_decode(pair.substr(eq + 1), true);
  }
  return std::nullopt;
}

http::Response get_invitation(Services& services, http::Request& req) {
  auto view = services.invitations.describe(std::string(req.path_param("token")));
  if (!view) return error_page(view.error());
  return form_page(200, *view, services.invitations.password_policy(), {});
}

http::Response post_invitation(Services& services, http::Request& req) {
  std::string token(req.path_param("token"));
  auto view = services.invitations.describe(token);
  if (!view) return error_page(view.error());
  const auto& policy = services.invitations.password_policy();
  if (!iequals(trim(split(req.header("Content-Type"), ';').front()), "application/x-www-form-urlencoded"))
    return form_page(415, *view, policy, "The form could not be read; submit it again.");
  auto password = form_value(req.body, "password");
  auto confirm = form_value(req.body, "confirm");
  if (!password || password->empty()) return form_page(400, *view, policy, "Enter a password.");
  if (!confirm || *confirm != *password) return form_page(400, *view, policy, "The two passwords differ.");
  auto done = services.invitations.accept(token, *password, req.correlation_id);
  if (!done) {
    if (done.error().code == Errc::invalid_argument) return form_page(400, *view, policy, done.error().message);
    return error_page(done.error());
  }
  return page(200, "Password set",
              "<p id=\"done\">Your password is set, " + escape(done->user_name) +
                  ". You can now sign in as <strong>" + escape(done->email) + "</strong>.</p>\n");
}

}  // namespace

void mount_invitation_pages(http::Router& router, Services& services) {
  router.add("GET", "/invitations/{token}", [&services](http::Request& req) { return get_invitation(services, req); });
  router.add("POST", "/invitations/{token}", [&services](http::Request& req) { return post_invitation(services, req); });
}

}  // namespace rp::api::genesys
