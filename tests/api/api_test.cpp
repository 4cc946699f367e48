#include "api/api_test.h"

#include <boost/url.hpp>
#include <cstdio>
#include <random>
#include <sstream>

namespace rp::test {

namespace json = boost::json;

namespace {

// True if any object member anywhere in `v` is named `key`.
bool has_key_anywhere(const json::value& v, std::string_view key) {
  if (v.is_object()) {
    for (const auto& [k, child] : v.as_object())
      if (k == key || has_key_anywhere(child, key)) return true;
  } else if (v.is_array()) {
    for (const auto& child : v.as_array())
      if (has_key_anywhere(child, key)) return true;
  }
  return false;
}

// The path of the first null member in `v`, or "" when there is none.
std::string null_member(const json::value& v, const std::string& at = "") {
  if (v.is_object()) {
    for (const auto& [k, child] : v.as_object()) {
      const std::string here = at + "." + std::string(k);
      if (child.is_null()) return here;
      if (auto inner = null_member(child, here); !inner.empty()) return inner;
    }
  } else if (v.is_array()) {
    std::size_t i = 0;
    for (const auto& child : v.as_array()) {
      if (auto inner = null_member(child, at + "[" + std::to_string(i++) + "]"); !inner.empty()) return inner;
    }
  }
  return {};
}

}  // namespace

std::string random_uuid() {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  const std::uint64_t hi = (rng() & 0xffffffffffff0fffULL) | 0x0000000000004000ULL;
  const std::uint64_t lo = (rng() & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;
  char buf[37];
  std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(hi >> 32),
                static_cast<unsigned>((hi >> 16) & 0xffff), static_cast<unsigned>(hi & 0xffff),
                static_cast<unsigned>(lo >> 48), static_cast<unsigned long long>(lo & 0xffffffffffffULL));
  return buf;
}

::testing::AssertionResult has_status(const HttpResponse& res, int status) {
  if (res.status == status) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "expected HTTP " << status << ", got " << res.describe();
}

::testing::AssertionResult is_error_body(const HttpResponse& res, int status, std::string_view code) {
  std::ostringstream problems;
  if (res.status != status) problems << "\n  status " << res.status << " != " << status;
  if (res.header("Content-Type").find("application/json") == std::string::npos)
    problems << "\n  Content-Type is '" << res.header("Content-Type") << "', not application/json";
  const std::string correlation = res.header(correlation_header);
  if (correlation.empty()) problems << "\n  no " << correlation_header << " header";
  json::value parsed;
  try {
    parsed = parse_json(res.body);
  } catch (const std::exception& e) {
    problems << "\n  " << e.what();
  }
  if (parsed.is_object()) {
    const auto& o = parsed.as_object();
    if (str(o, "message").empty()) problems << "\n  message missing or empty";
    if (str(o, "code") != code) problems << "\n  code '" << str(o, "code") << "' != '" << code << "'";
    if (num(o, "status") != status) problems << "\n  body status " << num(o, "status") << " != " << status;
    if (str(o, "contextId") != correlation || correlation.empty())
      problems << "\n  contextId '" << str(o, "contextId") << "' != header '" << correlation << "'";
    const auto* params = o.if_contains("messageParams");
    if (!params || !params->is_object()) problems << "\n  messageParams is not an object";
    const auto* details = o.if_contains("details");
    if (!details || !details->is_array()) problems << "\n  details is not an array";
    const auto* errors = o.if_contains("errors");
    if (!errors || !errors->is_array()) problems << "\n  errors is not an array";
  } else if (!parsed.is_null()) {
    problems << "\n  body is not a JSON object";
  }
  if (problems.str().empty()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "not an ErrorBody " << status << " " << code << ":" << problems.str()
                                       << "\n  response: " << res.describe();
}

::testing::AssertionResult is_oauth_error(const HttpResponse& res, int status, std::string_view error) {
  std::ostringstream problems;
  if (res.status != status) problems << "\n  status " << res.status << " != " << status;
  if (res.header(correlation_header).empty()) problems << "\n  no " << correlation_header << " header";
  try {
    auto o = parse_object(res.body);
    if (str(o, "error") != error) problems << "\n  error '" << str(o, "error") << "' != '" << error << "'";
    for (const char* key : {"description", "error_description"}) {
      const auto* v = o.if_contains(key);
      if (!v || !v->is_string()) problems << "\n  " << key << " missing or not a string";
    }
  } catch (const std::exception& e) {
    problems << "\n  " << e.what();
  }
  if (problems.str().empty()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "not an OAuth error " << status << " " << error << ":" << problems.str()
                                       << "\n  response: " << res.describe();
}

std::string first_field_name(const HttpResponse& res) {
  try {
    auto o = parse_object(res.body);
    const auto* details = o.if_contains("details");
    if (!details || !details->is_array() || details->as_array().empty()) return {};
    const auto& d0 = details->as_array()[0];
    return d0.is_object() ? str(d0.as_object(), "fieldName") : std::string();
  } catch (const std::exception&) {
    return {};
  }
}

::testing::AssertionResult is_user(const json::object& user, std::string_view name, std::string_view email,
                                   std::string_view state) {
  std::ostringstream problems;
  const std::string id = str(user, "id");
  if (!is_uuid(id)) problems << "\n  id '" << id << "' is not a UUID";
  if (str(user, "name") != name) problems << "\n  name '" << str(user, "name") << "' != '" << name << "'";
  if (str(user, "email") != email) problems << "\n  email '" << str(user, "email") << "' != '" << email << "'";
  if (str(user, "username") != email)
    problems << "\n  username '" << str(user, "username") << "' != email '" << email << "'";
  if (str(user, "state") != state) problems << "\n  state '" << str(user, "state") << "' != '" << state << "'";
  if (num(user, "version") < 1) problems << "\n  version missing or < 1";
  if (str(user, "selfUri") != "/api/v2/users/" + id)
    problems << "\n  selfUri '" << str(user, "selfUri") << "' != '/api/v2/users/" << id << "'";
  const auto* division = user.if_contains("division");
  if (!division || !division->is_object()) {
    problems << "\n  division missing";
  } else {
    const auto& d = division->as_object();
    if (!is_uuid(str(d, "id"))) problems << "\n  division.id '" << str(d, "id") << "' is not a UUID";
    if (str(d, "name").empty()) problems << "\n  division.name missing";
    if (str(d, "selfUri").find(str(d, "id")) == std::string::npos || str(d, "id").empty())
      problems << "\n  division.selfUri '" << str(d, "selfUri") << "' does not name the division id";
  }
  const auto* pci = user.if_contains("primaryContactInfo");
  bool primary_email = false;
  if (pci && pci->is_array()) {
    for (const auto& c : pci->as_array()) {
      if (!c.is_object()) continue;
      const auto& co = c.as_object();
      if (str(co, "address") == email && str(co, "mediaType") == "EMAIL" && str(co, "type") == "PRIMARY")
        primary_email = true;
    }
  }
  if (!primary_email) problems << "\n  primaryContactInfo lacks {address: email, mediaType: EMAIL, type: PRIMARY}";
  const auto* auto_answer = user.if_contains("acdAutoAnswer");
  if (!auto_answer || !auto_answer->is_bool()) problems << "\n  acdAutoAnswer missing or not a boolean";
  if (has_key_anywhere(user, "password")) problems << "\n  a 'password' member is present";
  if (auto at = null_member(user); !at.empty()) problems << "\n  null member " << at << " (absent fields are omitted)";
  if (problems.str().empty()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "not the expected User:" << problems.str()
                                       << "\n  user: " << json::serialize(user);
}

std::string uri_param(std::string_view uri, std::string_view path, std::string_view key) {
  auto parsed = boost::urls::parse_origin_form(uri);
  if (!parsed || parsed->path() != path) return "<bad uri>";
  auto params = parsed->params();
  auto it = params.find(key);
  if (it == params.end()) return {};
  return std::string((*it).value);
}

void ApiTest::SetUp() {
  server_ = std::make_unique<ServerProcess>(server_config());
  http_ = std::make_unique<HttpClient>(server_->client());
  admin_token_ = server_->admin_token();
}

void ApiTest::TearDown() {
  http_.reset();
  server_.reset();
}

void ApiTest::reconnect() { http_ = std::make_unique<HttpClient>(server_->client()); }

HttpResponse ApiTest::post_user(std::string_view body, std::string_view token) {
  return http().post_json("/api/v2/users", body, token);
}

json::object ApiTest::create_user(std::string_view name, std::string_view email, const json::object& extra,
                                  std::string_view token) {
  json::object body = extra;
  body["name"] = name;
  body["email"] = email;
  auto res = post_user(json::serialize(body), token.empty() ? admin() : token);
  EXPECT_TRUE(has_status(res, 200)) << "creating " << json::serialize(body);
  if (res.status != 200) return {};
  return parse_object(res.body);
}

HttpResponse ApiTest::get_user(std::string_view id, std::string_view token, std::string_view query) {
  std::string target = "/api/v2/users/" + std::string(id);
  if (!query.empty()) {
    target += '?';
    target += query;
  }
  return http().get(target, token.empty() ? admin() : token);
}

json::object ApiTest::list_users(std::string_view query, std::string_view token) {
  std::string target = "/api/v2/users";
  if (!query.empty()) {
    target += '?';
    target += query;
  }
  auto res = http().get(target, token.empty() ? admin() : token);
  EXPECT_TRUE(has_status(res, 200)) << "GET " << target;
  if (res.status != 200) return {};
  return parse_object(res.body);
}

std::vector<std::string> ApiTest::ids_of(const json::object& listing) {
  std::vector<std::string> ids;
  const auto* entities = listing.if_contains("entities");
  if (!entities || !entities->is_array()) return ids;
  for (const auto& e : entities->as_array())
    if (e.is_object()) ids.push_back(str(e.as_object(), "id"));
  return ids;
}

}  // namespace rp::test
