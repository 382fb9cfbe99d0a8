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
