// Conformance: changing and removing divisions, counting what lives in a
// division, and which subjects hold a role (division_object_counts,
// role_user_counts, grants_of_role), plus the role's needs-update flag.
#include <algorithm>
#include <map>

#include "core/reasons.h"
#include "store/store_suite.h"

namespace rp::store::test {
namespace {

using Counts = std::vector<std::pair<std::string, std::int64_t>>;

std::map<std::string, std::int64_t> as_map(const Counts& counts) { return {counts.begin(), counts.end()}; }

// ---- Divisions: update and delete ------------------------------------------------

TEST_P(StoreTest, UpdateDivisionReplacesNameAndDescriptionOnly) {
  OrgId org = make_org();
  Division d = sample_division("Sales");
  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) { return tx.insert_division(d); })));

  Division changed = d;
  changed.name = "Field Sales";
  changed.description = "renamed";
  changed.home = true;   // kept as stored
  changed.created = 42;  // kept as stored
  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) { return tx.update_division(changed); })));
  auto got = in_read(org, [&](Reader& tx) { return tx.get_division(d.id); });
  ASSERT_TRUE(ok(got));
  EXPECT_EQ(got->name, "Field Sales");
  EXPECT_EQ(got->description, "renamed");
  EXPECT_FALSE(got->home);
  EXPECT_EQ(got->created, d.created);

  // Same values again, and a change of case of its own name: not conflicts.
  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) { return tx.update_division(changed); })));
  changed.name = "FIELD SALES";
  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) { return tx.update_division(changed); })));
  got = in_read(org, [&](Reader& tx) { return tx.get_division(d.id); });
  ASSERT_TRUE(ok(got));
  EXPECT_EQ(got->name, "FIELD SALES");

  // The old name is free again.
  EXPECT_TRUE(ok(in_write(org, [](ReadWriteTransaction& tx) { return tx.insert_division(sample_division("Sales")); })));

  // The home division keeps its flag through an update.
  auto home_id =
      in_read(org, [](Reader& tx) -> Result<std::string> { return RP_TRY(tx.organization()).home_division_id; });
  ASSERT_TRUE(ok(home_id));
  Division home{*home_id, "Headquarters", "", false, 0};
  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) { return tx.update_division(home); })));
  got = in_read(org, [&](Reader& tx) { return tx.get_division(*home_id); });
  ASSERT_TRUE(ok(got));
  EXPECT_EQ(got->name, "Headquarters");
  EXPECT_TRUE(got->home);
  EXPECT_EQ(got->created, 1700000000000);
}

TEST_P(StoreTest, UpdateDivisionConflictsAndNotFound) {
  OrgId org = make_org();
  Division sales = sample_division("Sales");
  Division support = sample_division("Support");
  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) -> Result<void> {
    RP_CHECK(tx.insert_division(sales));
    return tx.insert_division(support);
  })));

  for (const char* taken : {"Sales", "sAlEs", "HOME"}) {
    Division clash = support;
    clash.name = taken;
    auto r = in_write(org, [&](ReadWriteTransaction& tx) { return tx.update_division(clash); });
    EXPECT_TRUE(failed(r, Errc::conflict, reason::duplicate)) << taken;
    if (!r) {
      EXPECT_EQ(r.error().field, "name");
    }
  }
  auto got = in_read(org, [&](Reader& tx) { return tx.get_division(support.id); });
  ASSERT_TRUE(ok(got));
  expect_same(*got, support);

  EXPECT_TRUE(
      failed(in_write(org, [](ReadWriteTransaction& tx) { return tx.update_division(sample_division("Nowhere")); }),
             Errc::not_found));
}

TEST_P(StoreTest, DeleteDivision) {
  OrgId org = make_org();
  Division d = sample_division("Temporary");
  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) { return tx.insert_division(d); })));

  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) { return tx.delete_division(d.id); })));
  EXPECT_TRUE(failed(in_read(org, [&](Reader& tx) { return tx.get_division(d.id); }), Errc::not_found));
  auto list = in_read(org, [](Reader& tx) { return tx.list_divisions(); });
  ASSERT_TRUE(ok(list));
  ASSERT_EQ(list->size(), 1u);
  EXPECT_TRUE(list->front().home);

  EXPECT_TRUE(
      failed(in_write(org, [&](ReadWriteTransaction& tx) { return tx.delete_division(d.id); }), Errc::not_found));
  EXPECT_TRUE(
      failed(in_write(org, [](ReadWriteTransaction& tx) { return tx.delete_division(new_uuid()); }), Errc::not_found));
  // The name is free again.
  EXPECT_TRUE(
      ok(in_write(org, [](ReadWriteTransaction& tx) { return tx.insert_division(sample_division("temporary")); })));

  // The store refuses nothing itself: a division with users and grants goes,
  // and they stay (the service decides what may be deleted).
  Division busy = sample_division("Busy");
  User u = sample_user("Uma", "uma@example.com");
  u.division_id = busy.id;
  Role r = sample_role("Viewer");
  Grant g{u.id, SubjectType::user, r.id, busy.id, 1};
  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) -> Result<void> {
    RP_CHECK(tx.insert_division(busy));
    RP_CHECK(tx.insert_user(u));
    RP_CHECK(tx.insert_role(r));
    return tx.insert_grant(g);
  })));
  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) { return tx.delete_division(busy.id); })));
  EXPECT_TRUE(ok(in_read(org, [&](Reader& tx) { return tx.get_user(u.id); })));
  auto grants = in_read(org, [](Reader& tx) { return tx.list_grants(); });
  ASSERT_TRUE(ok(grants));
  EXPECT_EQ(*grants, std::vector<Grant>{g});

  // Including the home division.
  auto home_id =
      in_read(org, [](Reader& tx) -> Result<std::string> { return RP_TRY(tx.organization()).home_division_id; });
  ASSERT_TRUE(ok(home_id));
  EXPECT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) { return tx.delete_division(*home_id); })));
}

TEST_P(StoreTest, DeleteDivisionRollsBackWithItsTransaction) {
  OrgId org = make_org();
  Division d = sample_division("Kept");
  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) { return tx.insert_division(d); })));
  auto r = store().write(org, [&](ReadWriteTransaction& tx) -> Result<void> {
    RP_CHECK(tx.delete_division(d.id));
    return fail(Errc::conflict, "changed my mind");
  });
  EXPECT_TRUE(failed(r, Errc::conflict));
  auto got = in_read(org, [&](Reader& tx) { return tx.get_division(d.id); });
  ASSERT_TRUE(ok(got));
  expect_same(*got, d);
}

// ---- Division object counts ------------------------------------------------------

TEST_P(StoreTest, DivisionObjectCounts) {
  OrgId org = make_org();
  Division d = sample_division("Counted");
  Division other = sample_division("Other");
  Role viewer = sample_role("Viewer");
  Role admin = sample_role("Admin");
  User active = sample_user("Active", "active@example.com");
  User inactive = sample_user("Inactive", "inactive@example.com");
  User deleted = sample_user("Deleted", "deleted@example.com");
  User elsewhere = sample_user("Elsewhere", "elsewhere@example.com");
  active.division_id = d.id;
  inactive.division_id = d.id;
  inactive.state = UserState::inactive;
  deleted.division_id = d.id;
  deleted.state = UserState::deleted;
  elsewhere.division_id = other.id;
  std::string client = new_uuid(), group = new_uuid();
  std::vector<Grant> grants = {
      {active.id, SubjectType::user, viewer.id, d.id, 1},
      {active.id, SubjectType::user, admin.id, d.id, 2},
      {deleted.id, SubjectType::user, viewer.id, d.id, 3},  // a grant counts whoever holds it
      {client, SubjectType::client, admin.id, d.id, 4},
      {group, SubjectType::group, viewer.id, d.id, 5},
      {active.id, SubjectType::user, viewer.id, other.id, 6},
      {active.id, SubjectType::user, viewer.id, "*", 7},  // all divisions: in none in particular
  };

  // Empty divisions (and ids that name nothing) list both types with 0.
  auto empty = in_read(org, [&](Reader& tx) { return tx.division_object_counts(d.id); });
  ASSERT_TRUE(ok(empty));
  EXPECT_EQ(*empty, (Counts{{"users", 0}, {"grants", 0}}));

  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) -> Result<void> {
    RP_CHECK(tx.insert_division(d));
    RP_CHECK(tx.insert_division(other));
    RP_CHECK(tx.insert_role(viewer));
    RP_CHECK(tx.insert_role(admin));
    for (const auto* u : {&active, &inactive, &deleted, &elsewhere}) RP_CHECK(tx.insert_user(*u));
    for (const auto& g : grants) RP_CHECK(tx.insert_grant(g));
    return {};
  })));

  auto counts = in_read(org, [&](Reader& tx) { return tx.division_object_counts(d.id); });
  ASSERT_TRUE(ok(counts));
  EXPECT_EQ(*counts, (Counts{{"users", 2}, {"grants", 5}}));
  counts = in_read(org, [&](Reader& tx) { return tx.division_object_counts(other.id); });
  ASSERT_TRUE(ok(counts));
  EXPECT_EQ(as_map(*counts), (std::map<std::string, std::int64_t>{{"users", 1}, {"grants", 1}}));
  counts = in_read(org, [&](Reader& tx) { return tx.division_object_counts(new_uuid()); });
  ASSERT_TRUE(ok(counts));
  EXPECT_EQ(as_map(*counts), (std::map<std::string, std::int64_t>{{"users", 0}, {"grants", 0}}));

  // Counts follow changes: deleting a user, moving one, removing grants.
  User gone = active;
  gone.state = UserState::deleted;
  gone.version = 2;
  User moved = inactive;
  moved.division_id = other.id;
  moved.version = 2;
  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) -> Result<void> {
    RP_CHECK(tx.update_user(gone, 1));
    RP_CHECK(tx.update_user(moved, 1));
    RP_CHECK(tx.delete_grants_of(client));
    return tx.delete_role(viewer.id);  // takes its grants along
  })));
  counts = in_read(org, [&](Reader& tx) { return tx.division_object_counts(d.id); });
  ASSERT_TRUE(ok(counts));
  EXPECT_EQ(*counts, (Counts{{"users", 0}, {"grants", 1}}));
  // Inside a write the counts see the transaction's own changes.
  auto in_tx = in_write(org, [&](ReadWriteTransaction& tx) -> Result<Counts> {
    RP_CHECK(tx.insert_grant(Grant{client, SubjectType::client, admin.id, d.id, 8}));
    return tx.division_object_counts(d.id);
  });
  ASSERT_TRUE(ok(in_tx));
  EXPECT_EQ(*in_tx, (Counts{{"users", 0}, {"grants", 2}}));
}

// ---- Role user counts ------------------------------------------------------------

TEST_P(StoreTest, RoleUserCounts) {
  OrgId org = make_org();
  Role viewer = sample_role("Viewer");
  Role admin = sample_role("Admin");
  Role clients_only = sample_role("Clients only");
  Role unused = sample_role("Unused");
  Role deleted_only = sample_role("Deleted only");
  User alice = sample_user("Alice", "alice@example.com");
  User bob = sample_user("Bob", "bob@example.com");
  User carol = sample_user("Carol", "carol@example.com");
  carol.state = UserState::inactive;
  User dave = sample_user("Dave", "dave@example.com");
  dave.state = UserState::deleted;
  std::string d1 = new_uuid(), d2 = new_uuid(), client = new_uuid(), group = new_uuid();
  std::vector<Grant> grants = {
      // Alice holds Viewer in three divisions: one user.
      {alice.id, SubjectType::user, viewer.id, d1, 1},
      {alice.id, SubjectType::user, viewer.id, d2, 2},
      {alice.id, SubjectType::user, viewer.id, "*", 3},
      {bob.id, SubjectType::user, viewer.id, d1, 4},
      {carol.id, SubjectType::user, viewer.id, d1, 5},  // inactive still counts
      {dave.id, SubjectType::user, viewer.id, d1, 6},   // deleted does not
      {alice.id, SubjectType::user, admin.id, d1, 7},
      {client, SubjectType::client, admin.id, d1, 8},
      {group, SubjectType::group, admin.id, d1, 9},
      // A group whose id is a user's id is not that user.
      {bob.id, SubjectType::group, admin.id, d1, 10},
      {client, SubjectType::client, clients_only.id, d1, 11},
      {group, SubjectType::group, clients_only.id, d2, 12},
      {dave.id, SubjectType::user, deleted_only.id, d2, 13},
  };
  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) -> Result<void> {
    for (const auto* r : {&viewer, &admin, &clients_only, &unused, &deleted_only}) RP_CHECK(tx.insert_role(*r));
    for (const auto* u : {&alice, &bob, &carol, &dave}) RP_CHECK(tx.insert_user(*u));
    for (const auto& g : grants) RP_CHECK(tx.insert_grant(g));
    return {};
  })));

  auto counts = in_read(org, [](Reader& tx) { return tx.role_user_counts(); });
  ASSERT_TRUE(ok(counts));
  EXPECT_EQ(as_map(*counts), (std::map<std::string, std::int64_t>{{viewer.id, 3}, {admin.id, 1}}));
  EXPECT_EQ(counts->size(), 2u);  // one pair per role, none for roles without (live) users

  // Deleting a user drops them from every count; a role left with no users
  // disappears from the list.
  User gone = alice;
  gone.state = UserState::deleted;
  gone.version = 2;
  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) { return tx.update_user(gone, 1); })));
  counts = in_read(org, [](Reader& tx) { return tx.role_user_counts(); });
  ASSERT_TRUE(ok(counts));
  EXPECT_EQ(as_map(*counts), (std::map<std::string, std::int64_t>{{viewer.id, 2}}));

  // A grant naming an id that is no stored user counts for nothing.
  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) {
    return tx.insert_grant(Grant{new_uuid(), SubjectType::user, unused.id, d1, 20});
  })));
  counts = in_read(org, [](Reader& tx) { return tx.role_user_counts(); });
  ASSERT_TRUE(ok(counts));
  EXPECT_EQ(as_map(*counts), (std::map<std::string, std::int64_t>{{viewer.id, 2}}));

  // An organization with no grants: an empty list.
  OrgId bare = make_org("Bare");
  counts = in_read(bare, [](Reader& tx) { return tx.role_user_counts(); });
  ASSERT_TRUE(ok(counts));
  EXPECT_TRUE(counts->empty());
}

// ---- Grants of a role ------------------------------------------------------------

TEST_P(StoreTest, GrantsOfRole) {
  OrgId org = make_org();
  Role viewer = sample_role("Viewer");
  Role admin = sample_role("Admin");
  User alice = sample_user("Alice", "alice@example.com");
  User deleted = sample_user("Deleted", "deleted@example.com");
  deleted.state = UserState::deleted;
  std::string d1 = new_uuid(), client = new_uuid(), group = new_uuid();
  Grant g1{alice.id, SubjectType::user, viewer.id, d1, 1};
  Grant g2{alice.id, SubjectType::user, viewer.id, "*", 2};
  Grant g3{client, SubjectType::client, viewer.id, d1, 3};
  Grant g4{group, SubjectType::group, viewer.id, d1, 4};
  Grant g5{deleted.id, SubjectType::user, viewer.id, d1, 5};  // every grant, whoever holds it
  Grant g6{alice.id, SubjectType::user, admin.id, d1, 6};
  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) -> Result<void> {
    RP_CHECK(tx.insert_role(viewer));
    RP_CHECK(tx.insert_role(admin));
    RP_CHECK(tx.insert_user(alice));
    RP_CHECK(tx.insert_user(deleted));
    for (const auto* g : {&g1, &g2, &g3, &g4, &g5, &g6}) RP_CHECK(tx.insert_grant(*g));
    return {};
  })));

  auto of_viewer = in_read(org, [&](Reader& tx) { return tx.grants_of_role(viewer.id); });
  ASSERT_TRUE(ok(of_viewer));
  ASSERT_EQ(of_viewer->size(), 5u);
  for (const auto* g : {&g1, &g2, &g3, &g4, &g5}) {
    auto it = std::find(of_viewer->begin(), of_viewer->end(), *g);
    ASSERT_NE(it, of_viewer->end());
    EXPECT_EQ(it->created, g->created);
    EXPECT_EQ(it->subject_type, g->subject_type);
  }
  auto of_admin = in_read(org, [&](Reader& tx) { return tx.grants_of_role(admin.id); });
  ASSERT_TRUE(ok(of_admin));
  EXPECT_EQ(*of_admin, std::vector<Grant>{g6});

  // An unknown role has no grants (not an error).
  auto none = in_read(org, [](Reader& tx) { return tx.grants_of_role(new_uuid()); });
  ASSERT_TRUE(ok(none));
  EXPECT_TRUE(none->empty());

  // Grants leave with their role.
  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) { return tx.delete_role(viewer.id); })));
  of_viewer = in_read(org, [&](Reader& tx) { return tx.grants_of_role(viewer.id); });
  ASSERT_TRUE(ok(of_viewer));
  EXPECT_TRUE(of_viewer->empty());
}

// ---- The needs-update flag -------------------------------------------------------

TEST_P(StoreTest, RoleNeedsUpdateRoundTrip) {
  OrgId org = make_org();
  Role flagged = sample_role("Flagged");
  flagged.needs_update = true;
  Role plain = sample_role("Plain");
  plain.needs_update = false;
  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) -> Result<void> {
    RP_CHECK(tx.insert_role(flagged));
    return tx.insert_role(plain);
  })));
  auto got = in_read(org, [&](Reader& tx) { return tx.get_role(flagged.id); });
  ASSERT_TRUE(ok(got));
  EXPECT_TRUE(got->needs_update);
  expect_same(*got, flagged);
  got = in_read(org, [&](Reader& tx) { return tx.get_role(plain.id); });
  ASSERT_TRUE(ok(got));
  EXPECT_FALSE(got->needs_update);

  auto list = in_read(org, [](Reader& tx) { return tx.list_roles(); });
  ASSERT_TRUE(ok(list));
  ASSERT_EQ(list->size(), 2u);
  expect_same((*list)[0], flagged);
  expect_same((*list)[1], plain);

  // update_role sets and clears it.
  flagged.needs_update = false;
  plain.needs_update = true;
  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) -> Result<void> {
    RP_CHECK(tx.update_role(flagged));
    return tx.update_role(plain);
  })));
  list = in_read(org, [](Reader& tx) { return tx.list_roles(); });
  ASSERT_TRUE(ok(list));
  ASSERT_EQ(list->size(), 2u);
  EXPECT_FALSE((*list)[0].needs_update);
  EXPECT_TRUE((*list)[1].needs_update);
  expect_same((*list)[0], flagged);
  expect_same((*list)[1], plain);
}

// ---- Two tenants -----------------------------------------------------------------

// Ids are keys within an organization, so B can hold a division and a role
// with the very ids A uses; each organization still sees only its own rows.
TEST_P(StoreTest, UsageQueriesAreIsolatedEvenWithSharedIds) {
  OrgId a = make_org("Tenant A");
  OrgId b = make_org("Tenant B");
  Division div = sample_division("Shared");
  Role role = sample_role("Shared");
  User ua = sample_user("Ann", "ann@example.com");
  ua.division_id = div.id;
  User ub1 = sample_user("Ben", "ben@example.com");
  ub1.division_id = div.id;
  User ub2 = sample_user("Bea", "bea@example.com");
  ub2.division_id = div.id;
  Grant ga{ua.id, SubjectType::user, role.id, div.id, 1};
  Grant gb1{ub1.id, SubjectType::user, role.id, div.id, 2};
  Grant gb2{ub2.id, SubjectType::user, role.id, div.id, 3};
  Grant gb3{new_uuid(), SubjectType::client, role.id, div.id, 4};
  ASSERT_TRUE(ok(in_write(a, [&](ReadWriteTransaction& tx) -> Result<void> {
    RP_CHECK(tx.insert_division(div));
    RP_CHECK(tx.insert_user(ua));
    RP_CHECK(tx.insert_role(role));
    return tx.insert_grant(ga);
  })));
  ASSERT_TRUE(ok(in_write(b, [&](ReadWriteTransaction& tx) -> Result<void> {
    RP_CHECK(tx.insert_division(div));
    RP_CHECK(tx.insert_user(ub1));
    RP_CHECK(tx.insert_user(ub2));
    RP_CHECK(tx.insert_role(role));
    for (const auto* g : {&gb1, &gb2, &gb3}) RP_CHECK(tx.insert_grant(*g));
    return {};
  })));
  // A grant in B naming A's user id does not make A's user count in B.
  ASSERT_TRUE(ok(in_write(b, [&](ReadWriteTransaction& tx) {
    return tx.insert_grant(Grant{ua.id, SubjectType::user, role.id, div.id, 5});
  })));

  auto counts_a = in_read(a, [&](Reader& tx) { return tx.division_object_counts(div.id); });
  ASSERT_TRUE(ok(counts_a));
  EXPECT_EQ(*counts_a, (Counts{{"users", 1}, {"grants", 1}}));
  auto counts_b = in_read(b, [&](Reader& tx) { return tx.division_object_counts(div.id); });
  ASSERT_TRUE(ok(counts_b));
  EXPECT_EQ(*counts_b, (Counts{{"users", 2}, {"grants", 4}}));

  auto users_a = in_read(a, [](Reader& tx) { return tx.role_user_counts(); });
  ASSERT_TRUE(ok(users_a));
  EXPECT_EQ(*users_a, (Counts{{role.id, 1}}));
  auto users_b = in_read(b, [](Reader& tx) { return tx.role_user_counts(); });
  ASSERT_TRUE(ok(users_b));
  EXPECT_EQ(*users_b, (Counts{{role.id, 2}}));

  auto grants_a = in_read(a, [&](Reader& tx) { return tx.grants_of_role(role.id); });
  ASSERT_TRUE(ok(grants_a));
  EXPECT_EQ(*grants_a, std::vector<Grant>{ga});
  auto grants_b = in_read(b, [&](Reader& tx) { return tx.grants_of_role(role.id); });
  ASSERT_TRUE(ok(grants_b));
  EXPECT_EQ(grants_b->size(), 4u);

  // Renaming and deleting in B leave A's division alone.
  Division renamed = div;
  renamed.name = "Renamed in B";
  ASSERT_TRUE(ok(in_write(b, [&](ReadWriteTransaction& tx) { return tx.update_division(renamed); })));
  ASSERT_TRUE(ok(in_write(b, [&](ReadWriteTransaction& tx) { return tx.delete_division(div.id); })));
  auto still = in_read(a, [&](Reader& tx) { return tx.get_division(div.id); });
  ASSERT_TRUE(ok(still));
  expect_same(*still, div);
  // A division name taken in A is free in B.
  Division named_like_a = sample_division("Shared");
  EXPECT_TRUE(ok(in_write(b, [&](ReadWriteTransaction& tx) { return tx.insert_division(named_like_a); })));
}

}  // namespace
}  // namespace rp::store::test
