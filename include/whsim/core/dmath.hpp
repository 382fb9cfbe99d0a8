// Deterministic elementary functions. glibc selects exp/log/pow implementations by CPU at load
// time, so their last bit can differ between machines and change a run's fingerprint. Kernel,
// stats and model code call these instead: they use only IEEE-754 +, -, *, / and sqrt (all
// correctly rounded), with -ffp-contract=off, so they return the same bits on every x86-64 CPU
// and at every optimisation level. A test (tests/scripts/check_determinism.sh) fails when those
// layers reference libm's transcendental functions.
//
// Accuracy: exp and log are within 1 ulp; log1p, expm1 within a few ulp; pow within
// (1 + |y log x|) * 2^-52 relative; lgamma within 1e-14 relative for x > 0.
#pragma once

namespace whsim::dmath {

inline constexpr double kPi = 3.14159265358979323846;
inline constexpr double kLn2 = 0.69314718055994530942;

/// Natural logarithm. log(0) = -inf, log(x<0) = NaN, log(inf) = inf.
[[nodiscard]] double log(double x);
/// e^x. Overflows to +inf above ~709.78, underflows to 0 below ~-745.13.
[[nodiscard]] double exp(double x);
/// log(1 + x), accurate for small |x|.
[[nodiscard]] double log1p(double x);
/// e^x - 1, accurate for small |x|.
[[nodiscard]] double expm1(double x);
/// x^y with the usual special cases: pow(x, 0) = 1; negative x only for integer y.
[[nodiscard]] double pow(double x, double y);
/// Square root (IEEE-754 correctly rounded on every CPU; here so callers need no <cmath>).
[[nodiscard]] double sqrt(double x);
/// log(Gamma(x)) for x > 0 (NaN for x <= 0).
[[nodiscard]] double lgamma(double x);
/// log(k!) for k >= 0; exact product for integer k <= 22, lgamma(k + 1) beyond.
[[nodiscard]] double log_factorial(double k);

}  // namespace whsim::dmath
