#pragma once
// The filter of an analytics query: and/or of predicates on dimensions,
// with at most one level of clauses below it. A predicate matches when the
// dimension's value equals its value, exists when the dimension has a
// value, notExists when it has none. What the dimensions are is the
// query's business: `admits` asks `value_of` for each one it meets.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rp::service::analytics {

struct Predicate {
  enum class Op { matches, exists, not_exists };
  std::string dimension;
  Op op = Op::matches;
  std::string value;  // for matches
  bool operator==(const Predicate&) const = default;
};

struct Clause {
  bool any = false;  // or (true) / and (false) of its predicates
  std::vector<Predicate> predicates;
  bool operator==(const Clause&) const = default;
};

struct Filter {
  bool any = false;  // or (true) / and (false) of its predicates and clauses
  std::vector<Predicate> predicates;
  std::vector<Clause> clauses;
  bool operator==(const Filter&) const = default;

  using ValueOf = std::function<std::optional<std::string>(std::string_view dimension)>;
  // An and of nothing admits; an or of nothing admits too (an empty
  // filter does not restrict).
  bool admits(const ValueOf& value_of) const;
  // The values `matches` predicates give the dimension, anywhere in the
  // filter, in order (the users a query names, for instance).
  std::vector<std::string> matched_values(std::string_view dimension) const;
};

}  // namespace rp::service::analytics
