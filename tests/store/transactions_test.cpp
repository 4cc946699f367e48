// Conformance: transaction semantics (rollback, read-only snapshots, unknown
// organizations), migrations, durability across reopening, concurrent
// writers, and deadlines (reads stop at the thread's deadline, writes do not).
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "core/deadline.h"
#include "core/reasons.h"
#include "store/store_suite.h"

namespace rp::store::test {
namespace {

TEST_P(StoreTest, ErrorRollsBackEverythingTheClosureWrote) {
  OrgId org = make_org();
  User u = sample_user("Rolled Back", "rb@example.com");
  Role r = sample_role("Rolled Back");
  auto result = store().write(org, [&](ReadWriteTransaction& tx) -> Result<void> {
    RP_CHECK(tx.insert_user(u));
    RP_CHECK(tx.insert_role(r));
    RP_CHECK(tx.insert_grant(Grant{u.id, SubjectType::user, r.id, "*", 1}));
    RP_CHECK(tx.insert_audit(sample_audit("user.create", 1)));
    // The writes are visible inside the transaction...
    RP_TRY(tx.get_user(u.id));
    return fail(make_error(Errc::invalid_argument, "nope").with_field("name"));
  });
  ASSERT_TRUE(failed(result, Errc::invalid_argument));
  EXPECT_EQ(result.error().field, "name");  // the caller gets its own error back

  // ...and gone afterwards.
  EXPECT_TRUE(failed(in_read(org, [&](Reader& tx) { return tx.get_user(u.id); }), Errc::not_found));
  EXPECT_TRUE(failed(in_read(org, [&](Reader& tx) { return tx.get_role(r.id); }), Errc::not_found));
  auto grants = in_read(org, [](Reader& tx) { return tx.list_grants(); });
  ASSERT_TRUE(ok(grants));
  EXPECT_TRUE(grants->empty());
  auto audit = in_read(org, [](Reader& tx) { return tx.list_audit({}); });
  ASSERT_TRUE(ok(audit));
  EXPECT_EQ(audit->total, 0);
  auto found = in_read(org, [](Reader& tx) { return tx.find_user_by_email("rb@example.com"); });
  ASSERT_TRUE(ok(found));
  EXPECT_FALSE(found->has_value());
}

TEST_P(StoreTest, ThrowingClosureIsRolledBack) {
  OrgId org = make_org();
  User u = sample_user("Thrower", "throw@example.com");
  auto result = store().write(org, [&](ReadWriteTransaction& tx) -> Result<void> {
    RP_CHECK(tx.insert_user(u));
    RP_CHECK(tx.insert_audit(sample_audit("user.create", 1)));
    throw std::runtime_error("bug");
  });
  EXPECT_TRUE(failed(result, Errc::internal));
  EXPECT_TRUE(failed(in_read(org, [&](Reader& tx) { return tx.get_user(u.id); }), Errc::not_found));
  auto audit = in_read(org, [](Reader& tx) { return tx.list_audit({}); });
  ASSERT_TRUE(ok(audit));
  EXPECT_EQ(audit->total, 0);
  // The store keeps working.
  EXPECT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) { return tx.insert_user(u); })));
}

TEST_P(StoreTest, FailedOperationInsideASuccessfulTransactionLeavesNoTrace) {
  OrgId org = make_org();
  User first = sample_user("First", "first@example.com");
  User clash = sample_user("Clash", "first@example.com");
  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) { return tx.insert_user(first); })));
  // The closure swallows the conflict and commits: nothing of the failed
  // insert (not even its addresses) may remain.
  ASSERT_TRUE(ok(store().write(org, [&](ReadWriteTransaction& tx) -> Result<void> {
    EXPECT_TRUE(failed(tx.insert_user(clash), Errc::conflict, reason::duplicate));
    return tx.insert_audit(sample_audit("user.create.failed", 2));
  })));
  EXPECT_TRUE(failed(in_read(org, [&](Reader& tx) { return tx.get_user(clash.id); }), Errc::not_found));
  auto audit = in_read(org, [](Reader& tx) { return tx.list_audit({}); });
  ASSERT_TRUE(ok(audit));
  EXPECT_EQ(audit->total, 1);
}

// Store::read hands its closure a Reader, which has no writes: a write inside
// a read does not compile. Each write of ReadWriteTransaction is checked.
#define RP_WRITE(name, call)                                                                                      \
  template <class T>                                                                                              \
  concept has_##name =                                                                                            \
      requires(T & tx, const User& u, const Role& r, const Grant& g, const OAuthClient& c, const Token& t,        \
               const Division& d, const AuditRecord& a, const ApiKey& k, const Operation& o, const Invitation& i, \
               const MailMessage& m, const AuthorizationCode& code, const RefreshToken& rt, const Group& grp,     \
               const Trust& tr, const TrustMember& tm, const Pairing& pr, const ClonedUser& cu) {                 \
    tx.call;                                                                                                      \
  };                                                                                                              \
  static_assert(!has_##name<Reader>, "a Reader must not have " #name);                                            \
  static_assert(has_##name<ReadWriteTransaction>, "a transaction has " #name)

RP_WRITE(insert_division, insert_division(d));
RP_WRITE(update_division, update_division(d));
RP_WRITE(delete_division, delete_division("id"));
RP_WRITE(insert_user, insert_user(u));
RP_WRITE(insert_users, insert_users({u}));
RP_WRITE(update_user, update_user(u, 1));
RP_WRITE(record_user_activity, record_user_activity("id", 1, 1));
RP_WRITE(set_user_password, set_user_password("id", "hash"));
RP_WRITE(insert_role, insert_role(r));
RP_WRITE(update_role, update_role(r));
RP_WRITE(delete_role, delete_role("id"));
RP_WRITE(insert_grant, insert_grant(g));
RP_WRITE(delete_grant, delete_grant(g));
RP_WRITE(delete_grants_of, delete_grants_of("id"));
RP_WRITE(insert_client, insert_client(c));
RP_WRITE(update_client, update_client(c));
RP_WRITE(delete_client, delete_client("id"));
RP_WRITE(insert_token, insert_token(t));
RP_WRITE(delete_token, delete_token("hash"));
RP_WRITE(delete_tokens_of_client, delete_tokens_of_client("id"));
RP_WRITE(delete_tokens_of_user, delete_tokens_of_user("id"));
RP_WRITE(delete_session_tokens, delete_session_tokens("id"));
RP_WRITE(delete_user_tokens, delete_user_tokens("id", ""));
RP_WRITE(delete_acting_tokens, delete_acting_tokens("org", {}));
RP_WRITE(cap_acting_tokens, cap_acting_tokens("org", 1));
RP_WRITE(insert_code, insert_code(code));
RP_WRITE(use_code, use_code("hash"));
RP_WRITE(insert_refresh_token, insert_refresh_token(rt));
RP_WRITE(rotate_refresh_token, rotate_refresh_token("hash"));
RP_WRITE(purge_expired_sign_ins, purge_expired_sign_ins(1));
RP_WRITE(set_profile_skills, set_profile_skills("id", {}));
RP_WRITE(insert_invitation, insert_invitation(i));
RP_WRITE(update_invitation, update_invitation(i));
RP_WRITE(insert_mail, insert_mail(m));
RP_WRITE(update_mail, update_mail(m));
RP_WRITE(insert_api_key, insert_api_key(k));
RP_WRITE(update_api_key, update_api_key(k));
RP_WRITE(delete_api_key, delete_api_key("id"));
RP_WRITE(insert_operation, insert_operation(o));
RP_WRITE(update_operation, update_operation(o));
RP_WRITE(insert_audit, insert_audit(a));
RP_WRITE(insert_group, insert_group(grp));
RP_WRITE(update_group, update_group(grp, 1));
RP_WRITE(add_group_members, add_group_members("id", {}));
RP_WRITE(remove_group_members, remove_group_members("id", {}));
RP_WRITE(insert_trust, insert_trust(tr));
RP_WRITE(update_trust, update_trust(tr));
RP_WRITE(delete_trust, delete_trust("a", "b"));
RP_WRITE(insert_trust_member, insert_trust_member(tm));
RP_WRITE(delete_trust_member, delete_trust_member("a", "b", MemberKind::user, "id"));
RP_WRITE(set_member_grants, set_member_grants("a", "b", MemberKind::user, "id", {}));
RP_WRITE(insert_pairing, insert_pairing(pr));
RP_WRITE(consume_pairing, consume_pairing("id", 1));
RP_WRITE(insert_cloned_user, insert_cloned_user(cu));
RP_WRITE(delete_cloned_user, delete_cloned_user("a", "b", "id"));
RP_WRITE(partner_writer, partner_writer(OrgId("a")));
#undef RP_WRITE

TEST_P(StoreTest, ReadErrorIsReturned) {
  OrgId org = make_org();
  auto r = store().read(org, [](Reader&) -> Result<void> { return fail(Errc::permission_denied, "no"); });
  EXPECT_TRUE(failed(r, Errc::permission_denied));
  r = store().read(org, [](Reader&) -> Result<void> { throw std::runtime_error("bug"); });
  EXPECT_TRUE(failed(r, Errc::internal));
  EXPECT_TRUE(ok(store().read(org, [](Reader& tx) -> Result<void> {
    RP_TRY(tx.list_divisions());
    return {};
  })));
}

TEST_P(StoreTest, UnknownOrganizationIsNotFound) {
  make_org();
  OrgId ghost(new_uuid());
  bool ran = false;
  auto body = [&](auto&) -> Result<void> {
    ran = true;
    return {};
  };
  EXPECT_TRUE(failed(store().read(ghost, body), Errc::not_found));
  EXPECT_TRUE(failed(store().write(ghost, body), Errc::not_found));
  EXPECT_FALSE(ran);
}

TEST_P(StoreTest, MigrateIsIdempotent) {
  auto v1 = store().migrate();
  ASSERT_TRUE(ok(v1));
  auto v2 = store().migrate();
  ASSERT_TRUE(ok(v2));
  EXPECT_EQ(*v1, *v2);
  OrgId org = make_org();
  ASSERT_TRUE(ok(store().migrate()));
  EXPECT_TRUE(ok(in_read(org, [](Reader& tx) { return tx.organization(); })));
}

TEST_P(StoreTest, DataSurvivesReopening) {
  if (!driver().survives_reopen) GTEST_SKIP() << "driver capability: its databases do not outlive the store";
  OrgId org = make_org();
  User u = sample_user("Durable", "durable@example.com");
  Role r = sample_role("Durable");
  AuditRecord a = sample_audit("user.create", 77);
  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) -> Result<void> {
    RP_CHECK(tx.insert_user(u));
    RP_CHECK(tx.insert_role(r));
    RP_CHECK(tx.insert_grant(Grant{u.id, SubjectType::user, r.id, "*", 1}));
    return tx.insert_audit(a);
  })));
  reopen();
  auto version = store().migrate();
  ASSERT_TRUE(ok(version));
  auto got = in_read(org, [&](Reader& tx) { return tx.get_user(u.id); });
  ASSERT_TRUE(ok(got));
  expect_same(*got, u);
  auto role = in_read(org, [&](Reader& tx) { return tx.get_role(r.id); });
  ASSERT_TRUE(ok(role));
  expect_same(*role, r);
  auto grants = in_read(org, [&](Reader& tx) { return tx.grants_of(u.id); });
  ASSERT_TRUE(ok(grants));
  EXPECT_EQ(grants->size(), 1u);
  auto audit = in_read(org, [](Reader& tx) { return tx.list_audit({}); });
  ASSERT_TRUE(ok(audit));
  ASSERT_EQ(audit->items.size(), 1u);
  expect_same(audit->items[0], a);
}

TEST_P(StoreTest, ReadSeesOneSnapshot) {
  OrgId org = make_org();
  ASSERT_TRUE(ok(
      in_write(org, [](ReadWriteTransaction& tx) { return tx.insert_user(sample_user("One", "one@example.com")); })));
  UserQuery q;
  auto r = store().read(org, [&](Reader& tx) -> Result<void> {
    auto before = RP_TRY(tx.list_users(q));
    // Another thread commits while this snapshot is open.
    std::thread writer([&] {
      EXPECT_TRUE(ok(
          in_write(org, [](ReadWriteTransaction& w) { return w.insert_user(sample_user("Two", "two@example.com")); })));
    });
    writer.join();
    auto after = RP_TRY(tx.list_users(q));
    EXPECT_EQ(before.total, 1);
    EXPECT_EQ(after.total, 1);
    return {};
  });
  ASSERT_TRUE(ok(r));
  auto now = in_read(org, [&](Reader& tx) { return tx.list_users(q); });
  ASSERT_TRUE(ok(now));
  EXPECT_EQ(now->total, 2);
}

TEST_P(StoreTest, ConcurrentWritersAllLand) {
  constexpr int kThreads = 8;
  constexpr int kWrites = 200;
  OrgId org = make_org();
  std::atomic<int> errors{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kWrites; ++i) {
        std::string key = std::to_string(t) + "-" + std::to_string(i);
        User u = sample_user("user " + key, key + "@example.com");
        auto r = store().write(org, [&](ReadWriteTransaction& tx) -> Result<void> {
          RP_CHECK(tx.insert_user(u));
          return tx.insert_audit(sample_audit("user.create", i));
        });
        if (!r) ++errors;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(errors.load(), 0);
  UserQuery q;
  q.page = {1, 1};
  auto users = in_read(org, [&](Reader& tx) { return tx.list_users(q); });
  ASSERT_TRUE(ok(users));
  EXPECT_EQ(users->total, kThreads * kWrites);
  auto audit = in_read(org, [](Reader& tx) { return tx.list_audit({1, 1}); });
  ASSERT_TRUE(ok(audit));
  EXPECT_EQ(audit->total, kThreads * kWrites);
}

TEST_P(StoreTest, FailingWritersDoNotDisturbTheirBatch) {
  // Half the writers fail (an error, a duplicate, or an exception) while
  // running concurrently with the others; exactly the others land.
  constexpr int kThreads = 8;
  constexpr int kWrites = 50;
  OrgId org = make_org();
  User taken = sample_user("Taken", "taken@example.com");
  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) { return tx.insert_user(taken); })));
  std::atomic<int> unexpected{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kWrites; ++i) {
        std::string key = std::to_string(t) + "-" + std::to_string(i);
        User u = sample_user("user " + key, key + "@example.com");
        int mode = (t + i) % 4;  // 0: fine, 1: error, 2: duplicate email, 3: throws  (0 and 2 alternate)
        auto r = store().write(org, [&](ReadWriteTransaction& tx) -> Result<void> {
          RP_CHECK(tx.insert_audit(sample_audit("attempt", i)));
          if (mode == 2) u.email = "TAKEN@example.com";
          RP_CHECK(tx.insert_user(u));
          if (mode == 1) return fail(Errc::invalid_argument, "no");
          if (mode == 3) throw std::runtime_error("bug");
          return {};
        });
        bool should_succeed = mode == 0;
        if (bool(r) != should_succeed) ++unexpected;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(unexpected.load(), 0);
  UserQuery q;
  q.page = {1, 1};
  auto users = in_read(org, [&](Reader& tx) { return tx.list_users(q); });
  ASSERT_TRUE(ok(users));
  EXPECT_EQ(users->total, 1 + kThreads * kWrites / 4);
  auto audit = in_read(org, [](Reader& tx) { return tx.list_audit({1, 1}); });
  ASSERT_TRUE(ok(audit));
  EXPECT_EQ(audit->total, kThreads * kWrites / 4);
}

TEST_P(StoreTest, ConcurrentReadersAndWriters) {
  OrgId org = make_org();
  User u = sample_user("Reader Target", "target@example.com");
  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) { return tx.insert_user(u); })));
  std::atomic<bool> stop{false};
  std::atomic<int> read_errors{0}, reads{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 4; ++t) {
    readers.emplace_back([&] {
      while (!stop) {
        auto got = in_read(org, [&](Reader& tx) { return tx.get_user(u.id); });
        if (!got || got->email != u.email) ++read_errors;
        ++reads;
      }
    });
  }
  for (int i = 0; i < 100; ++i) {
    ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) {
      return tx.insert_user(sample_user("w" + std::to_string(i), "w" + std::to_string(i) + "@example.com"));
    })));
  }
  stop = true;
  for (auto& th : readers) th.join();
  EXPECT_EQ(read_errors.load(), 0);
  EXPECT_GT(reads.load(), 0);
}

// A read past the calling thread's deadline (or cancelled) stops with
// unavailable, reason "deadline"; a write runs to completion whatever the
// deadline, so an acknowledged write is never cut short. Outside the scope
// the store works as before.
TEST_P(StoreTest, ReadsStopAtTheDeadlineWritesDoNot) {
  OrgId org = make_org();
  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) -> Result<void> {
    for (int i = 0; i < 400; ++i)
      RP_CHECK(tx.insert_user(sample_user("Deadline " + std::to_string(i), "d" + std::to_string(i) + "@example.com")));
    return {};
  })));
  auto list_all = [&] {
    return in_read(org, [](Reader& tx) {
      UserQuery q;
      q.page = {500, 1};
      return tx.list_users(q);
    });
  };
  {
    DeadlineScope past(DeadlineScope::Clock::now() - std::chrono::milliseconds(1));
    EXPECT_TRUE(failed(list_all(), Errc::unavailable, reason::deadline));
    User late = sample_user("Late Writer", "late@example.com");
    EXPECT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) { return tx.insert_user(late); })));
  }
  {
    std::atomic<bool> cancel{false};
    DeadlineScope open(DeadlineScope::Clock::time_point::max(), &cancel);
    auto before = list_all();
    ASSERT_TRUE(ok(before));
    EXPECT_EQ(before->items.size(), 401u);
    cancel = true;
    EXPECT_TRUE(failed(list_all(), Errc::unavailable, reason::deadline));
  }
  auto after = list_all();
  ASSERT_TRUE(ok(after));
  EXPECT_EQ(after->items.size(), 401u) << "the write made under an expired deadline is stored";
}

}  // namespace
}  // namespace rp::store::test
