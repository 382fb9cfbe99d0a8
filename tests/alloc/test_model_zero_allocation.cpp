// The warehouse model's hot path allocates nothing per event: with a counting global operator
// new, build the quickstart, run it two simulated hours to steady state (pools, queues and
// quantile sketches have grown), then check that the next three hours of events allocate
// nothing. Recording goes to the real StatsRecorder. Its own executable: it replaces operator new.
// To find an allocation: WHSIM_ALLOC_TRAP=1 gdb -ex run -ex bt unit_model_alloc (aborts at the
// first allocation inside the measured window).
#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <new>

#include <gtest/gtest.h>

#include "whsim/kernel/engine.hpp"
#include "whsim/kernel/random.hpp"
#include "whsim/model/warehouse.hpp"
#include "whsim/scenario/build.hpp"
#include "whsim/scenario/loader.hpp"
#include "whsim/stats/stats_recorder.hpp"

// The replacement operators below pair operator new with malloc and operator delete with free.
// When GCC -O3 inlines both into a container's code it sees free() of an operator-new pointer
// and warns (-Wmismatched-new-delete, a false positive here: the pairing is ours and matched).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

namespace {
std::atomic<std::uint64_t> g_allocations{0};
bool g_trap = false;
}  // namespace

void* operator new(std::size_t n) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (g_trap) std::abort();
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n) {
  return operator new(n);
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete[](void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}
void operator delete[](void* p, std::size_t) noexcept {
  std::free(p);
}

namespace whsim {
namespace {

std::uint64_t steady_state_allocations(const std::vector<std::string>& overrides, std::uint64_t& events) {
  scenario::YamlDocument doc = scenario::load_scenario_document("scenarios/quickstart.yaml");
  for (const auto& o : overrides) doc.apply_override(o);
  const scenario::ScenarioSpec spec = scenario::load_scenario(doc);
  const scenario::BuiltFloor floor = scenario::build_floor(spec);
  Engine engine;
  RandomStreams streams(spec.simulation.seed.value);
  stats::KpiRegistry registry;
  model::WarehouseConfig config = scenario::warehouse_config(spec, *floor.floor);
  const model::WarehouseKpis kpis =
      model::WarehouseKpis::declare(registry, model::WarehouseKpiParts::of(config));
  stats::StatsRecorder recorder(registry);
  recorder.reserve_tally_range(1e-6, 1e7);  // as run_replication does
  model::Warehouse warehouse(engine, streams, recorder, kpis, std::move(config), *floor.travel);
  engine.run_until(SimTime::zero() + Duration::hours(2));
  const std::uint64_t before = g_allocations.load();
  if (std::getenv("WHSIM_ALLOC_TRAP") != nullptr) g_trap = true;
  const std::uint64_t events_before = engine.events_executed();
  engine.run_until(SimTime::zero() + Duration::hours(5));
  events = engine.events_executed() - events_before;
  return g_allocations.load() - before;
}

TEST(ModelZeroAllocationTest, QuickstartSteadyStateAllocatesNothing) {
  std::uint64_t events = 0;
  EXPECT_EQ(steady_state_allocations({"simulation.horizon=6h"}, events), 0U);
  EXPECT_GT(events, 15'000U);  // the window did see the model at work
}

TEST(ModelZeroAllocationTest, OtherPoliciesAndShiftsAllocateNothing) {
  std::uint64_t events = 0;
  EXPECT_EQ(
      steady_state_allocations({"simulation.horizon=6h", "policies.pod_storage=nearest_free",
                                "policies.robot_assignment=first_idle", "policies.pod_selection=nearest",
                                "workforce.pools=[{name: a, workers: 6, shift_start: \"06:00\", shift_end: "
                                "\"10:00\", breaks: [\"09:00 15min\"]}]"},
                               events),
      0U);
  EXPECT_GT(events, 10'000U);
}

TEST(ModelZeroAllocationTest, InboundAndReplenishmentAllocateNothing) {
  // Trucks every 10 minutes, a purchase order ships at once as its own truck (records of
  // unloaded trucks and stowed cases are reused), stowing shares the robots.
  std::uint64_t events = 0;
  EXPECT_EQ(steady_state_allocations(
                {"simulation.horizon=6h", "inbound.trucks.mode=poisson", "inbound.trucks.rate=6/h",
                 "inbound.stow.stations=[5]", "inbound.inspection.defect_rate=[0.02, 0.02, 0.02]",
                 "replenishment.consolidation=none", "replenishment.a.policy=s_q",
                 "replenishment.a.reorder_point=20", "replenishment.a.order_quantity=48",
                 "replenishment.a.lead_time=1h", "orders.stockout=lost"},
                events),
            0U);
  EXPECT_GT(events, 15'000U);
}

TEST(ModelZeroAllocationTest, ReturnsAllocateNothing) {
  // Returns of a fifth of the lines after 30 minutes, inspected, refurbished or restocked
  // through the stow flow (return records and their cases are reused).
  std::uint64_t events = 0;
  EXPECT_EQ(steady_state_allocations(
                {"simulation.horizon=6h", "inbound.trucks.mode=poisson", "inbound.trucks.rate=2/h",
                 "inbound.stow.stations=[5]", "returns.rate=[20%, 20%, 20%]", "returns.delay=30min",
                 "returns.workers=2", "returns.inspect_time=20s", "returns.refurbish_time=1h"},
                events),
            0U);
  EXPECT_GT(events, 15'000U);
}

TEST(ModelZeroAllocationTest, DamageRecordErrorsAndPickExceptionsAllocateNothing) {
  // Damage at unloading, stowing and picking (some unnoticed), wrong-bin stows, miscounts and
  // heavy shrinkage: picks find bins short and their lines are served again.
  std::uint64_t events = 0;
  EXPECT_EQ(steady_state_allocations(
                {"simulation.horizon=6h", "inbound.trucks.mode=poisson", "inbound.trucks.rate=6/h",
                 "inbound.stow.stations=[5]", "damage={unload: 2%, stow: 2%, pick: 2%}",
                 "record_errors={unrecorded_damage: 50%, wrong_bin: 10%, miscount: 10%, shrinkage: 20%}"},
                events),
            0U);
  EXPECT_GT(events, 15'000U);
}

TEST(ModelZeroAllocationTest, CycleCountingAllocatesNothing) {
  // The day's scheduled counts (queued at time zero) and counts triggered by pick exceptions and
  // zero records run through the window; counts wait on pods that are away.
  std::uint64_t events = 0;
  EXPECT_EQ(steady_state_allocations(
                {"simulation.horizon=6h", "inbound.trucks.mode=poisson", "inbound.trucks.rate=6/h",
                 "inbound.stow.stations=[5]", "record_errors={wrong_bin: 10%, miscount: 10%, shrinkage: 20%}",
                 "audit={workers: 2, count_time: 30s, bins_per_day: 2000, on_pick_exception: true, "
                 "on_zero_record: true}"},
                events),
            0U);
  EXPECT_GT(events, 15'000U);
}

TEST(ModelZeroAllocationTest, OutboundAllocatesNothing) {
  // Packing with a shift, lanes that fill and block packers, two carriers (truck records are
  // reused departure after departure), one door.
  std::uint64_t events = 0;
  EXPECT_EQ(steady_state_allocations(
                {"simulation.horizon=6h", "outbound.doors=1", "outbound.pack.stations=4",
                 "outbound.pack.size_classes=[{max_units: 1, time: 20s}]",
                 "outbound.packaging=[{name: s, volume: 3 L}, {name: l, volume: 30 L}]",
                 "outbound.carriers=[{name: a, share: 3, cutoffs: [\"08:30\", \"09:00\", \"09:30\", "
                 "\"10:00\", \"10:30\", \"11:00\"], dock_before: 20min, lane_capacity: 50, truck_packages: "
                 "150}, {name: b, cutoffs: [\"09:15\", \"10:15\", \"11:15\"], dock_before: 30min}]"},
                events),
            0U);
  EXPECT_GT(events, 15'000U);
}

TEST(ModelZeroAllocationTest, BatteriesAndChargingAllocateNothing) {
  // Small batteries: robots charge many times in the window, queue for the bays, and take
  // free bays when idle (opportunity charging).
  std::uint64_t events = 0;
  EXPECT_EQ(steady_state_allocations(
                {"simulation.horizon=6h", "batteries.capacity=150 Wh", "batteries.chargers.count=10",
                 "batteries.chargers.bays=3", "batteries.charging.opportunity_below=50%"},
                events),
            0U);
  EXPECT_GT(events, 10'000U);
}

TEST(ModelZeroAllocationTest, CostAccountingAllocatesNothing) {
  // Costs and truck CO2 on, packers on a shift that ends in the window, and lost sales (stock
  // accounting): the labour accumulators move at the shift change, the holding cost rate at
  // every stock change; the rest is booked at the end of the run.
  std::uint64_t events = 0;
  EXPECT_EQ(steady_state_allocations(
                {"simulation.horizon=6h", "orders.stockout=lost", "costs.labour.pick=25",
                 "costs.labour.pack=22", "costs.robots.purchase_price=30000",
                 "workforce.pools=[{name: pickers, skills: [pick], workers: 6}, {name: packers, skills: "
                 "[pack], workers: 4, shift_start: \"06:00\", "
                 "shift_end: \"10:00\"}, {name: late, skills: [pack], workers: 3, shift_start: \"09:30\", "
                 "shift_end: \"18:00\"}]",
                 "outbound.pack.stations=4",
                 "outbound.packaging=[{name: s, volume: 3 L, cost: 0.2}, {name: l, volume: 30 L, cost: 0.6}]",
                 "outbound.carriers=[{name: a, cutoffs: [\"08:30\", \"09:30\", \"10:30\"], dock_before: "
                 "20min, truck_cost: 150, truck_co2: 20}]"},
                events),
            0U);
  EXPECT_GT(events, 10'000U);
}

}  // namespace
}  // namespace whsim
