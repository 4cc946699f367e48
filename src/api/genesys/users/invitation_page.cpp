// The page behind an invitation link: GET /invitations/{token} shows a form
// to choose a password, POST sets it (application/x-www-form-urlencoded
// `password` and `confirm`). No bearer token: the link's token is the
// credential. Every answer is HTML that is never cached, never framed, sends
// no Referer (the token is in the URL) and runs no script; every value shown
// is HTML-escaped.

#include <string>
#include <string_view>

#include "api/genesys/endpoint.h"
#include "api/genesys/html_page.h"
#include "core/reasons.h"
#include "core/strings.h"
#include "http/form.h"
#include "service/auth/passwords.h"

namespace rp::api::genesys {
namespace {

http::Response page(int status, std::string_view title, const std::string& body_html) {
  return html_page(status, title, "<h1>" + html_escape(title) + "</h1>\n" + body_html);
}

http::Response error_page(const Error& e) {
  if (e.reason == reason::invitation_unknown || e.reason == reason::invitation_used ||
      e.reason == reason::invitation_superseded || e.reason == reason::invitation_expired) {
    int status = e.reason == reason::invitation_unknown ? 404 : 410;
    return page(
        status, "Invitation not usable",
        "<p id=\"error\">" + html_escape(e.message) + "</p>\n<p>Ask your administrator for a new invitation.</p>\n");
  }
  if (e.code == Errc::unavailable)
    return page(503, "Try again later", "<p>The service is busy. Try again in a moment.</p>\n");
  return page(500, "Something went wrong", "<p>The invitation could not be processed.</p>\n");
}

http::Response form_page(int status, const service::InvitationView& v, const service::PasswordPolicy& policy,
                         std::string_view error) {
  std::string html;
  html += "<p>Welcome, " + html_escape(v.user_name) + ". Choose a password for <strong>" + html_escape(v.email) +
          "</strong> in " + html_escape(v.organization_name) + ".</p>\n";
  if (!error.empty()) html += "<p id=\"error\" role=\"alert\">" + html_escape(error) + "</p>\n";
  html +=
      "<form method=\"post\" autocomplete=\"off\">\n"
      "<input type=\"hidden\" name=\"username\" autocomplete=\"username\" value=\"" +
      html_escape(v.email) +
      "\">\n"
      "<p><label>Password <input type=\"password\" name=\"password\" autocomplete=\"new-password\" "
      "required></label></p>\n"
      "<p><label>Repeat password <input type=\"password\" name=\"confirm\" autocomplete=\"new-password\" "
      "required></label></p>\n"
      "<p>The password needs " +
      html_escape(service::describe(policy)) +
      ".</p>\n"
      "<p><button type=\"submit\">Set password</button></p>\n</form>\n";
  return page(status, "Set your password", html);
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
  auto form = http::is_form(req) ? http::parse_form(req.body) : std::nullopt;
  if (!form)
    return form_page(http::is_form(req) ? 400 : 415, *view, policy, "The form could not be read; submit it again.");
  auto password = http::form_value(*form, "password");
  auto confirm = http::form_value(*form, "confirm");
  if (!password || password->empty()) return form_page(400, *view, policy, "Enter a password.");
  if (!confirm || *confirm != *password) return form_page(400, *view, policy, "The two passwords differ.");
  auto done = services.invitations.accept(token, std::string(*password), req.correlation_id);
  if (!done) {
    if (done.error().code == Errc::invalid_argument) return form_page(400, *view, policy, done.error().message);
    return error_page(done.error());
  }
  return page(200, "Password set",
              "<p id=\"done\">Your password is set, " + html_escape(done->user_name) +
                  ". You can now sign in as <strong>" + html_escape(done->email) + "</strong>.</p>\n");
}

}  // namespace

void mount_invitation_pages(http::Router& router, Services& services) {
  router.add("GET", "/invitations/{token}", [&services](http::Request& req) { return get_invitation(services, req); });
  router.add("POST", "/invitations/{token}",
             [&services](http::Request& req) { return post_invitation(services, req); });
}

}  // namespace rp::api::genesys
