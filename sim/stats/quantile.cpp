// Quantile sketch with relative-error buckets, and exact quantiles for reference (see the
// header). Bucket indices come from the bits of the double (exact integer arithmetic plus one
// rounded product), so a sketch holds the same counts on every CPU.
#include "whsim/stats/quantile.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>

#include "whsim/core/error.hpp"

namespace whsim::stats {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
/// Values with a smaller magnitude (zero and subnormals) go to the zero bucket.
constexpr double kMinIndexable = std::numeric_limits<double>::min();
/// Counters allocated around the first index a store sees.
constexpr int kInitialBuckets = 32;
constexpr int kMinGrowth = 16;

void check_q(double q) {
  if (!(q >= 0.0 && q <= 1.0)) throw ContractError("quantile level must lie in [0, 1]");
}

}  // namespace

// --- QuantileSketch::Store --------------------------------------------------------------------

void QuantileSketch::Store::grow_to_cover(int lo, int hi) {
  if (counts.empty()) {
    offset = lo - kInitialBuckets / 2;
    counts.assign(static_cast<std::size_t>(hi - lo) + 1 + static_cast<std::size_t>(kInitialBuckets), 0);
    return;
  }
  const int size = static_cast<int>(counts.size());
  const int current_lo = offset;
  const int current_hi = offset + size - 1;
  if (lo >= current_lo && hi <= current_hi) return;
  // Geometric growth on the side that needs it keeps the cost of growing O(1) per add on average.
  const int growth = std::max(kMinGrowth, size / 2);
  const int new_lo = lo < current_lo ? lo - growth : current_lo;
  const int new_hi = hi > current_hi ? hi + growth : current_hi;
  std::vector<std::uint64_t> grown(static_cast<std::size_t>(new_hi - new_lo + 1), 0);
  std::copy(counts.begin(), counts.end(), grown.begin() + (current_lo - new_lo));
  counts = std::move(grown);
  offset = new_lo;
}

void QuantileSketch::Store::add(int index, std::uint64_t n) {
  grow_to_cover(index, index);
  counts[static_cast<std::size_t>(index - offset)] += n;
}

// --- QuantileSketch ---------------------------------------------------------------------------

QuantileSketch::QuantileSketch(double relative_error) : alpha_(relative_error) {
  if (!(relative_error >= 1e-6 && relative_error < 1.0)) {
    throw ContractError("quantile sketch relative error must lie in [1e-6, 1)");
  }
  // gamma - 1 = 2 alpha / (1 - alpha); B >= 1 / (gamma - 1) bounds every bucket's hi/lo by gamma.
  // The extra bucket leaves slack for the one rounding in index_of.
  per_binade_ = static_cast<int>(std::ceil((1.0 - alpha_) / (2.0 * alpha_))) + 1;
}

int QuantileSketch::index_of(double magnitude) const {
  // magnitude >= the smallest normal double, so it is 2^e (1 + f) with f = mantissa / 2^52.
  const auto bits = std::bit_cast<std::uint64_t>(magnitude);
  const int e = static_cast<int>(bits >> 52) - 1023;
  const double f = static_cast<double>(bits & 0x000FFFFFFFFFFFFFULL) * 0x1.0p-52;
  const auto j = static_cast<int>(f * per_binade_);  // floor: f * B >= 0
  return e * per_binade_ + (j < per_binade_ ? j : per_binade_ - 1);
}

double QuantileSketch::value_of(int index) const {
  // Floor division: index = e B + j with 0 <= j < B.
  int e = index / per_binade_;
  int j = index % per_binade_;
  if (j < 0) {
    j += per_binade_;
    --e;
  }
  const double b = per_binade_;
  const double lo = 1.0 + j / b;
  const double hi = 1.0 + (j + 1) / b;
  return std::ldexp(2.0 * lo * hi / (lo + hi), e);  // scaled last, so 2^1023 buckets do not overflow
}

void QuantileSketch::reserve(double lo, double hi) {
  if (!(lo > 0) || !(hi >= lo) || !std::isfinite(hi))
    throw ContractError("reserve needs 0 < lo <= hi, finite");
  positive_.grow_to_cover(index_of(std::max(lo, kMinIndexable)), index_of(hi));
}

void QuantileSketch::add(double x) {
  if (!std::isfinite(x)) throw ContractError("quantile sketch observation must be finite");
  if (count_ == 0) {
    min_ = x;
    max_ = x;
  } else {
    if (x < min_) min_ = x;
    if (x > max_) max_ = x;
  }
  ++count_;
  if (x >= kMinIndexable) {
    positive_.add(index_of(x), 1);
  } else if (x <= -kMinIndexable) {
    negative_.add(index_of(-x), 1);
  } else {
    ++zero_count_;
  }
}

std::uint64_t QuantileSketch::rank(double q, std::int64_t n) {
  check_q(q);
  if (n < 1) throw ContractError("quantile rank needs at least one observation");
  return static_cast<std::uint64_t>(std::floor(q * static_cast<double>(n - 1)));
}

double QuantileSketch::min() const {
  return count_ == 0 ? kNaN : min_;
}

double QuantileSketch::max() const {
  return count_ == 0 ? kNaN : max_;
}

double QuantileSketch::quantile(double q) const {
  check_q(q);
  if (count_ == 0) return kNaN;
  const auto n = static_cast<std::uint64_t>(count_);
  const std::uint64_t rank = QuantileSketch::rank(q, count_);
  if (rank == 0) return min_;
  if (rank >= n - 1) return max_;
  const auto clamp = [this](double v) { return std::clamp(v, min_, max_); };
  std::uint64_t seen = 0;
  // Ascending order: the most negative values (largest |x| index) first, then zero, then positive.
  for (std::size_t i = negative_.counts.size(); i-- > 0;) {
    seen += negative_.counts[i];
    if (rank < seen) return clamp(-value_of(negative_.offset + static_cast<int>(i)));
  }
  seen += zero_count_;
  if (rank < seen) return clamp(0.0);
  for (std::size_t i = 0; i < positive_.counts.size(); ++i) {
    seen += positive_.counts[i];
    if (rank < seen) return clamp(value_of(positive_.offset + static_cast<int>(i)));
  }
  return max_;
}

std::size_t QuantileSketch::allocated_buckets() const {
  return positive_.counts.size() + negative_.counts.size();
}

void QuantileSketch::merge(const QuantileSketch& other) {
  if (other.alpha_ != alpha_)
    throw ContractError("cannot merge quantile sketches with different relative errors");
  if (other.count_ == 0) return;
  const auto merge_store = [](Store& into, const Store& from) {
    // Only the occupied part of `from` matters; find it so that `into` grows no more than needed.
    std::size_t first = 0;
    while (first < from.counts.size() && from.counts[first] == 0) ++first;
    if (first == from.counts.size()) return;
    std::size_t last = from.counts.size() - 1;
    while (from.counts[last] == 0) --last;
    into.grow_to_cover(from.offset + static_cast<int>(first), from.offset + static_cast<int>(last));
    for (std::size_t i = first; i <= last; ++i) {
      into.counts[static_cast<std::size_t>(from.offset + static_cast<int>(i) - into.offset)] +=
          from.counts[i];
    }
  };
  merge_store(positive_, other.positive_);
  merge_store(negative_, other.negative_);
  zero_count_ += other.zero_count_;
  if (count_ == 0) {
    min_ = other.min_;
    max_ = other.max_;
  } else {
    min_ = std::min(min_, other.min_);
    max_ = std::max(max_, other.max_);
  }
  count_ += other.count_;
}

void QuantileSketch::reset() {
  std::fill(positive_.counts.begin(), positive_.counts.end(), 0);
  std::fill(negative_.counts.begin(), negative_.counts.end(), 0);
  zero_count_ = 0;
  count_ = 0;
  min_ = 0.0;
  max_ = 0.0;
}

// --- ExactQuantiles ---------------------------------------------------------------------------

void ExactQuantiles::add(double x) {
  if (std::isnan(x)) throw ContractError("exact quantiles: NaN observation has no rank");
  if (!values_.empty() && x < values_.back()) sorted_ = false;
  values_.push_back(x);
}

void ExactQuantiles::sort_if_needed() const {
  if (!sorted_) {
    std::sort(values_.begin(), values_.end());
    sorted_ = true;
  }
}

double ExactQuantiles::quantile(double q) const {
  check_q(q);
  if (values_.empty()) return kNaN;
  sort_if_needed();
  const double h = static_cast<double>(values_.size() - 1) * q;
  const double lower = std::floor(h);
  const auto j = static_cast<std::size_t>(lower);
  const double fraction = h - lower;
  if (fraction == 0.0 || j + 1 >= values_.size()) return values_[j];
  return values_[j] + fraction * (values_[j + 1] - values_[j]);
}

double ExactQuantiles::order_statistic(std::size_t k) const {
  if (k >= values_.size()) throw ContractError("exact quantiles: order statistic rank out of range");
  sort_if_needed();
  return values_[k];
}

void ExactQuantiles::merge(const ExactQuantiles& other) {
  if (other.values_.empty()) return;
  values_.insert(values_.end(), other.values_.begin(), other.values_.end());
  sorted_ = false;
}

void ExactQuantiles::reset() {
  values_.clear();
  sorted_ = true;
}

}  // namespace whsim::stats
