// Student-t confidence intervals (see the header).
#include "whsim/stats/confidence.hpp"

#include <cmath>
#include <limits>

#include "whsim/core/error.hpp"
#include "whsim/stats/special_functions.hpp"

namespace whsim::stats {

ConfidenceInterval t_interval(const Tally& tally, double level) {
  if (!(level > 0.0 && level < 1.0)) throw ContractError("confidence level must lie in (0, 1)");
  ConfidenceInterval ci;
  ci.mean = tally.mean();
  ci.level = level;
  ci.n = tally.count();
  if (ci.n < 2) {
    ci.half_width = std::numeric_limits<double>::infinity();
    return ci;
  }
  const double n = static_cast<double>(ci.n);
  const double t = student_t_quantile(0.5 * (1.0 + level), n - 1.0);
  ci.half_width = t * tally.stddev() / std::sqrt(n);
  return ci;
}

ConfidenceInterval t_interval(std::span<const double> values, double level) {
  Tally tally;
  for (double v : values) tally.add(v);
  return t_interval(tally, level);
}

}  // namespace whsim::stats
