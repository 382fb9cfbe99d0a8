// Tests for Histogram: bin assignment at the edges, underflow/overflow, edges, merge.
#include <cstdint>
#include <limits>

#include <gtest/gtest.h>

#include "whsim/core/error.hpp"
#include "whsim/stats/histogram.hpp"

namespace whsim::stats {
namespace {

TEST(Histogram, CountsValuesIntoHalfOpenBins) {
  Histogram h(0.0, 10.0, 5);
  for (double x : {0.0, 1.999, 2.0, 5.5, 9.999, 10.0, 12.0, -0.1}) h.add(x);
  EXPECT_EQ(h.bins(), 5u);
  EXPECT_EQ(h.count(0), 2u);  // 0, 1.999
  EXPECT_EQ(h.count(1), 1u);  // 2
  EXPECT_EQ(h.count(2), 1u);  // 5.5
  EXPECT_EQ(h.count(3), 0u);
  EXPECT_EQ(h.count(4), 1u);     // 9.999
  EXPECT_EQ(h.overflow(), 2u);   // 10 (hi is excluded), 12
  EXPECT_EQ(h.underflow(), 1u);  // -0.1
  EXPECT_EQ(h.total(), 8u);
}

TEST(Histogram, AddWithMultiplicity) {
  Histogram h(0.0, 1.0, 2);
  h.add(0.25, 7);
  h.add(2.0, 3);
  EXPECT_EQ(h.count(0), 7u);
  EXPECT_EQ(h.overflow(), 3u);
  EXPECT_EQ(h.total(), 10u);
}

TEST(Histogram, BinEdges) {
  const Histogram h(-1.0, 2.0, 3);
  EXPECT_EQ(h.lo(), -1.0);
  EXPECT_EQ(h.hi(), 2.0);
  EXPECT_EQ(h.bin_lower(0), -1.0);
  EXPECT_EQ(h.bin_upper(0), 0.0);
  EXPECT_EQ(h.bin_lower(1), 0.0);
  EXPECT_EQ(h.bin_upper(1), 1.0);
  EXPECT_EQ(h.bin_upper(2), 2.0);
  EXPECT_EQ(h.bin_lower(3), 2.0);
  EXPECT_THROW((void)h.bin_upper(3), ContractError);
  EXPECT_THROW((void)h.bin_lower(4), ContractError);
  EXPECT_THROW((void)h.count(3), ContractError);
}

TEST(Histogram, EveryLowerEdgeLandsInItsOwnBin) {
  // Awkward ranges where (x - lo) * bins / (hi - lo) rounds across an edge.
  const struct {
    double lo, hi;
    std::size_t bins;
  } layouts[] = {{0.1, 0.7, 6}, {-1.0, 1.0, 7}, {0.0, 0.3, 3}, {1e-3, 1e3, 97}, {-5.5, 17.25, 1000}};
  for (const auto& layout : layouts) {
    Histogram h(layout.lo, layout.hi, layout.bins);
    for (std::size_t i = 0; i < layout.bins; ++i) {
      h.reset();
      h.add(h.bin_lower(i));
      EXPECT_EQ(h.count(i), 1u) << "bin " << i << " of [" << layout.lo << ", " << layout.hi << ")";
    }
    h.reset();
    h.add(layout.hi);
    EXPECT_EQ(h.overflow(), 1u);
  }
}

TEST(Histogram, MergeAddsCounts) {
  Histogram a(0.0, 4.0, 4);
  Histogram b(0.0, 4.0, 4);
  a.add(0.5);
  a.add(-1.0);
  b.add(0.5);
  b.add(3.5);
  b.add(7.0);
  a.merge(b);
  EXPECT_EQ(a.count(0), 2u);
  EXPECT_EQ(a.count(3), 1u);
  EXPECT_EQ(a.underflow(), 1u);
  EXPECT_EQ(a.overflow(), 1u);
  EXPECT_EQ(a.total(), 5u);
}

TEST(Histogram, RejectsBadLayoutsAndNaN) {
  EXPECT_THROW(Histogram(1.0, 1.0, 3), ContractError);
  EXPECT_THROW(Histogram(2.0, 1.0, 3), ContractError);
  EXPECT_THROW(Histogram(0.0, 1.0, 0), ContractError);
  EXPECT_THROW(Histogram(0.0, std::numeric_limits<double>::infinity(), 3), ContractError);
  Histogram h(0.0, 1.0, 2);
  EXPECT_THROW(h.add(std::numeric_limits<double>::quiet_NaN()), ContractError);
  EXPECT_EQ(h.total(), 0u);
  Histogram other(0.0, 1.0, 3);
  EXPECT_THROW(h.merge(other), ContractError);
  Histogram shifted(0.0, 2.0, 2);
  EXPECT_THROW(h.merge(shifted), ContractError);
}

}  // namespace
}  // namespace whsim::stats
