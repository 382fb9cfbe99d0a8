// Traffic mode's planner: a single robot takes exactly the travel-time mode's time (empty and
// loaded legs, on the parametric floor), reservations keep robots apart (the independent checker
// finds no vertex or swap conflict), head-on meetings in a corridor with and without a passing
// bay, goals held by a robot at rest, the node limit, and the checker itself catching conflicts.
#include <cstdint>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "whsim/core/error.hpp"
#include "whsim/model/floor.hpp"
#include "whsim/model/traffic.hpp"
#include "whsim/model/travel_times.hpp"

namespace whsim::model {
namespace {

Floor parse(const std::string& map) {
  std::vector<std::string> problems;
  Floor floor = Floor::from_ascii(map, 1.0, problems);
  EXPECT_TRUE(problems.empty()) << (problems.empty() ? "" : problems.front());
  return floor;
}

TrafficOptions traced() {
  TrafficOptions o;
  o.keep_trace = true;
  return o;
}

Floor quickstart_like() {
  ParametricLayout l;
  l.block_columns = 4;
  l.block_rows = 3;
  l.stations_per_side = 2;
  return Floor::parametric(l, 1.0);
}

TEST(TrafficPlannerTest, SingleRobotTakesTheTravelTimeModeTime) {
  const Floor floor = quickstart_like();
  const Motion motion{1.5, 0.5, 0.5, 0.5};
  const TravelTimes travel(floor, motion);
  const auto& storage = floor.storage_cells();
  const auto& stations = floor.station_cells();
  std::uint64_t state = 12345;
  const auto next = [&](std::size_t n) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::size_t>((state >> 33) % n);
  };
  for (int k = 0; k < 300; ++k) {
    TrafficPlanner planner(floor, motion, 1, traced());
    const std::size_t s = next(storage.size());
    const std::size_t t = next(stations.size());
    const SimTime t0 = SimTime::from_ticks(1'000'000);
    if (k % 3 == 0) {  // empty: storage to storage
      const std::size_t s2 = next(storage.size());
      planner.place(0, storage[s], t0);
      const TrafficPlan p = planner.plan(0, t0, storage[s2], false);
      ASSERT_TRUE(p.ok);
      const Leg leg = travel.empty(storage[s], storage[s2]);
      EXPECT_EQ((p.arrive - t0).ticks(), leg.time.ticks())
          << floor.describe(storage[s]) << " -> " << floor.describe(storage[s2]);
      EXPECT_DOUBLE_EQ(p.metres, leg.metres);
    } else if (k % 3 == 1) {  // loaded: storage to station
      planner.place(0, storage[s], t0);
      const TrafficPlan p = planner.plan(0, t0, stations[t], true);
      ASSERT_TRUE(p.ok);
      EXPECT_EQ((p.arrive - t0).ticks(), travel.to_station(s, t).time.ticks());
      EXPECT_EQ(p.driving.ticks(), travel.to_station(s, t).time.ticks());
    } else {  // loaded: station to storage
      planner.place(0, stations[t], t0);
      const TrafficPlan p = planner.plan(0, t0, storage[s], true);
      ASSERT_TRUE(p.ok);
      EXPECT_EQ((p.arrive - t0).ticks(), travel.from_station(t, s).time.ticks());
    }
    EXPECT_EQ(planner.verify(SimTime::from_ticks(1'000'000'000)), "");
  }
}

TEST(TrafficPlannerTest, RobotsPlannedOneAfterAnotherNeverMeet) {
  const Floor floor = quickstart_like();
  const Motion motion{1.5, 0.5, 0.5, 0.5};
  const auto& storage = floor.storage_cells();
  constexpr std::uint32_t kRobots = 20;
  TrafficPlanner planner(floor, motion, kRobots, traced());
  for (std::uint32_t r = 0; r < kRobots; ++r) planner.place(r, storage[std::size_t{r} * 3], SimTime::zero());
  std::uint64_t state = 99;
  const auto next = [&](std::size_t n) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::size_t>((state >> 33) % n);
  };
  int ok = 0;
  int waited = 0;
  for (int k = 0; k < 400; ++k) {
    const auto r = static_cast<std::uint32_t>(next(kRobots));
    const SimTime now = SimTime::from_ticks(k * 500'000LL);
    const bool loaded = k % 2 == 0;
    const CellId goal =
        loaded ? floor.station_cells()[next(floor.station_cells().size())] : storage[next(storage.size())];
    if (loaded && floor.kind(planner.position(r)) != CellKind::kStorage) continue;
    const TrafficPlan p = planner.plan(r, now, goal, loaded);
    if (!p.ok) continue;
    ++ok;
    EXPECT_GE(p.arrive, now);
    EXPECT_GE(p.arrive - p.depart, p.driving - Duration::from_ticks(1));
    if (p.arrive - std::max(now, p.depart) > p.driving + Duration::from_ticks(2)) ++waited;
    EXPECT_EQ(planner.position(r), goal);
  }
  EXPECT_GT(ok, 150);  // the rest found their goal held (a station taken) or no way round
  EXPECT_EQ(planner.verify(SimTime::from_ticks(400 * 500'000LL + 3'600'000'000LL)), "");
  RecordProperty("waited", waited);
}

TEST(TrafficPlannerTest, HeadOnWithAPassingBay) {
  // A drives from (0, 0) along the corridor (row 1) to (8, 1), next to B's start; B must get past
  // A the other way, so it steps into the bay at (6, 2), lets A pass and goes on.
  const Floor floor = parse(
      "s#######P\n"
      ".........\n"
      "######.##\n");
  const Motion motion{1.0, 1.0, 1.0, 0.5};
  TrafficPlanner planner(floor, motion, 2, traced());
  planner.place(0, floor.cell(0, 0), SimTime::zero());
  planner.place(1, floor.cell(8, 0), SimTime::zero());
  const TrafficPlan a = planner.plan(0, SimTime::zero(), floor.cell(8, 1), false);
  ASSERT_TRUE(a.ok);
  EXPECT_EQ(a.arrive - a.depart, a.driving);  // planned first: never waits
  const TrafficPlan b = planner.plan(1, SimTime::zero(), floor.cell(0, 1), false);
  ASSERT_TRUE(b.ok);
  EXPECT_GT(b.arrive - SimTime::zero(), b.driving);  // it waited in the bay
  EXPECT_DOUBLE_EQ(b.metres, 11.0);                  // 1 down, 2 west, into the bay and back, 6 west
  EXPECT_EQ(planner.verify(SimTime::from_ticks(600'000'000)), "");
}

TEST(TrafficPlannerTest, ARobotAtRestInTheWayStepsIntoTheBay) {
  // Robot 1 stands at (1, 1) on robot 0's way west: robot 0 cannot plan until robot 1 moves;
  // robot 1 cannot go east past robot 0 either. Robot 1 steps into the bay, robot 0 passes, then
  // robot 1 goes on: the resolution the warehouse applies to robots at rest in the way.
  const Floor floor = parse(
      "s########\n"
      ".........\n"
      "####.####\n"
      "########P\n");
  const Motion motion{1.0, 1.0, 1.0, 0.5};
  TrafficPlanner planner(floor, motion, 2, traced());
  planner.place(0, floor.cell(6, 1), SimTime::zero());
  planner.place(1, floor.cell(1, 1), SimTime::zero());
  const TrafficPlan blocked = planner.plan(0, SimTime::zero(), floor.cell(0, 1), false);
  EXPECT_FALSE(blocked.ok);
  EXPECT_EQ(blocked.blocker, TrafficPlan::kNoRobot);  // the goal is free; the way is not
  EXPECT_FALSE(planner.plan(1, SimTime::zero(), floor.cell(8, 1), false).ok);
  ASSERT_TRUE(planner.plan(1, SimTime::zero(), floor.cell(4, 2), false).ok);
  const TrafficPlan west = planner.plan(0, SimTime::zero(), floor.cell(0, 1), false);
  ASSERT_TRUE(west.ok);
  ASSERT_TRUE(planner.plan(1, west.arrive, floor.cell(8, 1), false).ok);
  EXPECT_EQ(planner.verify(SimTime::from_ticks(600'000'000)), "");
}

TEST(TrafficPlannerTest, ProbeShowsThePathWithoutARobotAndCommitsNothing) {
  // Robot 1 stands in robot 0's way: no plan; the probe ignoring robot 1 gives the cells robot 0
  // would pass (through robot 1's cell), and changes nothing.
  const Floor floor = parse(
      "s########\n"
      ".........\n"
      "####.###P\n");
  TrafficPlanner planner(floor, Motion{1.0, 1.0, 1.0, 0.5}, 2, traced());
  planner.place(0, floor.cell(6, 1), SimTime::zero());
  planner.place(1, floor.cell(3, 1), SimTime::zero());
  std::vector<std::uint32_t> cells;
  EXPECT_FALSE(planner.probe(0, SimTime::zero(), floor.cell(0, 1), false, TrafficPlan::kNoRobot, cells));
  ASSERT_TRUE(planner.probe(0, SimTime::zero(), floor.cell(0, 1), false, 1, cells));
  std::vector<std::uint32_t> expected;
  for (int x = 6; x >= 0; --x) expected.push_back(floor.cell(x, 1).value());
  EXPECT_EQ(cells, expected);
  EXPECT_EQ(planner.position(0), floor.cell(6, 1));
  EXPECT_EQ(planner.holder(floor.cell(6, 1)), 0U);
  EXPECT_FALSE(planner.plan(0, SimTime::zero(), floor.cell(0, 1), false).ok);  // robot 1 counts again
  // Robot 1 steps off that path into the bay; then robot 0 gets through.
  ASSERT_TRUE(planner.plan(1, SimTime::zero(), floor.cell(4, 2), false).ok);
  EXPECT_TRUE(planner.plan(0, SimTime::zero(), floor.cell(0, 1), false).ok);
  EXPECT_EQ(planner.verify(SimTime::from_ticks(600'000'000)), "");
}

/// A one-cell corridor: robot 0 drives through it to the far side (planned first), robot 1,
/// coming the other way, is planned after it.
struct HeadOnInACorridor {
  Floor floor = parse(
      "..#######.s\n"
      "...........\n"
      "P.#######..\n");
  TrafficPlanner planner{floor, Motion{1.0, 1.0, 1.0, 0.5}, 2, traced()};
  TrafficPlan a, b;
  HeadOnInACorridor() {
    planner.place(0, floor.cell(0, 1), SimTime::zero());
    planner.place(1, floor.cell(10, 1), SimTime::zero());
    a = planner.plan(0, SimTime::zero(), floor.cell(10, 0), false);
    b = planner.plan(1, SimTime::zero(), floor.cell(0, 2), false);
  }
};

TEST(TrafficPlannerTest, WithoutABayTheSecondRobotWaitsForTheFirst) {
  // B waits at its start until A is through.
  HeadOnInACorridor c;
  ASSERT_TRUE(c.a.ok);
  ASSERT_TRUE(c.b.ok);
  EXPECT_GE(c.b.depart, SimTime::zero());
  EXPECT_GT(c.b.arrive - c.b.depart, Duration::zero());
  EXPECT_GT(c.b.arrive - SimTime::zero(), c.b.driving);  // it waited
  EXPECT_EQ(c.planner.verify(SimTime::from_ticks(600'000'000)), "");
}

TEST(TrafficPlannerTest, CellStatisticsCountHoldsAndWaits) {
  // The corridor above: A drives through, B waits for it. Every robot holds at least one cell at
  // every moment (two while crossing between cells), so occupancy summed over the cells lies
  // between 2 T and 2 T plus the time both spent driving; the waiting summed over the cells is B's
  // wait, and A (planned first) waits nowhere.
  HeadOnInACorridor c;
  const Floor& floor = c.floor;
  TrafficPlanner& planner = c.planner;
  const TrafficPlan& a = c.a;
  const TrafficPlan& b = c.b;
  ASSERT_TRUE(a.ok && b.ok);
  const SimTime end = SimTime::zero() + Duration::minutes(2);
  const auto sum = [](const std::vector<double>& v) {
    double s = 0;
    for (const double x : v) s += x;
    return s;
  };
  const std::vector<double> held = planner.occupancy(end);
  EXPECT_GE(sum(held), 2 * 120.0 - 1e-6);
  EXPECT_LE(sum(held), 2 * 120.0 + (a.driving + b.driving).to_seconds() + 1e-3);
  // A's goal: held from when its body reaches it (before it comes to rest there) to the end.
  const double at_goal = held[floor.cell(10, 0).index()];
  EXPECT_GT(at_goal, 120.0 - (a.arrive - SimTime::zero()).to_seconds());
  EXPECT_LT(at_goal, 120.0 - (a.arrive - SimTime::zero()).to_seconds() + a.driving.to_seconds());
  const std::vector<double> waited = planner.waiting(end);
  const double b_wait = (b.arrive - SimTime::zero() - b.driving).to_seconds();
  EXPECT_GT(b_wait, 1.0);
  EXPECT_NEAR(sum(waited), b_wait, 1e-5);
  // Counted up to `end` only: a second in, and with the statistics reset after both arrived.
  const SimTime mid = SimTime::zero() + Duration::seconds(1);
  EXPECT_GE(sum(planner.occupancy(mid)), 2 * 1.0 - 1e-6);
  EXPECT_LE(sum(planner.occupancy(mid)), 4 * 1.0 + 1e-6);
  const SimTime later = std::max(a.arrive, b.arrive) + Duration::seconds(10);
  planner.reset_cell_stats(later);
  EXPECT_NEAR(sum(planner.occupancy(end)), 2 * (end - later).to_seconds(), 1e-6);
  EXPECT_EQ(sum(planner.waiting(end)), 0.0);
  // Waiting outside a plan (no plan found yet) is added by the caller, and clipped the same way.
  planner.add_wait(0, floor.cell(10, 0), later + Duration::seconds(5), later + Duration::seconds(25));
  EXPECT_NEAR(planner.waiting(end)[floor.cell(10, 0).index()], 20.0, 1e-9);
  EXPECT_NEAR(planner.waiting(later + Duration::seconds(10))[floor.cell(10, 0).index()], 5.0, 1e-9);
}

TEST(TrafficPlannerTest, ACellCrossedManyTimesIsStillReachableAfterwards) {
  // Six robots drive along row 1 from the west to the east end, one behind the other, each
  // crossing (6, 1). Robot 6 wants to stop on (6, 1) for good: it can only arrive after the last
  // of them, in the cell's seventh free interval (late intervals share one search state).
  const Floor floor = parse(
      "s#####.######\n"
      ".............\n"
      "######P######\n");
  const Motion motion{1.0, 1.0, 1.0, 0.0};
  TrafficPlanner planner(floor, motion, 7, traced());
  for (int r = 0; r < 6; ++r) planner.place(static_cast<std::uint32_t>(r), floor.cell(r, 1), SimTime::zero());
  planner.place(6, floor.cell(6, 0), SimTime::zero());
  SimTime last_past = SimTime::zero();
  for (int r = 5; r >= 0; --r) {
    const TrafficPlan p =
        planner.plan(static_cast<std::uint32_t>(r), SimTime::zero(), floor.cell(12 - (5 - r), 1), false);
    ASSERT_TRUE(p.ok) << r;
    last_past = std::max(last_past, p.arrive);
  }
  const TrafficPlan p = planner.plan(6, SimTime::zero(), floor.cell(6, 1), false);
  ASSERT_TRUE(p.ok);
  EXPECT_GT(p.arrive - SimTime::zero(), p.driving + Duration::seconds(5));  // it waited for the six
  EXPECT_EQ(planner.verify(SimTime::from_ticks(600'000'000)), "");
  (void)last_past;
}

TEST(TrafficPlannerTest, ARobotWalledInByRobotsAtRestFailsWithoutSearching) {
  // Robot 0 in a pocket whose only way out is held by robot 1 at rest: no plan, nothing
  // expanded, robot 1 named as the one in the way.
  const Floor floor = parse(
      "..#...s\n"
      "......P\n"
      "..#....\n");
  TrafficPlanner planner(floor, Motion{}, 2, traced());
  planner.place(0, floor.cell(0, 1), SimTime::zero());
  planner.place(1, floor.cell(2, 1), SimTime::zero());
  const TrafficPlan p = planner.plan(0, SimTime::zero(), floor.cell(5, 1), false);
  EXPECT_FALSE(p.ok);
  EXPECT_EQ(p.expanded, 0U);
  EXPECT_EQ(p.way_blocker, 1U);
  EXPECT_EQ(p.way_cell, floor.cell(2, 1));
}

TEST(TrafficPlannerTest, AClosedLaneIsForTheRobotsOfItsStation) {
  // The lane (1, 1)-(2, 1) east of the station at (0, 1). Open, robot 0 crosses it straight from
  // (1, 0) to (1, 2); closed, it drives round by column 3, while robot 1, heading for a cell of
  // the lane, may enter it.
  const Floor floor = parse(
      "s.s..\n"
      "P....\n"
      "s.s..\n");
  const std::vector<std::uint32_t> lane{floor.cell(1, 1).value(), floor.cell(2, 1).value()};
  for (const bool closed : {false, true}) {
    TrafficPlanner planner(floor, Motion{1.0, 1.0, 1.0, 0.0}, 2, traced());
    planner.add_lane(floor.cell(0, 1), lane);
    planner.close_lane(floor.cell(0, 1), closed);
    planner.place(0, floor.cell(1, 0), SimTime::zero());
    planner.place(1, floor.cell(4, 0), SimTime::zero());
    const TrafficPlan across = planner.plan(0, SimTime::zero(), floor.cell(1, 2), false);
    ASSERT_TRUE(across.ok) << closed;
    EXPECT_DOUBLE_EQ(across.metres, closed ? 6.0 : 2.0);
    const TrafficPlan to_lane = planner.plan(1, SimTime::zero(), floor.cell(2, 1), false);
    EXPECT_TRUE(to_lane.ok) << closed;
    EXPECT_EQ(planner.verify(SimTime::from_ticks(600'000'000)), "");
  }
  TrafficPlanner planner(floor, Motion{}, 1, traced());
  EXPECT_THROW(planner.close_lane(floor.cell(0, 1), true), ContractError);  // no lane there
}

TEST(TrafficPlannerTest, GoalHeldByARobotAtRestFailsWithTheBlocker) {
  const Floor floor = parse(
      "......\n"
      ".ssss.\n"
      ".....P\n");
  TrafficPlanner planner(floor, Motion{}, 2, traced());
  planner.place(0, floor.cell(0, 0), SimTime::zero());
  planner.place(1, floor.cell(2, 1), SimTime::zero());
  const TrafficPlan p = planner.plan(0, SimTime::zero(), floor.cell(2, 1), false);
  EXPECT_FALSE(p.ok);
  EXPECT_EQ(p.blocker, 1U);
  EXPECT_EQ(planner.holder(floor.cell(2, 1)), 1U);
  EXPECT_EQ(planner.position(0), floor.cell(0, 0));  // nothing changed
  // Once robot 1 leaves, robot 0 gets there after it.
  const TrafficPlan away = planner.plan(1, SimTime::zero(), floor.cell(5, 2), false);
  ASSERT_TRUE(away.ok);
  const TrafficPlan again = planner.plan(0, SimTime::zero(), floor.cell(2, 1), false);
  ASSERT_TRUE(again.ok);
  EXPECT_EQ(planner.verify(SimTime::from_ticks(600'000'000)), "");
}

TEST(TrafficPlannerTest, NodeLimitFailsWithoutChangingAnything) {
  const Floor floor = quickstart_like();
  TrafficOptions o = traced();
  o.node_limit = 2;
  TrafficPlanner planner(floor, Motion{}, 1, o);
  const CellId start = floor.storage_cells().front();
  planner.place(0, start, SimTime::zero());
  const TrafficPlan p = planner.plan(0, SimTime::zero(), floor.storage_cells().back(), false);
  EXPECT_FALSE(p.ok);
  EXPECT_EQ(p.blocker, TrafficPlan::kNoRobot);
  EXPECT_EQ(planner.position(0), start);
  EXPECT_EQ(planner.holder(start), 0U);
}

TEST(TrafficPlannerTest, LoadedRobotsStayOffStorage) {
  // The only way from (0, 0) to (4, 0) on row 0 is blocked by storage: a loaded robot goes round.
  const Floor floor = parse(
      "..s.P\n"
      ".....\n");
  TrafficPlanner planner(floor, Motion{1.0, 1.0, 1.0, 0.0}, 2, traced());
  planner.place(0, floor.cell(0, 0), SimTime::zero());
  planner.place(1, floor.cell(0, 1), SimTime::zero());
  const TrafficPlan loaded = planner.plan(0, SimTime::zero(), floor.cell(4, 0), true);
  ASSERT_TRUE(loaded.ok);
  EXPECT_DOUBLE_EQ(loaded.metres, 6.0);  // down, along row 1, up
  const TrafficPlan empty = planner.plan(1, SimTime::zero(), floor.cell(4, 1), false);
  ASSERT_TRUE(empty.ok);
  EXPECT_DOUBLE_EQ(empty.metres, 4.0);
  EXPECT_EQ(planner.verify(SimTime::from_ticks(600'000'000)), "");
}

TEST(TrafficPlannerTest, PlaceRejectsATakenCell) {
  const Floor floor = quickstart_like();
  TrafficPlanner planner(floor, Motion{}, 2, TrafficOptions{});
  planner.place(0, floor.storage_cells()[0], SimTime::zero());
  EXPECT_THROW(planner.place(1, floor.storage_cells()[0], SimTime::zero()), ContractError);
  EXPECT_THROW((void)planner.verify(SimTime::zero()), ContractError);  // no trace kept
}

}  // namespace
}  // namespace whsim::model
