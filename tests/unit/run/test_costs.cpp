// Cost accounting and truck CO2 in whole runs: every component is hand-computed from what the
// run did (worker-hours on duty, fleet size and period, packages, truck departures, battery
// energy, stock held), labour follows the shift plan and the warm-up, the costs table agrees
// with the KPIs, and switching costs on changes no other result.
#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "whsim/model/warehouse.hpp"
#include "whsim/run/replication.hpp"

#include "unit/run/warehouse_sim.hpp"

namespace whsim {
namespace {

using test_support::kpi;
using test_support::spec_from;
using test_support::table;

// A small warehouse with outbound (two packaging types, one carrier five times a day).
constexpr const char* kSmall = R"(
name: costs-test
simulation: {start: "2026-12-01 00:00", horizon: 1d, warmup: 4h, seed: 3, sample_interval: 1h}
floor: {block_columns: 2, block_rows: 2, block_width: 5, block_depth: 2, margin: 2,
        stations_per_side: 1, station_sides: [west, east]}
skus: {count: 60, unit_volume: 1 L, pods_per_sku: 2}
pods: {count: 36, bins: 8, bin_volume: 40 L, initial_fill: 80%}
orders: {mode: poisson, rate: 40/h, lines: {dist: uniform, min: 1, max: 4}, units_per_line: 1}
robots: {count: 8}
stations: {pickers: 1, pick_time: 5s, presentation_time: 2s, put_wall_slots: 8}
outbound:
  transfer_time: 60s
  promise_lead: 1h
  doors: 2
  sort_time: 10s
  pack: {stations: 2, workers: 3, time: 45s}
  packaging: [{name: small, volume: 2 L}, {name: large, volume: 20 L}]
  carriers:
    - {name: fast, cutoffs: ["06:00", "10:00", "14:00", "18:00", "22:00"], truck_packages: 500,
       dock_before: 2h, load_time: 5s, lanes: 1, lane_capacity: 200}
)";

// Prices and CO2 figures for kSmall (without them it runs with costs off).
const std::vector<std::string> kPrices{"costs.currency=CHF",
                                       "costs.labour.pick=30",
                                       "costs.labour.pack=26",
                                       "costs.robots.purchase_price=36525",
                                       "costs.robots.amortisation_days=1826.25",
                                       "costs.robots.maintenance_per_hour=0.4",
                                       "outbound.packaging[0].cost=0.25",
                                       "outbound.packaging[1].cost=0.75",
                                       "outbound.carriers[0].truck_cost=180",
                                       "outbound.carriers[0].truck_co2=12",
                                       "outbound.carriers[0].route_km=40",
                                       "outbound.carriers[0].truck_co2_per_km=0.5"};

std::vector<std::string> with_prices(std::vector<std::string> more) {
  std::vector<std::string> all = kPrices;
  all.insert(all.end(), more.begin(), more.end());
  return all;
}

const std::vector<double>& row(const stats::Table& t, const std::string& label) {
  for (std::size_t i = 0; i < t.row_labels.size(); ++i) {
    if (t.row_labels[i] == label) return t.rows[i];
  }
  ADD_FAILURE() << "no row " << label << " in " << t.name;
  static const std::vector<double> kNone(6, std::nan(""));
  return kNone;
}

double count(const run::ReplicationOutput& out, const std::string& name) {
  const auto* k = out.result.find(name);
  EXPECT_NE(k, nullptr) << name;
  return k == nullptr ? std::nan("") : static_cast<double>(k->count);
}

TEST(Costs, EveryComponentIsWhatTheRunDidTimesItsPrice) {
  const run::ReplicationOutput out = run::run_replication(spec_from(kSmall, kPrices), {});
  // Measured period: 20 h. Pickers: 2 stations x 1 all the time; packers: 3 on duty.
  const double hours = 20;
  const double days = hours / 24;
  const double labour = 2 * hours * 30 + 3 * hours * 26;
  const double robots = 8 * (36525 / 1826.25) * days + 8 * 0.4 * hours;
  const stats::Table* packaging = table(out, "packaging");
  const stats::Table* carriers = table(out, "carriers");
  ASSERT_NE(packaging, nullptr);
  ASSERT_NE(carriers, nullptr);
  const double packages = row(*packaging, "small")[1] * 0.25 + row(*packaging, "large")[1] * 0.75;
  const double departures = row(*carriers, "fast")[0];
  EXPECT_EQ(departures, 5);  // every cutoff after the warm-up
  const double trucks = departures * 180;
  const double total = labour + robots + packages + trucks;
  const double orders = count(out, "orders.completed");
  const double units = count(out, "units.picked");
  ASSERT_GT(orders, 400);
  EXPECT_GT(packages, 0.25 * orders);  // some orders needed the large box

  EXPECT_NEAR(kpi(out, "costs.labour_per_day"), labour / days, 1e-6);
  EXPECT_NEAR(kpi(out, "costs.robots_per_day"), robots / days, 1e-6);
  EXPECT_NEAR(kpi(out, "costs.packaging_per_day"), packages / days, 1e-6);
  EXPECT_NEAR(kpi(out, "costs.trucks_per_day"), trucks / days, 1e-6);
  EXPECT_EQ(kpi(out, "costs.energy_per_day"), 0);   // no batteries
  EXPECT_EQ(kpi(out, "costs.holding_per_day"), 0);  // no stock accounting
  EXPECT_NEAR(kpi(out, "costs.per_day"), total / days, 1e-6);
  EXPECT_NEAR(kpi(out, "costs.per_order"), total / orders, 1e-9);
  EXPECT_NEAR(kpi(out, "costs.per_unit"), total / units, 1e-9);
  EXPECT_EQ(out.result.find("costs.per_order")->unit, "CHF");
  EXPECT_EQ(out.result.find("costs.per_day")->unit, "CHF/day");

  // Truck CO2 per departure: 12 kg + 40 km x 0.5 kg/km.
  EXPECT_NEAR(kpi(out, "co2.trucks_per_day"), departures * 32 / days, 1e-9);
  EXPECT_NEAR(kpi(out, "co2.trucks_per_order"), departures * 32 * 1000 / orders, 1e-9);
  EXPECT_NEAR(kpi(out, "co2.per_order"), departures * 32 * 1000 / orders, 1e-9);  // no batteries

  // The costs table: the same amounts, labour by skill with its worker-hours, shares summing to one.
  const stats::Table* costs = table(out, "costs");
  ASSERT_NE(costs, nullptr);
  EXPECT_EQ(costs->units[0], "CHF");
  EXPECT_NEAR(row(*costs, "labour: pick")[0], 2 * hours * 30, 1e-6);
  EXPECT_NEAR(row(*costs, "labour: pick")[5], 2 * hours, 1e-9);
  EXPECT_NEAR(row(*costs, "labour: pack")[5], 3 * hours, 1e-9);
  EXPECT_NEAR(row(*costs, "trucks")[0], trucks, 1e-9);
  EXPECT_NEAR(row(*costs, "total")[0], total, 1e-6);
  EXPECT_NEAR(row(*costs, "total")[2], total / orders, 1e-9);
  double shares = 0;
  for (std::size_t i = 0; i + 1 < costs->rows.size(); ++i) shares += costs->rows[i][4];
  EXPECT_NEAR(shares, 1.0, 1e-12);
  for (const std::string& label : costs->row_labels) {
    EXPECT_NE(label, "labour: stow") << "no inbound, no stowers";
    EXPECT_NE(label, "energy") << "no batteries";
  }
}

TEST(Costs, LabourIsPaidForTheHoursOnShiftAfterTheWarmUp) {
  // Pickers on two shifts with a break: paid while on shift (busy or not), not in the break, and
  // only after the warm-up (10:00).
  const run::ReplicationOutput out = run::run_replication(
      spec_from(kSmall, with_prices({"simulation.warmup=10h",
                                     "workforce.pools=[{name: day, skills: [pick], workers: 3, shift_start: "
                                     "\"06:00\", shift_end: \"14:00\", breaks: [\"12:00 30min\"]}, {name: "
                                     "late, skills: [pack], workers: 2, shift_start: \"14:00\", "
                                     "shift_end: \"22:00\"}]"})),
      {});
  const stats::Table* costs = table(out, "costs");
  ASSERT_NE(costs, nullptr);
  // day: 10:00-14:00 less the 30 min break, 3 workers; late: 14:00-22:00, 2 packers.
  EXPECT_NEAR(row(*costs, "labour: pick")[5], 3 * 3.5, 1e-9);
  EXPECT_NEAR(row(*costs, "labour: pack")[5], 2 * 8.0, 1e-9);
  EXPECT_NEAR(row(*costs, "labour: pick")[0], 3 * 3.5 * 30, 1e-9);
  EXPECT_NEAR(row(*costs, "labour: pack")[0], 2 * 8.0 * 26, 1e-9);
}

TEST(Costs, AShiftUnderwayAtTimeZeroIsPaidFromTheStart) {
  // No warm-up, the run starts at 00:00: the night packers (22:00-06:00) are on duty from the
  // start until 06:00 and again from 22:00; two more packers than benches are paid too.
  const run::ReplicationOutput out = run::run_replication(
      spec_from(kSmall,
                with_prices({"simulation.warmup=0s",
                             "workforce.pools=[{name: pickers, skills: [pick], workers: 2}, {name: night, "
                             "skills: [pack], workers: 4, shift_start: "
                             "\"22:00\", shift_end: \"06:00\"}, {name: day, skills: [pack], workers: 1, "
                             "shift_start: \"06:00\", shift_end: \"22:00\"}]"})),
      {});
  const stats::Table* costs = table(out, "costs");
  ASSERT_NE(costs, nullptr);
  EXPECT_NEAR(row(*costs, "labour: pack")[5], 4 * 8.0 + 1 * 16.0, 1e-9);
  EXPECT_NEAR(row(*costs, "labour: pick")[5], 2 * 24.0, 1e-9);
}

TEST(Costs, SwitchingCostsOnChangesNoOtherResult) {
  const run::ReplicationOutput with = run::run_replication(spec_from(kSmall, kPrices), {});
  const run::ReplicationOutput without = run::run_replication(spec_from(kSmall), {});
  EXPECT_EQ(without.result.find("costs.per_order"), nullptr);
  EXPECT_EQ(without.result.find("co2.per_order"), nullptr);
  EXPECT_EQ(table(without, "costs"), nullptr);
  EXPECT_EQ(with.result.events, without.result.events);
  EXPECT_EQ(with.result.fingerprint, without.result.fingerprint);
  for (const stats::Table& t : without.result.tables) {
    const stats::Table* w = table(with, t.name);
    ASSERT_NE(w, nullptr) << t.name;
    EXPECT_EQ(w->row_labels, t.row_labels) << t.name;
    for (std::size_t i = 0; i < t.rows.size(); ++i) {
      for (std::size_t j = 0; j < t.rows[i].size(); ++j) {
        if (!std::isnan(t.rows[i][j])) {
          EXPECT_EQ(w->rows[i][j], t.rows[i][j]) << t.name << " " << i << " " << j;
        }
      }
    }
  }
  ASSERT_LT(without.result.kpis.size(), with.result.kpis.size());
  for (const stats::KpiValue& k : without.result.kpis) {
    const stats::KpiValue* w = with.result.find(k.name);
    ASSERT_NE(w, nullptr) << k.name;
    if (std::isnan(k.value)) {
      EXPECT_TRUE(std::isnan(w->value)) << k.name;
    } else {
      EXPECT_EQ(w->value, k.value) << k.name;
    }
    EXPECT_EQ(w->count, k.count) << k.name;
  }
}

TEST(Costs, EnergyAndGridCo2FollowTheBatteryEnergyUsed) {
  const run::ReplicationOutput out = run::run_replication(
      spec_from(kSmall, with_prices({"batteries.capacity=60 Wh", "batteries.chargers.count=2",
                                     "batteries.chargers.side=south", "batteries.chargers.efficiency=80%",
                                     "batteries.grid_intensity=300 g/kWh", "costs.energy_price=0.5"})),
      {});
  const double days = 20.0 / 24;
  const double orders = count(out, "orders.completed");
  const double used = kpi(out, "energy.per_order") * orders;  // Wh from the batteries, measured period
  ASSERT_GT(used, 100);
  const double grid_kwh = used / 0.8 / 1000;
  EXPECT_NEAR(kpi(out, "costs.energy_per_day"), grid_kwh * 0.5 / days, 1e-9);
  EXPECT_NEAR(kpi(out, "co2.per_order"), kpi(out, "co2.trucks_per_order") + kpi(out, "energy.co2_per_order"),
              1e-9);
  EXPECT_NEAR(kpi(out, "energy.co2_per_order"), grid_kwh * 300 / orders, 1e-9);
  const stats::Table* costs = table(out, "costs");
  ASSERT_NE(costs, nullptr);
  EXPECT_NEAR(row(*costs, "energy")[0], grid_kwh * 0.5, 1e-9);
}

// The inbound test warehouse, with holding costs on the A and C classes.
constexpr const char* kInbound = R"(
name: holding-test
simulation: {start: "2026-12-01 00:00", horizon: 2d, warmup: 6h, seed: 1, sample_interval: 1h}
floor: {block_columns: 2, block_rows: 2, block_width: 5, block_depth: 2, margin: 2,
        stations_per_side: 1, station_sides: [west, east]}
skus: {count: 60, popularity: abc, abc_sku_shares: [20, 30, 50], abc_demand_shares: [60, 30, 10],
       unit_volume: 1 L, pods_per_sku: 2}
pods: {count: 36, bins: 8, bin_volume: 40 L, initial_fill: 50%}
orders: {mode: poisson, rate: 60/h, lines: 2, units_per_line: 1, due_after: 4h}
robots: {count: 8}
stations: {pickers: 1, pick_time: 5s, presentation_time: 2s, put_wall_slots: 8}
inbound:
  doors: 2
  units_per_case: 6
  unload_time: 10s
  trucks: {mode: schedule, schedule: ["08:00", "14:00"], lines: 6, cases_per_line: 2}
  receiving: {scan_time: 3s, workers: 2}
  stow: {stations: [1], workers: 1, time: 4s}
replenishment:
  a: {policy: s_q, reorder_point: 10, order_quantity: 24, lead_time: 12h, holding_cost: 0.02}
  b: {policy: s_s, reorder_point: 5, order_up_to: 20, lead_time: 8h}
  c: {policy: s_q, reorder_point: 4, order_quantity: 12, lead_time: 1d, holding_cost: 0.05}
costs:
  labour: {pick: 20, stow: 18, inspect: 19}
)";

TEST(Costs, HoldingAndInboundLabourFollowTheStockAndTheDocks) {
  const run::ReplicationOutput out = run::run_replication(spec_from(kInbound), {});
  const double hours = 42;
  // The holding cost over the period is the time average of the holding cost rate.
  EXPECT_NEAR(kpi(out, "costs.holding_per_day"), kpi(out, "stock.holding_cost_per_day"), 1e-9);
  EXPECT_GT(kpi(out, "costs.holding_per_day"), 0);
  const stats::Table* costs = table(out, "costs");
  ASSERT_NE(costs, nullptr);
  EXPECT_NEAR(row(*costs, "labour: pick")[5], 1 * hours, 1e-9);  // one pick station
  EXPECT_NEAR(row(*costs, "labour: stow")[5], 1 * hours, 1e-9);
  EXPECT_NEAR(row(*costs, "labour: inspect")[5], 2 * hours, 1e-9);
  EXPECT_NEAR(kpi(out, "costs.labour_per_day"), (hours * 20 + hours * 18 + 2 * hours * 19) / (hours / 24),
              1e-6);
  EXPECT_EQ(out.result.find("costs.per_order")->unit, "EUR");  // the default currency
  EXPECT_EQ(out.result.find("co2.per_order"), nullptr);        // no outbound trucks
}

}  // namespace
}  // namespace whsim
