#pragma once
// Helpers shared by the roles API tests (roles_test.cpp, user_roles_test.cpp).

#include <cctype>
#include <string>
#include <string_view>
#include <vector>

#include "api/api_test.h"

namespace rp::test {

class RolesApiTest : public ApiTest {
 protected:
  ServerConfig server_config() const override {
    ServerConfig c;
    c.extra_orgs = {"globex"};
    return c;
  }

  // `method` `target` with a JSON body ("" = none) and a bearer token ("" = admin).
  HttpResponse send(std::string_view method, std::string_view target, std::string_view body = {},
                    std::string_view token = {}) {
    HeaderList headers = bearer(token.empty() ? admin() : token);
    if (!body.empty()) headers.emplace_back("Content-Type", "application/json");
    return http().send(method, target, headers, body);
  }

  boost::json::object ok(const HttpResponse& res) {
    EXPECT_TRUE(has_status(res, 200));
    if (res.status != 200 || res.body.empty()) return {};
    return parse_object(res.body);
  }

  // POST /api/v2/authorization/roles {name, permissions}; asserts 200.
  boost::json::object create_role(const std::string& name, const std::vector<std::string>& permissions = {}) {
    boost::json::object body{{"name", name}};
    boost::json::array perms;
    for (const auto& p : permissions) perms.emplace_back(p);
    body["permissions"] = std::move(perms);
    return ok(send("POST", "/api/v2/authorization/roles", boost::json::serialize(body)));
  }

  // The role named exactly `name`, from GET /roles?name=.
  boost::json::object role_named(const std::string& name) {
    auto list = ok(send("GET", "/api/v2/authorization/roles?pageSize=100&name=" + enc(name)));
    if (const auto* e = list.if_contains("entities"))
      for (const auto& r : e->as_array())
        if (str(r.as_object(), "name") == name) return r.as_object();
    ADD_FAILURE() << "no role named " << name;
    return {};
  }

  // A token of a new client holding the named roles in every division (made
  // through POST /api/v2/oauth/clients by the admin client).
  std::string token_with(const std::vector<std::string>& roles) {
    std::string name = "client-" + std::to_string(++clients_);
    auto creds = server().create_client(server().org().organization_id, name, roles);
    return server().token(creds);
  }

  // A token of a client whose only role, made through the API, has exactly `permission`.
  std::string token_with_permission(const std::string& permission) {
    std::string role = "only " + permission;
    create_role(role, {permission});
    return token_with({role});
  }

  // A token of a new client holding a new role with `permissions` only in
  // division `division_id`.
  std::string token_in_division(const std::vector<std::string>& permissions, const std::string& division_id) {
    std::string role_id = str(create_role("scoped " + std::to_string(++clients_), permissions), "id");
    auto creds =
        server().create_client(server().org().organization_id, "scoped-client-" + std::to_string(clients_), {});
    auto res = send("POST", "/api/v2/authorization/subjects/" + creds.client_id + "/divisions/" + division_id +
                                "/roles/" + role_id);
    EXPECT_TRUE(res.status == 200 || res.status == 204) << res.describe();
    return server().token(creds);
  }

  // The admin token of the other organization.
  std::string globex() { return server().token(server().extra_orgs().at(0).admin); }

  void expect_denied(const HttpResponse& res, std::string_view permission, std::string_view what) {
    EXPECT_TRUE(is_error_body(res, 403, "missing.any.permissions")) << what;
    EXPECT_NE(res.body.find(permission), std::string::npos) << what << " should name " << permission;
  }

  // Percent-encodes everything but RFC 3986 unreserved characters.
  static std::string enc(std::string_view s) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
      if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
        out += static_cast<char>(c);
      } else {
        out += '%';
        out += hex[c >> 4];
        out += hex[c & 15];
      }
    }
    return out;
  }

  static std::vector<std::string> strings_of(const boost::json::value& v) {
    std::vector<std::string> out;
    if (v.is_array())
      for (const auto& s : v.as_array())
        if (s.is_string()) out.emplace_back(s.as_string());
    return out;
  }

  int clients_ = 0;
};

}  // namespace rp::test
