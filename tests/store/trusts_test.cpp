// Conformance: trusts belong to their two parties and to nobody else; one per
// ordered pair; members and their grants go with the trust; grants hold the
// trustor's roles in use; pairings are read by id from any organization and
// consumed once; cloned users are counted per trustor; a transaction reaches
// its trust partners inside the same transaction, and no other organization.
#include "core/reasons.h"
#include "store/store_suite.h"

namespace rp::store::test {
namespace {

Trust sample_trust(const OrgId& trustor, const OrgId& trustee) {
  Trust t;
  t.trustor_org = trustor.value;
  t.trustee_org = trustee.value;
  t.enabled = true;
  t.uses_default_role = false;
  t.origin = "pairing-1";
  t.created_by = "creator-1";
  t.created = 1000;
  t.expires = 99000;
  return t;
}

TrustMember member(const Trust& t, MemberKind kind, const std::string& id) {
  return TrustMember{t.trustor_org, t.trustee_org, kind, id, "adder-1", 2000};
}

class TrustFixture : public StoreTest {
 protected:
  // A trusts B; C is a bystander. A holds role `role_`.
  void SetUp() override {
    StoreTest::SetUp();
    a_ = make_org("Alpha");
    b_ = make_org("Bravo");
    c_ = make_org("Charlie");
    role_ = sample_role("Trusted");
    trust_ = sample_trust(a_, b_);
    ASSERT_TRUE(ok(in_write(a_, [&](ReadWriteTransaction& tx) -> Result<void> {
      RP_CHECK(tx.insert_role(role_));
      return tx.insert_trust(trust_);
    })));
  }

  OrgId a_, b_, c_;
  Role role_;
  Trust trust_;
};

TEST_P(TrustFixture, TrustRoundTripsAndIsSeenByBothPartiesOnly) {
  for (const OrgId& party : {a_, b_}) {
    auto got = in_read(party, [&](Reader& tx) { return tx.get_trust(a_.value, b_.value); });
    ASSERT_TRUE(ok(got));
    EXPECT_EQ(*got, trust_);
  }
  EXPECT_TRUE(failed(in_read(c_, [&](Reader& tx) { return tx.get_trust(a_.value, b_.value); }), Errc::not_found));
  // The reverse direction is another trust, not this one.
  EXPECT_TRUE(failed(in_read(a_, [&](Reader& tx) { return tx.get_trust(b_.value, a_.value); }), Errc::not_found));

  Trust changed = trust_;
  changed.enabled = false;
  changed.uses_default_role = true;
  changed.expires.reset();
  changed.origin = "ignored";  // update_trust replaces enabled, uses_default_role and expires only
  ASSERT_TRUE(ok(in_write(b_, [&](ReadWriteTransaction& tx) { return tx.update_trust(changed); })));
  auto got = in_read(a_, [&](Reader& tx) { return tx.get_trust(a_.value, b_.value); });
  ASSERT_TRUE(ok(got));
  changed.origin = trust_.origin;
  EXPECT_EQ(*got, changed);
  EXPECT_TRUE(
      failed(in_write(c_, [&](ReadWriteTransaction& tx) { return tx.update_trust(changed); }), Errc::not_found));
}

TEST_P(TrustFixture, OneTrustPerOrderedPairAndOnlyTheTrustorMakesIt) {
  EXPECT_TRUE(failed(in_write(a_, [&](ReadWriteTransaction& tx) { return tx.insert_trust(trust_); }), Errc::conflict,
                     reason::duplicate));
  EXPECT_TRUE(
      failed(in_write(b_, [&](ReadWriteTransaction& tx) { return tx.insert_trust(trust_); }), Errc::invalid_argument));
  Trust to_nowhere = sample_trust(a_, OrgId(new_uuid()));
  EXPECT_TRUE(
      failed(in_write(a_, [&](ReadWriteTransaction& tx) { return tx.insert_trust(to_nowhere); }), Errc::not_found));
  // B may trust A back: a second trust.
  ASSERT_TRUE(ok(in_write(b_, [&](ReadWriteTransaction& tx) { return tx.insert_trust(sample_trust(b_, a_)); })));
}

TEST_P(TrustFixture, ListsOrderByTheOtherOrganizationsName) {
  OrgId aardvark = make_org("aardvark");
  ASSERT_TRUE(ok(in_write(a_, [&](ReadWriteTransaction& tx) -> Result<void> {
    RP_CHECK(tx.insert_trust(sample_trust(a_, c_)));
    return tx.insert_trust(sample_trust(a_, aardvark));
  })));
  auto page = in_read(a_, [](Reader& tx) { return tx.list_trusts(TrustSide::trustor, PageRequest{2, 1}); });
  ASSERT_TRUE(ok(page));
  EXPECT_EQ(page->total, 3);
  ASSERT_EQ(page->items.size(), 2u);
  EXPECT_EQ(page->items[0].trustee_org, aardvark.value);
  EXPECT_EQ(page->items[1].trustee_org, b_.value);
  auto second = in_read(a_, [](Reader& tx) { return tx.list_trusts(TrustSide::trustor, PageRequest{2, 2}); });
  ASSERT_TRUE(ok(second));
  ASSERT_EQ(second->items.size(), 1u);
  EXPECT_EQ(second->items[0].trustee_org, c_.value);

  auto received = in_read(b_, [](Reader& tx) { return tx.list_trusts(TrustSide::trustee, PageRequest{}); });
  ASSERT_TRUE(ok(received));
  ASSERT_EQ(received->items.size(), 1u);
  EXPECT_EQ(received->items[0], trust_);
  auto none = in_read(b_, [](Reader& tx) { return tx.all_trusts(TrustSide::trustor); });
  ASSERT_TRUE(ok(none));
  EXPECT_TRUE(none->empty());
  auto all = in_read(c_, [](Reader& tx) { return tx.all_trusts(TrustSide::trustee); });
  ASSERT_TRUE(ok(all));
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ((*all)[0].trustor_org, a_.value);
}

TEST_P(TrustFixture, MembersAndGrantsGoWithTheTrust) {
  TrustMember user = member(trust_, MemberKind::user, "user-1");
  TrustMember group = member(trust_, MemberKind::group, "group-1");
  std::vector<TrustGrant> grants = {{MemberKind::user, "", role_.id, "*"}, {MemberKind::user, "", role_.id, "div-1"}};
  ASSERT_TRUE(ok(in_write(b_, [&](ReadWriteTransaction& tx) -> Result<void> {
    RP_CHECK(tx.insert_trust_member(user));
    return tx.insert_trust_member(group);
  })));
  ASSERT_TRUE(ok(in_write(a_, [&](ReadWriteTransaction& tx) {
    return tx.set_member_grants(a_.value, b_.value, MemberKind::user, "user-1", grants);
  })));
  EXPECT_TRUE(failed(in_write(a_, [&](ReadWriteTransaction& tx) { return tx.insert_trust_member(user); }),
                     Errc::conflict, reason::duplicate));
  EXPECT_TRUE(
      failed(in_write(c_, [&](ReadWriteTransaction& tx) { return tx.insert_trust_member(user); }), Errc::not_found));

  auto members = in_read(a_, [&](Reader& tx) { return tx.trust_members(a_.value, b_.value); });
  ASSERT_TRUE(ok(members));
  EXPECT_EQ(*members, (std::vector<TrustMember>{user, group}));  // users first
  auto got =
      in_read(b_, [&](Reader& tx) { return tx.get_trust_member(a_.value, b_.value, MemberKind::group, "group-1"); });
  ASSERT_TRUE(ok(got));
  EXPECT_EQ(*got, group);
  // The same id as the other kind is not a member.
  EXPECT_TRUE(failed(
      in_read(b_, [&](Reader& tx) { return tx.get_trust_member(a_.value, b_.value, MemberKind::user, "group-1"); }),
      Errc::not_found));
  auto of = in_read(b_, [](Reader& tx) { return tx.memberships_of("user-1"); });
  ASSERT_TRUE(ok(of));
  EXPECT_EQ(*of, std::vector<TrustMember>{user});

  auto stored = in_read(a_, [&](Reader& tx) { return tx.trust_grants(a_.value, b_.value); });
  ASSERT_TRUE(ok(stored));
  ASSERT_EQ(stored->size(), 2u);
  EXPECT_EQ((*stored)[0], (TrustGrant{MemberKind::user, "user-1", role_.id, "*"}));
  EXPECT_EQ((*stored)[1], (TrustGrant{MemberKind::user, "user-1", role_.id, "div-1"}));
  auto uses = in_read(a_, [&](Reader& tx) { return tx.trust_grants_of_role(role_.id); });
  ASSERT_TRUE(ok(uses));
  EXPECT_EQ(*uses, 2);
  auto in_division = in_read(a_, [&](Reader& tx) { return tx.trust_grants_in_division("div-1"); });
  ASSERT_TRUE(ok(in_division));
  EXPECT_EQ(*in_division, 1);
  // A role in use by a trust grant cannot be deleted; a role of another
  // organization cannot be granted.
  EXPECT_FALSE(ok(in_write(a_, [&](ReadWriteTransaction& tx) { return tx.delete_role(role_.id); })));
  Role foreign = sample_role("Foreign");
  ASSERT_TRUE(ok(in_write(b_, [&](ReadWriteTransaction& tx) { return tx.insert_role(foreign); })));
  EXPECT_TRUE(failed(in_write(a_,
                              [&](ReadWriteTransaction& tx) {
                                return tx.set_member_grants(a_.value, b_.value, MemberKind::group, "group-1",
                                                            {{MemberKind::group, "", foreign.id, "*"}});
                              }),
                     Errc::conflict, reason::reference));

  // Replacing with nothing empties the grants; the member stays.
  ASSERT_TRUE(ok(in_write(a_, [&](ReadWriteTransaction& tx) {
    return tx.set_member_grants(a_.value, b_.value, MemberKind::user, "user-1", {});
  })));
  stored = in_read(a_, [&](Reader& tx) { return tx.trust_grants(a_.value, b_.value); });
  ASSERT_TRUE(ok(stored));
  EXPECT_TRUE(stored->empty());
  ASSERT_TRUE(ok(in_write(a_, [&](ReadWriteTransaction& tx) {
    return tx.set_member_grants(a_.value, b_.value, MemberKind::user, "user-1", grants);
  })));
  // Removing a member removes its grants.
  ASSERT_TRUE(ok(in_write(a_, [&](ReadWriteTransaction& tx) {
    return tx.delete_trust_member(a_.value, b_.value, MemberKind::user, "user-1");
  })));
  uses = in_read(a_, [&](Reader& tx) { return tx.trust_grants_of_role(role_.id); });
  ASSERT_TRUE(ok(uses));
  EXPECT_EQ(*uses, 0);
  EXPECT_TRUE(failed(in_write(a_,
                              [&](ReadWriteTransaction& tx) {
                                return tx.delete_trust_member(a_.value, b_.value, MemberKind::user, "user-1");
                              }),
                     Errc::not_found));

  // Deleting the trust removes its members and clone records.
  User clone = sample_user("Clone", "clone@example.com");
  ASSERT_TRUE(ok(in_write(a_, [&](ReadWriteTransaction& tx) -> Result<void> {
    RP_CHECK(tx.insert_user(clone));
    RP_CHECK(tx.set_member_grants(a_.value, b_.value, MemberKind::group, "group-1",
                                  {{MemberKind::group, "", role_.id, "*"}}));
    return tx.insert_cloned_user(ClonedUser{a_.value, b_.value, "user-1", clone.id, 3000});
  })));
  ASSERT_TRUE(ok(in_write(b_, [&](ReadWriteTransaction& tx) { return tx.delete_trust(a_.value, b_.value); })));
  EXPECT_TRUE(failed(in_read(a_, [&](Reader& tx) { return tx.get_trust(a_.value, b_.value); }), Errc::not_found));
  auto clones = in_read(a_, [](Reader& tx) { return tx.clone_count(); });
  ASSERT_TRUE(ok(clones));
  EXPECT_EQ(*clones, 0);
  of = in_read(b_, [](Reader& tx) { return tx.memberships_of("group-1"); });
  ASSERT_TRUE(ok(of));
  EXPECT_TRUE(of->empty());
  ASSERT_TRUE(ok(in_write(a_, [&](ReadWriteTransaction& tx) { return tx.delete_role(role_.id); })));
  EXPECT_TRUE(failed(in_write(a_, [&](ReadWriteTransaction& tx) { return tx.delete_trust(a_.value, b_.value); }),
                     Errc::not_found));
}

TEST_P(TrustFixture, PairingsAreReadByIdAnywhereAndConsumedOnce) {
  Pairing p{new_uuid(), b_.value, "maker-1", {"u-2", "u-1"}, {"g-1"}, 1000, 5000, std::nullopt};
  EXPECT_TRUE(
      failed(in_write(a_, [&](ReadWriteTransaction& tx) { return tx.insert_pairing(p); }), Errc::invalid_argument));
  ASSERT_TRUE(ok(in_write(b_, [&](ReadWriteTransaction& tx) { return tx.insert_pairing(p); })));
  auto got = in_read(c_, [&](Reader& tx) { return tx.get_pairing(p.id); });
  ASSERT_TRUE(ok(got));
  EXPECT_EQ(*got, p);
  auto first = in_write(c_, [&](ReadWriteTransaction& tx) { return tx.consume_pairing(p.id, 2000); });
  ASSERT_TRUE(ok(first));
  EXPECT_TRUE(*first);
  auto again = in_write(a_, [&](ReadWriteTransaction& tx) { return tx.consume_pairing(p.id, 3000); });
  ASSERT_TRUE(ok(again));
  EXPECT_FALSE(*again);
  got = in_read(b_, [&](Reader& tx) { return tx.get_pairing(p.id); });
  ASSERT_TRUE(ok(got));
  EXPECT_EQ(got->consumed, std::optional<Millis>(2000));
  EXPECT_TRUE(failed(in_read(b_, [&](Reader& tx) { return tx.get_pairing(new_uuid()); }), Errc::not_found));
  EXPECT_TRUE(failed(in_write(b_, [&](ReadWriteTransaction& tx) { return tx.consume_pairing(new_uuid(), 1); }),
                     Errc::not_found));
}

TEST_P(TrustFixture, ClonedUsersAreCountedPerTrustor) {
  User one = sample_user("One", "one@example.com");
  User two = sample_user("Two", "two@example.com");
  ClonedUser c1{a_.value, b_.value, "tu-2", one.id, 3000};
  ClonedUser c2{a_.value, b_.value, "tu-1", two.id, 3100};
  ASSERT_TRUE(ok(in_write(a_, [&](ReadWriteTransaction& tx) -> Result<void> {
    RP_CHECK(tx.insert_user(one));
    RP_CHECK(tx.insert_user(two));
    RP_CHECK(tx.insert_cloned_user(c1));
    return tx.insert_cloned_user(c2);
  })));
  ClonedUser twice = c1;
  twice.clone_user_id = two.id;
  EXPECT_TRUE(failed(in_write(a_, [&](ReadWriteTransaction& tx) { return tx.insert_cloned_user(twice); }),
                     Errc::conflict, reason::duplicate));
  // The clone is a user of the trustor.
  ClonedUser dangling{a_.value, b_.value, "tu-3", new_uuid(), 3200};
  EXPECT_FALSE(ok(in_write(a_, [&](ReadWriteTransaction& tx) { return tx.insert_cloned_user(dangling); })));
  auto clones = in_read(b_, [&](Reader& tx) { return tx.cloned_users(a_.value, b_.value); });
  ASSERT_TRUE(ok(clones));
  EXPECT_EQ(*clones, (std::vector<ClonedUser>{c2, c1}));  // by trustee user id
  auto n = in_read(a_, [](Reader& tx) { return tx.clone_count(); });
  ASSERT_TRUE(ok(n));
  EXPECT_EQ(*n, 2);
  n = in_read(b_, [](Reader& tx) { return tx.clone_count(); });
  ASSERT_TRUE(ok(n));
  EXPECT_EQ(*n, 0);
  auto seen = in_read(c_, [&](Reader& tx) { return tx.cloned_users(a_.value, b_.value); });
  ASSERT_TRUE(ok(seen));
  EXPECT_TRUE(seen->empty());  // a bystander sees no clone of the trust
  ASSERT_TRUE(
      ok(in_write(b_, [&](ReadWriteTransaction& tx) { return tx.delete_cloned_user(a_.value, b_.value, "tu-2"); })));
  n = in_read(a_, [](Reader& tx) { return tx.clone_count(); });
  ASSERT_TRUE(ok(n));
  EXPECT_EQ(*n, 1);
}

TEST_P(TrustFixture, PartnersShareTheTransaction) {
  // A reaches B (its trustee) and writes there in the same transaction; a
  // failure rolls back both sides.
  ASSERT_TRUE(ok(in_write(a_, [&](ReadWriteTransaction& tx) -> Result<void> {
    ReadWriteTransaction* b = RP_TRY(tx.partner_writer(b_));
    EXPECT_EQ(b->org(), b_);
    RP_CHECK(b->insert_audit(sample_audit("trust.seen", 10)));
    return tx.insert_audit(sample_audit("trust.made", 10));
  })));
  auto rolled = store().write(a_, [&](ReadWriteTransaction& tx) -> Result<void> {
    ReadWriteTransaction* b = RP_TRY(tx.partner_writer(b_));
    RP_CHECK(b->insert_audit(sample_audit("trust.lost", 20)));
    return fail(Errc::conflict, "changed my mind");
  });
  EXPECT_FALSE(ok(rolled));
  auto audit = in_read(b_, [](Reader& tx) { return tx.list_audit({}); });
  ASSERT_TRUE(ok(audit));
  ASSERT_EQ(audit->total, 1);
  EXPECT_EQ(audit->items[0].action, "trust.seen");
  // B reaches A back (either direction), reads see the partner's data, and
  // a bystander or the organization itself is not a partner.
  auto role = in_read(b_, [&](Reader& tx) -> Result<Role> {
    Reader* a = RP_TRY(tx.partner(a_));
    return a->get_role(role_.id);
  });
  ASSERT_TRUE(ok(role));
  EXPECT_EQ(role->name, role_.name);
  EXPECT_TRUE(failed(in_read(a_, [&](Reader& tx) { return tx.partner(c_); }), Errc::not_found));
  EXPECT_TRUE(failed(in_read(a_, [&](Reader& tx) { return tx.partner(a_); }), Errc::not_found));
  // A trust made in the transaction makes a partner at once.
  ASSERT_TRUE(ok(in_write(c_, [&](ReadWriteTransaction& tx) -> Result<void> {
    RP_CHECK(tx.insert_trust(sample_trust(c_, b_)));
    ReadWriteTransaction* b = RP_TRY(tx.partner_writer(b_));
    return b->insert_audit(sample_audit("trust.new", 30));
  })));
}

TEST_P(TrustFixture, TokensActingInATrustorAreKeptAtHomeAndRevokedByTrustor) {
  // B's users sign in to A: their tokens live in B and name A.
  User u1 = sample_user("One", "one@example.com");
  User u2 = sample_user("Two", "two@example.com");
  Token acting1{"hash-1", b_.value, "client-1", u1.id, 1, 4'000'000'000'000, "", a_.value};
  Token acting2{"hash-2", b_.value, "client-1", u2.id, 1, 4'000'000'000'000, "", a_.value};
  Token home1{"hash-3", b_.value, "client-1", u1.id, 1, 4'000'000'000'000, "", ""};
  RefreshToken refresh{"refresh-1", "client-1", u1.id, "session-1", "hash-1", 1, 4'000'000'000'000, false, a_.value};
  AuthorizationCode code{"code-1", "client-1", u1.id, "https://app/cb", "", 1, 4'000'000'000'000, false, a_.value};
  ASSERT_TRUE(ok(in_write(b_, [&](ReadWriteTransaction& tx) -> Result<void> {
    RP_CHECK(tx.insert_user(u1));
    RP_CHECK(tx.insert_user(u2));
    for (const Token* t : {&acting1, &acting2, &home1}) RP_CHECK(tx.insert_token(*t));
    RP_CHECK(tx.insert_code(code));
    return tx.insert_refresh_token(refresh);
  })));
  auto live = store().live_tokens(2);
  ASSERT_TRUE(ok(live));
  EXPECT_EQ(live->size(), 3u);
  for (const auto& t : *live) {
    if (t.token_hash == "hash-1") {
      EXPECT_EQ(t, acting1);
    }
  }
  auto got_code = in_read(b_, [](Reader& tx) { return tx.get_code("code-1"); });
  ASSERT_TRUE(ok(got_code));
  EXPECT_EQ(*got_code, code);
  auto got_refresh = in_read(b_, [](Reader& tx) { return tx.get_refresh_token("refresh-1"); });
  ASSERT_TRUE(ok(got_refresh));
  EXPECT_EQ(*got_refresh, refresh);

  // Capping at 5000 moves the acting tokens (access and refresh) only.
  auto capped = in_write(b_, [&](ReadWriteTransaction& tx) { return tx.cap_acting_tokens(a_.value, 5000); });
  ASSERT_TRUE(ok(capped));
  EXPECT_EQ(*capped, (std::vector<std::string>{"hash-1", "hash-2"}));
  live = store().live_tokens(4000);
  ASSERT_TRUE(ok(live));
  for (const auto& t : *live) {
    EXPECT_EQ(t.expires, t.acting_org.empty() ? 4'000'000'000'000 : 5000) << t.token_hash;
  }
  got_refresh = in_read(b_, [](Reader& tx) { return tx.get_refresh_token("refresh-1"); });
  ASSERT_TRUE(ok(got_refresh));
  EXPECT_EQ(got_refresh->expires, 5000);
  capped = in_write(b_, [&](ReadWriteTransaction& tx) { return tx.cap_acting_tokens(a_.value, 6000); });
  ASSERT_TRUE(ok(capped));
  EXPECT_TRUE(capped->empty());  // never later

  // Revoking u1's tokens acting in A leaves its home token and u2's.
  auto removed = in_write(a_, [&](ReadWriteTransaction& tx) -> Result<std::vector<std::string>> {
    ReadWriteTransaction* b = RP_TRY(tx.partner_writer(b_));
    return b->delete_acting_tokens(a_.value, {u1.id});
  });
  ASSERT_TRUE(ok(removed));
  EXPECT_EQ(*removed, std::vector<std::string>{"hash-1"});
  EXPECT_TRUE(failed(in_read(b_, [](Reader& tx) { return tx.get_refresh_token("refresh-1"); }), Errc::not_found));
  auto tokens = in_read(b_, [&](Reader& tx) { return tx.tokens_of_user(u1.id); });
  ASSERT_TRUE(ok(tokens));
  EXPECT_EQ(*tokens, std::vector<Token>{home1});
  // Every user's: u2's goes.
  removed = in_write(b_, [&](ReadWriteTransaction& tx) { return tx.delete_acting_tokens(a_.value, {}); });
  ASSERT_TRUE(ok(removed));
  EXPECT_EQ(*removed, std::vector<std::string>{"hash-2"});
}

TEST_P(TrustFixture, AuditRecordsOfOtherOrganizationsActorsAreFoundByActor) {
  auto record = [](std::string id, std::string actor, std::string org, Millis time) {
    AuditRecord a = sample_audit("user.create", time);
    a.id = std::move(id);
    a.actor_id = std::move(actor);
    a.actor_org = std::move(org);
    a.client_id = "client-7";
    return a;
  };
  const AuditRecord by_b1 = record("r1", "bob", b_.value, 100);
  const AuditRecord by_b2 = record("r2", "bob", b_.value, 200);
  const AuditRecord by_b_other = record("r3", "bea", b_.value, 300);
  const AuditRecord by_c = record("r4", "bob", c_.value, 400);
  const AuditRecord native = record("r5", "bob", a_.value, 500);
  ASSERT_TRUE(ok(in_write(a_, [&](ReadWriteTransaction& tx) -> Result<void> {
    for (const auto* r : {&by_b1, &by_b2, &by_b_other, &by_c, &native}) RP_CHECK(tx.insert_audit(*r));
    return {};
  })));
  auto found = in_read(a_, [&](Reader& tx) { return tx.trust_audit({{b_.value}, {"bob"}, {}, {}}); });
  ASSERT_TRUE(ok(found));
  EXPECT_EQ(*found, (std::vector<AuditRecord>{by_b2, by_b1}));  // whole records, newest first
  found = in_read(a_, [&](Reader& tx) { return tx.trust_audit({{b_.value, c_.value}, {"bob", "bea"}, 150, 350}); });
  ASSERT_TRUE(ok(found));
  EXPECT_EQ(*found, (std::vector<AuditRecord>{by_b_other, by_b2}));
  // The organization's own actors are never among them, nor anything without ids.
  found = in_read(a_, [&](Reader& tx) { return tx.trust_audit({{a_.value}, {"bob"}, {}, {}}); });
  ASSERT_TRUE(ok(found));
  EXPECT_TRUE(found->empty());
  found = in_read(a_, [&](Reader& tx) { return tx.trust_audit({{b_.value}, {}, {}, {}}); });
  ASSERT_TRUE(ok(found));
  EXPECT_TRUE(found->empty());
  // Another organization's log has none of them.
  found = in_read(b_, [&](Reader& tx) { return tx.trust_audit({{b_.value, c_.value}, {"bob"}, {}, {}}); });
  ASSERT_TRUE(ok(found));
  EXPECT_TRUE(found->empty());
}

INSTANTIATE_TEST_SUITE_P(Drivers, TrustFixture, ::testing::ValuesIn(store_drivers()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace rp::store::test
