// The wrapper every Atlas route runs through, and the answer helpers.
#include "api/atlas/endpoint.h"

#include <charconv>
#include <limits>
#include <stdexcept>

#include <spdlog/spdlog.h>

#include "api/atlas/digest.h"
#include "api/atlas/errors.h"
#include "api/atlas/json_out.h"
#include "core/strings.h"
#include "http/oauth.h"

namespace rp::api::atlas {
namespace json = boost::json;
namespace {

bool is_atlas_id(std::string_view s) {
  if (s.size() != 24) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

bool flag(const http::Request& req, std::string_view name) {
  auto v = req.query_param(name);
  return v && iequals(*v, "true");
}

// The first media range of Accept naming a version the route serves: "" when
// none does; `asked` gets the versions named (for the error detail).
std::string choose_version(std::string_view accept, const std::vector<std::string>& versions, std::string& asked) {
  static const std::string prefix = "application/vnd.atlas.";
  std::size_t start = 0;
  while (start <= accept.size()) {
    std::size_t comma = accept.find(',', start);
    if (comma == std::string_view::npos) comma = accept.size();
    std::string range = to_lower(trim(accept.substr(start, comma - start)));
    if (auto semi = range.find(';'); semi != std::string::npos) range = std::string(trim(range.substr(0, semi)));
    if (range.starts_with(prefix) && range.ends_with("+json")) {
      std::string v = range.substr(prefix.size(), range.size() - prefix.size() - 5);
      if (!asked.empty()) asked += ", ";
      asked += v;
      for (const auto& served : versions)
        if (served == v) return v;
    }
    start = comma + 1;
  }
  return {};
}

http::Response challenge(Services& services, http::Response resp, bool stale) {
  resp.set_header("WWW-Authenticate", digest_challenge(services.keys.new_nonce(), stale));
  return resp;
}

// The caller of a service account's bearer token (a user's sign-in token is
// not an Atlas credential); the 401 answer otherwise.
std::expected<service::Caller, http::Response> bearer_caller(std::string_view bearer, const http::Request& req,
                                                              Services& services) {
  auto caller = services.tokens.authenticate(bearer, req.correlation_id);
  if (caller && caller->subject_type != store::SubjectType::client)
    caller = std::unexpected(make_error(Errc::unauthenticated, "Only a service account's token is accepted here."));
  if (caller) return std::move(*caller);
  auto resp = error_response(caller.error());
  resp.set_header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
  return std::unexpected(std::move(resp));
}

// The request's Digest credentials, when they name its URI.
std::optional<service::DigestCredentials> digest_of(const http::Request& req) {
  auto creds = parse_digest(trim(req.header("Authorization")));
  // The response covers the URI it names: it must be this request's.
  if (creds && creds->uri != req.target) creds.reset();
  return creds;
}

http::Response digest_required(Services& services) {
  return challenge(services, error_response(make_error(Errc::unauthenticated, "Digest credentials required")), false);
}

}  // namespace

std::optional<http::Response> refuse_head(const http::Request& head, Services& services) {
  if (!head.path.starts_with("/api/atlas/")) return std::nullopt;
  if (std::string_view bearer = http::bearer_token(head); !bearer.empty()) {
    auto caller = bearer_caller(bearer, head, services);
    if (caller) return std::nullopt;
    return std::move(caller.error());
  }
  if (digest_of(head)) return std::nullopt;
  return digest_required(services);
}

namespace {

http::Response run(const RouteSpec& spec, const Endpoint& endpoint, Services& services, http::Request& req) {
  auto respond = [&](const Error& e) {
    if (e.code == Errc::internal) spdlog::error("{} {} [{}]: {}", req.method, req.path, req.correlation_id, e.message);
    return error_response(e);
  };
  // Authentication: a service account's bearer token, or HTTP Digest with an API key.
  Result<service::Caller> caller;
  if (std::string_view bearer = http::bearer_token(req); !bearer.empty()) {
    auto by_token = bearer_caller(bearer, req, services);
    if (!by_token) return std::move(by_token.error());
    caller = std::move(*by_token);
  } else {
    auto creds = digest_of(req);
    if (!creds) return digest_required(services);
    caller = services.keys.authenticate(*creds, req.method, req.correlation_id);
    if (!caller) return challenge(services, respond(caller.error()), caller.error().reason == "digest.stale");
  }

  auto remaining = services.limiter.acquire_counted(caller->token_hash);
  auto rate_headers = [&](http::Response& r) {
    if (services.limiter.capacity() <= 0) return;
    r.set_header("RateLimit-Limit", std::to_string(services.limiter.capacity()));
    r.set_header("RateLimit-Remaining", std::to_string(remaining ? *remaining : 0));
  };
  auto fail = [&](http::Response r) {
    rate_headers(r);
    return r;
  };
  if (!remaining) return fail(respond(remaining.error()));

  std::string asked;
  std::string version = choose_version(req.header("Accept"), spec.versions, asked);
  if (version.empty()) {
    std::string detail = asked.empty()
                             ? "The request does not name a version: send Accept: application/vnd.atlas.<date>+json."
                             : "Version(s) " + asked + " of " + req.path + " are not available.";
    return fail(atlas_error(406, "INVALID_VERSION_DATE", detail, {asked, req.path}));
  }
  if (auto gone = version_gone(spec, version, req.path, services.clock.now())) return fail(std::move(*gone));
  std::string_view org_id = req.path_param("orgId");
  if (spec.path.find("{orgId}") != std::string::npos && !is_atlas_id(org_id))
    return fail(atlas_error(404, "INVALID_ORG_ID", "An invalid organization ID " + std::string(org_id) + " was specified.",
                            {std::string(org_id)}));
  if (auto user_id = req.path_param("userId"); !user_id.empty() && !is_atlas_id(user_id))
    return fail(atlas_error(404, "INVALID_USER_ID", "An invalid user ID " + std::string(user_id) + " was specified.",
                            {std::string(user_id)}));
  auto org = services.orgs.admit(*caller, org_id, spec.roles);
  if (!org) return fail(respond(org.error()));

  std::string host(req.header("Host"));
  Call call{req, *caller, services, std::move(*org), version,
            "http://" + (host.empty() ? std::string("localhost") : host)};
  auto answer = endpoint(call);
  if (!answer) return fail(respond(answer.error()));
  if (answer->status == 204) {
    http::Response empty;
    empty.status = 204;
    rate_headers(empty);
    return empty;
  }
  json::value body = std::move(answer->body);
  if (flag(req, "envelope")) {
    if (answer->list && body.is_object()) body.as_object()["status"] = answer->status;
    else body = json::object{{"status", answer->status}, {"content", std::move(body)}};
  }
  http::Response resp;
  resp.status = answer->status;
  resp.body = flag(req, "pretty") ? pretty_json(body) : json::serialize(body);
  resp.set_header("Content-Type", "application/vnd.atlas." + version + "+json");
  if (!spec.sunset.empty()) resp.set_header("Sunset", to_http_date(parse_iso8601(spec.sunset).value_or(0)));
  rate_headers(resp);
  return resp;
}

}  // namespace

std::optional<http::Response> version_gone(const RouteSpec& spec, std::string_view version, std::string_view path,
                                           Millis now) {
  if (spec.sunset.empty() || now < parse_iso8601(spec.sunset).value_or(now + 1)) return std::nullopt;
  return atlas_error(410, "VERSION_GONE",
                     "Version " + std::string(version) + " of " + std::string(spec.method) + " " + std::string(path) +
                         " is no longer available.",
                     {std::string(version), std::string(path)});
}

Routes route_table() {
  Routes all;
  for (auto area : {orgs_routes, api_keys_routes, user_roles_routes})
    for (auto& route : area()) all.push_back(std::move(route));
  return all;
}

void mount(http::Router& router, Services& services) {
  for (auto& route : route_table()) {
    if (!route.spec.sunset.empty() && !parse_iso8601(route.spec.sunset))
      throw std::invalid_argument("bad sunset date of " + route.spec.path + ": " + route.spec.sunset);
    std::string method(route.spec.method), path(route.spec.path);
    router.add(method, path,
               [&services, spec = std::move(route.spec), endpoint = std::move(route.handler)](http::Request& req) {
                 return run(spec, endpoint, services, req);
               });
  }
  mount_token(router, services);
}

json::object link(const Call& call, std::string_view path, std::string_view rel) {
  return json::object{{"href", call.base + std::string(path)}, {"rel", rel}};
}

Result<Paging> paging(const http::Request& req) {
  Paging p;
  p.page.page_size = 100;
  auto number = [&](std::string_view name, std::int64_t& out) -> Result<void> {
    auto v = req.query_param(name);
    if (!v) return {};
    std::int64_t n = 0;
    auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
    if (ec != std::errc() || end != v->data() + v->size() || n < 0)
      return std::unexpected(make_error(Errc::invalid_argument, "Invalid " + std::string(name) + " value " +
                                                                    std::string(*v) + ".")
                                 .with_reason("attribute.invalid")
                                 .with_field(std::string(name)));
    out = n;
    return {};
  };
  auto out_of_range = [](std::string_view name, std::string_view rule) {
    return std::unexpected(make_error(Errc::invalid_argument, std::string(name) + " must be " + std::string(rule) + ".")
                               .with_reason("attribute.invalid")
                               .with_field(std::string(name)));
  };
  std::int64_t size = 100, page = 1;
  RP_CHECK(number("itemsPerPage", size));
  RP_CHECK(number("pageNum", page));
  if (size < 1 || size > 500) return out_of_range("itemsPerPage", "from 1 to 500");
  // The offset (page - 1) * size, and the next page's number, must fit.
  if (page < 1 || page > std::numeric_limits<std::int64_t>::max() / size - 1)
    return out_of_range("pageNum", "at least 1 and small enough that its first item can exist");
  p.page.page_size = size;
  p.page.page_number = page;
  if (auto c = req.query_param("includeCount")) p.include_count = !iequals(*c, "false");
  return p;
}

json::object paged(const Call& call, const Paging& p, json::array results, std::int64_t total) {
  auto page_link = [&](std::int64_t n, std::string_view rel) {
    std::string target = call.req.path + "?pageNum=" + std::to_string(n) +
                         "&itemsPerPage=" + std::to_string(p.page.page_size);
    return link(call, target, rel);
  };
  json::array links{page_link(p.page.page_number, "self")};
  if (p.page.page_number > 1) links.push_back(page_link(p.page.page_number - 1, "previous"));
  if (p.page.offset() + static_cast<std::int64_t>(results.size()) < total)
    links.push_back(page_link(p.page.page_number + 1, "next"));
  json::object out{{"links", std::move(links)}, {"results", std::move(results)}};
  if (p.include_count) out["totalCount"] = total;
  return out;
}

}  // namespace rp::api::atlas
