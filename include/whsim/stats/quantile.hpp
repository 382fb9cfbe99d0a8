// Quantiles of a stream of observations (order cycle time p50/p90/p99). QuantileSketch keeps
// bucket counts whose width grows with the value, with a guaranteed relative error, so its memory depends on
// the range of the values, not on how many there are, and two sketches merge exactly (parallel
// replications). ExactQuantiles keeps every value: the reference for tests and small samples.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace whsim::stats {

/// Streaming quantile estimator with relative-error guarantee (the DDSketch idea).
///
/// Buckets without logarithms (the hot path of every tally): each binade [2^e, 2^(e+1)) is cut
/// into B equal-width buckets, B = ceil((1 - alpha) / (2 alpha)) + 1, so a positive x = 2^e (1 + f)
/// goes to bucket i = e B + floor(f B), read straight from the double's exponent and mantissa.
/// A bucket [lo, hi) has hi / lo <= 1 + 1/B < (1 + alpha)/(1 - alpha) and is represented by
/// 2 lo hi / (lo + hi), within relative error alpha of every value in it. Negative
/// values are kept in a mirrored store by |x|; values with |x| below the smallest normal double
/// (2.2e-308), zero included, are counted in a separate zero bucket and reported as 0.
///
/// **Rank rule.** quantile(q) estimates the order statistic x_(k) (0-based, ascending) with
/// k = floor(q (n - 1)): q = 0 is the minimum, q = 1 the maximum, q = 0.5 the lower median.
/// The result r satisfies |r - x_(k)| <= alpha |x_(k)| (up to floating-point rounding, about
/// 1e-12 relative), and min()/max() and quantile(0)/quantile(1) are exact.
///
/// Memory: one 8-byte counter per bucket between the smallest and largest index seen (per sign),
/// about B log2(max/min) buckets: 2,000 for values spanning 1e-3..1e3 at alpha = 0.005 (B = 101).
/// add() allocates only when a value falls outside every bucket seen so far (the store grows at
/// either end, geometrically); reset() keeps the memory, so a reused sketch does not allocate.
class QuantileSketch {
 public:
  /// alpha: the relative error bound, 1e-6 <= alpha < 1 (ContractError otherwise).
  explicit QuantileSketch(double relative_error = 0.005);

  /// Adds one observation; x must be finite (ContractError otherwise).
  void add(double x);
  /// Number of observations.
  [[nodiscard]] std::int64_t count() const { return count_; }
  /// Exact smallest observation; NaN when empty.
  [[nodiscard]] double min() const;
  /// Exact largest observation; NaN when empty.
  [[nodiscard]] double max() const;
  /// Estimate of the order statistic of rank floor(q (n - 1)); NaN when empty.
  /// 0 <= q <= 1 (ContractError otherwise).
  [[nodiscard]] double quantile(double q) const;
  /// The 0-based rank floor(q (n - 1)), evaluated in double arithmetic, of the order statistic
  /// that quantile(q) estimates among n >= 1 observations.
  [[nodiscard]] static std::uint64_t rank(double q, std::int64_t n);
  /// The relative error bound alpha.
  [[nodiscard]] double relative_error() const { return alpha_; }
  /// Counters currently allocated (both signs): the sketch's memory is 8 bytes times this.
  [[nodiscard]] std::size_t allocated_buckets() const;
  /// Adds another sketch's observations. Both must have the same relative error (ContractError).
  /// The result equals a sketch that saw both streams.
  void merge(const QuantileSketch& other);
  /// Forgets every observation; keeps the allocated buckets.
  void reset();
  /// Allocates the buckets for positive values in [lo, hi] (0 < lo <= hi) now, so that adding
  /// values in that range never allocates (models that promise an allocation-free steady state
  /// reserve the plausible range of their tallies up front). Results are unchanged.
  void reserve(double lo, double hi);

 private:
  /// Counts for a contiguous range of bucket indices, growing at either end.
  struct Store {
    std::vector<std::uint64_t> counts;
    int offset = 0;  ///< bucket index of counts[0]
    void add(int index, std::uint64_t n);
    void grow_to_cover(int lo, int hi);
  };

  [[nodiscard]] int index_of(double magnitude) const;
  [[nodiscard]] double value_of(int index) const;

  double alpha_;
  int per_binade_;  ///< B: buckets per binade
  Store positive_;
  Store negative_;  ///< indexed by |x|
  std::uint64_t zero_count_ = 0;
  std::int64_t count_ = 0;
  double min_ = 0.0;
  double max_ = 0.0;
};

/// All observations kept; quantiles by linear interpolation between order statistics
/// (Hyndman and Fan type 7, the default of R and NumPy): with h = (n - 1) q,
/// Q(q) = x_(floor h) + (h - floor h) (x_(floor h + 1) - x_(floor h)), 0-based ascending order.
class ExactQuantiles {
 public:
  /// Adds one observation; NaN is rejected (ContractError) because it has no rank.
  void add(double x);
  [[nodiscard]] std::size_t count() const { return values_.size(); }
  /// Type-7 quantile; NaN when empty; 0 <= q <= 1 (ContractError otherwise).
  [[nodiscard]] double quantile(double q) const;
  /// The k-th smallest value, 0-based (ContractError when k >= count()).
  [[nodiscard]] double order_statistic(std::size_t k) const;
  /// Adds another collection's observations.
  void merge(const ExactQuantiles& other);
  void reserve(std::size_t n) { values_.reserve(n); }
  void reset();

 private:
  void sort_if_needed() const;
  // Sorted lazily on the first query after an add; logically const.
  mutable std::vector<double> values_;
  mutable bool sorted_ = true;
};

}  // namespace whsim::stats
