// Conformance: the directory extras: grants of several subjects, profile
// skills, invitations and the mail outbox, each scoped to its organization.
#include "store/store_suite.h"

namespace rp::store::test {
namespace {

using Skills = std::vector<std::pair<std::string, std::string>>;

Invitation sample_invitation(const std::string& user_id, const std::string& hash, Millis created) {
  Invitation i;
  i.token_hash = hash;
  i.id = new_uuid();
  i.user_id = user_id;
  i.email = "someone@example.com";
  i.invited_by = new_uuid();
  i.created = created;
  i.expires = created + 1000;
  return i;
}

MailMessage sample_mail(const OrgId& org, const std::string& to, Millis due) {
  MailMessage m;
  m.id = new_uuid();
  m.org_id = org.value;
  m.recipient = to;
  m.subject = "Subject for " + to;
  m.body = "Body\nwith lines";
  m.created = due;
  m.next_attempt = due;
  return m;
}

TEST_P(StoreTest, ProfileSkillsAreReplacedAndReadInOrder) {
  OrgId org = make_org();
  User a = sample_user("A", "a@example.com"), b = sample_user("B", "b@example.com");
  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) -> Result<void> {
    RP_CHECK(tx.insert_user(a));
    RP_CHECK(tx.insert_user(b));
    RP_CHECK(tx.set_profile_skills(a.id, {"Zeta", "Alpha", "Mid"}));
    return tx.set_profile_skills(b.id, {"Only"});
  })));
  auto got = in_read(org, [&](Reader& tx) { return tx.profile_skills(a.id); });
  ASSERT_TRUE(ok(got));
  EXPECT_EQ(*got, (std::vector<std::string>{"Zeta", "Alpha", "Mid"}));

  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) { return tx.set_profile_skills(a.id, {"New"}); })));
  got = in_read(org, [&](Reader& tx) { return tx.profile_skills(a.id); });
  EXPECT_EQ(*got, std::vector<std::string>{"New"});

  std::vector<std::string> ids{b.id, a.id, new_uuid()};
  auto batch = in_read(org, [&](Reader& tx) { return tx.profile_skills_of(ids); });
  ASSERT_TRUE(ok(batch));
  Skills expected{{a.id, "New"}, {b.id, "Only"}};
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(*batch, expected);
  auto empty = in_read(org, [&](Reader& tx) { return tx.profile_skills_of({}); });
  ASSERT_TRUE(ok(empty));
  EXPECT_TRUE(empty->empty());

  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) { return tx.set_profile_skills(a.id, {}); })));
  got = in_read(org, [&](Reader& tx) { return tx.profile_skills(a.id); });
  EXPECT_TRUE(got->empty());
  // Another organization sees none of them.
  OrgId other = make_org("Other");
  auto theirs = in_read(other, [&](Reader& tx) { return tx.profile_skills_of(ids); });
  ASSERT_TRUE(ok(theirs));
  EXPECT_TRUE(theirs->empty());
}

TEST_P(StoreTest, GrantsOfSeveralSubjects) {
  OrgId org = make_org();
  Role r = sample_role("Viewer");
  std::string u1 = new_uuid(), u2 = new_uuid(), u3 = new_uuid();
  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) -> Result<void> {
    RP_CHECK(tx.insert_role(r));
    RP_CHECK(tx.insert_grant({u1, SubjectType::user, r.id, "*", 1}));
    RP_CHECK(tx.insert_grant({u2, SubjectType::user, r.id, "d1", 2}));
    return tx.insert_grant({u3, SubjectType::user, r.id, "d2", 3});
  })));
  auto got = in_read(org, [&](Reader& tx) { return tx.grants_of_subjects({u2, u1, new_uuid()}); });
  ASSERT_TRUE(ok(got));
  ASSERT_EQ(got->size(), 2u);
  std::vector<std::string> subjects{(*got)[0].subject_id, (*got)[1].subject_id};
  EXPECT_TRUE(std::is_sorted(subjects.begin(), subjects.end()));
  for (const auto& g : *got) EXPECT_TRUE(g.subject_id == u1 || g.subject_id == u2);
  auto none = in_read(org, [&](Reader& tx) { return tx.grants_of_subjects({}); });
  ASSERT_TRUE(ok(none));
  EXPECT_TRUE(none->empty());
  OrgId other = make_org("Other");
  auto theirs = in_read(other, [&](Reader& tx) { return tx.grants_of_subjects({u1, u2, u3}); });
  ASSERT_TRUE(ok(theirs));
  EXPECT_TRUE(theirs->empty());
}

TEST_P(StoreTest, InvitationsByHashAndByUser) {
  OrgId org = make_org();
  OrgId other = make_org("Other");
  std::string user = new_uuid();
  Invitation older = sample_invitation(user, "hash-older", 1000);
  Invitation newer = sample_invitation(user, "hash-newer", 2000);
  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) -> Result<void> {
    RP_CHECK(tx.insert_invitation(older));
    return tx.insert_invitation(newer);
  })));

  auto found = in_read(org, [&](Reader& tx) { return tx.find_invitation("hash-older"); });
  ASSERT_TRUE(ok(found));
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->id, older.id);
  EXPECT_EQ((*found)->user_id, user);
  EXPECT_EQ((*found)->email, older.email);
  EXPECT_EQ((*found)->invited_by, older.invited_by);
  EXPECT_EQ((*found)->created, 1000);
  EXPECT_EQ((*found)->expires, 2000);
  EXPECT_FALSE((*found)->used);
  EXPECT_FALSE((*found)->superseded);

  auto mine = in_read(org, [&](Reader& tx) { return tx.invitations_of_user(user); });
  ASSERT_TRUE(ok(mine));
  ASSERT_EQ(mine->size(), 2u);
  EXPECT_EQ((*mine)[0].id, newer.id);  // newest first

  Invitation elsewhere = sample_invitation(new_uuid(), "hash-elsewhere", 3000);
  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) { return tx.insert_invitation(elsewhere); })));
  auto last = in_read(org, [&](Reader& tx) { return tx.last_invited({user, new_uuid()}); });
  ASSERT_TRUE(ok(last));
  EXPECT_EQ(*last, (std::vector<std::pair<std::string, Millis>>{{user, 2000}}));
  auto no_one = in_read(other, [&](Reader& tx) { return tx.last_invited({user}); });
  ASSERT_TRUE(ok(no_one));
  EXPECT_TRUE(no_one->empty());

  older.superseded = 1500;
  newer.used = 2500;
  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) -> Result<void> {
    RP_CHECK(tx.update_invitation(older));
    return tx.update_invitation(newer);
  })));
  found = in_read(org, [&](Reader& tx) { return tx.find_invitation("hash-newer"); });
  EXPECT_EQ((*found)->used, std::optional<Millis>(2500));
  found = in_read(org, [&](Reader& tx) { return tx.find_invitation("hash-older"); });
  EXPECT_EQ((*found)->superseded, std::optional<Millis>(1500));
  EXPECT_TRUE(failed(
      in_write(org, [&](ReadWriteTransaction& tx) { return tx.update_invitation(sample_invitation(user, "nope", 1)); }),
      Errc::not_found));

  // The organization of a hash, known before the organization is.
  auto where = store().find_invitation_org("hash-newer");
  ASSERT_TRUE(ok(where));
  ASSERT_TRUE(where->has_value());
  EXPECT_EQ((*where)->value, org.value);
  auto nowhere = store().find_invitation_org("unknown");
  ASSERT_TRUE(ok(nowhere));
  EXPECT_FALSE(nowhere->has_value());

  // Another organization sees none of them, nor can it update them.
  auto theirs = in_read(other, [&](Reader& tx) { return tx.find_invitation("hash-newer"); });
  ASSERT_TRUE(ok(theirs));
  EXPECT_FALSE(theirs->has_value());
  EXPECT_TRUE(
      failed(in_write(other, [&](ReadWriteTransaction& tx) { return tx.update_invitation(newer); }), Errc::not_found));
  // Hashes are unique across organizations.
  EXPECT_TRUE(failed(in_write(other,
                              [&](ReadWriteTransaction& tx) {
                                return tx.insert_invitation(sample_invitation(user, "hash-newer", 1));
                              }),
                     Errc::conflict));
}

TEST_P(StoreTest, MailOutboxAndDueMessagesAcrossOrganizations) {
  OrgId a = make_org("A");
  OrgId b = make_org("B");
  MailMessage a1 = sample_mail(a, "a1@example.com", 100);
  MailMessage a2 = sample_mail(a, "a2@example.com", 300);
  MailMessage b1 = sample_mail(b, "b1@example.com", 200);
  MailMessage later = sample_mail(b, "later@example.com", 5000);
  ASSERT_TRUE(ok(in_write(a, [&](ReadWriteTransaction& tx) -> Result<void> {
    RP_CHECK(tx.insert_mail(a1));
    return tx.insert_mail(a2);
  })));
  ASSERT_TRUE(ok(in_write(b, [&](ReadWriteTransaction& tx) -> Result<void> {
    RP_CHECK(tx.insert_mail(b1));
    return tx.insert_mail(later);
  })));
  EXPECT_TRUE(
      failed(in_write(a, [&](ReadWriteTransaction& tx) { return tx.insert_mail(sample_mail(b, "x@example.com", 1)); }),
             Errc::invalid_argument));

  auto listed = in_read(a, [](Reader& tx) { return tx.list_mail(); });
  ASSERT_TRUE(ok(listed));
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].id, a1.id);
  EXPECT_EQ((*listed)[0].subject, a1.subject);
  EXPECT_EQ((*listed)[0].body, a1.body);
  EXPECT_EQ((*listed)[0].state, MailState::pending);

  auto due = store().due_mail(1000, 10);
  ASSERT_TRUE(ok(due));
  std::vector<std::string> order;
  for (const auto& m : *due) order.push_back(m.recipient);
  EXPECT_EQ(order, (std::vector<std::string>{"a1@example.com", "b1@example.com", "a2@example.com"}));
  EXPECT_EQ((*due)[1].org_id, b.value);
  due = store().due_mail(1000, 1);
  ASSERT_EQ(due->size(), 1u);

  // Sent and failed messages are no longer due; a retry moves the due time.
  MailMessage sent = a1;
  sent.state = MailState::sent;
  sent.sent = 900;
  sent.attempts = 1;
  sent.body.clear();
  MailMessage retry = b1;
  retry.attempts = 1;
  retry.last_error = "451 later";
  retry.next_attempt = 2000;
  ASSERT_TRUE(ok(in_write(a, [&](ReadWriteTransaction& tx) { return tx.update_mail(sent); })));
  ASSERT_TRUE(ok(in_write(b, [&](ReadWriteTransaction& tx) { return tx.update_mail(retry); })));
  EXPECT_TRUE(failed(in_write(b, [&](ReadWriteTransaction& tx) { return tx.update_mail(sent); }), Errc::not_found));
  due = store().due_mail(1000, 10);
  ASSERT_EQ(due->size(), 1u);
  EXPECT_EQ((*due)[0].id, a2.id);
  due = store().due_mail(2000, 10);
  ASSERT_EQ(due->size(), 2u);
  EXPECT_EQ((*due)[1].last_error, "451 later");
  listed = in_read(a, [](Reader& tx) { return tx.list_mail(); });
  EXPECT_EQ((*listed)[0].state, MailState::sent);
  EXPECT_EQ((*listed)[0].sent, std::optional<Millis>(900));
  EXPECT_EQ((*listed)[0].body, "");
}

}  // namespace
}  // namespace rp::store::test
