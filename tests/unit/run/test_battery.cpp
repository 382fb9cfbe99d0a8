// Batteries in whole runs: a robot's energy is the integral of the consumption model over its
// trips (hand-computed), the charge curve's session length (hand-computed), no battery ever
// goes below zero and every robot's energy balances, robots that must charge are never idle
// (so never dispatched), too few chargers starve the fleet, opportunity charging keeps the
// fleet fuller, and the energy KPIs agree with each other.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "whsim/model/warehouse.hpp"
#include "whsim/run/replication.hpp"

#include "unit/run/warehouse_sim.hpp"

namespace whsim {
namespace {

using test_support::kpi;
using test_support::Sim;
using test_support::spec_from;
using test_support::table;

// A small warehouse (40 storage locations, stations west and east), 8 robots with small
// batteries so that they charge several times a day at two chargers on the south side.
constexpr const char* kSmall = R"(
name: battery-test
simulation: {start: "2026-12-01 00:00", horizon: 12h, warmup: 0s, seed: 5, sample_interval: 10min}
floor: {block_columns: 2, block_rows: 2, block_width: 5, block_depth: 2, margin: 2,
        stations_per_side: 1, station_sides: [west, east]}
skus: {count: 60, unit_volume: 1 L, pods_per_sku: 2}
pods: {count: 36, bins: 8, bin_volume: 40 L, initial_fill: 80%}
orders: {mode: poisson, rate: 200/h, lines: 1, units_per_line: 1}
robots: {count: 8}
stations: {pickers: 1, pick_time: 5s, presentation_time: 2s, put_wall_slots: 8}
batteries:
  capacity: 40 Wh
  initial: 100%
  consumption: {empty: 0.08 Wh, loaded: 0.12 Wh, lift: 0.3 Wh, idle: 5 W}
  charging: {below: 25%, to: 90%}
  chargers: {count: 2, side: south, bays: 1, power: 100 W}
  grid_intensity: 400 g/kWh
)";

TEST(Batteries, EnergyIsTheIntegralOfTheConsumptionModel) {
  // A battery too big to need a charger, the same rate empty and loaded: each robot's energy is
  // idle power x time + rate x distance + 2 lifts per trip. For a robot idle at the end every
  // leg it booked has been driven (legs are booked when they start).
  Sim sim(spec_from(kSmall, {"batteries.capacity=100 kWh", "batteries.consumption.loaded=0.08 Wh"}));
  const SimTime end = SimTime::zero() + Duration::hours(7);
  sim.engine.run_until(end);
  stats::RunResult result;
  sim.warehouse.append_tables(result, end);
  const stats::Table* robots = nullptr;
  for (const stats::Table& t : result.tables) {
    if (t.name == "robots") robots = &t;
  }
  ASSERT_NE(robots, nullptr);
  ASSERT_EQ(robots->columns[0], "trips");
  ASSERT_EQ(robots->columns[1], "distance");
  double total = 0;
  int idle = 0;
  for (std::size_t r = 0; r < sim.warehouse.robot_count(); ++r) {
    if (sim.warehouse.robot_state(r) != model::RobotState::kIdle) continue;
    ++idle;
    const double trips = robots->rows[r][0];
    const double metres = robots->rows[r][1];
    const double expected = 5.0 * 7.0 + 0.08 * metres + 2 * 0.3 * trips;
    const auto b = sim.warehouse.battery(r);
    EXPECT_NEAR(b.used, expected, 1e-6) << "robot " << r;
    EXPECT_NEAR(b.charge, 100000.0 - expected, 1e-6) << "robot " << r;
    EXPECT_EQ(b.charges, 0);
    EXPECT_GT(trips, 50);
    total += b.used;
  }
  EXPECT_GE(idle, 2);
  EXPECT_GT(total, idle * 35.0);
}

TEST(Batteries, AChargeFollowsTheChargeCurve) {
  // One robot starts at 20% with nothing to do and no draw: it charges at once from 20 Wh to
  // 90 Wh at 100 W: 60 Wh at full power to 80% (2,160 s), then the taper (k = 0.8 / 0.2 = 4):
  // C / (P k) ln(1 / (1 - 4 x 0.1)) h = 0.25 ln(1 / 0.6) h = 459.73 s.
  const auto out = run::run_replication(spec_from(
      kSmall, {"robots.count=1", "orders.rate=0.001/h", "batteries.capacity=100 Wh", "batteries.initial=20%",
               "batteries.consumption={empty: 0 Wh, loaded: 0 Wh, lift: 0 Wh, idle: 0 W}",
               "batteries.chargers.taper_from=80%", "batteries.chargers.taper_floor=20%"}));
  EXPECT_EQ(kpi(out, "batteries.charges"), 1);
  EXPECT_NEAR(kpi(out, "batteries.charge_time"), 2160.0 + 0.25 * 3600.0 * 0.5108256237659907, 1e-3);
  EXPECT_NEAR(kpi(out, "energy.grid"), 77, 1);  // 70 Wh stored / 0.9
}

TEST(Batteries, NoBatteryGoesBelowZeroAndEveryRobotBalances) {
  Sim sim(spec_from(kSmall));
  const auto& w = sim.warehouse;
  const double threshold = 0.25 * 40;
  std::int64_t idle_seen = 0;
  for (SimTime t = SimTime::zero() + Duration::minutes(5); t <= SimTime::zero() + Duration::hours(12);
       t = t + Duration::minutes(5)) {
    sim.engine.run_until(t);
    ASSERT_EQ(w.check_conservation(), "");
    for (std::size_t r = 0; r < w.robot_count(); ++r) {
      const auto b = w.battery(r);
      ASSERT_GE(b.charge, 0.0) << "robot " << r << " at " << t.to_seconds();
      // A robot's energy balances: what it started with, plus what it charged, less what it used.
      ASSERT_NEAR(b.charge, 40.0 + b.charged - b.used, 1e-6);
      // A robot that must charge is never idle, so never dispatched.
      if (w.robot_state(r) == model::RobotState::kIdle) {
        ++idle_seen;
        ASSERT_GE(b.charge, threshold - 1e-9) << "robot " << r << " at " << t.to_seconds();
      }
    }
  }
  EXPECT_GT(idle_seen, 0);
  std::int64_t charges = 0;
  for (std::size_t r = 0; r < w.robot_count(); ++r) charges += w.battery(r).charges;
  EXPECT_GT(charges, 8);  // every robot charged at least once on average
}

TEST(Batteries, TheRunReportsChargingAndEnergy) {
  const auto out = run::run_replication(spec_from(kSmall));
  EXPECT_EQ(out.conservation, "");
  EXPECT_EQ(kpi(out, "batteries.depleted"), 0);
  EXPECT_GT(kpi(out, "batteries.charges"), 8);
  EXPECT_GT(kpi(out, "robots.state.charging"), 0);
  EXPECT_GT(kpi(out, "batteries.state_of_charge"), 0.1);
  EXPECT_LE(kpi(out, "batteries.state_of_charge"), 1.0);
  EXPECT_LE(kpi(out, "batteries.bays_busy"), 2.0);
  const double orders = kpi(out, "orders.completed");
  const double used = kpi(out, "energy.used");
  EXPECT_NEAR(kpi(out, "energy.per_order"), used / orders,
              1.0 / orders + 1e-9);  // energy.used counts whole Wh
  EXPECT_NEAR(kpi(out, "energy.co2_per_order"), kpi(out, "energy.per_order") / 1000 / 0.9 * 400, 1e-9);
  // The grid supplies what the batteries took back, over the charger efficiency.
  EXPECT_GT(kpi(out, "energy.grid"), 0);
  const stats::Table* robots = table(out, "robots");
  ASSERT_NE(robots, nullptr);
  EXPECT_EQ(robots->columns.size(),
            7U);  // trips, distance, utilisation, energy_used, energy_charged, charges, soc
}

TEST(Batteries, RobotsThatStartLowChargeBeforeTheirFirstTrip) {
  // A backlog hands out trips while the model is built: robots below the threshold must be on
  // their way to a charger before that.
  Sim sim(spec_from(kSmall, {"orders.mode=backlog", "orders.backlog=40", "batteries.initial=10%",
                             "batteries.chargers.bays=4"}));
  for (std::size_t r = 0; r < sim.warehouse.robot_count(); ++r)
    EXPECT_EQ(sim.warehouse.robot_state(r), model::RobotState::kToCharger) << "robot " << r;
  const auto out =
      run::run_replication(spec_from(kSmall, {"orders.mode=backlog", "orders.backlog=40",
                                              "batteries.initial=10%", "batteries.chargers.bays=4"}));
  EXPECT_EQ(kpi(out, "batteries.depleted"), 0);
  EXPECT_GT(kpi(out, "orders.completed"), 100);
}

TEST(Batteries, TooFewChargersStarveTheFleet) {
  const auto enough = run::run_replication(spec_from(kSmall, {"batteries.chargers.bays=4"}));
  const auto scarce = run::run_replication(spec_from(kSmall, {"batteries.chargers.count=1"}));
  EXPECT_GT(kpi(scarce, "batteries.charger_wait"), 10 * kpi(enough, "batteries.charger_wait") + 60);
  EXPECT_GT(kpi(scarce, "robots.state.waiting_for_charger"), 1.0);
  EXPECT_LT(kpi(scarce, "orders.completed"), kpi(enough, "orders.completed"));
  EXPECT_GT(kpi(scarce, "orders.pick_cycle_time"), kpi(enough, "orders.pick_cycle_time"));
  // Robots queueing for hours at the one bay run empty on their idle draw (and sleep); with
  // enough bays none does.
  EXPECT_GT(kpi(scarce, "batteries.depleted"), 0);
  EXPECT_EQ(kpi(enough, "batteries.depleted"), 0);
}

TEST(Batteries, OpportunityChargingKeepsTheFleetFuller) {
  const auto plain = run::run_replication(spec_from(kSmall, {"orders.rate=100/h"}));
  const auto opportunity = run::run_replication(
      spec_from(kSmall, {"orders.rate=100/h", "batteries.charging.opportunity_below=80%"}));
  EXPECT_GT(kpi(opportunity, "batteries.state_of_charge"), kpi(plain, "batteries.state_of_charge"));
  EXPECT_GT(kpi(opportunity, "batteries.charges"), kpi(plain, "batteries.charges"));
}

TEST(Batteries, SwitchedOffTheStatesAndKpisAreNotDeclared) {
  const std::string without = std::string(kSmall).substr(0, std::string(kSmall).find("batteries:"));
  const auto out = run::run_replication(spec_from(without));
  EXPECT_EQ(out.result.find("robots.state.charging"), nullptr);
  EXPECT_EQ(out.result.find("energy.used"), nullptr);
  const stats::Table* robots = table(out, "robots");
  ASSERT_NE(robots, nullptr);
  EXPECT_EQ(robots->columns.size(), 3U);
}

}  // namespace
}  // namespace whsim
