// Fixed-width histogram (see the header). The bin of a value is found by scaling and then
// corrected against the exact bin edges, so add() and bin_lower()/bin_upper() always agree.
#include "whsim/stats/histogram.hpp"

#include <cmath>

#include "whsim/core/error.hpp"

namespace whsim::stats {

Histogram::Histogram(double lo, double hi, std::size_t bins)
    : lo_(lo), hi_(hi), scale_(0.0), counts_(bins, 0) {
  if (!(std::isfinite(lo) && std::isfinite(hi) && lo < hi)) {
    throw ContractError("histogram range must be finite with lo < hi");
  }
  if (bins == 0) throw ContractError("histogram needs at least one bin");
  scale_ = static_cast<double>(bins) / (hi - lo);
}

void Histogram::add(double x, std::uint64_t n) {
  if (std::isnan(x)) throw ContractError("histogram observation is NaN");
  total_ += n;
  if (x < lo_) {
    underflow_ += n;
    return;
  }
  if (x >= hi_) {
    overflow_ += n;
    return;
  }
  const std::size_t last = counts_.size() - 1;
  const double position = std::floor((x - lo_) * scale_);
  std::size_t i = position <= 0.0
                      ? 0
                      : (position >= static_cast<double>(last) ? last : static_cast<std::size_t>(position));
  // Rounding in the scaling can put x one bin off near an edge.
  if (i > 0 && x < bin_lower(i)) --i;
  if (i < last && x >= bin_upper(i)) ++i;
  counts_[i] += n;
}

std::uint64_t Histogram::count(std::size_t i) const {
  if (i >= counts_.size()) throw ContractError("histogram bin index out of range");
  return counts_[i];
}

double Histogram::bin_lower(std::size_t i) const {
  if (i > counts_.size()) throw ContractError("histogram bin index out of range");
  if (i == counts_.size()) return hi_;
  return lo_ + (hi_ - lo_) * (static_cast<double>(i) / static_cast<double>(counts_.size()));
}

double Histogram::bin_upper(std::size_t i) const {
  if (i >= counts_.size()) throw ContractError("histogram bin index out of range");
  return bin_lower(i + 1);
}

void Histogram::merge(const Histogram& other) {
  if (other.lo_ != lo_ || other.hi_ != hi_ || other.counts_.size() != counts_.size()) {
    throw ContractError("cannot merge histograms with different bins");
  }
  for (std::size_t i = 0; i < counts_.size(); ++i) counts_[i] += other.counts_[i];
  underflow_ += other.underflow_;
  overflow_ += other.overflow_;
  total_ += other.total_;
}

void Histogram::reset() {
  for (auto& c : counts_) c = 0;
  underflow_ = 0;
  overflow_ = 0;
  total_ = 0;
}

}  // namespace whsim::stats
