// Estimates across independent runs (replications): each KPI as the mean of its per-run values
// with a Student-t confidence interval, keeping every run's value. The output layer writes them
// (summary.json "estimates", points.csv) and the run layer's comparisons and searches use them.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "whsim/stats/confidence.hpp"
#include "whsim/stats/run_result.hpp"

namespace whsim::stats {

/// One statistic of one KPI across runs: `values[r]` is run r's value (NaN where the run had
/// none); the interval is over the finite values.
struct KpiEstimate {
  std::string name;       ///< the KPI's name, or "name.p95" for a tally's percentile
  std::string kpi;        ///< the KPI's name
  std::string statistic;  ///< "value" (the KPI's headline value), "p50", "p95" or "p99"
  std::string unit;
  KpiKind kind = KpiKind::kCount;
  ConfidenceInterval ci;
  std::vector<double> values;
};

/// One estimate per KPI (its headline value) and, for tallies, one each for p50, p95 and p99,
/// in the KPI order of the first run. KPIs missing from a run count as NaN there.
[[nodiscard]] std::vector<KpiEstimate> estimate_kpis(std::span<const RunResult* const> runs, double level);

/// A statistic of one run's KPI by estimate name ("orders.pick_cycle_time", "...p95"); NaN when
/// the run has no such KPI. `found` (optional) tells whether the name is a KPI statistic at all.
[[nodiscard]] double kpi_statistic(const RunResult& run, std::string_view name, bool* found = nullptr);

/// Per-row means across runs of a table (e.g. "daily"): rows matched by label, in the order
/// first seen; cell [row][column] is the interval over the runs that have that row.
struct TableEstimate {
  std::string name;
  std::string label;
  std::vector<std::string> columns;
  std::vector<std::string> units;
  std::vector<std::string> row_labels;
  std::vector<std::vector<ConfidenceInterval>> cells;
};
[[nodiscard]] TableEstimate estimate_table(std::span<const RunResult* const> runs, std::string_view table,
                                           double level);

}  // namespace whsim::stats
