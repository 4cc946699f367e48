// The Atlas dialect's authentication and wire conventions: HTTP Digest with
// API keys (curl --digest, Python requests, and hand-made responses for
// replays), versioned media types, envelope, pretty and rate-limit headers.

#include "api/atlas/atlas_api.h"
#include "service/org_roles/api_keys.h"

namespace rp::test {
namespace {

namespace json = boost::json;

class AtlasAuthTest : public AtlasApiTest {
 protected:
  // The nonce of a fresh challenge.
  std::string challenge_nonce() {
    auto res = http().send("GET", "/api/atlas/v2/orgs", {{"Accept", kAtlasV1}});
    std::string h = res.header("WWW-Authenticate");
    auto at = h.find("nonce=\"");
    if (at == std::string::npos) return {};
    at += 7;
    return h.substr(at, h.find('"', at) - at);
  }
  // A Digest Authorization header computed by hand for GET `uri`.
  std::string digest(const AtlasKey& k, const std::string& nonce, const std::string& nc, const std::string& uri) {
    std::string realm(service::kDigestRealm);
    std::string ha1 = service::md5_hex(k.public_key + ":" + realm + ":" + k.private_key);
    std::string ha2 = service::md5_hex("GET:" + uri);
    std::string response = service::md5_hex(ha1 + ":" + nonce + ":" + nc + ":abcdef:auth:" + ha2);
    return "Digest username=\"" + k.public_key + "\", realm=\"" + realm + "\", nonce=\"" + nonce + "\", uri=\"" + uri +
           "\", algorithm=MD5, qop=auth, nc=" + nc + ", cnonce=\"abcdef\", response=\"" + response + "\"";
  }
};

TEST_F(AtlasAuthTest, WithoutCredentialsTheAnswerIsADigestChallenge) {
  auto res = http().send("GET", "/api/atlas/v2/orgs", {{"Accept", kAtlasV1}});
  EXPECT_TRUE(is_atlas_error(res, 401, "USER_UNAUTHORIZED"));
  std::string h = res.header("WWW-Authenticate");
  EXPECT_EQ(h.rfind("Digest ", 0), 0u) << h;
  EXPECT_NE(h.find("realm=\"MMS Public API\""), std::string::npos) << h;
  EXPECT_NE(h.find("qop=\"auth\""), std::string::npos) << h;
  EXPECT_NE(h.find("algorithm=MD5"), std::string::npos) << h;
  EXPECT_NE(h.find("stale=false"), std::string::npos) << h;
  EXPECT_EQ(res.header("Content-Type"), "application/json");
  // A user's sign-in token is not an Atlas credential: only service accounts' tokens are.
  auto [user_token, refresh] = user_tokens();
  ASSERT_FALSE(user_token.empty());
  auto user_res =
      http().send("GET", "/api/atlas/v2/orgs", {{"Accept", kAtlasV1}, {"Authorization", "Bearer " + user_token}});
  EXPECT_TRUE(is_atlas_error(user_res, 401, "USER_UNAUTHORIZED"));
  // A Basic header is not an Atlas credential either.
  auto basic = http().send("GET", "/api/atlas/v2/orgs", {{"Accept", kAtlasV1}, {"Authorization", "Basic YTpi"}});
  EXPECT_TRUE(is_atlas_error(basic, 401, "USER_UNAUTHORIZED"));
  EXPECT_EQ(basic.header("WWW-Authenticate").rfind("Digest ", 0), 0u);
}

TEST_F(AtlasAuthTest, CurlDigestWithTheBootstrapKeyListsItsOrganization) {
  auto res = atlas("GET", "/api/atlas/v2/orgs");
  auto o = atlas_ok(res);
  EXPECT_EQ(res.header("Content-Type"), kAtlasV1);
  EXPECT_FALSE(res.header("RateLimit-Limit").empty());
  EXPECT_FALSE(res.header("RateLimit-Remaining").empty());
  ASSERT_EQ(o.at("results").as_array().size(), 1u);
  auto org = o.at("results").as_array()[0].as_object();
  EXPECT_EQ(str(org, "id"), org_id());
  EXPECT_EQ(str(org, "name"), "acme");
  EXPECT_EQ(o.at("totalCount").as_int64(), 1);
  EXPECT_TRUE(std::regex_match(org_id(), std::regex("^[0-9a-f]{24}$"))) << org_id();
}

TEST_F(AtlasAuthTest, AWrongPrivateKeyOrUnknownPublicKeyIsRefused) {
  EXPECT_TRUE(is_atlas_error(atlas("GET", "/api/atlas/v2/orgs", {}, kAtlasV1, AtlasKey{owner().public_key, "wrong"}),
                             401, "USER_UNAUTHORIZED"));
  EXPECT_TRUE(
      is_atlas_error(atlas("GET", "/api/atlas/v2/orgs", {}, kAtlasV1, AtlasKey{"nosuchky", owner().private_key}), 401,
                     "USER_UNAUTHORIZED"));
}

TEST_F(AtlasAuthTest, NonceCountsCannotBeReplayedAndUnknownNoncesAreStale) {
  std::string nonce = challenge_nonce();
  ASSERT_FALSE(nonce.empty());
  const std::string uri = "/api/atlas/v2/orgs";
  auto first =
      http().send("GET", uri, {{"Accept", kAtlasV1}, {"Authorization", digest(owner(), nonce, "00000001", uri)}});
  EXPECT_TRUE(has_status(first, 200));
  auto replay =
      http().send("GET", uri, {{"Accept", kAtlasV1}, {"Authorization", digest(owner(), nonce, "00000001", uri)}});
  EXPECT_TRUE(is_atlas_error(replay, 401, "USER_UNAUTHORIZED"));
  auto next =
      http().send("GET", uri, {{"Accept", kAtlasV1}, {"Authorization", digest(owner(), nonce, "00000002", uri)}});
  EXPECT_TRUE(has_status(next, 200));
  auto made_up =
      http().send("GET", uri, {{"Accept", kAtlasV1}, {"Authorization", digest(owner(), "madeup", "00000001", uri)}});
  EXPECT_TRUE(is_atlas_error(made_up, 401, "USER_UNAUTHORIZED"));
  EXPECT_NE(made_up.header("WWW-Authenticate").find("stale=true"), std::string::npos);
  // A response computed for another URI does not authenticate this one.
  auto other =
      http().send("GET", uri, {{"Accept", kAtlasV1}, {"Authorization", digest(owner(), nonce, "00000003", "/x")}});
  EXPECT_TRUE(is_atlas_error(other, 401, "USER_UNAUTHORIZED"));
}

TEST_F(AtlasAuthTest, PythonRequestsHttpDigestAuthIsAccepted) {
  if (run_command({"/usr/bin/python3", "-c", "import requests"}).exit_code != 0)
    GTEST_SKIP() << "python3-requests is not installed (scripts/install-deps.sh)";
  std::string script =
      "import sys, requests\n"
      "from requests.auth import HTTPDigestAuth\n"
      "r = requests.get(sys.argv[1], auth=HTTPDigestAuth(sys.argv[2], sys.argv[3]),"
      " headers={'Accept': 'application/vnd.atlas.2023-01-01+json'})\n"
      "print(r.status_code, r.json()['results'][0]['id'] if r.status_code == 200 else r.text)\n";
  std::string url = "http://127.0.0.1:" + std::to_string(server().port()) + "/api/atlas/v2/orgs";
  auto ok_run = run_command({"/usr/bin/python3", "-c", script, url, owner().public_key, owner().private_key});
  std::string out = ok_run.out;
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  EXPECT_EQ(out, "200 " + org_id()) << ok_run.err;
  auto bad_run = run_command({"/usr/bin/python3", "-c", script, url, owner().public_key, "wrong"});
  EXPECT_EQ(bad_run.out.substr(0, 3), "401") << bad_run.out << bad_run.err;
}

TEST_F(AtlasAuthTest, AMissingOrUnknownVersionIs406) {
  EXPECT_TRUE(is_atlas_error(atlas("GET", "/api/atlas/v2/orgs", {}, ""), 406, "INVALID_VERSION_DATE"));
  EXPECT_TRUE(is_atlas_error(atlas("GET", "/api/atlas/v2/orgs", {}, "application/json"), 406, "INVALID_VERSION_DATE"));
  EXPECT_TRUE(is_atlas_error(atlas("GET", "/api/atlas/v2/orgs", {}, "application/vnd.atlas.2019-01-01+json"), 406,
                             "INVALID_VERSION_DATE"));
  EXPECT_TRUE(is_atlas_error(
      atlas("PUT", users_path() + "/" + std::string(24, 'a') + "/roles", "{}", "application/vnd.atlas.2025-02-19+json"),
      406, "INVALID_VERSION_DATE"));
  auto listed =
      atlas("GET", "/api/atlas/v2/orgs", {}, "application/json, application/vnd.atlas.2023-01-01+json;charset=utf-8");
  EXPECT_TRUE(has_status(listed, 200));
  auto newer = atlas("GET", users_path(), {}, "application/vnd.atlas.2025-02-19+json");
  EXPECT_TRUE(has_status(newer, 200));
  EXPECT_EQ(newer.header("Content-Type"), "application/vnd.atlas.2025-02-19+json");
}

TEST_F(AtlasAuthTest, EnvelopeAndPretty) {
  auto list = atlas_ok(atlas("GET", "/api/atlas/v2/orgs?envelope=true"));
  EXPECT_EQ(list.at("status").as_int64(), 200);
  EXPECT_TRUE(list.at("results").is_array());
  std::string me = atlas_user_id("ann@example.com");
  auto single = atlas_ok(atlas("GET", users_path() + "/" + me + "?envelope=true"));
  EXPECT_EQ(single.at("status").as_int64(), 200);
  EXPECT_EQ(str(single.at("content").as_object(), "id"), me);
  auto plain = atlas("GET", users_path() + "/" + me);
  EXPECT_EQ(plain.body.find('\n'), std::string::npos);
  auto pretty = atlas("GET", users_path() + "/" + me + "?pretty=true");
  EXPECT_NE(pretty.body.find("\n  \"id\" : "), std::string::npos) << pretty.body;
  EXPECT_EQ(str(parse_object(pretty.body), "id"), me);
}

}  // namespace
}  // namespace rp::test

namespace rp::test {
namespace {

class AtlasRateLimitTest : public AtlasApiTest {
 protected:
  ServerConfig server_config() const override {
    ServerConfig c;
    c.config_toml = "[limits]\nrequests_per_minute = 2\n";
    return c;
  }
};

// Each key spends the [limits] budget; the headers count down and the
// request over it is 429 RATE_LIMITED with Retry-After.
TEST_F(AtlasRateLimitTest, RateLimitHeadersAndTheAnswerOverTheLimit) {
  auto first = atlas("GET", "/api/atlas/v2/orgs");
  ASSERT_TRUE(has_status(first, 200));
  EXPECT_EQ(first.header("RateLimit-Limit"), "2");
  EXPECT_EQ(first.header("RateLimit-Remaining"), "1");
  auto second = atlas("GET", "/api/atlas/v2/orgs");
  ASSERT_TRUE(has_status(second, 200));
  EXPECT_EQ(second.header("RateLimit-Remaining"), "0");
  auto third = atlas("GET", "/api/atlas/v2/orgs");
  EXPECT_TRUE(is_atlas_error(third, 429, "RATE_LIMITED"));
  EXPECT_FALSE(third.header("Retry-After").empty());
  EXPECT_EQ(third.header("RateLimit-Remaining"), "0");
}

}  // namespace
}  // namespace rp::test
