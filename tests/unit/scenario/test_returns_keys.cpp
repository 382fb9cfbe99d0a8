// The customer returns keys (returns.*): read with positions, switched on by any key given, off
// by default and with an empty section, checked against each other and against inbound, and
// carried into the warehouse configuration.
#include <array>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "whsim/scenario/build.hpp"
#include "whsim/scenario/loader.hpp"

#include "unit/scenario/scenario_test_support.hpp"

namespace whsim::scenario {
namespace {

using test_support::config_errors;
using test_support::config_of;
using test_support::errors_of;
using test_support::load;

/// A small parametric floor (15 x 9 cells) with inbound on (station 0 stows), which returns need.
constexpr std::string_view kInbound =
    "floor:\n  block_columns: 2\n  block_rows: 2\ninbound:\n  stow:\n    stations: [0]\n";

TEST(ReturnsTest, EveryKeyReachesTheConfiguration) {
  const std::string text = std::string(kInbound) +
                           "returns:\n"                                        // line 7
                           "  rate: [8%, 0.1, 2.5 %]\n"                        // 8
                           "  delay: {dist: uniform, min: 2d, max: 6d}\n"      // 9
                           "  arrival_times: [\"15:30\", \"09:00\"]\n"         // 10
                           "  workers: 5\n"                                    // 11
                           "  inspect_time: {dist: exponential, mean: 90s}\n"  // 12
                           "  outcomes:\n"                                     // 13
                           "    restock: 55%\n"                                // 14
                           "    refurbish: 45%\n"                              // 15
                           "  refurbish_time: 2h\n";                           // 16
  const ScenarioSpec spec = load(text);
  const ReturnsSpec& s = spec.returns;
  EXPECT_TRUE(s.enabled);
  EXPECT_EQ(s.where.to_string(), "s.yaml:8:3");  // the section (its first key)
  ASSERT_EQ(s.rate.value.size(), 3U);
  EXPECT_DOUBLE_EQ(s.rate.value[0], 0.08);
  EXPECT_DOUBLE_EQ(s.rate.value[1], 0.1);
  EXPECT_DOUBLE_EQ(s.rate.value[2], 0.025);
  EXPECT_TRUE(s.rate.given);
  EXPECT_EQ(s.rate.where.to_string(), "s.yaml:8:9");
  EXPECT_EQ(s.arrival_times.where.to_string(), "s.yaml:10:18");
  EXPECT_EQ(s.workers.where.to_string(), "s.yaml:11:12");
  EXPECT_DOUBLE_EQ(s.restock.value, 0.55);
  EXPECT_EQ(s.refurbish.where.to_string(), "s.yaml:15:16");
  EXPECT_TRUE(s.refurbish_time.given);

  const model::WarehouseConfig c = config_of(text);
  const model::ReturnsConfig& r = c.returns;
  EXPECT_TRUE(r.enabled);
  EXPECT_DOUBLE_EQ(r.rate[0], 0.08);
  EXPECT_DOUBLE_EQ(r.rate[1], 0.1);
  EXPECT_DOUBLE_EQ(r.rate[2], 0.025);
  EXPECT_FALSE(r.delay.is_constant());
  EXPECT_DOUBLE_EQ(r.delay.mean(), 4 * 86400.0);
  // Sorted, whatever the file's order.
  EXPECT_EQ(r.arrival_times, (std::vector<Duration>{Duration::hours(9), Duration::minutes(15 * 60 + 30)}));
  EXPECT_EQ(r.workers, 5);
  EXPECT_FALSE(r.inspect_time.is_constant());
  EXPECT_DOUBLE_EQ(r.inspect_time.mean(), 90.0);
  EXPECT_DOUBLE_EQ(r.restock, 0.55);
  EXPECT_DOUBLE_EQ(r.refurbish, 0.45);  // 55% + 45%: exactly all, nothing disposed of
  EXPECT_TRUE(r.refurbish_time.is_constant());
  EXPECT_DOUBLE_EQ(r.refurbish_time.mean(), 7200.0);
  // Returns change nothing else.
  EXPECT_TRUE(c.inbound.enabled);
  EXPECT_FALSE(c.outbound.enabled);
}

TEST(ReturnsTest, OffByDefaultAndWithAnEmptySection) {
  const model::ReturnsConfig defaults;
  for (const std::string& text :
       {std::string(kInbound), std::string(kInbound) + "returns:\n",
        std::string(kInbound) + "returns:\n  outcomes:\n", std::string(kInbound) + "returns: {}\n"}) {
    const ScenarioSpec spec = load(text);
    EXPECT_FALSE(spec.returns.enabled) << text;
    const model::ReturnsConfig r = config_of(text).returns;
    EXPECT_FALSE(r.enabled) << text;
    EXPECT_EQ(r.rate, defaults.rate);
    EXPECT_DOUBLE_EQ(r.delay.mean(), defaults.delay.mean());
    EXPECT_TRUE(r.arrival_times.empty());
    EXPECT_EQ(r.workers, defaults.workers);
    EXPECT_DOUBLE_EQ(r.inspect_time.mean(), defaults.inspect_time.mean());
    EXPECT_DOUBLE_EQ(r.restock, defaults.restock);
    EXPECT_DOUBLE_EQ(r.refurbish, defaults.refurbish);
    EXPECT_DOUBLE_EQ(r.refurbish_time.mean(), defaults.refurbish_time.mean());
  }
  // Without inbound too (an empty section needs no inbound).
  EXPECT_FALSE(load("returns:\n").returns.enabled);
  EXPECT_TRUE(errors_of("returns:\n  outcomes:\n").empty());
}

TEST(ReturnsTest, TheDefaults) {
  const std::string text = std::string(kInbound) + "returns:\n  workers: 2\n";
  const ScenarioSpec spec = load(text);
  const ReturnsSpec& s = spec.returns;
  EXPECT_TRUE(s.enabled);  // a key given at its default value still turns returns on
  EXPECT_EQ(s.rate.value, (std::vector<double>{0.05, 0.05, 0.05}));
  EXPECT_FALSE(s.rate.given);
  EXPECT_FALSE(s.arrival_times.given);
  EXPECT_FALSE(s.restock.given);

  const model::ReturnsConfig r = config_of(text).returns;
  EXPECT_TRUE(r.enabled);
  EXPECT_EQ(r.rate, (std::array<double, 3>{0.05, 0.05, 0.05}));
  EXPECT_TRUE(r.delay.is_constant());
  EXPECT_DOUBLE_EQ(r.delay.mean(), 5 * 86400.0);
  EXPECT_TRUE(r.arrival_times.empty());  // each return arrives when its delay has passed
  EXPECT_EQ(r.workers, 2);
  EXPECT_TRUE(r.inspect_time.is_constant());
  EXPECT_DOUBLE_EQ(r.inspect_time.mean(), 60.0);
  EXPECT_DOUBLE_EQ(r.restock, 0.7);
  EXPECT_DOUBLE_EQ(r.refurbish, 0.2);
  EXPECT_TRUE(r.refurbish_time.is_constant());
  EXPECT_DOUBLE_EQ(r.refurbish_time.mean(), 86400.0);

  // Any one key turns returns on, wherever it is.
  const ScenarioSpec one_key = load(std::string(kInbound) + "returns:\n  outcomes:\n    restock: 60%\n");
  EXPECT_TRUE(one_key.returns.enabled);
  EXPECT_EQ(one_key.returns.where.to_string(), "s.yaml:8:3");
}

TEST(ReturnsTest, BadValuesAreReportedAtTheirKey) {
  const auto returns = [](std::string_view keys) {
    return errors_of(std::string(kInbound) + "returns:\n" + std::string(keys));
  };
  EXPECT_EQ(returns("  rate: [5%, 5%]\n"),
            std::vector<std::string>{"s.yaml:8:9: returns.rate: expected 3 numbers, got 2"});
  EXPECT_EQ(returns("  rate: 5%\n"),
            std::vector<std::string>{"s.yaml:8:9: returns.rate: expected a list of numbers, got \"5%\""});
  EXPECT_EQ(returns("  rate: [5%, 150%, 5%]\n"),
            std::vector<std::string>{
                "s.yaml:8:14: returns.rate: \"150%\" is out of range (expected 3 fractions, 0 to 1 or 0% to "
                "100%)"});
  EXPECT_EQ(returns("  rate: [5%, 0.1, 1.5]\n"),
            std::vector<std::string>{
                "s.yaml:8:19: returns.rate: \"1.5\" is out of range (expected 3 fractions, 0 to 1 or 0% to "
                "100%)"});
  EXPECT_EQ(
      returns("  rate: [5%, -1%, 5%]\n"),
      std::vector<std::string>{"s.yaml:8:14: returns.rate: \"-1%\" is negative (expected a number >= 0)"});
  EXPECT_EQ(returns("  rate: [5%, 5 pc, 5%]\n"),
            std::vector<std::string>{"s.yaml:8:14: returns.rate: expected a number, got \"5 pc\""});
  EXPECT_EQ(
      returns("  workers: 0\n"),
      std::vector<std::string>{"s.yaml:8:12: returns.workers: \"0\" is out of range (expected 1 to 10^6)"});
  EXPECT_EQ(
      returns("  delay: 5\n"),
      std::vector<std::string>{
          "s.yaml:8:10: returns.delay: \"5\" needs a unit: a duration in us, ms, s, sec, second, seconds, "
          "m, min, minute, minutes, h, hr, hour, hours, d, day, days, w, week or weeks"});
  EXPECT_EQ(returns("  outcomes:\n    restock: 0.7\n"),
            std::vector<std::string>{"s.yaml:9:14: returns.outcomes.restock: \"0.7\" needs a unit: a "
                                     "percentage in %"});
  EXPECT_EQ(returns("  arrival_times: [\"10:00\", \"10:00\"]\n"),
            std::vector<std::string>{"s.yaml:8:28: returns.arrival_times: \"10:00\" is listed twice "
                                     "(expected distinct times)"});
  EXPECT_EQ(returns("  arrival_times: [\"00:00\", \"12:00\", \"24:00\"]\n"),
            std::vector<std::string>{"s.yaml:8:18: returns.arrival_times: 00:00 and 24:00 are the same time "
                                     "of day (expected distinct times)"});
  EXPECT_EQ(returns("  arrival_times: [\"25:00\"]\n").size(), 1U);
  EXPECT_EQ(returns("  outcome:\n    restock: 50%\n"),
            std::vector<std::string>{
                "s.yaml:8:3: returns.outcome: unknown key \"outcome\" (did you mean \"outcomes\"?)"});
}

TEST(ReturnsTest, TheOutcomesAddUpToAtMostAll) {
  const auto outcomes = [](std::string_view keys) {
    return errors_of(std::string(kInbound) + "returns:\n  outcomes:\n" + std::string(keys));
  };
  // Both given: at the later one.
  EXPECT_EQ(
      outcomes("    restock: 80%\n    refurbish: 30%\n"),
      std::vector<std::string>{
          "s.yaml:10:16: returns.outcomes.refurbish: 30% with returns.outcomes.restock (80%) adds up to "
          "110% of the inspected units (expected restock and refurbish to add up to at most 100%; the "
          "rest is disposed of)"});
  EXPECT_EQ(
      outcomes("    refurbish: 30%\n    restock: 80%\n"),
      std::vector<std::string>{
          "s.yaml:10:14: returns.outcomes.restock: 80% with returns.outcomes.refurbish (30%) adds up to "
          "110% of the inspected units (expected restock and refurbish to add up to at most 100%; the "
          "rest is disposed of)"});
  // One given: at it, against the other's default.
  EXPECT_EQ(
      outcomes("    restock: 90%\n"),
      std::vector<std::string>{
          "s.yaml:9:14: returns.outcomes.restock: 90% with returns.outcomes.refurbish (20%, the default) "
          "adds up to 110% of the inspected units (expected restock and refurbish to add up to at most "
          "100%; the rest is disposed of)"});
  // Exactly 100% is fine (nothing disposed of), and so is nothing restocked at all.
  EXPECT_TRUE(outcomes("    restock: 70%\n    refurbish: 30%\n").empty());
  EXPECT_TRUE(outcomes("    restock: 0%\n    refurbish: 0%\n").empty());
  // A wrong share is reported once, not again in the sum.
  EXPECT_EQ(outcomes("    restock: 120%\n"),
            std::vector<std::string>{
                "s.yaml:9:14: returns.outcomes.restock: \"120%\" is out of range (expected 0% to 100%, with "
                "refurbish at most 100%)"});
}

TEST(ReturnsTest, ReturnsNeedTheInboundStowFlow) {
  const std::string message =
      "inbound.stow.stations: returned units are restocked by the stow flow, so the scenario needs inbound "
      "stow stations (expected inbound.stow.stations: a list of station indices, such as [0], which turns "
      "inbound on)";
  EXPECT_EQ(errors_of("returns:\n  workers: 3\n"), std::vector<std::string>{"s.yaml:2:3: " + message});
  // At the returns section, not at the key that turned returns on.
  EXPECT_EQ(errors_of("returns:\n  outcomes:\n    restock: 50%\n"),
            std::vector<std::string>{"s.yaml:2:3: " + message});
  // An empty inbound section turns nothing on either.
  EXPECT_EQ(errors_of("inbound:\nreturns:\n  rate: [1%, 1%, 1%]\n"),
            std::vector<std::string>{"s.yaml:3:3: " + message});
  // With inbound on, a missing stow station list is inbound's own problem, reported once.
  EXPECT_EQ(
      errors_of("inbound:\n  doors: 1\nreturns:\n  workers: 3\n"),
      std::vector<std::string>{
          "s.yaml:2:3: inbound.stow.stations: no stow stations are given, but inbound and replenishment "
          "need them (expected inbound.stow.stations: a list of station indices, such as [0])"});
  // With stow stations, returns are fine.
  EXPECT_TRUE(errors_of("inbound:\n  stow:\n    stations: [0]\nreturns:\n  workers: 3\n").empty());
}

/// Worker pools, lines 7 to 18 after kInbound: pickers pick, flex picks (by skill, as stations.pools
/// is not given), stowret stows (by skill, inbound being on), early and late inspect returns.
constexpr std::string_view kPools =
    "workforce:\n"
    "  pools:\n"
    "    - {name: pickers, skills: [pick], workers: 3}\n"
    "    - {name: flex, skills: [pick, returns], workers: 2}\n"
    "    - {name: stowret, skills: [stow, returns], workers: 2}\n"
    "    - name: early\n"
    "      skills: [returns]\n"
    "      workers: 4\n"
    "      shift_start: \"06:00\"\n"
    "      shift_end: \"14:00\"\n"
    "      breaks: [\"10:00 30min\"]\n"
    "    - {name: late, skills: [returns, pack], workers: 1, shift_start: \"14:00\", shift_end: \"22:00\"}\n";

constexpr std::string_view kOneCarrier = "  carriers:\n    - name: post\n      cutoffs: [\"18:00\"]\n";

TEST(ReturnsTest, NamedPoolsInspectOnTheirShiftPlans) {
  const std::string text = std::string(kInbound) + std::string(kPools) +
                           "returns:\n"           // line 19
                           "  workers: 5\n"       // 20
                           "  pools: [early]\n";  // 21
  const ScenarioSpec spec = load(text);
  EXPECT_TRUE(spec.returns.enabled);
  EXPECT_TRUE(spec.returns.pools.given);
  EXPECT_EQ(spec.returns.pools.value, (std::vector<std::string>{"early"}));
  EXPECT_EQ(spec.returns.pools.where.to_string(), "s.yaml:21:10");

  const model::WarehouseConfig c = config_of(text);
  const model::ReturnsConfig& r = c.returns;
  EXPECT_TRUE(r.enabled);
  EXPECT_EQ(r.workers, 5);        // kept, but not used with pools
  ASSERT_EQ(r.pools.size(), 1U);  // late has the returns skill too, but is not named
  const model::ShiftPool& early = r.pools[0];
  EXPECT_EQ(early.name, "early");
  EXPECT_EQ(early.workers, 4);
  EXPECT_EQ(early.start, Duration::hours(6));
  EXPECT_EQ(early.end, Duration::hours(14));
  EXPECT_EQ(early.days, 0x7F);  // every day
  ASSERT_EQ(early.breaks.size(), 1U);
  EXPECT_EQ(early.breaks[0].first, Duration::hours(10));
  EXPECT_EQ(early.breaks[0].second, Duration::minutes(30));
  // The other roles keep their pools by skill (pickers and flex pick, stowret stows).
  EXPECT_EQ(c.pick_pools.size(), 2U);
  EXPECT_EQ(c.inbound.stow_pools.size(), 1U);
}

TEST(ReturnsTest, ByDefaultThePoolsWithTheReturnsSkillThatNoEarlierRoleTakes) {
  const model::WarehouseConfig c =
      config_of(std::string(kInbound) + std::string(kPools) + "returns:\n  workers: 3\n");
  // flex picks and stowret stows (by their skills), so neither inspects returns too.
  ASSERT_EQ(c.pick_pools.size(), 2U);
  EXPECT_EQ(c.pick_pools[1].name, "flex");
  ASSERT_EQ(c.inbound.stow_pools.size(), 1U);
  EXPECT_EQ(c.inbound.stow_pools[0].name, "stowret");
  const model::ReturnsConfig& r = c.returns;
  ASSERT_EQ(r.pools.size(), 2U);  // in the order of workforce.pools
  EXPECT_EQ(r.pools[0].name, "early");
  EXPECT_EQ(r.pools[1].name, "late");
  EXPECT_EQ(r.pools[1].workers, 1);
  EXPECT_EQ(r.pools[1].start, Duration::hours(14));
  EXPECT_EQ(r.pools[1].end, Duration::hours(22));
  EXPECT_TRUE(r.pools[1].breaks.empty());
  // Packing (outbound on) takes late by its pack skill before the returns station does.
  const model::WarehouseConfig packing =
      config_of(std::string(kInbound) + std::string(kPools) + "outbound:\n" + std::string(kOneCarrier) +
                "returns:\n  workers: 3\n");
  ASSERT_EQ(packing.outbound.pack_pools.size(), 1U);
  EXPECT_EQ(packing.outbound.pack_pools[0].name, "late");
  ASSERT_EQ(packing.returns.pools.size(), 1U);
  EXPECT_EQ(packing.returns.pools[0].name, "early");
  // Without pools with the returns skill, the fixed returns.workers inspect.
  const model::WarehouseConfig fixed =
      config_of(std::string(kInbound) + "workforce:\n  pools:\n    - {name: pickers, skills: [pick]}\n" +
                "returns:\n  workers: 3\n");
  EXPECT_TRUE(fixed.returns.pools.empty());
  EXPECT_EQ(fixed.returns.workers, 3);
  // Returns off: no returns pools, whatever the skills.
  EXPECT_TRUE(config_of(std::string(kInbound) + std::string(kPools)).returns.pools.empty());
}

TEST(ReturnsTest, APoolStaffsOneRole) {
  // Named for packing and for the returns station: an error at returns.pools that names both.
  const std::vector<std::string> twice =
      config_errors(std::string(kInbound) + std::string(kPools) + "outbound:\n  pack:\n    pools: [late]\n" +
                    std::string(kOneCarrier) + "returns:\n  pools: [late]\n");
  ASSERT_EQ(twice.size(), 1U);
  EXPECT_EQ(twice[0],
            "s.yaml:26:10: returns.pools: the pool \"late\" already staffs packing (named in "
            "outbound.pack.pools); a pool staffs one role, so its workers would be on duty twice (expected "
            "another pool: split \"late\" into one pool per role)");
  // Taken by picking (by its skill), then named for returns.
  const std::vector<std::string> picked =
      config_errors(std::string(kInbound) + std::string(kPools) + "returns:\n  pools: [flex]\n");
  ASSERT_EQ(picked.size(), 1U);
  EXPECT_NE(
      picked[0].find("returns.pools: the pool \"flex\" already staffs the pick stations (by its skill, as "
                     "stations.pools is not given)"),
      std::string::npos)
      << picked[0];
  // Taken by stowing (by its skill, inbound being on), then named for returns.
  const std::vector<std::string> stowed =
      config_errors(std::string(kInbound) + std::string(kPools) + "returns:\n  pools: [stowret]\n");
  EXPECT_EQ(stowed,
            std::vector<std::string>{
                "s.yaml:20:10: returns.pools: the pool \"stowret\" already staffs stowing (by its skill, as "
                "inbound.stow.pools is not given); a pool staffs one role, so its workers would be on duty "
                "twice (expected another pool: split \"stowret\" into one pool per role, or give "
                "inbound.stow.pools)"});
  // Each pool in one role: fine.
  EXPECT_TRUE(config_errors(std::string(kInbound) + std::string(kPools) +
                            "outbound:\n  pack:\n    pools: [late]\n" + std::string(kOneCarrier) +
                            "returns:\n  pools: [early]\n")
                  .empty());
}

TEST(ReturnsTest, UnknownPoolsAndPoolsWithoutTheSkill) {
  EXPECT_EQ(
      errors_of(std::string(kInbound) + std::string(kPools) + "returns:\n  pools: [erly]\n"),
      std::vector<std::string>{"s.yaml:20:10: returns.pools: no worker pool named \"erly\" (did you mean "
                               "\"early\"? expected pickers, flex, stowret, early or late)"});
  EXPECT_EQ(errors_of(std::string(kInbound) + std::string(kPools) + "returns:\n  pools: [pickers]\n"),
            std::vector<std::string>{
                "s.yaml:20:10: returns.pools: the pool \"pickers\" has no returns skill (its skills: pick)"});
  EXPECT_EQ(errors_of(std::string(kInbound) + "returns:\n  pools: [early]\n"),
            std::vector<std::string>{"s.yaml:8:10: returns.pools: no worker pool named \"early\" (expected a "
                                     "pool defined under workforce.pools)"});
}

}  // namespace
}  // namespace whsim::scenario
