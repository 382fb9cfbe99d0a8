// From a validated ScenarioSpec to the model's inputs: the floor and its travel tables, the
// warehouse configuration, and random quantities. Problems that need the built floor to be seen
// (a map with an unknown character, a storage location no robot can reach, more pods than
// storage locations) are scenario errors located at the key that causes them.
#pragma once

#include <memory>

#include "whsim/kernel/random_quantity.hpp"
#include "whsim/model/floor.hpp"
#include "whsim/model/travel_times.hpp"
#include "whsim/model/warehouse.hpp"
#include "whsim/scenario/scenario_spec.hpp"

namespace whsim::scenario {

/// The floor and its travel tables (the tables point into the floor, so both live on the heap).
struct BuiltFloor {
  std::unique_ptr<model::Floor> floor;
  std::unique_ptr<model::TravelTimes> travel;
};

/// Builds the floor (parametric or ASCII map) and its travel tables. Throws InputError.
[[nodiscard]] BuiltFloor build_floor(const ScenarioSpec& spec);
/// The warehouse configuration for a built floor. Throws InputError.
[[nodiscard]] model::WarehouseConfig warehouse_config(const ScenarioSpec& spec, const model::Floor& floor);
/// A validated distribution as a sampler (values in seconds for durations).
[[nodiscard]] RandomQuantity to_random_quantity(const DistributionSpec& d);
/// Robot motion parameters from the scenario.
[[nodiscard]] model::Motion motion(const ScenarioSpec& spec);

}  // namespace whsim::scenario
