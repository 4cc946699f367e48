#pragma once
// The regular expressions of user searches (REGEX criteria), shared by the
// service's validation and every driver's matching so both accept exactly the
// same patterns.
//
// Syntax is RE2's (Perl-like without backreferences or lookaround); a pattern
// matches the whole text, ignoring case. Matching runs in time linear in the
// text for every pattern: RE2 never backtracks, so no pattern can pin a
// thread. Thread-safe: a compiled pattern may be used by many threads.

#include <memory>
#include <string_view>

namespace re2 {
class RE2;
}

namespace rp::store {

class SearchRegex {
 public:
  // Null when `pattern` does not compile (or needs more than the memory
  // budget of one pattern).
  static std::unique_ptr<SearchRegex> compile(std::string_view pattern);
  ~SearchRegex();
  SearchRegex(const SearchRegex&) = delete;
  SearchRegex& operator=(const SearchRegex&) = delete;

  // True when the whole of `text` matches.
  bool matches(std::string_view text) const;

 private:
  explicit SearchRegex(std::unique_ptr<re2::RE2> re);
  std::unique_ptr<re2::RE2> re_;
};

// True when `pattern` compiles as SearchRegex::compile compiles it.
bool valid_search_regex(std::string_view pattern);

}  // namespace rp::store
