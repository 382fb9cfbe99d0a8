// The outbound flow in whole runs: every order is in exactly one place at every moment, each
// shipped order's timeline follows the flow (transfer, packing, sortation, loading, departure at
// a cutoff, hand-computed with constant times), an order is on one truck only, full trucks roll
// packages, full lanes block packers, trucks wait for doors, pack time and packaging follow the
// order's size, packers keep their shifts, and switching outbound on leaves picking untouched.
#include <algorithm>
#include <map>
#include <set>
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

// A small warehouse (40 storage locations, stations west and east) with plenty of stock, one
// carrier leaving five times a day, and constant times so timelines can be checked by hand.
constexpr const char* kSmall = R"(
name: outbound-test
simulation: {start: "2026-12-01 00:00", horizon: 1d, warmup: 0s, seed: 3, sample_interval: 1h}
floor: {block_columns: 2, block_rows: 2, block_width: 5, block_depth: 2, margin: 2,
        stations_per_side: 1, station_sides: [west, east]}
skus: {count: 60, unit_volume: 1 L, pods_per_sku: 2}
pods: {count: 36, bins: 8, bin_volume: 40 L, initial_fill: 80%}
orders: {mode: poisson, rate: 40/h, lines: 1, units_per_line: 1}
robots: {count: 8}
stations: {pickers: 1, pick_time: 5s, presentation_time: 2s, put_wall_slots: 8}
outbound:
  transfer_time: 60s
  promise_lead: 1h
  doors: 2
  sort_time: 10s
  pack: {stations: 2, workers: 2, time: 45s, size_classes: [{max_units: 1, time: 30s}]}
  packaging: [{name: large, volume: 20 L}, {name: small, volume: 2 L}]
  carriers:
    - {name: fast, cutoffs: ["06:00", "10:00", "14:00", "18:00", "22:00"], truck_packages: 500,
       dock_before: 2h, load_time: 5s, lanes: 1, lane_capacity: 200}
)";

constexpr std::int64_t kHour = 3600;

/// Steps the model to `until`, checking conservation and the bench limit every `step`.
void run_checked(Sim& sim, SimTime until, Duration step, std::int64_t benches) {
  const model::Warehouse& w = sim.warehouse;
  for (SimTime t = SimTime::zero() + step; t <= until; t = t + step) {
    sim.engine.run_until(t);
    ASSERT_EQ(w.check_conservation(), "") << "at " << t.to_seconds() << " s";
    const auto o = w.outbound_totals();
    ASSERT_LE(o.packing + o.blocked, benches) << "at " << t.to_seconds() << " s";
    ASSERT_EQ(static_cast<std::int64_t>(w.orders().size()), o.open + o.lost + o.in_transfer + o.pack_queue +
                                                                o.packing + o.blocked + o.sorting +
                                                                o.in_lanes + o.on_trucks + o.shipped);
  }
}

TEST(Outbound, EveryShippedOrderFollowsTheFlowAndLeavesOnOneTruck) {
  Sim sim(spec_from(kSmall));
  run_checked(sim, SimTime::zero() + Duration::days(1), Duration::minutes(15), 2);
  const model::Warehouse& w = sim.warehouse;
  const std::set<std::int64_t> cutoffs{6 * kHour, 10 * kHour, 14 * kHour, 18 * kHour, 22 * kHour};
  const auto next_cutoff = [&](double seconds) {  // first cutoff strictly after, in seconds
    for (std::int64_t c : cutoffs) {
      if (static_cast<double>(c) > seconds) return static_cast<double>(c);
    }
    return 1e18;
  };
  std::map<std::int64_t, std::vector<std::size_t>> by_departure;
  std::size_t shipped = 0;
  for (std::size_t o = 0; o < w.orders().size(); ++o) {
    const model::OrderTimeline& tl = w.orders()[o];
    if (tl.shipped == SimTime::max()) {
      EXPECT_EQ(w.shipped_on(o), -1);
      continue;
    }
    ++shipped;
    const double completed = tl.completed.to_seconds();
    const double packed = tl.packed.to_seconds();
    const double left = tl.shipped.to_seconds();
    // Transfer 60 s and packing 30 s (one unit) after the last pick; queueing only adds.
    EXPECT_GE(packed, completed + 90 - 1e-9) << "order " << o;
    // It leaves at a cutoff, on the first truck after sortation (10 s) and loading (5 s):
    // trucks dock two hours early, so with this light load nothing else delays it.
    EXPECT_TRUE(cutoffs.contains(static_cast<std::int64_t>(left))) << "order " << o << " left at " << left;
    EXPECT_EQ(left, next_cutoff(packed + 15)) << "order " << o << " packed at " << packed;
    ASSERT_GE(w.shipped_on(o), 0);
    by_departure[w.shipped_on(o)].push_back(o);
  }
  EXPECT_GT(shipped, 500U);
  EXPECT_EQ(static_cast<std::int64_t>(shipped), w.outbound_totals().shipped);
  // One truck per departure: all its orders left at the same time, and departures are distinct.
  std::set<std::int64_t> departure_times;
  for (const auto& [serial, members] : by_departure) {
    const SimTime t = w.orders()[members.front()].shipped;
    for (std::size_t o : members) EXPECT_EQ(w.orders()[o].shipped, t);
    EXPECT_TRUE(departure_times.insert(t.ticks()).second);
  }
  EXPECT_EQ(w.outbound_totals().trucks_departed, 5);  // 06:00 ... 22:00
}

TEST(Outbound, TheRunReportsOnTimeShippingAndTheCarrierTable) {
  const auto out = run::run_replication(spec_from(kSmall));
  EXPECT_EQ(out.conservation, "");
  EXPECT_GT(kpi(out, "outbound.orders_shipped"), 500);
  EXPECT_EQ(kpi(out, "outbound.trucks"), 5);
  EXPECT_EQ(kpi(out, "outbound.shipped_on_time"), 1.0);  // ample capacity: every promise is kept
  EXPECT_EQ(kpi(out, "outbound.orders_late"), 0);
  // Only a package that reached the lane within a load time of a cutoff misses its truck.
  EXPECT_LE(kpi(out, "outbound.packages_rolled"), 3);
  EXPECT_GT(kpi(out, "outbound.click_to_ship"), kpi(out, "orders.pick_cycle_time"));
  EXPECT_EQ(kpi(out, "outbound.pack_time"), 30);  // every order has one unit
  EXPECT_GT(kpi(out, "outbound.packer_utilisation"), 0);
  EXPECT_LT(kpi(out, "outbound.packer_utilisation"), 1);
  const stats::Table* carriers = table(out, "carriers");
  ASSERT_NE(carriers, nullptr);
  ASSERT_EQ(carriers->row_labels, std::vector<std::string>{"fast"});
  EXPECT_EQ(carriers->rows[0][0], 5);                                    // trucks
  EXPECT_EQ(carriers->rows[0][1], kpi(out, "outbound.orders_shipped"));  // packages
  const stats::Table* packaging = table(out, "packaging");
  ASSERT_NE(packaging, nullptr);
  ASSERT_EQ(packaging->row_labels, (std::vector<std::string>{"small", "large"}));  // by volume
  EXPECT_GT(packaging->rows[0][1], 500);  // one litre fits the small box
  EXPECT_EQ(packaging->rows[1][1], 0);
}

TEST(Outbound, PackTimeAndPackagingFollowTheOrderSize) {
  // Four units of one litre: past the one-unit class (45 s) and into the large box.
  const auto out = run::run_replication(spec_from(kSmall, {"orders.units_per_line=4"}));
  EXPECT_EQ(kpi(out, "outbound.pack_time"), 45);
  const stats::Table* packaging = table(out, "packaging");
  ASSERT_NE(packaging, nullptr);
  EXPECT_EQ(packaging->rows[0][1], 0);
  EXPECT_GT(packaging->rows[1][1], 100);
}

TEST(Outbound, FullTrucksRollPackagesToTheNextTruck) {
  Sim sim(spec_from(kSmall, {"outbound.carriers[0].truck_packages=40"}));
  run_checked(sim, SimTime::zero() + Duration::days(1), Duration::minutes(15), 2);
  const model::Warehouse& w = sim.warehouse;
  std::map<std::int64_t, int> per_truck;
  for (std::size_t o = 0; o < w.orders().size(); ++o) {
    if (w.shipped_on(o) >= 0) ++per_truck[w.shipped_on(o)];
  }
  for (const auto& [serial, n] : per_truck) EXPECT_LE(n, 40) << "departure " << serial;
  const auto out = run::run_replication(spec_from(kSmall, {"outbound.carriers[0].truck_packages=40"}));
  EXPECT_GT(kpi(out, "outbound.packages_rolled"), 0);
  EXPECT_GT(kpi(out, "outbound.orders_late"), 0);
  EXPECT_LT(kpi(out, "outbound.shipped_on_time"), 1);
  EXPECT_LE(kpi(out, "outbound.truck_fill"), 1.0);
  EXPECT_GT(kpi(out, "outbound.truck_fill"), 0.9);
}

TEST(Outbound, FullLanesBlockThePackers) {
  const std::vector<std::string> tight{"outbound.carriers[0].lane_capacity=5",
                                       "outbound.carriers[0].dock_before=30min"};
  Sim sim(spec_from(kSmall, tight));
  run_checked(sim, SimTime::zero() + Duration::days(1), Duration::minutes(10), 2);
  const auto out = run::run_replication(spec_from(kSmall, tight));
  EXPECT_EQ(out.conservation, "");
  EXPECT_GT(kpi(out, "outbound.packers_blocked"), 0);
  EXPECT_GT(kpi(out, "outbound.lane_block_time"), 0);
  EXPECT_GT(kpi(out, "outbound.pack_queue"), 0);
  EXPECT_LE(kpi(out, "outbound.lane_packages"), 5);
}

TEST(Outbound, TrucksWaitForAFreeDoor) {
  // Two carriers with the same cutoffs and one door: the second truck waits in the yard until
  // the first departs, and leaves empty at its own cutoff.
  const std::string yaml = std::string(kSmall) + R"(
    - {name: slow, cutoffs: ["06:00", "10:00", "14:00", "18:00", "22:00"], dock_before: 2h}
)";
  const auto out = run::run_replication(spec_from(yaml, {"outbound.doors=1"}));
  EXPECT_EQ(out.conservation, "");
  EXPECT_EQ(kpi(out, "outbound.trucks"), 10);
  EXPECT_GT(kpi(out, "outbound.dock_wait"), 0);
  EXPECT_GT(kpi(out, "outbound.trucks_in_yard"), 0);
  EXPECT_LE(kpi(out, "outbound.doors_busy"), 1);
  const stats::Table* carriers = table(out, "carriers");
  ASSERT_NE(carriers, nullptr);
  EXPECT_EQ(carriers->rows[1][1], 0);  // slow's trucks never docked: nothing loaded
  EXPECT_GT(carriers->rows[1][5], 0);  // its packages rolled, day after day
}

TEST(Outbound, PackersKeepTheirShift) {
  const std::string yaml = std::string(kSmall) + R"(
workforce:
  pools:
    - {name: pickers, skills: [pick], workers: 2}
    - {name: packers, skills: [pack], workers: 2, shift_start: "08:00", shift_end: "16:00"}
)";
  Sim sim(spec_from(yaml));
  run_checked(sim, SimTime::zero() + Duration::days(1), Duration::minutes(15), 2);
  std::size_t packed = 0;
  for (const model::OrderTimeline& tl : sim.warehouse.orders()) {
    if (tl.packed == SimTime::max()) continue;
    ++packed;
    // Packing (30 s) starts on duty; a packer going off duty finishes the order in hand.
    EXPECT_GE(tl.packed.to_seconds(), 8.0 * kHour + 30);
    EXPECT_LE(tl.packed.to_seconds(), 16.0 * kHour + 30);
  }
  EXPECT_GT(packed, 100U);
}

TEST(Outbound, SwitchingItOnLeavesPickingUntouched) {
  // Outbound draws from its own streams and does not feed back into picking.
  const std::string without = std::string(kSmall).substr(0, std::string(kSmall).find("outbound:"));
  const auto a = run::run_replication(spec_from(without));
  const auto b = run::run_replication(spec_from(kSmall));
  for (const char* name : {"orders.arrived", "orders.completed", "units.picked", "orders.pick_cycle_time",
                           "robots.trip_distance", "stations.picker_utilisation"}) {
    EXPECT_EQ(kpi(a, name), kpi(b, name)) << name;
  }
  EXPECT_EQ(a.result.find("outbound.orders_shipped"), nullptr);  // declared only when on
}

}  // namespace
}  // namespace whsim
