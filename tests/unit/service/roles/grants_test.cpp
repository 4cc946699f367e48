#include "service/roles/grants.h"

#include <algorithm>

#include <gtest/gtest.h>

#include "service/divisions/divisions.h"
#include "unit/service/service_fixture.h"

namespace rp::service {
namespace {

class GrantsTest : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    divisions_ = std::make_unique<DivisionService>(*store_, *access_, clock_);
    grants_ = std::make_unique<GrantService>(*store_, *access_, clock_);
    NewUser u;
    u.name = "Grace Hopper";
    u.email = "grace@example.com";
    auto user = users_->create(admin_, u, kAddUser);
    ASSERT_TRUE(user) << user.error().message;
    user_ = user->user;
    home_ = divisions_->home(admin_).value();
    grace_ = Caller{admin_.org, user_.id, store::SubjectType::user, boot_.client.client_id, "", "grace-correlation"};
  }
  void TearDown() override {
    grants_.reset();
    divisions_.reset();
    ServiceTest::TearDown();
  }

  store::Division division(const std::string& name) { return divisions_->create(admin_, {name, std::nullopt}).value(); }

  // Whether grace may create users (in `division` when given).
  bool grace_may_add_users(std::optional<std::string> division = std::nullopt) {
    return access_
        ->authorize(grace_, authz::Requirement::any_of({"directory:user:add"}),
                    division ? std::optional<std::string_view>(*division) : std::nullopt)
        .has_value();
  }

  std::vector<std::pair<std::string, std::string>> pairs_of(const std::string& subject) {
    std::vector<std::pair<std::string, std::string>> out;
    auto view = grants_->subject(admin_, subject);
    EXPECT_TRUE(view) << (view ? "" : view.error().message);
    if (view)
      for (const auto& g : view->grants) out.emplace_back(g.role.name, g.division.name);
    std::sort(out.begin(), out.end());
    return out;
  }

  std::size_t audit_count(std::string_view action) {
    std::size_t n = 0;
    for (const auto& r : audit(admin_.org)) n += r.action == action;
    return n;
  }

  std::unique_ptr<DivisionService> divisions_;
  std::unique_ptr<GrantService> grants_;
  store::User user_;
  store::Division home_;
  Caller grace_;
};

using Pairs = std::vector<std::pair<std::string, std::string>>;

TEST_F(GrantsTest, AddIsEffectiveImmediatelyAndAudited) {
  EXPECT_FALSE(grace_may_add_users());
  clock_.advance(5000);
  ASSERT_TRUE(grants_->add(admin_, user_.id, {{role_id("supervisor"), home_.id}}));
  EXPECT_TRUE(grace_may_add_users(home_.id)) << "the index was refreshed before add() returned";

  auto view = grants_->subject(admin_, user_.id);
  ASSERT_TRUE(view) << view.error().message;
  EXPECT_EQ(view->id, user_.id);
  EXPECT_EQ(view->name, "Grace Hopper");
  EXPECT_EQ(view->type, store::SubjectType::user);
  EXPECT_EQ(view->version, 1);
  ASSERT_EQ(view->grants.size(), 1u);
  const auto& g = view->grants[0];
  EXPECT_EQ(g.grant.subject_id, user_.id);
  EXPECT_EQ(g.role.name, "supervisor");
  EXPECT_FALSE(g.role.policies.empty());
  EXPECT_EQ(g.division.id, home_.id);
  EXPECT_EQ(g.division.name, "Home");
  EXPECT_EQ(g.grant.created, clock_.now());

  auto records = audit(admin_.org);
  EXPECT_EQ(records.front().action, "grant.add");
  EXPECT_EQ(records.front().entity_id, user_.id);
  EXPECT_EQ(records.front().correlation_id, "test-correlation");
  EXPECT_NE(records.front().after_json.find(role_id("supervisor")), std::string::npos);
}

TEST_F(GrantsTest, AddingAHeldGrantChangesNothing) {
  auto before = audit_count("grant.add");
  ASSERT_TRUE(grants_->add(admin_, user_.id, {{role_id("employee"), home_.id}, {role_id("employee"), home_.id}}));
  ASSERT_TRUE(grants_->add(admin_, user_.id, {{role_id("employee"), home_.id}}));
  EXPECT_EQ(pairs_of(user_.id), (Pairs{{"employee", "Home"}}));
  EXPECT_EQ(audit_count("grant.add"), before + 1) << "one record for the one grant made";
}

TEST_F(GrantsTest, ValidationNamesTheFieldAndWritesNothing) {
  auto employee = role_id("employee");
  struct Case {
    std::vector<RoleDivision> pairs;
    std::string field;
  };
  std::vector<Case> cases = {
      {{{employee, home_.id}, {"00000000-0000-4000-8000-000000000000", home_.id}}, "grants[1].roleId"},
      {{{employee, "00000000-0000-4000-8000-000000000000"}}, "grants[0].divisionId"},
      {{{employee, home_.id}, {employee, ""}}, "grants[1].divisionId"},
      {{{"", home_.id}}, "grants[0].roleId"},
      {{{employee, home_.id}, {employee, home_.id}, {"admin", home_.id}}, "grants[2].roleId"},
  };
  for (const auto& c : cases) {
    for (int mode = 0; mode < 3; ++mode) {
      auto r = mode == 0   ? grants_->add(admin_, user_.id, c.pairs)
               : mode == 1 ? grants_->remove(admin_, user_.id, c.pairs)
                           : grants_->replace(admin_, user_.id, c.pairs);
      ASSERT_FALSE(r) << c.field << " mode " << mode;
      EXPECT_EQ(r.error().code, Errc::invalid_argument) << c.field;
      EXPECT_EQ(r.error().field, c.field);
    }
  }
  EXPECT_TRUE(pairs_of(user_.id).empty());
}

TEST_F(GrantsTest, RolesAndDivisionsOfAnotherOrganizationAreRejected) {
  auto other = orgs_->bootstrap("Other Org");
  ASSERT_TRUE(other);
  Caller foreign = admin_;
  foreign.org = OrgId(other->organization_id);
  auto theirs = divisions_->create(foreign, {"Theirs", std::nullopt});
  ASSERT_TRUE(theirs);
  std::string their_role;
  ASSERT_TRUE(store_->read(foreign.org, [&](store::Reader& tx) -> Result<void> {
    their_role = RP_TRY(tx.list_roles()).front().id;
    return {};
  }));
  auto bad_division = grants_->add(admin_, user_.id, {{role_id("employee"), theirs->id}});
  ASSERT_FALSE(bad_division);
  EXPECT_EQ(bad_division.error().field, "grants[0].divisionId");
  auto bad_role = grants_->add(admin_, user_.id, {{their_role, home_.id}});
  ASSERT_FALSE(bad_role);
  EXPECT_EQ(bad_role.error().field, "grants[0].roleId");
  // Their subjects are not found here.
  auto their_subject = grants_->subject(admin_, other->client.client_id);
  ASSERT_FALSE(their_subject);
  EXPECT_EQ(their_subject.error().code, Errc::not_found);
  auto add_to_theirs = grants_->add(admin_, other->client.client_id, {{role_id("employee"), home_.id}});
  ASSERT_FALSE(add_to_theirs);
  EXPECT_EQ(add_to_theirs.error().code, Errc::not_found);
}

TEST_F(GrantsTest, UnknownOrDeletedSubjectsAreNotFound) {
  ASSERT_TRUE(users_->remove(admin_, user_.id, kDeleteUser));
  for (std::string id : {user_.id, std::string("00000000-0000-4000-8000-000000000000"), std::string("x")}) {
    auto view = grants_->subject(admin_, id);
    ASSERT_FALSE(view) << id;
    EXPECT_EQ(view.error().code, Errc::not_found);
    auto add = grants_->add(admin_, id, {{role_id("employee"), home_.id}});
    ASSERT_FALSE(add) << id;
    EXPECT_EQ(add.error().code, Errc::not_found);
  }
}

TEST_F(GrantsTest, OAuthClientsAreSubjects) {
  auto view = grants_->subject(admin_, boot_.client.client_id);
  ASSERT_TRUE(view) << view.error().message;
  EXPECT_EQ(view->name, "Bootstrap administrator");
  EXPECT_EQ(view->type, store::SubjectType::client);
  ASSERT_EQ(view->grants.size(), 1u);
  EXPECT_EQ(view->grants[0].grant.division_id, "*");
  EXPECT_EQ(view->grants[0].division.name, "All Divisions");
  EXPECT_EQ(view->grants[0].role.name, "admin");
  EXPECT_EQ(view->grants[0].grant.subject_type, store::SubjectType::client);
}

TEST_F(GrantsTest, RemoveAndReplace) {
  auto a = division("A");
  auto b = division("B");
  auto employee = role_id("employee"), supervisor = role_id("supervisor");
  ASSERT_TRUE(grants_->add(admin_, user_.id, {{employee, a.id}, {supervisor, a.id}, {supervisor, b.id}}));
  EXPECT_EQ(pairs_of(user_.id), (Pairs{{"employee", "A"}, {"supervisor", "A"}, {"supervisor", "B"}}));

  ASSERT_TRUE(grants_->remove(admin_, user_.id, {{supervisor, a.id}, {employee, b.id}}));
  EXPECT_EQ(pairs_of(user_.id), (Pairs{{"employee", "A"}, {"supervisor", "B"}}));
  EXPECT_EQ(audit_count("grant.remove"), 1u) << "only the grant that was held";
  EXPECT_FALSE(grace_may_add_users(a.id));
  EXPECT_TRUE(grace_may_add_users(b.id));

  ASSERT_TRUE(grants_->replace(admin_, user_.id, {{supervisor, a.id}, {employee, a.id}, {employee, "*"}}));
  EXPECT_EQ(pairs_of(user_.id), (Pairs{{"employee", "A"}, {"employee", "All Divisions"}, {"supervisor", "A"}}));
  EXPECT_TRUE(grace_may_add_users(a.id));
  EXPECT_FALSE(grace_may_add_users(b.id));

  ASSERT_TRUE(grants_->replace(admin_, user_.id, {}));
  EXPECT_TRUE(pairs_of(user_.id).empty());
  EXPECT_FALSE(grace_may_add_users());
}

TEST_F(GrantsTest, SingleGrantByPathAnswersNotFoundForUnknownIds) {
  auto supervisor = role_id("supervisor");
  ASSERT_TRUE(grants_->grant_one(admin_, user_.id, {supervisor, home_.id}));
  EXPECT_TRUE(grace_may_add_users(home_.id));
  auto bad_role = grants_->grant_one(admin_, user_.id, {"00000000-0000-4000-8000-000000000000", home_.id});
  ASSERT_FALSE(bad_role);
  EXPECT_EQ(bad_role.error().code, Errc::not_found);
  auto bad_division = grants_->grant_one(admin_, user_.id, {supervisor, "00000000-0000-4000-8000-000000000000"});
  ASSERT_FALSE(bad_division);
  EXPECT_EQ(bad_division.error().code, Errc::not_found);
  ASSERT_TRUE(grants_->revoke_one(admin_, user_.id, {supervisor, home_.id}));
  EXPECT_FALSE(grace_may_add_users());
}

TEST_F(GrantsTest, PermittedListsOnlyTheGrantedDivisions) {
  auto a = division("A");
  auto b = division("B");
  (void)b;
  auto none = grants_->permitted(grace_, "directory:user:add");
  ASSERT_TRUE(none) << none.error().message;
  EXPECT_FALSE(none->all);
  EXPECT_TRUE(none->divisions.empty());

  ASSERT_TRUE(grants_->add(admin_, user_.id, {{role_id("supervisor"), a.id}}));
  auto only_a = grants_->permitted(grace_, "directory:user:add");
  ASSERT_TRUE(only_a);
  EXPECT_FALSE(only_a->all);
  ASSERT_EQ(only_a->divisions.size(), 1u);
  EXPECT_EQ(only_a->divisions[0].id, a.id);
  EXPECT_TRUE(grants_->permitted(grace_, "directory:user:add", "zzz")->divisions.empty());

  // An organization-wide permission is held everywhere.
  auto org_wide = grants_->permitted(grace_, "authorization:division:view");
  ASSERT_TRUE(org_wide);
  EXPECT_TRUE(org_wide->all);
  EXPECT_EQ(org_wide->divisions.size(), 3u);

  ASSERT_TRUE(grants_->add(admin_, user_.id, {{role_id("supervisor"), "*"}}));
  auto everywhere = grants_->permitted(grace_, "directory:user:add");
  ASSERT_TRUE(everywhere);
  EXPECT_TRUE(everywhere->all);
  ASSERT_EQ(everywhere->divisions.size(), 3u);
  EXPECT_EQ(everywhere->divisions[0].name, "A");
  EXPECT_EQ(everywhere->divisions[2].name, "Home");
}

TEST_F(GrantsTest, PermittedNeedsAKnownPermission) {
  for (std::string p : {"", "  ", "directory:user:fly", "nonsense"}) {
    auto r = grants_->permitted(grace_, p);
    ASSERT_FALSE(r) << p;
    EXPECT_EQ(r.error().code, Errc::invalid_argument) << p;
    EXPECT_EQ(r.error().field, "permission") << p;
  }
}

}  // namespace
}  // namespace rp::service
