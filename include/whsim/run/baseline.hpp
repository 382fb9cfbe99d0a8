// Regression baselines (results/baselines/NAME.json, docs/ci.md): a scenario, the seed and the
// replications it was run with, the run fingerprints, and the KPIs to guard, each with the
// replication values it came from, which way it improves and a tolerance. `whsim baseline`
// writes one; `whsim check` reruns the scenario with the same seed and replication indices
// and judges each KPI (whsim::stats::judge_regressions); `whsim check --accept` writes
// NAME.json.UPDATED beside a changed baseline and never overwrites the baseline itself.
//
// Files are JSON, written by baseline_json and read through whsim's hardened YAML reader (JSON
// is YAML), so every problem in a hand-edited baseline is reported as file:line:col: key.path:
// what is wrong (what was expected).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "whsim/output/check_report.hpp"
#include "whsim/stats/kpi.hpp"
#include "whsim/stats/regression.hpp"

namespace whsim::run {

/// The value of "scenario" for the built-in quickstart.
inline constexpr std::string_view kBuiltinQuickstart = "builtin:quickstart";
/// The "format" every baseline file starts with.
inline constexpr std::string_view kBaselineFormat = "whsim-baseline/1";
/// Baselines with guarded KPIs need at least this many replications (whsim check
/// --min-replications may ask for more). A fingerprint-only baseline may have one.
inline constexpr int kMinBaselineReplications = 10;

/// One guarded KPI.
struct BaselineKpi {
  std::string name;  ///< a KPI ("orders.completed") or a tally's percentile ("orders.pick_cycle_time.p95")
  std::string unit;
  stats::KpiBetter better = stats::KpiBetter::kNeither;
  stats::Tolerance tolerance;
  std::vector<double> values;  ///< per replication (NaN where the run had no value: JSON null)
};

struct Baseline {
  std::string description;
  std::string scenario;          ///< relative to the baseline file's folder, or kBuiltinQuickstart
  std::vector<std::string> set;  ///< overrides "key.path=value", applied in order
  std::string scenario_hash;     ///< 8 hex digits of the resolved scenario when it was made
  std::uint64_t seed = 1;        ///< replication r ran with streams keyed by (seed, r)
  int replications = 0;          ///< replications 0 .. replications-1
  std::string analysis;          ///< "terminating" or "steady-state"
  std::string warmup;            ///< "" (the scenario's or the default), a duration, or "mser5"
  output::FingerprintMode fingerprint = output::FingerprintMode::kReport;
  std::vector<std::string> fingerprints;  ///< per replication, 16 hex digits
  std::vector<BaselineKpi> kpis;
  std::string created_by;  ///< "whsim VERSION (COMMIT)": provenance only, never compared
};

/// Reads and validates a baseline file. Throws UnreadableFileError (missing, unreadable) or
/// InputError (every problem found, each located).
[[nodiscard]] Baseline read_baseline(const std::filesystem::path& file);
/// The same from text, naming it `file` in messages.
[[nodiscard]] Baseline parse_baseline(std::string_view text, const std::string& file);
/// The baseline as JSON (keys in a fixed order, doubles shortest round-trip, NaN as null), so
/// that parse_baseline(baseline_json(b)) == b.
[[nodiscard]] std::string baseline_json(const Baseline& baseline);

/// The scenario file a baseline names, resolved against the baseline file's folder (empty for
/// the built-in quickstart).
[[nodiscard]] std::filesystem::path baseline_scenario_path(const Baseline& baseline,
                                                           const std::filesystem::path& baseline_file);
/// How a baseline refers to `scenario_file` from `baseline_file`: relative to the baseline's
/// folder (generic separators), or absolute when no relative path exists.
[[nodiscard]] std::string scenario_reference(const std::filesystem::path& scenario_file,
                                             const std::filesystem::path& baseline_file);

/// The KPIs a new baseline guards when none are named: throughput (orders, lines and units
/// completed), the pick cycle time (mean and p95), the on-time share and backorders: those of
/// them the model declares, with the registry's direction.
[[nodiscard]] std::vector<std::string> default_guarded_kpis();

/// The direction of a KPI statistic by name ("orders.pick_cycle_time.p95" takes its KPI's),
/// from the model's KPI registry; kNeither for unknown names.
[[nodiscard]] stats::KpiBetter kpi_better(std::string_view statistic);

}  // namespace whsim::run
