// Files of an experiment folder (docs/experiments.md): manifest.json (what the sweep is: its
// points and run ids, written before any run so workers, shards and --resume agree on it),
// runs.csv (one row per run) and points.csv (one row per point, with confidence intervals).
// Rows are always in run-id order, whatever order the runs finished in.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "whsim/output/result.hpp"
#include "whsim/stats/comparison.hpp"

namespace whsim::output {

/// One run of a sweep as the manifest lists it.
struct ManifestRun {
  std::string id;  ///< e.g. "p000003-r00001-1a2b3c4d"
  std::uint64_t point = 0;
  std::uint64_t replication = 0;
};

/// Everything that defines a sweep; two sweeps with the same `sweep_id` run the same runs.
struct SweepManifest {
  std::string sweep_id;  ///< 8 hex digits of the definition below
  std::string name;      ///< the base scenario's name
  std::string scenario_file;
  std::string scenario_hash;  ///< of the base scenario with --set and `set:` applied
  std::string scenario_yaml;  ///< that scenario, resolved (the merged result stores it)
  std::vector<std::pair<std::string, std::string>> parameters;  ///< --set and `set:` overrides
  std::string sweep_file;                                       ///< "" for --vary
  std::vector<std::string> keys;
  std::vector<std::vector<std::string>> points;  ///< points[p][k]: YAML text
  std::vector<std::string> point_hashes;         ///< 8 hex digits of each point's resolved scenario
  std::vector<std::string> constraints;
  std::uint64_t generated = 0;  ///< points before constraints
  int replications = 1;
  std::uint64_t master_seed = 0;
  std::string analysis;       ///< "terminating" or "steady-state"
  std::string warmup_method;  ///< as ExperimentInfo
  double warmup_seconds = 0;
  double confidence_level = 0.95;
  std::string detail;  ///< detail level of every run's file
  std::vector<ManifestRun> runs;
};

/// manifest.json ("whsim-sweep-manifest/1").
[[nodiscard]] std::string manifest_json(const SweepManifest& m);
/// Parses manifest.json; throws OutputError (kRead) naming `what` when it is malformed.
[[nodiscard]] SweepManifest parse_manifest(std::string_view text, std::string_view what);

/// A run's line in runs.csv.
struct RunRow {
  std::string id;
  std::uint64_t point = 0;
  std::uint64_t replication = 0;
  std::string status;              ///< "done", "failed" or "missing"
  std::string error;               ///< failed: the error
  const RunRecord* run = nullptr;  ///< done: its result
};

/// runs.csv: run_id, point, replication, one column per swept key, status, error, seed,
/// fingerprint, events, every KPI (tallies also p50, p95, p99), provenance_wall_seconds.
[[nodiscard]] std::string runs_csv(const SweepManifest& m, const std::vector<RunRow>& rows);
/// points.csv: point, one column per swept key, runs (finished), then per KPI statistic its mean,
/// half_width, lower and upper at the manifest's confidence level, across the point's runs.
[[nodiscard]] std::string points_csv(const SweepManifest& m, const ResultData& merged);

/// One KPI statistic compared by `whsim compare`.
struct ComparedKpi {
  std::string name;  ///< "orders.pick_cycle_time" or "orders.pick_cycle_time.p95"
  std::string unit;
  stats::PairedDifference diff;            ///< B - A
  double p_holm = 0;                       ///< Holm-adjusted p-value over all compared KPIs
  bool significant = false;                ///< p_holm < 1 - level
  std::vector<double> values_a, values_b;  ///< per replication
};

/// A comparison of two scenarios under common random numbers.
struct Comparison {
  struct Side {
    std::string label, file, hash;
    std::vector<std::pair<std::string, std::string>> parameters;
    std::string warmup_note;
  };
  Side a, b;
  int replications = 0;
  std::uint64_t master_seed = 0;
  bool common_random_numbers = true;  ///< both sides have the same seed
  std::string analysis;
  double confidence_level = 0.95;
  std::vector<ComparedKpi> kpis;
  double wall_seconds = 0;  ///< provenance
};

/// compare.json ("whsim-compare/1"): both sides, the settings, per KPI the difference, interval,
/// p-values and verdict, and every replication's values.
[[nodiscard]] std::string comparison_json(const Comparison& c);
/// compare.csv: kpi, unit, n, mean_a, mean_b, difference, half_width, lower, upper, t, p,
/// p_holm, significant (0/1).
[[nodiscard]] std::string comparison_csv(const Comparison& c);

/// A search for the smallest value of a key meeting a KPI target (`whsim sweep --search`).
struct SearchReport {
  struct Probe {
    std::int64_t value = 0;
    double mean = 0;
    double bound = 0;  ///< one-sided confidence bound of the mean
    bool meets = false;
    std::vector<double> values;  ///< per replication
  };
  std::string scenario_name, scenario_file, scenario_hash;
  std::vector<std::pair<std::string, std::string>> parameters;
  std::string key;
  std::int64_t lo = 0, hi = 0;
  std::string target;  ///< e.g. "orders.pick_cycle_time.p95 <= 1800"
  double confidence_level = 0.95;
  int replications = 0;
  std::string analysis;
  std::vector<Probe> probes;  ///< in the order probed
  std::optional<std::int64_t> answer;
  double wall_seconds = 0;  ///< provenance
};
/// search.json ("whsim-search/1").
[[nodiscard]] std::string search_json(const SearchReport& r);
/// search.csv: one row per probe in the order probed: probe, value, mean, bound, meets, n.
[[nodiscard]] std::string search_csv(const SearchReport& r);
/// The probes and the answer as a table for a terminal.
[[nodiscard]] std::string search_table(const SearchReport& r);

}  // namespace whsim::output
