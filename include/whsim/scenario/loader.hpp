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
/// Reads a scenario file and resolves its `extends:` chain (paths relative to the file that
/// names them; cycles and chains deeper than 16 are errors): the result holds every value, each
/// with the file, line and column it came from. Throws InputError, or UnreadableFileError when
/// a file (also a base) is missing or unreadable.
[[nodiscard]] YamlDocument load_scenario_document(const std::filesystem::path& path);
/// Reads, parses and validates a scenario file (with its extends chain). Throws InputError.
[[nodiscard]] ScenarioSpec load_scenario_file(const std::filesystem::path& path);
/// A 32-bit hash of the resolved document (after extends and overrides) that names result
/// folders: key order, comments, quoting style and simulation.seed do not change it; any value
/// does. FNV-1a over a canonical text (keys sorted, values as written).
[[nodiscard]] std::uint32_t scenario_hash(const YamlDocument& doc);
/// The spec of an empty scenario: every value at its schema default.
[[nodiscard]] ScenarioSpec default_scenario(const std::string& file);

}  // namespace whsim::scenario
