// The report's view of an experiment (docs/experiments.md): a sentence on the analysis and the
// warm-up, and for a sweep the runs grouped by point, the Sweep section (one table row per
// point with the headline KPIs' confidence intervals, and the KPIs drawn against a swept key).
// Internal to the output layer. Deterministic: never reads a clock, never iterates an
// unordered container; points keep their index order and lines their first-seen order.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "whsim/output/result.hpp"

#include "output/report_data.hpp"

namespace whsim::output::report_experiment {

/// The confidence level of the result's intervals: the experiment's when it has a valid one,
/// else 0.95.
[[nodiscard]] double confidence_level(const ExperimentInfo& e);

/// "Analysis: terminating; measured from the start." (escaped HTML, with a warning when the
/// MSER-5 warm-up was unreliable); "" when the result has no experiment section.
[[nodiscard]] std::string analysis_html(const ExperimentInfo& e);

/// A sweep's runs by point: runs[p] are point p's results in the result's order (run-id order:
/// by replication), values[p][k] the YAML text of key k at point p ("" when the result lacks it).
struct Points {
  std::vector<std::string> keys;
  std::vector<std::vector<std::string>> values;
  std::vector<std::vector<const stats::RunResult*>> runs;
  [[nodiscard]] std::size_t size() const { return runs.size(); }
  /// The first point with a finished run (the one the per-run sections show); npos when none.
  [[nodiscard]] std::size_t first_with_runs() const;
  /// "robots.count=20, stations.pickers=1" ("point 3" for a sweep without keys).
  [[nodiscard]] std::string label(std::size_t point) const;
};
/// True when the result is a sweep (experiment kind "sweep").
[[nodiscard]] bool is_sweep(const ResultData& data);
[[nodiscard]] Points group_points(const ResultData& data);

/// The Sweep section's content: what was swept, the per-point table and the chart of the
/// headline KPIs against the first numeric swept key. Adds "sweep" (the table's numbers) and
/// "sweep_kpis" (the chart's) to `root`.
[[nodiscard]] std::string sweep_html(const ResultData& data, const Points& points,
                                     report_data::JsonObject& root);

/// The note on the sections that show one point of a sweep: which point, and where the others
/// are. `full` gives the long form (for the KPI section), else one short sentence.
[[nodiscard]] std::string scope_html(const Points& points, std::size_t shown, bool full);

}  // namespace whsim::output::report_experiment
