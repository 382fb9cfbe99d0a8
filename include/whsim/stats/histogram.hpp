// Fixed-width histogram of observations (distribution of pick times, travel distances) for
// reports and goodness-of-fit checks. Bins are laid out at construction; add() never allocates.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace whsim::stats {

/// `bins` equal-width bins covering [lo, hi). Bin i holds bin_lower(i) <= x < bin_upper(i);
/// values below lo count as underflow, values at or above hi as overflow.
class Histogram {
 public:
  /// lo < hi, both finite, bins >= 1 (ContractError otherwise).
  Histogram(double lo, double hi, std::size_t bins);

  /// Counts one observation (n of them with the second form); NaN is rejected (ContractError).
  void add(double x) { add(x, 1); }
  void add(double x, std::uint64_t n);

  [[nodiscard]] double lo() const { return lo_; }
  [[nodiscard]] double hi() const { return hi_; }
  [[nodiscard]] std::size_t bins() const { return counts_.size(); }
  /// Count in bin i (ContractError when i >= bins()).
  [[nodiscard]] std::uint64_t count(std::size_t i) const;
  [[nodiscard]] std::uint64_t underflow() const { return underflow_; }
  [[nodiscard]] std::uint64_t overflow() const { return overflow_; }
  /// All observations, underflow and overflow included.
  [[nodiscard]] std::uint64_t total() const { return total_; }
  /// Lower edge of bin i: lo + (hi - lo) i / bins; i may equal bins() (then it is hi).
  [[nodiscard]] double bin_lower(std::size_t i) const;
  /// Upper edge of bin i (= bin_lower(i + 1); exactly hi for the last bin).
  [[nodiscard]] double bin_upper(std::size_t i) const;
  /// Adds another histogram's counts; the layouts must be identical (ContractError).
  void merge(const Histogram& other);
  /// Sets every count to zero.
  void reset();

 private:
  double lo_;
  double hi_;
  double scale_;  ///< bins / (hi - lo)
  std::vector<std::uint64_t> counts_;
  std::uint64_t underflow_ = 0;
  std::uint64_t overflow_ = 0;
  std::uint64_t total_ = 0;
};

}  // namespace whsim::stats
