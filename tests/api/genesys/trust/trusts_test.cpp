// OrganizationAuthorizationApi over HTTP: pairings, trusts seen from the
// trustor (/trustees) and the trustee (/trustors), their creation checks in
// order, updates, single and bulk deletes of either side, the default
// (Customer Care) trust, and the denied side.

#include <algorithm>
#include <chrono>
#include <thread>

#include "api/genesys/trust/trust_api.h"

namespace rp::test {
namespace {

namespace json = boost::json;

TEST_F(TrustApiTest, PairingAnswersATrustRequestReadableByAnyOrganization) {
  const std::string ada = user_in(b_token, "Ada Beta", "ada@beta.example");
  const std::string ops = group_in(b_token, "Beta Ops");
  auto made = ok(post_pairing({ada}, {ops}, b_token));
  const std::string id = str(made, "id");
  EXPECT_TRUE(is_uuid(id));
  ASSERT_TRUE(made.contains("trustee"));
  EXPECT_EQ(str(made.at("trustee").as_object(), "id"), b.organization_id);
  EXPECT_EQ(str(made.at("trustee").as_object(), "name"), "Beta");
  ASSERT_TRUE(made.contains("users") && made.at("users").is_array());
  ASSERT_EQ(made.at("users").as_array().size(), 1u);
  const auto& u = made.at("users").as_array()[0].as_object();
  EXPECT_EQ(str(u, "id"), ada);
  EXPECT_TRUE(is_user(u, "Ada Beta", "ada@beta.example"));
  EXPECT_EQ(ids_in(made.at("groups")), std::vector<std::string>{ops});
  EXPECT_EQ(str(made.at("groups").as_array()[0].as_object(), "name"), "Beta Ops");
  EXPECT_TRUE(date_of(made, "dateCreated").has_value()) << json::serialize(made);
  EXPECT_EQ(str(made, "selfUri"), path("/pairings/" + id));

  // The trustee, the organization it is meant for and any other holding the id.
  auto by_b = ok(get(path("/pairings/" + id), b_token));
  EXPECT_EQ(str(by_b, "id"), id);
  EXPECT_EQ(ids_in(by_b.at("users")), std::vector<std::string>{ada});
  auto by_a = ok(get(path("/pairings/" + id)));
  EXPECT_EQ(str(by_a, "id"), id);
  EXPECT_EQ(str(by_a.at("trustee").as_object(), "id"), b.organization_id);
  EXPECT_EQ(ids_in(by_a.at("groups")), std::vector<std::string>{ops});
  const auto c = server().bootstrap_another_org("Gamma");
  EXPECT_TRUE(has_status(get(path("/pairings/" + id), server().token(c.admin)), 200));

  EXPECT_TRUE(is_error_body(get(path("/pairings/" + random_uuid())), 404, "not.found"));
  EXPECT_TRUE(is_error_body(get(path("/pairings/not-a-pairing"), b_token), 404, "not.found"));
}

TEST_F(TrustApiTest, PairingNeedsMembersOfTheTrustee) {
  const std::string ada = user_in(b_token, "Ada Beta", "ada@beta.example");
  const std::string theirs = user_in(admin(), "Abe Acme", "abe@acme.example");
  const std::string their_group = group_in(admin(), "Acme Ops");
  EXPECT_TRUE(is_bad_request(send_json("POST", path("/pairings"), json::object{}, b_token)));
  EXPECT_TRUE(is_bad_request(post_pairing({}, {}, b_token)));
  EXPECT_TRUE(is_bad_request(post_pairing({random_uuid()}, {}, b_token), "userIds[0]"));
  EXPECT_TRUE(is_bad_request(post_pairing({ada, theirs}, {}, b_token), "userIds[1]"));
  EXPECT_TRUE(is_bad_request(post_pairing({ada}, {their_group}, b_token), "groupIds[0]"));
  // At most 25 ids.
  std::vector<std::string> many(26);
  for (auto& id : many) id = random_uuid();
  EXPECT_TRUE(is_bad_request(post_pairing(many, {}, b_token)));
  // Duplicates collapse.
  auto twice = ok(post_pairing({ada, ada}, {}, b_token));
  EXPECT_EQ(ids_in(twice.at("users")), std::vector<std::string>{ada});
}

TEST_F(TrustApiTest, CreatingATrustAnswersTheTrustee) {
  const std::string ada = user_in(b_token, "Ada Beta", "ada@beta.example");
  const std::string ops = group_in(b_token, "Beta Ops");
  const std::string role = role_in(admin(), "Trust Agent", {"directory:user:view"});
  const std::string pairing = pairing_of({ada});
  auto body = trust_body(pairing, json::array{member(ada, {role})},
                         json::array{json::object{{"id", ops}, {"roleIds", strings({role})}}});
  body["dateExpired"] = "2099-01-31T12:00:00.000Z";
  auto t = ok(post_trust(body));
  EXPECT_EQ(str(t, "id"), b.organization_id);
  ASSERT_TRUE(t.contains("enabled"));
  EXPECT_EQ(t.at("enabled"), json::value(true));
  EXPECT_EQ(t.at("usesDefaultRole"), json::value(false));
  EXPECT_EQ(t.at("hasFullAccess"), json::value(false));
  EXPECT_EQ(t.at("isTrustedUser"), json::value(false));
  EXPECT_TRUE(date_of(t, "dateCreated").has_value()) << json::serialize(t);
  EXPECT_EQ(date_of(t, "dateExpired"), parse_iso8601("2099-01-31T12:00:00.000Z")) << json::serialize(t);
  ASSERT_TRUE(t.contains("organization"));
  EXPECT_EQ(str(t.at("organization").as_object(), "id"), b.organization_id);
  EXPECT_EQ(str(t.at("organization").as_object(), "name"), "Beta");
  EXPECT_EQ(str(t, "selfUri"), "/api/v2/orgauthorization/trustees/" + b.organization_id);

  EXPECT_EQ(ok(get(trustee_path())), t);
  // The members named in the request are the trust's.
  EXPECT_EQ(ids_of(ok(get(trustee_path("/users")))), std::vector<std::string>{ada});
  EXPECT_EQ(ids_of(ok(get(trustee_path("/groups")))), std::vector<std::string>{ops});
  // A used pairing stays readable.
  EXPECT_TRUE(has_status(get(path("/pairings/" + pairing), b_token), 200));
}

TEST_F(TrustApiTest, CreatingATrustChecksInOrderAndLeavesARefusedPairingUsable) {
  const std::string ada = user_in(b_token, "Ada Beta", "ada@beta.example");
  const std::string abe = user_in(admin(), "Abe Acme", "abe@acme.example");
  const std::string role = role_in(admin(), "Trust Agent", {"directory:user:view"});
  const std::string b_role = role_in(b_token, "Beta Role", {"directory:user:view"});
  const std::string pairing = pairing_of({ada});
  const json::array ada_member{member(ada, {role})};

  // The body's dates come first, before the pairing.
  auto bad_date = trust_body(random_uuid(), ada_member);
  bad_date["dateExpired"] = "tomorrow";
  auto res = post_trust(bad_date);
  EXPECT_TRUE(is_error_body(res, 400, "invalid.date"));
  EXPECT_EQ(first_field_name(res), "dateExpired");
  auto past = trust_body(pairing, ada_member);
  past["dateExpired"] = "2001-01-01T00:00:00.000Z";
  EXPECT_TRUE(is_bad_request(post_trust(past), "dateExpired"));

  // The pairing: missing, unknown, not an id; and not one of A's own.
  EXPECT_TRUE(is_error_body(post_trust(trust_body("", ada_member)), 400, "pairing.id.required"));
  EXPECT_TRUE(is_error_body(post_trust(trust_body(random_uuid(), ada_member)), 400, "pairing.id.required"));
  EXPECT_TRUE(is_error_body(post_trust(trust_body("not-a-pairing", ada_member)), 400, "pairing.id.required"));
  EXPECT_TRUE(is_error_body(post_trust(trust_body(random_uuid(), json::array{})), 400, "pairing.id.required"));
  const std::string own = pairing_of({abe}, admin());
  EXPECT_TRUE(
      is_error_body(post_trust(trust_body(own, json::array{member(abe, {role})})), 400, "self.trust.not.allowed"));
  EXPECT_TRUE(is_error_body(post_trust(trust_body(own, json::array{})), 400, "self.trust.not.allowed"));

  // The members: at least one, of B, with A's roles and divisions.
  EXPECT_TRUE(is_bad_request(post_trust(trust_body(pairing, json::array{})), "users"));
  EXPECT_TRUE(
      is_bad_request(post_trust(trust_body(pairing, json::array{member(random_uuid(), {role})})), "users[0].id"));
  EXPECT_TRUE(is_bad_request(post_trust(trust_body(pairing, json::array{member(abe, {role})})), "users[0].id"));
  EXPECT_TRUE(
      is_bad_request(post_trust(trust_body(pairing, json::array{member(ada, {b_role})})), "users[0].roleIds[0]"));
  json::object bad_division{
      {"id", ada},
      {"roleDivisions",
       json::object{{"grants", json::array{json::object{{"roleId", role}, {"divisionId", random_uuid()}}}}}}};
  EXPECT_TRUE(is_bad_request(post_trust(trust_body(pairing, json::array{bad_division})),
                             "users[0].roleDivisions.grants[0].divisionId"));
  EXPECT_TRUE(is_bad_request(post_trust(trust_body(pairing, json::array{}, json::array{member(random_uuid())})),
                             "groups[0].id"));
  // Nothing was made by the refusals.
  EXPECT_TRUE(is_error_body(get(trustee_path()), 404, "not.found"));

  // The pairing refused so many times still makes the trust, once.
  EXPECT_TRUE(has_status(post_trust(trust_body(pairing, ada_member)), 200));
  EXPECT_TRUE(is_error_body(post_trust(trust_body(pairing, ada_member)), 400, "pairing.id.required"));

  // A second pairing of B: the trust exists (409, before the members are looked at).
  const std::string second = pairing_of({ada});
  EXPECT_TRUE(is_error_body(post_trust(trust_body(second, ada_member)), 409, "general.conflict"));
  EXPECT_TRUE(is_error_body(post_trust(trust_body(second, json::array{})), 409, "general.conflict"));
  // That refusal left it usable too: once the trust is gone it makes a new one.
  EXPECT_TRUE(has_status(send("DELETE", trustee_path()), 204));
  EXPECT_TRUE(has_status(post_trust(trust_body(second, ada_member)), 200));
}

TEST_F(TrustApiTest, BothSidesSeeTheTrustAndOthersDoNot) {
  // Created Zeta first, Beta second: listings are by organization name.
  const auto zeta = server().bootstrap_another_org("Zeta");
  trust_to(zeta, "zed@zeta.example");
  trust_to(b, "ada@beta.example");

  auto listing = ok(get(path("/trustees")));
  EXPECT_EQ(ids_of(listing), (std::vector<std::string>{b.organization_id, zeta.organization_id}));
  EXPECT_EQ(num(listing, "total"), 2);
  EXPECT_EQ(num(listing, "pageSize"), 25);
  EXPECT_EQ(num(listing, "pageNumber"), 1);
  EXPECT_EQ(num(listing, "pageCount"), 1);
  EXPECT_EQ(str(listing, "selfUri"), "/api/v2/orgauthorization/trustees?pageSize=25&pageNumber=1");
  EXPECT_EQ(str(listing, "firstUri"), "/api/v2/orgauthorization/trustees?pageSize=25&pageNumber=1");
  EXPECT_EQ(str(listing, "lastUri"), "/api/v2/orgauthorization/trustees?pageSize=25&pageNumber=1");
  EXPECT_FALSE(listing.contains("nextUri"));
  const auto& first = listing.at("entities").as_array().at(0).as_object();
  EXPECT_EQ(str(first, "selfUri"), "/api/v2/orgauthorization/trustees/" + b.organization_id);
  EXPECT_EQ(str(first.at("organization").as_object(), "name"), "Beta");

  auto paged = ok(get(path("/trustees?pageSize=1&pageNumber=2")));
  EXPECT_EQ(ids_of(paged), std::vector<std::string>{zeta.organization_id});
  EXPECT_EQ(num(paged, "pageCount"), 2);
  EXPECT_EQ(str(paged, "previousUri"), "/api/v2/orgauthorization/trustees?pageSize=1&pageNumber=1");
  EXPECT_EQ(str(ok(get(path("/trustees?pageSize=1"))), "nextUri"),
            "/api/v2/orgauthorization/trustees?pageSize=1&pageNumber=2");

  // B's view: the trustor A.
  auto trustors = ok(get(path("/trustors"), b_token));
  EXPECT_EQ(ids_of(trustors), std::vector<std::string>{a_id});
  EXPECT_EQ(num(trustors, "total"), 1);
  EXPECT_EQ(str(trustors, "selfUri"), "/api/v2/orgauthorization/trustors?pageSize=25&pageNumber=1");
  auto trustor = ok(get(trustor_path(), b_token));
  EXPECT_EQ(str(trustor, "id"), a_id);
  EXPECT_EQ(trustor.at("enabled"), json::value(true));
  EXPECT_TRUE(date_of(trustor, "dateCreated").has_value()) << json::serialize(trustor);
  EXPECT_EQ(str(trustor.at("organization").as_object(), "id"), a_id);
  EXPECT_EQ(str(trustor.at("organization").as_object(), "name"), server().org().name);
  EXPECT_EQ(str(trustor, "selfUri"), "/api/v2/orgauthorization/trustors/" + a_id);
  EXPECT_EQ(ids_of(trustors).size(), 1u);
  EXPECT_EQ(trustors.at("entities").as_array().at(0).as_object(), trustor);
  EXPECT_EQ(str(ok(get(trustee_path())), "id"), b.organization_id);

  // The other direction is no trust.
  EXPECT_TRUE(is_error_body(get(path("/trustees/" + a_id), b_token), 404, "not.found"));
  EXPECT_TRUE(is_error_body(get(path("/trustors/" + b.organization_id)), 404, "not.found"));
  EXPECT_TRUE(ids_of(ok(get(path("/trustors")))).empty());

  // A third organization sees neither side.
  const auto c = server().bootstrap_another_org("Gamma");
  const std::string c_token = server().token(c.admin);
  EXPECT_TRUE(is_error_body(get(path("/trustees/" + b.organization_id), c_token), 404, "not.found"));
  EXPECT_TRUE(is_error_body(get(path("/trustors/" + a_id), c_token), 404, "not.found"));
  EXPECT_TRUE(ids_of(ok(get(path("/trustees"), c_token))).empty());
  EXPECT_TRUE(ids_of(ok(get(path("/trustors"), c_token))).empty());
  EXPECT_TRUE(is_error_body(get(path("/trustees/not-an-org")), 404, "not.found"));
}

TEST_F(TrustApiTest, UpdatingATrusteeReplacesEnabledAndExpiry) {
  trust_to(b, "ada@beta.example");
  auto put = ok(
      send_json("PUT", trustee_path(), json::object{{"enabled", false}, {"dateExpired", "2098-06-30T08:00:00.000Z"}}));
  EXPECT_EQ(put.at("enabled"), json::value(false));
  EXPECT_EQ(date_of(put, "dateExpired"), parse_iso8601("2098-06-30T08:00:00.000Z")) << json::serialize(put);
  EXPECT_EQ(str(put, "id"), b.organization_id);
  auto got = ok(get(trustee_path()));
  EXPECT_EQ(got.at("enabled"), json::value(false));
  EXPECT_EQ(date_of(got, "dateExpired"), parse_iso8601("2098-06-30T08:00:00.000Z"));
  EXPECT_EQ(ok(get(trustor_path(), b_token)).at("enabled"), json::value(false));

  // No dateExpired: it never expires.
  auto renewed = ok(send_json("PUT", trustee_path(), json::object{{"enabled", true}}));
  EXPECT_EQ(renewed.at("enabled"), json::value(true));
  EXPECT_FALSE(renewed.contains("dateExpired")) << json::serialize(renewed);
  EXPECT_FALSE(ok(get(trustee_path())).contains("dateExpired"));

  EXPECT_TRUE(is_bad_request(send_json("PUT", trustee_path(), json::object{}), "enabled"));
  EXPECT_TRUE(is_bad_request(
      send_json("PUT", trustee_path(), json::object{{"dateExpired", "2098-06-30T08:00:00.000Z"}}), "enabled"));
  EXPECT_TRUE(is_bad_request(send_json("PUT", trustee_path(), json::object{{"enabled", "yes"}}), "enabled"));
  auto bad_date = send_json("PUT", trustee_path(), json::object{{"enabled", true}, {"dateExpired", "soon"}});
  EXPECT_TRUE(is_error_body(bad_date, 400, "invalid.date"));
  EXPECT_TRUE(is_bad_request(
      send_json("PUT", trustee_path(), json::object{{"enabled", true}, {"dateExpired", "2001-01-01T00:00:00.000Z"}}),
      "dateExpired"));
  EXPECT_TRUE(is_error_body(send_json("PUT", path("/trustees/" + random_uuid()), json::object{{"enabled", true}}), 404,
                            "not.found"));
  // The refusals changed nothing.
  EXPECT_EQ(ok(get(trustee_path())).at("enabled"), json::value(true));
}

TEST_F(TrustApiTest, DeletingATrusteeEndsTheTrustOnBothSides) {
  trust_to(b, "ada@beta.example");
  auto del = send("DELETE", trustee_path());
  EXPECT_TRUE(has_status(del, 204));
  EXPECT_TRUE(del.body.empty()) << del.body;
  EXPECT_TRUE(is_error_body(get(trustee_path()), 404, "not.found"));
  EXPECT_TRUE(is_error_body(get(trustor_path(), b_token), 404, "not.found"));
  EXPECT_TRUE(is_error_body(get(trustee_path("/users")), 404, "not.found"));
  EXPECT_TRUE(ids_of(ok(get(path("/trustees")))).empty());
  EXPECT_TRUE(ids_of(ok(get(path("/trustors"), b_token))).empty());
  EXPECT_TRUE(is_error_body(send("DELETE", trustee_path()), 404, "not.found"));
}

TEST_F(TrustApiTest, BulkDeleteOfTrusteesTakesCommaAndRepeatedIds) {
  const auto c = server().bootstrap_another_org("Gamma");
  const auto d = server().bootstrap_another_org("Delta");
  const auto e = server().bootstrap_another_org("Epsilon");
  trust_to(b, "ada@beta.example");
  trust_to(c, "cy@gamma.example");
  trust_to(d, "di@delta.example");
  trust_to(e, "ed@epsilon.example");

  // Comma-separated, with an id that names no trust.
  auto res = send("DELETE", path("/trustees?id=" + b.organization_id + "," + random_uuid()));
  EXPECT_TRUE(has_status(res, 204));
  EXPECT_TRUE(is_error_body(get(trustee_path()), 404, "not.found"));
  EXPECT_TRUE(has_status(get(path("/trustees/" + c.organization_id)), 200));

  // Repeated keys.
  res = send("DELETE", path("/trustees?id=" + c.organization_id + "&id=" + d.organization_id));
  EXPECT_TRUE(has_status(res, 204));
  EXPECT_EQ(ids_of(ok(get(path("/trustees")))), std::vector<std::string>{e.organization_id});

  // Only unknown ids (and one already gone): nothing to do.
  EXPECT_TRUE(has_status(send("DELETE", path("/trustees?id=" + random_uuid() + "&id=" + b.organization_id)), 204));
  EXPECT_EQ(ids_of(ok(get(path("/trustees")))), std::vector<std::string>{e.organization_id});

  EXPECT_TRUE(is_bad_request(send("DELETE", path("/trustees")), "id"));
  EXPECT_TRUE(is_bad_request(send("DELETE", path("/trustees?id=")), "id"));
  EXPECT_EQ(ids_of(ok(get(path("/trustees")))), std::vector<std::string>{e.organization_id});
}

TEST_F(TrustApiTest, TheTrusteeMayWithdrawOneTrustOrMany) {
  trust_to(b, "ada@beta.example");
  auto del = send("DELETE", trustor_path(), b_token);
  EXPECT_TRUE(has_status(del, 204));
  EXPECT_TRUE(is_error_body(get(trustee_path()), 404, "not.found"));
  EXPECT_TRUE(is_error_body(get(trustor_path(), b_token), 404, "not.found"));
  EXPECT_TRUE(is_error_body(send("DELETE", trustor_path(), b_token), 404, "not.found"));
  // A may not "withdraw" a trust it gave through the trustee's path.
  trust_to(b, "ada2@beta.example");
  EXPECT_TRUE(is_error_body(send("DELETE", path("/trustors/" + b.organization_id)), 404, "not.found"));

  // Bulk: B is trusted by A and by C, and withdraws from both.
  const auto c = server().bootstrap_another_org("Gamma");
  const std::string c_token = server().token(c.admin);
  const std::string bea = user_in(b_token, "Bea Beta", "bea@beta.example");
  ASSERT_TRUE(has_status(post_trust(trust_body(pairing_of({bea}), json::array{member(bea)}), c_token), 200));
  EXPECT_EQ(ids_of(ok(get(path("/trustors"), b_token))).size(), 2u);
  EXPECT_TRUE(is_bad_request(send("DELETE", path("/trustors"), b_token), "id"));
  auto bulk = send("DELETE", path("/trustors?id=" + a_id + "," + c.organization_id + "&id=" + random_uuid()), b_token);
  EXPECT_TRUE(has_status(bulk, 204));
  EXPECT_TRUE(ids_of(ok(get(path("/trustors"), b_token))).empty());
  EXPECT_TRUE(ids_of(ok(get(path("/trustees")))).empty());
  EXPECT_TRUE(ids_of(ok(get(path("/trustees"), c_token))).empty());
}

TEST_F(TrustApiTest, WithoutACustomerCareOrganizationThereIsNoDefaultTrust) {
  auto res = send("POST", path("/trustees/default?assignDefaultRole=true&autoExpire=true"));
  EXPECT_TRUE(is_error_body(res, 400, "bad.request"));
  EXPECT_TRUE(is_error_body(get(path("/trustees/default")), 404, "not.found"));
  // A trust with some other organization is not the default one.
  trust_to(b, "ada@beta.example");
  EXPECT_TRUE(is_error_body(get(path("/trustees/default")), 404, "not.found"));
}

// A server whose [trust] customer_care_org names an organization made after
// the start (its id is known only then): the configuration is rewritten and
// the server restarted on the same database.
class TrustCustomerCareApiTest : public TrustApiTest {
 protected:
  ServerConfig server_config() const override { return care_org_named_later(); }
  void SetUp() override {
    TrustApiTest::SetUp();
    care = server().bootstrap_another_org("Care");
    name_care_org(server(), care.organization_id);
    reconnect();
    care_token = server().token(care.admin);
  }
  OrgInfo care;
  std::string care_token;
};

TEST_F(TrustCustomerCareApiTest, TheDefaultTrustIsMadeOnceWithTheCareOrganization) {
  EXPECT_TRUE(is_error_body(get(path("/trustees/default")), 404, "not.found"));
  auto made = ok(send("POST", path("/trustees/default?assignDefaultRole=true&autoExpire=true")));
  EXPECT_EQ(str(made, "id"), care.organization_id);
  EXPECT_EQ(made.at("enabled"), json::value(true));
  EXPECT_EQ(made.at("usesDefaultRole"), json::value(true));
  EXPECT_EQ(str(made.at("organization").as_object(), "name"), "Care");
  EXPECT_EQ(str(made, "selfUri"), "/api/v2/orgauthorization/trustees/" + care.organization_id);
  auto created = date_of(made, "dateCreated");
  auto expires = date_of(made, "dateExpired");
  ASSERT_TRUE(created && expires) << json::serialize(made);
  EXPECT_EQ(*expires - *created, 30LL * 24 * 3600 * 1000);

  EXPECT_TRUE(is_error_body(send("POST", path("/trustees/default?assignDefaultRole=true&autoExpire=true")), 409,
                            "general.conflict"));
  EXPECT_EQ(ok(get(path("/trustees/default"))), made);
  EXPECT_EQ(ok(get(path("/trustees/" + care.organization_id))), made);
  EXPECT_EQ(ids_of(ok(get(path("/trustors"), care_token))), std::vector<std::string>{a_id});

  // B's default trust: no default role, no expiry.
  auto plain = ok(send("POST", path("/trustees/default"), b_token));
  EXPECT_EQ(plain.at("usesDefaultRole"), json::value(false));
  EXPECT_FALSE(plain.contains("dateExpired")) << json::serialize(plain);
  EXPECT_EQ(str(ok(get(path("/trustees/default"), b_token)), "id"), care.organization_id);

  // The care organization cannot trust itself.
  EXPECT_TRUE(is_error_body(send("POST", path("/trustees/default"), care_token), 400, "self.trust.not.allowed"));
  EXPECT_TRUE(is_error_body(get(path("/trustees/default"), care_token), 404, "not.found"));
}

// Pairings live [trust] pairing_lifetime_seconds.
class TrustPairingLifetimeApiTest : public TrustApiTest {
 protected:
  ServerConfig server_config() const override {
    ServerConfig c;
    c.config_toml = "[trust]\npairing_lifetime_seconds = 1\n";
    return c;
  }
};

TEST_F(TrustPairingLifetimeApiTest, AnExpiredPairingIsGone) {
  const std::string ada = user_in(b_token, "Ada Beta", "ada@beta.example");
  const std::string pairing = pairing_of({ada});
  EXPECT_TRUE(has_status(get(path("/pairings/" + pairing)), 200));
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  EXPECT_TRUE(is_error_body(get(path("/pairings/" + pairing), b_token), 404, "not.found"));
  EXPECT_TRUE(is_error_body(get(path("/pairings/" + pairing)), 404, "not.found"));
  EXPECT_TRUE(is_error_body(post_trust(trust_body(pairing, json::array{member(ada)})), 400, "pairing.id.required"));
  EXPECT_TRUE(is_error_body(get(trustee_path()), 404, "not.found"));
}

TEST_F(TrustApiTest, WithoutTrustPermissionsTheRoutesAreDenied) {
  const std::string ada = user_in(b_token, "Ada Beta", "ada@beta.example");
  const std::string pairing = pairing_of({ada});
  role_in(admin(), "only users", {"directory:user:view"});
  const std::string none = server().token(server().create_client(a_id, "no-trust", {"only users"}));
  EXPECT_TRUE(is_error_body(get(path("/trustees"), none), 403, "missing.any.permissions"));
  EXPECT_TRUE(is_error_body(get(path("/trustors"), none), 403, "missing.any.permissions"));
  EXPECT_TRUE(is_error_body(get(path("/pairings/" + pairing), none), 403, "missing.any.permissions"));
  EXPECT_TRUE(is_error_body(post_pairing({}, {}, none), 403, "missing.any.permissions"));
  EXPECT_TRUE(
      is_error_body(post_trust(trust_body(pairing, json::array{member(ada)}), none), 403, "missing.permissions"));

  // POST /trustees needs both orgTrustee:add and orgTrusteeUser:add.
  role_in(admin(), "trustee add", {"authorization:orgTrustee:add"});
  const std::string half = server().token(server().create_client(a_id, "half", {"trustee add"}));
  EXPECT_TRUE(
      is_error_body(post_trust(trust_body(pairing, json::array{member(ada)}), half), 403, "missing.permissions"));
  // The refusals left the pairing unused.
  EXPECT_TRUE(has_status(post_trust(trust_body(pairing, json::array{member(ada)})), 200));
  EXPECT_TRUE(is_error_body(send("DELETE", trustee_path(), none), 403, "missing.any.permissions"));
  EXPECT_TRUE(is_error_body(send("DELETE", trustee_path("/users/" + ada), none), 403, "missing.any.permissions"));
  EXPECT_TRUE(has_status(get(trustee_path()), 200));
}

}  // namespace
}  // namespace rp::test
