#include "service/invitations/invitations.h"

#include <gtest/gtest.h>

#include "core/reasons.h"
#include "unit/service/service_fixture.h"

namespace rp::service {
namespace {

class InvitationServiceTest : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    invitations_ = std::make_unique<InvitationService>(
        *store_, *access_, InvitationSettings{.public_url = "https://id.example.com/", .lifetime_seconds = 3600},
        PasswordPolicy{}, clock_);
    invitations_->on_mail_queued([this] { ++queued_; });
    NewUser u;
    u.name = "Ivy";
    u.email = "ivy@example.com";
    u.state = "inactive";
    auto view = users_->create(admin_, u, kAddUser);
    ASSERT_TRUE(view) << view.error().message;
    user_ = view->user.id;
  }
  void TearDown() override {
    invitations_.reset();
    ServiceTest::TearDown();
  }
  std::vector<store::MailMessage> outbox() {
    std::vector<store::MailMessage> out;
    EXPECT_TRUE(store_->read(admin_.org, [&](store::Reader& tx) -> Result<void> {
      out = RP_TRY(tx.list_mail());
      return {};
    }));
    return out;
  }
  // The token of the link in the n-th outbox message.
  std::string token_of(std::size_t n) {
    auto body = outbox().at(n).body;
    const std::string prefix = "https://id.example.com/invitations/";
    auto at = body.find(prefix);
    EXPECT_NE(at, std::string::npos) << body;
    auto rest = body.substr(at + prefix.size());
    return rest.substr(0, rest.find('\n'));
  }
  std::unique_ptr<InvitationService> invitations_;
  std::string user_;
  int queued_ = 0;
};

TEST_F(InvitationServiceTest, InviteQueuesOneMessageAndNotifies) {
  auto inv = invitations_->invite(admin_, user_, false, kInviteUser);
  ASSERT_TRUE(inv) << inv.error().message;
  EXPECT_EQ(inv->expires - inv->created, 3600 * 1000);
  EXPECT_EQ(queued_, 1);
  auto mail = outbox();
  ASSERT_EQ(mail.size(), 1u);
  EXPECT_EQ(mail[0].recipient, "ivy@example.com");
  EXPECT_EQ(mail[0].next_attempt, clock_.now());
  EXPECT_EQ(sha256_hex(token_of(0)), inv->token_hash);
  // The link has no double slash although the public URL ends with one.
  EXPECT_NE(mail[0].body.find("https://id.example.com/invitations/"), std::string::npos);
}

TEST_F(InvitationServiceTest, TokensExpireByTheClock) {
  ASSERT_TRUE(invitations_->invite(admin_, user_, false, kInviteUser));
  auto token = token_of(0);
  clock_.advance(3600 * 1000 - 1);
  EXPECT_TRUE(invitations_->describe(token));
  clock_.advance(1);
  auto gone = invitations_->describe(token);
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.error().reason, reason::invitation_expired);
  EXPECT_EQ(invitations_->accept(token, "long enough 1").error().reason, reason::invitation_expired);
  // Expired is not outstanding.
  EXPECT_TRUE(invitations_->invite(admin_, user_, false, kInviteUser));
}

TEST_F(InvitationServiceTest, AcceptIsSingleUseAndActivates) {
  ASSERT_TRUE(invitations_->invite(admin_, user_, false, kInviteUser));
  auto token = token_of(0);
  auto weak = invitations_->accept(token, "short");
  ASSERT_FALSE(weak);
  EXPECT_EQ(weak.error().field, "password");
  auto done = invitations_->accept(token, "long enough 1");
  ASSERT_TRUE(done) << done.error().message;
  EXPECT_EQ(done->email, "ivy@example.com");
  auto user = users_->get(admin_, user_);
  ASSERT_TRUE(user);
  EXPECT_EQ(user->user.state, store::UserState::active);
  EXPECT_TRUE(verify_password("long enough 1", user->user.password_hash));
  EXPECT_EQ(invitations_->accept(token, "another one 2").error().reason, reason::invitation_used);
  EXPECT_EQ(invitations_->describe("no-such-token").error().reason, reason::invitation_unknown);
}

TEST_F(InvitationServiceTest, RetriesBackOffThenFail) {
  ASSERT_TRUE(invitations_->invite(admin_, user_, false, kInviteUser));
  Millis start = clock_.now();
  std::vector<Millis> delays;
  for (std::int64_t attempt = 1; attempt < InvitationService::kMaxAttempts; ++attempt) {
    auto due = invitations_->due(10);
    ASSERT_TRUE(due);
    ASSERT_EQ(due->size(), 1u) << attempt;
    ASSERT_TRUE(invitations_->failed(due->front(), "451 busy"));
    auto m = outbox().at(0);
    EXPECT_EQ(m.state, store::MailState::pending);
    EXPECT_EQ(m.attempts, attempt);
    delays.push_back(m.next_attempt - clock_.now());
    EXPECT_TRUE(invitations_->due(10)->empty());  // not due before its time
    clock_.now_ = m.next_attempt;
  }
  EXPECT_EQ(delays[0], 30'000);
  EXPECT_EQ(delays[1], 60'000);
  EXPECT_EQ(delays[2], 120'000);
  EXPECT_EQ(delays.back(), 3'600'000);  // capped at an hour
  ASSERT_TRUE(invitations_->failed(invitations_->due(10)->front(), "451 busy"));
  EXPECT_EQ(outbox().at(0).state, store::MailState::failed);
  EXPECT_TRUE(invitations_->due(10)->empty());
  EXPECT_GT(clock_.now(), start);
}

TEST_F(InvitationServiceTest, SentDropsTheBodyAndPermanentFailuresStop) {
  ASSERT_TRUE(invitations_->invite(admin_, user_, false, kInviteUser));
  ASSERT_TRUE(invitations_->sent(invitations_->due(10)->front()));
  auto m = outbox().at(0);
  EXPECT_EQ(m.state, store::MailState::sent);
  EXPECT_EQ(m.body, "");
  EXPECT_EQ(m.sent, std::optional<Millis>(clock_.now()));
  ASSERT_TRUE(invitations_->invite(admin_, user_, true, kInviteUser));
  ASSERT_TRUE(invitations_->failed(invitations_->due(10)->front(), "550 no such user", true));
  EXPECT_EQ(outbox().at(1).state, store::MailState::failed);
  EXPECT_EQ(outbox().at(1).last_error, "550 no such user");
}

}  // namespace
}  // namespace rp::service
