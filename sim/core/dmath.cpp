// Deterministic exp/log/pow and friends (see the header for why). Algorithms: argument
// reduction by powers of two with a minimax polynomial (the classic Cody-Waite / Tang scheme);
// log1p and expm1 by Kahan's compensation; lgamma by the Lanczos approximation (g = 7).
#include "whsim/core/dmath.hpp"

#include <bit>
#include <cstdint>
#include <limits>

namespace whsim::dmath {
namespace {

constexpr double kLn2Hi = 6.93147180369123816490e-01;
constexpr double kLn2Lo = 1.90821492927058770002e-10;
constexpr double kInvLn2 = 1.44269504088896338700e+00;
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// 2^k for k in the normal exponent range [-1022, 1023].
double pow2(int k) {
  return std::bit_cast<double>(static_cast<std::uint64_t>(k + 1023) << 52);
}

bool is_nan(double x) {
  return x != x;
}

}  // namespace

double sqrt(double x) {
  return __builtin_sqrt(x);
}

double log(double x) {
  if (is_nan(x) || x < 0.0) return kNaN;
  if (x == 0.0) return -kInf;
  if (x == kInf) return kInf;
  int k = 0;
  if (x < 2.2250738585072014e-308) {  // subnormal: scale into the normal range
    x *= 18014398509481984.0;         // 2^54
    k -= 54;
  }
  std::uint64_t bits = std::bit_cast<std::uint64_t>(x);
  k += static_cast<int>(bits >> 52) - 1023;
  bits &= 0x000fffffffffffffULL;
  // Choose m in [sqrt(2)/2, sqrt(2)) so that f = m - 1 is small.
  double m = std::bit_cast<double>(bits | 0x3ff0000000000000ULL);
  if (m > 1.4142135623730951) {
    m *= 0.5;
    k += 1;
  }
  const double f = m - 1.0;
  const double s = f / (2.0 + f);
  const double z = s * s;
  const double w = z * z;
  // log(1+f) = f - f^2/2 + s*(f^2/2 + R(z)), R a minimax fit of 2*atanh(s)/s - 2 in z.
  const double t1 =
      w * (3.999999999940941908e-01 + w * (2.222219843214978396e-01 + w * 1.531383769920937332e-01));
  const double t2 =
      z * (6.666666666666735130e-01 +
           w * (2.857142874366239149e-01 + w * (1.818357216161805012e-01 + w * 1.479819860511658591e-01)));
  const double r = t2 + t1;
  const double hfsq = 0.5 * f * f;
  const double dk = static_cast<double>(k);
  return dk * kLn2Hi - ((hfsq - (s * (hfsq + r) + dk * kLn2Lo)) - f);
}

double exp(double x) {
  if (is_nan(x)) return x;
  if (x > 7.09782712893383973096e+02) return kInf;
  if (x < -7.45133219101941108420e+02) return 0.0;
  if (x > -3.7252902984e-09 && x < 3.7252902984e-09) return 1.0 + x;
  // x = k ln2 + r, |r| <= ln2/2, with ln2 split in two so k*ln2_hi is exact.
  const double kd = x * kInvLn2 + (x < 0.0 ? -0.5 : 0.5);
  const int k = static_cast<int>(kd);
  const double hi = x - static_cast<double>(k) * kLn2Hi;
  const double lo = static_cast<double>(k) * kLn2Lo;
  const double r = hi - lo;
  const double t = r * r;
  const double c = r - t * (1.66666666666666019037e-01 +
                            t * (-2.77777777770155933842e-03 +
                                 t * (6.61375632143793436117e-05 +
                                      t * (-1.65339022054652515390e-06 + t * 4.13813679705723846039e-08))));
  const double y = 1.0 - ((lo - (r * c) / (2.0 - c)) - hi);
  if (k >= -1021 && k <= 1023) return y * pow2(k);
  if (k > 1023) return y * pow2(1023) * pow2(k - 1023);
  // Result is subnormal or tiny: scale in two steps so rounding happens once, at the end.
  return (y * pow2(k + 1000)) * pow2(-1000);
}

double log1p(double x) {
  if (is_nan(x)) return x;
  if (x == kInf) return kInf;
  const double u = 1.0 + x;
  if (u == 1.0) return x;
  if (u == 0.0) return -kInf;
  // The rounding error of 1+x cancels in log(u)/(u-1).
  return log(u) * (x / (u - 1.0));
}

double expm1(double x) {
  if (is_nan(x)) return x;
  if (x > 7.09782712893383973096e+02) return kInf;
  if (x < -40.0) return -1.0;
  const double u = exp(x);
  if (u == 1.0) return x;
  const double um1 = u - 1.0;
  if (um1 == -1.0) return -1.0;
  return um1 * (x / log(u));
}

double pow(double x, double y) {
  if (y == 0.0) return 1.0;
  if (is_nan(x) || is_nan(y)) return kNaN;
  if (x == 1.0) return 1.0;
  // Small integer exponents: exact repeated squaring keeps e.g. pow(x, 2) == x * x.
  const bool y_is_int = y == static_cast<double>(static_cast<std::int64_t>(y)) && y > -1e18 && y < 1e18;
  if (y_is_int && y >= -64.0 && y <= 64.0) {
    auto n = static_cast<std::int64_t>(y < 0 ? -y : y);
    double base = x;
    double acc = 1.0;
    while (n > 0) {
      if ((n & 1) != 0) acc *= base;
      base *= base;
      n >>= 1;
    }
    return y < 0 ? 1.0 / acc : acc;
  }
  if (x == 0.0) return y > 0 ? 0.0 : kInf;
  if (x < 0.0) {
    if (!y_is_int) return kNaN;
    const double mag = exp(y * log(-x));
    const auto n = static_cast<std::int64_t>(y);
    return (n & 1) != 0 ? -mag : mag;
  }
  if (x == kInf) return y > 0 ? kInf : 0.0;
  return exp(y * log(x));
}

double lgamma(double x) {
  if (is_nan(x) || x <= 0.0) return kNaN;
  if (x == kInf) return kInf;
  if (x < 0.5) return lgamma(x + 1.0) - log(x);  // Gamma(x) = Gamma(x+1)/x
  // Lanczos approximation with g = 7, n = 9.
  constexpr double kCoef[9] = {0.99999999999980993,  676.5203681218851,     -1259.1392167224028,
                               771.32342877765313,   -176.61502916214059,   12.507343278686905,
                               -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7};
  const double z = x - 1.0;
  double a = kCoef[0];
  for (int i = 1; i < 9; ++i) a += kCoef[i] / (z + static_cast<double>(i));
  const double t = z + 7.5;
  constexpr double kHalfLog2Pi = 0.91893853320467274178;
  return kHalfLog2Pi + (z + 0.5) * log(t) - t + log(a);
}

double log_factorial(double k) {
  if (is_nan(k) || k < 0.0) return kNaN;
  if (k <= 22.0 && k == static_cast<double>(static_cast<int>(k))) {
    double acc = 1.0;
    for (int i = 2; i <= static_cast<int>(k); ++i) acc *= static_cast<double>(i);  // 22! is exact in a double
    return log(acc);
  }
  return lgamma(k + 1.0);
}

}  // namespace whsim::dmath
