// The Workiva dialect over HTTP: role assignment and revocation answered 202
// with an operation polled until it is completed or failed, all-or-nothing
// failures, scope and X-Version checks, the Workiva error body, and the
// operations surviving kill -9 of the server exactly once.
#include <algorithm>
#include <chrono>
#include <iostream>
#include <map>
#include <set>
#include <thread>

#include "api/api_test.h"
#include "api/db_query.h"
#include "api/workiva/workiva_api.h"
#include "core/strings.h"

namespace rp::test {
namespace {

namespace json = boost::json;

class WorkivaTest : public ApiTest {
 protected:
  std::string org() { return server().org().organization_id; }
  std::string roles_path(const std::string& user, std::string_view what) {
    return workiva_roles_path(org(), user, what);
  }
  json::object await(const std::string& path, const std::string& token) { return await_operation(http(), path, token); }
  // The names of the user's roles as Genesys answers them.
  std::set<std::string> genesys_roles(const std::string& user, const std::string& token) {
    auto res = http().get("/api/v2/users/" + user + "/roles", token);
    EXPECT_TRUE(has_status(res, 200));
    std::set<std::string> out;
    auto body = parse_object(res.body);
    if (body.contains("roles"))
      for (const auto& r : body.at("roles").as_array()) out.insert(str(r.as_object(), "name"));
    return out;
  }
};

TEST_F(WorkivaTest, AssignmentIsAcceptedThenCompletedAndShowsInGenesys) {
  auto user = str(create_user("Wanda Works", "wanda@example.com"), "id");
  auto res = http().post_json(roles_path(user, "assignment"), R"(["6","2"])", admin());
  ASSERT_TRUE(has_status(res, 202));
  EXPECT_EQ(res.header("Retry-After"), "1");
  EXPECT_EQ(res.header("Deprecation"), "@1770854400");
  EXPECT_EQ(res.header("Sunset"), "Sun, 31 Jan 2027 00:00:00 GMT");
  EXPECT_EQ(res.header("Link"),
            "</organizations/" + org() + "/users/" + user + "/roles/assignment>; rel=\"successor-version\"");
  auto path = operation_path(res);
  ASSERT_FALSE(path.empty()) << res.header("Location");
  auto op = await(path, admin());
  EXPECT_EQ(str(op, "status"), "completed");
  EXPECT_EQ(path, "/prototype/platform/operations/" + str(op, "id"));
  EXPECT_TRUE(op.at("details").is_null());
  EXPECT_NE(str(op, "resourceUrl").find("/users/" + user + "/roles"), std::string::npos);
  EXPECT_FALSE(str(op.at("created").as_object(), "dateTime").empty());
  auto roles = genesys_roles(user, admin());
  EXPECT_TRUE(roles.contains("ORG_READ_ONLY") && roles.contains("ORG_MEMBER"));

  auto revoked = http().post_json(roles_path(user, "revocation"), R"(["6"])", admin());
  ASSERT_TRUE(has_status(revoked, 202));
  EXPECT_EQ(str(await(operation_path(revoked), admin()), "status"), "completed");
  roles = genesys_roles(user, admin());
  EXPECT_FALSE(roles.contains("ORG_READ_ONLY"));
  EXPECT_TRUE(roles.contains("ORG_MEMBER"));
}

TEST_F(WorkivaTest, OneUnknownRoleFailsTheWholeAssignment) {
  auto user = str(create_user("Fay Fails", "fay@example.com"), "id");
  auto res = http().post_json(roles_path(user, "assignment"), R"(["2","99"])", admin());
  ASSERT_TRUE(has_status(res, 202));
  auto op = await(operation_path(res), admin());
  EXPECT_EQ(str(op, "status"), "failed");
  ASSERT_TRUE(op.at("details").is_array());
  const auto& d = op.at("details").as_array().at(0).as_object();
  EXPECT_EQ(str(d, "target"), "99");
  EXPECT_FALSE(str(d, "message").empty());
  EXPECT_FALSE(genesys_roles(user, admin()).contains("ORG_MEMBER"));
}

TEST_F(WorkivaTest, RevokingTheLastOwnerFails) {
  auto user = str(create_user("Olga Owner", "olga@example.com"), "id");
  auto res = http().post_json(roles_path(user, "assignment"), R"(["1"])", admin());
  ASSERT_EQ(str(await(operation_path(res), admin()), "status"), "completed");
  auto revoked = http().post_json(roles_path(user, "revocation"), R"(["1","2"])", admin());
  auto op = await(operation_path(revoked), admin());
  EXPECT_EQ(str(op, "status"), "failed");
  EXPECT_TRUE(genesys_roles(user, admin()).contains("ORG_OWNER"));
}

TEST_F(WorkivaTest, ScopeAndCredentialsAreChecked) {
  auto user = str(create_user("Sid Scope", "sid@example.com"), "id");
  auto employee = server().token(server().create_client(org(), "plain", {"employee"}));
  auto denied = http().post_json(roles_path(user, "assignment"), R"(["2"])", employee);
  ASSERT_TRUE(has_status(denied, 403));
  auto body = parse_object(denied.body);
  EXPECT_EQ(str(body, "code"), "403Forbidden");
  EXPECT_FALSE(str(body, "message").empty());
  auto anonymous = http().post_json(roles_path(user, "assignment"), R"(["2"])");
  ASSERT_TRUE(has_status(anonymous, 401));
  EXPECT_EQ(str(parse_object(anonymous.body), "code"), "401Unauthorized");
  EXPECT_TRUE(has_status(http().get("/prototype/platform/operations/" + random_uuid(), employee), 404));
}

// An assignment gives roles, so the caller must hold their permissions (in
// the home division, where organization roles are granted); authorization:
// grant:add alone gives none. Revocation needs no such rule.
TEST_F(WorkivaTest, AssigningARoleNeedsItsPermissions) {
  auto role = http().post_json("/api/v2/authorization/roles",
                               R"({"name":"Granter","permissions":["authorization:grant:add"]})", admin());
  ASSERT_TRUE(has_status(role, 200));
  auto user = str(create_user("Gil Granted", "gil@example.com"), "id");
  const auto before = genesys_roles(user, admin());
  auto granter = server().token(server().create_client(org(), "granter", {"Granter"}));
  auto refused = http().post_json(roles_path(user, "assignment"), R"(["1"])", granter);
  ASSERT_TRUE(has_status(refused, 403));
  auto body = parse_object(refused.body);
  EXPECT_EQ(str(body, "code"), "403Forbidden");
  EXPECT_NE(str(body, "message").find("ORG_OWNER"), std::string::npos) << refused.body;
  EXPECT_TRUE(operation_path(refused).empty());
  EXPECT_TRUE(has_status(http().post_json(roles_path(user, "assignment"), R"(["2"])", granter), 403));

  // Holding ORG_READ_ONLY (every view permission), it may give ORG_MEMBER and
  // ORG_READ_ONLY but still not ORG_OWNER.
  auto viewer = server().token(server().create_client(org(), "granting-viewer", {"Granter", "ORG_READ_ONLY"}));
  EXPECT_TRUE(has_status(http().post_json(roles_path(user, "assignment"), R"(["1","2"])", viewer), 403));
  EXPECT_EQ(genesys_roles(user, admin()), before) << "a refused assignment changed the user's roles";
  auto allowed = http().post_json(roles_path(user, "assignment"), R"(["2","6"])", viewer);
  ASSERT_TRUE(has_status(allowed, 202));
  EXPECT_EQ(str(await(operation_path(allowed), admin()), "status"), "completed");
  auto roles = genesys_roles(user, admin());
  EXPECT_TRUE(roles.contains("ORG_MEMBER") && roles.contains("ORG_READ_ONLY"));
  auto revoked = http().post_json(roles_path(user, "revocation"), R"(["6"])", granter);
  ASSERT_TRUE(has_status(revoked, 202));
  EXPECT_EQ(str(await(operation_path(revoked), admin()), "status"), "completed");
  EXPECT_FALSE(genesys_roles(user, admin()).contains("ORG_READ_ONLY"));
}

TEST_F(WorkivaTest, RequestsAreValidated) {
  auto user = str(create_user("Vic Valid", "vic@example.com"), "id");
  auto bad = http().post_json(roles_path(user, "assignment"), R"({"roles":["2"]})", admin());
  ASSERT_TRUE(has_status(bad, 400));
  EXPECT_EQ(str(parse_object(bad.body), "code"), "400BadRequest");
  EXPECT_EQ(str(parse_object(bad.body), "target"), "body");
  EXPECT_TRUE(has_status(http().post_json(roles_path(user, "assignment"), "[]", admin()), 400));
  EXPECT_TRUE(has_status(http().post_json(roles_path(user, "assignment"), R"(["x"])", admin()), 400));
  auto unknown = http().post_json(roles_path(random_uuid(), "assignment"), R"(["2"])", admin());
  ASSERT_TRUE(has_status(unknown, 404));
  EXPECT_EQ(str(parse_object(unknown.body), "code"), "404NotFound");
  auto other_org = http().post_json(
      "/prototype/admin/organizations/" + random_uuid() + "/users/" + user + "/roles/assignment", R"(["2"])", admin());
  EXPECT_TRUE(has_status(other_org, 404));
  auto version = http().post_json(roles_path(user, "assignment"), R"(["2"])", admin(), {{"X-Version", "2031-01-01"}});
  ASSERT_TRUE(has_status(version, 400));
  EXPECT_EQ(str(parse_object(version.body), "target"), "X-Version");
  auto ok = http().post_json(roles_path(user, "assignment"), R"(["2"])", admin(), {{"X-Version", "2022-01-01"}});
  EXPECT_TRUE(has_status(ok, 202));
  EXPECT_EQ(ok.header("X-Version"), "2022-01-01");
}

// A storage failure is the server's fault: 500 with the Workiva error body,
// never a 404 that would tell the client the user does not exist.
TEST_F(WorkivaTest, AStorageFailureIsA500NotA404) {
  auto user = str(create_user("Stu Storage", "stu@example.com"), "id");
  ASSERT_EQ(execute(server().db_path(), "ALTER TABLE user_contacts RENAME TO user_contacts_away"), "");
  auto res = http().post_json(roles_path(user, "assignment"), R"(["2"])", admin());
  ASSERT_TRUE(has_status(res, 500));
  auto body = parse_object(res.body);
  EXPECT_EQ(str(body, "code"), "500InternalServerError");
  EXPECT_FALSE(str(body, "message").empty());
  EXPECT_TRUE(has_status(http().post_json(roles_path(user, "revocation"), R"(["2"])", admin()), 500));
  auto lookup = http().get("/prototype/admin/organizations/" + org() + "/users/" + user, admin());
  EXPECT_TRUE(has_status(lookup, 500));
  EXPECT_EQ(str(parse_object(lookup.body), "code"), "500InternalServerError");
  ASSERT_EQ(execute(server().db_path(), "ALTER TABLE user_contacts_away RENAME TO user_contacts"), "");
  EXPECT_TRUE(has_status(http().post_json(roles_path(user, "assignment"), R"(["2"])", admin()), 202));
  EXPECT_TRUE(has_status(http().post_json(roles_path(random_uuid(), "assignment"), R"(["2"])", admin()), 404));
}

// The scope check and the token endpoint do not turn a storage failure into
// a refusal: it is a 500 (Workiva body; OAuth server_error on the token).
TEST_F(WorkivaTest, StorageFailuresInTheScopeCheckAndTheTokenEndpointAre500) {
  ASSERT_EQ(execute(server().db_path(), "ALTER TABLE oauth_clients RENAME TO oauth_clients_away"), "");
  const auto& admin_client = server().org().admin;
  auto token = http().send("POST", "/iam/v1/oauth2/token", {{"Content-Type", "application/x-www-form-urlencoded"}},
                           "grant_type=client_credentials&client_id=" + admin_client.client_id +
                               "&client_secret=" + admin_client.client_secret);
  ASSERT_TRUE(has_status(token, 500));
  EXPECT_EQ(str(parse_object(token.body), "error"), "server_error");
  ASSERT_EQ(execute(server().db_path(), "ALTER TABLE oauth_clients_away RENAME TO oauth_clients"), "");

  // A restarted server compiles the organization's index on first use.
  server().kill9();
  ASSERT_EQ(execute(server().db_path(), "ALTER TABLE grants RENAME TO grants_away"), "");
  server().restart();
  reconnect();
  auto roles = http().get("/prototype/admin/organizations/" + org() + "/roles", admin());
  ASSERT_TRUE(has_status(roles, 500));
  EXPECT_EQ(str(parse_object(roles.body), "code"), "500InternalServerError");
  ASSERT_EQ(execute(server().db_path(), "ALTER TABLE grants_away RENAME TO grants"), "");
  EXPECT_TRUE(has_status(http().get("/prototype/admin/organizations/" + org() + "/roles", admin()), 200));
}

// Many assignments are accepted at once by concurrent senders (the worker runs
// them one transaction each, so a queue builds up); the database is watched
// until some are finished and some are not, and the server is killed then.
// After the restart every operation is finished exactly once and the roles
// are those of the successful assignments. Should the worker finish all of
// them before the state is seen, the kill lands after processing and the
// same checks still hold; the test logs which case happened.
TEST_F(WorkivaTest, OperationsFinishExactlyOnceAcrossKill9) {
  constexpr int kUsers = 8;
  constexpr int kOps = 400;
  constexpr int kSenders = 8;
  std::vector<std::string> users;
  for (int i = 0; i < kUsers; ++i)
    users.push_back(str(create_user("Kim " + std::to_string(i), "kim" + std::to_string(i) + "@example.com"), "id"));
  // Operation i gives user i % kUsers three of the roles 2..6; every 7th
  // also names role 99 and fails whole.
  auto roles_of = [](int i) {
    std::vector<std::string> out;
    for (int k = 0; k < 3; ++k) out.push_back(std::to_string(2 + (i + k) % 5));
    return out;
  };
  auto failing = [](int i) { return i % 7 == 3; };
  std::vector<std::string> paths;
  // Sends operations [first, first + kOps) from kSenders threads.
  auto send_batch = [&](int first) {
    paths.resize(static_cast<std::size_t>(first + kOps));
    std::vector<std::thread> senders;
    for (int t = 0; t < kSenders; ++t)
      senders.emplace_back([&, t] {
        HttpClient client("127.0.0.1", server().port());
        for (int i = first + t; i < first + kOps; i += kSenders) {
          json::array body;
          for (const auto& r : roles_of(i)) body.emplace_back(r);
          if (failing(i)) body.emplace_back("99");
          auto res = client.post_json(roles_path(users[i % kUsers], "assignment"), json::serialize(body), admin());
          EXPECT_EQ(res.status, 202) << res.body;
          paths[static_cast<std::size_t>(i)] = operation_path(res);
        }
      });
    for (auto& s : senders) s.join();
  };

  // The kill must land while the worker is part way through: some
  // operations finished, some not. Should the worker ever catch up with the
  // senders first, another batch is sent (at most three in all).
  const std::string count_sql =
      "SELECT count(*) FILTER (WHERE status IN ('completed', 'failed')), count(*) FROM workiva_operations";
  bool mid_processing = false;
  for (int batch = 0; batch < 3 && !mid_processing; ++batch) {
    send_batch(batch * kOps);
    for (int polls = 0; polls < 100000; ++polls) {
      auto rows = query(server().db_path(), count_sql);
      if (rows.size() != 1) break;
      int done = std::stoi(rows[0][0]), all = std::stoi(rows[0][1]);
      if (done == all) break;
      if (done > batch * kOps) {
        server().kill9();
        mid_processing = true;
        std::cout << "[ info ] killed mid-processing: " << done << " of " << all << " operations finished\n";
        break;
      }
    }
  }
  ASSERT_TRUE(mid_processing) << "the worker finished every batch before a kill could land mid-processing";
  server().restart();
  reconnect();
  const std::string token = server().admin_token();
  int failed = 0, expected_failed = 0;
  std::map<std::string, std::set<std::string>> expected;
  const int total = static_cast<int>(paths.size());
  for (int i = 0; i < total; ++i) {
    auto status = str(await(paths[static_cast<std::size_t>(i)], token), "status");
    failed += status == "failed";
    expected_failed += failing(i);
    EXPECT_EQ(status, failing(i) ? "failed" : "completed") << "operation " << i;
    if (!failing(i))
      for (const auto& r : roles_of(i)) expected[users[i % kUsers]].insert(r);
  }
  EXPECT_EQ(failed, expected_failed);
  auto rows = query(server().db_path(),
                    "SELECT o.id, count(a.id) FROM workiva_operations o LEFT JOIN audit_log a ON a.entity_id = o.id"
                    " AND a.action IN ('operation.complete', 'operation.fail') GROUP BY o.id");
  ASSERT_EQ(rows.size(), paths.size());
  for (const auto& r : rows) EXPECT_EQ(r[1], "1") << "operation " << r[0];
  const std::map<std::string, std::string> names{{"2", "ORG_MEMBER"},
                                                 {"3", "ORG_GROUP_CREATOR"},
                                                 {"4", "ORG_BILLING_ADMIN"},
                                                 {"5", "ORG_BILLING_READ_ONLY"},
                                                 {"6", "ORG_READ_ONLY"}};
  for (const auto& user : users) {
    std::set<std::string> want;
    for (const auto& id : expected[user]) want.insert(names.at(id));
    std::set<std::string> got;
    for (const auto& n : genesys_roles(user, token))
      if (n.starts_with("ORG_")) got.insert(n);
    EXPECT_EQ(got, want) << "user " << user;
  }
}

TEST_F(WorkivaTest, TokenEndpointIssuesBearerTokensWithTheScopesTheClientHolds) {
  auto post_token = [&](const ClientCredentials& c, const std::string& scope) {
    std::string body = "grant_type=client_credentials&client_id=" + c.client_id + "&client_secret=" + c.client_secret;
    if (!scope.empty()) body += "&scope=" + scope;
    return http().send("POST", "/iam/v1/oauth2/token", {{"Content-Type", "application/x-www-form-urlencoded"}}, body);
  };
  auto res = post_token(server().org().admin, "organization%3Awrite");
  ASSERT_TRUE(has_status(res, 200));
  auto body = parse_object(res.body);
  EXPECT_EQ(str(body, "scope"), "organization:write");
  EXPECT_EQ(str(body, "token_type"), "Bearer");
  EXPECT_GT(num(body, "expires_in"), 0);
  auto user = str(create_user("Tom Token", "tom@example.com"), "id");
  EXPECT_TRUE(has_status(http().post_json(roles_path(user, "assignment"), R"(["2"])", str(body, "access_token")), 202));

  auto plain = server().create_client(org(), "plain", {"employee"});
  auto limited = post_token(plain, "");
  ASSERT_TRUE(has_status(limited, 200));
  auto limited_body = parse_object(limited.body);
  EXPECT_EQ(str(limited_body, "scope").find("organization:write"), std::string::npos);
  EXPECT_TRUE(
      has_status(http().post_json(roles_path(user, "assignment"), R"(["2"])", str(limited_body, "access_token")), 403));

  auto unknown_scope = post_token(server().org().admin, "file%3Aread");
  ASSERT_TRUE(has_status(unknown_scope, 400));
  EXPECT_EQ(str(parse_object(unknown_scope.body), "error"), "invalid_scope");
  auto wrong = post_token({server().org().admin.client_id, "wrong-secret"}, "");
  ASSERT_TRUE(has_status(wrong, 401));
  EXPECT_EQ(str(parse_object(wrong.body), "error"), "invalid_client");
}

// The 2026-01-01 token path answers exactly as /iam/v1/oauth2/token.
TEST_F(WorkivaTest, TheOauth2TokenPathIsTheSameEndpoint) {
  const auto& c = server().org().admin;
  const HeaderList form = {{"Content-Type", "application/x-www-form-urlencoded"}};
  auto res = http().send("POST", "/oauth2/token", form,
                         "grant_type=client_credentials&scope=organization%3Aread&client_id=" + c.client_id +
                             "&client_secret=" + c.client_secret);
  ASSERT_TRUE(has_status(res, 200));
  auto body = parse_object(res.body);
  EXPECT_EQ(str(body, "scope"), "organization:read");
  EXPECT_EQ(str(body, "token_type"), "Bearer");
  const std::string read_only = str(body, "access_token");
  EXPECT_TRUE(has_status(http().get("/prototype/admin/organizations/" + org() + "/roles", read_only), 200));
  // The token is limited to the scope it was asked for, though the client could write.
  auto user = str(create_user("Rhea Read", "rhea@example.com"), "id");
  auto write = http().post_json(roles_path(user, "assignment"), R"(["2"])", read_only);
  ASSERT_TRUE(has_status(write, 403));
  EXPECT_EQ(str(parse_object(write.body), "target"), "scope");
  // Across a restart too: the scope is stored with the token.
  server().restart();
  reconnect();
  EXPECT_TRUE(has_status(http().post_json(roles_path(user, "revocation"), R"(["2"])", read_only), 403));
  EXPECT_TRUE(has_status(http().get("/prototype/admin/organizations/" + org() + "/roles", read_only), 200));
  auto wrong = http().send("POST", "/oauth2/token", form,
                           "grant_type=client_credentials&client_id=" + c.client_id + "&client_secret=wrong");
  ASSERT_TRUE(has_status(wrong, 401));
  EXPECT_EQ(str(parse_object(wrong.body), "error"), "invalid_client");
  auto grant = http().send("POST", "/oauth2/token", form, "grant_type=password");
  ASSERT_TRUE(has_status(grant, 400));
  EXPECT_EQ(str(parse_object(grant.body), "error"), "unsupported_grant_type");
}

TEST_F(WorkivaTest, OrganizationRolesUsersAndUserRolesAreListed) {
  const std::string base = "/prototype/admin/organizations/" + org();
  auto roles = http().get(base + "/roles", admin());
  ASSERT_TRUE(has_status(roles, 200));
  auto roles_body = parse_object(roles.body);
  const auto& data = roles_body.at("data").as_array();
  ASSERT_EQ(data.size(), 6u);
  EXPECT_EQ(str(data.at(1).as_object(), "id"), "2");
  EXPECT_EQ(str(data.at(1).as_object(), "name"), "ORG_MEMBER");

  auto user = str(create_user("Lia List", "lia@example.com"), "id");
  create_user("Mo More", "mo@example.com");
  auto assigned = http().post_json(roles_path(user, "assignment"), R"(["3"])", admin());
  ASSERT_EQ(str(await(operation_path(assigned), admin()), "status"), "completed");
  auto mine = http().get(base + "/users/" + user + "/roles", admin());
  ASSERT_TRUE(has_status(mine, 200));
  auto mine_body = parse_object(mine.body);
  const auto& held = mine_body.at("data").as_array();
  ASSERT_EQ(held.size(), 1u);
  EXPECT_EQ(str(held.at(0).as_object(), "id"), "3");
  EXPECT_TRUE(has_status(http().get(base + "/users/" + random_uuid() + "/roles", admin()), 404));

  auto one = http().get(base + "/users/" + user, admin());
  ASSERT_TRUE(has_status(one, 200));
  EXPECT_EQ(str(parse_object(one.body), "email"), "lia@example.com");
  EXPECT_EQ(str(parse_object(one.body), "status"), "active");

  std::set<std::string> seen;
  std::string next = base + "/users?$maxpagesize=1";
  int pages = 0;
  while (!next.empty() && pages < 20) {
    auto page = http().get(next, admin());
    ASSERT_TRUE(has_status(page, 200));
    auto body = parse_object(page.body);
    ASSERT_LE(body.at("data").as_array().size(), 1u);
    for (const auto& u : body.at("data").as_array()) seen.insert(str(u.as_object(), "id"));
    next = body.contains("@nextLink") ? str(body, "@nextLink") : "";
    if (auto at = next.find("/prototype/"); at != std::string::npos) next = next.substr(at);
    ++pages;
  }
  EXPECT_TRUE(seen.contains(user));
  EXPECT_EQ(seen.size(), static_cast<std::size_t>(pages));
  EXPECT_TRUE(has_status(http().get(base + "/users?$maxpagesize=1001", admin()), 400));
  auto employee = server().token(server().create_client(org(), "plain", {"employee"}));
  EXPECT_TRUE(has_status(http().get(base + "/roles", employee), 403));
}

// $filter: email, username and status with eq, joined with and; the filter
// is kept in @nextLink; anything else is 400 naming $filter.
TEST_F(WorkivaTest, UsersAreFilteredByEmailUsernameAndStatus) {
  const std::string users = "/prototype/admin/organizations/" + org() + "/users";
  auto fay = str(create_user("Fay Filter", "fay.filter@example.com"), "id");
  auto gus = str(create_user("Gus Filter", "gus@example.com", {{"state", "inactive"}}), "id");
  auto hal = str(create_user("Hal Filter", "hal@example.com"), "id");
  auto ids = [&](const std::string& filter, const std::string& extra = "") {
    auto res = http().get(users + "?$filter=" + percent_encode(filter) + extra, admin());
    EXPECT_TRUE(has_status(res, 200)) << filter;
    std::set<std::string> out;
    if (res.status != 200) return out;
    auto body = parse_object(res.body);
    for (const auto& u : body.at("data").as_array()) out.insert(str(u.as_object(), "id"));
    return out;
  };
  EXPECT_EQ(ids("email eq 'fay.filter@example.com'"), std::set<std::string>{fay});
  EXPECT_EQ(ids("email eq 'FAY.FILTER@example.com'"), std::set<std::string>{fay});
  EXPECT_EQ(ids("email eq 'nobody@example.com'"), std::set<std::string>{});
  EXPECT_EQ(ids("username eq 'hal@example.com'"), std::set<std::string>{hal});
  auto suspended = ids("status eq 'suspended'");
  EXPECT_TRUE(suspended.contains(gus));
  EXPECT_FALSE(suspended.contains(fay) || suspended.contains(hal));
  auto active = ids("status eq 'active'");
  EXPECT_TRUE(active.contains(fay) && active.contains(hal));
  EXPECT_FALSE(active.contains(gus));
  EXPECT_EQ(ids("status eq 'active' and email eq 'hal@example.com'"), std::set<std::string>{hal});
  EXPECT_EQ(ids("status eq 'suspended' and email eq 'hal@example.com'"), std::set<std::string>{});
  EXPECT_EQ(ids("email eq 'it''s@example.com'"), std::set<std::string>{});

  // The filter goes on in @nextLink.
  auto first = http().get(users + "?$maxpagesize=1&$filter=" + percent_encode("status eq 'active'"), admin());
  ASSERT_TRUE(has_status(first, 200));
  auto first_body = parse_object(first.body);
  std::string next = str(first_body, "@nextLink");
  ASSERT_NE(next.find("$filter="), std::string::npos) << next;
  std::set<std::string> paged;
  for (int pages = 0; !next.empty() && pages < 20; ++pages) {
    auto page = http().get(next.substr(next.find("/prototype/")), admin());
    ASSERT_TRUE(has_status(page, 200));
    auto body = parse_object(page.body);
    for (const auto& u : body.at("data").as_array()) paged.insert(str(u.as_object(), "id"));
    next = body.contains("@nextLink") ? str(body, "@nextLink") : "";
  }
  EXPECT_FALSE(paged.contains(gus));

  for (std::string bad :
       {"", "email eq fay@example.com", "email ne 'x'", "name eq 'Fay Filter'", "status eq 'deleted'",
        "email eq 'a' or username eq 'b'", "email eq 'a' and", "email eq 'unterminated",
        "email eq 'a' and email eq 'b'", "contains(email, 'fay')", "Email eq 'a'", "email eq 'a' extra"}) {
    auto res = http().get(users + "?$filter=" + percent_encode(bad), admin());
    ASSERT_TRUE(has_status(res, 400)) << bad;
    auto body = parse_object(res.body);
    EXPECT_EQ(str(body, "code"), "400BadRequest") << bad;
    EXPECT_EQ(str(body, "target"), "$filter") << bad;
    EXPECT_FALSE(str(body, "message").empty()) << bad;
  }
}

// An operation accepted just before a crash (its row written, the server
// killed before the worker ran it) is finished by the start-up scan.
TEST_F(WorkivaTest, StartUpFinishesOperationsAcceptedBeforeACrash) {
  auto user = str(create_user("Cora Crash", "cora@example.com"), "id");
  server().kill9();
  EXPECT_EQ(execute(server().db_path(),
                    "INSERT INTO workiva_operations(org_id, id, kind, user_id, roles, status, created, updated,"
                    " created_by, request_id) VALUES ('" +
                        org() + "', 'op-before-crash', 'roles.assignment', '" + user +
                        "', '[\"4\"]', 'queued', 1, 1, 'someone', 'request')"),
            "");
  server().restart();
  reconnect();
  const std::string token = server().admin_token();
  EXPECT_EQ(str(await("/prototype/platform/operations/op-before-crash", token), "status"), "completed");
  EXPECT_TRUE(genesys_roles(user, token).contains("ORG_BILLING_ADMIN"));
}

}  // namespace
}  // namespace rp::test
