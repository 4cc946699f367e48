// TrustService: the audit queries of actions through trusts.
#include <algorithm>
#include <map>

#include "core/ids.h"
#include "core/strings.h"
#include "service/trust/trust_support.h"
#include "service/trust/trusts.h"

namespace rp::service {
namespace {

constexpr std::string_view kStringFields[] = {"action",      "entity.type", "entity.id", "user.id",
                                              "serviceName", "level",       "status"};

bool is_string_field(std::string_view name) {
  return std::find(std::begin(kStringFields), std::end(kStringFields), name) != std::end(kStringFields);
}

std::string service_name(const store::AuditRecord& r) {
  return r.entity_type == "user" || r.entity_type == "group" ? "directory" : "authorization";
}

std::string field_value(const AuditMessageView& m, std::string_view name) {
  const auto& r = m.record;
  if (name == "action") return r.action;
  if (name == "entity.type") return r.entity_type;
  if (name == "entity.id") return r.entity_id;
  if (name == "user.id") return r.actor_id;
  if (name == "serviceName") return m.service_name;
  if (name == "level") return "USER";
  if (name == "status") return "SUCCESS";
  return {};
}

// The UTC day (YYYY-MM-DD) of `t`.
std::string day_of(Millis t) { return to_iso8601(t).substr(0, 10); }

Result<void> validate(const TrustAuditQuery& q) {
  if (q.page.page_size < 1 || q.page.page_size > 500) return invalid("pageSize", "pageSize must be 1 to 500");
  if (q.page.page_number < 1) return invalid("pageNumber", "pageNumber must be at least 1");
  if (q.sort_by != "timestamp" && q.sort_by != "action") return invalid("sortBy", "sortBy must be timestamp or action");
  if (q.start && q.end && *q.start > *q.end) return invalid("startDate", "startDate must not be after endDate");
  for (std::size_t i = 0; i < q.filters.size(); ++i) {
    const auto& f = q.filters[i];
    const std::string at = "filters[" + std::to_string(i) + "]";
    if (f.type == "STRING") {
      if (!is_string_field(f.name)) return invalid(at + ".name", "Unknown STRING filter name [" + f.name + "]");
      if (f.op != "matches") return invalid(at + ".operator", "STRING filters take the operator matches");
      if (f.values.empty()) return invalid(at + ".values", "values must not be empty");
    } else if (f.type == "DATE") {
      if (f.name != "timestamp") return invalid(at + ".name", "DATE filters apply to timestamp only");
      if (f.op != "range") return invalid(at + ".operator", "DATE filters take the operator range");
      if (f.values.size() != 2 || !parse_iso8601(f.values[0]) || !parse_iso8601(f.values[1]))
        return invalid(at + ".values", "A range takes two ISO-8601 dates");
    } else {
      return invalid(at + ".type", "type must be STRING or DATE");
    }
  }
  for (std::size_t i = 0; i < q.facets.size(); ++i) {
    const auto& f = q.facets[i];
    const std::string at = "facets[" + std::to_string(i) + "]";
    bool ok = (f.type == "STRING" && is_string_field(f.name)) || (f.type == "DATE" && f.name == "timestamp");
    if (!ok) return invalid(at + ".name", "Unknown " + f.type + " facet [" + f.name + "]");
  }
  return {};
}

bool matches(const AuditMessageView& m, const TrustAuditQuery& q) {
  const auto& r = m.record;
  if (!q.phrase.empty()) {
    const std::string phrase = to_lower(q.phrase);
    bool found = false;
    for (const std::string* text : {&r.action, &r.entity_type, &r.entity_id, &r.before_json, &r.after_json})
      found = found || to_lower(*text).find(phrase) != std::string::npos;
    if (!found) return false;
  }
  for (const auto& f : q.filters) {
    if (f.type == "DATE") {
      if (r.time < *parse_iso8601(f.values[0]) || r.time > *parse_iso8601(f.values[1])) return false;
      continue;
    }
    const std::string v = field_value(m, f.name);
    if (std::find(f.values.begin(), f.values.end(), v) == f.values.end()) return false;
  }
  return true;
}

// Names of users and clients of one organization, read once each.
struct Names {
  std::map<std::string, std::string> users;
  std::map<std::string, std::string> clients;
};

}  // namespace

Result<TrustAuditResult> TrustService::trustee_audits(const Caller& caller, TrustAuditQuery query) {
  if (query.org_ids.empty()) return invalid("trusteeOrganizationIds", "trusteeOrganizationIds is required");
  if (query.user_ids.empty()) return invalid("trusteeUserIds", "trusteeUserIds is required");
  RP_CHECK(validate(query));
  auto orgs = query.org_ids;
  return audits(caller.org, std::move(orgs), query);
}

Result<TrustAuditResult> TrustService::trustor_audits(const Caller& caller, TrustAuditQuery query) {
  if (query.org_ids.size() != 1 || !is_uuid(query.org_ids[0]))
    return invalid("trustorOrganizationId", "trustorOrganizationId must be an organization id");
  if (query.user_ids.empty()) return invalid("trusteeUserIds", "trusteeUserIds is required");
  RP_CHECK(validate(query));
  return audits(OrgId(query.org_ids[0]), {caller.org.value}, query);
}

Result<TrustAuditResult> TrustService::audits(const OrgId& log_org, std::vector<std::string> actor_orgs,
                                              const TrustAuditQuery& query) {
  std::vector<store::AuditRecord> records;
  auto read = store_.read(log_org, [&](store::Reader& tx) -> Result<void> {
    records = RP_TRY(tx.trust_audit({actor_orgs, query.user_ids, query.start, query.end}));
    return {};
  });
  // An organization that does not exist has no records of the caller's people.
  if (!read && read.error().code != Errc::not_found) return fail(read.error());

  // The actors' and clients' names, from their own organizations.
  std::map<std::string, Names> names;
  for (const auto& r : records) {
    names[r.actor_org].users[r.actor_id];
    if (!r.client_id.empty()) names[r.actor_org].clients[r.client_id];
  }
  for (auto& [org, n] : names) {
    auto filled = store_.read(OrgId(org), [&](store::Reader& tx) -> Result<void> {
      for (auto& [id, name] : n.users)
        if (auto u = tx.get_user(id); u) name = u->name;
      for (auto& [id, name] : n.clients)
        if (auto c = tx.get_client(id); c) name = c->name;
      return {};
    });
    if (!filled && filled.error().code != Errc::not_found) return fail(filled.error());
  }

  std::vector<AuditMessageView> kept;
  for (auto& r : records) {
    const Names& n = names[r.actor_org];
    AuditMessageView m;
    m.user_name = n.users.at(r.actor_id);
    if (!r.client_id.empty()) m.application = n.clients.at(r.client_id);
    m.record = std::move(r);
    m.service_name = service_name(m.record);
    if (matches(m, query)) kept.push_back(std::move(m));
  }
  std::stable_sort(kept.begin(), kept.end(), [&](const AuditMessageView& a, const AuditMessageView& b) {
    if (query.sort_by == "action" && a.record.action != b.record.action)
      return query.descending ? a.record.action > b.record.action : a.record.action < b.record.action;
    return query.descending ? a.record.time > b.record.time : a.record.time < b.record.time;
  });

  TrustAuditResult out;
  for (const auto& f : query.facets) {
    std::map<std::string, std::int64_t> counts;
    for (const auto& m : kept) ++counts[f.type == "DATE" ? day_of(m.record.time) : field_value(m, f.name)];
    std::vector<FacetCount> entries;
    for (auto& [value, count] : counts) entries.push_back({value, count});
    out.facets.emplace_back(f.name, std::move(entries));
  }
  out.page = page_of(std::move(kept), query.page);
  return out;
}

}  // namespace rp::service
