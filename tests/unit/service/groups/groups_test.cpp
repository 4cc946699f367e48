#include "service/groups/groups.h"

#include <gtest/gtest.h>

#include "core/ids.h"
#include "core/reasons.h"
#include "unit/service/service_fixture.h"

namespace rp::service {
namespace {

class GroupsTest : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    groups_ = std::make_unique<GroupService>(*store_, *access_, tokens_.get(), clock_);
  }
  void TearDown() override {
    groups_.reset();
    ServiceTest::TearDown();
  }

  std::string user(const std::string& name, const std::string& email) {
    NewUser in;
    in.name = name;
    in.email = email;
    auto view = users_->create(admin_, in, kAddUser);
    EXPECT_TRUE(view) << (view ? "" : view.error().message);
    return view ? view->user.id : std::string();
  }

  static GroupInput input(const std::string& name) {
    GroupInput in;
    in.name = name;
    in.type = "official";
    in.visibility = "public";
    in.rules_visible = false;
    return in;
  }

  std::unique_ptr<GroupService> groups_;
};

TEST_F(GroupsTest, CreateValidatesAndAuditsInTheSameWrite) {
  auto g = groups_->create(admin_, input("  Support  "));
  ASSERT_TRUE(g) << g.error().message;
  EXPECT_TRUE(is_uuid(g->id));
  EXPECT_EQ(g->name, "Support");
  EXPECT_EQ(g->version, 1);
  auto records = audit(admin_.org);
  ASSERT_FALSE(records.empty());
  EXPECT_EQ(records.front().action, "group.create");
  EXPECT_EQ(records.front().entity_id, g->id);

  struct Case {
    GroupInput in;
    std::string field;
  };
  std::vector<Case> cases;
  cases.push_back({input(""), "name"});
  auto bad_type = input("A");
  bad_type.type = "secret";
  cases.push_back({bad_type, "type"});
  auto bad_visibility = input("B");
  bad_visibility.visibility = "everyone";
  cases.push_back({bad_visibility, "visibility"});
  auto no_rules = input("C");
  no_rules.rules_visible.reset();
  cases.push_back({no_rules, "rulesVisible"});
  auto bad_owner = input("D");
  bad_owner.owner_ids = {new_uuid()};
  cases.push_back({bad_owner, "ownerIds[0]"});
  for (const auto& c : cases) {
    auto r = groups_->create(admin_, c.in);
    ASSERT_FALSE(r) << c.field;
    EXPECT_EQ(r.error().code, Errc::invalid_argument) << c.field;
    EXPECT_EQ(r.error().field, c.field);
  }
  auto dup = groups_->create(admin_, input("SUPPORT"));
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, Errc::conflict);
  EXPECT_EQ(dup.error().reason, reason::duplicate);
}

TEST_F(GroupsTest, UpdateNeedsTheCurrentVersionAndDeleteHidesTheGroup) {
  auto g = groups_->create(admin_, input("Ops"));
  ASSERT_TRUE(g) << g.error().message;
  auto in = input("Operations");
  in.version = 1;
  auto updated = groups_->update(admin_, g->id, in);
  ASSERT_TRUE(updated) << updated.error().message;
  EXPECT_EQ(updated->name, "Operations");
  EXPECT_EQ(updated->version, 2);
  auto stale = groups_->update(admin_, g->id, in);
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().reason, reason::version_mismatch);
  in.version.reset();
  EXPECT_EQ(groups_->update(admin_, g->id, in).error().field, "version");

  ASSERT_TRUE(groups_->remove(admin_, g->id));
  EXPECT_EQ(groups_->get(admin_, g->id).error().code, Errc::not_found);
  EXPECT_EQ(groups_->remove(admin_, g->id).error().code, Errc::not_found);
  EXPECT_EQ(groups_->get(admin_, "not-a-uuid").error().code, Errc::not_found);
  // The name is free again.
  EXPECT_TRUE(groups_->create(admin_, input("Operations")));
}

TEST_F(GroupsTest, MembersAreUsersOfTheOrganizationAndBumpTheVersion) {
  auto g = groups_->create(admin_, input("Dev"));
  ASSERT_TRUE(g) << g.error().message;
  const std::string ada = user("Ada", "ada@example.com");
  const std::string bob = user("Bob", "bob@example.com");
  ASSERT_TRUE(groups_->add_members(admin_, g->id, {bob, ada, bob}, 1));
  auto got = groups_->get(admin_, g->id);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->member_count, 2);
  EXPECT_EQ(got->version, 2);
  auto members = groups_->members(admin_, g->id, {25, 1});
  ASSERT_TRUE(members) << members.error().message;
  ASSERT_EQ(members->items.size(), 2u);
  EXPECT_EQ(members->items[0].user.name, "Ada");
  EXPECT_EQ(members->items[1].user.name, "Bob");
  EXPECT_EQ(members->items[0].division.id, home());
  auto of_ada = groups_->groups_of_user(admin_, ada);
  ASSERT_TRUE(of_ada);
  EXPECT_EQ(*of_ada, std::vector<std::string>{g->id});

  // A stale version, an unknown user, an empty or too long list are refused.
  EXPECT_EQ(groups_->add_members(admin_, g->id, {ada}, 1).error().reason, reason::version_mismatch);
  EXPECT_EQ(groups_->add_members(admin_, g->id, {new_uuid()}, std::nullopt).error().field, "memberIds[0]");
  EXPECT_EQ(groups_->add_members(admin_, g->id, {}, std::nullopt).error().field, "memberIds");
  EXPECT_EQ(groups_->add_members(admin_, g->id, std::vector<std::string>(51, ada), std::nullopt).error().field,
            "memberIds");

  ASSERT_TRUE(groups_->remove_members(admin_, g->id, {bob}));
  got = groups_->get(admin_, g->id);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->member_count, 1);
  EXPECT_EQ(got->version, 3);
  auto records = audit(admin_.org);
  ASSERT_FALSE(records.empty());
  EXPECT_EQ(records.front().action, "group.members.remove");
}

}  // namespace
}  // namespace rp::service
