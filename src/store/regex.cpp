#include "store/regex.h"

#include <re2/re2.h>

namespace rp::store {
namespace {

// Bounds the automaton of one pattern; patterns are at most 256 characters
// (service/user_search.h), far below what this refuses in practice.
constexpr std::int64_t kMaxMemory = 4 << 20;

re2::RE2::Options options() {
  re2::RE2::Options o;
  o.set_case_sensitive(false);
  o.set_log_errors(false);
  o.set_max_mem(kMaxMemory);
  return o;
}

}  // namespace

SearchRegex::SearchRegex(std::unique_ptr<re2::RE2> re) : re_(std::move(re)) {}
SearchRegex::~SearchRegex() = default;

std::unique_ptr<SearchRegex> SearchRegex::compile(std::string_view pattern) {
  auto re = std::make_unique<re2::RE2>(re2::StringPiece(pattern.data(), pattern.size()), options());
  if (!re->ok()) return nullptr;
  return std::unique_ptr<SearchRegex>(new SearchRegex(std::move(re)));
}

bool SearchRegex::matches(std::string_view text) const {
  return re2::RE2::FullMatch(re2::StringPiece(text.data(), text.size()), *re_);
}

bool valid_search_regex(std::string_view pattern) { return SearchRegex::compile(pattern) != nullptr; }

}  // namespace rp::store
