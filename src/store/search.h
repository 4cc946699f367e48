#pragma once
// A user search as the store runs it: a tree of conditions on user fields,
// already validated and normalized by the service layer (service/user_search),
// plus the order and the page. Drivers compile it into their query language
// with every value bound as a parameter, never spliced into the text.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/paging.h"

namespace rp::store {

// The searchable fields of a user.
enum class UserField {
  id,
  name,
  email,
  username,
  title,
  department,
  state,
  division_id,
  manager_id,
  addresses,  // the address of any of the user's contacts (phone numbers, email addresses)
  version,
  created,
  modified,
  date_last_login,
  last_token_issued,
};

// Text fields compare ignoring ASCII case; numeric fields (version and the
// dates, in milliseconds since the epoch) compare as integers.
constexpr bool is_numeric(UserField f) {
  return f == UserField::version || f == UserField::created || f == UserField::modified ||
         f == UserField::date_last_login || f == UserField::last_token_issued;
}

enum class Match {
  all,       // every user
  exact,     // the field equals one of `values`
  prefix,    // the field starts with one of `values`
  contains,  // the field contains one of `values`
  regex,     // the whole field matches the ECMAScript pattern values[0], ignoring case
  term,      // one of the field's words (runs of letters and digits) equals one of `values`
  present,   // the field has a value (not empty, not null; a user with contacts for addresses)
  range,     // low <= field <= high; either bound may be absent; `exclusive` makes them strict
};

enum class Occur {
  must,      // AND: the condition must hold
  should,    // OR: at least one of the list's `should` conditions must hold
  must_not,  // NOT: the condition must not hold
};

struct Condition {
  Occur occur = Occur::must;
  Match match = Match::all;
  std::vector<UserField> fields;    // a condition holds when it holds for any of its fields
  std::vector<std::string> values;  // text values; numeric fields take decimal integers
  std::optional<std::string> low, high;
  bool exclusive = false;        // range bounds are strict (less than / greater than)
  std::vector<Condition> group;  // when not empty, the condition is this group, combined as a list
};

struct SortKey {
  UserField field = UserField::name;
  bool descending = false;
};

struct UserSearch {
  std::vector<Condition> conditions;  // combined as a list (see Occur); empty = every user
  std::vector<SortKey> sort;          // then by id; empty = by name ignoring case, then id
  PageRequest page;
  bool include_deleted = false;  // deleted users are excluded unless set
};

}  // namespace rp::store
