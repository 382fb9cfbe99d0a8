// Values with units: every accepted form, exact conversions, and the messages for bad input.
#include <string>

#include <gtest/gtest.h>

#include "whsim/core/units.hpp"

namespace whsim::units {
namespace {

Duration dur(std::string_view s) {
  const auto p = parse_duration(s);
  EXPECT_TRUE(p.ok()) << s << ": " << (p.ok() ? "" : p.message());
  return p.ok() ? p.value() : Duration::zero();
}

std::string dur_error(std::string_view s) {
  const auto p = parse_duration(s);
  EXPECT_FALSE(p.ok()) << s;
  return p.ok() ? std::string() : p.message();
}

double qty(std::string_view s, Quantity q) {
  const auto p = parse_quantity(s, q);
  EXPECT_TRUE(p.ok()) << s << ": " << (p.ok() ? "" : p.message());
  return p.ok() ? p.value() : -1.0;
}

std::string qty_error(std::string_view s, Quantity q) {
  const auto p = parse_quantity(s, q);
  EXPECT_FALSE(p.ok()) << s;
  return p.ok() ? std::string() : p.message();
}

TEST(UnitsTest, Durations) {
  EXPECT_EQ(dur("90s"), Duration::seconds(90));
  EXPECT_EQ(dur("1.5 min"), Duration::seconds(90));
  EXPECT_EQ(dur("8h"), Duration::hours(8));
  EXPECT_EQ(dur("2d"), Duration::days(2));
  EXPECT_EQ(dur("250ms"), Duration::milliseconds(250));
  EXPECT_EQ(dur("0.1s"), Duration::milliseconds(100));
  EXPECT_EQ(dur("1h30m"), Duration::minutes(90));
  EXPECT_EQ(dur("2d 4h"), Duration::hours(52));
  EXPECT_EQ(dur("  3 hours "), Duration::hours(3));
  EXPECT_EQ(dur("2 weeks"), Duration::days(14));
  EXPECT_EQ(dur("1e3 s"), Duration::seconds(1000));
  EXPECT_EQ(dur("-5s"), -Duration::seconds(5));
  EXPECT_EQ(dur("0.0000004s"), Duration::zero());  // rounded to whole microseconds
}

TEST(UnitsTest, DurationErrors) {
  EXPECT_EQ(dur_error("90"),
            "\"90\" needs a unit: a duration in us, ms, s, sec, second, seconds, m, min, "
            "minute, minutes, h, hr, hour, hours, d, day, days, w, week or weeks");
  EXPECT_EQ(dur_error("abc"),
            "expected a duration such as \"90s\", \"1.5 min\", \"8h\", \"2d\" or \"1h30m\", got \"abc\"");
  EXPECT_EQ(dur_error(""),
            "expected a duration such as \"90s\", \"1.5 min\", \"8h\", \"2d\" or \"1h30m\", got \"\"");
  EXPECT_EQ(
      dur_error("5 parsecs"),
      "unknown unit \"parsecs\" for a duration (expected us, ms, s, sec, second, seconds, m, min, minute, "
      "minutes, h, hr, hour, hours, d, day, days, w, week or weeks)");
  EXPECT_EQ(dur_error("1e400s"), "\"1e400s\" is out of range for a duration");
  EXPECT_EQ(dur_error("1e9 weeks"), "\"1e9 weeks\" is out of range for a duration");
  EXPECT_FALSE(parse_duration("nan s").ok());
  EXPECT_FALSE(parse_duration("inf h").ok());
  EXPECT_FALSE(parse_duration("1h -30m").ok());
  EXPECT_FALSE(parse_duration("0x10s").ok());
}

TEST(UnitsTest, Quantities) {
  EXPECT_DOUBLE_EQ(qty("0.9 m", Quantity::kDistance), 0.9);
  EXPECT_DOUBLE_EQ(qty("90cm", Quantity::kDistance), 0.9);
  EXPECT_DOUBLE_EQ(qty("1.5 m/s", Quantity::kSpeed), 1.5);
  EXPECT_DOUBLE_EQ(qty("3.6 km/h", Quantity::kSpeed), 1.0);
  EXPECT_DOUBLE_EQ(qty("0.5 m/s^2", Quantity::kAcceleration), 0.5);
  EXPECT_DOUBLE_EQ(qty("160/h", Quantity::kRate), 160.0 / 3600.0);
  EXPECT_DOUBLE_EQ(qty("2 /min", Quantity::kRate), 2.0 / 60.0);
  EXPECT_DOUBLE_EQ(qty("0.8 m^3", Quantity::kVolume), 0.8);
  EXPECT_DOUBLE_EQ(qty("40 L", Quantity::kVolume), 0.04);
  EXPECT_DOUBLE_EQ(qty("12 kg", Quantity::kMass), 12.0);
  EXPECT_DOUBLE_EQ(qty("500 g", Quantity::kMass), 0.5);
  EXPECT_DOUBLE_EQ(qty("400 Wh", Quantity::kEnergy), 400.0);
  EXPECT_DOUBLE_EQ(qty("1.2 kWh", Quantity::kEnergy), 1200.0);
  EXPECT_DOUBLE_EQ(qty("3600 J", Quantity::kEnergy), 1.0);
  EXPECT_DOUBLE_EQ(qty("200 W", Quantity::kPower), 200.0);
  EXPECT_DOUBLE_EQ(qty("85%", Quantity::kPercentage), 0.85);
  EXPECT_DOUBLE_EQ(qty("350 g/kWh", Quantity::kEmissionIntensity), 350.0);
}

TEST(UnitsTest, QuantityErrors) {
  EXPECT_EQ(qty_error("1.5", Quantity::kSpeed), "\"1.5\" needs a unit: a speed in m/s or km/h");
  EXPECT_EQ(qty_error("fast", Quantity::kSpeed),
            "expected a speed such as \"1.5 m/s\" (units: m/s or km/h), got \"fast\"");
  EXPECT_EQ(qty_error("3 mph", Quantity::kSpeed), "unknown unit \"mph\" for a speed (expected m/s or km/h)");
  EXPECT_EQ(qty_error("1e400 m", Quantity::kDistance), "\"1e400 m\" is out of range for a distance");
  EXPECT_EQ(qty_error("85", Quantity::kPercentage), "\"85\" needs a unit: a percentage in %");
  EXPECT_FALSE(parse_quantity("inf m", Quantity::kDistance).ok());
  EXPECT_FALSE(parse_quantity("NaN W", Quantity::kPower).ok());
  EXPECT_EQ(accepted_units(Quantity::kVolume), "m^3, m3, L, l, mL, ml, cm^3 or cm3");
}

TEST(UnitsTest, Numbers) {
  EXPECT_EQ(parse_number("42").value(), 42.0);
  EXPECT_EQ(parse_number(" -1.25e2 ").value(), -125.0);
  EXPECT_EQ(parse_number("+7").value(), 7.0);
  EXPECT_EQ(parse_number("12 EUR").message(), "expected a number, got \"12 EUR\"");
  EXPECT_EQ(parse_number("1e400").message(), "\"1e400\" is out of range for a number");
  EXPECT_FALSE(parse_number("inf").ok());
  EXPECT_FALSE(parse_number("nan").ok());
  EXPECT_FALSE(parse_number("").ok());
}

TEST(UnitsTest, ClockTimes) {
  EXPECT_EQ(parse_clock_time("17:00").value(), Duration::hours(17));
  EXPECT_EQ(parse_clock_time("6:30").value(), Duration::minutes(390));
  EXPECT_EQ(parse_clock_time("06:30:15").value(), Duration::minutes(390) + Duration::seconds(15));
  EXPECT_EQ(parse_clock_time("24:00").value(), Duration::hours(24));
  EXPECT_EQ(parse_clock_time("24:01").message(),
            "is not a time of day (expected 00:00 to 24:00), got \"24:01\"");
  EXPECT_EQ(parse_clock_time("17h").message(), "expected a clock time HH:MM or HH:MM:SS, got \"17h\"");
  EXPECT_FALSE(parse_clock_time("12:60").ok());
  EXPECT_FALSE(parse_clock_time("12:5").ok());
  EXPECT_FALSE(parse_clock_time("12:00 pm").ok());
}

TEST(UnitsTest, DatesAndWeekdays) {
  const auto dt = parse_date_time("2026-12-01 06:00");
  ASSERT_TRUE(dt.ok()) << dt.message();
  EXPECT_EQ(dt.value().year, 2026);
  EXPECT_EQ(dt.value().month, 12);
  EXPECT_EQ(dt.value().day, 1);
  EXPECT_EQ(dt.value().time_of_day, Duration::hours(6));
  EXPECT_EQ(dt.value().weekday(), 1);  // a Tuesday
  EXPECT_EQ(dt.value().to_string(), "2026-12-01 06:00:00");
  EXPECT_EQ(parse_date_time("1970-01-01").value().days_since_epoch(), 0);
  EXPECT_EQ(parse_date_time("1970-01-01").value().weekday(), 3);  // Thursday
  EXPECT_EQ(parse_date_time("2000-03-01").value().days_since_epoch(), 11017);
  EXPECT_EQ(parse_date_time("2024-02-29T23:59:59").value().since_epoch(),
            Duration::days(19782) + Duration::hours(23) + Duration::minutes(59) + Duration::seconds(59));
  EXPECT_EQ(parse_date_time("2025-02-29").message(),
            "\"2025-02-29\" is not a calendar date between 1970-01-01 and 9999-12-31");
  EXPECT_EQ(parse_date_time("01.12.2026").message(),
            "expected a date \"YYYY-MM-DD\" or \"YYYY-MM-DD HH:MM\", got \"01.12.2026\"");
  EXPECT_FALSE(parse_date_time("2026-13-01").ok());
  EXPECT_FALSE(parse_date_time("1969-12-31").ok());
  EXPECT_FALSE(parse_date_time("2026-12-01 25:00").ok());
  EXPECT_EQ(parse_weekday("Mon").value(), 0);
  EXPECT_EQ(parse_weekday("sunday").value(), 6);
  EXPECT_EQ(parse_weekday("funday").message(),
            "expected a weekday (mon, tue, wed, thu, fri, sat or sun), got \"funday\"");
}

}  // namespace
}  // namespace whsim::units
