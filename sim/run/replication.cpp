// One replication of a scenario (see the header).
#include "whsim/run/replication.hpp"

#include <algorithm>
#include <chrono>

#include "whsim/kernel/engine.hpp"
#include "whsim/kernel/random.hpp"
#include "whsim/model/warehouse.hpp"
#include "whsim/scenario/build.hpp"
#include "whsim/stats/stats_recorder.hpp"

namespace whsim::run {
namespace {

/// Warm-up deletion and time-series sampling, as scheduled events outside the fingerprint (so
/// changing the sampling interval leaves the fingerprint unchanged).
class Control final : public Component {
 public:
  enum Kind : EventKind { kWarmup = 0, kSample = 1 };
  Control(Engine& engine, stats::StatsRecorder& recorder, model::Warehouse& warehouse, SimTime warmup,
          Duration interval)
      : recorder_(recorder), warehouse_(warehouse), interval_(interval) {
    id_ = engine.add_component(*this, "control", false);
    if (warmup > SimTime::zero()) engine.schedule_at(warmup, EventSpec{id_, kWarmup, 0, 0, 0});
    engine.schedule_at(SimTime::zero() + interval, EventSpec{id_, kSample, 0, 0, 255});
    recorder_.sample_series(SimTime::zero());
  }
  void handle(Engine& engine, const Event& event) override {
    if (event.kind == kWarmup) {
      recorder_.reset(engine.now());
      warehouse_.reset_statistics(engine.now());
    } else {
      recorder_.sample_series(engine.now());
      engine.schedule_after(interval_, EventSpec{id_, kSample, 0, 0, 255});
    }
  }

 private:
  stats::StatsRecorder& recorder_;
  model::Warehouse& warehouse_;
  Duration interval_;
  ComponentId id_;
};

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

ReplicationOutput run_replication(const scenario::ScenarioSpec& spec, const ReplicationOptions& options) {
  const auto t0 = std::chrono::steady_clock::now();
  ReplicationOutput out;
  scenario::BuiltFloor built = scenario::build_floor(spec);
  model::WarehouseConfig config = scenario::warehouse_config(spec, *built.floor);

  Engine engine;
  RandomStreams streams(spec.simulation.seed.value, options.replication);
  stats::KpiRegistry registry;
  const model::WarehouseKpis kpis = model::WarehouseKpis::declare(registry);
  stats::StatsRecorder recorder(registry);
  // Tallies (times in seconds, distances in metres, units per visit) fall in this range: reserve
  // their buckets so the steady state allocates nothing (about 30 KB per tally).
  recorder.reserve_tally_range(1e-3, 1e7);
  model::Warehouse warehouse(engine, streams, recorder, kpis, std::move(config), *built.travel);
  const SimTime end = SimTime::zero() + spec.simulation.horizon.value;
  Control control(engine, recorder, warehouse, SimTime::zero() + spec.simulation.warmup.value,
                  spec.simulation.sample_interval.value);
  out.build_seconds = seconds_since(t0);

  // Run in slices of simulated time so progress and stop requests are seen without a per-event
  // check; the slicing does not change the result (run_until keeps event order).
  const Duration slice = std::max(Duration::seconds(1), spec.simulation.horizon.value / 256);
  SimTime reached = SimTime::zero();
  while (reached < end) {
    if (options.stop != nullptr && options.stop->load(std::memory_order_relaxed)) {
      out.interrupted = true;
      break;
    }
    reached = std::min(end, reached + slice);
    engine.run_until(reached);
    if (options.progress) options.progress(reached, engine.events_executed());
  }

  out.result = recorder.result(engine.now());
  warehouse.append_tables(out.result, engine.now());
  out.result.fingerprint = engine.fingerprint();
  out.result.events = engine.events_executed();
  out.result.seed = spec.simulation.seed.value;
  out.robots = warehouse.robot_count();
  out.pods = warehouse.pod_count();
  out.skus = warehouse.sku_count();
  out.stations = warehouse.station_count();
  out.storage_locations = built.floor->storage_cells().size();
  out.slots = warehouse.slot_count();
  out.units_initial = warehouse.units_initial();
  out.units_demanded = warehouse.units_demanded();
  out.units_picked = warehouse.units_picked();
  out.total_distance_m = warehouse.total_distance();
  out.conservation = warehouse.check_conservation();
  out.wall_seconds = seconds_since(t0);
  return out;
}

}  // namespace whsim::run
