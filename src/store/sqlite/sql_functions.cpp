#include "store/sqlite/sql_functions.h"

#include <memory>
#include <regex>
#include <string>

namespace rp::store::sqlite {
namespace {

std::string_view text_arg(sqlite3_value* v) {
  auto* p = reinterpret_cast<const char*>(sqlite3_value_text(v));
  if (!p) return {};
  return {p, static_cast<std::size_t>(sqlite3_value_bytes(v))};
}

constexpr auto kRegexFlags = std::regex::ECMAScript | std::regex::icase | std::regex::optimize;

void delete_regex(void* p) { delete static_cast<std::regex*>(p); }

void regexp_fn(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[1]) == SQLITE_NULL) {
    sqlite3_result_int(ctx, 0);
    return;
  }
  auto* re = static_cast<std::regex*>(sqlite3_get_auxdata(ctx, 0));
  if (!re) {
    try {
      auto owned = std::make_unique<std::regex>(std::string(text_arg(argv[0])), kRegexFlags);
      re = owned.get();
      sqlite3_set_auxdata(ctx, 0, owned.release(), delete_regex);
      // SQLite may free the auxdata at once (a non-constant argument); fetch it back.
      re = static_cast<std::regex*>(sqlite3_get_auxdata(ctx, 0));
      if (!re) {
        std::regex local(std::string(text_arg(argv[0])), kRegexFlags);
        std::string s(text_arg(argv[1]));
        sqlite3_result_int(ctx, std::regex_match(s, local) ? 1 : 0);
        return;
      }
    } catch (const std::regex_error&) {
      sqlite3_result_error(ctx, "invalid regular expression", -1);
      return;
    }
  }
  try {
    std::string s(text_arg(argv[1]));
    sqlite3_result_int(ctx, std::regex_match(s, *re) ? 1 : 0);
  } catch (const std::regex_error&) {
    sqlite3_result_error(ctx, "regular expression too complex", -1);
  }
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

bool valid_regex(std::string_view pattern) {
  try {
    std::regex re(std::string(pattern), kRegexFlags);
    return true;
  } catch (const std::regex_error&) {
    return false;
  }
}

void register_sql_functions(sqlite3* db) {
  constexpr int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
  sqlite3_create_function_v2(db, "rp_regexp", 2, flags, nullptr, regexp_fn, nullptr, nullptr, nullptr);
  sqlite3_create_function_v2(db, "rp_term", 2, flags, nullptr, term_fn, nullptr, nullptr, nullptr);
}

}  // namespace rp::store::sqlite
