// Roles granted to a group, through the subjects API, reach its members at
// once, and leave them when they leave the group or the group goes.

#include "api/genesys/oauth/sign_in_api.h"

namespace rp::test {
namespace {

namespace json = boost::json;

class GroupRolesApiTest : public SignInApiTest {
 protected:
  HttpResponse send(std::string_view method, const std::string& target, const json::value& body) {
    return http().send(method, target, {{"Authorization", "Bearer " + admin()}, {"Content-Type", "application/json"}},
                       json::serialize(body));
  }

  // A role holding exactly authorization:role:view; its id.
  std::string role_viewer() {
    auto res = send("POST", "/api/v2/authorization/roles",
                    json::object{{"name", "Role viewer"}, {"permissions", json::array{"authorization:role:view"}}});
    EXPECT_TRUE(has_status(res, 200));
    return str(parse_object(res.body), "id");
  }
};

TEST_F(GroupRolesApiTest, AGroupsRolesReachItsMembersAtOnce) {
  auto [access, refresh_token] = user_tokens();
  const std::string roles = "/api/v2/authorization/roles";
  EXPECT_TRUE(is_error_body(http().get(roles, access), 403, "missing.any.permissions"));

  auto group =
      send("POST", "/api/v2/groups",
           json::object{{"name", "Readers"}, {"type", "official"}, {"rulesVisible", true}, {"visibility", "public"}});
  ASSERT_TRUE(has_status(group, 200));
  const std::string group_id = str(parse_object(group.body), "id");
  const std::string members = "/api/v2/groups/" + group_id + "/members";
  ASSERT_TRUE(has_status(send("POST", members, json::object{{"memberIds", json::array{json::value(user_id_)}}}), 200));

  // The group is a subject of the subjects API.
  const std::string role = role_viewer();
  auto add = send("POST", "/api/v2/authorization/subjects/" + group_id + "/bulkadd",
                  json::object{{"grants", json::array{json::object{{"roleId", role}, {"divisionId", "*"}}}}});
  ASSERT_TRUE(add.status == 200 || add.status == 204) << add.describe();
  auto subject = http().get("/api/v2/authorization/subjects/" + group_id, admin());
  ASSERT_TRUE(has_status(subject, 200));
  EXPECT_EQ(parse_object(subject.body).at("grants").as_array().size(), 1u);
  EXPECT_TRUE(has_status(http().get(roles, access), 200));

  // Leaving the group ends it; joining again restores it.
  EXPECT_TRUE(
      has_status(http().send("DELETE", members + "?ids=" + user_id_, {{"Authorization", "Bearer " + admin()}}), 200));
  EXPECT_TRUE(is_error_body(http().get(roles, access), 403, "missing.any.permissions"));
  ASSERT_TRUE(has_status(send("POST", members, json::object{{"memberIds", json::array{json::value(user_id_)}}}), 200));
  EXPECT_TRUE(has_status(http().get(roles, access), 200));

  // The role is in use while the group holds it; deleting the group ends it.
  EXPECT_TRUE(is_error_body(http().send("DELETE", roles + "/" + role, {{"Authorization", "Bearer " + admin()}}), 409,
                            "general.conflict"));
  EXPECT_TRUE(
      has_status(http().send("DELETE", "/api/v2/groups/" + group_id, {{"Authorization", "Bearer " + admin()}}), 204));
  EXPECT_TRUE(is_error_body(http().get(roles, access), 403, "missing.any.permissions"));
  EXPECT_TRUE(has_status(http().send("DELETE", roles + "/" + role, {{"Authorization", "Bearer " + admin()}}), 204));
}

}  // namespace
}  // namespace rp::test
