// Reading the scenario a command runs: a file, the built-in quickstart or the scenario stored
// in a result (--from), with --set overrides, --seed and --horizon applied and validated. Shared
// by run, compare and sweep.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "whsim/scenario/scenario_spec.hpp"
#include "whsim/scenario/yaml_document.hpp"

namespace whsim::cli {

/// The name the built-in scenario is reported under.
inline constexpr const char* kBuiltinScenario = "quickstart.yaml (built in)";

struct ScenarioInput {
  std::string file;  ///< as given, or kBuiltinScenario ("" asks for the built-in one)
  std::string from;  ///< a result folder or result.h5 whose stored scenario is rerun ("" for none)
  std::vector<std::string> overrides;  ///< --set key=value, in order
  std::optional<std::uint64_t> seed;
  std::optional<std::string> horizon;
};

struct LoadedScenario {
  scenario::YamlDocument doc;  ///< resolved (extends and overrides applied)
  scenario::ScenarioSpec spec;
  std::string file;  ///< as reported (kBuiltinScenario for the built-in one)
  std::string name;  ///< scenario name: `name:`, the stored name, or the file's stem
  std::string hash;  ///< 8 hex digits of the resolved document
  std::vector<std::pair<std::string, std::string>> parameters;  ///< overrides as (key, value)
};

/// Loads, overrides and validates. Throws output::OutputError (a --from result that cannot be
/// read), UnreadableFileError or InputError.
[[nodiscard]] LoadedScenario load_scenario_input(const ScenarioInput& input);
/// Applies more overrides to a loaded scenario and validates again (sweep points, compare variants).
[[nodiscard]] LoadedScenario with_overrides(
    const LoadedScenario& base, const std::vector<std::pair<std::string, std::string>>& overrides);

/// For a catch block around reading the scenario a command runs (load_scenario_input,
/// with_overrides, run::choose_analysis): prints the exception being handled, as
/// "whsim COMMAND: error: ..." for a --from result that cannot be read or compiler-style for
/// input errors, and returns the exit code (66 unreadable, 65 invalid). Rethrows any other
/// exception.
[[nodiscard]] int report_scenario_error(std::string_view command);

/// Whether `name` is a KPI the models declare ("orders.pick_cycle_time") or a tally's
/// percentile ("orders.pick_cycle_time.p95", also .p50 and .p99): what --kpi and --target take.
[[nodiscard]] bool known_kpi_statistic(std::string_view name);

/// Letters, digits, '-', '_' and '.' kept, anything else '_' (at most 64 characters).
[[nodiscard]] std::string safe_name(std::string_view name);

}  // namespace whsim::cli
