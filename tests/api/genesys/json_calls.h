#pragma once
// The calls the Genesys API tests make, for any fixture derived from
// ApiTest: `send` (a JSON body; the admin client's token unless another is
// given), `ok` (the object of a 200 answer, asserted), `token_holding` (a
// new client holding a new role with exactly some permissions in one
// division or all), `audits` (the audit records of an action in the
// database) and `other_org` (the admin token of the first extra
// organization).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json.hpp>

#include "api/api_test.h"
#include "api/db_query.h"

namespace rp::test {

template <class Base>
class JsonCalls : public Base {
 protected:
  HttpResponse send(std::string_view method, std::string_view target, const boost::json::value& body = nullptr,
                    std::string_view token = {}) {
    HeaderList headers = bearer(token.empty() ? this->admin() : token);
    std::string text;
    if (!body.is_null()) {
      headers.emplace_back("Content-Type", "application/json");
      text = boost::json::serialize(body);
    }
    return this->http().send(method, target, headers, text);
  }

  boost::json::object ok(const HttpResponse& res) {
    EXPECT_TRUE(has_status(res, 200));
    return res.status == 200 ? parse_object(res.body) : boost::json::object{};
  }

  std::string token_holding(const std::vector<std::string>& permissions, const std::string& division = "*") {
    boost::json::array perms;
    for (const auto& p : permissions) perms.emplace_back(p);
    auto name = "test-role-" + std::to_string(++serial_);
    auto role =
        ok(send("POST", "/api/v2/authorization/roles", boost::json::object{{"name", name}, {"permissions", perms}}));
    auto creds = this->server().create_client(this->server().org().organization_id, "test-client-" + name, {});
    auto res = send("POST", "/api/v2/authorization/subjects/" + creds.client_id + "/divisions/" + division + "/roles/" +
                                str(role, "id"));
    EXPECT_TRUE(res.status == 200 || res.status == 204) << res.describe();
    return this->server().token(creds);
  }

  std::int64_t audits(std::string_view action) {
    auto rows =
        query(this->server().db_path(), "SELECT count(*) FROM audit_log WHERE action = ?1", {std::string(action)});
    return rows.empty() ? -1 : std::stoll(rows[0][0]);
  }

  std::string other_org() { return this->server().token(this->server().extra_orgs().at(0).admin); }

 private:
  int serial_ = 0;
};

}  // namespace rp::test
