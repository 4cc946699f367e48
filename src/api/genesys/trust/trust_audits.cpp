// OrganizationAuthorizationApi: POST /trustees/audits (the trustor's records
// of its trustees' people) and POST /trustor/audits (a trustor's records of
// the caller's people). Paging and sorting are query parameters; the body
// holds the scope. The answer is an AuditSearchResult.

#include <boost/json.hpp>

#include "api/genesys/body.h"
#include "api/genesys/respond.h"
#include "api/genesys/trust/handlers.h"
#include "core/strings.h"
#include "core/time.h"

namespace rp::api::genesys {
namespace json = boost::json;
namespace {

// The body's scope and the query's paging and sort.
Result<service::TrustAuditQuery> audit_query(Call& call, bool trustee_side) {
  auto body = RP_TRY(json_object_body(call.req));
  service::TrustAuditQuery q;
  if (trustee_side) {
    q.org_ids = RP_TRY(string_list(body, "trusteeOrganizationIds"));
  } else if (auto id = RP_TRY(optional_string(body, "trustorOrganizationId")); id && !id->empty()) {
    q.org_ids = {*id};
  }
  q.user_ids = RP_TRY(string_list(body, "trusteeUserIds"));
  q.start = RP_TRY(optional_date(body, "startDate"));
  q.end = RP_TRY(optional_date(body, "endDate"));
  q.phrase = RP_TRY(optional_string(body, "queryPhrase")).value_or("");
  if (const auto* v = body.if_contains("facets"); v && !v->is_null()) {
    if (!v->is_array()) return invalid("facets", "facets must be an array");
    for (std::size_t i = 0; i < v->as_array().size(); ++i) {
      const std::string at = "facets[" + std::to_string(i) + "]";
      if (!v->as_array()[i].is_object()) return invalid(at, at + " must be an object");
      const auto& f = v->as_array()[i].as_object();
      q.facets.push_back({RP_TRY(optional_string(f, "name", at)).value_or(""),
                          RP_TRY(optional_string(f, "type", at)).value_or("STRING")});
    }
  }
  if (const auto* v = body.if_contains("filters"); v && !v->is_null()) {
    if (!v->is_array()) return invalid("filters", "filters must be an array");
    for (std::size_t i = 0; i < v->as_array().size(); ++i) {
      const std::string at = "filters[" + std::to_string(i) + "]";
      if (!v->as_array()[i].is_object()) return invalid(at, at + " must be an object");
      const auto& f = v->as_array()[i].as_object();
      q.filters.push_back({RP_TRY(optional_string(f, "name", at)).value_or(""),
                           RP_TRY(optional_string(f, "type", at)).value_or("STRING"),
                           RP_TRY(optional_string(f, "operator", at)).value_or(""),
                           RP_TRY(string_list(f, "values", at))});
    }
  }
  q.page.page_size = RP_TRY(int_query(call.req, "pageSize", 25, 1, 500));
  q.page.page_number = RP_TRY(int_query(call.req, "pageNumber", 1, 1, 1'000'000));
  q.sort_by = std::string(call.req.query_param("sortBy").value_or("timestamp"));
  const std::string order = to_lower(call.req.query_param("sortOrder").value_or("descending"));
  if (order != "ascending" && order != "descending")
    return invalid("sortOrder", "sortOrder must be ascending or descending");
  q.descending = order == "descending";
  return q;
}

// One `changes` entry per property the snapshots differ in.
json::array changes_of(const store::AuditRecord& r) {
  auto parse = [](const std::string& text) {
    if (text.empty()) return json::object{};
    boost::system::error_code ec;
    auto v = json::parse(text, ec);
    return !ec && v.is_object() ? v.as_object() : json::object{};
  };
  const json::object before = parse(r.before_json), after = parse(r.after_json);
  json::array out;
  auto values = [](const json::object& o, std::string_view key) {
    json::array a;
    if (const auto* v = o.if_contains(key)) a.push_back(v->is_string() ? *v : json::value(json::serialize(*v)));
    return a;
  };
  std::vector<std::string> keys;
  for (const auto& kv : before) keys.emplace_back(kv.key());
  for (const auto& kv : after)
    if (!before.contains(kv.key())) keys.emplace_back(kv.key());
  for (const auto& key : keys) {
    const auto* b = before.if_contains(key);
    const auto* a = after.if_contains(key);
    if (b && a && *b == *a) continue;
    out.push_back(json::object{{"entity", r.entity_type},
                               {"property", key},
                               {"oldValues", values(before, key)},
                               {"newValues", values(after, key)}});
  }
  return out;
}

json::object audit_message_json(const service::AuditMessageView& m) {
  const auto& r = m.record;
  json::object o;
  o["id"] = r.id;
  o["user"] = json::object{{"id", r.actor_id}, {"name", m.user_name}, {"display", m.user_name}};
  o["correlationId"] = r.correlation_id;
  o["transactionId"] = r.id;
  o["transactionInitiator"] = true;
  o["application"] = m.application;
  o["serviceName"] = m.service_name;
  o["level"] = "USER";
  o["timestamp"] = to_iso8601(r.time);
  o["receivedTimestamp"] = to_iso8601(r.time);
  o["status"] = "SUCCESS";
  o["action"] = r.action;
  o["changes"] = changes_of(r);
  o["entity"] = json::object{{"type", r.entity_type}, {"id", r.entity_id}, {"name", r.entity_id}};
  return o;
}

http::Response search_result(const service::TrustAuditQuery& q, const service::TrustAuditResult& result) {
  json::array messages;
  for (const auto& m : result.page.items) messages.push_back(audit_message_json(m));
  json::array facets;
  for (const auto& [name, entries] : result.facets) {
    json::array e;
    for (const auto& c : entries) e.push_back(json::object{{"value", c.value}, {"count", c.count}});
    facets.push_back(json::object{{"name", name}, {"entries", std::move(e)}});
  }
  const std::int64_t size = q.page.page_size;
  json::object o{{"pageNumber", q.page.page_number}, {"pageSize", size},
                 {"total", result.page.total},       {"pageCount", (result.page.total + size - 1) / size},
                 {"facetInfo", std::move(facets)},   {"auditMessages", std::move(messages)}};
  return http::Response::json(200, json::serialize(o));
}

}  // namespace

Result<http::Response> post_trustees_audits(Call& call) {
  auto q = RP_TRY(audit_query(call, true));
  return search_result(q, RP_TRY(call.services.trusts.trustee_audits(call.caller, q)));
}

Result<http::Response> post_trustor_audits(Call& call) {
  auto q = RP_TRY(audit_query(call, false));
  return search_result(q, RP_TRY(call.services.trusts.trustor_audits(call.caller, q)));
}

}  // namespace rp::api::genesys
