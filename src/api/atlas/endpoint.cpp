// The Atlas part of the request pipeline (credentials, challenges, error
// body, RateLimit headers), what each route does once admitted, and the
// answer helpers.
#include "api/atlas/endpoint.h"

#include <charconv>
#include <limits>
#include <stdexcept>

#include <memory>

#include "api/atlas/digest.h"
#include "api/atlas/errors.h"
#include "api/atlas/json_out.h"
#include "api/common/pipeline.h"
#include "core/reasons.h"
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

// The request's Digest credentials, when they name its URI.
std::optional<service::DigestCredentials> digest_of(const http::Request& req) {
  auto creds = parse_digest(trim(req.header("Authorization")));
  // The response covers the URI it names: it must be this request's.
  if (creds && creds->uri != req.target) creds.reset();
  return creds;
}

// A service account's bearer token (a user's sign-in token is not an Atlas
// credential), or HTTP Digest with one of the organization's API keys;
// errors as the Atlas error body, refusals with their challenge, and the
// RateLimit headers on every answer after authentication.
class AtlasDialect final : public common::Dialect {
 public:
  explicit AtlasDialect(Services& services) : services_(services) {}

  Result<service::Caller> authenticate(const http::Request& req) const override {
    if (std::string_view bearer = http::bearer_token(req); !bearer.empty()) return bearer_caller(bearer, req);
    auto creds = digest_of(req);
    if (!creds) return fail(make_error(Errc::unauthenticated, "Digest credentials required"));
    return services_.keys.authenticate(*creds, req.method, req.correlation_id);
  }

  // The caller of a service account's bearer token.
  Result<service::Caller> bearer_caller(std::string_view bearer, const http::Request& req) const {
    auto caller = services_.tokens.authenticate(bearer, req.correlation_id);
    if (caller && caller->subject_type != store::SubjectType::client)
      return fail(make_error(Errc::unauthenticated, "Only a service account's token is accepted here."));
    return caller;
  }

  http::Response error_body(const Error& e, const http::Request& /*req*/) const override { return error_response(e); }

  http::Response refused(const Error& e, const http::Request& req) const override {
    auto resp = error_response(e);
    if (!http::bearer_token(req).empty()) resp.set_header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
    else
      resp.set_header("WWW-Authenticate",
                      digest_challenge(services_.keys.new_nonce(), e.reason == reason::digest_stale));
    return resp;
  }

  void finish(http::Response& resp, std::int64_t remaining) const override {
    if (services_.limiter.capacity() <= 0) return;
    resp.set_header("RateLimit-Limit", std::to_string(services_.limiter.capacity()));
    resp.set_header("RateLimit-Remaining", std::to_string(remaining < 0 ? 0 : remaining));
  }

 private:
  Services& services_;
};

struct Mounted {
  explicit Mounted(Services& services) : dialect(services), pipeline(dialect, services.limiter, services.access) {}
  AtlasDialect dialect;
  common::Pipeline pipeline;
};

// What a route does once its caller is authenticated and within the rate
// limit: version negotiation and lifecycle, the ids of the path, the
// organization and its roles, then the handler and the rendering of its answer.
Result<http::Response> admit_and_answer(const RouteSpec& spec, const Endpoint& endpoint, Services& services,
                                        http::Request& req, const service::Caller& caller) {
  std::string asked;
  std::string version = choose_version(req.header("Accept"), spec.versions, asked);
  if (version.empty()) {
    std::string detail = asked.empty()
                             ? "The request does not name a version: send Accept: application/vnd.atlas.<date>+json."
                             : "Version(s) " + asked + " of " + req.path + " are not available.";
    return atlas_error(406, "INVALID_VERSION_DATE", detail, {asked, req.path});
  }
  if (auto gone = version_gone(spec, version, req.path, services.clock.now())) return std::move(*gone);
  std::string_view org_id = req.path_param("orgId");
  if (spec.path.find("{orgId}") != std::string::npos && !is_atlas_id(org_id))
    return atlas_error(404, "INVALID_ORG_ID", "An invalid organization ID " + std::string(org_id) + " was specified.",
                       {std::string(org_id)});
  if (auto user_id = req.path_param("userId"); !user_id.empty() && !is_atlas_id(user_id))
    return atlas_error(404, "INVALID_USER_ID", "An invalid user ID " + std::string(user_id) + " was specified.",
                       {std::string(user_id)});
  auto org = RP_TRY(services.orgs.admit(caller, org_id, spec.roles));

  Call call{req, caller, services, std::move(org), version, common::base_url(req)};
  auto answer = RP_TRY(endpoint(call));
  if (answer.status == 204) {
    http::Response empty;
    empty.status = 204;
    return empty;
  }
  json::value body = std::move(answer.body);
  if (flag(req, "envelope")) {
    if (answer.list && body.is_object()) body.as_object()["status"] = answer.status;
    else body = json::object{{"status", answer.status}, {"content", std::move(body)}};
  }
  http::Response resp;
  resp.status = answer.status;
  resp.body = flag(req, "pretty") ? pretty_json(body) : json::serialize(body);
  resp.set_header("Content-Type", "application/vnd.atlas." + version + "+json");
  if (!spec.sunset.empty()) resp.set_header("Sunset", to_http_date(parse_iso8601(spec.sunset).value_or(0)));
  return resp;
}

}  // namespace

std::optional<http::Response> refuse_head(const http::Request& head, Services& services) {
  if (!head.path.starts_with("/api/atlas/")) return std::nullopt;
  AtlasDialect dialect(services);
  if (std::string_view bearer = http::bearer_token(head); !bearer.empty()) {
    auto caller = dialect.bearer_caller(bearer, head);
    if (caller) return std::nullopt;
    return dialect.refused(caller.error(), head);
  }
  // Digest credentials are verified with the request (a nonce count is spent once).
  if (digest_of(head)) return std::nullopt;
  return dialect.refused(make_error(Errc::unauthenticated, "Digest credentials required"), head);
}

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
  auto mounted = std::make_shared<const Mounted>(services);
  for (auto& route : route_table()) {
    if (!route.spec.sunset.empty() && !parse_iso8601(route.spec.sunset))
      throw std::invalid_argument("bad sunset date of " + route.spec.path + ": " + route.spec.sunset);
    std::string method(route.spec.method), path(route.spec.path);
    router.add(
        method, path,
        [&services, mounted, spec = std::move(route.spec), endpoint = std::move(route.handler)](http::Request& req) {
          return mounted->pipeline.run(req, authz::Requirement::none(), [&](const service::Caller& caller) {
            return admit_and_answer(spec, endpoint, services, req, caller);
          });
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
      return std::unexpected(
          make_error(Errc::invalid_argument, "Invalid " + std::string(name) + " value " + std::string(*v) + ".")
              .with_reason(reason::attribute_invalid)
              .with_field(std::string(name)));
    out = n;
    return {};
  };
  auto out_of_range = [](std::string_view name, std::string_view rule) {
    return std::unexpected(make_error(Errc::invalid_argument, std::string(name) + " must be " + std::string(rule) + ".")
                               .with_reason(reason::attribute_invalid)
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
    std::string target =
        call.req.path + "?pageNum=" + std::to_string(n) + "&itemsPerPage=" + std::to_string(p.page.page_size);
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
