// ScenarioSpec: a scenario as plain data, after reading and validation. Every value remembers
// where it came from (file, line, column), so later checks and the model builder can point at
// it. Values not given in the file hold the schema's default (given = false).
#pragma once

#include <cstdint>
#include <string>

#include "whsim/core/error.hpp"
#include "whsim/core/time.hpp"
#include "whsim/core/units.hpp"

namespace whsim::scenario {

template <class T>
struct Located {
  T value{};
  SourceLocation where;  ///< position of the value (or of the scenario file, for defaults)
  bool given = false;    ///< written in the scenario, not a default
};

struct SimulationSpec {
  Located<units::DateTime> start;
  Located<Duration> horizon;
  Located<Duration> warmup;
  Located<std::uint64_t> seed;
  Located<Duration> sample_interval;
};

struct ScenarioSpec {
  std::string file;
  Located<std::string> name;
  Located<std::string> description;
  SimulationSpec simulation;
};

}  // namespace whsim::scenario
