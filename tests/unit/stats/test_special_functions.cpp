// Tests for the special functions: reference values (computed to 40 digits with mpmath, or
// classical table values), closed forms, symmetries and quantile round trips.
#include <cmath>
#include <limits>

#include <gtest/gtest.h>

#include "whsim/core/dmath.hpp"
#include "whsim/stats/special_functions.hpp"

namespace whsim::stats {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

/// |actual - expected| <= rel * |expected| (with an absolute floor for values near zero).
void expect_rel(double actual, double expected, double rel, double abs_floor = 0.0) {
  EXPECT_NEAR(actual, expected, std::max(rel * std::fabs(expected), abs_floor))
      << "expected " << expected << " got " << actual;
}

TEST(SpecialFunctions, NormalCdfKnownValues) {
  expect_rel(normal_cdf(0.0), 0.5, 0.0);
  expect_rel(normal_cdf(1.0), 0.8413447460685429, 1e-14);
  expect_rel(normal_cdf(-1.0), 1.0 - 0.8413447460685429485852, 1e-14);
  expect_rel(normal_cdf(3.0), 0.9986501019683699, 1e-14);
  expect_rel(normal_cdf(-5.0), 2.866515718791939116737523e-07, 1e-13);
  expect_rel(normal_cdf(-10.0), 7.619853024160526065973343e-24, 1e-13);
  expect_rel(normal_cdf(-37.0), 5.725571222524576822683192e-300, 1e-12);
  EXPECT_EQ(normal_cdf(-kInf), 0.0);
  EXPECT_EQ(normal_cdf(kInf), 1.0);
  EXPECT_TRUE(std::isnan(normal_cdf(std::nan(""))));
}

TEST(SpecialFunctions, NormalCdfIsSymmetric) {
  for (double z = -8.0; z <= 8.0; z += 0.37) {
    EXPECT_NEAR(normal_cdf(z) + normal_cdf(-z), 1.0, 2e-16) << z;
  }
}

TEST(SpecialFunctions, NormalQuantileKnownValues) {
  EXPECT_NEAR(normal_quantile(0.975), 1.959963984540054, 1e-13);
  EXPECT_NEAR(normal_quantile(0.025), -1.959963984540054, 1e-13);
  EXPECT_NEAR(normal_quantile(0.3), -0.5244005127080407840, 1e-14);
  expect_rel(normal_quantile(1e-10), -6.361340902404056205, 1e-13);
  EXPECT_EQ(normal_quantile(0.5), 0.0);
  EXPECT_EQ(normal_quantile(0.0), -kInf);
  EXPECT_EQ(normal_quantile(1.0), kInf);
  EXPECT_TRUE(std::isnan(normal_quantile(-0.1)));
  EXPECT_TRUE(std::isnan(normal_quantile(1.1)));
}

TEST(SpecialFunctions, NormalQuantileRoundTrip) {
  for (double p :
       {1e-300, 1e-100, 1e-20, 1e-8, 1e-3, 0.01, 0.1, 0.25, 0.4999, 0.5001, 0.6, 0.9, 0.99, 0.999999}) {
    const double z = normal_quantile(p);
    expect_rel(normal_cdf(z), p, 1e-12);
  }
}

TEST(SpecialFunctions, IncompleteGammaClosedForms) {
  // P(1, x) = 1 - e^-x; Q(n, x) = e^-x sum_{k<n} x^k / k! for integer n.
  for (double x : {0.01, 0.5, 1.0, 2.0, 7.5, 30.0}) {
    expect_rel(regularized_gamma_p(1.0, x), -dmath::expm1(-x), 1e-14);
    expect_rel(regularized_gamma_q(1.0, x), dmath::exp(-x), 1e-14);
    double sum = 0.0;
    double term = 1.0;
    for (int k = 0; k < 5; ++k) {
      sum += term;
      term *= x / static_cast<double>(k + 1);
    }
    expect_rel(regularized_gamma_q(5.0, x), dmath::exp(-x) * sum, 1e-13);
  }
}

TEST(SpecialFunctions, IncompleteGammaKnownValues) {
  expect_rel(regularized_gamma_p(2.5, 1.7), 0.3614300768962049098809, 1e-14);
  expect_rel(regularized_gamma_q(100.0, 120.0), 0.02786373989052066148418, 1e-13);
  expect_rel(regularized_gamma_p(10000.0, 9900.0), 0.1586511921935646569571, 1e-12);
  expect_rel(regularized_gamma_q(0.1, 5.0), 0.0001439389658467339949194, 1e-13);
  EXPECT_EQ(regularized_gamma_p(3.0, 0.0), 0.0);
  EXPECT_EQ(regularized_gamma_q(3.0, 0.0), 1.0);
  EXPECT_EQ(regularized_gamma_p(3.0, kInf), 1.0);
  EXPECT_TRUE(std::isnan(regularized_gamma_p(0.0, 1.0)));
  EXPECT_TRUE(std::isnan(regularized_gamma_p(-1.0, 1.0)));
  EXPECT_TRUE(std::isnan(regularized_gamma_q(1.0, -1.0)));
}

TEST(SpecialFunctions, IncompleteGammaReferenceTable) {
  struct Row {
    double a, x, p, q;
  };
  // mpmath.gammainc to 20 digits.
  const Row rows[] = {
      {0.01, 0.001, 0.93857065252612898538, 0.061429347473871014617},
      {0.3, 0.2, 0.65750672426972173705, 0.34249327573027826295},
      {0.5, 7.0, 0.99981718936701816497, 0.00018281063298183503176},
      {1.5, 0.5, 0.19874804309879919757, 0.80125195690120080243},
      {4.0, 4.5, 0.65770404416540893109, 0.34229595583459106891},
      {12.5, 30.0, 0.99989544513868473527, 0.00010455486131526472677},
      {50.0, 35.0, 0.0098455024764085415801, 0.99015449752359145842},
      {250.0, 260.0, 0.74061051739235273179, 0.25938948260764726821},
      {1000.0, 1100.0, 0.99894067674607002265, 0.0010593232539299773489},
      {100000.0, 99500.0, 0.056741823212792263085, 0.94325817678720773692},
      {1000000.0, 1003000.0, 0.99863825935378240852, 0.0013617406462175914794},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(::testing::Message() << "a=" << row.a << " x=" << row.x);
    expect_rel(regularized_gamma_p(row.a, row.x), row.p, 1e-12);
    expect_rel(regularized_gamma_q(row.a, row.x), row.q, 1e-12);
  }
}

TEST(SpecialFunctions, IncompleteBetaReferenceTable) {
  struct Row {
    double x, a, b, i, complement;
  };
  // mpmath.betainc to 20 digits.
  const Row rows[] = {
      {0.001, 0.3, 0.7, 0.10807284733274037941, 0.89192715266725962059},
      {0.2, 0.5, 0.5, 0.29516723530086655719, 0.70483276469913344281},
      {0.9, 5.0, 0.5, 0.3166429150200123125, 0.6833570849799876875},
      {0.25, 40.0, 120.0, 0.51215120941751573377, 0.48784879058248426623},
      {0.6, 200.0, 150.0, 0.86019066048015256524, 0.13980933951984743476},
      {0.05, 1.5, 30.0, 0.6239781366788820499, 0.3760218633211179501},
      {0.999, 30.0, 1.5, 0.99611073161481962646, 0.0038892683851803735391},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(::testing::Message() << "x=" << row.x << " a=" << row.a << " b=" << row.b);
    expect_rel(regularized_beta(row.x, row.a, row.b), row.i, 1e-12);
    expect_rel(regularized_beta(1.0 - row.x, row.b, row.a), row.complement, 1e-12);
  }
}

TEST(SpecialFunctions, IncompleteGammaPPlusQIsOne) {
  for (double a : {0.05, 0.5, 1.0, 3.3, 20.0, 1000.0}) {
    for (double x : {0.001, 0.3, 1.0, 2.9, 10.0, 25.0, 999.0, 1200.0}) {
      EXPECT_NEAR(regularized_gamma_p(a, x) + regularized_gamma_q(a, x), 1.0, 1e-15) << a << " " << x;
    }
  }
}

TEST(SpecialFunctions, IncompleteBetaClosedForms) {
  for (double x : {0.0, 0.01, 0.2, 0.5, 0.77, 0.999, 1.0}) {
    EXPECT_NEAR(regularized_beta(x, 1.0, 1.0), x, 1e-15);
    EXPECT_NEAR(regularized_beta(x, 3.5, 1.0), dmath::pow(x, 3.5), 1e-14);
    EXPECT_NEAR(regularized_beta(x, 1.0, 2.5), 1.0 - dmath::pow(1.0 - x, 2.5), 1e-14);
    EXPECT_NEAR(regularized_beta(x, 2.0, 2.0), x * x * (3.0 - 2.0 * x), 1e-15);
  }
}

TEST(SpecialFunctions, IncompleteBetaKnownValuesAndSymmetry) {
  expect_rel(regularized_beta(0.3, 2.5, 4.5), 0.4065390166824592493538, 1e-13);
  expect_rel(regularized_beta(0.999, 500.0, 0.5), 0.3173104473097171546888, 1e-12);
  expect_rel(regularized_beta(0.5, 1000.0, 1000.5), 0.5044605889639127283911, 1e-12);
  expect_rel(regularized_beta(0.01, 0.1, 0.2), 0.4324969742161057932212, 1e-13);
  for (double x : {0.1, 0.4, 0.6, 0.95}) {
    EXPECT_NEAR(regularized_beta(x, 2.7, 0.8) + regularized_beta(1.0 - x, 0.8, 2.7), 1.0, 1e-14);
  }
  EXPECT_TRUE(std::isnan(regularized_beta(1.5, 1.0, 1.0)));
  EXPECT_TRUE(std::isnan(regularized_beta(0.5, 0.0, 1.0)));
}

TEST(SpecialFunctions, StudentTCdfKnownValues) {
  // df = 1 is Cauchy: F(t) = 1/2 + atan(t)/pi; df = 2: F(t) = 1/2 + t / (2 sqrt(2 + t^2)).
  EXPECT_NEAR(student_t_cdf(1.0, 1.0), 0.75, 1e-15);
  EXPECT_NEAR(student_t_cdf(std::sqrt(3.0), 1.0), 5.0 / 6.0, 1e-15);
  for (double t : {-30.0, -2.0, -0.3, 0.0, 0.7, 4.0, 100.0}) {
    EXPECT_NEAR(student_t_cdf(t, 2.0), 0.5 + t / (2.0 * std::sqrt(2.0 + t * t)), 1e-15) << t;
  }
  expect_rel(student_t_cdf(-3.0, 5.0), 0.01504962394873128781949, 1e-13);
  expect_rel(student_t_cdf(2.0, 1e6), 0.9772497330743403957894, 1e-14);
  expect_rel(student_t_cdf(-2.0, 1e14), 0.022750131948180558, 1e-13);
  expect_rel(student_t_cdf(-5.0, 1e10), 2.8665157671103237e-07, 1e-13);
  expect_rel(student_t_cdf(-40.0, 3.0), 0.00001719034039457926408016, 1e-12);
  EXPECT_EQ(student_t_cdf(1.5, kInf), normal_cdf(1.5));
  // Far tail of the Cauchy distribution: F(-t) = atan(1/t)/pi ~ 1/(pi t).
  expect_rel(student_t_cdf(-1e200, 1.0), 1.0 / (dmath::kPi * 1e200), 1e-12);
  EXPECT_EQ(student_t_cdf(1e200, 1.0), 1.0);
  EXPECT_TRUE(std::isnan(student_t_cdf(1.0, 0.0)));
}

TEST(SpecialFunctions, StudentTQuantileKnownValues) {
  EXPECT_NEAR(student_t_quantile(0.975, 10.0), 2.228138851986274, 1e-9);
  EXPECT_NEAR(student_t_quantile(0.975, 1.0), 12.70620473617471, 1e-9);
  EXPECT_NEAR(student_t_quantile(0.995, 30.0), 2.749995653567, 1e-9);
  EXPECT_NEAR(student_t_quantile(0.95, 4.0), 2.131846786326649528505, 1e-13);
  EXPECT_NEAR(student_t_quantile(0.9, 3.0), 1.637744353696210322186, 1e-13);
  expect_rel(student_t_quantile(0.999999, 2.5), 220.1734291757042464899, 1e-12);
  EXPECT_NEAR(student_t_quantile(0.025, 10.0), -2.228138851986274, 1e-9);
  // Many degrees of freedom: close to the normal quantile, exactly the Cornish-Fisher value.
  EXPECT_NEAR(student_t_quantile(0.975, 1e6), 1.959966356814106655, 1e-12);
  EXPECT_NEAR(student_t_quantile(0.975, 1e12), 1.959963984540054, 1e-9);
  EXPECT_EQ(student_t_quantile(0.975, kInf), normal_quantile(0.975));
  EXPECT_EQ(student_t_quantile(0.5, 7.0), 0.0);
  expect_rel(student_t_quantile(1e-300, 1.0), -1.0 / (dmath::kPi * 1e-300), 1e-12);
  EXPECT_TRUE(std::isnan(student_t_quantile(0.5, -1.0)));
  EXPECT_TRUE(std::isnan(student_t_quantile(2.0, 3.0)));
}

TEST(SpecialFunctions, StudentTQuantileClosedFormForTwoDegrees) {
  for (double p : {1e-12, 0.001, 0.1, 0.3, 0.7, 0.95, 0.999999}) {
    const double expected = (2.0 * p - 1.0) / std::sqrt(2.0 * p * (1.0 - p));
    expect_rel(student_t_quantile(p, 2.0), expected, 1e-12);
  }
  // Cauchy: t_p = tan(pi (p - 1/2)); tan(pi (0.999999 - 1/2)) = 318309.886182743...
  expect_rel(student_t_quantile(0.999999, 1.0), 318309.8861827434739866, 1e-9);
}

TEST(SpecialFunctions, StudentTQuantileRoundTrip) {
  for (double df : {0.5, 1.0, 2.0, 3.0, 7.5, 30.0, 1000.0, 1e7, 1e12}) {
    for (double p : {1e-15, 1e-6, 0.01, 0.2, 0.45, 0.55, 0.9, 0.975, 0.9999}) {
      SCOPED_TRACE(::testing::Message() << "df=" << df << " p=" << p);
      const double t = student_t_quantile(p, df);
      expect_rel(student_t_cdf(t, df), p, 1e-11);
    }
  }
}

TEST(SpecialFunctions, ChiSquareSurvival) {
  EXPECT_NEAR(chi_square_sf(3.84145882069412, 1.0), 0.05, 1e-9);
  EXPECT_NEAR(chi_square_sf(3.841458820694125958, 1.0), 0.05, 1e-15);
  EXPECT_NEAR(chi_square_sf(18.307038053275146, 10.0), 0.05, 1e-14);
  expect_rel(chi_square_sf(1000.0, 900.0), 0.01099460894213584807974, 1e-12);
  // Two degrees of freedom: exp(-x/2).
  for (double x : {0.1, 1.0, 5.0, 40.0}) expect_rel(chi_square_sf(x, 2.0), dmath::exp(-0.5 * x), 1e-14);
  EXPECT_EQ(chi_square_sf(0.0, 3.0), 1.0);
  EXPECT_EQ(chi_square_sf(-1.0, 3.0), 1.0);
  EXPECT_EQ(chi_square_sf(kInf, 3.0), 0.0);
  EXPECT_TRUE(std::isnan(chi_square_sf(1.0, 0.0)));
}

TEST(SpecialFunctions, ResultsAreMonotoneInTheTail) {
  double previous = 1.0;
  for (double x = 0.0; x < 200.0; x += 0.5) {
    const double sf = chi_square_sf(x, 17.0);
    EXPECT_LE(sf, previous) << x;
    previous = sf;
  }
}

}  // namespace
}  // namespace whsim::stats
