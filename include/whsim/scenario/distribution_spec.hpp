// Random quantities in scenarios: wherever a duration or a count may be random, the scenario
// writes either a constant ("30s", 4) or a distribution mapping:
//   {dist: exponential, mean: 30s}
//   {dist: lognormal, mean: 4s, cv: 0.5}            (or stddev: 2s)
//   {dist: gamma, mean: 10s, cv: 0.8}
//   {dist: erlang, mean: 10s, k: 3}
//   {dist: normal, mean: 10s, stddev: 2s}           (draws below 0 are taken as 0 for durations)
//   {dist: triangular, min: 2s, mode: 3s, max: 6s}
//   {dist: uniform, min: 2s, max: 6s}
//   {dist: empirical, values: [1, 2, 3], weights: [5, 3, 2]}
//   {dist: constant, value: 30s}
// Parameters are validated (positive means, min <= mode <= max, matching lengths, ...), unknown
// parameters get a "did you mean", and every problem is reported with its position.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "whsim/core/error.hpp"
#include "whsim/scenario/yaml_document.hpp"

namespace whsim::scenario {

enum class DistKind : std::uint8_t {
  kConstant,
  kExponential,
  kLognormal,
  kGamma,
  kErlang,
  kNormal,
  kTriangular,
  kUniform,
  kEmpirical
};
[[nodiscard]] std::string_view to_string(DistKind kind);

/// What the random quantity measures: its values are durations (in seconds, written with a unit)
/// or plain numbers (counts, units per line).
enum class DistDomain : std::uint8_t { kDuration, kNumber };

/// A validated distribution; values in seconds for durations. Only the fields of `kind` are set.
struct DistributionSpec {
  DistKind kind = DistKind::kConstant;
  DistDomain domain = DistDomain::kNumber;
  double value = 0;                     ///< constant
  double mean = 0;                      ///< exponential, lognormal, gamma, erlang, normal
  double cv = 0;                        ///< lognormal, gamma (coefficient of variation, stddev / mean)
  double stddev = 0;                    ///< normal (and lognormal when given instead of cv)
  std::int64_t k = 0;                   ///< erlang phases
  double min = 0, mode = 0, max = 0;    ///< triangular (min, mode, max), uniform (min, max)
  std::vector<double> values, weights;  ///< empirical
  SourceLocation where;
  /// The distribution's mean, for summaries and sanity checks.
  [[nodiscard]] double expected_value() const;
};

/// Reads the distribution at `node`. Problems are appended to `errors` (with `key_path`); the
/// returned spec is meaningful only when none were added.
[[nodiscard]] DistributionSpec read_distribution(const YamlDocument& doc, NodeIndex node, DistDomain domain,
                                                 const std::string& key_path,
                                                 std::vector<Diagnostic>& errors);

}  // namespace whsim::scenario
