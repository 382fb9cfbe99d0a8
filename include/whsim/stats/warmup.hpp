// Warm-up (initial transient) detection for a single run's output series, so that statistics
// are taken only over the steady state. MSER-5 (White 1997; Franklin and White 2008): batch the
// series in means of 5 and delete the prefix that minimises the marginal standard error.
#pragma once

#include <cstddef>
#include <span>

namespace whsim::stats {

/// Outcome of a warm-up analysis.
struct WarmupResult {
  std::size_t truncation = 0;       ///< observations to delete from the start of the series
  std::size_t batches_deleted = 0;  ///< the same in batches of 5 (truncation = 5 * batches_deleted)
  double statistic = 0;             ///< MSER value at the chosen truncation
  bool reliable = false;            ///< the overall optimum lies in the first half of the series
};

/// MSER-5 truncation point of `series` (observations in time order, e.g. a sampled KPI).
///
/// The series is cut into k = floor(n / 5) batch means Z_1..Z_k (a remainder of fewer than 5
/// observations at the end is ignored). For d batches deleted,
///   MSER(d) = sum_{i>d} (Z_i - mean(Z_{d+1..k}))^2 / (k - d)^2.
/// The truncation is the smallest d < k/2 minimising MSER(d). MSER is also evaluated beyond the
/// first half (keeping at least 5 batches; the last few values are too noisy to trust): if the
/// overall minimum lies there, the run is too short to have reached steady state and `reliable`
/// is false. Series shorter than 10 batches (50 observations) give truncation 0, not reliable.
[[nodiscard]] WarmupResult mser5(std::span<const double> series);

}  // namespace whsim::stats
