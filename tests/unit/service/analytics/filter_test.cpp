// Analytics filters decide over a record's dimension values: matches,
// exists and notExists, and/or with one level of clauses, the empty filter
// admitting everything.
#include "service/analytics/filter.h"

#include <gtest/gtest.h>

#include <map>

namespace rp::service::analytics {
namespace {

using Op = Predicate::Op;

bool admits(const Filter& f, const std::map<std::string, std::string>& values) {
  return f.admits([&](std::string_view d) -> std::optional<std::string> {
    auto it = values.find(std::string(d));
    if (it == values.end()) return std::nullopt;
    return it->second;
  });
}

TEST(AnalyticsFilter, EmptyFiltersAdmitEverything) {
  EXPECT_TRUE(admits(Filter{}, {}));
  EXPECT_TRUE(admits(Filter{true, {}, {}}, {{"userId", "a"}}));
  EXPECT_TRUE(admits(Filter{false, {}, {Clause{true, {}}}}, {}));
}

TEST(AnalyticsFilter, PredicatesAndClausesCombine) {
  const Predicate is_a{"userId", Op::matches, "a"}, is_b{"userId", Op::matches, "b"};
  const Predicate has_media{"mediaType", Op::exists, ""}, no_media{"mediaType", Op::not_exists, ""};
  struct Case {
    Filter filter;
    std::map<std::string, std::string> values;
    bool expected;
  };
  const Case cases[] = {
      {{false, {is_a}, {}}, {{"userId", "a"}}, true},
      {{false, {is_a}, {}}, {{"userId", "b"}}, false},
      {{false, {is_a}, {}}, {}, false},
      {{true, {is_a, is_b}, {}}, {{"userId", "b"}}, true},
      {{false, {is_a, is_b}, {}}, {{"userId", "b"}}, false},
      {{false, {is_a, has_media}, {}}, {{"userId", "a"}, {"mediaType", "voice"}}, true},
      {{false, {is_a, has_media}, {}}, {{"userId", "a"}}, false},
      {{false, {is_a, no_media}, {}}, {{"userId", "a"}}, true},
      {{true, {is_a}, {Clause{false, {is_b, has_media}}}}, {{"userId", "b"}, {"mediaType", "chat"}}, true},
      {{true, {is_a}, {Clause{false, {is_b, has_media}}}}, {{"userId", "b"}}, false},
      {{false, {has_media}, {Clause{true, {is_a, is_b}}}}, {{"userId", "b"}, {"mediaType", "chat"}}, true},
      {{false, {has_media}, {Clause{true, {is_a, is_b}}}}, {{"userId", "c"}, {"mediaType", "chat"}}, false},
  };
  for (std::size_t i = 0; i < std::size(cases); ++i)
    EXPECT_EQ(admits(cases[i].filter, cases[i].values), cases[i].expected) << "case " << i;
}

TEST(AnalyticsFilter, MatchedValuesAreThoseOfMatchesPredicatesAnywhere) {
  Filter f{true,
           {{"userId", Op::matches, "a"}, {"userId", Op::exists, ""}, {"mediaType", Op::matches, "voice"}},
           {Clause{false, {{"userId", Op::matches, "b"}}}}};
  EXPECT_EQ(f.matched_values("userId"), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(f.matched_values("queueId"), std::vector<std::string>{});
}

}  // namespace
}  // namespace rp::service::analytics
