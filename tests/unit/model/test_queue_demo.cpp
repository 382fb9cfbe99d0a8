// The kernel demo station and the queueing formulas: conservation, FIFO waits, common random
// numbers across scenarios, KPI declarations, and known values of Erlang C / P-K.
#include <cmath>
#include <cstdint>

#include <gtest/gtest.h>

#include "whsim/core/error.hpp"
#include "whsim/kernel/engine.hpp"
#include "whsim/model/kpi_catalogue.hpp"
#include "whsim/model/queue_demo.hpp"
#include "whsim/model/queueing_theory.hpp"
#include "whsim/stats/stats_recorder.hpp"

namespace whsim::model {
namespace {

struct DemoRun {
  stats::KpiRegistry registry;
  QueueDemoKpis kpis = QueueDemoKpis::declare(registry);
  stats::StatsRecorder recorder{registry};
  Engine engine;
  RandomStreams streams;
  QueueDemo station;
  DemoRun(const QueueDemoSpec& spec, std::uint64_t seed)
      : streams(seed), station(engine, streams, recorder, kpis, spec) {}
};

TEST(QueueingTheoryTest, KnownValues) {
  EXPECT_NEAR(erlang_c(1, 0.7), 0.7, 1e-12);  // M/M/1: P(wait) = rho
  EXPECT_NEAR(erlang_c(3, 2.4), 0.647191, 1e-6);
  EXPECT_NEAR(erlang_c(10, 8.0), 0.409, 1e-3);
  EXPECT_NEAR(mmc_mean_wait(0.7, 1.0, 1), 0.7 / 0.3, 1e-12);
  EXPECT_NEAR(md1_mean_wait(0.5, 1.0), 0.5, 1e-12);  // rho / (2 mu (1 - rho))
  EXPECT_NEAR(mg1_mean_wait(0.5, 1.0, 1.0), mmc_mean_wait(0.5, 1.0, 1), 1e-12);
  EXPECT_THROW((void)erlang_c(2, 2.0), ContractError);
  EXPECT_THROW((void)mg1_mean_wait(1.0, 1.0, 0.0), ContractError);
}

TEST(QueueDemoTest, ConservesCustomers) {
  QueueDemoSpec spec;
  spec.servers = 2;
  spec.arrivals_per_hour = 110;
  DemoRun run(spec, 3);
  for (int step = 1; step <= 20; ++step) {
    run.engine.run_until(SimTime::zero() + Duration::hours(step));
    // Every customer who arrived is served, in service or waiting.
    EXPECT_EQ(run.station.arrivals(),
              run.station.served() + static_cast<std::uint64_t>(run.station.busy()) + run.station.waiting());
    EXPECT_LE(run.station.busy(), 2);
    EXPECT_TRUE(run.station.waiting() == 0 || run.station.busy() == 2);  // no idle server while some wait
  }
  const stats::RunResult r = run.recorder.result(run.engine.now());
  EXPECT_EQ(static_cast<std::uint64_t>(r.find("demo.arrivals")->value), run.station.arrivals());
  EXPECT_EQ(static_cast<std::uint64_t>(r.find("demo.served")->value), run.station.served());
  EXPECT_GT(run.station.served(), 1500U);
}

TEST(QueueDemoTest, DeterministicServiceGivesExactSojourn) {
  QueueDemoSpec spec;
  spec.servers = 1000;  // nobody ever waits
  spec.arrivals_per_hour = 500;
  spec.service = ServiceKind::kDeterministic;
  spec.mean_service = Duration::seconds(90);
  DemoRun run(spec, 1);
  run.engine.run_until(SimTime::zero() + Duration::hours(10));
  const stats::RunResult r = run.recorder.result(run.engine.now());
  EXPECT_EQ(r.find("demo.wait_time")->max, 0.0);
  EXPECT_EQ(r.find("demo.sojourn_time")->min, 90.0);
  EXPECT_EQ(r.find("demo.sojourn_time")->max, 90.0);
  EXPECT_EQ(r.find("demo.waited_share")->value, 0.0);
}

TEST(QueueDemoTest, ServiceTimesAreCommonRandomNumbers) {
  // With more servers customers wait less, but customer n's service time is the same, so
  // the total service work of the first N customers is identical in both scenarios.
  QueueDemoSpec one;
  one.servers = 1;
  one.arrivals_per_hour = 50;
  QueueDemoSpec five = one;
  five.servers = 5;
  DemoRun a(one, 9);
  DemoRun b(five, 9);
  a.engine.run_until(SimTime::zero() + Duration::hours(50));
  b.engine.run_until(SimTime::zero() + Duration::hours(50));
  EXPECT_EQ(a.station.arrivals(), b.station.arrivals());  // same arrival stream
  const auto ra = a.recorder.result(a.engine.now());
  const auto rb = b.recorder.result(b.engine.now());
  EXPECT_GT(ra.find("demo.wait_time")->value, rb.find("demo.wait_time")->value);
  EXPECT_NE(a.engine.fingerprint(), b.engine.fingerprint());
}

TEST(QueueDemoTest, SameSeedSameFingerprint) {
  QueueDemoSpec spec;
  DemoRun a(spec, 42);
  DemoRun b(spec, 42);
  DemoRun c(spec, 43);
  for (DemoRun* r : {&a, &b, &c}) r->engine.run_until(SimTime::zero() + Duration::hours(100));
  EXPECT_EQ(a.engine.fingerprint(), b.engine.fingerprint());
  EXPECT_NE(a.engine.fingerprint(), c.engine.fingerprint());
}

TEST(QueueDemoTest, LongQueuesGrowTheRingInFifoOrder) {
  QueueDemoSpec spec;
  spec.servers = 1;
  spec.arrivals_per_hour = 120;  // rho = 2: the queue grows well past the initial ring of 64
  DemoRun run(spec, 5);
  run.engine.run_until(SimTime::zero() + Duration::hours(10));
  EXPECT_GT(run.station.waiting(), 200U);
  EXPECT_EQ(run.station.arrivals(), run.station.served() + 1 + run.station.waiting());
}

TEST(KpiCatalogueTest, DeclaresTheDemoKpisOnce) {
  stats::KpiRegistry registry;
  declare_all_kpis(registry);
  EXPECT_TRUE(registry.find("demo.wait_time").has_value());
  EXPECT_TRUE(registry.find("orders.pick_cycle_time").has_value());
  // the demo's, the warehouse's, its stock, inbound, outbound, battery, truck CO2, cost, returns,
  // accuracy, audit and traffic ones
  EXPECT_EQ(registry.size(), 8U + 34U + 10U + 19U + 18U + 14U + 3U + 9U + 10U + 16U + 7U + 9U);
  EXPECT_TRUE(registry.find("traffic.congestion_wait").has_value());
  EXPECT_TRUE(registry.find("outbound.click_to_ship").has_value());
  EXPECT_TRUE(registry.find("costs.per_order").has_value());
  EXPECT_TRUE(registry.find("co2.per_order").has_value());
  EXPECT_THROW(declare_all_kpis(registry), ContractError);  // duplicate names are rejected
}

}  // namespace
}  // namespace whsim::model
