#include "service/divisions/divisions.h"

#include <map>

#include <gtest/gtest.h>

#include "core/reasons.h"
#include "service/roles/grants.h"
#include "unit/service/service_fixture.h"

namespace rp::service {
namespace {

class DivisionsTest : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    divisions_ = std::make_unique<DivisionService>(*store_, *access_, clock_);
    grants_ = std::make_unique<GrantService>(*store_, *access_, clock_);
  }
  void TearDown() override {
    grants_.reset();
    divisions_.reset();
    ServiceTest::TearDown();
  }

  store::Division make(const std::string& name, std::optional<std::string> description = std::nullopt) {
    auto d = divisions_->create(admin_, {name, std::move(description)});
    EXPECT_TRUE(d) << (d ? "" : d.error().message);
    return d ? *d : store::Division{};
  }

  static std::vector<std::string> names(const Page<DivisionView>& page) {
    std::vector<std::string> out;
    for (const auto& v : page.items) out.push_back(v.division.name);
    return out;
  }

  std::unique_ptr<DivisionService> divisions_;
  std::unique_ptr<GrantService> grants_;
};

TEST_F(DivisionsTest, CreateWritesDivisionAndAuditTogether) {
  auto d = divisions_->create(admin_, {"  Sales  ", std::string("The sales floor")});
  ASSERT_TRUE(d) << d.error().message;
  EXPECT_TRUE(is_uuid(d->id));
  EXPECT_EQ(d->name, "Sales");
  EXPECT_EQ(d->description, "The sales floor");
  EXPECT_FALSE(d->home);
  EXPECT_EQ(d->created, clock_.now());
  auto records = audit(admin_.org);
  ASSERT_FALSE(records.empty());
  EXPECT_EQ(records.front().action, "division.create");
  EXPECT_EQ(records.front().entity_type, "division");
  EXPECT_EQ(records.front().entity_id, d->id);
  EXPECT_EQ(records.front().correlation_id, "test-correlation");
  EXPECT_EQ(records.front().before_json, "");
  EXPECT_NE(records.front().after_json.find("The sales floor"), std::string::npos);
  auto again = divisions_->get(admin_, d->id);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->division.name, "Sales");
  EXPECT_FALSE(again->object_counts);
}

TEST_F(DivisionsTest, ValidationNamesTheField) {
  struct Case {
    DivisionInput in;
    std::string field;
  };
  std::vector<Case> cases = {
      {{"", std::nullopt}, "name"},
      {{"   ", std::nullopt}, "name"},
      {{std::string(256, 'x'), std::nullopt}, "name"},
      {{"Ok", std::string(1025, 'd')}, "description"},
  };
  for (auto& c : cases) {
    auto r = divisions_->create(admin_, c.in);
    ASSERT_FALSE(r) << c.field;
    EXPECT_EQ(r.error().code, Errc::invalid_argument) << c.field;
    EXPECT_EQ(r.error().field, c.field);
  }
  auto list = divisions_->list(admin_, {});
  ASSERT_TRUE(list);
  EXPECT_EQ(list->total, 1) << "only Home";
}

TEST_F(DivisionsTest, NamesAreUniqueIgnoringCase) {
  make("Sales");
  for (std::string name : {"Sales", "sales", "SALES", "home"}) {
    auto r = divisions_->create(admin_, {name, std::nullopt});
    ASSERT_FALSE(r) << name;
    EXPECT_EQ(r.error().code, Errc::conflict) << name;
    EXPECT_EQ(r.error().reason, reason::duplicate) << name;
  }
}

TEST_F(DivisionsTest, ListSortsPagesAndFilters) {
  auto b = make("bravo");
  auto a = make("Alpha");
  auto c = make("Charlie");
  auto all = divisions_->list(admin_, {});
  ASSERT_TRUE(all) << all.error().message;
  EXPECT_EQ(all->total, 4);
  EXPECT_EQ(names(*all), (std::vector<std::string>{"Alpha", "bravo", "Charlie", "Home"}));

  DivisionQuery paged;
  paged.page = {2, 2};
  auto second = divisions_->list(admin_, paged);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->total, 4);
  EXPECT_EQ(names(*second), (std::vector<std::string>{"Charlie", "Home"}));
  paged.page = {2, 3};
  EXPECT_TRUE(divisions_->list(admin_, paged)->items.empty());

  DivisionQuery by_name;
  by_name.name = "A";
  EXPECT_EQ(names(*divisions_->list(admin_, by_name)), (std::vector<std::string>{"Alpha", "bravo", "Charlie"}));
  by_name.name = "RLI";
  EXPECT_EQ(names(*divisions_->list(admin_, by_name)), (std::vector<std::string>{"Charlie"}));

  DivisionQuery by_id;
  by_id.ids = {c.id, b.id, "00000000-0000-4000-8000-000000000000"};
  auto ids = divisions_->list(admin_, by_id);
  EXPECT_EQ(ids->total, 2);
  EXPECT_EQ(names(*ids), (std::vector<std::string>{"bravo", "Charlie"}));
  (void)a;
}

TEST_F(DivisionsTest, ObjectCountsCountUsersAndGrants) {
  auto d = make("Floor");
  NewUser u;
  u.name = "In Floor";
  u.email = "floor@example.com";
  u.division_id = d.id;
  ASSERT_TRUE(users_->create(admin_, u, kAddUser));
  ASSERT_TRUE(grants_->add(admin_, boot_.client.client_id, {{role_id("employee"), d.id}}));
  auto view = divisions_->get(admin_, d.id, true);
  ASSERT_TRUE(view) << view.error().message;
  ASSERT_TRUE(view->object_counts);
  std::map<std::string, std::int64_t> counts(view->object_counts->begin(), view->object_counts->end());
  EXPECT_EQ(counts["users"], 1);
  EXPECT_EQ(counts["grants"], 1);

  DivisionQuery q;
  q.object_counts = true;
  q.ids = {d.id};
  auto list = divisions_->list(admin_, q);
  ASSERT_TRUE(list);
  ASSERT_EQ(list->items.size(), 1u);
  EXPECT_TRUE(list->items[0].object_counts);
}

TEST_F(DivisionsTest, GetOfUnknownOrForeignIdIsNotFound) {
  auto other = orgs_->bootstrap("Other Org");
  ASSERT_TRUE(other);
  Caller foreign = admin_;
  foreign.org = OrgId(other->organization_id);
  auto theirs = divisions_->create(foreign, {"Theirs", std::nullopt});
  ASSERT_TRUE(theirs);
  for (std::string id : {theirs->id, std::string("00000000-0000-4000-8000-000000000000"), std::string("nope")}) {
    auto r = divisions_->get(admin_, id);
    ASSERT_FALSE(r) << id;
    EXPECT_EQ(r.error().code, Errc::not_found) << id;
    auto u = divisions_->update(admin_, id, {"Mine now", std::nullopt});
    ASSERT_FALSE(u) << id;
    EXPECT_EQ(u.error().code, Errc::not_found) << id;
    auto d = divisions_->remove(admin_, id);
    ASSERT_FALSE(d) << id;
    EXPECT_EQ(d.error().code, Errc::not_found) << id;
  }
  EXPECT_EQ(divisions_->get(foreign, theirs->id)->division.name, "Theirs");
}

TEST_F(DivisionsTest, UpdateRenamesAndKeepsHomeFlag) {
  auto d = make("Old", std::string("kept"));
  clock_.advance(1000);
  auto u = divisions_->update(admin_, d.id, {"New", std::nullopt});
  ASSERT_TRUE(u) << u.error().message;
  EXPECT_EQ(u->name, "New");
  EXPECT_EQ(u->description, "kept");
  EXPECT_FALSE(u->home);
  EXPECT_EQ(u->created, d.created);
  auto records = audit(admin_.org);
  EXPECT_EQ(records.front().action, "division.update");
  EXPECT_NE(records.front().before_json.find("Old"), std::string::npos);
  EXPECT_NE(records.front().after_json.find("New"), std::string::npos);

  auto cleared = divisions_->update(admin_, d.id, {"New", std::string()});
  ASSERT_TRUE(cleared);
  EXPECT_EQ(cleared->description, "");

  auto home = divisions_->home(admin_);
  ASSERT_TRUE(home);
  auto renamed = divisions_->update(admin_, home->id, {"Headquarters", std::nullopt});
  ASSERT_TRUE(renamed) << renamed.error().message;
  EXPECT_TRUE(renamed->home);
  EXPECT_TRUE(divisions_->get(admin_, home->id)->division.home);

  auto same_name_other_case = divisions_->update(admin_, d.id, {"NEW", std::nullopt});
  ASSERT_TRUE(same_name_other_case) << "renaming a division to its own name in another case is allowed";
  auto taken = divisions_->update(admin_, d.id, {"headquarters", std::nullopt});
  ASSERT_FALSE(taken);
  EXPECT_EQ(taken.error().code, Errc::conflict);
  auto empty = divisions_->update(admin_, d.id, {"", std::nullopt});
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().field, "name");
}

TEST_F(DivisionsTest, HomeDivisionCannotBeDeleted) {
  auto home = divisions_->home(admin_);
  ASSERT_TRUE(home);
  auto r = divisions_->remove(admin_, home->id);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::invalid_argument);
  EXPECT_TRUE(divisions_->get(admin_, home->id));
}

TEST_F(DivisionsTest, DivisionWithObjectsCannotBeDeleted) {
  auto with_user = make("With User");
  NewUser u;
  u.name = "Resident";
  u.email = "resident@example.com";
  u.division_id = with_user.id;
  auto user = users_->create(admin_, u, kAddUser);
  ASSERT_TRUE(user);
  auto r = divisions_->remove(admin_, with_user.id);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::conflict);
  EXPECT_EQ(r.error().reason, reason::division_not_empty);

  auto with_grant = make("With Grant");
  ASSERT_TRUE(grants_->add(admin_, user->user.id, {{role_id("employee"), with_grant.id}}));
  auto g = divisions_->remove(admin_, with_grant.id);
  ASSERT_FALSE(g);
  EXPECT_EQ(g.error().code, Errc::conflict);

  // Once emptied, they go.
  ASSERT_TRUE(grants_->remove(admin_, user->user.id, {{role_id("employee"), with_grant.id}}));
  EXPECT_TRUE(divisions_->remove(admin_, with_grant.id));
  ASSERT_TRUE(users_->remove(admin_, user->user.id, kDeleteUser));
  EXPECT_TRUE(divisions_->remove(admin_, with_user.id)) << "deleted users do not count";
}

TEST_F(DivisionsTest, DeleteRemovesAndAudits) {
  auto d = make("Short Lived");
  ASSERT_TRUE(divisions_->remove(admin_, d.id));
  auto gone = divisions_->get(admin_, d.id);
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.error().code, Errc::not_found);
  auto records = audit(admin_.org);
  EXPECT_EQ(records.front().action, "division.delete");
  EXPECT_EQ(records.front().entity_id, d.id);
  EXPECT_EQ(records.front().after_json, "");
  EXPECT_NE(records.front().before_json.find("Short Lived"), std::string::npos);
  auto again = divisions_->remove(admin_, d.id);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, Errc::not_found);
}

}  // namespace
}  // namespace rp::service
