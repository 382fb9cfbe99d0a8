// Test support for the scenario tests: a scenario loaded from YAML text, the problems loading it
// reports (as text), and the warehouse configuration it builds.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "whsim/scenario/build.hpp"
#include "whsim/scenario/loader.hpp"

namespace whsim::scenario::test_support {

inline ScenarioSpec load(std::string_view text) {
  return load_scenario(YamlDocument::parse(text, "s.yaml"));
}

/// Every problem of loading `text` (file:line:col: key: message), or none.
inline std::vector<std::string> errors_of(std::string_view text) {
  std::vector<std::string> out;
  try {
    (void)load(text);
  } catch (const InputError& e) {
    for (const auto& d : e.diagnostics()) out.push_back(d.to_string());
  }
  return out;
}

/// The warehouse configuration `text` builds (on its floor).
inline model::WarehouseConfig config_of(std::string_view text) {
  const ScenarioSpec spec = load(text);
  const BuiltFloor built = build_floor(spec);
  return warehouse_config(spec, *built.floor);
}

/// Every problem of loading `text` and building its configuration, or none.
inline std::vector<std::string> config_errors(std::string_view text) {
  std::vector<std::string> out;
  try {
    (void)config_of(text);
  } catch (const InputError& e) {
    for (const auto& d : e.diagnostics()) out.push_back(d.to_string());
  }
  return out;
}

}  // namespace whsim::scenario::test_support
