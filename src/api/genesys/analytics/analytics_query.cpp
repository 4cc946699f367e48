#include "api/genesys/analytics/analytics_query.h"

#include <algorithm>

#include <boost/json.hpp>

namespace rp::api::genesys {
namespace json = boost::json;
namespace {

using service::analytics::Clause;
using service::analytics::Filter;
using service::analytics::Predicate;

std::string at(std::string_view path, std::string_view key) { return std::string(path) + "." + std::string(key); }
std::string at(std::string_view path, std::string_view key, std::size_t i) {
  return at(path, key) + "[" + std::to_string(i) + "]";
}

// and | or, required.
Result<bool> any_of(const json::object& o, std::string_view path) {
  const auto* t = o.if_contains("type");
  if (!t || !t->is_string()) return invalid(at(path, "type"), at(path, "type") + " must be and or or");
  if (t->as_string() == "or") return true;
  if (t->as_string() == "and") return false;
  return invalid(at(path, "type"),
                 "Value [" + std::string(t->as_string()) + "] is not valid for type. Allowable values are: and, or");
}

Result<Predicate> predicate(const json::value& v, const std::string& path,
                            std::span<const std::string_view> dimensions) {
  if (!v.is_object()) return invalid(path, path + " must be an object");
  const auto& o = v.as_object();
  if (const auto* t = o.if_contains("type"); t && !t->is_null() && !(t->is_string() && t->as_string() == "dimension"))
    return invalid(at(path, "type"), "Only dimension predicates are supported");
  if (const auto* r = o.if_contains("range"); r && !r->is_null())
    return invalid(at(path, "range"), "Range predicates are not supported");
  Predicate p;
  const auto* d = o.if_contains("dimension");
  if (!d || !d->is_string()) return invalid(at(path, "dimension"), at(path, "dimension") + " is required");
  p.dimension = std::string(d->as_string());
  if (std::find(dimensions.begin(), dimensions.end(), p.dimension) == dimensions.end()) {
    std::string allowed;
    for (auto a : dimensions) allowed += (allowed.empty() ? "" : ", ") + std::string(a);
    return invalid(at(path, "dimension"),
                   "Value [" + p.dimension + "] is not valid for dimension. Allowable values are: " + allowed);
  }
  if (const auto* op = o.if_contains("operator"); op && !op->is_null()) {
    if (!op->is_string()) return invalid(at(path, "operator"), "operator must be a string");
    const auto& name = op->as_string();
    if (name == "matches") p.op = Predicate::Op::matches;
    else if (name == "exists") p.op = Predicate::Op::exists;
    else if (name == "notExists") p.op = Predicate::Op::not_exists;
    else
      return invalid(at(path, "operator"), "Value [" + std::string(name) +
                                               "] is not valid for operator. Allowable values are: matches, exists, "
                                               "notExists");
  }
  if (p.op == Predicate::Op::matches) {
    const auto* value = o.if_contains("value");
    if (!value || !value->is_string()) return invalid(at(path, "value"), "A matches predicate needs a string value");
    p.value = std::string(value->as_string());
  }
  return p;
}

Result<std::vector<Predicate>> predicates(const json::object& o, std::string_view path,
                                          std::span<const std::string_view> dimensions) {
  std::vector<Predicate> out;
  const auto* list = o.if_contains("predicates");
  if (!list || list->is_null()) return out;
  if (!list->is_array()) return invalid(at(path, "predicates"), at(path, "predicates") + " must be an array");
  for (std::size_t i = 0; i < list->as_array().size(); ++i)
    out.push_back(RP_TRY(predicate(list->as_array()[i], at(path, "predicates", i), dimensions)));
  return out;
}

}  // namespace

Result<Interval> analytics_interval(const json::value* value, std::string_view path) {
  const std::string name(path);
  if (!value || value->is_null()) return invalid(name, name + " is required");
  if (!value->is_string()) return invalid(name, name + " must be a string");
  auto i = parse_interval(value->as_string());
  if (!i)
    return invalid(name, "Value [" + std::string(value->as_string()) +
                             "] is not an ISO-8601 interval: start/end or start/duration, the end after the start");
  return *i;
}

Result<Filter> analytics_filter(const json::value* value, std::string_view path,
                                std::span<const std::string_view> dimensions) {
  Filter f;
  if (!value || value->is_null()) return f;
  const std::string name(path);
  if (!value->is_object()) return invalid(name, name + " must be an object");
  const auto& o = value->as_object();
  f.any = RP_TRY(any_of(o, path));
  f.predicates = RP_TRY(predicates(o, path, dimensions));
  if (const auto* list = o.if_contains("clauses"); list && !list->is_null()) {
    if (!list->is_array()) return invalid(at(path, "clauses"), at(path, "clauses") + " must be an array");
    for (std::size_t i = 0; i < list->as_array().size(); ++i) {
      const auto clause_path = at(path, "clauses", i);
      const auto& c = list->as_array()[i];
      if (!c.is_object()) return invalid(clause_path, clause_path + " must be an object");
      if (const auto* deeper = c.as_object().if_contains("clauses"); deeper && !deeper->is_null())
        return invalid(at(clause_path, "clauses"), "Filters nest at most two levels: clauses hold only predicates");
      Clause clause;
      clause.any = RP_TRY(any_of(c.as_object(), clause_path));
      clause.predicates = RP_TRY(predicates(c.as_object(), clause_path, dimensions));
      f.clauses.push_back(std::move(clause));
    }
  }
  if (f.matched_values("userId").size() > kMaxUserIds)
    return invalid(name, "A query may name at most 100 userId values");
  return f;
}

}  // namespace rp::api::genesys
