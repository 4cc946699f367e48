// Atlas programmatic API keys: create (private key shown once), list
// (masked), delete (the key stops working at once), owner-only management.

#include "api/atlas_api.h"

namespace rp::test {
namespace {

namespace json = boost::json;

class AtlasApiKeysTest : public AtlasApiTest {};

TEST_F(AtlasApiKeysTest, CreateListAndDelete) {
  auto made = atlas_ok(atlas("POST", keys_path(), R"({"desc": "ci", "roles": ["ORG_MEMBER", "ORG_BILLING_READ_ONLY"]})"));
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

}  // namespace
}  // namespace rp::test
