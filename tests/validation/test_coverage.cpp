// Coverage of the replication confidence intervals the run layer reports: many independent
// "experiments" of n replications each of an M/M/3 queue (the demo station, public kernel API
// only), each giving a 95% Student-t interval of the mean wait in queue (and of the mean time in
// system) from its n replication means; the share of intervals that contain the Erlang C value
// must be close to 95%. This checks the whole chain at once: independence of the replication
// streams, warm-up deletion, the per-replication estimator and t_interval. A biased estimator or
// correlated replications would show as too few covering intervals; an overstated variance as too
// many. Deterministic (fixed seed); label validation;slow (about 20 s in an optimised build).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "whsim/kernel/engine.hpp"
#include "whsim/model/queue_demo.hpp"
#include "whsim/model/queueing_theory.hpp"
#include "whsim/stats/confidence.hpp"
#include "whsim/stats/stats_recorder.hpp"

namespace whsim {
namespace {

constexpr std::uint64_t kSeed = 20261127;
// 1,000 intervals: the binomial standard deviation of the observed coverage is
// sqrt(0.95 * 0.05 / 1000) = 0.0069, so the accepted band [0.93, 0.97] is +-2.9 sigma.
constexpr std::size_t kIntervals = 1000;
constexpr std::size_t kReplicationsPerInterval = 10;
// Warm-up: the queue-length process of M/M/c relaxes at the rate c mu (1 - sqrt(rho))^2 (the
// spectral gap of its birth-death generator, as for M/M/1 with one server of rate c mu; checked
// numerically for this queue), a time constant of 1 / (0.05 (1 - sqrt(0.7))^2) = 750 s = 12.5 mean
// services here. 100 mean services (6,000 s, 8 time constants) leave e^-8 of the
// empty-start deviation (about Wq = 33 s), i.e. 0.01 s, decaying within ~750 s of a 286,000 s
// window: a start-up bias of order 1e-5 s against interval half-widths of about 2.4 s.
// (Deleting 500 mean services instead changed the pooled mean by 0.01 s, well inside its noise.)
constexpr int kWarmupServices = 100;
// Expected arrivals measured per replication. The replication means are then close to normal
// (observed skewness 0.4); for a sample of 10 with that skewness (gamma data) 95% t-intervals
// cover 0.947 of the time, still well inside the band. Shorter runs cover less (2,000 customers:
// 0.936), as the skewness of the replication means grows like 1/sqrt(customers).
constexpr double kCustomers = 10'000;

struct Means {
  double wait = 0;     // mean wait in queue, s
  double sojourn = 0;  // mean time in system, s
};

Means run_replication(const model::QueueDemoSpec& spec, std::uint64_t replication) {
  stats::KpiRegistry registry;
  const auto kpis = model::QueueDemoKpis::declare(registry);
  stats::StatsRecorder recorder(registry);
  Engine engine;
  RandomStreams streams(kSeed, replication);
  model::QueueDemo station(engine, streams, recorder, kpis, spec);
  const double lambda = spec.arrivals_per_hour / 3600.0;
  const SimTime warmup = SimTime::zero() + spec.mean_service * kWarmupServices;
  const SimTime end = warmup + Duration::from_seconds(kCustomers / lambda);
  engine.run_until(warmup);
  recorder.reset(engine.now());
  engine.run_until(end);
  const stats::RunResult r = recorder.result(engine.now());
  return {r.find("demo.wait_time")->value, r.find("demo.sojourn_time")->value};
}

struct Coverage {
  int covered = 0;
  int too_low = 0;   // interval entirely below the theoretical value
  int too_high = 0;  // interval entirely above it
  void add(const stats::ConfidenceInterval& ci, double theory) {
    if (ci.contains(theory)) {
      ++covered;
    } else if (ci.upper() < theory) {
      ++too_low;
    } else {
      ++too_high;
    }
  }
  [[nodiscard]] double share() const {
    return static_cast<double>(covered) / static_cast<double>(kIntervals);
  }
};

TEST(CoverageValidation, MM3NinetyFivePercentIntervalsCoverErlangC) {
  model::QueueDemoSpec spec;
  spec.servers = 3;
  spec.arrivals_per_hour = 126;  // rho = 126 / (3 * 60) = 0.7
  spec.mean_service = Duration::seconds(60);
  const double wq = model::mmc_mean_wait(126.0 / 3600.0, 1.0 / 60.0, 3);
  // By hand: C(3, 2.1) = (2.1^3 / 3! / 0.3) / (1 + 2.1 + 2.1^2 / 2 + 2.1^3 / 3! / 0.3) = 5.145 / 10.45,
  // Wq = C / (c mu - lambda) = 0.4923445 / 0.015 per s.
  EXPECT_NEAR(wq, 32.822967, 1e-6);
  const double w = wq + 60.0;
  Coverage wait_coverage;
  Coverage sojourn_coverage;
  std::vector<double> all_waits;  // every replication, for the pooled estimate printed below
  std::vector<double> waits(kReplicationsPerInterval);
  std::vector<double> sojourns(kReplicationsPerInterval);
  for (std::size_t m = 0; m < kIntervals; ++m) {
    // Interval m uses replications m n .. m n + n - 1: disjoint streams, so independent intervals.
    for (std::size_t r = 0; r < kReplicationsPerInterval; ++r) {
      const std::uint64_t replication = m * kReplicationsPerInterval + r;
      const Means means = run_replication(spec, replication);
      waits[r] = means.wait;
      sojourns[r] = means.sojourn;
      all_waits.push_back(means.wait);
    }
    wait_coverage.add(stats::t_interval(waits, 0.95), wq);
    sojourn_coverage.add(stats::t_interval(sojourns, 0.95), w);
  }
  const stats::ConfidenceInterval pooled = stats::t_interval(all_waits, 0.95);
  std::printf(
      "    Wq %.4f s: coverage %.3f (%d below, %d above); W %.4f s: coverage %.3f (%d below, %d above)\n", wq,
      wait_coverage.share(), wait_coverage.too_low, wait_coverage.too_high, w, sojourn_coverage.share(),
      sojourn_coverage.too_low, sojourn_coverage.too_high);
  std::printf("    pooled mean wait over %zu replications %.4f s +- %.4f (95%%)\n", all_waits.size(),
              pooled.mean, pooled.half_width);
  ::testing::Test::RecordProperty("wait_coverage", std::to_string(wait_coverage.share()));
  ::testing::Test::RecordProperty("sojourn_coverage", std::to_string(sojourn_coverage.share()));
  EXPECT_GE(wait_coverage.share(), 0.93);
  EXPECT_LE(wait_coverage.share(), 0.97);
  EXPECT_GE(sojourn_coverage.share(), 0.93);
  EXPECT_LE(sojourn_coverage.share(), 0.97);
}

}  // namespace
}  // namespace whsim
