#include "store/store_suite.h"

#include <stdlib.h>

#include <cstdlib>

namespace rp::store::test {

std::vector<Driver> store_drivers() {
  std::vector<Driver> drivers = {
      {"sqlite", [](const std::filesystem::path& dir) { return "sqlite:" + (dir / "store.db").string(); }, true},
      // A private temporary database: nothing to reopen.
      {"sqlite_memory", [](const std::filesystem::path&) { return std::string("sqlite::memory:"); }, false},
  };
  // PostgreSQL joins here when its driver exists, e.g.:
  // if (const char* pg = std::getenv("ROLEPLANE_TEST_PG_URL")) drivers.push_back(postgres_driver(pg));
  return drivers;
}

INSTANTIATE_TEST_SUITE_P(Drivers, StoreTest, ::testing::ValuesIn(store_drivers()),
                         [](const ::testing::TestParamInfo<Driver>& info) { return info.param.name; });

void StoreTest::SetUp() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "roleplane-store-XXXXXX").string();
  ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
  dir_ = tmpl;
  url_ = driver().url(dir_);
  auto opened = open_store(url_);
  ASSERT_TRUE(ok(opened));
  store_ = std::move(*opened);
  auto version = store_->migrate();
  ASSERT_TRUE(ok(version));
  ASSERT_GE(*version, 1);
}

void StoreTest::TearDown() {
  store_.reset();
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

void StoreTest::reopen() {
  store_.reset();
  auto opened = open_store(url_);
  ASSERT_TRUE(ok(opened));
  store_ = std::move(*opened);
}

OrgId StoreTest::make_org(const std::string& name) {
  Organization o{new_uuid(), name, new_uuid(), 1700000000000};
  Division home{o.home_division_id, "Home", "The home division", true, 1700000000000};
  auto r = store().create_organization(o, [&](ReadWriteTransaction& tx) { return tx.insert_division(home); });
  EXPECT_TRUE(ok(r));
  return OrgId(o.id);
}

User sample_user(const std::string& name, const std::string& email) {
  User u;
  u.id = new_uuid();
  u.name = name;
  u.email = email;
  u.username = email;
  u.division_id = new_uuid();
  u.department = "Engineering";
  u.title = "Engineer";
  u.manager_id = new_uuid();
  u.state = UserState::active;
  u.version = 1;
  u.addresses = {
      {"+1 555 0100", "+1 (555) 0100", "PHONE", "WORK", "100", "US"},
      {email, email, "EMAIL", "PRIMARY", "", ""},
      {"+44 20 0000 0000", "", "SMS", "MOBILE", "", "GB"},
  };
  u.password_hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA";
  u.created = 1700000000123;
  u.modified = 1700000000456;
  u.date_last_login = 1700000000789;
  u.last_token_issued = 1700000000999;
  u.acd_auto_answer = true;
  // A fresh 24-hex-digit Atlas id (the store keeps a given one).
  std::string hex;
  for (char c : new_uuid())
    if (c != '-') hex += c;
  u.atlas_id = hex.substr(0, 24);
  return u;
}

Role sample_role(const std::string& name) {
  Role r;
  r.id = new_uuid();
  r.name = name;
  r.description = "Role " + name;
  r.default_role_id = "employee";
  r.base = true;
  r.needs_update = true;
  r.definition_hash = "3f1c0a";
  r.policies = {
      {"directory", "user", {"view", "edit"}, ""},
      {"authorization", "*", {"*"}, R"({"conjoined":false,"predicates":[{"var":"queueId","op":"EQ"}]})"},
      {"routing", "queue", {}, ""},
      {"quoting", "x", {"a \"quoted\" \\ action", "ünïcode"}, "[]"},
  };
  r.created = 1700000001000;
  r.modified = 1700000002000;
  return r;
}

OAuthClient sample_client(const std::string& name) {
  OAuthClient c;
  c.id = new_uuid();
  c.name = name;
  c.description = "Client " + name;
  c.secret_hash = std::string(64, 'a');
  c.grant_type = "CLIENT-CREDENTIALS";
  c.token_validity_seconds = 3600;
  c.state = ClientState::active;
  c.redirect_uris = {"https://app.example.com/" + name + "/callback", "http://localhost:8080/cb"};
  c.date_to_delete = 1700000009000;
  c.created_by = new_uuid();
  c.modified_by = new_uuid();
  c.created = 1700000003000;
  c.modified = 1700000004000;
  return c;
}

AuditRecord sample_audit(const std::string& action, Millis time) {
  AuditRecord a;
  a.id = new_uuid();
  a.actor_id = new_uuid();
  a.actor_type = "user";
  a.action = action;
  a.entity_type = "user";
  a.entity_id = new_uuid();
  a.before_json = R"({"name":"old"})";
  a.after_json = R"({"name":"new"})";
  a.correlation_id = new_uuid();
  a.time = time;
  return a;
}

Division sample_division(const std::string& name) {
  return Division{new_uuid(), name, "Division " + name, false, 1700000005000};
}

void expect_same(const User& a, const User& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.email, b.email);
  EXPECT_EQ(a.username, b.username);
  EXPECT_EQ(a.division_id, b.division_id);
  EXPECT_EQ(a.department, b.department);
  EXPECT_EQ(a.title, b.title);
  EXPECT_EQ(a.manager_id, b.manager_id);
  EXPECT_EQ(a.state, b.state);
  EXPECT_EQ(a.version, b.version);
  EXPECT_EQ(a.addresses, b.addresses);
  EXPECT_EQ(a.password_hash, b.password_hash);
  EXPECT_EQ(a.created, b.created);
  EXPECT_EQ(a.modified, b.modified);
  EXPECT_EQ(a.date_last_login, b.date_last_login);
  EXPECT_EQ(a.last_token_issued, b.last_token_issued);
  EXPECT_EQ(a.acd_auto_answer, b.acd_auto_answer);
  EXPECT_EQ(a.atlas_id, b.atlas_id);
  EXPECT_TRUE(a == b) << "the records differ (in a field not compared above?)";
}

void expect_same(const Role& a, const Role& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.description, b.description);
  EXPECT_EQ(a.default_role_id, b.default_role_id);
  EXPECT_EQ(a.base, b.base);
  EXPECT_EQ(a.needs_update, b.needs_update);
  EXPECT_EQ(a.definition_hash, b.definition_hash);
  EXPECT_EQ(a.policies, b.policies);
  EXPECT_EQ(a.created, b.created);
  EXPECT_EQ(a.modified, b.modified);
  EXPECT_TRUE(a == b) << "the records differ (in a field not compared above?)";
}

void expect_same(const Division& a, const Division& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.description, b.description);
  EXPECT_EQ(a.home, b.home);
  EXPECT_EQ(a.created, b.created);
  EXPECT_TRUE(a == b) << "the records differ (in a field not compared above?)";
}

void expect_same(const OAuthClient& a, const OAuthClient& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.description, b.description);
  EXPECT_EQ(a.secret_hash, b.secret_hash);
  EXPECT_EQ(a.grant_type, b.grant_type);
  EXPECT_EQ(a.token_validity_seconds, b.token_validity_seconds);
  EXPECT_EQ(a.state, b.state);
  EXPECT_EQ(a.redirect_uris, b.redirect_uris);
  EXPECT_EQ(a.date_to_delete, b.date_to_delete);
  EXPECT_EQ(a.created_by, b.created_by);
  EXPECT_EQ(a.modified_by, b.modified_by);
  EXPECT_EQ(a.created, b.created);
  EXPECT_EQ(a.modified, b.modified);
  EXPECT_TRUE(a == b) << "the records differ (in a field not compared above?)";
}

void expect_same(const AuditRecord& a, const AuditRecord& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.actor_id, b.actor_id);
  EXPECT_EQ(a.actor_type, b.actor_type);
  EXPECT_EQ(a.action, b.action);
  EXPECT_EQ(a.entity_type, b.entity_type);
  EXPECT_EQ(a.entity_id, b.entity_id);
  EXPECT_EQ(a.before_json, b.before_json);
  EXPECT_EQ(a.after_json, b.after_json);
  EXPECT_EQ(a.correlation_id, b.correlation_id);
  EXPECT_EQ(a.time, b.time);
  EXPECT_TRUE(a == b) << "the records differ (in a field not compared above?)";
}

void expect_same(const Token& a, const Token& b) {
  EXPECT_EQ(a.token_hash, b.token_hash);
  EXPECT_EQ(a.org_id, b.org_id);
  EXPECT_EQ(a.client_id, b.client_id);
  EXPECT_EQ(a.user_id, b.user_id);
  EXPECT_EQ(a.created, b.created);
  EXPECT_EQ(a.expires, b.expires);
  EXPECT_EQ(a.scope, b.scope);
  EXPECT_TRUE(a == b) << "the records differ (in a field not compared above?)";
}

}  // namespace rp::store::test
