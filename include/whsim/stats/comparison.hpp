// Comparing configurations across replications: the paired difference of two systems run with
// common random numbers (Student-t interval and paired t-test), Holm's correction when several
// such tests are made at once, and one-sided confidence bounds for "meets the target with 95%
// confidence" searches. Pure functions of their inputs; built on whsim::stats special functions
// and IEEE arithmetic only, never on libm's transcendental functions (bit-identical everywhere).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace whsim::stats {

/// The mean difference b - a of paired observations (replication r of system a and of system b,
/// usually run with the same streams), with a two-sided Student-t interval and a paired t-test.
///
/// With d_r = b_r - a_r over the n kept pairs, mean d-bar and sample standard deviation s_d
/// (n - 1 in the denominator):
///   half_width  = t_{(1+level)/2, n-1} s_d / sqrt(n),
///   t_statistic = d-bar / (s_d / sqrt(n)),
///   p_value     = 2 P(T_{n-1} > |t_statistic|)   (two-sided, null hypothesis: mean difference 0).
/// Edge cases:
///   - n = 0: means, difference and t_statistic are NaN; half_width +inf; p_value NaN.
///   - n = 1: means and difference are the single pair's; t_statistic NaN; half_width +inf;
///     p_value NaN (no estimate of the spread).
///   - n >= 2 and every d_r identical (s_d = 0): half_width 0; a zero difference gives
///     t_statistic 0 and p_value 1, a nonzero one t_statistic +-inf and p_value 0.
struct PairedDifference {
  double mean_a = 0.0;      ///< mean of a over the kept pairs
  double mean_b = 0.0;      ///< mean of b over the kept pairs
  double difference = 0.0;  ///< mean of b_r - a_r (equals mean_b - mean_a up to rounding)
  double half_width = 0.0;  ///< t-interval half-width of the difference; +inf when n < 2
  double level = 0.0;       ///< confidence level of the interval, e.g. 0.95
  std::int64_t n = 0;       ///< pairs kept (pairs with a NaN on either side are dropped)
  double t_statistic = 0.0;
  double p_value = 0.0;  ///< two-sided paired t-test of mean difference 0; NaN when n < 2
  [[nodiscard]] double lower() const { return difference - half_width; }
  [[nodiscard]] double upper() const { return difference + half_width; }
};

/// Paired comparison of b against a (see PairedDifference). a and b must have the same length
/// and 0 < level < 1 (ContractError otherwise). Pair r is dropped when a[r] or b[r] is NaN.
[[nodiscard]] PairedDifference paired_difference(std::span<const double> a, std::span<const double> b,
                                                 double level);

/// Holm-Bonferroni step-down adjusted p-values, in the order of the input. With the m non-NaN
/// p-values sorted ascending, p_(1) <= ... <= p_(m) (ties in input order), the adjusted value of
/// p_(k) is min(1, max_{j <= k} (m - j + 1) p_(j)): monotone in p, never below the raw value,
/// capped at 1. Rejecting every hypothesis whose adjusted p-value is <= alpha controls the
/// family-wise error rate at alpha. NaN inputs stay NaN and do not count towards m. Each
/// p-value must be NaN or lie in [0, 1] (ContractError otherwise).
[[nodiscard]] std::vector<double> holm_adjust(std::span<const double> p_values);

/// One-sided upper confidence bound for the mean: mean + t_{level, n-1} s / sqrt(n), where n, the
/// mean and the sample standard deviation s are over the non-NaN values. The true mean is below
/// it with probability `level` (for normal data). +inf when n < 2. 0 < level < 1
/// (ContractError otherwise).
[[nodiscard]] double one_sided_upper_bound(std::span<const double> values, double level);
/// One-sided lower confidence bound for the mean: mean - t_{level, n-1} s / sqrt(n) over the
/// non-NaN values; -inf when n < 2. 0 < level < 1 (ContractError otherwise).
[[nodiscard]] double one_sided_lower_bound(std::span<const double> values, double level);

}  // namespace whsim::stats
