#pragma once
// The user search request as the dialects hand it over (the Genesys
// UserSearchRequest, still in its own names and strings), and its
// validation into a store::UserSearch. UserService::search runs it.
//
// Criteria types: EXACT, STARTS_WITH, CONTAINS, REGEX, TERM, TERMS,
// REQUIRED_FIELDS, MATCH_ALL, QUERY_STRING, RANGE, DATE_RANGE, LESS_THAN,
// LESS_THAN_EQUAL_TO, GREATER_THAN, GREATER_THAN_EQUAL_TO; a criterion with a
// `group` is that group. Operators: AND (default), OR, NOT, combined per list
// as a boolean query combines them (every AND, at least one OR when there is
// any, no NOT). Deleted users are found only by a search that names the
// `state` field in some criterion.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/time.h"
#include "store/search.h"

namespace rp::service {

struct SearchCriterion {
  std::string type;  // as given; matched ignoring case
  std::vector<std::string> fields;
  std::optional<std::string> value;
  std::vector<std::string> values;
  std::optional<std::string> start_value;
  std::optional<std::string> end_value;
  std::optional<std::string> date_format;  // Java date-format syntax for date values
  std::string op;                          // AND | OR | NOT; "" = AND
  std::vector<SearchCriterion> group;
  bool has_group = false;
  std::string path;  // where it was in the request ("query[1].group[0]"), for error field names
};

struct SearchSortSpec {
  std::string field;  // "" = relevance (name)
  std::string order;  // ASC | DESC | SCORE; "" = ASC
  std::string path;   // "sortBy" or "sort[i]"
};

struct UserSearchInput {
  std::vector<SearchCriterion> query;
  std::vector<SearchSortSpec> sort;
  std::int64_t page_size = 25;
  std::int64_t page_number = 1;
  // When set (enforcePermissions), only users of these divisions are found.
  std::optional<std::vector<std::string>> only_divisions;
};

// Limits of one search request.
inline constexpr std::size_t kMaxSearchCriteria = 50;  // every criterion, nested ones included
inline constexpr std::size_t kMaxSearchDepth = 5;      // levels of group nesting
inline constexpr std::size_t kMaxSearchValues = 100;   // values of one criterion
inline constexpr std::size_t kMaxSearchValueLength = 1000;
inline constexpr std::size_t kMaxRegexLength = 256;

// Validates `in` and turns it into the store's search. invalid_argument
// naming the offending field ("query[0].fields", "query[2].group[0].value",
// "sortBy", ...) for unknown types, fields or operators, missing values,
// patterns that do not compile, dates that do not parse, too many criteria.
Result<store::UserSearch> compile_user_search(const UserSearchInput& in);

// Parses `value` as a date: with the Java-style `format` when given (letters
// y M d H m s S X Z and quoted literals), otherwise ISO-8601 (a date alone
// means its midnight UTC). nullopt when it does not parse.
std::optional<Millis> parse_search_date(std::string_view value, const std::optional<std::string>& format);
// True when `format` uses only the pattern letters parse_search_date knows.
bool supported_date_format(std::string_view format);

}  // namespace rp::service
