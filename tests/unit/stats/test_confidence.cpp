// Tests for Student-t confidence intervals: hand-computed values (t quantiles from mpmath),
// small samples, argument checks, and the coverage of 95% intervals on normal samples.
#include <cmath>
#include <limits>
#include <vector>

#include <gtest/gtest.h>

#include "whsim/core/error.hpp"
#include "whsim/stats/confidence.hpp"
#include "whsim/stats/special_functions.hpp"

#include "unit/stats/test_rng.hpp"

namespace whsim::stats {
namespace {

TEST(Confidence, FiveValues95) {
  const std::vector<double> values = {1.0, 2.0, 3.0, 4.0, 5.0};
  const ConfidenceInterval ci = t_interval(values, 0.95);
  // s = sqrt(2.5), t_{0.975, 4} = 2.776445105197794: half-width = t s / sqrt(5).
  EXPECT_EQ(ci.n, 5);
  EXPECT_EQ(ci.level, 0.95);
  EXPECT_DOUBLE_EQ(ci.mean, 3.0);
  EXPECT_NEAR(ci.half_width, 1.963243161477557698, 1e-9);
  EXPECT_NEAR(ci.lower(), 3.0 - 1.963243161477557698, 1e-9);
  EXPECT_NEAR(ci.upper(), 3.0 + 1.963243161477557698, 1e-9);
  EXPECT_TRUE(ci.contains(1.1));
  EXPECT_TRUE(ci.contains(4.9));
  EXPECT_FALSE(ci.contains(0.9));
  EXPECT_FALSE(ci.contains(5.0));
}

TEST(Confidence, EightValuesAtTwoLevels) {
  const std::vector<double> values = {12.5, 14.1, 9.8, 11.0, 13.7, 10.4, 12.9, 11.8};
  const ConfidenceInterval ci90 = t_interval(values, 0.90);
  EXPECT_NEAR(ci90.mean, 12.025, 1e-12);
  EXPECT_NEAR(ci90.half_width, 1.037549007328554518, 1e-9);
  const ConfidenceInterval ci99 = t_interval(values, 0.99);
  EXPECT_NEAR(ci99.half_width, 1.916460690294961988, 1e-9);
}

TEST(Confidence, TallyAndSpanGiveTheSameInterval) {
  const std::vector<double> values = {3.2, 2.9, 3.5, 3.1, 3.3, 2.7};
  Tally tally;
  for (double v : values) tally.add(v);
  const ConfidenceInterval a = t_interval(tally, 0.95);
  const ConfidenceInterval b = t_interval(values, 0.95);
  EXPECT_EQ(a.mean, b.mean);
  EXPECT_EQ(a.half_width, b.half_width);
  EXPECT_EQ(a.n, b.n);
}

TEST(Confidence, FewerThanTwoObservationsGiveAnInfiniteHalfWidth) {
  const std::vector<double> one = {4.0};
  const ConfidenceInterval ci1 = t_interval(one, 0.95);
  EXPECT_EQ(ci1.n, 1);
  EXPECT_EQ(ci1.mean, 4.0);
  EXPECT_EQ(ci1.half_width, std::numeric_limits<double>::infinity());
  EXPECT_TRUE(ci1.contains(-1e300));
  const ConfidenceInterval ci0 = t_interval(std::vector<double>{}, 0.95);
  EXPECT_EQ(ci0.n, 0);
  EXPECT_TRUE(std::isnan(ci0.mean));
  EXPECT_EQ(ci0.half_width, std::numeric_limits<double>::infinity());
}

TEST(Confidence, ZeroSpreadGivesZeroHalfWidth) {
  const ConfidenceInterval ci = t_interval(std::vector<double>{2.0, 2.0, 2.0}, 0.95);
  EXPECT_EQ(ci.half_width, 0.0);
  EXPECT_TRUE(ci.contains(2.0));
}

TEST(Confidence, RejectsLevelsOutsideTheOpenUnitInterval) {
  const std::vector<double> values = {1.0, 2.0};
  EXPECT_THROW((void)t_interval(values, 0.0), ContractError);
  EXPECT_THROW((void)t_interval(values, 1.0), ContractError);
  EXPECT_THROW((void)t_interval(values, -0.5), ContractError);
  EXPECT_THROW((void)t_interval(values, std::numeric_limits<double>::quiet_NaN()), ContractError);
}

TEST(Confidence, NinetyFivePercentIntervalsCoverTheMeanNinetyFivePercentOfTheTime) {
  // 4,000 samples of 10 standard normal values (by inversion): coverage 0.95 +- 3.5 sigma.
  whsim::stats::test::SplitMix64 rng(2024);
  const auto normal = [&rng] {
    const double u = (static_cast<double>(rng() >> 11) + 0.5) * 0x1.0p-53;
    return normal_quantile(u);
  };
  constexpr int kIntervals = 4000;
  int covered = 0;
  std::vector<double> sample(10);
  for (int i = 0; i < kIntervals; ++i) {
    for (double& x : sample) x = 7.0 + 2.0 * normal();
    if (t_interval(sample, 0.95).contains(7.0)) ++covered;
  }
  const double coverage = static_cast<double>(covered) / kIntervals;
  const double sigma = std::sqrt(0.95 * 0.05 / kIntervals);
  EXPECT_NEAR(coverage, 0.95, 3.5 * sigma);
}

}  // namespace
}  // namespace whsim::stats
