// Atlas programmatic API keys: create (private key shown once), list and get
// (masked), change (description, roles: effective at once), delete (the key
// stops working at once), owner-only management.

#include "api/atlas/atlas_api.h"

namespace rp::test {
namespace {

namespace json = boost::json;

class AtlasApiKeysTest : public AtlasApiTest {};

TEST_F(AtlasApiKeysTest, CreateListAndDelete) {
  auto made =
      atlas_ok(atlas("POST", keys_path(), R"({"desc": "ci", "roles": ["ORG_MEMBER", "ORG_BILLING_READ_ONLY"]})"));
  std::string id = str(made, "id"), pub = str(made, "publicKey"), priv = str(made, "privateKey");
  EXPECT_TRUE(std::regex_match(id, std::regex("^[0-9a-f]{24}$")));
  EXPECT_TRUE(std::regex_match(pub, std::regex("^[a-z]{8}$")));
  EXPECT_EQ(priv.size(), 36u);
  EXPECT_EQ(str(made, "desc"), "ci");
  ASSERT_EQ(made.at("roles").as_array().size(), 2u);
  EXPECT_EQ(str(made.at("roles").as_array()[0].as_object(), "orgId"), org_id());

  auto list = atlas_ok(atlas("GET", keys_path()));
  EXPECT_EQ(list.at("totalCount").as_int64(), 2);  // the bootstrap key and this one
  bool seen = false;
  for (const auto& k : list.at("results").as_array()) {
    if (str(k.as_object(), "id") != id) continue;
    seen = true;
    EXPECT_EQ(str(k.as_object(), "privateKey"), "********-****-****-" + priv.substr(24));
  }
  EXPECT_TRUE(seen);
  EXPECT_EQ(list.size(), 3u);

  AtlasKey key{pub, priv};
  EXPECT_TRUE(has_status(atlas("GET", users_path(), {}, kAtlasV1, key), 200));
  // A member key cannot manage keys.
  EXPECT_TRUE(is_atlas_error(atlas("POST", keys_path(), R"({"desc": "x", "roles": ["ORG_OWNER"]})", kAtlasV1, key), 401,
                             "NOT_ORG_OWNER"));
  EXPECT_TRUE(is_atlas_error(atlas("DELETE", keys_path() + "/" + id, {}, kAtlasV1, key), 401, "NOT_ORG_OWNER"));

  auto gone = atlas("DELETE", keys_path() + "/" + id);
  EXPECT_TRUE(has_status(gone, 204));
  EXPECT_TRUE(gone.body.empty()) << gone.body;
  EXPECT_TRUE(is_atlas_error(atlas("GET", users_path(), {}, kAtlasV1, key), 401, "USER_UNAUTHORIZED"));
  EXPECT_TRUE(is_atlas_error(atlas("DELETE", keys_path() + "/" + id), 404, "RESOURCE_NOT_FOUND"));
}

TEST_F(AtlasApiKeysTest, BadKeyRequestsAreRefused) {
  EXPECT_TRUE(is_atlas_error(atlas("POST", keys_path(), R"({"desc": "x", "roles": ["GROUP_OWNER"]})"), 400,
                             "INVALID_ENUM_VALUE"));
  EXPECT_TRUE(is_atlas_error(atlas("POST", keys_path(), R"({"desc": "x", "roles": []})"), 400, "VALIDATION_ERROR"));
  EXPECT_TRUE(is_atlas_error(atlas("POST", keys_path(), R"({"roles": ["ORG_MEMBER"]})"), 400, "MISSING_ATTRIBUTE"));
  auto list = atlas_ok(atlas("GET", keys_path()));
  EXPECT_EQ(list.at("totalCount").as_int64(), 1);
}

TEST_F(AtlasApiKeysTest, GetAndChangeOneKey) {
  auto made = atlas_ok(atlas("POST", keys_path(), R"({"desc": "reader", "roles": ["ORG_READ_ONLY"]})"));
  std::string id = str(made, "id");
  AtlasKey key{str(made, "publicKey"), str(made, "privateKey")};
  std::string ann = atlas_user_id("ann@example.com");

  auto one = atlas_ok(atlas("GET", keys_path() + "/" + id, {}, kAtlasV1, key));
  EXPECT_EQ(str(one, "desc"), "reader");
  EXPECT_EQ(str(one, "privateKey"), "********-****-****-" + key.private_key.substr(24));
  // A read-only key may not change roles until it becomes an owner.
  EXPECT_TRUE(is_atlas_error(put_roles(ann, {"ORG_MEMBER"}, key), 401, "NOT_ORG_OWNER"));
  EXPECT_TRUE(is_atlas_error(atlas("PATCH", keys_path() + "/" + id, R"({"roles": ["ORG_OWNER"]})", kAtlasV1, key), 401,
                             "NOT_ORG_OWNER"));
  auto changed = atlas_ok(atlas("PATCH", keys_path() + "/" + id, R"({"roles": ["ORG_OWNER", "ORG_MEMBER"]})"));
  EXPECT_EQ(str(changed, "desc"), "reader") << "left out, kept";
  std::vector<std::string> names;
  for (const auto& r : changed.at("roles").as_array()) names.emplace_back(str(r.as_object(), "roleName"));
  EXPECT_EQ(names, (std::vector<std::string>{"ORG_OWNER", "ORG_MEMBER"}));
  EXPECT_TRUE(has_status(put_roles(ann, {"ORG_MEMBER"}, key), 200));

  auto renamed = atlas_ok(atlas("PATCH", keys_path() + "/" + id, R"({"desc": "owner"})"));
  EXPECT_EQ(str(renamed, "desc"), "owner");
  EXPECT_EQ(renamed.at("roles").as_array().size(), 2u);
  EXPECT_TRUE(is_atlas_error(atlas("PATCH", keys_path() + "/" + id, R"({"roles": []})"), 400, "VALIDATION_ERROR"));
  EXPECT_TRUE(
      is_atlas_error(atlas("PATCH", keys_path() + "/" + id, R"({"roles": ["NOPE"]})"), 400, "INVALID_ENUM_VALUE"));
  EXPECT_TRUE(is_atlas_error(atlas("PATCH", keys_path() + "/" + id, R"({"desc": ""})"), 400, "VALIDATION_ERROR"));
  EXPECT_TRUE(is_atlas_error(atlas("GET", keys_path() + "/" + std::string(24, 'd')), 404, "RESOURCE_NOT_FOUND"));
  // Another organization's key is not found here.
  const auto& globex = server().extra_orgs()[0];
  AtlasKey other{globex.atlas_public_key, globex.atlas_private_key};
  auto theirs = atlas_ok(atlas("GET", "/api/atlas/v2/orgs/" + globex.atlas_org_id + "/apiKeys", {}, kAtlasV1, other));
  std::string their_id = str(theirs.at("results").as_array()[0].as_object(), "id");
  EXPECT_TRUE(is_atlas_error(atlas("GET", keys_path() + "/" + their_id), 404, "RESOURCE_NOT_FOUND"));
  EXPECT_TRUE(
      is_atlas_error(atlas("PATCH", keys_path() + "/" + their_id, R"({"desc": "mine"})"), 404, "RESOURCE_NOT_FOUND"));
}

}  // namespace
}  // namespace rp::test
