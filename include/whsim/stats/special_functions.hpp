// Special functions for statistics: incomplete gamma and beta, normal, Student-t and chi-square
// distribution functions and quantiles. Built on whsim::dmath only, so results are identical on
// every CPU. Absolute accuracy about 1e-13 or better in the CDFs (relative accuracy in the tails,
// also for large parameters such as Student t with 1e6 degrees of freedom); quantiles to 1e-12
// relative. Arguments outside a function's domain give NaN; quantiles of p = 0 and p = 1 are
// -inf and +inf.
#pragma once

namespace whsim::stats {

/// Regularised lower incomplete gamma P(a, x), a > 0, x >= 0.
[[nodiscard]] double regularized_gamma_p(double a, double x);
/// Regularised upper incomplete gamma Q(a, x) = 1 - P(a, x), computed without cancellation.
[[nodiscard]] double regularized_gamma_q(double a, double x);
/// Regularised incomplete beta I_x(a, b), a, b > 0, 0 <= x <= 1.
[[nodiscard]] double regularized_beta(double x, double a, double b);

/// Standard normal CDF.
[[nodiscard]] double normal_cdf(double z);
/// Standard normal quantile, 0 < p < 1.
[[nodiscard]] double normal_quantile(double p);
/// Student-t CDF with df > 0 degrees of freedom.
[[nodiscard]] double student_t_cdf(double t, double df);
/// Student-t quantile, 0 < p < 1, df > 0.
[[nodiscard]] double student_t_quantile(double p, double df);
/// Survival function P(X > x) of the chi-square distribution with k > 0 degrees of freedom.
[[nodiscard]] double chi_square_sf(double x, double k);

}  // namespace whsim::stats
