// GroupsApi over HTTP: groups and their members, the allowed and denied
// sides, 400, 404 (another organization's group too), 409 and the member
// count and version as answered at once.

#include "api/api_test.h"

namespace rp::test {
namespace {

namespace json = boost::json;

constexpr std::string_view kGroups = "/api/v2/groups";

class GroupsApiTest : public ApiTest {
 protected:
  std::string token_with(const std::vector<std::string>& roles) {
    std::string name = "client";
    for (const auto& r : roles) name += "-" + r;
    return server().token(server().create_client(server().org().organization_id, name, roles));
  }

  HttpResponse send_json(std::string_view method, std::string_view target, const json::object& body,
                         std::string_view token = {}) {
    return http().send(method, target,
                       {{"Authorization", "Bearer " + std::string(token.empty() ? admin() : token)},
                        {"Content-Type", "application/json"}},
                       json::serialize(body));
  }

  static json::object group_body(std::string_view name) {
    return {{"name", name}, {"type", "official"}, {"rulesVisible", true}, {"visibility", "public"}};
  }

  json::object create_group(std::string_view name) {
    auto res = send_json("POST", kGroups, group_body(name));
    EXPECT_TRUE(has_status(res, 200)) << "creating group " << name;
    return res.status == 200 ? parse_object(res.body) : json::object{};
  }

  std::string group_uri(const json::object& g, std::string_view tail = {}) {
    return std::string(kGroups) + "/" + str(g, "id") + std::string(tail);
  }
};

TEST_F(GroupsApiTest, CreateReadUpdateDelete) {
  auto g = create_group("Support");
  EXPECT_TRUE(is_uuid(str(g, "id")));
  EXPECT_EQ(str(g, "name"), "Support");
  EXPECT_EQ(str(g, "state"), "active");
  EXPECT_EQ(g.at("version").as_int64(), 1);
  EXPECT_EQ(g.at("memberCount").as_int64(), 0);
  EXPECT_EQ(str(g, "visibility"), "public");
  EXPECT_TRUE(g.at("rulesVisible").as_bool());
  EXPECT_EQ(str(g, "selfUri"), group_uri(g));

  auto got = http().get(group_uri(g), admin());
  ASSERT_TRUE(has_status(got, 200));
  EXPECT_EQ(parse_object(got.body), g);

  auto body = group_body("Care");
  body["version"] = 1;
  auto put = send_json("PUT", group_uri(g), body);
  ASSERT_TRUE(has_status(put, 200));
  EXPECT_EQ(str(parse_object(put.body), "name"), "Care");
  EXPECT_EQ(parse_object(put.body).at("version").as_int64(), 2);
  // The same version again is stale.
  EXPECT_TRUE(is_error_body(send_json("PUT", group_uri(g), body), 409, "general.conflict"));

  auto listing = http().get(std::string(kGroups), admin());
  ASSERT_TRUE(has_status(listing, 200));
  EXPECT_EQ(ids_of(parse_object(listing.body)), std::vector<std::string>{str(g, "id")});

  auto del = http().send("DELETE", group_uri(g), {{"Authorization", "Bearer " + admin()}});
  EXPECT_TRUE(has_status(del, 204));
  EXPECT_TRUE(is_error_body(http().get(group_uri(g), admin()), 404, "not.found"));
  EXPECT_TRUE(
      is_error_body(http().send("DELETE", group_uri(g), {{"Authorization", "Bearer " + admin()}}), 404, "not.found"));
}

TEST_F(GroupsApiTest, BadInputAndDuplicateNames) {
  auto no_type = group_body("A");
  no_type.erase("type");
  auto res = send_json("POST", kGroups, no_type);
  EXPECT_TRUE(is_error_body(res, 400, "invalid.value"));
  EXPECT_EQ(first_field_name(res), "type");
  auto bad_visibility = group_body("B");
  bad_visibility["visibility"] = "everyone";
  res = send_json("POST", kGroups, bad_visibility);
  EXPECT_TRUE(is_error_body(res, 400, "invalid.value"));
  EXPECT_EQ(first_field_name(res), "visibility");
  create_group("Ops");
  EXPECT_TRUE(is_error_body(send_json("POST", kGroups, group_body("OPS")), 409, "general.conflict"));
  EXPECT_TRUE(is_error_body(http().get(std::string(kGroups) + "/not-a-group", admin()), 404, "not.found"));
}

TEST_F(GroupsApiTest, MembersAreCountedAndListedAtOnce) {
  auto g = create_group("Dev");
  auto ada = create_user("Ada Lovelace", "ada@example.com");
  auto bob = create_user("Bob Babbage", "bob@example.com");
  auto add = send_json("POST", group_uri(g, "/members"),
                       {{"memberIds", json::array{str(bob, "id"), str(ada, "id")}}, {"version", 1}});
  ASSERT_TRUE(has_status(add, 200));
  auto got = parse_object(http().get(group_uri(g), admin()).body);
  EXPECT_EQ(got.at("memberCount").as_int64(), 2);
  EXPECT_EQ(got.at("version").as_int64(), 2);
  auto members = http().get(group_uri(g, "/members"), admin());
  ASSERT_TRUE(has_status(members, 200));
  auto listing = parse_object(members.body);
  EXPECT_EQ(ids_of(listing), (std::vector<std::string>{str(ada, "id"), str(bob, "id")}));
  EXPECT_TRUE(is_user(listing.at("entities").as_array().at(0).as_object(), "Ada Lovelace", "ada@example.com"));

  // A stale version, an unknown user and an empty list are refused.
  EXPECT_TRUE(is_error_body(
      send_json("POST", group_uri(g, "/members"), {{"memberIds", json::array{str(ada, "id")}}, {"version", 1}}), 409,
      "general.conflict"));
  auto unknown =
      send_json("POST", group_uri(g, "/members"), {{"memberIds", json::array{"00000000-0000-4000-8000-000000000000"}}});
  EXPECT_TRUE(is_error_body(unknown, 400, "invalid.value"));
  EXPECT_EQ(first_field_name(unknown), "memberIds[0]");
  EXPECT_TRUE(
      is_error_body(send_json("POST", group_uri(g, "/members"), {{"memberIds", json::array{}}}), 400, "invalid.value"));

  auto removed =
      http().send("DELETE", group_uri(g, "/members?ids=" + str(bob, "id")), {{"Authorization", "Bearer " + admin()}});
  ASSERT_TRUE(has_status(removed, 200));
  got = parse_object(http().get(group_uri(g), admin()).body);
  EXPECT_EQ(got.at("memberCount").as_int64(), 1);
  EXPECT_EQ(ids_of(parse_object(http().get(group_uri(g, "/members"), admin()).body)),
            std::vector<std::string>{str(ada, "id")});
}

TEST_F(GroupsApiTest, ChangesNeedTheirPermissionAndReadsNone) {
  auto g = create_group("Ops");
  const std::string employee = token_with({"employee"});
  EXPECT_TRUE(has_status(http().get(group_uri(g), employee), 200));
  EXPECT_TRUE(has_status(http().get(std::string(kGroups), employee), 200));
  EXPECT_TRUE(is_error_body(send_json("POST", kGroups, group_body("Mine"), employee), 403, "missing.any.permissions"));
  auto body = group_body("Theirs");
  body["version"] = 1;
  EXPECT_TRUE(is_error_body(send_json("PUT", group_uri(g), body, employee), 403, "missing.any.permissions"));
  EXPECT_TRUE(is_error_body(http().send("DELETE", group_uri(g), {{"Authorization", "Bearer " + employee}}), 403,
                            "missing.any.permissions"));
  auto ada = create_user("Ada Lovelace", "ada@example.com");
  EXPECT_TRUE(
      is_error_body(send_json("POST", group_uri(g, "/members"), {{"memberIds", json::array{str(ada, "id")}}}, employee),
                    403, "missing.any.permissions"));
}

TEST_F(GroupsApiTest, AnotherOrganizationsGroupIsNotFound) {
  auto g = create_group("Ops");
  const auto other = server().bootstrap_another_org("Globex");
  const std::string theirs = server().token(other.admin);
  EXPECT_TRUE(is_error_body(http().get(group_uri(g), theirs), 404, "not.found"));
  EXPECT_TRUE(is_error_body(http().get(group_uri(g, "/members"), theirs), 404, "not.found"));
  auto listing = http().get(std::string(kGroups), theirs);
  ASSERT_TRUE(has_status(listing, 200));
  EXPECT_TRUE(ids_of(parse_object(listing.body)).empty());
}

}  // namespace
}  // namespace rp::test
