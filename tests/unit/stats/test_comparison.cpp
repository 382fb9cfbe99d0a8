// Tests for paired comparisons, Holm's adjustment and one-sided bounds: textbook examples with
// reference values computed independently (mpmath at 50 digits: the t CDF as the regularised
// incomplete beta function, quantiles by root finding; cross-checked with Python's `statistics`
// module and Simpson integration of the t density), NaN handling, edge cases, argument checks,
// and the error rates of the t-test and of one-sided bounds on normal samples.
#include <array>
#include <cmath>
#include <limits>
#include <vector>

#include <gtest/gtest.h>

#include "whsim/core/error.hpp"
#include "whsim/stats/comparison.hpp"
#include "whsim/stats/confidence.hpp"
#include "whsim/stats/special_functions.hpp"

#include "unit/stats/test_rng.hpp"

namespace whsim::stats {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

// Student's sleep data (Cushny and Peebles 1905): extra hours of sleep of ten patients under two
// drugs. Textbook paired t-test (R: t.test(extra ~ group, data = sleep, paired = TRUE)):
// t = 4.0621, df = 9, p = 0.002833, 95% interval of the difference 0.7001142 to 2.4598858.
constexpr std::array<double, 10> kSleepA = {0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0};
constexpr std::array<double, 10> kSleepB = {1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4};

TEST(ComparisonPaired, StudentsSleepData) {
  const PairedDifference d = paired_difference(kSleepA, kSleepB, 0.95);
  EXPECT_EQ(d.n, 10);
  EXPECT_EQ(d.level, 0.95);
  EXPECT_NEAR(d.mean_a, 0.75, 1e-12);
  EXPECT_NEAR(d.mean_b, 2.33, 1e-12);
  EXPECT_NEAR(d.difference, 1.58, 1e-12);
  // mpmath: s_d = 1.2299954832798732, t_{0.975, 9} s_d / sqrt(10), d-bar / (s_d / sqrt(10)),
  // 2 P(T_9 > t) = I_{9/(9+t^2)}(4.5, 0.5).
  EXPECT_NEAR(d.half_width, 0.87988576327698279871, 1e-9);
  EXPECT_NEAR(d.t_statistic, 4.0621276833820361097, 1e-9);
  EXPECT_NEAR(d.p_value, 0.0028328901973842727403, 1e-12);
  EXPECT_NEAR(d.lower(), 0.70011423672301720129, 1e-9);
  EXPECT_NEAR(d.upper(), 2.4598857632769827987, 1e-9);
}

TEST(ComparisonPaired, LevelChangesOnlyTheHalfWidth) {
  const PairedDifference d95 = paired_difference(kSleepA, kSleepB, 0.95);
  const PairedDifference d99 = paired_difference(kSleepA, kSleepB, 0.99);
  EXPECT_NEAR(d99.half_width, 1.2640518851048252613, 1e-9);  // mpmath, t_{0.995, 9}
  EXPECT_EQ(d99.t_statistic, d95.t_statistic);
  EXPECT_EQ(d99.p_value, d95.p_value);
}

TEST(ComparisonPaired, SwappingTheSystemsFlipsTheSign) {
  const PairedDifference d = paired_difference(kSleepB, kSleepA, 0.95);
  EXPECT_NEAR(d.difference, -1.58, 1e-12);
  EXPECT_NEAR(d.t_statistic, -4.0621276833820361097, 1e-9);
  EXPECT_NEAR(d.p_value, 0.0028328901973842727403, 1e-12);
  EXPECT_NEAR(d.lower(), -2.4598857632769827987, 1e-9);
  EXPECT_NEAR(d.upper(), -0.70011423672301720129, 1e-9);
}

TEST(ComparisonPaired, SmallSampleWithANonSignificantDifference) {
  const std::vector<double> a = {10.2, 11.5, 9.8, 12.0, 10.9, 11.1};
  const std::vector<double> b = {10.6, 11.2, 10.5, 12.4, 11.0, 11.8};
  const PairedDifference d = paired_difference(a, b, 0.90);
  EXPECT_EQ(d.n, 6);
  EXPECT_NEAR(d.mean_a, 10.916666666666666667, 1e-12);
  EXPECT_NEAR(d.mean_b, 11.25, 1e-12);
  EXPECT_NEAR(d.difference, 1.0 / 3.0, 1e-12);
  // mpmath (statistics.stdev of the differences: 0.3829708431025356).
  EXPECT_NEAR(d.half_width, 0.31504715490292608749, 1e-9);
  EXPECT_NEAR(d.t_statistic, 2.132007163556104343, 1e-9);
  EXPECT_NEAR(d.p_value, 0.086184827458816642267, 1e-11);
  EXPECT_GT(d.p_value, 0.05);  // the 90% interval excludes 0 but a 5% test does not reject
  EXPECT_GT(d.lower(), 0.0);
}

TEST(ComparisonPaired, PairsWithANaNAreDropped) {
  std::vector<double> a(kSleepA.begin(), kSleepA.end());
  std::vector<double> b(kSleepB.begin(), kSleepB.end());
  // A NaN on either side or both drops the pair; the other side's value must not leak into the means.
  a.insert(a.begin() + 3, kNaN);
  b.insert(b.begin() + 3, 100.0);
  a.push_back(-50.0);
  b.push_back(kNaN);
  a.push_back(kNaN);
  b.push_back(kNaN);
  const PairedDifference d = paired_difference(a, b, 0.95);
  EXPECT_EQ(d.n, 10);
  EXPECT_NEAR(d.mean_a, 0.75, 1e-12);
  EXPECT_NEAR(d.mean_b, 2.33, 1e-12);
  EXPECT_NEAR(d.difference, 1.58, 1e-12);
  EXPECT_NEAR(d.half_width, 0.87988576327698279871, 1e-9);
  EXPECT_NEAR(d.p_value, 0.0028328901973842727403, 1e-12);
}

TEST(ComparisonPaired, FewerThanTwoPairsGiveNoTest) {
  const PairedDifference one =
      paired_difference(std::vector<double>{1.0, kNaN}, std::vector<double>{3.5, 2.0}, 0.95);
  EXPECT_EQ(one.n, 1);
  EXPECT_EQ(one.mean_a, 1.0);
  EXPECT_EQ(one.mean_b, 3.5);
  EXPECT_EQ(one.difference, 2.5);
  EXPECT_EQ(one.half_width, kInf);
  EXPECT_TRUE(std::isnan(one.t_statistic));
  EXPECT_TRUE(std::isnan(one.p_value));
  EXPECT_EQ(one.lower(), -kInf);
  EXPECT_EQ(one.upper(), kInf);

  const PairedDifference none = paired_difference(std::vector<double>{}, std::vector<double>{}, 0.95);
  EXPECT_EQ(none.n, 0);
  EXPECT_TRUE(std::isnan(none.mean_a));
  EXPECT_TRUE(std::isnan(none.mean_b));
  EXPECT_TRUE(std::isnan(none.difference));
  EXPECT_EQ(none.half_width, kInf);
  EXPECT_TRUE(std::isnan(none.p_value));

  const PairedDifference all_nan =
      paired_difference(std::vector<double>{kNaN, 1.0}, std::vector<double>{2.0, kNaN}, 0.95);
  EXPECT_EQ(all_nan.n, 0);
  EXPECT_TRUE(std::isnan(all_nan.p_value));
}

TEST(ComparisonPaired, IdenticalSystemsGivePValueOne) {
  const std::vector<double> a = {3.0, 1.5, 4.25, 2.0};
  const PairedDifference d = paired_difference(a, a, 0.95);
  EXPECT_EQ(d.n, 4);
  EXPECT_EQ(d.difference, 0.0);
  EXPECT_EQ(d.half_width, 0.0);
  EXPECT_EQ(d.t_statistic, 0.0);
  EXPECT_EQ(d.p_value, 1.0);
}

TEST(ComparisonPaired, ConstantNonzeroDifferenceGivesPValueZero) {
  // Differences exactly representable, so every d_r is the same double and s_d = 0 exactly.
  const std::vector<double> a = {3.0, 1.5, 4.25, 2.0};
  const std::vector<double> b = {5.0, 3.5, 6.25, 4.0};
  const PairedDifference up = paired_difference(a, b, 0.95);
  EXPECT_EQ(up.difference, 2.0);
  EXPECT_EQ(up.half_width, 0.0);
  EXPECT_EQ(up.lower(), 2.0);
  EXPECT_EQ(up.upper(), 2.0);
  EXPECT_EQ(up.t_statistic, kInf);
  EXPECT_EQ(up.p_value, 0.0);
  const PairedDifference down = paired_difference(b, a, 0.95);
  EXPECT_EQ(down.difference, -2.0);
  EXPECT_EQ(down.t_statistic, -kInf);
  EXPECT_EQ(down.p_value, 0.0);
}

TEST(ComparisonPaired, ZeroMeanDifferenceWithSpreadGivesPValueOne) {
  // Differences +1, -1, +3, -3 (running mean 1, 0, 1, 0 without rounding): mean exactly 0,
  // t = 0, p = 2 P(T_3 > 0) = 1.
  const std::vector<double> a = {1.0, 2.0, 3.0, 4.0};
  const std::vector<double> b = {2.0, 1.0, 6.0, 1.0};
  const PairedDifference d = paired_difference(a, b, 0.95);
  EXPECT_EQ(d.difference, 0.0);
  EXPECT_EQ(d.t_statistic, 0.0);
  EXPECT_EQ(d.p_value, 1.0);
  EXPECT_GT(d.half_width, 0.0);
}

TEST(ComparisonPaired, RejectsMismatchedLengthsAndBadLevels) {
  const std::vector<double> two = {1.0, 2.0};
  const std::vector<double> three = {1.0, 2.0, 3.0};
  EXPECT_THROW((void)paired_difference(two, three, 0.95), ContractError);
  EXPECT_THROW((void)paired_difference(three, two, 0.95), ContractError);
  EXPECT_THROW((void)paired_difference(two, two, 0.0), ContractError);
  EXPECT_THROW((void)paired_difference(two, two, 1.0), ContractError);
  EXPECT_THROW((void)paired_difference(two, two, 1.5), ContractError);
  EXPECT_THROW((void)paired_difference(two, two, kNaN), ContractError);
}

TEST(ComparisonPaired, TestRejectsAtItsLevelUnderTheNullHypothesis) {
  // 4,000 pairs of samples of 8 normal values with equal means (by inversion): the share of
  // p-values below 0.05, and of 95% intervals missing 0, is 0.05 +- 3.5 sigma.
  test::SplitMix64 rng(77);
  const auto normal = [&rng] {
    const double u = (static_cast<double>(rng() >> 11) + 0.5) * 0x1.0p-53;
    return normal_quantile(u);
  };
  constexpr int kTests = 4000;
  int rejected = 0;
  int missed = 0;
  std::vector<double> a(8);
  std::vector<double> b(8);
  for (int i = 0; i < kTests; ++i) {
    for (std::size_t r = 0; r < a.size(); ++r) {
      const double common = 3.0 * normal();  // shared by the pair, as with common random numbers
      a[r] = 10.0 + common + normal();
      b[r] = 10.0 + common + normal();
    }
    const PairedDifference d = paired_difference(a, b, 0.95);
    if (d.p_value < 0.05) ++rejected;
    if (!(d.lower() <= 0.0 && 0.0 <= d.upper())) ++missed;
  }
  // The test rejects exactly when the interval misses 0.
  EXPECT_EQ(rejected, missed);
  const double sigma = std::sqrt(0.05 * 0.95 / kTests);
  EXPECT_NEAR(static_cast<double>(rejected) / kTests, 0.05, 3.5 * sigma);
}

TEST(ComparisonHolm, TextbookExample) {
  // m = 4: sorted 0.005, 0.01, 0.03, 0.04 times 4, 3, 2, 1 = 0.02, 0.03, 0.06, 0.04; the running
  // maximum makes the last 0.06. R: p.adjust(c(0.01, 0.04, 0.03, 0.005), "holm").
  const std::vector<double> adjusted = holm_adjust(std::vector<double>{0.01, 0.04, 0.03, 0.005});
  ASSERT_EQ(adjusted.size(), 4U);
  EXPECT_NEAR(adjusted[0], 0.03, 1e-15);
  EXPECT_NEAR(adjusted[1], 0.06, 1e-15);
  EXPECT_NEAR(adjusted[2], 0.06, 1e-15);
  EXPECT_NEAR(adjusted[3], 0.02, 1e-15);
}

TEST(ComparisonHolm, CapsAtOneAndKeepsTheOrder) {
  // Sorted 0.2, 0.5, 0.9 times 3, 2, 1 = 0.6, 1.0, 0.9 -> 0.6, 1, 1 (running maximum, cap 1).
  const std::vector<double> adjusted = holm_adjust(std::vector<double>{0.9, 0.2, 0.5});
  ASSERT_EQ(adjusted.size(), 3U);
  EXPECT_EQ(adjusted[0], 1.0);
  EXPECT_NEAR(adjusted[1], 0.6, 1e-15);
  EXPECT_EQ(adjusted[2], 1.0);
  // Scaled values above 1 are capped too: 0.4 * 3 = 1.2.
  const std::vector<double> capped = holm_adjust(std::vector<double>{0.4, 0.6, 0.7});
  EXPECT_EQ(capped, (std::vector<double>{1.0, 1.0, 1.0}));
}

TEST(ComparisonHolm, TiesAndMonotonicity) {
  // Ties: 0.01 and 0.01 (times 3 and 2) both become 0.03; 0.5 stays 0.5.
  const std::vector<double> ties = holm_adjust(std::vector<double>{0.01, 0.5, 0.01});
  EXPECT_NEAR(ties[0], 0.03, 1e-15);
  EXPECT_NEAR(ties[1], 0.5, 1e-15);
  EXPECT_NEAR(ties[2], 0.03, 1e-15);
  // A larger raw p-value never gets a smaller adjusted one: 0.04 * 2 = 0.08 > 0.045 * 1.
  const std::vector<double> step = holm_adjust(std::vector<double>{0.045, 0.04});
  EXPECT_NEAR(step[0], 0.08, 1e-15);
  EXPECT_NEAR(step[1], 0.08, 1e-15);
  // One p-value is its own adjustment; zero stays zero.
  EXPECT_EQ(holm_adjust(std::vector<double>{0.037}), (std::vector<double>{0.037}));
  EXPECT_EQ(holm_adjust(std::vector<double>{0.0, 0.2})[0], 0.0);
}

TEST(ComparisonHolm, NaNsStayNaNAndDoNotCount) {
  // Counting the two NaNs would give m = 6 and 0.005 * 6 = 0.03 instead of 0.02.
  const std::vector<double> adjusted = holm_adjust(std::vector<double>{0.01, kNaN, 0.04, 0.03, kNaN, 0.005});
  ASSERT_EQ(adjusted.size(), 6U);
  EXPECT_NEAR(adjusted[0], 0.03, 1e-15);
  EXPECT_TRUE(std::isnan(adjusted[1]));
  EXPECT_NEAR(adjusted[2], 0.06, 1e-15);
  EXPECT_NEAR(adjusted[3], 0.06, 1e-15);
  EXPECT_TRUE(std::isnan(adjusted[4]));
  EXPECT_NEAR(adjusted[5], 0.02, 1e-15);
  const std::vector<double> all_nan = holm_adjust(std::vector<double>{kNaN, kNaN});
  ASSERT_EQ(all_nan.size(), 2U);
  EXPECT_TRUE(std::isnan(all_nan[0]));
  EXPECT_TRUE(std::isnan(all_nan[1]));
  EXPECT_TRUE(holm_adjust(std::vector<double>{}).empty());
}

TEST(ComparisonHolm, RejectsValuesOutsideTheUnitInterval) {
  EXPECT_THROW((void)holm_adjust(std::vector<double>{0.1, -0.01}), ContractError);
  EXPECT_THROW((void)holm_adjust(std::vector<double>{1.5}), ContractError);
  EXPECT_THROW((void)holm_adjust(std::vector<double>{kInf, 0.2}), ContractError);
  EXPECT_NO_THROW((void)holm_adjust(std::vector<double>{0.0, 1.0, kNaN}));
}

constexpr std::array<double, 8> kEight = {12.5, 14.1, 9.8, 11.0, 13.7, 10.4, 12.9, 11.8};

TEST(ComparisonBounds, EightValuesAtTwoLevels) {
  // mpmath: mean 12.025, s = sqrt(sum (x - mean)^2 / 7), t_{0.95, 7} = 1.8945786050900073895,
  // t_{0.90, 7} = 1.4149239276505084776.
  EXPECT_NEAR(one_sided_upper_bound(kEight, 0.95), 13.062549007328554761, 1e-9);
  EXPECT_NEAR(one_sided_lower_bound(kEight, 0.95), 10.987450992671445239, 1e-9);
  EXPECT_NEAR(one_sided_upper_bound(kEight, 0.90), 12.79987041848520233, 1e-9);
  EXPECT_NEAR(one_sided_lower_bound(kEight, 0.90), 11.25012958151479767, 1e-9);
}

TEST(ComparisonBounds, OneSided95IsTheEndOfTheTwoSided90Interval) {
  const ConfidenceInterval ci = t_interval(kEight, 0.90);
  EXPECT_NEAR(one_sided_upper_bound(kEight, 0.95), ci.upper(), 1e-12);
  EXPECT_NEAR(one_sided_lower_bound(kEight, 0.95), ci.lower(), 1e-12);
}

TEST(ComparisonBounds, TwoValues) {
  // Mean 4, s = sqrt(2), so the margin is t_{0.95, 1} = tan(0.45 pi) = 6.313751514675043099.
  EXPECT_NEAR(one_sided_upper_bound(std::vector<double>{3.0, 5.0}, 0.95), 10.313751514675043099, 1e-9);
  EXPECT_NEAR(one_sided_lower_bound(std::vector<double>{3.0, 5.0}, 0.95), -2.313751514675043099, 1e-9);
}

TEST(ComparisonBounds, NaNsAreDropped) {
  std::vector<double> values(kEight.begin(), kEight.end());
  values.insert(values.begin(), kNaN);
  values.insert(values.begin() + 5, kNaN);
  values.push_back(kNaN);
  EXPECT_EQ(one_sided_upper_bound(values, 0.95), one_sided_upper_bound(kEight, 0.95));
  EXPECT_EQ(one_sided_lower_bound(values, 0.95), one_sided_lower_bound(kEight, 0.95));
}

TEST(ComparisonBounds, FewerThanTwoValuesGiveInfiniteBounds) {
  EXPECT_EQ(one_sided_upper_bound(std::vector<double>{4.0}, 0.95), kInf);
  EXPECT_EQ(one_sided_lower_bound(std::vector<double>{4.0}, 0.95), -kInf);
  EXPECT_EQ(one_sided_upper_bound(std::vector<double>{}, 0.95), kInf);
  EXPECT_EQ(one_sided_lower_bound(std::vector<double>{}, 0.95), -kInf);
  EXPECT_EQ(one_sided_upper_bound(std::vector<double>{kNaN, 4.0, kNaN}, 0.95), kInf);
  EXPECT_EQ(one_sided_lower_bound(std::vector<double>{kNaN, 4.0, kNaN}, 0.95), -kInf);
}

TEST(ComparisonBounds, ZeroSpreadGivesTheMean) {
  EXPECT_EQ(one_sided_upper_bound(std::vector<double>{2.0, 2.0, 2.0}, 0.95), 2.0);
  EXPECT_EQ(one_sided_lower_bound(std::vector<double>{2.0, 2.0, 2.0}, 0.95), 2.0);
}

TEST(ComparisonBounds, RejectsLevelsOutsideTheOpenUnitInterval) {
  EXPECT_THROW((void)one_sided_upper_bound(kEight, 0.0), ContractError);
  EXPECT_THROW((void)one_sided_upper_bound(kEight, 1.0), ContractError);
  EXPECT_THROW((void)one_sided_lower_bound(kEight, -0.1), ContractError);
  EXPECT_THROW((void)one_sided_lower_bound(kEight, kNaN), ContractError);
  // Checked even when there is nothing to bound.
  EXPECT_THROW((void)one_sided_upper_bound(std::vector<double>{}, 2.0), ContractError);
}

TEST(ComparisonBounds, NinetyFivePercentBoundsHoldNinetyFivePercentOfTheTime) {
  // 4,000 samples of 10 normal values (by inversion): the upper bound is above the mean, and
  // separately the lower bound below it, in 0.95 +- 3.5 sigma of the samples.
  test::SplitMix64 rng(4242);
  const auto normal = [&rng] {
    const double u = (static_cast<double>(rng() >> 11) + 0.5) * 0x1.0p-53;
    return normal_quantile(u);
  };
  constexpr int kSamples = 4000;
  int upper_holds = 0;
  int lower_holds = 0;
  std::vector<double> sample(10);
  for (int i = 0; i < kSamples; ++i) {
    for (double& x : sample) x = -3.0 + 0.5 * normal();
    if (one_sided_upper_bound(sample, 0.95) >= -3.0) ++upper_holds;
    if (one_sided_lower_bound(sample, 0.95) <= -3.0) ++lower_holds;
  }
  const double sigma = std::sqrt(0.95 * 0.05 / kSamples);
  EXPECT_NEAR(static_cast<double>(upper_holds) / kSamples, 0.95, 3.5 * sigma);
  EXPECT_NEAR(static_cast<double>(lower_holds) / kSamples, 0.95, 3.5 * sigma);
}

}  // namespace
}  // namespace whsim::stats
