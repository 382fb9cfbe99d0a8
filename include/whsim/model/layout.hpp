// The floor as the outputs draw it: a neutral stats::FloorLayout (cell kinds and labelled
// markers), so the output layer never includes model headers.
#pragma once

#include "whsim/model/floor.hpp"
#include "whsim/stats/run_result.hpp"

namespace whsim::model {

/// The floor's cells as LayoutCell codes and markers for stations ("S0", "S1", ... in station
/// index order, as in the per-station table) and chargers ("C0", ...).
[[nodiscard]] stats::FloorLayout floor_layout(const Floor& floor);

}  // namespace whsim::model
