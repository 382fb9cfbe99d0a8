// The cycle counting keys (audit.*): read with positions, switched on by any key given, off by
// default and with an empty section, checked to count something, and carried into the warehouse
// configuration together with the accuracy machinery they need.
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

/// A small parametric floor (15 x 9 cells) with neither inbound nor outbound: lines 1 to 3.
constexpr std::string_view kFloor = "floor:\n  block_columns: 2\n  block_rows: 2\n";

std::string audit(std::string_view keys) {
  return std::string(kFloor) + "audit:\n" + std::string(keys);
}

const std::string kCountsNothing =
    "audit: counts nothing: no class has an interval, no records are counted per day and no pick triggers a "
    "count (expected audit.abc_interval_days above 0 for a class, audit.bins_per_day above 0, "
    "audit.on_pick_exception or audit.on_zero_record true)";

TEST(AuditTest, EveryKeyReachesTheConfiguration) {
  const std::string text = audit(
      "  workers: 3\n"                                  // line 5
      "  count_time: {dist: exponential, mean: 90s}\n"  // 6
      "  abc_interval_days: [7, 30, 90.5]\n"            // 7
      "  bins_per_day: 200\n"                           // 8
      "  on_pick_exception: true\n"                     // 9
      "  on_zero_record: true\n");                      // 10
  const ScenarioSpec spec = load(text);
  const AuditSpec& s = spec.audit;
  EXPECT_TRUE(s.enabled);
  EXPECT_EQ(s.where.to_string(), "s.yaml:5:3");  // the section (its first key)
  EXPECT_EQ(s.workers.value, 3);
  EXPECT_TRUE(s.workers.given);
  EXPECT_EQ(s.workers.where.to_string(), "s.yaml:5:12");
  EXPECT_TRUE(s.count_time.given);
  EXPECT_EQ(s.abc_interval_days.value, (std::vector<double>{7, 30, 90.5}));
  EXPECT_EQ(s.abc_interval_days.where.to_string(), "s.yaml:7:22");
  EXPECT_EQ(s.bins_per_day.value, 200);
  EXPECT_EQ(s.bins_per_day.where.to_string(), "s.yaml:8:17");
  EXPECT_TRUE(s.on_pick_exception.value);
  EXPECT_EQ(s.on_pick_exception.where.to_string(), "s.yaml:9:22");
  EXPECT_TRUE(s.on_zero_record.value);
  EXPECT_EQ(s.on_zero_record.where.to_string(), "s.yaml:10:19");

  const model::WarehouseConfig c = config_of(text);
  const model::AccuracyConfig::Audit& a = c.accuracy.audit;
  EXPECT_TRUE(a.enabled);
  EXPECT_EQ(a.workers, 3);
  EXPECT_FALSE(a.count_time.is_constant());
  EXPECT_DOUBLE_EQ(a.count_time.mean(), 90.0);
  EXPECT_EQ(a.abc_interval_days, (std::array<double, 3>{7, 30, 90.5}));
  EXPECT_EQ(a.bins_per_day, 200);
  EXPECT_TRUE(a.on_pick_exception);
  EXPECT_TRUE(a.on_zero_record);
  // Audit alone turns the accuracy machinery on, with no damage and no record errors.
  const model::AccuracyConfig defaults;
  EXPECT_TRUE(c.accuracy.enabled);
  EXPECT_FALSE(c.accuracy.record_errors());
  EXPECT_DOUBLE_EQ(c.accuracy.damage_pick, defaults.damage_pick);
  EXPECT_EQ(c.accuracy.miscount_max, defaults.miscount_max);
  EXPECT_FALSE(spec.accuracy.enabled);
  // Cycle counting changes nothing else.
  EXPECT_FALSE(c.inbound.enabled);
  EXPECT_FALSE(c.outbound.enabled);
  EXPECT_FALSE(c.returns.enabled);
}

TEST(AuditTest, TheDefaults) {
  const std::string text = audit("  on_zero_record: true\n");
  const ScenarioSpec spec = load(text);
  const AuditSpec& s = spec.audit;
  EXPECT_TRUE(s.enabled);
  EXPECT_EQ(s.where.to_string(), "s.yaml:5:3");
  EXPECT_EQ(s.workers.value, 1);
  EXPECT_FALSE(s.workers.given);
  EXPECT_FALSE(s.count_time.given);
  EXPECT_EQ(s.abc_interval_days.value, (std::vector<double>{0, 0, 0}));
  EXPECT_FALSE(s.abc_interval_days.given);
  EXPECT_EQ(s.bins_per_day.value, 0);
  EXPECT_FALSE(s.bins_per_day.given);
  EXPECT_FALSE(s.on_pick_exception.value);
  EXPECT_FALSE(s.on_pick_exception.given);
  EXPECT_TRUE(s.on_zero_record.given);

  const model::AccuracyConfig::Audit a = config_of(text).accuracy.audit;
  const model::AccuracyConfig::Audit defaults;
  EXPECT_TRUE(a.enabled);
  EXPECT_EQ(a.workers, 1);
  EXPECT_EQ(a.workers, defaults.workers);
  EXPECT_TRUE(a.count_time.is_constant());
  EXPECT_DOUBLE_EQ(a.count_time.mean(), 60.0);
  EXPECT_DOUBLE_EQ(a.count_time.mean(), defaults.count_time.mean());
  EXPECT_EQ(a.abc_interval_days, (std::array<double, 3>{0, 0, 0}));
  EXPECT_EQ(a.bins_per_day, 0);
  EXPECT_FALSE(a.on_pick_exception);
  EXPECT_TRUE(a.on_zero_record);

  // Each way of counting alone is enough.
  for (const char* keys : {"  abc_interval_days: [0, 0, 30]\n", "  bins_per_day: 1\n",
                           "  on_pick_exception: true\n", "  on_zero_record: true\n"}) {
    EXPECT_TRUE(errors_of(audit(keys)).empty()) << keys;
    EXPECT_TRUE(load(audit(keys)).audit.enabled) << keys;
    EXPECT_TRUE(config_of(audit(keys)).accuracy.audit.enabled) << keys;
  }
}

TEST(AuditTest, OffByDefaultAndWithAnEmptySection) {
  for (const std::string& text : {std::string(kFloor), audit(""), std::string(kFloor) + "audit: {}\n"}) {
    EXPECT_TRUE(errors_of(text).empty()) << text;
    const ScenarioSpec spec = load(text);
    EXPECT_FALSE(spec.audit.enabled) << text;
    const model::WarehouseConfig c = config_of(text);
    EXPECT_FALSE(c.accuracy.audit.enabled) << text;
    EXPECT_FALSE(c.accuracy.enabled) << text;  // no damage, no record errors either
  }
  // Damage alone turns accuracy on, not cycle counting.
  const model::WarehouseConfig damage = config_of(std::string(kFloor) + "damage:\n  pick: 1%\n");
  EXPECT_TRUE(damage.accuracy.enabled);
  EXPECT_FALSE(damage.accuracy.audit.enabled);
}

TEST(AuditTest, WithDamageAndRecordErrors) {
  const std::string text = std::string(kFloor) +
                           "record_errors:\n  shrinkage: 0.01%\n"
                           "damage:\n  pick: 1%\n"
                           "audit:\n  bins_per_day: 50\n";
  const model::WarehouseConfig c = config_of(text);
  EXPECT_TRUE(c.accuracy.enabled);
  EXPECT_DOUBLE_EQ(c.accuracy.shrinkage, 0.0001);
  EXPECT_DOUBLE_EQ(c.accuracy.damage_pick, 0.01);
  EXPECT_TRUE(c.accuracy.audit.enabled);
  EXPECT_EQ(c.accuracy.audit.bins_per_day, 50);
  EXPECT_EQ(load(text).audit.where.to_string(), "s.yaml:9:3");
}

TEST(AuditTest, CountingNothingIsReportedAtTheSection) {
  EXPECT_EQ(errors_of(audit("  workers: 2\n")), std::vector<std::string>{"s.yaml:5:3: " + kCountsNothing});
  // All four given at their "nothing" value: one problem, at the section.
  EXPECT_EQ(errors_of(audit("  count_time: 30s\n  abc_interval_days: [0, 0, 0]\n  bins_per_day: 0\n"
                            "  on_pick_exception: false\n  on_zero_record: false\n")),
            std::vector<std::string>{"s.yaml:5:3: " + kCountsNothing});
  // A wrong value of one of them is reported once, not again as counting nothing.
  EXPECT_EQ(errors_of(audit("  bins_per_day: -5\n")),
            std::vector<std::string>{
                "s.yaml:5:17: audit.bins_per_day: \"-5\" is out of range (expected 0 to 10^9)"});
  EXPECT_EQ(errors_of(audit("  on_zero_record: yes please\n")).size(), 1U);
  // A wrong value of another key is no reason to skip the check.
  EXPECT_EQ(
      errors_of(audit("  workers: 0\n")),
      (std::vector<std::string>{"s.yaml:5:12: audit.workers: \"0\" is out of range (expected 1 to 10^6)",
                                "s.yaml:5:3: " + kCountsNothing}));
}

TEST(AuditTest, BadValuesAreReportedAtTheirKey) {
  const auto one = [](std::string_view keys) {
    return errors_of(audit(std::string(keys) + "  on_pick_exception: true\n"));
  };
  EXPECT_EQ(one("  workers: 1000001\n"),
            std::vector<std::string>{
                "s.yaml:5:12: audit.workers: \"1000001\" is out of range (expected 1 to 10^6)"});
  EXPECT_EQ(one("  workers: 1.5\n").size(), 1U);
  EXPECT_EQ(one("  bins_per_day: 1000000001\n"),
            std::vector<std::string>{
                "s.yaml:5:17: audit.bins_per_day: \"1000000001\" is out of range (expected 0 to 10^9)"});
  EXPECT_EQ(one("  abc_interval_days: [7, 30]\n"),
            std::vector<std::string>{"s.yaml:5:22: audit.abc_interval_days: expected 3 numbers, got 2"});
  EXPECT_EQ(one("  abc_interval_days: [7, 3651, 90]\n"),
            std::vector<std::string>{"s.yaml:5:26: audit.abc_interval_days: \"3651\" is out of range "
                                     "(expected 3 numbers from 0 to 3,650)"});
  EXPECT_EQ(one("  abc_interval_days: [-1, 30, 90]\n"),
            std::vector<std::string>{
                "s.yaml:5:23: audit.abc_interval_days: \"-1\" is negative (expected a number >= 0)"});
  EXPECT_EQ(one("  count_time: 30\n").size(), 1U);
  EXPECT_EQ(one("  count_time: -5s\n").size(), 1U);
  EXPECT_EQ(one("  wrokers: 2\n"),
            std::vector<std::string>{
                "s.yaml:5:3: audit.wrokers: unknown key \"wrokers\" (did you mean \"workers\"?)"});
}

TEST(AuditTest, AScenarioWithoutTheSectionLeavesAuditOff) {
  const ScenarioSpec spec = load(kFloor);
  EXPECT_FALSE(spec.audit.enabled);
  const model::WarehouseConfig c = config_of(kFloor);
  EXPECT_FALSE(c.accuracy.audit.enabled);
  EXPECT_FALSE(c.accuracy.enabled);
}

/// Worker pools, lines 4 to 16 after kFloor: pickers and flex pick (flex by skill, as stations.pools
/// is not given); retaud, counters and packers may count.
constexpr std::string_view kPools =
    "workforce:\n"
    "  pools:\n"
    "    - {name: pickers, skills: [pick], workers: 3}\n"
    "    - {name: flex, skills: [pick, audit], workers: 2}\n"
    "    - {name: retaud, skills: [returns, audit], workers: 2}\n"
    "    - name: counters\n"
    "      skills: [audit]\n"
    "      workers: 2\n"
    "      shift_start: \"22:00\"\n"
    "      shift_end: \"06:00\"\n"
    "      days: [mon, tue, wed]\n"
    "      breaks: [\"02:00 20min\"]\n"
    "    - {name: packers, skills: [pack, audit], workers: 1, shift_start: \"08:00\", shift_end: "
    "\"16:00\"}\n";

/// Inbound (which returns need) and outbound, to be put before the audit section.
constexpr std::string_view kInbound = "inbound:\n  stow:\n    stations: [0]\n";
constexpr std::string_view kOutbound =
    "outbound:\n  carriers:\n    - name: post\n      cutoffs: [\"18:00\"]\n";

TEST(AuditTest, NamedPoolsCountOnTheirShiftPlans) {
  const std::string text = std::string(kFloor) + std::string(kPools) +
                           "audit:\n"                // line 17
                           "  workers: 4\n"          // 18
                           "  bins_per_day: 10\n"    // 19
                           "  pools: [counters]\n";  // 20
  const ScenarioSpec spec = load(text);
  EXPECT_TRUE(spec.audit.enabled);
  EXPECT_TRUE(spec.audit.pools.given);
  EXPECT_EQ(spec.audit.pools.value, (std::vector<std::string>{"counters"}));
  EXPECT_EQ(spec.audit.pools.where.to_string(), "s.yaml:20:10");

  const model::AccuracyConfig::Audit a = config_of(text).accuracy.audit;
  EXPECT_TRUE(a.enabled);
  EXPECT_EQ(a.workers, 4);        // kept, but not used with pools
  ASSERT_EQ(a.pools.size(), 1U);  // retaud and packers have the audit skill too, but are not named
  const model::ShiftPool& night = a.pools[0];
  EXPECT_EQ(night.name, "counters");
  EXPECT_EQ(night.workers, 2);
  EXPECT_EQ(night.start, Duration::hours(22));
  EXPECT_EQ(night.end, Duration::hours(6));  // the next day
  EXPECT_EQ(night.days, 0x07);               // mon, tue, wed
  ASSERT_EQ(night.breaks.size(), 1U);
  EXPECT_EQ(night.breaks[0].first, Duration::hours(2));
  EXPECT_EQ(night.breaks[0].second, Duration::minutes(20));
}

TEST(AuditTest, ByDefaultThePoolsWithTheAuditSkillThatNoEarlierRoleTakes) {
  // Only picking before: flex picks by its skill, so it does not count too.
  const model::WarehouseConfig alone =
      config_of(std::string(kFloor) + std::string(kPools) + "audit:\n  bins_per_day: 10\n");
  ASSERT_EQ(alone.pick_pools.size(), 2U);
  EXPECT_EQ(alone.pick_pools[1].name, "flex");
  ASSERT_EQ(alone.accuracy.audit.pools.size(), 3U);  // in the order of workforce.pools
  EXPECT_EQ(alone.accuracy.audit.pools[0].name, "retaud");
  EXPECT_EQ(alone.accuracy.audit.pools[1].name, "counters");
  EXPECT_EQ(alone.accuracy.audit.pools[2].name, "packers");
  EXPECT_EQ(alone.accuracy.audit.pools[2].start, Duration::hours(8));
  EXPECT_EQ(alone.accuracy.audit.pools[2].end, Duration::hours(16));
  // Returns on: the returns station takes retaud by its skill first.
  const model::WarehouseConfig returns =
      config_of(std::string(kFloor) + std::string(kPools) + std::string(kInbound) +
                "returns:\n  workers: 1\n" + "audit:\n  bins_per_day: 10\n");
  ASSERT_EQ(returns.returns.pools.size(), 1U);
  EXPECT_EQ(returns.returns.pools[0].name, "retaud");
  ASSERT_EQ(returns.accuracy.audit.pools.size(), 2U);
  EXPECT_EQ(returns.accuracy.audit.pools[0].name, "counters");
  EXPECT_EQ(returns.accuracy.audit.pools[1].name, "packers");
  // Outbound on too: packing takes packers by its skill.
  const model::WarehouseConfig all =
      config_of(std::string(kFloor) + std::string(kPools) + std::string(kInbound) + std::string(kOutbound) +
                "returns:\n  workers: 1\n" + "audit:\n  bins_per_day: 10\n");
  ASSERT_EQ(all.outbound.pack_pools.size(), 1U);
  EXPECT_EQ(all.outbound.pack_pools[0].name, "packers");
  ASSERT_EQ(all.accuracy.audit.pools.size(), 1U);
  EXPECT_EQ(all.accuracy.audit.pools[0].name, "counters");
  // Without pools with the audit skill, the fixed audit.workers count.
  const model::AccuracyConfig::Audit fixed =
      config_of(audit("  workers: 3\n  bins_per_day: 10\n")).accuracy.audit;
  EXPECT_TRUE(fixed.pools.empty());
  EXPECT_EQ(fixed.workers, 3);
  // Audit off: no audit pools, whatever the skills.
  EXPECT_TRUE(config_of(std::string(kFloor) + std::string(kPools)).accuracy.audit.pools.empty());
}

TEST(AuditTest, APoolStaffsOneRole) {
  const std::string base = std::string(kFloor) + std::string(kPools) + std::string(kInbound);
  // Named for the returns station and for counting: an error at audit.pools that names both.
  EXPECT_EQ(
      config_errors(base + "returns:\n  pools: [retaud]\naudit:\n  bins_per_day: 10\n  pools: [retaud]\n"),
      std::vector<std::string>{
          "s.yaml:24:10: audit.pools: the pool \"retaud\" already staffs the returns station (named in "
          "returns.pools); a pool staffs one role, so its workers would be on duty twice (expected "
          "another pool: split \"retaud\" into one pool per role)"});
  // Taken by the returns station by its skill, then named for counting.
  EXPECT_EQ(
      config_errors(base + "returns:\n  workers: 1\naudit:\n  bins_per_day: 10\n  pools: [retaud]\n"),
      std::vector<std::string>{
          "s.yaml:24:10: audit.pools: the pool \"retaud\" already staffs the returns station (by its "
          "skill, as returns.pools is not given); a pool staffs one role, so its workers would be on duty "
          "twice (expected another pool: split \"retaud\" into one pool per role, or give "
          "returns.pools)"});
  // Named for packing and for counting.
  const std::vector<std::string> packing =
      config_errors(std::string(kFloor) + std::string(kPools) + std::string(kOutbound) +
                    "  pack:\n    pools: [packers]\naudit:\n  bins_per_day: 10\n  pools: [packers]\n");
  ASSERT_EQ(packing.size(), 1U);
  EXPECT_NE(packing[0].find("audit.pools: the pool \"packers\" already staffs packing (named in "
                            "outbound.pack.pools)"),
            std::string::npos)
      << packing[0];
  // Taken by picking (by its skill), then named for counting.
  const std::vector<std::string> picked = config_errors(std::string(kFloor) + std::string(kPools) +
                                                        "audit:\n  bins_per_day: 10\n  pools: [flex]\n");
  ASSERT_EQ(picked.size(), 1U);
  EXPECT_NE(
      picked[0].find("audit.pools: the pool \"flex\" already staffs the pick stations (by its skill, as "
                     "stations.pools is not given)"),
      std::string::npos)
      << picked[0];
  // Each pool in one role: fine.
  EXPECT_TRUE(
      config_errors(base + "returns:\n  pools: [retaud]\naudit:\n  bins_per_day: 10\n  pools: [counters]\n")
          .empty());
}

TEST(AuditTest, UnknownPoolsAndPoolsWithoutTheSkill) {
  EXPECT_EQ(
      errors_of(std::string(kFloor) + std::string(kPools) +
                "audit:\n  bins_per_day: 10\n  pools: [countrs]\n"),
      std::vector<std::string>{"s.yaml:19:10: audit.pools: no worker pool named \"countrs\" (did you mean "
                               "\"counters\"? expected pickers, flex, retaud, counters or packers)"});
  EXPECT_EQ(errors_of(std::string(kFloor) + std::string(kPools) +
                      "audit:\n  bins_per_day: 10\n  pools: [pickers]\n"),
            std::vector<std::string>{
                "s.yaml:19:10: audit.pools: the pool \"pickers\" has no audit skill (its skills: pick)"});
  // Without workforce.pools; and the pool check does not hide that nothing is counted.
  EXPECT_EQ(
      errors_of(audit("  pools: [counters]\n")),
      (std::vector<std::string>{"s.yaml:5:10: audit.pools: no worker pool named \"counters\" (expected a "
                                "pool defined under workforce.pools)",
                                "s.yaml:5:3: " + kCountsNothing}));
}

}  // namespace
}  // namespace whsim::scenario
