// The [server], [mail] and [invitations] configuration sections.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "app/config.h"

namespace rp::app {
namespace {

class MailConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ::unsetenv("ROLEPLANE_CONFIG");
    path_ = std::filesystem::temp_directory_path() / ("rp-mail-config-" + std::to_string(::getpid()) + ".toml");
  }
  void TearDown() override { std::filesystem::remove(path_); }
  Result<Config> load(const std::string& text) {
    std::ofstream(path_) << text;
    Overrides o;
    o.config_file = path_.string();
    return load_config(o);
  }
  void expect_bad(const std::string& text, const std::string& key) {
    auto c = load(text);
    ASSERT_FALSE(c) << text;
    EXPECT_EQ(c.error().field, key) << c.error().message;
  }
  std::filesystem::path path_;
};

TEST_F(MailConfigTest, Defaults) {
  auto c = load("");
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->server.public_url, "");
  EXPECT_EQ(c->invitations.lifetime_seconds, 7 * 24 * 3600);
  EXPECT_EQ(c->mail.smtp_host, "");
  EXPECT_EQ(c->mail.smtp_port, 25);
  EXPECT_EQ(c->mail.starttls, "auto");
  EXPECT_EQ(c->mail.timeout_seconds, 30);
}

TEST_F(MailConfigTest, EveryKeyIsRead) {
  auto c = load(
      "[server]\npublic_url = \"https://id.example.com/\"\n"
      "[invitations]\nlifetime_seconds = 3600\n"
      "[mail]\nsmtp_host = \"smtp.example.com\"\nsmtp_port = 587\nfrom = \"id@example.com\"\n"
      "username = \"u\"\npassword = \"p\"\nstarttls = \"always\"\nca_file = \"/etc/ca.pem\"\n"
      "timeout_seconds = 5\npoll_seconds = 2\n");
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->server.public_url, "https://id.example.com");  // trailing slash dropped
  EXPECT_EQ(c->invitations.lifetime_seconds, 3600);
  EXPECT_EQ(c->mail.smtp_host, "smtp.example.com");
  EXPECT_EQ(c->mail.smtp_port, 587);
  EXPECT_EQ(c->mail.from, "id@example.com");
  EXPECT_EQ(c->mail.username, "u");
  EXPECT_EQ(c->mail.password, "p");
  EXPECT_EQ(c->mail.starttls, "always");
  EXPECT_EQ(c->mail.ca_file, "/etc/ca.pem");
  EXPECT_EQ(c->mail.timeout_seconds, 5);
  EXPECT_EQ(c->mail.poll_seconds, 2);
}

TEST_F(MailConfigTest, BadValuesNameTheirKey) {
  expect_bad("[server]\npublic_url = \"ftp://x\"\n", "server.public_url");
  expect_bad("[server]\nurl = \"http://x\"\n", "server.url");
  expect_bad("[mail]\nsmtp_port = 0\n", "mail.smtp_port");
  expect_bad("[mail]\nfrom = \"not an address\"\n", "mail.from");
  expect_bad("[mail]\nstarttls = \"maybe\"\n", "mail.starttls");
  expect_bad("[mail]\nusername = \"u\"\n", "mail.password");
  expect_bad("[mail]\nsmtp_host = 25\n", "mail.smtp_host");
  expect_bad("[invitations]\nlifetime_seconds = 10\n", "invitations.lifetime_seconds");
}

}  // namespace
}  // namespace rp::app
