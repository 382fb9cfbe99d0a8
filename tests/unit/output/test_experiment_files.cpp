// Files of an experiment folder: manifest.json round trip and its read errors, runs.csv (done,
// failed and missing rows, exact text), points.csv (intervals per point, empty cells where a
// point has no runs or one run), compare.csv/json and search.csv/json/table.
#include <cmath>
#include <cstdint>
#include <functional>
#include <iterator>
#include <limits>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "whsim/output/experiment_files.hpp"
#include "whsim/output/files.hpp"
#include "whsim/stats/confidence.hpp"

#include <nlohmann/json.hpp>

namespace whsim::output {
namespace {

using Json = nlohmann::ordered_json;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

SweepManifest manifest() {
  SweepManifest m;
  m.sweep_id = "0a1b2c3d";
  m.name = "quickstart";
  m.scenario_file = "scenarios/quick start.yaml";
  m.scenario_hash = "1a2b3c4d";
  m.scenario_yaml = "name: base\nrobots:\n  count: 20\n";
  m.parameters = {{"simulation.horizon", "4h"}, {"stations.pickers", "'2'"}};
  m.sweep_file = "grid.yaml";
  m.keys = {"robots.count", "floor.station_sides"};
  m.points = {{"20", "[west]"}, {"40", "[west, east]"}};
  m.point_hashes = {"aaaaaaaa", "bbbbbbbb"};
  m.constraints = {"robots.count >= 10 * floor.stations_per_side", "x == 'a \"b\"'"};
  m.generated = 4;
  m.replications = 2;
  m.master_seed = std::numeric_limits<std::uint64_t>::max();
  m.analysis = "steady-state";
  m.warmup_method = "mser5";
  m.warmup_seconds = 1234.5;
  m.confidence_level = 0.9;
  m.detail = "summary";
  for (std::uint64_t p = 0; p < 2; ++p) {
    for (std::uint64_t r = 0; r < 2; ++r) {
      m.runs.push_back(ManifestRun{fmt::format("p{:04}-r{:04}-{}", p, r, m.point_hashes[p]), p, r});
    }
  }
  return m;
}

/// Expects `call` to throw OutputError kRead whose message contains `part`.
void expect_read_error(const std::function<void()>& call, const std::string& part) {
  try {
    call();
    ADD_FAILURE() << "no OutputError for " << part;
  } catch (const OutputError& e) {
    EXPECT_EQ(e.kind(), OutputError::Kind::kRead) << e.what();
    EXPECT_NE(std::string(e.what()).find(part), std::string::npos) << e.what();
  }
}

TEST(Manifest, RoundTripKeepsEveryField) {
  const SweepManifest m = manifest();
  const std::string text = manifest_json(m);
  EXPECT_EQ(text.back(), '\n');
  EXPECT_EQ(Json::parse(text)["format"], "whsim-sweep-manifest/1");
  const SweepManifest back = parse_manifest(text, "manifest.json");
  EXPECT_EQ(back.sweep_id, m.sweep_id);
  EXPECT_EQ(back.name, m.name);
  EXPECT_EQ(back.scenario_file, m.scenario_file);
  EXPECT_EQ(back.scenario_hash, m.scenario_hash);
  EXPECT_EQ(back.scenario_yaml, m.scenario_yaml);
  EXPECT_EQ(back.parameters, m.parameters);
  EXPECT_EQ(back.sweep_file, m.sweep_file);
  EXPECT_EQ(back.keys, m.keys);
  EXPECT_EQ(back.points, m.points);
  EXPECT_EQ(back.point_hashes, m.point_hashes);
  EXPECT_EQ(back.constraints, m.constraints);
  EXPECT_EQ(back.generated, m.generated);
  EXPECT_EQ(back.replications, m.replications);
  EXPECT_EQ(back.master_seed, m.master_seed);
  EXPECT_EQ(back.analysis, m.analysis);
  EXPECT_EQ(back.warmup_method, m.warmup_method);
  EXPECT_EQ(back.warmup_seconds, m.warmup_seconds);
  EXPECT_EQ(back.confidence_level, m.confidence_level);
  EXPECT_EQ(back.detail, m.detail);
  ASSERT_EQ(back.runs.size(), m.runs.size());
  for (std::size_t i = 0; i < m.runs.size(); ++i) {
    EXPECT_EQ(back.runs[i].id, m.runs[i].id);
    EXPECT_EQ(back.runs[i].point, m.runs[i].point);
    EXPECT_EQ(back.runs[i].replication, m.runs[i].replication);
  }
  // Writing what was read gives the same text: two workers agree on the manifest byte for byte.
  EXPECT_EQ(manifest_json(back), text);
}

TEST(Manifest, EmptySweepRoundTrips) {
  SweepManifest m;
  m.sweep_id = "00000000";
  const SweepManifest back = parse_manifest(manifest_json(m), "m.json");
  EXPECT_TRUE(back.keys.empty());
  EXPECT_TRUE(back.points.empty());
  EXPECT_TRUE(back.runs.empty());
  EXPECT_EQ(back.replications, 1);
  EXPECT_EQ(back.confidence_level, 0.95);
}

TEST(Manifest, MalformedManifestsAreReadErrors) {
  const std::string good = manifest_json(manifest());
  const auto edited = [&](const std::function<void(Json&)>& edit) {
    Json j = Json::parse(good);
    edit(j);
    return j.dump();
  };
  const auto parse = [](const std::string& text) {
    return [text] { (void)parse_manifest(text, "sweep/manifest.json"); };
  };
  expect_read_error(parse("this is not JSON"), "sweep/manifest.json is malformed: ");
  expect_read_error(parse(""), "sweep/manifest.json is malformed: ");
  expect_read_error(parse("[1, 2]"), "sweep/manifest.json is malformed: ");
  expect_read_error(parse(good.substr(0, good.size() / 2)), "sweep/manifest.json is malformed: ");
  expect_read_error(
      parse(edited([](Json& j) { j["format"] = "whsim-sweep-manifest/2"; })),
      "sweep/manifest.json is not a whsim sweep manifest (expected format whsim-sweep-manifest/1)");
  expect_read_error(parse(edited([](Json& j) { j.erase("format"); })), "is not a whsim sweep manifest");
  expect_read_error(parse(edited([](Json& j) { j["format"] = 1; })), "sweep/manifest.json is malformed: ");
  expect_read_error(parse(edited([](Json& j) { j.erase("master_seed"); })),
                    "sweep/manifest.json is malformed: ");
  expect_read_error(parse(edited([](Json& j) { j["replications"] = "two"; })),
                    "sweep/manifest.json is malformed: ");
  expect_read_error(parse(edited([](Json& j) { j["runs"][1].erase("point"); })), "is malformed: ");
  expect_read_error(parse(edited([](Json& j) { j["points"][1] = Json::array({"40"}); })),
                    "sweep/manifest.json is malformed: a point has the wrong size");
  expect_read_error(parse(edited([](Json& j) { j["point_hashes"].push_back("cccccccc"); })),
                    "sweep/manifest.json is malformed: points and point_hashes differ");
  expect_read_error(parse(edited([](Json& j) { j["runs"][3]["point"] = 2; })),
                    "sweep/manifest.json is malformed: run p0001-r0001-bbbbbbbb has no point");
}

/// A finished run: orders.completed (count) and, unless `without_tally`, orders.cycle_time.
RunRecord finished(std::uint64_t point, std::uint64_t replication, double completed,
                   bool without_tally = false) {
  RunRecord r;
  r.run_id = fmt::format("p{:04}-r{:04}", point, replication);
  r.point = point;
  r.replication = replication;
  r.wall_seconds = 2.5 + static_cast<double>(replication);
  r.result.seed = 7 + replication;
  r.result.fingerprint = 0xabcULL + point;
  r.result.events = 1000 * (point + 1);
  stats::KpiValue count{"orders.completed",     "orders",  "",
                        stats::KpiKind::kCount, completed, static_cast<std::int64_t>(completed)};
  stats::KpiValue tally{"orders.cycle_time", "s", "", stats::KpiKind::kTally, 60.5 + completed, 100};
  tally.p50 = 50;
  tally.p95 = 120 + completed;
  tally.p99 = 200;
  r.result.kpis = {count};
  if (!without_tally) r.result.kpis.push_back(tally);
  return r;
}

TEST(RunsCsv, DoneFailedAndMissingRows) {
  const SweepManifest m = manifest();
  const RunRecord done = finished(0, 0, 100);
  const RunRecord partial = finished(1, 1, 200, true);  // has no orders.cycle_time
  const std::vector<RunRow> rows{
      {m.runs[0].id, 0, 0, "done", "", &done},
      {m.runs[1].id, 0, 1, "failed", "stock is not conserved: pod 3, sku \"7\"", nullptr},
      {m.runs[2].id, 1, 0, "missing", "", nullptr},
      {m.runs[3].id, 1, 1, "done", "", &partial},
  };
  const std::string header =
      "run_id,point,replication,robots.count,floor.station_sides,status,error,seed,fingerprint,events,"
      "orders.completed [orders],orders.cycle_time [s],orders.cycle_time.p50 [s],orders.cycle_time.p95 [s],"
      "orders.cycle_time.p99 [s],provenance_wall_seconds\n";
  const std::string expected =
      header +
      "p0000-r0000-aaaaaaaa,0,0,20,[west],done,,7,0000000000000abc,1000,100,160.5,50,220,"
      "200,2.5\n"
      "p0000-r0001-aaaaaaaa,0,1,20,[west],failed,\"stock is not conserved: pod 3, sku "
      "\"\"7\"\"\",,,,,,,,,\n"
      "p0001-r0000-bbbbbbbb,1,0,40,\"[west, east]\",missing,,,,,,,,,,\n"
      "p0001-r0001-bbbbbbbb,1,1,40,\"[west, east]\",done,,8,0000000000000abd,2000,200,,,,,"
      "3.5\n";
  EXPECT_EQ(runs_csv(m, rows), expected);
}

TEST(RunsCsv, NoFinishedRunHasNoKpiColumns) {
  const SweepManifest m = manifest();
  const std::vector<RunRow> rows{{m.runs[0].id, 0, 0, "missing", "", nullptr}};
  EXPECT_EQ(runs_csv(m, rows),
            "run_id,point,replication,robots.count,floor.station_sides,status,error,seed,fingerprint,events,"
            "provenance_wall_seconds\n"
            "p0000-r0000-aaaaaaaa,0,0,20,[west],missing,,,,,\n");
}

/// The fields of one CSV line without quotes.
std::vector<std::string> fields(const std::string& line) {
  std::vector<std::string> out(1);
  for (const char c : line) {
    if (c == ',') {
      out.emplace_back();
    } else {
      out.back() += c;
    }
  }
  return out;
}

/// The lines of a text, without their line ends.
std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::string line;
  for (const char c : text) {
    if (c == '\n') {
      out.push_back(line);
      line.clear();
    } else {
      line += c;
    }
  }
  EXPECT_TRUE(line.empty()) << "text does not end in a line end";
  return out;
}

TEST(PointsCsv, IntervalsPerPointAndEmptyCellsWithoutRuns) {
  SweepManifest m;
  m.keys = {"robots.count"};
  m.points = {{"20"}, {"40"}, {"60"}};
  m.point_hashes = {"aaaaaaaa", "bbbbbbbb", "cccccccc"};
  m.confidence_level = 0.95;
  ResultData merged;
  // Point 1 first: the rows are in point order whatever the order of the runs.
  merged.runs = {finished(1, 0, 50, true), finished(0, 0, 10), finished(0, 1, 20), finished(0, 2, 30)};
  const std::vector<std::string> got = lines(points_csv(m, merged));
  ASSERT_EQ(got.size(), 4U);
  std::string header = "point,robots.count,runs";
  for (const char* kpi : {"orders.completed", "orders.cycle_time", "orders.cycle_time.p50",
                          "orders.cycle_time.p95", "orders.cycle_time.p99"}) {
    const std::string unit = std::string(kpi) == "orders.completed" ? "orders" : "s";
    for (const char* part : {"mean", "half_width", "lower", "upper"}) {
      header += fmt::format(",{} {} [{}]", kpi, part, unit);
    }
  }
  EXPECT_EQ(got[0], header);

  // Point 0: orders.completed 10, 20, 30.
  const std::vector<std::string> p0 = fields(got[1]);
  ASSERT_EQ(p0.size(), 3U + 5 * 4);
  EXPECT_EQ(p0[0], "0");
  EXPECT_EQ(p0[1], "20");
  EXPECT_EQ(p0[2], "3");
  const std::vector<double> completed{10, 20, 30};
  const stats::ConfidenceInterval ci = stats::t_interval(completed, 0.95);
  EXPECT_EQ(std::stod(p0[3]), 20.0);
  EXPECT_NEAR(std::stod(p0[4]), ci.half_width, 1e-9 * ci.half_width);
  EXPECT_NEAR(ci.half_width, 24.8413771175, 1e-9);
  EXPECT_NEAR(std::stod(p0[5]), 20.0 - ci.half_width, 1e-9);
  EXPECT_NEAR(std::stod(p0[6]), 20.0 + ci.half_width, 1e-9);
  EXPECT_EQ(std::stod(p0[7]), 80.5);    // orders.cycle_time mean: 60.5 + 20
  EXPECT_EQ(std::stod(p0[11]), 50.0);   // p50 mean
  EXPECT_EQ(std::stod(p0[12]), 0.0);    // p50 half-width: no spread
  EXPECT_EQ(std::stod(p0[15]), 140.0);  // p95 mean: 120 + 20

  // Point 1: one run (an infinite half-width is an empty cell) and no orders.cycle_time at all.
  EXPECT_EQ(got[2], fmt::format("1,40,1,50{}", std::string(3 + 4 * 4, ',')));
  // Point 2: no runs.
  EXPECT_EQ(got[3], fmt::format("2,60,0{}", std::string(5 * 4, ',')));
}

TEST(PointsCsv, NoRunsAtAllHasNoKpiColumns) {
  SweepManifest m;
  m.keys = {"robots.count", "a,b"};
  m.points = {{"20", "x"}};
  m.point_hashes = {"aaaaaaaa"};
  EXPECT_EQ(points_csv(m, ResultData{}), "point,robots.count,\"a,b\",runs\n0,20,x,0\n");
}

Comparison comparison() {
  Comparison c;
  c.a = {"base", "a.yaml", "11111111", {{"robots.count", "40"}}, "fixed warm-up 1h deleted (--warmup)"};
  c.b = {
      "more robots", "b.yaml", "22222222", {{"robots.count", "60"}}, "fixed warm-up 1h deleted (--warmup)"};
  c.replications = 3;
  c.master_seed = 7;
  c.analysis = "steady-state";
  c.confidence_level = 0.95;
  ComparedKpi throughput;
  throughput.name = "orders.completed";
  throughput.unit = "orders";
  throughput.values_a = {10, 20, 30};
  throughput.values_b = {12, 23, 34};
  throughput.diff = stats::paired_difference(throughput.values_a, throughput.values_b, 0.95);
  throughput.p_holm = 0.04;
  throughput.significant = true;
  ComparedKpi sparse;
  sparse.name = "orders.cycle_time.p95";
  sparse.unit = "s";
  sparse.values_a = {100, kNaN, kNaN};
  sparse.values_b = {90, 80, kNaN};
  sparse.diff = stats::paired_difference(sparse.values_a, sparse.values_b, 0.95);
  sparse.p_holm = kNaN;
  c.kpis = {throughput, sparse};
  c.wall_seconds = 12.25;
  return c;
}

TEST(ComparisonFiles, CsvHasOneRowPerKpi) {
  const Comparison c = comparison();
  const std::vector<std::string> got = lines(comparison_csv(c));
  ASSERT_EQ(got.size(), 3U);
  EXPECT_EQ(got[0], "kpi,unit,n,mean_a,mean_b,difference,half_width,lower,upper,t,p,p_holm,significant");
  const std::vector<std::string> t = fields(got[1]);
  ASSERT_EQ(t.size(), 13U);
  EXPECT_EQ(t[0], "orders.completed");
  EXPECT_EQ(t[1], "orders");
  EXPECT_EQ(t[2], "3");
  EXPECT_EQ(std::stod(t[3]), 20.0);
  EXPECT_EQ(std::stod(t[4]), 23.0);
  EXPECT_EQ(std::stod(t[5]), 3.0);  // differences 2, 3, 4
  EXPECT_NEAR(std::stod(t[6]), c.kpis[0].diff.half_width, 1e-12);
  EXPECT_NEAR(std::stod(t[7]), 3.0 - c.kpis[0].diff.half_width, 1e-12);
  EXPECT_NEAR(std::stod(t[8]), 3.0 + c.kpis[0].diff.half_width, 1e-12);
  EXPECT_NEAR(std::stod(t[9]), 3.0 / (1.0 / std::sqrt(3.0)), 1e-9);  // s_d = 1
  EXPECT_NEAR(std::stod(t[10]), c.kpis[0].diff.p_value, 1e-12);
  EXPECT_EQ(t[11], "0.04");
  EXPECT_EQ(t[12], "1");
  // One pair: no spread, so no interval, t or p (empty cells).
  EXPECT_EQ(got[2], "orders.cycle_time.p95,s,1,100,90,-10,,,,,,,0");
}

TEST(ComparisonFiles, JsonHoldsBothSidesSettingsAndValues) {
  const Comparison c = comparison();
  const std::string text = comparison_json(c);
  const Json j = Json::parse(text);
  EXPECT_EQ(j["format"], "whsim-compare/1");
  EXPECT_EQ(j["a"]["name"], "base");
  EXPECT_EQ(j["a"]["file"], "a.yaml");
  EXPECT_EQ(j["b"]["hash"], "22222222");
  EXPECT_EQ(j["b"]["parameters"]["robots.count"], "60");
  EXPECT_EQ(j["b"]["warmup"], "fixed warm-up 1h deleted (--warmup)");
  EXPECT_EQ(j["replications"], 3);
  EXPECT_EQ(j["master_seed"], 7);
  EXPECT_EQ(j["common_random_numbers"], true);
  EXPECT_EQ(j["analysis"], "steady-state");
  EXPECT_EQ(j["confidence_level"], 0.95);
  EXPECT_EQ(j["correction"], "holm");
  ASSERT_EQ(j["kpis"].size(), 2U);
  const Json& k = j["kpis"][0];
  EXPECT_EQ(k["kpi"], "orders.completed");
  EXPECT_EQ(k["n"], 3);
  EXPECT_EQ(k["difference"], 3.0);
  EXPECT_EQ(k["significant"], true);
  EXPECT_EQ(k["p_holm"], 0.04);
  EXPECT_EQ(k["values_a"], Json::array({10.0, 20.0, 30.0}));
  const Json& s = j["kpis"][1];
  EXPECT_EQ(s["n"], 1);
  EXPECT_TRUE(s["half_width"].is_null());
  EXPECT_TRUE(s["p"].is_null());
  EXPECT_TRUE(s["p_holm"].is_null());
  EXPECT_EQ(s["significant"], false);
  EXPECT_EQ(s["values_a"], Json::parse("[100.0, null, null]"));
  EXPECT_EQ(s["values_b"], Json::parse("[90.0, 80.0, null]"));
  EXPECT_EQ(j["provenance"]["wall_seconds"], 12.25);
  EXPECT_EQ(std::prev(j.end()).key(), "provenance");
}

SearchReport search_report() {
  SearchReport r;
  r.scenario_name = "quickstart";
  r.scenario_file = "quickstart.yaml";
  r.scenario_hash = "1a2b3c4d";
  r.parameters = {{"orders.rate", "900/h"}};
  r.key = "robots.count";
  r.lo = 10;
  r.hi = 40;
  r.target = "orders.pick_cycle_time.p95 <= 1800";
  r.confidence_level = 0.95;
  r.replications = 2;
  r.analysis = "terminating";
  r.probes = {{40, 1500, 1700, true, {1400, 1600}},
              {10, 2500, kInf, false, {2500, kNaN}},
              {25, 1790, 1799.5, true, {1780, 1800}}};
  r.answer = 25;
  r.wall_seconds = 3.5;
  return r;
}

TEST(SearchFiles, CsvHasOneRowPerProbeInProbeOrder) {
  EXPECT_EQ(search_csv(search_report()),
            "probe,robots.count,mean,bound,meets,n\n"
            "0,40,1500,1700,1,2\n"
            "1,10,2500,,0,2\n"
            "2,25,1790,1799.5,1,2\n");
}

TEST(SearchFiles, JsonHoldsTheProbesAndTheAnswer) {
  SearchReport r = search_report();
  Json j = Json::parse(search_json(r));
  EXPECT_EQ(j["format"], "whsim-search/1");
  EXPECT_EQ(j["scenario"]["name"], "quickstart");
  EXPECT_EQ(j["scenario"]["parameters"]["orders.rate"], "900/h");
  EXPECT_EQ(j["key"], "robots.count");
  EXPECT_EQ(j["range"], Json::array({10, 40}));
  EXPECT_EQ(j["target"], "orders.pick_cycle_time.p95 <= 1800");
  EXPECT_EQ(j["replications"], 2);
  ASSERT_EQ(j["probes"].size(), 3U);
  EXPECT_EQ(j["probes"][0]["value"], 40);
  EXPECT_EQ(j["probes"][0]["meets"], true);
  EXPECT_TRUE(j["probes"][1]["bound"].is_null());
  EXPECT_EQ(j["probes"][1]["values"], Json::parse("[2500.0, null]"));
  EXPECT_EQ(j["answer"], 25);
  EXPECT_EQ(j["provenance"]["wall_seconds"], 3.5);
  r.answer.reset();
  j = Json::parse(search_json(r));
  EXPECT_TRUE(j["answer"].is_null());
}

TEST(SearchFiles, TableShowsTheProbesAndTheAnswer) {
  SearchReport r = search_report();
  const std::string found = search_table(r);
  EXPECT_NE(found.find("one-sided 95% confidence bound of the mean"), std::string::npos) << found;
  EXPECT_NE(found.find("robots.count"), std::string::npos) << found;
  EXPECT_NE(found.find("answer: robots.count = 25 is the smallest value in [10, 40] with "
                       "orders.pick_cycle_time.p95 <= 1800 at 95% confidence\n"),
            std::string::npos)
      << found;
  EXPECT_EQ(lines(found).size(), 2U + 3U + 2U);  // title, header, 3 probes, blank, answer
  r.answer.reset();
  r.key = "stations.pickers_per_station";  // too long for the column: "value"
  r.confidence_level = 0.9;
  const std::string none = search_table(r);
  EXPECT_NE(
      none.find("no value in [10, 40] meets orders.pick_cycle_time.p95 <= 1800 at 90% confidence (not even "
                "stations.pickers_per_station = 40)"),
      std::string::npos)
      << none;
  EXPECT_NE(lines(none)[1].find("value"), std::string::npos) << none;
  EXPECT_EQ(lines(none)[1].find("stations.pickers"), std::string::npos) << none;
}

}  // namespace
}  // namespace whsim::output
