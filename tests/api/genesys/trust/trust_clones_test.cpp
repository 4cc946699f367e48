// Cloned users over HTTP: the trustee clones its admitted users into the
// trustor (idempotent, at most five per trustor, no password), both sides
// list and read them, either side deletes them, and they go with their
// member or their trust.

#include "api/genesys/trust/trust_api.h"

namespace rp::test {
namespace {

namespace json = boost::json;

class TrustClonesApiTest : public TrustApiTest {
 protected:
  void SetUp() override {
    TrustApiTest::SetUp();
    employee_ = role_in("", "Trusted employee", {"directory:user:view"});
  }

  // B's user, a named member of the trust A→B (made on first use).
  std::string member_of_b(std::string_view name, std::string_view email) {
    const std::string u = user_in(b_token, name, email);
    if (!trusted_) {
      trust_b(u, employee_);
      trusted_ = true;
    } else {
      ok(send_json("POST", trustee_path("/users"), member(u, {employee_})));
    }
    return u;
  }

  std::string clone_path(std::string_view user_id) { return trustor_path("/clonedusers/" + std::string(user_id)); }

  std::string employee_;
  bool trusted_ = false;
};

TEST_F(TrustClonesApiTest, TheTrusteeClonesAnAdmittedUserOnceAndBothSidesSeeIt) {
  const std::string u = member_of_b("Cleo Clone", "cleo@beta.example");
  auto put = send("PUT", clone_path(u), b_token);
  ASSERT_TRUE(has_status(put, 200));
  auto clone = parse_object(put.body);
  const std::string clone_id = str(clone, "id");
  EXPECT_TRUE(is_uuid(clone_id));
  EXPECT_NE(clone_id, u);
  EXPECT_EQ(str(clone, "name"), "Cleo Clone");
  EXPECT_EQ(str(clone.at("trustor").as_object(), "id"), a_id);
  EXPECT_EQ(str(clone, "selfUri"), clone_path(u));
  // Idempotent: the same clone again.
  auto again = send("PUT", clone_path(u), b_token);
  ASSERT_TRUE(has_status(again, 200));
  EXPECT_EQ(str(parse_object(again.body), "id"), clone_id);

  // The clone is an ordinary user of A, in A's Home division, without a password.
  auto user = get_user(clone_id);
  ASSERT_TRUE(has_status(user, 200));
  auto record = parse_object(user.body);
  EXPECT_EQ(str(record, "email"), "cleo@beta.example");
  EXPECT_EQ(str(record.at("division").as_object(), "id"), home_division());

  auto b_list = get(trustor_path("/clonedusers"), b_token);
  ASSERT_TRUE(has_status(b_list, 200));
  auto listing = parse_object(b_list.body);
  EXPECT_EQ(listing.at("total").as_int64(), 1);
  EXPECT_EQ(ids_in(listing.at("entities")), std::vector<std::string>{clone_id});
  EXPECT_EQ(str(listing, "selfUri"), trustor_path("/clonedusers"));
  EXPECT_TRUE(has_status(get(clone_path(u), b_token), 200));
  auto a_list = get(trustee_path("/clonedusers"));
  ASSERT_TRUE(has_status(a_list, 200));
  EXPECT_EQ(ids_in(parse_object(a_list.body).at("entities")), std::vector<std::string>{clone_id});
}

TEST_F(TrustClonesApiTest, OnlyAdmittedUsersOfATrustAreCloned) {
  const std::string member = member_of_b("Mia Member", "mia@beta.example");
  const std::string outsider = user_in(b_token, "Oscar Outsider", "oscar@beta.example");
  EXPECT_TRUE(is_error_body(send("PUT", clone_path(outsider), b_token), 404, "not.found"));
  EXPECT_TRUE(is_error_body(send("PUT", clone_path(random_uuid()), b_token), 404, "not.found"));
  // No trust with C: 404.
  auto c = server().bootstrap_another_org("Gamma");
  EXPECT_TRUE(is_error_body(send("PUT", path("/trustors/" + c.organization_id + "/clonedusers/" + member), b_token),
                            404, "not.found"));
  // A member of a trusted group is admitted.
  const std::string grouped = user_in(b_token, "Gus Grouped", "gus@beta.example");
  const std::string group = group_in(b_token, "Partners");
  ASSERT_TRUE(has_status(send_json("POST", "/api/v2/groups/" + group + "/members",
                                   json::object{{"memberIds", strings({grouped})}}, b_token),
                         200));
  ok(send_json("POST", trustee_path("/groups"), this->member(group, {employee_})));
  EXPECT_TRUE(has_status(send("PUT", clone_path(grouped), b_token), 200));
  // A user of A with the same email: 409.
  const std::string twin = user_in(b_token, "Tess Twin", "tess@example.com");
  create_user("Tess Native", "tess@example.com");
  ok(send_json("POST", trustee_path("/users"), this->member(twin, {employee_})));
  EXPECT_TRUE(is_error_body(send("PUT", clone_path(twin), b_token), 409, "general.conflict"));
}

TEST_F(TrustClonesApiTest, AnOrganizationHasAtMostFiveClones) {
  std::vector<std::string> users;
  for (int i = 0; i < 6; ++i)
    users.push_back(member_of_b("Member " + std::to_string(i), "m" + std::to_string(i) + "@beta.example"));
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(has_status(send("PUT", clone_path(users[i]), b_token), 200)) << i;
  auto sixth = send("PUT", clone_path(users[5]), b_token);
  ASSERT_TRUE(is_error_body(sixth, 409, "general.conflict"));
  auto limit = parse_object(sixth.body).at("limit").as_object();
  EXPECT_EQ(limit.at("value").as_int64(), 5);
  EXPECT_EQ(str(limit, "namespace"), "authorization");
  // Deleting one makes room.
  EXPECT_TRUE(has_status(send("DELETE", clone_path(users[0]), b_token), 204));
  EXPECT_TRUE(has_status(send("PUT", clone_path(users[5]), b_token), 200));
}

TEST_F(TrustClonesApiTest, EitherSideDeletesAndClonesGoWithTheirMemberOrTrust) {
  const std::string u1 = member_of_b("Una", "una@beta.example");
  const std::string u2 = member_of_b("Dee", "dee@beta.example");
  const std::string u3 = member_of_b("Vic", "vic@beta.example");
  std::vector<std::string> clones;
  for (const auto& u : {u1, u2, u3}) clones.push_back(str(ok(send("PUT", clone_path(u), b_token)), "id"));
  // A deletes by the trustee user's id or by the clone's own id; the clone
  // user is deleted in A.
  EXPECT_TRUE(has_status(send("DELETE", trustee_path("/clonedusers/" + u1)), 204));
  EXPECT_TRUE(is_error_body(get_user(clones[0]), 404, "not.found"));
  EXPECT_TRUE(has_status(send("DELETE", trustee_path("/clonedusers/" + clones[1])), 204));
  EXPECT_TRUE(is_error_body(send("DELETE", trustee_path("/clonedusers/" + clones[1])), 404, "not.found"));
  // Removing the member removes its clone.
  EXPECT_TRUE(has_status(send("DELETE", trustee_path("/users/" + u3)), 204));
  EXPECT_TRUE(is_error_body(get_user(clones[2]), 404, "not.found"));
  // Ending the trust removes the rest.
  const std::string u4 = member_of_b("Wes", "wes@beta.example");
  const std::string clone4 = str(ok(send("PUT", clone_path(u4), b_token)), "id");
  EXPECT_TRUE(has_status(send("DELETE", trustee_path()), 204));
  EXPECT_TRUE(is_error_body(get_user(clone4), 404, "not.found"));
}

TEST_F(TrustClonesApiTest, TheTrustorNeedsDirectoryPermissionsInTheClonesDivision) {
  const std::string u = member_of_b("Pat", "pat@beta.example");
  ok(send("PUT", clone_path(u), b_token));
  ASSERT_FALSE(role_in("", "Viewer", {"directory:user:view"}).empty());
  auto creds = server().create_client(a_id, "viewer-client", {"Viewer"});
  const std::string token = server().token(creds);
  EXPECT_TRUE(has_status(get(trustee_path("/clonedusers"), token), 200));
  EXPECT_TRUE(is_error_body(send("DELETE", trustee_path("/clonedusers/" + u), token), 403, "missing.any.permissions"));
}

}  // namespace
}  // namespace rp::test
