// Traffic mode in whole runs: the invariant checker (robots.traffic.check) finds no two robots in
// one cell and no swap over a congested run, stock is conserved and no plan fails; a single robot
// behaves exactly as in travel-time mode (same cycle times, trip distances and station visits);
// more robots raise throughput with diminishing returns; a planner that cannot plan stops the run
// with a gridlock error saying where and when; switched off, nothing changes.
#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "whsim/core/error.hpp"
#include "whsim/run/replication.hpp"
#include "whsim/scenario/loader.hpp"

#include "unit/run/warehouse_sim.hpp"

namespace whsim {
namespace {

using test_support::kpi;
using test_support::spec_from;

// A tight floor: a one-cell highway round 3 x 3 blocks, four stations with short lanes.
constexpr const char* kTight = R"(
name: traffic-tight
simulation: {start: "2026-12-01 06:00", horizon: 2h, warmup: 0s, seed: 3, sample_interval: 10min}
floor: {block_columns: 3, block_rows: 3, block_width: 4, block_depth: 2, margin: 1,
        stations_per_side: 2, station_sides: [west, east]}
skus: {count: 200, pods_per_sku: 2}
pods: {count: 60, bins: 8, bin_volume: 40 L, initial_fill: 80%}
orders: {mode: poisson, rate: 900/h, lines: 1, units_per_line: 1}
robots: {count: 16, movement: traffic}
stations: {pickers: 1, pick_time: 3s, presentation_time: 1s, queue_capacity: 3, put_wall_slots: 16}
)";

run::ReplicationOutput run_spec(const scenario::ScenarioSpec& spec) {
  run::ReplicationOptions options;
  return run::run_replication(spec, options);
}

double count(const run::ReplicationOutput& out, const std::string& name) {
  const auto* k = out.result.find(name);
  EXPECT_NE(k, nullptr) << name;
  return k == nullptr ? -1.0 : static_cast<double>(k->count);
}

TEST(Traffic, NoTwoRobotsShareACellOrSwapOverACongestedRun) {
  // check: true makes the run verify every reservation at its end (it throws on a violation).
  const run::ReplicationOutput out = run_spec(spec_from(kTight, {"robots.traffic.check=true"}));
  EXPECT_EQ(out.conservation, "");
  EXPECT_GT(count(out, "traffic.plans"), 2000);
  EXPECT_EQ(count(out, "traffic.failed_plans"), 0);
  EXPECT_GT(kpi(out, "traffic.trips_delayed"), 0.3);  // congested: most trips wait for someone
  EXPECT_GT(kpi(out, "traffic.congestion_wait"), 1.0);
  EXPECT_GT(kpi(out, "units.picked") / kpi(out, "units.demanded"), 0.9);
}

TEST(Traffic, HeatmapsAndTheMostCongestedPlaces) {
  // Occupancy: every robot holds at least one cell at every moment, two at most. Waiting: the
  // robots' waits for each other, which the congestion_wait KPI counts per trip (trips still under
  // way at the end and idle robots moved aside are not in the KPI: close, not equal).
  const run::ReplicationOutput out = run_spec(spec_from(kTight, {"simulation.warmup=20min"}));
  const stats::Grid* held = out.result.find_grid("traffic_occupancy");
  const stats::Grid* wait = out.result.find_grid("traffic_waiting");
  ASSERT_NE(held, nullptr);
  ASSERT_NE(wait, nullptr);
  const double period = (out.result.end - out.result.measured_from).to_seconds();
  double held_sum = 0, wait_sum = 0, wait_max = 0;
  for (const double v : held->values) held_sum += v;
  for (const double v : wait->values) {
    wait_sum += v;
    wait_max = std::max(wait_max, v);
  }
  EXPECT_GE(held_sum, 16 * period - 1e-3);
  EXPECT_LE(held_sum, 2 * 16 * period);
  const auto* k = out.result.find("traffic.congestion_wait");
  ASSERT_NE(k, nullptr);
  const double kpi_sum = k->value * static_cast<double>(k->count);
  EXPECT_GT(wait_sum, 0.0);
  EXPECT_NEAR(wait_sum, kpi_sum, 0.15 * kpi_sum);
  // The tables: the worst cells first, the first one the grid's maximum; aisles ranked too.
  const stats::Table* cells = out.result.find_table("congested_cells");
  const stats::Table* aisles = out.result.find_table("congested_aisles");
  ASSERT_NE(cells, nullptr);
  ASSERT_NE(aisles, nullptr);
  ASSERT_EQ(cells->rows.size(), 10U);
  EXPECT_DOUBLE_EQ(cells->rows[0][2], wait_max);
  for (std::size_t i = 1; i < cells->rows.size(); ++i) EXPECT_LE(cells->rows[i][2], cells->rows[i - 1][2]);
  EXPECT_NEAR(cells->rows[0][3], wait_max / wait_sum, 1e-12);
  const auto x = static_cast<std::size_t>(cells->rows[0][0]);
  const auto y = static_cast<std::size_t>(cells->rows[0][1]);
  EXPECT_EQ(wait->values[y * static_cast<std::size_t>(wait->width) + x], wait_max);
  ASSERT_FALSE(aisles->rows.empty());
  for (std::size_t i = 1; i < aisles->rows.size(); ++i) EXPECT_LE(aisles->rows[i][1], aisles->rows[i - 1][1]);
  EXPECT_LE(aisles->rows[0][1], wait_sum);
  EXPECT_EQ(aisles->row_labels[0].rfind("row", 0) == 0 || aisles->row_labels[0].rfind("column", 0) == 0, true)
      << aisles->row_labels[0];
  // Travel-time mode has neither.
  const auto free = run_spec(spec_from(kTight, {"robots.movement=travel_time", "simulation.horizon=20min"}));
  EXPECT_EQ(free.result.find_grid("traffic_waiting"), nullptr);
  EXPECT_EQ(free.result.find_table("congested_cells"), nullptr);
}

TEST(Traffic, TheShippedTrafficScenariosPlanEveryLeg) {
  // The example and the RAWSim-O-like benchmark (read from scenarios/, the tests' working
  // directory): no failed plan, no gridlock, the invariant checker satisfied, stock conserved.
  for (const char* file :
       {"scenarios/examples/traffic-tight.yaml", "scenarios/benchmarks/rawsim-like.yaml"}) {
    scenario::YamlDocument doc = scenario::load_scenario_document(file);
    doc.apply_override("robots.traffic.check=true");
    const auto out = run_spec(scenario::load_scenario(doc));
    EXPECT_EQ(out.conservation, "") << file;
    EXPECT_EQ(count(out, "traffic.failed_plans"), 0) << file;
    EXPECT_GT(count(out, "traffic.plans"), 1000) << file;
  }
}

TEST(Traffic, TheRunIsDeterministic) {
  const auto a = run_spec(spec_from(kTight, {"simulation.horizon=30min"}));
  const auto b = run_spec(spec_from(kTight, {"simulation.horizon=30min"}));
  EXPECT_EQ(a.result.fingerprint, b.result.fingerprint);
}

TEST(Traffic, ASingleRobotTakesTheTravelTimeModeTimes) {
  // One robot never meets another: every leg, visit and order takes what it takes in travel-time
  // mode, to the microsecond.
  const std::vector<std::string> one{"robots.count=1", "orders.rate=40/h", "simulation.horizon=4h"};
  std::vector<std::string> checked = one;
  checked.emplace_back("robots.traffic.check=true");
  const auto traffic = run_spec(spec_from(kTight, checked));
  std::vector<std::string> travel = one;
  travel.emplace_back("robots.movement=travel_time");
  const auto free = run_spec(spec_from(kTight, travel));
  for (const char* name : {"orders.pick_cycle_time", "robots.trip_distance", "stations.visit_time",
                           "stations.queue_wait", "units.picked", "orders.completed"}) {
    EXPECT_DOUBLE_EQ(kpi(traffic, name), kpi(free, name)) << name;
  }
  EXPECT_GT(kpi(free, "orders.completed"), 100);
  EXPECT_EQ(kpi(traffic, "traffic.congestion_wait"), 0.0);
  EXPECT_EQ(count(traffic, "traffic.failed_plans"), 0);
}

TEST(Traffic, MoreRobotsHelpLessAndLess) {
  // A closed backlog on the tight floor: throughput per robot falls as the fleet grows, and the
  // last robots add almost nothing (the floor and its stations, not the fleet, limit it).
  std::vector<double> per_hour;
  for (const int n : {4, 8, 16, 32}) {
    const auto out =
        run_spec(spec_from(kTight, {"orders.mode=backlog", "orders.backlog=300",
                                    "robots.count=" + std::to_string(n), "simulation.horizon=1h"}));
    per_hour.push_back(kpi(out, "units.picked"));
  }
  EXPECT_GT(per_hour[1], per_hour[0]);
  EXPECT_GT(per_hour[2], per_hour[1]);
  EXPECT_LT(per_hour[1] - per_hour[0], 2 * per_hour[0]);
  EXPECT_LT(per_hour[3] - per_hour[2], per_hour[1] - per_hour[0]);  // diminishing
  EXPECT_LT(per_hour[3] - per_hour[2], 0.1 * per_hour[2]);          // saturated
}

TEST(Traffic, DeadlocksAreFoundAndResolved) {
  // A planner held to 30 states per plan leaves robots standing in each other's way (each one's
  // plan fails on the other): cycles of robots waiting for each other. Each is found and broken by
  // one robot stepping aside off the other's path; the runs go on to the end without a gridlock,
  // the checker finds no two robots in one cell and no swap, and stock is conserved.
  constexpr const char* kFloor = R"(
name: traffic-deadlocks
simulation: {start: "2026-12-01 06:00", horizon: 1h, warmup: 0s, seed: 1, sample_interval: 10min}
floor: {block_columns: 4, block_rows: 4, block_width: 4, block_depth: 2, margin: 1, stations_per_side: 1}
skus: {count: 300, pods_per_sku: 2}
pods: {count: 100, bins: 8, bin_volume: 40 L, initial_fill: 80%}
orders: {mode: backlog, backlog: 400, lines: 1, units_per_line: 1}
robots: {count: 16, movement: traffic, traffic: {node_limit: 30, check: true}}
stations: {pickers: 1, pick_time: 3s, presentation_time: 1s, queue_capacity: 3, put_wall_slots: 16}
)";
  double deadlocks = 0;
  for (const int seed : {1, 2, 3, 4}) {
    const auto out = run_spec(spec_from(kFloor, {"simulation.seed=" + std::to_string(seed)}));
    EXPECT_EQ(out.conservation, "") << seed;
    EXPECT_GT(count(out, "traffic.failed_plans"), 100) << seed;  // the small node limit at work
    EXPECT_GT(kpi(out, "units.picked"), 700) << seed;
    deadlocks += count(out, "traffic.deadlocks");
  }
  EXPECT_GE(deadlocks, 2);
}

TEST(Traffic, APlannerThatCannotPlanStopsTheRunWithAGridlockError) {
  // Ten states per plan are too few for most legs: the robots retry, and after a minute without a
  // plan the run stops, naming the robot, where it stands and where it wanted to go.
  const auto spec = spec_from(kTight, {"robots.traffic.node_limit=10", "robots.traffic.gridlock_after=1min"});
  try {
    (void)run_spec(spec);
    FAIL() << "expected a gridlock";
  } catch (const SimulationError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("traffic gridlock"), std::string::npos) << what;
    EXPECT_NE(what.find("has found no path to ("), std::string::npos) << what;
    EXPECT_NE(what.find("into the run"), std::string::npos) << what;
  }
}

TEST(Traffic, SwitchedOffTheTrafficKeysChangeNothing) {
  const std::string base(R"(
name: t
simulation: {horizon: 1h, seed: 2}
floor: {block_columns: 3, block_rows: 3, stations_per_side: 1}
orders: {rate: 200/h}
robots: {count: 6}
)");
  const auto a = run_spec(spec_from(base));
  const auto b = run_spec(spec_from(base, {"robots.movement=travel_time"}));
  EXPECT_EQ(a.result.fingerprint, b.result.fingerprint);
  EXPECT_EQ(a.result.find("traffic.plans"), nullptr);  // no traffic KPIs in travel-time mode
}

}  // namespace
}  // namespace whsim
