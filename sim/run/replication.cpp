// One replication of a scenario (see the header).
#include "whsim/run/replication.hpp"

#include <algorithm>
#include <chrono>
#include <optional>

#include <fmt/format.h>

#include "whsim/kernel/engine.hpp"
#include "whsim/kernel/random.hpp"
#include "whsim/model/layout.hpp"
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
      // The model books what belongs before the warm-up's end first; then the KPIs restart.
      warehouse_.reset_statistics(engine.now());
      recorder_.reset(engine.now());
    } else {
      warehouse_.before_sample(engine.now());
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

/// Keeps the fingerprinted events that pass the filter (detail level full). Kinds are numbered
/// in the order first seen and named "component.event" (or "component.<kind>" when the
/// component does not name its kinds).
class TraceRecorder final : public EventObserver {
 public:
  TraceRecorder(const Engine& engine, const TraceFilter& filter, stats::Trace& out)
      : engine_(engine), filter_(filter), out_(out) {
    out_.filter = filter.describe();
    for (std::size_t c = 0; c < engine.component_count(); ++c) {
      out_.components.emplace_back(engine.component_name(ComponentId(static_cast<std::uint32_t>(c))));
    }
    validate();
  }
  void on_event(const Event& event) override {
    if (!filter_.entities.empty() &&
        std::find(filter_.entities.begin(), filter_.entities.end(), event.entity) == filter_.entities.end()) {
      return;
    }
    const std::uint32_t kind = kind_index(event.target, event.kind);
    if (kind == kSkip) return;
    out_.records.push_back(
        stats::TraceRecord{event.time.ticks(), event.target.value(), kind, event.entity, event.payload});
  }

 private:
  static constexpr std::uint32_t kSkip = 0xFFFFFFFFU;
  struct KindKey {
    std::uint32_t component;
    EventKind kind;
    std::uint32_t index;  ///< into out_.kinds, or kSkip when filtered out
  };

  [[nodiscard]] std::string kind_name(ComponentId c, EventKind kind) const {
    const std::string_view name = engine_.component(c).event_name(kind);
    return fmt::format("{}.{}", engine_.component_name(c),
                       name.empty() ? std::to_string(kind) : std::string(name));
  }

  [[nodiscard]] bool wanted(ComponentId c, EventKind kind) const {
    if (filter_.events.empty()) return true;
    const std::string full = kind_name(c, kind);
    const std::string_view component = engine_.component_name(c);
    return std::any_of(filter_.events.begin(), filter_.events.end(),
                       [&](const std::string& e) { return e == full || e == component; });
  }

  std::uint32_t kind_index(ComponentId c, EventKind kind) {
    for (const KindKey& k : keys_) {
      if (k.component == c.value() && k.kind == kind) return k.index;
    }
    std::uint32_t index = kSkip;
    if (wanted(c, kind)) {
      index = static_cast<std::uint32_t>(out_.kinds.size());
      out_.kinds.push_back(kind_name(c, kind));
    }
    keys_.push_back(KindKey{c.value(), kind, index});
    return index;
  }

  /// Every name in the filter must be a fingerprinted component or one of its named kinds.
  void validate() const {
    std::vector<std::string> known;
    for (std::size_t i = 0; i < engine_.component_count(); ++i) {
      const ComponentId c(static_cast<std::uint32_t>(i));
      if (!engine_.is_fingerprinted(c)) continue;
      known.emplace_back(engine_.component_name(c));
      for (EventKind k = 0; k < 64; ++k) {
        if (!engine_.component(c).event_name(k).empty()) known.push_back(kind_name(c, k));
      }
    }
    std::vector<Diagnostic> problems;
    for (const std::string& e : filter_.events) {
      if (std::find(known.begin(), known.end(), e) == known.end()) {
        std::string list;
        for (const std::string& k : known) list += (list.empty() ? "" : ", ") + k;
        problems.push_back(Diagnostic{SourceLocation{"command line", 0, 0}, "--trace-events",
                                      fmt::format("unknown event '{}' (expected one of: {})", e, list)});
      }
    }
    if (!problems.empty()) throw InputError(std::move(problems));
  }

  const Engine& engine_;
  const TraceFilter& filter_;
  stats::Trace& out_;
  std::vector<KindKey> keys_;
};

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

std::string TraceFilter::describe() const {
  std::string out;
  if (!events.empty()) {
    out = "events=";
    for (std::size_t i = 0; i < events.size(); ++i) out += (i == 0 ? "" : ",") + events[i];
  }
  if (!entities.empty()) {
    out += out.empty() ? "entities=" : "; entities=";
    for (std::size_t i = 0; i < entities.size(); ++i)
      out += fmt::format("{}{}", i == 0 ? "" : ",", entities[i]);
  }
  return out;
}

ReplicationOutput run_replication(const scenario::ScenarioSpec& spec, const ReplicationOptions& options) {
  const auto t0 = std::chrono::steady_clock::now();
  ReplicationOutput out;
  out.replication = options.replication;
  scenario::BuiltFloor built = scenario::build_floor(spec);
  model::WarehouseConfig config = scenario::warehouse_config(spec, *built.floor);

  Engine engine;
  RandomStreams streams(spec.simulation.seed.value, options.replication);
  stats::KpiRegistry registry;
  const model::WarehouseKpis kpis =
      model::WarehouseKpis::declare(registry, model::WarehouseKpiParts::of(config));
  stats::StatsRecorder recorder(registry);
  // Tallies (times in seconds, distances in metres, units per visit, truck fill) fall in this range: reserve
  // their buckets so the steady state allocates nothing (about 40 KB per tally).
  recorder.reserve_tally_range(1e-6, 1e7);
  model::Warehouse warehouse(engine, streams, recorder, kpis, std::move(config), *built.travel);
  const SimTime end = SimTime::zero() + spec.simulation.horizon.value;
  Control control(engine, recorder, warehouse, SimTime::zero() + spec.simulation.warmup.value,
                  spec.simulation.sample_interval.value);
  std::optional<TraceRecorder> tracer;
  if (options.trace) {
    tracer.emplace(engine, options.trace_filter, out.result.trace);
    engine.set_observer(&*tracer);
  }
  out.build_seconds = seconds_since(t0);

  // Run in slices of simulated time so progress and stop requests are seen without a per-event
  // check; the slicing does not change the result (run_until keeps event order).
  const Duration slice = std::max(Duration::seconds(1), spec.simulation.horizon.value / 4096);
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

  engine.set_observer(nullptr);
  warehouse.finish(engine.now());
  stats::Trace trace = std::move(out.result.trace);
  out.result = recorder.result(engine.now());
  out.result.trace = std::move(trace);
  out.result.complete = !out.interrupted;
  warehouse.append_tables(out.result, engine.now());
  out.result.layout = model::floor_layout(*built.floor);
  if (options.records) {
    warehouse.append_records(out.result);
    warehouse.append_grids(out.result);
  }
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
