// A result as the output layer writes and reads it: provenance and the resolved scenario (once
// per result file) and one RunResult per run. result.h5 (hdf5_result.hpp), summary.json and
// summary.csv (summary.hpp) and report.html (report.hpp) are all written from a ResultData, and
// `whsim report` reads one back from result.h5. Plain data.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "whsim/stats/run_result.hpp"

namespace whsim::output {

/// Version of the result.h5 layout (docs/output-format.md); raised on incompatible changes.
inline constexpr int kResultSchemaVersion = 1;

/// How much a result file holds. summary: provenance, scenario, KPIs, tables, floor layout.
/// standard (the default): also the time series, the per-order records and the floor heatmaps.
/// full: also the event trace.
enum class Detail : std::uint8_t { kSummary = 0, kStandard = 1, kFull = 2 };
[[nodiscard]] std::string_view to_string(Detail d);
/// "summary", "standard" or "full"; false for anything else.
[[nodiscard]] bool parse_detail(std::string_view text, Detail& out);

/// Values that differ between two otherwise identical runs. They are written under names that
/// start with "provenance_" (HDF5 attributes, CSV columns) or inside "provenance" (JSON) and
/// are the only differences between the outputs of two runs of one binary, scenario and seed.
struct Provenance {
  std::string created;  ///< UTC, ISO 8601 ("2026-11-27T10:15:00Z")
  std::string host;
  double wall_seconds = 0;   ///< whole command, building included
  double build_seconds = 0;  ///< floor, tables, inventory
};

/// How a result of several runs is to be read (replications, sweeps, searches). Absent
/// (`present` false) for a single `whsim run`, whose result.h5 and summary.json then hold no
/// experiment section.
struct ExperimentInfo {
  bool present = false;
  std::string kind;             ///< "replications" or "sweep"
  std::string analysis;         ///< "terminating" or "steady-state" (docs/experiments.md)
  std::string warmup_method;    ///< "scenario" (simulation.warmup), "fixed" (--warmup), "mser5" or "none"
  double warmup_seconds = 0;    ///< the warm-up deleted from every run
  bool warmup_reliable = true;  ///< mser5: the truncation point lay in the first half of the series
  std::string warmup_note;      ///< how the warm-up was found, one line
  double confidence_level = 0.95;
  std::string sweep_file;         ///< sweeps: the sweep file as given ("" for --vary)
  std::string sweep_id;           ///< sweeps and their run files: the sweep's id (manifest.json)
  std::vector<std::string> keys;  ///< sweeps: the swept key paths
  std::vector<std::vector<std::string>> points;  ///< sweeps: points[p][k], YAML text of key k at point p
};

/// Once per result: what was run, by which program.
struct ResultMeta {
  std::string whsim_version;
  std::string git_commit;  ///< "unknown" outside a git checkout
  bool git_dirty = false;
  std::string compiler;        ///< e.g. "GNU 12.2.0"
  std::string compiler_flags;  ///< CMAKE_CXX_FLAGS + build type flags
  std::string scenario_name;
  std::string scenario_file;    ///< as given ("quickstart.yaml (built in)" for the embedded one)
  std::string scenario_hash;    ///< 8 hex digits (the result folder's name)
  std::string scenario_sha256;  ///< of scenario_yaml, 64 hex digits
  std::string scenario_yaml;    ///< the fully resolved scenario (extends and --set applied)
  std::vector<std::pair<std::string, std::string>> parameters;  ///< --set overrides, as given
  std::uint64_t master_seed = 0;
  Detail detail = Detail::kStandard;
  ExperimentInfo experiment;
  std::string trace_filter;  ///< detail full: the event filter ("" = all)
  bool complete = true;      ///< false when any run stopped before its horizon
  int exit_status = 0;       ///< the exit code whsim returned with this result
  Provenance provenance;
};

/// One run in a result.
struct RunRecord {
  std::string run_id;       ///< stable id: "p<point>-r<replication>-<8 hex of the point's scenario>"
  std::uint64_t point = 0;  ///< sweeps: the point's index (0 otherwise)
  std::uint64_t replication = 0;
  stats::RunResult result;
  /// Model size and totals as (name, value): robots, pods, skus, stations, ... (integers).
  std::vector<std::pair<std::string, std::int64_t>> model;
  double wall_seconds = 0;  ///< provenance
};

struct ResultData {
  ResultMeta meta;
  std::vector<RunRecord> runs;
};

}  // namespace whsim::output
