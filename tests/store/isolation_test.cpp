// Conformance: two tenants. Everything organization A holds is invisible to
// organization B, and nothing B does through its own transactions can change
// A's data.
#include <algorithm>

#include "store/store_suite.h"

namespace rp::store::test {
namespace {

struct TenantData {
  Division division;
  User user;
  Role role;
  Grant grant;
  OAuthClient client;
  Token token;
  AuditRecord audit;
};

TenantData populate(Store& store, const OrgId& org, const std::string& tag) {
  TenantData d;
  d.division = sample_division("Division " + tag);
  d.user = sample_user("User " + tag, "shared@example.com");
  d.user.division_id = d.division.id;
  d.role = sample_role("Role " + tag);
  d.grant = Grant{d.user.id, SubjectType::user, d.role.id, d.division.id, 100};
  d.client = sample_client("Client " + tag);
  d.token = Token{"token-" + org.value, org.value, d.client.id, d.user.id, 1, 4'000'000'000'000};
  d.audit = sample_audit("user.create", 123);
  auto r = store.write(org, [&](ReadWriteTransaction& tx) -> Result<void> {
    RP_CHECK(tx.insert_division(d.division));
    RP_CHECK(tx.insert_user(d.user));
    RP_CHECK(tx.insert_role(d.role));
    RP_CHECK(tx.insert_grant(d.grant));
    RP_CHECK(tx.insert_client(d.client));
    RP_CHECK(tx.insert_token(d.token));
    return tx.insert_audit(d.audit);
  });
  EXPECT_TRUE(ok(r));
  return d;
}

TEST_P(StoreTest, TenantsAreIsolated) {
  OrgId a = make_org("Tenant A");
  OrgId b = make_org("Tenant B");
  TenantData da = populate(store(), a, "A");

  // Reads from B see none of A's rows.
  ASSERT_TRUE(ok(store().read(b, [&](Reader& tx) -> Result<void> {
    EXPECT_EQ(tx.org(), b);
    EXPECT_EQ(RP_TRY(tx.organization()).name, "Tenant B");

    EXPECT_TRUE(failed(tx.get_division(da.division.id), Errc::not_found));
    EXPECT_TRUE(failed(tx.get_user(da.user.id), Errc::not_found));
    EXPECT_TRUE(failed(tx.get_role(da.role.id), Errc::not_found));
    EXPECT_TRUE(failed(tx.get_client(da.client.id), Errc::not_found));
    EXPECT_FALSE(RP_TRY(tx.find_user_by_email(da.user.email)).has_value());

    auto divisions = RP_TRY(tx.list_divisions());
    EXPECT_EQ(divisions.size(), 1u);  // B's home division only
    for (const auto& d : divisions) EXPECT_NE(d.id, da.division.id);

    UserQuery any;
    any.states = {};
    auto users = RP_TRY(tx.list_users(any));
    EXPECT_EQ(users.total, 0);
    EXPECT_TRUE(users.items.empty());
    UserQuery by_id = any;
    by_id.ids = {da.user.id};
    EXPECT_EQ(RP_TRY(tx.list_users(by_id)).total, 0);

    EXPECT_TRUE(RP_TRY(tx.list_roles()).empty());
    EXPECT_TRUE(RP_TRY(tx.list_grants()).empty());
    EXPECT_TRUE(RP_TRY(tx.grants_of(da.user.id)).empty());
    EXPECT_TRUE(RP_TRY(tx.grants_of_role(da.role.id)).empty());
    EXPECT_TRUE(RP_TRY(tx.role_user_counts()).empty());
    using Counts = std::vector<std::pair<std::string, std::int64_t>>;
    EXPECT_EQ(RP_TRY(tx.division_object_counts(da.division.id)), (Counts{{"users", 0}, {"grants", 0}}));
    EXPECT_TRUE(RP_TRY(tx.list_clients()).empty());
    EXPECT_TRUE(RP_TRY(tx.tokens_of_client(da.client.id)).empty());
    EXPECT_TRUE(RP_TRY(tx.tokens_of_user(da.user.id)).empty());
    auto audit = RP_TRY(tx.list_audit({}));
    EXPECT_EQ(audit.total, 0);
    EXPECT_TRUE(audit.items.empty());
    return {};
  })));

  // Writes from B aimed at A's ids fail or affect nothing. Each runs in its
  // own transaction so that one failure does not hide the next.
  User hijack = da.user;
  hijack.name = "Hijacked";
  hijack.version = 2;
  EXPECT_TRUE(
      failed(in_write(b, [&](ReadWriteTransaction& tx) { return tx.update_user(hijack, 1); }), Errc::not_found));
  Role role_hijack = da.role;
  role_hijack.name = "Hijacked";
  role_hijack.policies.clear();
  EXPECT_TRUE(
      failed(in_write(b, [&](ReadWriteTransaction& tx) { return tx.update_role(role_hijack); }), Errc::not_found));
  EXPECT_TRUE(
      failed(in_write(b, [&](ReadWriteTransaction& tx) { return tx.delete_role(da.role.id); }), Errc::not_found));
  Division division_hijack = da.division;
  division_hijack.name = "Hijacked";
  EXPECT_TRUE(failed(in_write(b, [&](ReadWriteTransaction& tx) { return tx.update_division(division_hijack); }),
                     Errc::not_found));
  EXPECT_TRUE(failed(in_write(b, [&](ReadWriteTransaction& tx) { return tx.delete_division(da.division.id); }),
                     Errc::not_found));
  OAuthClient client_hijack = da.client;
  client_hijack.secret_hash = std::string(64, 'f');
  EXPECT_TRUE(
      failed(in_write(b, [&](ReadWriteTransaction& tx) { return tx.update_client(client_hijack); }), Errc::not_found));
  EXPECT_TRUE(
      failed(in_write(b, [&](ReadWriteTransaction& tx) { return tx.delete_client(da.client.id); }), Errc::not_found));
  // Token removals by client and by user from B remove nothing of A's.
  auto removed = in_write(b, [&](ReadWriteTransaction& tx) { return tx.delete_tokens_of_client(da.client.id); });
  ASSERT_TRUE(ok(removed));
  EXPECT_TRUE(removed->empty());
  removed = in_write(b, [&](ReadWriteTransaction& tx) { return tx.delete_tokens_of_user(da.user.id); });
  ASSERT_TRUE(ok(removed));
  EXPECT_TRUE(removed->empty());
  // A grant in B cannot name A's role.
  Grant cross = da.grant;
  cross.subject_id = new_uuid();
  EXPECT_FALSE(ok(in_write(b, [&](ReadWriteTransaction& tx) { return tx.insert_grant(cross); })));
  for (auto op : std::vector<std::function<Result<void>(ReadWriteTransaction&)>>{
           [&](ReadWriteTransaction& tx) { return tx.delete_grant(da.grant); },
           [&](ReadWriteTransaction& tx) { return tx.delete_grants_of(da.user.id); },
           [&](ReadWriteTransaction& tx) { return tx.delete_token(da.token.token_hash); },
       }) {
    (void)in_write(b, op);
  }
  // A token row can only be written for the transaction's own organization.
  EXPECT_TRUE(failed(in_write(b,
                              [&](ReadWriteTransaction& tx) {
                                Token t = da.token;
                                t.token_hash = "token-forged";
                                return tx.insert_token(t);
                              }),
                     Errc::invalid_argument));

  // B may use the same names and email as A: uniqueness is per organization.
  TenantData db = populate(store(), b, "A");
  auto b_users = in_read(b, [](Reader& tx) { return tx.list_users({}); });
  ASSERT_TRUE(ok(b_users));
  ASSERT_EQ(b_users->items.size(), 1u);
  EXPECT_EQ(b_users->items[0].id, db.user.id);

  // A's data is unchanged.
  ASSERT_TRUE(ok(store().read(a, [&](Reader& tx) -> Result<void> {
    auto division = RP_TRY(tx.get_division(da.division.id));
    expect_same(division, da.division);
    auto user = RP_TRY(tx.get_user(da.user.id));
    expect_same(user, da.user);
    auto role = RP_TRY(tx.get_role(da.role.id));
    expect_same(role, da.role);
    auto grants = RP_TRY(tx.list_grants());
    EXPECT_EQ(grants, std::vector<Grant>{da.grant});
    auto client = RP_TRY(tx.get_client(da.client.id));
    expect_same(client, da.client);
    auto tokens = RP_TRY(tx.tokens_of_client(da.client.id));
    EXPECT_EQ(tokens.size(), 1u);
    EXPECT_EQ(RP_TRY(tx.tokens_of_user(da.user.id)).size(), 1u);
    auto audit = RP_TRY(tx.list_audit({}));
    EXPECT_EQ(audit.total, 1);
    if (audit.items.size() == 1) expect_same(audit.items[0], da.audit);
    auto users = RP_TRY(tx.list_users({}));
    EXPECT_EQ(users.total, 1);
    auto roles = RP_TRY(tx.list_roles());
    EXPECT_EQ(roles.size(), 1u);
    // A's counts see A's rows only, though B now holds the same names.
    using Counts = std::vector<std::pair<std::string, std::int64_t>>;
    EXPECT_EQ(RP_TRY(tx.division_object_counts(da.division.id)), (Counts{{"users", 1}, {"grants", 1}}));
    EXPECT_EQ(RP_TRY(tx.role_user_counts()), (Counts{{da.role.id, 1}}));
    EXPECT_EQ(RP_TRY(tx.grants_of_role(da.role.id)), std::vector<Grant>{da.grant});
    return {};
  })));

  // The cross-organization lookups attribute each row to its owner.
  auto owner = store().find_client_org(da.client.id);
  ASSERT_TRUE(ok(owner));
  ASSERT_TRUE(owner->has_value());
  EXPECT_EQ(**owner, a);
  owner = store().find_client_org(db.client.id);
  ASSERT_TRUE(ok(owner));
  ASSERT_TRUE(owner->has_value());
  EXPECT_EQ(**owner, b);
  auto live = store().live_tokens(2);
  ASSERT_TRUE(ok(live));
  ASSERT_EQ(live->size(), 2u);
  for (const auto& t : *live) {
    if (t.token_hash == da.token.token_hash) expect_same(t, da.token);
    else expect_same(t, db.token);
  }
}

}  // namespace
}  // namespace rp::store::test

namespace rp::store::test {
namespace {

// Direct reports are looked up in the transaction's organization only, even
// when another organization's user names the same manager id.
TEST_P(StoreTest, DirectReportsStayInTheirOrganization) {
  OrgId a = make_org("Tenant A");
  OrgId b = make_org("Tenant B");
  User boss = sample_user("Boss", "boss@a.example");
  boss.manager_id.clear();
  User report_a = sample_user("Report A", "report@a.example");
  report_a.manager_id = boss.id;
  User report_b = sample_user("Report B", "report@b.example");
  report_b.manager_id = boss.id;  // an id that does not exist in B
  ASSERT_TRUE(ok(in_write(a, [&](ReadWriteTransaction& tx) -> Result<void> {
    RP_CHECK(tx.insert_user(boss));
    return tx.insert_user(report_a);
  })));
  ASSERT_TRUE(ok(in_write(b, [&](ReadWriteTransaction& tx) { return tx.insert_user(report_b); })));

  auto in_a = in_read(a, [&](Reader& tx) { return tx.direct_reports(boss.id); });
  ASSERT_TRUE(ok(in_a));
  ASSERT_EQ(in_a->size(), 1u);
  EXPECT_EQ(in_a->front().id, report_a.id);
  auto in_b = in_read(b, [&](Reader& tx) { return tx.direct_reports(boss.id); });
  ASSERT_TRUE(ok(in_b));
  ASSERT_EQ(in_b->size(), 1u);
  EXPECT_EQ(in_b->front().id, report_b.id);
  // A's report is never B's.
  auto a_report_in_b = in_read(b, [&](Reader& tx) { return tx.direct_reports(report_a.id); });
  ASSERT_TRUE(ok(a_report_in_b));
  EXPECT_TRUE(a_report_in_b->empty());
}

}  // namespace
}  // namespace rp::store::test
