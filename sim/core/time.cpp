// Conversions and human formatting of simulation time.
#include "whsim/core/time.hpp"

#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

namespace whsim {

std::optional<Duration> Duration::from_seconds_checked(double seconds) {
  if (!std::isfinite(seconds)) return std::nullopt;
  const double ticks = seconds * static_cast<double>(kTicksPerSecond);
  // 2^63 is exactly representable; anything at or beyond it does not fit in int64. Beyond 2^52
  // every double is an integer, so the conversion is exact there.
  constexpr double kLimit = 9223372036854775808.0;
  if (!(ticks > -kLimit && ticks < kLimit)) return std::nullopt;
  if (ticks > -kExactLimit && ticks < kExactLimit) return from_seconds(seconds);
  return Duration::from_ticks(static_cast<std::int64_t>(ticks));
}

Duration Duration::from_seconds_slow(double seconds) {
  auto d = from_seconds_checked(seconds);
  if (!d) throw std::out_of_range(fmt::format("duration of {} s cannot be represented", seconds));
  return *d;
}

std::string format_human(Duration d) {
  std::int64_t t = d.ticks();
  std::string out;
  // The most negative value has no positive counterpart: format it from its magnitude in uint64.
  std::uint64_t mag = 0;
  if (t < 0) {
    out.push_back('-');
    mag = ~static_cast<std::uint64_t>(t) + 1U;
  } else {
    mag = static_cast<std::uint64_t>(t);
  }
  constexpr std::uint64_t kTps = kTicksPerSecond;
  const std::uint64_t micros = mag % kTps;
  std::uint64_t secs = mag / kTps;
  const std::uint64_t days = secs / 86'400;
  secs %= 86'400;
  const std::uint64_t hours = secs / 3'600;
  secs %= 3'600;
  const std::uint64_t minutes = secs / 60;
  secs %= 60;
  if (days > 0) {
    out += fmt::format("{}d{:02}h{:02}m{:02}", days, hours, minutes, secs);
  } else if (hours > 0) {
    out += fmt::format("{}h{:02}m{:02}", hours, minutes, secs);
  } else if (minutes > 0) {
    out += fmt::format("{}m{:02}", minutes, secs);
  } else {
    out += fmt::format("{}", secs);
  }
  if (micros != 0) {
    std::string frac = fmt::format("{:06}", micros);
    while (!frac.empty() && frac.back() == '0') frac.pop_back();
    out += '.';
    out += frac;
  }
  out += 's';
  return out;
}

std::string format_human(SimTime t) {
  return format_human(t.since_start());
}

}  // namespace whsim
