// YAML -> ScenarioSpec: checks every key against the schema and collects every problem (unknown
// keys with "did you mean", wrong types, values out of range, inconsistent values) before
// failing with one InputError that lists them all.
#pragma once

#include <filesystem>

#include "whsim/scenario/scenario_spec.hpp"
#include "whsim/scenario/yaml_document.hpp"

namespace whsim::scenario {

/// Validates a parsed document. Throws InputError listing every problem.
[[nodiscard]] ScenarioSpec load_scenario(const YamlDocument& doc);
/// Reads, parses and validates a scenario file. Throws InputError.
[[nodiscard]] ScenarioSpec load_scenario_file(const std::filesystem::path& path);
/// The spec of an empty scenario: every value at its schema default.
[[nodiscard]] ScenarioSpec default_scenario(const std::string& file);

/// Damerau-Levenshtein distance (adjacent transpositions count as one edit), for suggestions.
[[nodiscard]] std::size_t edit_distance(std::string_view a, std::string_view b);

}  // namespace whsim::scenario
