// Traffic mode: robots as bodies on the floor (docs/model.md, "Traffic").
//
// A robot is one cell long. Driving a straight segment from rest to rest (the travel-time motion
// model: accelerate, cruise, brake, turn only at rest), its body overlaps cell i of the segment
// while its centre is less than one cell from the centre of cell i; so it holds two cells while
// crossing between them, and at rest exactly one. Each cell keeps the time intervals during which
// robots hold it (a reservation table): no two robots' intervals on one cell ever overlap, which
// rules out both vertex conflicts (two robots in one cell) and swaps (two robots exchanging cells).
// A robot at rest holds its cell without end until its next leg is planned.
//
// Legs are planned one at a time, when they start, around every reservation already made
// (prioritised planning: earlier plans have priority). The planner is an A* search over the states
// "at rest on cell c facing h", whose moves are straight rest-to-rest segments of any length along
// the allowed cells, each with the earliest departure that keeps every cell it crosses free (waiting
// at rest where it stands); the label of a state is its earliest arrival (so a robot does not wait
// for a later free interval of a cell it reached early: the search is not complete, and then
// fails). Work is bounded by a number of expanded states, never by wall-clock time. With no other
// robot on the floor, a plan is the travel-time mode's time-shortest path and takes its time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "whsim/core/time.hpp"
#include "whsim/model/floor.hpp"
#include "whsim/model/travel_times.hpp"

namespace whsim::model {

struct TrafficOptions {
  /// States the planner may expand for one plan before it gives up (the plan then fails).
  std::uint32_t node_limit = 20000;
  /// Keep every reservation ever made, for verify() (tests and debugging; costs memory).
  bool keep_trace = false;
};

/// The outcome of one plan.
struct TrafficPlan {
  bool ok = false;
  SimTime depart;              ///< when the robot starts moving (it may wait at its cell first)
  SimTime arrive;              ///< at rest on the goal
  double metres = 0;           ///< driven
  Duration driving;            ///< the time in motion (segments and turns), without waits
  std::uint32_t segments = 0;  ///< straight segments driven
  std::uint32_t expanded = 0;  ///< states expanded
  /// On failure: the robot holding the goal without end (at rest there or coming to stay), or
  /// kNoRobot (the goal is free but no path was found within the node limit).
  std::uint32_t blocker = kNoRobot;
  /// On failure: the first robot at rest found in the way (holding way_cell without end), or
  /// kNoRobot; with `blocker`, the robots this one waits for.
  std::uint32_t way_blocker = kNoRobot;
  CellId way_cell;
  static constexpr std::uint32_t kNoRobot = std::numeric_limits<std::uint32_t>::max();
};

/// One reservation: `robot` holds `cell` over ticks [from, to) (to = kForever: without end).
struct Hold {
  std::int64_t from = 0;
  std::int64_t to = 0;
  std::uint32_t robot = 0;
  std::uint32_t cell = 0;
  static constexpr std::int64_t kForever = std::numeric_limits<std::int64_t>::max();
};

class TrafficPlanner {
 public:
  /// `floor` must outlive the planner. Throws ContractError for motion out of range.
  TrafficPlanner(const Floor& floor, const Motion& motion, std::size_t robots, const TrafficOptions& options);

  /// Puts `robot` at rest on `cell` from `at` (start of the run). Throws ContractError when the
  /// cell is held there already.
  void place(std::uint32_t robot, CellId cell, SimTime at);

  /// Makes `cells` the queue lane of the station on `station` (open: any robot may drive through).
  void add_lane(CellId station, const std::vector<std::uint32_t>& cells);
  /// Closes (or opens) the lane of the station on `station`: while closed, only robots whose goal
  /// is the station or a cell of the lane, or that leave from there, may enter its cells; plans
  /// made before stay as they are.
  void close_lane(CellId station, bool closed);

  /// Plans a leg of `robot` from where it is at rest (position(), from max(now, rest_from())) to
  /// `goal`, empty (under pods, through no station but the goal) or loaded (on aisle, station,
  /// buffer and charger cells only, leaving its storage cell and entering a storage goal). On
  /// success commits the reservations: the robot then holds the goal without end from its arrival.
  /// On failure changes nothing. A goal equal to the robot's cell is a leg of zero time.
  TrafficPlan plan(std::uint32_t robot, SimTime now, CellId goal, bool loaded);

  /// The path `robot` would take to `goal` if robot `ignore` were not on the floor (its holds are
  /// ignored), as the cells it would pass from its position to the goal; commits nothing. False
  /// when there is none within the node limit. For choosing where a robot steps aside to.
  bool probe(std::uint32_t robot, SimTime now, CellId goal, bool loaded, std::uint32_t ignore,
             std::vector<std::uint32_t>& cells);

  [[nodiscard]] CellId position(std::uint32_t robot) const { return CellId(at_[robot]); }
  /// From when the robot is at rest on position() (after the leg last planned).
  [[nodiscard]] SimTime rest_from(std::uint32_t robot) const { return SimTime::from_ticks(rest_[robot]); }
  /// The robot holding `cell` without end (at rest there, or coming to rest there), or kNoRobot.
  [[nodiscard]] std::uint32_t holder(CellId cell) const;
  /// True when no robot holds `cell` at any time from `from` on.
  [[nodiscard]] bool free_from(CellId cell, SimTime from) const;

  [[nodiscard]] const Floor& floor() const { return floor_; }
  /// The holds on `cell`, for messages: " [robot 3 10..20] [robot 5 25..end]" (ticks).
  [[nodiscard]] std::string describe_holds(CellId cell) const;
  [[nodiscard]] std::size_t robot_count() const { return at_.size(); }
  /// Every reservation made (keep_trace only), in the order made.
  [[nodiscard]] const std::vector<Hold>& trace() const { return trace_; }

  /// The invariant checker, independent of the planner's own bookkeeping: from the trace, no two
  /// robots hold one cell at one time and no two robots swap cells; each robot's holds are
  /// contiguous in time. Returns "" or the first violation. Throws ContractError without keep_trace.
  [[nodiscard]] std::string verify(SimTime end) const;

  // Cell statistics (heatmaps): how long robots held each cell and how long they stood waiting on
  // it for other robots, over [from of the last reset, end). A plan's holds and waits may reach
  // past the moment it is made; they count up to `end` only.

  /// Starts the cell statistics afresh from `from` (the statistics reset after the warm-up).
  void reset_cell_stats(SimTime from);
  [[nodiscard]] SimTime cell_stats_from() const { return SimTime::from_ticks(stats_from_); }
  /// Records that `robot` stood waiting on `cell` over [from, to) outside a plan (its plan was
  /// not found yet).
  void add_wait(std::uint32_t robot, CellId cell, SimTime from, SimTime to);
  /// [cell]: robot-seconds the cell was held (occupancy) or waited on, up to `end`.
  [[nodiscard]] std::vector<double> occupancy(SimTime end) const;
  [[nodiscard]] std::vector<double> waiting(SimTime end) const;

 private:
  /// A hold or wait of one robot still to be counted (it may end after the plan that made it).
  struct Span {
    std::uint32_t cell;
    std::int64_t from;
    std::int64_t to;
  };
  /// Adds the part of [from, to) after the statistics reset to `sums[cell]`.
  void count_span(std::vector<std::int64_t>& sums, const Span& s) const;
  /// Counts the spans that ended by `now`, keeps the others.
  void flush_spans(std::vector<Span>& spans, std::vector<std::int64_t>& sums, std::int64_t now);
  [[nodiscard]] std::vector<double> cell_seconds(const std::vector<std::int64_t>& sums,
                                                 const std::vector<std::vector<Span>>& pending,
                                                 SimTime end) const;

  struct Label {
    double g = 0;              ///< seconds since the leg's start, at rest here
    double moving = 0;         ///< of g, seconds in motion (segments and turns)
    std::int64_t rest = 0;     ///< tick it comes to rest here
    std::int64_t depart = 0;   ///< departure tick of the segment that led here
    std::uint32_t parent = 0;  ///< state it came from; kNone for a start state
    std::uint32_t n = 0;       ///< cells of that segment
    std::uint32_t cells = 0;   ///< driven so far
    std::uint32_t segments = 0;
  };

  struct Entry {
    double f;
    double g;
    std::uint32_t state;
  };

  struct Segment {
    std::uint32_t from;
    std::uint32_t dir;
    std::uint32_t n;
    std::int64_t depart;
  };
  /// False when robots at rest for good wall the robot in, away from its goal (then sets
  /// out.way_blocker and out.way_cell); true when the goal may be reachable.
  bool reachable(std::uint32_t robot, std::uint32_t start_cell, std::uint32_t goal, bool loaded,
                 std::int64_t start, TrafficPlan& out);
  /// The A* search of a leg from `start` (ticks); returns the goal state found or kNone (then
  /// sets out.blocker, out.way_blocker, out.way_cell); out.expanded in both cases.
  std::uint32_t search(std::uint32_t robot, std::int64_t start, std::uint32_t goal, bool loaded,
                       TrafficPlan& out);
  /// Commits the leg found by search(): reservations, cell statistics, position; fills `out`.
  void commit(std::uint32_t robot, SimTime now, std::int64_t start, std::uint32_t found, TrafficPlan& out);
  /// True when a robot (`loaded` or not) planning to `goal` may enter `cell`.
  [[nodiscard]] bool enterable(std::uint32_t cell, std::uint32_t goal, bool loaded) const;
  /// Earliest departure tick >= dep for a segment of n cells along the line whose busy cells are
  /// in busy_, or -1; sets `stop` when a longer segment cannot help (a cell on the line is held
  /// without end).
  [[nodiscard]] std::int64_t earliest(std::uint32_t robot, std::uint32_t n, std::int64_t dep,
                                      std::int64_t until, bool goal_end, bool& stop) const;
  /// The first of a cell's holds that ends after t.
  [[nodiscard]] static std::vector<Hold>::const_iterator ending_after(const std::vector<Hold>& hs,
                                                                      std::int64_t t);
  /// First interval of another robot on `cell` overlapping [a, b), or nullptr.
  [[nodiscard]] const Hold* conflict(std::uint32_t robot, std::uint32_t cell, std::int64_t a,
                                     std::int64_t b) const;
  /// True when another robot holds `cell` at some time after t.
  [[nodiscard]] bool busy_after(std::uint32_t robot, std::uint32_t cell, std::int64_t t) const;
  /// Which free interval of `cell` tick t is in: the holds of other robots that ended by t.
  [[nodiscard]] std::uint32_t interval_index(std::uint32_t robot, std::uint32_t cell, std::int64_t t) const;
  /// Start of the first interval of another robot on `cell` ending after `t` (kForever: none).
  [[nodiscard]] std::int64_t free_until(std::uint32_t robot, std::uint32_t cell, std::int64_t t) const;
  [[nodiscard]] double lower_bound(std::uint32_t cell, std::uint32_t goal) const;
  void reserve(std::uint32_t robot, std::uint32_t cell, std::int64_t from, std::int64_t to, std::int64_t now);
  void segment_windows(std::uint32_t n);

  const Floor& floor_;
  Motion motion_;
  TrafficOptions options_;
  double cs_ = 1.0;
  std::vector<std::uint32_t> at_;         ///< robot -> cell
  std::vector<std::int64_t> rest_;        ///< robot -> at rest from (ticks)
  std::vector<std::vector<Hold>> holds_;  ///< cell -> holds, sorted by from, disjoint
  std::vector<std::int64_t> last_to_;     ///< cell -> the latest end of its holds (0: none)
  std::vector<Hold> trace_;
  std::int64_t stats_from_ = 0;
  std::vector<std::int64_t> held_ticks_, wait_ticks_;       ///< [cell], counted spans
  std::vector<std::vector<Span>> held_spans_, wait_spans_;  ///< [robot], not counted yet
  std::vector<std::uint32_t> next_;  ///< [cell * 4 + d]: the cell a robot may drive to, or kNone
  std::vector<CellKind> kind_;
  std::vector<std::uint32_t> zone_;          ///< [cell]: its lane (1..), or 0
  std::vector<std::uint32_t> station_zone_;  ///< [station cell]: its lane, or 0
  std::vector<std::uint8_t> zone_closed_;    ///< [lane]: 1 while closed
  std::uint32_t zones_ = 0;
  std::uint32_t goal_zone_ = 0;      ///< the lane of the goal being searched (0: none)
  std::uint32_t start_zone_ = 0;     ///< the lane of its start (a robot leaving its station)
  std::vector<std::uint32_t> open_;  ///< robot -> its hold without end in trace_ (keep_trace)
  // Segment tables: for a segment of n cells, cell i (0..n) is held over
  // [depart + enter, depart + leave) ticks, rounded outwards; [n][n].leave is the arrival.
  std::vector<std::vector<std::int64_t>> enter_, leave_;
  std::vector<double> seconds_;  ///< [n]: segment_seconds(n cells)
  std::int64_t turn_ticks_ = 0;
  // Search scratch (reused; generation stamps make old labels invalid).
  std::vector<Label> labels_;
  std::vector<std::uint32_t> stamp_;
  std::vector<std::uint32_t> closed_;  ///< == generation_: expanded in this search
  std::uint32_t generation_ = 0;
  std::int64_t plan_start_ = 0;                   ///< the plan being searched starts here (ticks)
  std::uint32_t ignore_ = TrafficPlan::kNoRobot;  ///< a robot whose holds a probe() ignores
  mutable std::uint32_t way_blocker_ = 0;         ///< the first robot at rest found in the way
  mutable std::uint32_t way_cell_ = 0;
  std::vector<Entry> heap_;
  std::vector<Segment> path_;
  /// A cell of the line being expanded (i cells from the start) held by another robot later on.
  struct Busy {
    std::uint32_t i;
    std::uint32_t cell;
  };
  std::vector<Busy> busy_;
  static constexpr std::size_t kReachBudget = 4096;  ///< cells reachable() looks at, at most
  std::vector<std::uint32_t> reach_stamp_, reach_queue_;
  std::uint32_t reach_generation_ = 0;
};

}  // namespace whsim::model
