// service::compile_user_search and parse_search_date: what a request becomes,
// and which field a bad one names.
#include <gtest/gtest.h>

#include "service/users/user_search.h"

namespace rp::service {
namespace {

using store::Match;
using store::Occur;
using store::UserField;

SearchCriterion crit(std::string type, std::vector<std::string> fields, std::optional<std::string> value = {}) {
  SearchCriterion c;
  c.type = std::move(type);
  c.fields = std::move(fields);
  c.value = std::move(value);
  c.path = "query[0]";
  return c;
}

UserSearchInput input(std::vector<SearchCriterion> q) {
  UserSearchInput in;
  in.query = std::move(q);
  return in;
}

std::string error_field(const UserSearchInput& in) {
  auto r = compile_user_search(in);
  if (r) return "<compiled>";
  EXPECT_EQ(r.error().code, Errc::invalid_argument);
  return r.error().field;
}

TEST(SearchDates, IsoAndJavaFormats) {
  EXPECT_EQ(parse_search_date("1970-01-01T00:00:00.000Z", std::nullopt), 0);
  EXPECT_EQ(parse_search_date("1970-01-02", std::nullopt), 86400000);
  EXPECT_EQ(parse_search_date("1970-01-01T01:00:00+01:00", std::nullopt), 0);
  EXPECT_EQ(parse_search_date("02/01/1970 00:00", std::string("dd/MM/yyyy HH:mm")), 86400000);
  EXPECT_EQ(parse_search_date("1970-01-01T00:00:01.5Z", std::string("yyyy-MM-dd'T'HH:mm:ss.SX")), 1500);
  EXPECT_TRUE(parse_search_date("2024-02-29", std::nullopt));
  EXPECT_FALSE(parse_search_date("2023-02-29", std::nullopt));
  EXPECT_FALSE(parse_search_date("2024-13-01", std::nullopt));
  EXPECT_FALSE(parse_search_date("yesterday", std::nullopt));
  EXPECT_FALSE(parse_search_date("1970-01-01", std::string("dd/MM/yyyy")));
  EXPECT_TRUE(supported_date_format("yyyy-MM-dd'T'HH:mm:ss.SSSX"));
  EXPECT_FALSE(supported_date_format("yyyy QQ"));
  EXPECT_FALSE(supported_date_format("'unclosed"));
}

TEST(CompileUserSearch, TypesBecomeConditions) {
  auto r = compile_user_search(input({crit("starts_with", {"Email"}, "Ada")}));
  ASSERT_TRUE(r);
  ASSERT_EQ(r->conditions.size(), 1u);
  EXPECT_EQ(r->conditions[0].match, Match::prefix);
  EXPECT_EQ(r->conditions[0].fields, std::vector<UserField>{UserField::email});
  EXPECT_EQ(r->conditions[0].values, std::vector<std::string>{"Ada"});
  EXPECT_FALSE(r->include_deleted);

  auto lt = compile_user_search(input({crit("LESS_THAN", {"dateLastLogin"}, "1970-01-02")}));
  ASSERT_TRUE(lt);
  EXPECT_EQ(lt->conditions[0].match, Match::range);
  EXPECT_TRUE(lt->conditions[0].exclusive);
  EXPECT_EQ(lt->conditions[0].high, "86400000");
  EXPECT_FALSE(lt->conditions[0].low);

  auto state = compile_user_search(input({crit("EXACT", {"state"}, "deleted")}));
  ASSERT_TRUE(state);
  EXPECT_TRUE(state->include_deleted);

  auto qs = compile_user_search(input({crit("QUERY_STRING", {}, "ada AND lov* OR -grace")}));
  ASSERT_TRUE(qs);
  ASSERT_EQ(qs->conditions[0].group.size(), 2u);  // (ada AND lov*) OR (NOT grace)
  EXPECT_EQ(qs->conditions[0].group[0].group.size(), 2u);
  EXPECT_EQ(qs->conditions[0].group[0].group[1].match, Match::prefix);
  EXPECT_EQ(qs->conditions[0].group[1].group[0].occur, Occur::must_not);
}

TEST(CompileUserSearch, BadInputNamesTheField) {
  EXPECT_EQ(error_field(input({crit("FUZZY", {"name"}, "x")})), "query[0].type");
  EXPECT_EQ(error_field(input({crit("EXACT", {"nope"}, "x")})), "query[0].fields");
  EXPECT_EQ(error_field(input({crit("EXACT", {"name"})})), "query[0].value");
  EXPECT_EQ(error_field(input({crit("EXACT", {"version"}, "one")})), "query[0].value");
  EXPECT_EQ(error_field(input({crit("EXACT", {"name", "version"}, "1")})), "query[0].fields");
  EXPECT_EQ(error_field(input({crit("REGEX", {"name"}, "[")})), "query[0].value");
  EXPECT_EQ(error_field(input({crit("REGEX", {"name"}, std::string(300, 'a'))})), "query[0].value");
  // Backreferences and lookaround are not RE2 syntax.
  for (std::string bad : {"(a)\\1", "a(?=b)", "(?<!x)y"})
    EXPECT_EQ(error_field(input({crit("REGEX", {"name"}, bad)})), "query[0].value") << bad;
  // Nested repetition is harmless in a linear-time engine: such patterns are
  // accepted (store/regex_test.cpp runs them).
  for (std::string fine :
       {"(ab)+", "a+b*", "(a|b)c+", "[(+)]+", "\\(a+\\)+", "(a+)?", "(a+)+$", "(a|a)*", "(.|.|.|.)*#", "(a?){24}a{24}"})
    EXPECT_EQ(error_field(input({crit("REGEX", {"name"}, fine)})), "<compiled>") << fine;
  SearchCriterion deep = crit("EXACT", {"name"}, "x");
  for (int i = 0; i < 6; ++i) {
    SearchCriterion g;
    g.has_group = true;
    g.path = "query[0]";
    g.group = {deep};
    deep = g;
  }
  EXPECT_EQ(error_field(input({deep})), "query[0]");
  UserSearchInput sorted = input({});
  sorted.sort = {{"addresses", "ASC", "sortBy"}};
  EXPECT_EQ(error_field(sorted), "sortBy");
  UserSearchInput paged = input({});
  paged.page_size = 501;
  EXPECT_EQ(error_field(paged), "pageSize");
}

}  // namespace
}  // namespace rp::service
