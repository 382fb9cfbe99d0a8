// MSER-5 warm-up detection (see the header). The sums of squares for every suffix are built from
// the end with Welford's update, so the whole scan is O(n) and free of the cancellation that
// sum(Z^2) - (sum Z)^2 / m would suffer.
#include "whsim/stats/warmup.hpp"

#include <vector>

namespace whsim::stats {
namespace {

constexpr std::size_t kBatchSize = 5;
/// MSER is not evaluated on fewer remaining batches than this.
constexpr std::size_t kMinBatchesKept = 5;
/// Shorter series (in batches) are not analysed.
constexpr std::size_t kMinBatches = 2 * kMinBatchesKept;

}  // namespace

WarmupResult mser5(std::span<const double> series) {
  WarmupResult result;
  const std::size_t k = series.size() / kBatchSize;
  if (k < kMinBatches) return result;

  std::vector<double> batch_means(k);
  for (std::size_t b = 0; b < k; ++b) {
    double sum = 0.0;
    for (std::size_t j = 0; j < kBatchSize; ++j) sum += series[b * kBatchSize + j];
    batch_means[b] = sum / static_cast<double>(kBatchSize);
  }

  // mser[d] for d = 0 .. k - kMinBatchesKept, from a backward Welford pass over the batch means.
  const std::size_t last_d = k - kMinBatchesKept;
  std::vector<double> mser(last_d + 1);
  double mean = 0.0;
  double m2 = 0.0;
  for (std::size_t d = k; d-- > 0;) {
    const double m = static_cast<double>(k - d);
    const double delta = batch_means[d] - mean;
    mean += delta / m;
    m2 += delta * (batch_means[d] - mean);
    if (d <= last_d) mser[d] = m2 / (m * m);
  }

  // Chosen truncation: first-half minimum (d < k/2), ties to the smallest d.
  const std::size_t half = (k + 1) / 2;  // d < k/2  <=>  d < ceil(k/2) for integer d
  std::size_t best = 0;
  for (std::size_t d = 1; d < half; ++d) {
    if (mser[d] < mser[best]) best = d;
  }
  std::size_t overall = best;
  for (std::size_t d = half; d <= last_d; ++d) {
    if (mser[d] < mser[overall]) overall = d;
  }

  result.batches_deleted = best;
  result.truncation = best * kBatchSize;
  result.statistic = mser[best];
  result.reliable = overall == best;
  return result;
}

}  // namespace whsim::stats
