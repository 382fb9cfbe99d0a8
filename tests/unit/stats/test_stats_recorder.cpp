// Tests for StatsRecorder and RunResult: each kind of KPI with known values, kind mismatches,
// warm-up reset semantics, time series sampling, and result layout.
#include <cmath>
#include <cstdint>
#include <limits>

#include <gtest/gtest.h>

#include "whsim/core/error.hpp"
#include "whsim/core/time.hpp"
#include "whsim/stats/kpi.hpp"
#include "whsim/stats/quantile.hpp"
#include "whsim/stats/recorder.hpp"
#include "whsim/stats/run_result.hpp"
#include "whsim/stats/stats_recorder.hpp"

namespace whsim::stats {
namespace {

SimTime at_seconds(std::int64_t s) {
  return SimTime::zero() + Duration::seconds(s);
}

class StatsRecorderTest : public ::testing::Test {
 protected:
  StatsRecorderTest() {
    shipped_ = registry_.declare({"orders.shipped", "orders", KpiKind::kCount, "orders that left"});
    cycle_ = registry_.declare({"orders.cycle_time", "s", KpiKind::kTally, "release to shipping"});
    queue_ = registry_.declare({"station.queue", "robots", KpiKind::kTimeWeighted, "robots waiting"});
    on_time_ = registry_.declare({"orders.on_time", "1", KpiKind::kRatio, "shipped before cutoff"});
    picks_ = registry_.declare({"picks", "units", KpiKind::kCount, "units picked"});
  }

  KpiRegistry registry_;
  KpiHandle shipped_;
  KpiHandle cycle_;
  KpiHandle queue_;
  KpiHandle on_time_;
  KpiHandle picks_;
};

TEST_F(StatsRecorderTest, ResultListsEveryKpiInDeclarationOrderWithItsDeclaration) {
  const StatsRecorder recorder(registry_);
  const RunResult result = recorder.result(at_seconds(10));
  ASSERT_EQ(result.kpis.size(), 5u);
  EXPECT_EQ(result.kpis[0].name, "orders.shipped");
  EXPECT_EQ(result.kpis[1].name, "orders.cycle_time");
  EXPECT_EQ(result.kpis[2].name, "station.queue");
  EXPECT_EQ(result.kpis[3].name, "orders.on_time");
  EXPECT_EQ(result.kpis[4].name, "picks");
  EXPECT_EQ(result.kpis[1].unit, "s");
  EXPECT_EQ(result.kpis[1].definition, "release to shipping");
  EXPECT_EQ(result.kpis[2].kind, KpiKind::kTimeWeighted);
  EXPECT_EQ(result.fingerprint, 0u);
  EXPECT_EQ(result.events, 0u);
  EXPECT_EQ(result.seed, 0u);
  EXPECT_EQ(result.measured_from, SimTime::zero());
  EXPECT_EQ(result.end, at_seconds(10));
}

TEST_F(StatsRecorderTest, NothingRecorded) {
  const StatsRecorder recorder(registry_);
  const RunResult result = recorder.result(at_seconds(10));
  const KpiValue& shipped = *result.find("orders.shipped");
  EXPECT_EQ(shipped.value, 0.0);
  EXPECT_EQ(shipped.count, 0);
  const KpiValue& cycle = *result.find("orders.cycle_time");
  EXPECT_TRUE(std::isnan(cycle.value));
  EXPECT_EQ(cycle.count, 0);
  EXPECT_TRUE(std::isnan(cycle.p50));
  EXPECT_TRUE(std::isnan(cycle.min));
  const KpiValue& queue = *result.find("station.queue");
  EXPECT_EQ(queue.value, 0.0);  // level 0 held for 10 s
  const KpiValue& on_time = *result.find("orders.on_time");
  EXPECT_TRUE(std::isnan(on_time.value));
  EXPECT_EQ(on_time.count, 0);
}

TEST_F(StatsRecorderTest, Counts) {
  StatsRecorder recorder(registry_);
  recorder.count(shipped_);
  recorder.count(shipped_, 4);
  recorder.count(picks_, 17);
  const RunResult result = recorder.result(at_seconds(1));
  const KpiValue& shipped = *result.find("orders.shipped");
  EXPECT_EQ(shipped.value, 5.0);
  EXPECT_EQ(shipped.count, 5);
  EXPECT_TRUE(std::isnan(shipped.stddev));
  EXPECT_TRUE(std::isnan(shipped.p99));
  EXPECT_EQ(result.find("picks")->count, 17);
}

TEST_F(StatsRecorderTest, TallyStatisticsAndPercentiles) {
  StatsRecorder recorder(registry_);
  ExactQuantiles exact;
  for (int i = 1; i <= 1000; ++i) {
    recorder.tally(cycle_, i);
    exact.add(i);
  }
  const RunResult result = recorder.result(at_seconds(1));
  const KpiValue& cycle = *result.find("orders.cycle_time");
  EXPECT_EQ(cycle.count, 1000);
  EXPECT_DOUBLE_EQ(cycle.value, 500.5);
  EXPECT_NEAR(cycle.stddev, std::sqrt(1000.0 * 1001.0 / 12.0), 1e-9);  // n(n+1)/12 for 1..n
  EXPECT_EQ(cycle.min, 1.0);
  EXPECT_EQ(cycle.max, 1000.0);
  const struct {
    double q, value;
  } percentiles[] = {{0.5, cycle.p50}, {0.9, cycle.p90}, {0.95, cycle.p95}, {0.99, cycle.p99}};
  for (const auto& p : percentiles) {
    const double truth = exact.order_statistic(QuantileSketch::rank(p.q, 1000));
    EXPECT_LE(std::fabs(p.value - truth), 0.005 * (1.0 + 1e-9) * truth) << p.q;
  }
}

TEST_F(StatsRecorderTest, QuantileErrorIsConfigurable) {
  StatsRecorder coarse(registry_, 0.1);
  for (int i = 1; i <= 1000; ++i) coarse.tally(cycle_, i);
  const double p50 = coarse.result(at_seconds(1)).find("orders.cycle_time")->p50;
  EXPECT_LE(std::fabs(p50 - 500.0), 0.1 * 500.0);
  EXPECT_GT(std::fabs(p50 - 500.0), 0.005 * 500.0);  // coarser than the default
}

TEST_F(StatsRecorderTest, TimeWeightedLevel) {
  StatsRecorder recorder(registry_);
  recorder.level(queue_, at_seconds(0), 2.0);
  recorder.level(queue_, at_seconds(10), 6.0);
  recorder.level(queue_, at_seconds(15), 1.0);
  const RunResult result = recorder.result(at_seconds(20));
  const KpiValue& queue = *result.find("station.queue");
  // 2 for 10 s, 6 for 5 s, 1 for 5 s: 55 / 20.
  EXPECT_DOUBLE_EQ(queue.value, 55.0 / 20.0);
  EXPECT_EQ(queue.count, 0);
  EXPECT_EQ(queue.min, 0.0);  // the level before the first set (0 from time zero, for no time)
  EXPECT_EQ(queue.max, 6.0);
  EXPECT_TRUE(std::isnan(queue.stddev));
  EXPECT_TRUE(std::isnan(queue.p50));
}

TEST_F(StatsRecorderTest, TimeWeightedLevelMustNotGoBackInTime) {
  StatsRecorder recorder(registry_);
  recorder.level(queue_, at_seconds(10), 1.0);
  EXPECT_THROW(recorder.level(queue_, at_seconds(5), 2.0), ContractError);
  EXPECT_THROW((void)recorder.result(at_seconds(5)), ContractError);
}

TEST_F(StatsRecorderTest, Ratio) {
  StatsRecorder recorder(registry_);
  recorder.ratio(on_time_, 3, 4);
  recorder.ratio(on_time_, 1, 1);
  recorder.ratio(on_time_, 0, 0);
  const RunResult result = recorder.result(at_seconds(1));
  const KpiValue& on_time = *result.find("orders.on_time");
  EXPECT_DOUBLE_EQ(on_time.value, 0.8);
  EXPECT_EQ(on_time.count, 5);
  EXPECT_THROW(recorder.ratio(on_time_, 2, 1), ContractError);
  EXPECT_THROW(recorder.ratio(on_time_, -1, 1), ContractError);
  EXPECT_THROW(recorder.ratio(on_time_, 0, -1), ContractError);
  EXPECT_EQ(recorder.result(at_seconds(1)).find("orders.on_time")->count, 5);  // unchanged
}

TEST_F(StatsRecorderTest, KindMismatchThrows) {
  StatsRecorder recorder(registry_);
  EXPECT_THROW(recorder.tally(shipped_, 1.0), ContractError);
  EXPECT_THROW(recorder.level(shipped_, at_seconds(1), 1.0), ContractError);
  EXPECT_THROW(recorder.ratio(shipped_, 1, 1), ContractError);
  EXPECT_THROW(recorder.count(cycle_), ContractError);
  EXPECT_THROW(recorder.level(cycle_, at_seconds(1), 1.0), ContractError);
  EXPECT_THROW(recorder.count(queue_), ContractError);
  EXPECT_THROW(recorder.tally(queue_, 1.0), ContractError);
  EXPECT_THROW(recorder.ratio(queue_, 1, 1), ContractError);
  EXPECT_THROW(recorder.count(on_time_), ContractError);
  EXPECT_THROW(recorder.tally(on_time_, 1.0), ContractError);
  // Nothing was recorded by the failed calls.
  const RunResult result = recorder.result(at_seconds(2));
  EXPECT_EQ(result.find("orders.shipped")->count, 0);
  EXPECT_EQ(result.find("orders.cycle_time")->count, 0);
}

TEST_F(StatsRecorderTest, MismatchMessageNamesTheKpiAndBothKinds) {
  StatsRecorder recorder(registry_);
  try {
    recorder.tally(shipped_, 1.0);
    FAIL() << "expected ContractError";
  } catch (const ContractError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("orders.shipped"), std::string::npos) << message;
    EXPECT_NE(message.find("count"), std::string::npos) << message;
    EXPECT_NE(message.find("tally"), std::string::npos) << message;
  }
}

TEST_F(StatsRecorderTest, HandlesFromElsewhereThrow) {
  StatsRecorder recorder(registry_);
  EXPECT_THROW(recorder.count(KpiHandle(5)), ContractError);
  EXPECT_THROW(recorder.count(KpiHandle()), ContractError);
  EXPECT_THROW(recorder.tally(KpiHandle(1000), 1.0), ContractError);
  // A KPI declared after the recorder was built is unknown to it.
  const KpiHandle late = registry_.declare({"late", "1", KpiKind::kCount, "declared too late"});
  EXPECT_THROW(recorder.count(late), ContractError);
}

TEST_F(StatsRecorderTest, NonFiniteTallyValueThrowsAndRecordsNothing) {
  StatsRecorder recorder(registry_);
  EXPECT_THROW(recorder.tally(cycle_, std::numeric_limits<double>::quiet_NaN()), ContractError);
  EXPECT_EQ(recorder.result(at_seconds(1)).find("orders.cycle_time")->count, 0);
}

TEST_F(StatsRecorderTest, ResetDiscardsObservationsBeforeTheWarmUpEnds) {
  StatsRecorder recorder(registry_);
  recorder.count(shipped_, 100);
  recorder.tally(cycle_, 1e6);
  recorder.ratio(on_time_, 0, 50);
  recorder.level(queue_, at_seconds(0), 50.0);
  recorder.level(queue_, at_seconds(5), 3.0);
  recorder.reset(at_seconds(10));
  EXPECT_EQ(recorder.measured_from(), at_seconds(10));

  recorder.count(shipped_, 2);
  recorder.tally(cycle_, 4.0);
  recorder.tally(cycle_, 6.0);
  recorder.ratio(on_time_, 1, 2);
  recorder.level(queue_, at_seconds(20), 5.0);
  const RunResult result = recorder.result(at_seconds(30));
  EXPECT_EQ(result.measured_from, at_seconds(10));
  EXPECT_EQ(result.find("orders.shipped")->count, 2);
  const KpiValue& cycle = *result.find("orders.cycle_time");
  EXPECT_EQ(cycle.count, 2);
  EXPECT_DOUBLE_EQ(cycle.value, 5.0);
  EXPECT_EQ(cycle.max, 6.0);
  EXPECT_EQ(cycle.p99, 4.0);  // rank floor(0.99 * (2 - 1)) = 0: the smaller value
  EXPECT_DOUBLE_EQ(result.find("orders.on_time")->value, 0.5);
  // The level 3 carries over the reset: 3 for 10 s, then 5 for 10 s.
  const KpiValue& queue = *result.find("station.queue");
  EXPECT_DOUBLE_EQ(queue.value, 4.0);
  EXPECT_EQ(queue.min, 3.0);
  EXPECT_EQ(queue.max, 5.0);
}

TEST_F(StatsRecorderTest, ResetRejectsTimesInThePast) {
  StatsRecorder recorder(registry_);
  recorder.level(queue_, at_seconds(10), 1.0);
  EXPECT_THROW(recorder.reset(at_seconds(5)), ContractError);
  recorder.reset(at_seconds(20));
  EXPECT_THROW(recorder.reset(at_seconds(15)), ContractError);
  EXPECT_THROW((void)recorder.result(at_seconds(15)), ContractError);
  const RunResult result = recorder.result(at_seconds(20));
  EXPECT_TRUE(std::isnan(result.find("station.queue")->value));  // empty window
}

TEST_F(StatsRecorderTest, TimeSeriesOfCountsAndLevels) {
  StatsRecorder recorder(registry_);
  recorder.count(shipped_, 3);
  recorder.level(queue_, at_seconds(0), 2.0);
  recorder.sample_series(at_seconds(60));
  recorder.count(shipped_, 2);
  recorder.count(picks_, 7);
  recorder.level(queue_, at_seconds(90), 4.0);
  recorder.reset(at_seconds(100));  // the series shows the whole run regardless
  recorder.sample_series(at_seconds(120));
  recorder.count(shipped_, 1);
  recorder.sample_series(at_seconds(180));

  const RunResult result = recorder.result(at_seconds(200));
  ASSERT_EQ(result.series.size(), 3u);  // orders.shipped, station.queue, picks (declaration order)
  EXPECT_EQ(result.series[0].name, "orders.shipped");
  EXPECT_EQ(result.series[1].name, "station.queue");
  EXPECT_EQ(result.series[2].name, "picks");
  EXPECT_EQ(result.find_series("orders.cycle_time"), nullptr);  // tallies have no series
  EXPECT_EQ(result.find_series("orders.on_time"), nullptr);

  const TimeSeries& shipped = *result.find_series("orders.shipped");
  EXPECT_EQ(shipped.unit, "orders");
  const std::vector<std::int64_t> times = {60 * kTicksPerSecond, 120 * kTicksPerSecond,
                                           180 * kTicksPerSecond};
  EXPECT_EQ(shipped.time_ticks, times);
  EXPECT_EQ(shipped.values, (std::vector<double>{3.0, 5.0, 6.0}));
  const TimeSeries& queue = *result.find_series("station.queue");
  EXPECT_EQ(queue.time_ticks, times);
  EXPECT_EQ(queue.values, (std::vector<double>{2.0, 4.0, 4.0}));
  EXPECT_EQ(result.find_series("picks")->values, (std::vector<double>{0.0, 7.0, 7.0}));
  // The KPI itself counts only after the reset.
  EXPECT_EQ(result.find("orders.shipped")->count, 1);

  EXPECT_THROW(recorder.sample_series(at_seconds(170)), ContractError);
}

TEST_F(StatsRecorderTest, WorksThroughTheRecorderInterface) {
  StatsRecorder stats(registry_);
  Recorder& recorder = stats;
  recorder.count(shipped_);
  recorder.tally(cycle_, 2.5);
  recorder.level(queue_, at_seconds(1), 1.0);
  recorder.ratio(on_time_, 1, 1);
  const RunResult result = stats.result(at_seconds(2));
  EXPECT_EQ(result.find("orders.shipped")->count, 1);
  EXPECT_EQ(result.find("orders.cycle_time")->value, 2.5);
  EXPECT_DOUBLE_EQ(result.find("station.queue")->value, 0.5);
  EXPECT_EQ(result.find("orders.on_time")->value, 1.0);
}

TEST(RunResult, FindReturnsNullForUnknownNames) {
  RunResult result;
  result.kpis.push_back(KpiValue{});
  result.kpis.back().name = "x";
  EXPECT_NE(result.find("x"), nullptr);
  EXPECT_EQ(result.find("y"), nullptr);
  EXPECT_EQ(result.find_series("x"), nullptr);
}

TEST(KpiValue, DefaultsAreNaNWhereNotMeaningful) {
  const KpiValue v;
  EXPECT_TRUE(std::isnan(v.value));
  EXPECT_TRUE(std::isnan(v.stddev));
  EXPECT_TRUE(std::isnan(v.p50));
  EXPECT_EQ(v.count, 0);
}

}  // namespace
}  // namespace whsim::stats
