// Customer returns in whole runs: every unit sent back is somewhere in the returns flow or back
// in stock at every moment (and physical stock is conserved), returns arrive in batches at the
// delivery times, the outcome shares and the return rate follow their probabilities, a hand-
// computed return, returns without outbound, and returns at rate 0 change no event of the run.
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
using test_support::Sim;
using test_support::spec_from;

using test_support::kBase;
using test_support::kOutbound;

constexpr const char* kReturns = R"(returns:
  rate: [40%, 30%, 20%]
  delay: {dist: uniform, min: 2h, max: 10h}
  workers: 1
  inspect_time: 20s
  outcomes: {restock: 50%, refurbish: 30%}
  refurbish_time: 3h
)";
const std::string kSmall = std::string(kBase) + kOutbound + kReturns;

void expect_conserved(Sim& sim, SimTime until, Duration step) {
  const model::Warehouse& w = sim.warehouse;
  for (SimTime t = SimTime::zero() + step; t <= until; t = t + step) {
    sim.engine.run_until(t);
    ASSERT_EQ(w.check_conservation(), "") << "at " << t.to_seconds() << " s";
    const auto r = w.returns_totals();
    ASSERT_EQ(r.sent_back, r.in_transit + r.queued + r.inspecting + r.refurbishing + r.restocked +
                               r.refurbished + r.disposed)
        << "at " << t.to_seconds() << " s";
    ASSERT_LE(r.workers_busy, 1);
    ASSERT_GE(r.in_transit, 0);
    ASSERT_GE(r.queued, 0);
  }
}

TEST(Returns, EveryReturnedUnitIsSomewhereAndStockIsConserved) {
  Sim sim(spec_from(kSmall));
  expect_conserved(sim, SimTime::zero() + Duration::days(3), Duration::minutes(20));
  const auto r = sim.warehouse.returns_totals();
  EXPECT_GT(r.sent_back, 300);
  EXPECT_GT(r.restocked, 100);
  EXPECT_GT(r.refurbished, 50);
  EXPECT_GT(r.disposed, 30);
}

TEST(Returns, OutcomesAndRatesFollowTheirShares) {
  const run::ReplicationOutput out =
      run::run_replication(spec_from(kSmall, {"returns.rate=[30%, 30%, 30%]", "returns.workers=3"}), {});
  const auto count = [&](const std::string& name) {
    const auto* k = out.result.find(name);
    EXPECT_NE(k, nullptr) << name;
    return k == nullptr ? 0.0 : static_cast<double>(k->count);
  };
  const double inspected = count("returns.units_processed");
  ASSERT_GT(inspected, 400);
  // Binomial shares within 4 standard deviations.
  const auto near = [&](double observed, double p) {
    EXPECT_NEAR(observed / inspected, p, 4 * std::sqrt(p * (1 - p) / inspected)) << observed;
  };
  near(count("returns.units_restocked"), 0.5);
  near(count("returns.units_disposed"), 0.2);
  // Refurbishing is decided at inspection: the recovery rate counts it before it is done.
  EXPECT_NEAR(kpi(out, "returns.recovery_rate"), 0.8, 4 * std::sqrt(0.8 * 0.2 / inspected));
  // Units come back at 30% of the lines shipped (lines of 1 or 2 units).
  const double shipped_units = count("outbound.orders_shipped") * 2 * 1.3;
  const double received = count("returns.units_received");
  EXPECT_GT(received, 0.2 * shipped_units);
  EXPECT_LT(received, 0.33 * shipped_units);
  EXPECT_GT(kpi(out, "returns.time_to_restock"), 20);
}

TEST(Returns, DeliveriesComeInBatchesAtTheirTimes) {
  Sim sim(spec_from(kSmall, {"returns.arrival_times=[\"10:00\", \"16:00\"]"}));
  const model::Warehouse& w = sim.warehouse;
  const auto arrived = [&] {
    const auto r = w.returns_totals();
    return r.sent_back - r.in_transit;
  };
  std::int64_t before = 0;
  for (int day = 0; day < 3; ++day) {
    for (const int hour : {10, 16}) {
      const SimTime at = SimTime::zero() + Duration::days(day) + Duration::hours(hour);
      sim.engine.run_until(at - Duration::seconds(1));
      EXPECT_EQ(arrived(), before) << "day " << day << " " << hour
                                   << ":00: nothing arrives between deliveries";
      sim.engine.run_until(at);
      const std::int64_t after = arrived();
      if (day > 0) {
        EXPECT_GT(after, before) << "day " << day << " " << hour << ":00";
      }
      before = after;
    }
  }
  EXPECT_EQ(w.check_conservation(), "");
}

TEST(Returns, AHandComputedReturn) {
  // Every line comes back after exactly 1 h (no lost lines: stock is plentiful), all restocked:
  // the units sent back are those of the orders shipped, the units arrived those of the orders
  // shipped at least 1 h before now; none is refurbished or disposed of.
  Sim sim(spec_from(
      kSmall, {"returns.rate=[100%, 100%, 100%]", "returns.delay=1h", "returns.inspect_time=10s",
               "returns.outcomes.restock=100%", "returns.outcomes.refurbish=0%", "pods.initial_fill=90%"}));
  const model::Warehouse& w = sim.warehouse;
  for (const double hours : {13.5, 26.25, 40.0}) {
    const SimTime now = SimTime::zero() + Duration::from_seconds(hours * 3600);
    sim.engine.run_until(now);
    std::int64_t shipped = 0;
    std::int64_t arrived = 0;
    for (const model::OrderTimeline& tl : w.orders()) {
      if (tl.shipped == SimTime::max()) continue;
      shipped += tl.units;
      if (tl.shipped + Duration::hours(1) <= now) arrived += tl.units;
    }
    const auto r = w.returns_totals();
    ASSERT_GT(shipped, 100);
    EXPECT_EQ(r.sent_back, shipped) << hours << " h";
    EXPECT_EQ(r.sent_back - r.in_transit, arrived) << hours << " h";
    EXPECT_EQ(r.refurbished + r.refurbishing + r.disposed, 0);
    EXPECT_EQ(w.check_conservation(), "");
  }
}

TEST(Returns, BigReturnsAreRestockedInCasesOfAtMostACase) {
  // Orders of one 30-unit line on the first day only, all back after an hour and restocked:
  // each line is put away in 5 cases of 6 units (inbound.units_per_case), so the restock times
  // (one per returned case; received cases go to inbound.dock_to_stock) number 5 per line.
  const run::ReplicationOutput out = run::run_replication(
      spec_from(kSmall,
                {"orders.rate=4/h", "orders.lines=1", "orders.units_per_line=30",
                 "orders.season_profile=[1, 0, 0]", "returns.rate=[100%, 100%, 100%]", "returns.delay=1h",
                 "returns.outcomes.restock=100%", "returns.outcomes.refurbish=0%"}),
      {});
  const auto* received = out.result.find("returns.units_received");
  const auto* restocked = out.result.find("returns.units_restocked");
  const auto* times = out.result.find("returns.time_to_restock");
  ASSERT_NE(received, nullptr);
  ASSERT_NE(restocked, nullptr);
  ASSERT_NE(times, nullptr);
  EXPECT_GT(received->count, 30 * 40);
  EXPECT_EQ(restocked->count, received->count);  // all inspected by the end
  EXPECT_EQ(restocked->count % 30, 0);
  EXPECT_EQ(times->count, restocked->count / 6);  // every returned case stowed
}

TEST(Returns, WithoutOutboundLinesComeBackAfterTheirLastPick) {
  Sim sim(spec_from(std::string(kBase) + kReturns));
  expect_conserved(sim, SimTime::zero() + Duration::days(2), Duration::hours(1));
  EXPECT_GT(sim.warehouse.returns_totals().sent_back, 200);
}

TEST(Returns, ReturnsWorkersArePaidForEveryHour) {
  // Two returns workers, always on duty, at 20 an hour over the 3 days (no warm-up).
  const run::ReplicationOutput out =
      run::run_replication(spec_from(kSmall, {"returns.workers=2", "costs.labour.returns=20"}), {});
  const stats::Table* costs = test_support::table(out, "costs");
  ASSERT_NE(costs, nullptr);
  bool found = false;
  for (std::size_t i = 0; i < costs->row_labels.size(); ++i) {
    if (costs->row_labels[i] != "labour: returns") continue;
    found = true;
    EXPECT_NEAR(costs->rows[i][0], 2 * 72 * 20.0, 1e-6);  // amount
    EXPECT_NEAR(costs->rows[i][5], 2 * 72.0, 1e-9);       // worker-hours
  }
  EXPECT_TRUE(found);
  EXPECT_NEAR(kpi(out, "costs.labour_per_day"), (2 * 72 * 20.0 + 2 * 72 * 0) / 3, 1e-6);
}

TEST(Returns, AtRateZeroNoEventOfTheRunChanges) {
  const run::ReplicationOutput with =
      run::run_replication(spec_from(kSmall, {"returns.rate=[0, 0, 0]", "simulation.horizon=1d"}), {});
  const run::ReplicationOutput without =
      run::run_replication(spec_from(std::string(kBase) + kOutbound, {"simulation.horizon=1d"}), {});
  EXPECT_EQ(with.result.events, without.result.events);
  EXPECT_EQ(with.result.fingerprint, without.result.fingerprint);
  EXPECT_EQ(without.result.find("returns.units_received"), nullptr);
  EXPECT_EQ(with.result.find("returns.units_received")->count, 0);
}

TEST(Returns, ReturnsWorkersOnADayShiftInspectOnlyByDay) {
  // Two returns workers from 08:00 to 16:00 (every line comes back after 1 h): nobody inspects at
  // night, returns wait there, and the workers are paid for their shifts only.
  const std::string yaml = std::string(kBase) + kOutbound +
                           "workforce:\n  pools:\n    - {name: pickers, skills: [pick], workers: 1}\n"
                           "    - {name: day, skills: [returns], workers: 2, shift_start: \"08:00\", "
                           "shift_end: \"16:00\"}\n"
                           "returns: {rate: [50%, 50%, 50%], delay: 1h, inspect_time: 20s}\n";
  Sim sim(spec_from(yaml));
  for (int day = 0; day < 3; ++day) {
    for (const int hour : {2, 5, 18, 22}) {
      sim.engine.run_until(SimTime::zero() + Duration::days(day) + Duration::hours(hour));
      const auto r = sim.warehouse.returns_totals();
      EXPECT_EQ(r.workers_busy, 0) << "day " << day << " " << hour << ":00";
      EXPECT_EQ(r.inspecting, 0);
    }
  }
  EXPECT_EQ(sim.warehouse.check_conservation(), "");
  const run::ReplicationOutput out = run::run_replication(spec_from(yaml, {"costs.labour.returns=20"}), {});
  const stats::Table* costs = test_support::table(out, "costs");
  ASSERT_NE(costs, nullptr);
  for (std::size_t i = 0; i < costs->row_labels.size(); ++i) {
    if (costs->row_labels[i] == "labour: returns") {
      EXPECT_NEAR(costs->rows[i][5], 2 * 8 * 3.0, 1e-9);
    }
  }
  ASSERT_NE(out.result.find("returns.units_processed"), nullptr);
  EXPECT_GT(out.result.find("returns.units_processed")->count, 200);
}

}  // namespace
}  // namespace whsim
