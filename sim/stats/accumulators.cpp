// Streaming accumulators (see the header). Hot-path code: no allocation, no libm.
#include "whsim/stats/accumulators.hpp"

#include <cmath>
#include <limits>

#include "whsim/core/error.hpp"

namespace whsim::stats {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

}  // namespace

// --- Tally -----------------------------------------------------------------------------------

void Tally::add(double x) {
  if (count_ == 0) {
    min_ = x;
    max_ = x;
  } else {
    if (x < min_) min_ = x;
    if (x > max_) max_ = x;
  }
  ++count_;
  const double delta = x - mean_;
  mean_ += delta / static_cast<double>(count_);
  m2_ += delta * (x - mean_);
  sum_ += x;
}

double Tally::mean() const {
  return count_ == 0 ? kNaN : mean_;
}

double Tally::variance() const {
  return count_ < 2 ? kNaN : m2_ / static_cast<double>(count_ - 1);
}

double Tally::stddev() const {
  return count_ < 2 ? kNaN : std::sqrt(variance());
}

double Tally::min() const {
  return count_ == 0 ? kNaN : min_;
}

double Tally::max() const {
  return count_ == 0 ? kNaN : max_;
}

void Tally::merge(const Tally& other) {
  if (other.count_ == 0) return;
  if (count_ == 0) {
    *this = other;
    return;
  }
  const double n_a = static_cast<double>(count_);
  const double n_b = static_cast<double>(other.count_);
  const double n = n_a + n_b;
  const double delta = other.mean_ - mean_;
  mean_ += delta * (n_b / n);
  m2_ += other.m2_ + delta * delta * (n_a * n_b / n);
  count_ += other.count_;
  sum_ += other.sum_;
  if (other.min_ < min_) min_ = other.min_;
  if (other.max_ > max_) max_ = other.max_;
}

void Tally::reset() {
  *this = Tally();
}

// --- TimeWeighted ----------------------------------------------------------------------------

TimeWeighted::TimeWeighted(SimTime start, double initial)
    : start_(start), last_(start), level_(initial), min_(initial), max_(initial) {}

void TimeWeighted::set(SimTime now, double level) {
  if (now < last_) throw ContractError("time-weighted level set at a time before its last change");
  area_ += level_ * static_cast<double>((now - last_).ticks());
  last_ = now;
  level_ = level;
  if (level < min_) min_ = level;
  if (level > max_) max_ = level;
}

double TimeWeighted::integral_ticks(SimTime now) const {
  if (now < last_) throw ContractError("time-weighted level read at a time before its last change");
  return area_ + level_ * static_cast<double>((now - last_).ticks());
}

double TimeWeighted::mean(SimTime now) const {
  const double area = integral_ticks(now);
  const std::int64_t span = (now - start_).ticks();
  return span == 0 ? kNaN : area / static_cast<double>(span);
}

double TimeWeighted::integral(SimTime now) const {
  return integral_ticks(now) / static_cast<double>(kTicksPerSecond);
}

void TimeWeighted::reset(SimTime now) {
  if (now < last_) throw ContractError("time-weighted level reset at a time before its last change");
  start_ = now;
  last_ = now;
  area_ = 0.0;
  min_ = level_;
  max_ = level_;
}

}  // namespace whsim::stats
