// Travel times on the floor, in travel-time mode (robots do not interact).
//
// A robot drives straight segments from rest to rest: it accelerates at `accel`, cruises at
// `speed`, decelerates at `decel`, and stops to rotate in place at each 90-degree turn
// (`turn_90` per quarter turn; a U-turn is two). The heading at the start and at the end of a
// leg is free (the robot rotates while lifting or setting down). A leg's time is the sum of its
// segment times and turns, computed in double and rounded to the microsecond once.
//
// Loaded robots drive only on aisle, station, buffer and charger cells; a leg may begin by
// leaving a storage cell (after a lift) and end by entering one (to set a pod down), but never
// passes through one. Empty robots may also drive under stored pods (any cell but walls and
// stations, except their own start and end).
//
// Hot-path questions are answered from tables (DESIGN.md §4a): for every station, one exact
// time-shortest search over (cell, heading, segment length so far) states gives the loaded time
// and distance from every storage location to the station and back. Empty legs use the
// L-shaped path (one turn) when it is free of obstacles, which is then the time-shortest path;
// otherwise an exact A* search on the empty-robot graph.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "whsim/core/time.hpp"
#include "whsim/model/floor.hpp"

namespace whsim::model {

struct Motion {
  double speed = 1.5;    ///< m/s, > 0
  double accel = 0.5;    ///< m/s^2, > 0
  double decel = 0.5;    ///< m/s^2, > 0
  double turn_90 = 0.5;  ///< seconds per quarter turn, >= 0
};

/// Seconds to drive a straight segment of `metres` from rest to rest (0 for 0 m):
/// with d* = v^2/(2a) + v^2/(2b): metres >= d*: metres/v + v/(2a) + v/(2b);
/// otherwise the peak speed is p = sqrt(2 metres a b / (a + b)) and the time p/a + p/b.
[[nodiscard]] double segment_seconds(double metres, const Motion& motion);

/// One leg: time (rounded once) and distance driven.
struct Leg {
  Duration time;
  double metres = 0;
};

class TravelTimes {
 public:
  /// Precomputes the station tables. Does not throw for unreachable cells: see problem(). Throws
  /// ContractError for motion out of range (speed, accel, decel > 0, turn_90 >= 0). `floor` must
  /// outlive this object and not change (forbid) afterwards. Takes one exact search per station
  /// and direction, one per station when every edge of the floor has its reverse.
  TravelTimes(const Floor& floor, const Motion& motion);

  /// Loaded: lift at storage location `storage` (index into floor.storage_cells()), drive to
  /// station `station` (index into floor.station_cells()).
  [[nodiscard]] Leg to_station(std::size_t storage, std::size_t station) const;
  /// Loaded: from station `station` to storage location `storage` (set down there).
  /// Both look-ups throw ContractError for indices out of range and return
  /// Leg{Duration::max(), infinity} where no loaded path exists (see problem()).
  [[nodiscard]] Leg from_station(std::size_t station, std::size_t storage) const;
  /// Empty robot from cell `from` to cell `to` (any cells but walls). Drives under storage
  /// locations but through no station other than `from` and `to`. Leg{Duration::max(), infinity}
  /// when `to` cannot be reached; ContractError for cells not on the floor. Allocates nothing
  /// when a straight line or an L is free; otherwise searches (thread-safe: one search at a time).
  [[nodiscard]] Leg empty(CellId from, CellId to) const;

  /// The first problem found, if any: a storage location that cannot reach a station or be
  /// reached from it by a loaded robot, e.g. "storage location (12, 4) cannot reach station 2 at
  /// (0, 7) on aisles" or "... cannot be reached from station 2 at (0, 7) on aisles" (station
  /// indices as in floor.station_cells(); the lowest station, then the lowest storage location).
  /// The scenario layer turns it into a scenario error.
  [[nodiscard]] const std::optional<std::string>& problem() const { return problem_; }

  [[nodiscard]] const Floor& floor() const { return *floor_; }
  [[nodiscard]] const Motion& motion() const { return motion_; }

 private:
  /// Reusable buffers of the fallback search in empty(), behind a mutex so that one TravelTimes
  /// may serve engines on several threads. Results never depend on their contents (each search
  /// starts a new generation). A copy of a TravelTimes gets fresh, empty buffers; a moved-from
  /// TravelTimes may only be destroyed or assigned to.
  struct EmptyScratch;
  class ScratchHolder {
   public:
    ScratchHolder();
    ~ScratchHolder();
    ScratchHolder(const ScratchHolder& /*other*/);
    ScratchHolder& operator=(const ScratchHolder& /*other*/);
    ScratchHolder(ScratchHolder&& other) noexcept;
    ScratchHolder& operator=(ScratchHolder&& other) noexcept;
    [[nodiscard]] EmptyScratch& get() const { return *scratch_; }

   private:
    std::unique_ptr<EmptyScratch> scratch_;
  };

  /// Exact A* over (cell, heading, segment state) on the empty-robot graph (no obstacle-free L).
  [[nodiscard]] Leg empty_search(CellId from, CellId to) const;
  /// True when an empty robot bound for `to` may drive `cells` cells straight from `from` in
  /// direction d (every cell entered is `to` or neither a wall nor a station).
  [[nodiscard]] bool empty_line_free(CellId from, Dir d, int cells, CellId to) const;

  const Floor* floor_;
  Motion motion_;
  std::size_t storage_count_ = 0;
  /// K: the shortest segment (cells) that reaches cruising speed and brakes again, capped at one
  /// more than the longest straight line on the floor.
  std::uint32_t cruise_cells_ = 1;
  /// segment_seconds(n * cell_size) for n = 0..K.
  std::vector<double> segment_;
  /// cell_size / speed: each cell beyond K.
  double cruise_step_ = 0;
  /// True when every directed edge has its reverse: then one search per station serves both
  /// directions, and the from_* tables stay empty (from_station reads the to_* tables).
  bool symmetric_ = false;
  // [station * storage_count_ + storage]; unreachable: Duration::max() ticks, infinite metres
  std::vector<std::int64_t> to_ticks_, from_ticks_;
  std::vector<float> to_metres_, from_metres_;
  std::optional<std::string> problem_;
  ScratchHolder scratch_;
};

}  // namespace whsim::model
