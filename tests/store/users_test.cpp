// Conformance: users: round trips, case-insensitive uniqueness of email and
// username, optimistic versioning, and listing (paging, filters, order).
#include <algorithm>
#include <cstdio>

#include "core/reasons.h"
#include "store/store_suite.h"

namespace rp::store::test {
namespace {

TEST_P(StoreTest, UserRoundTripFieldByField) {
  OrgId org = make_org();
  User u = sample_user("Ada Lovelace", "ada@example.com");
  User plain = sample_user("Plain", "plain@example.com");
  plain.addresses.clear();
  plain.date_last_login.reset();
  plain.last_token_issued.reset();
  plain.password_hash.clear();
  plain.acd_auto_answer = false;
  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) -> Result<void> {
    RP_CHECK(tx.insert_user(u));
    return tx.insert_user(plain);
  })));

  auto got = in_read(org, [&](Reader& tx) { return tx.get_user(u.id); });
  ASSERT_TRUE(ok(got));
  expect_same(*got, u);
  ASSERT_EQ(got->addresses.size(), 3u);
  EXPECT_EQ(got->addresses[0].media_type, "PHONE");
  EXPECT_EQ(got->addresses[2].country_code, "GB");

  auto got_plain = in_read(org, [&](Reader& tx) { return tx.get_user(plain.id); });
  ASSERT_TRUE(ok(got_plain));
  expect_same(*got_plain, plain);
  EXPECT_FALSE(got_plain->date_last_login.has_value());
  EXPECT_FALSE(got_plain->last_token_issued.has_value());
  EXPECT_FALSE(got_plain->acd_auto_answer);
  EXPECT_TRUE(got->acd_auto_answer);

  EXPECT_TRUE(failed(in_read(org, [](Reader& tx) { return tx.get_user(new_uuid()); }), Errc::not_found));
}

TEST_P(StoreTest, FindUserByEmailIgnoresCase) {
  OrgId org = make_org();
  User u = sample_user("Grace", "Grace.Hopper@Example.com");
  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) { return tx.insert_user(u); })));
  auto found = in_read(org, [](Reader& tx) { return tx.find_user_by_email("grace.hopper@example.COM"); });
  ASSERT_TRUE(ok(found));
  ASSERT_TRUE(found->has_value());
  expect_same(**found, u);
  auto missing = in_read(org, [](Reader& tx) { return tx.find_user_by_email("nobody@example.com"); });
  ASSERT_TRUE(ok(missing));
  EXPECT_FALSE(missing->has_value());
}

TEST_P(StoreTest, EmailAndUsernameAreUniqueCaseInsensitively) {
  OrgId org = make_org();
  User first = sample_user("First", "same@example.com");
  first.username = "first";
  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) { return tx.insert_user(first); })));

  User dup_email = sample_user("Second", "SAME@example.com");
  dup_email.username = "second";
  auto r = in_write(org, [&](ReadWriteTransaction& tx) { return tx.insert_user(dup_email); });
  ASSERT_TRUE(failed(r, Errc::conflict, reason::duplicate));
  EXPECT_NE(r.error().message.find("email"), std::string::npos) << r.error().message;

  User dup_username = sample_user("Third", "third@example.com");
  dup_username.username = "FIRST";
  r = in_write(org, [&](ReadWriteTransaction& tx) { return tx.insert_user(dup_username); });
  ASSERT_TRUE(failed(r, Errc::conflict, reason::duplicate));
  EXPECT_NE(r.error().message.find("username"), std::string::npos) << r.error().message;

  User dup_id = sample_user("Fourth", "fourth@example.com");
  dup_id.id = first.id;
  EXPECT_TRUE(failed(in_write(org, [&](ReadWriteTransaction& tx) { return tx.insert_user(dup_id); }), Errc::conflict,
                     reason::duplicate));

  // Changing another user's email to a taken one conflicts as well.
  User other = sample_user("Other", "other@example.com");
  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) { return tx.insert_user(other); })));
  User changed = other;
  changed.email = "Same@Example.com";
  changed.version = 2;
  EXPECT_TRUE(failed(in_write(org, [&](ReadWriteTransaction& tx) { return tx.update_user(changed, 1); }),
                     Errc::conflict, reason::duplicate));
}

TEST_P(StoreTest, DeletedUsersReleaseTheirEmailAndUsername) {
  OrgId org = make_org();
  User old = sample_user("Old", "reuse@example.com");
  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) { return tx.insert_user(old); })));
  User deleted = old;
  deleted.state = UserState::deleted;
  deleted.version = 2;
  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) { return tx.update_user(deleted, 1); })));

  User fresh = sample_user("New", "REUSE@example.com");
  fresh.username = old.username;
  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) { return tx.insert_user(fresh); })));
  auto found = in_read(org, [](Reader& tx) { return tx.find_user_by_email("reuse@example.com"); });
  ASSERT_TRUE(ok(found));
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->id, fresh.id);

  // Bringing the deleted user back would now collide.
  User revived = deleted;
  revived.state = UserState::active;
  revived.version = 3;
  EXPECT_TRUE(failed(in_write(org, [&](ReadWriteTransaction& tx) { return tx.update_user(revived, 2); }),
                     Errc::conflict, reason::duplicate));
}

TEST_P(StoreTest, UpdateUserReplacesEverythingAndChecksVersion) {
  OrgId org = make_org();
  User u = sample_user("Before", "before@example.com");
  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) { return tx.insert_user(u); })));

  User v2 = u;
  v2.name = "After";
  v2.email = "after@example.com";
  v2.username = "after";
  v2.department = "Sales";
  v2.title = "Lead";
  v2.state = UserState::inactive;
  v2.version = 2;
  v2.addresses = {{"+1 555 0199", "", "PHONE", "HOME", "", "US"}, u.addresses[0]};
  v2.password_hash = "new-hash";
  v2.modified = u.modified + 1000;
  v2.date_last_login.reset();
  v2.last_token_issued = u.modified + 2000;
  v2.acd_auto_answer = !u.acd_auto_answer;
  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) { return tx.update_user(v2, 1); })));
  auto got = in_read(org, [&](Reader& tx) { return tx.get_user(u.id); });
  ASSERT_TRUE(ok(got));
  expect_same(*got, v2);

  User stale = v2;
  stale.name = "Stale";
  stale.version = 2;
  EXPECT_TRUE(failed(in_write(org, [&](ReadWriteTransaction& tx) { return tx.update_user(stale, 1); }), Errc::conflict,
                     reason::version_mismatch));
  got = in_read(org, [&](Reader& tx) { return tx.get_user(u.id); });
  ASSERT_TRUE(ok(got));
  EXPECT_EQ(got->name, "After");

  User ghost = sample_user("Ghost", "ghost@example.com");
  EXPECT_TRUE(
      failed(in_write(org, [&](ReadWriteTransaction& tx) { return tx.update_user(ghost, 1); }), Errc::not_found));
}

// Twelve users named so that the order is known: "user 00" .. "user 11",
// with every third inactive and user 11 deleted.
std::vector<User> seed_users(Store& store, const OrgId& org) {
  std::vector<User> users;
  for (int i = 0; i < 12; ++i) {
    char name[16];
    std::snprintf(name, sizeof name, "User %02d", i);
    User u = sample_user(name, "user" + std::to_string(i) + "@example.com");
    if (i % 3 == 2) u.state = UserState::inactive;
    if (i == 11) u.state = UserState::deleted;
    users.push_back(u);
  }
  // Insert in a scrambled order so that the result order is the store's doing.
  std::vector<User> scrambled = users;
  std::reverse(scrambled.begin(), scrambled.end());
  std::rotate(scrambled.begin(), scrambled.begin() + 5, scrambled.end());
  EXPECT_TRUE(ok(store.write(org, [&](ReadWriteTransaction& tx) -> Result<void> {
    for (const auto& u : scrambled) RP_CHECK(tx.insert_user(u));
    return {};
  })));
  return users;
}

std::vector<std::string> names_of(const std::vector<User>& users) {
  std::vector<std::string> out;
  for (const auto& u : users) out.push_back(u.name);
  return out;
}

TEST_P(StoreTest, ListUsersPagesFiltersAndOrders) {
  OrgId org = make_org();
  std::vector<User> users = seed_users(store(), org);
  auto list = [&](UserQuery q) { return in_read(org, [&](Reader& tx) { return tx.list_users(q); }); };

  // Default: active only (8 of 12), ascending by name.
  UserQuery q;
  q.page = {5, 1};
  auto p1 = list(q);
  ASSERT_TRUE(ok(p1));
  EXPECT_EQ(p1->total, 8);
  EXPECT_EQ(names_of(p1->items), (std::vector<std::string>{"User 00", "User 01", "User 03", "User 04", "User 06"}));
  expect_same(p1->items[0], users[0]);  // addresses included
  q.page = {5, 2};
  auto p2 = list(q);
  ASSERT_TRUE(ok(p2));
  EXPECT_EQ(p2->total, 8);
  EXPECT_EQ(names_of(p2->items), (std::vector<std::string>{"User 07", "User 09", "User 10"}));
  q.page = {5, 3};
  auto p3 = list(q);
  ASSERT_TRUE(ok(p3));
  EXPECT_EQ(p3->total, 8);
  EXPECT_TRUE(p3->items.empty());

  // Descending.
  q.page = {3, 1};
  q.descending = true;
  auto d = list(q);
  ASSERT_TRUE(ok(d));
  EXPECT_EQ(names_of(d->items), (std::vector<std::string>{"User 10", "User 09", "User 07"}));
  q.descending = false;

  // Empty state filter: any state.
  q.states = {};
  q.page = {100, 1};
  auto any = list(q);
  ASSERT_TRUE(ok(any));
  EXPECT_EQ(any->total, 12);
  EXPECT_EQ(any->items.size(), 12u);
  EXPECT_EQ(any->items.back().name, "User 11");

  q.states = {UserState::inactive, UserState::deleted};
  auto some = list(q);
  ASSERT_TRUE(ok(some));
  EXPECT_EQ(names_of(some->items), (std::vector<std::string>{"User 02", "User 05", "User 08", "User 11"}));

  // Id filter, combined with the state filter.
  q.states = {UserState::active};
  q.ids = {users[1].id, users[2].id, users[4].id, new_uuid()};
  auto by_id = list(q);
  ASSERT_TRUE(ok(by_id));
  EXPECT_EQ(by_id->total, 2);
  EXPECT_EQ(names_of(by_id->items), (std::vector<std::string>{"User 01", "User 04"}));

  q.page = {0, 1};
  EXPECT_TRUE(failed(list(q), Errc::invalid_argument));
  q.page = {10, 0};
  EXPECT_TRUE(failed(list(q), Errc::invalid_argument));
}

TEST_P(StoreTest, ListUsersOrdersByNameIgnoringCaseThenId) {
  OrgId org = make_org();
  User a = sample_user("bob", "b1@example.com");
  User b = sample_user("Bob", "b2@example.com");
  User c = sample_user("alice", "a@example.com");
  User d = sample_user("Carol", "c@example.com");
  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) -> Result<void> {
    for (const auto* u : {&a, &b, &c, &d}) RP_CHECK(tx.insert_user(*u));
    return {};
  })));
  UserQuery q;
  auto page = in_read(org, [&](Reader& tx) { return tx.list_users(q); });
  ASSERT_TRUE(ok(page));
  ASSERT_EQ(page->items.size(), 4u);
  EXPECT_EQ(page->items[0].name, "alice");
  auto [lo, hi] = std::minmax(a.id, b.id);
  EXPECT_EQ(page->items[1].id, lo);
  EXPECT_EQ(page->items[2].id, hi);
  EXPECT_EQ(page->items[3].name, "Carol");
}

}  // namespace
}  // namespace rp::store::test

namespace rp::store::test {
namespace {

// A user reporting to `manager` (no manager when empty).
User report(const std::string& name, const std::string& manager) {
  std::string email = name + "@example.com";
  std::replace(email.begin(), email.end(), ' ', '.');
  User u = sample_user(name, email);
  u.manager_id = manager;
  return u;
}

std::vector<std::string> report_names(const std::vector<User>& users) {
  std::vector<std::string> out;
  for (const auto& u : users) out.push_back(u.name);
  return out;
}

TEST_P(StoreTest, ManagerRoundTripsAndIsReplacedByUpdate) {
  OrgId org = make_org();
  User boss = report("Boss", "");
  User worker = report("Worker", boss.id);
  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) -> Result<void> {
    RP_CHECK(tx.insert_user(boss));
    return tx.insert_user(worker);
  })));
  auto got = in_read(org, [&](Reader& tx) { return tx.get_user(worker.id); });
  ASSERT_TRUE(ok(got));
  EXPECT_EQ(got->manager_id, boss.id);
  auto got_boss = in_read(org, [&](Reader& tx) { return tx.get_user(boss.id); });
  ASSERT_TRUE(ok(got_boss));
  EXPECT_EQ(got_boss->manager_id, "");

  UserQuery q;
  q.ids = {worker.id};
  auto listed = in_read(org, [&](Reader& tx) { return tx.list_users(q); });
  ASSERT_TRUE(ok(listed));
  ASSERT_EQ(listed->items.size(), 1u);
  EXPECT_EQ(listed->items[0].manager_id, boss.id);

  User cleared = worker;
  cleared.manager_id.clear();
  cleared.version = 2;
  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) { return tx.update_user(cleared, 1); })));
  got = in_read(org, [&](Reader& tx) { return tx.get_user(worker.id); });
  ASSERT_TRUE(ok(got));
  expect_same(*got, cleared);
}

TEST_P(StoreTest, DirectReportsAreTheLiveUsersOfAManagerByName) {
  OrgId org = make_org();
  User boss = report("Boss", "");
  User other_boss = report("Other Boss", "");
  User carol = report("carol", boss.id);
  User alice = report("Alice", boss.id);
  User bob = report("Bob", boss.id);
  User gone = report("Aaron", boss.id);
  User elsewhere = report("Dave", other_boss.id);
  User grandchild = report("Eve", alice.id);
  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) -> Result<void> {
    for (const User* u : {&boss, &other_boss, &carol, &alice, &bob, &gone, &elsewhere, &grandchild})
      RP_CHECK(tx.insert_user(*u));
    User deleted = gone;
    deleted.state = UserState::deleted;
    deleted.version = 2;
    return tx.update_user(deleted, 1);
  })));

  auto reports = in_read(org, [&](Reader& tx) { return tx.direct_reports(boss.id); });
  ASSERT_TRUE(ok(reports));
  EXPECT_EQ(report_names(*reports), (std::vector<std::string>{"Alice", "Bob", "carol"}));
  ASSERT_FALSE(reports->empty());
  expect_same(reports->front(), alice);  // whole records, contacts included

  auto none = in_read(org, [&](Reader& tx) { return tx.direct_reports(bob.id); });
  ASSERT_TRUE(ok(none));
  EXPECT_TRUE(none->empty());
  auto unknown = in_read(org, [&](Reader& tx) { return tx.direct_reports(new_uuid()); });
  ASSERT_TRUE(ok(unknown));
  EXPECT_TRUE(unknown->empty());
  // Users without a manager are nobody's reports.
  auto empty = in_read(org, [&](Reader& tx) { return tx.direct_reports(""); });
  ASSERT_TRUE(ok(empty));
  EXPECT_TRUE(empty->empty());

  // An inactive report is still a report; a reassigned one is not.
  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) -> Result<void> {
    User inactive = bob;
    inactive.state = UserState::inactive;
    inactive.version = 2;
    RP_CHECK(tx.update_user(inactive, 1));
    User moved = carol;
    moved.manager_id = other_boss.id;
    moved.version = 2;
    return tx.update_user(moved, 1);
  })));
  reports = in_read(org, [&](Reader& tx) { return tx.direct_reports(boss.id); });
  ASSERT_TRUE(ok(reports));
  EXPECT_EQ(report_names(*reports), (std::vector<std::string>{"Alice", "Bob"}));
  auto others = in_read(org, [&](Reader& tx) { return tx.direct_reports(other_boss.id); });
  ASSERT_TRUE(ok(others));
  EXPECT_EQ(report_names(*others), (std::vector<std::string>{"carol", "Dave"}));
}

}  // namespace
}  // namespace rp::store::test
