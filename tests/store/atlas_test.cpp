// Conformance: what the Atlas dialect keeps: 24-hex ids of organizations and
// users (assigned on insert, stable, unique) and programmatic API keys with
// their grants.
#include <regex>

#include "store/store_suite.h"

namespace rp::store::test {
namespace {

bool is_atlas_id(const std::string& s) {
  static const std::regex hex24("^[0-9a-f]{24}$");
  return std::regex_match(s, hex24);
}

ApiKey sample_key(const std::string& id, const std::string& public_key) {
  return ApiKey{id,       public_key,   std::string(32, 'a'), "Key " + public_key, "********-****-1234",
                "system", 1700000000000};
}

TEST_P(StoreTest, OrganizationsGetAStableAtlasIdFoundAcrossOrganizations) {
  OrgId org = make_org("One");
  OrgId other = make_org("Two");
  auto a = in_read(org, [&](Reader& tx) { return tx.organization(); });
  auto b = in_read(other, [&](Reader& tx) { return tx.organization(); });
  ASSERT_TRUE(ok(a));
  ASSERT_TRUE(ok(b));
  EXPECT_TRUE(is_atlas_id(a->atlas_id)) << a->atlas_id;
  EXPECT_NE(a->atlas_id, b->atlas_id);

  auto found = store().find_org_by_atlas_id(a->atlas_id);
  ASSERT_TRUE(ok(found));
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->id, org.value);
  EXPECT_EQ((*found)->atlas_id, a->atlas_id);
  auto listed = store().list_organizations();
  ASSERT_TRUE(ok(listed));
  ASSERT_EQ(listed->size(), 2u);
  const Organization& first = (*listed)[0].id == org.value ? (*listed)[0] : (*listed)[1];
  EXPECT_EQ(first.atlas_id, a->atlas_id);
  auto none = store().find_org_by_atlas_id("0123456789abcdef01234567");
  ASSERT_TRUE(ok(none));
  EXPECT_FALSE(none->has_value());
}

TEST_P(StoreTest, UsersGetAnAtlasIdThatUpdatesKeepAndOnlyTheirOrganizationFinds) {
  OrgId org = make_org("One");
  OrgId other = make_org("Two");
  User u = sample_user("Ann", "ann@example.com");
  u.atlas_id = "";  // the store assigns one
  User given = sample_user("Bob", "bob@example.com");
  given.atlas_id = "aaaaaaaaaaaaaaaaaaaaaaaa";
  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) -> Result<void> {
    RP_CHECK(tx.insert_user(u));
    return tx.insert_users({given});
  })));
  auto got = in_read(org, [&](Reader& tx) { return tx.get_user(u.id); });
  ASSERT_TRUE(ok(got));
  EXPECT_TRUE(is_atlas_id(got->atlas_id)) << got->atlas_id;
  std::string atlas_id = got->atlas_id;

  User changed = *got;
  changed.name = "Ann Changed";
  changed.atlas_id = "";
  changed.version = got->version + 1;
  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) { return tx.update_user(changed, got->version); })));

  auto by_id = in_read(org, [&](Reader& tx) { return tx.find_user_by_atlas_id(atlas_id); });
  ASSERT_TRUE(ok(by_id));
  ASSERT_TRUE(by_id->has_value());
  EXPECT_EQ((*by_id)->id, u.id);
  EXPECT_EQ((*by_id)->name, "Ann Changed");
  EXPECT_EQ((*by_id)->atlas_id, atlas_id);

  auto kept = in_read(org, [&](Reader& tx) { return tx.find_user_by_atlas_id(given.atlas_id); });
  ASSERT_TRUE(ok(kept));
  ASSERT_TRUE(kept->has_value());
  EXPECT_EQ((*kept)->id, given.id);

  auto elsewhere = in_read(other, [&](Reader& tx) { return tx.find_user_by_atlas_id(atlas_id); });
  ASSERT_TRUE(ok(elsewhere));
  EXPECT_FALSE(elsewhere->has_value());

  User twin = sample_user("Cy", "cy@example.com");
  twin.atlas_id = given.atlas_id;
  EXPECT_TRUE(failed(in_write(other, [&](ReadWriteTransaction& tx) { return tx.insert_user(twin); }), Errc::conflict));
}

TEST_P(StoreTest, DeletedUsersAreNotFoundByAtlasId) {
  OrgId org = make_org();
  User u = sample_user("Ann", "ann@example.com");
  u.state = UserState::deleted;
  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) { return tx.insert_user(u); })));
  auto got = in_read(org, [&](Reader& tx) { return tx.get_user(u.id); });
  ASSERT_TRUE(ok(got));
  auto found = in_read(org, [&](Reader& tx) { return tx.find_user_by_atlas_id(got->atlas_id); });
  ASSERT_TRUE(ok(found));
  EXPECT_FALSE(found->has_value());
}

TEST_P(StoreTest, ApiKeysAreKeptPerOrganizationAndFoundByPublicKey) {
  OrgId org = make_org("One");
  OrgId other = make_org("Two");
  ApiKey k1 = sample_key("111111111111111111111111", "abcdefgh");
  ApiKey k2 = sample_key("222222222222222222222222", "ijklmnop");
  k2.created = k1.created + 1;
  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) -> Result<void> {
    RP_CHECK(tx.insert_api_key(k1));
    return tx.insert_api_key(k2);
  })));
  auto list = in_read(org, [&](Reader& tx) { return tx.list_api_keys(); });
  ASSERT_TRUE(ok(list));
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].id, k1.id);
  EXPECT_EQ((*list)[0].ha1, k1.ha1);
  EXPECT_EQ((*list)[0].private_key_hint, k1.private_key_hint);
  EXPECT_EQ((*list)[1].public_key, k2.public_key);
  auto none = in_read(other, [&](Reader& tx) { return tx.list_api_keys(); });
  ASSERT_TRUE(ok(none));
  EXPECT_TRUE(none->empty());
  EXPECT_TRUE(failed(in_read(other, [&](Reader& tx) { return tx.get_api_key(k1.id); }), Errc::not_found));

  auto found = store().find_api_key("ijklmnop");
  ASSERT_TRUE(ok(found));
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->first, org);
  EXPECT_EQ((*found)->second.id, k2.id);
  EXPECT_EQ((*found)->second.description, k2.description);

  ApiKey dup = sample_key("333333333333333333333333", "abcdefgh");
  EXPECT_TRUE(
      failed(in_write(other, [&](ReadWriteTransaction& tx) { return tx.insert_api_key(dup); }), Errc::conflict));

  ApiKey renamed = k1;
  renamed.description = "renamed";
  renamed.ha1 = "ignored";
  EXPECT_TRUE(
      failed(in_write(other, [&](ReadWriteTransaction& tx) { return tx.update_api_key(renamed); }), Errc::not_found));
  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) { return tx.update_api_key(renamed); })));
  auto got = in_read(org, [&](Reader& tx) { return tx.get_api_key(k1.id); });
  ASSERT_TRUE(ok(got));
  EXPECT_EQ(got->description, "renamed");
  EXPECT_EQ(got->ha1, k1.ha1) << "only the description changes";

  EXPECT_TRUE(
      failed(in_write(other, [&](ReadWriteTransaction& tx) { return tx.delete_api_key(k1.id); }), Errc::not_found));
  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) { return tx.delete_api_key(k1.id); })));
  auto gone = store().find_api_key("abcdefgh");
  ASSERT_TRUE(ok(gone));
  EXPECT_FALSE(gone->has_value());
}

TEST_P(StoreTest, ApiKeyGrantsKeepTheirSubjectType) {
  OrgId org = make_org();
  Role r = sample_role("ORG_OWNER");
  Grant g{"111111111111111111111111", SubjectType::api_key, r.id, "*", 1700000000000};
  ASSERT_TRUE(ok(in_write(org, [&](ReadWriteTransaction& tx) -> Result<void> {
    RP_CHECK(tx.insert_role(r));
    return tx.insert_grant(g);
  })));
  auto grants = in_read(org, [&](Reader& tx) { return tx.grants_of(g.subject_id); });
  ASSERT_TRUE(ok(grants));
  ASSERT_EQ(grants->size(), 1u);
  EXPECT_EQ((*grants)[0].subject_type, SubjectType::api_key);
  EXPECT_EQ((*grants)[0], g);
}

}  // namespace
}  // namespace rp::store::test
