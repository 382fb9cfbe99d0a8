// The scenario loader and schema: defaults from the schema, typed values with positions, every
// problem collected at once, suggestions for misspelt keys, cross-field checks.
#include <array>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "whsim/core/text.hpp"
#include "whsim/scenario/build.hpp"
#include "whsim/scenario/loader.hpp"
#include "whsim/scenario/schema.hpp"

#include "unit/scenario/scenario_test_support.hpp"

namespace whsim::scenario {
namespace {

using test_support::config_errors;
using test_support::config_of;
using test_support::errors_of;
using test_support::load;

TEST(LoaderTest, DefaultsComeFromTheSchema) {
  const ScenarioSpec spec = load("name: x\n");
  EXPECT_EQ(spec.simulation.horizon.value, Duration::hours(24));
  EXPECT_FALSE(spec.simulation.horizon.given);
  EXPECT_EQ(spec.simulation.warmup.value, Duration::zero());
  EXPECT_EQ(spec.simulation.seed.value, 1U);
  EXPECT_EQ(spec.simulation.sample_interval.value, Duration::minutes(5));
  EXPECT_EQ(spec.simulation.start.value.to_string(), "2026-01-05 00:00:00");
  EXPECT_EQ(spec.simulation.start.value.weekday(), 0);  // the default start is a Monday
  EXPECT_EQ(spec.name.value, "x");
  EXPECT_TRUE(spec.name.given);
}

TEST(LoaderTest, ReadsTypedValuesWithPositions) {
  const ScenarioSpec spec = load(
      "simulation:\n  start: 2026-12-01 06:00\n  horizon: 1.5 d\n  warmup: 2h\n  seed: 42\n  "
      "sample_interval: 30s\n");
  EXPECT_EQ(spec.simulation.horizon.value, Duration::hours(36));
  EXPECT_TRUE(spec.simulation.horizon.given);
  EXPECT_EQ(spec.simulation.horizon.where.to_string(), "s.yaml:3:12");
  EXPECT_EQ(spec.simulation.warmup.value, Duration::hours(2));
  EXPECT_EQ(spec.simulation.seed.value, 42U);
  EXPECT_EQ(spec.simulation.sample_interval.value, Duration::seconds(30));
  EXPECT_EQ(spec.simulation.start.value.to_string(), "2026-12-01 06:00:00");
}

TEST(LoaderTest, CollectsEveryProblem) {
  const auto errors = errors_of("simulation:\n  horizon: 0s\n  seed: abc\n  sede: 3\nrobot: {}\n");
  ASSERT_EQ(errors.size(), 4U);
  EXPECT_EQ(errors[0],
            "s.yaml:2:12: simulation.horizon: \"0s\" is out of range (expected > 0, at most 10 years)");
  EXPECT_EQ(errors[1], "s.yaml:3:9: simulation.seed: expected an integer, got \"abc\"");
  EXPECT_EQ(errors[2], "s.yaml:4:3: simulation.sede: unknown key \"sede\" (did you mean \"seed\"?)");
  EXPECT_EQ(errors[3], "s.yaml:5:1: robot: unknown key \"robot\" (did you mean \"robots\"?)");
}

TEST(LoaderTest, CrossFieldChecksPointAtTheGivenValue) {
  EXPECT_EQ(
      errors_of("simulation:\n  warmup: 2d\n"),
      std::vector<std::string>{"s.yaml:2:11: simulation.warmup: the warm-up (2d00h00m00s) must be shorter "
                               "than the horizon (1d00h00m00s)"});
  EXPECT_EQ(
      errors_of("simulation:\n  horizon: 1min\n"),
      std::vector<std::string>{"s.yaml:2:12: simulation.horizon: the sample interval (5m00s) is longer than "
                               "the horizon (1m00s)"});
}

TEST(LoaderTest, SuggestionsAndReservedSections) {
  EXPECT_EQ(errors_of("colour: blue\n"),
            std::vector<std::string>{
                "s.yaml:1:1: colour: unknown key \"colour\" (expected extends, name, description, "
                "simulation, floor, skus, pods, orders, robots, stations, workforce, policies, inbound, "
                "replenishment, outbound, batteries, costs, returns, damage, record_errors or audit)"});
  EXPECT_EQ(
      errors_of("stations:\n  count: 4\n"),
      std::vector<std::string>{"s.yaml:2:3: stations.count: unknown key \"count\" (expected pickers, "
                               "queue_capacity, put_wall_slots, pick_time, presentation_time or pools)"});
  EXPECT_EQ(
      errors_of("robots:\n  cout: 4\n"),
      std::vector<std::string>{"s.yaml:2:3: robots.cout: unknown key \"cout\" (did you mean \"count\"?)"});
  EXPECT_EQ(
      errors_of("workforce:\n  pickers: 4\n"),
      std::vector<std::string>{"s.yaml:2:3: workforce.pickers: unknown key \"pickers\" (expected pools)"});
  EXPECT_TRUE(errors_of("workforce:\nrobots: {}\n").empty());  // empty sections are fine
}

TEST(LoaderTest, WorkerPoolsAreAListOfSectionsWithDefaultsPerItem) {
  const ScenarioSpec spec = load(
      "workforce:\n  pools:\n    - name: early\n      workers: 4\n      shift_start: \"06:00\"\n"
      "      shift_end: \"14:00\"\n      breaks: [\"10:00 30min\"]\n      days: [mon, tue]\n"
      "    - name: night\n      shift_start: \"22:00\"\n      shift_end: \"06:00\"\n"
      "stations:\n  pools: [early, night]\n");
  ASSERT_EQ(spec.workforce.pools.size(), 2U);
  const PoolSpec& early = spec.workforce.pools[0];
  EXPECT_EQ(early.name.value, "early");
  EXPECT_EQ(early.workers.value, 4);
  EXPECT_EQ(early.shift_start.value, Duration::hours(6));
  EXPECT_EQ(early.shift_end.value, Duration::hours(14));
  ASSERT_EQ(early.breaks.value.size(), 1U);
  EXPECT_EQ(early.breaks.value[0].start, Duration::hours(10));
  EXPECT_EQ(early.breaks.value[0].length, Duration::minutes(30));
  EXPECT_EQ(early.days.value, (std::vector<std::string>{"mon", "tue"}));
  const PoolSpec& night = spec.workforce.pools[1];
  EXPECT_EQ(night.workers.value, 1);  // schema default, per item
  EXPECT_FALSE(night.workers.given);
  EXPECT_EQ(night.skills.value, (std::vector<std::string>{"pick"}));
  EXPECT_EQ(night.days.value.size(), 7U);
  EXPECT_EQ(spec.stations.pools.value, (std::vector<std::string>{"early", "night"}));
}

TEST(LoaderTest, DanglingAndDuplicatePoolReferencesAreErrors) {
  EXPECT_EQ(
      errors_of("workforce:\n  pools:\n    - name: pickers\nstations:\n  pools: [pikers]\n"),
      std::vector<std::string>{"s.yaml:5:10: stations.pools: no worker pool named \"pikers\" (did you mean "
                               "\"pickers\"? expected pickers)"});
  EXPECT_EQ(errors_of("workforce:\n  pools:\n    - name: a\n    - name: a\n"),
            std::vector<std::string>{"s.yaml:4:13: workforce.pools[1].name: a pool named \"a\" is already "
                                     "defined (names must be unique)"});
  EXPECT_EQ(
      errors_of("workforce:\n  pools:\n    - workers: 2\n"),
      std::vector<std::string>{"s.yaml:3:7: workforce.pools[0]: name is missing (every item needs one)"});
  EXPECT_EQ(
      errors_of("workforce:\n  pools:\n    - name: p\n      skills: [pack]\n"),
      std::vector<std::string>{"s.yaml:3:7: workforce.pools: no pool has the pick skill, so no pick station "
                               "would ever be staffed (add pick to a pool's skills)"});
  EXPECT_EQ(errors_of("workforce:\n  pools: {name: p}\n"),
            std::vector<std::string>{
                "s.yaml:2:10: workforce.pools: expected a list of sections (each item a mapping "
                "of keys)"});
}

TEST(LoaderTest, EditDistance) {
  EXPECT_EQ(edit_distance("horizon", "horizon"), 0U);
  EXPECT_EQ(edit_distance("horizn", "horizon"), 1U);
  EXPECT_EQ(edit_distance("sede", "seed"), 1U);  // a transposition is one edit
  EXPECT_EQ(edit_distance("", "abc"), 3U);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3U);
}

TEST(SchemaTest, EveryDefaultIsValidAndEveryKeyDocumented) {
  const ScenarioSpec spec = default_scenario("defaults");  // throws if a default does not parse
  EXPECT_EQ(spec.file, "defaults");
  for (const KeySpec& k : scenario_schema()) {
    EXPECT_FALSE(k.description.empty()) << k.path;
    EXPECT_NE(find_key(k.path), nullptr);
    // Lists (profiles, ABC shares) and pods.count are optional: absent means "not used" or a
    // documented rule; every other key has a default.
    // Keys that every item of a list must give have no default either.
    const bool optional =
        k.path == "pods.count" || k.path.ends_with(".pools") || k.path == "inbound.trucks.rate" ||
        k.path.ends_with(".order_quantity") || k.path.ends_with(".order_up_to") ||
        k.path.ends_with(".initial_stock") || k.path == "outbound.carriers.max_order_volume" ||
        k.path == "outbound.carriers.truck_volume" || k.path == "outbound.carriers.route_km" ||
        k.path == "outbound.carriers.truck_co2_per_km" || k.required;
    if (k.type != ValueType::kSection && k.type != ValueType::kText && k.type != ValueType::kNumberList &&
        k.type != ValueType::kSectionList && k.type != ValueType::kBreakList &&
        k.type != ValueType::kIntegerList && k.type != ValueType::kClockTimeList && !optional) {
      EXPECT_FALSE(k.default_value.empty()) << k.path;
    }
  }
  EXPECT_EQ(child_names("simulation"),
            (std::vector<std::string_view>{"start", "horizon", "warmup", "seed", "sample_interval"}));
  EXPECT_NE(schema_markdown().find("| `simulation.seed` | integer | `1` | 0 to 2^63 - 1 |"),
            std::string::npos);
}

}  // namespace
}  // namespace whsim::scenario

namespace whsim::scenario {
namespace {

std::vector<std::string> override_errors(std::string_view text, std::vector<std::string> sets) {
  std::vector<std::string> out;
  try {
    YamlDocument doc = YamlDocument::parse(text, "s.yaml");
    for (const auto& s : sets) doc.apply_override(s);
    (void)load_scenario(doc);
  } catch (const InputError& e) {
    for (const auto& d : e.diagnostics()) out.push_back(d.to_string());
  }
  return out;
}

TEST(OverrideTest, ReplacesAddsAndCreatesSections) {
  YamlDocument doc = YamlDocument::parse("simulation:\n  seed: 1\n", "s.yaml");
  doc.apply_override("simulation.seed=9");
  doc.apply_override("simulation.horizon=2d");
  doc.apply_override("name=\"from the command line\"");
  const ScenarioSpec spec = load_scenario(doc);
  EXPECT_EQ(spec.simulation.seed.value, 9U);
  EXPECT_EQ(spec.simulation.seed.where.to_string(), "command line: --set simulation.seed=9");
  EXPECT_EQ(spec.simulation.horizon.value, Duration::days(2));
  EXPECT_EQ(spec.name.value, "from the command line");
  YamlDocument empty = YamlDocument::parse("name: x\n", "s.yaml");
  empty.apply_override("simulation.warmup=1h");  // creates the section
  EXPECT_EQ(load_scenario(empty).simulation.warmup.value, Duration::hours(1));
  empty.apply_override("floor.blocks=[4, 8]");  // a YAML list; the reserved section then rejects it
  EXPECT_EQ(empty.node(empty.find(empty.root(), "floor")->entries[0].value).items.size(), 2U);
}

TEST(OverrideTest, ErrorsNameTheOverride) {
  EXPECT_EQ(
      override_errors("name: x\n", {"simulation.seed=abc"}),
      std::vector<std::string>{"command line: --set simulation.seed=abc: expected an integer, got \"abc\""});
  EXPECT_EQ(
      override_errors("name: x\n", {"simulation.sed=3"}),
      std::vector<std::string>{"command line: --set simulation.sed=3: unknown key \"sed\" (did you mean "
                               "\"seed\"?)"});
  EXPECT_EQ(
      override_errors("name: x\n", {"name.first=3"}),
      std::vector<std::string>{"command line: --set name.first=3: name is not a section, so it has no key "
                               "\"first\""});
  EXPECT_EQ(
      override_errors("name: x\n", {"simulation.horizon=[1, 2"}),
      std::vector<std::string>{"command line: --set simulation.horizon=[1, 2: YAML syntax error: end of "
                               "sequence flow not found"});
  EXPECT_EQ(
      override_errors("name: x\n", {"simulation..seed=1"}),
      std::vector<std::string>{"command line: --set simulation..seed=1: \"simulation..seed\" is not a key "
                               "path (expected names joined by dots)"});
  EXPECT_EQ(override_errors("name: x\n", {"=3"}),
            std::vector<std::string>{"command line: --set =3: expected key.path=value"});
  // A file error and an override error are both reported.
  EXPECT_EQ(override_errors("simulation:\n  horizon: 0s\n", {"simulation.seed=-1"}).size(), 2U);
}

}  // namespace
}  // namespace whsim::scenario

namespace whsim::scenario {
namespace {

class ExtendsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("whsim_extends_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    std::filesystem::create_directories(dir_ / "base");
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path write(const std::string& name, const std::string& text) {
    const auto p = dir_ / name;
    std::ofstream(p) << text;
    return p;
  }
  std::vector<std::string> errors(const std::filesystem::path& p) {
    std::vector<std::string> out;
    try {
      (void)load_scenario_file(p);
    } catch (const InputError& e) {
      for (const auto& d : e.diagnostics()) out.push_back(d.to_string());
    }
    return out;
  }
  std::filesystem::path dir_;
};

TEST_F(ExtendsTest, ChildValuesOverrideBaseValuesSectionBySection) {
  write("base/peak.yaml", "name: base\nsimulation:\n  horizon: 2d\n  seed: 5\n  warmup: 1h\n");
  const auto child = write("child.yaml", "extends: base/peak.yaml\nname: child\nsimulation:\n  seed: 9\n");
  const ScenarioSpec spec = load_scenario_file(child);
  EXPECT_EQ(spec.name.value, "child");
  EXPECT_EQ(spec.simulation.seed.value, 9U);
  EXPECT_EQ(spec.simulation.horizon.value, Duration::days(2));  // from the base
  EXPECT_EQ(spec.simulation.horizon.where.to_string(), (dir_ / "base/peak.yaml").string() + ":3:12");
  EXPECT_EQ(spec.simulation.warmup.value, Duration::hours(1));
}

TEST_F(ExtendsTest, ChainsResolveRelativeToEachFile) {
  write("base/root.yaml", "simulation:\n  horizon: 3d\n");
  write("base/middle.yaml", "extends: root.yaml\nsimulation:\n  seed: 4\n");
  const auto top = write("top.yaml", "extends: base/middle.yaml\nname: top\n");
  const ScenarioSpec spec = load_scenario_file(top);
  EXPECT_EQ(spec.simulation.horizon.value, Duration::days(3));
  EXPECT_EQ(spec.simulation.seed.value, 4U);
  EXPECT_EQ(spec.name.value, "top");
}

TEST_F(ExtendsTest, ErrorsInTheBaseNameTheBaseFile) {
  write("base/bad.yaml", "simulation:\n  seed: abc\n");
  const auto child = write("child.yaml", "extends: base/bad.yaml\n");
  EXPECT_EQ(errors(child),
            std::vector<std::string>{(dir_ / "base/bad.yaml").string() +
                                     ":2:9: simulation.seed: expected an integer, got \"abc\""});
}

TEST_F(ExtendsTest, CyclesAndMissingBasesAreErrors) {
  write("a.yaml", "extends: b.yaml\n");
  write("b.yaml", "extends: a.yaml\n");
  EXPECT_EQ(
      errors(dir_ / "a.yaml"),
      std::vector<std::string>{(dir_ / "b.yaml").string() +
                               ":1:10: extends: scenarios extend each other in a cycle: a.yaml -> b.yaml -> "
                               "a.yaml"});
  const auto self = write("self.yaml", "extends: self.yaml\n");
  EXPECT_EQ(errors(self).size(), 1U);
  const auto lost = write("lost.yaml", "extends: nowhere.yaml\n");
  try {
    (void)load_scenario_file(lost);
    ADD_FAILURE() << "no error";
  } catch (const UnreadableFileError& e) {
    EXPECT_EQ(e.diagnostics().front().to_string(),
              lost.string() + ":1:10: extends: cannot read \"nowhere.yaml\": it does not exist");
  }
  const auto list = write("list.yaml", "extends: [a.yaml]\n");
  EXPECT_EQ(errors(list), std::vector<std::string>{
                              list.string() + ":1:10: extends: expected the path of a base scenario file"});
}

}  // namespace
}  // namespace whsim::scenario

namespace whsim::scenario {
namespace {

/// A small parametric floor (15 x 9 cells, 3 stations on the west and east sides: 6 in all).
constexpr std::string_view kSmallFloor = "floor:\n  block_columns: 2\n  block_rows: 2\n";

TEST(InboundTest, FullScenarioFillsTheConfiguration) {
  const std::string text =
      std::string(kSmallFloor) +
      "orders:\n  stockout: lost\n"
      "workforce:\n  pools:\n"
      "    - name: pickers\n      skills: [pick]\n      workers: 3\n"
      "    - name: receivers\n      skills: [inspect]\n      workers: 2\n"
      "      shift_start: \"06:00\"\n      shift_end: \"14:00\"\n"
      "    - name: stowers\n      skills: [stow]\n      workers: 4\n      days: [mon, tue]\n"
      "inbound:\n  doors: 3\n  door_side: south\n  transfer_speed: 0.5 m/s\n"
      "  trucks:\n    mode: schedule\n    schedule: [\"14:00\", \"06:00\"]\n    lines: 5\n"
      "    cases_per_line: {dist: uniform, min: 1, max: 3}\n"
      "  units_per_case: 6\n  unload_time: 30s\n"
      "  receiving:\n    scan: unit\n    scan_time: 2s\n    workers: 3\n"
      "  inspection:\n    share: 25%\n    time: 2min\n    defect_rate: [0.01, 0.02, 0.05]\n"
      "  stow:\n    stations: [5, 0]\n    workers: 2\n    pools: [stowers]\n    time: 8s\n"
      "    policy: least_stock\n    robot_priority: stow_first\n"
      "replenishment:\n  consolidation: none\n  order_cutoff: \"15:30\"\n"
      "  a:\n    policy: s_q\n    reorder_point: 20\n    order_quantity: 48\n"
      "    lead_time: {dist: exponential, mean: 1d}\n    supplier: acme\n"
      "    initial_stock: 30\n"
      "  b:\n    policy: s_s\n    reorder_point: 10\n    order_up_to: 40\n"
      "  c:\n    policy: forecast\n    forecast: holt_winters\n    alpha: 0.3\n"
      "    service_level: 90%\n    cover: 3d\n    holding_cost: 0.05\n"
      "    review_period: 12h\n";
  const model::WarehouseConfig c = config_of(text);
  EXPECT_TRUE(c.lost_sales);
  const model::InboundConfig& in = c.inbound;
  EXPECT_TRUE(in.enabled);
  // South edge: row y = 8 of a 15-cell-wide floor; doors at x = floor((i + 0.5) 15 / 3) = 2, 7, 12.
  EXPECT_EQ(in.door_cells, (std::vector<std::uint32_t>{8 * 15 + 2, 8 * 15 + 7, 8 * 15 + 12}));
  EXPECT_DOUBLE_EQ(in.transfer_speed, 0.5);
  EXPECT_EQ(in.trucks, model::InboundConfig::Trucks::kSchedule);
  EXPECT_EQ(in.truck_times, (std::vector<Duration>{Duration::hours(6), Duration::hours(14)}));
  EXPECT_DOUBLE_EQ(in.truck_lines.mean(), 5.0);
  EXPECT_DOUBLE_EQ(in.cases_per_line.mean(), 2.0);
  EXPECT_EQ(in.units_per_case, 6);
  EXPECT_DOUBLE_EQ(in.unload_time.mean(), 30.0);
  EXPECT_TRUE(in.scan_per_unit);
  EXPECT_DOUBLE_EQ(in.scan_time.mean(), 2.0);
  EXPECT_EQ(in.receivers, 3);
  ASSERT_EQ(in.receive_pools.size(), 1U);  // every pool with the inspect skill
  EXPECT_EQ(in.receive_pools[0].name, "receivers");
  EXPECT_EQ(in.receive_pools[0].workers, 2);
  EXPECT_EQ(in.receive_pools[0].start, Duration::hours(6));
  EXPECT_EQ(in.receive_pools[0].end, Duration::hours(14));
  EXPECT_DOUBLE_EQ(in.inspection_share, 0.25);
  EXPECT_DOUBLE_EQ(in.inspection_time.mean(), 120.0);
  EXPECT_EQ(in.defect_rate, (std::array<double, 3>{0.01, 0.02, 0.05}));
  EXPECT_EQ(in.stow_stations, (std::vector<std::uint32_t>{5, 0}));
  EXPECT_EQ(in.stowers, 2);
  ASSERT_EQ(in.stow_pools.size(), 1U);
  EXPECT_EQ(in.stow_pools[0].name, "stowers");
  EXPECT_EQ(in.stow_pools[0].workers, 4);
  EXPECT_EQ(in.stow_pools[0].days, 0b11);
  EXPECT_DOUBLE_EQ(in.stow_time.mean(), 8.0);
  EXPECT_EQ(in.stow_policy, model::StowPolicy::kLeastStock);
  EXPECT_EQ(in.robot_priority, model::RobotPriority::kStowFirst);
  // Pools with stow or inspect only are not pick pools.
  ASSERT_EQ(c.pick_pools.size(), 1U);
  EXPECT_EQ(c.pick_pools[0].name, "pickers");
  EXPECT_EQ(c.pick_pools[0].workers, 3);

  const model::ReplenishmentConfig& r = c.replenishment;
  EXPECT_TRUE(r.enabled);
  EXPECT_FALSE(r.consolidate_daily);
  EXPECT_EQ(r.order_cutoff, Duration::hours(15) + Duration::minutes(30));
  const model::ReplenishmentClass& a = r.classes[0];
  EXPECT_TRUE(a.enabled);
  EXPECT_EQ(a.rule, model::ReplenishmentRule::kSQ);
  EXPECT_EQ(a.reorder_point, 20);
  EXPECT_EQ(a.order_quantity, 48);
  EXPECT_DOUBLE_EQ(a.lead_time.mean(), 86400.0);
  EXPECT_EQ(a.supplier, "acme");
  EXPECT_EQ(a.initial_stock, 30);
  const model::ReplenishmentClass& b = r.classes[1];
  EXPECT_TRUE(b.enabled);
  EXPECT_EQ(b.rule, model::ReplenishmentRule::kSS);
  EXPECT_EQ(b.reorder_point, 10);
  EXPECT_EQ(b.order_up_to, 40);
  EXPECT_DOUBLE_EQ(b.lead_time.mean(), 2 * 86400.0);  // the default
  EXPECT_EQ(b.supplier, "B");
  EXPECT_EQ(b.initial_stock, -1);
  const model::ReplenishmentClass& cc = r.classes[2];
  EXPECT_TRUE(cc.enabled);
  EXPECT_EQ(cc.rule, model::ReplenishmentRule::kForecast);
  EXPECT_TRUE(cc.holt_winters);
  EXPECT_DOUBLE_EQ(cc.alpha, 0.3);
  EXPECT_DOUBLE_EQ(cc.beta, 0.1);
  EXPECT_DOUBLE_EQ(cc.service_level, 0.9);
  EXPECT_DOUBLE_EQ(cc.cover_days, 3.0);
  EXPECT_DOUBLE_EQ(cc.holding_cost, 0.05);
  EXPECT_EQ(cc.review_period, Duration::hours(12));
  EXPECT_EQ(cc.season_days, 7);
  EXPECT_EQ(cc.supplier, "C");
}

TEST(InboundTest, DefaultsWhenOnlyTheStowStationsAreGiven) {
  const model::WarehouseConfig c =
      config_of(std::string(kSmallFloor) + "inbound:\n  stow:\n    stations: [1]\n");
  const model::InboundConfig& in = c.inbound;
  EXPECT_TRUE(in.enabled);
  // North edge (y = 0), 2 doors on 15 cells: x = floor(3.75) = 3 and floor(11.25) = 11.
  EXPECT_EQ(in.door_cells, (std::vector<std::uint32_t>{3, 11}));
  EXPECT_EQ(in.trucks, model::InboundConfig::Trucks::kNone);
  EXPECT_DOUBLE_EQ(in.truck_lines.mean(), 10.0);
  EXPECT_DOUBLE_EQ(in.cases_per_line.mean(), 4.0);
  EXPECT_EQ(in.units_per_case, 12);
  EXPECT_DOUBLE_EQ(in.inspection_share, 0.1);
  EXPECT_EQ(in.defect_rate, (std::array<double, 3>{0, 0, 0}));
  EXPECT_TRUE(in.receive_pools.empty());
  EXPECT_EQ(in.receivers, 2);
  EXPECT_EQ(in.stowers, 1);
  EXPECT_EQ(in.stow_policy, model::StowPolicy::kNearest);
  EXPECT_EQ(in.robot_priority, model::RobotPriority::kPickFirst);
  EXPECT_FALSE(c.replenishment.enabled);
  EXPECT_TRUE(c.replenishment.consolidate_daily);
  EXPECT_EQ(c.replenishment.order_cutoff, Duration::hours(16));
  EXPECT_FALSE(c.lost_sales);
}

TEST(InboundTest, OffWithoutInboundKeys) {
  const ScenarioSpec spec = load("orders:\n  stockout: backorder\n");
  EXPECT_FALSE(spec.inbound.enabled);
  const model::WarehouseConfig c = config_of(std::string(kSmallFloor));
  EXPECT_FALSE(c.lost_sales);
  EXPECT_FALSE(c.inbound.enabled);
  EXPECT_TRUE(c.inbound.door_cells.empty());
  EXPECT_TRUE(c.inbound.stow_stations.empty());
  EXPECT_FALSE(c.replenishment.enabled);
  for (const auto& rc : c.replenishment.classes) {
    EXPECT_FALSE(rc.enabled);
    EXPECT_TRUE(rc.supplier.empty());
  }
}

TEST(InboundTest, StowStationsMustExistAndLeaveAPickStation) {
  EXPECT_EQ(config_errors(std::string(kSmallFloor) + "inbound:\n  stow:\n    stations: [0, 9]\n"),
            std::vector<std::string>{"s.yaml:6:15: inbound.stow.stations: station 9 does not exist (expected "
                                     "indices 0 to 5: the floor has 6 stations)"});
  EXPECT_EQ(config_errors(std::string(kSmallFloor) + "inbound:\n  stow:\n    stations: [0, 1, 2, 3, 4, 5]\n"),
            std::vector<std::string>{"s.yaml:6:15: inbound.stow.stations: all 6 stations of the floor would "
                                     "stow, none would pick (expected at most 5 stow stations)"});
  EXPECT_EQ(errors_of("inbound:\n  stow:\n    stations: [0, 0]\n"),
            std::vector<std::string>{
                "s.yaml:3:19: inbound.stow.stations: \"0\" is listed twice (expected distinct values)"});
  EXPECT_EQ(
      errors_of("replenishment:\n  a:\n    policy: s_q\n    order_quantity: 10\n"),
      std::vector<std::string>{"s.yaml:3:5: inbound.stow.stations: no stow stations are given, but "
                               "inbound and replenishment need them (expected inbound.stow.stations: a list "
                               "of station indices, such as [0])"});
}

TEST(InboundTest, ReplenishmentPoliciesNeedTheirLevels) {
  const std::string stow = "inbound:\n  stow:\n    stations: [0]\n";
  EXPECT_EQ(errors_of(stow + "replenishment:\n  b:\n    policy: s_s\n    reorder_point: 40\n"
                             "    order_up_to: 40\n"),
            std::vector<std::string>{"s.yaml:8:18: replenishment.b.order_up_to: 40 is not above the reorder "
                                     "point 40 (expected an order-up-to level above "
                                     "replenishment.b.reorder_point for s_s)"});
  EXPECT_EQ(errors_of(stow + "replenishment:\n  a:\n    policy: s_q\n"),
            std::vector<std::string>{"s.yaml:6:13: replenishment.a.policy: s_q needs "
                                     "replenishment.a.order_quantity (the units one purchase order buys)"});
  EXPECT_EQ(errors_of(stow + "replenishment:\n  c:\n    policy: r_s\n"),
            std::vector<std::string>{"s.yaml:6:13: replenishment.c.policy: r_s needs "
                                     "replenishment.c.order_up_to (the inventory position a purchase order "
                                     "restores)"});
}

TEST(InboundTest, TrucksPoolsAndDefectRates) {
  const std::string stow = "inbound:\n  stow:\n    stations: [0]\n";
  EXPECT_EQ(
      errors_of(stow + "  trucks:\n    mode: schedule\n"),
      std::vector<std::string>{"s.yaml:5:11: inbound.trucks.mode: schedule needs inbound.trucks.schedule "
                               "(the times of day the trucks arrive)"});
  // A wrong schedule is reported once, not again as a missing one.
  EXPECT_EQ(errors_of(stow + "  trucks:\n    mode: schedule\n    schedule: [\"25:00\"]\n").size(), 1U);
  EXPECT_EQ(
      errors_of(stow + "  trucks:\n    mode: poisson\n"),
      std::vector<std::string>{"s.yaml:5:11: inbound.trucks.mode: poisson needs inbound.trucks.rate (the "
                               "mean truck arrival rate)"});
  EXPECT_EQ(
      errors_of("workforce:\n  pools:\n    - name: pickers\n    - name: stowers\n      skills: [stow]\n" +
                stow + "    pools: [stower]\n"),
      std::vector<std::string>{"s.yaml:9:12: inbound.stow.pools: no worker pool named \"stower\" (did you "
                               "mean \"stowers\"? expected pickers or stowers)"});
  EXPECT_EQ(
      errors_of("workforce:\n  pools:\n    - name: pickers\n" + stow + "    pools: [pickers]\n"),
      std::vector<std::string>{
          "s.yaml:7:12: inbound.stow.pools: the pool \"pickers\" has no stow skill (its skills: pick)"});
  EXPECT_EQ(
      errors_of(stow + "  inspection:\n    defect_rate: [0.1, 0.2]\n"),
      std::vector<std::string>{"s.yaml:5:18: inbound.inspection.defect_rate: expected 3 numbers, got 2"});
  EXPECT_EQ(errors_of(stow + "  inspection:\n    defect_rate: [0.1, 1.5, 0]\n"),
            std::vector<std::string>{"s.yaml:5:24: inbound.inspection.defect_rate: \"1.5\" is out of range "
                                     "(expected 3 numbers from 0 to 1)"});
}

}  // namespace
}  // namespace whsim::scenario

namespace whsim::scenario {
namespace {

/// Pools for the outbound tests: a picker pool, a pool that picks and packs (taken by picking), a
/// pool that stows and packs (taken by stowing when inbound is on) and a packer pool.
constexpr std::string_view kPackPools =
    "workforce:\n  pools:\n"
    "    - name: pickers\n      workers: 3\n"
    "    - name: flex\n      skills: [pick, pack]\n"
    "    - name: stowpack\n      skills: [stow, pack]\n"
    "    - name: packers\n      skills: [pack]\n      workers: 5\n"
    "      shift_start: \"08:00\"\n      shift_end: \"16:00\"\n";

/// A carrier that takes any order, for tests about other keys.
constexpr std::string_view kOneCarrier = "  carriers:\n    - name: post\n      cutoffs: [\"18:00\"]\n";

TEST(OutboundTest, FullScenarioFillsTheConfiguration) {
  const std::string text = std::string(kSmallFloor) + std::string(kPackPools) +
                           "inbound:\n  stow:\n    stations: [0]\n"
                           "outbound:\n  transfer_time: 90s\n  promise_lead: 3h\n  doors: 2\n"
                           "  sort_time: {dist: uniform, min: 10s, max: 30s}\n"
                           "  pack:\n    stations: 6\n    workers: 7\n    time: 2min\n"
                           "    size_classes:\n"
                           "      - max_units: 5\n        time: 45s\n"
                           "      - max_units: 1\n        time: {dist: exponential, mean: 20s}\n"
                           "  packaging:\n"
                           "    - name: box_l\n      volume: 30 L\n"
                           "    - name: bag\n      volume: 2 L\n"
                           "    - name: box_s\n      volume: 0.008 m^3\n"
                           "  carriers:\n"
                           "    - name: post\n      share: 2\n      cutoffs: [\"18:00\", \"12:00\"]\n"
                           "      truck_packages: 300\n      truck_volume: 20 m^3\n      dock_before: 90min\n"
                           "      load_time: 4s\n      lanes: 3\n      lane_capacity: 40\n"
                           "    - name: courier\n      share: 0.5\n      max_order_volume: 50 L\n"
                           "      cutoffs: [\"16:00\"]\n";
  const model::WarehouseConfig c = config_of(text);
  const model::OutboundConfig& out = c.outbound;
  EXPECT_TRUE(out.enabled);
  EXPECT_DOUBLE_EQ(out.transfer_time.mean(), 90.0);
  EXPECT_EQ(out.promise_lead, Duration::hours(3));
  EXPECT_EQ(out.doors, 2);
  EXPECT_DOUBLE_EQ(out.sort_time.mean(), 20.0);
  EXPECT_EQ(out.pack_stations, 6);
  EXPECT_EQ(out.packers, 7);
  EXPECT_DOUBLE_EQ(out.pack_time.mean(), 120.0);
  // By skill, pools that pick (flex) or stow (stowpack) are not counted again as packers.
  ASSERT_EQ(out.pack_pools.size(), 1U);
  EXPECT_EQ(out.pack_pools[0].name, "packers");
  EXPECT_EQ(out.pack_pools[0].workers, 5);
  EXPECT_EQ(out.pack_pools[0].start, Duration::hours(8));
  EXPECT_EQ(out.pack_pools[0].end, Duration::hours(16));
  ASSERT_EQ(c.pick_pools.size(), 2U);
  EXPECT_EQ(c.pick_pools[1].name, "flex");
  ASSERT_EQ(c.inbound.stow_pools.size(), 1U);
  EXPECT_EQ(c.inbound.stow_pools[0].name, "stowpack");
  // Size classes ascending by max_units, packaging ascending by volume.
  ASSERT_EQ(out.size_classes.size(), 2U);
  EXPECT_EQ(out.size_classes[0].max_units, 1);
  EXPECT_DOUBLE_EQ(out.size_classes[0].time.mean(), 20.0);
  EXPECT_EQ(out.size_classes[1].max_units, 5);
  EXPECT_DOUBLE_EQ(out.size_classes[1].time.mean(), 45.0);
  ASSERT_EQ(out.packaging.size(), 3U);
  EXPECT_EQ(out.packaging[0].name, "bag");
  EXPECT_DOUBLE_EQ(out.packaging[0].volume, 0.002);
  EXPECT_EQ(out.packaging[1].name, "box_s");
  EXPECT_DOUBLE_EQ(out.packaging[1].volume, 0.008);
  EXPECT_EQ(out.packaging[2].name, "box_l");
  EXPECT_DOUBLE_EQ(out.packaging[2].volume, 0.03);
  // Carriers in file order, cutoffs sorted.
  ASSERT_EQ(out.carriers.size(), 2U);
  const model::Carrier& post = out.carriers[0];
  EXPECT_EQ(post.name, "post");
  EXPECT_DOUBLE_EQ(post.share, 2.0);
  EXPECT_DOUBLE_EQ(post.max_order_volume, 0.0);  // takes any order
  EXPECT_EQ(post.cutoffs, (std::vector<Duration>{Duration::hours(12), Duration::hours(18)}));
  EXPECT_EQ(post.truck_packages, 300);
  EXPECT_DOUBLE_EQ(post.truck_volume, 20.0);
  EXPECT_EQ(post.dock_before, Duration::minutes(90));
  EXPECT_DOUBLE_EQ(post.load_time.mean(), 4.0);
  EXPECT_EQ(post.lanes, 3);
  EXPECT_EQ(post.lane_capacity, 40);
  const model::Carrier& courier = out.carriers[1];
  EXPECT_EQ(courier.name, "courier");
  EXPECT_DOUBLE_EQ(courier.share, 0.5);
  EXPECT_DOUBLE_EQ(courier.max_order_volume, 0.05);
  EXPECT_EQ(courier.cutoffs, (std::vector<Duration>{Duration::hours(16)}));
  // Defaults per item.
  EXPECT_EQ(courier.truck_packages, 400);
  EXPECT_DOUBLE_EQ(courier.truck_volume, 0.0);  // packages only
  EXPECT_EQ(courier.dock_before, Duration::hours(2));
  EXPECT_DOUBLE_EQ(courier.load_time.mean(), 6.0);
  EXPECT_EQ(courier.lanes, 1);
  EXPECT_EQ(courier.lane_capacity, 60);
}

TEST(OutboundTest, DefaultsWhenOnlyACarrierIsGiven) {
  const ScenarioSpec spec = load("outbound:\n" + std::string(kOneCarrier));
  EXPECT_TRUE(spec.outbound.enabled);
  EXPECT_EQ(spec.outbound.where.to_string(), "s.yaml:2:3");
  const model::WarehouseConfig c = config_of(std::string(kSmallFloor) + std::string(kPackPools) +
                                             "outbound:\n" + std::string(kOneCarrier));
  const model::OutboundConfig& out = c.outbound;
  EXPECT_TRUE(out.enabled);
  EXPECT_DOUBLE_EQ(out.transfer_time.mean(), 60.0);
  EXPECT_EQ(out.promise_lead, Duration::hours(2));
  EXPECT_EQ(out.doors, 4);
  EXPECT_DOUBLE_EQ(out.sort_time.mean(), 15.0);
  EXPECT_EQ(out.pack_stations, 4);
  EXPECT_EQ(out.packers, 4);
  EXPECT_DOUBLE_EQ(out.pack_time.mean(), 60.0);
  EXPECT_TRUE(out.size_classes.empty());
  EXPECT_TRUE(out.packaging.empty());
  // Inbound is off: the stow-and-pack pool packs; the pick-and-pack pool still picks.
  ASSERT_EQ(out.pack_pools.size(), 2U);
  EXPECT_EQ(out.pack_pools[0].name, "stowpack");
  EXPECT_EQ(out.pack_pools[1].name, "packers");
  ASSERT_EQ(out.carriers.size(), 1U);
  EXPECT_EQ(out.carriers[0].name, "post");
  EXPECT_DOUBLE_EQ(out.carriers[0].share, 1.0);
  // Pools named explicitly are used as given; a pool with the pick skill packs when the pick
  // stations are given their own pools (a pool staffs one role: test_costs_keys.cpp).
  const model::WarehouseConfig named =
      config_of(std::string(kSmallFloor) + std::string(kPackPools) + "stations:\n  pools: [pickers]\n" +
                "outbound:\n  pack:\n    pools: [flex]\n" + std::string(kOneCarrier));
  ASSERT_EQ(named.outbound.pack_pools.size(), 1U);
  EXPECT_EQ(named.outbound.pack_pools[0].name, "flex");
  ASSERT_EQ(named.pick_pools.size(), 1U);
  EXPECT_EQ(named.pick_pools[0].name, "pickers");
}

TEST(OutboundTest, OffWithoutOutboundKeys) {
  const std::string text = std::string(kSmallFloor) + std::string(kPackPools);
  EXPECT_FALSE(load(text).outbound.enabled);
  EXPECT_FALSE(load("outbound:\n").outbound.enabled);  // an empty section turns nothing on
  const model::WarehouseConfig c = config_of(text);
  const model::OutboundConfig defaults;
  EXPECT_FALSE(c.outbound.enabled);
  EXPECT_TRUE(c.outbound.carriers.empty());
  EXPECT_TRUE(c.outbound.pack_pools.empty());
  EXPECT_TRUE(c.outbound.size_classes.empty());
  EXPECT_TRUE(c.outbound.packaging.empty());
  EXPECT_EQ(c.outbound.packers, defaults.packers);
  EXPECT_EQ(c.outbound.promise_lead, defaults.promise_lead);
  // The scenario's fingerprint is that of its text: outbound keys elsewhere do not change it.
  EXPECT_EQ(scenario_hash(YamlDocument::parse(text, "a.yaml")),
            scenario_hash(YamlDocument::parse(text, "b.yaml")));
}

TEST(OutboundTest, CarriersAreRequiredAndNamesUnique) {
  EXPECT_EQ(
      errors_of("outbound:\n  doors: 2\n"),
      std::vector<std::string>{"s.yaml:2:3: outbound.carriers: no carriers are given, but outbound needs "
                               "them (expected outbound.carriers: a list of carriers, each with a name and "
                               "cutoffs)"});
  EXPECT_EQ(errors_of("outbound:\n  carriers: []\n"),
            std::vector<std::string>{
                "s.yaml:2:3: outbound.carriers: the list is empty (expected at least one carrier)"});
  // A wrong list is reported once, not again as a missing one.
  EXPECT_EQ(
      errors_of("outbound:\n  carriers: post\n"),
      std::vector<std::string>{"s.yaml:2:13: outbound.carriers: expected a list of sections (each item a "
                               "mapping of keys)"});
  EXPECT_EQ(errors_of("outbound:\n  carriers:\n    - name: post\n"),
            std::vector<std::string>{
                "s.yaml:3:7: outbound.carriers[0]: cutoffs is missing (every item needs one)"});
  EXPECT_EQ(errors_of(std::string("outbound:\n") + std::string(kOneCarrier) +
                      "    - name: post\n      cutoffs: [\"12:00\"]\n"),
            std::vector<std::string>{"s.yaml:5:13: outbound.carriers[1].name: a carrier named \"post\" is "
                                     "already defined (names must be unique)"});
  EXPECT_EQ(
      errors_of(std::string("outbound:\n") + std::string(kOneCarrier) +
                "  packaging:\n    - name: box\n      volume: 10 L\n"
                "    - name: box\n      volume: 20 L\n"),
      std::vector<std::string>{"s.yaml:8:13: outbound.packaging[1].name: a packaging type named \"box\" "
                               "is already defined (names must be unique)"});
  EXPECT_EQ(
      errors_of(std::string("outbound:\n") + std::string(kOneCarrier) + "  packaging:\n    - name: box\n"),
      std::vector<std::string>{
          "s.yaml:6:7: outbound.packaging[0]: volume is missing (every item needs one)"});
}

TEST(OutboundTest, SizeClassesNeedDistinctMaxUnits) {
  EXPECT_EQ(
      errors_of(std::string("outbound:\n") + std::string(kOneCarrier) +
                "  pack:\n    size_classes:\n"
                "      - max_units: 3\n        time: 30s\n"
                "      - max_units: 3\n        time: 40s\n"),
      std::vector<std::string>{"s.yaml:9:20: outbound.pack.size_classes[1].max_units: a size class of up "
                               "to 3 units is already defined (expected distinct max_units)"});
  EXPECT_EQ(errors_of(std::string("outbound:\n") + std::string(kOneCarrier) +
                      "  pack:\n    size_classes:\n      - max_units: 0\n        time: 30s\n"),
            std::vector<std::string>{
                "s.yaml:7:20: outbound.pack.size_classes[0].max_units: \"0\" is out of range (expected 1 to "
                "10^6)"});
  // A distribution problem inside an item names the item.
  EXPECT_EQ(
      errors_of(std::string("outbound:\n") + std::string(kOneCarrier) +
                "  pack:\n    size_classes:\n      - max_units: 2\n        time: {dist: exponential}\n"),
      std::vector<std::string>{
          "s.yaml:8:15: outbound.pack.size_classes[0].time: exponential needs \"mean\""});
}

TEST(OutboundTest, EveryOrderNeedsACarrier) {
  EXPECT_EQ(
      errors_of("outbound:\n  carriers:\n"
                "    - name: small\n      max_order_volume: 20 L\n      cutoffs: [\"12:00\"]\n"
                "    - name: any\n      share: 0\n      cutoffs: [\"18:00\"]\n"),
      std::vector<std::string>{
          "s.yaml:3:7: outbound.carriers: every carrier with a share above 0 has a max_order_volume, so "
          "a larger order would have no carrier (every order needs one: expected a carrier with a "
          "share above 0 and no max_order_volume)"});
  EXPECT_EQ(
      errors_of("outbound:\n  carriers:\n    - name: post\n      share: 0\n      cutoffs: [\"12:00\"]\n"),
      std::vector<std::string>{"s.yaml:3:7: outbound.carriers: every carrier has share 0, so no order "
                               "could ship (expected a carrier with a share above 0)"});
}

TEST(OutboundTest, DockBeforeMustFitBetweenCutoffs) {
  EXPECT_EQ(errors_of("outbound:\n  carriers:\n    - name: post\n      cutoffs: [\"18:00\", \"14:00\", "
                      "\"15:00\"]\n      dock_before: 90min\n"),
            std::vector<std::string>{
                "s.yaml:5:20: outbound.carriers[0].dock_before: a truck docks 1h30m00s before its cutoff, "
                "longer than the shortest gap between two cutoffs (1h00m00s, from 14:00 to 15:00), but one "
                "truck per carrier docks at a time (expected dock_before at most 1h00m00s)"});
  // The gap from the last cutoff to the first of the next day counts; the default dock_before
  // is reported at the cutoffs.
  EXPECT_EQ(errors_of("outbound:\n  carriers:\n    - name: post\n      cutoffs: [\"23:00\", \"12:00\", "
                      "\"00:30\"]\n"),
            std::vector<std::string>{
                "s.yaml:4:16: outbound.carriers[0].cutoffs: a truck docks 2h00m00s before its cutoff (the "
                "default dock_before), longer than the shortest gap between two cutoffs (1h30m00s, from "
                "23:00 to 00:30), but one truck per carrier docks at a time (expected dock_before at most "
                "1h30m00s)"});
  EXPECT_EQ(
      errors_of("outbound:\n  carriers:\n    - name: post\n      cutoffs: [\"00:00\", \"24:00\"]\n"
                "      dock_before: 1min\n"),
      std::vector<std::string>{"s.yaml:4:16: outbound.carriers[0].cutoffs: 24:00 and 00:00 are the same "
                               "time of day (expected distinct cutoffs)"});
  // A truck must dock before its cutoff, or it would leave before anything is loaded.
  EXPECT_EQ(
      errors_of("outbound:\n  carriers:\n    - name: post\n      cutoffs: [\"12:00\"]\n"
                "      dock_before: 0s\n"),
      std::vector<std::string>{"s.yaml:5:20: outbound.carriers[0].dock_before: \"0s\" is out of range "
                               "(expected 1 min to 24h, at most the shortest gap between two cutoffs)"});
  // One cutoff a day: the gap is a whole day.
  EXPECT_TRUE(errors_of("outbound:\n  carriers:\n    - name: post\n      cutoffs: [\"12:00\"]\n"
                        "      dock_before: 24h\n")
                  .empty());
}

TEST(OutboundTest, DottedKeysDoNotReachKeysOfListItems) {
  // "a.b: 1" is one key named "a.b", not the path a -> b: without a list item it must not reach
  // the keys of one (the fuzzer found this crashing).
  for (const char* text : {"outbound.carriers.lanes: 9\n", "workforce.pools.name: x\n",
                           "outbound:\n  carriers.lanes: 9\n", "robots.count: 5\n"}) {
    const std::vector<std::string> errors = errors_of(text);
    ASSERT_EQ(errors.size(), 1U) << text;
    EXPECT_NE(errors[0].find("unknown key"), std::string::npos) << errors[0];
  }
}

TEST(OutboundTest, UnknownKeysAndPoolsInsideItems) {
  EXPECT_EQ(errors_of(std::string("outbound:\n") + std::string(kOneCarrier) +
                      "    - name: courier\n      cutoffs: [\"12:00\"]\n      lane_capacty: 10\n"),
            std::vector<std::string>{"s.yaml:7:7: outbound.carriers[1].lane_capacty: unknown key "
                                     "\"lane_capacty\" (did you mean \"lane_capacity\"?)"});
  EXPECT_EQ(
      errors_of(std::string(kPackPools) + "outbound:\n  pack:\n    pools: [pakers]\n" +
                std::string(kOneCarrier)),
      std::vector<std::string>{"s.yaml:16:12: outbound.pack.pools: no worker pool named \"pakers\" (did "
                               "you mean \"packers\"? expected pickers, flex, stowpack or packers)"});
  EXPECT_EQ(
      errors_of(std::string(kPackPools) + "outbound:\n  pack:\n    pools: [pickers]\n" +
                std::string(kOneCarrier)),
      std::vector<std::string>{
          "s.yaml:16:12: outbound.pack.pools: the pool \"pickers\" has no pack skill (its skills: pick)"});
}

}  // namespace
}  // namespace whsim::scenario

namespace whsim::scenario {
namespace {

/// A 5 x 4 map with three chargers (c): (0, 0), (4, 0) and (0, 3).
constexpr std::string_view kChargerMap = "floor:\n  map: |\n    c...c\n    .s.s.\n    ..P..\n    c....\n";
/// A 5 x 3 map without chargers whose south edge holds storage locations.
constexpr std::string_view kStorageEdgeMap = "floor:\n  map: |\n    ..P..\n    .....\n    ss.ss\n";

TEST(BatteryTest, FullSectionFillsTheConfiguration) {
  const std::string text = std::string(kSmallFloor) +
                           "batteries:\n  capacity: 1.2 kWh\n  initial: 80%\n"
                           "  consumption:\n    empty: 0.1 Wh\n    loaded: 360 J\n    lift: 0.5 Wh\n"
                           "    idle: 0.01 kW\n"
                           "  charging:\n    below: 30%\n    to: 95%\n    opportunity_below: 60%\n"
                           "  chargers:\n    count: 5\n    side: south\n    bays: 3\n    power: 0.2 kW\n"
                           "    taper_from: 70%\n    taper_floor: 10%\n    efficiency: 85%\n"
                           "  grid_intensity: 0.4 kg/kWh\n";
  const ScenarioSpec spec = load(text);
  EXPECT_TRUE(spec.batteries.enabled);
  EXPECT_EQ(spec.batteries.where.to_string(), "s.yaml:5:3");
  const model::BatteryConfig b = config_of(text).batteries;
  EXPECT_TRUE(b.enabled);
  EXPECT_DOUBLE_EQ(b.capacity, 1200.0);
  EXPECT_DOUBLE_EQ(b.initial, 0.8);
  EXPECT_DOUBLE_EQ(b.per_metre_empty, 0.1);
  EXPECT_DOUBLE_EQ(b.per_metre_loaded, 0.1);
  EXPECT_DOUBLE_EQ(b.per_lift, 0.5);
  EXPECT_DOUBLE_EQ(b.idle_power, 10.0);
  EXPECT_DOUBLE_EQ(b.charge_below, 0.3);
  EXPECT_DOUBLE_EQ(b.charge_to, 0.95);
  EXPECT_DOUBLE_EQ(b.opportunity_below, 0.6);
  // South edge: row y = 8 of a 15-cell-wide floor; chargers at x = floor((i + 0.5) 15 / 5).
  EXPECT_EQ(b.charger_cells,
            (std::vector<std::uint32_t>{8 * 15 + 1, 8 * 15 + 4, 8 * 15 + 7, 8 * 15 + 10, 8 * 15 + 13}));
  EXPECT_EQ(b.bays, 3);
  EXPECT_DOUBLE_EQ(b.charge_power, 200.0);
  EXPECT_DOUBLE_EQ(b.taper_from, 0.7);
  EXPECT_DOUBLE_EQ(b.taper_floor, 0.1);
  EXPECT_DOUBLE_EQ(b.charger_efficiency, 0.85);
  EXPECT_DOUBLE_EQ(b.grid_intensity, 400.0);
}

TEST(BatteryTest, AnyKeyTurnsBatteriesOnWithTheDefaults) {
  const std::string text = std::string(kSmallFloor) + "batteries:\n  grid_intensity: 300 g/kWh\n";
  const model::BatteryConfig b = config_of(text).batteries;
  const model::BatteryConfig defaults;
  EXPECT_TRUE(b.enabled);
  EXPECT_DOUBLE_EQ(b.grid_intensity, 300.0);
  EXPECT_DOUBLE_EQ(b.capacity, 400.0);
  EXPECT_DOUBLE_EQ(b.initial, 1.0);
  EXPECT_DOUBLE_EQ(b.per_metre_empty, 0.08);
  EXPECT_DOUBLE_EQ(b.per_metre_loaded, 0.12);
  EXPECT_DOUBLE_EQ(b.per_lift, 0.3);
  EXPECT_DOUBLE_EQ(b.idle_power, 5.0);
  EXPECT_DOUBLE_EQ(b.charge_below, 0.25);
  EXPECT_DOUBLE_EQ(b.charge_to, 0.9);
  EXPECT_DOUBLE_EQ(b.opportunity_below, 0.0);
  // Four chargers on the south edge: x = floor((i + 0.5) 15 / 4) = 1, 5, 9, 13.
  EXPECT_EQ(b.charger_cells, (std::vector<std::uint32_t>{8 * 15 + 1, 8 * 15 + 5, 8 * 15 + 9, 8 * 15 + 13}));
  EXPECT_EQ(b.bays, defaults.bays);
  EXPECT_DOUBLE_EQ(b.charge_power, defaults.charge_power);
  EXPECT_DOUBLE_EQ(b.taper_from, defaults.taper_from);
  EXPECT_DOUBLE_EQ(b.taper_floor, defaults.taper_floor);
  EXPECT_DOUBLE_EQ(b.charger_efficiency, defaults.charger_efficiency);
  // Another side: west to east along the north edge: x = floor((i + 0.5) 15 / 3) = 2, 7, 12.
  const model::BatteryConfig north =
      config_of(std::string(kSmallFloor) + "batteries:\n  chargers:\n    count: 3\n    side: north\n")
          .batteries;
  EXPECT_EQ(north.charger_cells, (std::vector<std::uint32_t>{2, 7, 12}));
}

TEST(BatteryTest, OffWithoutBatteryKeys) {
  const std::string text = std::string(kSmallFloor);
  EXPECT_FALSE(load(text).batteries.enabled);
  EXPECT_FALSE(load("batteries:\n").batteries.enabled);  // an empty section turns nothing on
  const model::BatteryConfig b = config_of(text).batteries;
  const model::BatteryConfig defaults;
  EXPECT_FALSE(b.enabled);
  EXPECT_TRUE(b.charger_cells.empty());
  EXPECT_DOUBLE_EQ(b.capacity, defaults.capacity);
  EXPECT_DOUBLE_EQ(b.charge_to, defaults.charge_to);
  EXPECT_DOUBLE_EQ(b.grid_intensity, defaults.grid_intensity);
  // Neither does a map with chargers.
  EXPECT_FALSE(config_of(std::string(kChargerMap)).batteries.enabled);
  EXPECT_TRUE(config_of(std::string(kChargerMap)).batteries.charger_cells.empty());
}

TEST(BatteryTest, TheMapsChargerCellsAreTheChargers) {
  const model::BatteryConfig b =
      config_of(std::string(kChargerMap) + "batteries:\n  chargers:\n    bays: 1\n").batteries;
  EXPECT_TRUE(b.enabled);
  EXPECT_EQ(b.charger_cells, (std::vector<std::uint32_t>{0, 4, 15}));
  EXPECT_EQ(b.bays, 1);
  EXPECT_EQ(
      config_errors(std::string(kChargerMap) + "batteries:\n  chargers:\n    count: 2\n    side: north\n"),
      (std::vector<std::string>{
          "s.yaml:9:12: batteries.chargers.count: not used when the floor map marks chargers (its 3 c "
          "cells are the chargers)",
          "s.yaml:10:11: batteries.chargers.side: not used when the floor map marks chargers (its 3 c "
          "cells are the chargers)"}));
}

TEST(BatteryTest, ChargeLevelsMustLeaveRoomToCharge) {
  EXPECT_EQ(errors_of("batteries:\n  charging:\n    below: 50%\n    to: 40%\n"),
            std::vector<std::string>{"s.yaml:4:9: batteries.charging.to: 40% is not above "
                                     "batteries.charging.below (50%) (expected a level above those that "
                                     "send a robot to charge)"});
  EXPECT_EQ(errors_of("batteries:\n  charging:\n    below: 95%\n"),
            std::vector<std::string>{"s.yaml:3:12: batteries.charging.below: 95% is not below "
                                     "batteries.charging.to (90%, the default) (expected a level below the "
                                     "one robots charge up to)"});
  EXPECT_EQ(errors_of("batteries:\n  charging:\n    opportunity_below: 90%\n"),
            std::vector<std::string>{"s.yaml:3:24: batteries.charging.opportunity_below: 90% is not below "
                                     "batteries.charging.to (90%, the default) (expected a level below the "
                                     "one robots charge up to)"});
  EXPECT_EQ(errors_of("batteries:\n  charging:\n    to: 50%\n    opportunity_below: 60%\n"),
            std::vector<std::string>{"s.yaml:3:9: batteries.charging.to: 50% is not above "
                                     "batteries.charging.opportunity_below (60%) (expected a level above "
                                     "those that send a robot to charge)"});
  EXPECT_EQ(errors_of("batteries:\n  charging:\n    to: 0%\n"),
            std::vector<std::string>{
                "s.yaml:3:9: batteries.charging.to: \"0%\" is out of range (expected more than 0%, at most "
                "100%)"});
  // A wrong level is reported once, not again against the other level.
  EXPECT_EQ(errors_of("batteries:\n  charging:\n    below: 95%\n    to: 9 Wh\n"),
            std::vector<std::string>{"s.yaml:4:9: batteries.charging.to: " +
                                     units::parse_quantity("9 Wh", units::Quantity::kPercentage).message()});
  EXPECT_TRUE(errors_of("batteries:\n  charging:\n    below: 10%\n    to: 100%\n    opportunity_below: 99%\n")
                  .empty());
}

TEST(BatteryTest, PlacedChargersMustFitAndStandOnAisles) {
  EXPECT_EQ(config_errors(std::string(kSmallFloor) + "batteries:\n  chargers:\n    count: 16\n"),
            std::vector<std::string>{"s.yaml:6:12: batteries.chargers.count: 16 chargers do not fit on the "
                                     "south side, which is 15 cells long (expected at most 15)"});
  EXPECT_EQ(
      config_errors(std::string(kSmallFloor) + "batteries:\n  chargers:\n    count: 10\n    side: east\n"),
      std::vector<std::string>{"s.yaml:6:12: batteries.chargers.count: 10 chargers do not fit on the "
                               "east side, which is 9 cells long (expected at most 9)"});
  EXPECT_EQ(
      config_errors(std::string(kStorageEdgeMap) + "batteries:\n  chargers:\n    side: south\n"),
      std::vector<std::string>{
          "s.yaml:8:11: batteries.chargers.side: charger 1 of 4 on the south side would be at (0, 2), a "
          "storage location, not an aisle (expected a side whose edge cells are aisles, or chargers "
          "marked c in floor.map)"});
  // Neither count nor side given: the problem is reported at the batteries section.
  EXPECT_EQ(config_errors(std::string(kStorageEdgeMap) + "batteries:\n  capacity: 1 kWh\n"),
            std::vector<std::string>{
                "s.yaml:7:3: batteries.chargers.count: charger 1 of 4 on the south side would be at (0, 2), "
                "a storage location, not an aisle (expected a side whose edge cells are aisles, or chargers "
                "marked c in floor.map)"});
  // Stations on the south side: the second of three chargers (x = 7) would take the middle station.
  EXPECT_EQ(config_errors(std::string(kSmallFloor) +
                          "  station_sides: [south]\nbatteries:\n  chargers:\n    count: 3\n"),
            std::vector<std::string>{
                "s.yaml:7:12: batteries.chargers.count: charger 2 of 3 on the south side would be at (7, 8), "
                "a pick station, not an aisle (expected a count or side that misses the pick stations, or "
                "chargers marked c in floor.map)"});
  EXPECT_TRUE(config_errors(std::string(kSmallFloor) + "batteries:\n  chargers:\n    count: 15\n").empty());
}

TEST(BatteryTest, UnknownKeysSuggestTheNearestOne) {
  EXPECT_EQ(errors_of("batteries:\n  chargers:\n    bay: 3\n"),
            std::vector<std::string>{
                "s.yaml:3:5: batteries.chargers.bay: unknown key \"bay\" (did you mean \"bays\"?)"});
  EXPECT_EQ(errors_of("batteris:\n  capacity: 1 kWh\n"),
            std::vector<std::string>{
                "s.yaml:1:1: batteris: unknown key \"batteris\" (did you mean \"batteries\"?)"});
  EXPECT_EQ(errors_of("batteries:\n  capacity: 1 kW\n"),
            std::vector<std::string>{"s.yaml:2:13: batteries.capacity: " +
                                     units::parse_quantity("1 kW", units::Quantity::kEnergy).message()});
}

}  // namespace
}  // namespace whsim::scenario
