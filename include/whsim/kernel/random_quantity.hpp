// A random quantity as scenarios describe one: a constant or one of the kernel's distributions,
// chosen at build time and sampled without allocation. The scenario layer converts a validated
// DistributionSpec into one; models hold it by value and draw from it with a Draw (sequential
// or keyed by an entity for common random numbers).
#pragma once

#include <cstdint>
#include <span>
#include <variant>
#include <vector>

#include "whsim/kernel/distributions.hpp"

namespace whsim {

class RandomQuantity {
 public:
  /// Always `value`.
  [[nodiscard]] static RandomQuantity constant(double value);
  [[nodiscard]] static RandomQuantity exponential(double mean);
  /// Log-normal with the variate's own mean and coefficient of variation (stddev / mean).
  [[nodiscard]] static RandomQuantity lognormal(double mean, double cv);
  /// Gamma with the given mean and coefficient of variation (shape 1/cv^2).
  [[nodiscard]] static RandomQuantity gamma(double mean, double cv);
  /// Erlang with k phases and the given mean.
  [[nodiscard]] static RandomQuantity erlang(std::int64_t k, double mean);
  /// Normal; with clamp_at_zero, negative draws are returned as 0 (durations, counts).
  [[nodiscard]] static RandomQuantity normal(double mean, double stddev, bool clamp_at_zero);
  [[nodiscard]] static RandomQuantity triangular(double min, double mode, double max);
  [[nodiscard]] static RandomQuantity uniform(double min, double max);
  /// values[i] with probability weights[i] / sum(weights).
  [[nodiscard]] static RandomQuantity empirical(std::span<const double> values,
                                                std::span<const double> weights);

  /// One variate from a draw (a constant consumes nothing from it).
  [[nodiscard]] double operator()(Draw& d) const;
  /// The distribution's mean (for a clamped normal, the mean before clamping).
  [[nodiscard]] double mean() const { return mean_; }
  [[nodiscard]] bool is_constant() const { return std::holds_alternative<Constant>(dist_); }

 private:
  struct Constant {
    double value;
  };
  struct ClampedNormal {
    Normal normal;
    bool clamp;
  };
  struct Empirical {
    Discrete index;
    std::vector<double> values;
  };
  using Dist = std::variant<Constant, Exponential, LogNormal, Gamma, Erlang, ClampedNormal, Triangular,
                            Uniform, Empirical>;
  RandomQuantity(Dist dist, double mean) : dist_(std::move(dist)), mean_(mean) {}

  Dist dist_;
  double mean_;
};

}  // namespace whsim
