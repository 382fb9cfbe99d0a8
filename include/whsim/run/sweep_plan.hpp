// The plan of a parameter sweep (`whsim sweep`): which scenario overrides make up each point,
// read from a sweep file (docs/sweeps.md) or from repeated --vary flags. A plan is plain data:
// every value is kept as YAML text, to be applied to the base scenario as `--set key=value`
// overrides (YamlDocument::apply_override) by the caller, which also validates the keys against
// the scenario schema. Planning never reads the scenario, never uses std random engines or libm
// transcendental functions (Latin hypercube samples come from whsim's own RandomStreams, so a
// plan is bit-identical on every machine), and never iterates an unordered container.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "whsim/scenario/yaml_document.hpp"

namespace whsim::run {

/// One override: a key path such as "robots.count" and its value as YAML text ("40", "[1, 2]",
/// "'a, b'"), such that `key=value` given to YamlDocument::apply_override sets exactly that value.
struct SweepAssignment {
  std::string key;
  std::string value;
  friend bool operator==(const SweepAssignment&, const SweepAssignment&) = default;
};

/// One point of the sweep: a value for every swept key, in the order of SweepPlan::keys.
struct SweepPoint {
  std::vector<SweepAssignment> assignments;
  friend bool operator==(const SweepPoint&, const SweepPoint&) = default;
};

struct SweepPlan {
  /// The base scenario named in the sweep file, relative to the working folder (the sweep file's
  /// folder joined with the path as written; absolute paths stay as they are); "" when none given.
  std::string scenario;
  /// `set:` overrides, applied to every point before the point's own assignments.
  std::vector<SweepAssignment> fixed;
  /// The swept keys, in factor order (within a zip or Latin hypercube, in the order written).
  std::vector<std::string> keys;
  /// The points that pass every constraint, in generation order (cartesian product of the
  /// factors, the first factor varying slowest).
  std::vector<SweepPoint> points;
  /// Points before constraints (generated - points.size() were skipped by a constraint).
  std::size_t generated = 0;
  /// The constraints as written.
  std::vector<std::string> constraints;
  /// Replications per point, 1 to 10,000.
  int replications = 1;
};

/// Limits of a sweep (documented in docs/sweeps.md).
inline constexpr std::size_t kMaxSweepPoints = 1'000'000;  ///< points before constraints
inline constexpr std::size_t kMaxRangeValues = 100'000;    ///< values of one range
inline constexpr std::size_t kMaxLatinHypercubeSamples = 100'000;
inline constexpr std::size_t kMaxLatinHypercubeValues = 1'000'000;  ///< samples x keys of one design
inline constexpr int kMaxReplications = 10'000;
inline constexpr std::size_t kMaxConstraintLength = 1000;  ///< characters of one constraint
inline constexpr int kMaxConstraintNesting = 64;           ///< parentheses, `not` and unary minus

/// Reads a sweep file (through YamlDocument::load, with its limits). Throws InputError holding
/// every problem found (UnreadableFileError when the file cannot be read).
[[nodiscard]] SweepPlan load_sweep_file(const std::filesystem::path& file);

/// The same from a parsed document; `scenario` is resolved relative to the folder of doc.file().
[[nodiscard]] SweepPlan parse_sweep(const scenario::YamlDocument& doc);

/// A grid from repeated `--vary key=[v1, v2, ...]` flags (each value a YAML flow list, so
/// "[ 'a,b', c ]" gives the two values 'a,b' and c), the first flag varying slowest. No flags
/// give one point without assignments. Throws InputError located at "command line", key `--vary`.
[[nodiscard]] SweepPlan plan_from_vary(const std::vector<std::string>& vary, int replications = 1);

/// "robots.count=40, floor.stations_per_side=2": a point as one line for messages and tables.
[[nodiscard]] std::string describe_point(const SweepPoint& point);

}  // namespace whsim::run
