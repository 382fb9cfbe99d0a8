// The inbound flow in whole runs: conservation from the dock to the pick (in both stockout
// modes), the textbook (s, Q) sawtooth under deterministic demand and lead time, more stowers
// never lengthening dock-to-stock in a stow-bound warehouse (paired replications), lost sales,
// the robot priority rule, and a run with every inbound key left out being the run it was.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "whsim/kernel/engine.hpp"
#include "whsim/kernel/random.hpp"
#include "whsim/model/warehouse.hpp"
#include "whsim/run/replication.hpp"
#include "whsim/scenario/build.hpp"
#include "whsim/scenario/loader.hpp"
#include "whsim/stats/stats_recorder.hpp"

#include "unit/run/warehouse_sim.hpp"

namespace whsim {
namespace {

// A small warehouse: 2 x 2 blocks (40 storage locations), stations 0 (west) and 1 (east).
constexpr const char* kSmall = R"(
name: inbound-test
simulation: {start: "2026-12-01 00:00", horizon: 2d, warmup: 0s, seed: 1, sample_interval: 1h}
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
  inspection: {share: 50%, time: 30s, defect_rate: [0.05, 0.05, 0.05]}
  stow: {stations: [1], workers: 1, time: 4s}
replenishment:
  consolidation: daily
  a: {policy: s_q, reorder_point: 10, order_quantity: 24, lead_time: 12h}
  b: {policy: s_s, reorder_point: 5, order_up_to: 20, lead_time: {dist: uniform, min: 6h, max: 18h}}
  c: {policy: forecast, forecast: exponential_smoothing, alpha: 0.3, service_level: 90%, cover: 2d, lead_time: 1d}
)";

using test_support::kpi;
using test_support::Sim;
using test_support::spec_from;

void expect_conserved(Sim& sim, SimTime until, Duration step) {
  const model::Warehouse& w = sim.warehouse;
  for (SimTime t = SimTime::zero() + step; t <= until; t = t + step) {
    sim.engine.run_until(t);
    ASSERT_EQ(w.check_conservation(), "") << "at " << t.to_seconds() << " s";
    const auto in = w.inbound_totals();
    // received + initial = picked + rejected + on hand + in the inbound flow, summed over SKUs
    std::int64_t on_hand = 0, initial = 0, picked = 0;
    for (std::size_t s = 0; s < w.sku_count(); ++s) {
      on_hand += w.physical_stock(s);
      initial += w.initial_stock(s);
      picked += w.picked(s);
    }
    ASSERT_EQ(initial + in.units_arrived, picked + in.units_rejected + on_hand + in.units_in_flow)
        << "at " << t.to_seconds() << " s";
  }
}

TEST(Inbound, ConservationHoldsOverTheWholeFlowWithBackorders) {
  Sim sim(spec_from(kSmall));
  expect_conserved(sim, SimTime::zero() + Duration::days(2), Duration::minutes(30));
  const auto in = sim.warehouse.inbound_totals();
  EXPECT_GE(in.trucks, 4);  // 2 a day scheduled, plus purchase-order shipments
  EXPECT_GT(in.units_stowed, 0);
  EXPECT_GT(in.units_rejected, 0);
  EXPECT_GT(in.purchase_orders, 0);
  EXPECT_EQ(in.units_lost, 0);
}

TEST(Inbound, ConservationHoldsWithLostSales) {
  Sim sim(spec_from(kSmall, {"orders.stockout=lost", "replenishment.c.initial_stock=0"}));
  expect_conserved(sim, SimTime::zero() + Duration::days(2), Duration::minutes(30));
  EXPECT_GT(sim.warehouse.inbound_totals().units_lost, 0);
  EXPECT_EQ(sim.warehouse.orders_held(), 0U);
}

TEST(Inbound, ConservationHoldsWhenPodsAreNearlyFull) {
  // Many cases find no pod with room at first: they wait on their SKU's list, the others go ahead.
  Sim sim(spec_from(kSmall, {"pods.initial_fill=97%", "inbound.stow.policy=emptiest"}));
  expect_conserved(sim, SimTime::zero() + Duration::days(2), Duration::minutes(30));
  EXPECT_GT(sim.warehouse.inbound_totals().units_stowed, 0);
}

TEST(Inbound, TheRunReportsTheInboundKpis) {
  const auto out = run::run_replication(spec_from(kSmall));
  EXPECT_EQ(out.conservation, "");
  EXPECT_GT(kpi(out, "inbound.trucks"), 3);
  EXPECT_GT(kpi(out, "inbound.dock_to_stock"), 0);
  EXPECT_GT(kpi(out, "inbound.units_stowed"), 0);
  EXPECT_GT(kpi(out, "stow.trips"), 0);
  EXPECT_GT(kpi(out, "stow.utilisation"), 0);
  EXPECT_LE(kpi(out, "stow.utilisation"), 1);
  EXPECT_GT(kpi(out, "replenishment.purchase_orders"), 0);
  EXPECT_GT(kpi(out, "stock.pod_fill"), 0);
  EXPECT_LT(kpi(out, "stock.pod_fill"), 1);
  EXPECT_GT(kpi(out, "stock.fill_rate"), 0);
  EXPECT_LE(kpi(out, "stock.fill_rate"), 1);
  // Stow stations are not pick stations: no order goes to station 1.
  for (const auto& t : out.result.tables) {
    if (t.name == "stations") {
      ASSERT_EQ(t.row_labels.size(), 1U);
      EXPECT_EQ(t.row_labels[0], "S0");
    }
    if (t.name == "stow_stations") {
      ASSERT_EQ(t.row_labels.size(), 1U);
      EXPECT_EQ(t.row_labels[0], "S1");
    }
  }
}

TEST(Inbound, SameSeedSameRun) {
  const auto a = run::run_replication(spec_from(kSmall));
  const auto b = run::run_replication(spec_from(kSmall));
  EXPECT_EQ(a.result.fingerprint, b.result.fingerprint);
  EXPECT_EQ(kpi(a, "inbound.dock_to_stock"), kpi(b, "inbound.dock_to_stock"));
}

TEST(Inbound, SwitchedOffTheRunIsUnchanged) {
  // The default stockout mode written out is the run without the key; no inbound KPI appears.
  const std::string base = R"(
name: off
simulation: {start: "2026-12-01 06:00", horizon: 2h, warmup: 0s, seed: 3}
floor: {block_columns: 2, block_rows: 2, block_width: 5, block_depth: 2, margin: 2}
skus: {count: 60}
pods: {count: 36}
orders: {rate: 200/h}
robots: {count: 6}
)";
  const auto a = run::run_replication(spec_from(base));
  const auto b = run::run_replication(spec_from(base, {"orders.stockout=backorder"}));
  EXPECT_EQ(a.result.fingerprint, b.result.fingerprint);
  EXPECT_EQ(a.result.find("stock.fill_rate"), nullptr);
  EXPECT_EQ(a.result.find("inbound.trucks"), nullptr);
}

// (s, Q) with deterministic demand (one unit of SKU 0 every hour, replayed) and a constant lead
// time, everything between the dock and the pod instantaneous but the robot's trip: just before
// each demand, net stock and inventory position follow the textbook sawtooth exactly.
TEST(Inbound, SQReproducesTheTextbookSawtooth) {
  const std::filesystem::path csv = std::filesystem::temp_directory_path() / "whsim_sawtooth_orders.csv";
  {
    std::ofstream f(csv);
    f << "time,order,sku,quantity\n";
    for (int j = 1; j <= 200; ++j) f << fmt::format("{}h,O{},0,1\n", j, j);
  }
  const std::string yaml = fmt::format(R"(
name: sawtooth
simulation: {{start: "2026-12-01 00:00", horizon: 201h, warmup: 0s, seed: 1}}
floor: {{block_columns: 2, block_rows: 2, block_width: 5, block_depth: 2, margin: 2,
        stations_per_side: 1, station_sides: [west, east]}}
skus: {{count: 1, unit_volume: 1 L, pods_per_sku: 1}}
pods: {{count: 4, bins: 8, bin_volume: 40 L}}
orders: {{mode: file, file: "{}"}}
robots: {{count: 2}}
inbound:
  doors: 1
  units_per_case: 10
  unload_time: 0s
  receiving: {{scan_time: 0s}}
  inspection: {{share: 0%}}
  transfer_speed: 20 m/s
  stow: {{stations: [1], time: 0s}}
replenishment:
  consolidation: none
  a: {{policy: s_q, reorder_point: 5, order_quantity: 10, lead_time: 24h, initial_stock: 30}}
)",
                                       csv.string());
  Sim sim(spec_from(yaml));
  std::remove(csv.string().c_str());
  const model::Warehouse& w = sim.warehouse;
  // Textbook: I0 = 30, s = 5, Q = 10, d = 1 a period, L = 24 periods. The position drops to
  // s at demand 25, 35, 45, ...; each order lands 24 periods later.
  std::vector<int> po_at;
  int position = 30;
  for (int j = 1; j <= 200; ++j) {
    sim.engine.run_until(SimTime::zero() + Duration::hours(j) - Duration::seconds(1));
    int net = 30 - (j - 1);
    for (const int k : po_at) net += k + 24 < j ? 10 : 0;
    ASSERT_EQ(w.net_stock(0), net) << "before demand " << j;
    ASSERT_EQ(w.inventory_position(0), position) << "before demand " << j;
    --position;
    if (position <= 5) {
      po_at.push_back(j);
      position += 10;
    }
  }
  EXPECT_EQ(w.inbound_totals().purchase_orders, static_cast<std::int64_t>(po_at.size()));
  EXPECT_EQ(po_at.front(), 25);
  EXPECT_EQ(po_at[1], 35);
  EXPECT_EQ(w.check_conservation(), "");
}

// A stow-bound warehouse: plenty of trucks, one stow station; two stowers against one, the same
// seeds (common random numbers): dock-to-stock never gets longer.
TEST(Inbound, MoreStowersNeverLengthenDockToStockWhenStowingIsTheBottleneck) {
  const std::vector<std::string> base{"simulation.horizon=14h",
                                      "inbound.trucks.schedule=[06:00, 09:00, 12:00]",
                                      "inbound.trucks.lines=20",
                                      "inbound.trucks.cases_per_line=4",
                                      "inbound.stow.time=12s",
                                      "replenishment.a.policy=none",
                                      "replenishment.b.policy=none",
                                      "replenishment.c.policy=none",
                                      "robots.count=12"};
  for (int seed = 1; seed <= 5; ++seed) {
    auto one = base;
    one.push_back(fmt::format("simulation.seed={}", seed));
    auto two = one;
    two.emplace_back("inbound.stow.workers=2");
    const auto a = run::run_replication(spec_from(kSmall, one));
    const auto b = run::run_replication(spec_from(kSmall, two));
    // The premise: stowing is busy and cases wait for it (dock-to-stock over half an hour).
    EXPECT_GT(kpi(a, "stow.utilisation"), 0.25) << "seed " << seed;
    EXPECT_GT(kpi(a, "inbound.dock_to_stock"), 1800) << "seed " << seed;
    EXPECT_LE(kpi(b, "inbound.dock_to_stock"), kpi(a, "inbound.dock_to_stock")) << "seed " << seed;
  }
}

TEST(Inbound, LostSalesDropShortLinesAndHoldNothing) {
  const auto out = run::run_replication(spec_from(
      kSmall, {"orders.stockout=lost", "replenishment.c.initial_stock=0", "replenishment.c.policy=none"}));
  EXPECT_EQ(out.conservation, "");
  EXPECT_GT(kpi(out, "stock.lines_lost"), 0);
  EXPECT_GT(kpi(out, "stock.units_lost"), 0);
  EXPECT_LT(kpi(out, "stock.fill_rate"), 1);
  EXPECT_EQ(kpi(out, "orders.held_for_stock"), 0);
  EXPECT_GT(kpi(out, "stock.skus_out_of_stock"), 0);
}

TEST(Inbound, BackordersWaitForStockAndAreReleased) {
  const auto out = run::run_replication(spec_from(kSmall, {"replenishment.c.initial_stock=0"}));
  EXPECT_EQ(out.conservation, "");
  EXPECT_GT(kpi(out, "orders.held_for_stock"), 0);
  EXPECT_GT(kpi(out, "stock.backorder_age"), 0);  // some held orders were released by receipts
  EXPECT_GT(kpi(out, "stock.stockouts"), 0);
  EXPECT_GT(kpi(out, "stock.stockout_duration"), 0);
}

TEST(Inbound, StowFirstServesStowTripsBeforePickTrips) {
  // Few robots: trips queue for them; the priority rule decides who waits.
  const std::vector<std::string> scarce{"robots.count=3", "orders.rate=90/h", "inbound.trucks.lines=12"};
  auto pick_first = scarce;
  pick_first.emplace_back("inbound.stow.robot_priority=pick_first");
  auto stow_first = scarce;
  stow_first.emplace_back("inbound.stow.robot_priority=stow_first");
  const auto a = run::run_replication(spec_from(kSmall, pick_first));
  const auto b = run::run_replication(spec_from(kSmall, stow_first));
  EXPECT_EQ(a.conservation, "");
  EXPECT_EQ(b.conservation, "");
  EXPECT_GT(kpi(a, "trips.waiting_for_robot"), 0.3);  // the premise: trips wait for robots
  EXPECT_LT(kpi(b, "inbound.dock_to_stock"), kpi(a, "inbound.dock_to_stock"));
  EXPECT_GT(kpi(b, "orders.pick_cycle_time"), kpi(a, "orders.pick_cycle_time"));
}

}  // namespace
}  // namespace whsim
