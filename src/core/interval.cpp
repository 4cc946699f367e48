#include "core/interval.h"

#include <chrono>

namespace rp {
namespace {

constexpr Millis kSecond = 1000, kMinute = 60 * kSecond, kHour = 60 * kMinute, kDay = 24 * kHour;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

std::optional<IsoDuration> parse_duration(std::string_view s) {
  if (s.size() < 3 || (s[0] != 'P' && s[0] != 'p')) return std::nullopt;
  IsoDuration d;
  bool in_time = false, any = false, time_part = false;
  // The designators allowed next, in order, before and after T.
  std::string_view date_order = "YMWD", time_order = "HMS";
  std::size_t p = 1;
  while (p < s.size()) {
    if (s[p] == 'T' || s[p] == 't') {
      if (in_time) return std::nullopt;
      in_time = true;
      ++p;
      continue;
    }
    std::size_t q = p;
    std::int64_t n = 0;
    while (q < s.size() && is_digit(s[q])) {
      if (q - p == 9) return std::nullopt;
      n = n * 10 + (s[q] - '0');
      ++q;
    }
    if (q == p) return std::nullopt;
    Millis fraction = 0;
    if (q < s.size() && (s[q] == '.' || s[q] == ',')) {
      std::size_t f = q + 1;
      Millis scale = 100;
      while (f < s.size() && is_digit(s[f])) {
        fraction += (s[f] - '0') * scale;
        scale /= 10;
        ++f;
      }
      if (f == q + 1) return std::nullopt;
      q = f;
    }
    if (q == s.size()) return std::nullopt;
    char unit = static_cast<char>(s[q] >= 'a' && s[q] <= 'z' ? s[q] - 'a' + 'A' : s[q]);
    std::string_view& order = in_time ? time_order : date_order;
    auto at = order.find(unit);
    if (at == std::string_view::npos) return std::nullopt;
    if (fraction != 0 && !(in_time && unit == 'S')) return std::nullopt;
    order.remove_prefix(at + 1);
    if (!in_time) {
      if (unit == 'Y') d.months += 12 * n;
      else if (unit == 'M') d.months += n;
      else if (unit == 'W') d.days += 7 * n;
      else d.days += n;
    } else {
      time_part = true;
      if (unit == 'H') d.fixed += n * kHour;
      else if (unit == 'M') d.fixed += n * kMinute;
      else d.fixed += n * kSecond + fraction;
    }
    any = true;
    p = q + 1;
  }
  if (!any || (in_time && !time_part)) return std::nullopt;
  return d;
}

Millis add_duration(Millis t, const IsoDuration& d) {
  using namespace std::chrono;
  if (d.months != 0) {
    sys_time<milliseconds> tp{milliseconds{t}};
    auto day = floor<days>(tp);
    year_month_day ymd{day};
    auto moved = ymd + months{d.months};
    if (!moved.ok()) moved = moved.year() / moved.month() / last;
    t = (sys_days{moved} + (tp - day)).time_since_epoch().count();
  }
  return t + d.days * kDay + d.fixed;
}

std::optional<Interval> parse_interval(std::string_view s) {
  auto slash = s.find('/');
  if (slash == std::string_view::npos || s.find('/', slash + 1) != std::string_view::npos) return std::nullopt;
  auto start = parse_iso8601(s.substr(0, slash));
  if (!start) return std::nullopt;
  auto rest = s.substr(slash + 1);
  std::optional<Millis> end;
  if (!rest.empty() && (rest[0] == 'P' || rest[0] == 'p')) {
    auto d = parse_duration(rest);
    if (!d) return std::nullopt;
    end = add_duration(*start, *d);
  } else {
    end = parse_iso8601(rest);
  }
  if (!end || *end <= *start) return std::nullopt;
  return Interval{*start, *end};
}

}  // namespace rp
