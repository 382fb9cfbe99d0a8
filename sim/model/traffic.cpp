// Traffic mode's planner and reservation table (see the header). Deterministic: integer ticks for
// reservations, doubles only for the motion model (segment_seconds and sqrt, which IEEE-754
// rounds correctly), a binary heap with a total order on (f, g, state), no unordered containers.
#include "whsim/model/traffic.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <iterator>
#include <string>
#include <tuple>
#include <vector>

#include <fmt/format.h>

#include "whsim/core/error.hpp"

namespace whsim::model {

namespace {

constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
constexpr std::int64_t kForever = Hold::kForever;
constexpr std::array<Dir, 4> kDirs{Dir::kNorth, Dir::kEast, Dir::kSouth, Dir::kWest};
constexpr double kTicks = 1e6;
/// A search state is (cell, heading, safe interval): the robot at rest on the cell facing the
/// heading, arrived in the cell's k-th free interval; the intervals from the last index on share
/// one state (its earliest arrival), so a busy cell is still reachable late, if not in every way.
constexpr std::uint32_t kIntervals = 4;
constexpr std::uint32_t kPerCell = 4 * kIntervals;

[[nodiscard]] bool loaded_traversable(CellKind kind) {
  return kind == CellKind::kAisle || kind == CellKind::kStation || kind == CellKind::kBuffer ||
         kind == CellKind::kCharger;
}

[[nodiscard]] std::int64_t round_ticks(double seconds) {
  return Duration::from_seconds(seconds).ticks();
}

/// Quarter turns between headings a and b (0, 1 or 2).
[[nodiscard]] std::uint32_t quarter_turns(std::uint32_t a, std::uint32_t b) {
  const std::uint32_t diff = (a + 4 - b) % 4;
  return diff == 3 ? 1 : diff;
}

}  // namespace

namespace {

/// Min-heap order on (f, then larger g, then state).
[[nodiscard]] bool heap_after(double fa, double ga, std::uint32_t sa, double fb, double gb,
                              std::uint32_t sb) {
  if (fa != fb) return fa > fb;
  if (ga != gb) return ga < gb;
  return sa > sb;
}

}  // namespace

TrafficPlanner::TrafficPlanner(const Floor& floor, const Motion& motion, std::size_t robots,
                               const TrafficOptions& options)
    : floor_(floor), motion_(motion), options_(options), cs_(floor.cell_size()) {
  if (!(motion.speed > 0) || !(motion.accel > 0) || !(motion.decel > 0) || !(motion.turn_90 >= 0)) {
    throw ContractError("TrafficPlanner: motion parameters out of range");
  }
  at_.assign(robots, kNone);
  rest_.assign(robots, 0);
  open_.assign(robots, kNone);
  holds_.resize(floor.cell_count());
  held_ticks_.assign(floor.cell_count(), 0);
  wait_ticks_.assign(floor.cell_count(), 0);
  held_spans_.resize(robots);
  wait_spans_.resize(robots);
  const auto longest = static_cast<std::uint32_t>(std::max(floor.width(), floor.height()));
  seconds_.assign(std::size_t{longest} + 1, 0.0);
  busy_.reserve(std::size_t{longest} + 1);
  zone_.assign(floor.cell_count(), 0);
  last_to_.assign(floor.cell_count(), 0);
  reach_stamp_.assign(floor.cell_count(), 0);
  reach_queue_.reserve(kReachBudget + 8);
  zone_closed_.assign(1, 0);
  station_zone_.assign(floor.cell_count(), 0);
  enter_.resize(std::size_t{longest} + 1);
  leave_.resize(std::size_t{longest} + 1);
  for (std::uint32_t n = 1; n <= longest; ++n) segment_windows(n);
  turn_ticks_ = round_ticks(motion.turn_90);
  next_.assign(floor.cell_count() * 4, kNone);
  kind_.resize(floor.cell_count());
  for (std::uint32_t c = 0; c < floor.cell_count(); ++c) {
    const CellId id(c);
    kind_[c] = floor.kind(id);
    for (std::uint32_t d = 0; d < 4; ++d) {
      if (floor.can_leave(id, kDirs[d]))
        next_[std::size_t{c} * 4 + d] = floor.neighbour(id, kDirs[d]).value();
    }
  }
  labels_.resize(floor.cell_count() * kPerCell);
  stamp_.assign(floor.cell_count() * kPerCell, 0);
  closed_.assign(floor.cell_count() * kPerCell, 0);
}

void TrafficPlanner::segment_windows(std::uint32_t n) {
  // Position x (metres from the start cell's centre) to seconds after departure, rest to rest.
  const double length = n * cs_;
  const double v = motion_.speed;
  const double a = motion_.accel;
  const double b = motion_.decel;
  const double total = segment_seconds(length, motion_);
  const double full = v * v / (2 * a) + v * v / (2 * b);
  double x_accel = 0;  // end of acceleration
  double x_brake = 0;  // start of braking
  double t_accel = 0;
  if (length >= full) {
    x_accel = v * v / (2 * a);
    x_brake = length - v * v / (2 * b);
    t_accel = v / a;
  } else {
    const double peak = std::sqrt(2 * length * a * b / (a + b));
    x_accel = peak * peak / (2 * a);
    x_brake = x_accel;
    t_accel = peak / a;
  }
  const auto at = [&](double x) {
    if (x <= 0) return 0.0;
    if (x >= length) return total;
    if (x <= x_accel) return std::sqrt(2 * x / a);
    if (x <= x_brake) return t_accel + (x - x_accel) / v;
    return std::max(0.0, total - std::sqrt(2 * (length - x) / b));
  };
  seconds_[n] = total;
  std::vector<std::int64_t>& enter = enter_[n];
  std::vector<std::int64_t>& leave = leave_[n];
  enter.assign(std::size_t{n} + 1, 0);
  leave.assign(std::size_t{n} + 1, 0);
  for (std::uint32_t i = 0; i <= n; ++i) {
    const double from = i == 0 ? 0.0 : at((i - 1.0) * cs_);
    const double to = i == n ? total : at((i + 1.0) * cs_);
    enter[i] = static_cast<std::int64_t>(std::floor(from * kTicks));
    leave[i] = static_cast<std::int64_t>(std::ceil(to * kTicks));
  }
  leave[n] = round_ticks(total);
  // Rounding outwards keeps every window inside its neighbours'; the last cell is entered no
  // later than the robot arrives.
  enter[n] = std::min(enter[n], leave[n]);
}

void TrafficPlanner::place(std::uint32_t robot, CellId cell, SimTime at) {
  if (robot >= at_.size() || !cell.valid() || cell.index() >= floor_.cell_count() ||
      floor_.kind(cell) == CellKind::kWall) {
    throw ContractError("TrafficPlanner::place: robot or cell out of range");
  }
  if (at_[robot] != kNone) throw ContractError("TrafficPlanner::place: robot placed twice");
  if (conflict(robot, cell.value(), at.ticks(), kForever) != nullptr) {
    throw ContractError(fmt::format("TrafficPlanner::place: cell {} is taken", floor_.describe(cell)));
  }
  at_[robot] = cell.value();
  rest_[robot] = at.ticks();
  reserve(robot, cell.value(), at.ticks(), kForever, at.ticks());
  held_spans_[robot].push_back(Span{cell.value(), at.ticks(), kForever});
}

void TrafficPlanner::add_lane(CellId station, const std::vector<std::uint32_t>& cells) {
  if (!station.valid() || station.index() >= floor_.cell_count()) {
    throw ContractError("TrafficPlanner::add_lane: station out of range");
  }
  const std::uint32_t zone = ++zones_;
  station_zone_[station.index()] = zone;
  zone_closed_.resize(std::size_t{zone} + 1, 0);
  for (const std::uint32_t c : cells) {
    if (c >= floor_.cell_count() || zone_[c] != 0)
      throw ContractError("TrafficPlanner::add_lane: bad lane cell");
    zone_[c] = zone;
  }
}

void TrafficPlanner::close_lane(CellId station, bool closed) {
  const std::uint32_t zone =
      station.valid() && station.index() < floor_.cell_count() ? station_zone_[station.index()] : 0;
  if (zone == 0) throw ContractError("TrafficPlanner::close_lane: no lane at that station");
  zone_closed_[zone] = closed ? 1 : 0;
}

void TrafficPlanner::count_span(std::vector<std::int64_t>& sums, const Span& s) const {
  const std::int64_t from = std::max(s.from, stats_from_);
  if (s.to > from) sums[s.cell] += s.to - from;
}

void TrafficPlanner::flush_spans(std::vector<Span>& spans, std::vector<std::int64_t>& sums,
                                 std::int64_t now) {
  std::size_t kept = 0;
  for (const Span& s : spans) {
    if (s.to <= now) {
      count_span(sums, s);
    } else {
      spans[kept++] = s;
    }
  }
  spans.resize(kept);
}

void TrafficPlanner::reset_cell_stats(SimTime from) {
  stats_from_ = from.ticks();
  std::fill(held_ticks_.begin(), held_ticks_.end(), 0);
  std::fill(wait_ticks_.begin(), wait_ticks_.end(), 0);
}

void TrafficPlanner::add_wait(std::uint32_t robot, CellId cell, SimTime from, SimTime to) {
  if (robot >= at_.size() || !cell.valid() || cell.index() >= floor_.cell_count()) {
    throw ContractError("TrafficPlanner::add_wait: robot or cell out of range");
  }
  if (to > from) wait_spans_[robot].push_back(Span{cell.value(), from.ticks(), to.ticks()});
}

std::vector<double> TrafficPlanner::cell_seconds(const std::vector<std::int64_t>& sums,
                                                 const std::vector<std::vector<Span>>& pending,
                                                 SimTime end) const {
  std::vector<std::int64_t> ticks = sums;
  for (const std::vector<Span>& spans : pending) {
    for (const Span& s : spans) count_span(ticks, Span{s.cell, s.from, std::min(s.to, end.ticks())});
  }
  std::vector<double> out(ticks.size());
  for (std::size_t i = 0; i < ticks.size(); ++i) out[i] = static_cast<double>(ticks[i]) / kTicks;
  return out;
}

std::vector<double> TrafficPlanner::occupancy(SimTime end) const {
  return cell_seconds(held_ticks_, held_spans_, end);
}

std::vector<double> TrafficPlanner::waiting(SimTime end) const {
  return cell_seconds(wait_ticks_, wait_spans_, end);
}

std::uint32_t TrafficPlanner::holder(CellId cell) const {
  const std::vector<Hold>& hs = holds_[cell.index()];
  if (!hs.empty() && hs.back().to == kForever) return hs.back().robot;
  return TrafficPlan::kNoRobot;
}

bool TrafficPlanner::free_from(CellId cell, SimTime from) const {
  const std::vector<Hold>& hs = holds_[cell.index()];
  return hs.empty() || hs.back().to <= from.ticks();
}

std::vector<Hold>::const_iterator TrafficPlanner::ending_after(const std::vector<Hold>& hs, std::int64_t t) {
  // A cell's holds are disjoint and sorted by start, so by end too.
  return std::partition_point(hs.begin(), hs.end(), [t](const Hold& h) { return h.to <= t; });
}

const Hold* TrafficPlanner::conflict(std::uint32_t robot, std::uint32_t cell, std::int64_t a,
                                     std::int64_t b) const {
  const std::vector<Hold>& hs = holds_[cell];
  for (auto it = ending_after(hs, a); it != hs.end() && it->from < b; ++it) {
    if (it->robot != robot && it->robot != ignore_) return &*it;
  }
  return nullptr;
}

bool TrafficPlanner::busy_after(std::uint32_t robot, std::uint32_t cell, std::int64_t t) const {
  if (last_to_[cell] <= t) return false;  // nothing held after t (no look at the holds themselves)
  const std::vector<Hold>& hs = holds_[cell];
  for (auto it = hs.rbegin(); it != hs.rend() && it->to > t; ++it) {
    if (it->robot != robot && it->robot != ignore_) return true;
  }
  return false;
}

std::uint32_t TrafficPlanner::interval_index(std::uint32_t robot, std::uint32_t cell, std::int64_t t) const {
  // Holds of other robots that ended after the plan's start and by t (holds over before the plan
  // count for nothing).
  const std::vector<Hold>& hs = holds_[cell];
  std::uint32_t k = 0;
  for (auto it = ending_after(hs, plan_start_); it != hs.end() && it->to <= t; ++it) {
    if (it->robot != robot && it->robot != ignore_) ++k;
  }
  return k;
}

std::int64_t TrafficPlanner::free_until(std::uint32_t robot, std::uint32_t cell, std::int64_t t) const {
  const std::vector<Hold>& hs = holds_[cell];
  for (auto it = ending_after(hs, t); it != hs.end(); ++it) {
    if (it->robot != robot && it->robot != ignore_) return it->from;
  }
  return kForever;
}

bool TrafficPlanner::enterable(std::uint32_t cell, std::uint32_t goal, bool loaded) const {
  if (cell == kNone) return false;
  const CellKind kind = kind_[cell];
  if (kind == CellKind::kWall) return false;
  if (cell == goal) return true;
  const std::uint32_t zone = zone_[cell];
  if (zone != 0 && zone != goal_zone_ && zone != start_zone_ && zone_closed_[zone] != 0)
    return false;  // occupied lane
  return loaded ? loaded_traversable(kind) : kind != CellKind::kStation;
}

double TrafficPlanner::lower_bound(std::uint32_t cell, std::uint32_t goal) const {
  const int dx = std::abs(floor_.x(CellId(cell)) - floor_.x(CellId(goal)));
  const int dy = std::abs(floor_.y(CellId(cell)) - floor_.y(CellId(goal)));
  // Rest-to-rest segments are subadditive, so one segment over the Manhattan distance is a lower
  // bound; a goal off both axes needs a turn.
  return segment_seconds((dx + dy) * cs_, motion_) + (dx != 0 && dy != 0 ? motion_.turn_90 : 0.0);
}

std::int64_t TrafficPlanner::earliest(std::uint32_t robot, std::uint32_t n, std::int64_t dep,
                                      std::int64_t until, bool goal_end, bool& stop) const {
  const std::vector<std::int64_t>& enter = enter_[n];
  const std::vector<std::int64_t>& leave = leave_[n];
  for (;;) {
    if (dep + leave[0] > until) return -1;  // cannot wait here that long
    bool moved = false;
    // Only the line's cells held by another robot after the first departure tried (busy_, in
    // order along the line) can conflict: departures only get later.
    for (const Busy& bz : busy_) {
      if (bz.i > n) break;
      const std::uint32_t i = bz.i;
      const std::uint32_t x = bz.cell;
      const std::int64_t a = dep + enter[i];
      const std::int64_t b = i < n ? dep + leave[i] : (goal_end ? kForever : dep + leave[n]);
      const Hold* h = conflict(robot, x, a, b);
      if (h == nullptr) continue;
      if (h->to == kForever) {  // held without end: no longer segment helps either
        stop = true;
        if (way_blocker_ == TrafficPlan::kNoRobot) {
          way_blocker_ = h->robot;
          way_cell_ = x;
        }
        return -1;
      }
      dep = h->to - enter[i];
      moved = true;
      break;
    }
    if (!moved) return dep;
  }
}

void TrafficPlanner::reserve(std::uint32_t robot, std::uint32_t cell, std::int64_t from, std::int64_t to,
                             std::int64_t now) {
  if (from >= to) return;
  std::vector<Hold>& hs = holds_[cell];
  // Holds that ended by `now` can matter to no later plan (plans start at `now` or later).
  std::size_t drop = 0;
  while (drop < hs.size() && hs[drop].to <= now && hs[drop].to < from) ++drop;
  if (drop > 0) hs.erase(hs.begin(), hs.begin() + static_cast<std::ptrdiff_t>(drop));
  const Hold* other = conflict(robot, cell, from, to);
  if (other != nullptr) {
    throw ContractError(
        fmt::format("traffic: robots {} and {} would both hold cell {} (ticks {}..{} and {}..{})", robot,
                    other->robot, floor_.describe(CellId(cell)), from, to, other->from, other->to));
  }
  last_to_[cell] = std::max(last_to_[cell], to);
  const Hold hold{from, to, robot, cell};
  auto pos =
      std::upper_bound(hs.begin(), hs.end(), from, [](std::int64_t f, const Hold& h) { return f < h.from; });
  // Holds of this robot that overlap the new one merge with it, so the holds stay disjoint (no
  // other robot's can overlap: conflict() above).
  Hold merged = hold;
  while (pos != hs.begin() && std::prev(pos)->to > merged.from) {
    merged.from = std::min(merged.from, std::prev(pos)->from);
    merged.to = std::max(merged.to, std::prev(pos)->to);
    pos = hs.erase(std::prev(pos));
  }
  while (pos != hs.end() && pos->from < merged.to) {
    merged.to = std::max(merged.to, pos->to);
    pos = hs.erase(pos);
  }
  hs.insert(pos, merged);
  if (options_.keep_trace) {
    if (to == kForever) open_[robot] = static_cast<std::uint32_t>(trace_.size());
    trace_.push_back(hold);
  }
}

TrafficPlan TrafficPlanner::plan(std::uint32_t robot, SimTime now, CellId goal_cell, bool loaded) {
  if (robot >= at_.size() || at_[robot] == kNone || !goal_cell.valid() ||
      goal_cell.index() >= floor_.cell_count()) {
    throw ContractError("TrafficPlanner::plan: robot not placed or goal out of range");
  }
  TrafficPlan out;
  const std::uint32_t start_cell = at_[robot];
  const std::uint32_t goal = goal_cell.value();
  const std::int64_t start = std::max(now.ticks(), rest_[robot]);
  if (goal == start_cell) {
    out.ok = true;
    out.depart = out.arrive = SimTime::from_ticks(start);
    return out;
  }
  const std::uint32_t found = search(robot, start, goal, loaded, out);
  if (found == kNone) return out;
  commit(robot, now, start, found, out);
  return out;
}

bool TrafficPlanner::probe(std::uint32_t robot, SimTime now, CellId goal_cell, bool loaded,
                           std::uint32_t ignore, std::vector<std::uint32_t>& cells) {
  if (robot >= at_.size() || at_[robot] == kNone || !goal_cell.valid() ||
      goal_cell.index() >= floor_.cell_count()) {
    throw ContractError("TrafficPlanner::probe: robot not placed or goal out of range");
  }
  cells.clear();
  cells.push_back(at_[robot]);
  if (goal_cell.value() == at_[robot]) return true;
  TrafficPlan out;
  ignore_ = ignore;
  const std::uint32_t found =
      search(robot, std::max(now.ticks(), rest_[robot]), goal_cell.value(), loaded, out);
  ignore_ = TrafficPlan::kNoRobot;
  if (found == kNone) return false;
  const std::size_t first = cells.size();
  for (std::uint32_t s = found; labels_[s].parent != kNone; s = labels_[s].parent) {
    // The segment's cells from its end back to (not including) its start.
    const std::uint32_t from = labels_[s].parent / kPerCell;
    const std::uint32_t dir = (s / kIntervals) % 4;
    const std::size_t at = cells.size();
    std::uint32_t x = from;
    for (std::uint32_t i = 1; i <= labels_[s].n; ++i) {
      x = next_[std::size_t{x} * 4 + dir];
      cells.push_back(x);
    }
    std::reverse(cells.begin() + static_cast<std::ptrdiff_t>(at), cells.end());
  }
  std::reverse(cells.begin() + static_cast<std::ptrdiff_t>(first), cells.end());
  return true;
}

bool TrafficPlanner::reachable(std::uint32_t robot, std::uint32_t start_cell, std::uint32_t goal, bool loaded,
                               std::int64_t start, TrafficPlan& out) {
  // Breadth first over the cells the robot may enter, robots at rest for good (held without end
  // from `start` on) as walls: when the cells it can reach that way run out without the goal, no
  // plan exists (the search could only fail, at the node limit). Bounded: a larger region is
  // left to the search.
  if (++reach_generation_ == 0) {
    std::fill(reach_stamp_.begin(), reach_stamp_.end(), 0);
    reach_generation_ = 1;
  }
  reach_queue_.clear();
  reach_queue_.push_back(start_cell);
  reach_stamp_[start_cell] = reach_generation_;
  std::uint32_t wall_robot = TrafficPlan::kNoRobot;
  std::uint32_t wall_cell = kNone;
  for (std::size_t i = 0; i < reach_queue_.size(); ++i) {
    if (reach_queue_.size() > kReachBudget) return true;
    const std::uint32_t c = reach_queue_[i];
    for (std::uint32_t d = 0; d < 4; ++d) {
      const std::uint32_t n = next_[std::size_t{c} * 4 + d];
      if (n == kNone || reach_stamp_[n] == reach_generation_ || !enterable(n, goal, loaded)) continue;
      reach_stamp_[n] = reach_generation_;
      const std::vector<Hold>& hs = holds_[n];
      if (!hs.empty() && hs.back().to == kForever && hs.back().from <= start && hs.back().robot != robot &&
          hs.back().robot != ignore_) {
        if (wall_robot == TrafficPlan::kNoRobot) {
          wall_robot = hs.back().robot;
          wall_cell = n;
        }
        continue;
      }
      if (n == goal) return true;
      reach_queue_.push_back(n);
    }
  }
  out.way_blocker = wall_robot;
  out.way_cell = wall_cell == kNone ? CellId() : CellId(wall_cell);
  return false;
}

std::uint32_t TrafficPlanner::search(std::uint32_t robot, std::int64_t start, std::uint32_t goal, bool loaded,
                                     TrafficPlan& out) {
  const std::uint32_t start_cell = at_[robot];
  const CellId goal_cell(goal);
  goal_zone_ = zone_[goal] != 0 ? zone_[goal] : station_zone_[goal];
  start_zone_ = zone_[start_cell] != 0 ? zone_[start_cell] : station_zone_[start_cell];
  const std::uint32_t held_by = holder(goal_cell);
  if (held_by != TrafficPlan::kNoRobot && held_by != robot && held_by != ignore_) {
    out.blocker = held_by;
    return kNone;
  }
  if (floor_.kind(goal_cell) == CellKind::kWall) return kNone;
  if (!reachable(robot, start_cell, goal, loaded, start, out)) return kNone;

  if (++generation_ == 0) {
    std::fill(stamp_.begin(), stamp_.end(), 0);
    std::fill(closed_.begin(), closed_.end(), 0);
    generation_ = 1;
  }
  heap_.clear();
  const auto cmp = [](const Entry& a, const Entry& b) {
    return heap_after(a.f, a.g, a.state, b.f, b.g, b.state);
  };
  const auto relax = [&](std::uint32_t state, const Label& label) {
    if (closed_[state] == generation_) return;  // expanded: its children point at its label
    if (stamp_[state] == generation_) {
      const Label& old = labels_[state];
      if (!(label.g < old.g || (label.g == old.g && label.cells < old.cells))) return;
    }
    stamp_[state] = generation_;
    labels_[state] = label;
    heap_.push_back(Entry{label.g + lower_bound(state / kPerCell, goal), label.g, state});
    std::push_heap(heap_.begin(), heap_.end(), cmp);
  };
  plan_start_ = start;
  way_blocker_ = TrafficPlan::kNoRobot;
  way_cell_ = kNone;
  const std::uint32_t start_interval = interval_index(robot, start_cell, start);
  const std::uint32_t start_interval_k = std::min(start_interval, kIntervals - 1);
  for (std::uint32_t h = 0; h < 4; ++h) {
    Label l;
    l.rest = start;
    l.parent = kNone;
    relax((start_cell * 4 + h) * kIntervals + start_interval_k, l);
  }

  std::uint32_t found = kNone;
  while (!heap_.empty()) {
    std::pop_heap(heap_.begin(), heap_.end(), cmp);
    const Entry e = heap_.back();
    heap_.pop_back();
    const Label here = labels_[e.state];
    if (e.g != here.g || closed_[e.state] == generation_) continue;  // superseded
    closed_[e.state] = generation_;
    const std::uint32_t c = e.state / kPerCell;
    if (c == goal) {
      found = e.state;
      break;
    }
    if (++out.expanded > options_.node_limit) break;
    const std::uint32_t h = (e.state / kIntervals) % 4;
    const std::int64_t until = free_until(robot, c, here.rest);
    for (std::uint32_t dd = 0; dd < 4; ++dd) {
      const double turn = here.parent == kNone ? 0.0 : quarter_turns(h, dd) * motion_.turn_90;
      const double dep_g0 = here.g + turn;
      const std::int64_t dep0 = start + round_ticks(dep_g0);
      std::uint32_t xv = c;
      // Cells 1..clear-1 of the line have no hold of another robot ending after dep0: a segment
      // ending before the first busy cell leaves at dep0 (when the start cell allows).
      bool clear = true;
      busy_.clear();  // the cells of the line held by another robot after dep0 (no other can conflict)
      for (std::uint32_t n = 1; n < seconds_.size(); ++n) {
        xv = next_[std::size_t{xv} * 4 + dd];
        if (!enterable(xv, goal, loaded)) break;
        const CellId x(xv);
        if (busy_after(robot, xv, dep0)) {
          busy_.push_back(Busy{n, xv});
          clear = false;
        }
        const bool at_goal = xv == goal;
        if (!at_goal) {
          // A segment may end where the robot can turn or where the line ends.
          bool end = !enterable(next_[std::size_t{xv} * 4 + dd], goal, loaded);
          for (const std::uint32_t side : {(dd + 1) % 4, (dd + 3) % 4}) {
            if (end) break;
            end = enterable(next_[std::size_t{xv} * 4 + side], goal, loaded);
          }
          if (!end) continue;
        }
        // The state at rest at the segment's end, leaving at `dep` (`dep_g` seconds into the leg).
        const auto arrival = [&](std::int64_t dep, double dep_g) {
          Label next;
          next.g = dep_g + seconds_[n];
          next.moving = here.moving + turn + seconds_[n];
          next.rest = dep + leave_[n][n];
          next.depart = dep;
          next.parent = e.state;
          next.n = n;
          next.cells = here.cells + n;
          next.segments = here.segments + 1;
          return next;
        };
        if (clear && dep0 + leave_[n][0] <= until) {
          // Fast path: nothing on the line after dep0; the end cell is free from then on.
          const std::uint32_t k = interval_index(robot, xv, dep0 + enter_[n][n]);
          relax((xv * 4 + dd) * kIntervals + std::min(k, kIntervals - 1), arrival(dep0, dep_g0));
          continue;
        }
        // The earliest departure, then the earliest that arrives in each later free interval of
        // the end cell (the robot waits longer where it stands).
        bool stop = false;
        std::int64_t want = dep0;
        for (std::uint32_t tries = 0; tries < kIntervals; ++tries) {
          const std::int64_t dep = earliest(robot, n, want, until, at_goal, stop);
          if (dep < 0) break;
          const std::int64_t enter_end = dep + enter_[n][n];
          const std::uint32_t k = interval_index(robot, x.value(), enter_end);
          const double dep_g = dep == dep0 ? dep_g0 : static_cast<double>(dep - start) / kTicks;
          relax((x.value() * 4 + dd) * kIntervals + std::min(k, kIntervals - 1), arrival(dep, dep_g));
          if (at_goal || k >= kIntervals - 1) break;  // later arrivals share the last state
          const Hold* after = conflict(robot, x.value(), dep + leave_[n][n], kForever);
          if (after == nullptr || after->to == kForever) break;
          want = after->to - enter_[n][n];
        }
        if (stop) break;
      }
    }
  }
  if (found == kNone) {
    out.way_blocker = way_blocker_;
    out.way_cell = way_cell_ == kNone ? CellId() : CellId(way_cell_);
  }
  return found;
}

void TrafficPlanner::commit(std::uint32_t robot, SimTime now, std::int64_t start, std::uint32_t found,
                            TrafficPlan& out) {
  const std::uint32_t start_cell = at_[robot];
  const std::uint32_t goal = found / kPerCell;
  // Reconstruct the segments (goal back to start), then commit them in order.
  path_.clear();
  for (std::uint32_t s = found; labels_[s].parent != kNone; s = labels_[s].parent) {
    path_.push_back(
        Segment{labels_[s].parent / kPerCell, (s / kIntervals) % 4, labels_[s].n, labels_[s].depart});
  }
  std::reverse(path_.begin(), path_.end());
  const Label& end = labels_[found];
  const std::int64_t now_ticks = now.ticks();
  // The start cell: held until the body leaves it.
  {
    std::vector<Hold>& hs = holds_[start_cell];
    bool truncated = false;
    for (Hold& h : hs) {
      if (h.robot == robot && h.to == kForever) {
        h.to = path_.front().depart + leave_[path_.front().n][0];
        truncated = true;
      }
    }
    if (!truncated) throw ContractError("TrafficPlanner::plan: the robot does not hold its cell");
    std::stable_sort(hs.begin(), hs.end(), [](const Hold& a, const Hold& b) { return a.from < b.from; });
    last_to_[start_cell] = hs.back().to;  // disjoint and sorted: the last ends last
    if (options_.keep_trace && open_[robot] != kNone) {
      trace_[open_[robot]].to = path_.front().depart + leave_[path_.front().n][0];
      open_[robot] = kNone;
    }
  }
  // Cell statistics: the start cell's open span ends as the body leaves it; spans that ended by
  // now are counted; the leg's holds and waits are counted when they end.
  for (Span& sp : held_spans_[robot]) {
    if (sp.to == kForever) sp.to = path_.front().depart + leave_[path_.front().n][0];
  }
  flush_spans(held_spans_[robot], held_ticks_, now_ticks);
  flush_spans(wait_spans_[robot], wait_ticks_, now_ticks);
  for (std::uint32_t s = found; labels_[s].parent != kNone; s = labels_[s].parent) {
    // It waits where the segment starts from when it could have left (after turning) to when it does.
    const Label& l = labels_[s];
    const Label& p = labels_[l.parent];
    const double turn = l.moving - p.moving - seconds_[l.n];
    const std::int64_t ready = start + round_ticks(p.g + turn);
    if (l.depart > ready) wait_spans_[robot].push_back(Span{l.parent / kPerCell, ready, l.depart});
  }
  for (std::size_t k = 0; k < path_.size(); ++k) {
    const Segment& sg = path_[k];
    CellId x(sg.from);
    for (std::uint32_t i = 1; i <= sg.n; ++i) {
      x = CellId(next_[std::size_t{x.value()} * 4 + sg.dir]);
      std::int64_t to = sg.depart + leave_[sg.n][i];
      if (i == sg.n) {
        to = k + 1 < path_.size() ? path_[k + 1].depart + leave_[path_[k + 1].n][0] : kForever;
      }
      reserve(robot, x.value(), sg.depart + enter_[sg.n][i], to, now_ticks);
      held_spans_[robot].push_back(Span{x.value(), sg.depart + enter_[sg.n][i], to});
    }
  }
  out.ok = true;
  out.depart = SimTime::from_ticks(path_.front().depart);
  out.arrive = SimTime::from_ticks(start + round_ticks(end.g));
  out.metres = end.cells * cs_;
  out.driving = Duration::from_seconds(end.moving);
  out.segments = end.segments;
  at_[robot] = goal;
  rest_[robot] = std::max(out.arrive.ticks(), path_.back().depart + enter_[path_.back().n][path_.back().n]);
}

std::string TrafficPlanner::describe_holds(CellId cell) const {
  std::string out;
  for (const Hold& h : holds_[cell.index()]) {
    out += fmt::format(" [robot {} {}..{}]", h.robot, h.from,
                       h.to == kForever ? std::string("end") : std::to_string(h.to));
  }
  return out;
}

std::string TrafficPlanner::verify(SimTime end) const {
  if (!options_.keep_trace) throw ContractError("TrafficPlanner::verify needs keep_trace");
  // Up to `end` (plans reach beyond the end of the run).
  std::vector<Hold> hs;
  hs.reserve(trace_.size());
  for (Hold h : trace_) {
    if (h.from >= end.ticks()) continue;
    h.to = std::min(h.to, end.ticks());
    hs.push_back(h);
  }
  // Each robot's holds, in time order, overlap or touch and step between adjacent cells.
  std::sort(hs.begin(), hs.end(), [](const Hold& a, const Hold& b) {
    return std::tie(a.robot, a.from, a.to, a.cell) < std::tie(b.robot, b.from, b.to, b.cell);
  });
  const auto where = [&](std::uint32_t cell) { return floor_.describe(CellId(cell)); };
  for (std::size_t i = 1; i < hs.size(); ++i) {
    const Hold& a = hs[i - 1];
    const Hold& b = hs[i];
    if (a.robot != b.robot) continue;
    const int dist = std::abs(floor_.x(CellId(a.cell)) - floor_.x(CellId(b.cell))) +
                     std::abs(floor_.y(CellId(a.cell)) - floor_.y(CellId(b.cell)));
    if (b.from > a.to) {
      return fmt::format("robot {} is nowhere between ticks {} and {} (after cell {})", a.robot, a.to, b.from,
                         where(a.cell));
    }
    if (dist > 1) {
      return fmt::format("robot {} jumps from cell {} to cell {} at tick {}", a.robot, where(a.cell),
                         where(b.cell), b.from);
    }
  }
  // Swaps: robot A moving c1 -> c2 while robot B moves c2 -> c1 (overlapping transitions).
  struct Move {
    std::uint32_t lo, hi;
    bool up;
    std::int64_t from, to;
    std::uint32_t robot;
  };
  std::vector<Move> moves;
  for (std::size_t i = 1; i < hs.size(); ++i) {
    const Hold& a = hs[i - 1];
    const Hold& b = hs[i];
    if (a.robot != b.robot || a.cell == b.cell) continue;
    moves.push_back(Move{std::min(a.cell, b.cell), std::max(a.cell, b.cell), a.cell < b.cell, b.from,
                         std::max(a.to, b.from + 1), a.robot});
  }
  std::sort(moves.begin(), moves.end(), [](const Move& a, const Move& b) {
    return std::tie(a.lo, a.hi, a.from, a.robot) < std::tie(b.lo, b.hi, b.from, b.robot);
  });
  for (std::size_t i = 0; i < moves.size(); ++i) {
    for (std::size_t j = i + 1; j < moves.size() && moves[j].lo == moves[i].lo &&
                                moves[j].hi == moves[i].hi && moves[j].from < moves[i].to;
         ++j) {
      if (moves[j].up != moves[i].up && moves[j].robot != moves[i].robot) {
        return fmt::format("robots {} and {} swap cells {} and {} at tick {}", moves[i].robot, moves[j].robot,
                           where(moves[i].lo), where(moves[i].hi), moves[j].from);
      }
    }
  }
  // One robot per cell: merge each robot's own overlapping holds, then all must be disjoint.
  std::sort(hs.begin(), hs.end(), [](const Hold& a, const Hold& b) {
    return std::tie(a.cell, a.robot, a.from) < std::tie(b.cell, b.robot, b.from);
  });
  std::vector<Hold> merged;
  for (const Hold& h : hs) {
    if (!merged.empty() && merged.back().cell == h.cell && merged.back().robot == h.robot &&
        h.from <= merged.back().to) {
      merged.back().to = std::max(merged.back().to, h.to);
    } else if (h.from < h.to) {
      merged.push_back(h);
    }
  }
  std::sort(merged.begin(), merged.end(),
            [](const Hold& a, const Hold& b) { return std::tie(a.cell, a.from) < std::tie(b.cell, b.from); });
  std::int64_t latest = 0;
  std::uint32_t who = 0;
  for (std::size_t i = 0; i < merged.size(); ++i) {
    if (i == 0 || merged[i].cell != merged[i - 1].cell) {
      latest = merged[i].to;
      who = merged[i].robot;
      continue;
    }
    if (merged[i].from < latest) {
      return fmt::format("robots {} and {} both on cell {} at tick {}", who, merged[i].robot,
                         where(merged[i].cell), merged[i].from);
    }
    latest = merged[i].to;
    who = merged[i].robot;
  }
  return {};
}

}  // namespace whsim::model
