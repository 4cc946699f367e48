#include "api/workiva/user_filter.h"

#include <optional>
#include <string>

namespace rp::api::workiva {
namespace {

Error bad_filter(const std::string& why) {
  return make_error(Errc::invalid_argument,
                    "$filter is not supported: " + why +
                        ". Use email eq '<value>', username eq '<value>' or status eq 'active'|'suspended', "
                        "joined with and.")
      .with_field("$filter");
}

// Reads the filter left to right; every method consumes what it recognises.
class Reader {
 public:
  explicit Reader(std::string_view text) : rest_(text) {}

  bool at_end() {
    skip_spaces();
    return rest_.empty();
  }
  // A run of letters (a field name or a keyword).
  std::string_view word() {
    skip_spaces();
    std::size_t n = 0;
    while (n < rest_.size() && ((rest_[n] >= 'a' && rest_[n] <= 'z') || (rest_[n] >= 'A' && rest_[n] <= 'Z'))) ++n;
    auto w = rest_.substr(0, n);
    rest_.remove_prefix(n);
    return w;
  }
  // A single-quoted string literal, '' standing for one quote.
  std::optional<std::string> literal() {
    skip_spaces();
    if (rest_.empty() || rest_.front() != '\'') return std::nullopt;
    std::string out;
    for (std::size_t i = 1; i < rest_.size(); ++i) {
      if (rest_[i] != '\'') {
        out += rest_[i];
        continue;
      }
      if (i + 1 < rest_.size() && rest_[i + 1] == '\'') {
        out += '\'';
        ++i;
        continue;
      }
      rest_.remove_prefix(i + 1);
      return out;
    }
    return std::nullopt;
  }

 private:
  void skip_spaces() {
    while (!rest_.empty() && rest_.front() == ' ') rest_.remove_prefix(1);
  }
  std::string_view rest_;
};

}  // namespace

Result<service::WorkivaUserFilter> parse_user_filter(std::string_view text) {
  service::WorkivaUserFilter filter;
  Reader in(text);
  if (in.at_end()) return std::unexpected(bad_filter("it is empty"));
  do {
    std::string field(in.word());
    if (field != "email" && field != "username" && field != "status")
      return std::unexpected(bad_filter(field.empty() ? "a field name is expected" : "unknown field '" + field + "'"));
    if (in.word() != "eq") return std::unexpected(bad_filter("only the eq operator is supported"));
    auto value = in.literal();
    if (!value) return std::unexpected(bad_filter("the value of " + field + " must be a quoted string"));
    std::optional<std::string>& slot = field == "email"      ? filter.email
                                       : field == "username" ? filter.username
                                                             : filter.status;
    if (slot) return std::unexpected(bad_filter(field + " is compared more than once"));
    if (field == "status" && *value != "active" && *value != "suspended")
      return std::unexpected(bad_filter("status is 'active' or 'suspended'"));
    slot = std::move(*value);
    if (in.at_end()) return filter;
  } while (in.word() == "and");
  return std::unexpected(bad_filter("comparisons are joined with and"));
}

}  // namespace rp::api::workiva
