// Deterministic math: accuracy against glibc (allowed in tests only), special values, and pinned
// bit patterns so that any change to the algorithms (which would change fingerprints) is caught.
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>

#include <gtest/gtest.h>

#include "whsim/core/dmath.hpp"

namespace whsim {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

/// Distance in units in the last place between two finite doubles of the same sign.
std::int64_t ulps(double a, double b) {
  const auto ia = std::bit_cast<std::int64_t>(a);
  const auto ib = std::bit_cast<std::int64_t>(b);
  return ia > ib ? ia - ib : ib - ia;
}

/// Deterministic test inputs spread over many magnitudes (a simple LCG).
struct Inputs {
  std::uint64_t state = 88172645463325252ULL;
  double next01() {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(state >> 11) * 0x1.0p-53;
  }
};

TEST(DmathTest, LogIsWithinOneUlpOfLibm) {
  Inputs in;
  std::int64_t worst = 0;
  for (int i = 0; i < 200000; ++i) {
    const double x = std::ldexp(0.5 + in.next01(), static_cast<int>(in.next01() * 200.0) - 100);
    worst = std::max(worst, ulps(dmath::log(x), std::log(x)));
  }
  for (int i = 0; i < 100000; ++i) {  // near 1, where cancellation bites
    const double x = 1.0 + (in.next01() - 0.5) * 0.01;
    worst = std::max(worst, ulps(dmath::log(x), std::log(x)));
  }
  EXPECT_LE(worst, 1);
}

TEST(DmathTest, ExpIsWithinOneUlpOfLibm) {
  Inputs in;
  std::int64_t worst = 0;
  for (int i = 0; i < 200000; ++i) {
    const double x = (in.next01() - 0.5) * 1400.0;
    worst = std::max(worst, ulps(dmath::exp(x), std::exp(x)));
  }
  for (int i = 0; i < 100000; ++i) {
    const double x = (in.next01() - 0.5) * 2.0;
    worst = std::max(worst, ulps(dmath::exp(x), std::exp(x)));
  }
  EXPECT_LE(worst, 1);
}

TEST(DmathTest, Log1pExpm1PowLgammaAreAccurate) {
  Inputs in;
  for (int i = 0; i < 100000; ++i) {
    const double small = std::ldexp(in.next01() - 0.5, -static_cast<int>(in.next01() * 40.0));
    ASSERT_LE(ulps(dmath::log1p(small), std::log1p(small)), 4) << small;
    ASSERT_LE(ulps(dmath::expm1(small), std::expm1(small)), 4) << small;
    const double x = in.next01() * 100.0;
    const double y = (in.next01() - 0.5) * 20.0;
    const double p = std::pow(x, y);
    if (p > 1e-300 && p < 1e300) {
      ASSERT_NEAR(dmath::pow(x, y) / p, 1.0, 1e-13) << x << "^" << y;
    }
    const double g = 0.01 + in.next01() * 200.0;
    ASSERT_NEAR(dmath::lgamma(g), std::lgamma(g), 1e-13 * std::max(1.0, std::fabs(std::lgamma(g)))) << g;
  }
}

TEST(DmathTest, SpecialValues) {
  EXPECT_EQ(dmath::log(1.0), 0.0);
  EXPECT_EQ(dmath::log(0.0), -kInf);
  EXPECT_EQ(dmath::log(kInf), kInf);
  EXPECT_TRUE(std::isnan(dmath::log(-1.0)));
  EXPECT_TRUE(std::isnan(dmath::log(std::nan(""))));
  EXPECT_NEAR(dmath::log(4.9406564584124654e-324), -744.44007192138126, 1e-12);  // smallest subnormal
  EXPECT_EQ(dmath::exp(0.0), 1.0);
  EXPECT_EQ(dmath::exp(1000.0), kInf);
  EXPECT_EQ(dmath::exp(-1000.0), 0.0);
  EXPECT_GT(dmath::exp(-740.0), 0.0);  // subnormal result
  EXPECT_EQ(dmath::exp(-kInf), 0.0);
  EXPECT_EQ(dmath::pow(2.0, 10.0), 1024.0);
  EXPECT_EQ(dmath::pow(-2.0, 3.0), -8.0);
  EXPECT_EQ(dmath::pow(3.0, 0.0), 1.0);
  EXPECT_EQ(dmath::pow(0.0, 2.5), 0.0);
  EXPECT_EQ(dmath::pow(0.0, -1.5), kInf);
  EXPECT_TRUE(std::isnan(dmath::pow(-2.0, 0.5)));
  EXPECT_NEAR(dmath::pow(-2.0, 101.0) / -std::pow(2.0, 101.0), 1.0, 101 * 0.7 * 0x1.0p-52);
  EXPECT_NEAR(dmath::lgamma(1.0), 0.0, 1e-15);
  EXPECT_NEAR(dmath::lgamma(0.5), 0.57236494292470008, 1e-14);
  EXPECT_TRUE(std::isnan(dmath::lgamma(0.0)));
  EXPECT_EQ(dmath::log_factorial(0), 0.0);
  EXPECT_NEAR(dmath::log_factorial(20), std::log(2432902008176640000.0), 1e-13);
  EXPECT_NEAR(dmath::log_factorial(1000), 5912.1281784881633, 1e-9);
  EXPECT_EQ(dmath::log1p(-1.0), -kInf);
  EXPECT_EQ(dmath::expm1(-100.0), -1.0);
  EXPECT_EQ(dmath::sqrt(2.0), std::sqrt(2.0));
}

TEST(DmathTest, PinnedBitPatterns) {
  // These bits are part of every fingerprint. They must be the same on every CPU and at every
  // optimisation level; a change here is a deliberate, documented break of reproducibility.
  EXPECT_EQ(std::bit_cast<std::uint64_t>(dmath::log(0.1)), 0xc0026bb1bbb55515ULL);
  EXPECT_EQ(std::bit_cast<std::uint64_t>(dmath::log(123456.789)), 0x40277281cad8a844ULL);
  EXPECT_EQ(std::bit_cast<std::uint64_t>(dmath::exp(-2.5)), 0x3fb50385c094f425ULL);
  EXPECT_EQ(std::bit_cast<std::uint64_t>(dmath::pow(1.7, 2.3)), 0x400b1c0c46dcb4eaULL);
  EXPECT_EQ(std::bit_cast<std::uint64_t>(dmath::lgamma(7.3)), 0x401c97712336d062ULL);
}

}  // namespace
}  // namespace whsim
