#pragma once
// Helpers shared by the Organization Authorization (trust) API tests
// (trusts_test.cpp, trust_members_test.cpp): organization A is the test
// server's bootstrapped organization (the trustor), B another one made for
// each test (the trustee).

#include <fstream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/api_test.h"
#include "core/time.h"

namespace rp::test {

inline constexpr std::string_view kOrgAuth = "/api/v2/orgauthorization";

// The Customer Care organization of a test is made after the server starts, so
// its id is known only then: such a test starts the server with this
// configuration (the key present, empty) and names the organization with
// name_care_org, which rewrites the configuration and restarts the server on
// the same database (the test then reconnects).
inline ServerConfig care_org_named_later() {
  ServerConfig c;
  c.config_toml = "[trust]\ncustomer_care_org = \"\"\n";
  return c;
}
inline void name_care_org(ServerProcess& server, const std::string& org_id) {
  ASSERT_FALSE(server.config_path().empty());
  std::ofstream(server.config_path(), std::ios::trunc) << "[trust]\ncustomer_care_org = \"" << org_id << "\"\n";
  server.restart();
}

class TrustApiTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    a_id = server().org().organization_id;
    b = server().bootstrap_another_org("Beta");
    b_token = server().token(b.admin);
  }

  OrgInfo b;
  std::string a_id;
  std::string b_token;

  // `method` `target` with a JSON body and a bearer token ("" = A's admin).
  HttpResponse send_json(std::string_view method, std::string_view target, const boost::json::value& body,
                         std::string_view token = {}) {
    return http().send(method, target,
                       {{"Authorization", "Bearer " + std::string(token.empty() ? admin() : token)},
                        {"Content-Type", "application/json"}},
                       boost::json::serialize(body));
  }
  // `method` `target` without a body.
  HttpResponse send(std::string_view method, std::string_view target, std::string_view token = {}) {
    return http().send(method, target, bearer(token.empty() ? admin() : token));
  }
  HttpResponse get(std::string_view target, std::string_view token = {}) {
    return http().get(target, token.empty() ? admin() : token);
  }

  static std::string path(std::string_view tail) { return std::string(kOrgAuth) + std::string(tail); }
  std::string trustee_path(std::string_view tail = {}) const {
    return path("/trustees/" + b.organization_id) + std::string(tail);
  }
  std::string trustor_path(std::string_view tail = {}) const { return path("/trustors/" + a_id) + std::string(tail); }

  static boost::json::object ok(const HttpResponse& res) {
    EXPECT_TRUE(has_status(res, 200));
    if (res.status != 200 || res.body.empty()) return {};
    return parse_object(res.body);
  }

  // A user of the organization whose admin token is `token`; its id.
  std::string user_in(std::string_view token, std::string_view name, std::string_view email) {
    return str(create_user(name, email, {}, token), "id");
  }
  // An official public group of the organization of `token`; its id.
  std::string group_in(std::string_view token, std::string_view name) {
    boost::json::object body{{"name", name}, {"type", "official"}, {"rulesVisible", true}, {"visibility", "public"}};
    return str(ok(send_json("POST", "/api/v2/groups", body, token)), "id");
  }
  // A role of the organization of `token` with exactly `permissions`; its id.
  std::string role_in(std::string_view token, std::string_view name, const std::vector<std::string>& permissions) {
    boost::json::array perms;
    for (const auto& p : permissions) perms.emplace_back(p);
    return str(ok(send_json("POST", "/api/v2/authorization/roles",
                            boost::json::object{{"name", name}, {"permissions", perms}}, token)),
               "id");
  }
  std::string home_division(std::string_view token = {}) {
    return str(ok(get("/api/v2/authorization/divisions/home", token)), "id");
  }

  static boost::json::array strings(const std::vector<std::string>& items) {
    boost::json::array a;
    for (const auto& s : items) a.emplace_back(s);
    return a;
  }
  static std::vector<std::string> strings_of(const boost::json::value& v) {
    std::vector<std::string> out;
    if (!v.is_array()) return out;
    for (const auto& e : v.as_array()) out.emplace_back(e.is_string() ? std::string(e.as_string()) : "<not a string>");
    return out;
  }
  // The ids of the objects of array `v`.
  static std::vector<std::string> ids_in(const boost::json::value& v) {
    std::vector<std::string> out;
    if (!v.is_array()) return out;
    for (const auto& e : v.as_array()) out.push_back(e.is_object() ? str(e.as_object(), "id") : "<not an object>");
    return out;
  }

  // POST /pairings {userIds, groupIds} by the organization of `token`.
  HttpResponse post_pairing(const std::vector<std::string>& users, const std::vector<std::string>& groups,
                            std::string_view token) {
    return send_json("POST", path("/pairings"),
                     boost::json::object{{"userIds", strings(users)}, {"groupIds", strings(groups)}}, token);
  }
  // A pairing of B (or of the organization of `token`) naming `users`; its id.
  std::string pairing_of(const std::vector<std::string>& users, std::string_view token = {}) {
    return str(ok(post_pairing(users, {}, token.empty() ? std::string_view(b_token) : token)), "id");
  }

  // A TrustMemberCreate {id, roleIds}.
  static boost::json::object member(std::string_view id, const std::vector<std::string>& role_ids = {}) {
    return {{"id", id}, {"roleIds", strings(role_ids)}};
  }
  // A TrustCreate {pairingId, enabled: true, users, groups}.
  static boost::json::object trust_body(std::string_view pairing_id, boost::json::array users,
                                        boost::json::array groups = {}) {
    boost::json::object o{{"enabled", true}, {"users", std::move(users)}, {"groups", std::move(groups)}};
    if (!pairing_id.empty()) o["pairingId"] = pairing_id;
    return o;
  }
  HttpResponse post_trust(const boost::json::object& body, std::string_view token = {}) {
    return send_json("POST", path("/trustees"), body, token);
  }

  // The trust A→B with B's user `user_id` as a member holding `role_id` of A.
  boost::json::object trust_b(const std::string& user_id, const std::string& role_id) {
    return ok(post_trust(trust_body(pairing_of({user_id}), boost::json::array{member(user_id, {role_id})})));
  }

  // The trust A→`other` (made by `other`'s token) with one fresh user of it as member, no roles.
  boost::json::object trust_to(const OrgInfo& other, std::string_view email) {
    const std::string token = server().token(other.admin);
    const std::string u = user_in(token, "Member " + other.name, email);
    return ok(post_trust(trust_body(pairing_of({u}, token), boost::json::array{member(u)})));
  }

  // A 400 ErrorBody (invalid.value or bad.request) naming `field` ("" = any).
  static ::testing::AssertionResult is_bad_request(const HttpResponse& res, std::string_view field = {}) {
    auto body = is_error_body(res, 400, "invalid.value");
    if (!body) body = is_error_body(res, 400, "bad.request");
    if (!body) return body;
    if (!field.empty() && first_field_name(res) != field)
      return ::testing::AssertionFailure()
             << "400 names field '" << first_field_name(res) << "', not '" << field << "': " << res.describe();
    return ::testing::AssertionSuccess();
  }

  // Milliseconds of an ISO-8601 member `key` of `o` (nullopt: absent or unparsable).
  static std::optional<Millis> date_of(const boost::json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    if (!v || !v->is_string()) return std::nullopt;
    return parse_iso8601(std::string(v->as_string()));
  }
};

}  // namespace rp::test
