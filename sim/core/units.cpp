// Parsing of values with units (see the header). Locale-free: std::from_chars for numbers,
// ASCII only for units.
#include "whsim/core/units.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <span>
#include <vector>

#include <fmt/format.h>

#include "whsim/core/text.hpp"

namespace whsim::units {
namespace {

struct UnitFactor {
  std::string_view unit;
  double factor;  ///< multiply the number by this to get the internal unit
};

constexpr std::array kDistance{UnitFactor{"m", 1.0}, UnitFactor{"cm", 0.01}, UnitFactor{"mm", 0.001},
                               UnitFactor{"km", 1000.0}};
constexpr std::array kSpeed{UnitFactor{"m/s", 1.0}, UnitFactor{"km/h", 1.0 / 3.6}};
constexpr std::array kAcceleration{UnitFactor{"m/s^2", 1.0}, UnitFactor{"m/s2", 1.0}};
constexpr std::array kRate{UnitFactor{"/s", 1.0}, UnitFactor{"/min", 1.0 / 60.0},
                           UnitFactor{"/h", 1.0 / 3600.0}, UnitFactor{"/d", 1.0 / 86400.0}};
constexpr std::array kVolume{UnitFactor{"m^3", 1.0},   UnitFactor{"m3", 1.0},  UnitFactor{"L", 0.001},
                             UnitFactor{"l", 0.001},   UnitFactor{"mL", 1e-6}, UnitFactor{"ml", 1e-6},
                             UnitFactor{"cm^3", 1e-6}, UnitFactor{"cm3", 1e-6}};
constexpr std::array kMass{UnitFactor{"kg", 1.0}, UnitFactor{"g", 0.001}, UnitFactor{"t", 1000.0}};
constexpr std::array kEnergy{UnitFactor{"Wh", 1.0},       UnitFactor{"kWh", 1000.0},
                             UnitFactor{"MWh", 1e6},      UnitFactor{"J", 1.0 / 3600.0},
                             UnitFactor{"kJ", 1.0 / 3.6}, UnitFactor{"MJ", 1e6 / 3600.0}};
constexpr std::array kPower{UnitFactor{"W", 1.0}, UnitFactor{"kW", 1000.0}};
constexpr std::array kPercentage{UnitFactor{"%", 0.01}};
constexpr std::array kEmission{UnitFactor{"g/kWh", 1.0}, UnitFactor{"kg/kWh", 1000.0}};
/// Duration units in seconds. In durations "m" means minutes (as in "1h30m").
constexpr std::array kDuration{
    UnitFactor{"us", 1e-6},       UnitFactor{"ms", 1e-3},       UnitFactor{"s", 1.0},
    UnitFactor{"sec", 1.0},       UnitFactor{"second", 1.0},    UnitFactor{"seconds", 1.0},
    UnitFactor{"m", 60.0},        UnitFactor{"min", 60.0},      UnitFactor{"minute", 60.0},
    UnitFactor{"minutes", 60.0},  UnitFactor{"h", 3600.0},      UnitFactor{"hr", 3600.0},
    UnitFactor{"hour", 3600.0},   UnitFactor{"hours", 3600.0},  UnitFactor{"d", 86400.0},
    UnitFactor{"day", 86400.0},   UnitFactor{"days", 86400.0},  UnitFactor{"w", 604800.0},
    UnitFactor{"week", 604800.0}, UnitFactor{"weeks", 604800.0}};

std::span<const UnitFactor> table(Quantity q) {
  switch (q) {
    case Quantity::kDistance:
      return kDistance;
    case Quantity::kSpeed:
      return kSpeed;
    case Quantity::kAcceleration:
      return kAcceleration;
    case Quantity::kRate:
      return kRate;
    case Quantity::kVolume:
      return kVolume;
    case Quantity::kMass:
      return kMass;
    case Quantity::kEnergy:
      return kEnergy;
    case Quantity::kPower:
      return kPower;
    case Quantity::kPercentage:
      return kPercentage;
    case Quantity::kEmissionIntensity:
      return kEmission;
  }
  return {};
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

/// Parses the longest number at the front of `s` (optional sign, digits, fraction, exponent).
/// On success removes it from `s`. Errors: no number, out of range, not finite.
struct NumberPrefix {
  bool found = false;
  bool out_of_range = false;
  double value = 0.0;
};
NumberPrefix take_number(std::string_view& s) {
  NumberPrefix out;
  std::string_view rest = s;
  bool negative = false;
  if (!rest.empty() && (rest.front() == '+' || rest.front() == '-')) {
    negative = rest.front() == '-';
    rest.remove_prefix(1);
  }
  // Only plain decimal numbers: from_chars would also take "inf", "nan" and hex forms.
  if (rest.empty() ||
      !(is_digit(rest.front()) || (rest.front() == '.' && rest.size() > 1 && is_digit(rest[1])))) {
    return out;
  }
  double v = 0.0;
  const auto res = std::from_chars(rest.data(), rest.data() + rest.size(), v, std::chars_format::general);
  if (res.ec == std::errc::result_out_of_range) {
    out.found = true;
    out.out_of_range = true;
    return out;
  }
  if (res.ec != std::errc()) return out;
  out.found = true;
  out.value = negative ? -v : v;
  s = rest.substr(static_cast<std::size_t>(res.ptr - rest.data()));
  return out;
}

std::string quoted(std::string_view s) {
  return fmt::format("\"{}\"", s);
}

std::string join_units(std::span<const UnitFactor> units) {
  std::vector<std::string_view> names;
  names.reserve(units.size());
  for (const auto& u : units) names.push_back(u.unit);
  return join_alternatives(names);
}

const UnitFactor* find_unit(std::span<const UnitFactor> units, std::string_view u) {
  for (const auto& f : units) {
    if (f.unit == u) return &f;
  }
  return nullptr;
}

/// Parses exactly `digits` (or 1..digits when !exact) decimal digits at the front of s.
std::optional<int> take_int(std::string_view& s, std::size_t min_digits, std::size_t max_digits) {
  std::size_t n = 0;
  int v = 0;
  while (n < s.size() && n < max_digits && is_digit(s[n])) {
    v = v * 10 + (s[n] - '0');
    ++n;
  }
  if (n < min_digits) return std::nullopt;
  s.remove_prefix(n);
  return v;
}

bool take_char(std::string_view& s, char c) {
  if (s.empty() || s.front() != c) return false;
  s.remove_prefix(1);
  return true;
}

bool is_leap(int y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}
int days_in_month(int y, int m) {
  constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[static_cast<std::size_t>(m - 1)];
}

/// "HH:MM[:SS]" at the front of s; nullopt (and an error text) when malformed.
std::optional<Duration> take_clock(std::string_view& s, std::string& error) {
  const auto h = take_int(s, 1, 2);
  if (!h || !take_char(s, ':')) {
    error = "expected a clock time HH:MM or HH:MM:SS";
    return std::nullopt;
  }
  const auto m = take_int(s, 2, 2);
  if (!m) {
    error = "expected two digits of minutes after ':'";
    return std::nullopt;
  }
  int sec = 0;
  if (take_char(s, ':')) {
    const auto sv = take_int(s, 2, 2);
    if (!sv) {
      error = "expected two digits of seconds after ':'";
      return std::nullopt;
    }
    sec = *sv;
  }
  if (*m > 59 || sec > 59 || *h > 24 || (*h == 24 && (*m != 0 || sec != 0))) {
    error = "is not a time of day (expected 00:00 to 24:00)";
    return std::nullopt;
  }
  return Duration::hours(*h) + Duration::minutes(*m) + Duration::seconds(sec);
}

}  // namespace

std::string_view accepted_units(Quantity q) {
  static const std::array<std::string, 10> texts = [] {
    std::array<std::string, 10> t;
    for (std::size_t i = 0; i < t.size(); ++i) t[i] = join_units(table(static_cast<Quantity>(i)));
    return t;
  }();
  return texts[static_cast<std::size_t>(q)];
}

std::string_view describe(Quantity q) {
  switch (q) {
    case Quantity::kDistance:
      return "a distance";
    case Quantity::kSpeed:
      return "a speed";
    case Quantity::kAcceleration:
      return "an acceleration";
    case Quantity::kRate:
      return "a rate";
    case Quantity::kVolume:
      return "a volume";
    case Quantity::kMass:
      return "a mass";
    case Quantity::kEnergy:
      return "an energy";
    case Quantity::kPower:
      return "a power";
    case Quantity::kPercentage:
      return "a percentage";
    case Quantity::kEmissionIntensity:
      return "an emission intensity";
  }
  return "a value";
}

Parsed<double> parse_number(std::string_view text) {
  std::string_view s = trim(text);
  const NumberPrefix n = take_number(s);
  if (n.out_of_range)
    return Parsed<double>::error(fmt::format("{} is out of range for a number", quoted(trim(text))));
  if (!n.found || !trim(s).empty()) {
    return Parsed<double>::error(fmt::format("expected a number, got {}", quoted(trim(text))));
  }
  return n.value;
}

Parsed<double> parse_quantity(std::string_view text, Quantity q) {
  const std::string_view whole = trim(text);
  std::string_view s = whole;
  const NumberPrefix n = take_number(s);
  const auto units = table(q);
  if (n.out_of_range) {
    return Parsed<double>::error(fmt::format("{} is out of range for {}", quoted(whole), describe(q)));
  }
  if (!n.found) {
    return Parsed<double>::error(fmt::format("expected {} such as \"1.5 {}\" (units: {}), got {}",
                                             describe(q), units.front().unit, accepted_units(q),
                                             quoted(whole)));
  }
  const std::string_view unit = trim(s);
  if (unit.empty()) {
    return Parsed<double>::error(
        fmt::format("{} needs a unit: {} in {}", quoted(whole), describe(q), accepted_units(q)));
  }
  const UnitFactor* f = find_unit(units, unit);
  if (f == nullptr) {
    return Parsed<double>::error(
        fmt::format("unknown unit \"{}\" for {} (expected {})", unit, describe(q), accepted_units(q)));
  }
  const double v = n.value * f->factor;
  if (!std::isfinite(v))
    return Parsed<double>::error(fmt::format("{} is out of range for {}", quoted(whole), describe(q)));
  return v;
}

Parsed<Duration> parse_duration(std::string_view text) {
  const std::string_view whole = trim(text);
  constexpr std::string_view kExpected =
      "expected a duration such as \"90s\", \"1.5 min\", \"8h\", \"2d\" or \"1h30m\"";
  std::string_view s = whole;
  double seconds = 0.0;
  int parts = 0;
  while (!trim(s).empty()) {
    s = trim(s);
    if (parts > 0 && (s.front() == '-' || s.front() == '+')) {
      return Parsed<Duration>::error(fmt::format("{}, got {}", kExpected, quoted(whole)));
    }
    const NumberPrefix n = take_number(s);
    if (n.out_of_range)
      return Parsed<Duration>::error(fmt::format("{} is out of range for a duration", quoted(whole)));
    if (!n.found) return Parsed<Duration>::error(fmt::format("{}, got {}", kExpected, quoted(whole)));
    s = trim(s);
    std::size_t len = 0;
    while (len < s.size() && ((s[len] >= 'a' && s[len] <= 'z') || (s[len] >= 'A' && s[len] <= 'Z'))) ++len;
    const std::string_view unit = s.substr(0, len);
    s.remove_prefix(len);
    if (unit.empty()) {
      return Parsed<Duration>::error(
          fmt::format("{} needs a unit: a duration in {}", quoted(whole), join_units(kDuration)));
    }
    const UnitFactor* f = find_unit(kDuration, unit);
    if (f == nullptr) {
      return Parsed<Duration>::error(
          fmt::format("unknown unit \"{}\" for a duration (expected {})", unit, join_units(kDuration)));
    }
    seconds += n.value * f->factor;
    ++parts;
  }
  if (parts == 0) return Parsed<Duration>::error(fmt::format("{}, got {}", kExpected, quoted(whole)));
  const auto d = Duration::from_seconds_checked(seconds);
  if (!d) return Parsed<Duration>::error(fmt::format("{} is out of range for a duration", quoted(whole)));
  return *d;
}

Parsed<Duration> parse_clock_time(std::string_view text) {
  const std::string_view whole = trim(text);
  std::string_view s = whole;
  std::string error;
  const auto t = take_clock(s, error);
  if (!t || !s.empty()) {
    if (error.empty()) error = "expected a clock time HH:MM or HH:MM:SS";
    return Parsed<Duration>::error(fmt::format("{}, got {}", error, quoted(whole)));
  }
  return *t;
}

Parsed<DateTime> parse_date_time(std::string_view text) {
  const std::string_view whole = trim(text);
  constexpr std::string_view kExpected = "expected a date \"YYYY-MM-DD\" or \"YYYY-MM-DD HH:MM\"";
  std::string_view s = whole;
  DateTime dt;
  const auto y = take_int(s, 4, 4);
  const bool dash1 = y && take_char(s, '-');
  const auto m = dash1 ? take_int(s, 2, 2) : std::nullopt;
  const bool dash2 = m && take_char(s, '-');
  const auto d = dash2 ? take_int(s, 2, 2) : std::nullopt;
  if (!d) return Parsed<DateTime>::error(fmt::format("{}, got {}", kExpected, quoted(whole)));
  if (*y < 1970 || *m < 1 || *m > 12 || *d < 1 || *d > days_in_month(*y, *m)) {
    return Parsed<DateTime>::error(
        fmt::format("{} is not a calendar date between 1970-01-01 and 9999-12-31", quoted(whole)));
  }
  dt.year = *y;
  dt.month = *m;
  dt.day = *d;
  if (!s.empty()) {
    if (!(take_char(s, ' ') || take_char(s, 'T'))) {
      return Parsed<DateTime>::error(fmt::format("{}, got {}", kExpected, quoted(whole)));
    }
    s = trim(s);
    std::string error;
    const auto t = take_clock(s, error);
    if (!t || !s.empty()) {
      if (error.empty()) error = "expected a clock time HH:MM or HH:MM:SS";
      return Parsed<DateTime>::error(fmt::format("{} after the date, got {}", error, quoted(whole)));
    }
    dt.time_of_day = *t;
  }
  return dt;
}

Parsed<int> parse_weekday(std::string_view text) {
  constexpr std::array<std::string_view, 7> kShort{"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  constexpr std::array<std::string_view, 7> kLong{"monday", "tuesday",  "wednesday", "thursday",
                                                  "friday", "saturday", "sunday"};
  const std::string_view whole = trim(text);
  std::string lower(whole);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  for (std::size_t i = 0; i < 7; ++i) {
    if (lower == kShort[i] || lower == kLong[i]) return static_cast<int>(i);
  }
  return Parsed<int>::error(
      fmt::format("expected a weekday (mon, tue, wed, thu, fri, sat or sun), got {}", quoted(whole)));
}

std::int64_t DateTime::days_since_epoch() const {
  // Days from the civil date (proleptic Gregorian), counting in 400-year eras that start on
  // 1 March so that the leap day is the last day of the year.
  const std::int64_t y = year - (month <= 2 ? 1 : 0);
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t year_of_era = y - era * 400;
  const std::int64_t day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const std::int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

int DateTime::weekday() const {
  return static_cast<int>((days_since_epoch() + 3) % 7);  // 1970-01-01 was a Thursday (3)
}

Duration DateTime::since_epoch() const {
  return Duration::days(days_since_epoch()) + time_of_day;
}

std::string DateTime::to_string() const {
  const std::int64_t secs = time_of_day.ticks() / kTicksPerSecond;
  return fmt::format("{:04}-{:02}-{:02} {:02}:{:02}:{:02}", year, month, day, secs / 3600, (secs / 60) % 60,
                     secs % 60);
}

}  // namespace whsim::units
