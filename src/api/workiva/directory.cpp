// The Workiva organization reads: its roles, a user's roles, and its users
// ({data, @nextLink} with $maxpagesize, $next and $filter, user_filter.h).
#include <boost/json.hpp>

#include "api/common/pipeline.h"
#include "api/workiva/endpoint.h"
#include "api/workiva/user_filter.h"
#include "core/strings.h"
#include "core/time.h"

namespace rp::api::workiva {
namespace {

namespace json = boost::json;

constexpr std::int64_t kMaxPageSize = 1000;

json::array roles_json(const std::vector<service::WorkivaRole>& roles) {
  json::array out;
  for (const auto& r : roles) out.push_back(json::object{{"id", r.id}, {"name", r.name}});
  return out;
}

http::Response data(json::array items, const std::string& next_link = {}) {
  json::object body{{"data", std::move(items)}};
  if (!next_link.empty()) body["@nextLink"] = next_link;
  return http::Response::json(200, json::serialize(body));
}

json::object user_json(const store::User& u) {
  auto space = u.name.find(' ');
  return json::object{{"id", u.id},
                      {"givenName", space == std::string::npos ? u.name : u.name.substr(0, space)},
                      {"familyName", space == std::string::npos ? "" : u.name.substr(space + 1)},
                      {"displayName", u.name},
                      {"email", u.email},
                      {"username", u.username},
                      {"status", u.state == store::UserState::active ? "active" : "suspended"},
                      {"created", to_iso8601(u.created)},
                      {"modified", to_iso8601(u.modified)}};
}

Result<std::int64_t> positive_query(const http::Request& req, std::string_view name, std::int64_t fallback,
                                    std::int64_t max) {
  auto v = req.query_param(name);
  if (!v) return fallback;
  std::int64_t n = 0;
  bool ok = !v->empty() && v->size() <= 9;
  for (char c : *v) ok = ok && c >= '0' && c <= '9', n = n * 10 + (c - '0');
  if (!ok || n < 1 || n > max)
    return std::unexpected(
        make_error(Errc::invalid_argument, std::string(name) + " must be between 1 and " + std::to_string(max) + ".")
            .with_field(std::string(name)));
  return n;
}

Result<http::Response> org_roles(Call& call) {
  RP_CHECK(check_org(call));
  return data(roles_json(RP_TRY(call.services.orgs.roles(call.caller))));
}

Result<http::Response> user_roles(Call& call) {
  RP_CHECK(check_org(call));
  return data(
      roles_json(RP_TRY(call.services.orgs.user_roles(call.caller, std::string(call.req.path_param("userId"))))));
}

Result<http::Response> users(Call& call) {
  RP_CHECK(check_org(call));
  PageRequest page;
  page.page_size = RP_TRY(positive_query(call.req, "$maxpagesize", kMaxPageSize, kMaxPageSize));
  page.page_number = RP_TRY(positive_query(call.req, "$next", 1, 999999999));
  service::WorkivaUserFilter filter;
  auto filter_text = call.req.query_param("$filter");
  if (filter_text) filter = RP_TRY(parse_user_filter(*filter_text));
  auto found = RP_TRY(call.services.orgs.users(call.caller, page, filter));
  json::array items;
  for (const auto& u : found.items) items.push_back(user_json(u));
  std::string next;
  if (page.offset() + static_cast<std::int64_t>(found.items.size()) < found.total)
    next = common::base_url(call.req) + "/prototype/admin/organizations/" + call.caller.org.value +
           "/users?$maxpagesize=" + std::to_string(page.page_size) + "&$next=" + std::to_string(page.page_number + 1) +
           (filter_text ? "&$filter=" + percent_encode(*filter_text) : "");
  return data(std::move(items), next);
}

Result<http::Response> user(Call& call) {
  RP_CHECK(check_org(call));
  auto u = RP_TRY(call.services.orgs.user(call.caller, std::string(call.req.path_param("userId"))));
  return http::Response::json(200, json::serialize(user_json(u)));
}

}  // namespace

Routes directory_routes() {
  const std::string org = "/prototype/admin/organizations/{organizationId}";
  return {
      {{"GET", org + "/roles", "organization:read", false, ""}, org_roles},
      {{"GET", org + "/users/{userId}/roles", "organization:read", false, ""}, user_roles},
      {{"GET", org + "/users", "organization:read", false, ""}, users},
      {{"GET", org + "/users/{userId}", "organization:read", false, ""}, user},
  };
}

}  // namespace rp::api::workiva
