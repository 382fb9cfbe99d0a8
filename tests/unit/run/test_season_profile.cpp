// orders.season_profile: demand multipliers per calendar day of the run (the start date first).
// The quickstart starts at 06:00, so day 0 is 18 hours long. A zero day has no arrivals at all
// (exact), a doubled day about twice the base rate (Poisson, within 5 standard deviations), the
// days after the list keep the base rate, and a scenario without the key runs exactly as before
// (the golden baselines check its fingerprints).
#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "whsim/run/replication.hpp"
#include "whsim/scenario/loader.hpp"
#include "whsim/stats/estimates.hpp"

namespace whsim {
namespace {

double arrivals(const std::vector<std::string>& overrides) {
  scenario::YamlDocument doc = scenario::load_scenario_document("scenarios/quickstart.yaml");
  doc.apply_override("simulation.warmup=0s");
  for (const auto& o : overrides) doc.apply_override(o);
  run::ReplicationOptions options;
  options.records = false;
  const auto out = run::run_replication(scenario::load_scenario(doc), options);
  return stats::kpi_statistic(out.result, "orders.arrived");
}

void expect_poisson(double observed, double mean) {
  EXPECT_LT(std::fabs(observed - mean), 5.0 * std::sqrt(mean)) << observed << " arrivals, expected " << mean;
}

TEST(SeasonProfile, AZeroDayHasNoArrivals) {
  // Day 0 runs 06:00-24:00 on the start date: 18 hours at multiplier 0.
  EXPECT_EQ(arrivals({"simulation.horizon=18h", "orders.season_profile=[0, 1]"}), 0.0);
  // The next day is back at the base rate of 720 an hour.
  expect_poisson(arrivals({"simulation.horizon=24h", "orders.season_profile=[0, 1]"}), 720.0 * 6);
}

TEST(SeasonProfile, MultipliersScaleTheRateDayByDay) {
  // 18 hours at 720/h, then 12 hours at 3 x 720/h.
  expect_poisson(arrivals({"simulation.horizon=30h", "orders.season_profile=[1, 3]"}), 720.0 * (18 + 3 * 12));
  // After the list: multiplier 1.
  expect_poisson(arrivals({"simulation.horizon=30h", "orders.season_profile=[0.5]"}),
                 720.0 * (0.5 * 18 + 12));
  // The same run without the key.
  expect_poisson(arrivals({"simulation.horizon=30h"}), 720.0 * 30);
}

TEST(SeasonProfile, CombinesWithTheHourlyProfile) {
  // Arrivals only 08:00-09:00 (hourly weights average 1/24, so that hour carries 24 x the
  // rate); day 0 doubled: 2 x 24 x 720 in that one hour, nothing else before midnight.
  std::string hourly = "orders.hourly_profile=[0, 0, 0, 0, 0, 0, 0, 0, 1";
  for (int h = 9; h < 24; ++h) hourly += ", 0";
  hourly += "]";
  expect_poisson(arrivals({"simulation.horizon=18h", hourly, "orders.season_profile=[2]"}), 2.0 * 24 * 720);
}

TEST(SeasonProfile, RareArrivalsContinueAfterTheProfile) {
  // One order a day on average, with a profile (and, separately, an hourly profile that leaves
  // one hour a day open): arrivals weeks apart must not end the arrival process. 1,000 days.
  const std::vector<std::string> rare{"simulation.horizon=1000d", "orders.rate=1/d",
                                      "simulation.sample_interval=1h", "orders.season_profile=[1, 0, 2]"};
  // Day 0 (18 h) at 1, day 1 at 0, day 2 at 2, then 997.25 days at 1: 1,000 expected.
  expect_poisson(arrivals(rare), 1000.0);
  std::vector<std::string> hourly = rare;
  std::string profile = "orders.hourly_profile=[1";
  for (int h = 1; h < 24; ++h) profile += ", 0";
  hourly.push_back(profile + "]");
  hourly.emplace_back("orders.rate=0.1/d");  // an order every 10 days on average, at 00:00-01:00
  // Day 0 has no 00:00 hour (the run starts at 06:00): 0.1 x (999 days - 1 + 2) = 100.
  expect_poisson(arrivals(hourly), 100.0);
}

TEST(SeasonProfile, TheOrderBoundWeighsEachDay) {
  const auto load = [](const std::vector<std::string>& overrides) {
    scenario::YamlDocument doc = scenario::load_scenario_document("scenarios/quickstart.yaml");
    for (const auto& o : overrides) doc.apply_override(o);
    return scenario::load_scenario(doc);
  };
  // A year at 600/h with one 10x day: about 5.3 million orders, accepted.
  EXPECT_NO_THROW((void)load(
      {"simulation.horizon=365d", "orders.rate=600/h", "orders.season_profile=[1, 1, 1, 1, 1, 1, 1, 10]"}));
  // Multipliers that push a run past 5e7 orders are named as the cause.
  try {
    (void)load({"simulation.horizon=365d", "orders.rate=5000/h",
                "orders.season_profile=[1, 1, 1, 1, 1, 1, 1, 1000]"});
    ADD_FAILURE() << "accepted";
  } catch (const InputError& e) {
    const std::string message = e.diagnostics().front().to_string();
    // Located at the override (command line: --set orders.season_profile=...).
    EXPECT_NE(message.find("orders.season_profile"), std::string::npos) << message;
    EXPECT_NE(message.find("with these multipliers"), std::string::npos) << message;
  }
}

TEST(SeasonProfile, BadValuesAreRejected) {
  for (const char* bad : {"orders.season_profile=[1, 2000]", "orders.season_profile=[-1, 1]",
                          "orders.season_profile=[]", "orders.season_profile=[0, 0]"}) {
    scenario::YamlDocument doc = scenario::load_scenario_document("scenarios/quickstart.yaml");
    doc.apply_override(bad);
    EXPECT_THROW((void)scenario::load_scenario(doc), InputError) << bad;
  }
}

}  // namespace
}  // namespace whsim
