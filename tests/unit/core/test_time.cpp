// SimTime and Duration: arithmetic, conversions, human and raw formatting.
#include <cmath>
#include <limits>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "whsim/core/time.hpp"
#include "whsim/core/time_format.hpp"

namespace whsim {
namespace {

TEST(DurationTest, ConstructorsAndArithmetic) {
  EXPECT_EQ(Duration::seconds(1).ticks(), 1'000'000);
  EXPECT_EQ(Duration::milliseconds(3).ticks(), 3'000);
  EXPECT_EQ(Duration::hours(2), Duration::minutes(120));
  EXPECT_EQ(Duration::days(1), Duration::hours(24));
  EXPECT_EQ(Duration::seconds(3) + Duration::milliseconds(500), Duration::milliseconds(3500));
  EXPECT_EQ(Duration::seconds(3) - Duration::seconds(5), -Duration::seconds(2));
  EXPECT_EQ(Duration::seconds(3) * 4, Duration::seconds(12));
  EXPECT_EQ(Duration::seconds(7) / 2, Duration::milliseconds(3500));
  EXPECT_EQ(Duration::minutes(1) / Duration::seconds(7), 8);
  EXPECT_EQ(Duration::minutes(1) % Duration::seconds(7), Duration::seconds(4));
  EXPECT_LT(Duration::seconds(1), Duration::seconds(2));
  EXPECT_DOUBLE_EQ(Duration::milliseconds(1500).to_seconds(), 1.5);
}

TEST(SimTimeTest, Arithmetic) {
  const SimTime t = SimTime::zero() + Duration::hours(1);
  EXPECT_EQ(t.ticks(), 3'600'000'000);
  EXPECT_EQ(t - SimTime::zero(), Duration::hours(1));
  EXPECT_EQ(t - Duration::minutes(30), SimTime::zero() + Duration::minutes(30));
  EXPECT_LT(SimTime::zero(), t);
  EXPECT_LT(t, SimTime::max());
  SimTime u = t;
  u += Duration::seconds(1);
  EXPECT_EQ(u - t, Duration::seconds(1));
}

TEST(DurationTest, FromSecondsRoundsAndRejectsBadValues) {
  EXPECT_EQ(Duration::from_seconds(1.5).ticks(), 1'500'000);
  EXPECT_EQ(Duration::from_seconds(0.0000004).ticks(), 0);
  EXPECT_EQ(Duration::from_seconds(0.0000005).ticks(), 1);  // half away from zero
  EXPECT_EQ(Duration::from_seconds(-0.0000005).ticks(), -1);
  EXPECT_FALSE(Duration::from_seconds_checked(std::numeric_limits<double>::quiet_NaN()));
  EXPECT_FALSE(Duration::from_seconds_checked(std::numeric_limits<double>::infinity()));
  EXPECT_FALSE(Duration::from_seconds_checked(1e13));  // > 292,000 years
  EXPECT_TRUE(Duration::from_seconds_checked(9e12));
  EXPECT_THROW((void)Duration::from_seconds(1e300), std::out_of_range);
}

TEST(TimeFormatTest, HumanForm) {
  EXPECT_EQ(format_human(Duration::zero()), "0s");
  EXPECT_EQ(format_human(Duration::milliseconds(250)), "0.25s");
  EXPECT_EQ(format_human(Duration::microseconds(1)), "0.000001s");
  EXPECT_EQ(format_human(Duration::seconds(59)), "59s");
  EXPECT_EQ(format_human(Duration::seconds(60)), "1m00s");
  EXPECT_EQ(format_human(Duration::hours(1) + Duration::minutes(2) + Duration::milliseconds(3500)),
            "1h02m03.5s");
  EXPECT_EQ(format_human(Duration::days(2)), "2d00h00m00s");
  EXPECT_EQ(format_human(-Duration::seconds(90)), "-1m30s");
  EXPECT_EQ(format_human(Duration::from_ticks(std::numeric_limits<std::int64_t>::min())),
            "-106751991d04h00m54.775808s");
}

TEST(TimeFormatTest, FmtFormatters) {
  const Duration d = Duration::minutes(61) + Duration::milliseconds(500);
  EXPECT_EQ(fmt::format("{}", d), "1h01m00.5s");
  EXPECT_EQ(fmt::format("{:t}", d), "3660500000");
  const SimTime t = SimTime::zero() + Duration::seconds(90);
  EXPECT_EQ(fmt::format("{}", t), "1m30s");
  EXPECT_EQ(fmt::format("{:t}", t), "90000000");
}

}  // namespace
}  // namespace whsim
