// Conformance: groups are kept per organization with unique names among the
// groups not deleted, versioned updates, exact member counts, members that
// are users of the same organization, and the groups of a user.
#include "core/reasons.h"
#include "store/store_suite.h"

namespace rp::store::test {
namespace {

Group sample_group(const std::string& id, const std::string& name) {
  Group g;
  g.id = id;
  g.name = name;
  g.description = "the " + name + " people";
  g.type = "official";
  g.visibility = "members";
  g.rules_visible = true;
  g.owner_ids = {"owner-2", "owner-1"};
  g.created = g.modified = 1000;
  return g;
}

class GroupsFixture {
 public:
  static User user(const std::string& id, const std::string& name) {
    User u = sample_user(name, id + "@example.com");
    u.id = id;
    return u;
  }
};

TEST_P(StoreTest, GroupsRoundTripAndAreVersioned) {
  OrgId org = make_org("One");
  Group g = sample_group("g-1", "Support");
  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) { return tx.insert_group(g); })));
  auto got = in_read(org, [&](Reader& tx) { return tx.get_group("g-1"); });
  ASSERT_TRUE(ok(got));
  EXPECT_EQ(*got, g);  // whole record, member_count 0 included

  Group renamed = g;
  renamed.name = "Care";
  renamed.version = 2;
  renamed.modified = 2000;
  renamed.owner_ids = {};
  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) { return tx.update_group(renamed, 1); })));
  got = in_read(org, [&](Reader& tx) { return tx.get_group("g-1"); });
  ASSERT_TRUE(ok(got));
  EXPECT_EQ(*got, renamed);
  // A stale version is a conflict naming the stored one; an absent group is not found.
  auto stale = in_write(org, [&](ReadWriteTransaction& tx) { return tx.update_group(renamed, 1); });
  EXPECT_TRUE(failed(stale, Errc::conflict, reason::version_mismatch));
  Group absent = sample_group("g-absent", "Nobody");
  EXPECT_TRUE(
      failed(in_write(org, [&](ReadWriteTransaction& tx) { return tx.update_group(absent, 1); }), Errc::not_found));
}

TEST_P(StoreTest, GroupNamesAreUniqueAmongGroupsNotDeleted) {
  OrgId org = make_org("One");
  OrgId other = make_org("Two");
  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) { return tx.insert_group(sample_group("g-1", "Ops")); })));
  auto dup = in_write(org, [&](ReadWriteTransaction& tx) { return tx.insert_group(sample_group("g-2", "OPS")); });
  ASSERT_TRUE(failed(dup, Errc::conflict, reason::duplicate));
  EXPECT_EQ(dup.error().field, "name");
  // Another organization may use the name.
  EXPECT_TRUE(
      ok(in_write(other, [&](ReadWriteTransaction& tx) { return tx.insert_group(sample_group("g-1", "Ops")); })));
  // Once deleted, the name is free again.
  auto g = in_read(org, [&](Reader& tx) { return tx.get_group("g-1"); });
  ASSERT_TRUE(ok(g));
  Group deleted = *g;
  deleted.state = GroupState::deleted;
  deleted.version = 2;
  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) { return tx.update_group(deleted, 1); })));
  EXPECT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) { return tx.insert_group(sample_group("g-2", "Ops")); })));
  auto kept = in_read(org, [&](Reader& tx) { return tx.get_group("g-1"); });
  ASSERT_TRUE(ok(kept));
  EXPECT_EQ(kept->state, GroupState::deleted);
}

TEST_P(StoreTest, GroupMembersAreCountedAndListed) {
  OrgId org = make_org("One");
  OrgId other = make_org("Two");
  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) -> Result<void> {
    RP_CHECK(tx.insert_user(GroupsFixture::user("u-b", "Bea")));
    RP_CHECK(tx.insert_user(GroupsFixture::user("u-a", "Al")));
    RP_CHECK(tx.insert_group(sample_group("g-1", "Ops")));
    return tx.insert_group(sample_group("g-2", "Dev"));
  })));
  ASSERT_TRUE(ok(in_write(other, [&](ReadWriteTransaction& tx) -> Result<void> {
    RP_CHECK(tx.insert_user(GroupsFixture::user("u-x", "Xu")));
    return tx.insert_group(sample_group("g-1", "Ops"));
  })));
  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) -> Result<void> {
    RP_CHECK(tx.add_group_members("g-1", {"u-b", "u-a", "u-b"}));
    return tx.add_group_members("g-2", {"u-a"});
  })));
  auto members = in_read(org, [&](Reader& tx) { return tx.group_members("g-1"); });
  ASSERT_TRUE(ok(members));
  EXPECT_EQ(*members, (std::vector<std::string>{"u-a", "u-b"}));
  auto g = in_read(org, [&](Reader& tx) { return tx.get_group("g-1"); });
  ASSERT_TRUE(ok(g));
  EXPECT_EQ(g->member_count, 2);
  auto of_a = in_read(org, [&](Reader& tx) { return tx.groups_of_user("u-a"); });
  ASSERT_TRUE(ok(of_a));
  EXPECT_EQ(*of_a, (std::vector<std::string>{"g-1", "g-2"}));
  // In one read for several users: by user, then group name ("Dev" before "Ops").
  auto of_both = in_read(org, [&](Reader& tx) { return tx.groups_of_users({"u-b", "u-a", "u-none"}); });
  ASSERT_TRUE(ok(of_both));
  ASSERT_EQ(of_both->size(), 3u);
  EXPECT_EQ((*of_both)[0].first, "u-a");
  EXPECT_EQ((*of_both)[0].second.id, "g-2");
  EXPECT_EQ((*of_both)[0].second.member_count, 1);
  EXPECT_EQ((*of_both)[1].first, "u-a");
  EXPECT_EQ((*of_both)[1].second.id, "g-1");
  EXPECT_EQ((*of_both)[1].second.member_count, 2);
  EXPECT_EQ((*of_both)[2].first, "u-b");
  EXPECT_EQ((*of_both)[2].second.id, "g-1");

  // A user of another organization is not a user here; nor is its group.
  EXPECT_TRUE(failed(in_write(org, [&](ReadWriteTransaction& tx) { return tx.add_group_members("g-1", {"u-x"}); }),
                     Errc::conflict, reason::reference));
  EXPECT_TRUE(failed(in_write(other, [&](ReadWriteTransaction& tx) { return tx.add_group_members("g-2", {"u-x"}); }),
                     Errc::not_found));
  auto theirs = in_read(other, [&](Reader& tx) { return tx.group_members("g-1"); });
  ASSERT_TRUE(ok(theirs));
  EXPECT_TRUE(theirs->empty());

  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) {
    return tx.remove_group_members("g-1", {"u-b", "u-none"});
  })));
  members = in_read(org, [&](Reader& tx) { return tx.group_members("g-1"); });
  ASSERT_TRUE(ok(members));
  EXPECT_EQ(*members, (std::vector<std::string>{"u-a"}));

  // Deleting a group removes its members: it is no longer among the user's groups.
  auto g2 = in_read(org, [&](Reader& tx) { return tx.get_group("g-2"); });
  ASSERT_TRUE(ok(g2));
  Group deleted = *g2;
  deleted.state = GroupState::deleted;
  deleted.version = 2;
  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) { return tx.update_group(deleted, 1); })));
  of_a = in_read(org, [&](Reader& tx) { return tx.groups_of_user("u-a"); });
  ASSERT_TRUE(ok(of_a));
  EXPECT_EQ(*of_a, (std::vector<std::string>{"g-1"}));
  members = in_read(org, [&](Reader& tx) { return tx.group_members("g-2"); });
  ASSERT_TRUE(ok(members));
  EXPECT_TRUE(members->empty());
}

TEST_P(StoreTest, GroupsAreListedByNameInPagesAndById) {
  OrgId org = make_org("One");
  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) -> Result<void> {
    RP_CHECK(tx.insert_group(sample_group("g-c", "charlie")));
    RP_CHECK(tx.insert_group(sample_group("g-a", "Alpha")));
    return tx.insert_group(sample_group("g-b", "bravo"));
  })));
  GroupQuery q;
  q.page = {2, 1};
  auto page = in_read(org, [&](Reader& tx) { return tx.list_groups(q); });
  ASSERT_TRUE(ok(page));
  EXPECT_EQ(page->total, 3);
  ASSERT_EQ(page->items.size(), 2u);
  EXPECT_EQ(page->items[0].id, "g-a");
  EXPECT_EQ(page->items[1].id, "g-b");
  q.page = {2, 2};
  page = in_read(org, [&](Reader& tx) { return tx.list_groups(q); });
  ASSERT_TRUE(ok(page));
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].id, "g-c");
  q.page = {25, 1};
  q.descending = true;
  q.ids = {"g-a", "g-c", "g-none"};
  page = in_read(org, [&](Reader& tx) { return tx.list_groups(q); });
  ASSERT_TRUE(ok(page));
  EXPECT_EQ(page->total, 2);
  ASSERT_EQ(page->items.size(), 2u);
  EXPECT_EQ(page->items[0].id, "g-c");
  EXPECT_EQ(page->items[1].id, "g-a");
}

}  // namespace
}  // namespace rp::store::test
