// Validation of user search requests into store::UserSearch, the date
// formats they may use, and UserService::search.

#include "service/users/user_search.h"

#include <unordered_map>

#include "core/strings.h"
#include "service/users/users.h"
#include "store/regex.h"

namespace rp::service {
namespace {

using store::Condition;
using store::Match;
using store::Occur;
using store::UserField;

// Field names as the Genesys User names them (ignoring case), with the
// aliases search requests use.
std::optional<UserField> field_named(std::string_view name) {
  static const std::unordered_map<std::string, UserField> kFields = {
      {"id", UserField::id},
      {"name", UserField::name},
      {"email", UserField::email},
      {"username", UserField::username},
      {"title", UserField::title},
      {"department", UserField::department},
      {"state", UserField::state},
      {"divisionid", UserField::division_id},
      {"division.id", UserField::division_id},
      {"division", UserField::division_id},
      {"manager", UserField::manager_id},
      {"manager.id", UserField::manager_id},
      {"managerid", UserField::manager_id},
      {"addresses", UserField::addresses},
      {"addresses.address", UserField::addresses},
      {"primarycontactinfo.address", UserField::addresses},
      {"version", UserField::version},
      {"datecreated", UserField::created},
      {"datemodified", UserField::modified},
      {"datelastlogin", UserField::date_last_login},
      {"lasttokenissued", UserField::last_token_issued},
      {"datelasttokenissued", UserField::last_token_issued},
  };
  auto it = kFields.find(to_lower(name));
  if (it == kFields.end()) return std::nullopt;
  return it->second;
}

bool is_date(UserField f) { return store::is_numeric(f) && f != UserField::version; }

constexpr std::string_view kFieldList =
    "id, name, email, username, title, department, state, divisionId, manager.id, addresses, version, "
    "dateCreated, dateModified, dateLastLogin, lastTokenIssued";

// The fields a QUERY_STRING without fields searches.
const std::vector<UserField> kDefaultTextFields = {UserField::name, UserField::email, UserField::username,
                                                   UserField::title, UserField::department};

enum class Type {
  exact,
  starts_with,
  contains,
  regex,
  term,
  terms,
  required_fields,
  match_all,
  query_string,
  range,
  date_range,
  less_than,
  less_than_equal,
  greater_than,
  greater_than_equal,
};

std::optional<Type> type_named(std::string_view name) {
  static const std::unordered_map<std::string, Type> kTypes = {
      {"exact", Type::exact},
      {"starts_with", Type::starts_with},
      {"contains", Type::contains},
      {"regex", Type::regex},
      {"term", Type::term},
      {"terms", Type::terms},
      {"required_fields", Type::required_fields},
      {"match_all", Type::match_all},
      {"query_string", Type::query_string},
      {"range", Type::range},
      {"date_range", Type::date_range},
      {"less_than", Type::less_than},
      {"less_than_equal_to", Type::less_than_equal},
      {"greater_than", Type::greater_than},
      {"greater_than_equal_to", Type::greater_than_equal},
  };
  auto it = kTypes.find(to_lower(name));
  if (it == kTypes.end()) return std::nullopt;
  return it->second;
}

constexpr std::string_view kTypeList =
    "EXACT, STARTS_WITH, CONTAINS, REGEX, TERM, TERMS, REQUIRED_FIELDS, MATCH_ALL, QUERY_STRING, RANGE, "
    "DATE_RANGE, LESS_THAN, LESS_THAN_EQUAL_TO, GREATER_THAN, GREATER_THAN_EQUAL_TO";

bool text_only(Type t) {
  return t == Type::starts_with || t == Type::contains || t == Type::regex || t == Type::term || t == Type::terms;
}

class Validator {
 public:
  std::size_t count = 0;
  bool names_state = false;

  Result<std::vector<Condition>> list(const std::vector<SearchCriterion>& in, std::size_t depth) {
    if (depth > kMaxSearchDepth)
      return invalid(in.empty() ? "query" : in.front().path,
                     "Search criteria may be nested at most " + std::to_string(kMaxSearchDepth) + " levels deep");
    std::vector<Condition> out;
    for (const auto& c : in) out.push_back(RP_TRY(criterion(c, depth)));
    return out;
  }

 private:
  Result<Condition> criterion(const SearchCriterion& c, std::size_t depth) {
    if (++count > kMaxSearchCriteria)
      return invalid(c.path, "A search may have at most " + std::to_string(kMaxSearchCriteria) + " criteria");
    Condition out;
    std::string op = to_lower(c.op);
    if (op.empty() || op == "and") out.occur = Occur::must;
    else if (op == "or") out.occur = Occur::should;
    else if (op == "not") out.occur = Occur::must_not;
    else
      return invalid(c.path + ".operator",
                     "Value [" + c.op + "] is not valid for operator. Allowable values are: AND, OR, NOT");

    std::optional<Type> type;
    if (!c.type.empty()) {
      type = type_named(c.type);
      if (!type)
        return invalid(c.path + ".type",
                       "Value [" + c.type + "] is not valid for type. Allowable values are: " + std::string(kTypeList));
    }
    if (c.has_group) {
      if (c.group.empty()) return invalid(c.path + ".group", "group must hold at least one criterion");
      out.group = RP_TRY(list(c.group, depth + 1));
      return out;
    }
    if (!type) return invalid(c.path + ".type", "type is required");
    RP_CHECK(fields(c, *type, out));
    RP_CHECK(values(c, *type, out));
    return out;
  }

  Result<void> fields(const SearchCriterion& c, Type type, Condition& out) {
    if (type == Type::match_all) return {};
    if (c.fields.empty()) {
      if (type == Type::query_string) {
        out.fields = kDefaultTextFields;
        return {};
      }
      return invalid(c.path + ".fields", "fields is required for " + c.type + " criteria");
    }
    if (c.fields.size() > kMaxSearchValues) return invalid(c.path + ".fields", "too many fields");
    for (const auto& name : c.fields) {
      auto f = field_named(name);
      if (!f)
        return invalid(c.path + ".fields",
                       "The field [" + name + "] cannot be searched. Searchable fields: " + std::string(kFieldList));
      if ((text_only(type) || type == Type::query_string) && store::is_numeric(*f))
        return invalid(c.path + ".fields", "The field [" + name + "] is not a text field; " + c.type + " needs text");
      if (type == Type::date_range && !is_date(*f))
        return invalid(c.path + ".fields", "The field [" + name + "] is not a date field; DATE_RANGE needs dates");
      if (*f == UserField::state) names_state = true;
      out.fields.push_back(*f);
    }
    return {};
  }

  // A value converted for the condition's fields: dates to milliseconds,
  // versions checked as whole numbers. All fields of one criterion must agree.
  Result<std::string> convert(const SearchCriterion& c, const Condition& out, const std::string& v,
                              const std::string& field) {
    if (v.size() > kMaxSearchValueLength) return invalid(field, "The value is too long");
    bool any_date = false, any_number = false, any_text = false;
    for (UserField f : out.fields) {
      if (is_date(f)) any_date = true;
      else if (store::is_numeric(f)) any_number = true;
      else any_text = true;
    }
    if (int(any_date) + int(any_number) + int(any_text) > 1)
      return invalid(c.path + ".fields", "The fields of one criterion must all be text, all numbers or all dates");
    if (any_date) {
      auto t = parse_search_date(v, c.date_format);
      if (!t)
        return invalid(field, "The value [" + v + "] is not a date" +
                                  (c.date_format ? " in the format " + *c.date_format : std::string(" (ISO-8601)")));
      return std::to_string(*t);
    }
    if (any_number) {
      auto n = parse_int(trim(v));
      if (!n) return invalid(field, "The value [" + v + "] is not a whole number");
      return std::to_string(*n);
    }
    return v;
  }

  // value and values together, each non-empty.
  Result<std::vector<std::string>> given_values(const SearchCriterion& c) {
    std::vector<std::string> all;
    if (c.value) all.push_back(*c.value);
    all.insert(all.end(), c.values.begin(), c.values.end());
    if (all.empty()) return invalid(c.path + ".value", "value or values is required for " + c.type + " criteria");
    if (all.size() > kMaxSearchValues) return invalid(c.path + ".values", "too many values");
    for (const auto& v : all)
      if (trim(v).empty()) return invalid(c.path + ".value", "values must not be empty");
    return all;
  }

  Result<void> values(const SearchCriterion& c, Type type, Condition& out) {
    if (c.date_format) {
      if (!supported_date_format(*c.date_format))
        return invalid(c.path + ".dateFormat", "The date format [" + *c.date_format + "] is not supported");
    }
    switch (type) {
      case Type::match_all: out.match = Match::all; return {};
      case Type::required_fields: out.match = Match::present; return {};
      case Type::range:
      case Type::date_range: {
        out.match = Match::range;
        if (!c.start_value && !c.end_value)
          return invalid(c.path + ".startValue", "startValue or endValue is required for " + c.type + " criteria");
        if (c.start_value) out.low = RP_TRY(convert(c, out, *c.start_value, c.path + ".startValue"));
        if (c.end_value) out.high = RP_TRY(convert(c, out, *c.end_value, c.path + ".endValue"));
        return {};
      }
      case Type::less_than:
      case Type::less_than_equal:
      case Type::greater_than:
      case Type::greater_than_equal: {
        if (!c.value) return invalid(c.path + ".value", "value is required for " + c.type + " criteria");
        std::string v = RP_TRY(convert(c, out, *c.value, c.path + ".value"));
        out.match = Match::range;
        out.exclusive = type == Type::less_than || type == Type::greater_than;
        if (type == Type::less_than || type == Type::less_than_equal) out.high = v;
        else out.low = v;
        return {};
      }
      case Type::query_string: return query_string(c, out);
      default: break;
    }
    auto all = RP_TRY(given_values(c));
    if (type == Type::regex) {
      if (all.size() != 1) return invalid(c.path + ".values", "REGEX takes one pattern in value");
      if (all[0].size() > kMaxRegexLength)
        return invalid(c.path + ".value",
                       "The pattern is longer than " + std::to_string(kMaxRegexLength) + " characters");
      // RE2 matches in linear time, so any pattern that compiles is safe to run.
      if (!store::valid_search_regex(all[0]))
        return invalid(c.path + ".value", "The pattern [" + all[0] + "] is not a valid regular expression");
    }
    for (const auto& v : all) out.values.push_back(RP_TRY(convert(c, out, v, c.path + ".value")));
    switch (type) {
      case Type::exact: out.match = Match::exact; break;
      case Type::starts_with: out.match = Match::prefix; break;
      case Type::contains: out.match = Match::contains; break;
      case Type::regex: out.match = Match::regex; break;
      default: out.match = Match::term; break;  // TERM, TERMS
    }
    return {};
  }

  // QUERY_STRING: words separated by spaces, OR between them unless joined
  // by AND (AND binds tighter); "-word" excludes; "word*" is a prefix;
  // "field:word" searches that field only; "a phrase" in quotes is contained.
  Result<void> query_string(const SearchCriterion& c, Condition& out) {
    if (!c.value || trim(*c.value).empty())
      return invalid(c.path + ".value", "value is required for QUERY_STRING criteria");
    const std::string& q = *c.value;
    if (q.size() > kMaxSearchValueLength) return invalid(c.path + ".value", "The value is too long");
    std::vector<std::string> tokens;
    for (std::size_t i = 0; i < q.size();) {
      if (q[i] == ' ') {
        ++i;
        continue;
      }
      std::size_t start = i;
      bool quoted = false;
      while (i < q.size() && (quoted || q[i] != ' ')) {
        if (q[i] == '"') quoted = !quoted;
        ++i;
      }
      if (quoted) return invalid(c.path + ".value", "The query string has an unclosed quote");
      tokens.push_back(q.substr(start, i - start));
    }
    std::vector<std::vector<Condition>> alternatives(1);
    bool pending_and = false;
    for (const auto& tok : tokens) {
      if (tok == "AND") {
        pending_and = true;
        continue;
      }
      if (tok == "OR") {
        pending_and = false;
        continue;
      }
      Condition w = RP_TRY(query_word(c, out.fields, tok));
      if (!pending_and && !alternatives.back().empty()) alternatives.emplace_back();
      alternatives.back().push_back(std::move(w));
      pending_and = false;
    }
    if (alternatives.front().empty()) return invalid(c.path + ".value", "The query string has no words");
    for (auto& alt : alternatives) {
      Condition g;
      g.occur = Occur::should;
      g.group = std::move(alt);
      out.group.push_back(std::move(g));
    }
    out.fields.clear();
    return {};
  }

  Result<Condition> query_word(const SearchCriterion& c, const std::vector<UserField>& fields, std::string tok) {
    Condition w;
    if (tok.size() > 1 && tok[0] == '-') {
      w.occur = Occur::must_not;
      tok.erase(0, 1);
    }
    w.fields = fields;
    if (auto colon = tok.find(':'); colon != std::string::npos && colon > 0 && tok[0] != '"') {
      auto f = field_named(tok.substr(0, colon));
      if (!f || store::is_numeric(*f))
        return invalid(c.path + ".value",
                       "The query string names a field that cannot be searched: " + tok.substr(0, colon));
      if (*f == UserField::state) names_state = true;
      w.fields = {*f};
      tok.erase(0, colon + 1);
    }
    if (tok.size() >= 2 && tok.front() == '"' && tok.back() == '"') {
      w.match = Match::contains;
      tok = tok.substr(1, tok.size() - 2);
    } else if (tok.size() > 1 && tok.back() == '*') {
      w.match = Match::prefix;
      tok.pop_back();
    } else {
      bool word = std::all_of(tok.begin(), tok.end(), [](unsigned char ch) { return std::isalnum(ch) || ch >= 0x80; });
      w.match = word ? Match::term : Match::exact;
    }
    if (tok.empty() || tok.find('"') != std::string::npos)
      return invalid(c.path + ".value", "The query string has an empty or malformed word");
    w.values.push_back(tok);
    return w;
  }
};

std::optional<UserField> sort_field(std::string_view name) {
  auto f = field_named(name);
  if (!f || *f == UserField::addresses) return std::nullopt;
  return f;
}

}  // namespace

Result<store::UserSearch> compile_user_search(const UserSearchInput& in) {
  store::UserSearch out;
  if (in.page_size < 1 || in.page_size > 500) return invalid("pageSize", "pageSize must be between 1 and 500");
  if (in.page_number < 1) return invalid("pageNumber", "pageNumber must be at least 1");
  out.page = {in.page_size, in.page_number};
  Validator v;
  out.conditions = RP_TRY(v.list(in.query, 0));
  out.include_deleted = v.names_state;
  if (in.only_divisions) {
    Condition only;
    only.match = Match::exact;
    only.fields = {UserField::division_id};
    only.values = *in.only_divisions;  // none: nothing is found
    out.conditions.push_back(std::move(only));
  }
  for (const auto& s : in.sort) {
    std::string order = to_lower(s.order);
    if (!order.empty() && order != "asc" && order != "desc" && order != "score" && order != "ascending" &&
        order != "descending")
      return invalid(s.path == "sortBy" ? "sortOrder" : s.path + ".sortOrder",
                     "Value [" + s.order + "] is not valid for sortOrder. Allowable values are: ASC, DESC, SCORE");
    if (s.field.empty()) {
      if (order == "desc" || order == "descending") out.sort.push_back({UserField::name, true});
      continue;
    }
    auto f = sort_field(s.field);
    if (!f)
      return invalid(s.path == "sortBy" ? "sortBy" : s.path + ".sortBy",
                     "The results cannot be sorted by [" + s.field + "]");
    out.sort.push_back({*f, order == "desc" || order == "descending"});
  }
  return out;
}

Result<Page<UserView>> UserService::search(const Caller& caller, const UserSearchInput& input) {
  auto query = RP_TRY(compile_user_search(input));
  Page<UserView> page;
  RP_CHECK(store_.read(caller.org, [&](store::Reader& tx) -> Result<void> {
    page = RP_TRY(with_divisions(tx, RP_TRY(tx.search_users(query))));
    return {};
  }));
  return page;
}

}  // namespace rp::service
