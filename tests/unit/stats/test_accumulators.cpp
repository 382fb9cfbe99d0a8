// Tests for Counter, Tally and TimeWeighted: hand-computed values, empty and single-observation
// edge cases, merge equals combined, time-weighted averages with known level changes and resets.
#include <cmath>
#include <cstdint>
#include <vector>

#include <gtest/gtest.h>

#include "whsim/core/error.hpp"
#include "whsim/core/time.hpp"
#include "whsim/stats/accumulators.hpp"

#include "unit/stats/test_rng.hpp"

namespace whsim::stats {
namespace {

SimTime at_seconds(std::int64_t s) {
  return SimTime::zero() + Duration::seconds(s);
}

/// Uniform double in [0, 1) from 53 random bits (no std distributions: their output differs
/// between standard libraries).
double uniform01(whsim::stats::test::SplitMix64& rng) {
  return static_cast<double>(rng() >> 11) * 0x1.0p-53;
}

TEST(Counter, AddsAndResets) {
  Counter c;
  EXPECT_EQ(c.value(), 0);
  c.add();
  c.add(5);
  c.add(-2);
  EXPECT_EQ(c.value(), 4);
  c.reset();
  EXPECT_EQ(c.value(), 0);
}

TEST(Tally, EmptyTallyIsNaNExceptCountAndSum) {
  const Tally t;
  EXPECT_EQ(t.count(), 0);
  EXPECT_EQ(t.sum(), 0.0);
  EXPECT_TRUE(std::isnan(t.mean()));
  EXPECT_TRUE(std::isnan(t.variance()));
  EXPECT_TRUE(std::isnan(t.stddev()));
  EXPECT_TRUE(std::isnan(t.min()));
  EXPECT_TRUE(std::isnan(t.max()));
}

TEST(Tally, SingleObservationHasMeanButNoVariance) {
  Tally t;
  t.add(-3.5);
  EXPECT_EQ(t.count(), 1);
  EXPECT_EQ(t.mean(), -3.5);
  EXPECT_EQ(t.min(), -3.5);
  EXPECT_EQ(t.max(), -3.5);
  EXPECT_EQ(t.sum(), -3.5);
  EXPECT_TRUE(std::isnan(t.variance()));
  EXPECT_TRUE(std::isnan(t.stddev()));
}

TEST(Tally, KnownSample) {
  Tally t;
  for (double x : {2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0}) t.add(x);
  EXPECT_EQ(t.count(), 8);
  EXPECT_DOUBLE_EQ(t.mean(), 5.0);
  EXPECT_DOUBLE_EQ(t.variance(), 32.0 / 7.0);  // sum of squared deviations 32, n - 1 = 7
  EXPECT_DOUBLE_EQ(t.stddev(), std::sqrt(32.0 / 7.0));
  EXPECT_EQ(t.min(), 2.0);
  EXPECT_EQ(t.max(), 9.0);
  EXPECT_EQ(t.sum(), 40.0);
}

TEST(Tally, StaysAccurateWithALargeOffset) {
  // The naive sum-of-squares formula loses every digit here; Welford does not.
  Tally t;
  for (double x : {4.0, 7.0, 13.0, 16.0}) t.add(1e9 + x);
  EXPECT_DOUBLE_EQ(t.mean(), 1e9 + 10.0);
  EXPECT_NEAR(t.variance(), 30.0, 1e-6);
}

TEST(Tally, MergeEqualsCombined) {
  whsim::stats::test::SplitMix64 rng(42);
  Tally all;
  Tally first;
  Tally second;
  for (int i = 0; i < 10'000; ++i) {
    const double x = 100.0 + 50.0 * uniform01(rng);
    all.add(x);
    (i < 3'000 ? first : second).add(x);
  }
  Tally merged = first;
  merged.merge(second);
  EXPECT_EQ(merged.count(), all.count());
  EXPECT_NEAR(merged.mean(), all.mean(), 1e-12 * all.mean());
  EXPECT_NEAR(merged.variance(), all.variance(), 1e-10 * all.variance());
  EXPECT_NEAR(merged.sum(), all.sum(), 1e-12 * all.sum());
  EXPECT_EQ(merged.min(), all.min());
  EXPECT_EQ(merged.max(), all.max());
}

TEST(Tally, MergeWithEmptyOnEitherSide) {
  Tally t;
  for (double x : {1.0, 2.0, 6.0}) t.add(x);
  Tally empty;
  Tally copy = t;
  copy.merge(empty);
  EXPECT_EQ(copy.count(), 3);
  EXPECT_EQ(copy.mean(), 3.0);
  EXPECT_EQ(copy.variance(), t.variance());
  empty.merge(t);
  EXPECT_EQ(empty.count(), 3);
  EXPECT_EQ(empty.mean(), 3.0);
  EXPECT_EQ(empty.min(), 1.0);
  EXPECT_EQ(empty.max(), 6.0);
  EXPECT_DOUBLE_EQ(empty.variance(), 7.0);  // deviations -2, -1, 3: 14 / 2
}

TEST(Tally, ResetForgetsEverything) {
  Tally t;
  t.add(1.0);
  t.add(2.0);
  t.reset();
  EXPECT_EQ(t.count(), 0);
  EXPECT_EQ(t.sum(), 0.0);
  EXPECT_TRUE(std::isnan(t.mean()));
  t.add(10.0);
  EXPECT_EQ(t.mean(), 10.0);
  EXPECT_EQ(t.min(), 10.0);
}

TEST(TimeWeighted, AverageOfKnownLevelChanges) {
  TimeWeighted tw;  // level 0 from time 0
  tw.set(at_seconds(10), 2.0);
  tw.set(at_seconds(30), 5.0);
  tw.set(at_seconds(40), 1.0);
  // 0 for 10 s, 2 for 20 s, 5 for 10 s, 1 for 10 s: area 100 over 50 s.
  EXPECT_DOUBLE_EQ(tw.integral(at_seconds(50)), 100.0);
  EXPECT_DOUBLE_EQ(tw.mean(at_seconds(50)), 2.0);
  EXPECT_EQ(tw.current(), 1.0);
  EXPECT_EQ(tw.min(), 0.0);
  EXPECT_EQ(tw.max(), 5.0);
  EXPECT_EQ(tw.last_change(), at_seconds(40));
  // Reading is const and repeatable at any later time.
  EXPECT_DOUBLE_EQ(tw.mean(at_seconds(100)), 150.0 / 100.0);
}

TEST(TimeWeighted, AddChangesTheLevelByDelta) {
  TimeWeighted tw(SimTime::zero(), 3.0);
  tw.add(at_seconds(1), 1.0);   // 4
  tw.add(at_seconds(3), -2.0);  // 2
  EXPECT_EQ(tw.current(), 2.0);
  // 3 for 1 s, 4 for 2 s, 2 for 1 s: area 13 over 4 s.
  EXPECT_DOUBLE_EQ(tw.mean(at_seconds(4)), 13.0 / 4.0);
  EXPECT_EQ(tw.min(), 2.0);
  EXPECT_EQ(tw.max(), 4.0);
}

TEST(TimeWeighted, StartsAtTheGivenTimeAndLevel) {
  TimeWeighted tw(at_seconds(5), 3.0);
  EXPECT_EQ(tw.start(), at_seconds(5));
  EXPECT_DOUBLE_EQ(tw.mean(at_seconds(15)), 3.0);
  EXPECT_DOUBLE_EQ(tw.integral(at_seconds(15)), 30.0);
}

TEST(TimeWeighted, EmptyWindowHasNoMean) {
  TimeWeighted tw(at_seconds(2), 7.0);
  EXPECT_TRUE(std::isnan(tw.mean(at_seconds(2))));
  EXPECT_EQ(tw.integral(at_seconds(2)), 0.0);
}

TEST(TimeWeighted, SeveralChangesAtTheSameInstantCountOnlyTheLast) {
  TimeWeighted tw;
  tw.set(at_seconds(1), 100.0);
  tw.set(at_seconds(1), 4.0);
  EXPECT_DOUBLE_EQ(tw.mean(at_seconds(2)), 2.0);  // 0 for 1 s, 4 for 1 s
  EXPECT_EQ(tw.max(), 100.0);                     // the level was 100, if only for no time
}

TEST(TimeWeighted, SubSecondResolutionIsExactInTicks) {
  TimeWeighted tw;
  tw.set(SimTime::from_ticks(1), 1.0);  // 1 microsecond at level 0
  EXPECT_DOUBLE_EQ(tw.mean(SimTime::from_ticks(4)), 3.0 / 4.0);
  EXPECT_DOUBLE_EQ(tw.integral(SimTime::from_ticks(4)), 3e-6);
}

TEST(TimeWeighted, ResetKeepsTheLevelAndForgetsHistory) {
  TimeWeighted tw;
  tw.set(at_seconds(10), 8.0);
  tw.set(at_seconds(20), 2.0);
  tw.reset(at_seconds(30));
  EXPECT_EQ(tw.current(), 2.0);
  EXPECT_EQ(tw.start(), at_seconds(30));
  EXPECT_EQ(tw.min(), 2.0);
  EXPECT_EQ(tw.max(), 2.0);
  tw.set(at_seconds(40), 4.0);
  // 2 for 10 s, 4 for 10 s after the reset.
  EXPECT_DOUBLE_EQ(tw.mean(at_seconds(50)), 3.0);
  EXPECT_DOUBLE_EQ(tw.integral(at_seconds(50)), 60.0);
  EXPECT_EQ(tw.max(), 4.0);
}

TEST(TimeWeighted, TimeMustNotGoBackwards) {
  TimeWeighted tw;
  tw.set(at_seconds(10), 1.0);
  EXPECT_THROW(tw.set(at_seconds(9), 2.0), ContractError);
  EXPECT_THROW(tw.add(at_seconds(9), 2.0), ContractError);
  EXPECT_THROW((void)tw.mean(at_seconds(9)), ContractError);
  EXPECT_THROW((void)tw.integral(at_seconds(9)), ContractError);
  EXPECT_THROW(tw.reset(at_seconds(9)), ContractError);
  EXPECT_EQ(tw.current(), 1.0);  // the failed calls changed nothing
}

}  // namespace
}  // namespace whsim::stats
