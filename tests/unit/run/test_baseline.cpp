// Regression baselines: baseline_json -> parse_baseline is exact (every field, doubles bit for
// bit, NaN as null, strings with escapes and Unicode), hand-edited files get every problem
// reported at once with file:line:col and key path, KPI directions default to the registry's,
// and scenario paths resolve against the baseline's folder and back.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <gtest/gtest.h>

#include "whsim/core/error.hpp"
#include "whsim/run/baseline.hpp"
#include "whsim/stats/kpi.hpp"

#include <unistd.h>

namespace whsim::run {
namespace {

using stats::KpiBetter;
using stats::Tolerance;
using stats::ToleranceKind;
using Strings = std::vector<std::string>;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::uint64_t bits(double v) {
  std::uint64_t b = 0;
  std::memcpy(&b, &v, sizeof b);
  return b;
}

/// Equal bit for bit, except that any NaN equals any NaN (JSON null carries no payload).
bool same_double(double a, double b) {
  return (std::isnan(a) && std::isnan(b)) || bits(a) == bits(b);
}

/// Every field of two baselines, compared; doubles bit for bit.
void expect_same(const Baseline& a, const Baseline& b) {
  EXPECT_EQ(a.description, b.description);
  EXPECT_EQ(a.scenario, b.scenario);
  EXPECT_EQ(a.set, b.set);
  EXPECT_EQ(a.scenario_hash, b.scenario_hash);
  EXPECT_EQ(a.seed, b.seed);
  EXPECT_EQ(a.replications, b.replications);
  EXPECT_EQ(a.analysis, b.analysis);
  EXPECT_EQ(a.warmup, b.warmup);
  EXPECT_EQ(a.fingerprint, b.fingerprint);
  EXPECT_EQ(a.fingerprints, b.fingerprints);
  EXPECT_EQ(a.created_by, b.created_by);
  ASSERT_EQ(a.kpis.size(), b.kpis.size());
  for (std::size_t i = 0; i < a.kpis.size(); ++i) {
    const BaselineKpi& x = a.kpis[i];
    const BaselineKpi& y = b.kpis[i];
    EXPECT_EQ(x.name, y.name);
    EXPECT_EQ(x.unit, y.unit) << x.name;
    EXPECT_EQ(x.better, y.better) << x.name;
    EXPECT_EQ(x.tolerance.kind, y.tolerance.kind) << x.name;
    EXPECT_EQ(bits(x.tolerance.value), bits(y.tolerance.value)) << x.name << ": " << x.tolerance.value;
    ASSERT_EQ(x.values.size(), y.values.size()) << x.name;
    for (std::size_t r = 0; r < x.values.size(); ++r) {
      EXPECT_TRUE(same_double(x.values[r], y.values[r]))
          << x.name << "[" << r << "]: " << fmt::format("{} vs {}", x.values[r], y.values[r]);
    }
  }
}

std::vector<std::string> fingerprints(int n) {
  std::vector<std::string> out;
  for (int r = 0; r < n; ++r)
    out.push_back(fmt::format("{:016x}", 0x0123456789abcdefULL * static_cast<unsigned>(r + 1)));
  return out;
}

/// A baseline with every field set and awkward doubles.
Baseline sample() {
  Baseline b;
  b.description = "nightly guard for the small warehouse";
  b.scenario = "../../scenarios/small.yaml";
  b.set = {"robots.count=12", "orders.rate=3.5/min", "note=a=b"};
  b.scenario_hash = "0badc0de";
  b.seed = 9223372036854775807ULL;
  b.replications = 10;
  b.analysis = "steady-state";
  b.warmup = "mser5";
  b.fingerprint = output::FingerprintMode::kExact;
  b.fingerprints = fingerprints(10);
  b.created_by = "whsim 0.9.0 (abc1234)";
  b.kpis.push_back({"orders.completed",
                    "orders",
                    KpiBetter::kHigher,
                    Tolerance{ToleranceKind::kRelative, 0.02},
                    {0.1, 1.0 / 3.0, 43.313222596088146, 1e-300, 5e-324, 999999999999999.9, -1e15, 0.0, 1e15,
                     123456789012345.67}});
  b.kpis.push_back({"orders.pick_cycle_time.p95",
                    "s",
                    KpiBetter::kLower,
                    Tolerance{ToleranceKind::kAbsolute, 1.0 / 3.0},
                    {kNaN, 2.0 / 3.0, 0.30000000000000004, kNaN, 1e-7, 100.0, 99.99999999999999,
                     9.999999999999998e14, 12.5, kNaN}});
  b.kpis.push_back({"robots.utilisation",
                    "ratio",
                    KpiBetter::kNeither,
                    Tolerance{ToleranceKind::kStatistical, 0.5},
                    {0.5, 0.25, 0.125, 0.7, 0.71, 0.72, 0.73, 0.74, 0.75, 0.76}});
  b.kpis.push_back({"custom.level",
                    "1",
                    KpiBetter::kHigher,
                    Tolerance{ToleranceKind::kRelative, 0.07},
                    {kNaN, kNaN, kNaN, kNaN, 2.5, kNaN, kNaN, kNaN, -7.0, kNaN}});
  return b;
}

/// Every diagnostic parse_baseline reports for `text` (named "b.json"), as printed.
Strings errors_of(std::string_view text) {
  try {
    (void)parse_baseline(text, "b.json");
  } catch (const InputError& e) {
    Strings out;
    for (const Diagnostic& d : e.diagnostics()) out.push_back(d.to_string());
    return out;
  }
  ADD_FAILURE() << "no error for:\n" << text;
  return {};
}

/// The single diagnostic parse_baseline reports for `text`.
std::string error_of(std::string_view text) {
  const Strings all = errors_of(text);
  EXPECT_EQ(all.size(), 1U) << fmt::format("{}", fmt::join(all, "\n"));
  return all.empty() ? std::string() : all.front();
}

// A hand-written baseline; the error tests change one piece of it at a time.
constexpr std::string_view kValid = R"({
 "format": "whsim-baseline/1",
 "scenario": "../../scenarios/small.yaml",
 "seed": 42,
 "replications": 3,
 "fingerprint": "report",
 "kpis": [
  {"name": "orders.completed", "unit": "orders", "better": "higher",
   "tolerance": {"relative": 0.02},
   "values": [10, 11, 12]}
 ]
}
)";

/// kValid with the first `from` replaced by `to` (which must be there).
std::string edited(std::string_view from, std::string_view to, std::string text = std::string(kValid)) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

// --- writing and reading back ----------------------------------------------------------------

TEST(BaselineJson, RoundTripIsExact) {
  const Baseline b = sample();
  const std::string json = baseline_json(b);
  const Baseline back = parse_baseline(json, "b.json");
  expect_same(b, back);
  // Writing it again gives the same text: nothing drifts from one --accept to the next.
  EXPECT_EQ(baseline_json(back), json);
}

TEST(BaselineJson, NegativeZeroKeepsItsSign) {
  // -0 is written as -0 and read back as -0 (a value of the run, bit for bit).
  Baseline b = sample();
  b.kpis[0].values[7] = -0.0;
  const std::string json = baseline_json(b);
  const Baseline back = parse_baseline(json, "b.json");
  EXPECT_EQ(back.kpis[0].values[7], 0.0);
  EXPECT_TRUE(std::signbit(back.kpis[0].values[7]));
  expect_same(b, back);
}

TEST(BaselineJson, NaNIsWrittenAsNull) {
  const Baseline b = sample();
  const std::string json = baseline_json(b);
  EXPECT_NE(json.find("\"values\": [null, 0.6666666666666666, 0.30000000000000004, null,"), std::string::npos)
      << json;
  EXPECT_EQ(json.find("nan"), std::string::npos) << json;
  EXPECT_EQ(json.find("NaN"), std::string::npos) << json;
  // A KPI with values in two replications only: the others null.
  EXPECT_NE(json.find("\"values\": [null, null, null, null, 2.5, null, null, null, -7, null]"),
            std::string::npos)
      << json;
  const Baseline back = parse_baseline(json, "b.json");
  for (const std::size_t r : {0U, 1U, 2U, 3U, 5U, 6U, 7U, 9U})
    EXPECT_TRUE(std::isnan(back.kpis[3].values[r]));
  EXPECT_EQ(back.kpis[3].values[4], 2.5);
  // Every value null: the informational mean is null too (hand-built; the reader refuses it).
  Baseline none = b;
  none.kpis[3].values.assign(10, kNaN);
  EXPECT_NE(baseline_json(none).find("\"mean\": null,\n   \"values\": [null, null, null"), std::string::npos);
  EXPECT_TRUE(std::isnan(back.kpis[1].values[0]));
  EXPECT_EQ(back.kpis[1].values[1], 2.0 / 3.0);
}

TEST(BaselineJson, WritesFixedKeysInOrder) {
  const std::string json = baseline_json(sample());
  EXPECT_TRUE(json.starts_with("{\n \"format\": \"whsim-baseline/1\",\n \"description\": ")) << json;
  EXPECT_TRUE(json.ends_with(" \"created_by\": \"whsim 0.9.0 (abc1234)\"\n}\n")) << json;
  std::size_t last = 0;
  for (const char* key : {"\"format\"", "\"description\"", "\"scenario\"", "\"set\"", "\"scenario_hash\"",
                          "\"seed\"", "\"replications\"", "\"analysis\"", "\"warmup\"", "\"fingerprint\"",
                          "\"fingerprints\"", "\"kpis\"", "\"created_by\""}) {
    const std::size_t at = json.find(key);
    ASSERT_NE(at, std::string::npos) << key;
    EXPECT_GT(at, last == 0 ? 0 : last) << key;
    last = at;
  }
  EXPECT_NE(json.find("\"seed\": 9223372036854775807,"), std::string::npos);
  EXPECT_NE(json.find("\"tolerance\": {\"relative\": 0.02}"), std::string::npos);
  EXPECT_NE(json.find("\"tolerance\": {\"absolute\": 0.3333333333333333}"), std::string::npos);
  EXPECT_NE(json.find("\"tolerance\": {\"statistical\": 0.5}"), std::string::npos);
  EXPECT_NE(json.find("\"better\": \"neither\""), std::string::npos);
}

TEST(BaselineJson, StringsSurviveEscaping) {
  const std::vector<std::string> awkward = {
      "say \"hello\"",
      "back\\slash \\n not a newline \\\"",
      "two\nlines\r\nand a tab\there",
      "controls \x01\x1f\x7f end",
      "caf\xc3\xa9 \xe4\xb8\xad\xe6\x96\x87 \xf0\x9f\x9a\x9a",  // café 中文 and an emoji
      "line\xe2\x80\xa8separator and next\xc2\x85line",         // U+2028, U+0085
      "  leading and trailing spaces  ",
      "# not a comment: {[&anchor *alias !tag %x @y `z'}]",
      "null",
      "true",
      "0x10",
      "",
  };
  for (const std::string& s : awkward) {
    Baseline b = sample();
    b.description = s.empty() ? "x" : s;
    b.scenario = "scenarios/" + s + ".yaml";
    b.set = {"label=" + s};
    b.warmup = s;
    b.created_by = s;
    b.kpis[0].unit = s;
    const std::string json = baseline_json(b);
    Baseline back;
    try {
      back = parse_baseline(json, "b.json");
    } catch (const InputError& e) {
      ADD_FAILURE() << "\"" << s << "\": " << e.what() << "\n" << json;
      continue;
    }
    EXPECT_EQ(back.description, b.description);
    EXPECT_EQ(back.scenario, b.scenario);
    EXPECT_EQ(back.set, b.set);
    EXPECT_EQ(back.warmup, s);
    EXPECT_EQ(back.created_by, s);
    EXPECT_EQ(back.kpis[0].unit, s);
  }
}

TEST(BaselineJson, FingerprintOnlyBaseline) {
  Baseline b;
  b.scenario = std::string(kBuiltinQuickstart);
  b.seed = 0;
  b.replications = 1;
  b.analysis = "terminating";
  b.fingerprint = output::FingerprintMode::kExact;
  b.fingerprints = {"00000000ffffffff"};
  const std::string json = baseline_json(b);
  EXPECT_EQ(json.find("description"), std::string::npos) << json;  // empty: left out
  EXPECT_NE(json.find("\"kpis\": [],"), std::string::npos) << json;
  const Baseline back = parse_baseline(json, "b.json");
  expect_same(b, back);
  EXPECT_EQ(baseline_json(back), json);
}

// --- reading hand-written files --------------------------------------------------------------

TEST(BaselineParse, HandWrittenFile) {
  const Baseline b = parse_baseline(kValid, "b.json");
  EXPECT_EQ(b.description, "");
  EXPECT_EQ(b.scenario, "../../scenarios/small.yaml");
  EXPECT_TRUE(b.set.empty());
  EXPECT_EQ(b.scenario_hash, "");
  EXPECT_EQ(b.seed, 42U);
  EXPECT_EQ(b.replications, 3);
  EXPECT_EQ(b.analysis, "");
  EXPECT_EQ(b.warmup, "");
  EXPECT_EQ(b.fingerprint, output::FingerprintMode::kReport);
  EXPECT_TRUE(b.fingerprints.empty());
  ASSERT_EQ(b.kpis.size(), 1U);
  EXPECT_EQ(b.kpis[0].name, "orders.completed");
  EXPECT_EQ(b.kpis[0].unit, "orders");
  EXPECT_EQ(b.kpis[0].better, KpiBetter::kHigher);
  EXPECT_EQ(b.kpis[0].tolerance, (Tolerance{ToleranceKind::kRelative, 0.02}));
  EXPECT_EQ(b.kpis[0].values, (std::vector<double>{10.0, 11.0, 12.0}));
  // An informational "mean" that disagrees with the values is ignored; null is fine too.
  EXPECT_NO_THROW((void)parse_baseline(edited("\"values\"", "\"mean\": 99, \"values\""), "b.json"));
  EXPECT_NO_THROW((void)parse_baseline(edited("\"values\"", "\"mean\": null, \"values\""), "b.json"));
  // JSON is YAML: the same file in block style reads the same.
  const Baseline yaml = parse_baseline(
      "format: whsim-baseline/1\nscenario: x.yaml\nseed: 7\nreplications: 3\nkpis:\n  - name: "
      "orders.completed\n"
      "    tolerance: {absolute: 1.5}\n    values: [1, null, 3]\n",
      "b.yaml");
  EXPECT_EQ(yaml.kpis[0].tolerance, (Tolerance{ToleranceKind::kAbsolute, 1.5}));
  EXPECT_TRUE(std::isnan(yaml.kpis[0].values[1]));
}

TEST(BaselineParse, BetterDefaultsToTheRegistrysDirection) {
  const auto better_of = [](std::string_view name) {
    const Baseline b =
        parse_baseline(edited("\"name\": \"orders.completed\", \"unit\": \"orders\", \"better\": \"higher\"",
                              fmt::format("\"name\": \"{}\", \"unit\": \"x\"", name)),
                       "b.json");
    return b.kpis.at(0).better;
  };
  EXPECT_EQ(better_of("orders.completed"), KpiBetter::kHigher);
  EXPECT_EQ(better_of("orders.pick_cycle_time"), KpiBetter::kLower);
  EXPECT_EQ(better_of("orders.pick_cycle_time.p95"), KpiBetter::kLower);
  EXPECT_EQ(better_of("robots.utilisation"), KpiBetter::kNeither);
  EXPECT_EQ(better_of("custom.unknown_kpi"), KpiBetter::kNeither);
  // Given explicitly, it wins over the registry.
  const Baseline b = parse_baseline(edited("\"better\": \"higher\"", "\"better\": \"neither\""), "b.json");
  EXPECT_EQ(b.kpis[0].better, KpiBetter::kNeither);
}

TEST(BaselineKpiBetter, FromTheRegistry) {
  EXPECT_EQ(kpi_better("orders.completed"), KpiBetter::kHigher);
  EXPECT_EQ(kpi_better("orders.picked_on_time"), KpiBetter::kHigher);
  EXPECT_EQ(kpi_better("lines.backordered"), KpiBetter::kLower);
  EXPECT_EQ(kpi_better("orders.pick_cycle_time"), KpiBetter::kLower);
  EXPECT_EQ(kpi_better("orders.pick_cycle_time.p50"), KpiBetter::kLower);
  EXPECT_EQ(kpi_better("orders.pick_cycle_time.p95"), KpiBetter::kLower);
  EXPECT_EQ(kpi_better("orders.pick_cycle_time.p99"), KpiBetter::kLower);
  EXPECT_EQ(kpi_better("robots.utilisation"), KpiBetter::kNeither);
  // Unknown names, percentiles that are not offered, and percentiles of KPIs that are not
  // tallies (a count has no p95).
  EXPECT_EQ(kpi_better("no.such.kpi"), KpiBetter::kNeither);
  EXPECT_EQ(kpi_better("orders.pick_cycle_time.p90"), KpiBetter::kNeither);
  EXPECT_EQ(kpi_better("orders.completed.p95"), KpiBetter::kNeither);
  EXPECT_EQ(kpi_better(".p95"), KpiBetter::kNeither);
  EXPECT_EQ(kpi_better("p95"), KpiBetter::kNeither);
  EXPECT_EQ(kpi_better(""), KpiBetter::kNeither);
}

TEST(BaselineParse, ProblemsAreLocated) {
  // Exact text: file:line:col: key.path: message.
  EXPECT_EQ(error_of(edited("\"seed\": 42", "\"seed\": -1")),
            "b.json:4:10: seed: expected a whole number from 0 to 9223372036854775807");
  // A misspelt key is unknown, and the key it should have been is missing.
  EXPECT_EQ(errors_of(edited("\"seed\"", "\"seeed\"")),
            (Strings{"b.json:4:2: seeed: unknown key \"seeed\" (did you mean \"seed\"? expected format, "
                     "description, scenario, set, scenario_hash, seed, replications, analysis, warmup, "
                     "fingerprint, fingerprints, kpis or created_by)",
                     "b.json:1:1: seed: missing key \"seed\""}));
}

TEST(BaselineParse, UnknownKeysSuggestTheClosest) {
  const Strings errors =
      errors_of(edited("\"fingerprint\": \"report\"", "\"fingerprint\": \"report\", \"kpi\": []"));
  ASSERT_FALSE(errors.empty());
  EXPECT_NE(errors[0].find("b.json:6:"), std::string::npos) << errors[0];
  EXPECT_NE(errors[0].find("kpi: unknown key \"kpi\" (did you mean \"kpis\"?"), std::string::npos)
      << errors[0];
  // Inside a KPI and inside a tolerance too.
  EXPECT_NE(error_of(edited("\"unit\"", "\"units\""))
                .find("b.json:8:32: kpis[0].units: unknown key \"units\" (did you "
                      "mean \"unit\"?"),
            std::string::npos)
      << error_of(edited("\"unit\"", "\"units\""));
  const std::string tol = error_of(edited("\"relative\"", "\"relativ\""));
  EXPECT_NE(tol.find("kpis[0].tolerance.relativ: unknown key \"relativ\" (did you mean \"relative\"?"),
            std::string::npos)
      << tol;
  // Nothing close: no suggestion.
  const std::string far = error_of(edited("\"seed\": 42,", "\"seed\": 42, \"zzzzzzzzzzzz\": 1,"));
  EXPECT_NE(far.find("unknown key \"zzzzzzzzzzzz\" (expected format,"), std::string::npos) << far;
  EXPECT_EQ(far.find("did you mean"), std::string::npos) << far;
}

TEST(BaselineParse, EveryProblemAtOnce) {
  const std::string text = R"({
 "format": "whsim-baseline/1",
 "scenario": "",
 "sede": 42,
 "replications": 2,
 "analysis": "transient",
 "fingerprint": "exact",
 "kpis": [
  {"name": "orders.completed", "better": "up",
   "tolerance": {"relative": -0.02},
   "values": [10, 11, 12]},
  {"name": "Orders.Completed",
   "tolerance": {"relative": 0.02, "absolute": 1},
   "values": [1, "x"]},
  {"name": "orders.completed",
   "tolerance": {"statistical": 0.5},
   "values": [1, 2]}
 ]
}
)";
  const Strings errors = errors_of(text);
  const std::string all = fmt::format("{}", fmt::join(errors, "\n"));
  const Strings expected = {
      "b.json:4:2: sede: unknown key \"sede\" (did you mean \"seed\"?",
      "b.json:3:14: scenario: expected a scenario file relative to the baseline's folder, or "
      "\"builtin:quickstart\"",
      "b.json:1:1: seed: missing key \"seed\"",
      "b.json:6:14: analysis: unknown value \"transient\" (expected terminating or steady-state)",
      "b.json:1:1: fingerprints: fingerprint is \"exact\" but no fingerprints are given",
      "b.json:9:42: kpis[0].better: unknown value \"up\" (expected higher, lower or neither)",
      "b.json:10:30: kpis[0].tolerance.relative: must not be negative",
      "b.json:9:3: kpis[0].values: has 3 values for 2 replications",
      "b.json:12:12: kpis[1].name: \"Orders.Completed\" is not a KPI name",
      "b.json:13:17: kpis[1].tolerance: expected exactly one of relative",
      "b.json:14:18: kpis[1].values[1]: expected a number from -1e15 to 1e15 or null",
      "b.json:14:14: kpis[1].values: has fewer than two values that are not null",
      "b.json:15:3: kpis[2].name: \"orders.completed\" is guarded twice",
  };
  for (const std::string& e : expected) EXPECT_NE(all.find(e), std::string::npos) << e << "\nin:\n" << all;
  EXPECT_EQ(errors.size(), expected.size()) << all;
  for (const std::string& e : errors) EXPECT_TRUE(e.starts_with("b.json:")) << e;
}

TEST(BaselineParse, FormatMustBeABaselines) {
  // Another format stops at once: the rest would be noise.
  EXPECT_EQ(error_of(edited("whsim-baseline/1", "whsim-baseline/2")),
            "b.json:2:12: format: not a whsim baseline (expected \"whsim-baseline/1\")");
  EXPECT_EQ(error_of(edited("whsim-baseline/1", "whsim-baseline/2", edited(" \"seed\": 42,\n", ""))),
            "b.json:2:12: format: not a whsim baseline (expected \"whsim-baseline/1\")");
  const std::string missing = error_of(edited(" \"format\": \"whsim-baseline/1\",\n", ""));
  EXPECT_NE(missing.find("format: missing key \"format\""), std::string::npos) << missing;
  EXPECT_TRUE(missing.starts_with("b.json:1:1: ")) << missing;
}

TEST(BaselineParse, MissingRequiredKeys) {
  std::string text = edited(" \"scenario\": \"../../scenarios/small.yaml\",\n", "");
  text = edited(" \"seed\": 42,\n", "", text);
  text = edited(" \"replications\": 3,\n", "", text);
  const Strings errors = errors_of(text);
  const std::string all = fmt::format("{}", fmt::join(errors, "\n"));
  EXPECT_NE(all.find("scenario: missing key \"scenario\""), std::string::npos) << all;
  EXPECT_NE(all.find("seed: missing key \"seed\""), std::string::npos) << all;
  EXPECT_NE(all.find("replications: missing key \"replications\""), std::string::npos) << all;
  EXPECT_EQ(errors.size(), 3U) << all;
  // In a KPI: name, tolerance and values.
  const Strings kpi = errors_of(edited(R"({"name": "orders.completed", "unit": "orders", "better": "higher",
   "tolerance": {"relative": 0.02},
   "values": [10, 11, 12]})",
                                       R"({"unit": "orders"})"));
  const std::string kpi_all = fmt::format("{}", fmt::join(kpi, "\n"));
  for (const char* key : {"name", "tolerance", "values"}) {
    EXPECT_NE(kpi_all.find(fmt::format("b.json:8:3: kpis[0]: missing key \"{}\"", key)), std::string::npos)
        << kpi_all;
  }
}

TEST(BaselineParse, ToleranceProblems) {
  EXPECT_NE(error_of(edited("{\"relative\": 0.02}", "{\"relative\": -0.5}")).find("must not be negative"),
            std::string::npos);
  EXPECT_NE(error_of(edited("{\"relative\": 0.02}", "{\"absolute\": 1, \"statistical\": 1}"))
                .find("kpis[0].tolerance: expected exactly one of relative"),
            std::string::npos);
  EXPECT_NE(error_of(edited("{\"relative\": 0.02}", "{}")).find("kpis[0].tolerance: expected exactly one of"),
            std::string::npos);
  EXPECT_NE(error_of(edited("{\"relative\": 0.02}", "{\"relative\": \"2%\"}"))
                .find("kpis[0].tolerance.relative: expected a number from -1e15 to 1e15"),
            std::string::npos);
  EXPECT_NE(error_of(edited("{\"relative\": 0.02}", "{\"relative\": null}"))
                .find("expected a number from -1e15 to 1e15"),
            std::string::npos);
  EXPECT_NE(error_of(edited("{\"relative\": 0.02}", "0.02")).find("kpis[0].tolerance: expected a mapping"),
            std::string::npos);
  const std::string unknown = error_of(edited("{\"relative\": 0.02}", "{\"percent\": 2}"));
  EXPECT_NE(unknown.find("unknown key \"percent\""), std::string::npos) << unknown;
  // Zero is a tolerance; each kind reads back as written.
  EXPECT_EQ(parse_baseline(edited("{\"relative\": 0.02}", "{\"absolute\": 0}"), "b.json").kpis[0].tolerance,
            (Tolerance{ToleranceKind::kAbsolute, 0.0}));
  EXPECT_EQ(
      parse_baseline(edited("{\"relative\": 0.02}", "{\"statistical\": 1.5}"), "b.json").kpis[0].tolerance,
      (Tolerance{ToleranceKind::kStatistical, 1.5}));
}

TEST(BaselineParse, ValuesMustMatchTheReplications) {
  EXPECT_EQ(error_of(edited("[10, 11, 12]", "[10, 11]")),
            "b.json:8:3: kpis[0].values: has 2 values for 3 replications (expected one per replication, null "
            "for none)");
  EXPECT_NE(error_of(edited("[10, 11, 12]", "[10, 11, 12, 13]")).find("has 4 values for 3 replications"),
            std::string::npos);
  EXPECT_NE(error_of(edited("[10, 11, 12]", "[]")).find("has 0 values for 3 replications"),
            std::string::npos);
  // Nulls count as values, but at least two must be numbers (a KPI the runs do not report guards nothing).
  EXPECT_NO_THROW((void)parse_baseline(edited("[10, 11, 12]", "[null, 11, 12]"), "b.json"));
  EXPECT_NE(error_of(edited("[10, 11, 12]", "[null, 11, null]"))
                .find("kpis[0].values: has fewer than two values that are not null"),
            std::string::npos);
  // Not a list: said first (the count that follows from it is a consequence).
  const Strings not_a_list = errors_of(edited("[10, 11, 12]", "10"));
  ASSERT_FALSE(not_a_list.empty());
  EXPECT_EQ(not_a_list[0], "b.json:10:14: kpis[0].values: expected a list");
}

TEST(BaselineParse, NumbersMustBeFinite) {
  for (const char* bad :
       {".inf", "-.inf", ".nan", "nan", "inf", "1e400", "1.0000000000000002e15", "-2e15",
        "1.7976931348623157e308", "+1", "\"1\"", "0x10", "1_000", "true", "[]", "{}", "~1"}) {
    const std::string e = error_of(edited("[10, 11, 12]", fmt::format("[10, {}, 12]", bad)));
    EXPECT_NE(e.find("kpis[0].values[1]: expected a number from -1e15 to 1e15 or null"), std::string::npos)
        << bad << ": " << e;
  }
  for (const char* good : {"-1", "1.5e3", "0", "-0", "1e-300", "1e15", "-1e15"}) {
    EXPECT_NO_THROW((void)parse_baseline(edited("[10, 11, 12]", fmt::format("[10, {}, 12]", good)), "b.json"))
        << good;
  }
}

TEST(BaselineParse, SeedAndReplications) {
  EXPECT_EQ(parse_baseline(edited("\"seed\": 42", "\"seed\": 9223372036854775807"), "b.json").seed,
            9223372036854775807ULL);
  EXPECT_EQ(parse_baseline(edited("\"seed\": 42", "\"seed\": 0"), "b.json").seed, 0U);
  for (const char* bad : {"9223372036854775808", "-1", "1.5", "\"42\"", "null", "1e3"}) {
    EXPECT_NE(error_of(edited("\"seed\": 42", fmt::format("\"seed\": {}", bad)))
                  .find("seed: expected a whole number from 0 to 9223372036854775807"),
              std::string::npos)
        << bad;
  }
  EXPECT_EQ(error_of(edited("\"replications\": 3", "\"replications\": 0")),
            "b.json:5:18: replications: expected at least 1");
  const Strings many = errors_of(edited("\"replications\": 3", "\"replications\": 100001"));
  ASSERT_FALSE(many.empty());
  EXPECT_NE(many[0].find("replications: expected a whole number from 0 to 100000"), std::string::npos)
      << many[0];
}

TEST(BaselineParse, Fingerprints) {
  const auto with = [](std::string_view list) {
    return edited("\"fingerprint\": \"report\",",
                  fmt::format("\"fingerprint\": \"report\", \"fingerprints\": {},", list));
  };
  EXPECT_NO_THROW((void)parse_baseline(
      with(R"(["0123456789abcdef", "0000000000000000", "ffffffffffffffff"])"), "b.json"));
  EXPECT_EQ(error_of(with(R"(["0123456789abcdef", "0123456789ABCDEF", "ffffffffffffffff"])")),
            "b.json:6:64: fingerprints[1]: expected 16 lower-case hex digits");
  EXPECT_NE(error_of(with(R"(["0123456789abcde", "0000000000000000", "ffffffffffffffff"])"))
                .find("fingerprints[0]: expected 16 lower-case hex digits"),
            std::string::npos);
  EXPECT_NE(error_of(with(R"(["0123456789abcdef0", "0000000000000000", "ffffffffffffffff"])"))
                .find("fingerprints[0]: expected 16 lower-case hex digits"),
            std::string::npos);
  EXPECT_NE(error_of(with(R"(["0123456789abcdeg", "0000000000000000", "ffffffffffffffff"])"))
                .find("fingerprints[0]: expected 16 lower-case hex digits"),
            std::string::npos);
  EXPECT_NE(error_of(with(R"([123, "0000000000000000", "ffffffffffffffff"])"))
                .find("fingerprints[0]: expected 16 lower-case hex digits"),
            std::string::npos);
  EXPECT_NE(error_of(with(R"(["0123456789abcdef", "0000000000000000"])"))
                .find("fingerprints: has 2 entries for 3 replications (expected one per replication)"),
            std::string::npos);
  // Exact mode needs fingerprints to compare.
  EXPECT_NE(error_of(edited("\"fingerprint\": \"report\"", "\"fingerprint\": \"exact\""))
                .find("fingerprints: fingerprint is \"exact\" but no fingerprints are given"),
            std::string::npos);
  EXPECT_NE(error_of(edited("\"fingerprint\": \"report\"", "\"fingerprint\": \"strict\""))
                .find("fingerprint: unknown value \"strict\" (expected exact or report)"),
            std::string::npos);
}

TEST(BaselineParse, SomethingMustBeGuarded) {
  const std::string text =
      "{\"format\": \"whsim-baseline/1\", \"scenario\": \"x.yaml\", \"seed\": 1, "
      "\"replications\": 1, \"kpis\": []}";
  EXPECT_EQ(error_of(text),
            "b.json:1:1: kpis: the baseline guards nothing (expected kpis, fingerprints or both)");
  std::string no_kpis = text;
  no_kpis.replace(no_kpis.find(", \"kpis\": []"), 12, "");
  EXPECT_NE(error_of(no_kpis).find("the baseline guards nothing"), std::string::npos);
  // Fingerprints alone are enough when they are exact; reported only, they guard nothing.
  std::string only_fingerprints = text;
  only_fingerprints.replace(only_fingerprints.find("\"kpis\": []"), 10,
                            "\"fingerprint\": \"exact\", \"fingerprints\": [\"0123456789abcdef\"]");
  EXPECT_NO_THROW((void)parse_baseline(only_fingerprints, "b.json"));
  std::string reported = only_fingerprints;
  reported.replace(reported.find("\"exact\""), 7, "\"report\"");
  EXPECT_NE(error_of(reported).find(
                "fingerprint: the baseline guards no KPIs and its fingerprints are only reported"),
            std::string::npos)
      << error_of(reported);
}

TEST(BaselineParse, KpiNamesAndDuplicates) {
  for (const char* bad :
       {"Orders.Completed", "orders..completed", "orders.completed.", "1orders", "orders completed", ""}) {
    const Strings errors =
        errors_of(edited("\"name\": \"orders.completed\"", fmt::format("\"name\": \"{}\"", bad)));
    const std::string all = fmt::format("{}", fmt::join(errors, "\n"));
    EXPECT_NE(all.find(fmt::format("b.json:8:12: kpis[0].name: \"{}\" is not a KPI name", bad)),
              std::string::npos)
        << bad << ": " << all;
  }
  // Percentiles and KPIs the registry does not know are fine (the check reports them as missing).
  EXPECT_NO_THROW(
      (void)parse_baseline(edited("\"orders.completed\"", "\"orders.pick_cycle_time.p95\""), "b.json"));
  EXPECT_NO_THROW((void)parse_baseline(edited("\"orders.completed\"", "\"custom.kpi_2\""), "b.json"));
  const std::string twice = edited(R"(   "values": [10, 11, 12]}
)",
                                   R"(   "values": [10, 11, 12]},
  {"name": "orders.completed", "tolerance": {"absolute": 1}, "values": [1, 2, 3]}
)");
  EXPECT_EQ(error_of(twice), "b.json:11:3: kpis[1].name: \"orders.completed\" is guarded twice");
  EXPECT_NE(error_of(edited("\"better\": \"higher\"", "\"better\": \"up\""))
                .find("kpis[0].better: unknown value \"up\""),
            std::string::npos);
  EXPECT_NE(
      error_of(edited("\"better\": \"higher\"", "\"better\": \"Higher\"")).find("unknown value \"Higher\""),
      std::string::npos);
}

TEST(BaselineParse, DuplicateKeysAreRejected) {
  const Strings top = errors_of(edited("\"seed\": 42,", "\"seed\": 42, \"seed\": 43,"));
  ASSERT_EQ(top.size(), 1U);
  EXPECT_NE(top[0].find("duplicate key \"seed\" (first given at line 4"), std::string::npos) << top[0];
  EXPECT_TRUE(top[0].starts_with("b.json:4:")) << top[0];
  const Strings kpi = errors_of(edited("\"unit\": \"orders\"", "\"unit\": \"orders\", \"unit\": \"lines\""));
  ASSERT_EQ(kpi.size(), 1U);
  EXPECT_NE(kpi[0].find("duplicate key \"unit\""), std::string::npos) << kpi[0];
}

TEST(BaselineParse, GarbageIsRejected) {
  for (const char* text :
       {"not json at all {", "{\"format\": ", "[1, 2, 3]", "42", "", "{]", "\"whsim-baseline/1\""}) {
    EXPECT_THROW((void)parse_baseline(text, "b.json"), InputError) << text;
    const Strings errors = errors_of(text);
    ASSERT_FALSE(errors.empty()) << text;
    EXPECT_TRUE(errors[0].starts_with("b.json")) << errors[0];
  }
  // A baseline file of some other tool.
  const Strings other = errors_of("{\"format\": \"other/1\", \"x\": 1}");
  ASSERT_FALSE(other.empty());
  EXPECT_EQ(other.back(), "b.json:1:12: format: not a whsim baseline (expected \"whsim-baseline/1\")");
}

TEST(BaselineParse, SetAndScenarioHash) {
  const auto with = [](std::string_view extra) {
    return edited("\"seed\": 42,", fmt::format("\"seed\": 42, {},", extra));
  };
  EXPECT_EQ(parse_baseline(with(R"("set": ["a.b=1", "c=x=y"])"), "b.json").set, (Strings{"a.b=1", "c=x=y"}));
  EXPECT_NE(error_of(with(R"("set": ["a.b=1", "noequals"])")).find("set[1]: expected key.path=value"),
            std::string::npos);
  EXPECT_NE(error_of(with(R"("set": ["=1"])")).find("set[0]: expected key.path=value"), std::string::npos);
  EXPECT_NE(error_of(with(R"("set": "a=1")")).find("set: expected a list"), std::string::npos);
  EXPECT_EQ(parse_baseline(with(R"("scenario_hash": "0badc0de")"), "b.json").scenario_hash, "0badc0de");
  for (const char* bad : {"0BADC0DE", "0badc0d", "0badc0de0", "0badc0dz"}) {
    EXPECT_NE(error_of(with(fmt::format("\"scenario_hash\": \"{}\"", bad)))
                  .find("scenario_hash: expected 8 lower-case hex digits"),
              std::string::npos)
        << bad;
  }
}

// --- files and paths ---------------------------------------------------------------------------

class BaselineFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           fmt::format("whsim_baseline_test_{}_{}", ::getpid(),
                       ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_ / "results" / "baselines");
    std::filesystem::create_directories(dir_ / "scenarios");
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::filesystem::path dir_;
};

TEST_F(BaselineFiles, ReadsAFileAndNamesItInMessages) {
  const auto file = dir_ / "results" / "baselines" / "b.json";
  {
    std::ofstream out(file);
    out << baseline_json(sample());
  }
  expect_same(read_baseline(file), sample());
  {
    std::ofstream out(file);
    out << edited("\"seed\": 42", "\"seed\": -1");
  }
  try {
    (void)read_baseline(file);
    ADD_FAILURE() << "no error";
  } catch (const UnreadableFileError& e) {
    ADD_FAILURE() << "a bad file is not an unreadable one: " << e.what();
  } catch (const InputError& e) {
    ASSERT_EQ(e.diagnostics().size(), 1U);
    EXPECT_EQ(e.diagnostics()[0].to_string(),
              file.string() + ":4:10: seed: expected a whole number from 0 to 9223372036854775807");
  }
}

TEST_F(BaselineFiles, MissingFileIsUnreadable) {
  const auto file = dir_ / "results" / "baselines" / "missing.json";
  EXPECT_THROW((void)read_baseline(file), UnreadableFileError);
  try {
    (void)read_baseline(file);
  } catch (const UnreadableFileError& e) {
    ASSERT_FALSE(e.diagnostics().empty());
    EXPECT_NE(e.diagnostics()[0].to_string().find(file.string()), std::string::npos) << e.what();
  }
  // A folder is not a baseline either.
  EXPECT_THROW((void)read_baseline(dir_ / "results"), InputError);
}

TEST_F(BaselineFiles, ScenarioReferenceIsRelativeToTheBaselinesFolder) {
  const auto baseline_file = dir_ / "results" / "baselines" / "b.json";
  const auto scenario_file = dir_ / "scenarios" / "x.yaml";
  EXPECT_EQ(scenario_reference(scenario_file, baseline_file), "../../scenarios/x.yaml");
  EXPECT_EQ(scenario_reference(dir_ / "results" / "baselines" / "y.yaml", baseline_file), "y.yaml");
  EXPECT_EQ(scenario_reference(dir_ / "results" / "baselines" / "sub" / "z.yaml", baseline_file),
            "sub/z.yaml");
  // Untidy paths are normalised first.
  EXPECT_EQ(scenario_reference(dir_ / "scenarios" / "." / ".." / "scenarios" / "x.yaml", baseline_file),
            "../../scenarios/x.yaml");
  // And back: the reference resolves to the scenario file.
  Baseline b = sample();
  b.scenario = scenario_reference(scenario_file, baseline_file);
  EXPECT_EQ(baseline_scenario_path(b, baseline_file), scenario_file);
}

TEST(BaselineScenario, PathResolvesAgainstTheBaselinesFolder) {
  Baseline b;
  b.scenario = "../../scenarios/x.yaml";
  EXPECT_EQ(baseline_scenario_path(b, "/repo/results/baselines/b.json"),
            std::filesystem::path("/repo/scenarios/x.yaml"));
  EXPECT_EQ(baseline_scenario_path(b, "results/baselines/b.json"), std::filesystem::path("scenarios/x.yaml"));
  b.scenario = "x.yaml";
  EXPECT_EQ(baseline_scenario_path(b, "/repo/results/baselines/b.json"),
            std::filesystem::path("/repo/results/baselines/x.yaml"));
  EXPECT_EQ(baseline_scenario_path(b, "b.json"), std::filesystem::path("x.yaml"));
  b.scenario = "/abs/x.yaml";
  EXPECT_EQ(baseline_scenario_path(b, "/repo/results/baselines/b.json"),
            std::filesystem::path("/abs/x.yaml"));
  b.scenario = std::string(kBuiltinQuickstart);
  EXPECT_EQ(kBuiltinQuickstart, "builtin:quickstart");
  EXPECT_TRUE(baseline_scenario_path(b, "/repo/results/baselines/b.json").empty());
}

TEST(BaselineDefaults, GuardedKpisAreKnownAndDirected) {
  const Strings names = default_guarded_kpis();
  ASSERT_FALSE(names.empty());
  for (const std::string& name : names) {
    EXPECT_TRUE(stats::is_valid_kpi_name(name)) << name;
    EXPECT_NE(kpi_better(name), KpiBetter::kNeither) << name;
    EXPECT_EQ(std::count(names.begin(), names.end(), name), 1) << name;
  }
  // The header's list: throughput, the pick cycle time (mean and p95), on time, backorders.
  for (const char* name : {"orders.completed", "lines.completed", "units.picked", "orders.pick_cycle_time",
                           "orders.pick_cycle_time.p95", "orders.picked_on_time", "lines.backordered"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), name), names.end()) << name;
  }
  // A baseline guarding them round-trips with the registry's directions.
  Baseline b = sample();
  b.kpis.clear();
  for (const std::string& name : names) {
    b.kpis.push_back({name, "x", kpi_better(name), Tolerance{}, std::vector<double>(10, 1.0)});
  }
  expect_same(parse_baseline(baseline_json(b), "b.json"), b);
}

}  // namespace
}  // namespace whsim::run
