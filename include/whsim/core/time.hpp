// Simulation time: int64 ticks of one microsecond. Event order never depends on floating point.
// SimTime is a point on the simulation clock (ticks since the run's start); Duration is a span.
#pragma once

#include <compare>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>

namespace whsim {

/// Ticks per second of simulated time (one tick is one microsecond).
inline constexpr std::int64_t kTicksPerSecond = 1'000'000;

/// A span of simulated time, stored as signed microsecond ticks.
class Duration {
 public:
  constexpr Duration() = default;
  [[nodiscard]] static constexpr Duration from_ticks(std::int64_t ticks) { return Duration(ticks); }
  [[nodiscard]] static constexpr Duration microseconds(std::int64_t n) { return Duration(n); }
  [[nodiscard]] static constexpr Duration milliseconds(std::int64_t n) { return Duration(n * 1'000); }
  [[nodiscard]] static constexpr Duration seconds(std::int64_t n) { return Duration(n * kTicksPerSecond); }
  [[nodiscard]] static constexpr Duration minutes(std::int64_t n) { return seconds(n * 60); }
  [[nodiscard]] static constexpr Duration hours(std::int64_t n) { return seconds(n * 3'600); }
  [[nodiscard]] static constexpr Duration days(std::int64_t n) { return seconds(n * 86'400); }
  [[nodiscard]] static constexpr Duration zero() { return Duration(0); }
  [[nodiscard]] static constexpr Duration max() { return Duration(std::numeric_limits<std::int64_t>::max()); }

  /// Converts seconds to ticks, rounding half away from zero. Returns nullopt for NaN, infinities
  /// and values outside the representable range (about +-292,000 years).
  [[nodiscard]] static std::optional<Duration> from_seconds_checked(double seconds);
  /// As from_seconds_checked, for values known to be valid (a model's own arithmetic).
  /// Throws std::out_of_range for values that do not fit. Inline: models call it per event.
  [[nodiscard]] static Duration from_seconds(double seconds) {
    const double t = seconds * static_cast<double>(kTicksPerSecond);
    if (t > -kExactLimit && t < kExactLimit) [[likely]] {
      // Round half away from zero with exact integer arithmetic (no libm call): t - trunc(t)
      // is exact for |t| < 2^52.
      auto r = static_cast<std::int64_t>(t);
      const double frac = t - static_cast<double>(r);
      if (frac >= 0.5) {
        ++r;
      } else if (frac <= -0.5) {
        --r;
      }
      return Duration(r);
    }
    return from_seconds_slow(seconds);
  }

  [[nodiscard]] constexpr std::int64_t ticks() const { return ticks_; }
  /// Seconds as a double, for statistics and reports (never for ordering events).
  [[nodiscard]] constexpr double to_seconds() const {
    return static_cast<double>(ticks_) / static_cast<double>(kTicksPerSecond);
  }

  constexpr auto operator<=>(const Duration&) const = default;
  constexpr Duration operator-() const { return Duration(-ticks_); }
  constexpr Duration& operator+=(Duration d) {
    ticks_ += d.ticks_;
    return *this;
  }
  constexpr Duration& operator-=(Duration d) {
    ticks_ -= d.ticks_;
    return *this;
  }
  friend constexpr Duration operator+(Duration a, Duration b) { return Duration(a.ticks_ + b.ticks_); }
  friend constexpr Duration operator-(Duration a, Duration b) { return Duration(a.ticks_ - b.ticks_); }
  friend constexpr Duration operator*(Duration a, std::int64_t k) { return Duration(a.ticks_ * k); }
  friend constexpr Duration operator*(std::int64_t k, Duration a) { return Duration(a.ticks_ * k); }
  /// Integer division truncates toward zero, as for int64.
  friend constexpr Duration operator/(Duration a, std::int64_t k) { return Duration(a.ticks_ / k); }
  friend constexpr std::int64_t operator/(Duration a, Duration b) { return a.ticks_ / b.ticks_; }
  friend constexpr Duration operator%(Duration a, Duration b) { return Duration(a.ticks_ % b.ticks_); }

 private:
  static constexpr double kExactLimit = 4503599627370496.0;  // 2^52
  [[nodiscard]] static Duration from_seconds_slow(double seconds);
  constexpr explicit Duration(std::int64_t ticks) : ticks_(ticks) {}
  std::int64_t ticks_ = 0;
};

/// A point on the simulation clock: ticks since the start of the run (time zero).
class SimTime {
 public:
  constexpr SimTime() = default;
  [[nodiscard]] static constexpr SimTime from_ticks(std::int64_t ticks) { return SimTime(ticks); }
  [[nodiscard]] static constexpr SimTime zero() { return SimTime(0); }
  /// A time after every reachable time: "never", or "run until the event set is empty".
  [[nodiscard]] static constexpr SimTime max() { return SimTime(std::numeric_limits<std::int64_t>::max()); }

  [[nodiscard]] constexpr std::int64_t ticks() const { return ticks_; }
  [[nodiscard]] constexpr Duration since_start() const { return Duration::from_ticks(ticks_); }
  [[nodiscard]] constexpr double to_seconds() const { return since_start().to_seconds(); }

  constexpr auto operator<=>(const SimTime&) const = default;
  constexpr SimTime& operator+=(Duration d) {
    ticks_ += d.ticks();
    return *this;
  }
  friend constexpr SimTime operator+(SimTime t, Duration d) { return SimTime(t.ticks_ + d.ticks()); }
  friend constexpr SimTime operator+(Duration d, SimTime t) { return SimTime(t.ticks_ + d.ticks()); }
  friend constexpr SimTime operator-(SimTime t, Duration d) { return SimTime(t.ticks_ - d.ticks()); }
  friend constexpr Duration operator-(SimTime a, SimTime b) {
    return Duration::from_ticks(a.ticks_ - b.ticks_);
  }

 private:
  constexpr explicit SimTime(std::int64_t ticks) : ticks_(ticks) {}
  std::int64_t ticks_ = 0;
};

/// Human form: "1h02m03.5s", "2d00h00m00s", "250ms" is written "0.25s"; "-" prefix when negative.
[[nodiscard]] std::string format_human(Duration d);
/// A clock time in human form (the span since the start of the run).
[[nodiscard]] std::string format_human(SimTime t);

}  // namespace whsim
