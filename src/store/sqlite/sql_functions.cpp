#include "store/sqlite/sql_functions.h"

#include "store/regex.h"

#include <memory>
#include <string>

namespace rp::store::sqlite {
namespace {

std::string_view text_arg(sqlite3_value* v) {
  auto* p = reinterpret_cast<const char*>(sqlite3_value_text(v));
  if (!p) return {};
  return {p, static_cast<std::size_t>(sqlite3_value_bytes(v))};
}

void delete_regex(void* p) { delete static_cast<SearchRegex*>(p); }

void regexp_fn(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[1]) == SQLITE_NULL) {
    sqlite3_result_int(ctx, 0);
    return;
  }
  auto* re = static_cast<SearchRegex*>(sqlite3_get_auxdata(ctx, 0));
  std::unique_ptr<SearchRegex> local;
  if (!re) {
    local = SearchRegex::compile(text_arg(argv[0]));
    if (!local) {
      sqlite3_result_error(ctx, "invalid regular expression", -1);
      return;
    }
    re = local.get();
    sqlite3_set_auxdata(ctx, 0, local.release(), delete_regex);
    // SQLite may free the auxdata at once (a non-constant argument); fetch it
    // back, and compile once more for this row if it did.
    re = static_cast<SearchRegex*>(sqlite3_get_auxdata(ctx, 0));
    if (!re) {
      local = SearchRegex::compile(text_arg(argv[0]));
      re = local.get();
    }
  }
  sqlite3_result_int(ctx, re->matches(text_arg(argv[1])) ? 1 : 0);
}

void term_fn(sqlite3_context* ctx, int, sqlite3_value** argv) {
  sqlite3_result_int(ctx, has_term(text_arg(argv[0]), text_arg(argv[1])) ? 1 : 0);
}

bool word_byte(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

unsigned char fold(unsigned char c) { return (c >= 'A' && c <= 'Z') ? static_cast<unsigned char>(c + 32) : c; }

}  // namespace

bool has_term(std::string_view text, std::string_view term) {
  if (term.empty()) return false;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && !word_byte(static_cast<unsigned char>(text[i]))) ++i;
    std::size_t start = i;
    while (i < text.size() && word_byte(static_cast<unsigned char>(text[i]))) ++i;
    if (i - start != term.size()) continue;
    bool same = true;
    for (std::size_t k = 0; k < term.size() && same; ++k)
      same = fold(static_cast<unsigned char>(text[start + k])) == fold(static_cast<unsigned char>(term[k]));
    if (same) return true;
  }
  return false;
}

void register_sql_functions(sqlite3* db) {
  constexpr int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
  sqlite3_create_function_v2(db, "rp_regexp", 2, flags, nullptr, regexp_fn, nullptr, nullptr, nullptr);
  sqlite3_create_function_v2(db, "rp_term", 2, flags, nullptr, term_fn, nullptr, nullptr, nullptr);
}

}  // namespace rp::store::sqlite
