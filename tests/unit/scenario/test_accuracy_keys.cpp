// The damage and record accuracy keys (damage.*, record_errors.*): read with positions, switched on
// by any key given, off by default and with empty sections, checked against the flows they happen
// in and against each other, and carried into the warehouse configuration.
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "whsim/scenario/build.hpp"
#include "whsim/scenario/loader.hpp"

#include "unit/scenario/scenario_test_support.hpp"

namespace whsim::scenario {
namespace {

using test_support::config_of;
using test_support::errors_of;
using test_support::load;

/// A small parametric floor (15 x 9 cells) with inbound (station 0 stows) and outbound (one
/// carrier) on: lines 1 to 10.
constexpr std::string_view kBothFlows =
    "floor:\n  block_columns: 2\n  block_rows: 2\n"
    "inbound:\n  stow:\n    stations: [0]\n"
    "outbound:\n  carriers:\n    - name: post\n      cutoffs: [\"18:00\"]\n";
/// The same floor with neither inbound nor outbound: lines 1 to 3.
constexpr std::string_view kNoFlows = "floor:\n  block_columns: 2\n  block_rows: 2\n";

TEST(AccuracyTest, EveryKeyReachesTheConfiguration) {
  const std::string text = std::string(kBothFlows) +
                           "damage:\n"                   // line 11
                           "  unload: 0.5%\n"            // 12
                           "  stow: 0.2 %\n"             // 13
                           "  pick: 0.1%\n"              // 14
                           "  pack: 0.05%\n"             // 15
                           "record_errors:\n"            // 16
                           "  unrecorded_damage: 25%\n"  // 17
                           "  wrong_bin: 1%\n"           // 18
                           "  miscount: 2%\n"            // 19
                           "  miscount_max: 4\n"         // 20
                           "  shrinkage: 0.01%\n";       // 21
  const ScenarioSpec spec = load(text);
  const AccuracySpec& s = spec.accuracy;
  EXPECT_TRUE(s.enabled);
  EXPECT_EQ(s.where.to_string(), "s.yaml:12:3");  // the damage section (its first key)
  EXPECT_DOUBLE_EQ(s.damage_unload.value, 0.005);
  EXPECT_TRUE(s.damage_unload.given);
  EXPECT_EQ(s.damage_unload.where.to_string(), "s.yaml:12:11");
  EXPECT_DOUBLE_EQ(s.damage_stow.value, 0.002);
  EXPECT_DOUBLE_EQ(s.damage_pick.value, 0.001);
  EXPECT_DOUBLE_EQ(s.damage_pack.value, 0.0005);
  EXPECT_DOUBLE_EQ(s.unrecorded_damage.value, 0.25);
  EXPECT_EQ(s.unrecorded_damage.where.to_string(), "s.yaml:17:22");
  EXPECT_DOUBLE_EQ(s.wrong_bin.value, 0.01);
  EXPECT_DOUBLE_EQ(s.miscount.value, 0.02);
  EXPECT_EQ(s.miscount_max.value, 4);
  EXPECT_EQ(s.miscount_max.where.to_string(), "s.yaml:20:17");
  EXPECT_DOUBLE_EQ(s.shrinkage.value, 0.0001);

  const model::WarehouseConfig c = config_of(text);
  const model::AccuracyConfig& a = c.accuracy;
  EXPECT_TRUE(a.enabled);
  EXPECT_DOUBLE_EQ(a.damage_unload, 0.005);
  EXPECT_DOUBLE_EQ(a.damage_stow, 0.002);
  EXPECT_DOUBLE_EQ(a.damage_pick, 0.001);
  EXPECT_DOUBLE_EQ(a.damage_pack, 0.0005);
  EXPECT_DOUBLE_EQ(a.unrecorded_damage, 0.25);
  EXPECT_DOUBLE_EQ(a.wrong_bin, 0.01);
  EXPECT_DOUBLE_EQ(a.miscount, 0.02);
  EXPECT_EQ(a.miscount_max, 4);
  EXPECT_DOUBLE_EQ(a.shrinkage, 0.0001);
  EXPECT_TRUE(a.record_errors());
  // Damage and record errors change nothing else.
  EXPECT_TRUE(c.inbound.enabled);
  EXPECT_TRUE(c.outbound.enabled);
  EXPECT_FALSE(c.returns.enabled);
}

TEST(AccuracyTest, OffByDefaultAndWithEmptySections) {
  const model::AccuracyConfig defaults;
  for (const std::string& text : {std::string(kBothFlows), std::string(kBothFlows) + "damage:\n",
                                  std::string(kBothFlows) + "record_errors:\n",
                                  std::string(kBothFlows) + "damage: {}\nrecord_errors: {}\n"}) {
    const ScenarioSpec spec = load(text);
    EXPECT_FALSE(spec.accuracy.enabled) << text;
    const model::AccuracyConfig a = config_of(text).accuracy;
    EXPECT_FALSE(a.enabled) << text;
    EXPECT_DOUBLE_EQ(a.damage_unload, defaults.damage_unload);
    EXPECT_DOUBLE_EQ(a.damage_stow, defaults.damage_stow);
    EXPECT_DOUBLE_EQ(a.damage_pick, defaults.damage_pick);
    EXPECT_DOUBLE_EQ(a.damage_pack, defaults.damage_pack);
    EXPECT_DOUBLE_EQ(a.unrecorded_damage, defaults.unrecorded_damage);
    EXPECT_DOUBLE_EQ(a.wrong_bin, defaults.wrong_bin);
    EXPECT_DOUBLE_EQ(a.miscount, defaults.miscount);
    EXPECT_EQ(a.miscount_max, defaults.miscount_max);
    EXPECT_DOUBLE_EQ(a.shrinkage, defaults.shrinkage);
  }
  // Empty sections need neither inbound nor outbound.
  EXPECT_FALSE(load("damage:\nrecord_errors:\n").accuracy.enabled);
  EXPECT_TRUE(errors_of("damage:\nrecord_errors:\n").empty());
}

TEST(AccuracyTest, TheDefaults) {
  const std::string text = std::string(kNoFlows) + "record_errors:\n  shrinkage: 0%\n";
  const ScenarioSpec spec = load(text);
  const AccuracySpec& s = spec.accuracy;
  EXPECT_TRUE(s.enabled);  // a key given at its default value still turns accuracy on
  EXPECT_EQ(s.where.to_string(), "s.yaml:5:3");
  for (const Located<double>* rate : {&s.damage_unload, &s.damage_stow, &s.damage_pick, &s.damage_pack,
                                      &s.unrecorded_damage, &s.wrong_bin, &s.miscount}) {
    EXPECT_DOUBLE_EQ(rate->value, 0.0);
    EXPECT_FALSE(rate->given);
  }
  EXPECT_EQ(s.miscount_max.value, 1);
  EXPECT_FALSE(s.miscount_max.given);
  EXPECT_TRUE(s.shrinkage.given);

  const model::AccuracyConfig a = config_of(text).accuracy;
  EXPECT_TRUE(a.enabled);
  EXPECT_DOUBLE_EQ(a.damage_unload, 0.0);
  EXPECT_DOUBLE_EQ(a.damage_pick, 0.0);
  EXPECT_EQ(a.miscount_max, 1);
  EXPECT_DOUBLE_EQ(a.shrinkage, 0.0);
  EXPECT_FALSE(a.record_errors());

  // Any one key of either section turns accuracy on; without inbound and outbound, pick damage and
  // shrinkage are fine.
  const std::string pick = std::string(kNoFlows) + "damage:\n  pick: 1%\n";
  EXPECT_TRUE(errors_of(pick).empty());
  EXPECT_TRUE(load(pick).accuracy.enabled);
  EXPECT_DOUBLE_EQ(config_of(pick).accuracy.damage_pick, 0.01);
  EXPECT_TRUE(errors_of(std::string(kNoFlows) + "record_errors:\n  shrinkage: 0.01%\n").empty());
  // The first of the two sections in the file, whichever it is.
  const ScenarioSpec both =
      load(std::string(kNoFlows) + "record_errors:\n  shrinkage: 1%\ndamage:\n  pick: 1%\n");
  EXPECT_EQ(both.accuracy.where.to_string(), "s.yaml:5:3");
}

TEST(AccuracyTest, BadValuesAreReportedAtTheirKey) {
  const auto damage = [](std::string_view keys) {
    return errors_of(std::string(kBothFlows) + "damage:\n" + std::string(keys));
  };
  const auto record = [](std::string_view keys) {
    return errors_of(std::string(kBothFlows) + "record_errors:\n" + std::string(keys));
  };
  EXPECT_EQ(damage("  unload: 120%\n"),
            std::vector<std::string>{
                "s.yaml:12:11: damage.unload: \"120%\" is out of range (expected 0% to 100%)"});
  EXPECT_EQ(damage("  pick: 0.005\n"),
            std::vector<std::string>{"s.yaml:12:9: damage.pick: \"0.005\" needs a unit: a percentage in %"});
  EXPECT_EQ(record("  shrinkage: -1%\n"),
            std::vector<std::string>{
                "s.yaml:12:14: record_errors.shrinkage: \"-1%\" is out of range (expected 0% to 100%)"});
  EXPECT_EQ(record("  miscount: 1%\n  miscount_max: 0\n"),
            std::vector<std::string>{
                "s.yaml:13:17: record_errors.miscount_max: \"0\" is out of range (expected 1 to 1,000)"});
  EXPECT_EQ(record("  miscount: 1%\n  miscount_max: 1001\n"),
            std::vector<std::string>{
                "s.yaml:13:17: record_errors.miscount_max: \"1001\" is out of range (expected 1 to 1,000)"});
  EXPECT_EQ(damage("  unlod: 1%\n"),
            std::vector<std::string>{
                "s.yaml:12:3: damage.unlod: unknown key \"unlod\" (did you mean \"unload\"?)"});
}

TEST(AccuracyTest, RatesNeedTheFlowTheyHappenIn) {
  const std::string turns_inbound_on =
      "expected inbound.stow.stations: a list of station indices, such as [0], which turns inbound on)";
  EXPECT_EQ(errors_of(std::string(kNoFlows) + "damage:\n  unload: 0.5%\n"),
            std::vector<std::string>{"s.yaml:5:11: damage.unload: 0.5% needs inbound (without it no trucks "
                                     "are unloaded; " +
                                     turns_inbound_on});
  EXPECT_EQ(errors_of(std::string(kNoFlows) + "damage:\n  stow: 1%\n"),
            std::vector<std::string>{"s.yaml:5:9: damage.stow: 1% needs inbound (without it nothing is "
                                     "stowed; " +
                                     turns_inbound_on});
  EXPECT_EQ(errors_of(std::string(kNoFlows) + "record_errors:\n  wrong_bin: 2%\n"),
            std::vector<std::string>{"s.yaml:5:14: record_errors.wrong_bin: 2% needs inbound (without it no "
                                     "cases are stowed; " +
                                     turns_inbound_on});
  EXPECT_EQ(errors_of(std::string(kNoFlows) + "record_errors:\n  miscount: 3%\n"),
            std::vector<std::string>{"s.yaml:5:13: record_errors.miscount: 3% needs inbound (without it no "
                                     "cases are received; " +
                                     turns_inbound_on});
  EXPECT_EQ(errors_of(std::string(kNoFlows) + "damage:\n  pack: 0.1%\n"),
            std::vector<std::string>{
                "s.yaml:5:9: damage.pack: 0.1% needs outbound (without it nothing is packed; expected "
                "outbound.carriers: a list of carriers, each with a name and cutoffs, which turns outbound "
                "on)"});
  // All at once, one problem each; a rate of 0 needs nothing.
  EXPECT_EQ(errors_of(std::string(kNoFlows) +
                      "damage:\n  unload: 1%\n  stow: 0%\n  pack: 1%\nrecord_errors:\n  miscount: 1%\n")
                .size(),
            3U);
  // With the flows on, all are fine.
  EXPECT_TRUE(errors_of(std::string(kBothFlows) +
                        "damage:\n  unload: 1%\n  stow: 1%\n  pack: 1%\nrecord_errors:\n  wrong_bin: 1%\n"
                        "  miscount: 1%\n")
                  .empty());
}

TEST(AccuracyTest, UnrecordedDamageNeedsDamageToMiss) {
  const std::string message =
      "s.yaml:14:22: record_errors.unrecorded_damage: 50% of the unload and stow damage, but damage.unload "
      "and damage.stow are 0, so there is no damage to miss (expected damage.unload or damage.stow above "
      "0)";
  EXPECT_EQ(
      errors_of(std::string(kBothFlows) + "damage:\n  pick: 1%\nrecord_errors:\n  unrecorded_damage: 50%\n"),
      std::vector<std::string>{message});
  EXPECT_EQ(errors_of(std::string(kBothFlows) +
                      "damage:\n  unload: 0%\nrecord_errors:\n  unrecorded_damage: 50%\n"),
            std::vector<std::string>{message});
  // Either damage is enough.
  EXPECT_TRUE(
      errors_of(std::string(kBothFlows) + "damage:\n  unload: 1%\nrecord_errors:\n  unrecorded_damage: 50%\n")
          .empty());
  EXPECT_TRUE(
      errors_of(std::string(kBothFlows) + "damage:\n  stow: 1%\nrecord_errors:\n  unrecorded_damage: 50%\n")
          .empty());
  // 0% misses nothing and needs nothing.
  EXPECT_TRUE(errors_of(std::string(kNoFlows) + "record_errors:\n  unrecorded_damage: 0%\n").empty());
  // A wrong damage rate is reported once, not again as no damage.
  EXPECT_EQ(
      errors_of(std::string(kBothFlows) +
                "damage:\n  stow: 200%\nrecord_errors:\n  unrecorded_damage: 50%\n"),
      std::vector<std::string>{"s.yaml:12:9: damage.stow: \"200%\" is out of range (expected 0% to 100%)"});
}

TEST(AccuracyTest, MiscountMaxNeedsMiscounts) {
  const std::string message =
      "record_errors.miscount_max: only used when record_errors.miscount is above 0 (no count is off, so "
      "this has no effect)";
  EXPECT_EQ(errors_of(std::string(kBothFlows) + "record_errors:\n  miscount_max: 5\n"),
            std::vector<std::string>{"s.yaml:12:17: " + message});
  EXPECT_EQ(errors_of(std::string(kBothFlows) + "record_errors:\n  miscount: 0%\n  miscount_max: 5\n"),
            std::vector<std::string>{"s.yaml:13:17: " + message});
  // Given at its default, it is still given for nothing.
  EXPECT_EQ(errors_of(std::string(kBothFlows) + "record_errors:\n  miscount_max: 1\n"),
            std::vector<std::string>{"s.yaml:12:17: " + message});
  EXPECT_TRUE(
      errors_of(std::string(kBothFlows) + "record_errors:\n  miscount: 1%\n  miscount_max: 5\n").empty());
  // A wrong miscount is reported once, not again for the maximum.
  EXPECT_EQ(errors_of(std::string(kBothFlows) + "record_errors:\n  miscount: 1\n  miscount_max: 5\n"),
            std::vector<std::string>{
                "s.yaml:12:13: record_errors.miscount: \"1\" needs a unit: a percentage in %"});
}

TEST(AccuracyTest, AScenarioWithoutTheSectionsLeavesAccuracyOff) {
  const ScenarioSpec spec = load(kNoFlows);
  EXPECT_FALSE(spec.accuracy.enabled);
  const model::WarehouseConfig c = config_of(kNoFlows);
  EXPECT_FALSE(c.accuracy.enabled);
  EXPECT_FALSE(c.accuracy.record_errors());
}

}  // namespace
}  // namespace whsim::scenario
