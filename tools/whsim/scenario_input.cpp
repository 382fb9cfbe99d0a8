// Reading the scenario a command runs (see the header).
#include "scenario_input.hpp"

#include <fmt/format.h>

#include "whsim/model/kpi_catalogue.hpp"
#include "whsim/output/files.hpp"
#include "whsim/output/hdf5_result.hpp"
#include "whsim/scenario/loader.hpp"

#include "commands.hpp"
#include "exit_codes.hpp"
#include "result_io.hpp"

namespace whsim::cli {

bool known_kpi_statistic(std::string_view name) {
  stats::KpiRegistry registry;
  model::declare_all_kpis(registry);
  for (const stats::KpiDef& def : registry.defs()) {
    if (name == def.name) return true;
    if (def.kind != stats::KpiKind::kTally) continue;
    if (name.size() == def.name.size() + 4 && name.starts_with(def.name)) {
      const std::string_view suffix = name.substr(def.name.size());
      if (suffix == ".p50" || suffix == ".p95" || suffix == ".p99") return true;
    }
  }
  return false;
}

std::string safe_name(std::string_view name) {
  std::string out;
  for (const char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                    c == '_' || c == '.';
    out += ok ? c : '_';
  }
  return out.empty() ? std::string("scenario") : out.substr(0, 64);
}

LoadedScenario load_scenario_input(const ScenarioInput& input) {
  LoadedScenario s;
  s.file = input.file.empty() ? std::string(kBuiltinScenario) : input.file;
  std::string stored_name;
  if (!input.from.empty()) {
    const output::ResultData stored = output::read_result_h5(result_file_of(input.from));
    s.file = stored.meta.scenario_file;
    stored_name = stored.meta.scenario_name;
    s.doc = scenario::YamlDocument::parse(stored.meta.scenario_yaml, s.file);
  } else {
    s.doc = input.file.empty() ? scenario::YamlDocument::parse(quickstart_yaml(), s.file)
                               : scenario::load_scenario_document(input.file);
  }
  for (const std::string& o : input.overrides) {
    s.doc.apply_override(o);
    const std::size_t eq = o.find('=');
    s.parameters.emplace_back(o.substr(0, eq), o.substr(eq + 1));
  }
  if (input.seed) {
    s.doc.apply_override(fmt::format("simulation.seed={}", *input.seed));
    s.parameters.emplace_back("simulation.seed", std::to_string(*input.seed));
  }
  if (input.horizon) {
    s.doc.apply_override(fmt::format("simulation.horizon={}", *input.horizon));
    s.parameters.emplace_back("simulation.horizon", *input.horizon);
  }
  s.spec = scenario::load_scenario(s.doc);
  const bool builtin = s.file == kBuiltinScenario;
  s.name =
      s.spec.name.given
          ? s.spec.name.value
          : (!stored_name.empty() ? stored_name
                                  : (builtin ? "quickstart" : std::filesystem::path(s.file).stem().string()));
  s.hash = fmt::format("{:08x}", scenario::scenario_hash(s.doc));
  return s;
}

LoadedScenario with_overrides(const LoadedScenario& base,
                              const std::vector<std::pair<std::string, std::string>>& overrides) {
  LoadedScenario s = base;
  for (const auto& [key, value] : overrides) {
    s.doc.apply_override(fmt::format("{}={}", key, value));
    s.parameters.emplace_back(key, value);
  }
  s.spec = scenario::load_scenario(s.doc);
  if (s.spec.name.given) s.name = s.spec.name.value;
  s.hash = fmt::format("{:08x}", scenario::scenario_hash(s.doc));
  return s;
}

int report_scenario_error(std::string_view command) {
  try {
    throw;
  } catch (const output::OutputError& e) {
    fmt::print(stderr, "whsim {}: error: {}\n", command, e.what());
    return kExitUnreadableInput;
  } catch (const UnreadableFileError& e) {
    print_diagnostics(e.diagnostics());
    return kExitUnreadableInput;
  } catch (const InputError& e) {
    print_diagnostics(e.diagnostics());
    return kExitInvalidInput;
  }
}

}  // namespace whsim::cli
