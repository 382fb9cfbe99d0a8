// Traffic mode in the warehouse (docs/model.md, "Traffic"): every leg a robot drives is planned by
// the TrafficPlanner around the other robots' reservations when the leg starts; a leg without a
// plan is tried again after `traffic.retry` (an idle robot holding the goal is first moved aside);
// a robot that finds no plan for `traffic.gridlock_after` stops the run with an error. A station's
// queue is a lane of cells: robots are admitted in order while there is room, wait loaded at their
// storage location while there is none, move up one slot at a time and are presented at the
// station cell.
#include <algorithm>
#include <array>
#include <cstdint>
#include <numeric>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "whsim/core/error.hpp"
#include "whsim/core/time.hpp"
#include "whsim/stats/run_result.hpp"

#include "warehouse_impl.hpp"

namespace whsim::model {

namespace {

constexpr std::array<Dir, 4> kDirs{Dir::kNorth, Dir::kEast, Dir::kSouth, Dir::kWest};

[[nodiscard]] Dir opposite(Dir d) {
  return kDirs[(static_cast<std::size_t>(d) + 2) % 4];
}

}  // namespace

void WarehouseKpis::declare_traffic(stats::KpiRegistry& r, WarehouseKpis& k) {
  using stats::KpiKind;
  const auto lower = stats::KpiBetter::kLower;
  k.traffic_plans = r.declare({"traffic.plans", "legs", KpiKind::kCount, "Legs planned (traffic mode)."});
  k.traffic_failed =
      r.declare({"traffic.failed_plans", "plans", KpiKind::kCount,
                 "Plans not found (goal held by a robot at rest, or no path within traffic.node_limit); "
                 "each is tried again after traffic.retry.",
                 lower});
  k.traffic_replans = r.declare({"traffic.replans", "legs", KpiKind::kCount,
                                 "Legs planned on a later try, after a failed plan.", lower});
  k.traffic_evasions = r.declare({"traffic.evasions", "moves", KpiKind::kCount,
                                  "Idle robots moved aside because another robot's goal was their cell."});
  k.traffic_wait = r.declare({"traffic.congestion_wait", "s", KpiKind::kTally,
                              "Time per trip a robot stood waiting for other robots (waits within planned "
                              "legs and while a plan was not found).",
                              lower});
  k.traffic_delayed = r.declare({"traffic.trips_delayed", "ratio", KpiKind::kRatio,
                                 "Share of trips that waited for another robot at least once.", lower});
  k.traffic_expanded = r.declare(
      {"traffic.expanded_per_plan", "states", KpiKind::kTally, "States the planner expanded per plan."});
  k.traffic_deadlocks =
      r.declare({"traffic.deadlocks", "deadlocks", KpiKind::kCount,
                 "Deadlocks resolved: cycles of robots each waiting for the next to move, broken by one "
                 "of them stepping aside off the other's path (docs/model.md, \"Traffic\").",
                 lower});
  k.traffic_room_wait =
      r.declare({"traffic.queue_room_wait", "s", KpiKind::kTally,
                 "Time per pod visit a loaded robot waited at its storage location for room in the station's "
                 "queue lane (until it drove off towards the lane).",
                 lower});
}

// ------------------------------------------------------------------------------------------ build

void Warehouse::Impl::build_traffic() {
  TrafficOptions options;
  options.node_limit = cfg.traffic.node_limit;
  options.keep_trace = cfg.traffic.check;
  traffic = std::make_unique<TrafficPlanner>(floor, travel.motion(), robots.size(), options);
  for (std::size_t r = 0; r < robots.size(); ++r) {
    traffic->place(static_cast<std::uint32_t>(r), CellId(robots[r].cell), engine.now());
  }
  // Lanes: from each station, the longest straight run of aisle cells (at most queue_capacity)
  // that stays off other lanes, keeps clear of other stations, leaves every storage location
  // beside it another way in and has a way in at its back (an aisle cell off the lanes and not
  // next to a station), in a direction that leaves the station another way out; ties go north,
  // east, south, west.
  std::vector<std::uint8_t> taken(floor.cell_count(), 0);
  const auto cap = static_cast<std::size_t>(std::max(0, cfg.queue_capacity));
  lanes.resize(stations.size());
  for (std::size_t k = 0; k < stations.size(); ++k) {
    const CellId s(stations[k].cell);
    std::vector<std::uint32_t> best;
    for (const Dir d : kDirs) {
      bool exit = false;
      for (const Dir e : kDirs) {
        const CellId n = floor.neighbour(s, e);
        exit = exit || (e != d && n.valid() && floor.can_leave(s, e) && floor.kind(n) == CellKind::kAisle);
      }
      if (!exit) continue;
      std::vector<std::uint32_t> run;
      CellId x = s;
      while (run.size() < cap) {
        const CellId y = floor.neighbour(x, d);
        if (!y.valid() || floor.kind(y) != CellKind::kAisle || taken[y.index()] != 0 ||
            !floor.can_leave(y, opposite(d))) {
          break;
        }
        // Not beside another station, and every storage location beside the lane keeps a way in
        // for loaded robots that is not a lane.
        bool blocks = false;
        for (const Dir e : kDirs) {
          const CellId n = floor.neighbour(y, e);
          if (!n.valid()) continue;
          blocks = blocks || (n != s && floor.kind(n) == CellKind::kStation);
          if (floor.kind(n) != CellKind::kStorage) continue;
          bool other_way = false;
          for (const Dir f : kDirs) {
            const CellId m = floor.neighbour(n, f);
            other_way =
                other_way || (m.valid() && m != y && taken[m.index()] == 0 &&
                              (floor.kind(m) == CellKind::kAisle || floor.kind(m) == CellKind::kBuffer));
          }
          blocks = blocks || !other_way;
        }
        if (blocks) break;
        run.push_back(y.value());
        x = y;
      }
      // Robots enter at the back: it needs a way in that is neither a lane nor next to a station.
      const auto entry = [&](std::uint32_t back) {
        for (const Dir e : kDirs) {
          const CellId m = floor.neighbour(CellId(back), e);
          if (!m.valid() || m == s || taken[m.index()] != 0 || !floor.can_leave(m, opposite(e)) ||
              std::find(run.begin(), run.end(), m.value()) != run.end() ||
              (floor.kind(m) != CellKind::kAisle && floor.kind(m) != CellKind::kBuffer)) {
            continue;
          }
          bool by_station = false;
          for (const Dir f : kDirs) {
            const CellId q = floor.neighbour(m, f);
            by_station = by_station || (q.valid() && floor.kind(q) == CellKind::kStation);
          }
          if (!by_station) return true;
        }
        return false;
      };
      while (!run.empty() && !entry(run.back())) run.pop_back();
      if (run.size() > best.size()) best = run;
    }
    for (const std::uint32_t c : best) taken[c] = 1;
    lanes[k].cells = best;
    traffic->add_lane(s, best);
    lanes[k].trips.assign(best.size() + 1, kNone);
    lanes[k].members.reserve(best.size() + 1);
  }
  on_lane.assign(floor.cell_count(), 0);
  for (const Lane& lane : lanes) {
    for (const std::uint32_t c : lane.cells) on_lane[c] = 1;
  }
  bfs_stamp.assign(floor.cell_count(), 0);
  avoid_stamp.assign(floor.cell_count(), 0);
  bfs_queue.reserve(floor.cell_count());
  probe_cells.reserve(floor.cell_count());
}

std::uint32_t Warehouse::Impl::lane_cell(std::uint32_t k, std::uint64_t seq) const {
  const std::uint64_t slot = seq - lanes[k].front;
  return slot == 0 ? stations[k].cell : lanes[k].cells[slot - 1];
}

// ------------------------------------------------------------------------------------------- legs

void Warehouse::Impl::traffic_leg(std::uint32_t r, CellId goal, bool loaded) {
  Robot& rb = robots[r];
  rb.target = goal.value();
  rb.target_loaded = loaded;
  rb.asked = engine.now();
  rb.replan = false;
  rb.lane_wait = kNone;
  traffic_go(r);
}

void Warehouse::Impl::traffic_go(std::uint32_t r) {
  Robot& rb = robots[r];
  const SimTime now = engine.now();
  bool retry = rb.replan;
  rb.replan = false;
  if (rb.trip != kNone && trips[rb.trip].in_lane &&
      (rb.state == RobotState::kToStation || rb.state == RobotState::kAtStation)) {
    const Trip& t = trips[rb.trip];  // the queue may have moved up since
    rb.target = t.entered ? lane_cell(t.station, t.lane_seq) : lane_back(t.station);
  }
  const CellId from = traffic->position(r);
  const SimTime stood = std::max(rb.asked, traffic->rest_from(r));  // waiting for a plan since
  TrafficPlan p = traffic->plan(r, now, CellId(rb.target), rb.target_loaded);
  rec.tally(kpis.traffic_expanded, static_cast<double>(p.expanded));
  if (!p.ok && p.blocker != TrafficPlan::kNoRobot && rb.trip != kNone && trips[rb.trip].in_lane &&
      robots[p.blocker].trip != kNone && trips[robots[p.blocker].trip].in_lane &&
      trips[robots[p.blocker].trip].station == trips[rb.trip].station) {
    // Its cell in the lane still holds another robot of the lane, which has yet to move up: it goes
    // when that one does (no failed plan: this is queueing).
    rb.lane_wait = p.blocker;
    return;
  }
  if (!p.ok) {
    ++traffic_failed;
    rec.count(kpis.traffic_failed);
    // An idle robot on the goal or in the way is moved aside, and the plan tried again at once.
    const std::uint32_t idle = p.blocker != TrafficPlan::kNoRobot ? p.blocker : p.way_blocker;
    if (idle != TrafficPlan::kNoRobot && robots[idle].state == RobotState::kIdle &&
        traffic_evade(idle, rb.target)) {
      retry = true;
      p = traffic->plan(r, now, CellId(rb.target), rb.target_loaded);
      rec.tally(kpis.traffic_expanded, static_cast<double>(p.expanded));
    }
  }
  if (!p.ok) {
    rb.waits_for = p.blocker != TrafficPlan::kNoRobot ? p.blocker : p.way_blocker;
    rb.failed_at = now;
    if (traffic_deadlocked(r) && traffic_step_aside(r)) rec.count(kpis.traffic_deadlocks);
    if (now - rb.asked >= cfg.traffic.gridlock_after) throw SimulationError(gridlock_message(r));
    rb.replan = true;
    schedule_step(r, cfg.traffic.retry);
    return;
  }
  rb.waits_for = kNone;
  if (now > stood) traffic->add_wait(r, from, stood, now);
  if (rb.room_wait) {  // it leaves its storage location for the lane: the wait for room ends
    rb.room_wait = false;
    rec.tally(kpis.traffic_room_wait, (p.depart - trips[rb.trip].asked).to_seconds());
  }
  ++traffic_plans;
  rec.count(kpis.traffic_plans);
  if (retry) rec.count(kpis.traffic_replans);
  rb.metres += p.metres;
  const double wait = ((p.arrive - rb.asked) - p.driving).to_seconds();
  if (wait > 1e-6) rb.trip_wait += wait;
  if (rb.release != kNone) {  // its storage location is free once it leaves (docs/model.md)
    if (storage_choice != StorageChoice::kHome) location_freed(rb.release);
    rb.release = kNone;
  }
  const bool lane_robot = rb.trip != kNone && trips[rb.trip].in_lane;
  if (lane_robot && rb.state == RobotState::kReturning) {
    traffic_left_station(rb.trip);
  }
  if (lane_robot) traffic_moved(r);
  rb.moving = true;
  schedule_step(r, p.arrive - now);
}

std::string Warehouse::Impl::gridlock_message(std::uint32_t r) const {
  // The robot, then the chain of robots it waits for (each at rest on its goal or in its way).
  const SimTime now = engine.now();
  const Robot& rb = robots[r];
  std::string chain;
  std::uint32_t at = r;
  for (int link = 0; link < 8; ++link) {
    const std::uint32_t next = robots[at].waits_for;
    if (next == kNone) break;
    chain += fmt::format("; robot {} waits for robot {} ({}, at {})", at, next, to_string(robots[next].state),
                         floor.describe(traffic->position(next)));
    if (next == r) {
      chain += ": a deadlock";
      break;
    }
    at = next;
  }
  return fmt::format(
      "traffic gridlock {} into the run: robot {} ({}) at {} has found no path to {} since {}{} (try more "
      "room "
      "on the floor, fewer robots, or a larger robots.traffic.node_limit)",
      format_human(now), r, to_string(rb.state), floor.describe(traffic->position(r)),
      floor.describe(CellId(rb.target)), format_human(rb.asked), chain);
}

bool Warehouse::Impl::traffic_evade(std::uint32_t r, std::uint32_t avoid) {
  // The nearest storage location (breadth-first over the cells an empty robot may drive) that no
  // robot holds without end and that is not the other robot's goal.
  if (++bfs_generation == 0) {
    std::fill(bfs_stamp.begin(), bfs_stamp.end(), 0);
    bfs_generation = 1;
  }
  const CellId from = traffic->position(r);
  bfs_queue.clear();
  bfs_queue.push_back(from.value());
  bfs_stamp[from.index()] = bfs_generation;
  std::uint32_t park = kNone;
  for (std::size_t i = 0; i < bfs_queue.size() && park == kNone; ++i) {
    const CellId c(bfs_queue[i]);
    for (const Dir d : kDirs) {
      const CellId n = floor.neighbour(c, d);
      if (!n.valid() || !floor.can_leave(c, d) || bfs_stamp[n.index()] == bfs_generation) continue;
      const CellKind kind = floor.kind(n);
      if (kind == CellKind::kWall || kind == CellKind::kStation) continue;
      bfs_stamp[n.index()] = bfs_generation;
      if (kind == CellKind::kStorage && n.value() != avoid && traffic->holder(n) == TrafficPlan::kNoRobot) {
        park = n.value();
        break;
      }
      bfs_queue.push_back(n.value());
    }
  }
  if (park == kNone) return false;
  const TrafficPlan p = traffic->plan(r, engine.now(), CellId(park), false);
  rec.tally(kpis.traffic_expanded, static_cast<double>(p.expanded));
  if (!p.ok) return false;
  rec.count(kpis.traffic_evasions);
  Robot& rb = robots[r];
  rb.total_metres += p.metres;
  total_metres += p.metres;
  idle_remove(r);
  rb.cell = park;
  idle_insert(r);
  return true;
}

bool Warehouse::Impl::traffic_deadlocked(std::uint32_t r) const {
  std::uint32_t at = r;
  for (std::size_t link = 0; link <= robots.size(); ++link) {
    const Robot& a = robots[at];
    const std::uint32_t next = a.waits_for;
    // A link holds while `a` waits for a plan and found `next` in its way after `next` came to rest
    // there (a robot that has moved since is to be tried again first).
    if (next == kNone || !(a.replan || at == r) || a.failed_at < traffic->rest_from(next)) return false;
    if (next == r) return true;
    at = next;
  }
  return false;
}

bool Warehouse::Impl::traffic_step_aside(std::uint32_t r) {
  Robot& rb = robots[r];
  if (rb.trip != kNone && trips[rb.trip].in_lane) return false;  // queued robots keep their order
  const std::uint32_t b = rb.waits_for;
  const SimTime now = engine.now();
  // The path the other robot would take with this one off the floor: stay off it.
  if (!traffic->probe(b, now, CellId(robots[b].target), robots[b].target_loaded, r, probe_cells))
    return false;
  if (++bfs_generation == 0) {
    std::fill(bfs_stamp.begin(), bfs_stamp.end(), 0);
    std::fill(avoid_stamp.begin(), avoid_stamp.end(), 0);
    bfs_generation = 1;
  }
  for (const std::uint32_t c : probe_cells) avoid_stamp[c] = bfs_generation;
  // The nearest cells (breadth-first over the cells it may drive) off that path, not held, not a
  // queue lane or a station, nobody's goal; a loaded robot stays on aisles.
  const bool loaded = rb.target_loaded;
  const CellId from = traffic->position(r);
  const SimTime rested = traffic->rest_from(r);
  bfs_queue.clear();
  bfs_queue.push_back(from.value());
  bfs_stamp[from.index()] = bfs_generation;
  constexpr int kTries = 3;
  int tries = 0;
  for (std::size_t i = 0; i < bfs_queue.size() && tries < kTries; ++i) {
    const CellId c(bfs_queue[i]);
    for (const Dir d : kDirs) {
      const CellId n = floor.neighbour(c, d);
      if (!n.valid() || !floor.can_leave(c, d) || bfs_stamp[n.index()] == bfs_generation) continue;
      const CellKind kind = floor.kind(n);
      if (kind == CellKind::kWall || kind == CellKind::kStation || (loaded && kind == CellKind::kStorage))
        continue;
      bfs_stamp[n.index()] = bfs_generation;
      bfs_queue.push_back(n.value());
      if (avoid_stamp[n.index()] == bfs_generation || on_lane[n.index()] != 0 ||
          !traffic->free_from(n, now)) {
        continue;
      }
      bool goal = false;
      for (const Robot& o : robots) goal = goal || o.target == n.value();
      if (goal) continue;
      ++tries;
      const TrafficPlan p = traffic->plan(r, now, n, loaded);
      rec.tally(kpis.traffic_expanded, static_cast<double>(p.expanded));
      if (!p.ok) {
        if (tries == kTries) break;
        continue;
      }
      // It stood where it was since it asked (or came to rest); it stands at the new cell until its
      // own leg is planned again (its next try).
      if (now > std::max(rb.asked, rested)) traffic->add_wait(r, from, std::max(rb.asked, rested), now);
      rb.metres += p.metres;
      if (rb.release != kNone) {  // it has left its storage location
        if (storage_choice != StorageChoice::kHome) location_freed(rb.release);
        rb.release = kNone;
      }
      return true;
    }
  }
  return false;
}

// --------------------------------------------------------------------------------- station lanes

void Warehouse::Impl::traffic_lifted(std::uint32_t r) {
  Robot& rb = robots[r];
  const std::uint32_t trip = rb.trip;
  Trip& t = trips[trip];
  Lane& lane = lanes[t.station];
  t.asked = engine.now();
  rb.room_wait = true;
  t.next = kNone;
  if (lane.wait_tail == kNone) {
    lane.wait_head = trip;
  } else {
    trips[lane.wait_tail].next = trip;
  }
  lane.wait_tail = trip;
  traffic_admit(t.station);
}

void Warehouse::Impl::traffic_admit(std::uint32_t k) {
  // Room: the station cell and the lane cells, counting the robots on their way to the lane.
  Lane& lane = lanes[k];
  while (lane.wait_head != kNone && lane.members.size() < lane.trips.size()) {
    const std::uint32_t trip = lane.wait_head;
    Trip& t = trips[trip];
    lane.wait_head = t.next;
    if (lane.wait_head == kNone) lane.wait_tail = kNone;
    t.next = kNone;
    t.in_lane = true;
    if (lane.members.empty()) {
      // Nobody at or on the way to the station: straight to the station cell, first in the queue.
      t.entered = true;
      t.lane_seq = lane.back++;
      lane.trips[t.lane_seq % lane.trips.size()] = trip;
    }
    if (lane.members.empty()) traffic->close_lane(CellId(stations[k].cell), true);
    lane.members.push_back(trip);
    traffic_leg(t.robot, CellId(t.entered ? lane_cell(k, t.lane_seq) : lane_back(k)), true);
  }
}

std::uint32_t Warehouse::Impl::lane_back(std::uint32_t k) const {
  return lanes[k].cells.empty() ? stations[k].cell : lanes[k].cells.back();
}

void Warehouse::Impl::traffic_arrived(std::uint32_t r) {
  Robot& rb = robots[r];
  const std::uint32_t trip = rb.trip;
  Trip& t = trips[trip];
  const std::uint32_t k = t.station;
  Lane& lane = lanes[k];
  rb.cell = traffic->position(r).value();
  if (!t.entered) {
    // At the back of the lane: it takes its place (robots queue in the order they get here).
    t.entered = true;
    t.lane_seq = lane.back++;
    lane.trips[t.lane_seq % lane.trips.size()] = trip;
  }
  if (!t.joined) {  // joins the station's queue
    t.joined = true;
    set_state(r, RobotState::kAtStation);
    arrive_at_station(trip);
  }
  const std::uint32_t target = lane_cell(k, t.lane_seq);
  if (rb.cell != target) {  // room ahead: it moves up
    traffic_leg(r, CellId(target), true);
    return;
  }
  if (t.lane_seq == lane.front) {
    t.at_station = true;
    try_present(k);
  }
}

void Warehouse::Impl::traffic_moved(std::uint32_t r) {
  // Robot r (in a lane) has a plan away from its cell: robots of its lane waiting for that cell
  // plan now.
  const Lane& lane = lanes[trips[robots[r].trip].station];
  for (std::size_t i = 0; i < lane.members.size(); ++i) {
    const std::uint32_t other = trips[lane.members[i]].robot;
    if (robots[other].lane_wait == r) {
      robots[other].lane_wait = kNone;
      robots[other].asked = engine.now();  // waiting for the robot ahead was queueing, not congestion
      traffic_go(other);
    }
  }
}

void Warehouse::Impl::traffic_left_station(std::uint32_t trip) {
  // The trip's robot has a plan away from the station cell: the queue moves up one slot.
  Trip& t = trips[trip];
  const std::uint32_t k = t.station;
  Lane& lane = lanes[k];
  t.in_lane = false;
  t.at_station = false;
  t.entered = false;
  t.joined = false;
  lane.members.erase(std::find(lane.members.begin(), lane.members.end(), trip));
  if (lane.members.empty()) traffic->close_lane(CellId(stations[k].cell), false);
  lane.trips[lane.front % lane.trips.size()] = kNone;
  ++lane.front;
  for (std::uint64_t seq = lane.front; seq < lane.back; ++seq) {
    const std::uint32_t other = lane.trips[seq % lane.trips.size()];
    const std::uint32_t r = trips[other].robot;
    const Robot& rb = robots[r];
    // Robots at rest in the queue move up; robots still driving move on when they arrive.
    if (rb.state == RobotState::kAtStation && !rb.replan && !rb.moving && rb.lane_wait == kNone) {
      traffic_leg(r, CellId(lane_cell(k, seq)), true);
    }
  }
  traffic_admit(k);
}

void Warehouse::Impl::traffic_finish(SimTime end) {
  if (!cfg.traffic.check) return;
  const std::string problem = traffic->verify(end);
  if (!problem.empty()) throw SimulationError("traffic invariant violated: " + problem);
}

// ------------------------------------------------------------------------------- where it jams

void Warehouse::Impl::append_traffic_grids(stats::RunResult& result, SimTime end) const {
  const auto grid = [&](const char* name, const char* description, std::vector<double> values) {
    result.grids.push_back(stats::Grid{std::string(name), std::string(description), std::string("s"),
                                       floor.width(), floor.height(), std::move(values)});
  };
  grid("traffic_occupancy",
       "Robot-seconds each cell was held by a robot over the measured period (traffic mode: a robot holds "
       "the cells its body overlaps, two while it crosses between them).",
       traffic->occupancy(end));
  grid("traffic_waiting",
       "Robot-seconds robots stood waiting on each cell for other robots over the measured period (traffic "
       "mode: waits within planned legs and while no plan was found; queueing in station lanes is not "
       "counted).",
       traffic->waiting(end));
}

void Warehouse::Impl::append_congestion(stats::RunResult& result, SimTime end) const {
  const std::vector<double> held = traffic->occupancy(end);
  const std::vector<double> wait = traffic->waiting(end);
  const double total = std::accumulate(wait.begin(), wait.end(), 0.0);
  const double period = (end - traffic->cell_stats_from()).to_seconds();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const auto share = [&](double v) { return total > 0 ? v / total : nan; };
  const auto busy = [&](double v, double cells) { return period > 0 ? v / (period * cells) : nan; };

  stats::Table ct;
  ct.name = "congested_cells";
  ct.description =
      "The ten cells where robots waited longest for other robots over the measured period (traffic mode).";
  ct.label = "cell";
  ct.columns = {"x", "y", "waiting", "waiting_share", "occupancy"};
  ct.units = {"cell", "cell", "s", "ratio", "ratio"};
  std::vector<std::uint32_t> order(wait.size());
  std::iota(order.begin(), order.end(), 0U);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::uint32_t a, std::uint32_t b) { return wait[a] > wait[b]; });
  for (std::size_t i = 0; i < order.size() && i < 10 && wait[order[i]] > 0; ++i) {
    const CellId c(order[i]);
    ct.row_labels.push_back(fmt::format("{} {}", floor.describe(c), to_string(floor.kind(c))));
    ct.rows.push_back({static_cast<double>(floor.x(c)), static_cast<double>(floor.y(c)), wait[c.index()],
                       share(wait[c.index()]), busy(held[c.index()], 1.0)});
  }
  result.tables.push_back(std::move(ct));

  // Aisles: maximal straight runs of two or more aisle cells along a row or a column (a cell where
  // two aisles cross counts to both).
  struct Run {
    std::string label;
    double cells = 0, waiting = 0, held = 0;
  };
  std::vector<Run> runs;
  const auto scan = [&](bool rows) {
    const int outer = rows ? floor.height() : floor.width();
    const int inner = rows ? floor.width() : floor.height();
    for (int a = 0; a < outer; ++a) {
      int b = 0;
      while (b < inner) {
        const auto at = [&](int i) { return rows ? floor.cell(i, a) : floor.cell(a, i); };
        if (floor.kind(at(b)) != CellKind::kAisle) {
          ++b;
          continue;
        }
        int e = b;
        Run run;
        while (e < inner && floor.kind(at(e)) == CellKind::kAisle) {
          run.waiting += wait[at(e).index()];
          run.held += held[at(e).index()];
          ++e;
        }
        if (e - b >= 2) {
          run.cells = e - b;
          run.label = rows ? fmt::format("row y={}, x {}..{}", a, b, e - 1)
                           : fmt::format("column x={}, y {}..{}", a, b, e - 1);
          runs.push_back(std::move(run));
        }
        b = e;
      }
    }
  };
  scan(true);
  scan(false);
  std::stable_sort(runs.begin(), runs.end(),
                   [](const Run& a, const Run& b) { return a.waiting > b.waiting; });
  stats::Table at;
  at.name = "congested_aisles";
  at.description =
      "The five aisles (straight runs of aisle cells) where robots waited longest for other robots over the "
      "measured period (traffic mode).";
  at.label = "aisle";
  at.columns = {"cells", "waiting", "waiting_share", "occupancy"};
  at.units = {"cells", "s", "ratio", "ratio"};
  for (std::size_t i = 0; i < runs.size() && i < 5 && runs[i].waiting > 0; ++i) {
    at.row_labels.push_back(runs[i].label);
    at.rows.push_back(
        {runs[i].cells, runs[i].waiting, share(runs[i].waiting), busy(runs[i].held, runs[i].cells)});
  }
  result.tables.push_back(std::move(at));
}

}  // namespace whsim::model
