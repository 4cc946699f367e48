// OAuthApi clients: GET/POST /api/v2/oauth/clients, GET/PUT/DELETE
// /api/v2/oauth/clients/{clientId}, POST /api/v2/oauth/clients/{clientId}/secret.

#include <algorithm>

#include "api/genesys/authorization/roles_api.h"

namespace rp::test {
namespace {

namespace json = boost::json;

const std::string kClients = "/api/v2/oauth/clients";

class OAuthClientsTest : public RolesApiTest {
 protected:
  // POST /oauth/clients with `body`; the raw answer.
  HttpResponse post_client(const json::object& body, std::string_view token = {}) {
    return send("POST", kClients, json::serialize(body), token);
  }

  // {name, authorizedGrantType CLIENT-CREDENTIALS, roleDivisions: role ids in `division`}.
  json::object client_body(const std::string& name, const std::vector<std::string>& role_ids = {},
                           const std::string& division = "*") {
    json::array pairs;
    for (const auto& id : role_ids) pairs.push_back(json::object{{"roleId", id}, {"divisionId", division}});
    return {{"name", name}, {"authorizedGrantType", "CLIENT-CREDENTIALS"}, {"roleDivisions", pairs}};
  }

  std::string role_id(const std::string& name) { return str(role_named(name), "id"); }
  std::string home_id() { return str(ok(send("GET", "/api/v2/authorization/divisions/home")), "id"); }

  ClientCredentials creds_of(const json::object& created) { return {str(created, "id"), str(created, "secret")}; }

  void expect_field(const HttpResponse& res, std::string_view field) {
    EXPECT_TRUE(is_error_body(res, 400, "invalid.value")) << field;
    EXPECT_EQ(first_field_name(res), field) << res.body;
  }
};

TEST_F(OAuthClientsTest, CreateReadListUpdateAndDelete) {
  const std::string employee = role_id("employee");
  auto body = client_body("Reporting job", {employee});
  body["description"] = "Nightly reports";
  body["accessTokenValiditySeconds"] = 3600;
  auto created = ok(post_client(body));
  const std::string id = str(created, "id");
  EXPECT_FALSE(str(created, "secret").empty());
  EXPECT_EQ(str(created, "name"), "Reporting job");
  EXPECT_EQ(str(created, "description"), "Nightly reports");
  EXPECT_EQ(str(created, "authorizedGrantType"), "CLIENT-CREDENTIALS");
  EXPECT_EQ(num(created, "accessTokenValiditySeconds"), 3600);
  EXPECT_EQ(str(created, "state"), "active");
  EXPECT_EQ(str(created, "selfUri"), kClients + "/" + id);
  EXPECT_EQ(strings_of(created.at("roleIds")), std::vector<std::string>{employee});
  ASSERT_EQ(created.at("roleDivisions").as_array().size(), 1u);
  EXPECT_EQ(str(created.at("roleDivisions").as_array()[0].as_object(), "divisionId"), "*");
  EXPECT_EQ(str(created.at("createdBy").as_object(), "id"), server().org().admin.client_id);
  EXPECT_FALSE(str(created, "dateCreated").empty());
  EXPECT_FALSE(created.contains("dateToDelete"));

  // The secret is shown only when it is made; it works at once.
  auto got = ok(send("GET", kClients + "/" + id));
  EXPECT_FALSE(got.contains("secret"));
  EXPECT_EQ(str(got, "name"), "Reporting job");
  EXPECT_TRUE(has_status(server().request_token(creds_of(created)), 200));

  auto list = ok(send("GET", kClients));
  EXPECT_EQ(num(list, "total"), 2);  // the bootstrap client and this one
  auto listed_ids = ids_of(list);
  EXPECT_NE(std::find(listed_ids.begin(), listed_ids.end(), id), listed_ids.end());
  for (const auto& e : list.at("entities").as_array()) EXPECT_FALSE(e.as_object().contains("secret"));
  auto page = ok(send("GET", kClients + "?pageSize=1&pageNumber=2"));
  EXPECT_EQ(page.at("entities").as_array().size(), 1u);
  EXPECT_EQ(num(page, "pageCount"), 2);

  json::object change{{"name", "Web sign-in"},
                      {"authorizedGrantType", "CODE"},
                      {"registeredRedirectUri", json::array{"https://app.example.com/callback"}},
                      {"roleDivisions", json::array{json::object{{"roleId", employee}, {"divisionId", home_id()}}}},
                      {"dateToDelete", "2030-01-02T03:04:05.000Z"}};
  auto updated = ok(send("PUT", kClients + "/" + id, json::serialize(change)));
  EXPECT_EQ(str(updated, "name"), "Web sign-in");
  EXPECT_EQ(str(updated, "authorizedGrantType"), "CODE");
  EXPECT_EQ(strings_of(updated.at("registeredRedirectUri")),
            std::vector<std::string>{"https://app.example.com/callback"});
  EXPECT_EQ(str(updated, "dateToDelete"), "2030-01-02T03:04:05.000Z");
  EXPECT_EQ(num(updated, "accessTokenValiditySeconds"), 86400);  // the default when not given
  EXPECT_EQ(str(updated.at("roleDivisions").as_array()[0].as_object(), "divisionId"), home_id());
  EXPECT_FALSE(updated.contains("secret"));

  // A CODE client may not use the client credentials grant.
  EXPECT_TRUE(is_oauth_error(server().request_token(creds_of(created)), 400, "unauthorized_client"));

  auto deleted = send("DELETE", kClients + "/" + id);
  EXPECT_EQ(deleted.status, 204) << deleted.describe();
  EXPECT_TRUE(is_error_body(send("GET", kClients + "/" + id), 404, "not.found"));
  EXPECT_TRUE(is_oauth_error(server().request_token(creds_of(created)), 401, "invalid_client"));
}

TEST_F(OAuthClientsTest, InvalidRequestsName400TheField) {
  const std::string employee = role_id("employee");
  auto without_name = client_body("x");
  without_name.erase("name");
  expect_field(post_client(without_name), "name");
  auto bad_grant = client_body("x");
  bad_grant["authorizedGrantType"] = "IMPLICIT";
  expect_field(post_client(bad_grant), "authorizedGrantType");
  auto no_grant = client_body("x");
  no_grant.erase("authorizedGrantType");
  expect_field(post_client(no_grant), "authorizedGrantType");
  auto code = client_body("x");
  code["authorizedGrantType"] = "CODE";
  expect_field(post_client(code), "registeredRedirectUri");
  code["registeredRedirectUri"] = json::array{"https://ok.example.com/cb", "not a uri"};
  expect_field(post_client(code), "registeredRedirectUri[1]");
  code["registeredRedirectUri"] = json::array{"/relative/path"};
  expect_field(post_client(code), "registeredRedirectUri[0]");
  for (std::int64_t seconds : {299, 172801}) {
    auto validity = client_body("x");
    validity["accessTokenValiditySeconds"] = seconds;
    expect_field(post_client(validity), "accessTokenValiditySeconds");
  }
  auto text_validity = client_body("x");
  text_validity["accessTokenValiditySeconds"] = "long";
  expect_field(post_client(text_validity), "accessTokenValiditySeconds");
  expect_field(post_client(client_body("x", {employee, random_uuid()})), "roleDivisions[1].roleId");
  expect_field(post_client(client_body("x", {employee}, random_uuid())), "roleDivisions[0].divisionId");
  auto bad_state = client_body("x");
  bad_state["state"] = "sleeping";
  expect_field(post_client(bad_state), "state");
  auto bad_date = client_body("x");
  bad_date["dateToDelete"] = "tomorrow";
  expect_field(post_client(bad_date), "dateToDelete");

  // Another organization's role is not one of this organization's.
  auto globex_roles = parse_object(http().get("/api/v2/authorization/roles", globex()).body);
  const std::string foreign = str(globex_roles.at("entities").as_array()[0].as_object(), "id");
  expect_field(post_client(client_body("x", {foreign})), "roleDivisions[0].roleId");

  // The same checks on PUT; nothing was stored by the failed attempts.
  auto created = ok(post_client(client_body("valid")));
  expect_field(send("PUT", kClients + "/" + str(created, "id"), json::serialize(without_name)), "name");
  EXPECT_EQ(num(ok(send("GET", kClients)), "total"), 2);
}

TEST_F(OAuthClientsTest, UnknownAndForeignClientIdsAre404) {
  auto globex_client =
      parse_object(http().post_json(kClients, json::serialize(client_body("globex job")), globex()).body);
  const std::string foreign = str(globex_client, "id");
  ASSERT_FALSE(foreign.empty());
  const std::string body = json::serialize(client_body("renamed"));
  for (const std::string& id : {foreign, random_uuid(), std::string("not-a-uuid")}) {
    EXPECT_TRUE(is_error_body(send("GET", kClients + "/" + id), 404, "not.found")) << id;
    EXPECT_TRUE(is_error_body(send("PUT", kClients + "/" + id, body), 404, "not.found")) << id;
    EXPECT_TRUE(is_error_body(send("DELETE", kClients + "/" + id), 404, "not.found")) << id;
    EXPECT_TRUE(is_error_body(send("POST", kClients + "/" + id + "/secret"), 404, "not.found")) << id;
  }
  // The other organization's client is untouched and not listed here.
  EXPECT_EQ(str(parse_object(http().get(kClients + "/" + foreign, globex()).body), "name"), "globex job");
  auto mine = ok(send("GET", kClients));
  auto mine_ids = ids_of(mine);
  EXPECT_EQ(std::find(mine_ids.begin(), mine_ids.end(), foreign), mine_ids.end());
}

TEST_F(OAuthClientsTest, EachEndpointNeedsItsPermission) {
  auto target = ok(post_client(client_body("target")));
  const std::string path = kClients + "/" + str(target, "id");
  const std::string employee = token_with({"employee"});
  const std::string body = json::serialize(client_body("changed"));
  expect_denied(send("GET", kClients, {}, employee), "oauth:client:view", "GET clients");
  expect_denied(send("POST", kClients, body, employee), "oauth:client:add", "POST clients");
  expect_denied(send("GET", path, {}, employee), "oauth:client:view", "GET client");
  expect_denied(send("PUT", path, body, employee), "oauth:client:edit", "PUT client");
  expect_denied(send("DELETE", path, {}, employee), "oauth:client:delete", "DELETE client");
  expect_denied(send("POST", path + "/secret", {}, employee), "oauth:client:edit", "POST secret");
  EXPECT_EQ(send("GET", kClients).status, 200);
  EXPECT_EQ(str(ok(send("GET", path)), "name"), "target");

  // Each permission alone opens its endpoints.
  const std::string viewer = token_with_permission("oauth:client:view");
  EXPECT_TRUE(has_status(send("GET", kClients, {}, viewer), 200));
  EXPECT_TRUE(has_status(send("GET", path, {}, viewer), 200));
  const std::string editor = token_with_permission("oauth:client:edit");
  EXPECT_TRUE(has_status(send("PUT", path, body, editor), 200));
  EXPECT_TRUE(has_status(send("POST", path + "/secret", {}, editor), 200));
  EXPECT_TRUE(has_status(send("POST", kClients, body, token_with_permission("oauth:client:add")), 200));
  EXPECT_EQ(send("DELETE", path, {}, token_with_permission("oauth:client:delete")).status, 204);
  EXPECT_EQ(http().get(kClients).status, 401);
}

TEST_F(OAuthClientsTest, ClientWithOnlyUserViewListsUsersButCannotCreateOne) {
  create_role("user viewer", {"directory:user:view"});
  auto created = ok(post_client(client_body("viewer", {role_id("user viewer")})));
  const std::string token = server().token(creds_of(created));
  auto user = create_user("Visible Vera", "vera@example.com");
  auto listed = http().get("/api/v2/users", token);
  ASSERT_TRUE(has_status(listed, 200));
  EXPECT_EQ(ids_of(parse_object(listed.body)), std::vector<std::string>{str(user, "id")});
  expect_denied(post_user(R"({"name":"No","email":"no@example.com"})", token), "directory:user:add", "POST users");
  expect_denied(send("GET", kClients, {}, token), "oauth:client:view", "GET clients");
}

TEST_F(OAuthClientsTest, RegeneratingTheSecretInvalidatesTheOldOneAtOnce) {
  auto created = ok(post_client(client_body("rotating", {role_id("employee")})));
  auto old_creds = creds_of(created);
  const std::string old_token = server().token(old_creds);
  auto rotated = ok(send("POST", kClients + "/" + old_creds.client_id + "/secret"));
  EXPECT_EQ(str(rotated, "id"), old_creds.client_id);
  const std::string fresh = str(rotated, "secret");
  ASSERT_FALSE(fresh.empty());
  EXPECT_NE(fresh, old_creds.client_secret);
  EXPECT_TRUE(is_oauth_error(server().request_token(old_creds), 401, "invalid_client"));
  EXPECT_TRUE(has_status(server().request_token({old_creds.client_id, fresh}), 200));
  EXPECT_FALSE(ok(send("GET", kClients + "/" + old_creds.client_id)).contains("secret"));
}

TEST_F(OAuthClientsTest, DeletingOrDisablingAClientRevokesItsTokensAtOnce) {
  auto doomed = creds_of(ok(post_client(client_body("doomed", {role_id("employee")}))));
  const std::string doomed_token = server().token(doomed);
  EXPECT_EQ(http().get("/api/v2/users", doomed_token).status, 200);
  EXPECT_EQ(send("DELETE", kClients + "/" + doomed.client_id).status, 204);
  EXPECT_TRUE(is_error_body(http().get("/api/v2/users", doomed_token), 401, "bad.credentials"));

  for (const std::string state : {"disabled", "inactive"}) {
    auto created = ok(post_client(client_body("paused " + state, {role_id("employee")})));
    auto creds = creds_of(created);
    const std::string token = server().token(creds);
    auto body = client_body("paused " + state, {role_id("employee")});
    body["state"] = state;
    auto updated = ok(send("PUT", kClients + "/" + creds.client_id, json::serialize(body)));
    EXPECT_EQ(str(updated, "state"), state);
    EXPECT_TRUE(is_error_body(http().get("/api/v2/users", token), 401, "bad.credentials")) << state;
    EXPECT_TRUE(is_oauth_error(server().request_token(creds), 401, "invalid_client")) << state;
    body["state"] = "active";
    ok(send("PUT", kClients + "/" + creds.client_id, json::serialize(body)));
    EXPECT_TRUE(has_status(server().request_token(creds), 200)) << state << " then active again";
  }
}

TEST_F(OAuthClientsTest, AChangeOfRolesAppliesToTheClientsTokensAtOnce) {
  auto creds = creds_of(ok(post_client(client_body("growing", {role_id("employee")}))));
  const std::string token = server().token(creds);
  const std::string user = R"({"name":"Grown","email":"grown@example.com"})";
  expect_denied(post_user(user, token), "directory:user:add", "before the change");
  ok(send("PUT", kClients + "/" + creds.client_id, json::serialize(client_body("growing", {role_id("admin")}))));
  EXPECT_TRUE(has_status(post_user(user, token), 200));
  ok(send("PUT", kClients + "/" + creds.client_id, json::serialize(client_body("growing"))));
  expect_denied(post_user(R"({"name":"Shrunk","email":"shrunk@example.com"})", token), "directory:user:add",
                "after the roles were removed");
}

TEST_F(OAuthClientsTest, NoOneCanMakeAClientStrongerThanThemselves) {
  create_role("client maker", {"oauth:client:add", "oauth:client:edit", "directory:user:view"});
  const std::string maker_role = role_id("client maker");
  const std::string home = home_id();
  // The maker holds its role in the Home division only.
  auto maker = creds_of(ok(post_client(client_body("maker", {maker_role}, home))));
  const std::string token = server().token(maker);

  auto stronger = post_client(client_body("stronger", {role_id("admin")}), token);
  EXPECT_TRUE(is_error_body(stronger, 403, "missing.permissions"));
  auto everywhere = post_client(client_body("everywhere", {maker_role}), token);
  EXPECT_TRUE(is_error_body(everywhere, 403, "missing.permissions")) << "held in Home only, given in every division";
  EXPECT_EQ(num(ok(send("GET", kClients)), "total"), 2) << "a refused client was stored";

  auto equal = post_client(client_body("equal", {maker_role}, home), token);
  ASSERT_TRUE(has_status(equal, 200));
  // Editing may keep roles the client already holds, not add stronger ones.
  const std::string equal_id = str(parse_object(equal.body), "id");
  EXPECT_TRUE(has_status(
      send("PUT", kClients + "/" + equal_id, json::serialize(client_body("equal renamed", {maker_role}, home)), token),
      200));
  EXPECT_TRUE(is_error_body(
      send("PUT", kClients + "/" + equal_id, json::serialize(client_body("equal", {role_id("admin")}, home)), token),
      403, "missing.permissions"));
}

TEST_F(OAuthClientsTest, GrantTypesAreStoredAndOnlyClientCredentialsIssuesTokens) {
  for (const std::string grant : {"CODE", "TOKEN", "PASSWORD", "SAML2BEARER"}) {
    auto body = client_body(grant + " client");
    body["authorizedGrantType"] = grant;
    body["registeredRedirectUri"] = json::array{"https://app.example.com/cb"};
    auto created = ok(post_client(body));
    EXPECT_EQ(str(created, "authorizedGrantType"), grant);
    EXPECT_TRUE(is_oauth_error(server().request_token(creds_of(created)), 400, "unauthorized_client")) << grant;
  }
}

}  // namespace
}  // namespace rp::test
