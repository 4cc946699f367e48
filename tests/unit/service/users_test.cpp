#include "service/users.h"

#include <gtest/gtest.h>

#include "service_fixture.h"

namespace rp::service {
namespace {

using UsersTest = ServiceTest;

NewUser sample(std::string email) {
  NewUser u;
  u.name = "Ada Lovelace";
  u.email = std::move(email);
  u.title = "Analyst";
  u.addresses = {{"+15551234567", "", "PHONE", "WORK", "", "US"}};
  return u;
}

TEST_F(UsersTest, CreateWritesUserAndAuditTogether) {
  auto view = users_->create(admin_, sample("ada@example.com"));
  ASSERT_TRUE(view) << view.error().message;
  EXPECT_EQ(view->user.username, "ada@example.com");
  EXPECT_EQ(view->user.state, "active");
  EXPECT_EQ(view->user.version, 1);
  EXPECT_EQ(view->division.name, "Home");
  auto records = audit(admin_.org);
  ASSERT_FALSE(records.empty());
  EXPECT_EQ(records.front().action, "user.create");
  EXPECT_EQ(records.front().entity_id, view->user.id);
  EXPECT_EQ(records.front().correlation_id, "test-correlation");
  EXPECT_EQ(records.front().before_json, "");
  EXPECT_NE(records.front().after_json.find("ada@example.com"), std::string::npos);
}

TEST_F(UsersTest, ValidationNamesTheField) {
  struct Case {
    NewUser in;
    std::string field;
  };
  std::vector<Case> cases;
  cases.push_back({sample("not-an-email"), "email"});
  auto no_name = sample("a@example.com");
  no_name.name = "  ";
  cases.push_back({no_name, "name"});
  auto bad_division = sample("b@example.com");
  bad_division.division_id = "00000000-0000-4000-8000-000000000000";
  cases.push_back({bad_division, "divisionId"});
  auto bad_state = sample("c@example.com");
  bad_state.state = "deleted";
  cases.push_back({bad_state, "state"});
  auto bad_contact = sample("d@example.com");
  bad_contact.addresses[0].media_type = "FAX";
  cases.push_back({bad_contact, "addresses[0].mediaType"});
  auto short_password = sample("e@example.com");
  short_password.password = "short";
  cases.push_back({short_password, "password"});
  for (auto& c : cases) {
    auto r = users_->create(admin_, c.in);
    ASSERT_FALSE(r) << c.field;
    EXPECT_EQ(r.error().code, Errc::invalid_argument) << c.field;
    EXPECT_EQ(r.error().field, c.field);
  }
  for (const auto& r : audit(admin_.org)) EXPECT_NE(r.action, "user.create") << "a rejected user left an audit record";
}

TEST_F(UsersTest, DuplicateEmailIsAConflictCaseInsensitively) {
  ASSERT_TRUE(users_->create(admin_, sample("dup@example.com")));
  auto again = users_->create(admin_, sample("DUP@example.com"));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, Errc::conflict);
}

TEST_F(UsersTest, DeleteIsSoftEndsGrantsAndFreesTheEmail) {
  auto view = users_->create(admin_, sample("gone@example.com"));
  ASSERT_TRUE(view);
  const std::string id = view->user.id;
  ASSERT_TRUE(store_->write(admin_.org, [&](store::OrgTx& tx) -> Result<void> {
    auto roles = RP_TRY(tx.list_roles());
    return tx.insert_grant({id, store::SubjectType::user, roles.front().id, "*", clock_.now()});
  }));
  ASSERT_TRUE(access_->refresh(admin_.org));
  ASSERT_TRUE(users_->remove(admin_, id));
  auto grants_left = true;
  ASSERT_TRUE(store_->read(admin_.org, [&](store::OrgTx& tx) -> Result<void> {
    grants_left = !RP_TRY(tx.grants_of(id)).empty();
    return {};
  }));
  EXPECT_FALSE(grants_left);
  EXPECT_EQ(users_->get(admin_, id).error().code, Errc::not_found);
  auto deleted = users_->get(admin_, id, true);
  ASSERT_TRUE(deleted);
  EXPECT_EQ(deleted->user.state, "deleted");
  EXPECT_EQ(deleted->user.version, 2);
  EXPECT_EQ(users_->remove(admin_, id).error().code, Errc::not_found);
  EXPECT_TRUE(users_->create(admin_, sample("gone@example.com")));
  auto records = audit(admin_.org);
  bool found = false;
  bool grant_removed = false;
  for (const auto& r : records) {
    if (r.action == "grant.remove" && r.entity_id == id) grant_removed = true;
    if (r.action == "user.delete" && r.entity_id == id) {
      found = true;
      EXPECT_NE(r.before_json.find("\"state\":\"active\""), std::string::npos);
      EXPECT_NE(r.after_json.find("\"state\":\"deleted\""), std::string::npos);
    }
  }
  EXPECT_TRUE(found);
  EXPECT_TRUE(grant_removed) << "the grants a delete ends are audited";
}

TEST_F(UsersTest, OtherOrganizationsCannotSeeOrDelete) {
  auto view = users_->create(admin_, sample("mine@example.com"));
  ASSERT_TRUE(view);
  auto other = orgs_->bootstrap("Other Org");
  ASSERT_TRUE(other);
  Caller stranger{OrgId(other->organization_id), other->client.client_id, store::SubjectType::client,
                  other->client.client_id, "", "x"};
  EXPECT_EQ(users_->get(stranger, view->user.id).error().code, Errc::not_found);
  EXPECT_EQ(users_->remove(stranger, view->user.id).error().code, Errc::not_found);
  auto page = users_->list(stranger, store::UserQuery{});
  ASSERT_TRUE(page);
  EXPECT_EQ(page->total, 0);
  EXPECT_TRUE(users_->get(admin_, view->user.id));
}

TEST_F(UsersTest, ListPagesAndFilters) {
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(users_->create(admin_, sample("u" + std::to_string(i) + "@example.com")));
  store::UserQuery q;
  q.page = {2, 3};
  auto page = users_->list(admin_, q);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->total, 5);
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].division.name, "Home");
}

}  // namespace
}  // namespace rp::service
