// UsersApi search: POST /api/v2/users/search (UserSearchRequest) and
// GET /api/v2/users/search?q64=... (a page link of an earlier answer).
//
// The answer (UsersSearchResponse) carries currentPage, nextPage and
// previousPage as "/api/v2/users/search?q64=<request>" links, where <request>
// is the request JSON with that page's pageNumber, in URL-safe base64 without
// padding (so it needs no percent-encoding). GET decodes it (either base64
// alphabet, padded or not) and runs it as a POST of that body would run;
// its `expand` parameter, when given, replaces the request's expand.
// `enforcePermissions: true` keeps only users of the divisions where the
// caller holds directory:user:view.

#include <algorithm>
#include <cmath>

#include <boost/json.hpp>

#include "api/genesys/body.h"
#include "api/genesys/listing.h"
#include "api/genesys/respond.h"
#include "api/genesys/users/handlers.h"
#include "api/genesys/users/user_expand.h"
#include "core/strings.h"

namespace rp::api::genesys {
namespace json = boost::json;
namespace {

constexpr std::string_view kSearchPath = "/api/v2/users/search";

Error bad_q64() {
  return make_error(Errc::invalid_argument, "The q64 value is not a search this server issued").with_field("q64");
}

Result<json::object> decode_q64(std::string_view q64) {
  std::string s(trim(q64));
  for (char& c : s) {
    if (c == '-') c = '+';
    else if (c == '_') c = '/';
  }
  auto raw = base64_decode(s);
  if (!raw) return fail(bad_q64());
  boost::system::error_code ec;
  auto v = json::parse(*raw, ec);
  if (ec || !v.is_object()) return fail(bad_q64());
  return std::move(v.as_object());
}

// A whole number member within [min, max], or `fallback` when absent.
Result<std::int64_t> int_member(const json::object& o, std::string_view key, std::int64_t fallback, std::int64_t min,
                                std::int64_t max) {
  const auto* v = o.if_contains(key);
  if (!v || v->is_null()) return fallback;
  std::optional<std::int64_t> n;
  if (v->is_int64()) n = v->as_int64();
  else if (v->is_uint64() && v->as_uint64() <= std::uint64_t(max)) n = std::int64_t(v->as_uint64());
  else if (v->is_double() && std::trunc(v->as_double()) == v->as_double() && std::abs(v->as_double()) < 1e15)
    n = std::int64_t(v->as_double());
  if (!n || *n < min || *n > max)
    return invalid(std::string(key), std::string(key) + " must be a whole number from " + std::to_string(min) + " to " +
                                         std::to_string(max));
  return *n;
}

Result<std::vector<std::string>> string_list(const json::object& o, std::string_view key, const std::string& path) {
  std::vector<std::string> out;
  const auto* v = o.if_contains(key);
  if (!v || v->is_null()) return out;
  if (!v->is_array()) return invalid(path, path + " must be an array of strings");
  for (const auto& item : v->as_array()) {
    if (!item.is_string()) return invalid(path, path + " must be an array of strings");
    out.emplace_back(item.as_string());
  }
  return out;
}

Result<service::SearchCriterion> criterion(const json::value& v, const std::string& path) {
  if (!v.is_object()) return invalid(path, path + " must be an object");
  const auto& o = v.as_object();
  service::SearchCriterion c;
  c.path = path;
  c.type = RP_TRY(optional_string(o, "type", path)).value_or("");
  c.fields = RP_TRY(string_list(o, "fields", path + ".fields"));
  c.value = RP_TRY(optional_string(o, "value", path));
  c.values = RP_TRY(string_list(o, "values", path + ".values"));
  c.start_value = RP_TRY(optional_string(o, "startValue", path));
  c.end_value = RP_TRY(optional_string(o, "endValue", path));
  c.date_format = RP_TRY(optional_string(o, "dateFormat", path));
  c.op = RP_TRY(optional_string(o, "operator", path)).value_or("");
  if (const auto* g = o.if_contains("group"); g && !g->is_null()) {
    if (!g->is_array()) return invalid(path + ".group", path + ".group must be an array");
    c.has_group = true;
    const auto& arr = g->as_array();
    if (arr.size() > service::kMaxSearchCriteria)
      return invalid(path + ".group",
                     "A search may have at most " + std::to_string(service::kMaxSearchCriteria) + " criteria");
    for (std::size_t i = 0; i < arr.size(); ++i)
      c.group.push_back(RP_TRY(criterion(arr[i], path + ".group[" + std::to_string(i) + "]")));
  }
  return c;
}

struct ParsedSearch {
  service::UserSearchInput input;
  std::vector<std::string> expand;
  std::vector<std::string> return_fields;
  bool enforce_permissions = false;
};

Result<ParsedSearch> parse_search(const json::object& body) {
  ParsedSearch p;
  p.input.page_size = RP_TRY(int_member(body, "pageSize", 25, 1, kMaxPageSize));
  p.input.page_number = RP_TRY(int_member(body, "pageNumber", 1, 1, 1'000'000'000));
  auto sort_by = RP_TRY(optional_string(body, "sortBy"));
  auto sort_order = RP_TRY(optional_string(body, "sortOrder"));
  if (sort_by || sort_order) p.input.sort.push_back({sort_by.value_or(""), sort_order.value_or(""), "sortBy"});
  if (const auto* s = body.if_contains("sort"); s && !s->is_null()) {
    if (!s->is_array()) return invalid("sort", "sort must be an array");
    const auto& arr = s->as_array();
    for (std::size_t i = 0; i < arr.size(); ++i) {
      std::string path = "sort[" + std::to_string(i) + "]";
      if (!arr[i].is_object()) return invalid(path, path + " must be an object");
      const auto& so = arr[i].as_object();
      p.input.sort.push_back({RP_TRY(optional_string(so, "sortBy", path)).value_or(""),
                              RP_TRY(optional_string(so, "sortOrder", path)).value_or(""), path});
    }
  }
  if (const auto* q = body.if_contains("query"); q && !q->is_null()) {
    if (!q->is_array()) return invalid("query", "query must be an array of criteria");
    const auto& arr = q->as_array();
    if (arr.size() > service::kMaxSearchCriteria)
      return invalid("query", "A search may have at most " + std::to_string(service::kMaxSearchCriteria) + " criteria");
    for (std::size_t i = 0; i < arr.size(); ++i)
      p.input.query.push_back(RP_TRY(criterion(arr[i], "query[" + std::to_string(i) + "]")));
  }
  p.expand = RP_TRY(string_list(body, "expand", "expand"));
  p.return_fields = RP_TRY(string_list(body, "returnFields", "returnFields"));
  (void)RP_TRY(optional_string(body, "integrationPresenceSource"));
  if (const auto* e = body.if_contains("enforcePermissions"); e && !e->is_null()) {
    if (!e->is_bool()) return invalid("enforcePermissions", "enforcePermissions must be a boolean");
    p.enforce_permissions = e->as_bool();
  }
  return p;
}

std::string page_link(json::object body, std::int64_t page_number) {
  body["pageNumber"] = page_number;
  return std::string(kSearchPath) + "?q64=" + base64url_encode(json::serialize(body));
}

Result<http::Response> run_search(Call& call, const json::object& body,
                                  const std::vector<std::string>* expand_override) {
  auto parsed = RP_TRY(parse_search(body));
  if (expand_override) parsed.expand = *expand_override;
  auto expand = RP_TRY(user_expand_of(parsed.expand));
  if (parsed.enforce_permissions) {
    // Only users of the divisions where the caller may view users.
    auto permitted = RP_TRY(call.services.grants.permitted(call.caller, "directory:user:view"));
    if (!permitted.all) {
      std::vector<std::string> ids;
      for (const auto& d : permitted.divisions) ids.push_back(d.id);
      parsed.input.only_divisions = std::move(ids);
    }
  }
  auto page = RP_TRY(call.services.users.search(call.caller, parsed.input));

  json::array results = RP_TRY(expanded_users_json(call, page.items, expand));
  for (auto& entry : results) {
    json::object& user = entry.as_object();
    if (!parsed.return_fields.empty()) {
      json::object kept;
      kept["id"] = user["id"];
      for (const auto& f : parsed.return_fields)
        if (const auto* x = user.if_contains(f)) kept[f] = *x;
      user = std::move(kept);
    }
  }
  const std::int64_t size = parsed.input.page_size, number = parsed.input.page_number;
  const std::int64_t page_count = (page.total + size - 1) / size;
  json::object links_body = body;
  if (expand_override) {
    json::array e;
    for (const auto& x : *expand_override) e.emplace_back(x);
    links_body["expand"] = std::move(e);
  }
  json::object out;
  out["total"] = page.total;
  out["pageCount"] = page_count;
  out["pageSize"] = size;
  out["pageNumber"] = number;
  if (number > 1)
    out["previousPage"] = page_link(links_body, std::min(number - 1, std::max<std::int64_t>(page_count, 1)));
  out["currentPage"] = page_link(links_body, number);
  if (number < page_count) out["nextPage"] = page_link(links_body, number + 1);
  out["types"] = json::array{"users"};
  out["results"] = std::move(results);
  return json_response(200, out);
}

}  // namespace

Result<http::Response> post_users_search(Call& call) {
  auto body = RP_TRY(json_object_body(call.req));
  return run_search(call, body, nullptr);
}

Result<http::Response> get_users_search(Call& call) {
  auto q64 = call.req.query_param("q64");
  if (!q64 || trim(*q64).empty()) return invalid("q64", "q64 is required");
  auto body = RP_TRY(decode_q64(*q64));
  auto expand = call.req.query_list("expand");
  return run_search(call, body, expand.empty() ? nullptr : &expand);
}

}  // namespace rp::api::genesys
