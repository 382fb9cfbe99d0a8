// False alarms of `whsim check`, measured rather than assumed: 100 trials, each a baseline of the
// quickstart (one hour of orders, 10 replications) against a variant that differs only by noise
// (the same model run with other seeds, so nothing changed but the random numbers). The check
// must pass at least 95 of the 100 with the default tolerance (2%), as the issue asks; with no
// tolerance at all (statistical 0 sd: any significant change fails) the family-wise rate must
// stay near the nominal alpha = 5% (Holm over the seven default KPIs is conservative). A
// judgement that ignored the tolerance, used a two-sided test on one side, or forgot the
// multiple-testing correction would fail one of the two. The measured rates are printed.
// Deterministic (fixed seeds); label validation;slow (about 10 s in an optimised build).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "whsim/run/baseline.hpp"
#include "whsim/run/experiment.hpp"
#include "whsim/scenario/loader.hpp"
#include "whsim/stats/estimates.hpp"
#include "whsim/stats/regression.hpp"

namespace whsim {
namespace {

constexpr int kTrials = 100;
constexpr int kReplications = 10;
constexpr double kAlpha = 0.05;

scenario::ScenarioSpec quickstart_hour(std::uint64_t seed) {
  scenario::YamlDocument doc = scenario::load_scenario_document("scenarios/quickstart.yaml");
  doc.apply_override("simulation.horizon=1h");
  doc.apply_override("simulation.warmup=10min");
  doc.apply_override(fmt::format("simulation.seed={}", seed));
  return scenario::load_scenario(doc);
}

/// Every default-guarded KPI's replication values for one seed.
std::vector<std::vector<double>> guarded_values(std::uint64_t seed, const std::vector<std::string>& kpis) {
  run::ReplicationsOptions options;
  options.replications = kReplications;
  options.jobs = 2;
  options.run.records = false;
  const run::ReplicationsOutput out = run::run_replications(quickstart_hour(seed), options);
  std::vector<std::vector<double>> values;
  for (const std::string& k : kpis) {
    std::vector<double> v;
    for (const auto& r : out.runs) v.push_back(stats::kpi_statistic(r.result, k));
    values.push_back(std::move(v));
  }
  return values;
}

TEST(CheckFalseAlarms, NoiseOnlyVariantsPassAtLeast95Of100) {
  const std::vector<std::string> kpis = run::default_guarded_kpis();
  ASSERT_FALSE(kpis.empty());
  int failed_default = 0;
  int failed_no_tolerance = 0;
  int failed_kpi_tests = 0;
  int raw_below_alpha = 0;
  int failed_without_holm = 0;
  int identical = 0;
  for (int t = 0; t < kTrials; ++t) {
    const auto base = guarded_values(1000 + static_cast<std::uint64_t>(t), kpis);
    const auto now = guarded_values(500000 + static_cast<std::uint64_t>(t), kpis);
    std::vector<stats::GuardedKpi> with_tolerance;
    std::vector<stats::GuardedKpi> without;
    for (std::size_t i = 0; i < kpis.size(); ++i) {
      with_tolerance.push_back({kpis[i], run::kpi_better(kpis[i]), stats::Tolerance{}, base[i], now[i]});
      without.push_back({kpis[i], run::kpi_better(kpis[i]),
                         stats::Tolerance{stats::ToleranceKind::kStatistical, 0.0}, base[i], now[i]});
    }
    bool fail = false;
    for (const auto& j : stats::judge_regressions(with_tolerance, kAlpha))
      fail = fail || stats::fails(j.verdict);
    failed_default += fail ? 1 : 0;
    fail = false;
    bool raw_fail = false;
    for (const auto& j : stats::judge_regressions(without, kAlpha)) {
      if (j.p_worse < kAlpha) ++raw_below_alpha;
      raw_fail = raw_fail || j.p_worse < kAlpha;
      if (j.identical) ++identical;
      fail = fail || stats::fails(j.verdict);
      failed_kpi_tests += stats::fails(j.verdict) ? 1 : 0;
    }
    failed_no_tolerance += fail ? 1 : 0;
    failed_without_holm += raw_fail ? 1 : 0;
  }
  std::printf(
      "noise-only variants failing the check: %d of %d with the default 2%% tolerance, %d of %d with no "
      "tolerance (%d of %zu KPI tests)\n",
      failed_default, kTrials, failed_no_tolerance, kTrials, failed_kpi_tests,
      static_cast<std::size_t>(kTrials) * kpis.size());
  std::printf(
      "before the Holm correction: %d of %d KPI tests below alpha (%d KPIs identical in both runs); "
      "%d of %d trials would fail without the correction\n",
      raw_below_alpha, kTrials * static_cast<int>(kpis.size()) - identical, identical, failed_without_holm,
      kTrials);
  EXPECT_LE(failed_default, 5) << "the check cries wolf on noise";
  // Holm keeps the family-wise rate at or below alpha: 5 expected at most; 11 or more of 100
  // has probability below 1.2% for a true rate of 5%.
  EXPECT_LE(failed_no_tolerance, 10) << "the family-wise false-alarm rate exceeds alpha";
}

}  // namespace
}  // namespace whsim
