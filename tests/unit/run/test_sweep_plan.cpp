// Sweep plans: lists, ranges (integer and decimal, inclusive ends), zips, Latin hypercubes (one
// hit per stratum, bit-identical repeats, integer bounds), constraints (results and located
// errors), --vary flags (commas inside values), key checks, limits, and values that survive the
// trip through YAML text back into a scenario document.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <gtest/gtest.h>

#include "whsim/run/sweep_plan.hpp"
#include "whsim/scenario/yaml_document.hpp"

#include <unistd.h>

namespace whsim::run {
namespace {

using scenario::NodeIndex;
using scenario::YamlDocument;
using scenario::YamlKind;
using scenario::YamlNode;
using Strings = std::vector<std::string>;

SweepPlan plan_of(std::string_view yaml) {
  return parse_sweep(YamlDocument::parse(yaml, "sweep.yaml"));
}

/// Every diagnostic parse_sweep reports for `yaml`, as printed.
Strings errors_of(std::string_view yaml) {
  try {
    (void)plan_of(yaml);
  } catch (const InputError& e) {
    Strings out;
    for (const Diagnostic& d : e.diagnostics()) out.push_back(d.to_string());
    return out;
  }
  ADD_FAILURE() << "no error for:\n" << yaml;
  return {};
}

/// The single diagnostic parse_sweep reports for `yaml`.
std::string error_of(std::string_view yaml) {
  const Strings all = errors_of(yaml);
  EXPECT_EQ(all.size(), 1U) << fmt::format("{}", fmt::join(all, "\n"));
  return all.empty() ? std::string() : all.front();
}

/// The single diagnostic of a sweep whose only factor is `factor` (a flow mapping) and whose
/// only constraint is `constraint` (when not empty).
std::string constraint_error(std::string_view constraint) {
  return error_of(
      fmt::format("set: {{orders.mode: poisson}}\nsweep:\n  - zip: {{robots.count: [20, 40], "
                  "floor.stations_per_side: [2, 4]}}\n"
                  "constraints:\n  - '{}'\n",
                  constraint));
}

Strings vary_errors(const Strings& flags, int replications = 1) {
  try {
    (void)plan_from_vary(flags, replications);
  } catch (const InputError& e) {
    Strings out;
    for (const Diagnostic& d : e.diagnostics()) out.push_back(d.to_string());
    return out;
  }
  ADD_FAILURE() << "no error for the flags";
  return {};
}

/// The values of `key` over the plan's points, in order.
Strings column(const SweepPlan& plan, std::string_view key) {
  Strings out;
  for (const SweepPoint& p : plan.points) {
    for (const SweepAssignment& a : p.assignments) {
      if (a.key == key) out.push_back(a.value);
    }
  }
  return out;
}

double number(const std::string& s) {
  double v = 0;
  const auto res = std::from_chars(s.data(), s.data() + s.size(), v);
  EXPECT_TRUE(res.ec == std::errc() && res.ptr == s.data() + s.size()) << s;
  return v;
}

/// The same YAML tree: kinds, texts, plain or quoted, keys.
bool same_tree(const YamlDocument& a, NodeIndex x, const YamlDocument& b, NodeIndex y) {
  const YamlNode& n = a.node(x);
  const YamlNode& m = b.node(y);
  if (n.kind != m.kind || n.text != m.text || n.items.size() != m.items.size() ||
      n.entries.size() != m.entries.size()) {
    return false;
  }
  if (n.kind == YamlKind::kScalar && n.plain != m.plain) return false;
  for (std::size_t i = 0; i < n.items.size(); ++i) {
    if (!same_tree(a, n.items[i], b, m.items[i])) return false;
  }
  for (std::size_t i = 0; i < n.entries.size(); ++i) {
    if (n.entries[i].key != m.entries[i].key || !same_tree(a, n.entries[i].value, b, m.entries[i].value)) {
      return false;
    }
  }
  return true;
}

// --- lists, the product and the file's keys ---------------------------------------------------

TEST(SweepPlanTest, ListsMakeAProductWithTheFirstFactorSlowest) {
  const SweepPlan plan = plan_of(R"(
sweep:
  - key: robots.count
    values: [20, 40]
  - key: floor.stations_per_side
    values: [2, 3, 4]
)");
  EXPECT_EQ(plan.keys, (Strings{"robots.count", "floor.stations_per_side"}));
  ASSERT_EQ(plan.points.size(), 6U);
  EXPECT_EQ(plan.generated, 6U);
  EXPECT_EQ(column(plan, "robots.count"), (Strings{"20", "20", "20", "40", "40", "40"}));
  EXPECT_EQ(column(plan, "floor.stations_per_side"), (Strings{"2", "3", "4", "2", "3", "4"}));
  EXPECT_EQ(describe_point(plan.points[4]), "robots.count=40, floor.stations_per_side=3");
  EXPECT_EQ(plan.replications, 1);
  EXPECT_EQ(plan.scenario, "");
  EXPECT_TRUE(plan.fixed.empty());
  EXPECT_TRUE(plan.constraints.empty());
}

TEST(SweepPlanTest, ReadsScenarioReplicationsSetAndConstraints) {
  const SweepPlan plan = parse_sweep(YamlDocument::parse(R"(
scenario: ../warehouse.yaml
replications: 5
set:
  simulation.horizon: 8h
  floor.station_sides: [west, east]
sweep:
  - key: robots.count
    values: [20, 40]
constraints:
  - "robots.count > 30"
)",
                                                         "studies/sweeps/s.yaml"));
  EXPECT_EQ(plan.scenario, "studies/sweeps/../warehouse.yaml");
  EXPECT_EQ(plan.replications, 5);
  EXPECT_EQ(plan.fixed, (std::vector<SweepAssignment>{{"simulation.horizon", "8h"},
                                                      {"floor.station_sides", "[west, east]"}}));
  EXPECT_EQ(plan.constraints, (Strings{"robots.count > 30"}));
  EXPECT_EQ(plan.generated, 2U);
  ASSERT_EQ(plan.points.size(), 1U);
  EXPECT_EQ(describe_point(plan.points[0]), "robots.count=40");

  const SweepPlan absolute = parse_sweep(
      YamlDocument::parse("scenario: /data/w.yaml\nsweep: [{key: a, values: [1]}]\n", "x/s.yaml"));
  EXPECT_EQ(absolute.scenario, "/data/w.yaml");
  const SweepPlan here = plan_of("scenario: w.yaml\nsweep: [{key: a, values: [1]}]\n");
  EXPECT_EQ(here.scenario, "w.yaml");
}

TEST(SweepPlanTest, LoadsAFileAndResolvesTheScenarioNextToIt) {
  const auto dir = std::filesystem::temp_directory_path() / fmt::format("whsim_sweep_test_{}", ::getpid());
  std::filesystem::create_directories(dir);
  const auto file = dir / "sweep.yaml";
  {
    std::ofstream out(file);
    out << "scenario: warehouse.yaml\nsweep:\n  - key: robots.count\n    values: [1, 2]\n";
  }
  const SweepPlan plan = load_sweep_file(file);
  EXPECT_EQ(plan.scenario, (dir / "warehouse.yaml").string());
  EXPECT_EQ(plan.points.size(), 2U);
  std::filesystem::remove_all(dir);
  EXPECT_THROW((void)load_sweep_file(file), UnreadableFileError);
}

TEST(SweepPlanTest, ValuesKeepTheirYamlText) {
  const SweepPlan plan = plan_of(R"(
sweep:
  - key: k
    values:
      - 1
      - 1.50
      - '7'
      - "a, b"
      - 'it''s'
      - [1, 2]
      - {a: 1, b: [x, 'y, z']}
      - ~
      - "x\ty"
      - a: b
      - 'a: b'
      - -5
      - a,b
      - true
      - "true"
      - '---'
      - ''
      - 720/h
)");
  EXPECT_EQ(column(plan, "k"), (Strings{"1", "1.50", "'7'", "'a, b'", "'it''s'", "[1, 2]",
                                        "{a: 1, b: [x, 'y, z']}", "null", "\"x\\ty\"", "{a: b}", "'a: b'",
                                        "-5", "'a,b'", "true", "'true'", "'---'", "''", "720/h"}));
}

/// Each value, applied as an override, gives the scenario the node the sweep file had.
TEST(SweepPlanTest, ValuesSurviveTheTripBackIntoAScenario) {
  const YamlDocument file = YamlDocument::parse(R"(
sweep:
  - key: robots.count
    values: [40, 2.5e3, -7, '40', "a, b", 'it''s "quoted"', "tab\there", "new\nline", [1, 'x, y', [2]],
             {p: 'q: r', s: [t]}, ' padded ', "#hash", "a #b", "\u00fc", -x, "[x]", ~, "", true, "null",
             'a''', "back\\slash", "---", "x: ", "- y"]
)",
                                                "sweep.yaml");
  const SweepPlan plan = parse_sweep(file);
  const NodeIndex factor = file.find(file.root(), "sweep")->items[0];
  const YamlNode& list = file.node(file.node(factor).entries[1].value);
  ASSERT_EQ(list.items.size(), plan.points.size());
  for (std::size_t i = 0; i < plan.points.size(); ++i) {
    const std::string& value = plan.points[i].assignments[0].value;
    YamlDocument doc = YamlDocument::parse("robots: {count: 1}\n", "base.yaml");
    doc.apply_override("robots.count=" + value);
    const NodeIndex robots = doc.node(doc.root()).entries[0].value;
    const NodeIndex count = doc.node(robots).entries[0].value;
    EXPECT_TRUE(same_tree(file, list.items[i], doc, count)) << "value " << i << ": " << value;
  }
}

// --- ranges ---------------------------------------------------------------------------------

TEST(SweepPlanTest, IntegerRangesIncludeTheirEndAndStayIntegers) {
  const SweepPlan plan = plan_of(R"(
sweep:
  - {key: a, range: {from: 2, to: 8, step: 2}}
  - {key: b, range: {from: -3, to: 4, step: 3}}
  - {key: c, range: {from: 5, to: 5, step: 1}}
)");
  ASSERT_EQ(plan.points.size(), 12U);
  const SweepPlan a = plan_of("sweep: [{key: a, range: {from: 2, to: 8, step: 2}}]");
  EXPECT_EQ(column(a, "a"), (Strings{"2", "4", "6", "8"}));
  const SweepPlan b = plan_of("sweep: [{key: b, range: {from: -3, to: 4, step: 3}}]");
  EXPECT_EQ(column(b, "b"), (Strings{"-3", "0", "3"}));
  const SweepPlan c = plan_of("sweep: [{key: c, range: {from: 5, to: 5, step: 1}}]");
  EXPECT_EQ(column(c, "c"), (Strings{"5"}));
  // The full int64 span, computed without overflow.
  const SweepPlan wide = plan_of(
      "sweep: [{key: w, range: {from: -9223372036854775807, to: 9223372036854775807, step: "
      "9223372036854775807}}]");
  EXPECT_EQ(column(wide, "w"), (Strings{"-9223372036854775807", "0", "9223372036854775807"}));
}

TEST(SweepPlanTest, DecimalRangesAreExactInTheWrittenDecimals) {
  EXPECT_EQ(column(plan_of("sweep: [{key: x, range: {from: 0.1, to: 0.3, step: 0.1}}]"), "x"),
            (Strings{"0.1", "0.2", "0.3"}));
  // (0.3 - 0) / 0.1 is 2.9999999999999996: the end is still included (tolerance 1e-9 step).
  EXPECT_EQ(column(plan_of("sweep: [{key: x, range: {from: 0, to: 0.3, step: 0.1}}]"), "x"),
            (Strings{"0.0", "0.1", "0.2", "0.3"}));
  EXPECT_EQ(column(plan_of("sweep: [{key: x, range: {from: 0, to: 1, step: 0.25}}]"), "x"),
            (Strings{"0.0", "0.25", "0.5", "0.75", "1.0"}));
  EXPECT_EQ(column(plan_of("sweep: [{key: x, range: {from: -0.2, to: 0.2, step: 0.1}}]"), "x"),
            (Strings{"-0.2", "-0.1", "0.0", "0.1", "0.2"}));
  // The end is not reached exactly: the last value is the last step below it.
  EXPECT_EQ(column(plan_of("sweep: [{key: x, range: {from: 1, to: 2.2, step: 0.5}}]"), "x"),
            (Strings{"1.0", "1.5", "2.0"}));
  // With exponents the values are printed shortest-round-trip, the last clamped to `to`.
  EXPECT_EQ(column(plan_of("sweep: [{key: x, range: {from: 1e-3, to: 3e-3, step: 1e-3}}]"), "x"),
            (Strings{"0.001", "0.002", "0.003"}));
}

TEST(SweepPlanTest, RangesTakeAUnit) {
  EXPECT_EQ(column(plan_of("sweep: [{key: orders.rate, range: {from: 600, to: 800, step: 100, unit: /h}}]"),
                   "orders.rate"),
            (Strings{"600/h", "700/h", "800/h"}));
  EXPECT_EQ(column(plan_of("sweep: [{key: robots.speed, range: {from: 1, to: 2, step: 0.5, unit: m/s}}]"),
                   "robots.speed"),
            (Strings{"1.0 m/s", "1.5 m/s", "2.0 m/s"}));
  EXPECT_EQ(
      column(plan_of("sweep: [{key: pods.initial_fill, range: {from: 50, to: 60, step: 10, unit: '%'}}]"),
             "pods.initial_fill"),
      (Strings{"50%", "60%"}));
}

TEST(SweepPlanTest, RangeProblemsAreLocated) {
  EXPECT_EQ(error_of("sweep:\n  - key: robots.count\n    values: [1]\n  - key: floor.stations_per_side\n"
                     "    range: {from: 2, to: 8, step: 0}\n"),
            "sweep.yaml:5:35: sweep[1].range.step: 0 is not > 0 (expected a positive step)");
  EXPECT_EQ(error_of("sweep:\n  - {key: a, range: {from: 3, to: 2, step: 1}}\n"),
            "sweep.yaml:2:35: sweep[0].range.to: 2 is less than from (3) (expected to >= from)");
  EXPECT_EQ(error_of("sweep:\n  - {key: a, range: {from: 0, to: 100000, step: 1}}\n"),
            "sweep.yaml:2:21: sweep[0].range: the range has 100001 values (expected at most 100000: a larger "
            "step or a shorter range)");
  EXPECT_EQ(
      error_of("sweep:\n  - {key: a, range: {from: 0, to: 1, step: 1e-7}}\n"),
      "sweep.yaml:2:21: sweep[0].range: the range has 10000001 values (expected at most 100000: a larger "
      "step or a shorter range)");
  EXPECT_EQ(
      error_of("sweep:\n  - {key: a, range: {from: '1', to: 2, step: 1}}\n"),
      "sweep.yaml:2:28: sweep[0].range.from: expected a number, got the text \"1\" (remove the quotes)");
  EXPECT_EQ(error_of("sweep:\n  - {key: a, range: {from: 1, to: two, step: 1}}\n"),
            "sweep.yaml:2:35: sweep[0].range.to: expected a number, got \"two\"");
  EXPECT_EQ(error_of("sweep:\n  - {key: a, range: {from: 1, to: 2}}\n"),
            "sweep.yaml:2:21: sweep[0].range: step is missing (expected from, to and step)");
  EXPECT_EQ(
      error_of("sweep:\n  - {key: a, range: {from: 1, to: 2, stp: 1}}\n"),
      "sweep.yaml:2:38: sweep[0].range.stp: unknown key \"stp\" (did you mean \"step\"? expected from, to, "
      "step or unit)");
  EXPECT_EQ(error_of("sweep:\n  - {key: a, range: [1, 2]}\n"),
            "sweep.yaml:2:21: sweep[0].range: expected a mapping {from: a, to: b, step: c}, got a list");
}

// --- zip ------------------------------------------------------------------------------------

TEST(SweepPlanTest, ZipVariesListsTogether) {
  const SweepPlan plan = plan_of(R"(
sweep:
  - key: robots.count
    values: [20, 40]
  - zip:
      stations.pickers: [1, 2, 3]
      stations.queue_capacity: [4, 8, 12]
)");
  EXPECT_EQ(plan.keys, (Strings{"robots.count", "stations.pickers", "stations.queue_capacity"}));
  ASSERT_EQ(plan.points.size(), 6U);
  EXPECT_EQ(describe_point(plan.points[0]), "robots.count=20, stations.pickers=1, stations.queue_capacity=4");
  EXPECT_EQ(describe_point(plan.points[5]),
            "robots.count=40, stations.pickers=3, stations.queue_capacity=12");
}

TEST(SweepPlanTest, ZipListsMustHaveEqualLengths) {
  EXPECT_EQ(
      error_of(
          "sweep:\n  - zip:\n      stations.pickers: [1, 2]\n      stations.queue_capacity: [4, 8, 12]\n"),
      "sweep.yaml:3:7: sweep[0].zip: the lists have different lengths (stations.pickers has 2, "
      "stations.queue_capacity has 3; expected the same number of values in each)");
  EXPECT_EQ(error_of("sweep:\n  - zip: {a: [1], b: 2}\n"),
            "sweep.yaml:2:22: sweep[0].zip.b: expected a list of values such as [20, 40, 60], got \"2\"");
  EXPECT_EQ(error_of("sweep:\n  - zip: {a: [1]}\n    key: b\n"),
            "sweep.yaml:3:5: sweep[0].key: not used with zip (give each factor as its own list item)");
}

// --- Latin hypercube ------------------------------------------------------------------------

constexpr std::string_view kLatin = R"(
sweep:
  - latin_hypercube:
      samples: 50
      seed: 7
      keys:
        orders.rate: {min: 100, max: 500}
        robots.count: {min: 10, max: 100, integer: true}
        stations.pickers: {min: 1, max: 50, integer: true}
)";

TEST(SweepPlanTest, LatinHypercubeHitsEveryStratumOncePerKey) {
  const SweepPlan plan = plan_of(kLatin);
  ASSERT_EQ(plan.points.size(), 50U);
  EXPECT_EQ(plan.keys, (Strings{"orders.rate", "robots.count", "stations.pickers"}));
  std::vector<int> rate_strata(50, 0);
  std::vector<double> counts;
  std::vector<int> pickers(51, 0);
  for (const std::string& v : column(plan, "orders.rate")) {
    const double x = number(v);
    ASSERT_GE(x, 100.0);
    ASSERT_LT(x, 500.0);
    ++rate_strata[static_cast<std::size_t>(std::floor((x - 100.0) / 400.0 * 50.0))];
  }
  for (const std::string& v : column(plan, "robots.count")) {
    ASSERT_EQ(v.find('.'), std::string::npos) << v;  // an integer
    const double x = number(v);
    ASSERT_GE(x, 10.0);
    ASSERT_LE(x, 100.0);
    counts.push_back(x);
  }
  for (const std::string& v : column(plan, "stations.pickers")) {
    const double x = number(v);
    ASSERT_GE(x, 1.0);
    ASSERT_LE(x, 50.0);
    ++pickers[static_cast<std::size_t>(x)];
  }
  for (std::size_t i = 0; i < 50; ++i) EXPECT_EQ(rate_strata[i], 1) << "orders.rate stratum " << i;
  // Integers: stratum i is [i / 50, (i + 1) / 50) of the 91 integers 10..100, floored; the strata
  // are ordered, so the i-th smallest value lies in the i-th stratum.
  std::sort(counts.begin(), counts.end());
  for (std::size_t i = 0; i < 50; ++i) {
    EXPECT_GE(counts[i], 10.0 + std::floor(91.0 * static_cast<double>(i) / 50.0))
        << "robots.count stratum " << i;
    EXPECT_LE(counts[i], 10.0 + std::floor(91.0 * static_cast<double>(i + 1) / 50.0))
        << "robots.count stratum " << i;
  }
  // As many samples as integers: each integer exactly once.
  for (std::size_t i = 1; i <= 50; ++i) EXPECT_EQ(pickers[i], 1) << "stations.pickers " << i;
}

TEST(SweepPlanTest, LatinHypercubeIsBitIdenticalAndSeeded) {
  const SweepPlan a = plan_of(kLatin);
  const SweepPlan b = plan_of(kLatin);
  EXPECT_EQ(a.points, b.points);
  // Pinned: these come from Philox draws only, so they are the same on every machine.
  const Strings rates = column(a, "orders.rate");
  const Strings counts = column(a, "robots.count");
  EXPECT_EQ(Strings(rates.begin(), rates.begin() + 3),
            (Strings{"203.00793808805312", "268.77902165504236", "248.52498442619122"}));
  EXPECT_EQ(Strings(counts.begin(), counts.begin() + 3), (Strings{"38", "75", "18"}));

  std::string other(kLatin);
  other.replace(other.find("seed: 7"), 7, "seed: 8");
  EXPECT_NE(column(plan_of(other), "orders.rate"), rates);
  // A key added to the hypercube leaves the other keys' samples as they were.
  std::string more(kLatin);
  more += "        robots.speed: {min: 1, max: 2, unit: m/s}\n";
  const SweepPlan wider = plan_of(more);
  EXPECT_EQ(column(wider, "orders.rate"), rates);
  for (const std::string& v : column(wider, "robots.speed")) EXPECT_TRUE(v.ends_with(" m/s")) << v;
}

TEST(SweepPlanTest, LatinHypercubeIntegerBoundsAndDefaultSeed) {
  const SweepPlan plan = plan_of(
      "sweep:\n  - latin_hypercube:\n      samples: 200\n      keys:\n        a: {min: -2, max: 2, integer: "
      "true}\n"
      "        b: {min: 3, max: 3, integer: true}\n");
  std::vector<int> seen(5, 0);
  for (const std::string& v : column(plan, "a")) {
    const double x = number(v);
    ASSERT_GE(x, -2.0);
    ASSERT_LE(x, 2.0);
    ++seen[static_cast<std::size_t>(x + 2.0)];
  }
  for (const int n : seen) EXPECT_EQ(n, 40);  // 200 strata over 5 integers: 40 each
  EXPECT_EQ(column(plan, "b"), Strings(200, "3"));
  const SweepPlan seeded = plan_of(
      "sweep:\n  - latin_hypercube:\n      samples: 200\n      seed: 1\n      keys:\n"
      "        a: {min: -2, max: 2, integer: true}\n        b: {min: 3, max: 3, integer: true}\n");
  EXPECT_EQ(seeded.points, plan.points);
}

TEST(SweepPlanTest, LatinHypercubeProblemsAreLocated) {
  EXPECT_EQ(
      error_of("sweep:\n  - latin_hypercube: {samples: 5, keys: {a: {min: 2, max: 2}}}\n"),
      "sweep.yaml:2:59: sweep[0].latin_hypercube.keys.a.max: 2 is not above min (2) (expected max > min)");
  EXPECT_EQ(
      error_of("sweep:\n  - latin_hypercube: {samples: 5, keys: {a: {min: 0.5, max: 2, integer: true}}}\n"),
      "sweep.yaml:2:51: sweep[0].latin_hypercube.keys.a.min: expected an integer from -2^53 to 2^53 "
      "(integer: true), got \"0.5\"");
  EXPECT_EQ(error_of("sweep:\n  - latin_hypercube: {samples: 0, keys: {a: {min: 0, max: 1}}}\n"),
            "sweep.yaml:2:32: sweep[0].latin_hypercube.samples: 0 is out of range (expected 1 to 100000)");
  EXPECT_EQ(
      error_of("sweep:\n  - latin_hypercube: {samples: 4, keys: {a: {min: 0, max: 1, integr: true}}}\n"),
      "sweep.yaml:2:62: sweep[0].latin_hypercube.keys.a.integr: unknown key \"integr\" (did you mean "
      "\"integer\"? expected min, max, integer or unit)");
  EXPECT_EQ(
      errors_of("sweep:\n  - latin_hypercube: {keys: {a: {min: 0}}}\n"),
      (Strings{"sweep.yaml:2:22: sweep[0].latin_hypercube: samples is missing (expected the number of "
               "points to sample)",
               "sweep.yaml:2:33: sweep[0].latin_hypercube.keys.a: max is missing (expected min and max)"}));
}

// --- constraints ----------------------------------------------------------------------------

TEST(SweepPlanTest, ConstraintsSkipPointsAndCountThem) {
  const SweepPlan plan = plan_of(R"(
set:
  policies.pod_selection: nearest
sweep:
  - key: robots.count
    values: [10, 20, 30, 40]
  - key: floor.stations_per_side
    values: [1, 2, 3]
constraints:
  - "robots.count >= 5 * floor.stations_per_side"
  - robots.count / floor.stations_per_side <= 20
)");
  EXPECT_EQ(plan.generated, 12U);
  const Strings kept = [&] {
    Strings out;
    for (const SweepPoint& p : plan.points) out.push_back(describe_point(p));
    return out;
  }();
  EXPECT_EQ(
      kept,
      (Strings{"robots.count=10, floor.stations_per_side=1", "robots.count=10, floor.stations_per_side=2",
               "robots.count=20, floor.stations_per_side=1", "robots.count=20, floor.stations_per_side=2",
               "robots.count=20, floor.stations_per_side=3", "robots.count=30, floor.stations_per_side=2",
               "robots.count=30, floor.stations_per_side=3", "robots.count=40, floor.stations_per_side=2",
               "robots.count=40, floor.stations_per_side=3"}));
  EXPECT_EQ(plan.constraints.size(), 2U);
}

/// How many of the 16 points (a, b in 1..4) pass `constraint`.
std::size_t passing(std::string_view constraint, std::string_view extra = "") {
  const SweepPlan plan =
      plan_of(fmt::format("set: {{mode: fast, empty: ''}}\nsweep:\n  - {{key: a, values: [1, 2, 3, 4]}}\n  - "
                          "{{key: b, values: [1, 2, 3, "
                          "4]}}\n{}constraints:\n  - \"{}\"\n",
                          extra, constraint));
  return plan.points.size();
}

TEST(SweepPlanTest, ConstraintOperatorsAndPrecedence) {
  EXPECT_EQ(passing("a < b"), 6U);
  EXPECT_EQ(passing("a <= b"), 10U);
  EXPECT_EQ(passing("a > b"), 6U);
  EXPECT_EQ(passing("a >= b"), 10U);
  EXPECT_EQ(passing("a == b"), 4U);
  EXPECT_EQ(passing("a != b"), 12U);
  EXPECT_EQ(passing("a + b * 2 == 7"), 2U);    // (1, 3) and (3, 2): * before +
  EXPECT_EQ(passing("(a + b) * 2 == 8"), 3U);  // a + b == 4
  EXPECT_EQ(passing("a - b - 1 == 0"), 3U);    // left to right: (a - b) - 1
  EXPECT_EQ(passing("a / b == 2"), 2U);        // (2, 1) and (4, 2)
  EXPECT_EQ(passing("a % 2 == 0 and b % 2 == 1"), 4U);
  EXPECT_EQ(passing("-a < -b"), 6U);
  EXPECT_EQ(passing("- -a == a"), 16U);
  EXPECT_EQ(passing("a == 1 or b == 1 and a == 2"), 5U);  // and binds tighter than or
  EXPECT_EQ(passing("(a == 1 or b == 1) and a == 2"), 1U);
  EXPECT_EQ(passing("not a == 1"), 12U);
  EXPECT_EQ(passing("not not a == 1"), 4U);
  EXPECT_EQ(passing("1.5e0 < a"), 12U);
  EXPECT_EQ(passing(".5 < a and a < 2.5"), 8U);
  // Text: set values and quoted literals, compared with == and !=.
  EXPECT_EQ(passing("mode == 'fast'"), 16U);
  EXPECT_EQ(passing("mode != 'fast' or a == 1"), 4U);
  EXPECT_EQ(passing("empty == ''"), 16U);
  EXPECT_EQ(passing("mode == 'it''s'"), 0U);
  // A number's text equals its YAML text when compared with text.
  EXPECT_EQ(passing("c == '2'", "  - {key: c, values: ['1', '2']}\n"), 16U);
}

TEST(SweepPlanTest, ConstraintSyntaxErrorsNameTheCharacter) {
  EXPECT_EQ(
      constraint_error("robot.count > 1"),
      "sweep.yaml:5:5: constraints[0]: unknown key \"robot.count\" at character 1 (did you mean "
      "\"robots.count\"? expected a swept or set key: robots.count, floor.stations_per_side or orders.mode)");
  EXPECT_EQ(
      constraint_error("robots.count > )"),
      "sweep.yaml:5:5: constraints[0]: unexpected \")\" at character 16 (expected a number, a key, a quoted "
      "text or \"(\")");
  EXPECT_EQ(
      constraint_error("robots.count >"),
      "sweep.yaml:5:5: constraints[0]: unexpected end of the constraint at character 15 (expected a number, "
      "a key, a quoted text or \"(\")");
  EXPECT_EQ(constraint_error("(robots.count > 1"),
            "sweep.yaml:5:5: constraints[0]: \"(\" at character 1 is not closed (expected \")\")");
  EXPECT_EQ(constraint_error("robots.count > 1 2"),
            "sweep.yaml:5:5: constraints[0]: unexpected 2 at character 18 (expected an operator or the end)");
  EXPECT_EQ(
      constraint_error("1 < robots.count < 5"),
      "sweep.yaml:5:5: constraints[0]: comparisons cannot be chained at character 18 (expected and between "
      "two comparisons, e.g. 1 < a and a < 5)");
  EXPECT_EQ(
      constraint_error("robots.count = 5"),
      "sweep.yaml:5:5: constraints[0]: \"=\" at character 14 is not an operator (expected == to compare)");
  EXPECT_EQ(constraint_error("robots.count > 1 && robots.count < 5"),
            "sweep.yaml:5:5: constraints[0]: \"&\" at character 18 is not an operator (expected and)");
  EXPECT_EQ(
      constraint_error("robots.count * 2"),
      "sweep.yaml:5:5: constraints[0]: the constraint is a value, not a condition (expected a comparison "
      "such as robots.count >= 10)");
  EXPECT_EQ(constraint_error("robots.count and robots.count > 1"),
            "sweep.yaml:5:5: constraints[0]: the operand of and at character 1 is a value, not a condition "
            "(expected a comparison such as robots.count >= 10)");
  EXPECT_EQ(constraint_error("(robots.count > 1) + 1 > 0"),
            "sweep.yaml:5:5: constraints[0]: the operand of + at character 1 is a condition, not a value "
            "(expected a number, a key or a quoted text)");
  EXPECT_EQ(constraint_error("orders.mode < \"poisson\""),
            "sweep.yaml:5:5: constraints[0]: the text \"poisson\" at character 15 cannot be used with < "
            "(expected a number; text is only compared with == or !=)");
  EXPECT_EQ(constraint_error("orders.mode == \"poisson"),
            "sweep.yaml:5:5: constraints[0]: the quoted text at character 16 is not closed (expected a "
            "closing \")");
  EXPECT_EQ(
      constraint_error("robots.count > 5x"),
      "sweep.yaml:5:5: constraints[0]: malformed number \"5x\" at character 16 (expected a number such as 12 "
      "or 0.5)");
  EXPECT_EQ(
      constraint_error("robots.count. > 5"),
      "sweep.yaml:5:5: constraints[0]: malformed key path \"robots.count.\" at character 1 (expected names "
      "joined by dots)");
  EXPECT_EQ(
      constraint_error("robots.count > 5 ; 1"),
      "sweep.yaml:5:5: constraints[0]: unexpected character \";\" at character 18 (expected a number, a key, "
      "a quoted text, an operator or parentheses)");
}

TEST(SweepPlanTest, ConstraintsAreBounded) {
  const std::string deep = std::string(65, '(') + "robots.count > 1" + std::string(65, ')');
  EXPECT_EQ(
      constraint_error(deep),
      "sweep.yaml:5:5: constraints[0]: nesting deeper than 64 levels at character 65 (expected at most 64 "
      "parentheses, not and unary minus inside each other)");
  const std::string ok = std::string(64, '(') + "robots.count > 1" + std::string(64, ')');
  EXPECT_NO_THROW(
      (void)plan_of(fmt::format("sweep: [{{key: robots.count, values: [2]}}]\nconstraints: ['{}']", ok)));
  std::string nots;
  for (int i = 0; i < 65; ++i) nots += "not ";
  EXPECT_NE(constraint_error(nots + "robots.count > 1").find("nesting deeper than 64 levels"),
            std::string::npos);
  std::string negations(65, '-');
  EXPECT_NE(constraint_error(negations + "1 < robots.count").find("nesting deeper than 64 levels"),
            std::string::npos);
  std::string long_sum = "robots.count";
  while (long_sum.size() <= 1000) long_sum += " + 1";
  EXPECT_EQ(
      constraint_error(long_sum + " > 0"),
      fmt::format(
          "sweep.yaml:5:5: constraints[0]: the constraint is {} characters long (expected at most 1000)",
          long_sum.size() + 4));
  // A long chain within the limit is fine (evaluated without deep recursion problems).
  std::string sum = "robots.count";
  while (sum.size() < 990) sum += "+1";
  EXPECT_NO_THROW((void)plan_of(
      fmt::format("sweep: [{{key: robots.count, values: [2]}}]\nconstraints: ['{} > 0']", sum)));
}

TEST(SweepPlanTest, ConstraintValueErrorsAreReportedOnceWithThePoint) {
  const Strings errors = errors_of(R"(sweep:
  - key: policies.pod_selection
    values: [nearest, most_lines]
  - key: robots.count
    values: [0, 10, 20]
constraints:
  - policies.pod_selection > 1
  - 100 / robots.count > 2
  - robots.count * 1 == 'many'
)");
  EXPECT_EQ(
      errors,
      (Strings{
          "sweep.yaml:7:5: constraints[0]: at the point policies.pod_selection=nearest, robots.count=0: "
          "\"nearest\" (the value of policies.pod_selection) is not a number at character 24 (expected a "
          "number for >)",
          "sweep.yaml:8:5: constraints[1]: at the point policies.pod_selection=nearest, robots.count=0: "
          "division by zero at character 5",
          "sweep.yaml:9:5: constraints[2]: at the point policies.pod_selection=nearest, robots.count=0: "
          "cannot compare the number 0 with the text \"many\" at character 18 (expected two "
          "numbers or two texts for ==)"}));
  // Reached only when the earlier constraints pass: text against a number is an error.
  EXPECT_EQ(error_of("sweep: [{key: robots.count, values: [{a: 1}]}]\nconstraints: ['robots.count == 1']\n"),
            "sweep.yaml:2:15: constraints[0]: at the point robots.count={a: 1}: cannot compare {a: 1} (the "
            "value of "
            "robots.count) with the number 1 at character 14 (expected two numbers or two texts for ==)");
  EXPECT_EQ(
      error_of("sweep: [{key: a, values: [1e308]}]\nconstraints: ['a * 10 > 1']\n"),
      "sweep.yaml:2:15: constraints[0]: at the point a=1e308: the result of * at character 3 is not a finite "
      "number");
}

// --- keys, structure and limits -------------------------------------------------------------

TEST(SweepPlanTest, EachKeyIsSweptOnce) {
  EXPECT_EQ(
      errors_of(R"(set:
  robots.count: 5
sweep:
  - {key: robots.count, values: [1]}
  - {key: stations.pickers, values: [1]}
  - zip: {stations.pickers: [2], robots: [3]}
  - {key: robots.speed, values: [1]}
)"),
      (Strings{
          "sweep.yaml:4:11: sweep[0].key: robots.count is also fixed by set (expected it either in set or "
          "in the sweep)",
          "sweep.yaml:4:11: sweep[0].key: robots.count lies inside robots, which sweep[2] varies "
          "(expected either the section or keys inside it)",
          "sweep.yaml:6:11: sweep[2].zip.stations.pickers: stations.pickers is already varied by sweep[1] "
          "(expected each key in one factor only)",
          "sweep.yaml:7:11: sweep[3].key: robots.speed lies inside robots, which sweep[2] varies "
          "(expected either the section or keys inside it)"}));
}

TEST(SweepPlanTest, KeysMustBeKeyPaths) {
  EXPECT_EQ(
      error_of("sweep: [{key: robots..count, values: [1]}]\n"),
      "sweep.yaml:1:15: sweep[0].key: \"robots..count\" is not a key path (expected names of letters, digits "
      "and _ joined by dots, e.g. robots.count, and name[i] for an item of a list)");
  EXPECT_EQ(
      error_of("set: {'a b': 1}\nsweep: [{key: x, values: [1]}]\n"),
      "sweep.yaml:1:7: set.a b: \"a b\" is not a key path (expected names of letters, digits and _ joined by "
      "dots, e.g. robots.count, and name[i] for an item of a list)");
  EXPECT_EQ(
      error_of("sweep: [{key: 2robots, values: [1]}]\n"),
      "sweep.yaml:1:15: sweep[0].key: \"2robots\" is not a key path (expected names of letters, digits and _ "
      "joined by dots, e.g. robots.count, and name[i] for an item of a list)");
  EXPECT_EQ(
      error_of("sweep: [{key: \"pools[x].workers\", values: [1]}]\n"),
      "sweep.yaml:1:15: sweep[0].key: \"pools[x].workers\" is not a key path (expected names of letters, "
      "digits and _ joined by dots, e.g. robots.count, and name[i] for an item of a list)");
}

TEST(SweepPlanTest, StructureProblemsAreCollected) {
  EXPECT_EQ(
      errors_of(R"(replication: 3
scenario: [a]
sweep:
  - {key: robots.count}
  - {key: a, values: [], }
  - {key: b, values: [1], range: {from: 1, to: 2, step: 1}}
  - {valus: [1]}
  - 7
constraints: ["a > 0", [1]]
)"),
      (Strings{
          "sweep.yaml:1:1: replication: unknown key \"replication\" (did you mean \"replications\"? "
          "expected scenario, replications, set, sweep or constraints)",
          "sweep.yaml:2:11: scenario: expected the path of the base scenario file, got a list",
          "sweep.yaml:4:5: sweep[0]: values or range is missing (expected values: [v1, v2, ...] or "
          "range: {from: a, to: b, step: c})",
          "sweep.yaml:5:22: sweep[1].values: the list is empty (expected at least one value)",
          "sweep.yaml:6:27: sweep[2].range: give either values or range, not both",
          "sweep.yaml:7:6: sweep[3].valus: unknown key \"valus\" (did you mean \"values\"? expected key, "
          "values, range, zip or latin_hypercube)",
          "sweep.yaml:8:5: sweep[4]: expected a factor (a mapping with key and values, key and range, zip "
          "or latin_hypercube), got \"7\"",
          "sweep.yaml:9:24: constraints[1]: expected a condition such as \"robots.count >= 10\", got a "
          "list"}));
  EXPECT_EQ(
      error_of("[1, 2]\n"),
      "sweep.yaml:1:1: a sweep file must be a mapping (expected the keys scenario, replications, set, sweep "
      "and constraints)");
  EXPECT_EQ(error_of("replications: 2\n"),
            "sweep.yaml:1:1: sweep is missing (expected a list of factors, e.g. sweep: [{key: robots.count, "
            "values: [20, 40]}])");
  EXPECT_EQ(error_of("sweep: []\n"),
            "sweep.yaml:1:8: sweep: expected a list of factors, e.g. - {key: robots.count, values: [20, "
            "40]}, got an "
            "empty list");
  EXPECT_EQ(error_of("replications: 0\nsweep: [{key: a, values: [1]}]\n"),
            "sweep.yaml:1:15: replications: 0 is out of range (expected 1 to 10000)");
  EXPECT_EQ(error_of("replications: 2.5\nsweep: [{key: a, values: [1]}]\n"),
            "sweep.yaml:1:15: replications: expected an integer, got \"2.5\"");
}

TEST(SweepPlanTest, PointsAreLimited) {
  EXPECT_EQ(error_of("sweep:\n  - {key: a, range: {from: 1, to: 1000, step: 1}}\n"
                     "  - {key: b, range: {from: 1, to: 1000, step: 1}}\n  - {key: c, values: [1, 2]}\n"),
            "sweep.yaml:1:1: sweep: the sweep has 1000 x 1000 x 2 = 2000000 points (expected at most 1000000 "
            "before constraints)");
  // At the limit: a million points generated, the constraint keeps a thousand.
  const SweepPlan max = plan_of(
      "sweep:\n  - {key: a, range: {from: 1, to: 1000, step: 1}}\n"
      "  - {key: b, range: {from: 1, to: 1000, step: 1}}\nconstraints: ['a == b']\n");
  EXPECT_EQ(max.generated, 1'000'000U);
  ASSERT_EQ(max.points.size(), 1000U);
  EXPECT_EQ(describe_point(max.points.back()), "a=1000, b=1000");
}

TEST(SweepPlanTest, HugeProductsAreRefusedBeforeTheirValuesAreMade) {
  // 2^40 points from 40 two-value lists; then ranges and a hypercube that are never expanded.
  std::string yaml = "sweep:\n";
  for (int i = 0; i < 40; ++i) yaml += fmt::format("  - {{key: k{}, values: [1, 2]}}\n", i);
  for (int i = 0; i < 50; ++i)
    yaml += fmt::format("  - {{key: r{}, range: {{from: 1, to: 100000, step: 1}}}}\n", i);
  yaml += "  - latin_hypercube: {samples: 100000, keys: {x: {min: 0, max: 1}}}\n";
  const std::string error = error_of(yaml);
  EXPECT_EQ(
      error,
      "sweep.yaml:1:1: sweep: the sweep has 91 factors with 1.1e+267 points (expected at most 1000000 before "
      "constraints)");
  EXPECT_EQ(
      error_of(
          "sweep:\n  - latin_hypercube:\n      samples: 100000\n      keys: {a: {min: 0, max: 1}, b: {min: "
          "0, max: 1}, c: {min: 0, max: 1}, d: {min: 0, max: 1}, e: {min: 0, max: 1}, f: {min: 0, max: 1}, "
          "g: {min: 0, max: 1}, h: {min: 0, max: 1}, i: {min: 0, max: 1}, j: {min: 0, max: 1}, k: {min: 0, "
          "max: 1}}\n"),
      "sweep.yaml:3:7: sweep[0].latin_hypercube: the design has 100000 samples x 11 keys = 1100000 values "
      "(expected at most 1000000)");
}

TEST(SweepPlanTest, AliasedValuesAreBoundedInTotal) {
  // Each value is under 1 MiB, but 50 uses of it are 86 MiB of text: refused once, at the value
  // that spends the budget (an alias has the position of its anchor).
  std::string yaml = "set: {big: &x '" + std::string(900'000, 'v') + "'}\nsweep:\n  - {key: k, values: [";
  for (int i = 0; i < 50; ++i) yaml += "*x, ";
  yaml += "*x]}\n";
  const Strings errors = errors_of(yaml);
  ASSERT_EQ(errors.size(), 1U);
  EXPECT_EQ(errors[0],
            "sweep.yaml:1:12: sweep[0].values[36]: the values take more than 64 MiB as YAML text (expected "
            "fewer or shorter values; an alias counts every time it is used)");
}

TEST(SweepPlanTest, LongValuesAreRefused) {
  // An alias repeated in one value expands far beyond the file: bounded as YAML text.
  std::string yaml = "base: &x '" + std::string(200'000, 'v') + "'\nsweep:\n  - {key: k, values: [[";
  for (int i = 0; i < 8; ++i) yaml += "*x, ";
  yaml += "*x]]}\n";
  const Strings errors = errors_of(yaml);
  ASSERT_EQ(errors.size(), 2U);
  EXPECT_EQ(errors[0],
            "sweep.yaml:1:1: base: unknown key \"base\" (expected scenario, replications, set, sweep or "
            "constraints)");
  EXPECT_EQ(errors[1],
            "sweep.yaml:3:23: sweep[0].values[0]: the value is longer than 1024 KiB as YAML text "
            "(expected a shorter value)");
}

// --- --vary ---------------------------------------------------------------------------------

TEST(SweepPlanTest, VaryFlagsMakeAGridInTheirOrder) {
  const SweepPlan plan = plan_from_vary({"robots.count=[20, 40]", "policies.pod_selection=[ 'a,b', c ]"}, 3);
  EXPECT_EQ(plan.keys, (Strings{"robots.count", "policies.pod_selection"}));
  EXPECT_EQ(plan.replications, 3);
  EXPECT_EQ(plan.scenario, "");
  ASSERT_EQ(plan.points.size(), 4U);
  EXPECT_EQ(describe_point(plan.points[0]), "robots.count=20, policies.pod_selection='a,b'");
  EXPECT_EQ(describe_point(plan.points[3]), "robots.count=40, policies.pod_selection=c");
  const SweepPlan nested =
      plan_from_vary({"floor.station_sides=[[west, east], [north]]", "x = [\"a: b\", {c: d}]"});
  EXPECT_EQ(column(nested, "floor.station_sides"),
            (Strings{"[west, east]", "[west, east]", "[north]", "[north]"}));
  EXPECT_EQ(column(nested, "x"), (Strings{"'a: b'", "{c: d}", "'a: b'", "{c: d}"}));
  const SweepPlan none = plan_from_vary({});
  ASSERT_EQ(none.points.size(), 1U);
  EXPECT_TRUE(none.points[0].assignments.empty());
  EXPECT_EQ(none.generated, 1U);
}

TEST(SweepPlanTest, VaryProblemsNameTheExpectedForm) {
  EXPECT_EQ(
      vary_errors({"robots.count=40"}),
      (Strings{"command line: --vary: the value of robots.count is not a list (expected key=[v1, v2, ...], "
               "e.g. robots.count=[20, 40, 60])"}));
  EXPECT_EQ(vary_errors({"robots.count"}),
            (Strings{"command line: --vary: \"robots.count\" has no '=' (expected key=[v1, v2, ...], e.g. "
                     "robots.count=[20, 40, 60])"}));
  EXPECT_EQ(
      vary_errors({"robots count=[1]"}),
      (Strings{"command line: --vary: \"robots count\" is not a key path (expected key=[v1, v2, ...], e.g. "
               "robots.count=[20, 40, 60])"}));
  EXPECT_EQ(
      vary_errors({"robots.count=[1, 2"}),
      (Strings{"command line: --vary: the values of robots.count are not valid YAML: YAML syntax error: end "
               "of sequence flow not found (expected key=[v1, v2, ...], e.g. robots.count=[20, 40, 60])"}));
  EXPECT_EQ(
      vary_errors({"robots.count=[]"}),
      (Strings{"command line: --vary: the list of robots.count is empty (expected at least one value)"}));
  EXPECT_EQ(
      vary_errors({"robots.count=[1]", "robots.count=[2]", "robots=[{count: 3}]"}, 0),
      (Strings{"command line: --replications: 0 is out of range (expected 1 to 10000)",
               "command line: --vary: robots.count lies inside robots, which another --vary flag varies "
               "(expected either the section or keys inside it)",
               "command line: --vary: robots.count is given by two --vary flags (expected each key once)"}));
}

TEST(SweepPlanTest, VaryPointsAreLimited) {
  std::string values = "[";
  for (int i = 0; i < 1001; ++i) values += fmt::format("{}{}", i == 0 ? "" : ", ", i);
  values += "]";
  EXPECT_EQ(
      vary_errors({"a=" + values, "b=" + values}),
      (Strings{"command line: --vary: the sweep has 1001 x 1001 = 1002001 points (expected at most 1000000 "
               "before constraints)"}));
}

// --- the reference ----------------------------------------------------------------------------

/// Every ```yaml block of docs/sweeps.md is a valid sweep file; the first has the points it says.
TEST(SweepPlanTest, TheReferenceExamplesAreValid) {
  std::ifstream in("docs/sweeps.md");
  ASSERT_TRUE(in) << "run from the source folder";
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<SweepPlan> plans;
  for (std::size_t at = text.find("```yaml\n"); at != std::string::npos; at = text.find("```yaml\n", at)) {
    at += 8;
    const std::size_t end = text.find("```", at);
    ASSERT_NE(end, std::string::npos);
    const std::string block = text.substr(at, end - at);
    try {
      plans.push_back(parse_sweep(YamlDocument::parse(block, "docs/sweeps.md")));
    } catch (const InputError& e) {
      ADD_FAILURE() << e.what() << "\nin:\n" << block;
    }
    at = end + 3;
  }
  ASSERT_GE(plans.size(), 6U);
  EXPECT_EQ(plans[0].generated, 12U);
  EXPECT_EQ(plans[0].points.size(), 10U);
  EXPECT_EQ(plans[0].replications, 4);
}

}  // namespace
}  // namespace whsim::run
