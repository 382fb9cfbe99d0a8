// Damage, record errors and pick exceptions in whole runs: physical stock is conserved with every
// error on (every unit disposed of or lost is counted, the tracked IRA equals a full scan), with no
// record error the record always equals the physical stock, errors without counting lower the IRA,
// a line found short is served again or waits (no unit of it is lost), the damage rates follow
// their probabilities, wrong-bin stows and miscounts behave as stated, and accuracy switched on at
// rate 0 changes no event of the run. Cycle counting: every count leaves its record equal to the
// physical stock, counting raises the IRA, counts come as scheduled, and records a pick found
// short are all waiting to be counted or counted.
#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "whsim/kernel/engine.hpp"
#include "whsim/model/warehouse.hpp"
#include "whsim/run/replication.hpp"

#include "unit/run/warehouse_sim.hpp"

namespace whsim {
namespace {

using test_support::kBase;
using test_support::kOutbound;
using test_support::kpi;
using test_support::Sim;
using test_support::spec_from;

constexpr const char* kErrors = R"(damage: {unload: 5%, stow: 1%, pick: 1%, pack: 1%}
record_errors: {unrecorded_damage: 50%, wrong_bin: 5%, miscount: 5%, miscount_max: 2, shrinkage: 1%}
)";
const std::string kSmall = std::string(kBase) + kOutbound;

double count(const run::ReplicationOutput& out, const std::string& name) {
  const auto* k = out.result.find(name);
  EXPECT_NE(k, nullptr) << name;
  return k == nullptr ? 0.0 : static_cast<double>(k->count);
}

double ira(const model::Warehouse::AccuracyTotals& t) {
  return static_cast<double>(t.records_matching) / static_cast<double>(t.records);
}

TEST(Accuracy, StockIsConservedWithEveryErrorOnAndReturns) {
  // Every error, damage at every step, returns coming back (and restocked through the stow flow,
  // where they meet stow damage and wrong bins) and counting triggered by exceptions.
  Sim sim(spec_from(kSmall + kErrors +
                    "returns: {rate: [20%, 20%, 20%], delay: {dist: uniform, min: 2h, max: 10h}, workers: 1, "
                    "inspect_time: 20s}\naudit: {workers: 1, count_time: 30s, on_pick_exception: true}\n"));
  const model::Warehouse& w = sim.warehouse;
  for (SimTime t = SimTime::zero() + Duration::minutes(20); t <= SimTime::zero() + Duration::days(3);
       t = t + Duration::minutes(20)) {
    sim.engine.run_until(t);
    ASSERT_EQ(w.check_conservation(), "") << "at " << t.to_seconds() << " s";
    const auto a = w.accuracy_totals();
    ASSERT_EQ(a.pick_exceptions, a.resourced + a.waiting);
    ASSERT_EQ(a.unrecorded_damage, a.damaged_found + a.damaged_in_bins);
  }
  const auto a = w.accuracy_totals();
  EXPECT_GT(a.pick_exceptions, 5);
  EXPECT_GT(a.damaged_unload, 0);
  EXPECT_GT(a.damaged_stow, 0);
  EXPECT_GT(a.damaged_pick, 0);
  EXPECT_GT(a.damaged_pack, 0);
  EXPECT_GT(a.unrecorded_damage, 0);
  EXPECT_GT(a.wrong_bin_cases, 0);
  EXPECT_GT(a.miscounted_cases, 0);
  EXPECT_GT(a.shrunk, 0);
  EXPECT_GT(a.counts, 0);
  EXPECT_LE(a.flagged, a.counts_waiting + a.counting);  // every record found short is counted
  EXPECT_GT(sim.warehouse.returns_totals().restocked, 0);
  EXPECT_LT(a.records_matching, a.records);
}

TEST(Accuracy, WithoutRecordErrorsTheRecordAlwaysEqualsThePhysicalStock) {
  // Damage at every step, all of it noticed: units leave, the record follows each one.
  Sim sim(spec_from(kSmall + "damage: {unload: 5%, stow: 5%, pick: 5%, pack: 5%}\n"));
  const model::Warehouse& w = sim.warehouse;
  for (SimTime t = SimTime::zero() + Duration::hours(1); t <= SimTime::zero() + Duration::days(3);
       t = t + Duration::hours(1)) {
    sim.engine.run_until(t);
    ASSERT_EQ(w.check_conservation(), "");
    const auto a = w.accuracy_totals();
    ASSERT_EQ(a.records_matching, a.records) << "at " << t.to_seconds() << " s";
    ASSERT_EQ(a.units_off, 0);
  }
  const auto a = w.accuracy_totals();
  EXPECT_GT(a.damaged_unload + a.damaged_stow + a.damaged_pick + a.damaged_pack, 50);
  for (std::size_t s = 0; s < 60; ++s) EXPECT_EQ(w.physical_stock(s), w.record_stock(s)) << "sku " << s;
  // Any exception here comes from a bin emptied by damage in the picker's hands.
  EXPECT_LE(a.pick_exceptions, a.damaged_pick);
}

TEST(Accuracy, TheRecordAccuracyKpiIsOneWithoutRecordErrors) {
  const run::ReplicationOutput out = run::run_replication(spec_from(kSmall + "damage: {pick: 5%}\n"), {});
  EXPECT_EQ(kpi(out, "accuracy.ira"), 1.0);
  EXPECT_EQ(kpi(out, "accuracy.units_off"), 0.0);
  EXPECT_GT(count(out, "damage.units_pick"), 0);
}

TEST(Accuracy, RecordErrorsWithoutCountingLowerTheRecordAccuracy) {
  // From 100% at the start the IRA falls and stays down: pick exceptions write off what they do not
  // find (which may make a record right again, at zero), but units in wrong bins stay lost to the
  // record and miscounts above the truth stay until a pick finds the bin short.
  Sim sim(spec_from(kSmall + "record_errors: {wrong_bin: 10%, miscount: 10%, shrinkage: 2%}\n",
                    {"simulation.horizon=6d"}));
  EXPECT_EQ(ira(sim.warehouse.accuracy_totals()), 1.0);
  for (int day = 1; day <= 6; ++day) {
    sim.engine.run_until(SimTime::zero() + Duration::days(day));
    const auto a = sim.warehouse.accuracy_totals();
    EXPECT_LT(ira(a), 0.97) << "day " << day;
    EXPECT_GT(a.units_off, 0);
  }
  EXPECT_EQ(sim.warehouse.check_conservation(), "");
}

TEST(Accuracy, ALineFoundShortIsServedAgainOrWaits) {
  // Heavy shrinkage and wrong-bin stows: many picks find their bin short. Every exception is
  // resolved (another pod's trip) or counted as waiting, the record follows, and every line
  // keeps all its units: picked, on a trip, or still to be assigned (check_conservation).
  const std::string yaml = kSmall + "record_errors: {wrong_bin: 30%, shrinkage: 10%}\n";
  Sim sim(spec_from(yaml));
  sim.engine.run_until(SimTime::zero() + Duration::days(3));
  const model::Warehouse& w = sim.warehouse;
  EXPECT_EQ(w.check_conservation(), "");
  const auto a = w.accuracy_totals();
  EXPECT_GT(a.pick_exceptions, 20);
  EXPECT_GT(a.resourced, 0);
  EXPECT_GT(a.waiting, 0);
  EXPECT_EQ(a.pick_exceptions, a.resourced + a.waiting);
  EXPECT_GE(a.units_short, a.pick_exceptions);
  const run::ReplicationOutput out = run::run_replication(spec_from(yaml), {});
  const double exceptions = count(out, "accuracy.pick_exceptions");
  const double lines = count(out, "lines.completed");
  EXPECT_NEAR(kpi(out, "accuracy.pick_exceptions_per_1000_lines"), 1000 * exceptions / lines, 1e-9);
}

TEST(Accuracy, WrongBinStowsLeaveEveryStowedUnitStray) {
  // Every case goes into the wrong bin: every unit stowed is in its pod but not where the record
  // says; none of them is ever picked.
  Sim sim(spec_from(kSmall + "record_errors: {wrong_bin: 100%}\n"));
  sim.engine.run_until(SimTime::zero() + Duration::days(3));
  const model::Warehouse& w = sim.warehouse;
  const auto a = w.accuracy_totals();
  const auto in = w.inbound_totals();
  ASSERT_GT(in.units_stowed, 100);
  EXPECT_EQ(a.stray_units, in.units_stowed);
  EXPECT_GT(a.pick_exceptions, 0);
  EXPECT_EQ(w.check_conservation(), "");
}

TEST(Accuracy, MiscountsAreOffByAtMostTheirLimit) {
  Sim sim(spec_from(kSmall + "record_errors: {miscount: 100%, miscount_max: 3}\n"));
  sim.engine.run_until(SimTime::zero() + Duration::days(3));
  const model::Warehouse& w = sim.warehouse;
  const auto a = w.accuracy_totals();
  ASSERT_GT(a.miscounted_cases, 30);
  EXPECT_LE(std::abs(a.miscount_net), 3 * a.miscounted_cases);
  // Up and down about equally often: the net is far below the largest possible.
  EXPECT_LT(std::abs(a.miscount_net), a.miscounted_cases);
  EXPECT_LT(a.records_matching, a.records);
  EXPECT_EQ(w.check_conservation(), "");
}

TEST(Accuracy, DamageFollowsItsRates) {
  const run::ReplicationOutput out = run::run_replication(
      spec_from(kSmall + "damage: {unload: 10%, pick: 5%, pack: 4%}\n", {"simulation.horizon=8d"}), {});
  const auto near = [](double hits, double trials, double p) {
    ASSERT_GT(trials, 300);
    EXPECT_NEAR(hits / trials, p, 4 * std::sqrt(p * (1 - p) / trials)) << hits << " of " << trials;
  };
  // Units unloaded: arrived (the defects inspection rejects are found after the damage).
  near(count(out, "damage.units_unload"), count(out, "inbound.units_arrived"), 0.10);
  // Units handled by pickers: picked or damaged in hand.
  const double damaged = count(out, "damage.units_pick");
  near(damaged, count(out, "units.picked") + damaged, 0.05);
  EXPECT_GT(count(out, "damage.units_pack"), 0);
  EXPECT_GT(count(out, "damage.orders_short"), 0);
  EXPECT_LE(count(out, "damage.orders_short"), count(out, "damage.units_pack"));
}

TEST(Accuracy, UnnoticedDamageIsFoundAtAPick) {
  Sim sim(spec_from(kSmall + "damage: {stow: 20%}\nrecord_errors: {unrecorded_damage: 100%}\n"));
  sim.engine.run_until(SimTime::zero() + Duration::days(3));
  const auto a = sim.warehouse.accuracy_totals();
  EXPECT_EQ(a.damaged_stow, 0);  // none noticed
  EXPECT_GT(a.unrecorded_damage, 20);
  EXPECT_GT(a.damaged_found, 0);
  EXPECT_EQ(a.unrecorded_damage, a.damaged_found + a.damaged_in_bins);
  EXPECT_EQ(sim.warehouse.check_conservation(), "");
}

TEST(Accuracy, UnloadDamageThatTriggersAnImmediatePurchaseOrderIsSafe) {
  // Units disposed of at receiving leave the pipeline; the reorder that follows ships a purchase
  // order at once (no consolidation) whose new cases may move the case table (ASan would see a
  // stale reference).
  Sim sim(spec_from(
      kSmall + "damage: {unload: 80%}\nrecord_errors: {unrecorded_damage: 50%, miscount: 50%}\n",
      {"inbound.units_per_case=1", "replenishment.consolidation=none", "replenishment.a.reorder_point=1000",
       "replenishment.a.order_quantity=200", "inbound.receiving.workers=1"}));
  for (int h = 6; h <= 72; h += 6) {
    sim.engine.run_until(SimTime::zero() + Duration::hours(h));
    ASSERT_EQ(sim.warehouse.check_conservation(), "") << "at " << h << " h";
  }
  const auto a = sim.warehouse.accuracy_totals();
  EXPECT_GT(a.damaged_unload, 100);
  EXPECT_GT(a.unrecorded_damage, 50);
}

TEST(Accuracy, UnitsDamagedAtPackingAreNotSentBack) {
  // Every line comes back (returns at 100%) with what the customer received: the units picked
  // less those damaged at packing.
  Sim sim(spec_from(kSmall + "damage: {pack: 30%}\nreturns: {rate: [100%, 100%, 100%], delay: 1h}\n"));
  sim.engine.run_until(SimTime::zero() + Duration::days(2));
  const model::Warehouse& w = sim.warehouse;
  std::int64_t shipped = 0;
  for (const model::OrderTimeline& tl : w.orders()) {
    if (tl.shipped != SimTime::max()) shipped += tl.units;
  }
  const auto r = w.returns_totals();
  const auto a = w.accuracy_totals();
  ASSERT_GT(shipped, 500);
  EXPECT_LT(r.sent_back, shipped - shipped / 5);
  EXPECT_GE(r.sent_back + a.damaged_pack, shipped);
  EXPECT_EQ(w.check_conservation(), "");
}

TEST(Accuracy, AtRateZeroNoEventOfTheRunChanges) {
  const std::string zero = "damage: {unload: 0%, stow: 0%, pick: 0%, pack: 0%}\n";
  const run::ReplicationOutput with = run::run_replication(spec_from(kSmall + zero), {});
  const run::ReplicationOutput without = run::run_replication(spec_from(kSmall), {});
  EXPECT_EQ(with.result.events, without.result.events);
  EXPECT_EQ(with.result.fingerprint, without.result.fingerprint);
  EXPECT_EQ(without.result.find("accuracy.ira"), nullptr);
  EXPECT_EQ(kpi(with, "accuracy.ira"), 1.0);
  EXPECT_EQ(count(with, "accuracy.pick_exceptions"), 0);
}

TEST(Accuracy, ShrinkageAndPickDamageWorkWithoutInbound) {
  // No inbound: the pods' initial stock only; shrinkage at 5% a day empties bins under the record.
  const std::string yaml = R"(
name: no-inbound
simulation: {horizon: 2d, warmup: 0s, seed: 9}
floor: {block_columns: 2, block_rows: 2, block_width: 5, block_depth: 2, margin: 2, stations_per_side: 1}
skus: {count: 40, pods_per_sku: 2}
pods: {count: 36, bins: 8, bin_volume: 40 L, initial_fill: 90%}
orders: {mode: poisson, rate: 30/h, lines: 2, units_per_line: 1}
robots: {count: 6}
stations: {pickers: 1, pick_time: 5s}
damage: {pick: 2%}
record_errors: {shrinkage: 5%}
)";
  Sim sim(spec_from(yaml));
  sim.engine.run_until(SimTime::zero() + Duration::days(2));
  const auto a = sim.warehouse.accuracy_totals();
  EXPECT_GT(a.shrunk, 100);
  EXPECT_GT(a.damaged_pick, 0);
  EXPECT_LT(a.records_matching, a.records);
  EXPECT_EQ(sim.warehouse.check_conservation(), "");
}

constexpr const char* kDrift = "record_errors: {wrong_bin: 10%, miscount: 10%, shrinkage: 2%}\n";

/// Watches the warehouse's events: after each count_done (at the next event, before it runs) the
/// record it counted must equal the physical stock, with nothing left in a wrong bin or damaged.
class CountChecker : public EventObserver {
 public:
  explicit CountChecker(const model::Warehouse& w) : w_(w) {}
  void on_event(const Event& event) override {
    check();
    if (event.kind == model::Warehouse::kCountDone) pending_ = event.entity;
  }
  void check() {
    if (pending_ == kNone) return;
    const auto r = w_.stock_record(pending_);
    EXPECT_EQ(r.record, r.physical) << "record " << pending_;
    EXPECT_EQ(r.stray, 0);
    EXPECT_EQ(r.damaged, 0);
    EXPECT_FALSE(r.flagged);
    ++checked_;
    pending_ = kNone;
  }
  [[nodiscard]] std::int64_t checked() const { return checked_; }

 private:
  static constexpr std::uint64_t kNone = ~std::uint64_t{0};
  const model::Warehouse& w_;
  std::uint64_t pending_ = kNone;
  std::int64_t checked_ = 0;
};

TEST(CycleCounting, EveryCountMakesItsRecordEqualThePhysicalStock) {
  Sim sim(spec_from(kSmall + kErrors +
                    "audit: {workers: 2, count_time: 20s, bins_per_day: 60, abc_interval_days: [2, 5, 10], "
                    "on_pick_exception: true, on_zero_record: true}\n"));
  CountChecker checker(sim.warehouse);
  sim.engine.set_observer(&checker);
  for (int h = 1; h <= 72; ++h) {
    sim.engine.run_until(SimTime::zero() + Duration::hours(h));
    checker.check();
    ASSERT_EQ(sim.warehouse.check_conservation(), "") << "at " << h << " h";
  }
  sim.engine.set_observer(nullptr);
  const auto a = sim.warehouse.accuracy_totals();
  EXPECT_EQ(checker.checked(), a.counts);
  EXPECT_GT(a.counts, 200);
  EXPECT_GT(a.discrepancies, 10);
  EXPECT_GE(a.units_adjusted, a.discrepancies);
  EXPECT_EQ(a.unrecorded_damage, a.damaged_found + a.damaged_counted + a.damaged_in_bins);
}

TEST(CycleCounting, CountingRaisesTheRecordAccuracy) {
  const auto run = [](const std::string& extra) {
    return run::run_replication(spec_from(kSmall + kDrift + extra, {"simulation.horizon=6d"}), {});
  };
  const run::ReplicationOutput none = run("");
  // Every record counted about once a day (331 records), or as soon as a pick finds it short or empty.
  const run::ReplicationOutput daily = run("audit: {workers: 2, count_time: 30s, bins_per_day: 331}\n");
  const run::ReplicationOutput triggered =
      run("audit: {workers: 2, count_time: 30s, on_pick_exception: true, on_zero_record: true}\n");
  EXPECT_EQ(none.result.find("audit.counts"), nullptr);
  EXPECT_GT(kpi(daily, "accuracy.ira"), kpi(none, "accuracy.ira") + 0.03);
  EXPECT_GT(kpi(triggered, "accuracy.ira"), kpi(none, "accuracy.ira"));
  EXPECT_LT(kpi(daily, "accuracy.units_off"), kpi(none, "accuracy.units_off"));
  EXPECT_GT(count(daily, "audit.discrepancies"), 0);
  EXPECT_NEAR(kpi(daily, "audit.labour_hours"), 2 * 6 * 24.0, 1e-9);
  EXPECT_GT(count(daily, "audit.counts"), 5 * 331);
  // Counting time: 30 s per count (two counters may be at work at the end).
  const double seconds = 6 * 86400.0;
  EXPECT_NEAR(kpi(daily, "audit.counters_busy"), count(daily, "audit.counts") * 30 / seconds,
              2 * 30 / seconds);
}

TEST(CycleCounting, ScheduledCountsComeEveryDay) {
  // 50 records a day (of 331), round-robin, counted within the day: by 60 h three days' counts
  // were queued (at 0, 24 and 48 h) and all of them are done.
  Sim sim(spec_from(kSmall + "audit: {workers: 4, count_time: 1s, bins_per_day: 50}\n"));
  ASSERT_EQ(sim.warehouse.slot_count(), 331U);
  sim.engine.run_until(SimTime::zero() + Duration::hours(60));
  const auto a = sim.warehouse.accuracy_totals();
  EXPECT_EQ(a.counts, 150);
  EXPECT_EQ(a.counts_waiting, 0);
  // Without record errors nothing is ever wrong.
  EXPECT_EQ(a.discrepancies, 0);
  EXPECT_EQ(a.records_matching, a.records);
  EXPECT_EQ(sim.warehouse.check_conservation(), "");
}

TEST(CycleCounting, RecordsFoundShortWaitForACountOrHaveHadOne) {
  Sim sim(spec_from(kSmall + kDrift + "audit: {workers: 1, count_time: 2min, on_pick_exception: true}\n"));
  for (int h = 6; h <= 72; h += 6) {
    sim.engine.run_until(SimTime::zero() + Duration::hours(h));
    const auto a = sim.warehouse.accuracy_totals();
    ASSERT_LE(a.flagged, a.counts_waiting + a.counting) << "at " << h << " h";
  }
  const auto a = sim.warehouse.accuracy_totals();
  EXPECT_GT(a.pick_exceptions, 10);
  EXPECT_GT(a.counts, 10);
  EXPECT_EQ(sim.warehouse.check_conservation(), "");
}

TEST(CycleCounting, CountersArePaidForEveryHour) {
  // Two counters, always on duty, at 25 an hour over the 3 days (no warm-up).
  const run::ReplicationOutput out = run::run_replication(
      spec_from(kSmall + "audit: {workers: 2, on_pick_exception: true}\n", {"costs.labour.audit=25"}), {});
  const stats::Table* costs = test_support::table(out, "costs");
  ASSERT_NE(costs, nullptr);
  bool found = false;
  for (std::size_t i = 0; i < costs->row_labels.size(); ++i) {
    if (costs->row_labels[i] != "labour: audit") continue;
    found = true;
    EXPECT_NEAR(costs->rows[i][0], 2 * 72 * 25.0, 1e-6);  // amount
    EXPECT_NEAR(costs->rows[i][5], 2 * 72.0, 1e-9);       // worker-hours
  }
  EXPECT_TRUE(found);
  EXPECT_NEAR(kpi(out, "costs.labour_per_day"), 2 * 72 * 25.0 / 3, 1e-6);
  EXPECT_NEAR(kpi(out, "audit.labour_hours"), 2 * 72.0, 1e-9);
}

TEST(CycleCounting, CountersOnANightShiftCountOnlyAtNight) {
  // One counter from 22:00 to 06:00: scheduled counts queue at midnight and are worked off in the
  // night; between 07:00 and 21:00 nobody counts (a count takes 20 s, none runs past 06:01).
  const std::string yaml = kSmall + kDrift +
                           "workforce:\n  pools:\n    - {name: pickers, skills: [pick], workers: 1}\n"
                           "    - {name: night, skills: [audit], workers: 1, shift_start: \"22:00\", "
                           "shift_end: \"06:00\"}\n"
                           "audit: {count_time: 20s, bins_per_day: 300, on_pick_exception: true}\n";
  Sim sim(spec_from(yaml));
  std::int64_t at_seven = 0;
  for (int day = 0; day < 3; ++day) {
    for (int hour = 7; hour <= 21; hour += 2) {
      sim.engine.run_until(SimTime::zero() + Duration::days(day) + Duration::hours(hour));
      const auto a = sim.warehouse.accuracy_totals();
      EXPECT_EQ(a.counting, 0) << "day " << day << " " << hour << ":00";
      if (hour == 7) {
        EXPECT_GT(a.counts, at_seven) << "day " << day << ": the night counted";
        at_seven = a.counts;
      } else {
        EXPECT_EQ(a.counts, at_seven) << "day " << day << " " << hour << ":00: nobody counts by day";
      }
    }
  }
  EXPECT_EQ(sim.warehouse.check_conservation(), "");
  // Paid for the nights only: 00:00-06:00 on day 1, then 22:00-06:00 twice, and 22:00-24:00.
  const run::ReplicationOutput out = run::run_replication(spec_from(yaml, {"costs.labour.audit=30"}), {});
  EXPECT_NEAR(kpi(out, "audit.labour_hours"), 6 + 8 + 8 + 2, 1e-9);
}

}  // namespace
}  // namespace whsim
