// The goods-to-person model end to end, built from scenario text: conservation and completion
// on the quickstart, determinism, Little's law per station and for the whole system, a
// hand-computed single-robot trip, and Erlang C on a stripped-down one-station scenario.
#include <atomic>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <string>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "whsim/kernel/engine.hpp"
#include "whsim/kernel/random.hpp"
#include "whsim/model/queueing_theory.hpp"
#include "whsim/model/warehouse.hpp"
#include "whsim/run/replication.hpp"
#include "whsim/scenario/build.hpp"
#include "whsim/scenario/loader.hpp"
#include "whsim/stats/confidence.hpp"
#include "whsim/stats/stats_recorder.hpp"

namespace whsim {
namespace {

scenario::ScenarioSpec spec_from(const std::string& yaml, const std::vector<std::string>& overrides = {}) {
  scenario::YamlDocument doc = scenario::YamlDocument::parse(yaml, "test.yaml");
  for (const auto& o : overrides) doc.apply_override(o);
  return scenario::load_scenario(doc);
}

scenario::ScenarioSpec quickstart(const std::vector<std::string>& overrides = {}) {
  scenario::YamlDocument doc = scenario::load_scenario_document("scenarios/quickstart.yaml");
  for (const auto& o : overrides) doc.apply_override(o);
  return scenario::load_scenario(doc);
}

double kpi(const run::ReplicationOutput& out, const std::string& name) {
  const auto* k = out.result.find(name);
  EXPECT_NE(k, nullptr) << name;
  return k == nullptr ? std::numeric_limits<double>::quiet_NaN() : k->value;
}

/// A model built by hand (not through run_replication) so tests can look inside it.
struct Sim {
  explicit Sim(const scenario::ScenarioSpec& spec, std::uint64_t replication = 0)
      : floor(scenario::build_floor(spec)),
        streams(spec.simulation.seed.value, replication),
        kpis(model::WarehouseKpis::declare(registry)),
        recorder(registry),
        warehouse(engine, streams, recorder, kpis, scenario::warehouse_config(spec, *floor.floor),
                  *floor.travel) {}
  scenario::BuiltFloor floor;
  Engine engine;
  RandomStreams streams;
  stats::KpiRegistry registry;
  model::WarehouseKpis kpis;
  stats::StatsRecorder recorder;
  model::Warehouse warehouse;
};

TEST(Replication, QuickstartConservesStockAndPicksWhatIsDemanded) {
  const auto out = run::run_replication(quickstart());
  EXPECT_EQ(out.conservation, "");
  EXPECT_GT(out.units_demanded, 5000);
  // Units of orders that arrive in the last minutes cannot all be picked by the horizon.
  EXPECT_GE(static_cast<double>(out.units_picked), 0.95 * static_cast<double>(out.units_demanded));
  EXPECT_GT(kpi(out, "orders.completed"), 3000);
  EXPECT_GT(kpi(out, "pods.units_per_visit"), 1.0);
  EXPECT_GT(kpi(out, "stations.picker_utilisation"), 0.2);
  EXPECT_LE(kpi(out, "stations.picker_utilisation"), 1.0);
}

TEST(Replication, SameSeedSameResultOtherSeedOther) {
  const auto a = run::run_replication(quickstart({"simulation.horizon=2h"}));
  const auto b = run::run_replication(quickstart({"simulation.horizon=2h"}));
  const auto c = run::run_replication(quickstart({"simulation.horizon=2h", "simulation.seed=2"}));
  EXPECT_EQ(a.result.fingerprint, b.result.fingerprint);
  EXPECT_EQ(a.result.events, b.result.events);
  ASSERT_EQ(a.result.kpis.size(), b.result.kpis.size());
  for (std::size_t i = 0; i < a.result.kpis.size(); ++i) {
    const auto& x = a.result.kpis[i];
    const auto& y = b.result.kpis[i];
    EXPECT_TRUE(x.value == y.value || (std::isnan(x.value) && std::isnan(y.value))) << x.name;
  }
  EXPECT_NE(a.result.fingerprint, c.result.fingerprint);
}

/// Paired differences b - a of a KPI over `reps` seeds (common random numbers: the same seed gives
/// both scenarios the same orders and pick times).
std::vector<double> paired_differences(
    const std::vector<std::string>& a, const std::vector<std::string>& b, const std::string& kpi_name,
    int reps, const std::function<void(const run::ReplicationOutput&)>& check_a = {}) {
  std::vector<double> diffs;
  for (int seed = 1; seed <= reps; ++seed) {
    auto sa = a;
    auto sb = b;
    sa.push_back(fmt::format("simulation.seed={}", seed));
    sb.push_back(fmt::format("simulation.seed={}", seed));
    const auto ra = run::run_replication(quickstart(sa));
    const auto rb = run::run_replication(quickstart(sb));
    if (check_a) check_a(ra);
    diffs.push_back(kpi(rb, kpi_name) - kpi(ra, kpi_name));
  }
  return diffs;
}

// Monotonicity under common random numbers, one-sided at 1%: in a robot-bound scenario more
// robots do not lower throughput (and here raise it).
TEST(Replication, MoreRobotsDoNotLowerThroughputWhenRobotsAreTheBottleneck) {
  const std::vector<std::string> base{"simulation.horizon=4h", "orders.rate=1100/h", "robots.count=8"};
  auto more = base;
  more.back() = "robots.count=12";
  const auto diffs =
      paired_differences(base, more, "orders.completed", 10, [](const run::ReplicationOutput& r) {
        EXPECT_GT(kpi(r, "robots.utilisation"), 0.95);  // the premise: robots are the bottleneck
      });
  const auto ci = stats::t_interval(diffs, 0.98);  // its upper bound is the one-sided 99% bound
  EXPECT_GT(ci.upper(), 0.0) << "mean difference " << ci.mean;
  EXPECT_GT(ci.mean, 0.0);
}

// In a picker-bound scenario more pickers do not raise the time robots queue at stations.
TEST(Replication, MorePickersDoNotRaiseQueueTimeWhenPickersAreTheBottleneck) {
  const std::vector<std::string> base{"simulation.horizon=4h", "orders.rate=2100/h", "robots.count=80",
                                      "stations.pickers=1"};
  auto more = base;
  more.back() = "stations.pickers=2";
  const auto diffs =
      paired_differences(base, more, "stations.queue_wait", 10, [](const run::ReplicationOutput& r) {
        EXPECT_GT(kpi(r, "stations.picker_utilisation"), 0.9);  // the premise: pickers are the bottleneck
      });
  const auto ci = stats::t_interval(diffs, 0.98);
  EXPECT_LT(ci.lower(), 0.0) << "mean difference " << ci.mean;
  EXPECT_LT(ci.mean, 0.0);
}

TEST(Replication, TablesAddUpToTheKpis) {
  const auto out = run::run_replication(quickstart({"simulation.horizon=3h"}));
  const stats::RunResult& r = out.result;
  const stats::Table* stations = r.find_table("stations");
  const stats::Table* robots = r.find_table("robots");
  const stats::Table* hourly = r.find_table("hourly");
  ASSERT_NE(stations, nullptr);
  ASSERT_NE(robots, nullptr);
  ASSERT_NE(hourly, nullptr);
  EXPECT_EQ(stations->rows.size(), out.stations);
  EXPECT_EQ(robots->rows.size(), out.robots);
  double units = 0;
  double visits = 0;
  for (const auto& row : stations->rows) {
    visits += row[2];
    units += row[3];
  }
  EXPECT_EQ(visits, r.find("pods.visits")->value);
  EXPECT_EQ(units, r.find("units.picked")->value);
  double utilisation = 0;
  for (const auto& row : robots->rows) utilisation += row[2];
  EXPECT_NEAR(utilisation / static_cast<double>(robots->rows.size()), r.find("robots.utilisation")->value,
              1e-9);
  // The hourly table covers the whole run (warm-up included) on the calendar.
  ASSERT_EQ(hourly->rows.size(), 3U);
  EXPECT_EQ(hourly->row_labels[0], "2026-12-01 06:00");
  EXPECT_EQ(hourly->row_labels[2], "2026-12-01 08:00");
  double hourly_units = 0;
  for (const auto& row : hourly->rows) hourly_units += row[2];
  EXPECT_EQ(hourly_units, static_cast<double>(out.units_picked));
  const stats::Table* daily = r.find_table("daily");
  ASSERT_NE(daily, nullptr);
  ASSERT_EQ(daily->rows.size(), 1U);
  EXPECT_EQ(daily->row_labels[0], "2026-12-01");
  EXPECT_EQ(daily->rows[0][2], hourly_units);
}

// With products bought together (co-purchase) affinity slotting, which stores a product's
// variants in the same pods, serves more lines per pod visit than random slotting (paired over
// 10 seeds, one-sided at 1%).
TEST(Replication, AffinitySlottingRaisesPileOnWhenVariantsAreBoughtTogether) {
  const std::vector<std::string> base{
      "simulation.horizon=3h", "skus.variants=4", "orders.co_purchase=80%",
      "orders.lines={dist: empirical, values: [1, 2, 3, 4], weights: [20, 30, 30, 20]}",
      "policies.slotting=random"};
  auto affinity = base;
  affinity.back() = "policies.slotting=affinity";
  const auto diffs = paired_differences(base, affinity, "pods.lines_per_visit", 10);
  const auto ci = stats::t_interval(diffs, 0.98);
  EXPECT_GT(ci.lower(), 0.0) << "mean difference " << ci.mean;
}

// Robots beyond a station's queue capacity wait in place and are counted as overflow.
TEST(Replication, QueueCapacityBoundsTheQueueLane) {
  const auto none = run::run_replication(
      quickstart({"simulation.horizon=3h", "orders.rate=1500/h", "stations.queue_capacity=0"}));
  EXPECT_GT(kpi(none, "stations.queue_length"), 0.5);
  EXPECT_DOUBLE_EQ(kpi(none, "stations.queue_overflow"), kpi(none, "stations.queue_length"));
  const auto two = run::run_replication(
      quickstart({"simulation.horizon=3h", "orders.rate=1500/h", "stations.queue_capacity=2"}));
  EXPECT_GT(kpi(two, "stations.queue_overflow"), 0.0);
  EXPECT_LT(kpi(two, "stations.queue_overflow"), kpi(two, "stations.queue_length"));
  const auto ample = run::run_replication(
      quickstart({"simulation.horizon=3h", "orders.rate=1500/h", "stations.queue_capacity=1000"}));
  EXPECT_EQ(kpi(ample, "stations.queue_overflow"), 0.0);
  // Capacity changes where robots wait, not when: the runs are otherwise identical.
  EXPECT_EQ(none.result.fingerprint, ample.result.fingerprint);
}

// The per-order records, heatmaps and layout agree with the KPIs they sit beside.
TEST(Replication, RecordsGridsAndLayoutMatchTheKpis) {
  const auto out = run::run_replication(quickstart({"simulation.horizon=2h", "simulation.warmup=0s"}));
  ASSERT_TRUE(out.result.complete);
  const stats::RecordTable* orders = out.result.find_records("orders");
  ASSERT_NE(orders, nullptr);
  EXPECT_EQ(static_cast<double>(orders->size()), kpi(out, "orders.arrived"));
  ASSERT_EQ(orders->columns[4], "completed_s");
  double completed = 0;
  for (std::size_t o = 0; o < orders->size(); ++o) {
    const double arrived = orders->values[1][o];
    const double done = orders->values[4][o];
    if (std::isnan(done)) continue;
    ++completed;
    EXPECT_GE(done, arrived);
    EXPECT_GE(done, orders->values[3][o]);  // after the first pick
  }
  EXPECT_EQ(completed, kpi(out, "orders.completed"));

  const stats::Grid* lifts = out.result.find_grid("pod_lifts");
  const stats::Grid* visits = out.result.find_grid("robot_visits");
  ASSERT_NE(lifts, nullptr);
  ASSERT_NE(visits, nullptr);
  double lift_total = 0;
  double visit_total = 0;
  for (const double v : lifts->values) lift_total += v;
  for (const double v : visits->values) visit_total += v;
  // Every station visit starts with a lift; robots still on their way make the difference.
  EXPECT_GE(lift_total, kpi(out, "pods.visits"));
  EXPECT_LE(lift_total, kpi(out, "pods.visits") + 40);
  EXPECT_GE(visit_total, 2 * kpi(out, "pods.visits"));

  const stats::FloorLayout& layout = out.result.layout;
  EXPECT_EQ(layout.width, lifts->width);
  EXPECT_EQ(layout.height, lifts->height);
  ASSERT_EQ(layout.cells.size(), lifts->values.size());
  std::size_t stations = 0;
  for (std::size_t c = 0; c < layout.cells.size(); ++c) {
    if (lifts->values[c] > 0) {
      EXPECT_EQ(layout.cells[c], static_cast<std::uint8_t>(stats::LayoutCell::kStorage));
    }
    if (layout.cells[c] == static_cast<std::uint8_t>(stats::LayoutCell::kStation)) ++stations;
  }
  EXPECT_EQ(stations, out.stations);
  EXPECT_EQ(layout.markers.front().label, "S0");

  run::ReplicationOptions summary;
  summary.records = false;
  const auto bare =
      run::run_replication(quickstart({"simulation.horizon=2h", "simulation.warmup=0s"}), summary);
  EXPECT_TRUE(bare.result.records.empty());
  EXPECT_TRUE(bare.result.grids.empty());
  EXPECT_EQ(bare.result.fingerprint, out.result.fingerprint);
}

// The event trace sees every fingerprinted event (or the filtered ones) and changes nothing.
TEST(Replication, TraceRecordsEventsWithoutChangingTheRun) {
  const auto plain = run::run_replication(quickstart({"simulation.horizon=1h", "simulation.warmup=0s"}));
  run::ReplicationOptions options;
  options.trace = true;
  const auto traced =
      run::run_replication(quickstart({"simulation.horizon=1h", "simulation.warmup=0s"}), options);
  EXPECT_EQ(traced.result.fingerprint, plain.result.fingerprint);
  const stats::Trace& trace = traced.result.trace;
  ASSERT_FALSE(trace.records.empty());
  EXPECT_EQ(trace.filter, "");
  EXPECT_LT(trace.records.size(), traced.result.events);  // sampling events are not traced
  std::int64_t last = 0;
  std::size_t arrivals = 0;
  for (const stats::TraceRecord& r : trace.records) {
    EXPECT_GE(r.time_ticks, last);
    last = r.time_ticks;
    ASSERT_LT(r.kind, trace.kinds.size());
    ASSERT_LT(r.component, trace.components.size());
    if (trace.kinds[r.kind] == "warehouse.order_arrival") ++arrivals;
  }
  EXPECT_EQ(trace.components[trace.records.front().component], "warehouse");
  EXPECT_EQ(static_cast<double>(arrivals), kpi(traced, "orders.arrived"));
  options.trace_filter.events = {"warehouse.pick_done"};
  options.trace_filter.entities = {0, 1};
  const auto filtered =
      run::run_replication(quickstart({"simulation.horizon=1h", "simulation.warmup=0s"}), options);
  EXPECT_EQ(filtered.result.trace.filter, "events=warehouse.pick_done; entities=0,1");
  ASSERT_EQ(filtered.result.trace.kinds, std::vector<std::string>{"warehouse.pick_done"});
  ASSERT_FALSE(filtered.result.trace.records.empty());
  for (const stats::TraceRecord& r : filtered.result.trace.records) EXPECT_LE(r.entity, 1U);
  options.trace_filter.events = {"warehouse.teleport"};
  EXPECT_THROW(
      (void)run::run_replication(quickstart({"simulation.horizon=1h", "simulation.warmup=0s"}), options),
      InputError);
}

// A stop request ends the run early; its result says so and covers the time reached.
TEST(Replication, StopRequestGivesAnIncompleteResult) {
  std::atomic<bool> stop{false};
  run::ReplicationOptions options;
  options.stop = &stop;
  options.progress = [&](SimTime now, std::uint64_t) {
    if (now >= SimTime::zero() + Duration::hours(3)) stop = true;
  };
  const auto out = run::run_replication(quickstart(), options);
  EXPECT_TRUE(out.interrupted);
  EXPECT_FALSE(out.result.complete);
  EXPECT_GE(out.result.end, SimTime::zero() + Duration::hours(3));
  EXPECT_LT(out.result.end, SimTime::zero() + Duration::hours(4));
  EXPECT_GT(kpi(out, "orders.completed"), 0);
  EXPECT_EQ(out.conservation, "");
}

TEST(Replication, SamplingIntervalDoesNotChangeTheFingerprint) {
  const auto a =
      run::run_replication(quickstart({"simulation.horizon=1h", "simulation.sample_interval=1min"}));
  const auto b =
      run::run_replication(quickstart({"simulation.horizon=1h", "simulation.sample_interval=7min"}));
  EXPECT_EQ(a.result.fingerprint, b.result.fingerprint);
}

TEST(Replication, EveryPolicyCombinationConservesStock) {
  for (const char* storage : {"return_home", "nearest_free", "class_based"}) {
    for (const char* pods : {"nearest", "most_lines"}) {
      for (const char* robots : {"nearest_idle", "first_idle"}) {
        for (const char* slotting : {"random", "class_based", "affinity"}) {
          const auto out = run::run_replication(quickstart(
              {"simulation.horizon=1h", "simulation.warmup=0s",
               std::string("policies.pod_storage=") + storage, std::string("policies.pod_selection=") + pods,
               std::string("policies.robot_assignment=") + robots,
               std::string("policies.slotting=") + slotting, "policies.order_assignment=round_robin"}));
          EXPECT_EQ(out.conservation, "") << storage << pods << robots << slotting;
          EXPECT_GE(static_cast<double>(out.units_picked), 0.85 * static_cast<double>(out.units_demanded))
              << storage << pods << robots << slotting;
        }
      }
    }
  }
}

TEST(Replication, LittlesLawHoldsPerStationAndForTheSystem) {
  // Fewer SKUs, so no line is backordered: an order stuck on a stockout stays open forever and
  // would count in the open orders without ever completing.
  Sim sim(quickstart({"simulation.horizon=12h", "skus.count=500"}));
  const SimTime warm = SimTime::zero() + Duration::hours(1);
  sim.engine.run_until(warm);
  sim.recorder.reset(warm);
  sim.warehouse.reset_statistics(warm);
  const SimTime end = SimTime::zero() + Duration::hours(12);
  sim.engine.run_until(end);
  const double span = (end - warm).to_seconds();
  for (std::size_t k = 0; k < sim.warehouse.station_count(); ++k) {
    const model::StationStats& s = sim.warehouse.station_stats(k);
    ASSERT_GT(s.visits, 100);
    const double l = s.robots_present.mean(end);  // measured from levels
    const double lambda_w = static_cast<double>(s.visits) / span * s.visit_time.mean();  // from waits
    EXPECT_NEAR(l, lambda_w, 0.03 * l + 0.02) << "station " << k;
    // Capacity bound: a station cannot pick faster than its pickers can.
    EXPECT_LE(static_cast<double>(s.units) / span, 1.0 / 5.0 * 1.02 + 1e-9);
  }
  const stats::RunResult r = sim.recorder.result(end);
  ASSERT_EQ(r.find("lines.backordered")->value, 0);
  const double open = r.find("orders.open")->value;
  const double completed = r.find("orders.completed")->value;
  const double cycle = r.find("orders.pick_cycle_time")->value;
  EXPECT_NEAR(open, completed / span * cycle, 0.03 * open);
}

constexpr const char* kSingleRobotYaml = R"(
simulation: {horizon: 1h, sample_interval: 1h}
floor:
  map: |
    s.s
    ...
    .P.
skus: {count: 1, pods_per_sku: 1}
pods: {count: 1, bins: 1, bin_volume: 10 L, initial_fill: 100%}
orders: {mode: backlog, backlog: 1, lines: 1, units_per_line: 1}
robots: {count: 1, speed: 1.5 m/s, acceleration: 0.5 m/s^2, deceleration: 0.5 m/s^2, turn_time: 0.5s,
         lift_time: 2.5s, set_down_time: 2.5s}
stations: {pickers: 1, pick_time: 5s, presentation_time: 2s}
)";

// A 3 x 3 map: storage at (0,0) and (2,0), the station at (1,2). The pod starts at (0,0), the
// robot at (2,0). One order of one unit, constant times:
//   empty (2,0) -> (0,0): one 2 m segment: peak speed sqrt(2*2*0.5*0.5/1) = 1 m/s, 2 s up and
//     2 s down = 4 s;
//   lift 2.5 s;
//   loaded (0,0) -> (0,2) -> (1,2) (never through storage): 2 m (4 s) + a turn (0.5 s) + 1 m
//     (peak sqrt(0.5), 4 * sqrt(0.5) = 2.828427 s) = 7.328427 s (rounded to the microsecond once);
//   presentation 2 s and one pick of 5 s.
// Last unit picked at 4 + 2.5 + 7.328427 + 7 = 20.828427 s.
TEST(Replication, HandComputedSingleRobotTripMatchesToTheMicrosecond) {
  Sim sim(spec_from(kSingleRobotYaml));
  sim.engine.run_until(SimTime::zero() + Duration::seconds(21));
  ASSERT_GE(sim.warehouse.orders().size(), 1U);
  const model::OrderTimeline& o = sim.warehouse.orders()[0];
  EXPECT_EQ(o.completed.ticks(), 20'828'427);
  EXPECT_EQ(o.first_pick, o.completed);
  EXPECT_EQ(o.opened, SimTime::zero());
}

// Pickers on a shift plan: nobody picks outside the shift or during the break, and the staffed
// positions follow the plan.
TEST(Replication, ShiftPlansStaffTheStations) {
  Sim sim(quickstart({"simulation.warmup=0s",
                      "workforce.pools=[{name: day, workers: 3, shift_start: \"06:00\", "
                      "shift_end: \"08:00\", breaks: [\"07:00 20min\"]}]"}));
  const auto units_at = [&](Duration t) {
    sim.engine.run_until(SimTime::zero() + t);
    return sim.warehouse.units_picked();
  };
  // The quickstart starts at 06:00: three pickers on duty until the break at 07:00 (a pod in
  // hand is finished, so allow a minute), none until 07:20, none after 08:00 (+1 min).
  const auto before_break = units_at(Duration::minutes(61));
  EXPECT_GT(before_break, 100);
  EXPECT_EQ(units_at(Duration::minutes(80)), before_break);
  const auto after_break = units_at(Duration::minutes(121));
  EXPECT_GT(after_break, before_break + 50);
  EXPECT_EQ(units_at(Duration::hours(4)), after_break);
  const stats::RunResult r = sim.recorder.result(sim.engine.now());
  // Staffed: 3 for 100 of the 240 minutes.
  EXPECT_NEAR(r.find("stations.pickers_staffed")->value, 3.0 * 100.0 / 240.0, 1e-9);
  EXPECT_LE(r.find("stations.picker_utilisation")->value, 1.0);
  EXPECT_EQ(sim.warehouse.check_conservation(), "");
}

// The same trip, interrupted during the lift (which started at 4 s and needs 2.5 s) at 5 s and
// resumed at 65 s: the rest of the lift (1.5 s) runs then, and the order completes exactly 60 s
// later than without the interruption.
TEST(Replication, InterruptedTaskResumesWithTheTimeItStillNeeded) {
  Sim sim(spec_from(kSingleRobotYaml));
  sim.engine.run_until(SimTime::zero() + Duration::seconds(5));
  ASSERT_EQ(sim.warehouse.robot_state(0), model::RobotState::kLifting);
  EXPECT_TRUE(sim.warehouse.interrupt_robot(0));
  EXPECT_FALSE(sim.warehouse.interrupt_robot(0));  // already interrupted
  EXPECT_EQ(sim.warehouse.robot_state(0), model::RobotState::kInterrupted);
  EXPECT_FALSE(sim.warehouse.reassign_trip(0));  // lifting: the pod is already under it
  sim.engine.run_until(SimTime::zero() + Duration::seconds(65));
  EXPECT_TRUE(sim.warehouse.orders()[0].completed == SimTime::max());
  EXPECT_TRUE(sim.warehouse.resume_robot(0));
  EXPECT_FALSE(sim.warehouse.resume_robot(0));
  sim.engine.run_until(SimTime::zero() + Duration::seconds(90));
  EXPECT_EQ(sim.warehouse.orders()[0].completed.ticks(), 80'828'427);
  EXPECT_EQ(sim.warehouse.check_conservation(), "");
}

// An interrupted robot that has not lifted its pod yet hands its trip to another robot.
TEST(Replication, InterruptedTripIsReassigned) {
  Sim sim(quickstart({"simulation.warmup=0s"}));
  sim.engine.run_until(SimTime::zero() + Duration::minutes(30));
  // Step until some robot is on its way to a pod.
  std::size_t r = sim.warehouse.robot_count();
  for (int step = 0; step < 100'000 && r == sim.warehouse.robot_count(); ++step) {
    sim.engine.run_events(1);
    for (std::size_t i = 0; i < sim.warehouse.robot_count() && r == sim.warehouse.robot_count(); ++i) {
      if (sim.warehouse.robot_state(i) == model::RobotState::kToPod) r = i;
    }
  }
  ASSERT_LT(r, sim.warehouse.robot_count());
  ASSERT_TRUE(sim.warehouse.interrupt_robot(r));
  ASSERT_TRUE(sim.warehouse.reassign_trip(r));
  EXPECT_FALSE(sim.warehouse.reassign_trip(r));  // nothing left to hand over
  const auto picked = sim.warehouse.units_picked();
  sim.engine.run_until(SimTime::zero() + Duration::minutes(60));
  EXPECT_GT(sim.warehouse.units_picked(), picked + 100);  // the floor works on without it
  EXPECT_EQ(sim.warehouse.robot_state(r), model::RobotState::kInterrupted);
  EXPECT_TRUE(sim.warehouse.resume_robot(r));
  EXPECT_NE(sim.warehouse.robot_state(r), model::RobotState::kInterrupted);
  sim.engine.run_until(SimTime::zero() + Duration::minutes(90));
  EXPECT_EQ(sim.warehouse.check_conservation(), "");
}

// Orders replayed from a file arrive exactly when the file says, with its lines; the SKU master
// sets the catalog and the initial stock.
TEST(Replication, OrderFileIsReplayedExactlyWithTheSkuMaster) {
  const auto dir = std::filesystem::temp_directory_path() / "whsim_test_replay";
  std::filesystem::create_directories(dir);
  {
    std::ofstream skus(dir / "skus.csv");
    skus << "id,class,volume,initial_stock\nX,A,1 L,50\nY,A,2 L,30\nZ,B,0.5 L,0\n";
    std::ofstream orders(dir / "orders.csv");
    orders << "time,order,sku,quantity\n"
              "0s,first,X,2\n0s,first,Y,1\n"
              "90s,second,Y,3\n"
              "2026-12-01 06:10,third,X,1\n";  // the quickstart starts at 06:00: 600 s
  }
  Sim sim(quickstart({"simulation.warmup=0s", "skus.master_file=" + (dir / "skus.csv").string(),
                      "orders.mode=file", "orders.file=" + (dir / "orders.csv").string()}));
  EXPECT_EQ(sim.warehouse.sku_count(), 3U);
  EXPECT_EQ(sim.warehouse.initial_stock(0), 50);
  EXPECT_EQ(sim.warehouse.initial_stock(1), 30);
  EXPECT_EQ(sim.warehouse.initial_stock(2), 0);
  sim.engine.run_until(SimTime::zero() + Duration::hours(1));
  const auto& orders = sim.warehouse.orders();
  ASSERT_EQ(orders.size(), 3U);
  EXPECT_EQ(orders[0].arrived, SimTime::zero());
  EXPECT_EQ(orders[0].lines, 2U);
  EXPECT_EQ(orders[0].units, 3U);
  EXPECT_EQ(orders[1].arrived, SimTime::zero() + Duration::seconds(90));
  EXPECT_EQ(orders[1].units, 3U);
  EXPECT_EQ(orders[2].arrived, SimTime::zero() + Duration::seconds(600));
  for (const auto& o : orders) EXPECT_NE(o.completed, SimTime::max());
  EXPECT_EQ(sim.warehouse.picked(0), 3);
  EXPECT_EQ(sim.warehouse.picked(1), 4);
  EXPECT_EQ(sim.warehouse.check_conservation(), "");
  std::filesystem::remove_all(dir);
}

// An order whose line the stock cannot cover is held out of the put wall in its SKU's backorder
// queue; stock arriving (receive_stock) releases it and it completes.
TEST(Replication, BackorderedOrderIsReleasedWhenStockArrives) {
  const auto dir = std::filesystem::temp_directory_path() / "whsim_test_backorder";
  std::filesystem::create_directories(dir);
  {
    std::ofstream skus(dir / "skus.csv");
    skus << "id,class,volume,initial_stock\nX,A,1 L,1\nY,A,1 L,20\n";
    std::ofstream orders(dir / "orders.csv");
    orders << "time,order,sku,quantity\n0s,short,X,3\n0s,short,Y,1\n10s,fine,Y,2\n";
  }
  Sim sim(quickstart({"simulation.warmup=0s", "skus.master_file=" + (dir / "skus.csv").string(),
                      "orders.mode=file", "orders.file=" + (dir / "orders.csv").string()}));
  sim.engine.run_until(SimTime::zero() + Duration::minutes(10));
  const auto& orders = sim.warehouse.orders();
  ASSERT_EQ(orders.size(), 2U);
  EXPECT_EQ(orders[0].opened, SimTime::max());  // held: X has 1 unit, the line needs 3
  EXPECT_EQ(sim.warehouse.orders_held(), 1U);
  EXPECT_NE(orders[1].completed, SimTime::max());  // the other order is not blocked
  const auto pods = sim.warehouse.pods_holding(0);
  ASSERT_FALSE(pods.empty());
  EXPECT_FALSE(sim.warehouse.receive_stock(pods[0], 1'000, 5));  // no such SKU
  ASSERT_TRUE(sim.warehouse.receive_stock(pods[0], 0, 5));
  EXPECT_EQ(sim.warehouse.orders_held(), 0U);
  sim.engine.run_until(SimTime::zero() + Duration::minutes(20));
  EXPECT_EQ(orders[0].opened, SimTime::zero() + Duration::minutes(10));
  EXPECT_NE(orders[0].completed, SimTime::max());
  EXPECT_EQ(sim.warehouse.physical_stock(0), 1 + 5 - 3);
  EXPECT_EQ(sim.warehouse.check_conservation(), "");
  const stats::RunResult r = sim.recorder.result(sim.engine.now());
  EXPECT_EQ(r.find("lines.backordered")->value, 1);
  EXPECT_EQ(r.find("orders.held_for_stock")->value, 1);
  std::filesystem::remove_all(dir);
}

// One station with c pickers, (almost) zero travel, Poisson orders of one unit and exponential
// pick times: the station queue is M/M/c, so the mean wait must match Erlang C.
TEST(Replication, OneStationReproducesErlangC) {
  constexpr int kPickers = 2;
  constexpr double kMeanPick = 60.0;
  constexpr double kRho = 0.75;
  const double lambda = kRho * kPickers / kMeanPick;  // per second
  const std::string yaml = fmt::format(R"(
simulation: {{horizon: 30h, warmup: 2h, sample_interval: 1h}}
floor: {{cell_size: 0.01 m, block_columns: 10, block_rows: 10, block_width: 10, block_depth: 2, margin: 1,
        stations_per_side: 1, station_sides: [west]}}
skus: {{count: 1, pods_per_sku: 1000, zipf_alpha: 0}}
pods: {{count: 1000, bins: 1, bin_volume: 100 L, initial_fill: 100%}}
orders: {{rate: {}/s, lines: 1, units_per_line: 1, due_after: 10h}}
robots: {{count: 300, speed: 20 m/s, acceleration: 100 m/s^2, deceleration: 100 m/s^2, turn_time: 0s,
         lift_time: 0s, set_down_time: 0s}}
stations: {{pickers: {}, put_wall_slots: 10000, queue_capacity: 10000,
           pick_time: {{dist: exponential, mean: {}s}}, presentation_time: 0s}}
policies: {{pile_on: false, pod_selection: nearest}}
)",
                                       lambda, kPickers, kMeanPick);
  const auto base = spec_from(yaml);
  std::vector<double> waits;
  for (std::uint64_t rep = 0; rep < 20; ++rep) {
    auto spec = base;
    spec.simulation.seed.value = 1000 + rep;
    const auto out = run::run_replication(spec);
    ASSERT_EQ(out.conservation, "");
    waits.push_back(kpi(out, "stations.queue_wait"));
  }
  const auto ci = stats::t_interval(waits, 0.99);
  const double theory = model::mmc_mean_wait(lambda, 1.0 / kMeanPick, kPickers);
  EXPECT_LE(ci.lower(), theory) << "mean " << ci.mean << " theory " << theory;
  EXPECT_GE(ci.upper(), theory) << "mean " << ci.mean << " theory " << theory;
}

}  // namespace
}  // namespace whsim
