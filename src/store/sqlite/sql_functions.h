#pragma once
// SQL functions roleplane adds to every connection, for the user search
// (org_tx_search.cpp):
//   rp_regexp(pattern, text)  1 when the whole of `text` matches the
//                             `pattern` (store/regex.h: RE2, linear time),
//                             ignoring case; NULL text is 0.
//                             The compiled pattern is kept while the statement runs.
//   rp_term(text, term)       1 when one of the words of `text` (runs of ASCII
//                             letters and digits, and of non-ASCII bytes)
//                             equals `term` ignoring ASCII case.
// A pattern that does not compile is an SQL error (the service validates
// patterns before they get here).

#include <sqlite3.h>

#include <string_view>

namespace rp::store::sqlite {

void register_sql_functions(sqlite3* db);

// True when one word of `text` equals `term` ignoring ASCII case.
bool has_term(std::string_view text, std::string_view term);

}  // namespace rp::store::sqlite
