// Conformance: round trips and rules of organizations, divisions, roles,
// grants, OAuth clients, tokens and audit records (users: users_test.cpp).
#include <algorithm>

#include "core/reasons.h"
#include "store/store_suite.h"

namespace rp::store::test {
namespace {

// ---- Organizations and divisions -------------------------------------------------

TEST_P(StoreTest, OrganizationRoundTrip) {
  Organization o{new_uuid(), "Globex", new_uuid(), 1700000000042};
  ASSERT_TRUE(ok(store().create_organization(o, {})));
  auto got = in_read(OrgId(o.id), [](Reader& tx) { return tx.organization(); });
  ASSERT_TRUE(ok(got));
  EXPECT_EQ(got->id, o.id);
  EXPECT_EQ(got->name, o.name);
  EXPECT_EQ(got->home_division_id, o.home_division_id);
  EXPECT_EQ(got->created, o.created);

  auto all = store().list_organizations();
  ASSERT_TRUE(ok(all));
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ(all->front().id, o.id);
  EXPECT_EQ(all->front().name, "Globex");

  EXPECT_TRUE(failed(store().create_organization(o, {}), Errc::conflict, reason::duplicate));
}

TEST_P(StoreTest, CreateOrganizationRunsClosureInSameTransaction) {
  Organization o{new_uuid(), "Initech", new_uuid(), 1};
  auto r = store().create_organization(o, [&](ReadWriteTransaction& tx) -> Result<void> {
    EXPECT_EQ(tx.org().value, o.id);
    RP_CHECK(tx.insert_division(Division{o.home_division_id, "Home", "", true, 1}));
    return fail(Errc::invalid_argument, "changed my mind");
  });
  EXPECT_TRUE(failed(r, Errc::invalid_argument));
  auto all = store().list_organizations();
  ASSERT_TRUE(ok(all));
  EXPECT_TRUE(all->empty());
  EXPECT_TRUE(failed(store().read(OrgId(o.id), [](Reader&) -> Result<void> { return {}; }), Errc::not_found));
}

TEST_P(StoreTest, DivisionRoundTripAndOrder) {
  OrgId org = make_org();
  Division b = sample_division("beta");
  Division a = sample_division("Alpha");
  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) -> Result<void> {
    RP_CHECK(tx.insert_division(b));
    return tx.insert_division(a);
  })));
  auto got = in_read(org, [&](Reader& tx) { return tx.get_division(a.id); });
  ASSERT_TRUE(ok(got));
  expect_same(*got, a);

  auto list = in_read(org, [](Reader& tx) { return tx.list_divisions(); });
  ASSERT_TRUE(ok(list));
  ASSERT_EQ(list->size(), 3u);  // with the home division
  EXPECT_EQ((*list)[0].name, "Alpha");
  EXPECT_EQ((*list)[1].name, "beta");
  EXPECT_EQ((*list)[2].name, "Home");
  EXPECT_TRUE((*list)[2].home);

  EXPECT_TRUE(failed(in_read(org, [](Reader& tx) { return tx.get_division(new_uuid()); }), Errc::not_found));
}

TEST_P(StoreTest, DivisionNamesAreUniqueCaseInsensitively) {
  OrgId org = make_org();
  ASSERT_TRUE(ok(in_write(org, [](ReadWriteTransaction& tx) { return tx.insert_division(sample_division("Sales")); })));
  auto r = in_write(org, [](ReadWriteTransaction& tx) { return tx.insert_division(sample_division("SALES")); });
  EXPECT_TRUE(failed(r, Errc::conflict, reason::duplicate));
  auto list = in_read(org, [](Reader& tx) { return tx.list_divisions(); });
  ASSERT_TRUE(ok(list));
  EXPECT_EQ(list->size(), 2u);
}

// ---- Roles ---------------------------------------------------------------------

TEST_P(StoreTest, RoleRoundTripWithPolicies) {
  OrgId org = make_org();
  Role r = sample_role("Admin");
  Role empty = sample_role("Empty");
  empty.policies.clear();
  empty.base = false;
  empty.default_role_id.clear();
  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) -> Result<void> {
    RP_CHECK(tx.insert_role(r));
    return tx.insert_role(empty);
  })));
  auto got = in_read(org, [&](Reader& tx) { return tx.get_role(r.id); });
  ASSERT_TRUE(ok(got));
  expect_same(*got, r);
  ASSERT_EQ(got->policies.size(), 4u);
  EXPECT_EQ(got->policies[1].condition_json, r.policies[1].condition_json);
  EXPECT_EQ(got->policies[3].actions, r.policies[3].actions);

  auto list = in_read(org, [](Reader& tx) { return tx.list_roles(); });
  ASSERT_TRUE(ok(list));
  ASSERT_EQ(list->size(), 2u);
  expect_same((*list)[0], r);
  expect_same((*list)[1], empty);

  EXPECT_TRUE(failed(in_read(org, [](Reader& tx) { return tx.get_role(new_uuid()); }), Errc::not_found));
  EXPECT_TRUE(failed(in_write(org, [](ReadWriteTransaction& tx) { return tx.insert_role(sample_role("admin")); }),
                     Errc::conflict, reason::duplicate));

  // Only roles made from a default definition, and only this organization's.
  auto defaults = in_read(org, [](Reader& tx) { return tx.default_role_ids(); });
  ASSERT_TRUE(ok(defaults));
  ASSERT_EQ(defaults->size(), 1u);
  EXPECT_EQ((*defaults)[0], (std::pair<std::string, std::string>{r.default_role_id, r.id}));
  OrgId other = make_org("Other");
  auto none = in_read(other, [](Reader& tx) { return tx.default_role_ids(); });
  ASSERT_TRUE(ok(none));
  EXPECT_TRUE(none->empty());
}

TEST_P(StoreTest, UpdateAndDeleteRole) {
  OrgId org = make_org();
  Role r = sample_role("Editor");
  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) { return tx.insert_role(r); })));

  Role changed = r;
  changed.name = "Chief Editor";
  changed.description = "changed";
  changed.base = false;
  changed.policies = {{"directory", "group", {"add"}, R"({"x":1})"}, r.policies[0]};
  changed.modified = r.modified + 1;
  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) { return tx.update_role(changed); })));
  auto got = in_read(org, [&](Reader& tx) { return tx.get_role(r.id); });
  ASSERT_TRUE(ok(got));
  expect_same(*got, changed);

  EXPECT_TRUE(failed(in_write(org, [](ReadWriteTransaction& tx) { return tx.update_role(sample_role("Nobody")); }),
                     Errc::not_found));

  // Deleting a role removes its grants too.
  Grant g{new_uuid(), SubjectType::user, r.id, "*", 5};
  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) { return tx.insert_grant(g); })));
  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) { return tx.delete_role(r.id); })));
  EXPECT_TRUE(failed(in_read(org, [&](Reader& tx) { return tx.get_role(r.id); }), Errc::not_found));
  auto grants = in_read(org, [](Reader& tx) { return tx.list_grants(); });
  ASSERT_TRUE(ok(grants));
  EXPECT_TRUE(grants->empty());
  EXPECT_TRUE(failed(in_write(org, [&](ReadWriteTransaction& tx) { return tx.delete_role(r.id); }), Errc::not_found));
  // The name is free again.
  EXPECT_TRUE(ok(in_write(org, [](ReadWriteTransaction& tx) { return tx.insert_role(sample_role("Chief Editor")); })));
}

// ---- Grants --------------------------------------------------------------------

TEST_P(StoreTest, Grants) {
  OrgId org = make_org();
  Role viewer = sample_role("Viewer");
  Role admin = sample_role("Administrator");
  std::string alice = new_uuid(), bob = new_uuid(), client = new_uuid(), div = new_uuid();
  Grant g1{alice, SubjectType::user, viewer.id, div, 10};
  Grant g2{alice, SubjectType::user, admin.id, "*", 11};
  Grant g3{bob, SubjectType::user, viewer.id, div, 12};
  Grant g4{client, SubjectType::client, admin.id, div, 13};
  Grant g5{alice, SubjectType::group, viewer.id, div, 14};  // same id, other subject type
  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) -> Result<void> {
    RP_CHECK(tx.insert_role(viewer));
    RP_CHECK(tx.insert_role(admin));
    for (const auto* g : {&g1, &g2, &g3, &g4, &g5}) RP_CHECK(tx.insert_grant(*g));
    return {};
  })));

  // Inserting an existing grant again is a no-op (and keeps the original time).
  Grant again = g1;
  again.created = 999;
  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) { return tx.insert_grant(again); })));

  auto all = in_read(org, [](Reader& tx) { return tx.list_grants(); });
  ASSERT_TRUE(ok(all));
  EXPECT_EQ(all->size(), 5u);
  for (const auto* g : {&g1, &g2, &g3, &g4, &g5}) {
    auto it = std::find(all->begin(), all->end(), *g);
    ASSERT_NE(it, all->end());
    EXPECT_EQ(it->created, g->created);
    EXPECT_EQ(it->subject_type, g->subject_type);
  }

  auto of_alice = in_read(org, [&](Reader& tx) { return tx.grants_of(alice); });
  ASSERT_TRUE(ok(of_alice));
  EXPECT_EQ(of_alice->size(), 3u);
  auto of_client = in_read(org, [&](Reader& tx) { return tx.grants_of(client); });
  ASSERT_TRUE(ok(of_client));
  ASSERT_EQ(of_client->size(), 1u);
  EXPECT_EQ(of_client->front(), g4);
  EXPECT_EQ(of_client->front().subject_type, SubjectType::client);

  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) { return tx.delete_grant(g2); })));
  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) { return tx.delete_grant(g2); })));  // absent: no-op
  of_alice = in_read(org, [&](Reader& tx) { return tx.grants_of(alice); });
  ASSERT_TRUE(ok(of_alice));
  EXPECT_EQ(of_alice->size(), 2u);

  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) { return tx.delete_grants_of(alice); })));
  of_alice = in_read(org, [&](Reader& tx) { return tx.grants_of(alice); });
  ASSERT_TRUE(ok(of_alice));
  EXPECT_TRUE(of_alice->empty());
  all = in_read(org, [](Reader& tx) { return tx.list_grants(); });
  ASSERT_TRUE(ok(all));
  EXPECT_EQ(all->size(), 2u);

  // A grant must name a role of the organization.
  Grant dangling{bob, SubjectType::user, new_uuid(), div, 1};
  EXPECT_TRUE(
      failed(in_write(org, [&](ReadWriteTransaction& tx) { return tx.insert_grant(dangling); }), Errc::not_found));
}

// ---- OAuth clients -------------------------------------------------------------

TEST_P(StoreTest, Clients) {
  OrgId org = make_org();
  OAuthClient c = sample_client("Integration");
  OAuthClient d = sample_client("batch job");
  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) -> Result<void> {
    RP_CHECK(tx.insert_client(c));
    return tx.insert_client(d);
  })));
  auto got = in_read(org, [&](Reader& tx) { return tx.get_client(c.id); });
  ASSERT_TRUE(ok(got));
  expect_same(*got, c);
  auto list = in_read(org, [](Reader& tx) { return tx.list_clients(); });
  ASSERT_TRUE(ok(list));
  ASSERT_EQ(list->size(), 2u);
  expect_same((*list)[0], d);  // "batch job" < "Integration", ignoring case
  expect_same((*list)[1], c);

  OAuthClient changed = c;
  changed.name = "Renamed";
  changed.state = ClientState::inactive;
  changed.secret_hash = std::string(64, 'b');
  changed.token_validity_seconds = 60;
  changed.modified += 5;
  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) { return tx.update_client(changed); })));
  got = in_read(org, [&](Reader& tx) { return tx.get_client(c.id); });
  ASSERT_TRUE(ok(got));
  expect_same(*got, changed);

  EXPECT_TRUE(failed(in_write(org, [](ReadWriteTransaction& tx) { return tx.update_client(sample_client("x")); }),
                     Errc::not_found));
  EXPECT_TRUE(failed(in_read(org, [](Reader& tx) { return tx.get_client(new_uuid()); }), Errc::not_found));
  EXPECT_TRUE(failed(in_write(org, [&](ReadWriteTransaction& tx) { return tx.insert_client(c); }), Errc::conflict,
                     reason::duplicate));

  auto owner = store().find_client_org(c.id);
  ASSERT_TRUE(ok(owner));
  ASSERT_TRUE(owner->has_value());
  EXPECT_EQ(**owner, org);
  auto none = store().find_client_org(new_uuid());
  ASSERT_TRUE(ok(none));
  EXPECT_FALSE(none->has_value());
}

TEST_P(StoreTest, ClientWithoutOptionalFieldsAndDelete) {
  OrgId org = make_org();
  OAuthClient c = sample_client("Plain");
  c.redirect_uris.clear();
  c.date_to_delete.reset();
  c.modified_by.clear();
  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) { return tx.insert_client(c); })));
  auto got = in_read(org, [&](Reader& tx) { return tx.get_client(c.id); });
  ASSERT_TRUE(ok(got));
  expect_same(*got, c);

  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) { return tx.delete_client(c.id); })));
  EXPECT_TRUE(failed(in_read(org, [&](Reader& tx) { return tx.get_client(c.id); }), Errc::not_found));
  EXPECT_TRUE(failed(in_write(org, [&](ReadWriteTransaction& tx) { return tx.delete_client(c.id); }), Errc::not_found));
  auto owner = store().find_client_org(c.id);
  ASSERT_TRUE(ok(owner));
  EXPECT_FALSE(owner->has_value());
  auto list = in_read(org, [](Reader& tx) { return tx.list_clients(); });
  ASSERT_TRUE(ok(list));
  EXPECT_TRUE(list->empty());
}

// ---- Tokens --------------------------------------------------------------------

TEST_P(StoreTest, TokensLiveAndPurge) {
  OrgId a = make_org("A");
  OrgId b = make_org("B");
  const Millis now = 1'800'000'000'000;
  Token expired{"hash-expired", a.value, "client-1", "", now - 10'000, now - 1};
  Token at_now{"hash-at-now", a.value, "client-1", "user-1", now - 10'000, now};
  Token live_a{"hash-live-a", a.value, "client-1", "user-1", now - 10'000, now + 60'000};
  Token live_b{"hash-live-b", b.value, "client-2", "", now - 5'000, now + 1, "organization:read"};
  ASSERT_TRUE(ok(in_write(a, [&](ReadWriteTransaction& tx) -> Result<void> {
    RP_CHECK(tx.insert_token(expired));
    RP_CHECK(tx.insert_token(at_now));
    return tx.insert_token(live_a);
  })));
  ASSERT_TRUE(ok(in_write(b, [&](ReadWriteTransaction& tx) { return tx.insert_token(live_b); })));

  auto live = store().live_tokens(now);
  ASSERT_TRUE(ok(live));
  ASSERT_EQ(live->size(), 2u);
  std::sort(live->begin(), live->end(), [](const Token& x, const Token& y) { return x.token_hash < y.token_hash; });
  expect_same((*live)[0], live_a);
  expect_same((*live)[1], live_b);

  // A token belongs to the organization of the transaction that inserts it.
  EXPECT_TRUE(failed(in_write(b,
                              [&](ReadWriteTransaction& tx) {
                                Token t = live_a;
                                t.token_hash = "other";
                                return tx.insert_token(t);
                              }),
                     Errc::invalid_argument));
  EXPECT_TRUE(failed(in_write(a, [&](ReadWriteTransaction& tx) { return tx.insert_token(live_a); }), Errc::conflict,
                     reason::duplicate));

  auto purged = store().purge_expired_tokens(now);
  ASSERT_TRUE(ok(purged));
  EXPECT_EQ(*purged, 1);  // only the one that expired before now
  purged = store().purge_expired_tokens(now + 1);
  ASSERT_TRUE(ok(purged));
  EXPECT_EQ(*purged, 1);  // at_now
  live = store().live_tokens(now);
  ASSERT_TRUE(ok(live));
  EXPECT_EQ(live->size(), 2u);

  ASSERT_TRUE(ok(in_write(a, [&](ReadWriteTransaction& tx) { return tx.delete_token(live_a.token_hash); })));
  ASSERT_TRUE(ok(in_write(a, [&](ReadWriteTransaction& tx) { return tx.delete_token("no-such-hash"); })));
  live = store().live_tokens(now);
  ASSERT_TRUE(ok(live));
  ASSERT_EQ(live->size(), 1u);
  expect_same(live->front(), live_b);
}

TEST_P(StoreTest, TokensByClientAndByUser) {
  OrgId org = make_org();
  const Millis now = 1'800'000'000'000;
  Token c1{"hash-c1", org.value, "client-1", "", now, now + 1000};
  Token c1_user{"hash-c1-u1", org.value, "client-1", "user-1", now, now + 1000};
  Token c2_user{"hash-c2-u1", org.value, "client-2", "user-1", now, now + 1000};
  Token c2{"hash-c2", org.value, "client-2", "", now, now + 1000};
  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) -> Result<void> {
    for (const auto& t : {c2, c1_user, c1, c2_user}) RP_CHECK(tx.insert_token(t));
    return {};
  })));

  auto of_client = in_read(org, [](Reader& tx) { return tx.tokens_of_client("client-1"); });
  ASSERT_TRUE(ok(of_client));
  ASSERT_EQ(of_client->size(), 2u);
  expect_same((*of_client)[0], c1);
  expect_same((*of_client)[1], c1_user);
  auto of_user = in_read(org, [](Reader& tx) { return tx.tokens_of_user("user-1"); });
  ASSERT_TRUE(ok(of_user));
  ASSERT_EQ(of_user->size(), 2u);
  expect_same((*of_user)[0], c1_user);
  expect_same((*of_user)[1], c2_user);
  // Client-credentials tokens have no user: an empty user id matches none.
  auto of_nobody = in_read(org, [](Reader& tx) { return tx.tokens_of_user(""); });
  ASSERT_TRUE(ok(of_nobody));
  EXPECT_TRUE(of_nobody->empty());

  auto removed = in_write(org, [](ReadWriteTransaction& tx) { return tx.delete_tokens_of_user("user-1"); });
  ASSERT_TRUE(ok(removed));
  EXPECT_EQ(*removed, (std::vector<std::string>{"hash-c1-u1", "hash-c2-u1"}));
  removed = in_write(org, [](ReadWriteTransaction& tx) { return tx.delete_tokens_of_user(""); });
  ASSERT_TRUE(ok(removed));
  EXPECT_TRUE(removed->empty());
  removed = in_write(org, [](ReadWriteTransaction& tx) { return tx.delete_tokens_of_client("client-1"); });
  ASSERT_TRUE(ok(removed));
  EXPECT_EQ(*removed, std::vector<std::string>{"hash-c1"});
  removed = in_write(org, [](ReadWriteTransaction& tx) { return tx.delete_tokens_of_client("client-1"); });
  ASSERT_TRUE(ok(removed));
  EXPECT_TRUE(removed->empty());

  auto live = store().live_tokens(now);
  ASSERT_TRUE(ok(live));
  ASSERT_EQ(live->size(), 1u);
  expect_same(live->front(), c2);
}

// ---- Audit ---------------------------------------------------------------------

TEST_P(StoreTest, AuditNewestFirstWithPaging) {
  OrgId org = make_org();
  std::vector<AuditRecord> records;
  for (int i = 0; i < 7; ++i) records.push_back(sample_audit("user.update." + std::to_string(i), 1000 + i * 10));
  records[6].time = records[5].time;  // same millisecond: the later insert is newer
  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) -> Result<void> {
    for (const auto& a : records) RP_CHECK(tx.insert_audit(a));
    return {};
  })));

  auto p1 = in_read(org, [](Reader& tx) { return tx.list_audit({3, 1}); });
  ASSERT_TRUE(ok(p1));
  EXPECT_EQ(p1->total, 7);
  ASSERT_EQ(p1->items.size(), 3u);
  expect_same(p1->items[0], records[6]);
  expect_same(p1->items[1], records[5]);
  expect_same(p1->items[2], records[4]);
  auto p3 = in_read(org, [](Reader& tx) { return tx.list_audit({3, 3}); });
  ASSERT_TRUE(ok(p3));
  EXPECT_EQ(p3->total, 7);
  ASSERT_EQ(p3->items.size(), 1u);
  expect_same(p3->items[0], records[0]);
  auto p4 = in_read(org, [](Reader& tx) { return tx.list_audit({3, 4}); });
  ASSERT_TRUE(ok(p4));
  EXPECT_TRUE(p4->items.empty());
  EXPECT_TRUE(failed(in_read(org, [](Reader& tx) { return tx.list_audit({0, 1}); }), Errc::invalid_argument));
}

}  // namespace
}  // namespace rp::store::test
