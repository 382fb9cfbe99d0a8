// The narrow interface through which models emit measurements. Models never touch files or
// decide what is kept: they call these four methods with handles from the KPI registry, and the
// run decides which Recorder (statistics, tracing, nothing) receives them.
#pragma once

#include <cstdint>

#include "whsim/core/time.hpp"
#include "whsim/stats/kpi.hpp"

namespace whsim::stats {

/// Receives measurements from a model. Each call names a KPI by handle; the call must match the
/// KPI's declared kind. Implementations make every call O(1) and allocation-free in steady state.
class Recorder {
 public:
  virtual ~Recorder() = default;
  /// A kCount KPI: n more events (default 1).
  virtual void count(KpiHandle kpi, std::int64_t n = 1) = 0;
  /// A kTally KPI: one observation.
  virtual void tally(KpiHandle kpi, double value) = 0;
  /// A kTimeWeighted KPI: the level is `value` from `now` on.
  virtual void level(KpiHandle kpi, SimTime now, double value) = 0;
  /// A kRatio KPI: `successes` out of `trials` more trials (0 <= successes <= trials).
  virtual void ratio(KpiHandle kpi, std::int64_t successes, std::int64_t trials) = 0;
};

}  // namespace whsim::stats
