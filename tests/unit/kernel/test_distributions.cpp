// Tests of the random variate distributions (include/whsim/kernel/distributions.hpp).
//
// For each distribution, at fixed seeds (so every run is identical):
//  - sample mean and variance against the theory, within 5 standard errors (the variance's
//    standard error from the fourth central moment: sqrt((mu4 - sigma^4) / n));
//  - a chi-square goodness-of-fit test: continuous laws through the probability integral transform
//    (64 equiprobable bins with edges from the CDF, which comes from whsim::stats), discrete laws
//    on bins of exact probability mass, pooled so that every bin expects at least 5 (in practice
//    thousands of) samples; the p-value must exceed 1e-4;
//  - edge and invalid parameters; golden values (the first five variates of a fixed stream);
//  - draws stay aligned after rejection samplers, and entity-keyed draws are reproducible.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "whsim/core/dmath.hpp"
#include "whsim/core/error.hpp"
#include "whsim/kernel/distributions.hpp"
#include "whsim/kernel/random.hpp"
#include "whsim/stats/special_functions.hpp"

namespace whsim {
namespace {

constexpr std::size_t kLargeN = 1'000'000;
constexpr std::size_t kSmallN = 200'000;
constexpr double kMinPValue = 1e-4;
constexpr double kSigmas = 5.0;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

// --- Sampling and moments ---------------------------------------------------------------------

template <typename Dist>
std::vector<double> draw_samples(const Dist& dist, std::string_view name, std::size_t n) {
  RandomStreams streams(42);
  RandomStream stream = streams.stream(name);
  std::vector<double> out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) out.push_back(static_cast<double>(dist.sample(stream)));
  return out;
}

struct SampleMoments {
  double mean = 0.0;
  double variance = 0.0;  ///< divided by n - 1
  double m4 = 0.0;        ///< fourth central moment
};

SampleMoments sample_moments(const std::vector<double>& x) {
  const auto n = static_cast<double>(x.size());
  double sum = 0.0;
  for (const double v : x) sum += v;
  SampleMoments m;
  m.mean = sum / n;
  double s2 = 0.0;
  double s4 = 0.0;
  for (const double v : x) {
    const double d = v - m.mean;
    s2 += d * d;
    s4 += d * d * d * d;
  }
  m.variance = s2 / (n - 1.0);
  m.m4 = s4 / n;
  return m;
}

/// Checks the sample mean and variance against theory within kSigmas standard errors. The
/// variance's standard error uses the theoretical fourth central moment when given (heavy tails),
/// otherwise the sample's.
void expect_moments(const std::vector<double>& x, double mean, double variance, double mu4 = kNaN) {
  const SampleMoments m = sample_moments(x);
  const auto n = static_cast<double>(x.size());
  const double se_mean = std::sqrt(variance / n);
  EXPECT_NEAR(m.mean, mean, kSigmas * se_mean) << "sample mean off by " << (m.mean - mean) / se_mean << " SE";
  // Var(S^2) = (mu4 - sigma^4 (n - 3) / (n - 1)) / n exactly (which stays positive for a fair
  // coin, where the asymptotic mu4 - sigma^4 is 0).
  const double fourth = std::isnan(mu4) ? m.m4 : mu4;
  const double se_var = std::sqrt(std::max(fourth - variance * variance * (n - 3.0) / (n - 1.0), 0.0) / n);
  EXPECT_NEAR(m.variance, variance, kSigmas * se_var + 1e-12 * variance)
      << "sample variance off by " << (m.variance - variance) / se_var << " SE";
}

// --- Chi-square goodness of fit ----------------------------------------------------------------

double chi_square_p(const std::vector<double>& observed, const std::vector<double>& expected) {
  double stat = 0.0;
  for (std::size_t i = 0; i < observed.size(); ++i) {
    const double d = observed[i] - expected[i];
    stat += d * d / expected[i];
  }
  return stats::chi_square_sf(stat, static_cast<double>(observed.size() - 1));
}

/// Continuous law: 64 equiprobable bins with edges F^{-1}(j / 64). Counting the samples with
/// F(x) < j / 64 by bisection over the sorted sample needs only ~20 CDF evaluations per edge
/// (some CDFs cost microseconds), and gives exactly the counts of the probability integral
/// transform F(X) in 64 equal bins.
double continuous_gof_p(std::vector<double> x, const std::function<double(double)>& cdf) {
  constexpr int kBins = 64;
  std::sort(x.begin(), x.end());
  std::vector<double> observed;
  std::size_t below_prev = 0;
  for (int j = 1; j <= kBins; ++j) {
    std::size_t below = x.size();
    if (j < kBins) {
      const double level = static_cast<double>(j) / kBins;
      below = static_cast<std::size_t>(
          std::partition_point(x.begin(), x.end(), [&](double v) { return cdf(v) < level; }) - x.begin());
    }
    observed.push_back(static_cast<double>(below - below_prev));
    below_prev = below;
  }
  EXPECT_GE(cdf(x.front()), 0.0);
  EXPECT_LE(cdf(x.back()), 1.0);
  const std::vector<double> expected(kBins, static_cast<double>(x.size()) / kBins);
  return chi_square_p(observed, expected);
}

/// Bins of a discrete law: bin i holds the integers in (upper[i-1], upper[i]]; the first bin
/// also holds everything below, the last everything above.
struct DiscreteBins {
  std::vector<std::int64_t> upper;
  std::vector<double> prob;
};

double discrete_gof_p(const std::vector<double>& x, const DiscreteBins& bins) {
  std::vector<double> observed(bins.prob.size(), 0.0);
  for (const double v : x) {
    const auto k = static_cast<std::int64_t>(v);
    auto it = std::lower_bound(bins.upper.begin(), bins.upper.end(), k);
    if (it == bins.upper.end()) --it;
    observed[static_cast<std::size_t>(it - bins.upper.begin())] += 1.0;
  }
  std::vector<double> expected;
  for (const double p : bins.prob) {
    expected.push_back(p * static_cast<double>(x.size()));
    EXPECT_GE(expected.back(), 5.0) << "bin with too small an expected count";
  }
  return chi_square_p(observed, expected);
}

/// Bins of at least 1/64 mass each (the last one: at least 50 expected samples), from an exact
/// pmf given by its mode and the ratio ratio(k) = P(k + 1) / P(k) on the support [lo, hi]. The
/// pmf is walked out from the mode until it falls below 1e-18 of the mode's mass (the rest is far
/// below what any test could see) and normalised; no log-factorials are involved, so it is
/// accurate even for huge n.
template <typename Ratio>
DiscreteBins bins_from_ratio(std::int64_t lo, std::int64_t hi, std::int64_t mode, std::size_t samples,
                             const Ratio& ratio) {
  constexpr double kCut = 1e-18;
  constexpr double kBinMass = 1.0 / 64.0;
  const double min_mass = 50.0 / static_cast<double>(samples);
  double total = 1.0;
  double w = 1.0;
  std::int64_t k_hi = mode;
  while (k_hi < hi && w > kCut) {
    w *= ratio(k_hi);
    ++k_hi;
    total += w;
  }
  w = 1.0;
  std::int64_t k_lo = mode;
  while (k_lo > lo && w > kCut) {
    w /= ratio(k_lo - 1);
    --k_lo;
    total += w;
  }
  DiscreteBins bins;
  double acc = 0.0;
  for (std::int64_t k = k_lo; k <= k_hi; ++k) {
    acc += w / total;
    if (acc >= kBinMass) {
      bins.prob.push_back(acc);
      bins.upper.push_back(k);
      acc = 0.0;
    } else if (k == k_hi) {
      if (acc < min_mass && !bins.prob.empty()) {
        bins.prob.back() += acc;
        bins.upper.back() = k;
      } else {
        bins.prob.push_back(acc);
        bins.upper.push_back(k);
      }
    }
    if (k < k_hi) w *= ratio(k);
  }
  return bins;
}

/// Bins from a discrete CDF F on [lo, hi] (F(hi) = 1): edges at the smallest k with
/// F(k) >= j / target, found by bisection; bins lighter than 1/(4 target) join the next one.
template <typename Cdf>
DiscreteBins bins_from_cdf(std::int64_t lo, std::int64_t hi, const Cdf& cdf, int target = 64) {
  std::vector<std::int64_t> edges;
  for (int j = 1; j < target; ++j) {
    const double level = static_cast<double>(j) / target;
    std::int64_t a = lo;
    std::int64_t b = hi;
    while (a < b) {
      const std::int64_t mid = a + (b - a) / 2;
      if (cdf(mid) >= level) {
        b = mid;
      } else {
        a = mid + 1;
      }
    }
    if (edges.empty() || edges.back() != a) edges.push_back(a);
  }
  if (edges.empty() || edges.back() != hi) edges.push_back(hi);
  DiscreteBins bins;
  double prev_cdf = 0.0;
  double acc = 0.0;
  for (const std::int64_t e : edges) {
    const double c = e == hi ? 1.0 : cdf(e);
    acc += c - prev_cdf;
    prev_cdf = c;
    if (acc >= 0.25 / target || e == hi) {
      bins.upper.push_back(e);
      bins.prob.push_back(acc);
      acc = 0.0;
    }
  }
  return bins;
}

// --- Golden values ------------------------------------------------------------------------------

/// The first five variates of the stream `name` (master seed 42) must equal `want` exactly.
template <typename Dist>
void expect_golden(const Dist& dist, std::string_view name, const std::vector<double>& want) {
  const std::vector<double> got = draw_samples(dist, name, want.size());
  for (std::size_t i = 0; i < want.size(); ++i) EXPECT_EQ(got[i], want[i]) << name << " variate " << i;
}

// ================================================================================================
// Uniform

TEST(UniformDistribution, MomentsAndFit) {
  const Uniform dist(-2.0, 5.0);
  EXPECT_DOUBLE_EQ(dist.mean(), 1.5);
  EXPECT_DOUBLE_EQ(dist.variance(), 49.0 / 12.0);
  const auto x = draw_samples(dist, "test/uniform", kLargeN);
  expect_moments(x, dist.mean(), dist.variance());
  for (const double v : x) ASSERT_TRUE(v >= -2.0 && v < 5.0);
  EXPECT_GT(continuous_gof_p(x, [](double v) { return (v + 2.0) / 7.0; }), kMinPValue);
}

TEST(UniformDistribution, InvalidParametersThrow) {
  EXPECT_THROW(static_cast<void>(Uniform(1.0, 1.0)), ContractError);
  EXPECT_THROW(static_cast<void>(Uniform(2.0, 1.0)), ContractError);
  EXPECT_THROW(static_cast<void>(Uniform(kNaN, 1.0)), ContractError);
  EXPECT_THROW(static_cast<void>(Uniform(0.0, kInf)), ContractError);
  EXPECT_THROW(static_cast<void>(Uniform(-1e308, 1e308)), ContractError);  // width overflows
}

// ================================================================================================
// Exponential

TEST(ExponentialDistribution, MomentsAndFit) {
  const Exponential dist(2.5);
  EXPECT_DOUBLE_EQ(dist.mean(), 0.4);
  EXPECT_DOUBLE_EQ(dist.variance(), 0.16);
  const auto x = draw_samples(dist, "test/exponential", kLargeN);
  expect_moments(x, dist.mean(), dist.variance());
  for (const double v : x) ASSERT_GE(v, 0.0);
  EXPECT_GT(continuous_gof_p(x, [](double v) { return -dmath::expm1(-2.5 * v); }), kMinPValue);
}

TEST(ExponentialDistribution, ExtremeRates) {
  const auto tiny = draw_samples(Exponential(1e-300), "test/exponential/tiny", 1000);
  const auto huge = draw_samples(Exponential(1e300), "test/exponential/huge", 1000);
  for (std::size_t i = 0; i < tiny.size(); ++i) {
    EXPECT_TRUE(std::isfinite(tiny[i]) && tiny[i] >= 0.0);
    EXPECT_TRUE(std::isfinite(huge[i]) && huge[i] >= 0.0);
  }
}

TEST(ExponentialDistribution, InvalidParametersThrow) {
  EXPECT_THROW(static_cast<void>(Exponential(0.0)), ContractError);
  EXPECT_THROW(static_cast<void>(Exponential(-1.0)), ContractError);
  EXPECT_THROW(static_cast<void>(Exponential(kNaN)), ContractError);
  EXPECT_THROW(static_cast<void>(Exponential(kInf)), ContractError);
}

// ================================================================================================
// Normal and LogNormal

TEST(NormalDistribution, MomentsAndFit) {
  const Normal dist(3.0, 2.0);
  EXPECT_EQ(dist.mean(), 3.0);
  EXPECT_EQ(dist.variance(), 4.0);
  const auto x = draw_samples(dist, "test/normal", kLargeN);
  // Normal fourth central moment 3 sigma^4.
  expect_moments(x, 3.0, 4.0, 3.0 * 16.0);
  EXPECT_GT(continuous_gof_p(x, [](double v) { return stats::normal_cdf((v - 3.0) / 2.0); }), kMinPValue);
  // The far tails are reached as often as they should be: P(|Z| > 4) = 6.334e-5, so about 63
  // of 1e6 variates (standard deviation 8) lie beyond 4 sigma.
  const auto beyond = std::count_if(x.begin(), x.end(), [](double v) { return std::fabs(v - 3.0) > 8.0; });
  EXPECT_NEAR(static_cast<double>(beyond), 63.34, kSigmas * 8.0);
}

TEST(NormalDistribution, InvalidParametersThrow) {
  EXPECT_THROW(static_cast<void>(Normal(0.0, 0.0)), ContractError);
  EXPECT_THROW(static_cast<void>(Normal(0.0, -1.0)), ContractError);
  EXPECT_THROW(static_cast<void>(Normal(kNaN, 1.0)), ContractError);
  EXPECT_THROW(static_cast<void>(Normal(kInf, 1.0)), ContractError);
  EXPECT_THROW(static_cast<void>(Normal(0.0, kInf)), ContractError);
}

TEST(LogNormalDistribution, MomentsAndFit) {
  const LogNormal dist(0.5, 0.75);
  EXPECT_NEAR(dist.mean(), std::exp(0.5 + 0.5 * 0.5625), 1e-14);
  EXPECT_NEAR(dist.variance(), (std::exp(0.5625) - 1.0) * std::exp(1.0 + 0.5625), 1e-13);
  const auto x = draw_samples(dist, "test/lognormal", kLargeN);
  expect_moments(x, dist.mean(), dist.variance());
  EXPECT_GT(continuous_gof_p(x, [](double v) { return stats::normal_cdf((dmath::log(v) - 0.5) / 0.75); }),
            kMinPValue);
}

TEST(LogNormalDistribution, FromMeanStddev) {
  const LogNormal dist = LogNormal::from_mean_stddev(10.0, 4.0);
  EXPECT_NEAR(dist.mean(), 10.0, 1e-12);
  EXPECT_NEAR(dist.variance(), 16.0, 1e-11);
  EXPECT_NEAR(dist.sigma(), std::sqrt(std::log1p(0.16)), 1e-15);
  const auto x = draw_samples(dist, "test/lognormal/mean_sd", kSmallN);
  expect_moments(x, 10.0, 16.0);
  EXPECT_THROW(static_cast<void>(LogNormal::from_mean_stddev(0.0, 1.0)), ContractError);
  EXPECT_THROW(static_cast<void>(LogNormal::from_mean_stddev(1.0, 0.0)), ContractError);
  EXPECT_THROW(static_cast<void>(LogNormal::from_mean_stddev(-1.0, 1.0)), ContractError);
  EXPECT_THROW(static_cast<void>(LogNormal(0.0, 0.0)), ContractError);
  EXPECT_THROW(static_cast<void>(LogNormal(kNaN, 1.0)), ContractError);
}

// ================================================================================================
// Gamma, Erlang, Beta

struct GammaCase {
  double shape;
  double scale;
  std::size_t n;
};
std::ostream& operator<<(std::ostream& os, const GammaCase& c) {
  return os << "Gamma(" << c.shape << ", " << c.scale << ") x" << c.n;
}

class GammaDistributionTest : public ::testing::TestWithParam<GammaCase> {};

TEST_P(GammaDistributionTest, MomentsAndFit) {
  const GammaCase c = GetParam();
  // P(a, x) costs O(sqrt(a)) (~20 ms at a = 1e12); beyond 1e8 the fit uses the Wilson–Hilferty
  // transform instead: (X / (k theta))^(1/3) ~ Normal(1 - 1/(9k), 1/(9k)), whose CDF error is
  // O(1/k), far below what 2e5 samples can resolve at k = 1e12.
  const auto cdf = [&](double v) {
    if (c.shape <= 1e8) return stats::regularized_gamma_p(c.shape, v / c.scale);
    const double s2 = 1.0 / (9.0 * c.shape);
    return stats::normal_cdf((std::cbrt(v / (c.shape * c.scale)) - (1.0 - s2)) / std::sqrt(s2));
  };
  const Gamma dist(c.shape, c.scale);
  EXPECT_EQ(dist.mean(), c.shape * c.scale);
  const auto x = draw_samples(dist, "test/gamma/" + std::to_string(c.shape), c.n);
  for (const double v : x) ASSERT_TRUE(v >= 0.0 && std::isfinite(v));
  // Gamma fourth central moment: 3 k (k + 2) theta^4.
  const double t2 = c.scale * c.scale;
  expect_moments(x, c.shape * c.scale, c.shape * t2, 3.0 * c.shape * (c.shape + 2.0) * t2 * t2);
  EXPECT_GT(continuous_gof_p(x, cdf), kMinPValue);
}

INSTANTIATE_TEST_SUITE_P(Shapes, GammaDistributionTest,
                         ::testing::Values(GammaCase{2.5, 2.0, kLargeN}, GammaCase{0.05, 1.0, kSmallN},
                                           GammaCase{0.5, 3.0, kSmallN}, GammaCase{1.0, 0.5, kSmallN},
                                           GammaCase{30.0, 1.0, kSmallN}, GammaCase{1e6, 1e-3, kSmallN},
                                           GammaCase{1e12, 1.0, kSmallN}));

TEST(GammaDistribution, TinyShapeUnderflowsAsOftenAsItShould) {
  // Shape 1e-3: P(X < 2^-1022) = P(1e-3, 2^-1022) ~ 0.49, so about half the variates are
  // subnormal or 0; the mean (1e-3) is carried by the rest.
  const Gamma dist(1e-3, 1.0);
  const auto x = draw_samples(dist, "test/gamma/tiny", kSmallN);
  constexpr double kMinNormal = 2.2250738585072014e-308;
  const auto tiny =
      static_cast<double>(std::count_if(x.begin(), x.end(), [](double v) { return v < kMinNormal; }));
  const double p0 = stats::regularized_gamma_p(1e-3, kMinNormal);
  EXPECT_NEAR(tiny / static_cast<double>(x.size()), p0,
              kSigmas * std::sqrt(0.25 / static_cast<double>(x.size())));
  expect_moments(x, 1e-3, 1e-3, 3.0 * 1e-3 * 2.001);
  const auto y = draw_samples(Gamma(1e-300, 1.0), "test/gamma/tinier", 1000);
  for (const double v : y) EXPECT_EQ(v, 0.0);
}

TEST(GammaDistribution, InvalidParametersThrow) {
  EXPECT_THROW(static_cast<void>(Gamma(0.0, 1.0)), ContractError);
  EXPECT_THROW(static_cast<void>(Gamma(-1.0, 1.0)), ContractError);
  EXPECT_THROW(static_cast<void>(Gamma(1.0, 0.0)), ContractError);
  EXPECT_THROW(static_cast<void>(Gamma(kNaN, 1.0)), ContractError);
  EXPECT_THROW(static_cast<void>(Gamma(kInf, 1.0)), ContractError);
  EXPECT_THROW(static_cast<void>(Gamma(1.0, kInf)), ContractError);
}

TEST(ErlangDistribution, MomentsAndFit) {
  const Erlang dist(3, 0.5);
  EXPECT_EQ(dist.mean(), 6.0);
  EXPECT_EQ(dist.variance(), 12.0);
  EXPECT_EQ(dist.k(), 3);
  const auto x = draw_samples(dist, "test/erlang", kLargeN);
  expect_moments(x, 6.0, 12.0, 3.0 * 3.0 * 5.0 * 16.0);
  EXPECT_GT(continuous_gof_p(x, [](double v) { return stats::regularized_gamma_p(3.0, 0.5 * v); }),
            kMinPValue);
}

TEST(ErlangDistribution, EqualsGammaAndRejectsInvalid) {
  const auto e = draw_samples(Erlang(4, 2.0), "test/erlang/same", 100);
  const auto g = draw_samples(Gamma(4.0, 0.5), "test/erlang/same", 100);
  EXPECT_EQ(e, g);
  EXPECT_THROW(static_cast<void>(Erlang(0, 1.0)), ContractError);
  EXPECT_THROW(static_cast<void>(Erlang(-2, 1.0)), ContractError);
  EXPECT_THROW(static_cast<void>(Erlang(2, 0.0)), ContractError);
  EXPECT_THROW(static_cast<void>(Erlang(2, kNaN)), ContractError);
}

struct BetaCase {
  double a;
  double b;
};
std::ostream& operator<<(std::ostream& os, const BetaCase& c) {
  return os << "Beta(" << c.a << ", " << c.b << ")";
}

class BetaDistributionTest : public ::testing::TestWithParam<BetaCase> {};

TEST_P(BetaDistributionTest, MomentsAndFit) {
  const BetaCase c = GetParam();
  const Beta dist(c.a, c.b);
  const double s = c.a + c.b;
  EXPECT_DOUBLE_EQ(dist.mean(), c.a / s);
  EXPECT_DOUBLE_EQ(dist.variance(), c.a * c.b / (s * s * (s + 1.0)));
  const auto x = draw_samples(dist, "test/beta/" + std::to_string(c.a) + "/" + std::to_string(c.b), kLargeN);
  for (const double v : x) ASSERT_TRUE(v >= 0.0 && v <= 1.0);
  expect_moments(x, dist.mean(), dist.variance());
  EXPECT_GT(continuous_gof_p(x, [&](double v) { return stats::regularized_beta(v, c.a, c.b); }), kMinPValue);
}

INSTANTIATE_TEST_SUITE_P(Shapes, BetaDistributionTest,
                         ::testing::Values(BetaCase{2.0, 5.0}, BetaCase{0.5, 0.5}, BetaCase{0.2, 3.0},
                                           BetaCase{1.0, 1.0}, BetaCase{50.0, 80.0}, BetaCase{4.0, 0.3}));

TEST(BetaDistribution, TinyShapesAreNearlyBernoulli) {
  // a = b = 1e-3: X / (X + Y) of two mostly-underflowing gammas, computed in log space: never
  // NaN, and within 1e-10 of 0 or 1 as often as 2 I_{1e-10}(a, a) ~ 0.977 says.
  const Beta dist(1e-3, 1e-3);
  const auto x = draw_samples(dist, "test/beta/tiny", kSmallN);
  std::size_t extreme = 0;
  for (const double v : x) {
    ASSERT_TRUE(v >= 0.0 && v <= 1.0);
    if (v < 1e-10 || v > 1.0 - 1e-10) ++extreme;
  }
  const auto n = static_cast<double>(x.size());
  const double p_extreme = 2.0 * stats::regularized_beta(1e-10, 1e-3, 1e-3);
  EXPECT_NEAR(static_cast<double>(extreme) / n, p_extreme,
              kSigmas * std::sqrt(p_extreme * (1.0 - p_extreme) / n));
  expect_moments(x, 0.5, dist.variance());
}

TEST(BetaDistribution, InvalidParametersThrow) {
  EXPECT_THROW(static_cast<void>(Beta(0.0, 1.0)), ContractError);
  EXPECT_THROW(static_cast<void>(Beta(1.0, -1.0)), ContractError);
  EXPECT_THROW(static_cast<void>(Beta(kNaN, 1.0)), ContractError);
  EXPECT_THROW(static_cast<void>(Beta(1.0, kInf)), ContractError);
}

// ================================================================================================
// Triangular

struct TriangularCase {
  double lo;
  double mode;
  double hi;
};
std::ostream& operator<<(std::ostream& os, const TriangularCase& c) {
  return os << "Triangular(" << c.lo << ", " << c.mode << ", " << c.hi << ")";
}

class TriangularDistributionTest : public ::testing::TestWithParam<TriangularCase> {};

TEST_P(TriangularDistributionTest, MomentsAndFit) {
  const auto [a, c, b] = GetParam();
  const Triangular dist(a, c, b);
  EXPECT_DOUBLE_EQ(dist.mean(), (a + b + c) / 3.0);
  const auto x = draw_samples(dist, "test/triangular/" + std::to_string(c), kLargeN);
  for (const double v : x) ASSERT_TRUE(v >= a && v <= b);
  expect_moments(x, dist.mean(), (a * a + b * b + c * c - a * b - a * c - b * c) / 18.0);
  const auto cdf = [&](double v) {
    if (v <= c) return c == a ? 0.0 : (v - a) * (v - a) / ((b - a) * (c - a));
    return 1.0 - (b - v) * (b - v) / ((b - a) * (b - c));
  };
  EXPECT_GT(continuous_gof_p(x, cdf), kMinPValue);
}

INSTANTIATE_TEST_SUITE_P(Modes, TriangularDistributionTest,
                         ::testing::Values(TriangularCase{1.0, 2.0, 6.0}, TriangularCase{0.0, 0.0, 1.0},
                                           TriangularCase{0.0, 1.0, 1.0}, TriangularCase{-3.0, 0.5, 4.0}));

TEST(TriangularDistribution, InvalidParametersThrow) {
  EXPECT_THROW(static_cast<void>(Triangular(1.0, 1.0, 1.0)), ContractError);
  EXPECT_THROW(static_cast<void>(Triangular(0.0, 2.0, 1.0)), ContractError);
  EXPECT_THROW(static_cast<void>(Triangular(0.0, -1.0, 1.0)), ContractError);
  EXPECT_THROW(static_cast<void>(Triangular(kNaN, 0.0, 1.0)), ContractError);
  EXPECT_THROW(static_cast<void>(Triangular(0.0, 0.0, kInf)), ContractError);
}

// ================================================================================================
// Bernoulli

TEST(BernoulliDistribution, MomentsAndFit) {
  const Bernoulli dist(0.3);
  const auto x = draw_samples(dist, "test/bernoulli", kLargeN);
  expect_moments(x, 0.3, 0.21);
  const auto ones = static_cast<double>(std::count(x.begin(), x.end(), 1.0));
  const auto n = static_cast<double>(x.size());
  EXPECT_GT(chi_square_p({n - ones, ones}, {0.7 * n, 0.3 * n}), kMinPValue);
}

TEST(BernoulliDistribution, EdgeAndInvalidParameters) {
  const auto never = draw_samples(Bernoulli(0.0), "test/bernoulli/0", 10000);
  const auto always = draw_samples(Bernoulli(1.0), "test/bernoulli/1", 10000);
  EXPECT_EQ(std::count(never.begin(), never.end(), 1.0), 0);
  EXPECT_EQ(std::count(always.begin(), always.end(), 1.0), 10000);
  EXPECT_THROW(static_cast<void>(Bernoulli(-0.1)), ContractError);
  EXPECT_THROW(static_cast<void>(Bernoulli(1.1)), ContractError);
  EXPECT_THROW(static_cast<void>(Bernoulli(kNaN)), ContractError);
}

// ================================================================================================
// Binomial

struct BinomialCase {
  std::int64_t n;
  double p;
  std::size_t samples;
};
std::ostream& operator<<(std::ostream& os, const BinomialCase& c) {
  return os << "Binomial(" << c.n << ", " << c.p << ") x" << c.samples;
}

class BinomialDistributionTest : public ::testing::TestWithParam<BinomialCase> {};

TEST_P(BinomialDistributionTest, MomentsAndFit) {
  const BinomialCase c = GetParam();
  const Binomial dist(c.n, c.p);
  const auto nd = static_cast<double>(c.n);
  const double q = 1.0 - c.p;
  EXPECT_EQ(dist.mean(), nd * c.p);
  const auto x =
      draw_samples(dist, "test/binomial/" + std::to_string(c.n) + "/" + std::to_string(c.p), c.samples);
  for (const double v : x) ASSERT_TRUE(v >= 0.0 && v <= nd);
  // Binomial fourth central moment: n p q (1 + 3 (n - 2) p q).
  const double npq = nd * c.p * q;
  expect_moments(x, nd * c.p, npq, npq * (1.0 + 3.0 * (nd - 2.0) * c.p * q));
  const double odds = c.p / q;
  const auto mode = static_cast<std::int64_t>(std::floor((nd + 1.0) * c.p));
  const DiscreteBins bins = bins_from_ratio(0, c.n, std::min(mode, c.n), c.samples, [&](std::int64_t k) {
    return static_cast<double>(c.n - k) / static_cast<double>(k + 1) * odds;
  });
  EXPECT_GT(discrete_gof_p(x, bins), kMinPValue);
}

INSTANTIATE_TEST_SUITE_P(
    Parameters, BinomialDistributionTest,
    ::testing::Values(BinomialCase{20, 0.3, kLargeN},                     // inversion
                      BinomialCase{25, 0.9, kSmallN},                     // inversion, by symmetry
                      BinomialCase{100, 0.0999, kSmallN},                 // n p just below 10: inversion
                      BinomialCase{100, 0.1, kSmallN},                    // n p = 10: BTRS
                      BinomialCase{1000, 0.3, kLargeN},                   // BTRS
                      BinomialCase{100, 0.9, kSmallN},                    // BTRS, by symmetry
                      BinomialCase{1, 0.5, kSmallN},                      // a coin
                      BinomialCase{1'000'000'000'000, 1e-9, kSmallN},     // huge n, n p = 1000
                      BinomialCase{std::int64_t{1} << 40, 0.4, kSmallN},  // huge n and n p
                      BinomialCase{1'000'000'000'000, 1e-15, kSmallN}));  // huge n, n p = 0.001

TEST(BinomialDistribution, EdgeParameters) {
  for (const double v : draw_samples(Binomial(0, 0.5), "test/binomial/n0", 1000)) EXPECT_EQ(v, 0.0);
  for (const double v : draw_samples(Binomial(17, 0.0), "test/binomial/p0", 1000)) EXPECT_EQ(v, 0.0);
  for (const double v : draw_samples(Binomial(17, 1.0), "test/binomial/p1", 1000)) EXPECT_EQ(v, 17.0);
  // n = 2^53, p = 1/2: mean 2^52, sd 2^25.5.
  const Binomial biggest(std::int64_t{1} << 53, 0.5);
  const auto x = draw_samples(biggest, "test/binomial/2^53", 20000);
  expect_moments(x, biggest.mean(), biggest.variance(), 3.0 * biggest.variance() * biggest.variance());
}

TEST(BinomialDistribution, InvalidParametersThrow) {
  EXPECT_THROW(static_cast<void>(Binomial(-1, 0.5)), ContractError);
  EXPECT_THROW(static_cast<void>(Binomial((std::int64_t{1} << 53) + 1, 0.5)), ContractError);
  EXPECT_THROW(static_cast<void>(Binomial(10, -0.1)), ContractError);
  EXPECT_THROW(static_cast<void>(Binomial(10, 1.5)), ContractError);
  EXPECT_THROW(static_cast<void>(Binomial(10, kNaN)), ContractError);
}

// ================================================================================================
// Poisson

struct PoissonCase {
  double mean;
  std::size_t samples;
};
std::ostream& operator<<(std::ostream& os, const PoissonCase& c) {
  return os << "Poisson(" << c.mean << ") x" << c.samples;
}

class PoissonDistributionTest : public ::testing::TestWithParam<PoissonCase> {};

TEST_P(PoissonDistributionTest, MomentsAndFit) {
  const PoissonCase c = GetParam();
  const Poisson dist(c.mean);
  EXPECT_EQ(dist.mean(), c.mean);
  EXPECT_EQ(dist.variance(), c.mean);
  const auto x = draw_samples(dist, "test/poisson/" + std::to_string(c.mean), c.samples);
  for (const double v : x) ASSERT_GE(v, 0.0);
  // Poisson fourth central moment: lambda (1 + 3 lambda).
  expect_moments(x, c.mean, c.mean, c.mean * (1.0 + 3.0 * c.mean));
  const auto mode = static_cast<std::int64_t>(std::floor(c.mean));
  const DiscreteBins bins =
      bins_from_ratio(0, std::numeric_limits<std::int64_t>::max(), mode, c.samples,
                      [&](std::int64_t k) { return c.mean / static_cast<double>(k + 1); });
  EXPECT_GT(discrete_gof_p(x, bins), kMinPValue);
}

INSTANTIATE_TEST_SUITE_P(Means, PoissonDistributionTest,
                         ::testing::Values(PoissonCase{0.5, kLargeN}, PoissonCase{3.5, kSmallN},
                                           PoissonCase{9.99, kSmallN},  // last inversion mean
                                           PoissonCase{10.0, kLargeN},  // first PTRS mean
                                           PoissonCase{47.3, kSmallN}, PoissonCase{1e6, kSmallN},
                                           PoissonCase{1e10, kSmallN}));

TEST(PoissonDistribution, EdgeParameters) {
  for (const double v : draw_samples(Poisson(0.0), "test/poisson/0", 1000)) EXPECT_EQ(v, 0.0);
  const Poisson tiny(1e-12);
  const auto t = draw_samples(tiny, "test/poisson/tiny", 10000);
  EXPECT_EQ(std::count(t.begin(), t.end(), 0.0), 10000);
  const Poisson huge(1e18);
  const auto x = draw_samples(huge, "test/poisson/1e18", 20000);
  expect_moments(x, 1e18, 1e18, 3e36);
}

TEST(PoissonDistribution, InvalidParametersThrow) {
  EXPECT_THROW(static_cast<void>(Poisson(-1.0)), ContractError);
  EXPECT_THROW(static_cast<void>(Poisson(kNaN)), ContractError);
  EXPECT_THROW(static_cast<void>(Poisson(kInf)), ContractError);
  EXPECT_THROW(static_cast<void>(Poisson(2e18)), ContractError);
}

// ================================================================================================
// Geometric and negative binomial

class GeometricDistributionTest : public ::testing::TestWithParam<double> {};

TEST_P(GeometricDistributionTest, MomentsAndFit) {
  const double p = GetParam();
  const double q = 1.0 - p;
  const Geometric dist(p);
  const auto x = draw_samples(dist, "test/geometric/" + std::to_string(p), kLargeN);
  // Geometric fourth central moment: q (p^2 + 9 q) / p^4.
  expect_moments(x, q / p, q / (p * p), q * (p * p + 9.0 * q) / (p * p * p * p));
  const DiscreteBins bins = bins_from_ratio(0, std::numeric_limits<std::int64_t>::max(), 0, kSmallN,
                                            [&](std::int64_t) { return q; });
  EXPECT_GT(discrete_gof_p(x, bins), kMinPValue);
}

INSTANTIATE_TEST_SUITE_P(Probabilities, GeometricDistributionTest, ::testing::Values(0.2, 0.9, 0.5, 1e-3));

TEST(GeometricDistribution, EdgeAndInvalidParameters) {
  for (const double v : draw_samples(Geometric(1.0), "test/geometric/1", 1000)) EXPECT_EQ(v, 0.0);
  const Geometric rare(1e-12);
  const auto x = draw_samples(rare, "test/geometric/rare", 20000);
  expect_moments(x, rare.mean(), rare.variance());
  for (const double v : draw_samples(Geometric(1e-300), "test/geometric/saturate", 100)) {
    EXPECT_EQ(v, static_cast<double>(std::numeric_limits<std::int64_t>::max()));
  }
  EXPECT_THROW(static_cast<void>(Geometric(0.0)), ContractError);
  EXPECT_THROW(static_cast<void>(Geometric(1.5)), ContractError);
  EXPECT_THROW(static_cast<void>(Geometric(kNaN)), ContractError);
}

struct NegBinCase {
  double r;
  double p;
};
std::ostream& operator<<(std::ostream& os, const NegBinCase& c) {
  return os << "NegativeBinomial(" << c.r << ", " << c.p << ")";
}

class NegativeBinomialDistributionTest : public ::testing::TestWithParam<NegBinCase> {};

TEST_P(NegativeBinomialDistributionTest, MomentsAndFit) {
  const auto [r, p] = GetParam();
  const double q = 1.0 - p;
  const NegativeBinomial dist(r, p);
  EXPECT_DOUBLE_EQ(dist.mean(), r * q / p);
  const auto x = draw_samples(dist, "test/negbin/" + std::to_string(r) + "/" + std::to_string(p), kLargeN);
  // Fourth central moment (excess kurtosis 6/r + p^2/(r q)): r q (p^2 + 6 q + 3 r q) / p^4.
  const double mu4 = r * q * (p * p + 6.0 * q + 3.0 * r * q) / (p * p * p * p);
  expect_moments(x, r * q / p, r * q / (p * p), mu4);
  const auto mode = r > 1.0 ? static_cast<std::int64_t>(std::floor((r - 1.0) * q / p)) : 0;
  const DiscreteBins bins =
      bins_from_ratio(0, std::numeric_limits<std::int64_t>::max(), mode, kSmallN, [&](std::int64_t k) {
        const auto kd = static_cast<double>(k);
        return (kd + r) / (kd + 1.0) * q;
      });
  EXPECT_GT(discrete_gof_p(x, bins), kMinPValue);
}

INSTANTIATE_TEST_SUITE_P(Parameters, NegativeBinomialDistributionTest,
                         ::testing::Values(NegBinCase{3.0, 0.4}, NegBinCase{0.5, 0.1}, NegBinCase{2.5, 0.7},
                                           NegBinCase{40.0, 0.05}, NegBinCase{1.0, 0.3}));

TEST(NegativeBinomialDistribution, EdgeAndInvalidParameters) {
  for (const double v : draw_samples(NegativeBinomial(3.0, 1.0), "test/negbin/p1", 1000)) EXPECT_EQ(v, 0.0);
  EXPECT_THROW(static_cast<void>(NegativeBinomial(0.0, 0.5)), ContractError);
  EXPECT_THROW(static_cast<void>(NegativeBinomial(1.0, 0.0)), ContractError);
  EXPECT_THROW(static_cast<void>(NegativeBinomial(1.0, 1.5)), ContractError);
  EXPECT_THROW(static_cast<void>(NegativeBinomial(kInf, 0.5)), ContractError);
  EXPECT_THROW(static_cast<void>(NegativeBinomial(1.0, kNaN)), ContractError);
}

// ================================================================================================
// Discrete (alias method)

TEST(DiscreteDistribution, MomentsAndFit) {
  const std::vector<double> w = {1.0, 0.0, 3.0, 6.0, 0.5};
  const Discrete dist(w);
  EXPECT_EQ(dist.size(), 5);
  double mean = 0.0;
  double second = 0.0;
  for (std::size_t i = 0; i < w.size(); ++i) {
    const double p = w[i] / 10.5;
    EXPECT_DOUBLE_EQ(dist.probability(static_cast<std::int64_t>(i)), p);
    mean += static_cast<double>(i) * p;
    second += static_cast<double>(i * i) * p;
  }
  EXPECT_NEAR(dist.mean(), mean, 1e-14);
  EXPECT_NEAR(dist.variance(), second - mean * mean, 1e-14);
  const auto x = draw_samples(dist, "test/discrete", kLargeN);
  expect_moments(x, mean, second - mean * mean);
  EXPECT_EQ(std::count(x.begin(), x.end(), 1.0), 0) << "zero-weight outcome drawn";
  DiscreteBins bins;
  for (const std::int64_t i : {0, 2, 3, 4}) {
    bins.upper.push_back(i);
    bins.prob.push_back(w[static_cast<std::size_t>(i)] / 10.5);
  }
  EXPECT_GT(discrete_gof_p(x, bins), kMinPValue);
}

TEST(DiscreteDistribution, ManyUnequalWeights) {
  // 1000 outcomes with weights 1..1000 and every seventh weight zero.
  std::vector<double> w(1000);
  double total = 0.0;
  for (std::size_t i = 0; i < w.size(); ++i) {
    w[i] = i % 7 == 3 ? 0.0 : static_cast<double>(i + 1);
    total += w[i];
  }
  const Discrete dist(w);
  const auto x = draw_samples(dist, "test/discrete/many", kSmallN);
  std::vector<double> pmf(w.size());
  for (std::size_t i = 0; i < w.size(); ++i) pmf[i] = w[i] / total;
  for (const double v : x) ASSERT_GT(pmf[static_cast<std::size_t>(v)], 0.0) << "zero-weight outcome drawn";
  // Pool consecutive outcomes into bins of >= 1/64 mass.
  const DiscreteBins bins = bins_from_cdf(0, 999, [&](std::int64_t k) {
    double c = 0.0;
    for (std::int64_t i = 0; i <= k; ++i) c += pmf[static_cast<std::size_t>(i)];
    return c;
  });
  EXPECT_GT(discrete_gof_p(x, bins), kMinPValue);
}

TEST(DiscreteDistribution, EdgeAndInvalidParameters) {
  for (const double v : draw_samples(Discrete{5.0}, "test/discrete/one", 1000)) EXPECT_EQ(v, 0.0);
  for (const double v : draw_samples(Discrete{0.0, 0.0, 2.0}, "test/discrete/only2", 1000)) EXPECT_EQ(v, 2.0);
  EXPECT_THROW(static_cast<void>(Discrete(std::vector<double>{})), ContractError);
  EXPECT_THROW(static_cast<void>(Discrete({1.0, -1.0})), ContractError);
  EXPECT_THROW(static_cast<void>(Discrete({0.0, 0.0})), ContractError);
  EXPECT_THROW(static_cast<void>(Discrete({1.0, kNaN})), ContractError);
  EXPECT_THROW(static_cast<void>(Discrete({1.0, kInf})), ContractError);
  EXPECT_THROW(static_cast<void>(Discrete({1e308, 1e308})), ContractError);  // sum overflows
  EXPECT_THROW(static_cast<void>(Discrete({1.0}).probability(1)), ContractError);
}

// ================================================================================================
// Zipf

TEST(ZipfDistribution, GeneralizedHarmonicMatchesDirectSum) {
  for (const double s : {0.5, 1.0, 2.0, -1.0, 3.7, 1e-9}) {
    for (const std::int64_t n : {std::int64_t{0}, std::int64_t{1}, std::int64_t{256}, std::int64_t{257},
                                 std::int64_t{1000}, std::int64_t{100'000}}) {
      double direct = 0.0;
      for (std::int64_t k = n; k >= 1; --k) direct += dmath::pow(static_cast<double>(k), -s);
      EXPECT_NEAR(generalized_harmonic(n, s), direct, 1e-13 * std::max(direct, 1.0))
          << "n=" << n << " s=" << s;
    }
  }
  // H(n, 1) = log n + Euler's gamma + 1/(2n) - 1/(12 n^2) + ...
  EXPECT_NEAR(generalized_harmonic(10'000'000, 1.0), 16.695311365859851, 1e-13);
}

struct ZipfCase {
  std::int64_t n;
  double s;
};
std::ostream& operator<<(std::ostream& os, const ZipfCase& c) {
  return os << "Zipf(" << c.n << ", " << c.s << ")";
}

class ZipfDistributionTest : public ::testing::TestWithParam<ZipfCase> {};

TEST_P(ZipfDistributionTest, MomentsAndFit) {
  const auto [n, s] = GetParam();
  const Zipf dist(n, s);
  const double norm = generalized_harmonic(n, s);
  const auto raw = [&](double j) { return generalized_harmonic(n, s - j) / norm; };
  const double m1 = raw(1.0);
  const double m2 = raw(2.0);
  EXPECT_NEAR(dist.mean(), m1, 1e-12 * m1);
  EXPECT_NEAR(dist.variance(), m2 - m1 * m1, 1e-9 * (m2 - m1 * m1));
  const double mu4 = raw(4.0) - 4.0 * m1 * raw(3.0) + 6.0 * m1 * m1 * m2 - 3.0 * m1 * m1 * m1 * m1;
  const auto x = draw_samples(dist, "test/zipf/" + std::to_string(n) + "/" + std::to_string(s), kLargeN);
  for (const double v : x) ASSERT_TRUE(v >= 1.0 && v <= static_cast<double>(n));
  expect_moments(x, m1, m2 - m1 * m1, mu4);
  const DiscreteBins bins =
      bins_from_cdf(1, n, [&](std::int64_t k) { return generalized_harmonic(k, s) / norm; });
  EXPECT_GT(discrete_gof_p(x, bins), kMinPValue);
}

INSTANTIATE_TEST_SUITE_P(Parameters, ZipfDistributionTest,
                         ::testing::Values(ZipfCase{10, 1.0}, ZipfCase{1000, 1.2}, ZipfCase{10'000'000, 0.5},
                                           ZipfCase{10'000'000, 1.0}, ZipfCase{10'000'000, 2.0},
                                           ZipfCase{50, 4.5}, ZipfCase{2, 0.1}, ZipfCase{1000, 1e-6}));

TEST(ZipfDistribution, ExactSmallPmf) {
  // n = 5, s = 1: P(k) = (1/k) / (137/60).
  const Zipf dist(5, 1.0);
  const auto x = draw_samples(dist, "test/zipf/5", kSmallN);
  DiscreteBins bins;
  for (std::int64_t k = 1; k <= 5; ++k) {
    bins.upper.push_back(k);
    bins.prob.push_back(60.0 / 137.0 / static_cast<double>(k));
  }
  EXPECT_GT(discrete_gof_p(x, bins), kMinPValue);
}

TEST(ZipfDistribution, EdgeAndInvalidParameters) {
  for (const double s : {0.5, 1.0, 2.0}) {
    for (const double v : draw_samples(Zipf(1, s), "test/zipf/n1/" + std::to_string(s), 1000))
      EXPECT_EQ(v, 1.0);
  }
  // A steep law: P(1) = 1 / zeta(50) = 1 - 9e-16.
  for (const double v : draw_samples(Zipf(10'000'000, 50.0), "test/zipf/steep", 1000)) EXPECT_EQ(v, 1.0);
  const Zipf widest(std::int64_t{1} << 53, 1.1);
  for (const double v : draw_samples(widest, "test/zipf/2^53", 1000)) {
    ASSERT_TRUE(v >= 1.0 && v <= 9007199254740992.0);
  }
  EXPECT_GT(widest.mean(), 1.0);
  EXPECT_THROW(static_cast<void>(Zipf(0, 1.0)), ContractError);
  EXPECT_THROW(static_cast<void>(Zipf((std::int64_t{1} << 53) + 1, 1.0)), ContractError);
  EXPECT_THROW(static_cast<void>(Zipf(10, 0.0)), ContractError);
  EXPECT_THROW(static_cast<void>(Zipf(10, -1.0)), ContractError);
  EXPECT_THROW(static_cast<void>(Zipf(10, kNaN)), ContractError);
  EXPECT_THROW(static_cast<void>(Zipf(10, kInf)), ContractError);
  EXPECT_THROW(static_cast<void>(generalized_harmonic(-1, 1.0)), ContractError);
}

// ================================================================================================
// Golden values, draw alignment, keyed draws

TEST(DistributionGolden, FirstFiveVariatesOfFixedStreams) {
  // Printed once with %.17g and pasted: any change to a sampler, to Philox or to the stream
  // derivation shows up here. Stream names are "golden/<name>", master seed 42.
  expect_golden(
      Uniform(-2.0, 5.0), "golden/uniform",
      {0.12735027782176855, 2.1929662130579288, -1.1940710636663492, 4.8970162874623933, 2.3344946497520338});
  expect_golden(Exponential(2.5), "golden/exponential",
                {0.039507499370946206, 0.023799530613879773, 0.085985427554944219, 0.12758700672143947,
                 0.46068601810755638});
  expect_golden(
      Normal(3.0, 2.0), "golden/normal",
      {2.8574361046378018, 1.5152685958497363, 0.22572826695385029, 0.14970940121546494, 2.4422752208735496});
  expect_golden(
      LogNormal(0.5, 0.75), "golden/lognormal",
      {3.1626027932189582, 1.2022597677502547, 0.16052650153372508, 3.2043511799550259, 2.4595793271884947});
  expect_golden(
      Gamma(2.5, 2.0), "golden/gamma",
      {4.3408493510474822, 5.77336490353321, 3.1356459310569651, 4.4783688105655539, 3.1662685395542689});
  expect_golden(Gamma(0.3, 1.5), "golden/gamma_small",
                {0.78769146837604742, 1.1331306896779891, 0.49491917765728066, 4.6788768096231941,
                 0.18832696161712248});
  expect_golden(
      Erlang(3, 0.5), "golden/erlang",
      {6.0625878579677641, 2.3979298932619826, 3.8051724911836216, 6.9700794585436094, 5.3532615109164094});
  expect_golden(Beta(2.0, 5.0), "golden/beta",
                {0.73768859537431597, 0.20033805255019516, 0.48217564834039822, 0.19409204468665311,
                 0.16672899670724486});
  expect_golden(Beta(0.5, 0.4), "golden/beta_small",
                {0.067198832541512668, 0.56589563326616266, 0.47160676722763784, 0.28187688593090804,
                 0.98325604716692527});
  expect_golden(
      Triangular(1.0, 2.0, 6.0), "golden/triangular",
      {4.6761197853586944, 3.9797180007867863, 3.2275302887367703, 2.8984138108193469, 4.2490088444315948});
  expect_golden(Bernoulli(0.3), "golden/bernoulli", {1, 0, 0, 0, 0});
  expect_golden(Binomial(20, 0.3), "golden/binomial_inv", {3, 7, 6, 7, 1});
  expect_golden(Binomial(1000, 0.3), "golden/binomial_btrs", {293, 297, 292, 305, 314});
  expect_golden(Binomial(100, 0.9), "golden/binomial_flip", {88, 92, 88, 90, 90});
  expect_golden(Poisson(3.5), "golden/poisson_inv", {3, 2, 6, 3, 3});
  expect_golden(Poisson(47.3), "golden/poisson_ptrs", {56, 34, 32, 47, 43});
  expect_golden(Geometric(0.2), "golden/geometric", {1, 2, 12, 20, 4});
  expect_golden(NegativeBinomial(3.0, 0.4), "golden/negbin", {4, 3, 5, 6, 1});
  expect_golden(Discrete{1.0, 0.0, 3.0, 6.0, 0.5}, "golden/discrete", {3, 3, 3, 3, 2});
  expect_golden(Zipf(10'000'000, 1.0), "golden/zipf", {14683, 212, 2, 339, 8458});
  expect_golden(Zipf(10'000'000, 0.5), "golden/zipf_half", {4799259, 2489630, 6753962, 3060312, 4978666});
}

/// The uniform of the (k+1)-th sequential draw after k variates of `dist` from a fresh stream.
template <typename Dist>
double uniform_after(const Dist& dist, std::size_t k) {
  RandomStreams streams(7);
  RandomStream s = streams.stream("test/alignment");
  for (std::size_t i = 0; i < k; ++i) static_cast<void>(dist.sample(s));
  EXPECT_EQ(s.draws_made(), k);
  return s.next_draw().uniform();
}

TEST(DistributionDraws, RejectionSamplersDoNotShiftLaterDraws) {
  // Rejection samplers consume a variable number of uniforms per variate; the 1001st draw must
  // be the same as after 1000 single-uniform variates.
  constexpr std::size_t kK = 1000;
  const double reference = uniform_after(Exponential(1.0), kK);
  EXPECT_EQ(uniform_after(Gamma(2.5, 1.0), kK), reference);
  EXPECT_EQ(uniform_after(Gamma(0.2, 1.0), kK), reference);
  EXPECT_EQ(uniform_after(Normal(0.0, 1.0), kK), reference);
  EXPECT_EQ(uniform_after(Beta(0.5, 3.0), kK), reference);
  EXPECT_EQ(uniform_after(Poisson(47.3), kK), reference);
  EXPECT_EQ(uniform_after(Poisson(3.5), kK), reference);
  EXPECT_EQ(uniform_after(Binomial(1000, 0.3), kK), reference);
  EXPECT_EQ(uniform_after(NegativeBinomial(3.0, 0.4), kK), reference);
  EXPECT_EQ(uniform_after(Zipf(1000, 1.0), kK), reference);
  EXPECT_EQ(uniform_after(Discrete{1.0, 2.0, 3.0}, kK), reference);
  EXPECT_EQ(uniform_after(Uniform(0.0, 1.0), kK), reference);
}

TEST(DistributionDraws, SampleIsCallOnNextDraw) {
  const Gamma dist(2.5, 1.0);
  RandomStreams a(3);
  RandomStreams b(3);
  RandomStream sa = a.stream("test/sample");
  RandomStream sb = b.stream("test/sample");
  for (int i = 0; i < 100; ++i) {
    Draw d = sb.next_draw();
    EXPECT_EQ(dist.sample(sa), dist(d));
  }
}

TEST(DistributionDraws, EntityKeyedDrawsAreIndependentOfOtherDraws) {
  const LogNormal pick_time = LogNormal::from_mean_stddev(12.0, 5.0);
  const Poisson lines(47.3);
  RandomStreams first(11);
  RandomStream s1 = first.stream("orders/pick");
  Draw d1 = s1.draw_for(4711);
  const double x1 = pick_time(d1);
  Draw e1 = s1.draw_for(4711, 1);
  const std::int64_t k1 = lines(e1);

  // Another scenario: many other draws first, keyed draws in the other order.
  RandomStreams second(11);
  RandomStream s2 = second.stream("orders/pick");
  for (int i = 0; i < 500; ++i) static_cast<void>(Gamma(0.7, 1.0).sample(s2));
  Draw e2 = s2.draw_for(4711, 1);
  const std::int64_t k2 = lines(e2);
  Draw other = s2.draw_for(4712);
  const double y = pick_time(other);
  Draw d2 = s2.draw_for(4711);
  const double x2 = pick_time(d2);
  EXPECT_EQ(x1, x2);
  EXPECT_EQ(k1, k2);
  EXPECT_NE(x1, y);
}

}  // namespace
}  // namespace whsim
