// Writing one run's results: summary.json (KPIs with units, fingerprint, provenance), the
// terminal summary table, and the file discipline every output follows: a result folder is
// created if missing, each file is written under a temporary name in the same folder and
// renamed over its final name when complete, and a folder whsim did not write is never touched.
#pragma once

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "whsim/output/files.hpp"
#include "whsim/stats/run_result.hpp"

namespace whsim::output {

/// What summary.json says about the run besides its KPIs. Fields under "provenance" (wall
/// time, events per second) differ between identical runs; everything else is reproducible.
struct RunInfo {
  std::string whsim_version;
  std::string scenario_name;
  std::string scenario_file;  ///< "(built-in quickstart)" for the embedded one
  std::string scenario_hash;  ///< 8 hex digits of the resolved scenario
  std::uint64_t replication = 0;
  std::vector<std::pair<std::string, std::string>> model;  ///< robots, pods, ... as (name, value)
  double wall_seconds = 0;
  double build_seconds = 0;
};

/// summary.json: a JSON object (stable key order; NaN written as null).
[[nodiscard]] std::string summary_json(const stats::RunResult& result, const RunInfo& info);
/// The summary table for a terminal: KPI, value, unit (counts also per hour of measured time).
[[nodiscard]] std::string summary_table(const stats::RunResult& result);

}  // namespace whsim::output
