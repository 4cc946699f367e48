#pragma once
// A minimal SMTP server for tests: it listens on 127.0.0.1 (an ephemeral
// port), speaks enough of RFC 5321 for a client to deliver (EHLO/HELO, AUTH
// PLAIN and LOGIN when credentials are set, MAIL, RCPT, DATA with
// dot-stuffing undone, RSET, NOOP, QUIT) and keeps what it received.

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace rp::test {

struct SmtpSinkOptions {
  std::string username;  // set: AUTH is offered and required before MAIL
  std::string password;
  std::string mechanisms = "LOGIN PLAIN";  // what EHLO offers after AUTH
  // Set (PEM): STARTTLS is offered, and the session goes on over TLS.
  std::string tls_cert_pem;
  std::string tls_key_pem;
  int refuse_data = 0;              // the first N messages get 451 after DATA
  bool refuse_permanently = false;  // ... 554 instead of 451
};

struct ReceivedMail {
  bool tls = false;  // delivered after STARTTLS
  std::string helo;
  std::string auth_mechanism;  // PLAIN | LOGIN | "" (none)
  std::string auth_user;
  std::string auth_password;
  std::string mail_from;  // the address inside <>
  std::vector<std::string> rcpt_to;
  std::string data;  // as received after DATA, dot-stuffing undone, CRLF kept
};

class SmtpSink {
 public:
  explicit SmtpSink(SmtpSinkOptions options = {});
  ~SmtpSink();
  SmtpSink(const SmtpSink&) = delete;
  SmtpSink& operator=(const SmtpSink&) = delete;

  unsigned short port() const { return port_; }
  // Waits until `n` messages were accepted; false on timeout.
  bool wait_for(std::size_t n, std::chrono::milliseconds timeout = std::chrono::seconds(30));
  std::vector<ReceivedMail> received() const;
  // Every command line received, in order (AUTH arguments included).
  std::vector<std::string> commands() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  unsigned short port_ = 0;
};

// The value of header `name` in a message (first occurrence), "" if absent.
std::string mail_header(const std::string& data, const std::string& name);
// The body of a message (after the first blank line).
std::string mail_body(const std::string& data);

}  // namespace rp::test
