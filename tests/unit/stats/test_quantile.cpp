// Tests for QuantileSketch and ExactQuantiles: the sketch's relative error bound against exact
// order statistics on a million draws from several shapes (positive, heavy-tailed, signed, with
// zeros), exact extremes, merge equals combined, memory bounded by the value range, reset.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "whsim/core/dmath.hpp"
#include "whsim/core/error.hpp"
#include "whsim/stats/quantile.hpp"

#include "unit/stats/test_rng.hpp"

namespace whsim::stats {
namespace {

constexpr double kLevels[] = {0.0, 0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 0.999, 1.0};

/// Uniform double in (0, 1) from 53 random bits.
double uniform01(whsim::stats::test::SplitMix64& rng) {
  return (static_cast<double>(rng() >> 11) + 0.5) * 0x1.0p-53;
}

/// Approximately standard normal: sum of 12 uniforms minus 6 (Irwin-Hall). Shape is all that
/// matters here.
double rough_normal(whsim::stats::test::SplitMix64& rng) {
  double sum = 0.0;
  for (int i = 0; i < 12; ++i) sum += uniform01(rng);
  return sum - 6.0;
}

struct Shape {
  std::string name;
  std::function<double(whsim::stats::test::SplitMix64&)> draw;
};

std::vector<Shape> shapes() {
  return {
      {"uniform", [](whsim::stats::test::SplitMix64& r) { return uniform01(r); }},
      {"exponential", [](whsim::stats::test::SplitMix64& r) { return -100.0 * dmath::log(uniform01(r)); }},
      {"lognormal", [](whsim::stats::test::SplitMix64& r) { return dmath::exp(2.0 * rough_normal(r)); }},
      {"pareto", [](whsim::stats::test::SplitMix64& r) { return dmath::pow(uniform01(r), -1.0 / 1.5); }},
      {"normal", [](whsim::stats::test::SplitMix64& r) { return 3.0 * rough_normal(r); }},
      {"negative", [](whsim::stats::test::SplitMix64& r) { return dmath::log(uniform01(r)) - 5.0; }},
      {"zeros",
       [](whsim::stats::test::SplitMix64& r) {
         return uniform01(r) < 0.3 ? 0.0 : -dmath::log(uniform01(r));
       }},
  };
}

/// Checks every level against the exact order statistic of the sketch's documented rank.
void expect_within_bound(const QuantileSketch& sketch, const ExactQuantiles& exact,
                         const std::string& label) {
  const double alpha = sketch.relative_error();
  for (double q : kLevels) {
    const std::uint64_t rank = QuantileSketch::rank(q, sketch.count());
    const double truth = exact.order_statistic(rank);
    const double estimate = sketch.quantile(q);
    // alpha plus a hair for rounding in log/exp near bucket edges.
    EXPECT_LE(std::fabs(estimate - truth), alpha * (1.0 + 1e-9) * std::fabs(truth))
        << label << " q=" << q << " truth=" << truth << " estimate=" << estimate;
  }
}

/// One test per shape, so that CTest can run them in parallel.
class QuantileSketchShapeTest : public ::testing::TestWithParam<std::size_t> {};

TEST_P(QuantileSketchShapeTest, RelativeErrorBoundHoldsOnAMillionDraws) {
  constexpr int kDraws = 1'000'000;
  const Shape shape = shapes()[GetParam()];
  whsim::stats::test::SplitMix64 rng(7);
  QuantileSketch sketch;  // alpha = 0.005
  ExactQuantiles exact;
  exact.reserve(kDraws);
  for (int i = 0; i < kDraws; ++i) {
    const double x = shape.draw(rng);
    sketch.add(x);
    exact.add(x);
  }
  ASSERT_EQ(sketch.count(), kDraws);
  expect_within_bound(sketch, exact, shape.name);
  EXPECT_EQ(sketch.min(), exact.order_statistic(0));
  EXPECT_EQ(sketch.max(), exact.order_statistic(kDraws - 1));
}

TEST(QuantileSketch, EveryShapeIsInstantiated) {
  EXPECT_EQ(shapes().size(), 7u);
}

INSTANTIATE_TEST_SUITE_P(Shapes, QuantileSketchShapeTest, ::testing::Range<std::size_t>(0, 7),
                         [](const ::testing::TestParamInfo<std::size_t>& param) {
                           return shapes()[param.param].name;
                         });

TEST(QuantileSketch, OtherErrorBoundsHoldToo) {
  for (double alpha : {0.05, 0.01, 0.001}) {
    whsim::stats::test::SplitMix64 rng(11);
    QuantileSketch sketch(alpha);
    ExactQuantiles exact;
    for (int i = 0; i < 200'000; ++i) {
      const double x = dmath::exp(3.0 * rough_normal(rng));
      sketch.add(x);
      exact.add(x);
    }
    expect_within_bound(sketch, exact, "alpha=" + std::to_string(alpha));
  }
}

TEST(QuantileSketch, NearlyAlphaIsReachedSoTheBoundIsNotVacuous) {
  // Values spread evenly over many buckets: some estimate must be off by more than alpha/2.
  QuantileSketch sketch(0.01);
  ExactQuantiles exact;
  for (int i = 1; i <= 100'000; ++i) {
    const double x = 1.0 + 0.0001 * i;
    sketch.add(x);
    exact.add(x);
  }
  double worst = 0.0;
  for (int k = 1; k < 1000; ++k) {
    const double q = k / 1000.0;
    const double truth = exact.order_statistic(QuantileSketch::rank(q, sketch.count()));
    worst = std::max(worst, std::fabs(sketch.quantile(q) - truth) / truth);
  }
  EXPECT_GT(worst, 0.005);
  EXPECT_LE(worst, 0.01 * (1.0 + 1e-9));
}

TEST(QuantileSketch, EmptySketch) {
  const QuantileSketch sketch;
  EXPECT_EQ(sketch.count(), 0);
  EXPECT_TRUE(std::isnan(sketch.quantile(0.5)));
  EXPECT_TRUE(std::isnan(sketch.min()));
  EXPECT_TRUE(std::isnan(sketch.max()));
  EXPECT_EQ(sketch.allocated_buckets(), 0u);
}

TEST(QuantileSketch, SingleValueIsReturnedExactly) {
  QuantileSketch sketch;
  sketch.add(123.456);
  for (double q : kLevels) EXPECT_EQ(sketch.quantile(q), 123.456) << q;
}

TEST(QuantileSketch, NegativeValuesAndZerosKeepTheirOrder) {
  QuantileSketch sketch;
  for (double x : {3.0, 0.0, -1.0, -5.0, 0.0}) sketch.add(x);
  // Sorted: -5, -1, 0, 0, 3; rank floor(q * 4).
  EXPECT_EQ(sketch.quantile(0.0), -5.0);
  // -1 = -gamma^0 sits on a bucket edge, so the error is alpha itself.
  EXPECT_LE(std::fabs(sketch.quantile(0.25) - (-1.0)), 0.005 * (1.0 + 1e-9));
  EXPECT_EQ(sketch.quantile(0.5), 0.0);
  EXPECT_EQ(sketch.quantile(0.75), 0.0);
  EXPECT_EQ(sketch.quantile(1.0), 3.0);
  EXPECT_EQ(sketch.min(), -5.0);
  EXPECT_EQ(sketch.max(), 3.0);
}

TEST(QuantileSketch, SubnormalsCountAsZero) {
  QuantileSketch sketch;
  for (double x : {-1.0, 1e-310, -1e-320, 0.0, 1.0}) sketch.add(x);
  EXPECT_EQ(sketch.quantile(0.25), 0.0);
  EXPECT_EQ(sketch.quantile(0.5), 0.0);
  EXPECT_EQ(sketch.quantile(0.75), 0.0);
}

TEST(QuantileSketch, ExtremeMagnitudes) {
  QuantileSketch sketch;
  const double values[] = {1e-300, 1e-100, 1.0, 1e100, 1e300, std::numeric_limits<double>::max()};
  for (double x : values) sketch.add(x);
  for (int k = 0; k < 6; ++k) {
    const double q = k / 5.0;
    const double truth = values[QuantileSketch::rank(q, 6)];
    EXPECT_LE(std::fabs(sketch.quantile(q) - truth), 0.005 * (1.0 + 1e-9) * truth) << q;
  }
}

TEST(QuantileSketch, RankRule) {
  EXPECT_EQ(QuantileSketch::rank(0.0, 10), 0u);
  EXPECT_EQ(QuantileSketch::rank(0.5, 10), 4u);  // floor(4.5): the lower median
  EXPECT_EQ(QuantileSketch::rank(0.99, 101), 99u);
  EXPECT_EQ(QuantileSketch::rank(1.0, 10), 9u);
  EXPECT_EQ(QuantileSketch::rank(0.7, 1), 0u);
  EXPECT_THROW((void)QuantileSketch::rank(0.5, 0), ContractError);
}

TEST(QuantileSketch, MergeEqualsCombined) {
  whsim::stats::test::SplitMix64 rng(99);
  QuantileSketch all;
  QuantileSketch first;
  QuantileSketch second;
  for (int i = 0; i < 100'000; ++i) {
    // The halves cover different ranges, so the merge must grow the store at both ends.
    const double x = i % 2 == 0 ? -dmath::log(uniform01(rng)) : 1e4 * rough_normal(rng);
    all.add(x);
    (i < 40'000 ? first : second).add(x);
  }
  QuantileSketch merged = first;
  merged.merge(second);
  EXPECT_EQ(merged.count(), all.count());
  EXPECT_EQ(merged.min(), all.min());
  EXPECT_EQ(merged.max(), all.max());
  for (int k = 0; k <= 1000; ++k) {
    const double q = k / 1000.0;
    EXPECT_EQ(merged.quantile(q), all.quantile(q)) << q;
  }
  QuantileSketch empty;
  empty.merge(all);
  EXPECT_EQ(empty.quantile(0.37), all.quantile(0.37));
  EXPECT_EQ(empty.min(), all.min());
  QuantileSketch copy = all;
  copy.merge(QuantileSketch());
  EXPECT_EQ(copy.count(), all.count());
}

TEST(QuantileSketch, MergeRequiresTheSameErrorBound) {
  QuantileSketch a(0.01);
  QuantileSketch b(0.02);
  b.add(1.0);
  EXPECT_THROW(a.merge(b), ContractError);
}

TEST(QuantileSketch, MemoryDependsOnTheRangeNotTheCount) {
  QuantileSketch narrow;
  whsim::stats::test::SplitMix64 rng(5);
  for (int i = 0; i < 1'000'000; ++i) narrow.add(1.0 + uniform01(rng));
  // [1, 2] is one binade: B = ceil(0.995 / 0.01) + 1 = 101 buckets; growth slack at most doubles that.
  EXPECT_GE(narrow.allocated_buckets(), 101u);
  EXPECT_LE(narrow.allocated_buckets(), 250u);
  QuantileSketch wide;
  for (int i = 0; i < 100'000; ++i) wide.add(dmath::exp(-6.9 + 13.8 * uniform01(rng)));  // 1e-3 .. 1e3
  // log2(1e6) = 19.93 binades of 101 buckets: ~2,013 occupied.
  EXPECT_GE(wide.allocated_buckets(), 2000u);
  EXPECT_LE(wide.allocated_buckets(), 4500u);
}

TEST(QuantileSketch, ResetKeepsMemoryAndForgetsCounts) {
  QuantileSketch sketch;
  for (int i = 1; i <= 1000; ++i) sketch.add(i);
  const std::size_t buckets = sketch.allocated_buckets();
  sketch.reset();
  EXPECT_EQ(sketch.count(), 0);
  EXPECT_TRUE(std::isnan(sketch.quantile(0.5)));
  EXPECT_EQ(sketch.allocated_buckets(), buckets);
  sketch.add(500.0);
  sketch.add(-2.0);
  EXPECT_EQ(sketch.quantile(0.0), -2.0);
  EXPECT_EQ(sketch.quantile(1.0), 500.0);
  EXPECT_EQ(sketch.allocated_buckets(), buckets + 33u);  // a fresh negative store, nothing else
}

TEST(QuantileSketch, RejectsBadArguments) {
  EXPECT_THROW(QuantileSketch(0.0), ContractError);
  EXPECT_THROW(QuantileSketch(1.0), ContractError);
  EXPECT_THROW(QuantileSketch(-0.1), ContractError);
  EXPECT_THROW(QuantileSketch(1e-9), ContractError);
  QuantileSketch sketch;
  EXPECT_THROW(sketch.add(std::numeric_limits<double>::infinity()), ContractError);
  EXPECT_THROW(sketch.add(std::numeric_limits<double>::quiet_NaN()), ContractError);
  EXPECT_EQ(sketch.count(), 0);
  sketch.add(1.0);
  EXPECT_THROW((void)sketch.quantile(-0.01), ContractError);
  EXPECT_THROW((void)sketch.quantile(1.01), ContractError);
  EXPECT_THROW((void)sketch.quantile(std::numeric_limits<double>::quiet_NaN()), ContractError);
}

TEST(ExactQuantiles, Type7MatchesR) {
  // R: quantile(1:10, c(0, .25, .5, .9, 1)) = 1, 3.25, 5.5, 9.1, 10.
  ExactQuantiles exact;
  for (int i = 10; i >= 1; --i) exact.add(i);  // unsorted input
  EXPECT_EQ(exact.count(), 10u);
  EXPECT_DOUBLE_EQ(exact.quantile(0.0), 1.0);
  EXPECT_DOUBLE_EQ(exact.quantile(0.25), 3.25);
  EXPECT_DOUBLE_EQ(exact.quantile(0.5), 5.5);
  EXPECT_DOUBLE_EQ(exact.quantile(0.9), 9.1);
  EXPECT_DOUBLE_EQ(exact.quantile(1.0), 10.0);
  EXPECT_EQ(exact.order_statistic(0), 1.0);
  EXPECT_EQ(exact.order_statistic(9), 10.0);
  EXPECT_THROW((void)exact.order_statistic(10), ContractError);
}

TEST(ExactQuantiles, EdgeCases) {
  ExactQuantiles exact;
  EXPECT_TRUE(std::isnan(exact.quantile(0.5)));
  exact.add(4.0);
  EXPECT_EQ(exact.quantile(0.3), 4.0);
  exact.add(std::numeric_limits<double>::infinity());
  EXPECT_EQ(exact.quantile(0.0), 4.0);  // no inf - inf
  EXPECT_EQ(exact.quantile(1.0), std::numeric_limits<double>::infinity());
  EXPECT_THROW(exact.add(std::numeric_limits<double>::quiet_NaN()), ContractError);
  EXPECT_THROW((void)exact.quantile(2.0), ContractError);
  exact.reset();
  EXPECT_EQ(exact.count(), 0u);
}

TEST(ExactQuantiles, MergeAndAddAfterQuery) {
  ExactQuantiles a;
  ExactQuantiles b;
  for (double x : {5.0, 1.0, 3.0}) a.add(x);
  EXPECT_EQ(a.quantile(0.5), 3.0);
  for (double x : {2.0, 4.0}) b.add(x);
  a.merge(b);
  EXPECT_EQ(a.count(), 5u);
  EXPECT_EQ(a.order_statistic(1), 2.0);
  a.add(0.0);  // after a query: must re-sort
  EXPECT_EQ(a.order_statistic(0), 0.0);
  EXPECT_DOUBLE_EQ(a.quantile(0.5), 2.5);
}

TEST(QuantileSketch, ReserveAllocatesUpFrontAndChangesNoResult) {
  QuantileSketch plain;
  QuantileSketch reserved;
  reserved.reserve(1e-3, 1e7);
  const std::size_t buckets = reserved.allocated_buckets();
  EXPECT_GT(buckets, 3000U);  // ~33 binades of ~100 buckets
  for (int i = 1; i <= 1000; ++i) {
    const double x = 0.01 * i * i;
    plain.add(x);
    reserved.add(x);
  }
  EXPECT_EQ(reserved.allocated_buckets(), buckets);  // nothing grew
  for (double q : {0.0, 0.5, 0.9, 0.99, 1.0}) EXPECT_EQ(plain.quantile(q), reserved.quantile(q)) << q;
  EXPECT_THROW(reserved.reserve(0.0, 1.0), ContractError);
  EXPECT_THROW(reserved.reserve(2.0, 1.0), ContractError);
}

}  // namespace
}  // namespace whsim::stats
