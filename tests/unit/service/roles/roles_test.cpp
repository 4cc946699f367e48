#include "service/roles/roles.h"

#include <algorithm>

#include <gtest/gtest.h>

#include "authz/catalog.h"
#include "authz/permission.h"
#include "unit/service/service_fixture.h"

namespace rp::service {
namespace {

class RolesTest : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    roles_ = std::make_unique<RoleService>(*store_, *access_, clock_);
  }
  void TearDown() override {
    roles_.reset();
    ServiceTest::TearDown();
  }

  RoleView role_named(const std::string& name) {
    RoleQuery q;
    q.page.page_size = 100;
    q.name = name;
    auto page = roles_->list(admin_, q);
    EXPECT_TRUE(page) << page.error().message;
    for (auto& v : page->items)
      if (v.role.name == name) return v;
    ADD_FAILURE() << "no role " << name;
    return {};
  }

  std::string new_user(const std::string& email) {
    NewUser u;
    u.name = "User " + email;
    u.email = email;
    auto v = users_->create(admin_, u, kAddUser);
    EXPECT_TRUE(v) << v.error().message;
    return v ? v->user.id : "";
  }

  bool can(const std::string& subject, const std::string& permission) {
    auto idx = access_->index(admin_.org);
    EXPECT_TRUE(idx);
    return authz::Engine::satisfies(**idx, subject, authz::Requirement::any_of({permission}));
  }

  static RoleInput input(std::string name, std::vector<store::Policy> policies = {},
                         std::vector<std::string> perms = {}) {
    return RoleInput{std::move(name), "", std::move(policies), std::move(perms)};
  }

  std::unique_ptr<RoleService> roles_;
};

store::Policy pol(std::string d, std::string e, std::vector<std::string> a) { return {d, e, a, ""}; }

TEST_F(RolesTest, EveryOrganizationHasTheDefaultRoles) {
  RoleQuery q;
  q.page.page_size = 100;
  auto page = roles_->list(admin_, q);
  ASSERT_TRUE(page);
  ASSERT_EQ(page->total, static_cast<std::int64_t>(default_roles().size()));
  for (const char* id : {"admin", "employee", "supervisor", "ORG_OWNER", "ORG_MEMBER", "ORG_GROUP_CREATOR",
                         "ORG_BILLING_ADMIN", "ORG_BILLING_READ_ONLY", "ORG_READ_ONLY"}) {
    const auto* def = find_default_role(id);
    ASSERT_NE(def, nullptr) << id;
    auto v = role_named(def->name);
    EXPECT_EQ(v.role.default_role_id, id);
    EXPECT_EQ(v.role.policies, def->policies);
  }
  EXPECT_EQ(role_named("admin").user_count, 0);  // held by the bootstrap client, not a user
}

TEST_F(RolesTest, DefaultPoliciesUseTheCatalogExceptBilling) {
  const auto& catalog = authz::Catalog::builtin();
  for (const auto& def : default_roles())
    for (const auto& p : def.policies)
      for (const auto& a : p.actions)
        if (p.domain != "billing") {
          EXPECT_TRUE(catalog.matches_any({p.domain, p.entity, a})) << def.id << " " << a;
        }
  // Billing permissions count as unused exactly while the catalog lacks them.
  std::vector<std::string> missing;
  if (!catalog.find("billing:invoice:view")) missing.push_back("billing:invoice:view");
  EXPECT_EQ(unused_permissions(find_default_role("ORG_BILLING_READ_ONLY")->policies), missing);
  EXPECT_TRUE(unused_permissions(find_default_role("employee")->policies).empty());
}

TEST_F(RolesTest, CreateValidatesAndWritesAudit) {
  struct Case {
    RoleInput in;
    std::string field;
  };
  std::vector<Case> cases = {
      {input(""), "name"},
      {input("x", {pol("", "user", {"view"})}), "permissionPolicies[0].domain"},
      {input("x", {pol("directory", "", {"view"})}), "permissionPolicies[0].entityName"},
      {input("x", {pol("directory", "user", {})}), "permissionPolicies[0].actionSet"},
      {input("x", {pol("directory", "user", {"view"}), pol("directory", "user", {"fly"})}), "permissionPolicies[1]"},
      {input("x", {pol("nope", "*", {"*"})}), "permissionPolicies[0]"},
      {input("x", {}, {"directory:user:view", "directory:user"}), "permissions[1]"},
      {input("x", {}, {"directory:nothing:view"}), "permissions[0]"},
  };
  for (auto& c : cases) {
    auto r = roles_->create(admin_, c.in);
    ASSERT_FALSE(r) << c.field;
    EXPECT_EQ(r.error().code, Errc::invalid_argument) << c.field;
    EXPECT_EQ(r.error().field, c.field) << r.error().message;
  }

  auto made = roles_->create(admin_, input("Viewers", {pol("directory", "user", {"view", "view"})},
                                           {"directory:user:edit", "directory:*:view", "authorization:role:view"}));
  ASSERT_TRUE(made) << made.error().message;
  EXPECT_EQ(made->role.policies,
            (std::vector<store::Policy>{pol("directory", "user", {"view", "edit"}), pol("directory", "*", {"view"}),
                                        pol("authorization", "role", {"view"})}));
  EXPECT_EQ(permission_strings(made->role.policies),
            (std::vector<std::string>{"directory:user:view", "directory:user:edit", "directory:*:view",
                                      "authorization:role:view"}));
  EXPECT_TRUE(made->role.default_role_id.empty());
  auto records = audit(admin_.org);
  EXPECT_EQ(records.front().action, "role.create");
  EXPECT_EQ(records.front().entity_id, made->role.id);

  auto dup = roles_->create(admin_, input("VIEWERS"));
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, Errc::conflict);
}

TEST_F(RolesTest, UpdateReplacesAndProtectsDefaultNames) {
  auto made = roles_->create(admin_, input("Custom", {pol("directory", "user", {"view"})}));
  ASSERT_TRUE(made);
  auto updated =
      roles_->update(admin_, made->role.id, RoleInput{"Renamed", "d", {pol("oauth", "client", {"view"})}, {}});
  ASSERT_TRUE(updated) << updated.error().message;
  EXPECT_EQ(updated->role.name, "Renamed");
  EXPECT_EQ(updated->role.description, "d");
  EXPECT_EQ(updated->role.policies, (std::vector<store::Policy>{pol("oauth", "client", {"view"})}));
  EXPECT_EQ(audit(admin_.org).front().action, "role.update");

  auto employee = role_named("employee");
  auto renamed = roles_->update(admin_, employee.role.id, input("staff", employee.role.policies));
  ASSERT_FALSE(renamed);
  EXPECT_EQ(renamed.error().field, "name");
  // A billing role goes back as read, although the catalog has no billing permissions yet.
  auto billing = role_named("ORG_BILLING_ADMIN");
  EXPECT_TRUE(roles_->update(admin_, billing.role.id, input("ORG_BILLING_ADMIN", billing.role.policies)));
  auto missing = roles_->update(admin_, "00000000-0000-4000-8000-000000000000", input("x"));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, Errc::not_found);
}

TEST_F(RolesTest, DeleteRefusesGrantedAndDefaultRoles) {
  auto made = roles_->create(admin_, input("Temp", {pol("directory", "user", {"view"})}));
  ASSERT_TRUE(made);
  std::string user = new_user("temp@example.com");
  ASSERT_TRUE(roles_->add_users(admin_, made->role.id, {user}));
  auto in_use = roles_->remove(admin_, made->role.id);
  ASSERT_FALSE(in_use);
  EXPECT_EQ(in_use.error().code, Errc::conflict);
  ASSERT_TRUE(roles_->remove_users(admin_, made->role.id, {user}));
  ASSERT_TRUE(roles_->remove(admin_, made->role.id));
  EXPECT_EQ(roles_->get(admin_, made->role.id).error().code, Errc::not_found);
  EXPECT_EQ(audit(admin_.org).front().action, "role.delete");

  auto def = roles_->remove(admin_, role_named("employee").role.id);
  ASSERT_FALSE(def);
  EXPECT_EQ(def.error().code, Errc::invalid_argument);
}

TEST_F(RolesTest, ListFiltersAndPages) {
  ASSERT_TRUE(roles_->create(admin_, input("Zeta Viewer", {pol("directory", "user", {"view"})})));
  ASSERT_TRUE(roles_->create(admin_, input("alpha clients", {pol("oauth", "client", {"view"})})));
  RoleQuery q;
  q.page.page_size = 100;
  q.name = "VIEW";
  auto page = roles_->list(admin_, q);
  ASSERT_TRUE(page);
  ASSERT_EQ(page->total, 1);
  EXPECT_EQ(page->items[0].role.name, "Zeta Viewer");

  q = {};
  q.page.page_size = 100;
  q.permissions = {"oauth:client:view"};
  page = roles_->list(admin_, q);
  ASSERT_TRUE(page);
  std::vector<std::string> names;
  for (auto& v : page->items) names.push_back(v.role.name);
  // Sorted by name ignoring case; the wildcard roles hold it too.
  EXPECT_EQ(names, (std::vector<std::string>{"admin", "alpha clients", "ORG_OWNER", "ORG_READ_ONLY"}));

  q.permissions = {"billing:invoice:edit"};
  page = roles_->list(admin_, q);
  ASSERT_TRUE(page);
  names.clear();
  for (auto& v : page->items) names.push_back(v.role.name);
  // The wildcard roles hold it once the catalog has it; until then only the role naming it.
  if (authz::Catalog::builtin().find("billing:invoice:edit")) {
    EXPECT_EQ(names, (std::vector<std::string>{"admin", "ORG_BILLING_ADMIN", "ORG_OWNER"}));
  } else {
    EXPECT_EQ(names, (std::vector<std::string>{"ORG_BILLING_ADMIN"}));
  }

  q = {};
  q.default_role_ids = {"employee", "ORG_MEMBER"};
  page = roles_->list(admin_, q);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->total, 2);

  q = {};
  q.ids = {role_named("supervisor").role.id};
  page = roles_->list(admin_, q);
  ASSERT_TRUE(page);
  ASSERT_EQ(page->total, 1);
  EXPECT_EQ(page->items[0].role.name, "supervisor");

  q = {};
  q.page = {4, 3};
  page = roles_->list(admin_, q);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->total, 11);
  ASSERT_EQ(page->items.size(), 3u);

  q.permissions = {"not a permission::"};
  EXPECT_EQ(roles_->list(admin_, q).error().field, "permission");
}

TEST_F(RolesTest, RestoreAddsMissingAndForceResets) {
  auto member = role_named("ORG_MEMBER");
  ASSERT_TRUE(
      store_->write(admin_.org, [&](store::ReadWriteTransaction& tx) { return tx.delete_role(member.role.id); }));
  auto employee = role_named("employee");
  ASSERT_TRUE(
      roles_->update(admin_, employee.role.id,
                     input("employee", {pol("directory", "user", {"view"}), pol("oauth", "client", {"view"})})));

  auto restored = roles_->restore_defaults(admin_, false);
  ASSERT_TRUE(restored) << restored.error().message;
  EXPECT_EQ(restored->size(), default_roles().size());
  auto back = role_named("ORG_MEMBER");
  EXPECT_EQ(back.role.default_role_id, "ORG_MEMBER");
  EXPECT_NE(back.role.id, member.role.id);
  auto edited = role_named("employee");
  EXPECT_EQ(edited.role.policies.size(), 2u);  // not overwritten
  EXPECT_TRUE(edited.role.needs_update);       // lacks what its definition grants
  EXPECT_FALSE(role_named("supervisor").role.needs_update);

  ASSERT_TRUE(roles_->restore_defaults(admin_, true));
  auto reset = role_named("employee");
  EXPECT_EQ(reset.role.policies, find_default_role("employee")->policies);
  EXPECT_FALSE(reset.role.needs_update);
  EXPECT_EQ(audit(admin_.org).front().action, "role.restore");
}

TEST_F(RolesTest, RestoreRefusesAMissingDefaultWhoseNameIsTaken) {
  auto member = role_named("ORG_MEMBER");
  ASSERT_TRUE(
      store_->write(admin_.org, [&](store::ReadWriteTransaction& tx) { return tx.delete_role(member.role.id); }));
  ASSERT_TRUE(roles_->create(admin_, input("org_member")));
  auto r = roles_->restore_defaults(admin_, false);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::conflict);
}

TEST_F(RolesTest, RestoreListedAndNeedsUpdateFlag) {
  auto sup = role_named("supervisor");
  ASSERT_TRUE(roles_->update(admin_, sup.role.id, input("supervisor", {pol("directory", "user", {"view"})})));
  auto patched = roles_->set_needs_update(admin_, sup.role.id, true);
  ASSERT_TRUE(patched);
  EXPECT_TRUE(patched->role.needs_update);
  auto r = roles_->restore_listed(admin_, {{sup.role.id, ""}, {"", "employee"}});
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].role.policies, find_default_role("supervisor")->policies);
  EXPECT_FALSE((*r)[0].role.needs_update);
  EXPECT_EQ((*r)[1].role.default_role_id, "employee");

  auto custom = roles_->create(admin_, input("Custom"));
  ASSERT_TRUE(custom);
  EXPECT_EQ(roles_->restore_listed(admin_, {{custom->role.id, ""}}).error().field, "body[0].id");
  EXPECT_EQ(roles_->restore_listed(admin_, {{"", "employee"}, {"", "nope"}}).error().field, "body[1].defaultRoleId");
  EXPECT_EQ(roles_->restore_listed(admin_, {{"", ""}}).error().field, "body[0]");
}

TEST_F(RolesTest, CompareWithDefault) {
  auto employee = role_named("employee");
  ASSERT_TRUE(roles_->update(
      admin_, employee.role.id,
      input("employee", {pol("directory", "user", {"view", "add"}), pol("directory", "organization", {"view"})})));
  for (const std::string& right : {std::string("employee"), employee.role.id}) {
    auto d = roles_->compare_default(admin_, employee.role.id, right);
    ASSERT_TRUE(d) << d.error().message;
    EXPECT_EQ(d->added, (std::vector<store::Policy>{pol("directory", "user", {"add"})}));
    EXPECT_EQ(d->removed, (std::vector<store::Policy>{pol("authorization", "division", {"view"})}));
    EXPECT_EQ(d->same, (std::vector<store::Policy>{pol("directory", "user", {"view"}),
                                                   pol("directory", "organization", {"view"})}));
    EXPECT_EQ(d->from_default.default_role_id, "employee");
  }
  // An unsaved version of the role.
  auto d =
      roles_->compare_default(admin_, employee.role.id, "employee", input("", find_default_role("employee")->policies));
  ASSERT_TRUE(d);
  EXPECT_TRUE(d->added.empty());
  EXPECT_TRUE(d->removed.empty());
  EXPECT_EQ(d->user_role.role.name, "employee");

  auto custom = roles_->create(admin_, input("Custom"));
  ASSERT_TRUE(custom);
  EXPECT_EQ(roles_->compare_default(admin_, employee.role.id, custom->role.id).error().code, Errc::not_found);
  EXPECT_EQ(roles_->compare_default(admin_, employee.role.id, "nope").error().code, Errc::not_found);
  EXPECT_EQ(roles_->compare_default(admin_, "nope", "employee").error().code, Errc::not_found);
}

TEST_F(RolesTest, MembersAreGrantedInHomeAndEffectiveAtOnce) {
  auto sup = role_named("supervisor");
  std::string a = new_user("a@example.com"), b = new_user("b@example.com");
  EXPECT_FALSE(can(a, "directory:user:add"));
  auto added = roles_->add_users(admin_, sup.role.id, {a, b, a});
  ASSERT_TRUE(added) << added.error().message;
  EXPECT_EQ(*added, (std::vector<std::string>{a, b}));
  EXPECT_TRUE(can(a, "directory:user:add"));
  EXPECT_EQ(roles_->get(admin_, sup.role.id)->user_count, 2);
  std::vector<store::Grant> grants;
  ASSERT_TRUE(store_->read(admin_.org, [&](store::Reader& tx) -> Result<void> {
    grants = RP_TRY(tx.grants_of(a));
    return {};
  }));
  ASSERT_EQ(grants.size(), 1u);
  EXPECT_EQ(grants[0].division_id, home());
  EXPECT_EQ(audit(admin_.org).front().action, "grant.add");

  auto removed = roles_->remove_users(admin_, sup.role.id, {a});
  ASSERT_TRUE(removed);
  EXPECT_FALSE(can(a, "directory:user:add"));
  EXPECT_TRUE(can(b, "directory:user:add"));
  EXPECT_EQ(roles_->get(admin_, sup.role.id)->user_count, 1);

  auto unknown = roles_->add_users(admin_, sup.role.id, {b, "00000000-0000-4000-8000-000000000000"});
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, Errc::not_found);
  EXPECT_EQ(unknown.error().field, "body[1]");
  std::vector<std::string> many(101, a);
  EXPECT_EQ(roles_->add_users(admin_, sup.role.id, many).error().field, "body");
  EXPECT_EQ(roles_->add_users(admin_, "nope", {a}).error().code, Errc::not_found);
}

TEST_F(RolesTest, UserRolesReplaceAndClear) {
  std::string u = new_user("u@example.com");
  auto emp = role_named("employee"), sup = role_named("supervisor"), billing = role_named("ORG_BILLING_READ_ONLY");
  auto nothing = roles_->create(admin_, input("Nothing"));
  ASSERT_TRUE(nothing);
  ASSERT_TRUE(roles_->add_users(admin_, sup.role.id, {u}));
  auto set = roles_->set_user_roles(admin_, u, {emp.role.id, nothing->role.id, billing.role.id});
  ASSERT_TRUE(set) << set.error().message;
  std::vector<std::string> names;
  for (auto& r : set->roles) names.push_back(r.name);
  EXPECT_EQ(names, (std::vector<std::string>{"employee", "Nothing", "ORG_BILLING_READ_ONLY"}));
  ASSERT_EQ(set->unused.size(), 1u);
  EXPECT_EQ(set->unused[0].name, "Nothing");
  EXPECT_TRUE(std::is_sorted(set->permissions.begin(), set->permissions.end()));
  EXPECT_NE(std::find(set->permissions.begin(), set->permissions.end(), "directory:user:view"), set->permissions.end());
  EXPECT_EQ(std::find(set->permissions.begin(), set->permissions.end(), "directory:user:add"), set->permissions.end());
  EXPECT_FALSE(can(u, "directory:user:add"));
  EXPECT_TRUE(can(u, "authorization:role:view"));

  auto bad = roles_->set_user_roles(admin_, u, {emp.role.id, "00000000-0000-4000-8000-000000000000"});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "body[1]");

  ASSERT_TRUE(roles_->clear_user_roles(admin_, u));
  auto after = roles_->user_roles(admin_, u);
  ASSERT_TRUE(after);
  EXPECT_TRUE(after->roles.empty());
  EXPECT_TRUE(after->permissions.empty());
  EXPECT_FALSE(can(u, "directory:user:view"));
  EXPECT_EQ(roles_->user_roles(admin_, "00000000-0000-4000-8000-000000000000").error().code, Errc::not_found);
}

}  // namespace
}  // namespace rp::service

namespace rp::service {
namespace {

TEST_F(ServiceTest, ChangedDefaultDefinitionsAreFlaggedAtStartUp) {
  RoleService roles(*store_, *access_, clock_);
  // Fresh roles carry the digest of their current definition: nothing to flag.
  auto flagged = roles.flag_changed_definitions();
  ASSERT_TRUE(flagged) << flagged.error().message;
  EXPECT_EQ(*flagged, 0);

  // Make the stored employee role look as if it came from an older definition.
  std::string employee_id;
  ASSERT_TRUE(store_->write(admin_.org, [&](store::ReadWriteTransaction& tx) -> Result<void> {
    for (auto r : RP_TRY(tx.list_roles()))
      if (r.default_role_id == "employee") {
        employee_id = r.id;
        r.definition_hash = "digest-of-an-older-definition";
        RP_CHECK(tx.update_role(r));
      }
    return {};
  }));
  flagged = roles.flag_changed_definitions();
  ASSERT_TRUE(flagged);
  EXPECT_EQ(*flagged, 1);
  auto view = roles.get(admin_, employee_id);
  ASSERT_TRUE(view);
  EXPECT_TRUE(view->role.needs_update);
  EXPECT_EQ(*roles.flag_changed_definitions(), 0) << "an already flagged role is not counted again";

  // Clearing the flag acknowledges the definition; it is not raised again.
  ASSERT_TRUE(roles.set_needs_update(admin_, employee_id, false));
  EXPECT_EQ(*roles.flag_changed_definitions(), 0);
  EXPECT_FALSE(roles.get(admin_, employee_id)->role.needs_update);

  bool audited = false;
  for (const auto& r : audit(admin_.org))
    if (r.action == "role.needsUpdate" && r.entity_id == employee_id && r.actor_type == "system") audited = true;
  EXPECT_TRUE(audited);
}

}  // namespace
}  // namespace rp::service
