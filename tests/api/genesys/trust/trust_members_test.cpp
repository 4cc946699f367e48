// OrganizationAuthorizationApi over HTTP: the users and groups of a trust,
// added by the trustor with roles (/trustees/{id}/users|groups) or asked for
// by the trustee without (/trustors/{id}/users|groups), their roles as
// UserAuthorization, the 25-member limit, and roles held through a trust.

#include <algorithm>

#include "api/genesys/trust/trust_api.h"

namespace rp::test {
namespace {

namespace json = boost::json;

class TrustMembersApiTest : public TrustApiTest {
 protected:
  void SetUp() override {
    TrustApiTest::SetUp();
    una = user_in(b_token, "Una Beta", "una@beta.example");
    agent = role_in(admin(), "Trust Agent", {"directory:user:view"});
    trust_b(una, agent);
  }
  std::string una;    // B's user, the trust's first member
  std::string agent;  // A's role it holds

  // Checks the TrustUser shape: B's user record plus trustUserDetails.dateCreated.
  static ::testing::AssertionResult is_trust_user(const json::object& u, std::string_view id, std::string_view name,
                                                  std::string_view email) {
    if (str(u, "id") != id) return ::testing::AssertionFailure() << "id is not " << id << ": " << json::serialize(u);
    auto user = is_user(u, name, email);
    if (!user) return user;
    const auto* d = u.if_contains("trustUserDetails");
    if (!d || !d->is_object() || !date_of(d->as_object(), "dateCreated"))
      return ::testing::AssertionFailure() << "no trustUserDetails.dateCreated: " << json::serialize(u);
    return ::testing::AssertionSuccess();
  }
  // Checks the TrustGroup shape: B's group plus dateCreated and memberCount.
  static ::testing::AssertionResult is_trust_group(const json::object& g, std::string_view id, std::string_view name,
                                                   std::int64_t members) {
    if (str(g, "id") != id || str(g, "name") != name)
      return ::testing::AssertionFailure() << "not group " << id << " " << name << ": " << json::serialize(g);
    if (!date_of(g, "dateCreated")) return ::testing::AssertionFailure() << "no dateCreated: " << json::serialize(g);
    if (num(g, "memberCount") != members)
      return ::testing::AssertionFailure() << "memberCount is not " << members << ": " << json::serialize(g);
    return ::testing::AssertionSuccess();
  }
  // The role ids of a UserAuthorization's roles (each with a name).
  static std::vector<std::string> role_ids(const json::object& auth) {
    std::vector<std::string> out;
    for (const auto& r : auth.at("roles").as_array()) {
      EXPECT_FALSE(str(r.as_object(), "name").empty()) << json::serialize(r);
      out.push_back(str(r.as_object(), "id"));
    }
    std::sort(out.begin(), out.end());
    return out;
  }
  static ::testing::AssertionResult is_user_authorization(const json::object& auth) {
    for (const char* k : {"roles", "unusedRoles", "permissions", "permissionPolicies"})
      if (!auth.contains(k) || !auth.at(k).is_array())
        return ::testing::AssertionFailure() << k << " is not an array: " << json::serialize(auth);
    auto perms = strings_of(auth.at("permissions"));
    if (!std::is_sorted(perms.begin(), perms.end()))
      return ::testing::AssertionFailure() << "permissions are not sorted: " << json::serialize(auth);
    if (!auth.at("unusedRoles").as_array().empty())
      return ::testing::AssertionFailure() << "unusedRoles is not empty: " << json::serialize(auth);
    return ::testing::AssertionSuccess();
  }
  static std::vector<std::string> sorted(std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    return v;
  }
  // B's group with `members` of B's users.
  std::string group_with(std::string_view name, const std::vector<std::string>& members) {
    const std::string id = group_in(b_token, name);
    if (!members.empty()) {
      EXPECT_TRUE(has_status(send_json("POST", "/api/v2/groups/" + id + "/members",
                                       json::object{{"memberIds", strings(members)}}, b_token),
                             200));
    }
    return id;
  }
};

TEST_F(TrustMembersApiTest, TheTrustorAddsAndReadsUsers) {
  const std::string abe = user_in(b_token, "Abe Beta", "abe@beta.example");
  const std::string outsider = user_in(b_token, "Oz Beta", "oz@beta.example");
  const std::string acme_user = user_in(admin(), "Ann Acme", "ann@acme.example");

  auto listing = ok(get(trustee_path("/users")));
  EXPECT_EQ(ids_of(listing), std::vector<std::string>{una});
  EXPECT_EQ(num(listing, "total"), 1);
  EXPECT_EQ(str(listing, "selfUri"), trustee_path("/users?pageSize=25&pageNumber=1"));
  EXPECT_TRUE(is_trust_user(listing.at("entities").as_array().at(0).as_object(), una, "Una Beta", "una@beta.example"));

  auto added = ok(send_json("POST", trustee_path("/users"), member(abe, {agent})));
  EXPECT_TRUE(is_trust_user(added, abe, "Abe Beta", "abe@beta.example"));
  EXPECT_TRUE(is_trust_user(ok(get(trustee_path("/users/" + abe))), abe, "Abe Beta", "abe@beta.example"));
  // By name: Abe before Una.
  EXPECT_EQ(ids_of(ok(get(trustee_path("/users")))), (std::vector<std::string>{abe, una}));
  EXPECT_EQ(ids_of(ok(get(trustee_path("/users?pageSize=1&pageNumber=2")))), std::vector<std::string>{una});

  // Not members: an existing user of B, an unknown id, the trustor's user.
  EXPECT_TRUE(is_error_body(get(trustee_path("/users/" + outsider)), 404, "not.found"));
  EXPECT_TRUE(is_error_body(get(trustee_path("/users/" + random_uuid())), 404, "not.found"));
  EXPECT_TRUE(is_error_body(get(trustee_path("/users/" + acme_user)), 404, "not.found"));
  EXPECT_TRUE(is_error_body(get(path("/trustees/" + random_uuid() + "/users")), 404, "not.found"));
  EXPECT_TRUE(is_error_body(get(path("/trustees/" + random_uuid() + "/users/" + una)), 404, "not.found"));

  EXPECT_TRUE(is_error_body(send_json("POST", trustee_path("/users"), member(abe, {agent})), 409, "general.conflict"));
  EXPECT_TRUE(is_bad_request(send_json("POST", trustee_path("/users"), json::object{}), "id"));
  EXPECT_TRUE(is_bad_request(send_json("POST", trustee_path("/users"), member(acme_user)), "id"));
  EXPECT_TRUE(is_bad_request(send_json("POST", trustee_path("/users"), member(random_uuid())), "id"));
  const std::string b_role = role_in(b_token, "Beta Role", {"directory:user:view"});
  EXPECT_TRUE(is_bad_request(send_json("POST", trustee_path("/users"), member(outsider, {b_role})), "roleIds[0]"));
  json::object bad_division{
      {"id", outsider},
      {"roleDivisions",
       json::object{{"grants", json::array{json::object{{"roleId", agent}, {"divisionId", random_uuid()}}}}}}};
  EXPECT_TRUE(
      is_bad_request(send_json("POST", trustee_path("/users"), bad_division), "roleDivisions.grants[0].divisionId"));
  EXPECT_TRUE(is_error_body(send_json("POST", path("/trustees/" + random_uuid() + "/users"), member(outsider)), 404,
                            "not.found"));
  // The refusals admitted no one.
  EXPECT_TRUE(is_error_body(get(trustee_path("/users/" + outsider)), 404, "not.found"));

  // A member without roles.
  auto bare = ok(send_json("POST", trustee_path("/users"), json::object{{"id", outsider}}));
  EXPECT_TRUE(is_trust_user(bare, outsider, "Oz Beta", "oz@beta.example"));
  auto roles = ok(get(trustee_path("/users/" + outsider + "/roles")));
  EXPECT_TRUE(roles.at("roles").as_array().empty()) << json::serialize(roles);
}

TEST_F(TrustMembersApiTest, TheTrustorAddsAndReadsGroups) {
  const std::string abe = user_in(b_token, "Abe Beta", "abe@beta.example");
  const std::string ops = group_with("Beta Ops", {una, abe});
  const std::string dev = group_with("Beta Dev", {});
  const std::string acme_group = group_in(admin(), "Acme Ops");

  EXPECT_TRUE(ids_of(ok(get(trustee_path("/groups")))).empty());
  auto added = ok(send_json("POST", trustee_path("/groups"), member(ops, {agent})));
  EXPECT_TRUE(is_trust_group(added, ops, "Beta Ops", 2));
  EXPECT_TRUE(is_trust_group(ok(get(trustee_path("/groups/" + ops))), ops, "Beta Ops", 2));
  EXPECT_TRUE(is_trust_group(ok(send_json("POST", trustee_path("/groups"), member(dev))), dev, "Beta Dev", 0));
  auto listing = ok(get(trustee_path("/groups")));
  EXPECT_EQ(ids_of(listing), (std::vector<std::string>{dev, ops}));
  EXPECT_EQ(str(listing, "selfUri"), trustee_path("/groups?pageSize=25&pageNumber=1"));

  EXPECT_TRUE(is_error_body(send_json("POST", trustee_path("/groups"), member(ops)), 409, "general.conflict"));
  EXPECT_TRUE(is_bad_request(send_json("POST", trustee_path("/groups"), member(acme_group)), "id"));
  EXPECT_TRUE(is_bad_request(send_json("POST", trustee_path("/groups"), member(una)), "id"));
  const std::string other = group_in(b_token, "Beta Other");
  EXPECT_TRUE(is_error_body(get(trustee_path("/groups/" + other)), 404, "not.found"));
  EXPECT_TRUE(is_error_body(get(trustee_path("/groups/" + random_uuid())), 404, "not.found"));
  // A user member is no group member.
  EXPECT_TRUE(is_error_body(get(trustee_path("/groups/" + una)), 404, "not.found"));

  auto del = send("DELETE", trustee_path("/groups/" + dev));
  EXPECT_TRUE(has_status(del, 204));
  EXPECT_TRUE(is_error_body(get(trustee_path("/groups/" + dev)), 404, "not.found"));
  EXPECT_TRUE(is_error_body(send("DELETE", trustee_path("/groups/" + dev)), 404, "not.found"));
  EXPECT_EQ(ids_of(ok(get(trustee_path("/groups")))), std::vector<std::string>{ops});
}

TEST_F(TrustMembersApiTest, UserRolesAreReplacedByRolesOrRoleDivisionsAndEmptied) {
  const std::string editor = role_in(admin(), "Trust Editor", {"directory:group:add", "authorization:role:view"});
  const std::string home = home_division();
  const std::string roles_path = trustee_path("/users/" + una + "/roles");

  auto got = ok(get(roles_path));
  EXPECT_TRUE(is_user_authorization(got));
  EXPECT_EQ(role_ids(got), std::vector<std::string>{agent});
  EXPECT_EQ(str(got.at("roles").as_array().at(0).as_object(), "name"), "Trust Agent");
  EXPECT_EQ(strings_of(got.at("permissions")), std::vector<std::string>{"directory:user:view"});
  EXPECT_FALSE(got.at("permissionPolicies").as_array().empty());

  auto both = ok(send_json("PUT", roles_path, strings({agent, editor, agent})));
  EXPECT_TRUE(is_user_authorization(both));
  EXPECT_EQ(role_ids(both), sorted({agent, editor}));
  EXPECT_EQ(strings_of(both.at("permissions")),
            (std::vector<std::string>{"authorization:role:view", "directory:group:add", "directory:user:view"}));
  EXPECT_EQ(ok(get(roles_path)), both);

  auto divided =
      ok(send_json("PUT", trustee_path("/users/" + una + "/roledivisions"),
                   json::object{{"grants", json::array{json::object{{"roleId", editor}, {"divisionId", home}},
                                                       json::object{{"roleId", editor}, {"divisionId", home}}}}}));
  EXPECT_TRUE(is_user_authorization(divided));
  EXPECT_EQ(role_ids(divided), std::vector<std::string>{editor});
  EXPECT_EQ(strings_of(divided.at("permissions")),
            (std::vector<std::string>{"authorization:role:view", "directory:group:add"}));
  EXPECT_EQ(role_ids(ok(get(roles_path))), std::vector<std::string>{editor});

  // Refused: another organization's role, an unknown division, a body that is no array of ids.
  const std::string b_role = role_in(b_token, "Beta Role", {"directory:user:view"});
  auto foreign = send_json("PUT", roles_path, strings({b_role}));
  EXPECT_TRUE(is_bad_request(foreign));
  EXPECT_EQ(first_field_name(foreign).rfind("roleIds[0]", 0), 0u) << foreign.describe();
  EXPECT_TRUE(is_bad_request(
      send_json("PUT", trustee_path("/users/" + una + "/roledivisions"),
                json::object{{"grants", json::array{json::object{{"roleId", agent}, {"divisionId", random_uuid()}}}}}),
      "grants[0].divisionId"));
  EXPECT_TRUE(is_bad_request(send_json("PUT", roles_path, json::object{{"roleIds", strings({agent})}})));
  EXPECT_EQ(role_ids(ok(get(roles_path))), std::vector<std::string>{editor});

  // DELETE empties the grants; the member stays.
  auto del = send("DELETE", roles_path);
  EXPECT_TRUE(has_status(del, 204));
  EXPECT_TRUE(del.body.empty()) << del.body;
  auto empty = ok(get(roles_path));
  EXPECT_TRUE(empty.at("roles").as_array().empty()) << json::serialize(empty);
  EXPECT_TRUE(empty.at("permissions").as_array().empty()) << json::serialize(empty);
  EXPECT_TRUE(has_status(get(trustee_path("/users/" + una)), 200));
  // An empty array does the same.
  ok(send_json("PUT", roles_path, strings({agent})));
  auto cleared = ok(send_json("PUT", roles_path, json::array{}));
  EXPECT_TRUE(cleared.at("roles").as_array().empty()) << json::serialize(cleared);

  // Not a member: 404 on each roles route.
  const std::string outsider = user_in(b_token, "Oz Beta", "oz@beta.example");
  const std::string other = trustee_path("/users/" + outsider);
  EXPECT_TRUE(is_error_body(get(other + "/roles"), 404, "not.found"));
  EXPECT_TRUE(is_error_body(send_json("PUT", other + "/roles", strings({agent})), 404, "not.found"));
  EXPECT_TRUE(is_error_body(send("DELETE", other + "/roles"), 404, "not.found"));

  // DELETE the member.
  EXPECT_TRUE(has_status(send("DELETE", trustee_path("/users/" + una)), 204));
  EXPECT_TRUE(is_error_body(get(trustee_path("/users/" + una)), 404, "not.found"));
  EXPECT_TRUE(is_error_body(get(roles_path), 404, "not.found"));
  EXPECT_TRUE(is_error_body(send("DELETE", trustee_path("/users/" + una)), 404, "not.found"));
  EXPECT_TRUE(ids_of(ok(get(trustee_path("/users")))).empty());
  // The trust itself stays.
  EXPECT_TRUE(has_status(get(trustee_path()), 200));
}

TEST_F(TrustMembersApiTest, GroupRolesAreReplacedAndEmptied) {
  const std::string ops = group_with("Beta Ops", {una});
  ok(send_json("POST", trustee_path("/groups"), member(ops, {agent})));
  const std::string roles_path = trustee_path("/groups/" + ops + "/roles");
  const std::string home = home_division();
  const std::string editor = role_in(admin(), "Trust Editor", {"authorization:role:view"});

  EXPECT_EQ(role_ids(ok(get(roles_path))), std::vector<std::string>{agent});
  auto replaced = ok(send_json("PUT", roles_path, strings({editor})));
  EXPECT_TRUE(is_user_authorization(replaced));
  EXPECT_EQ(role_ids(replaced), std::vector<std::string>{editor});
  EXPECT_EQ(strings_of(replaced.at("permissions")), std::vector<std::string>{"authorization:role:view"});
  auto divided =
      ok(send_json("PUT", trustee_path("/groups/" + ops + "/roledivisions"),
                   json::object{{"grants", json::array{json::object{{"roleId", agent}, {"divisionId", home}},
                                                       json::object{{"roleId", editor}, {"divisionId", "*"}}}}}));
  EXPECT_EQ(role_ids(divided), sorted({agent, editor}));
  EXPECT_EQ(strings_of(divided.at("permissions")),
            (std::vector<std::string>{"authorization:role:view", "directory:user:view"}));
  EXPECT_EQ(ok(get(roles_path)), divided);

  EXPECT_TRUE(has_status(send("DELETE", roles_path), 204));
  EXPECT_TRUE(ok(get(roles_path)).at("roles").as_array().empty());
  EXPECT_TRUE(has_status(get(trustee_path("/groups/" + ops)), 200));
  EXPECT_TRUE(is_error_body(get(trustee_path("/groups/" + random_uuid() + "/roles")), 404, "not.found"));

  EXPECT_TRUE(has_status(send("DELETE", trustee_path("/groups/" + ops)), 204));
  EXPECT_TRUE(is_error_body(get(roles_path), 404, "not.found"));
}

TEST_F(TrustMembersApiTest, TheTrusteeAsksForItsUsersWithoutRoles) {
  const std::string abe = user_in(b_token, "Abe Beta", "abe@beta.example");
  const std::string acme_user = user_in(admin(), "Ann Acme", "ann@acme.example");
  const std::string target = trustor_path("/users/" + abe);

  // The SDK's body-less PUT: a JSON content type with nothing after it.
  auto res =
      http().send("PUT", target, {{"Authorization", "Bearer " + b_token}, {"Content-Type", "application/json"}}, "");
  ASSERT_TRUE(has_status(res, 200));
  EXPECT_TRUE(is_trust_user(parse_object(res.body), abe, "Abe Beta", "abe@beta.example"));
  // A sees a member without roles.
  EXPECT_TRUE(is_trust_user(ok(get(trustee_path("/users/" + abe))), abe, "Abe Beta", "abe@beta.example"));
  EXPECT_TRUE(ok(get(trustee_path("/users/" + abe + "/roles"))).at("roles").as_array().empty());

  EXPECT_TRUE(is_error_body(send("PUT", target, b_token), 409, "general.conflict"));
  EXPECT_TRUE(is_error_body(send("PUT", trustor_path("/users/" + una), b_token), 409, "general.conflict"));
  EXPECT_TRUE(is_error_body(send("PUT", trustor_path("/users/" + acme_user), b_token), 404, "not.found"));
  EXPECT_TRUE(is_error_body(send("PUT", trustor_path("/users/" + random_uuid()), b_token), 404, "not.found"));
  const auto c = server().bootstrap_another_org("Gamma");
  EXPECT_TRUE(
      is_error_body(send("PUT", path("/trustors/" + c.organization_id + "/users/" + abe), b_token), 404, "not.found"));

  auto listing = ok(get(trustor_path("/users"), b_token));
  EXPECT_EQ(ids_of(listing), (std::vector<std::string>{abe, una}));
  EXPECT_EQ(str(listing, "selfUri"), trustor_path("/users?pageSize=25&pageNumber=1"));
  EXPECT_TRUE(is_trust_user(ok(get(target, b_token)), abe, "Abe Beta", "abe@beta.example"));
  const std::string outsider = user_in(b_token, "Oz Beta", "oz@beta.example");
  EXPECT_TRUE(is_error_body(get(trustor_path("/users/" + outsider), b_token), 404, "not.found"));

  auto del = send("DELETE", target, b_token);
  EXPECT_TRUE(has_status(del, 204));
  EXPECT_TRUE(is_error_body(get(target, b_token), 404, "not.found"));
  EXPECT_TRUE(is_error_body(get(trustee_path("/users/" + abe)), 404, "not.found"));
  EXPECT_TRUE(is_error_body(send("DELETE", target, b_token), 404, "not.found"));
  EXPECT_EQ(ids_of(ok(get(trustor_path("/users"), b_token))), std::vector<std::string>{una});
}

TEST_F(TrustMembersApiTest, TheTrusteeAsksForItsGroupsWithoutRoles) {
  const std::string ops = group_with("Beta Ops", {una});
  const std::string acme_group = group_in(admin(), "Acme Ops");
  const std::string target = trustor_path("/groups/" + ops);

  auto res =
      http().send("PUT", target, {{"Authorization", "Bearer " + b_token}, {"Content-Type", "application/json"}}, "");
  ASSERT_TRUE(has_status(res, 200));
  EXPECT_TRUE(is_trust_group(parse_object(res.body), ops, "Beta Ops", 1));
  EXPECT_TRUE(is_trust_group(ok(get(trustee_path("/groups/" + ops))), ops, "Beta Ops", 1));
  EXPECT_TRUE(ok(get(trustee_path("/groups/" + ops + "/roles"))).at("roles").as_array().empty());

  EXPECT_TRUE(is_error_body(send("PUT", target, b_token), 409, "general.conflict"));
  EXPECT_TRUE(is_error_body(send("PUT", trustor_path("/groups/" + acme_group), b_token), 404, "not.found"));
  EXPECT_TRUE(is_error_body(send("PUT", trustor_path("/groups/" + random_uuid()), b_token), 404, "not.found"));

  auto listing = ok(get(trustor_path("/groups"), b_token));
  EXPECT_EQ(ids_of(listing), std::vector<std::string>{ops});
  EXPECT_EQ(str(listing, "selfUri"), trustor_path("/groups?pageSize=25&pageNumber=1"));
  EXPECT_TRUE(is_trust_group(ok(get(target, b_token)), ops, "Beta Ops", 1));
  const std::string other = group_in(b_token, "Beta Other");
  EXPECT_TRUE(is_error_body(get(trustor_path("/groups/" + other), b_token), 404, "not.found"));

  EXPECT_TRUE(has_status(send("DELETE", target, b_token), 204));
  EXPECT_TRUE(is_error_body(get(target, b_token), 404, "not.found"));
  EXPECT_TRUE(is_error_body(get(trustee_path("/groups/" + ops)), 404, "not.found"));
  EXPECT_TRUE(is_error_body(send("DELETE", target, b_token), 404, "not.found"));
}

// The limit conflict: 409 with ErrorBody.limit {key, namespace, value: 25}.
::testing::AssertionResult is_member_limit(const HttpResponse& res) {
  auto body = is_error_body(res, 409, "general.conflict");
  if (!body) return body;
  auto o = parse_object(res.body);
  const auto* limit = o.if_contains("limit");
  if (!limit || !limit->is_object()) return ::testing::AssertionFailure() << "no limit object: " << res.body;
  const auto& l = limit->as_object();
  if (str(l, "key").empty() || str(l, "namespace") != "authorization" || num(l, "value") != 25)
    return ::testing::AssertionFailure() << "limit is not {key, namespace: authorization, value: 25}: " << res.body;
  return ::testing::AssertionSuccess();
}

TEST_F(TrustMembersApiTest, ATrustHasAtMostTwentyFiveMembers) {
  // Una and 23 more users and one group: 25.
  std::vector<std::string> users;
  for (int i = 0; i < 25; ++i)
    users.push_back(user_in(b_token, "Member " + std::to_string(100 + i), "m" + std::to_string(i) + "@beta.example"));
  for (int i = 0; i < 23; ++i)
    ASSERT_TRUE(has_status(send_json("POST", trustee_path("/users"), member(users[i])), 200));
  const std::string ops = group_with("Beta Ops", {});
  ASSERT_TRUE(has_status(send_json("POST", trustee_path("/groups"), member(ops)), 200));
  EXPECT_EQ(num(ok(get(trustee_path("/users"))), "total"), 24);

  // The 26th, a user or a group, by either side.
  EXPECT_TRUE(is_member_limit(send_json("POST", trustee_path("/users"), member(users[23], {agent}))));
  const std::string dev = group_with("Beta Dev", {});
  EXPECT_TRUE(is_member_limit(send_json("POST", trustee_path("/groups"), member(dev))));
  EXPECT_TRUE(is_member_limit(send("PUT", trustor_path("/users/" + users[23]), b_token)));
  EXPECT_TRUE(is_member_limit(send("PUT", trustor_path("/groups/" + dev), b_token)));
  EXPECT_TRUE(is_error_body(get(trustee_path("/users/" + users[23])), 404, "not.found"));

  // One leaves: there is room for one again.
  EXPECT_TRUE(has_status(send("DELETE", trustee_path("/groups/" + ops)), 204));
  EXPECT_TRUE(has_status(send("PUT", trustor_path("/users/" + users[23]), b_token), 200));
  EXPECT_TRUE(is_member_limit(send_json("POST", trustee_path("/users"), member(users[24]))));

  // At creation: 26 members of a new trust.
  const auto c = server().bootstrap_another_org("Gamma");
  const std::string c_token = server().token(c.admin);
  json::array many;
  std::string first;
  for (int i = 0; i < 26; ++i) {
    std::string id = user_in(c_token, "Gamma " + std::to_string(100 + i), "g" + std::to_string(i) + "@gamma.example");
    if (first.empty()) first = id;
    many.push_back(member(id));
  }
  const std::string pairing = pairing_of({first}, c_token);
  EXPECT_TRUE(is_member_limit(post_trust(trust_body(pairing, many))));
  many.erase(many.begin());
  EXPECT_TRUE(has_status(post_trust(trust_body(pairing, many)), 200));
}

TEST_F(TrustMembersApiTest, ARoleGrantedThroughATrustCannotBeDeleted) {
  const std::string role_path = "/api/v2/authorization/roles/" + agent;
  EXPECT_TRUE(is_error_body(send("DELETE", role_path), 409, "general.conflict"));
  // Granted to a group member only.
  const std::string group_role = role_in(admin(), "Group Role", {"authorization:role:view"});
  const std::string ops = group_with("Beta Ops", {});
  ok(send_json("POST", trustee_path("/groups"), member(ops, {group_role})));
  EXPECT_TRUE(is_error_body(send("DELETE", "/api/v2/authorization/roles/" + group_role), 409, "general.conflict"));

  // Without those grants the roles can go.
  EXPECT_TRUE(has_status(send("DELETE", trustee_path("/users/" + una + "/roles")), 204));
  EXPECT_TRUE(has_status(send("DELETE", role_path), 204));
  EXPECT_TRUE(has_status(send("DELETE", trustee_path("/groups/" + ops + "/roles")), 204));
  EXPECT_TRUE(has_status(send("DELETE", "/api/v2/authorization/roles/" + group_role), 204));
}

TEST_F(TrustMembersApiTest, ADivisionHoldingTrustGrantsCannotBeDeleted) {
  const std::string division =
      str(ok(send_json("POST", "/api/v2/authorization/divisions", json::object{{"name", "Trusted"}})), "id");
  const std::string uri = "/api/v2/authorization/divisions/" + division;
  ok(send_json("PUT", trustee_path("/users/" + una + "/roledivisions"),
               json::object{{"grants", json::array{json::object{{"roleId", agent}, {"divisionId", division}}}}}));
  EXPECT_TRUE(is_error_body(send("DELETE", uri), 409, "general.conflict"));
  EXPECT_TRUE(has_status(get(uri), 200));
  ok(send_json("PUT", trustee_path("/users/" + una + "/roles"), strings({agent})));
  EXPECT_TRUE(has_status(send("DELETE", uri), 204));
}

TEST_F(TrustMembersApiTest, AUserOrGroupDeletedInTheTrusteeLeavesTheTrust) {
  const std::string ops = group_with("Beta Ops", {});
  const std::string group_role = role_in(admin(), "Group Role", {"authorization:role:view"});
  ok(send_json("POST", trustee_path("/groups"), member(ops, {group_role})));

  ASSERT_TRUE(has_status(send("DELETE", "/api/v2/users/" + una, b_token), 200));
  auto users = ok(get(trustee_path("/users")));
  EXPECT_TRUE(ids_of(users).empty()) << json::serialize(users);
  EXPECT_EQ(num(users, "total"), 0);
  EXPECT_TRUE(is_error_body(get(trustee_path("/users/" + una)), 404, "not.found"));
  EXPECT_TRUE(is_error_body(get(trustee_path("/users/" + una + "/roles")), 404, "not.found"));
  EXPECT_TRUE(ids_of(ok(get(trustor_path("/users"), b_token))).empty());
  // Its grants went with it: the role is granted to no one now.
  EXPECT_TRUE(has_status(send("DELETE", "/api/v2/authorization/roles/" + agent), 204));

  ASSERT_TRUE(has_status(send("DELETE", "/api/v2/groups/" + ops, b_token), 204));
  EXPECT_TRUE(ids_of(ok(get(trustee_path("/groups")))).empty());
  EXPECT_TRUE(is_error_body(get(trustee_path("/groups/" + ops)), 404, "not.found"));
  EXPECT_TRUE(is_error_body(get(trustee_path("/groups/" + ops + "/roles")), 404, "not.found"));
  EXPECT_TRUE(has_status(send("DELETE", "/api/v2/authorization/roles/" + group_role), 204));
  // The trust stays, without members.
  EXPECT_TRUE(has_status(get(trustee_path()), 200));
}

TEST_F(TrustMembersApiTest, MemberRoutesNeedTheirPermissions) {
  role_in(admin(), "only users", {"directory:user:view"});
  const std::string none = server().token(server().create_client(a_id, "no-trust", {"only users"}));
  EXPECT_TRUE(is_error_body(get(trustee_path("/users"), none), 403, "missing.any.permissions"));
  EXPECT_TRUE(is_error_body(send_json("PUT", trustee_path("/users/" + una + "/roles"), strings({agent}), none), 403,
                            "missing.any.permissions"));
  role_in(b_token, "only users", {"directory:user:view"});
  const std::string b_none = server().token(server().create_client(b.organization_id, "no-trust", {"only users"}));
  EXPECT_TRUE(is_error_body(send("PUT", trustor_path("/users/" + una), b_none), 403, "missing.permissions"));
  // orgTrusteeUser:view reads users but not groups.
  role_in(admin(), "user viewer", {"authorization:orgTrusteeUser:view"});
  const std::string viewer = server().token(server().create_client(a_id, "viewer", {"user viewer"}));
  EXPECT_TRUE(has_status(get(trustee_path("/users/" + una + "/roles"), viewer), 200));
  EXPECT_TRUE(is_error_body(get(trustee_path("/groups"), viewer), 403, "missing.any.permissions"));
  EXPECT_TRUE(is_error_body(send("DELETE", trustee_path("/users/" + una), viewer), 403, "missing.any.permissions"));
  EXPECT_TRUE(has_status(get(trustee_path("/users/" + una)), 200));
}

}  // namespace
}  // namespace rp::test
