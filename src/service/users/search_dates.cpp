// Dates in user search criteria: ISO-8601 by default, or a Java-style
// date format (the `dateFormat` of a criterion) limited to the pattern
// letters a date-time needs: yyyy MM dd HH mm ss S... and X/Z offsets, with
// 'quoted' literals and any other non-letter taken literally.

#include <cctype>

#include "core/strings.h"
#include "service/users/user_search.h"

namespace rp::service {
namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool known_letter(char c) { return std::string_view("yMdHmsSXZ").find(c) != std::string_view::npos; }

struct Fields {
  int year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0, millis = 0;
  int offset_minutes = 0;
};

// Reads exactly `n` digits (or, when `n` is 0, one or more) into `out`.
bool digits(std::string_view s, std::size_t& i, std::size_t n, int& out, std::size_t* count = nullptr) {
  std::size_t start = i;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])) && (n == 0 || i - start < n)) ++i;
  if (i == start || (n != 0 && i - start != n) || i - start > 9) return false;
  out = std::stoi(std::string(s.substr(start, i - start)));
  if (count) *count = i - start;
  return true;
}

bool offset(std::string_view s, std::size_t& i, int& minutes) {
  if (i < s.size() && s[i] == 'Z') {
    ++i;
    minutes = 0;
    return true;
  }
  if (i >= s.size() || (s[i] != '+' && s[i] != '-')) return false;
  int sign = s[i] == '-' ? -1 : 1;
  ++i;
  int h = 0, m = 0;
  if (!digits(s, i, 2, h)) return false;
  if (i < s.size() && s[i] == ':') ++i;
  if (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])) && !digits(s, i, 2, m)) return false;
  if (h > 23 || m > 59) return false;
  minutes = sign * (h * 60 + m);
  return true;
}

std::optional<Fields> parse_with(std::string_view value, std::string_view format) {
  Fields f;
  std::size_t i = 0;
  for (std::size_t p = 0; p < format.size();) {
    char c = format[p];
    if (c == '\'') {
      std::size_t end = format.find('\'', p + 1);
      if (end == std::string_view::npos) return std::nullopt;
      std::string_view lit = format.substr(p + 1, end - p - 1);
      if (value.substr(i, lit.size()) != lit) return std::nullopt;
      i += lit.size();
      p = end + 1;
      continue;
    }
    if (!std::isalpha(static_cast<unsigned char>(c))) {
      if (i >= value.size() || value[i] != c) return std::nullopt;
      ++i;
      ++p;
      continue;
    }
    std::size_t run = p;
    while (run < format.size() && format[run] == c) ++run;
    std::size_t n = run - p;
    p = run;
    bool ok = true;
    switch (c) {
      case 'y':
        ok = digits(value, i, n == 2 ? 2 : 4, f.year);
        if (n == 2) f.year += 2000;
        break;
      case 'M': ok = digits(value, i, n >= 2 ? 2 : 0, f.month); break;
      case 'd': ok = digits(value, i, n >= 2 ? 2 : 0, f.day); break;
      case 'H': ok = digits(value, i, n >= 2 ? 2 : 0, f.hour); break;
      case 'm': ok = digits(value, i, n >= 2 ? 2 : 0, f.minute); break;
      case 's': ok = digits(value, i, n >= 2 ? 2 : 0, f.second); break;
      case 'S': {
        std::size_t count = 0;
        int frac = 0;
        ok = digits(value, i, n, frac, &count);
        while (count > 3) {
          frac /= 10;
          --count;
        }
        while (count < 3) {
          frac *= 10;
          ++count;
        }
        f.millis = frac;
        break;
      }
      case 'X':
      case 'Z': ok = offset(value, i, f.offset_minutes); break;
      default: return std::nullopt;
    }
    if (!ok) return std::nullopt;
  }
  if (i != value.size()) return std::nullopt;
  return f;
}

int days_in_month(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

std::optional<Millis> to_millis(const Fields& f) {
  if (f.month < 1 || f.month > 12 || f.day < 1 || f.day > days_in_month(f.year, f.month) || f.hour > 23 ||
      f.minute > 59 || f.second > 59)
    return std::nullopt;
  std::int64_t days = days_from_civil(f.year, static_cast<unsigned>(f.month), static_cast<unsigned>(f.day));
  std::int64_t secs = days * 86400 + f.hour * 3600 + f.minute * 60 + f.second - f.offset_minutes * 60;
  return secs * 1000 + f.millis;
}

}  // namespace

bool supported_date_format(std::string_view format) {
  if (format.empty()) return false;
  for (std::size_t p = 0; p < format.size(); ++p) {
    char c = format[p];
    if (c == '\'') {
      std::size_t end = format.find('\'', p + 1);
      if (end == std::string_view::npos) return false;
      p = end;
      continue;
    }
    if (std::isalpha(static_cast<unsigned char>(c)) && !known_letter(c)) return false;
  }
  return true;
}

std::optional<Millis> parse_search_date(std::string_view value, const std::optional<std::string>& format) {
  value = trim(value);
  if (format) {
    auto f = parse_with(value, *format);
    if (!f) return std::nullopt;
    return to_millis(*f);
  }
  if (value.size() == 10) {
    auto f = parse_with(value, "yyyy-MM-dd");
    if (!f) return std::nullopt;
    return to_millis(*f);
  }
  if (auto t = parse_iso8601(value)) return t;
  for (std::string_view fmt : {"yyyy-MM-dd'T'HH:mm:ssX", "yyyy-MM-dd'T'HH:mm:ss.SSSX", "yyyy-MM-dd'T'HH:mmX"}) {
    if (auto f = parse_with(value, fmt)) return to_millis(*f);
  }
  return std::nullopt;
}

}  // namespace rp::service
