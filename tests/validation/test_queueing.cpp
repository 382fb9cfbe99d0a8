// Validation of the kernel against queueing theory, as tests that can fail. Each case runs
// independent replications (streams from master seed + replication index) of the demo station,
// which uses only the public kernel API, and requires:
//   - the 99% confidence interval of the mean wait in queue to be within +-2% of its estimate,
//     and the theoretical value (Erlang C or Pollaczek-Khinchine) inside it;
//   - the time-weighted queue length L, measured independently of the waits, to satisfy
//     Little's law L = lambda * W within 1% in every replication (lambda observed);
//   - utilisation inside its own 99% interval around lambda / (c mu).
#include <cmath>
#include <cstdint>
#include <vector>

#include <gtest/gtest.h>

#include "whsim/kernel/engine.hpp"
#include "whsim/model/queue_demo.hpp"
#include "whsim/model/queueing_theory.hpp"
#include "whsim/stats/confidence.hpp"
#include "whsim/stats/stats_recorder.hpp"

namespace whsim {
namespace {

struct Replication {
  double wait = 0;        // mean wait in queue, s
  double queue = 0;       // time-weighted queue length
  double lambda_hat = 0;  // observed arrival rate, per s
  double busy = 0;        // time-weighted busy servers
};

Replication run_replication(const model::QueueDemoSpec& spec, std::uint64_t replication, double customers) {
  stats::KpiRegistry registry;
  const auto kpis = model::QueueDemoKpis::declare(registry);
  stats::StatsRecorder recorder(registry);
  Engine engine;
  RandomStreams streams(20261126, replication);
  model::QueueDemo station(engine, streams, recorder, kpis, spec);
  const double lambda = spec.arrivals_per_hour / 3600.0;
  // Warm-up of 2000 mean services, then `customers` expected arrivals.
  const SimTime warmup = SimTime::zero() + spec.mean_service * 2000;
  const SimTime end = warmup + Duration::from_seconds(customers / lambda);
  engine.run_until(warmup);
  recorder.reset(engine.now());
  engine.run_until(end);
  const stats::RunResult r = recorder.result(engine.now());
  Replication out;
  out.wait = r.find("demo.wait_time")->value;
  out.queue = r.find("demo.queue_length")->value;
  out.lambda_hat = r.find("demo.arrivals")->value / (end - warmup).to_seconds();
  out.busy = r.find("demo.busy_servers")->value;
  return out;
}

void validate(const model::QueueDemoSpec& spec, double theory_wait, int replications, double customers) {
  std::vector<double> waits;
  std::vector<double> busy;
  for (int rep = 0; rep < replications; ++rep) {
    const Replication r = run_replication(spec, static_cast<std::uint64_t>(rep), customers);
    waits.push_back(r.wait);
    busy.push_back(r.busy);
    // Little's law on independent measurements: L from the time-weighted level, W from tallies.
    EXPECT_NEAR(r.queue / (r.lambda_hat * r.wait), 1.0, 0.01) << "replication " << rep;
  }
  const stats::ConfidenceInterval ci = stats::t_interval(waits, 0.99);
  ::testing::Test::RecordProperty("mean_wait_s", std::to_string(ci.mean));
  ::testing::Test::RecordProperty("half_width_s", std::to_string(ci.half_width));
  ::testing::Test::RecordProperty("theory_wait_s", std::to_string(theory_wait));
  std::printf("    mean wait %.4f s +- %.4f (99%%, %.2f%%), theory %.4f s\n", ci.mean, ci.half_width,
              100.0 * ci.half_width / ci.mean, theory_wait);
  EXPECT_LE(ci.half_width, 0.02 * ci.mean) << "not enough customers for a +-2% interval";
  EXPECT_TRUE(ci.contains(theory_wait))
      << "theory " << theory_wait << " outside [" << ci.lower() << ", " << ci.upper() << "]";
  const double lambda = spec.arrivals_per_hour / 3600.0;
  const double mu = 1.0 / spec.mean_service.to_seconds();
  const stats::ConfidenceInterval util = stats::t_interval(busy, 0.99);
  EXPECT_TRUE(util.contains(lambda / mu)) << "busy servers " << util.mean << " +- " << util.half_width;
}

TEST(QueueingValidation, MM1MatchesTheory) {
  model::QueueDemoSpec spec;
  spec.servers = 1;
  spec.arrivals_per_hour = 42;  // rho = 0.7
  spec.mean_service = Duration::seconds(60);
  const double wq = model::mmc_mean_wait(42.0 / 3600.0, 1.0 / 60.0, 1);
  EXPECT_NEAR(wq, 140.0, 1e-9);  // rho / (mu - lambda) = 0.7 / (1/60 - 0.7/60)
  validate(spec, wq, 20, 150'000);
}

TEST(QueueingValidation, MM3MatchesErlangC) {
  model::QueueDemoSpec spec;
  spec.servers = 3;
  spec.arrivals_per_hour = 144;  // rho = 0.8
  spec.mean_service = Duration::seconds(60);
  const double wq = model::mmc_mean_wait(144.0 / 3600.0, 1.0 / 60.0, 3);
  EXPECT_NEAR(model::erlang_c(3, 2.4), 0.6472, 1e-4);  // tabulated value
  validate(spec, wq, 20, 400'000);
}

TEST(QueueingValidation, MD1MatchesPollaczekKhinchine) {
  model::QueueDemoSpec spec;
  spec.servers = 1;
  spec.arrivals_per_hour = 42;  // rho = 0.7
  spec.mean_service = Duration::seconds(60);
  spec.service = model::ServiceKind::kDeterministic;
  const double wq = model::md1_mean_wait(42.0 / 3600.0, 1.0 / 60.0);
  EXPECT_NEAR(wq, 70.0, 1e-9);  // rho / (2 mu (1 - rho))
  validate(spec, wq, 20, 100'000);
}

}  // namespace
}  // namespace whsim
