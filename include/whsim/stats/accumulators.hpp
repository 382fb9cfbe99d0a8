// Streaming accumulators for simulation output: event counts, tallies of observations (Welford's
// running mean and variance) and time-weighted levels (queue lengths, robots busy). They sit on
// the hot path of a run, so every add/set is O(1) and never allocates.
#pragma once

#include <cstdint>

#include "whsim/core/time.hpp"

namespace whsim::stats {

/// Counts events: orders shipped, stockouts, picks.
class Counter {
 public:
  /// Adds n (default 1) to the count; n may be negative to undo.
  void add(std::int64_t n = 1) { value_ += n; }
  [[nodiscard]] std::int64_t value() const { return value_; }
  void reset() { value_ = 0; }

 private:
  std::int64_t value_ = 0;
};

/// Mean, variance, extremes and sum of a stream of observations (order cycle times, distances).
/// Uses Welford's update, which stays accurate when the mean is large compared with the spread.
/// Statistics that need more observations than were seen are NaN (mean of nothing, sample
/// variance of one value).
class Tally {
 public:
  /// Adds one observation.
  void add(double x);
  /// Number of observations.
  [[nodiscard]] std::int64_t count() const { return count_; }
  /// Arithmetic mean; NaN when empty.
  [[nodiscard]] double mean() const;
  /// Sample variance with n - 1 in the denominator; NaN for fewer than two observations.
  [[nodiscard]] double variance() const;
  /// Square root of variance(); NaN for fewer than two observations.
  [[nodiscard]] double stddev() const;
  /// Smallest observation; NaN when empty.
  [[nodiscard]] double min() const;
  /// Largest observation; NaN when empty.
  [[nodiscard]] double max() const;
  /// Sum of the observations (0 when empty).
  [[nodiscard]] double sum() const { return sum_; }
  /// Combines another tally's observations into this one (Chan, Golub and LeVeque's pairwise
  /// update): the result equals a tally that saw both streams, up to rounding.
  void merge(const Tally& other);
  /// Forgets every observation.
  void reset();

 private:
  std::int64_t count_ = 0;
  double mean_ = 0.0;
  double m2_ = 0.0;  ///< sum of squared deviations from the mean
  double sum_ = 0.0;
  double min_ = 0.0;
  double max_ = 0.0;
};

/// A level that holds between changes (queue length, robots charging, stock on hand) and its
/// time average. The level is piecewise constant: set(t, v) means "v from time t on".
/// Time must not go backwards between calls (ContractError).
class TimeWeighted {
 public:
  /// Starts observing at `start` with level `initial`.
  explicit TimeWeighted(SimTime start = SimTime::zero(), double initial = 0.0);

  /// The level becomes `level` at time `now`.
  void set(SimTime now, double level);
  /// The level changes by `delta` at time `now`.
  void add(SimTime now, double delta) { set(now, level_ + delta); }
  /// The current level.
  [[nodiscard]] double current() const { return level_; }
  /// Time average of the level from the last reset (or the start) to `now`; NaN when that span is
  /// empty.
  [[nodiscard]] double mean(SimTime now) const;
  /// Integral of the level over time, in level x seconds, from the last reset to `now`.
  [[nodiscard]] double integral(SimTime now) const;
  /// Smallest level held since the last reset (including the level held at the reset).
  [[nodiscard]] double min() const { return min_; }
  /// Largest level held since the last reset (including the level held at the reset).
  [[nodiscard]] double max() const { return max_; }
  /// Start of the observation window (construction or last reset).
  [[nodiscard]] SimTime start() const { return start_; }
  /// Time of the last change (or of the start).
  [[nodiscard]] SimTime last_change() const { return last_; }
  /// Forgets the history before `now`; the current level is kept and holds from `now` on.
  void reset(SimTime now);

 private:
  /// Integral since start_ up to `now`, in level x ticks.
  [[nodiscard]] double integral_ticks(SimTime now) const;

  SimTime start_;
  SimTime last_;
  double level_;
  double area_ = 0.0;  ///< integral from start_ to last_, in level x ticks
  double min_;
  double max_;
};

}  // namespace whsim::stats
