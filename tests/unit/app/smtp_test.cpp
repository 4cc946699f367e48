// The SMTP client (app/smtp.cpp) against the test SMTP server: the dialogue,
// AUTH LOGIN, dot-stuffing, header safety, and the kinds of failure.

#include "app/smtp.h"

#include <gtest/gtest.h>

#include <boost/asio.hpp>

#include <filesystem>
#include <fstream>

#include "support/smtp_sink.h"
#include "support/tls_cert.h"

namespace rp::app {
namespace {

using test::SmtpSink;
using test::SmtpSinkOptions;

SmtpSettings settings_for(const SmtpSink& sink) {
  SmtpSettings s;
  s.host = "127.0.0.1";
  s.port = sink.port();
  s.from = "sender@example.org";
  s.timeout = std::chrono::seconds(10);
  return s;
}

TEST(Smtp, DeliversWithDotStuffingUndoneByTheServer) {
  SmtpSink sink;
  OutgoingMail m{"rcpt@example.com", "Hello", "line one\n.hidden\n..two dots\n.\nlast", "msg-1"};
  auto r = smtp_send(settings_for(sink), m);
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_TRUE(sink.wait_for(1));
  auto got = sink.received().at(0);
  EXPECT_EQ(got.mail_from, "sender@example.org");
  EXPECT_EQ(got.rcpt_to, std::vector<std::string>{"rcpt@example.com"});
  EXPECT_EQ(test::mail_body(got.data), "line one\r\n.hidden\r\n..two dots\r\n.\r\nlast\r\n");
  EXPECT_EQ(test::mail_header(got.data, "Content-Transfer-Encoding"), "7bit");
  EXPECT_EQ(test::mail_header(got.data, "Message-ID"), "<msg-1@example.org>");
  // The commands, in order; no AUTH without credentials.
  auto cmds = sink.commands();
  ASSERT_GE(cmds.size(), 5u);
  EXPECT_EQ(cmds[0], "EHLO roleplane");
  EXPECT_EQ(cmds[1], "MAIL FROM:<sender@example.org>");
  EXPECT_EQ(cmds[2], "RCPT TO:<rcpt@example.com>");
  EXPECT_EQ(cmds[3], "DATA");
  EXPECT_EQ(cmds.back(), "QUIT");
}

TEST(Smtp, AuthLoginWhenPlainIsNotOffered) {
  SmtpSink sink(SmtpSinkOptions{.username = "u@x", .password = "p w", .mechanisms = "LOGIN"});
  auto s = settings_for(sink);
  s.username = "u@x";
  s.password = "p w";
  ASSERT_TRUE(smtp_send(s, {"a@example.com", "S", "B", "m"}));
  ASSERT_TRUE(sink.wait_for(1));
  EXPECT_EQ(sink.received().at(0).auth_mechanism, "LOGIN");
  EXPECT_EQ(sink.received().at(0).auth_user, "u@x");
  EXPECT_EQ(sink.received().at(0).auth_password, "p w");
}

TEST(Smtp, WrongCredentialsAndRefusalsArePermanentFailures) {
  SmtpSink sink(SmtpSinkOptions{.username = "u", .password = "right"});
  auto s = settings_for(sink);
  s.username = "u";
  s.password = "wrong";
  auto r = smtp_send(s, {"a@example.com", "S", "B", "m"});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::invalid_argument);
  EXPECT_NE(r.error().message.find("535"), std::string::npos) << r.error().message;
  EXPECT_EQ(r.error().message.find("wrong"), std::string::npos);

  SmtpSink refusing(SmtpSinkOptions{.refuse_data = 1});
  auto t = smtp_send(settings_for(refusing), {"a@example.com", "S", "B", "m"});
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().code, Errc::unavailable);  // 451: worth retrying
  EXPECT_NE(t.error().message.find("451"), std::string::npos);
}

TEST(Smtp, NoServerIsATemporaryFailure) {
  unsigned short port;
  {
    boost::asio::io_context io;
    boost::asio::ip::tcp::acceptor a(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
    port = a.local_endpoint().port();
  }  // closed: nothing listens there now
  SmtpSettings s;
  s.host = "127.0.0.1";
  s.port = port;
  s.from = "x@example.org";
  s.timeout = std::chrono::seconds(5);
  auto r = smtp_send(s, {"a@example.com", "S", "B", "m"});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::unavailable);
}

TEST(Smtp, ASilentServerTimesOut) {
  // Listening but never answering: the connection is made, the greeting never comes.
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor silent(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
  SmtpSettings s;
  s.host = "127.0.0.1";
  s.port = silent.local_endpoint().port();
  s.from = "x@example.org";
  s.timeout = std::chrono::seconds(1);
  auto r = smtp_send(s, {"a@example.com", "S", "B", "m"});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::unavailable);
  EXPECT_NE(r.error().message.find("timed out"), std::string::npos) << r.error().message;
}

TEST(Smtp, StartTlsAlwaysRefusesAServerWithoutIt) {
  SmtpSink sink;
  auto s = settings_for(sink);
  s.starttls = "always";
  auto r = smtp_send(s, {"a@example.com", "S", "B", "m"});
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("STARTTLS"), std::string::npos);
  EXPECT_TRUE(sink.received().empty());
}

class SmtpTls : public ::testing::Test {
 protected:
  void SetUp() override {
    cert_ = test::make_self_signed_certificate("127.0.0.1");
    ca_file_ = std::filesystem::temp_directory_path() / ("rp-smtp-ca-" + std::to_string(::getpid()) + ".pem");
    std::ofstream(ca_file_) << cert_.cert_pem;
  }
  void TearDown() override { std::filesystem::remove(ca_file_); }
  SmtpSinkOptions tls_options() const {
    return {.username = "u", .password = "p", .tls_cert_pem = cert_.cert_pem, .tls_key_pem = cert_.key_pem};
  }
  test::TestCertificate cert_;
  std::filesystem::path ca_file_;
};

TEST_F(SmtpTls, StartTlsWhenOfferedThenAuthInsideIt) {
  SmtpSink sink(tls_options());
  auto s = settings_for(sink);
  s.username = "u";
  s.password = "p";
  s.ca_file = ca_file_.string();
  auto r = smtp_send(s, {"a@example.com", "Over TLS", "secret body", "m"});
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_TRUE(sink.wait_for(1));
  auto got = sink.received().at(0);
  EXPECT_TRUE(got.tls);
  EXPECT_EQ(got.auth_user, "u");
  EXPECT_EQ(test::mail_body(got.data), "secret body\r\n");
  // In clear: EHLO and STARTTLS only; the credentials came after.
  auto cmds = sink.commands();
  ASSERT_GE(cmds.size(), 3u);
  EXPECT_EQ(cmds[0], "EHLO roleplane");
  EXPECT_EQ(cmds[1], "STARTTLS");
  EXPECT_EQ(cmds[2], "EHLO roleplane");
}

TEST_F(SmtpTls, AnUntrustedCertificateStopsDelivery) {
  SmtpSink sink(tls_options());
  auto s = settings_for(sink);  // the system's trust store does not know the test certificate
  s.username = "u";
  s.password = "p";
  auto r = smtp_send(s, {"a@example.com", "S", "B", "m"});
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("TLS"), std::string::npos) << r.error().message;
  EXPECT_TRUE(sink.received().empty());
  for (const auto& c : sink.commands()) EXPECT_FALSE(c.starts_with("AUTH")) << c;
}

TEST_F(SmtpTls, NeverKeepsTheSessionInClear) {
  SmtpSink sink(tls_options());
  auto s = settings_for(sink);
  s.starttls = "never";
  s.username = "u";
  s.password = "p";
  ASSERT_TRUE(smtp_send(s, {"a@example.com", "S", "B", "m"}));
  ASSERT_TRUE(sink.wait_for(1));
  EXPECT_FALSE(sink.received().at(0).tls);
}

TEST(Smtp, FormatKeepsHeadersOnOneLineAndEncodesNonAscii) {
  SmtpSettings s;
  s.from = "from@example.org";
  auto text = format_message(s, {"to@example.com", "Hi\r\nBcc: evil@example.com", "ok", "id"}, "DATE");
  EXPECT_EQ(test::mail_header(text, "Bcc"), "");
  EXPECT_EQ(test::mail_header(text, "Subject"), "Hi  Bcc: evil@example.com");
  auto utf = format_message(s, {"to@example.com", "Grüße", "é", "id"}, "DATE");
  EXPECT_EQ(test::mail_header(utf, "Subject"), "=?UTF-8?B?R3LDvMOfZQ==?=");
  EXPECT_EQ(test::mail_header(utf, "Content-Transfer-Encoding"), "base64");
  EXPECT_EQ(test::mail_body(utf), "w6k=\r\n");
}

}  // namespace
}  // namespace rp::app
