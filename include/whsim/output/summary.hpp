// Summaries of a result: summary.json (everything but the bulk data, for programs), summary.csv
// (one row per run: what spreadsheets and CI pipelines read) and the summary table printed on a
// terminal. Values that differ between identical runs (wall time, host, creation time) appear
// only under "provenance" (JSON) or in columns named provenance_* (CSV).
#pragma once

#include <string>

#include "whsim/output/files.hpp"
#include "whsim/output/result.hpp"
#include "whsim/stats/run_result.hpp"

namespace whsim::output {

/// summary.json: format "whsim-summary/2"; the scenario, parameters, build and, per run, its
/// seed, fingerprint, events, model size, every KPI (unit, kind, value and the statistics of
/// its kind) and the per-station/robot/hour/day tables. NaN is written as null.
[[nodiscard]] std::string summary_json(const ResultData& data);
/// summary.csv: a header line, then one row per run: scenario, hash, parameters, seed,
/// replication, complete, exit_status, events, fingerprint, each KPI's value (column
/// "name [unit]"; tallies also p50, p95 and p99), then provenance_wall_seconds and
/// provenance_host. RFC 4180 quoting; empty cells for NaN.
[[nodiscard]] std::string summary_csv(const ResultData& data);
/// The summary table of replications for a terminal: the analysis, then each KPI (and each
/// tally's p95) as mean +- half-width of its t-interval, unit and n.
[[nodiscard]] std::string estimates_table(const ResultData& data);
/// The summary table for a terminal: KPI, value, unit (counts also per hour of measured time).
[[nodiscard]] std::string summary_table(const stats::RunResult& result);

}  // namespace whsim::output
