// Acting inside a trusting organization over HTTP: the sign-in with
// `target`, what the trust session may do in the trustor (only the trust's
// grants, the trustor's data), and the end of the session whenever the user
// stops being admitted. The test server's organization is the trustee (its
// user Ann signs in with its CODE client); a second organization trusts it.

#include <chrono>
#include <thread>
#include <tuple>

#include "api/genesys/oauth/sign_in_api.h"
#include "api/genesys/trust/trust_api.h"
#include "core/time.h"

namespace rp::test {
namespace {

namespace json = boost::json;

constexpr std::string_view kAuthz = "/api/v2/orgauthorization";

class TrustSignInTest : public SignInApiTest {
 protected:
  void SetUp() override {
    SignInApiTest::SetUp();
    trustor_ = server().bootstrap_another_org("Trustor");
    trustor_admin_ = server().token(trustor_.admin);
    employee_ = role_of(trustor_admin_, "employee");
    trustor_user_ = str(create_user_in(trustor_admin_, "Tom Trustor", "tom@trustor.example"), "id");
  }

  HttpResponse send(std::string_view method, const std::string& target, const std::string& token,
                    const json::value& body) {
    return http().send(method, target, {{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}},
                       json::serialize(body));
  }
  HttpResponse del(const std::string& target, const std::string& token) {
    return http().send("DELETE", target, {{"Authorization", "Bearer " + token}});
  }

  std::string role_of(const std::string& token, std::string_view name) {
    auto res = http().get("/api/v2/authorization/roles?pageSize=100", token);
    EXPECT_TRUE(has_status(res, 200));
    const auto listing = parse_object(res.body);
    for (const auto& r : listing.at("entities").as_array())
      if (str(r.as_object(), "name") == name) return str(r.as_object(), "id");
    ADD_FAILURE() << "no role " << name;
    return "";
  }

  json::object create_user_in(const std::string& token, std::string_view name, std::string_view email) {
    auto res = send("POST", "/api/v2/users", token, json::object{{"name", name}, {"email", email}});
    EXPECT_TRUE(has_status(res, 200));
    return parse_object(res.body);
  }

  // The trust Trustor → this organization with `users` and `groups` members
  // (TrustMemberCreate bodies), made from a pairing of this organization.
  void make_trust(json::array users, json::array groups = {}) {
    json::array pairing_users{json::value(user_id_)};
    auto pairing = send("POST", std::string(kAuthz) + "/pairings", admin(), json::object{{"userIds", pairing_users}});
    ASSERT_TRUE(has_status(pairing, 200));
    auto res = send("POST", std::string(kAuthz) + "/trustees", trustor_admin_,
                    json::object{{"pairingId", str(parse_object(pairing.body), "id")},
                                 {"enabled", true},
                                 {"users", std::move(users)},
                                 {"groups", std::move(groups)}});
    ASSERT_TRUE(has_status(res, 200));
  }

  json::array ann_with(std::vector<std::string> roles) {
    json::array ids;
    for (auto& r : roles) ids.emplace_back(r);
    return json::array{json::object{{"id", user_id_}, {"roleIds", ids}}};
  }

  // The ids of the objects of array `v`.
  static std::vector<std::string> ids_in(const json::value& v) {
    std::vector<std::string> out;
    for (const auto& e : v.as_array()) out.push_back(str(e.as_object(), "id"));
    return out;
  }

  std::string trustee_uri(std::string_view tail = {}) {
    return std::string(kAuthz) + "/trustees/" + server().org().organization_id + std::string(tail);
  }

  std::string query_for(std::string_view target) {
    return authorize_query(client_.client_id, kRedirect) + "&target=" + std::string(target);
  }

  // Signs Ann in with `target`; the redirect.
  HttpResponse sign_in_to(std::string_view target) {
    return post_form(query_for(target), "ann@example.com", kPassword);
  }

  // A full sign-in to the trustor: {access, refresh}.
  std::pair<std::string, std::string> trustor_tokens() {
    auto res = sign_in_to(trustor_.organization_id);
    EXPECT_TRUE(has_status(res, 302));
    return tokens_of(redeem(location_param(res, "code")));
  }

  void expect_refused(std::string_view target, std::string_view why) {
    auto res = sign_in_to(target);
    EXPECT_TRUE(has_status(res, 302)) << why;
    EXPECT_EQ(location_param(res, "error"), "access_denied") << why;
    EXPECT_EQ(location_param(res, "code"), "") << why;
    EXPECT_EQ(location_param(res, "state"), "st-1") << why;
  }

  // The session's tokens are revoked: 401 as for any revoked token, and the
  // refresh token is refused.
  void expect_session_ended(const std::pair<std::string, std::string>& tokens, std::string_view why) {
    EXPECT_TRUE(is_error_body(http().get("/api/v2/users", tokens.first), 401, "bad.credentials")) << why;
    EXPECT_TRUE(is_oauth_error(refresh(tokens.second), 400, "invalid_grant")) << why;
  }

  OrgInfo trustor_;
  std::string trustor_admin_;
  std::string employee_;
  std::string trustor_user_;
};

TEST_F(TrustSignInTest, AnAdmittedUserActsInTheTrustorWithTheTrustsGrantsOnly) {
  make_trust(ann_with({employee_}));
  // The sign-in form keeps the target.
  auto form = get_form(query_for(trustor_.organization_id));
  ASSERT_TRUE(has_status(form, 200));
  EXPECT_NE(form.body.find("name=\"target\" value=\"" + trustor_.organization_id + "\""), std::string::npos);

  auto [access, refresh_token] = trustor_tokens();
  auto me = http().get("/api/v2/tokens/me", access);
  ASSERT_TRUE(has_status(me, 200));
  auto info = parse_object(me.body);
  EXPECT_EQ(str(info.at("organization").as_object(), "id"), trustor_.organization_id);
  EXPECT_EQ(str(info.at("homeOrganization").as_object(), "id"), server().org().organization_id);
  EXPECT_EQ(str(info.at("OAuthClient").as_object(), "id"), client_.client_id);
  EXPECT_EQ(str(info.at("OAuthClient").as_object().at("organization").as_object(), "id"),
            server().org().organization_id);

  // employee holds directory:user:view: the trustor's users, not the home's.
  auto users = http().get("/api/v2/users?pageSize=100", access);
  ASSERT_TRUE(has_status(users, 200));
  auto ids = ids_of(parse_object(users.body));
  EXPECT_NE(std::find(ids.begin(), ids.end(), trustor_user_), ids.end());
  EXPECT_EQ(std::find(ids.begin(), ids.end(), user_id_), ids.end());
  EXPECT_TRUE(is_error_body(get_user(user_id_, access), 404, "not.found"));
  // Ann is admin at home, but her home roles never apply in the trustor.
  EXPECT_TRUE(is_error_body(http().get("/api/v2/authorization/roles", access), 403, "missing.any.permissions"));
  // Refreshing keeps the session in the trustor.
  auto refreshed = tokens_of(refresh(refresh_token));
  auto again = http().get("/api/v2/tokens/me", refreshed.first);
  ASSERT_TRUE(has_status(again, 200));
  EXPECT_EQ(str(parse_object(again.body).at("organization").as_object(), "id"), trustor_.organization_id);
}

TEST_F(TrustSignInTest, TheUsersTrustorsAndUsersMeInBothSessions) {
  make_trust(ann_with({employee_}));
  // getUserTrustors: the trusts Ann is admitted to, with what she holds there.
  auto listed = http().get("/api/v2/users/" + user_id_ + "/trustors", admin());
  ASSERT_TRUE(has_status(listed, 200));
  auto listing = parse_object(listed.body);
  EXPECT_EQ(listing.at("total").as_int64(), 1);
  const auto& trustor = listing.at("entities").as_array().at(0).as_object();
  EXPECT_EQ(str(trustor, "id"), trustor_.organization_id);
  EXPECT_TRUE(trustor.at("enabled").as_bool());
  std::vector<std::string> permissions;
  for (const auto& p : trustor.at("authorization").as_object().at("permissions").as_array())
    permissions.emplace_back(p.as_string());
  EXPECT_NE(std::find(permissions.begin(), permissions.end(), "directory:user:view"), permissions.end());
  EXPECT_EQ(std::find(permissions.begin(), permissions.end(), "authorization:role:view"), permissions.end());
  // A user of another organization, or an unknown one: 404.
  EXPECT_TRUE(is_error_body(http().get("/api/v2/users/" + trustor_user_ + "/trustors", admin()), 404, "not.found"));
  // Disabled: listed, with no permissions.
  ASSERT_TRUE(has_status(send("PUT", trustee_uri(), trustor_admin_, json::object{{"enabled", false}}), 200));
  listing = parse_object(http().get("/api/v2/users/" + user_id_ + "/trustors", admin()).body);
  const auto& disabled = listing.at("entities").as_array().at(0).as_object();
  EXPECT_FALSE(disabled.at("enabled").as_bool());
  EXPECT_TRUE(disabled.at("authorization").as_object().at("permissions").as_array().empty());
  ASSERT_TRUE(has_status(send("PUT", trustee_uri(), trustor_admin_, json::object{{"enabled", true}}), 200));

  // users/me at home: trustors and token expands.
  auto [home_access, home_refresh] = user_tokens();
  auto me = http().get("/api/v2/users/me?expand=trustors,token", home_access);
  ASSERT_TRUE(has_status(me, 200));
  auto home_me = parse_object(me.body);
  EXPECT_EQ(str(home_me, "id"), user_id_);
  EXPECT_EQ(ids_in(home_me.at("trustors")), std::vector<std::string>{trustor_.organization_id});
  EXPECT_EQ(str(home_me.at("token").as_object().at("organization").as_object(), "id"), server().org().organization_id);

  // users/me in the trust session: the home user, its token acting in the
  // trustor, and no trustors.
  auto [access, refresh_token] = trustor_tokens();
  auto there = http().get("/api/v2/users/me?expand=trustors,token", access);
  ASSERT_TRUE(has_status(there, 200));
  auto trust_me = parse_object(there.body);
  EXPECT_EQ(str(trust_me, "id"), user_id_);
  EXPECT_TRUE(trust_me.at("trustors").as_array().empty());
  const auto& token = trust_me.at("token").as_object();
  EXPECT_EQ(str(token.at("organization").as_object(), "id"), trustor_.organization_id);
  EXPECT_EQ(str(token.at("homeOrganization").as_object(), "id"), server().org().organization_id);
  EXPECT_FALSE(token.contains("clonedUser"));
  // The password lives at home.
  auto pw = send("POST", "/api/v2/users/me/password", access,
                 json::object{{"oldPassword", kPassword}, {"newPassword", "another horse battery"}});
  EXPECT_TRUE(is_error_body(pw, 400, "not.a.user"));
}

TEST_F(TrustSignInTest, AClonedUsersSessionNamesItsClone) {
  make_trust(ann_with({employee_}));
  auto put = send("PUT", std::string(kAuthz) + "/trustors/" + trustor_.organization_id + "/clonedusers/" + user_id_,
                  admin(), json::object{});
  ASSERT_TRUE(has_status(put, 200));
  const std::string clone_id = str(parse_object(put.body), "id");
  auto [access, refresh_token] = trustor_tokens();
  auto me = http().get("/api/v2/tokens/me", access);
  ASSERT_TRUE(has_status(me, 200));
  auto info = parse_object(me.body);
  ASSERT_TRUE(info.contains("clonedUser")) << me.body;
  EXPECT_EQ(str(info.at("clonedUser").as_object(), "id"), clone_id);
  EXPECT_EQ(str(info.at("clonedUser").as_object().at("organization").as_object(), "id"), trustor_.organization_id);
  // The session is the clone's: users/me answers the clone's record, and
  // the clone's own grants in the trustor hold in it, at once.
  auto record = http().get("/api/v2/users/me", access);
  ASSERT_TRUE(has_status(record, 200));
  EXPECT_EQ(str(parse_object(record.body), "id"), clone_id);
  const std::string roles = "/api/v2/authorization/roles";
  EXPECT_TRUE(is_error_body(http().get(roles, access), 403, "missing.any.permissions"));
  auto viewer = send("POST", roles, trustor_admin_,
                     json::object{{"name", "Role viewer"}, {"permissions", json::array{"authorization:role:view"}}});
  ASSERT_TRUE(has_status(viewer, 200));
  auto grant = send("POST", "/api/v2/authorization/subjects/" + clone_id + "/bulkadd", trustor_admin_,
                    json::object{{"grants", json::array{json::object{{"roleId", str(parse_object(viewer.body), "id")},
                                                                     {"divisionId", "*"}}}}});
  ASSERT_TRUE(grant.status == 200 || grant.status == 204) << grant.describe();
  EXPECT_TRUE(has_status(http().get(roles, access), 200));
}

TEST_F(TrustSignInTest, BothSidesAuditWhatTrustSessionsDid) {
  const std::string admin_role = role_of(trustor_admin_, "admin");
  make_trust(ann_with({admin_role}));
  auto [access, refresh_token] = trustor_tokens();
  auto made = send("POST", "/api/v2/users", access, json::object{{"name", "Hal"}, {"email", "hal@trustor.example"}});
  ASSERT_TRUE(has_status(made, 200));
  const std::string hal = str(parse_object(made.body), "id");
  // The trustor's own admin acts too: never in these answers.
  create_user_in(trustor_admin_, "Native Nel", "nel@trustor.example");

  const std::string trustee_audits = std::string(kAuthz) + "/trustees/audits";
  const std::string trustor_audits = std::string(kAuthz) + "/trustor/audits";
  const json::array ann{json::value(user_id_)};
  const json::object by_trustor{{"trusteeOrganizationIds", json::array{json::value(server().org().organization_id)}},
                                {"trusteeUserIds", ann}};
  const json::object by_trustee{{"trustorOrganizationId", trustor_.organization_id}, {"trusteeUserIds", ann}};
  auto actions_of = [](const json::object& result) {
    std::vector<std::string> out;
    for (const auto& m : result.at("auditMessages").as_array()) out.emplace_back(str(m.as_object(), "action"));
    return out;
  };
  for (auto [uri, body, token] :
       {std::tuple{trustee_audits, by_trustor, trustor_admin_}, std::tuple{trustor_audits, by_trustee, admin()}}) {
    SCOPED_TRACE(uri);
    auto res = send("POST", uri, token, body);
    ASSERT_TRUE(has_status(res, 200));
    auto result = parse_object(res.body);
    auto actions = actions_of(result);
    EXPECT_EQ(actions, (std::vector<std::string>{"user.create", "token.issue"}));  // newest first
    const auto& created = result.at("auditMessages").as_array().at(0).as_object();
    EXPECT_EQ(str(created.at("user").as_object(), "id"), user_id_);
    EXPECT_EQ(str(created.at("user").as_object(), "name"), "Ann Example");
    EXPECT_EQ(str(created.at("entity").as_object(), "id"), hal);
    EXPECT_EQ(str(created, "serviceName"), "directory");
    EXPECT_EQ(str(created, "application"), "Web <App>");
    EXPECT_EQ(result.at("total").as_int64(), 2);
    // Paging and sort are query parameters.
    auto paged = parse_object(send("POST", uri + "?pageSize=1&pageNumber=2&sortOrder=ascending", token, body).body);
    EXPECT_EQ(actions_of(paged), std::vector<std::string>{"user.create"});
    EXPECT_EQ(paged.at("pageCount").as_int64(), 2);
    // Phrase, filters, facets.
    json::object narrowed = body;
    narrowed["queryPhrase"] = "HAL@TRUSTOR";
    EXPECT_EQ(actions_of(parse_object(send("POST", uri, token, narrowed).body)),
              std::vector<std::string>{"user.create"});
    json::object filtered = body;
    filtered["filters"] = json::array{json::object{
        {"name", "action"}, {"type", "STRING"}, {"operator", "matches"}, {"values", json::array{"token.issue"}}}};
    filtered["facets"] = json::array{json::object{{"name", "action"}, {"type", "STRING"}},
                                     json::object{{"name", "timestamp"}, {"type", "DATE"}}};
    auto faceted = parse_object(send("POST", uri, token, filtered).body);
    EXPECT_EQ(actions_of(faceted), std::vector<std::string>{"token.issue"});
    ASSERT_EQ(faceted.at("facetInfo").as_array().size(), 2u);
    const auto& by_action = faceted.at("facetInfo").as_array().at(0).as_object();
    EXPECT_EQ(str(by_action, "name"), "action");
    EXPECT_EQ(by_action.at("entries").as_array().size(), 1u);
    // A range that ended before the session: nothing.
    json::object old_range = body;
    old_range["endDate"] = "2020-01-01T00:00:00.000Z";
    EXPECT_EQ(parse_object(send("POST", uri, token, old_range).body).at("total").as_int64(), 0);
    // Bad input names the field.
    json::object no_users = body;
    no_users["trusteeUserIds"] = json::array{};
    EXPECT_EQ(first_field_name(send("POST", uri, token, no_users)), "trusteeUserIds");
    json::object bad_date = body;
    bad_date["startDate"] = "yesterday";
    EXPECT_TRUE(is_error_body(send("POST", uri, token, bad_date), 400, "invalid.date"));
    json::object bad_filter = body;
    bad_filter["filters"] = json::array{json::object{{"name", "secret"}, {"type", "STRING"}, {"operator", "matches"}}};
    EXPECT_EQ(first_field_name(send("POST", uri, token, bad_filter)), "filters[0].name");
    EXPECT_TRUE(is_error_body(send("POST", uri + "?sortBy=size", token, body), 400, "invalid.value"));
  }
  // Each side sees only its own people: another organization asking the
  // trustor's log about Ann gets nothing.
  auto other = server().bootstrap_another_org("Outsider");
  auto outsider = send("POST", trustor_audits, server().token(other.admin), by_trustee);
  ASSERT_TRUE(has_status(outsider, 200));
  EXPECT_EQ(parse_object(outsider.body).at("total").as_int64(), 0);
  // Records outlive the trust.
  EXPECT_TRUE(has_status(del(trustee_uri(), trustor_admin_), 204));
  auto after = send("POST", trustee_audits, trustor_admin_, by_trustor);
  ASSERT_TRUE(has_status(after, 200));
  EXPECT_EQ(parse_object(after.body).at("total").as_int64(), 2);
}

TEST_F(TrustSignInTest, RoleChangesApplyAtOnceAndDivisionsScopeThem) {
  make_trust(ann_with({employee_}));
  auto [access, refresh_token] = trustor_tokens();
  EXPECT_TRUE(is_error_body(http().get("/api/v2/authorization/roles", access), 403, "missing.any.permissions"));
  // A role of the trustor in one division only: division-aware permissions
  // hold there, organization-wide ones anywhere.
  auto home = str(parse_object(http().get("/api/v2/authorization/divisions/home", trustor_admin_).body), "id");
  const std::string admin_role = role_of(trustor_admin_, "admin");
  auto put = send("PUT", trustee_uri("/users/" + user_id_ + "/roledivisions"), trustor_admin_,
                  json::object{{"grants", json::array{json::object{{"roleId", employee_}, {"divisionId", "*"}},
                                                      json::object{{"roleId", admin_role}, {"divisionId", home}}}}});
  ASSERT_TRUE(has_status(put, 200));
  EXPECT_TRUE(has_status(http().get("/api/v2/authorization/roles", access), 200));
  // A division Ann's admin grant does not reach: creating a user there is refused.
  auto other = send("POST", "/api/v2/authorization/divisions", trustor_admin_, json::object{{"name", "Elsewhere"}});
  ASSERT_TRUE(has_status(other, 200));
  auto elsewhere =
      send("POST", "/api/v2/users", access,
           json::object{
               {"name", "Ed"}, {"email", "ed@trustor.example"}, {"divisionId", str(parse_object(other.body), "id")}});
  EXPECT_EQ(elsewhere.status, 403) << elsewhere.describe();
  auto in_home = send("POST", "/api/v2/users", access, json::object{{"name", "Hal"}, {"email", "hal@trustor.example"}});
  EXPECT_TRUE(has_status(in_home, 200));
}

TEST_F(TrustSignInTest, UsersWhoAreNotAdmittedAreSentBackWithAccessDenied) {
  expect_refused(trustor_.organization_id, "no trust yet");
  expect_refused(random_uuid(), "an unknown organization");
  expect_refused("not-an-id", "not an organization id");
  // A member without roles is not admitted.
  make_trust(json::array{json::object{{"id", user_id_}}});
  expect_refused(trustor_.organization_id, "a member without roles");
  // A wrong password with a target is a wrong password: the form again.
  auto wrong = post_form(query_for(trustor_.organization_id), "ann@example.com", "wrong password");
  EXPECT_TRUE(has_status(wrong, 401));
  // Without a target, or with the home organization, it is a normal sign-in.
  auto home = sign_in_to(server().org().organization_id);
  ASSERT_TRUE(has_status(home, 302));
  auto [access, refresh_token] = tokens_of(redeem(location_param(home, "code")));
  auto me = http().get("/api/v2/tokens/me", access);
  EXPECT_EQ(str(parse_object(me.body).at("organization").as_object(), "id"), server().org().organization_id);
}

TEST_F(TrustSignInTest, RefusalsSpendNoSignInFailureBudget) {
  // Many more refusals than the failure limit (5 per user) leave the
  // password sign-in working.
  for (int i = 0; i < 8; ++i) expect_refused(trustor_.organization_id, "no trust");
  auto ok = post_form(authorize_query(client_.client_id, kRedirect), "ann@example.com", kPassword);
  EXPECT_TRUE(has_status(ok, 302));
  EXPECT_FALSE(location_param(ok, "code").empty());
}

TEST_F(TrustSignInTest, TrustedGroupMembersAreAdmittedAndLeaveWithTheirGroup) {
  auto group =
      send("POST", "/api/v2/groups", admin(),
           json::object{{"name", "Partners"}, {"type", "official"}, {"rulesVisible", true}, {"visibility", "public"}});
  ASSERT_TRUE(has_status(group, 200));
  const std::string group_id = str(parse_object(group.body), "id");
  ASSERT_TRUE(has_status(send("POST", "/api/v2/groups/" + group_id + "/members", admin(),
                              json::object{{"memberIds", json::array{json::value(user_id_)}}}),
                         200));
  make_trust({}, json::array{json::object{{"id", group_id}, {"roleIds", json::array{json::value(employee_)}}}});
  auto tokens = trustor_tokens();
  EXPECT_TRUE(has_status(http().get("/api/v2/users", tokens.first), 200));
  // The group leaves the trust: Ann's session ends.
  EXPECT_TRUE(has_status(del(trustee_uri("/groups/" + group_id), trustor_admin_), 204));
  expect_session_ended(tokens, "the trusted group removed");
  expect_refused(trustor_.organization_id, "the trusted group removed");
}

TEST_F(TrustSignInTest, LeavingATrustedGroupAtHomeEndsTheSession) {
  auto group =
      send("POST", "/api/v2/groups", admin(),
           json::object{{"name", "Partners"}, {"type", "official"}, {"rulesVisible", true}, {"visibility", "public"}});
  ASSERT_TRUE(has_status(group, 200));
  const std::string group_id = str(parse_object(group.body), "id");
  make_trust({}, json::array{json::object{{"id", group_id}, {"roleIds", json::array{json::value(employee_)}}}});
  // Not a member yet: not admitted; joining at home admits at once.
  expect_refused(trustor_.organization_id, "not in the trusted group");
  const std::string members = "/api/v2/groups/" + group_id + "/members";
  ASSERT_TRUE(
      has_status(send("POST", members, admin(), json::object{{"memberIds", json::array{json::value(user_id_)}}}), 200));
  auto tokens = trustor_tokens();
  EXPECT_TRUE(has_status(http().get("/api/v2/users", tokens.first), 200));
  EXPECT_TRUE(has_status(del(members + "?ids=" + user_id_, admin()), 200));
  expect_session_ended(tokens, "left the trusted group at home");
  expect_refused(trustor_.organization_id, "left the trusted group at home");
}

TEST_F(TrustSignInTest, AUserDeletedAtHomeLeavesTheTrust) {
  make_trust(ann_with({employee_}));
  auto tokens = trustor_tokens();
  EXPECT_TRUE(has_status(del("/api/v2/users/" + user_id_, admin()), 200));
  expect_session_ended(tokens, "deleted at home");
  EXPECT_TRUE(is_error_body(http().get(trustee_uri("/users/" + user_id_), trustor_admin_), 404, "not.found"));
}

TEST_F(TrustSignInTest, EveryAdmissionChangeEndsTheSession) {
  make_trust(ann_with({employee_}));
  // Roles removed.
  auto tokens = trustor_tokens();
  EXPECT_TRUE(has_status(del(trustee_uri("/users/" + user_id_ + "/roles"), trustor_admin_), 204));
  expect_session_ended(tokens, "roles removed");
  ASSERT_TRUE(has_status(
      send("PUT", trustee_uri("/users/" + user_id_ + "/roles"), trustor_admin_, json::array{json::value(employee_)}),
      200));
  // Disabled, then enabled again: a new sign-in is needed.
  tokens = trustor_tokens();
  ASSERT_TRUE(has_status(send("PUT", trustee_uri(), trustor_admin_, json::object{{"enabled", false}}), 200));
  expect_session_ended(tokens, "trust disabled");
  expect_refused(trustor_.organization_id, "trust disabled");
  ASSERT_TRUE(has_status(send("PUT", trustee_uri(), trustor_admin_, json::object{{"enabled", true}}), 200));
  // The user removed from the trust by the trustee itself.
  tokens = trustor_tokens();
  const std::string trustor_side = std::string(kAuthz) + "/trustors/" + trustor_.organization_id + "/users/" + user_id_;
  EXPECT_TRUE(has_status(del(trustor_side, admin()), 204));
  expect_session_ended(tokens, "user removed by the trustee");
  ASSERT_TRUE(has_status(send("POST", trustee_uri("/users"), trustor_admin_, ann_with({employee_}).at(0)), 200));
  // The trust deleted.
  tokens = trustor_tokens();
  EXPECT_TRUE(has_status(del(trustee_uri(), trustor_admin_), 204));
  expect_session_ended(tokens, "trust deleted");
  expect_refused(trustor_.organization_id, "trust deleted");
}

TEST_F(TrustSignInTest, AnExpiringTrustEndsItsSessionsWithIt) {
  make_trust(ann_with({employee_}));
  const auto now =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count();
  const std::string soon = to_iso8601(now + 3000);
  ASSERT_TRUE(has_status(
      send("PUT", trustee_uri(), trustor_admin_, json::object{{"enabled", true}, {"dateExpired", soon}}), 200));
  auto res = sign_in_to(trustor_.organization_id);
  ASSERT_TRUE(has_status(res, 302));
  auto token = redeem(location_param(res, "code"));
  ASSERT_TRUE(has_status(token, 200));
  EXPECT_LE(num(parse_object(token.body), "expires_in"), 4);
  auto access = str(parse_object(token.body), "access_token");
  EXPECT_TRUE(has_status(http().get("/api/v2/users", access), 200));
  std::this_thread::sleep_for(std::chrono::milliseconds(3500));
  EXPECT_TRUE(is_error_body(http().get("/api/v2/users", access), 401, "bad.credentials"));
  expect_refused(trustor_.organization_id, "trust expired");
  // Renewed by a PUT without a date; an earlier end given to a running
  // session ends it then, not at once.
  ASSERT_TRUE(has_status(send("PUT", trustee_uri(), trustor_admin_, json::object{{"enabled", true}}), 200));
  auto [running, refresh_token] = trustor_tokens();
  const auto later =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count();
  ASSERT_TRUE(has_status(send("PUT", trustee_uri(), trustor_admin_,
                              json::object{{"enabled", true}, {"dateExpired", to_iso8601(later + 2000)}}),
                         200));
  EXPECT_TRUE(has_status(http().get("/api/v2/users", running), 200));
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  EXPECT_TRUE(is_error_body(http().get("/api/v2/users", running), 401, "bad.credentials"));
  EXPECT_TRUE(is_oauth_error(refresh(refresh_token), 400, "invalid_grant"));
  // Still listed and readable, and renewed by a PUT without a date.
  auto got = http().get(trustee_uri(), trustor_admin_);
  ASSERT_TRUE(has_status(got, 200));
  ASSERT_TRUE(has_status(send("PUT", trustee_uri(), trustor_admin_, json::object{{"enabled", true}}), 200));
  EXPECT_TRUE(has_status(sign_in_to(trustor_.organization_id), 302));
  EXPECT_FALSE(location_param(sign_in_to(trustor_.organization_id), "code").empty());
}

// The test server's organization as the deployment's Customer Care
// organization: a trustor's default trust with usesDefaultRole admits every
// active user of it with the trustor's admin role.
class CareSignInTest : public TrustSignInTest {
 protected:
  ServerConfig server_config() const override { return care_org_named_later(); }
  void SetUp() override {
    TrustSignInTest::SetUp();
    name_care_org(server(), server().org().organization_id);
    reconnect();
  }
};

TEST_F(CareSignInTest, EveryActiveCareUserIsAdmittedWithTheDefaultRole) {
  auto made =
      send("POST", std::string(kAuthz) + "/trustees/default?assignDefaultRole=true", trustor_admin_, json::object{});
  ASSERT_TRUE(has_status(made, 200));
  EXPECT_TRUE(parse_object(made.body).at("usesDefaultRole").as_bool());
  // The trustor's index is in use before the next care user exists.
  EXPECT_TRUE(has_status(http().get("/api/v2/users", trustor_admin_), 200));
  create_user("Cara Care", "cara@example.com", {{"password", kPassword}});
  auto res = post_form(query_for(trustor_.organization_id), "cara@example.com", kPassword);
  ASSERT_TRUE(has_status(res, 302));
  auto [access, refresh_token] = tokens_of(redeem(location_param(res, "code")));
  // admin in every division of the trustor.
  EXPECT_TRUE(has_status(http().get("/api/v2/authorization/roles", access), 200));
  auto trustor_users = http().get("/api/v2/users", access);
  ASSERT_TRUE(has_status(trustor_users, 200));
  auto ids = ids_of(parse_object(trustor_users.body));
  EXPECT_NE(std::find(ids.begin(), ids.end(), trustor_user_), ids.end());
  // Without the default role, care users need member grants like anyone.
  ASSERT_TRUE(has_status(send("PUT", std::string(kAuthz) + "/trustees/" + server().org().organization_id,
                              trustor_admin_, json::object{{"enabled", false}}),
                         200));
  expect_refused(trustor_.organization_id, "default trust disabled");
}

}  // namespace
}  // namespace rp::test
