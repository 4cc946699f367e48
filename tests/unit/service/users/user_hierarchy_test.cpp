// UserService hierarchy: the manager rule of PATCH (unknown, deleted and
// cyclic managers are refused naming "manager"), superiors, direct reports
// and adjacents.
#include <gtest/gtest.h>

#include "service/users/users.h"
#include "unit/service/service_fixture.h"

namespace rp::service {
namespace {

class UserHierarchyTest : public ServiceTest {
 protected:
  // Creates a user named `name`; returns its id.
  std::string person(const std::string& name) {
    NewUser u;
    u.name = name;
    u.email = name + "@example.com";
    auto view = users_->create(admin_, u, kAddUser);
    EXPECT_TRUE(view) << view.error().message;
    return view ? view->user.id : std::string();
  }
  // PATCHes `id`'s manager at its current version.
  Result<UserView> set_manager(const std::string& id, const std::string& manager) {
    auto current = users_->get(admin_, id);
    if (!current) return fail(current.error());
    UserPatch p;
    p.version = current->user.version;
    p.manager = manager;
    return users_->update(admin_, id, p, kEditUser);
  }
  static std::vector<std::string> names(const std::vector<UserView>& views) {
    std::vector<std::string> out;
    for (const auto& v : views) out.push_back(v.user.name);
    return out;
  }
  static ::testing::AssertionResult refused_naming_manager(const Result<UserView>& r) {
    if (r) return ::testing::AssertionFailure() << "accepted";
    if (r.error().code != Errc::invalid_argument || r.error().field != "manager")
      return ::testing::AssertionFailure()
             << to_string(r.error().code) << " field '" << r.error().field << "': " << r.error().message;
    return ::testing::AssertionSuccess();
  }
};

TEST_F(UserHierarchyTest, SuperiorsAreTheChainUpwardNearestFirst) {
  auto ceo = person("ceo"), vp = person("vp"), lead = person("lead"), dev = person("dev");
  ASSERT_TRUE(set_manager(vp, ceo));
  ASSERT_TRUE(set_manager(lead, vp));
  auto patched = set_manager(dev, lead);
  ASSERT_TRUE(patched);
  EXPECT_EQ(patched->user.manager_id, lead);
  EXPECT_EQ(patched->user.version, 2);

  auto chain = users_->superiors(admin_, dev);
  ASSERT_TRUE(chain) << chain.error().message;
  EXPECT_EQ(names(*chain), (std::vector<std::string>{"lead", "vp", "ceo"}));
  EXPECT_EQ(chain->front().division.name, "Home");
  auto top = users_->superiors(admin_, ceo);
  ASSERT_TRUE(top);
  EXPECT_TRUE(top->empty());

  auto reports = users_->direct_reports(admin_, vp);
  ASSERT_TRUE(reports);
  EXPECT_EQ(names(*reports), (std::vector<std::string>{"lead"}));

  // The change is audited with the manager.
  auto records = audit(admin_.org);
  ASSERT_FALSE(records.empty());
  EXPECT_EQ(records.front().action, "user.update");
  EXPECT_NE(records.front().after_json.find(lead), std::string::npos) << records.front().after_json;
}

TEST_F(UserHierarchyTest, AdjacentsAreTheManagerSiblingsAndReports) {
  auto boss = person("boss"), top = person("top"), ann = person("ann"), ben = person("ben"), cat = person("cat"),
       kid = person("kid");
  ASSERT_TRUE(set_manager(boss, top));
  for (const auto& id : {ann, ben, cat}) ASSERT_TRUE(set_manager(id, boss));
  ASSERT_TRUE(set_manager(kid, ben));

  auto adj = users_->adjacents(admin_, ben);
  ASSERT_TRUE(adj) << adj.error().message;
  EXPECT_EQ(names(adj->superiors), (std::vector<std::string>{"boss"})) << "only the direct manager";
  EXPECT_EQ(names(adj->siblings), (std::vector<std::string>{"ann", "cat"}));
  EXPECT_EQ(names(adj->direct_reports), (std::vector<std::string>{"kid"}));

  auto lone = users_->adjacents(admin_, top);
  ASSERT_TRUE(lone);
  EXPECT_TRUE(lone->superiors.empty());
  EXPECT_TRUE(lone->siblings.empty());
  EXPECT_EQ(names(lone->direct_reports), (std::vector<std::string>{"boss"}));
}

TEST_F(UserHierarchyTest, CyclesAreRefusedNamingManager) {
  auto a = person("a"), b = person("b"), c = person("c");
  ASSERT_TRUE(set_manager(b, a));
  ASSERT_TRUE(set_manager(c, b));
  EXPECT_TRUE(refused_naming_manager(set_manager(a, a))) << "oneself";
  EXPECT_TRUE(refused_naming_manager(set_manager(a, b))) << "a direct report";
  EXPECT_TRUE(refused_naming_manager(set_manager(a, c))) << "a report's report";
  // Nothing changed.
  auto still = users_->get(admin_, a);
  ASSERT_TRUE(still);
  EXPECT_EQ(still->user.manager_id, "");
  EXPECT_EQ(still->user.version, 1);
  // Moving sideways is fine.
  auto d = person("d");
  EXPECT_TRUE(set_manager(c, d));
  EXPECT_TRUE(set_manager(d, a));
}

TEST_F(UserHierarchyTest, UnknownDeletedAndForeignManagersAreRefused) {
  auto u = person("u");
  EXPECT_TRUE(refused_naming_manager(set_manager(u, "not-a-uuid")));
  EXPECT_TRUE(refused_naming_manager(set_manager(u, "00000000-0000-4000-8000-000000000000")));
  auto gone = person("gone");
  ASSERT_TRUE(users_->remove(admin_, gone, kDeleteUser));
  EXPECT_TRUE(refused_naming_manager(set_manager(u, gone)));

  auto other = orgs_->bootstrap("Other Org");
  ASSERT_TRUE(other);
  Caller stranger{OrgId(other->organization_id),
                  other->client.client_id,
                  store::SubjectType::client,
                  other->client.client_id,
                  "",
                  "x"};
  NewUser foreign_user;
  foreign_user.name = "foreign";
  foreign_user.email = "foreign@example.com";
  auto foreign = users_->create(stranger, foreign_user, kAddUser);
  ASSERT_TRUE(foreign);
  EXPECT_TRUE(refused_naming_manager(set_manager(u, foreign->user.id)));
  // Another organization's users are not found by the hierarchy queries.
  EXPECT_EQ(users_->superiors(stranger, u).error().code, Errc::not_found);
  EXPECT_EQ(users_->direct_reports(stranger, u).error().code, Errc::not_found);
  EXPECT_EQ(users_->adjacents(stranger, u).error().code, Errc::not_found);
  EXPECT_EQ(users_->superiors(admin_, "nope").error().code, Errc::not_found);
}

TEST_F(UserHierarchyTest, ClearingAndStateRules) {
  auto boss = person("boss"), u = person("u");
  ASSERT_TRUE(set_manager(u, boss));
  auto cleared = set_manager(u, "");
  ASSERT_TRUE(cleared);
  EXPECT_EQ(cleared->user.manager_id, "");
  auto reports = users_->direct_reports(admin_, boss);
  ASSERT_TRUE(reports);
  EXPECT_TRUE(reports->empty());

  // A state change may not change the manager too.
  UserPatch p;
  p.version = cleared->user.version;
  p.state = "inactive";
  p.manager = boss;
  auto both = users_->update(admin_, u, p, kEditUser);
  ASSERT_FALSE(both);
  EXPECT_EQ(both.error().field, "state");
  // Giving the current manager again is no change.
  p.manager = "";
  EXPECT_TRUE(users_->update(admin_, u, p, kEditUser));
}

TEST_F(UserHierarchyTest, ADeletedManagerEndsTheChain) {
  auto top = person("top"), mid = person("mid"), low = person("low");
  ASSERT_TRUE(set_manager(mid, top));
  ASSERT_TRUE(set_manager(low, mid));
  ASSERT_TRUE(users_->remove(admin_, mid, kDeleteUser));
  auto chain = users_->superiors(admin_, low);
  ASSERT_TRUE(chain);
  EXPECT_TRUE(chain->empty());
  auto adj = users_->adjacents(admin_, low);
  ASSERT_TRUE(adj);
  EXPECT_TRUE(adj->superiors.empty());
  EXPECT_TRUE(adj->siblings.empty());
  auto top_reports = users_->direct_reports(admin_, top);
  ASSERT_TRUE(top_reports);
  EXPECT_TRUE(top_reports->empty()) << "deleted users are nobody's reports";
  EXPECT_EQ(users_->superiors(admin_, mid).error().code, Errc::not_found);
  // The deleted manager no longer blocks a new assignment anywhere in the old chain.
  EXPECT_TRUE(set_manager(top, low));
}

// Links made while a user was deleted cannot close a cycle when it comes back:
// the restored user loses the manager that would.
TEST_F(UserHierarchyTest, RestoringAUserNeverClosesACycle) {
  auto a = person("a"), b = person("b"), c = person("c");
  ASSERT_TRUE(set_manager(a, b));  // a reports to b
  ASSERT_TRUE(set_manager(c, a));  // c reports to a
  ASSERT_TRUE(users_->remove(admin_, a, kDeleteUser));
  ASSERT_TRUE(set_manager(b, c)) << "c's chain ends at the deleted a";
  auto deleted = users_->get(admin_, a, true);
  ASSERT_TRUE(deleted);
  UserPatch restore;
  restore.version = deleted->user.version;
  restore.state = "active";
  auto restored = users_->update(admin_, a, restore, kEditUser);
  ASSERT_TRUE(restored) << restored.error().message;
  EXPECT_EQ(restored->user.manager_id, "") << "b now reports to c, who reports to a";
  auto chain = users_->superiors(admin_, b);
  ASSERT_TRUE(chain);
  EXPECT_EQ(names(*chain), (std::vector<std::string>{"c", "a"}));

  // Without a cycle the manager is kept.
  auto d = person("d"), e = person("e");
  ASSERT_TRUE(set_manager(d, e));
  ASSERT_TRUE(users_->remove(admin_, d, kDeleteUser));
  deleted = users_->get(admin_, d, true);
  ASSERT_TRUE(deleted);
  restore.version = deleted->user.version;
  restored = users_->update(admin_, d, restore, kEditUser);
  ASSERT_TRUE(restored);
  EXPECT_EQ(restored->user.manager_id, e);
}

}  // namespace
}  // namespace rp::service
