// The permission walk: every route of every dialect's route table, taken
// from the tables themselves (so a new route is walked without being listed
// here), against the real server.
//
// For each route, with its path filled with ids of real objects of the
// organization (a fresh user, client, API key for each request; ids of
// other organizations and their members, which trust routes name, name none):
// - no credentials: 401 in the dialect's error body;
// - credentials without what the route requires: refused in the dialect's
//   body (Genesys 403 missing.any.permissions / missing.permissions, Workiva
//   403 403Forbidden, Atlas 401 USER_UNAUTHORIZED or NOT_ORG_OWNER, as Atlas
//   answers a caller without the organization role);
// - credentials holding exactly what it requires, in the home division where
//   the objects are: never refused (the request may still be a 400 or 404:
//   the bodies sent are empty objects).
#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "api/api_test.h"
#include "api/atlas/endpoint.h"
#include "api/genesys/endpoint.h"
#include "api/workiva/endpoint.h"

namespace rp::test {
namespace {

namespace json = boost::json;

class PermissionWalkTest : public ApiTest {
 protected:
  // The walk makes a client and tokens for each request it sends: more
  // than the token budget of one client per minute allows.
  ServerConfig server_config() const override {
    ServerConfig c;
    c.config_toml = "[limits]\ntokens_per_minute_per_client = 0\n";
    return c;
  }

  const std::string& org() { return server().org().organization_id; }

  std::string home() {
    if (home_.empty())
      home_ = str(parse_object(http().get("/api/v2/authorization/divisions/home", admin()).body), "id");
    return home_;
  }

  std::string next(std::string_view stem) { return std::string(stem) + "-" + std::to_string(++serial_); }

  // `method` `path` with an empty JSON object as the body of POST, PUT and PATCH.
  HttpResponse call(std::string_view method, const std::string& path, HeaderList headers) {
    std::string body;
    if (method == "POST" || method == "PUT" || method == "PATCH") {
      body = "{}";
      headers.emplace_back("Content-Type", "application/json");
    }
    return http().send(method, path, headers, body);
  }

  // A new user of the organization (made by the admin client); its id.
  std::string fresh_user() {
    auto name = next("walk-user");
    return str(create_user(name, name + "@example.com"), "id");
  }

  // A new role holding exactly `permissions`; its id.
  std::string role_with(const std::vector<std::string>& permissions) {
    json::array perms;
    for (const auto& p : permissions) perms.emplace_back(p);
    auto res =
        http().post_json("/api/v2/authorization/roles",
                         json::serialize(json::object{{"name", next("walk-role")}, {"permissions", perms}}), admin());
    EXPECT_TRUE(has_status(res, 200)) << "a role with exactly " << perms;
    return res.status == 200 ? str(parse_object(res.body), "id") : "";
  }

  struct Holder {
    std::string token;
    std::string role_id;  // the role it holds ("" for none)
  };

  // A token of a new client holding, in the home division, a new role with
  // exactly `permissions` (no role at all when empty).
  Holder holder_of(const std::vector<std::string>& permissions) {
    auto creds = server().create_client(org(), next("walk-client"), {});
    Holder h;
    if (!permissions.empty()) {
      h.role_id = role_with(permissions);
      auto res = http().send(
          "POST", "/api/v2/authorization/subjects/" + creds.client_id + "/divisions/" + home() + "/roles/" + h.role_id,
          bearer(admin()));
      EXPECT_TRUE(res.status == 200 || res.status == 204) << res.describe();
    }
    h.token = server().token(creds);
    return h;
  }

  // `tmpl` with each {name} replaced by the id `ids` gives it.
  static std::string fill(std::string tmpl, const std::map<std::string, std::string>& ids) {
    for (std::size_t at = tmpl.find('{'); at != std::string::npos; at = tmpl.find('{', at)) {
      std::size_t end = tmpl.find('}', at);
      std::string name = tmpl.substr(at + 1, end - at - 1);
      auto it = ids.find(name);
      EXPECT_NE(it, ids.end()) << "no id for {" << name << "} in " << tmpl;
      std::string value = it == ids.end() ? "unknown" : it->second;
      tmpl.replace(at, end - at + 1, value);
      at += value.size();
    }
    return tmpl;
  }

  std::string home_;
  int serial_ = 0;
};

// ---- Genesys -----------------------------------------------------------------

class GenesysWalk : public PermissionWalkTest {
 protected:
  // The path of `route` over fresh objects; {roleId} and the compared roles
  // are the caller's own role, whose permissions it holds (so the grant rule
  // is met where a role is given).
  std::string path_of(const api::genesys::Route& route, const std::string& role_id) {
    std::map<std::string, std::string> ids{{"divisionId", home()}};
    std::string user =
        route.path.find("{userId}") != std::string::npos || route.path.find("{subjectId}") != std::string::npos
            ? fresh_user()
            : "";
    ids["userId"] = ids["subjectId"] = user;
    std::string role = role_id.empty() ? role_with({"directory:user:view"}) : role_id;
    ids["roleId"] = ids["leftRoleId"] = ids["rightRoleId"] = role;
    // {clientId}: an OAuth client, or under a user the client a geolocation is of.
    if (route.path.starts_with("/api/v2/users/")) ids["clientId"] = "walk-app";
    else if (route.path.find("{clientId}") != std::string::npos)
      ids["clientId"] = server().create_client(org(), next("walk-target"), {}).client_id;
    if (route.path.find("{groupId}") != std::string::npos) ids["groupId"] = fresh_group();
    if (route.path.find("{skillId}") != std::string::npos) ids["skillId"] = fresh_named("/api/v2/routing/skills");
    ids["presenceId"] = "ccf3c10a-aa2c-4845-8e8d-f59fa48c58e5";  // Offline: a primary definition
    ids["sourceId"] = "PURECLOUD";

    if (route.path.find("{languageId}") != std::string::npos)
      ids["languageId"] = fresh_named("/api/v2/routing/languages");
    if (route.path.find("{stationId}") != std::string::npos) ids["stationId"] = fresh_station();
    if (route.path.find("{phoneId}") != std::string::npos) ids["phoneId"] = fresh_phone().first;
    if (route.path.find("{queueId}") != std::string::npos) ids["queueId"] = fresh_named("/api/v2/routing/queues");
    if (route.path.find("{memberId}") != std::string::npos) ids["memberId"] = fresh_user();
    // Trust routes name other organizations and their members: ids that
    // name none (the permission is checked before the path's objects).
    for (const char* name :
         {"trusteeOrgId", "trustorOrgId", "trusteeUserId", "trusteeGroupId", "trustorGroupId", "pairingId"})
      ids[name] = random_uuid();
    return fill(route.path, ids);
  }

  std::string fresh_group() {
    json::object body{
        {"name", next("walk-group")}, {"type", "official"}, {"rulesVisible", false}, {"visibility", "public"}};
    auto res = http().post_json("/api/v2/groups", json::serialize(body), admin());
    EXPECT_TRUE(has_status(res, 200)) << "a group to walk";
    return res.status == 200 ? str(parse_object(res.body), "id") : "";
  }

  // A new object of a collection whose POST takes just a name (routing
  // skills, languages and queues); its id.
  std::string fresh_named(const std::string& collection) {
    auto res = http().post_json(collection, json::serialize(json::object{{"name", next("walk")}}), admin());
    EXPECT_TRUE(has_status(res, 200)) << "an object of " << collection << " to walk";
    return res.status == 200 ? str(parse_object(res.body), "id") : "";
  }

  // A new phone; its id and its station's.
  std::pair<std::string, std::string> fresh_phone() {
    auto res = http().post_json("/api/v2/telephony/providers/edges/phones",
                                json::serialize(json::object{{"name", next("walk-phone")}}), admin());
    EXPECT_TRUE(has_status(res, 200)) << "a phone to walk";
    if (res.status != 200) return {};
    auto phone = str(parse_object(res.body), "id");
    auto station = http().get("/api/v2/stations?name=" + str(parse_object(res.body), "name"), admin());
    auto entities = parse_object(station.body).at("entities").as_array();
    return {phone, entities.empty() ? "" : str(entities[0].as_object(), "id")};
  }
  std::string fresh_station() { return fresh_phone().second; }

  void expect_refused(const api::genesys::Route& route, const Holder& who, std::string_view what) {
    auto res = call(route.method, path_of(route, who.role_id), bearer(who.token));
    std::string code =
        route.need.mode == authz::Requirement::Mode::any ? "missing.any.permissions" : "missing.permissions";
    EXPECT_TRUE(is_error_body(res, 403, code)) << route.method << " " << route.path << " " << what;
  }

  void expect_refused_by_service(const api::genesys::Route& route, const Holder& who, std::string_view what,
                                 std::string_view code) {
    auto res = call(route.method, path_of(route, who.role_id), bearer(who.token));
    EXPECT_TRUE(is_error_body(res, 403, code)) << route.method << " " << route.path << " " << what;
  }

  void expect_allowed(const api::genesys::Route& route, const Holder& who, std::string_view what) {
    auto res = call(route.method, path_of(route, who.role_id), bearer(who.token));
    EXPECT_NE(res.status, 403) << route.method << " " << route.path << " " << what << ": " << res.describe();
    EXPECT_NE(res.status, 401) << route.method << " " << route.path << " " << what << ": " << res.describe();
    EXPECT_LT(res.status, 500) << route.method << " " << route.path << " " << what << ": " << res.describe();
  }
};

TEST_F(GenesysWalk, EveryRouteRefusesNoneAndWrongCredentialsAndAdmitsItsPermissions) {
  const auto routes = api::genesys::route_table();
  ASSERT_GT(routes.size(), 60u);
  for (const auto& route : routes) {
    SCOPED_TRACE(std::string(route.method) + " " + route.path);
    auto anonymous = call(route.method, path_of(route, ""), {});
    EXPECT_TRUE(is_error_body(anonymous, 401, "authentication.required"));

    const auto& names = route.need.names;
    if (route.need.mode == authz::Requirement::Mode::none) {
      // Routes Genesys declares open but whose service lets only the user
      // itself, or a holder of a permission in the user's division, change
      // another user's state.
      struct Rule {
        std::string permission;  // lets another caller change the user's state
        std::string refusal;     // the code of the refusal without it
      };
      static const std::map<std::pair<std::string_view, std::string_view>, Rule> self_or_permission = {
          {{"PATCH", "/api/v2/users/{userId}/presences/{sourceId}"},
           {"presence:userPresence:edit", "missing.any.permissions"}},
          {{"PUT", "/api/v2/users/{userId}/routingstatus"}, {"presence:userPresence:edit", "missing.any.permissions"}},
          {{"PUT", "/api/v2/users/{userId}/outofoffice"}, {"directory:user:edit", "outofoffice.update.error"}},
          {{"PATCH", "/api/v2/users/{userId}/geolocations/{clientId}"},
           {"directory:user:edit", "geolocation.update.error"}},
      };
      if (auto rule = self_or_permission.find({route.method, route.path}); rule != self_or_permission.end()) {
        expect_refused_by_service(route, holder_of({}), "with no role", rule->second.refusal);
        expect_allowed(route, holder_of({rule->second.permission}), "with " + rule->second.permission);
        continue;
      }
      expect_allowed(route, holder_of({}), "with no role");
      continue;
    }
    expect_refused(route, holder_of({}), "with no role");
    // A permission the route does not name is no help.
    std::string other = std::ranges::find(names, "directory:user:view") == names.end() ? "directory:user:view"
                                                                                       : "authorization:role:view";
    expect_refused(route, holder_of({other}), "with " + other + " only");
    if (route.need.mode == authz::Requirement::Mode::any) {
      for (const auto& p : names) expect_allowed(route, holder_of({p}), "with " + p);
    } else {
      expect_allowed(route, holder_of(names), "with all of its permissions");
      if (names.size() > 1)
        for (std::size_t skip = 0; skip < names.size(); ++skip) {
          std::vector<std::string> fewer;
          for (std::size_t i = 0; i < names.size(); ++i)
            if (i != skip) fewer.push_back(names[i]);
          expect_refused(route, holder_of(fewer), "without " + names[skip]);
        }
    }
  }
}

// ---- Atlas -------------------------------------------------------------------

class AtlasWalk : public PermissionWalkTest {
 protected:
  // A bearer token of a service account (an OAuth client) holding the named
  // organization roles.
  std::string account(const std::vector<std::string>& roles) {
    return server().token(server().create_client(org(), next("walk-account"), roles));
  }

  HeaderList atlas_headers(const api::atlas::RouteSpec& spec, const std::string& token) {
    HeaderList h{{"Accept", "application/vnd.atlas." + spec.versions.back() + "+json"}};
    if (!token.empty()) h.emplace_back("Authorization", "Bearer " + token);
    return h;
  }

  // The Atlas id of a fresh user, from the owner's listing.
  std::string fresh_atlas_user() {
    std::string name = next("walk-user");
    create_user(name, name + "@example.com");
    auto res =
        http().send("GET", "/api/atlas/v2/orgs/" + server().org().atlas_org_id + "/users?itemsPerPage=500",
                    {{"Accept", "application/vnd.atlas.2025-02-19+json"}, {"Authorization", "Bearer " + owner()}});
    if (res.status == 200) {
      auto listing = parse_object(res.body);
      for (const auto& u : listing.at("results").as_array())
        if (str(u.as_object(), "username") == name + "@example.com") return str(u.as_object(), "id");
    }
    ADD_FAILURE() << "no Atlas user " << name << ": " << res.describe();
    return "000000000000000000000000";
  }

  std::string fresh_key() {
    auto res = http().send("POST", "/api/atlas/v2/orgs/" + server().org().atlas_org_id + "/apiKeys",
                           {{"Accept", "application/vnd.atlas.2023-01-01+json"},
                            {"Authorization", "Bearer " + owner()},
                            {"Content-Type", "application/json"}},
                           R"({"desc":"walk","roles":["ORG_MEMBER"]})");
    EXPECT_TRUE(has_status(res, 200));
    return res.status == 200 ? str(parse_object(res.body), "id") : "000000000000000000000000";
  }

  const std::string& owner() {
    if (owner_.empty()) owner_ = account({"ORG_OWNER"});
    return owner_;
  }

  std::string path_of(const api::atlas::RouteSpec& spec) {
    std::map<std::string, std::string> ids{{"orgId", server().org().atlas_org_id}};
    if (spec.path.find("{userId}") != std::string::npos) ids["userId"] = fresh_atlas_user();
    if (spec.path.find("{apiUserId}") != std::string::npos) ids["apiUserId"] = fresh_key();
    return fill(spec.path, ids);
  }

  static ::testing::AssertionResult is_atlas_error(const HttpResponse& res, int status, std::string_view code) {
    if (res.status != status) return ::testing::AssertionFailure() << res.describe();
    auto o = parse_object(res.body);
    if (!o.contains("error") || o.at("error").as_int64() != status || str(o, "errorCode") != code ||
        str(o, "detail").empty())
      return ::testing::AssertionFailure() << "not an Atlas " << code << " error: " << res.describe();
    return ::testing::AssertionSuccess();
  }

  std::string owner_;
};

TEST_F(AtlasWalk, EveryRouteRefusesNoneAndWrongCredentialsAndAdmitsItsRoles) {
  const auto routes = api::atlas::route_table();
  ASSERT_GE(routes.size(), 13u);
  const auto all_roles = std::set<std::string>(service::atlas_org_roles().begin(), service::atlas_org_roles().end());
  for (const auto& route : routes) {
    const auto& spec = route.spec;
    SCOPED_TRACE(std::string(spec.method) + " " + spec.path);
    auto anonymous = call(spec.method, path_of(spec), atlas_headers(spec, ""));
    EXPECT_TRUE(is_atlas_error(anonymous, 401, "USER_UNAUTHORIZED"));
    EXPECT_NE(anonymous.header("WWW-Authenticate").find("Digest"), std::string::npos) << anonymous.describe();

    std::set<std::string> allowed(spec.roles.begin(), spec.roles.end());
    allowed.insert("ORG_OWNER");
    auto none = call(spec.method, path_of(spec), atlas_headers(spec, account({})));
    EXPECT_TRUE(is_atlas_error(none, 401, allowed == all_roles ? "USER_UNAUTHORIZED" : "NOT_ORG_OWNER"));
    for (const auto& role : all_roles) {
      auto res = call(spec.method, path_of(spec), atlas_headers(spec, account({role})));
      if (allowed.contains(role)) {
        EXPECT_NE(res.status, 401) << role << ": " << res.describe();
        EXPECT_NE(res.status, 403) << role << ": " << res.describe();
        EXPECT_LT(res.status, 500) << role << ": " << res.describe();
      } else {
        EXPECT_TRUE(is_atlas_error(res, 401, "NOT_ORG_OWNER")) << role;
      }
    }
  }
}

// ---- Workiva -----------------------------------------------------------------

class WorkivaWalk : public PermissionWalkTest {
 protected:
  std::string path_of(const api::workiva::RouteSpec& spec) {
    std::map<std::string, std::string> ids{{"organizationId", org()}, {"operationId", random_uuid()}};
    if (spec.path.find("{userId}") != std::string::npos) ids["userId"] = fresh_user();
    return fill(spec.path, ids);
  }

  static ::testing::AssertionResult is_workiva_error(const HttpResponse& res, int status, std::string_view code) {
    if (res.status != status) return ::testing::AssertionFailure() << res.describe();
    auto o = parse_object(res.body);
    if (str(o, "code") != code || str(o, "message").empty())
      return ::testing::AssertionFailure() << "not a Workiva " << code << " error: " << res.describe();
    return ::testing::AssertionSuccess();
  }
};

TEST_F(WorkivaWalk, EveryRouteRefusesNoneAndWrongCredentialsAndAdmitsItsScope) {
  const auto routes = api::workiva::route_table();
  ASSERT_GE(routes.size(), 7u);
  for (const auto& route : routes) {
    const auto& spec = route.spec;
    SCOPED_TRACE(std::string(spec.method) + " " + spec.path);
    EXPECT_TRUE(is_workiva_error(call(spec.method, path_of(spec), {}), 401, "401Unauthorized"));

    auto need = api::workiva::scope_requirement(spec.scope);
    auto none = call(spec.method, path_of(spec), bearer(holder_of({}).token));
    if (need.mode == authz::Requirement::Mode::none) {
      EXPECT_NE(none.status, 403) << none.describe();
      EXPECT_NE(none.status, 401) << none.describe();
      continue;
    }
    EXPECT_TRUE(is_workiva_error(none, 403, "403Forbidden"));
    for (const auto& p : need.names) {
      auto res = call(spec.method, path_of(spec), bearer(holder_of({p}).token));
      EXPECT_NE(res.status, 403) << p << ": " << res.describe();
      EXPECT_NE(res.status, 401) << p << ": " << res.describe();
      EXPECT_LT(res.status, 500) << p << ": " << res.describe();
    }
  }
}

}  // namespace
}  // namespace rp::test
