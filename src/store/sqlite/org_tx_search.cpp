// SqliteOrgTx::search_users: compiles a store::UserSearch into one SQL WHERE
// clause with positional parameters (values are always bound, never spliced
// into the text), counts the matches and reads one page.
//
// Indexes (migration 7): users_search_name_ix (org_id, name COLLATE NOCASE,
// id, state) and users_search_email_ix (org_id, lower(email), state). Equality
// and prefix conditions on name and email are written as comparisons of the
// same expressions, a prefix as the range [prefix, successor(prefix)), so
// SQLite answers them with an index range, and the count of matches is
// answered from the index alone. Ids, divisions and managers use the primary
// key and the division and manager indexes. Other conditions are evaluated
// per row.

#include <string>
#include <variant>
#include <vector>

#include "store/sql/codecs.h"
#include "store/sqlite/org_tx.h"

namespace rp::store::sqlite {
namespace {

// How a field is compared.
enum class Kind {
  nocase,    // the column, compared with COLLATE NOCASE (name)
  lowered,   // lower(column) against a lower-cased value
  verbatim,  // the column against a lower-cased value (ids: stored lower case)
  numeric,   // an integer column
  contacts,  // lower(address) of any of the user's contacts
};

struct Column {
  const char* expr;  // the SQL expression compared
  const char* raw;   // the column itself (for presence and regex)
  Kind kind;
};

Column column(UserField f) {
  switch (f) {
    case UserField::id: return {"u.id", "u.id", Kind::verbatim};
    case UserField::name: return {"u.name", "u.name", Kind::nocase};
    case UserField::email: return {"lower(u.email)", "u.email", Kind::lowered};
    case UserField::username: return {"lower(u.username)", "u.username", Kind::lowered};
    case UserField::title: return {"lower(u.title)", "u.title", Kind::lowered};
    case UserField::department: return {"lower(u.department)", "u.department", Kind::lowered};
    case UserField::state: return {"lower(u.state)", "u.state", Kind::lowered};
    case UserField::division_id: return {"u.division_id", "u.division_id", Kind::verbatim};
    case UserField::manager_id: return {"u.manager_id", "u.manager_id", Kind::verbatim};
    case UserField::addresses: return {"lower(c.address)", "c.address", Kind::contacts};
    case UserField::version: return {"u.version", "u.version", Kind::numeric};
    case UserField::created: return {"u.created", "u.created", Kind::numeric};
    case UserField::modified: return {"u.modified", "u.modified", Kind::numeric};
    case UserField::date_last_login: return {"u.date_last_login", "u.date_last_login", Kind::numeric};
    case UserField::last_token_issued: return {"u.last_token_issued", "u.last_token_issued", Kind::numeric};
  }
  return {"u.id", "u.id", Kind::verbatim};
}

// ASCII lower case, as SQLite's lower() and NOCASE fold.
std::string fold(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  return out;
}

// The smallest string greater than every string that starts with `prefix`
// (folded), or "" when there is none. A successor byte in 'A'..'Z' becomes
// '[': folded strings hold no upper-case letters, and NOCASE would fold the
// bound itself back below the prefix.
std::string successor(std::string s) {
  while (!s.empty()) {
    auto c = static_cast<unsigned char>(s.back());
    if (c < 0xFF) {
      ++c;
      if (c >= 'A' && c <= 'Z') c = '[';
      s.back() = static_cast<char>(c);
      return s;
    }
    s.pop_back();
  }
  return s;
}

using Param = std::variant<std::string, std::int64_t>;

class Compiler {
 public:
  explicit Compiler(std::string org) : org_(std::move(org)) {}
  std::vector<Param> params;

  std::string list(const std::vector<Condition>& conditions) {
    std::vector<std::string> must, should;
    for (const auto& c : conditions) {
      std::string e = condition(c);
      if (c.occur == Occur::must) must.push_back(e);
      else if (c.occur == Occur::must_not) must.push_back("NOT (" + e + ")");
      else should.push_back(e);
    }
    if (!should.empty()) must.push_back("(" + join(should, " OR ") + ")");
    if (must.empty()) return "1";
    return join(must, " AND ");
  }

 private:
  std::string org_;

  static std::string join(const std::vector<std::string>& parts, const char* sep) {
    std::string out;
    for (const auto& p : parts) {
      if (!out.empty()) out += sep;
      out += "(" + p + ")";
    }
    return out;
  }

  std::string bind(std::string v) {
    params.emplace_back(std::move(v));
    return "?";
  }
  std::string bind_int(const std::string& v) {
    params.emplace_back(static_cast<std::int64_t>(std::stoll(v)));
    return "?";
  }
  // A bound value for a comparison with `col`.
  std::string value(const Column& col, const std::string& v) {
    if (col.kind == Kind::numeric) return bind_int(v);
    if (col.kind == Kind::nocase) return bind(fold(v)) + " COLLATE NOCASE";
    return bind(fold(v));
  }

  std::string condition(const Condition& c) {
    if (!c.group.empty()) return list(c.group);
    if (c.match == Match::all) return "1";
    std::vector<std::string> any;
    for (UserField f : c.fields) any.push_back(on_field(c, column(f)));
    if (any.empty()) return "0";
    return join(any, " OR ");
  }

  std::string on_field(const Condition& c, const Column& col) {
    if (col.kind != Kind::contacts) return predicate(c, col);
    if (c.match == Match::present)
      return "EXISTS (SELECT 1 FROM user_contacts c WHERE c.org_id = u.org_id AND c.user_id = u.id)";
    // One pass over the organization's contacts, then the users by key.
    std::string org = bind(org_);
    return "u.id IN (SELECT c.user_id FROM user_contacts c WHERE c.org_id = " + org + " AND (" + predicate(c, col) +
           "))";
  }

  std::string predicate(const Condition& c, const Column& col) {
    const std::string e = col.expr;
    switch (c.match) {
      case Match::all: return "1";
      case Match::present:
        if (col.kind == Kind::numeric) return e + " IS NOT NULL";
        if (col.kind == Kind::contacts) return "1";
        return std::string(col.raw) + " != ''";
      case Match::range: {
        std::vector<std::string> parts;
        if (c.low) parts.push_back(e + (c.exclusive ? " > " : " >= ") + value(col, *c.low));
        if (c.high) parts.push_back(e + (c.exclusive ? " < " : " <= ") + value(col, *c.high));
        if (parts.empty()) return "1";
        return join(parts, " AND ");
      }
      default: break;
    }
    std::vector<std::string> any;
    for (const auto& v : c.values) any.push_back(one_value(c.match, col, v));
    if (any.empty()) return "0";
    return join(any, " OR ");
  }

  std::string one_value(Match m, const Column& col, const std::string& v) {
    const std::string e = col.expr;
    switch (m) {
      case Match::exact: return e + " = " + value(col, v);
      case Match::prefix: {
        std::string lo = fold(v);
        std::string hi = successor(lo);
        const char* collate = col.kind == Kind::nocase ? " COLLATE NOCASE" : "";
        std::string out = e + " >= " + bind(lo) + collate;
        if (!hi.empty()) out += " AND " + e + " < " + bind(hi) + collate;
        return out;
      }
      case Match::contains:
        return "instr(" + (col.kind == Kind::nocase ? "lower(" + e + ")" : e) + ", " + bind(fold(v)) + ") > 0";
      case Match::regex: return "rp_regexp(" + bind(v) + ", " + col.raw + ")";
      case Match::term: return "rp_term(" + std::string(col.raw) + ", " + bind(v) + ")";
      default: return "0";
    }
  }
};

// The ORDER BY expression of a sort field. `detach` adds a unary plus so that
// SQLite does not walk that field's index to avoid sorting when another
// condition can narrow the rows by its own index.
std::string order_expr(UserField f, bool detach) {
  const char* plus = detach ? "+" : "";
  switch (f) {
    case UserField::name: return std::string(plus) + "u.name COLLATE NOCASE";
    case UserField::addresses: return "u.id";
    default: break;
  }
  Column col = column(f);
  return std::string(plus) + col.expr;
}

// True when a top-level must condition can narrow the rows by an index of
// another field than `sorted`.
bool narrowed_elsewhere(const UserSearch& q, UserField sorted) {
  for (const auto& c : q.conditions) {
    if (c.occur != Occur::must || !c.group.empty() || c.fields.size() != 1 || c.fields[0] == sorted) continue;
    if (c.match != Match::exact && c.match != Match::prefix) continue;
    switch (c.fields[0]) {
      // Not division_id: a division often holds most of the users, and
      // walking the sort index with the LIMIT is then the faster plan.
      case UserField::id:
      case UserField::name:
      case UserField::email:
      case UserField::manager_id: return true;
      default: break;
    }
  }
  return false;
}

void bind_all(Stmt& s, const OrgId& org, const std::vector<Param>& params) {
  int i = 1;
  s.bind(i++, org.value);
  for (const auto& p : params) {
    if (const auto* text = std::get_if<std::string>(&p)) s.bind(i++, *text);
    else s.bind(i++, std::get<std::int64_t>(p));
  }
}

}  // namespace

Result<Page<User>> SqliteOrgTx::search_users(const UserSearch& q) {
  RP_CHECK(check_page(q.page));
  Compiler compiler(org_.value);
  std::string where = " FROM users u WHERE u.org_id = ?";
  if (!q.include_deleted) where += " AND u.state != 'deleted'";
  where += " AND (" + compiler.list(q.conditions) + ")";

  Page<User> page;
  {
    auto count = RP_TRY(conn_.prepare_once("SELECT count(*)" + where));
    bind_all(count, org_, compiler.params);
    RP_TRY(count.step());
    page.total = count.int64(0);
  }
  if (q.page.offset() >= page.total) return page;

  std::vector<SortKey> sort = q.sort;
  if (sort.empty()) sort.push_back({UserField::name, false});
  std::string order;
  for (const auto& k : sort) {
    order += order.empty() ? " ORDER BY " : ", ";
    order += order_expr(k.field, narrowed_elsewhere(q, k.field)) + (k.descending ? " DESC" : " ASC");
  }
  order += sort.front().descending ? ", u.id DESC" : ", u.id ASC";

  // RP_SQL_USER_COLUMNS qualified with the table alias.
  std::string cols = "u.";
  for (const char* p = RP_SQL_USER_COLUMNS; *p; ++p) {
    cols += *p;
    if (*p == ' ') cols += "u.";
  }
  auto s = RP_TRY(conn_.prepare_once("SELECT " + cols + where + order + " LIMIT ? OFFSET ?"));
  bind_all(s, org_, compiler.params);
  const int next = static_cast<int>(compiler.params.size()) + 2;
  s.bind(next, q.page.page_size).bind(next + 1, q.page.offset());
  while (RP_TRY(s.step())) page.items.push_back(RP_TRY(sql::read_user(s)));
  for (auto& u : page.items) u.addresses = RP_TRY(load_contacts(u.id));
  return page;
}

}  // namespace rp::store::sqlite
