#pragma once
// What the Workiva API tests share: the paths of a user's role operations,
// the operation named by a 202's Location, and polling it until it is done.

#include <boost/json.hpp>

#include <chrono>
#include <string>
#include <string_view>
#include <thread>

#include <gtest/gtest.h>

#include "support/http_client.h"
#include "support/json_util.h"

namespace rp::test {

// /prototype/admin/organizations/{org}/users/{user}/roles/{what}.
inline std::string workiva_roles_path(const std::string& org, const std::string& user, std::string_view what) {
  return "/prototype/admin/organizations/" + org + "/users/" + user + "/roles/" + std::string(what);
}

// The path of the operation named by an absolute Location ("" if none).
inline std::string operation_path(const HttpResponse& res) {
  std::string loc = res.header("Location");
  auto at = loc.find("/prototype/platform/operations/");
  return at == std::string::npos ? "" : loc.substr(at);
}

// Polls the operation until it is no longer pending; its last answer.
inline boost::json::object await_operation(HttpClient& http, const std::string& path, const std::string& token) {
  boost::json::object op;
  for (int i = 0; i < 600; ++i) {
    auto res = http.get(path, token);
    if (res.status != 200) {
      ADD_FAILURE() << "GET " << path << ": HTTP " << res.status << " " << res.body;
      return op;
    }
    op = parse_object(res.body);
    auto status = str(op, "status");
    if (status == "completed" || status == "failed") return op;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ADD_FAILURE() << "operation " << path << " still " << str(op, "status");
  return op;
}

}  // namespace rp::test
