// The permission catalog and the products of the Genesys dialect:
// GET /api/v2/authorization/permissions and GET /api/v2/authorization/products.
// Both need only a valid token.
//
// Permissions are listed as one DomainPermissionCollection per domain, sorted
// by domain; paging counts domains. `query` is a comma-separated list of
// terms, matched case-insensitively as substrings: with queryType=domain (the
// default) against domain names, keeping whole domains; with
// queryType=permission against "domain:entity:action", keeping only the
// matching permissions of each domain.

#include <map>

#include <boost/json.hpp>

#include "api/genesys/authorization/handlers.h"
#include "api/genesys/body.h"
#include "api/genesys/listing.h"
#include "core/strings.h"

namespace rp::api::genesys {
namespace json = boost::json;
namespace {

json::object permission_json(const authz::CatalogEntry& e) {
  return {{"domain", e.domain},
          {"entityType", e.entity},
          {"action", e.action},
          {"label", e.label},
          {"allowsConditions", e.allows_conditions},
          {"divisionAware", e.division_aware}};
}

bool contains_any(std::string_view text, const std::vector<std::string>& terms) {
  std::string lower = to_lower(text);
  for (const auto& t : terms)
    if (lower.find(t) != std::string::npos) return true;
  return false;
}

}  // namespace

Result<http::Response> get_permissions(Call& call) {
  const auto& req = call.req;
  auto listing_q = RP_TRY(listing_query(req));
  auto add_filter = [&](std::string_view k, std::string_view v) { listing_q.add_filter(k, v); };
  const std::int64_t page_size = listing_q.page.page_size;
  const std::int64_t page_number = listing_q.page.page_number;

  std::string query_type = "domain";
  if (auto qt = req.query_param("queryType")) {
    query_type = std::string(*qt);
    if (query_type != "domain" && query_type != "permission")
      return invalid("queryType",
                     "Value [" + query_type + "] is not valid for queryType. Allowable values are: domain, permission");
    add_filter("queryType", query_type);
  }
  std::vector<std::string> terms;
  if (auto q = req.query_param("query")) {
    for (auto part : split(*q, ',')) {
      part = trim(part);
      if (!part.empty()) terms.push_back(to_lower(part));
    }
    add_filter("query", *q);
  }

  // domain -> entity -> permissions, in catalog order within an entity.
  std::map<std::string_view, std::map<std::string_view, json::array>> domains;
  for (const auto& e : call.services.access.engine().catalog().entries()) {
    if (!terms.empty()) {
      if (query_type == "domain" && !contains_any(e.domain, terms)) continue;
      if (query_type == "permission" &&
          !contains_any(std::string(e.domain) + ':' + std::string(e.entity) + ':' + std::string(e.action), terms))
        continue;
    }
    domains[e.domain][e.entity].push_back(permission_json(e));
  }

  const auto total = static_cast<std::int64_t>(domains.size());
  json::array entities;
  std::int64_t skip = (page_number - 1) * page_size;
  for (auto& [domain, entities_of] : domains) {
    if (skip-- > 0) continue;
    if (static_cast<std::int64_t>(entities.size()) == page_size) break;
    json::object map;
    for (auto& [entity, perms] : entities_of) map[entity] = std::move(perms);
    entities.push_back(
        json::object{{"id", domain}, {"name", domain}, {"domain", domain}, {"permissionMap", std::move(map)}});
  }
  return http::Response::json(200, json::serialize(listing(std::move(entities), page_size, page_number, total,
                                                           "/api/v2/authorization/permissions", listing_q.filters)));
}

Result<http::Response> get_products(Call& call) {
  json::array entities;
  for (const auto& product : call.services.access.engine().catalog().products())
    entities.push_back(json::object{{"id", product.id}});
  const auto n = static_cast<std::int64_t>(entities.size());
  json::object o{{"entities", std::move(entities)}, {"pageSize", n}, {"pageNumber", 1}, {"total", n}, {"pageCount", 1}};
  return http::Response::json(200, json::serialize(o));
}

}  // namespace rp::api::genesys
