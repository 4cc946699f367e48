#pragma once
// The fixture and assertions shared by the API tests. Each test gets its own
// server process (its own temporary database with one bootstrapped
// organization), so tests never see each other's data.

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "support/http_client.h"
#include "support/json_util.h"
#include "support/server_process.h"

namespace rp::test {

inline constexpr std::string_view correlation_header = "ININ-Correlation-Id";

// A fresh random UUID (lower case), for correlation ids and unknown ids.
std::string random_uuid();

// Checks the Genesys ErrorBody answer: `status`, a JSON content type, and a
// body {message (non-empty), code == `code`, status == `status`, contextId ==
// the ININ-Correlation-Id header, messageParams object, details array,
// errors array}.
::testing::AssertionResult is_error_body(const HttpResponse& res, int status, std::string_view code);

// Checks an OAuth error answer: `status` and {error == `error`, description,
// error_description}.
::testing::AssertionResult is_oauth_error(const HttpResponse& res, int status, std::string_view error);

// Checks the response status, with the whole response in the failure message.
::testing::AssertionResult has_status(const HttpResponse& res, int status);

// details[0].fieldName of an ErrorBody, or "" when absent.
std::string first_field_name(const HttpResponse& res);

// Checks the User shape common to every answer: id is a UUID, name, email,
// username == email, state, version >= 1, division {id, name, selfUri},
// selfUri == /api/v2/users/<id>, and primaryContactInfo holding the email as
// the PRIMARY EMAIL contact; no password in any form.
::testing::AssertionResult is_user(const boost::json::object& user, std::string_view name, std::string_view email,
                                   std::string_view state = "active");

// The value of query parameter `key` in relative URI `uri` whose path must be
// `path`; "" when the parameter is absent, "<bad uri>" when the URI does not
// parse or has another path.
std::string uri_param(std::string_view uri, std::string_view path, std::string_view key);

class ApiTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;
  // The configuration of the server started for each test.
  virtual ServerConfig server_config() const { return {}; }

  ServerProcess& server() { return *server_; }
  HttpClient& http() { return *http_; }
  // A token of the bootstrap admin client (fetched once per test).
  const std::string& admin() const { return admin_token_; }
  // Reconnects http() to the current port (after a restart).
  void reconnect();

  // POST /api/v2/users with `body` as given.
  HttpResponse post_user(std::string_view body, std::string_view token);
  // POST /api/v2/users {name, email, ...extra}; asserts 200 and returns the User.
  boost::json::object create_user(std::string_view name, std::string_view email, const boost::json::object& extra = {},
                                  std::string_view token = {});
  // GET /api/v2/users/<id>[?query].
  HttpResponse get_user(std::string_view id, std::string_view token = {}, std::string_view query = {});
  // GET /api/v2/users[?query]; asserts 200 and returns the listing.
  boost::json::object list_users(std::string_view query = {}, std::string_view token = {});
  // The ids of the entities of a listing, in order.
  static std::vector<std::string> ids_of(const boost::json::object& listing);

 private:
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<HttpClient> http_;
  std::string admin_token_;
};

}  // namespace rp::test
