// Special functions for statistics, built only on whsim::dmath and IEEE arithmetic so that
// p-values and confidence intervals are bit-identical on every CPU. Never call libm's
// transcendental functions here.
//
// Methods: the incomplete gamma function by its power series (x < a + 1) or by the Legendre
// continued fraction evaluated with the modified Lentz method; the incomplete beta function by
// the even part of its classical continued fraction, written in lambda = a y - b x (y = 1 - x
// passed separately) so that x near 1 loses no digits, and the symmetry
// I_x(a, b) = 1 - I_{1-x}(b, a) so that the fraction always converges quickly. The prefactors x^a e^-x /
// Gamma(a) and x^a (1-x)^b / B(a, b) are computed in Loader's saddle-point form (the deviance term bd0 plus
// Stirling-series errors), so they keep full relative accuracy for large a and b where exp(a log x -
// lgamma(a)) would lose digits to cancellation. Quantiles start from a classical approximation and are
// polished by Newton steps kept inside a bracket (bisection when a step leaves it).
#include "whsim/stats/special_functions.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "whsim/core/dmath.hpp"

namespace whsim::stats {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kEps = std::numeric_limits<double>::epsilon();
constexpr double kTiny = 1e-300;  // Lentz's guard against division by zero
constexpr double kTwoPi = 2.0 * dmath::kPi;
/// Above this many degrees of freedom Student's t equals the normal distribution to far below
/// rounding (the difference is O(1/df)).
constexpr double kNormalLimitDf = 1e100;

bool is_nan(double x) {
  return x != x;
}

/// Iteration budget for the series and continued fractions: they need O(sqrt(a)) terms near the
/// transition region, so the cap grows with the parameters.
long max_iterations(double a) {
  return static_cast<long>(std::min(1e8, 1000.0 + 50.0 * std::sqrt(a)));
}

/// A probability and its complement, each computed without cancellation where possible.
struct ProbabilityPair {
  double lower;
  double upper;
};

/// Stirling-series error s(a) = lgamma(a) - [(a - 1/2) log a - a + log(2 pi)/2], a > 0.
double stirling_error(double a) {
  if (a < 1e-300) {
    return dmath::lgamma(a) - (a - 0.5) * dmath::log(a) + a - 0.5 * dmath::log(kTwoPi);
  }
  // s(a) - s(a + 1) = (a + 1/2) log1p(1/a) - 1: move up to a >= 10 where the series is exact to
  // rounding; each step costs only a few ulps of absolute error.
  double correction = 0.0;
  while (a < 10.0) {
    correction += (a + 0.5) * dmath::log1p(1.0 / a) - 1.0;
    a += 1.0;
  }
  const double r = 1.0 / a;
  const double r2 = r * r;
  // Coefficients B_2k / (2k (2k - 1)).
  const double series =
      r * (1.0 / 12.0 +
           r2 * (-1.0 / 360.0 +
                 r2 * (1.0 / 1260.0 +
                       r2 * (-1.0 / 1680.0 +
                             r2 * (1.0 / 1188.0 + r2 * (-691.0 / 360360.0 +
                                                        r2 * (1.0 / 156.0 + r2 * (-3617.0 / 122400.0))))))));
  return correction + series;
}

/// Deviance term bd0(x, m) = x log(x / m) + m - x >= 0 for x, m > 0, with the difference x - m
/// supplied by the caller (who can often compute it more accurately than x - m).
double bd0(double x, double m, double x_minus_m) {
  if (std::fabs(x_minus_m) < 0.1 * (x + m)) {
    // x log(x/m) + m - x = (x - m) v + 2 x sum_{j>=1} v^(2j+1) / (2j + 1), v = (x - m)/(x + m).
    const double v = x_minus_m / (x + m);
    const double v2 = v * v;
    double sum = x_minus_m * v;
    double term = 2.0 * x * v;
    for (int j = 1; j < 1000; ++j) {
      term *= v2;
      const double next = sum + term / static_cast<double>(2 * j + 1);
      if (next == sum) break;
      sum = next;
    }
    return sum;
  }
  const double ratio = x / m;
  const double log_ratio = (ratio > 0.0 && ratio < kInf) ? dmath::log(ratio) : dmath::log(x) - dmath::log(m);
  return x * log_ratio - x_minus_m;
}

/// x^a e^-x / Gamma(a) for a > 0, x > 0.
double gamma_prefactor(double a, double x) {
  return std::sqrt(a / kTwoPi) * dmath::exp(-bd0(a, x, a - x) - stirling_error(a));
}

/// P(a, x) and Q(a, x) for valid arguments (a > 0, x >= 0, neither NaN).
ProbabilityPair gamma_pair(double a, double x) {
  if (x == 0.0) return {0.0, 1.0};
  if (x == kInf) return {1.0, 0.0};
  const long limit = max_iterations(a);
  const double prefactor = gamma_prefactor(a, x);
  if (x < a + 1.0) {
    // P(a, x) = x^a e^-x / Gamma(a + 1) * sum_n x^n / ((a + 1)...(a + n)).
    double sum = 1.0;
    double term = 1.0;
    double ap = a;
    for (long n = 0; n < limit; ++n) {
      ap += 1.0;
      term *= x / ap;
      sum += term;
      if (term <= sum * kEps) break;
    }
    const double p = std::min(1.0, prefactor * sum / a);
    return {p, 1.0 - p};
  }
  // Q(a, x) = x^a e^-x / Gamma(a) * 1/(x+1-a- 1(1-a)/(x+3-a- 2(2-a)/(x+5-a- ...))).
  double b = x + 1.0 - a;
  double c = 1.0 / kTiny;
  double d = 1.0 / b;
  double h = d;
  for (long i = 1; i < limit; ++i) {
    const double di = static_cast<double>(i);
    const double an = -di * (di - a);
    b += 2.0;
    d = an * d + b;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = b + an / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1.0 / d;
    const double delta = d * c;
    h *= delta;
    if (std::fabs(delta - 1.0) <= kEps) break;
  }
  const double q = std::min(1.0, prefactor * h);
  return {1.0 - q, q};
}

/// x^a y^b / B(a, b) with y = 1 - x supplied separately, a, b > 0, 0 < x, y < 1.
double beta_prefactor(double x, double y, double a, double b) {
  const double n = a + b;
  // a - n x = a y - b x and b - n y = b x - a y when x + y = 1; computing the difference this
  // way keeps it accurate when n is huge (Student t with many degrees of freedom).
  const double delta = a * y - b * x;
  const double deviance = bd0(a, n * x, delta) + bd0(b, n * y, -delta);
  const double stirling = stirling_error(n) - stirling_error(a) - stirling_error(b);
  return std::sqrt(a * b / (kTwoPi * n)) * dmath::exp(stirling - deviance);
}

/// Continued fraction for I_x(a, b) / (x^a y^b / (a B(a, b))), with y = 1 - x supplied.
///
/// This is the even contraction of the classical fraction 1/(1+ d1/(1+ d2/(1+ ...))) with
/// d_{2m+1} = -(a+m)(a+b+m) x / ((a+2m)(a+2m+1)), d_{2m} = m(b-m) x / ((a+2m-1)(a+2m)). The
/// partial denominators 1 + d_{2m} + d_{2m+1} are rewritten in terms of lambda = a - (a+b) x
/// = a y - b x, which turns a difference of nearly equal numbers (x close to 1, a large: Student t
/// with many degrees of freedom) into a sum of positive terms. Evaluated by the modified Lentz
/// method.
double beta_continued_fraction(double x, double y, double a, double b) {
  const long limit = max_iterations(std::max(a, b));
  const double lambda = a * y - b * x;
  const double apb = a + b;
  const double am1 = a - 1.0;
  double f = (lambda + 1.0) / (a + 1.0);
  if (std::fabs(f) < kTiny) f = kTiny;
  double c = f;
  double d = 0.0;
  for (long m = 1; m < limit; ++m) {
    const double dm = static_cast<double>(m);
    const double a2m = a + 2.0 * dm;
    // -d_{2m-1} d_{2m} and 1 + d_{2m} + d_{2m+1}.
    const double numerator = ((a + dm - 1.0) / (a2m - 2.0)) * ((apb + dm - 1.0) / (a2m - 1.0)) *
                             (dm * (b - dm) / ((a2m - 1.0) * a2m));
    const double partial = numerator * x * x;
    const double two_m_a_m = 2.0 * dm * (a + dm);
    const double denominator = (lambda * (apb * am1 + two_m_a_m) + apb * am1 + two_m_a_m * (a + 2.0 * b)) /
                               (apb * (a2m - 1.0) * (a2m + 1.0));
    d = denominator + partial * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = denominator + partial / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1.0 / d;
    const double delta = c * d;
    f *= delta;
    if (std::fabs(delta - 1.0) <= kEps) break;
  }
  return 1.0 / f;
}

/// I_x(a, b) and 1 - I_x(a, b), where y = 1 - x is supplied by the caller.
ProbabilityPair beta_pair(double x, double y, double a, double b) {
  if (x <= 0.0) return {0.0, 1.0};
  if (y <= 0.0) return {1.0, 0.0};
  if (x > (a + 1.0) / (a + b + 2.0)) {
    const double w = std::min(1.0, beta_prefactor(y, x, b, a) * beta_continued_fraction(y, x, b, a) / b);
    return {1.0 - w, w};
  }
  const double w = std::min(1.0, beta_prefactor(x, y, a, b) * beta_continued_fraction(x, y, a, b) / a);
  return {w, 1.0 - w};
}

/// log(Gamma(a + 1/2) / Gamma(a)), accurate also for large a.
double log_gamma_ratio_half(double a) {
  return a * dmath::log1p(0.5 / a) - 0.5 + 0.5 * dmath::log(a) + stirling_error(a + 0.5) - stirling_error(a);
}

/// P(Z > z) for z >= 0.
double normal_upper_tail(double z) {
  return 0.5 * gamma_pair(0.5, 0.5 * z * z).upper;
}

double normal_pdf(double z) {
  return dmath::exp(-0.5 * z * z) / std::sqrt(kTwoPi);
}

/// Above this |t|, t^2 would overflow: x = df / t^2 is then so small that
/// I_x(df/2, 1/2) = x^(df/2) / ((df/2) B(df/2, 1/2)) * (1 + O(x)) to full precision.
constexpr double kHugeT = 1e150;

/// log(B(a, 1/2)).
double log_beta_half(double a) {
  return dmath::lgamma(0.5) - log_gamma_ratio_half(a);
}

/// P(T > t) for t > kHugeT, evaluated in logarithms.
double student_far_tail(double t, double df) {
  const double a = 0.5 * df;
  const double log_x = dmath::log(df) - 2.0 * dmath::log(t);
  return 0.5 * dmath::exp(a * log_x - dmath::log(a) - log_beta_half(a));
}

/// P(T > t) for t >= 0 and finite df > 0.
double student_upper_tail(double t, double df) {
  if (t > kHugeT) return student_far_tail(t, df);
  const double t2 = t * t;
  const double denominator = df + t2;
  return 0.5 * beta_pair(df / denominator, t2 / denominator, 0.5 * df, 0.5).lower;
}

double student_pdf(double t, double df) {
  const double log1p_t2_over_df =
      std::fabs(t) > kHugeT ? 2.0 * dmath::log(std::fabs(t)) - dmath::log(df) : dmath::log1p(t * t / df);
  const double log_density = log_gamma_ratio_half(0.5 * df) - 0.5 * dmath::log(df * dmath::kPi) -
                             0.5 * (df + 1.0) * log1p_t2_over_df;
  return dmath::exp(log_density);
}

/// Solves tail(t) = q for t in (lo, hi), where tail is decreasing with derivative -density,
/// tail(lo) > q > tail(hi). Newton steps from `start`; a step that leaves the bracket is replaced
/// by bisection (geometric when the bracket spans orders of magnitude).
template <class Tail, class Density>
double solve_tail(double q, double start, double lo, double hi, Tail tail, Density density) {
  double t = std::clamp(start, lo, hi);
  if (!(t > lo && t < hi)) t = 0.5 * (lo + hi);
  for (int iteration = 0; iteration < 400; ++iteration) {
    const double f = tail(t) - q;
    if (f == 0.0) return t;
    if (f > 0.0) {
      lo = t;
    } else {
      hi = t;
    }
    const double step = f / density(t);
    const double newton = t + step;
    if (newton > lo && newton < hi) {
      if (std::fabs(step) <= 1e-14 * std::fabs(t)) return newton;
      t = newton;
    } else {
      if (hi - lo <= 4.0 * kEps * hi) return 0.5 * (lo + hi);
      t = (lo > 0.0 && hi > 4.0 * lo) ? std::sqrt(lo) * std::sqrt(hi) : 0.5 * (lo + hi);
    }
  }
  return t;
}

/// z > 0 with P(Z > z) = q, 0 < q < 1/2.
double normal_upper_quantile(double q) {
  // Abramowitz & Stegun 26.2.23 (absolute error < 4.5e-4) as the starting point.
  const double s = std::sqrt(-2.0 * dmath::log(q));
  const double guess =
      s - (2.515517 + s * (0.802853 + s * 0.010328)) / (1.0 + s * (1.432788 + s * (0.189269 + s * 0.001308)));
  // Chernoff: P(Z > z) <= exp(-z^2/2) / 2, so this is above the root.
  const double hi = 1.01 * std::sqrt(-2.0 * dmath::log(2.0 * q)) + 0.01;
  return solve_tail(q, guess, 0.0, hi, normal_upper_tail, normal_pdf);
}

/// t > 0 with P(T > t) = q for Student t with finite df > 0, 0 < q < 1/2.
double student_upper_quantile(double q, double df) {
  const auto tail = [df](double t) { return student_upper_tail(t, df); };
  const auto density = [df](double t) { return student_pdf(t, df); };
  // Cornish-Fisher expansion around the normal quantile: good unless df is small and q tiny.
  const double z = normal_upper_quantile(q);
  const double z2 = z * z;
  const double g1 = z * (z2 + 1.0) / 4.0;
  const double g2 = z * (3.0 + z2 * (16.0 + z2 * 5.0)) / 96.0;
  const double g3 = z * (-15.0 + z2 * (17.0 + z2 * (19.0 + z2 * 3.0))) / 384.0;
  const double g4 = z * (-945.0 + z2 * (-1920.0 + z2 * (1482.0 + z2 * (776.0 + z2 * 79.0)))) / 92160.0;
  const double cornish_fisher = z + (g1 + (g2 + (g3 + g4 / df) / df) / df) / df;
  // The power-law tail: the density is below K (t^2/df)^(-(df+1)/2), so solving
  // K df^((df-1)/2) t^-df = q gives an upper bound on the root, nearly exact far in the tail.
  const double log_k = log_gamma_ratio_half(0.5 * df) - 0.5 * dmath::log(df * dmath::kPi);
  const double log_bound = (log_k + 0.5 * (df - 1.0) * dmath::log(df) - dmath::log(q)) / df;
  const double hi = std::min(std::numeric_limits<double>::max(), 1.01 * dmath::exp(log_bound) + 1e-3);
  double start = hi;
  if (cornish_fisher > 0.0 && cornish_fisher < hi) {
    // Start from whichever guess is closer on the log-probability scale.
    const double miss_cf = std::fabs(dmath::log(tail(cornish_fisher) / q));
    const double miss_bound = std::fabs(dmath::log(tail(hi) / q));
    start = miss_cf <= miss_bound ? cornish_fisher : hi;
  }
  return solve_tail(q, start, 0.0, hi, tail, density);
}

}  // namespace

double regularized_gamma_p(double a, double x) {
  if (is_nan(a) || is_nan(x) || !(a > 0.0) || x < 0.0 || a == kInf) return kNaN;
  return gamma_pair(a, x).lower;
}

double regularized_gamma_q(double a, double x) {
  if (is_nan(a) || is_nan(x) || !(a > 0.0) || x < 0.0 || a == kInf) return kNaN;
  return gamma_pair(a, x).upper;
}

double regularized_beta(double x, double a, double b) {
  if (is_nan(x) || is_nan(a) || is_nan(b) || !(a > 0.0) || !(b > 0.0) || a == kInf || b == kInf || x < 0.0 ||
      x > 1.0) {
    return kNaN;
  }
  return beta_pair(x, 1.0 - x, a, b).lower;
}

double normal_cdf(double z) {
  if (is_nan(z)) return kNaN;
  const ProbabilityPair pq = gamma_pair(0.5, 0.5 * z * z);
  return z < 0.0 ? 0.5 * pq.upper : 0.5 + 0.5 * pq.lower;
}

double normal_quantile(double p) {
  if (is_nan(p) || p < 0.0 || p > 1.0) return kNaN;
  if (p == 0.0) return -kInf;
  if (p == 1.0) return kInf;
  if (p == 0.5) return 0.0;
  if (p < 0.5) return -normal_upper_quantile(p);
  return normal_upper_quantile(1.0 - p);  // exact subtraction for p >= 1/2
}

double student_t_cdf(double t, double df) {
  if (is_nan(t) || is_nan(df) || !(df > 0.0)) return kNaN;
  if (df > kNormalLimitDf) return normal_cdf(t);
  if (t == 0.0) return 0.5;
  if (std::fabs(t) > kHugeT) {
    const double tail = student_far_tail(std::fabs(t), df);
    return t < 0.0 ? tail : 1.0 - tail;
  }
  // P(|T| > |t|) = I_x(df/2, 1/2) with x = df / (df + t^2); 1 - x is computed directly.
  const double t2 = t * t;
  const double denominator = df + t2;
  const ProbabilityPair pq = beta_pair(df / denominator, t2 / denominator, 0.5 * df, 0.5);
  return t < 0.0 ? 0.5 * pq.lower : 0.5 + 0.5 * pq.upper;
}

double student_t_quantile(double p, double df) {
  if (is_nan(p) || is_nan(df) || !(df > 0.0) || p < 0.0 || p > 1.0) return kNaN;
  if (p == 0.0) return -kInf;
  if (p == 1.0) return kInf;
  if (p == 0.5) return 0.0;
  if (df > kNormalLimitDf) return normal_quantile(p);
  if (p < 0.5) return -student_upper_quantile(p, df);
  return student_upper_quantile(1.0 - p, df);
}

double chi_square_sf(double x, double k) {
  if (is_nan(x) || is_nan(k) || !(k > 0.0) || k == kInf) return kNaN;
  if (x <= 0.0) return 1.0;
  return gamma_pair(0.5 * k, 0.5 * x).upper;
}

}  // namespace whsim::stats
