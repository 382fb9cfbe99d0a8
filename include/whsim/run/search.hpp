// `whsim sweep --search`: the smallest value of one integer key (robots, pickers, ...) at which
// a KPI meets a target with a stated confidence, by bisection with replications at each probe.
// Assumes the KPI improves (weakly) as the key grows; every probe is kept for the report.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace whsim::run {

/// "KPI <= VALUE" or "KPI >= VALUE", e.g. "orders.pick_cycle_time.p95<=1800".
struct SearchTarget {
  std::string kpi;
  bool at_most = true;  ///< <= (false: >=)
  double value = 0;
  [[nodiscard]] std::string describe() const;
};
/// Parses a target; throws InputError (key --target) when malformed.
[[nodiscard]] SearchTarget parse_target(std::string_view text);

/// One probed value: the KPI's per-replication values, their mean and the one-sided bound.
struct SearchProbe {
  std::int64_t value = 0;
  std::vector<double> values;
  double mean = 0;
  double bound = 0;  ///< one-sided confidence bound (upper for <=, lower for >=)
  bool meets = false;
};

struct SearchResult {
  std::vector<SearchProbe> probes;     ///< in the order probed
  std::optional<std::int64_t> answer;  ///< the smallest value that meets the target, if any
};

/// Evaluates the KPI at one value of the key: one value per replication (NaN allowed).
using SearchEvaluate = std::function<std::vector<double>(std::int64_t value)>;

/// Bisection over [lo, hi]: probes hi (no answer when it fails), then lo (the answer when it
/// meets), then halves the interval until the smallest meeting value is found; at most
/// 2 + ceil(log2(hi - lo)) probes. A value meets the target when the one-sided `level`
/// confidence bound of its mean is within the target: with replications the answer meets it
/// with that confidence. `stop` (optional) is checked before each probe.
[[nodiscard]] SearchResult search_smallest(std::int64_t lo, std::int64_t hi, const SearchTarget& target,
                                           double level, const SearchEvaluate& evaluate,
                                           const std::function<bool()>& stop = {});

}  // namespace whsim::run
