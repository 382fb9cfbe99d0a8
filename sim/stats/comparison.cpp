// Paired comparisons, Holm's adjustment and one-sided bounds (see the header). Only whsim::stats
// special functions and IEEE arithmetic: no libm transcendental functions here.
#include "whsim/stats/comparison.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>

#include "whsim/core/dmath.hpp"
#include "whsim/core/error.hpp"
#include "whsim/stats/accumulators.hpp"
#include "whsim/stats/special_functions.hpp"

namespace whsim::stats {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

void check_level(double level) {
  if (!(level > 0.0 && level < 1.0)) throw ContractError("confidence level must lie in (0, 1)");
}

/// t_{level, n-1} s / sqrt(n) over the non-NaN values, +inf when fewer than two; the mean in `mean`.
double one_sided_margin(std::span<const double> values, double level, double& mean) {
  check_level(level);
  Tally tally;
  for (double v : values) {
    if (!std::isnan(v)) tally.add(v);
  }
  mean = tally.mean();
  if (tally.count() < 2) return kInf;
  const double n = static_cast<double>(tally.count());
  return student_t_quantile(level, n - 1.0) * tally.stddev() / dmath::sqrt(n);
}

}  // namespace

PairedDifference paired_difference(std::span<const double> a, std::span<const double> b, double level) {
  if (a.size() != b.size()) throw ContractError("paired_difference: a and b must have the same length");
  check_level(level);
  Tally ta;
  Tally tb;
  Tally td;
  for (std::size_t r = 0; r < a.size(); ++r) {
    if (std::isnan(a[r]) || std::isnan(b[r])) continue;
    ta.add(a[r]);
    tb.add(b[r]);
    td.add(b[r] - a[r]);
  }
  PairedDifference out;
  out.mean_a = ta.mean();
  out.mean_b = tb.mean();
  out.difference = td.mean();
  out.level = level;
  out.n = td.count();
  if (out.n < 2) {
    out.half_width = kInf;
    out.t_statistic = kNaN;
    out.p_value = kNaN;
    return out;
  }
  const double n = static_cast<double>(out.n);
  const double sd = td.stddev();
  if (sd == 0.0) {
    // Every difference is the same number: no sampling spread, so the difference is certain.
    out.half_width = 0.0;
    if (out.difference == 0.0) {
      out.t_statistic = 0.0;
      out.p_value = 1.0;
    } else {
      out.t_statistic = out.difference > 0.0 ? kInf : -kInf;
      out.p_value = 0.0;
    }
    return out;
  }
  const double se = sd / dmath::sqrt(n);
  const double df = n - 1.0;
  out.half_width = student_t_quantile(0.5 * (1.0 + level), df) * se;
  out.t_statistic = out.difference / se;
  out.p_value = std::min(1.0, 2.0 * student_t_cdf(-std::fabs(out.t_statistic), df));
  return out;
}

std::vector<double> holm_adjust(std::span<const double> p_values) {
  std::vector<std::size_t> order;
  order.reserve(p_values.size());
  for (std::size_t i = 0; i < p_values.size(); ++i) {
    const double p = p_values[i];
    if (std::isnan(p)) continue;
    if (!(p >= 0.0 && p <= 1.0)) throw ContractError("holm_adjust: p-values must lie in [0, 1] or be NaN");
    order.push_back(i);
  }
  std::stable_sort(order.begin(), order.end(),
                   [&p_values](std::size_t x, std::size_t y) { return p_values[x] < p_values[y]; });
  std::vector<double> adjusted(p_values.size(), kNaN);
  const std::size_t m = order.size();
  double running = 0.0;
  for (std::size_t k = 0; k < m; ++k) {
    const double scaled = static_cast<double>(m - k) * p_values[order[k]];
    running = std::min(1.0, std::max(running, scaled));
    adjusted[order[k]] = running;
  }
  return adjusted;
}

double one_sided_upper_bound(std::span<const double> values, double level) {
  double mean = 0.0;
  const double margin = one_sided_margin(values, level, mean);
  return margin == kInf ? kInf : mean + margin;
}

double one_sided_lower_bound(std::span<const double> values, double level) {
  double mean = 0.0;
  const double margin = one_sided_margin(values, level, mean);
  return margin == kInf ? -kInf : mean - margin;
}

}  // namespace whsim::stats
