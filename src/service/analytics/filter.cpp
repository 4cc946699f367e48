#include "service/analytics/filter.h"

#include <algorithm>

namespace rp::service::analytics {
namespace {

bool holds(const Predicate& p, const Filter::ValueOf& value_of) {
  auto v = value_of(p.dimension);
  switch (p.op) {
    case Predicate::Op::matches: return v && *v == p.value;
    case Predicate::Op::exists: return v.has_value();
    case Predicate::Op::not_exists: return !v.has_value();
  }
  return false;
}

// and / or of `n` terms, `term(i)` deciding the i-th; nothing admits.
template <class Term>
bool combine(bool any, std::size_t n, Term term) {
  if (n == 0) return true;
  for (std::size_t i = 0; i < n; ++i)
    if (term(i) == any) return any;
  return !any;
}

}  // namespace

bool Filter::admits(const ValueOf& value_of) const {
  const std::size_t n = predicates.size() + clauses.size();
  return combine(any, n, [&](std::size_t i) {
    if (i < predicates.size()) return holds(predicates[i], value_of);
    const auto& c = clauses[i - predicates.size()];
    return combine(c.any, c.predicates.size(), [&](std::size_t j) { return holds(c.predicates[j], value_of); });
  });
}

std::vector<std::string> Filter::matched_values(std::string_view dimension) const {
  std::vector<std::string> out;
  auto add = [&](const std::vector<Predicate>& ps) {
    for (const auto& p : ps)
      if (p.op == Predicate::Op::matches && p.dimension == dimension) out.push_back(p.value);
  };
  add(predicates);
  for (const auto& c : clauses) add(c.predicates);
  return out;
}

}  // namespace rp::service::analytics
