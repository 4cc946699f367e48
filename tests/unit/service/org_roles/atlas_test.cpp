// The Atlas use cases: API keys and their Digest authentication (nonce
// expiry and replays by the clock), and replacing organization roles
// (invariants, audit, the engine patched at once).
#include "core/reasons.h"
#include "service/org_roles/api_keys.h"
#include "service/org_roles/atlas_orgs.h"
#include "unit/service/service_fixture.h"

namespace rp::service {
namespace {

class AtlasServiceTest : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    keys_ = std::make_unique<ApiKeyService>(*store_, *access_, clock_);
    atlas_ = std::make_unique<AtlasOrgService>(*store_, *access_, clock_);
  }
  void TearDown() override {
    atlas_.reset();
    keys_.reset();
    ServiceTest::TearDown();
  }

  DigestCredentials digest(const std::string& pub, const std::string& priv, const std::string& nonce,
                           const std::string& nc, const std::string& uri = "/api/atlas/v2/orgs") {
    DigestCredentials c{pub, std::string(kDigestRealm), nonce, uri, "", "auth", nc, "0a4f113b", "MD5"};
    std::string ha1 = md5_hex(pub + ":" + c.realm + ":" + priv);
    std::string ha2 = md5_hex("GET:" + uri);
    c.response = md5_hex(ha1 + ":" + nonce + ":" + nc + ":" + c.cnonce + ":auth:" + ha2);
    return c;
  }
  Result<Caller> owner_call(const std::string& nonce, const std::string& nc) {
    return keys_->authenticate(digest(boot_.atlas_public_key, boot_.atlas_private_key, nonce, nc), "GET", "c");
  }
  std::string atlas_id_of(const std::string& user_id) {
    std::string id;
    EXPECT_TRUE(store_->read(admin_.org, [&](store::Reader& tx) -> Result<void> {
      id = RP_TRY(tx.get_user(user_id)).atlas_id;
      return {};
    }));
    return id;
  }
  Caller owner() {
    auto c = owner_call(keys_->new_nonce(), "00000001");
    EXPECT_TRUE(c) << c.error().message;
    return *c;
  }

  std::unique_ptr<ApiKeyService> keys_;
  std::unique_ptr<AtlasOrgService> atlas_;
};

TEST_F(AtlasServiceTest, BootstrapMakesAnOwnerKeyWhosePrivateKeyIsNotStored) {
  EXPECT_EQ(boot_.atlas_org_id.size(), 24u);
  auto found = store_->find_api_key(boot_.atlas_public_key);
  ASSERT_TRUE(found && found->has_value());
  const store::ApiKey& k = (*found)->second;
  EXPECT_EQ(k.ha1, md5_hex(boot_.atlas_public_key + ":MMS Public API:" + boot_.atlas_private_key));
  for (const auto& a : audit(admin_.org)) {
    EXPECT_EQ(a.after_json.find(boot_.atlas_private_key), std::string::npos) << a.action;
    EXPECT_EQ(a.after_json.find(k.ha1), std::string::npos) << a.action;
  }
  auto caller = owner();
  EXPECT_EQ(caller.subject_type, store::SubjectType::api_key);
  EXPECT_EQ(caller.org.value, boot_.organization_id);
  auto org = atlas_->admit(caller, boot_.atlas_org_id, {"ORG_OWNER"});
  ASSERT_TRUE(org);
  EXPECT_EQ(org->atlas_id, boot_.atlas_org_id);
  EXPECT_TRUE(atlas_->admit(caller, "", {"ORG_OWNER"}));
  auto other = atlas_->admit(caller, std::string(24, '0'), {"ORG_OWNER"});
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().reason, reason::org_no_access);
}

TEST_F(AtlasServiceTest, NoncesExpireAndTheirCountsAreUsedOnce) {
  std::string nonce = keys_->new_nonce();
  ASSERT_TRUE(owner_call(nonce, "00000001"));
  auto replay = owner_call(nonce, "00000001");
  ASSERT_FALSE(replay);
  EXPECT_EQ(replay.error().reason, reason::digest_replayed);
  ASSERT_TRUE(owner_call(nonce, "00000002"));
  clock_.advance(kNonceMillis);
  auto late = owner_call(nonce, "00000003");
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().reason, reason::digest_stale);
  // A nonce whose expiry was pushed forward, or made by another server, is not accepted.
  std::string fresh = keys_->new_nonce();
  std::string tampered = fresh;
  tampered[0] = tampered[0] == 'f' ? 'e' : 'f';
  auto forged = owner_call(tampered, "00000001");
  ASSERT_FALSE(forged);
  EXPECT_EQ(forged.error().reason, reason::digest_stale);
  ApiKeyService other(*store_, *access_, clock_);
  auto foreign = owner_call(other.new_nonce(), "00000001");
  ASSERT_FALSE(foreign);
  EXPECT_EQ(foreign.error().reason, reason::digest_stale);
  EXPECT_TRUE(owner_call(fresh, "00000001"));
  // A wrong password never reaches the nonce: it is not a stale answer.
  auto wrong = keys_->authenticate(digest(boot_.atlas_public_key, "nope", keys_->new_nonce(), "00000001"), "GET", "c");
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().reason, reason::digest_invalid);
  auto bad_qop = digest(boot_.atlas_public_key, boot_.atlas_private_key, keys_->new_nonce(), "00000001");
  bad_qop.qop = "auth-int";
  EXPECT_FALSE(keys_->authenticate(bad_qop, "GET", "c"));
}

TEST_F(AtlasServiceTest, OrgRolesAreReplacedAuditedAndCheckedAtOnce) {
  auto user = users_->create(admin_, NewUser{.name = "Ann", .email = "ann@example.com"}, kAddUser);
  ASSERT_TRUE(user);
  std::string ann = atlas_id_of(user->user.id);
  Caller ann_caller{admin_.org, user->user.id, store::SubjectType::user, "", "", "c"};
  auto view_roles = authz::Requirement::any_of({"authorization:role:view"});
  EXPECT_FALSE(access_->authorize(ann_caller, view_roles));

  Caller key = owner();
  auto set = atlas_->set_org_roles(key, ann, {"ORG_MEMBER"});
  ASSERT_TRUE(set) << set.error().message;
  EXPECT_EQ(set->org_roles, std::vector<std::string>{"ORG_MEMBER"});
  EXPECT_TRUE(access_->authorize(ann_caller, view_roles));
  bool audited = false;
  for (const auto& a : audit(admin_.org))
    if (a.action == "grant.add" && a.entity_id == user->user.id && a.actor_id == key.subject_id) audited = true;
  EXPECT_TRUE(audited);

  // Refusals change nothing.
  auto unknown = atlas_->set_org_roles(key, ann, {"ORG_MEMBER", "NOPE"});
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().reason, reason::role_unknown);
  auto none = atlas_->set_org_roles(key, ann, {});
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().reason, reason::org_role_none_left);
  ASSERT_TRUE(atlas_->set_org_roles(key, ann, {"ORG_OWNER"}));
  auto demote = atlas_->set_org_roles(key, ann, {"ORG_READ_ONLY"});
  ASSERT_FALSE(demote);
  EXPECT_EQ(demote.error().reason, reason::org_role_last_owner);
  auto still = atlas_->get_user(key, ann);
  ASSERT_TRUE(still);
  EXPECT_EQ(still->org_roles, std::vector<std::string>{"ORG_OWNER"});
  // The grant lives in the Home division.
  std::vector<store::Grant> grants;
  ASSERT_TRUE(store_->read(admin_.org, [&](store::Reader& tx) -> Result<void> {
    grants = RP_TRY(tx.grants_of(user->user.id));
    return {};
  }));
  ASSERT_EQ(grants.size(), 1u);
  EXPECT_EQ(grants[0].division_id, home());
  EXPECT_EQ(grants[0].role_id, role_id("ORG_OWNER"));
}

TEST_F(AtlasServiceTest, KeysHoldOnlyOrganizationRolesAndGoWithTheirGrants) {
  Caller key = owner();
  auto bad = keys_->create(key, "x", {"admin"});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().reason, reason::role_unknown);
  auto made = keys_->create(key, "reader", {"ORG_READ_ONLY"});
  ASSERT_TRUE(made) << made.error().message;
  auto reader = keys_->authenticate(
      digest(made->view.key.public_key, made->private_key, keys_->new_nonce(), "00000001"), "GET", "c");
  ASSERT_TRUE(reader);
  auto denied = atlas_->admit(*reader, "", {"ORG_OWNER"});
  ASSERT_FALSE(denied);
  EXPECT_EQ(denied.error().reason, reason::org_role_required);
  EXPECT_TRUE(atlas_->admit(*reader, "", atlas_org_roles()));
  ASSERT_TRUE(keys_->remove(key, made->view.key.id));
  EXPECT_FALSE(keys_->authenticate(digest(made->view.key.public_key, made->private_key, keys_->new_nonce(), "00000001"),
                                   "GET", "c"));
  EXPECT_FALSE(access_->authorize(*reader, authz::Requirement::any_of({"directory:user:view"})));
}

}  // namespace
}  // namespace rp::service
