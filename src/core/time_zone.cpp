#include "core/time_zone.h"

#include <chrono>
#include <exception>
#include <string>

#include <date/tz.h>

namespace rp {
namespace {

const date::time_zone* zone_of(const void* z) { return static_cast<const date::time_zone*>(z); }

}  // namespace

std::optional<TimeZone> TimeZone::named(std::string_view name) {
  if (name == "UTC" || name == "Etc/UTC" || name == "Z") return TimeZone{};
  try {
    return TimeZone{date::locate_zone(std::string(name))};
  } catch (const std::exception&) {
    return std::nullopt;  // unknown name, or no tzdata on this machine
  }
}

Millis TimeZone::add(Millis t, const IsoDuration& d) const {
  if (is_utc() || (d.months == 0 && d.days == 0)) return add_duration(t, d);
  using namespace std::chrono;
  const auto* zone = zone_of(zone_);
  const date::sys_time<milliseconds> at{milliseconds{t}};
  const auto local = zone->to_local(at);
  const auto day = date::floor<date::days>(local);
  date::year_month_day ymd{day};
  if (d.months != 0) {
    ymd = ymd + date::months{d.months};
    if (!ymd.ok()) ymd = ymd.year() / ymd.month() / date::last;
  }
  const auto moved = date::local_days{ymd} + date::days{d.days} + (local - day);
  // A local time a change skips comes back as the instant of the change
  // (date::time_zone::to_sys with a choice never throws).
  return zone->to_sys(moved, date::choose::earliest).time_since_epoch().count() + d.fixed;
}

}  // namespace rp
