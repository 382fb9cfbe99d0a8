// The HTML report and the layout SVG: self-contained (no URL, no external resource), the JSON
// block holds exactly the numbers the charts were drawn from, text from the data is escaped,
// confidence intervals over runs are Student-t intervals, incomplete runs are flagged, big
// floors stay small. Fixtures are built by hand with the quickstart's names (no simulator).
// With WHSIM_REPORT_OUT=path set, the fixture report is written there (and the layout SVG and a
// three-run report next to it) for tests/scripts/check_report_chromium.sh.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "whsim/output/report.hpp"
#include "whsim/output/result.hpp"
#include "whsim/stats/confidence.hpp"

#include <nlohmann/json.hpp>

namespace {

using whsim::output::ResultData;
using whsim::output::RunRecord;
using whsim::stats::KpiKind;
using whsim::stats::KpiValue;
using whsim::stats::RunResult;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr std::int64_t kTicksPerSecond = 1'000'000;
constexpr int kSamples = 121;  // 0, 1, ..., 120 min
constexpr int kRobots = 20;

/// A small deterministic generator for plausible noise (no std distributions in tests either).
class Lcg {
 public:
  explicit Lcg(std::uint64_t seed) : state_(seed * 6364136223846793005ULL + 1442695040888963407ULL) {}
  double uniform() {
    state_ = state_ * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(state_ >> 11) / 9007199254740992.0;
  }
  int below(int n) { return static_cast<int>(uniform() * n); }

 private:
  std::uint64_t state_;
};

KpiValue kpi(std::string name, std::string unit, KpiKind kind, double value, std::int64_t count = 0) {
  KpiValue k;
  k.name = std::move(name);
  k.unit = std::move(unit);
  k.kind = kind;
  k.value = value;
  k.count = count;
  k.definition = "definition of " + k.name;
  return k;
}

KpiValue tally(std::string name, std::string unit, double mean, std::int64_t n, double p50, double p90,
               double p95, double p99, double max) {
  KpiValue k = kpi(std::move(name), std::move(unit), KpiKind::kTally, mean, n);
  k.stddev = mean / 3;
  k.min = 0.2 * p50;
  k.max = max;
  k.p50 = p50;
  k.p90 = p90;
  k.p95 = p95;
  k.p99 = p99;
  return k;
}

/// A 24 x 14 floor: walls around, aisles, storage blocks, two stations on the west side with
/// buffers, chargers in the south, a dock in the north.
whsim::stats::FloorLayout make_layout() {
  whsim::stats::FloorLayout l;
  l.width = 24;
  l.height = 14;
  l.cell_size_m = 1.0;
  l.cells.assign(std::size_t{24} * 14, 1);
  for (int y = 0; y < 14; ++y) {
    for (int x = 0; x < 24; ++x) {
      auto& c = l.cells[static_cast<std::size_t>(y) * 24 + static_cast<std::size_t>(x)];
      if (x == 0 || y == 0 || x == 23 || y == 13) {
        c = 0;
      } else if (x >= 5 && x <= 21 && y >= 2 && y <= 11 && (x - 5) % 3 != 2 && y != 6) {
        c = 2;
      }
    }
  }
  const auto set = [&](std::size_t x, std::size_t y, std::uint8_t k) { l.cells[y * 24 + x] = k; };
  set(1, 4, 3);
  set(1, 9, 3);
  set(2, 4, 4);
  set(2, 9, 4);
  set(10, 12, 5);
  set(11, 12, 5);
  set(12, 0, 6);
  l.markers = {{"station", "S1", 1, 4},
               {"station", "S2", 1, 9},
               {"charger", "C1", 10, 12},
               {"charger", "C2", 11, 12},
               {"dock", "D1", 12, 0}};
  return l;
}

void add_series(RunResult& r, const std::string& name, const std::string& unit, std::vector<double> values) {
  whsim::stats::TimeSeries s;
  s.name = name;
  s.unit = unit;
  for (int i = 0; i < kSamples; ++i) s.time_ticks.push_back(std::int64_t{60} * i * kTicksPerSecond);
  s.values = std::move(values);
  r.series.push_back(std::move(s));
}

/// A cumulative count with about `per_minute` per sample.
std::vector<double> cumulative(Lcg& rng, double per_minute) {
  std::vector<double> v(kSamples, 0.0);
  for (std::size_t i = 1; i < v.size(); ++i) {
    v[i] = v[i - 1] + std::floor(per_minute * (0.5 + rng.uniform()) + rng.uniform());
  }
  return v;
}

/// A level around `mean` with noise, never negative.
std::vector<double> level(Lcg& rng, double mean, double spread) {
  std::vector<double> v;
  v.reserve(kSamples);
  for (int i = 0; i < kSamples; ++i) {
    v.push_back(
        std::max(0.0, std::round(mean + spread * (rng.uniform() - 0.5) + 0.3 * spread * std::sin(i / 9.0))));
  }
  return v;
}

void add_kpis(RunResult& r, double scale) {
  const auto count = [&](const char* n, const char* u, double v) {
    r.kpis.push_back(
        kpi(n, u, KpiKind::kCount, std::round(v * scale), static_cast<std::int64_t>(std::round(v * scale))));
  };
  count("orders.arrived", "orders", 620);
  count("orders.completed", "orders", 600);
  count("lines.completed", "lines", 1500);
  count("units.picked", "units", 2100);
  count("units.demanded", "units", 2180);
  count("lines.backordered", "lines", 12);
  count("orders.held_for_stock", "orders", 5);
  r.kpis.push_back(kpi("orders.picked_on_time", "1", KpiKind::kRatio, 0.93 * std::min(1.0, scale), 600));
  r.kpis.push_back(tally("orders.pick_cycle_time", "s", 410 * scale, 600, 380, 640, 720, 910, 1300));
  r.kpis.push_back(tally("orders.put_wall_wait", "s", 35, 600, 30, 60, 70, 95, 140));
  r.kpis.push_back(tally("stations.queue_wait", "s", 22, 1400, 18, 40, 50, 75, 120));
  r.kpis.push_back(tally("stations.visit_time", "s", 14, 1400, 12, 22, 26, 34, 60));
  r.kpis.push_back(tally("pods.units_per_visit", "units", 1.5, 1400, 1, 3, 3, 5, 8));
  r.kpis.push_back(tally("pods.lines_per_visit", "lines", 1.1, 1400, 1, 2, 2, 3, 4));
  r.kpis.push_back(tally("robots.trip_distance", "m", 31, 1400, 29, 48, 52, 60, 70));
  const auto tw = [&](const char* n, const char* u, double v) {
    KpiValue k = kpi(n, u, KpiKind::kTimeWeighted, v * scale);
    k.min = 0;
    k.max = 2 * v;
    r.kpis.push_back(k);
  };
  tw("orders.open", "orders", 40);
  tw("lines.waiting_for_pod", "lines", 55);
  tw("trips.waiting_for_robot", "trips", 6);
  tw("stations.robots_present", "robots", 7);
  tw("stations.queue_length", "robots", 5);
  tw("stations.queue_overflow", "robots", 0.2);
  tw("stations.pickers_staffed", "pickers", 2);
  tw("robots.utilisation", "1", 0.71);
  tw("robots.state.idle", "robots", 5.8);
  tw("robots.state.to_pod", "robots", 3.9);
  tw("robots.state.lifting", "robots", 0.5);
  tw("robots.state.to_station", "robots", 3.7);
  tw("robots.state.at_station", "robots", 4.1);
  tw("robots.state.returning", "robots", 1.5);
  tw("robots.state.setting_down", "robots", 0.4);
  tw("robots.state.interrupted", "robots", 0.1);
  tw("stock.on_hand", "units", 48000);
  r.kpis.push_back(kpi("stations.picker_utilisation", "1", KpiKind::kRatio, 0.82, 7200));
}

void add_all_series(RunResult& r, Lcg& rng) {
  add_series(r, "orders.arrived", "orders", cumulative(rng, 5.2));
  add_series(r, "orders.completed", "orders", cumulative(rng, 5.0));
  add_series(r, "lines.completed", "lines", cumulative(rng, 12.5));
  add_series(r, "units.picked", "units", cumulative(rng, 17.5));
  add_series(r, "units.demanded", "units", cumulative(rng, 18.2));
  add_series(r, "lines.backordered", "lines", cumulative(rng, 0.1));
  add_series(r, "orders.held_for_stock", "orders", cumulative(rng, 0.04));
  add_series(r, "orders.open", "orders", level(rng, 40, 16));
  add_series(r, "lines.waiting_for_pod", "lines", level(rng, 55, 20));
  add_series(r, "trips.waiting_for_robot", "trips", level(rng, 6, 6));
  add_series(r, "stations.robots_present", "robots", level(rng, 7, 4));
  add_series(r, "stations.queue_length", "robots", level(rng, 5, 4));
  add_series(r, "stations.queue_overflow", "robots", level(rng, 0.2, 1));
  std::vector<double> staffed;
  staffed.reserve(kSamples);
  for (int i = 0; i < kSamples; ++i) staffed.push_back(i < 60 ? 2.0 : (i < 90 ? 1.0 : 2.0));
  add_series(r, "stations.pickers_staffed", "pickers", staffed);
  add_series(r, "robots.utilisation", "1", level(rng, 0.7, 0.2));
  // Robot states: a partition of the fleet at every sample.
  const char* states[] = {"idle",       "to_pod",    "lifting",      "to_station",
                          "at_station", "returning", "setting_down", "interrupted"};
  std::vector<std::vector<double>> by_state(8, std::vector<double>(kSamples, 0.0));
  for (int i = 0; i < kSamples; ++i) {
    for (int robot = 0; robot < kRobots; ++robot) {
      const double u = rng.uniform();
      const int s = u < 0.29    ? 0
                    : u < 0.485 ? 1
                    : u < 0.51  ? 2
                    : u < 0.695 ? 3
                    : u < 0.9   ? 4
                    : u < 0.975 ? 5
                    : u < 0.995 ? 6
                                : 7;
      by_state[static_cast<std::size_t>(s)][static_cast<std::size_t>(i)] += 1.0;
    }
  }
  for (std::size_t s = 0; s < 8; ++s) {
    add_series(r, std::string("robots.state.") + states[s], "robots", by_state[s]);
  }
  std::vector<double> stock;
  stock.reserve(kSamples);
  for (int i = 0; i < kSamples; ++i) stock.push_back(50000.0 - 17.5 * i + (i > 80 ? 1200.0 : 0.0));
  add_series(r, "stock.on_hand", "units", stock);
}

void add_tables(RunResult& r, double scale) {
  whsim::stats::Table st;
  st.name = "stations";
  st.description = "Per station over the measured time.";
  st.label = "station";
  st.columns = {"x",
                "y",
                "visits",
                "units",
                "orders",
                "mean_visit_time",
                "robots_present",
                "busy_pickers",
                "pickers_staffed",
                "picker_utilisation"};
  st.units = {"cell", "cell", "visits", "units", "orders", "s", "robots", "pickers", "pickers", "1"};
  st.row_labels = {"S1", "S2"};
  st.rows = {{1, 4, 720, 1080, 310, 13.8, 3.6, 0.86 * scale, 1, 0.86 * scale},
             {1, 9, 680, 1020, 290, 14.3, 3.4, 0.78 * scale, 1, 0.78 * scale}};
  r.tables.push_back(st);
  whsim::stats::Table robots;
  robots.name = "robots";
  robots.description = "Per robot.";
  robots.label = "robot";
  robots.columns = {"trips", "distance", "utilisation"};
  robots.units = {"trips", "m", "1"};
  for (int i = 0; i < 3; ++i) {
    // fmt, not "R" + std::to_string: GCC 12 gives a false -Wrestrict there when inlined.
    robots.row_labels.push_back(fmt::format("R{}", i + 1));
    robots.rows.push_back({70.0 + i, 2170.0 + 10 * i, 0.7});
  }
  r.tables.push_back(robots);
  whsim::stats::Table hourly;
  hourly.name = "hourly";
  hourly.description = "Per hour of the run.";
  hourly.label = "hour starting";
  hourly.columns = {"orders", "lines", "units"};
  hourly.units = {"orders", "lines", "units"};
  hourly.row_labels = {"0 h", "1 h"};
  hourly.rows = {{296, 742, 1040}, {304, 758, 1060}};
  r.tables.push_back(hourly);
  whsim::stats::Table daily = hourly;
  daily.name = "daily";
  daily.description = "Per day.";
  daily.label = "day";
  daily.row_labels = {"day 1"};
  daily.rows = {{600, 1500, 2100}};
  r.tables.push_back(daily);
}

void add_orders(RunResult& r, Lcg& rng, int n) {
  whsim::stats::RecordTable o;
  o.name = "orders";
  o.description = "One row per order.";
  o.columns = {"id",    "arrived_s", "opened_s", "first_pick_s", "completed_s",
               "due_s", "station",   "lines",    "units"};
  o.units = {"1", "s", "s", "s", "s", "s", "1", "lines", "units"};
  o.values.assign(o.columns.size(), {});
  for (int i = 0; i < n; ++i) {
    const double arrived = 7200.0 * i / n;
    const double cycle = 150.0 + 500.0 * rng.uniform() * rng.uniform() + (i % 50 == 0 ? 900.0 : 0.0);
    const bool done = arrived + cycle < 7200.0;
    const double values[] = {static_cast<double>(i),
                             arrived,
                             arrived + 5,
                             arrived + 60,
                             done ? arrived + cycle : kNaN,
                             arrived + 3600,
                             static_cast<double>(i % 2),
                             1.0 + i % 3,
                             1.0 + i % 5};
    for (std::size_t c = 0; c < o.columns.size(); ++c) o.values[c].push_back(values[c]);
  }
  r.records.push_back(std::move(o));
}

void add_grids(RunResult& r, Lcg& rng) {
  for (const char* name : {"robot_visits", "pod_lifts"}) {
    whsim::stats::Grid g;
    g.name = name;
    g.description = std::string(name) == "robot_visits" ? "Legs ending at each cell."
                                                        : "Pods lifted from each storage location.";
    g.unit = std::string(name) == "robot_visits" ? "visits" : "lifts";
    g.width = r.layout.width;
    g.height = r.layout.height;
    for (std::size_t i = 0; i < r.layout.cells.size(); ++i) {
      const std::uint8_t c = r.layout.cells[i];
      double v = 0;
      if (c == 2) v = std::floor(12 * rng.uniform() * rng.uniform());
      if (c == 3 && g.unit == "visits") v = 700;
      if (c == 5 && g.unit == "visits") v = 40;
      g.values.push_back(v);
    }
    r.grids.push_back(std::move(g));
  }
}

RunRecord make_run(std::uint64_t replication, double scale) {
  RunRecord rec;
  rec.replication = replication;
  RunResult& r = rec.result;
  Lcg rng(42 + replication);
  r.layout = make_layout();
  add_kpis(r, scale);
  add_all_series(r, rng);
  add_tables(r, scale);
  add_orders(r, rng, 400);
  add_grids(r, rng);
  r.seed = 1000 + replication;
  r.fingerprint = 0x1234abcdULL + replication;
  r.events = 123456;
  r.measured_from = whsim::SimTime::zero();
  r.end = whsim::SimTime::zero() + whsim::Duration::hours(2);
  rec.model = {{"robots", kRobots}, {"pods", 180}, {"skus", 500}, {"stations", 2}};
  return rec;
}

ResultData make_result(int runs) {
  ResultData d;
  d.meta.whsim_version = "0.1.0";
  d.meta.git_commit = "8ca6fc9";
  d.meta.scenario_name = "quickstart";
  d.meta.scenario_file = "quickstart.yaml (built in)";
  d.meta.scenario_hash = "a1b2c3d4";
  d.meta.scenario_sha256 = std::string(64, 'f');
  d.meta.scenario_yaml = "# see https://example.org/whsim for docs\nname: quickstart\nrobots:\n  count: 20\n";
  d.meta.master_seed = 1000;
  d.meta.provenance.created = "2026-11-27T10:15:00Z";
  for (int i = 0; i < runs; ++i) d.runs.push_back(make_run(static_cast<std::uint64_t>(i), 1.0 + 0.05 * i));
  return d;
}

/// The text of the whsim-data script element.
std::string json_block(const std::string& html) {
  const std::string open = R"(<script type="application/json" id="whsim-data">)";
  const auto a = html.find(open);
  if (a == std::string::npos) return "";
  const auto b = html.find("</script>", a);
  return html.substr(a + open.size(), b - a - open.size());
}

std::size_t count(const std::string& text, std::string_view what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

std::vector<double> doubles(const nlohmann::json& j) {
  std::vector<double> v;
  for (const auto& x : j) v.push_back(x.is_null() ? kNaN : x.get<double>());
  return v;
}

const whsim::stats::TimeSeries& series(const RunResult& r, std::string_view name) {
  const auto* s = r.find_series(name);
  EXPECT_NE(s, nullptr) << name;
  return *s;
}

/// The one-run fixture, its report and the report's JSON block, rendered once for the suite.
struct Rendered {
  ResultData one;
  std::string html;
  nlohmann::json data;
};

const Rendered& rendered() {
  static const Rendered r = [] {
    Rendered out{make_result(1), {}, {}};
    out.html = whsim::output::render_report(out.one);
    out.data = nlohmann::json::parse(json_block(out.html));
    if (const char* path = std::getenv("WHSIM_REPORT_OUT")) {
      std::ofstream(path) << out.html;
      std::ofstream(std::string(path) + ".layout.svg")
          << whsim::output::render_layout_svg(out.one.runs.front().result.layout, "quickstart floor");
      std::ofstream(std::string(path) + ".replications.html") << whsim::output::render_report(make_result(3));
    }
    return out;
  }();
  return r;
}

TEST(Report, IsSelfContained) {
  const Rendered& f = rendered();
  const std::string& html = f.html;
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0U);
  for (const char* bad : {"http://", "https://", "<link", "src=", "@import", "url("}) {
    EXPECT_EQ(html.find(bad), std::string::npos) << bad;
  }
  // The scenario's comment holds a URL: shown, but not as one.
  EXPECT_NE(html.find("example.org"), std::string::npos);
  EXPECT_NE(html.find("@media print"), std::string::npos);
  EXPECT_NE(html.find("page-break-inside: avoid"), std::string::npos);
}

TEST(Report, HasOneJsonBlockThatParses) {
  const Rendered& f = rendered();
  EXPECT_EQ(count(f.html, R"(id="whsim-data")"), 1U);
  EXPECT_EQ(count(f.html, "<script"), 1U);
  EXPECT_EQ(count(f.html, "</script>"), 1U);
  ASSERT_TRUE(f.data.is_object());
  for (const char* key : {"meta", "kpis", "series", "throughput", "cycle_time_histogram", "cycle_time_cdf",
                          "station_utilisation", "staffing", "robot_states", "robot_state_shares", "queues",
                          "stock", "heatmap", "heatmap_pod_lifts"}) {
    EXPECT_TRUE(f.data.contains(key)) << key;
  }
}

TEST(Report, ThroughputIsTheDifferenceOfTheCumulativeSeries) {
  const Rendered& f = rendered();
  const RunResult& r = f.one.runs.front().result;
  const auto& t = f.data["throughput"];
  for (const auto& [name, key] :
       {std::pair{"units.picked", "units_per_h"}, std::pair{"orders.completed", "orders_per_h"}}) {
    const auto& s = series(r, name);
    const std::vector<double> got = doubles(t[key]);
    ASSERT_EQ(got.size(), s.values.size() - 1) << name;
    for (std::size_t i = 1; i < s.values.size(); ++i) {
      const double dt_h = static_cast<double>(s.time_ticks[i] - s.time_ticks[i - 1]) / 3.6e9;
      EXPECT_EQ(got[i - 1], (s.values[i] - s.values[i - 1]) / dt_h) << name << " " << i;
      EXPECT_EQ(t["time_h"][i - 1].get<double>(), static_cast<double>(s.time_ticks[i]) / 3.6e9);
    }
  }
  EXPECT_EQ(t["bin_s"].get<double>(), 60.0);
  // The raw series are embedded exactly.
  const auto& raw = f.data["series"]["units.picked"];
  EXPECT_EQ(raw["unit"], "units");
  EXPECT_EQ(doubles(raw["values"]), series(r, "units.picked").values);
  EXPECT_EQ(raw["time_s"][1].get<double>(), 60.0);
}

TEST(ReportBins, LongRunsAreBinnedInRoundDurations) {
  ResultData d = make_result(1);
  // Four days sampled every minute: 5760 intervals -> 1 h bins (96 bins).
  for (auto& s : d.runs.front().result.series) {
    s.time_ticks.clear();
    s.values.assign(5761, 0.0);
    for (int i = 0; i <= 5760; ++i) {
      s.time_ticks.push_back(std::int64_t{60} * i * kTicksPerSecond);
      s.values[static_cast<std::size_t>(i)] = 2.0 * i;
    }
  }
  const auto j = nlohmann::json::parse(json_block(whsim::output::render_report(d)));
  EXPECT_EQ(j["throughput"]["bin_s"].get<double>(), 3600.0);
  ASSERT_EQ(j["throughput"]["units_per_h"].size(), 96U);
  EXPECT_EQ(j["throughput"]["units_per_h"][0].get<double>(), 120.0);
  EXPECT_LE(j["queues"]["time_h"].size(), 1200U);
}

TEST(Report, CycleTimeDistributionFromTheRecords) {
  const Rendered& f = rendered();
  const RunResult& r = f.one.runs.front().result;
  const auto* orders = r.find_records("orders");
  std::vector<double> ct;
  for (std::size_t i = 0; i < orders->size(); ++i) {
    const double a = orders->values[1][i];
    const double c = orders->values[4][i];
    if (std::isfinite(c)) ct.push_back(c - a);
  }
  std::sort(ct.begin(), ct.end());
  const auto& cdf = f.data["cycle_time_cdf"];
  EXPECT_EQ(cdf["source"], "records");
  const std::vector<double> fraction = doubles(cdf["fraction"]);
  ASSERT_FALSE(fraction.empty());
  EXPECT_EQ(fraction.back(), 1.0);
  EXPECT_TRUE(std::is_sorted(fraction.begin(), fraction.end()));
  EXPECT_EQ(doubles(cdf["time_s"]).back(), ct.back());
  // Percentiles: linear interpolation between order statistics.
  for (const auto& [key, q] :
       {std::pair{"p50", 0.5}, std::pair{"p90", 0.9}, std::pair{"p95", 0.95}, std::pair{"p99", 0.99}}) {
    const double h = (static_cast<double>(ct.size()) - 1) * q;
    const auto lo = static_cast<std::size_t>(std::floor(h));
    const double expect = ct[lo] + (h - static_cast<double>(lo)) * (ct[lo + 1] - ct[lo]);
    EXPECT_DOUBLE_EQ(cdf["percentiles_s"][key].get<double>(), expect) << key;
  }
  // The histogram counts every order once.
  const auto& hist = f.data["cycle_time_histogram"];
  double total = hist["overflow"].get<double>();
  for (const auto& c : hist["counts"]) total += c.get<double>();
  EXPECT_EQ(total, static_cast<double>(ct.size()));
  EXPECT_EQ(hist["bin_edges_s"].size(), hist["counts"].size() + 1);
  // Percentile markers are drawn on both charts.
  for (const char* id : {"chart-cycle_time_histogram", "chart-cycle_time_cdf"}) {
    const auto at = f.html.find(id);
    ASSERT_NE(at, std::string::npos);
    const std::string svg = f.html.substr(at, f.html.find("</svg>", at) - at);
    for (const char* p : {">p50 ", ">p90 ", ">p95 ", ">p99 "})
      EXPECT_NE(svg.find(p), std::string::npos) << id << p;
  }
}

TEST(ReportRuns, CycleTimesCountOrdersCompletedAfterTheWarmUp) {
  ResultData d = make_result(1);
  RunResult& r = d.runs.front().result;
  r.measured_from = whsim::SimTime::zero() + whsim::Duration::seconds(1800);
  std::int64_t n = 0;
  std::int64_t all = 0;
  for (const double c : r.find_records("orders")->values[4]) {
    n += std::isfinite(c) && c >= 1800.0 ? 1 : 0;
    all += std::isfinite(c) ? 1 : 0;
  }
  const auto j = nlohmann::json::parse(json_block(whsim::output::render_report(d)));
  EXPECT_EQ(j["cycle_time_cdf"]["n"].get<std::int64_t>(), n);
  EXPECT_EQ(j["cycle_time_histogram"]["n"].get<std::int64_t>(), n);
  EXPECT_LT(n, all);
}

TEST(Report, HeatmapValuesAreTheGrid) {
  const Rendered& f = rendered();
  const auto& g = *f.one.runs.front().result.find_grid("robot_visits");
  const auto& h = f.data["heatmap"];
  EXPECT_EQ(h["width"], g.width);
  EXPECT_EQ(h["height"], g.height);
  EXPECT_EQ(h["block"], 1);
  EXPECT_EQ(doubles(h["values"]), g.values);
  EXPECT_EQ(h["max"].get<double>(), 700.0);
  // Drawn on the layout, stations labelled.
  const auto at = f.html.find("chart-heatmap\"");
  ASSERT_NE(at, std::string::npos);
  const std::string svg = f.html.substr(at, f.html.find("</svg>", at) - at);
  EXPECT_NE(svg.find(">S1</text>"), std::string::npos);
  EXPECT_NE(svg.find("log scale"), std::string::npos);
}

TEST(Report, TrafficHeatmapsOnlyInTrafficMode) {
  // Without the traffic grids the floor section has no traffic heatmaps; with them, both, each
  // holding its grid.
  ResultData d = make_result(1);
  EXPECT_EQ(whsim::output::render_report(d).find("chart-heatmap_traffic_waiting"), std::string::npos);
  RunResult& r = d.runs.front().result;
  for (const char* name : {"traffic_occupancy", "traffic_waiting"}) {
    whsim::stats::Grid g;
    g.name = name;
    g.description = "Robot-seconds per cell.";
    g.unit = "s";
    g.width = r.layout.width;
    g.height = r.layout.height;
    for (std::size_t i = 0; i < r.layout.cells.size(); ++i)
      g.values.push_back(static_cast<double>(i % 7) * 30.0);
    r.grids.push_back(std::move(g));
  }
  const std::string html = whsim::output::render_report(d);
  const auto j = nlohmann::json::parse(json_block(html));
  for (const char* id : {"heatmap_traffic_occupancy", "heatmap_traffic_waiting"}) {
    EXPECT_NE(html.find(std::string(R"(<svg class="chart" id="chart-)") + id + "\""), std::string::npos)
        << id;
    EXPECT_EQ(doubles(j[id]["values"]), r.grids.back().values) << id;
    EXPECT_EQ(j[id]["unit"], "s");
  }
}

TEST(Report, EveryChartIsAnInlineSvg) {
  const Rendered& f = rendered();
  for (const char* id : {"throughput", "cycle_time_histogram", "cycle_time_cdf", "station_utilisation",
                         "staffing", "robot_states", "robot_state_shares", "queues", "stock", "heatmap"}) {
    const std::string tag = std::string(R"(<svg class="chart" id="chart-)") + id + "\"";
    EXPECT_EQ(count(f.html, tag), 1U) << id;
  }
  EXPECT_EQ(count(f.html, "<svg"), count(f.html, "</svg>"));
  EXPECT_NE(f.html.find("viewBox="), std::string::npos);
  EXPECT_EQ(f.html.find("not recorded in this result"), std::string::npos);
  // Tables as HTML.
  EXPECT_NE(f.html.find(R"(id="table-stations")"), std::string::npos);
  EXPECT_NE(f.html.find(R"(id="table-hourly")"), std::string::npos);
}

TEST(Report, ChartsHoldTheirInputs) {
  const Rendered& f = rendered();
  const auto& su = f.data["station_utilisation"];
  EXPECT_EQ(su["station"], nlohmann::json({"S1", "S2"}));
  EXPECT_EQ(doubles(su["picker_utilisation"]), (std::vector<double>{0.86, 0.78}));
  const auto& rs = f.data["robot_states"];
  EXPECT_EQ(rs["states"].size(), 8U);
  EXPECT_EQ(rs["states"][0], "idle");
  EXPECT_EQ(doubles(rs["robots"][0]), series(f.one.runs.front().result, "robots.state.idle").values);
  double share = 0;
  for (const auto& s : f.data["robot_state_shares"]["share"]) share += s.get<double>();
  EXPECT_NEAR(share, 1.0, 1e-12);
  const auto& q = f.data["queues"];
  EXPECT_EQ(doubles(q["stations.queue_length"]),
            series(f.one.runs.front().result, "stations.queue_length").values);
  EXPECT_EQ(doubles(f.data["stock"]["lines.backordered"]),
            series(f.one.runs.front().result, "lines.backordered").values);
  const auto& k = f.data["kpis"]["orders.pick_cycle_time"];
  EXPECT_EQ(k["unit"], "s");
  EXPECT_EQ(k["p95"].get<double>(), 720.0);
}

TEST(Report, CostSectionSplitsTheCostPerOrderByComponent) {
  EXPECT_EQ(rendered().html.find(R"(id="sec-costs")"), std::string::npos);  // no cost KPIs, no section
  ResultData d = make_result(2);
  const std::vector<std::pair<const char*, double>> parts{
      {"costs.labour_per_day", 3000},   {"costs.robots_per_day", 600}, {"costs.energy_per_day", 0},
      {"costs.packaging_per_day", 250}, {"costs.trucks_per_day", 150}, {"costs.holding_per_day", 0}};
  for (std::size_t r = 0; r < d.runs.size(); ++r) {
    RunResult& run = d.runs[r].result;
    const double scale = r == 0 ? 1.0 : 1.5;  // two runs: the chart shows the means
    for (const auto& [name, v] : parts)
      run.kpis.push_back(tally(name, "CHF/day", v * scale, 1, v, v, v, v, v));
    run.kpis.push_back(tally("costs.per_order", "CHF", 0.4 * scale, 1, 0.4, 0.4, 0.4, 0.4, 0.4));
  }
  const std::string html = whsim::output::render_report(d);
  EXPECT_NE(html.find(R"(id="sec-costs")"), std::string::npos);
  EXPECT_EQ(count(html, R"(<svg class="chart" id="chart-cost_shares")"), 1U);
  const nlohmann::json c = nlohmann::json::parse(json_block(html))["cost_shares"];
  // Components that cost nothing (energy, holding) are left out.
  EXPECT_EQ(c["components"], nlohmann::json({"labour", "robots", "packaging", "trucks"}));
  EXPECT_EQ(doubles(c["per_day"]), (std::vector<double>{3750, 750, 312.5, 187.5}));
  EXPECT_EQ(c["currency"], "CHF");
  double share = 0;
  double per_order = 0;
  for (const auto& x : c["share"]) share += x.get<double>();
  for (const auto& x : c["per_order"]) per_order += x.get<double>();
  EXPECT_NEAR(share, 1.0, 1e-12);
  EXPECT_NEAR(per_order, 0.5, 1e-12);  // the mean of 0.4 and 0.6
  EXPECT_NEAR(doubles(c["per_order"])[0], 0.5 * 3750 / 5000, 1e-12);
  EXPECT_NE(html.find("labour 75.0% (0.375 CHF per order)"), std::string::npos);
}

TEST(Report, RecordAccuracySectionChartsTheIraOverTime) {
  EXPECT_EQ(rendered().html.find(R"(id="sec-accuracy")"), std::string::npos);  // no accuracy KPIs
  const auto with = [](bool audit) {
    ResultData d = make_result(1);
    RunResult& run = d.runs.front().result;
    std::vector<double> ira(kSamples);
    std::vector<double> off(kSamples);
    for (int i = 0; i < kSamples; ++i) {
      ira[static_cast<std::size_t>(i)] = 1.0 - 0.001 * i;
      off[static_cast<std::size_t>(i)] = 3.0 * i;
    }
    run.kpis.push_back(kpi("accuracy.ira", "ratio", KpiKind::kTimeWeighted, 0.95));
    add_series(run, "accuracy.ira", "ratio", ira);
    add_series(run, "accuracy.units_off", "units", off);
    if (audit) {
      run.kpis.push_back(kpi("audit.counts", "records", KpiKind::kCount, 120, 120));
      add_series(run, "audit.backlog", "records", std::vector<double>(kSamples, 4.0));
      add_series(run, "audit.counters_busy", "workers", std::vector<double>(kSamples, 1.0));
    }
    return std::make_pair(whsim::output::render_report(d), ira);
  };
  const auto [plain, ira] = with(false);
  EXPECT_NE(plain.find(R"(id="sec-accuracy")"), std::string::npos);
  EXPECT_NE(plain.find(">Record accuracy</h2>"), std::string::npos);
  EXPECT_EQ(count(plain, R"(<svg class="chart" id="chart-accuracy")"), 1U);
  const nlohmann::json a = nlohmann::json::parse(json_block(plain))["accuracy"];
  EXPECT_EQ(doubles(a["accuracy.ira"]), ira);
  EXPECT_FALSE(a.contains("audit.backlog"));
  const std::string audited = with(true).first;
  EXPECT_NE(audited.find(">Record accuracy and cycle counting</h2>"), std::string::npos);
  const nlohmann::json b = nlohmann::json::parse(json_block(audited))["accuracy"];
  EXPECT_EQ(doubles(b["audit.backlog"]), std::vector<double>(kSamples, 4.0));
}

TEST(ReportText, DataIsEscaped) {
  ResultData d = make_result(1);
  d.meta.scenario_name = R"(<b>&"x"</script><!--)";
  d.runs.front().result.tables.front().row_labels[0] = "<i>S1</i>";
  d.meta.scenario_file = "http://example.org/q.yaml";
  const std::string html = whsim::output::render_report(d);
  const std::string page = html.substr(0, html.find(R"(<script type="application/json")"));
  EXPECT_EQ(page.find("<b>"), std::string::npos);
  EXPECT_EQ(page.find("<i>"), std::string::npos);
  EXPECT_NE(html.find("&lt;b&gt;&amp;&quot;x&quot;&lt;/script&gt;"), std::string::npos);
  EXPECT_EQ(count(html, "</script>"), 1U);
  EXPECT_EQ(html.find("<!--"), std::string::npos);
  const auto j = nlohmann::json::parse(json_block(html));
  EXPECT_EQ(j["meta"]["scenario"], R"(<b>&"x"</script><!--)");
  EXPECT_EQ(j["station_utilisation"]["station"][0], "<i>S1</i>");
  EXPECT_NE(json_block(html).find(R"(<\/script>)"), std::string::npos);
  EXPECT_EQ(html.find("http://"), std::string::npos);
  EXPECT_EQ(j["meta"]["scenario_file"], "http://example.org/q.yaml");
}

TEST(ReportText, NanBecomesNull) {
  ResultData d = make_result(1);
  d.runs.front().result.kpis.push_back(kpi("orders.late_time", "s", KpiKind::kTally, kNaN));
  const std::string html = whsim::output::render_report(d);
  const auto j = nlohmann::json::parse(json_block(html));
  EXPECT_TRUE(j["kpis"]["orders.late_time"]["value"].is_null());
  for (const char* bad : {"NaN", ">nan<", ":nan", "Infinity", ">inf<", ":inf"}) {
    EXPECT_EQ(html.find(bad), std::string::npos) << bad;
  }
}

TEST(ReportRuns, KpisCarryStudentTIntervals) {
  ResultData d = make_result(3);
  const double values[] = {10.0, 12.0, 17.0};
  for (std::size_t i = 0; i < 3; ++i) {
    for (auto& k : d.runs[i].result.kpis) {
      if (k.name == "orders.completed") k.value = values[i];
    }
  }
  const std::string html = whsim::output::render_report(d);
  const auto j = nlohmann::json::parse(json_block(html));
  const auto& k = j["kpis"]["orders.completed"];
  // Mean 13, s = sqrt(13), t(0.975, 2) = 4.302652729911275.
  EXPECT_EQ(k["value"].get<double>(), 13.0);
  EXPECT_EQ(k["n"], 3);
  EXPECT_NEAR(k["half_width"].get<double>(), 4.302652729911275 * std::sqrt(13.0) / std::sqrt(3.0), 1e-9);
  const double hw = whsim::stats::t_interval(std::vector<double>{10.0, 12.0, 17.0}, 0.95).half_width;
  EXPECT_EQ(k["half_width"].get<double>(), hw);
  EXPECT_NE(html.find("13 \xc2\xb1 8.957"), std::string::npos);
  EXPECT_NE(html.find("95% CI"), std::string::npos);
  // Time series: the mean over runs with a min-max band.
  const auto& t = j["throughput"];
  ASSERT_TRUE(t.contains("units_per_h_min"));
  ASSERT_TRUE(t.contains("units_per_h_max"));
  for (std::size_t i = 0; i < t["units_per_h"].size(); ++i) {
    EXPECT_LE(t["units_per_h_min"][i].get<double>(), t["units_per_h"][i].get<double>());
    EXPECT_GE(t["units_per_h_max"][i].get<double>(), t["units_per_h"][i].get<double>());
  }
  EXPECT_EQ(j["series"]["units.picked"]["runs"].size(), 3U);
  EXPECT_NE(html.find("min\xe2\x80\x93max over runs"), std::string::npos);
}

TEST(ReportRuns, IncompleteRunsShowTheBanner) {
  ResultData d = make_result(1);
  EXPECT_EQ(whsim::output::render_report(d).find("INCOMPLETE"), std::string::npos);
  d.meta.complete = false;
  d.runs.front().result.complete = false;
  d.runs.front().result.end = whsim::SimTime::zero() + whsim::Duration::seconds(5400);
  const std::string html = whsim::output::render_report(d);
  EXPECT_NE(html.find("INCOMPLETE: stopped at t = 1 h 30 min (5400 s)"), std::string::npos);
  EXPECT_FALSE(nlohmann::json::parse(json_block(html))["meta"]["complete"].get<bool>());
}

TEST(ReportRuns, SummaryDetailSaysWhatIsMissing) {
  ResultData d = make_result(1);
  RunResult& r = d.runs.front().result;
  r.series.clear();
  r.records.clear();
  r.grids.clear();
  const std::string html = whsim::output::render_report(d);
  EXPECT_NE(html.find("not recorded in this result"), std::string::npos);
  const auto j = nlohmann::json::parse(json_block(html));
  EXPECT_FALSE(j.contains("throughput"));
  EXPECT_FALSE(j.contains("heatmap"));
  // The CDF falls back to the KPI's percentiles.
  const auto& cdf = j["cycle_time_cdf"];
  EXPECT_EQ(cdf["source"], "kpi");
  EXPECT_EQ(doubles(cdf["time_s"]), (std::vector<double>{76, 380, 640, 720, 910, 1300}));
  EXPECT_EQ(doubles(cdf["fraction"]).back(), 1.0);
  EXPECT_TRUE(j.contains("station_utilisation"));
  // Nothing at all still renders a page.
  const std::string empty = whsim::output::render_report(ResultData{});
  EXPECT_NE(empty.find("holds no runs"), std::string::npos);
  EXPECT_TRUE(nlohmann::json::parse(json_block(empty)).is_object());
}

TEST(ReportRuns, HeatmapWithoutLayoutIsDrawnAlone) {
  ResultData d = make_result(1);
  d.runs.front().result.layout = {};
  const std::string html = whsim::output::render_report(d);
  EXPECT_NE(html.find("The floor layout is not in this result"), std::string::npos);
  const auto j = nlohmann::json::parse(json_block(html));
  EXPECT_EQ(doubles(j["heatmap"]["values"]), d.runs.front().result.find_grid("robot_visits")->values);
}

TEST(ReportRuns, OutputIsDeterministic) {
  const ResultData d = make_result(2);
  EXPECT_EQ(whsim::output::render_report(d), whsim::output::render_report(d));
}

TEST(LayoutSvg, IsAStandaloneLabelledPicture) {
  const std::string svg = whsim::output::render_layout_svg(make_layout(), "quickstart <floor>");
  EXPECT_TRUE(svg.rfind("<?xml", 0) == 0 || svg.rfind("<svg", 0) == 0);
  EXPECT_NE(svg.find(R"(xmlns="http://www.w3.org/2000/svg")"), std::string::npos);
  EXPECT_EQ(count(svg, "<svg"), 1U);
  EXPECT_EQ(count(svg, "</svg>"), 1U);
  EXPECT_EQ(svg.find("</svg>"), svg.size() - 7);
  EXPECT_NE(svg.find("quickstart &lt;floor&gt;"), std::string::npos);
  EXPECT_NE(svg.find("24 x 14 cells, cell 1.0 m"), std::string::npos);
  for (const char* label : {">S1<", ">S2<", ">C1<", ">D1<"})
    EXPECT_NE(svg.find(label), std::string::npos) << label;
  for (const char* kind :
       {">wall<", ">aisle<", ">storage<", ">station<", ">buffer<", ">charger<", ">dock<"}) {
    EXPECT_NE(svg.find(kind), std::string::npos) << kind;
  }
  EXPECT_NE(svg.find(R"(class="scale-bar")"), std::string::npos);
  EXPECT_NE(svg.find(">5 m</text>"),
            std::string::npos);  // 24 m wide: a fifth is 4.8 m, under the bar's limit
  EXPECT_EQ(svg.find("Downsampled"), std::string::npos);
  EXPECT_EQ(count(svg, "<text"), count(svg, "</text>"));
  EXPECT_EQ(count(svg, "<g"), count(svg, "</g>"));
}

TEST(LayoutSvg, MergesRunsOfEqualCells) {
  whsim::stats::FloorLayout l;
  l.width = 100;
  l.height = 50;
  l.cells.assign(5000, 1);
  for (int y = 10; y < 40; ++y) {
    for (int x = 10; x < 90; ++x)
      l.cells[static_cast<std::size_t>(y) * 100 + static_cast<std::size_t>(x)] = 2;
  }
  const std::string svg = whsim::output::render_layout_svg(l, "block");
  // Background, the storage block, the frame, the legend swatches: a handful of rects.
  EXPECT_LE(count(svg, "<rect"), 10U);
  EXPECT_NE(svg.find(R"(width="80" height="30")"), std::string::npos);
}

/// A 2000 x 2000 warehouse: storage blocks two cells deep and 10 long between one-cell aisles.
whsim::stats::FloorLayout big_warehouse() {
  whsim::stats::FloorLayout l;
  l.width = 2000;
  l.height = 2000;
  l.cell_size_m = 1.25;
  l.cells.assign(std::size_t{2000} * 2000, 1);
  for (int y = 1; y < 1999; ++y) {
    for (int x = 1; x < 1999; ++x) {
      if (x % 3 != 0 && y % 11 != 0)
        l.cells[static_cast<std::size_t>(y) * 2000 + static_cast<std::size_t>(x)] = 2;
    }
  }
  for (int i = 0; i < 2000; ++i) {
    for (const std::size_t at :
         {static_cast<std::size_t>(i), std::size_t{1999} * 2000 + static_cast<std::size_t>(i),
          static_cast<std::size_t>(i) * 2000, static_cast<std::size_t>(i) * 2000 + 1999}) {
      l.cells[at] = 0;
    }
  }
  for (int s = 0; s < 40; ++s) {
    l.cells[static_cast<std::size_t>(50 * s + 10) * 2000] = 3;
    l.markers.push_back({"station", fmt::format("S{}", s + 1), 0, 50 * s + 10});
  }
  return l;
}

TEST(LayoutSvg, BigFloorsStaySmall) {
  const whsim::stats::FloorLayout l = big_warehouse();
  const std::string svg = whsim::output::render_layout_svg(l, "big");
  EXPECT_LT(svg.size(), 12'000'000U);
  EXPECT_LE(count(svg, "<rect"), 200'100U);
  EXPECT_NE(svg.find("2000 x 2000 cells, cell 1.25 m"), std::string::npos);
  EXPECT_NE(svg.find(">S40<"), std::string::npos);
  // A checkerboard cannot be merged: it is downsampled and says so.
  whsim::stats::FloorLayout checker = l;
  for (std::size_t i = 0; i < checker.cells.size(); ++i)
    checker.cells[i] = static_cast<std::uint8_t>(1 + (i + i / 2000) % 2);
  const std::string small = whsim::output::render_layout_svg(checker, "checker");
  EXPECT_LT(small.size(), 12'000'000U);
  EXPECT_NE(small.find("Downsampled: each square is"), std::string::npos);
}

TEST(ReportBig, BigFloorHeatmapIsBlocked) {
  ResultData d = make_result(1);
  RunResult& r = d.runs.front().result;
  r.layout = big_warehouse();
  for (auto& g : r.grids) {
    g.width = 2000;
    g.height = 2000;
    g.values.assign(std::size_t{2000} * 2000, 0.0);
    for (std::size_t i = 0; i < g.values.size(); i += 7) g.values[i] = static_cast<double>(i % 13);
  }
  const std::string html = whsim::output::render_report(d);
  EXPECT_LT(html.size(), 20'000'000U);
  const auto j = nlohmann::json::parse(json_block(html));
  const int block = j["heatmap"]["block"].get<int>();
  EXPECT_EQ(block, 8);  // 250 x 250 blocks
  EXPECT_EQ(j["heatmap"]["values"].size(), 250U * 250U);
  double total = 0;
  for (const auto& v : j["heatmap"]["values"]) total += v.get<double>();
  double expect = 0;
  for (const double v : r.find_grid("robot_visits")->values) expect += v;
  EXPECT_EQ(total, expect);
}

}  // namespace

// ---- Experiments: sweeps and replications -------------------------------------------------

namespace {

void set_kpi(RunRecord& rec, std::string_view name, double value) {
  for (KpiValue& k : rec.result.kpis) {
    if (k.name == name) k.value = value;
  }
}

KpiValue& find_kpi(RunRecord& rec, std::string_view name) {
  for (KpiValue& k : rec.result.kpis) {
    if (k.name == name) return k;
  }
  ADD_FAILURE() << name;
  return rec.result.kpis.front();
}

/// orders.completed of the sweep fixture, [point][replication]: the point means are 105, 210 and
/// 315, the mean of all six runs 210.
constexpr double kSweepCompleted[3][2] = {{100, 110}, {200, 220}, {300, 330}};
constexpr double kSweepCycleP95[3][2] = {{700, 740}, {500, 520}, {400, 404}};

/// A sweep over robots.count and stations.pickers: points (20, 1), (40, 1) and (40, 2), two
/// replications each, KPIs set by hand per point and each point's units.picked series scaled by
/// its index, so that pooling points would show.
ResultData make_sweep() {
  ResultData d = make_result(0);
  auto& e = d.meta.experiment;
  e.present = true;
  e.kind = "sweep";
  e.analysis = "terminating";
  e.warmup_method = "none";
  e.warmup_note = "";
  e.confidence_level = 0.95;
  e.sweep_file = "robots.yaml";
  e.keys = {"robots.count", "stations.pickers"};
  e.points = {{"20", "1"}, {"40", "1"}, {"40", "2"}};
  for (std::uint64_t p = 0; p < 3; ++p) {
    for (std::uint64_t r = 0; r < 2; ++r) {
      RunRecord rec = make_run(r, 1.0);
      rec.point = p;
      rec.run_id = fmt::format("p{:04}-r{:04}-0000000{}", p, r, p);
      set_kpi(rec, "orders.completed", kSweepCompleted[p][r]);
      find_kpi(rec, "orders.pick_cycle_time").p95 = kSweepCycleP95[p][r];
      for (auto& s : rec.result.series) {
        if (s.name == "units.picked") {
          for (double& v : s.values) v *= static_cast<double>(p + 1);
        }
      }
      d.runs.push_back(std::move(rec));
    }
  }
  if (const char* path = std::getenv("WHSIM_REPORT_OUT")) {
    std::ofstream(std::string(path) + ".sweep.html") << whsim::output::render_report(d);
  }
  return d;
}

/// The text from `from` to the next `to` (empty when `from` is missing).
std::string between(const std::string& html, std::string_view from, std::string_view to) {
  const auto a = html.find(from);
  if (a == std::string::npos) return "";
  const auto b = html.find(to, a);
  return html.substr(a, b == std::string::npos ? std::string::npos : b - a);
}

}  // namespace

TEST(ReportSweep, SweepSectionComesFirstAndSaysWhatWasSwept) {
  const std::string html = whsim::output::render_report(make_sweep());
  const auto sweep = html.find(R"(<section id="sec-sweep">)");
  ASSERT_NE(sweep, std::string::npos);
  EXPECT_LT(sweep, html.find(R"(<section id="sec-kpis">)"));
  EXPECT_NE(html.find(R"(<a href="#sec-sweep">Sweep</a>)"), std::string::npos);
  const std::string section = between(html, R"(<section id="sec-sweep">)", "</section>");
  for (const char* text : {"<code>robots.count</code> and <code>stations.pickers</code>", "robots.yaml",
                           "3 points with 2 replications each, 6 runs in all", "Analysis: terminating",
                           "measured from the start", "95% Student-t"}) {
    EXPECT_NE(section.find(text), std::string::npos) << text;
  }
}

TEST(ReportSweep, TableHasOneRowPerPointWithEstimatesOverItsRuns) {
  const ResultData d = make_sweep();
  const std::string html = whsim::output::render_report(d);
  const std::string table = between(html, R"(id="table-sweep")", "</table>");
  ASSERT_FALSE(table.empty());
  for (const char* head : {"orders.completed", "orders.pick_cycle_time", "orders.pick_cycle_time.p95",
                           "stations.picker_utilisation", "robots.utilisation"}) {
    std::string wrapped = head;  // the header may wrap after each dot
    for (auto at = wrapped.find('.'); at != std::string::npos; at = wrapped.find('.', at + 6))
      wrapped.insert(at + 1, "<wbr>");
    EXPECT_NE(table.find(">" + wrapped + "<"), std::string::npos) << wrapped;
  }
  // t(0.975, 1) = 12.706204736174705; s of {100, 110} is sqrt(50): half-width 63.53.
  EXPECT_NE(table.find("<td>105 \xc2\xb1 63.53</td>"), std::string::npos) << table;
  EXPECT_NE(table.find("<td>210 \xc2\xb1 127.1</td>"), std::string::npos);
  EXPECT_NE(table.find("<td>315 \xc2\xb1 190.6</td>"), std::string::npos);
  EXPECT_EQ(count(table, "<tr id=\"point-"), 3U);
  EXPECT_NE(
      table.find(R"(<tr id="point-2"><td>2</td><td class="text">40</td><td class="text">2</td><td>2</td>)"),
      std::string::npos);
  // The numbers are stats::estimate_kpis', per point.
  const auto j = nlohmann::json::parse(json_block(html));
  const auto& s = j["sweep"];
  EXPECT_EQ(s["keys"], nlohmann::json({"robots.count", "stations.pickers"}));
  EXPECT_EQ(s["points"][2], nlohmann::json({"40", "2"}));
  EXPECT_EQ(doubles(s["runs"]), (std::vector<double>{2, 2, 2}));
  EXPECT_EQ(s["level"].get<double>(), 0.95);
  const auto& oc = s["kpis"]["orders.completed"];
  EXPECT_EQ(doubles(oc["mean"]), (std::vector<double>{105, 210, 315}));
  for (std::size_t p = 0; p < 3; ++p) {
    const auto ci =
        whsim::stats::t_interval(std::vector<double>{kSweepCompleted[p][0], kSweepCompleted[p][1]}, 0.95);
    EXPECT_EQ(oc["half_width"][p].get<double>(), ci.half_width) << p;
    const double p95 = (kSweepCycleP95[p][0] + kSweepCycleP95[p][1]) / 2;
    EXPECT_EQ(s["kpis"]["orders.pick_cycle_time.p95"]["mean"][p].get<double>(), p95) << p;
  }
  EXPECT_EQ(s["kpis"]["orders.pick_cycle_time.p95"]["unit"], "s");
}

TEST(ReportSweep, ChartDrawsTheKpisAgainstTheFirstKeyWithOneLinePerOtherValue) {
  const std::string html = whsim::output::render_report(make_sweep());
  EXPECT_EQ(count(html, R"(<svg class="chart" id="chart-sweep_kpis")"), 1U);
  const std::string svg = between(html, R"(id="chart-sweep_kpis")", "</svg>");
  EXPECT_NE(svg.find("Headline KPIs against robots.count"), std::string::npos);
  EXPECT_NE(svg.find(">stations.pickers=1<"), std::string::npos);
  EXPECT_NE(svg.find(">stations.pickers=2<"), std::string::npos);
  EXPECT_NE(svg.find("<polyline"), std::string::npos);
  // One marker per point and KPI, an error bar for each (two runs: finite intervals).
  EXPECT_EQ(count(svg, "<circle"), 3U * 5U);
  EXPECT_EQ(count(svg, "<path d=\"M"), 3U * 5U);
  EXPECT_EQ(count(svg, "<title"), count(svg, "</title>"));
  const auto j = nlohmann::json::parse(json_block(html));
  const auto& c = j["sweep_kpis"];
  EXPECT_EQ(c["x_key"], "robots.count");
  EXPECT_TRUE(c["x_numeric"].get<bool>());
  EXPECT_EQ(c["lines_total"], 2);
  ASSERT_EQ(c["lines"].size(), 2U);
  EXPECT_EQ(c["lines"][0]["label"], "stations.pickers=1");
  EXPECT_EQ(doubles(c["lines"][0]["points"]), (std::vector<double>{0, 1}));
  EXPECT_EQ(doubles(c["lines"][0]["x"]), (std::vector<double>{20, 40}));
  EXPECT_EQ(doubles(c["lines"][0]["orders.completed"]), (std::vector<double>{105, 210}));
  EXPECT_EQ(doubles(c["lines"][1]["orders.completed"]), (std::vector<double>{315}));
  EXPECT_EQ(c["lines"][1]["orders.completed_half_width"][0].get<double>(),
            j["sweep"]["kpis"]["orders.completed"]["half_width"][2].get<double>());
}

TEST(ReportSweep, PerRunSectionsShowPointZeroOnlyAndSaySo) {
  const ResultData d = make_sweep();
  const std::string html = whsim::output::render_report(d);
  EXPECT_NE(html.find("Showing point 0: robots.count=20, stations.pickers=1 (2 runs)"), std::string::npos);
  EXPECT_NE(
      html.find("Every point's KPIs are in the <a href=\"#sec-sweep\">Sweep</a> section and points.csv"),
      std::string::npos);
  for (const char* sec : {"sec-throughput", "sec-cycle-time", "sec-stations", "sec-robots", "sec-queues",
                          "sec-stock", "sec-floor", "sec-tables"}) {
    const std::string section = between(html, std::string("<section id=\"") + sec + "\"", "</section>");
    EXPECT_NE(section.find("Point 0 only (robots.count=20, stations.pickers=1; 2 runs)."), std::string::npos)
        << sec;
  }
  const auto j = nlohmann::json::parse(json_block(html));
  // The KPI table is point 0's: the mean of 100 and 110, not of all six runs (210).
  EXPECT_EQ(j["kpis"]["orders.completed"]["value"].get<double>(), 105.0);
  EXPECT_EQ(j["kpis"]["orders.completed"]["n"], 2);
  EXPECT_EQ(doubles(j["kpis"]["orders.completed"]["values"]), (std::vector<double>{100, 110}));
  // The time series are point 0's runs (unscaled), never another point's.
  const auto& raw = j["series"]["units.picked"];
  ASSERT_EQ(raw["runs"].size(), 2U);
  EXPECT_EQ(doubles(raw["runs"][0]), series(d.runs[0].result, "units.picked").values);
  EXPECT_EQ(doubles(raw["runs"][1]), series(d.runs[1].result, "units.picked").values);
  EXPECT_EQ(j["throughput"]["runs"], 2);
  EXPECT_EQ(j["station_utilisation"]["runs"], 2);
  EXPECT_EQ(j["heatmap"]["runs"], 2);
  EXPECT_EQ(j["meta"]["experiment"]["kind"], "sweep");
  EXPECT_EQ(j["sweep"]["shown_point"], 0);
  // The runs table names every run with its point.
  EXPECT_NE(html.find("<code>p0002-r0001-00000002</code>"), std::string::npos);
}

TEST(ReportSweep, ShowsTheFirstPointWithRunsWhenPointZeroHasNone) {
  ResultData d = make_sweep();
  d.runs.erase(d.runs.begin(), d.runs.begin() + 2);
  const std::string html = whsim::output::render_report(d);
  EXPECT_NE(html.find("Showing point 1: robots.count=40, stations.pickers=1 (2 runs)"), std::string::npos);
  EXPECT_NE(html.find("0 to 2 replications each (some runs are missing)"), std::string::npos);
  const auto j = nlohmann::json::parse(json_block(html));
  EXPECT_EQ(j["kpis"]["orders.completed"]["value"].get<double>(), 210.0);
  EXPECT_TRUE(j["sweep"]["kpis"]["orders.completed"]["mean"][0].is_null());
  EXPECT_EQ(j["sweep"]["shown_point"], 1);
  const std::string table = between(html, R"(id="table-sweep")", "</table>");
  EXPECT_NE(
      table.find(R"(<tr id="point-0"><td>0</td><td class="text">20</td><td class="text">1</td><td>0</td><td>)"
                 "\xe2\x80\x93</td>"),
      std::string::npos);
}

TEST(ReportSweep, ManyCombinationsAreCappedAndTextKeysAreNotAnAxis) {
  ResultData d = make_result(0);
  auto& e = d.meta.experiment;
  e.present = true;
  e.kind = "sweep";
  e.analysis = "steady-state";
  e.warmup_method = "fixed";
  e.warmup_seconds = 7200;
  e.keys = {"policy", "robots.count", "zone"};
  for (int p = 0; p < 26; ++p) {
    e.points.push_back(
        {p % 2 == 0 ? "a<b" : "fifo", fmt::format("{}", 10 + 10 * (p % 2)), fmt::format("z{}", p / 2)});
    RunRecord rec;
    rec.point = static_cast<std::uint64_t>(p);
    rec.result.kpis.push_back(kpi("orders.completed", "orders", KpiKind::kCount, 100.0 + p));
    d.runs.push_back(std::move(rec));
  }
  const std::string html = whsim::output::render_report(d);
  const auto j = nlohmann::json::parse(json_block(html));
  const auto& c = j["sweep_kpis"];
  EXPECT_EQ(c["x_key"], "robots.count");  // the first numeric key
  EXPECT_EQ(c["lines_total"], 26);        // (policy, zone) differ at every point
  EXPECT_EQ(c["lines"].size(), 12U);
  EXPECT_NE(html.find("Only the first 12 of the 26 combinations are drawn"), std::string::npos);
  EXPECT_NE(html.find("The first swept key, <code>policy</code>, is not numeric."), std::string::npos);
  EXPECT_NE(html.find("Analysis: steady-state; fixed warm-up 2 h deleted (--warmup)."), std::string::npos);
  EXPECT_EQ(html.find("<td class=\"text\">a<b</td>"), std::string::npos);
  EXPECT_NE(html.find("<td class=\"text\">a&lt;b</td>"), std::string::npos);
  // One run per point: no interval, so the table shows the mean alone and no bar is drawn.
  EXPECT_NE(html.find("<td>101</td>"), std::string::npos);
  EXPECT_EQ(count(between(html, R"(id="chart-sweep_kpis")", "</svg>"), "<path d=\"M"), 0U);
  // With no numeric key at all, the first key's values are categories.
  for (auto& pt : e.points) pt[1] = "n" + pt[1];
  const auto k = nlohmann::json::parse(json_block(whsim::output::render_report(d)));
  EXPECT_EQ(k["sweep_kpis"]["x_key"], "policy");
  EXPECT_FALSE(k["sweep_kpis"]["x_numeric"].get<bool>());
  EXPECT_EQ(k["sweep_kpis"]["categories"], nlohmann::json({"a<b", "fifo"}));
}

TEST(ReportSweep, StaysSelfContainedAndDeterministic) {
  const ResultData d = make_sweep();
  const std::string html = whsim::output::render_report(d);
  for (const char* bad : {"http://", "https://", "<link", "src=", "@import", "url("}) {
    EXPECT_EQ(html.find(bad), std::string::npos) << bad;
  }
  EXPECT_EQ(count(html, "<svg"), count(html, "</svg>"));
  EXPECT_EQ(count(html, "<section"), count(html, "</section>"));
  EXPECT_EQ(html, whsim::output::render_report(d));
}

TEST(ReportExperiment, ReplicationsStateTheAnalysisAndUseTheirLevel) {
  ResultData d = make_result(3);
  auto& e = d.meta.experiment;
  e.present = true;
  e.kind = "replications";
  e.analysis = "steady-state";
  e.warmup_method = "mser5";
  e.warmup_seconds = 5400;
  e.warmup_note = "MSER-5 warm-up 1 h 30 min on orders.open";
  e.confidence_level = 0.9;
  const std::string html = whsim::output::render_report(d);
  const std::string kpis = between(html, R"(<section id="sec-kpis">)", "</section>");
  EXPECT_NE(kpis.find("Analysis: steady-state; MSER-5 warm-up 1 h 30 min on orders.open."),
            std::string::npos);
  EXPECT_NE(kpis.find("90% Student-t"), std::string::npos);
  EXPECT_NE(kpis.find("mean \xc2\xb1 90% CI"), std::string::npos);
  EXPECT_EQ(html.find("sec-sweep"), std::string::npos);
  EXPECT_EQ(html.find("Showing point"), std::string::npos);
  const auto j = nlohmann::json::parse(json_block(html));
  const auto& k = j["kpis"]["orders.completed"];
  EXPECT_EQ(k["level"].get<double>(), 0.9);
  EXPECT_EQ(k["half_width"].get<double>(), whsim::stats::t_interval(doubles(k["values"]), 0.9).half_width);
  EXPECT_EQ(j["meta"]["experiment"]["analysis"], "steady-state");
  EXPECT_FALSE(j.contains("sweep"));
  // An unreliable MSER-5 warm-up is flagged.
  e.warmup_reliable = false;
  EXPECT_NE(whsim::output::render_report(d).find("The warm-up is unreliable"), std::string::npos);
}
