// Random quantities as scenarios describe them (see the header).
#include "whsim/kernel/random_quantity.hpp"

#include <type_traits>

#include "whsim/core/error.hpp"

namespace whsim {

RandomQuantity RandomQuantity::constant(double value) {
  return {Constant{value}, value};
}

RandomQuantity RandomQuantity::exponential(double mean) {
  if (!(mean > 0)) throw ContractError("exponential mean must be > 0");
  return {Exponential(1.0 / mean), mean};
}

RandomQuantity RandomQuantity::lognormal(double mean, double cv) {
  if (!(mean > 0) || !(cv > 0)) throw ContractError("log-normal mean and cv must be > 0");
  return {LogNormal::from_mean_stddev(mean, cv * mean), mean};
}

RandomQuantity RandomQuantity::gamma(double mean, double cv) {
  if (!(mean > 0) || !(cv > 0)) throw ContractError("gamma mean and cv must be > 0");
  const double shape = 1.0 / (cv * cv);
  return {Gamma(shape, mean / shape), mean};
}

RandomQuantity RandomQuantity::erlang(std::int64_t k, double mean) {
  if (k < 1 || !(mean > 0)) throw ContractError("erlang needs k >= 1 and mean > 0");
  return {Erlang(k, static_cast<double>(k) / mean), mean};
}

RandomQuantity RandomQuantity::normal(double mean, double stddev, bool clamp_at_zero) {
  return {ClampedNormal{Normal(mean, stddev), clamp_at_zero}, mean};
}

RandomQuantity RandomQuantity::triangular(double min, double mode, double max) {
  if (min == max) return constant(min);
  return {Triangular(min, mode, max), (min + mode + max) / 3.0};
}

RandomQuantity RandomQuantity::uniform(double min, double max) {
  if (min == max) return constant(min);
  return {Uniform(min, max), 0.5 * (min + max)};
}

RandomQuantity RandomQuantity::empirical(std::span<const double> values, std::span<const double> weights) {
  if (values.size() != weights.size() || values.empty()) {
    throw ContractError("empirical needs as many weights as values, at least one");
  }
  double sw = 0;
  double swx = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    sw += weights[i];
    swx += weights[i] * values[i];
  }
  return {Empirical{Discrete(weights), std::vector<double>(values.begin(), values.end())}, swx / sw};
}

double RandomQuantity::operator()(Draw& d) const {
  return std::visit(
      [&d](const auto& dist) -> double {
        using D = std::decay_t<decltype(dist)>;
        if constexpr (std::is_same_v<D, Constant>) {
          return dist.value;
        } else if constexpr (std::is_same_v<D, ClampedNormal>) {
          const double x = dist.normal(d);
          return dist.clamp && x < 0 ? 0.0 : x;
        } else if constexpr (std::is_same_v<D, Empirical>) {
          return dist.values[static_cast<std::size_t>(dist.index(d))];
        } else {
          return dist(d);
        }
      },
      dist_);
}

}  // namespace whsim
