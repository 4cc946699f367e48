// Delivery of the mail outbox over SMTP: a real (minimal) SMTP server in the
// test process receives what roleplane sends for an invitation.

#include <sqlite3.h>

#include <chrono>
#include <thread>

#include "api/api_test.h"
#include "core/strings.h"
#include "support/smtp_sink.h"

namespace rp::test {
namespace {

std::string outbox_column(const std::string& db_path, const char* column) {
  sqlite3* db = nullptr;
  std::string out;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_busy_timeout(db, 5000);
    std::string sql = std::string("SELECT ") + column + " FROM mail_outbox ORDER BY seq LIMIT 1";
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
      auto t = sqlite3_column_text(st, 0);
      out = t ? reinterpret_cast<const char*>(t) : "";
    }
    sqlite3_finalize(st);
  }
  sqlite3_close(db);
  return out;
}

// Waits until the first outbox message's state is `state`; false after 30 s.
bool outbox_reaches(const std::string& db_path, const std::string& state) {
  for (int i = 0; i < 600; ++i) {
    if (outbox_column(db_path, "state") == state) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

class MailSmtpTest : public ApiTest {
 protected:
  static SmtpSinkOptions sink_options() { return {.username = "mailer", .password = "s3cret pass"}; }
  explicit MailSmtpTest(SmtpSinkOptions options = sink_options())
      : sink_(std::make_unique<SmtpSink>(std::move(options))) {}
  std::unique_ptr<SmtpSink> sink_;
  ServerConfig server_config() const override {
    ServerConfig c;
    c.config_toml =
        "[server]\npublic_url = \"https://login.example.com\"\n"
        "[mail]\nsmtp_host = \"127.0.0.1\"\nsmtp_port = " +
        std::to_string(sink_->port()) +
        "\nfrom = \"no-reply@example.com\"\nusername = \"mailer\"\npassword = \"s3cret pass\"\n"
        "timeout_seconds = 10\npoll_seconds = 1\n";
    return c;
  }
  HttpResponse invite(const std::string& id) {
    return http().send("POST", "/api/v2/users/" + id + "/invite", bearer(admin()), "");
  }
};

TEST_F(MailSmtpTest, InvitationIsDeliveredOverSmtp) {
  auto id = str(create_user("Zoë Smith", "zoe@example.com"), "id");
  ASSERT_EQ(invite(id).status, 204);
  ASSERT_TRUE(sink_->wait_for(1)) << server().log_text();
  auto mail = sink_->received().at(0);

  EXPECT_EQ(mail.helo, "roleplane");
  EXPECT_EQ(mail.auth_mechanism, "PLAIN");
  EXPECT_EQ(mail.auth_user, "mailer");
  EXPECT_EQ(mail.auth_password, "s3cret pass");
  EXPECT_EQ(mail.mail_from, "no-reply@example.com");
  EXPECT_EQ(mail.rcpt_to, std::vector<std::string>{"zoe@example.com"});

  EXPECT_EQ(mail_header(mail.data, "From"), "no-reply@example.com");
  EXPECT_EQ(mail_header(mail.data, "To"), "zoe@example.com");
  EXPECT_EQ(mail_header(mail.data, "Subject"), "Your acme account");
  EXPECT_EQ(mail_header(mail.data, "MIME-Version"), "1.0");
  EXPECT_EQ(mail_header(mail.data, "Content-Type"), "text/plain; charset=utf-8");
  EXPECT_FALSE(mail_header(mail.data, "Date").empty());
  EXPECT_TRUE(mail_header(mail.data, "Message-ID").ends_with("@example.com>"));
  // The name is not ASCII, so the body travels as base64.
  EXPECT_EQ(mail_header(mail.data, "Content-Transfer-Encoding"), "base64");
  std::string encoded;
  for (char c : mail_body(mail.data))
    if (c != '\r' && c != '\n') encoded += c;
  auto body = base64_decode(encoded);
  ASSERT_TRUE(body) << mail.data;
  EXPECT_NE(body->find("Hello Zoë Smith,"), std::string::npos) << *body;
  auto at = body->find("https://login.example.com/invitations/");
  ASSERT_NE(at, std::string::npos) << *body;
  std::string path = body->substr(at + std::string("https://login.example.com").size());
  path = path.substr(0, path.find_first_of("\r\n"));

  // The link works on this server, and the outbox row is marked sent with
  // its body (the live link) dropped.
  EXPECT_EQ(http().get(path).status, 200);
  ASSERT_TRUE(outbox_reaches(server().db_path(), "sent"));
  EXPECT_EQ(outbox_column(server().db_path(), "body"), "");
  EXPECT_EQ(outbox_column(server().db_path(), "attempts"), "1");
  EXPECT_FALSE(outbox_column(server().db_path(), "sent").empty());
  // The password was sent only inside AUTH PLAIN, never as a command of its own.
  for (const auto& c : sink_->commands()) EXPECT_EQ(c.find("s3cret"), std::string::npos) << c;
}

class MailRetryTest : public MailSmtpTest {
 protected:
  static SmtpSinkOptions refusing_once() {
    auto o = sink_options();
    o.refuse_data = 1;
    return o;
  }
  MailRetryTest() : MailSmtpTest(refusing_once()) {}
};

TEST_F(MailRetryTest, ATemporaryRefusalIsRetried) {
  auto id = str(create_user("Retry", "retry@example.com"), "id");
  ASSERT_EQ(invite(id).status, 204);
  // The first attempt is refused with 451: the message waits for its retry.
  for (int i = 0; i < 600 && outbox_column(server().db_path(), "attempts") != "1"; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(outbox_column(server().db_path(), "attempts"), "1");
  EXPECT_EQ(outbox_column(server().db_path(), "state"), "pending");
  EXPECT_NE(outbox_column(server().db_path(), "last_error").find("451"), std::string::npos);
  EXPECT_EQ(sink_->received().size(), 0u);
  // Bring the retry forward instead of waiting for the backoff.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(server().db_path().c_str(), &db), SQLITE_OK);
  sqlite3_busy_timeout(db, 5000);
  EXPECT_EQ(sqlite3_exec(db, "UPDATE mail_outbox SET next_attempt = 0", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  ASSERT_TRUE(sink_->wait_for(1)) << server().log_text();
  ASSERT_TRUE(outbox_reaches(server().db_path(), "sent"));
  EXPECT_EQ(outbox_column(server().db_path(), "attempts"), "2");
  EXPECT_EQ(sink_->received().at(0).rcpt_to, std::vector<std::string>{"retry@example.com"});
}

class MailRefusedTest : public MailSmtpTest {
 protected:
  static SmtpSinkOptions refusing() {
    auto o = sink_options();
    o.refuse_data = 100;
    o.refuse_permanently = true;
    return o;
  }
  MailRefusedTest() : MailSmtpTest(refusing()) {}
};

TEST_F(MailRefusedTest, APermanentRefusalFailsTheMessage) {
  auto id = str(create_user("Nope", "nope@example.com"), "id");
  ASSERT_EQ(invite(id).status, 204);
  ASSERT_TRUE(outbox_reaches(server().db_path(), "failed")) << server().log_text();
  EXPECT_EQ(outbox_column(server().db_path(), "attempts"), "1");
  EXPECT_NE(outbox_column(server().db_path(), "last_error").find("554"), std::string::npos);
}

}  // namespace
}  // namespace rp::test
