#include "service/users/users.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "unit/service/service_fixture.h"

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
  auto view = users_->create(admin_, sample("ada@example.com"), kAddUser);
  ASSERT_TRUE(view) << view.error().message;
  EXPECT_EQ(view->user.username, "ada@example.com");
  EXPECT_EQ(view->user.state, store::UserState::active);
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
    auto r = users_->create(admin_, c.in, kAddUser);
    ASSERT_FALSE(r) << c.field;
    EXPECT_EQ(r.error().code, Errc::invalid_argument) << c.field;
    EXPECT_EQ(r.error().field, c.field);
  }
  for (const auto& r : audit(admin_.org)) EXPECT_NE(r.action, "user.create") << "a rejected user left an audit record";
}

TEST_F(UsersTest, DuplicateEmailIsAConflictCaseInsensitively) {
  ASSERT_TRUE(users_->create(admin_, sample("dup@example.com"), kAddUser));
  auto again = users_->create(admin_, sample("DUP@example.com"), kAddUser);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, Errc::conflict);
}

TEST_F(UsersTest, DeleteIsSoftEndsGrantsAndFreesTheEmail) {
  auto view = users_->create(admin_, sample("gone@example.com"), kAddUser);
  ASSERT_TRUE(view);
  const std::string id = view->user.id;
  ASSERT_TRUE(store_->write(admin_.org, [&](store::ReadWriteTransaction& tx) -> Result<void> {
    auto roles = RP_TRY(tx.list_roles());
    return tx.insert_grant({id, store::SubjectType::user, roles.front().id, "*", clock_.now()});
  }));
  ASSERT_TRUE(access_->refresh(admin_.org));
  ASSERT_TRUE(users_->remove(admin_, id, kDeleteUser));
  auto grants_left = true;
  ASSERT_TRUE(store_->read(admin_.org, [&](store::Reader& tx) -> Result<void> {
    grants_left = !RP_TRY(tx.grants_of(id)).empty();
    return {};
  }));
  EXPECT_FALSE(grants_left);
  EXPECT_EQ(users_->get(admin_, id).error().code, Errc::not_found);
  auto deleted = users_->get(admin_, id, true);
  ASSERT_TRUE(deleted);
  EXPECT_EQ(deleted->user.state, store::UserState::deleted);
  EXPECT_EQ(deleted->user.version, 2);
  EXPECT_EQ(users_->remove(admin_, id, kDeleteUser).error().code, Errc::not_found);
  EXPECT_TRUE(users_->create(admin_, sample("gone@example.com"), kAddUser));
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
  auto view = users_->create(admin_, sample("mine@example.com"), kAddUser);
  ASSERT_TRUE(view);
  auto other = orgs_->bootstrap("Other Org");
  ASSERT_TRUE(other);
  Caller stranger{OrgId(other->organization_id),
                  other->client.client_id,
                  store::SubjectType::client,
                  other->client.client_id,
                  "",
                  "x"};
  EXPECT_EQ(users_->get(stranger, view->user.id).error().code, Errc::not_found);
  EXPECT_EQ(users_->remove(stranger, view->user.id, kDeleteUser).error().code, Errc::not_found);
  auto page = users_->list(stranger, store::UserQuery{});
  ASSERT_TRUE(page);
  EXPECT_EQ(page->total, 0);
  EXPECT_TRUE(users_->get(admin_, view->user.id));
}

TEST_F(UsersTest, ListPagesAndFilters) {
  for (int i = 0; i < 5; ++i)
    ASSERT_TRUE(users_->create(admin_, sample("u" + std::to_string(i) + "@example.com"), kAddUser));
  store::UserQuery q;
  q.page = {2, 3};
  auto page = users_->list(admin_, q);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->total, 5);
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].division.name, "Home");
}

UserPatch at(std::int64_t version) {
  UserPatch p;
  p.version = version;
  return p;
}

TEST_F(UsersTest, UpdateChangesFieldsBumpsVersionAndAudits) {
  auto view = users_->create(admin_, sample("patch@example.com"), kAddUser);
  ASSERT_TRUE(view);
  const std::string id = view->user.id;
  auto p = at(1);
  p.name = "  Ada King ";
  p.email = "ada.king@example.com";
  p.username = "ada.king";
  p.department = "Mathematics";
  p.title = "Countess";
  p.addresses = std::vector<store::Contact>{{"+15550000000", "", "PHONE", "MOBILE", "7", ""}};
  auto updated = users_->update(admin_, id, p, kEditUser);
  ASSERT_TRUE(updated) << updated.error().message;
  EXPECT_EQ(updated->user.name, "Ada King");
  EXPECT_EQ(updated->user.email, "ada.king@example.com");
  EXPECT_EQ(updated->user.username, "ada.king");
  EXPECT_EQ(updated->user.department, "Mathematics");
  EXPECT_EQ(updated->user.title, "Countess");
  ASSERT_EQ(updated->user.addresses.size(), 1u);
  EXPECT_EQ(updated->user.addresses[0].type, "MOBILE");
  EXPECT_EQ(updated->user.version, 2);
  EXPECT_EQ(updated->user.state, store::UserState::active);
  EXPECT_EQ(updated->division.name, "Home");
  auto stored = users_->get(admin_, id);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->user.email, "ada.king@example.com");
  EXPECT_EQ(stored->user.version, 2);
  auto records = audit(admin_.org);
  ASSERT_FALSE(records.empty());
  EXPECT_EQ(records.front().action, "user.update");
  EXPECT_EQ(records.front().entity_id, id);
  EXPECT_NE(records.front().before_json.find("patch@example.com"), std::string::npos);
  EXPECT_NE(records.front().after_json.find("ada.king@example.com"), std::string::npos);

  // Absent fields stay as they are.
  auto only_title = at(2);
  only_title.title = "";
  auto again = users_->update(admin_, id, only_title, kEditUser);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->user.title, "");
  EXPECT_EQ(again->user.name, "Ada King");
  EXPECT_EQ(again->user.version, 3);
}

TEST_F(UsersTest, UpdateNeedsTheCurrentVersion) {
  auto view = users_->create(admin_, sample("ver@example.com"), kAddUser);
  ASSERT_TRUE(view);
  auto missing = users_->update(admin_, view->user.id, UserPatch{}, kEditUser);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, Errc::invalid_argument);
  EXPECT_EQ(missing.error().field, "version");
  auto p = at(1);
  p.name = "First";
  ASSERT_TRUE(users_->update(admin_, view->user.id, p, kEditUser));
  p.name = "Second";  // still version 1: stale
  auto stale = users_->update(admin_, view->user.id, p, kEditUser);
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, Errc::conflict);
  EXPECT_EQ(stale.error().message, "The version supplied does not match the current version of the user");
  EXPECT_EQ(users_->get(admin_, view->user.id)->user.name, "First");
}

TEST_F(UsersTest, UpdateValidationNamesTheField) {
  auto view = users_->create(admin_, sample("valid@example.com"), kAddUser);
  ASSERT_TRUE(view);
  struct Case {
    UserPatch in;
    std::string field;
  };
  std::vector<Case> cases;
  auto bad_email = at(1);
  bad_email.email = "nope";
  cases.push_back({bad_email, "email"});
  auto empty_name = at(1);
  empty_name.name = " ";
  cases.push_back({empty_name, "name"});
  auto bad_state = at(1);
  bad_state.state = "asleep";
  cases.push_back({bad_state, "state"});
  auto state_and_name = at(1);
  state_and_name.state = "inactive";
  state_and_name.name = "Renamed";
  cases.push_back({state_and_name, "state"});
  auto bad_contact = at(1);
  bad_contact.addresses = std::vector<store::Contact>{{"", "", "PHONE", "WORK", "", ""}};
  cases.push_back({bad_contact, "addresses[0].address"});
  for (auto& c : cases) {
    auto r = users_->update(admin_, view->user.id, c.in, kEditUser);
    ASSERT_FALSE(r) << c.field;
    EXPECT_EQ(r.error().code, Errc::invalid_argument) << c.field;
    EXPECT_EQ(r.error().field, c.field);
  }
  EXPECT_EQ(users_->get(admin_, view->user.id)->user.version, 1);
  for (const auto& r : audit(admin_.org)) EXPECT_NE(r.action, "user.update") << "a rejected patch left an audit record";

  // Unchanged values next to a state change are not changes.
  auto same = at(1);
  same.state = "inactive";
  same.name = "Ada Lovelace";
  same.addresses = std::vector<store::Contact>{{"+15551234567", "+15551234567", "PHONE", "WORK", "", "US"}};
  auto ok = users_->update(admin_, view->user.id, same, kEditUser);
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(ok->user.state, store::UserState::inactive);
}

TEST_F(UsersTest, UpdateDuplicateEmailOrUsernameIsAConflict) {
  ASSERT_TRUE(users_->create(admin_, sample("taken@example.com"), kAddUser));
  auto view = users_->create(admin_, sample("free@example.com"), kAddUser);
  ASSERT_TRUE(view);
  auto p = at(1);
  p.email = "TAKEN@example.com";
  auto r = users_->update(admin_, view->user.id, p, kEditUser);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::conflict);
  EXPECT_EQ(r.error().field, "email");
  auto u = at(1);
  u.username = "taken@example.com";
  r = users_->update(admin_, view->user.id, u, kEditUser);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::conflict);
  EXPECT_EQ(r.error().field, "username");
  // A case change of one's own email is not a conflict.
  auto own = at(1);
  own.email = "FREE@example.com";
  EXPECT_TRUE(users_->update(admin_, view->user.id, own, kEditUser));
}

TEST_F(UsersTest, UpdateStateTransitionsAndRestore) {
  auto view = users_->create(admin_, sample("cycle@example.com"), kAddUser);
  ASSERT_TRUE(view);
  const std::string id = view->user.id;
  ASSERT_TRUE(store_->write(admin_.org, [&](store::ReadWriteTransaction& tx) -> Result<void> {
    auto roles = RP_TRY(tx.list_roles());
    return tx.insert_grant({id, store::SubjectType::user, roles.front().id, "*", clock_.now()});
  }));
  ASSERT_TRUE(access_->refresh(admin_.org));
  auto p = at(1);
  p.state = "inactive";
  ASSERT_TRUE(users_->update(admin_, id, p, kEditUser));
  p = at(2);
  p.state = "deleted";
  auto deleted = users_->update(admin_, id, p, kEditUser);
  ASSERT_TRUE(deleted);
  EXPECT_EQ(deleted->user.state, store::UserState::deleted);
  EXPECT_EQ(users_->get(admin_, id).error().code, Errc::not_found);
  bool grants_left = true;
  ASSERT_TRUE(store_->read(admin_.org, [&](store::Reader& tx) -> Result<void> {
    grants_left = !RP_TRY(tx.grants_of(id)).empty();
    return {};
  }));
  EXPECT_FALSE(grants_left) << "deleting through PATCH ends the grants like DELETE";

  // A deleted user can only be restored.
  auto rename = at(3);
  rename.name = "Ghost";
  EXPECT_EQ(users_->update(admin_, id, rename, kEditUser).error().code, Errc::not_found);

  // Its email was taken meanwhile: restoring is a conflict.
  auto other = users_->create(admin_, sample("cycle@example.com"), kAddUser);
  ASSERT_TRUE(other);
  auto restore = at(3);
  restore.state = "active";
  auto blocked = users_->update(admin_, id, restore, kEditUser);
  ASSERT_FALSE(blocked);
  EXPECT_EQ(blocked.error().code, Errc::conflict);
  ASSERT_TRUE(users_->remove(admin_, other->user.id, kDeleteUser));
  auto restored = users_->update(admin_, id, restore, kEditUser);
  ASSERT_TRUE(restored) << restored.error().message;
  EXPECT_EQ(restored->user.state, store::UserState::active);
  EXPECT_EQ(restored->user.version, 4);
  EXPECT_TRUE(users_->get(admin_, id));
  std::vector<std::string> actions;
  for (const auto& r : audit(admin_.org))
    if (r.entity_id == id) actions.push_back(r.action);
  EXPECT_NE(std::find(actions.begin(), actions.end(), "user.restore"), actions.end());
  EXPECT_NE(std::find(actions.begin(), actions.end(), "grant.remove"), actions.end());
}

TEST_F(UsersTest, UpdateOfUnknownOrForeignUserIsNotFound) {
  auto view = users_->create(admin_, sample("own@example.com"), kAddUser);
  ASSERT_TRUE(view);
  auto p = at(1);
  p.name = "X";
  EXPECT_EQ(users_->update(admin_, "00000000-0000-4000-8000-000000000000", p, kEditUser).error().code, Errc::not_found);
  EXPECT_EQ(users_->update(admin_, "not-a-uuid", p, kEditUser).error().code, Errc::not_found);
  auto other = orgs_->bootstrap("Other Org");
  ASSERT_TRUE(other);
  Caller stranger{OrgId(other->organization_id),
                  other->client.client_id,
                  store::SubjectType::client,
                  other->client.client_id,
                  "",
                  "x"};
  EXPECT_EQ(users_->update(stranger, view->user.id, p, kEditUser).error().code, Errc::not_found);
  EXPECT_EQ(users_->get(admin_, view->user.id)->user.name, "Ada Lovelace");
}

}  // namespace
}  // namespace rp::service
