#pragma once
// A small SMTP client (RFC 5321) over Boost.Asio: EHLO (HELO as fallback),
// STARTTLS when offered or required, AUTH PLAIN or LOGIN when credentials are
// configured, MAIL FROM, RCPT TO, DATA with dot-stuffing, QUIT. One message
// per connection; every exchange has a timeout.

#include <chrono>
#include <string>

#include "core/error.h"

namespace rp::app {

struct SmtpSettings {
  std::string host;
  std::uint16_t port = 25;
  std::string from;
  std::string username;  // empty: no AUTH
  std::string password;
  std::string starttls = "auto";  // auto | always | never
  std::string ca_file;            // PEM certificates to trust for STARTTLS; "" = the system's
  std::chrono::seconds timeout{30};
  std::string helo_name = "roleplane";
};

struct OutgoingMail {
  std::string to;
  std::string subject;     // UTF-8; encoded (RFC 2047) when not ASCII
  std::string body;        // text/plain, UTF-8
  std::string message_id;  // without <>; used in the Message-ID header
};

// Sends `mail`. Errors: unavailable for failures worth retrying (network,
// timeouts, 4xx answers); invalid_argument for permanent refusals (5xx
// answers), with the server's answer in the message.
Result<void> smtp_send(const SmtpSettings& settings, const OutgoingMail& mail);

// The message as it goes after DATA (headers, blank line, body), with CRLF
// line ends and without dot-stuffing. `date` is an RFC 5322 date.
std::string format_message(const SmtpSettings& settings, const OutgoingMail& mail, const std::string& date);

}  // namespace rp::app
