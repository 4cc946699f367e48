#pragma once
// What the Atlas API tests share: requests made with curl --digest (an
// independent HTTP Digest client) using an organization's API key, and
// helpers for the Atlas answers.

#include <atomic>
#include <fstream>
#include <regex>
#include <sstream>

#include "api/genesys/oauth/sign_in_api.h"
#include "support/subprocess.h"

namespace rp::test {

inline const std::string kAtlasV1 = "application/vnd.atlas.2023-01-01+json";
// The version of the users resources whose shape is OrgUserResponse.
inline const std::string kAtlasUsers = "application/vnd.atlas.2025-02-19+json";

struct AtlasKey {
  std::string public_key;
  std::string private_key;
};

class AtlasApiTest : public SignInApiTest {
 protected:
  ServerConfig server_config() const override {
    ServerConfig c;
    c.extra_orgs = {"globex"};
    return c;
  }
  AtlasKey owner() { return {server().org().atlas_public_key, server().org().atlas_private_key}; }
  const std::string& org_id() { return server().org().atlas_org_id; }
  std::string users_path() { return "/api/atlas/v2/orgs/" + org_id() + "/users"; }
  std::string keys_path() { return "/api/atlas/v2/orgs/" + org_id() + "/apiKeys"; }

  // `method` `target` through curl --digest with `key`; the final answer.
  HttpResponse atlas(std::string_view method, std::string_view target, std::string_view body = {},
                     const std::string& accept = kAtlasV1, std::optional<AtlasKey> key = std::nullopt) {
    static std::atomic<int> counter{0};
    AtlasKey k = key ? *key : owner();
    std::string stem = server().dir() + "/curl-" + std::to_string(counter++);
    std::vector<std::string> argv = {
        "/usr/bin/curl",     "-s", "-S",        "--digest", "-u",       k.public_key + ":" + k.private_key, "-X",
        std::string(method), "-D", stem + ".h", "-o",       stem + ".b"};
    if (!accept.empty()) argv.insert(argv.end(), {"-H", "Accept: " + accept});
    if (!body.empty()) {
      std::ofstream(stem + ".in") << body;
      argv.insert(argv.end(), {"-H", "Content-Type: application/json", "--data-binary", "@" + stem + ".in"});
    }
    argv.push_back("http://127.0.0.1:" + std::to_string(server().port()) + std::string(target));
    auto r = run_command(argv);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return read_answer(stem);
  }

  // The last response curl wrote to <stem>.h and <stem>.b.
  static HttpResponse read_answer(const std::string& stem) {
    std::stringstream hs, bs;
    hs << std::ifstream(stem + ".h").rdbuf();
    bs << std::ifstream(stem + ".b").rdbuf();
    std::string head = hs.str();
    // curl writes every response of the exchange; keep the last block.
    std::size_t last = head.rfind("HTTP/1.1 ");
    head = last == std::string::npos ? head : head.substr(last);
    HttpResponse res;
    res.body = bs.str();
    std::istringstream lines(head);
    std::string line;
    std::getline(lines, line);
    if (line.size() >= 12) res.status = std::stoi(line.substr(9, 3));
    while (std::getline(lines, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      auto colon = line.find(':');
      if (colon == std::string::npos) continue;
      std::string value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.erase(0, 1);
      res.headers.emplace_back(line.substr(0, colon), value);
    }
    return res;
  }

  boost::json::object atlas_ok(const HttpResponse& res, int status = 200) {
    EXPECT_TRUE(has_status(res, status));
    if (res.status != status || res.body.empty()) return {};
    return parse_object(res.body);
  }

  // Checks the Atlas error body: status, errorCode, and the ApiError fields.
  static ::testing::AssertionResult is_atlas_error(const HttpResponse& res, int status, std::string_view code) {
    if (res.status != status) return ::testing::AssertionFailure() << "status " << res.status << ": " << res.describe();
    auto o = parse_object(res.body);
    if (!o.contains("error") || o.at("error").as_int64() != status)
      return ::testing::AssertionFailure() << "error field: " << res.body;
    if (str(o, "errorCode") != code) return ::testing::AssertionFailure() << "errorCode: " << res.body;
    if (str(o, "detail").empty() || str(o, "reason").empty() || !o.at("parameters").is_array())
      return ::testing::AssertionFailure() << "fields: " << res.body;
    if (status == 400 && !o.contains("badRequestDetail")) return ::testing::AssertionFailure() << "badRequestDetail";
    return ::testing::AssertionSuccess();
  }

  // The Atlas id of the user whose username is `email`, from the users listing.
  std::string atlas_user_id(std::string_view email) {
    auto list = atlas_ok(atlas("GET", users_path() + "?itemsPerPage=500", {}, kAtlasUsers));
    for (const auto& u : list.at("results").as_array())
      if (str(u.as_object(), "username") == email) return str(u.as_object(), "id");
    ADD_FAILURE() << "no Atlas user " << email;
    return {};
  }

  // PUT .../users/{id}/roles {"orgRoles": roles} as `key`.
  HttpResponse put_roles(const std::string& user, const std::vector<std::string>& roles,
                         std::optional<AtlasKey> key = std::nullopt) {
    boost::json::array a;
    for (const auto& r : roles) a.emplace_back(r);
    return atlas("PUT", users_path() + "/" + user + "/roles",
                 boost::json::serialize(boost::json::object{{"orgRoles", a}}), kAtlasV1, key);
  }

  // A new API key of the organization holding `roles` (made with the owner key).
  AtlasKey new_key(const std::vector<std::string>& roles) {
    boost::json::array a;
    for (const auto& r : roles) a.emplace_back(r);
    auto o = atlas_ok(
        atlas("POST", keys_path(), boost::json::serialize(boost::json::object{{"desc", "test"}, {"roles", a}})));
    return {str(o, "publicKey"), str(o, "privateKey")};
  }

  // GET .../users/{id} as OrgUserResponse.
  boost::json::object atlas_user(const std::string& id) {
    return atlas_ok(atlas("GET", users_path() + "/" + id, {}, kAtlasUsers));
  }

  // The orgRoles of an OrgUserResponse.
  static std::vector<std::string> org_roles(const boost::json::object& user) {
    std::vector<std::string> out;
    for (const auto& r : user.at("roles").as_object().at("orgRoles").as_array()) out.emplace_back(r.as_string());
    return out;
  }
};

}  // namespace rp::test
