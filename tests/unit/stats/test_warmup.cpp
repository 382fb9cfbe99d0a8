// Tests for MSER-5 warm-up detection: series with a known transient (a step that ends at index
// 500, an exponential decay), stationary series, too-short series and series that never settle.
#include <cmath>
#include <cstddef>
#include <vector>

#include <gtest/gtest.h>

#include "whsim/core/dmath.hpp"
#include "whsim/stats/special_functions.hpp"
#include "whsim/stats/warmup.hpp"

#include "unit/stats/test_rng.hpp"

namespace whsim::stats {
namespace {

/// Standard normal noise by inversion (no std distributions).
class Noise {
 public:
  explicit Noise(std::uint64_t seed) : rng_(seed) {}
  double operator()() { return normal_quantile((static_cast<double>(rng_() >> 11) + 0.5) * 0x1.0p-53); }

 private:
  whsim::stats::test::SplitMix64 rng_;
};

TEST(Mser5, HandComputedStep) {
  // One batch of 100s, then 9 batches of zeros: deleting that batch leaves zero variance.
  std::vector<double> series(50, 0.0);
  for (int i = 0; i < 5; ++i) series[static_cast<std::size_t>(i)] = 100.0;
  const WarmupResult r = mser5(series);
  EXPECT_EQ(r.batches_deleted, 1u);
  EXPECT_EQ(r.truncation, 5u);
  EXPECT_EQ(r.statistic, 0.0);
  EXPECT_TRUE(r.reliable);
}

TEST(Mser5, StatisticIsTheMserFormula) {
  // Batch means 10, 0, 2, 0, 2, 0, 2, 0, 2, 0 (the series is constant within batches).
  const double means[] = {10, 0, 2, 0, 2, 0, 2, 0, 2, 0};
  std::vector<double> series;
  for (double m : means) series.insert(series.end(), 5, m);
  const WarmupResult r = mser5(series);
  // d = 1: nine means, mean 8/9, sum of squares 4*(10/9)^2 + 5*(8/9)^2 = 720/81; / 81.
  EXPECT_EQ(r.batches_deleted, 1u);
  EXPECT_NEAR(r.statistic, (720.0 / 81.0) / 81.0, 1e-15);
}

TEST(Mser5, StepTransientEndingAtIndex500) {
  Noise noise(1);
  std::vector<double> series(5000);
  for (std::size_t i = 0; i < series.size(); ++i) series[i] = (i < 500 ? 10.0 : 0.0) + noise();
  const WarmupResult r = mser5(series);
  EXPECT_GE(r.truncation, 500u);
  EXPECT_LE(r.truncation, 550u);
  EXPECT_EQ(r.truncation, 5 * r.batches_deleted);
  EXPECT_TRUE(r.reliable);
}

TEST(Mser5, ExponentialDecayFromTenToZero) {
  Noise noise(2);
  std::vector<double> series(10'000);
  for (std::size_t i = 0; i < series.size(); ++i) {
    series[i] = 10.0 * dmath::exp(-static_cast<double>(i) / 100.0) + noise();
  }
  const WarmupResult r = mser5(series);
  // The bias is below the noise of a batch mean (1/sqrt(5)) after ~300 and negligible after ~700.
  EXPECT_GE(r.truncation, 200u);
  EXPECT_LE(r.truncation, 600u);
  EXPECT_TRUE(r.reliable);
}

TEST(Mser5, StationarySeriesNeedsLittleOrNoTruncation) {
  for (std::uint64_t seed = 10; seed < 20; ++seed) {
    Noise noise(seed);
    std::vector<double> series(5000);
    for (double& x : series) x = 3.0 + noise();
    const WarmupResult r = mser5(series);
    EXPECT_LE(r.truncation, 250u) << "seed " << seed;  // at most 5% of the series
    EXPECT_TRUE(r.reliable) << "seed " << seed;
  }
}

TEST(Mser5, ConstantSeriesDeletesNothing) {
  const std::vector<double> series(200, 4.25);
  const WarmupResult r = mser5(series);
  EXPECT_EQ(r.truncation, 0u);
  EXPECT_EQ(r.statistic, 0.0);
  EXPECT_TRUE(r.reliable);
}

TEST(Mser5, SeriesThatNeverSettlesIsNotReliable) {
  // A steady decline: the less of it is kept, the smaller the spread, so the overall optimum lies
  // in the second half.
  std::vector<double> series(1000);
  for (std::size_t i = 0; i < series.size(); ++i) series[i] = 1000.0 - static_cast<double>(i);
  const WarmupResult r = mser5(series);
  EXPECT_FALSE(r.reliable);
  EXPECT_LT(r.batches_deleted, 100u);  // still a first-half answer
}

TEST(Mser5, TransientLongerThanHalfTheSeriesIsNotReliable) {
  Noise noise(3);
  std::vector<double> series(1000);
  for (std::size_t i = 0; i < series.size(); ++i) series[i] = (i < 700 ? 50.0 : 0.0) + noise();
  const WarmupResult r = mser5(series);
  EXPECT_FALSE(r.reliable);
}

TEST(Mser5, ShortSeriesAreNotAnalysed) {
  const std::vector<double> empty;
  EXPECT_EQ(mser5(empty).truncation, 0u);
  EXPECT_FALSE(mser5(empty).reliable);
  std::vector<double> short_series(49, 1.0);
  short_series[0] = 100.0;
  const WarmupResult r = mser5(short_series);
  EXPECT_EQ(r.truncation, 0u);
  EXPECT_FALSE(r.reliable);
}

TEST(Mser5, TrailingPartialBatchIsIgnored) {
  std::vector<double> series(53, 1.0);
  for (int i = 0; i < 5; ++i) series[static_cast<std::size_t>(i)] = 9.0;
  series[50] = 1e9;  // in the incomplete last batch
  const WarmupResult r = mser5(series);
  EXPECT_EQ(r.truncation, 5u);
  EXPECT_EQ(r.statistic, 0.0);
}

}  // namespace
}  // namespace whsim::stats
