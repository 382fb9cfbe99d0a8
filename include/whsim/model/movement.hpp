// How robots move. The warehouse asks a Movement for every leg a robot drives (empty to a pod,
// loaded to a station, loaded back to storage) and gets the leg's time and distance. Travel-time
// mode (TravelTimeMovement: robots do not interact, legs come from the precomputed tables) is the
// implementation today; traffic mode (cell reservations, waiting, deadlock handling) is the
// second one the traffic issue adds behind the same interface. Planning estimates (pod
// selection, slotting, nearest free location) always read the travel-time tables: they are
// estimates, not moves.
#pragma once

#include <cstdint>

#include "whsim/core/time.hpp"
#include "whsim/model/floor.hpp"
#include "whsim/model/travel_times.hpp"

namespace whsim::model {

class Movement {
 public:
  virtual ~Movement() = default;
  /// Robot `robot` starts, at `now`, an empty leg from cell `from` to cell `to`.
  virtual Leg empty_leg(std::uint32_t robot, SimTime now, CellId from, CellId to) = 0;
  /// Robot `robot` starts, at `now`, a loaded leg from storage location `storage` to `station`.
  virtual Leg to_station(std::uint32_t robot, SimTime now, std::size_t storage, std::size_t station) = 0;
  /// Robot `robot` starts, at `now`, a loaded leg from `station` to storage location `storage`.
  virtual Leg from_station(std::uint32_t robot, SimTime now, std::size_t station, std::size_t storage) = 0;
  /// "travel_time", ... (for summaries).
  [[nodiscard]] virtual std::string_view name() const = 0;
};

/// Travel-time mode: each leg takes its time-shortest time on the empty floor, whatever other
/// robots do.
class TravelTimeMovement final : public Movement {
 public:
  explicit TravelTimeMovement(const TravelTimes& travel) : travel_(travel) {}
  Leg empty_leg(std::uint32_t /*robot*/, SimTime /*now*/, CellId from, CellId to) override {
    return travel_.empty(from, to);
  }
  Leg to_station(std::uint32_t /*robot*/, SimTime /*now*/, std::size_t storage,
                 std::size_t station) override {
    return travel_.to_station(storage, station);
  }
  Leg from_station(std::uint32_t /*robot*/, SimTime /*now*/, std::size_t station,
                   std::size_t storage) override {
    return travel_.from_station(station, storage);
  }
  [[nodiscard]] std::string_view name() const override { return "travel_time"; }

 private:
  const TravelTimes& travel_;
};

}  // namespace whsim::model
