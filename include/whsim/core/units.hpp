// Values with units, as planners write them in scenarios: "90s", "1.5 min", "8h", "17:00",
// "2026-12-01 06:00", "1.5 m/s", "160/h", "85%", "400 Wh". Parsing is exact and locale-free
// (std::from_chars); NaN, infinities and out-of-range numbers are errors. Each parser returns
// either the value in whsim's internal unit or a message that names what was expected; the
// scenario layer adds the file, line, column and key path.
//
// Internal units: durations and clock times are Duration ticks (microseconds); distance m;
// speed m/s; acceleration m/s^2; rate per second; volume m^3; mass kg; energy Wh; power W;
// percentages a fraction (85% -> 0.85); emission intensity g/kWh; money a plain number.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "whsim/core/time.hpp"

namespace whsim::units {

/// A parsed value or the reason it could not be parsed (lower-case, says what was expected).
template <class T>
class Parsed {
 public:
  Parsed(T value) : v_(std::move(value)) {}  // NOLINT(google-explicit-constructor): result type
  static Parsed error(std::string message) { return Parsed(Error{std::move(message)}); }
  [[nodiscard]] bool ok() const { return std::holds_alternative<T>(v_); }
  explicit operator bool() const { return ok(); }
  [[nodiscard]] const T& value() const { return std::get<T>(v_); }
  [[nodiscard]] const std::string& message() const { return std::get<Error>(v_).text; }

 private:
  struct Error {
    std::string text;
  };
  explicit Parsed(Error e) : v_(std::move(e)) {}
  std::variant<T, Error> v_;
};

/// Physical quantities that scenario values may carry.
enum class Quantity : std::uint8_t {
  kDistance,           ///< m, cm, mm, km
  kSpeed,              ///< m/s, km/h
  kAcceleration,       ///< m/s^2
  kRate,               ///< /s, /min, /h, /d (events per unit time)
  kVolume,             ///< m^3, L, mL, cm^3
  kMass,               ///< kg, g, t
  kEnergy,             ///< Wh, kWh, J, kJ, MJ
  kPower,              ///< W, kW
  kPercentage,         ///< % (stored as a fraction)
  kEmissionIntensity,  ///< g/kWh, kg/kWh
};

/// Accepted units of a quantity, for messages: e.g. "m, cm, mm or km".
[[nodiscard]] std::string_view accepted_units(Quantity q);
/// The quantity's name for messages: e.g. "a distance".
[[nodiscard]] std::string_view describe(Quantity q);

/// A number with a unit of the given quantity, e.g. "0.9 m" -> 0.9, "40 L" -> 0.04 (m^3),
/// "85%" -> 0.85. Space between number and unit is optional. A bare number is an error that
/// lists the accepted units.
[[nodiscard]] Parsed<double> parse_quantity(std::string_view text, Quantity q);

/// A duration: a number with a unit ("90s", "1.5 min", "8h", "2d", "250ms", "2 weeks") or a
/// compound of whole units ("1h30m", "2d 4h"). Rounded to whole microseconds.
[[nodiscard]] Parsed<Duration> parse_duration(std::string_view text);

/// A clock time of day, "HH:MM" or "HH:MM:SS" (24-hour, 00:00 to 24:00), as the time since
/// midnight.
[[nodiscard]] Parsed<Duration> parse_clock_time(std::string_view text);

/// A calendar date and time, "YYYY-MM-DD" (midnight) or "YYYY-MM-DD HH:MM[:SS]" (also with a "T"
/// between), proleptic Gregorian, years 1970 to 9999.
struct DateTime {
  int year = 1970;
  int month = 1;
  int day = 1;
  Duration time_of_day;
  /// Days since 1970-01-01 (a Thursday).
  [[nodiscard]] std::int64_t days_since_epoch() const;
  /// 0 = Monday ... 6 = Sunday.
  [[nodiscard]] int weekday() const;
  /// Microseconds since 1970-01-01 00:00.
  [[nodiscard]] Duration since_epoch() const;
  [[nodiscard]] std::string to_string() const;  ///< "YYYY-MM-DD HH:MM:SS"
};
[[nodiscard]] Parsed<DateTime> parse_date_time(std::string_view text);

/// A weekday name, "mon".."sun" or "monday".."sunday" (any case): 0 = Monday ... 6 = Sunday.
[[nodiscard]] Parsed<int> parse_weekday(std::string_view text);

/// A plain finite number (no unit), e.g. money in the scenario's currency.
[[nodiscard]] Parsed<double> parse_number(std::string_view text);

}  // namespace whsim::units
