// Test support for whole-warehouse tests (test_inbound.cpp, test_outbound.cpp): a scenario from
// YAML text with --set style overrides, a KPI of a replication, and a model built by hand so a
// test can step it and look inside.
#pragma once

#include <limits>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "whsim/kernel/engine.hpp"
#include "whsim/kernel/random.hpp"
#include "whsim/model/warehouse.hpp"
#include "whsim/run/replication.hpp"
#include "whsim/scenario/build.hpp"
#include "whsim/scenario/loader.hpp"
#include "whsim/stats/stats_recorder.hpp"

namespace whsim::test_support {

inline scenario::ScenarioSpec spec_from(const std::string& yaml,
                                        const std::vector<std::string>& overrides = {}) {
  scenario::YamlDocument doc = scenario::YamlDocument::parse(yaml, "test.yaml");
  for (const auto& o : overrides) doc.apply_override(o);
  return scenario::load_scenario(doc);
}

inline double kpi(const run::ReplicationOutput& out, const std::string& name) {
  const auto* k = out.result.find(name);
  EXPECT_NE(k, nullptr) << name;
  return k == nullptr ? std::numeric_limits<double>::quiet_NaN() : k->value;
}

/// The table of a replication's result named `name`, or nullptr.
inline const stats::Table* table(const run::ReplicationOutput& out, const std::string& name) {
  for (const stats::Table& t : out.result.tables) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

/// A small inbound warehouse (3 days, 60 SKUs, one stow station, one truck a day) and its outbound
/// (one carrier every two hours): test_returns.cpp, test_accuracy.cpp.
constexpr const char* kBase = R"(
name: small-inbound
simulation: {start: "2026-12-01 00:00", horizon: 3d, warmup: 0s, seed: 4, sample_interval: 1h}
floor: {block_columns: 2, block_rows: 2, block_width: 5, block_depth: 2, margin: 2,
        stations_per_side: 1, station_sides: [west, east]}
skus: {count: 60, popularity: abc, abc_sku_shares: [20, 30, 50], abc_demand_shares: [60, 30, 10],
       unit_volume: 1 L, pods_per_sku: 2}
pods: {count: 36, bins: 8, bin_volume: 40 L, initial_fill: 50%}
orders: {mode: poisson, rate: 40/h, lines: 2, units_per_line: {dist: empirical, values: [1, 2], weights: [70, 30]}}
robots: {count: 8}
stations: {pickers: 1, pick_time: 5s, presentation_time: 2s, put_wall_slots: 8}
inbound:
  doors: 1
  units_per_case: 6
  trucks: {mode: schedule, schedule: ["08:00"], lines: 6, cases_per_line: 2}
  receiving: {scan_time: 3s, workers: 1}
  stow: {stations: [1], workers: 1, time: 4s}
replenishment:
  a: {policy: s_q, reorder_point: 10, order_quantity: 24, lead_time: 12h}
  b: {policy: s_q, reorder_point: 5, order_quantity: 12, lead_time: 12h}
  c: {policy: s_q, reorder_point: 2, order_quantity: 6, lead_time: 1d}
)";
constexpr const char* kOutbound = R"(outbound:
  pack: {stations: 2, workers: 2, time: 30s}
  carriers: [{name: post, cutoffs: ["00:00", "02:00", "04:00", "06:00", "08:00", "10:00", "12:00", "14:00",
                                    "16:00", "18:00", "20:00", "22:00"], dock_before: 1h}]
)";
/// A model built by hand (every KPI group its configuration uses is declared).
struct Sim {
  explicit Sim(const scenario::ScenarioSpec& spec, std::uint64_t replication = 0)
      : floor(scenario::build_floor(spec)),
        config(scenario::warehouse_config(spec, *floor.floor)),
        streams(spec.simulation.seed.value, replication),
        kpis(model::WarehouseKpis::declare(registry, parts(config))),
        recorder(registry),
        warehouse(engine, streams, recorder, kpis, config, *floor.travel) {}
  static model::WarehouseKpiParts parts(const model::WarehouseConfig& config) {
    model::WarehouseKpiParts p = model::WarehouseKpiParts::of(config);
    p.inventory = true;  // tests read the stock KPIs of every run
    return p;
  }
  scenario::BuiltFloor floor;
  model::WarehouseConfig config;
  Engine engine;
  RandomStreams streams;
  stats::KpiRegistry registry;
  model::WarehouseKpis kpis;
  stats::StatsRecorder recorder;
  model::Warehouse warehouse;
};

}  // namespace whsim::test_support
