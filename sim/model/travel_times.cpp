// Travel times on the floor (see the header): the station tables (one exact time-shortest search
// per station and direction) and empty legs (L-shaped path or exact A*). Everything here must be
// deterministic: no unordered containers, no address-dependent order, ties in time go to fewer
// metres, and no libm transcendental functions (only sqrt, which IEEE-754 rounds correctly).
//
// The search model. A robot's state is (cell, heading, k) with k the cells driven so far in the
// current straight segment, capped at K (the first k with k * cell_size >= d*, beyond which each
// cell costs exactly cell_size / speed). Driving on from k to k + 1 costs
// segment_seconds((k + 1) cs) - segment_seconds(k cs), so a segment of n cells costs exactly
// segment_seconds(n cs) (telescoping); turning 90 degrees costs turn_90 and, since a robot turns
// only when stopped, ends the segment (k = 0).
//
// The searches run an equivalent, smaller graph with two states per (cell, heading):
//   stopped(c, h): at rest on c, about to drive a segment heading h (k = 0);
//   cruise(c, h):  on c in a segment of K or more cells heading h (k = K).
// From stopped(c, h) the robot drives n = 1..K-1 cells and stops (cost segment_seconds(n cs),
// the sum of the telescoping steps) and turns there, or drives K cells and is cruising. From
// cruise(c, h) it drives on one cell (cs / speed) or stops and turns. A stop followed by driving
// on in the same heading is left out: it never helps, since segment_seconds is subadditive. The
// states k = 1..K-1 are thus folded into the edges of stopped(c, h), which cuts the states of a
// search threefold for the default motion; the optimal times are those of the (cell, heading, k)
// model. A leg ends wherever a segment ends (the end heading is free).
#include "whsim/model/travel_times.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <mutex>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "whsim/core/error.hpp"

namespace whsim::model {

namespace {

constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
/// In the next-cell tables: the neighbour is storage location (value & ~kStorageFlag).
constexpr std::uint32_t kStorageFlag = 0x8000'0000U;
constexpr double kInfinity = std::numeric_limits<double>::infinity();
constexpr std::uint32_t kStatesPerCell = 8;  // stopped(c, 0..3), cruise(c, 0..3)

constexpr std::array<Dir, 4> kDirs{Dir::kNorth, Dir::kEast, Dir::kSouth, Dir::kWest};

constexpr Dir opposite(Dir d) {
  return kDirs[(static_cast<std::size_t>(d) + 2) % 4];
}

/// The best (time, cells driven) found for a state; lexicographic order.
struct Label {
  double cost = kInfinity;
  std::uint32_t cells = kNone;
};

[[nodiscard]] bool better(double cost, std::uint32_t cells, const Label& than) {
  return cost < than.cost || (cost == than.cost && cells < than.cells);
}

/// A priority-queue entry: a state with its key (time; for A* time plus the lower bound) and cells
/// key (cells driven; for A* plus the Manhattan distance left).
struct Entry {
  double key;
  std::uint32_t cells_key;
  std::uint32_t state;
};

/// std::push_heap builds a max-heap; "after" makes it a min-heap in (key, cells_key, state).
[[nodiscard]] bool after(const Entry& a, const Entry& b) {
  if (a.key != b.key) return a.key > b.key;
  if (a.cells_key != b.cells_key) return a.cells_key > b.cells_key;
  return a.state > b.state;
}

void check_motion(const Motion& m) {
  const auto positive = [](double v) { return std::isfinite(v) && v > 0; };
  if (!positive(m.speed) || !positive(m.accel) || !positive(m.decel) || !std::isfinite(m.turn_90) ||
      m.turn_90 < 0) {
    throw ContractError(
        fmt::format("TravelTimes: motion parameters out of range (speed {} m/s, accel {} m/s^2, "
                    "decel {} m/s^2, turn_90 {} s; expected speed, accel, decel > 0, turn_90 >= 0)",
                    m.speed, m.accel, m.decel, m.turn_90));
  }
}

[[nodiscard]] bool loaded_traversable(CellKind kind) {
  return kind == CellKind::kAisle || kind == CellKind::kStation || kind == CellKind::kBuffer ||
         kind == CellKind::kCharger;
}

/// The loaded-robot graph in compact form: the traversable cells (aisle, station, buffer,
/// charger) numbered in row-major order, and for each the next cell when driving in each heading,
/// forwards (leaving the cell) and backwards (the cell a robot heading h came from).
struct LoadedGraph {
  std::vector<std::uint32_t> compact;  ///< cell -> traversable index, kNone for others
  /// [t * 4 + h]: a traversable index, kStorageFlag | storage index, or kNone.
  std::vector<std::uint32_t> next_forward, next_backward;

  LoadedGraph(const Floor& floor, const std::vector<std::uint32_t>& storage_index) {
    compact.assign(floor.cell_count(), kNone);
    std::uint32_t count = 0;
    for (std::size_t i = 0; i < floor.cell_count(); ++i) {
      if (loaded_traversable(floor.kind(CellId(static_cast<std::uint32_t>(i))))) compact[i] = count++;
    }
    next_forward.assign(std::size_t{count} * 4, kNone);
    next_backward.assign(std::size_t{count} * 4, kNone);
    const auto encode = [&](CellId c) {
      if (compact[c.index()] != kNone) return compact[c.index()];
      if (storage_index[c.index()] != kNone) return kStorageFlag | storage_index[c.index()];
      return kNone;
    };
    for (std::size_t i = 0; i < floor.cell_count(); ++i) {
      const std::uint32_t t = compact[i];
      if (t == kNone) continue;
      const CellId c(static_cast<std::uint32_t>(i));
      for (const Dir d : kDirs) {
        const std::size_t slot = std::size_t{t} * 4 + static_cast<std::size_t>(d);
        if (floor.can_leave(c, d)) next_forward[slot] = encode(floor.neighbour(c, d));
        const CellId prev = floor.neighbour(c, opposite(d));
        if (prev.valid() && floor.can_leave(prev, d)) next_backward[slot] = encode(prev);
      }
    }
  }
  [[nodiscard]] std::uint32_t traversable_count() const {
    return static_cast<std::uint32_t>(next_forward.size() / 4);
  }
};

/// A monotone priority queue (radix heap) for the station searches: Dijkstra never pushes a key
/// below the last one popped, and non-negative doubles order like their bit patterns, so entries
/// are bucketed by the highest bit in which their key differs from the last key popped. Entries
/// with equal keys leave in a fixed (last in, first out) order, so the queue is deterministic;
/// the labels, not the pop order, decide ties (time, then cells).
class RadixQueue {
 public:
  void clear() {
    for (std::vector<Entry>& b : buckets_) b.clear();
    last_ = 0;
  }
  void push(const Entry& e) { buckets_[bucket(bits(e.key))].push_back(e); }
  /// Removes and returns the least entry; false when the queue is empty.
  bool pop(Entry& out) {
    if (buckets_[0].empty()) {
      std::size_t i = 1;
      while (i < buckets_.size() && buckets_[i].empty()) ++i;
      if (i == buckets_.size()) return false;
      std::vector<Entry>& from = buckets_[i];
      std::uint64_t least = bits(from.front().key);
      for (const Entry& e : from) least = std::min(least, bits(e.key));
      last_ = least;
      for (const Entry& e : from) buckets_[bucket(bits(e.key))].push_back(e);  // all land below i
      from.clear();
    }
    out = buckets_[0].back();
    buckets_[0].pop_back();
    return true;
  }

 private:
  [[nodiscard]] static std::uint64_t bits(double key) { return std::bit_cast<std::uint64_t>(key); }
  [[nodiscard]] std::size_t bucket(std::uint64_t key) const {
    return key == last_ ? 0 : static_cast<std::size_t>(64 - std::countl_zero(key ^ last_));
  }
  std::array<std::vector<Entry>, 65> buckets_;
  std::uint64_t last_ = 0;
};

/// One station's exact search on the loaded graph (forwards: from the station; backwards: to it).
/// Buffers are kept between stations.
class LoadedSearch {
 public:
  LoadedSearch(const LoadedGraph& graph, const std::vector<double>& segment, double cruise_step, double turn,
               std::size_t storage_count)
      : graph_(graph),
        segment_(segment),
        cruise_cells_(static_cast<std::uint32_t>(segment.size() - 1)),
        cruise_step_(cruise_step),
        turn_(turn),
        labels_(std::size_t{graph.traversable_count()} * kStatesPerCell),
        storage_(storage_count) {}

  /// Runs the search from traversable cell `source`; result() then holds the best (time, cells)
  /// to (forwards) or from (backwards) every storage location.
  void run(std::uint32_t source, bool backwards) {
    std::fill(labels_.begin(), labels_.end(), Label{});
    std::fill(storage_.begin(), storage_.end(), Label{});
    queue_.clear();
    next_ = backwards ? &graph_.next_backward : &graph_.next_forward;
    for (std::uint32_t h = 0; h < 4; ++h) relax(source * kStatesPerCell + h, 0.0, 0);
    Entry e{};
    while (queue_.pop(e)) {
      const Label& label = labels_[e.state];
      if (e.key != label.cost || e.cells_key != label.cells) continue;  // superseded
      expand(e.state, e.key, e.cells_key);
    }
  }
  [[nodiscard]] const std::vector<Label>& result() const { return storage_; }

 private:
  void relax(std::uint32_t state, double cost, std::uint32_t cells) {
    Label& label = labels_[state];
    if (!better(cost, cells, label)) return;
    label = Label{cost, cells};
    queue_.push(Entry{cost, cells, state});
  }
  void arrive(std::uint32_t encoded, double cost, std::uint32_t cells) {
    Label& label = storage_[encoded & ~kStorageFlag];
    if (better(cost, cells, label)) label = Label{cost, cells};
  }
  /// A segment heading h ended on traversable cell t (backwards: began there): the robot stops and
  /// turns. The end heading of a leg is free, so arriving needs no turn.
  void land(std::uint32_t t, std::uint32_t h, double cost, std::uint32_t cells) {
    const std::uint32_t base = t * kStatesPerCell;
    const double quarter = cost + turn_;
    relax(base + ((h + 1) & 3U), quarter, cells);
    relax(base + ((h + 3) & 3U), quarter, cells);
    relax(base + ((h + 2) & 3U), quarter + turn_, cells);
  }
  void expand(std::uint32_t state, double cost, std::uint32_t cells) {
    const std::uint32_t t = state / kStatesPerCell;
    const std::uint32_t slot = state % kStatesPerCell;
    const std::vector<std::uint32_t>& next = *next_;
    if (slot < 4) {  // stopped(t, h): drive n = 1..K cells
      const std::uint32_t h = slot;
      std::uint32_t at = t;
      for (std::uint32_t n = 1; n <= cruise_cells_; ++n) {
        const std::uint32_t to = next[std::size_t{at} * 4 + h];
        if (to == kNone) return;
        const double c = cost + segment_[n];
        if ((to & kStorageFlag) != 0) {
          arrive(to, c, cells + n);
          return;
        }
        at = to;
        if (n < cruise_cells_) {
          land(at, h, c, cells + n);
        } else {
          relax(at * kStatesPerCell + 4 + h, c, cells + n);
        }
      }
      return;
    }
    const std::uint32_t h = slot - 4;  // cruise(t, h): stop and turn here, or drive on one cell
    land(t, h, cost, cells);
    const std::uint32_t to = next[std::size_t{t} * 4 + h];
    if (to == kNone) return;
    if ((to & kStorageFlag) != 0) {
      arrive(to, cost + cruise_step_, cells + 1);
    } else {
      relax(to * kStatesPerCell + 4 + h, cost + cruise_step_, cells + 1);
    }
  }

  const LoadedGraph& graph_;
  const std::vector<double>& segment_;
  std::uint32_t cruise_cells_;
  double cruise_step_;
  double turn_;
  const std::vector<std::uint32_t>* next_ = nullptr;
  std::vector<Label> labels_;
  std::vector<Label> storage_;
  RadixQueue queue_;
};

[[nodiscard]] bool graph_is_symmetric(const Floor& floor) {
  for (std::size_t i = 0; i < floor.cell_count(); ++i) {
    const CellId c(static_cast<std::uint32_t>(i));
    if (floor.kind(c) == CellKind::kWall) continue;
    for (const Dir d : kDirs) {
      const CellId n = floor.neighbour(c, d);
      if (n.valid() && floor.can_leave(c, d) != floor.can_leave(n, opposite(d))) return false;
    }
  }
  return true;
}

}  // namespace

double segment_seconds(double metres, const Motion& motion) {
  if (!(metres > 0)) return 0.0;
  const double v = motion.speed;
  const double a = motion.accel;
  const double b = motion.decel;
  const double full = v * v / (2 * a) + v * v / (2 * b);
  if (metres >= full) return metres / v + v / (2 * a) + v / (2 * b);
  const double peak = std::sqrt(2 * metres * a * b / (a + b));
  return peak / a + peak / b;
}

// ---- A* scratch ------------------------------------------------------------------------------

struct TravelTimes::EmptyScratch {
  std::mutex mutex;
  std::vector<Label> labels;
  std::vector<std::uint32_t> stamp;  ///< labels[i] is valid when stamp[i] == generation
  std::uint32_t generation = 0;
  struct AStarEntry {
    Entry order;  ///< (f = g + h, cells + Manhattan, state)
    double cost;  ///< g, to recognise superseded entries
    std::uint32_t cells;
  };
  std::vector<AStarEntry> heap;
};

TravelTimes::ScratchHolder::ScratchHolder() : scratch_(std::make_unique<EmptyScratch>()) {}
TravelTimes::ScratchHolder::~ScratchHolder() = default;
TravelTimes::ScratchHolder::ScratchHolder(const ScratchHolder& /*other*/)
    : scratch_(std::make_unique<EmptyScratch>()) {}
TravelTimes::ScratchHolder& TravelTimes::ScratchHolder::operator=(const ScratchHolder& other) {
  if (this != &other) scratch_ = std::make_unique<EmptyScratch>();
  return *this;
}
TravelTimes::ScratchHolder::ScratchHolder(ScratchHolder&& other) noexcept = default;
TravelTimes::ScratchHolder& TravelTimes::ScratchHolder::operator=(ScratchHolder&& other) noexcept = default;

// ---- Construction: the station tables ----------------------------------------------------------

TravelTimes::TravelTimes(const Floor& floor, const Motion& motion) : floor_(&floor), motion_(motion) {
  check_motion(motion);
  const double cs = floor.cell_size();
  const std::vector<CellId>& storage = floor.storage_cells();
  const std::vector<CellId>& stations = floor.station_cells();
  storage_count_ = storage.size();

  // K: the first k with k * cs >= d*; no straight line is longer than the floor, so K need not
  // exceed max(width, height) + 1 (the table stays small for slow accelerations).
  const double full =
      motion.speed * motion.speed / (2 * motion.accel) + motion.speed * motion.speed / (2 * motion.decel);
  const auto longest = static_cast<std::uint32_t>(std::max(floor.width(), floor.height())) + 1;
  std::uint32_t k = 1;
  while (k < longest && static_cast<double>(k) * cs < full) ++k;
  cruise_cells_ = k;
  segment_.resize(std::size_t{k} + 1);
  for (std::uint32_t n = 0; n <= k; ++n) segment_[n] = segment_seconds(static_cast<double>(n) * cs, motion);
  cruise_step_ = cs / motion.speed;

  if (stations.empty() || storage.empty()) return;
  std::vector<std::uint32_t> storage_index(floor.cell_count(), kNone);
  for (std::size_t j = 0; j < storage.size(); ++j)
    storage_index[storage[j].index()] = static_cast<std::uint32_t>(j);
  const LoadedGraph graph(floor, storage_index);
  symmetric_ = graph_is_symmetric(floor);

  const std::size_t table = stations.size() * storage_count_;
  to_ticks_.resize(table);
  to_metres_.resize(table);
  if (!symmetric_) {
    from_ticks_.resize(table);
    from_metres_.resize(table);
  }
  const auto store = [&](const std::vector<Label>& result, std::size_t station,
                         std::vector<std::int64_t>& ticks, std::vector<float>& metres) {
    for (std::size_t j = 0; j < storage_count_; ++j) {
      const Label& label = result[j];
      const std::size_t at = station * storage_count_ + j;
      if (label.cells == kNone) {
        ticks[at] = Duration::max().ticks();
        metres[at] = std::numeric_limits<float>::infinity();
      } else {
        ticks[at] = Duration::from_seconds(label.cost).ticks();
        metres[at] = static_cast<float>(static_cast<double>(label.cells) * cs);
      }
    }
  };

  LoadedSearch search(graph, segment_, cruise_step_, motion.turn_90, storage_count_);
  for (std::size_t i = 0; i < stations.size(); ++i) {
    const std::uint32_t source = graph.compact[stations[i].index()];
    // Backwards from the station: storage -> station. On a symmetric graph every path reversed
    // is a path with the same segments and turns, so the same search gives station -> storage.
    search.run(source, /*backwards=*/true);
    store(search.result(), i, to_ticks_, to_metres_);
    if (!symmetric_) {
      search.run(source, /*backwards=*/false);
      store(search.result(), i, from_ticks_, from_metres_);
    }
    if (problem_) continue;
    for (std::size_t j = 0; j < storage_count_; ++j) {
      const bool cannot_reach = to_ticks_[i * storage_count_ + j] == Duration::max().ticks();
      const bool cannot_be_reached =
          !symmetric_ && from_ticks_[i * storage_count_ + j] == Duration::max().ticks();
      if (!cannot_reach && !cannot_be_reached) continue;
      problem_ = fmt::format("storage location {} {} station {} at {} on aisles", floor.describe(storage[j]),
                             cannot_reach ? "cannot reach" : "cannot be reached from", i,
                             floor.describe(stations[i]));
      break;
    }
  }
}

// ---- Table look-ups ----------------------------------------------------------------------------

Leg TravelTimes::to_station(std::size_t storage, std::size_t station) const {
  if (storage >= storage_count_ || station >= floor_->station_cells().size()) {
    throw ContractError(
        fmt::format("TravelTimes::to_station: storage {} or station {} out of range", storage, station));
  }
  const std::size_t at = station * storage_count_ + storage;
  return Leg{Duration::from_ticks(to_ticks_[at]), static_cast<double>(to_metres_[at])};
}

Leg TravelTimes::from_station(std::size_t station, std::size_t storage) const {
  if (storage >= storage_count_ || station >= floor_->station_cells().size()) {
    throw ContractError(
        fmt::format("TravelTimes::from_station: station {} or storage {} out of range", station, storage));
  }
  const std::size_t at = station * storage_count_ + storage;
  if (symmetric_) return Leg{Duration::from_ticks(to_ticks_[at]), static_cast<double>(to_metres_[at])};
  return Leg{Duration::from_ticks(from_ticks_[at]), static_cast<double>(from_metres_[at])};
}

// ---- Empty legs --------------------------------------------------------------------------------

bool TravelTimes::empty_line_free(CellId from, Dir d, int cells, CellId to) const {
  const Floor& f = *floor_;
  CellId at = from;
  for (int i = 0; i < cells; ++i) {
    if (!f.can_leave(at, d)) return false;
    at = f.neighbour(at, d);
    if (at != to && f.kind(at) == CellKind::kStation) return false;
  }
  return true;
}

Leg TravelTimes::empty(CellId from, CellId to) const {
  const Floor& f = *floor_;
  if (!from.valid() || !to.valid() || from.index() >= f.cell_count() || to.index() >= f.cell_count()) {
    throw ContractError(
        fmt::format("TravelTimes::empty: cell {} or {} is not on the floor", from.value(), to.value()));
  }
  if (from == to) return Leg{Duration::zero(), 0.0};
  const int dx = f.x(to) - f.x(from);
  const int dy = f.y(to) - f.y(from);
  const Dir x_dir = dx > 0 ? Dir::kEast : Dir::kWest;
  const Dir y_dir = dy > 0 ? Dir::kSouth : Dir::kNorth;
  const int nx = std::abs(dx);
  const int ny = std::abs(dy);
  const double cs = f.cell_size();
  if (dx == 0 || dy == 0) {
    const Dir d = dx == 0 ? y_dir : x_dir;
    const int n = nx + ny;
    if (empty_line_free(from, d, n, to)) {
      return Leg{Duration::from_seconds(segment_seconds(n * cs, motion_)), n * cs};
    }
    return empty_search(from, to);
  }
  // An L (one turn) is the time-shortest path when free: every path needs a turn, and driving
  // |dx| cells east-west in any number of segments takes at least segment_seconds(|dx| cs).
  const CellId x_corner = f.cell(f.x(to), f.y(from));
  const CellId y_corner = f.cell(f.x(from), f.y(to));
  const bool x_first = empty_line_free(from, x_dir, nx, to) && empty_line_free(x_corner, y_dir, ny, to);
  if (x_first || (empty_line_free(from, y_dir, ny, to) && empty_line_free(y_corner, x_dir, nx, to))) {
    const double seconds =
        segment_seconds(nx * cs, motion_) + motion_.turn_90 + segment_seconds(ny * cs, motion_);
    return Leg{Duration::from_seconds(seconds), (nx + ny) * cs};
  }
  return empty_search(from, to);
}

Leg TravelTimes::empty_search(CellId from, CellId to) const {
  const Floor& f = *floor_;
  const double cs = f.cell_size();
  const double turn = motion_.turn_90;
  const std::uint32_t cruise_cells = cruise_cells_;
  const int tx = f.x(to);
  const int ty = f.y(to);
  const auto states = static_cast<std::uint32_t>(f.cell_count() * kStatesPerCell);
  const std::uint32_t goal = states;

  EmptyScratch& s = scratch_.get();
  const std::lock_guard<std::mutex> lock(s.mutex);
  if (s.labels.size() != std::size_t{states} + 1) {
    s.labels.assign(std::size_t{states} + 1, Label{});
    s.stamp.assign(std::size_t{states} + 1, 0);
    s.generation = 0;
  }
  if (++s.generation == 0) {  // wrapped: forget every old stamp
    std::fill(s.stamp.begin(), s.stamp.end(), 0);
    s.generation = 1;
  }
  s.heap.clear();
  const auto label = [&s](std::uint32_t state) {
    return s.stamp[state] == s.generation ? s.labels[state] : Label{};
  };

  // Admissible lower bounds: Manhattan cells to go; the time to drive them (stopped: one segment
  // of that length, the fastest way; cruising: at full speed) plus the quarter turns the heading
  // forces: none when the target is straight ahead, one when it is beside the line, two when it
  // lies behind.
  const auto manhattan = [&](std::uint32_t cell) {
    const CellId c(cell);
    return static_cast<std::uint32_t>(std::abs(tx - f.x(c)) + std::abs(ty - f.y(c)));
  };
  const auto heuristic = [&](std::uint32_t state, std::uint32_t cells_left) {
    if (state == goal) return 0.0;
    const CellId c(state / kStatesPerCell);
    const std::uint32_t slot = state % kStatesPerCell;
    const auto h = static_cast<int>(slot & 3U);
    const int dx = tx - f.x(c);
    const int dy = ty - f.y(c);
    // Forward and lateral components in the robot's frame (north: forward = -dy).
    const std::array<int, 4> forward{-dy, dx, dy, -dx};
    const std::array<int, 4> lateral{dx, dy, -dx, -dy};
    const int fwd = forward[static_cast<std::size_t>(h)];
    const int lat = lateral[static_cast<std::size_t>(h)];
    const int turns = fwd < 0 ? 2 : (lat != 0 ? 1 : 0);
    const double drive =
        slot < 4 ? segment_seconds(cells_left * cs, motion_) : cells_left * cs / motion_.speed;
    return drive + turns * turn;
  };
  const auto relax = [&](std::uint32_t state, double cost, std::uint32_t cells) {
    if (!better(cost, cells, label(state))) return;
    s.stamp[state] = s.generation;
    s.labels[state] = Label{cost, cells};
    const std::uint32_t left = state == goal ? 0 : manhattan(state / kStatesPerCell);
    s.heap.push_back(
        EmptyScratch::AStarEntry{Entry{cost + heuristic(state, left), cells + left, state}, cost, cells});
    std::push_heap(s.heap.begin(), s.heap.end(),
                   [](const EmptyScratch::AStarEntry& a, const EmptyScratch::AStarEntry& b) {
                     return after(a.order, b.order);
                   });
  };
  // The next cell heading d from `at`, or kNone: stations are entered only as the destination.
  const auto step = [&](std::uint32_t at, std::uint32_t d) {
    const CellId c(at);
    const Dir dir = kDirs[d];
    if (!f.can_leave(c, dir)) return kNone;
    const CellId n = f.neighbour(c, dir);
    if (n != to && f.kind(n) == CellKind::kStation) return kNone;
    return n.value();
  };
  const auto land = [&](std::uint32_t cell, std::uint32_t h, double cost, std::uint32_t cells) {
    const std::uint32_t base = cell * kStatesPerCell;
    const double quarter = cost + turn;
    relax(base + ((h + 1) & 3U), quarter, cells);
    relax(base + ((h + 3) & 3U), quarter, cells);
    relax(base + ((h + 2) & 3U), quarter + turn, cells);
  };

  for (std::uint32_t h = 0; h < 4; ++h) relax(from.value() * kStatesPerCell + h, 0.0, 0);
  while (!s.heap.empty()) {
    std::pop_heap(s.heap.begin(), s.heap.end(),
                  [](const EmptyScratch::AStarEntry& a, const EmptyScratch::AStarEntry& b) {
                    return after(a.order, b.order);
                  });
    const EmptyScratch::AStarEntry e = s.heap.back();
    s.heap.pop_back();
    const Label current = label(e.order.state);
    if (e.cost != current.cost || e.cells != current.cells) continue;  // superseded
    const std::uint32_t state = e.order.state;
    if (state == goal) {
      return Leg{Duration::from_seconds(e.cost), static_cast<double>(e.cells) * cs};
    }
    const std::uint32_t cell = state / kStatesPerCell;
    const std::uint32_t slot = state % kStatesPerCell;
    if (slot < 4) {
      std::uint32_t at = cell;
      for (std::uint32_t n = 1; n <= cruise_cells; ++n) {
        const std::uint32_t next = step(at, slot);
        if (next == kNone) break;
        const double c = e.cost + segment_[n];
        if (next == to.value()) {
          relax(goal, c, e.cells + n);
          break;
        }
        at = next;
        if (n < cruise_cells) {
          land(at, slot, c, e.cells + n);
        } else {
          relax(at * kStatesPerCell + 4 + slot, c, e.cells + n);
        }
      }
      continue;
    }
    const std::uint32_t h = slot - 4;
    land(cell, h, e.cost, e.cells);
    const std::uint32_t next = step(cell, h);
    if (next == kNone) continue;
    if (next == to.value()) {
      relax(goal, e.cost + cruise_step_, e.cells + 1);
    } else {
      relax(next * kStatesPerCell + 4 + h, e.cost + cruise_step_, e.cells + 1);
    }
  }
  return Leg{Duration::max(), kInfinity};
}

}  // namespace whsim::model
