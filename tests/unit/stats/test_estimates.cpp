// Estimates across runs: one Student-t interval per KPI (and per tally percentile), hand
// computed over three runs of every KPI kind; KPIs missing or undefined in a run are NaN there
// and left out of the interval; lookups of one run's statistic by name; per-row table means with
// rows matched by label.
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "whsim/stats/estimates.hpp"

namespace whsim::stats {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();
/// t_{0.975, 2} = sqrt(1.805 / 0.0975) (Student t with 2 degrees of freedom has a closed form).
const double kT975Two = std::sqrt(1.805 / 0.0975);
/// t_{0.975, 1} = tan(0.475 pi) (Cauchy).
constexpr double kT975One = 12.706204736174707;

KpiValue count(const std::string& name, double value) {
  KpiValue k;
  k.name = name;
  k.unit = "orders";
  k.kind = KpiKind::kCount;
  k.value = value;
  k.count = static_cast<std::int64_t>(value);
  return k;
}

KpiValue tally(const std::string& name, double mean, double p50, double p95, double p99) {
  KpiValue k;
  k.name = name;
  k.unit = "s";
  k.kind = KpiKind::kTally;
  k.value = mean;
  k.count = 100;
  k.p50 = p50;
  k.p90 = -1;  // never estimated
  k.p95 = p95;
  k.p99 = p99;
  return k;
}

KpiValue level(const std::string& name, KpiKind kind, double value) {
  KpiValue k;
  k.name = name;
  k.unit = kind == KpiKind::kRatio ? "1" : "robots";
  k.kind = kind;
  k.value = value;
  return k;
}

/// Three runs: every KPI kind; robots.busy is missing from the second run, orders.on_time has
/// no trials in the third, and only the second run has "only.second".
std::vector<RunResult> three_runs() {
  std::vector<RunResult> runs(3);
  runs[0].kpis = {count("orders.completed", 10), tally("orders.cycle_time", 100, 90, 150, 200),
                  level("robots.busy", KpiKind::kTimeWeighted, 0.5),
                  level("orders.on_time", KpiKind::kRatio, 0.9)};
  runs[1].kpis = {count("orders.completed", 20), level("orders.on_time", KpiKind::kRatio, 0.8),
                  tally("orders.cycle_time", 110, 95, 160, 230), count("only.second", 1)};
  runs[2].kpis = {count("orders.completed", 30), tally("orders.cycle_time", 120, 100, 170, 260),
                  level("robots.busy", KpiKind::kTimeWeighted, 0.7),
                  level("orders.on_time", KpiKind::kRatio, kNaN)};
  return runs;
}

std::vector<const RunResult*> pointers(const std::vector<RunResult>& runs) {
  std::vector<const RunResult*> out;
  for (const RunResult& r : runs) out.push_back(&r);
  return out;
}

/// Equal numbers or both NaN.
bool same(double a, double b) {
  return (std::isnan(a) && std::isnan(b)) || a == b;
}

void expect_values(const KpiEstimate& e, const std::vector<double>& want) {
  ASSERT_EQ(e.values.size(), want.size()) << e.name;
  for (std::size_t i = 0; i < want.size(); ++i)
    EXPECT_TRUE(same(e.values[i], want[i])) << e.name << " run " << i;
}

TEST(Estimates, OneIntervalPerKpiAndTallyPercentile) {
  const std::vector<RunResult> runs = three_runs();
  const std::vector<KpiEstimate> e = estimate_kpis(pointers(runs), 0.95);
  ASSERT_EQ(e.size(), 7U);
  const std::vector<std::string> names{
      "orders.completed",      "orders.cycle_time", "orders.cycle_time.p50", "orders.cycle_time.p95",
      "orders.cycle_time.p99", "robots.busy",       "orders.on_time"};
  const std::vector<std::string> statistics{"value", "value", "p50", "p95", "p99", "value", "value"};
  for (std::size_t i = 0; i < e.size(); ++i) {
    EXPECT_EQ(e[i].name, names[i]);
    EXPECT_EQ(e[i].statistic, statistics[i]) << names[i];
    EXPECT_EQ(e[i].ci.level, 0.95) << names[i];
  }
  EXPECT_EQ(e[2].kpi, "orders.cycle_time");
  EXPECT_EQ(e[4].kpi, "orders.cycle_time");
  EXPECT_EQ(e[0].kpi, "orders.completed");
  EXPECT_EQ(e[0].unit, "orders");
  EXPECT_EQ(e[3].unit, "s");
  EXPECT_EQ(e[0].kind, KpiKind::kCount);
  EXPECT_EQ(e[3].kind, KpiKind::kTally);
  EXPECT_EQ(e[5].kind, KpiKind::kTimeWeighted);
  EXPECT_EQ(e[6].kind, KpiKind::kRatio);

  // Counts 10, 20, 30: mean 20, s = 10, half-width t_{0.975,2} 10 / sqrt(3).
  expect_values(e[0], {10, 20, 30});
  EXPECT_EQ(e[0].ci.n, 3);
  EXPECT_DOUBLE_EQ(e[0].ci.mean, 20.0);
  EXPECT_NEAR(e[0].ci.half_width, kT975Two * 10.0 / std::sqrt(3.0), 1e-9);
  EXPECT_NEAR(e[0].ci.half_width, 24.8413771175, 1e-9);
  // Tally means 100, 110, 120 and percentiles.
  expect_values(e[1], {100, 110, 120});
  EXPECT_DOUBLE_EQ(e[1].ci.mean, 110.0);
  EXPECT_NEAR(e[1].ci.half_width, kT975Two * 10.0 / std::sqrt(3.0), 1e-9);
  expect_values(e[2], {90, 95, 100});
  EXPECT_DOUBLE_EQ(e[2].ci.mean, 95.0);
  EXPECT_NEAR(e[2].ci.half_width, kT975Two * 5.0 / std::sqrt(3.0), 1e-9);
  expect_values(e[3], {150, 160, 170});
  EXPECT_DOUBLE_EQ(e[3].ci.mean, 160.0);
  expect_values(e[4], {200, 230, 260});
  EXPECT_DOUBLE_EQ(e[4].ci.mean, 230.0);
  EXPECT_NEAR(e[4].ci.half_width, kT975Two * 30.0 / std::sqrt(3.0), 1e-9);
  // Missing from run 1: NaN there, two runs in the interval (s = 0.1 sqrt(2)).
  expect_values(e[5], {0.5, kNaN, 0.7});
  EXPECT_EQ(e[5].ci.n, 2);
  EXPECT_NEAR(e[5].ci.mean, 0.6, 1e-15);
  EXPECT_NEAR(e[5].ci.half_width, kT975One * 0.1, 1e-9);
  // Undefined (no trials) in run 2: the same.
  expect_values(e[6], {0.9, 0.8, kNaN});
  EXPECT_EQ(e[6].ci.n, 2);
  EXPECT_NEAR(e[6].ci.mean, 0.85, 1e-15);
  EXPECT_NEAR(e[6].ci.half_width, kT975One * 0.05, 1e-9);
}

TEST(Estimates, KpisComeInTheFirstRunsOrder) {
  std::vector<RunResult> runs = three_runs();
  std::swap(runs[0], runs[1]);  // now the run with only.second and without robots.busy is first
  const std::vector<KpiEstimate> e = estimate_kpis(pointers(runs), 0.9);
  std::vector<std::string> names;
  for (const KpiEstimate& k : e) names.push_back(k.name);
  EXPECT_EQ(names, (std::vector<std::string>{"orders.completed", "orders.on_time", "orders.cycle_time",
                                             "orders.cycle_time.p50", "orders.cycle_time.p95",
                                             "orders.cycle_time.p99", "only.second"}));
  expect_values(e[6], {1, kNaN, kNaN});
  EXPECT_EQ(e[6].ci.n, 1);
  EXPECT_EQ(e[6].ci.mean, 1.0);
  EXPECT_EQ(e[6].ci.half_width, kInf);
  EXPECT_EQ(e[0].ci.level, 0.9);
}

TEST(Estimates, OneRunOrNone) {
  const std::vector<RunResult> runs = three_runs();
  const std::vector<const RunResult*> one{&runs[2]};
  const std::vector<KpiEstimate> e = estimate_kpis(one, 0.95);
  ASSERT_EQ(e.size(), 7U);
  EXPECT_EQ(e[0].ci.n, 1);
  EXPECT_EQ(e[0].ci.mean, 30.0);
  EXPECT_EQ(e[0].ci.half_width, kInf);
  EXPECT_EQ(e[6].ci.n, 0);  // orders.on_time is NaN in its only run
  EXPECT_TRUE(std::isnan(e[6].ci.mean));
  EXPECT_TRUE(estimate_kpis({}, 0.95).empty());
}

TEST(Estimates, InfiniteValuesAreLeftOutOfTheInterval) {
  std::vector<RunResult> runs(3);
  runs[0].kpis = {count("x", 1)};
  runs[1].kpis = {count("x", kInf)};
  runs[2].kpis = {count("x", 3)};
  const std::vector<KpiEstimate> e = estimate_kpis(pointers(runs), 0.95);
  ASSERT_EQ(e.size(), 1U);
  EXPECT_EQ(e[0].values[1], kInf);  // kept as the run's value
  EXPECT_EQ(e[0].ci.n, 2);
  EXPECT_EQ(e[0].ci.mean, 2.0);
}

TEST(Estimates, KpiStatisticLooksUpOneRun) {
  const std::vector<RunResult> runs = three_runs();
  const RunResult& r = runs[0];
  bool found = false;
  EXPECT_EQ(kpi_statistic(r, "orders.completed", &found), 10.0);
  EXPECT_TRUE(found);
  EXPECT_EQ(kpi_statistic(r, "orders.cycle_time", &found), 100.0);
  EXPECT_TRUE(found);
  EXPECT_EQ(kpi_statistic(r, "orders.cycle_time.p50", &found), 90.0);
  EXPECT_TRUE(found);
  EXPECT_EQ(kpi_statistic(r, "orders.cycle_time.p95", &found), 150.0);
  EXPECT_TRUE(found);
  EXPECT_EQ(kpi_statistic(r, "orders.cycle_time.p99", &found), 200.0);
  EXPECT_TRUE(found);
  EXPECT_EQ(kpi_statistic(r, "orders.cycle_time.p99"), 200.0);  // `found` is optional

  found = true;
  EXPECT_TRUE(std::isnan(kpi_statistic(r, "orders.cycle_time.p90", &found)));  // not an estimate
  EXPECT_FALSE(found);
  found = true;
  EXPECT_TRUE(std::isnan(kpi_statistic(r, "orders.completed.p95", &found)));  // a count has no percentiles
  EXPECT_FALSE(found);
  found = true;
  EXPECT_TRUE(std::isnan(kpi_statistic(r, "orders.unknown", &found)));
  EXPECT_FALSE(found);
  found = true;
  EXPECT_TRUE(std::isnan(kpi_statistic(r, "nodot", &found)));
  EXPECT_FALSE(found);
  found = true;
  EXPECT_TRUE(std::isnan(kpi_statistic(r, "", &found)));
  EXPECT_FALSE(found);
  // A KPI that is there but undefined in this run: NaN, yet a KPI statistic.
  found = false;
  EXPECT_TRUE(std::isnan(kpi_statistic(runs[2], "orders.on_time", &found)));
  EXPECT_TRUE(found);
  // Missing from this run.
  found = true;
  EXPECT_TRUE(std::isnan(kpi_statistic(runs[1], "robots.busy", &found)));
  EXPECT_FALSE(found);
}

Table daily(const std::vector<std::string>& labels, const std::vector<std::vector<double>>& rows) {
  Table t;
  t.name = "daily";
  t.description = "Per day.";
  t.label = "day";
  t.columns = {"orders", "units"};
  t.units = {"orders", "units"};
  t.row_labels = labels;
  t.rows = rows;
  return t;
}

TEST(Estimates, TableRowsAreMatchedByLabel) {
  std::vector<RunResult> runs(4);
  runs[0].tables = {daily({"d1", "d2"}, {{1, 10}, {3, 30}})};
  Table other;
  other.name = "hourly";
  runs[1].tables = {other, daily({"d2", "d3"}, {{5, 50}, {7, kNaN}})};
  // run 2 has no such table
  runs[3].tables = {daily({"d3", "d2"}, {{9, 90}, {7, 70}})};
  const TableEstimate t = estimate_table(pointers(runs), "daily", 0.95);
  EXPECT_EQ(t.name, "daily");
  EXPECT_EQ(t.label, "day");
  EXPECT_EQ(t.columns, (std::vector<std::string>{"orders", "units"}));
  EXPECT_EQ(t.units, (std::vector<std::string>{"orders", "units"}));
  EXPECT_EQ(t.row_labels, (std::vector<std::string>{"d1", "d2", "d3"}));
  ASSERT_EQ(t.cells.size(), 3U);
  for (const auto& row : t.cells) ASSERT_EQ(row.size(), 2U);
  // d1: one run.
  EXPECT_EQ(t.cells[0][0].n, 1);
  EXPECT_EQ(t.cells[0][0].mean, 1.0);
  EXPECT_EQ(t.cells[0][0].half_width, kInf);
  // d2: runs 0, 1 and 3 (3, 5, 7: mean 5, s = 2).
  EXPECT_EQ(t.cells[1][0].n, 3);
  EXPECT_DOUBLE_EQ(t.cells[1][0].mean, 5.0);
  EXPECT_NEAR(t.cells[1][0].half_width, kT975Two * 2.0 / std::sqrt(3.0), 1e-9);
  EXPECT_EQ(t.cells[1][1].n, 3);
  EXPECT_DOUBLE_EQ(t.cells[1][1].mean, 50.0);
  // d3: runs 1 and 3; the NaN units value is left out.
  EXPECT_EQ(t.cells[2][0].n, 2);
  EXPECT_DOUBLE_EQ(t.cells[2][0].mean, 8.0);
  EXPECT_NEAR(t.cells[2][0].half_width, kT975One * 1.0, 1e-9);  // s = sqrt(2), / sqrt(2)
  EXPECT_EQ(t.cells[2][1].n, 1);
  EXPECT_EQ(t.cells[2][1].mean, 90.0);
  EXPECT_EQ(t.cells[2][0].level, 0.95);

  const TableEstimate none = estimate_table(pointers(runs), "weekly", 0.95);
  EXPECT_EQ(none.name, "weekly");
  EXPECT_TRUE(none.columns.empty());
  EXPECT_TRUE(none.row_labels.empty());
  EXPECT_TRUE(none.cells.empty());
}

}  // namespace
}  // namespace whsim::stats
