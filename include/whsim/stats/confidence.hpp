// Confidence intervals for the mean of independent replications (Student t). Used by the run
// layer to report KPIs across replications as mean +- half-width.
#pragma once

#include <cstdint>
#include <span>

#include "whsim/stats/accumulators.hpp"

namespace whsim::stats {

/// A two-sided confidence interval mean +- half_width at confidence `level`.
struct ConfidenceInterval {
  double mean = 0.0;
  double half_width = 0.0;  ///< +inf when fewer than two observations
  double level = 0.0;       ///< e.g. 0.95
  std::int64_t n = 0;       ///< observations (replications)
  [[nodiscard]] double lower() const { return mean - half_width; }
  [[nodiscard]] double upper() const { return mean + half_width; }
  /// lower() <= x <= upper().
  [[nodiscard]] bool contains(double x) const { return lower() <= x && x <= upper(); }
};

/// Student-t interval for the mean of the tallied observations:
/// half_width = t_{(1+level)/2, n-1} s / sqrt(n). With n < 2 the half-width is +inf (the mean is
/// NaN when n = 0). 0 < level < 1 (ContractError otherwise).
[[nodiscard]] ConfidenceInterval t_interval(const Tally& tally, double level);
/// As above, for a sample given as values.
[[nodiscard]] ConfidenceInterval t_interval(std::span<const double> values, double level);

}  // namespace whsim::stats
