// The shared parts of the Genesys analytics query language: intervals and
// filters read into their neutral forms, and each refusal naming its path.
#include "api/genesys/analytics/analytics_query.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace rp::api::genesys {
namespace {

namespace json = boost::json;
using service::analytics::Clause;
using service::analytics::Filter;
using service::analytics::Predicate;

constexpr std::string_view kUserDims[] = {"userId", "mediaType"};

Result<Filter> filter_of(std::string_view text) {
  auto v = json::parse(text);
  return analytics_filter(&v, "filter", kUserDims);
}

TEST(AnalyticsQuery, ReadsTheInterval) {
  json::value v = "2026-12-01T00:00:00Z/P1D";
  auto i = analytics_interval(&v, "interval");
  ASSERT_TRUE(i);
  EXPECT_EQ(i->end - i->start, 86'400'000);
  for (const json::value& bad : {json::value("P1D"), json::value(7), json::value("2026-12-01T00:00:00Z")}) {
    auto r = analytics_interval(&bad, "interval");
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().field, "interval");
  }
  EXPECT_EQ(analytics_interval(nullptr, "interval").error().field, "interval");
}

TEST(AnalyticsQuery, ReadsFiltersWithOneLevelOfClauses) {
  auto f = filter_of(R"({"type":"or","predicates":[{"dimension":"userId","value":"a"},
      {"type":"dimension","dimension":"mediaType","operator":"exists"}],
      "clauses":[{"type":"and","predicates":[{"dimension":"userId","operator":"matches","value":"b"},
      {"dimension":"mediaType","operator":"notExists"}]}]})");
  ASSERT_TRUE(f) << f.error().message;
  Filter expected{
      true,
      {{"userId", Predicate::Op::matches, "a"}, {"mediaType", Predicate::Op::exists, ""}},
      {Clause{false, {{"userId", Predicate::Op::matches, "b"}, {"mediaType", Predicate::Op::not_exists, ""}}}}};
  EXPECT_EQ(*f, expected);
  EXPECT_EQ(f->matched_values("userId"), (std::vector<std::string>{"a", "b"}));
  auto none = analytics_filter(nullptr, "filter", kUserDims);
  ASSERT_TRUE(none);
  EXPECT_EQ(*none, Filter{});
}

TEST(AnalyticsQuery, RefusesWhatTheLanguageDoesNotSayNamingThePath) {
  struct Case {
    const char* body;
    const char* field;
  };
  const Case cases[] = {
      {R"([])", "filter"},
      {R"({"predicates":[]})", "filter.type"},
      {R"({"type":"xor"})", "filter.type"},
      {R"({"type":"and","predicates":{}})", "filter.predicates"},
      {R"({"type":"and","predicates":[7]})", "filter.predicates[0]"},
      {R"({"type":"and","predicates":[{"value":"a"}]})", "filter.predicates[0].dimension"},
      {R"({"type":"and","predicates":[{"dimension":"queueId","value":"a"}]})", "filter.predicates[0].dimension"},
      {R"({"type":"and","predicates":[{"type":"property","dimension":"userId","value":"a"}]})",
       "filter.predicates[0].type"},
      {R"({"type":"and","predicates":[{"type":"metric","dimension":"userId","value":"a"}]})",
       "filter.predicates[0].type"},
      {R"({"type":"and","predicates":[{"dimension":"userId","range":{"gt":"a"}}]})", "filter.predicates[0].range"},
      {R"({"type":"and","predicates":[{"dimension":"userId","operator":"contains","value":"a"}]})",
       "filter.predicates[0].operator"},
      {R"({"type":"and","predicates":[{"dimension":"userId"}]})", "filter.predicates[0].value"},
      {R"({"type":"and","predicates":[{"dimension":"userId","value":7}]})", "filter.predicates[0].value"},
      {R"({"type":"and","clauses":[{"predicates":[]}]})", "filter.clauses[0].type"},
      {R"({"type":"and","clauses":[{"type":"or","clauses":[]}]})", "filter.clauses[0].clauses"},
      {R"({"type":"and","clauses":[{"type":"or","predicates":[{"dimension":"x","value":"a"}]}]})",
       "filter.clauses[0].predicates[0].dimension"},
  };
  for (const auto& c : cases) {
    auto f = filter_of(c.body);
    ASSERT_FALSE(f) << c.body;
    EXPECT_EQ(f.error().code, Errc::invalid_argument) << c.body;
    EXPECT_EQ(f.error().field, c.field) << c.body;
  }
}

TEST(AnalyticsQuery, AtMostOneHundredUserIds) {
  auto with = [](int n) {
    json::array ps;
    for (int i = 0; i < n; ++i) ps.push_back(json::object{{"dimension", "userId"}, {"value", std::to_string(i)}});
    return json::serialize(json::object{{"type", "or"}, {"predicates", ps}});
  };
  EXPECT_TRUE(filter_of(with(100)));
  auto over = filter_of(with(101));
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error().field, "filter");
}

}  // namespace
}  // namespace rp::api::genesys
