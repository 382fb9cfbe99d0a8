// summary.json / summary.csv contents and the result-folder discipline (staged writes, foreign
// folders refused, dead runs' temporaries cleared).
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "whsim/output/files.hpp"
#include "whsim/output/summary.hpp"

#include <nlohmann/json.hpp>
#include <unistd.h>

namespace whsim::output {
namespace {

namespace fs = std::filesystem;

ResultData sample() {
  ResultData d;
  d.meta.whsim_version = "9.9.9";
  d.meta.scenario_name = "a,b \"c\"";
  d.meta.scenario_hash = "0123abcd";
  d.meta.parameters = {{"robots.count", "60"}, {"orders.rate", "900/h"}};
  d.meta.master_seed = 7;
  d.meta.provenance = {"2026-01-01T00:00:00Z", "node-1", 2.5, 0.5};
  RunRecord run;
  run.replication = 3;
  run.wall_seconds = 2.0;
  run.result.seed = 7;
  run.result.fingerprint = 0xabcULL;
  run.result.events = 1000;
  run.result.end = SimTime::zero() + Duration::hours(2);
  stats::KpiValue count{"orders.completed", "orders", "", stats::KpiKind::kCount, 100, 100};
  stats::KpiValue tally{"orders.pick_cycle_time", "s", "", stats::KpiKind::kTally, 60.5, 100};
  tally.p50 = 50;
  tally.p95 = 120;
  tally.p99 = 200;
  stats::KpiValue empty{"orders.put_wall_wait", "s", "", stats::KpiKind::kTally};  // no observations: NaN
  run.result.kpis = {count, tally, empty};
  run.model = {{"robots", 60}};
  d.runs.push_back(run);
  return d;
}

std::string read(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

fs::path fresh_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("whsim_test_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  return dir;
}

TEST(SummaryCsv, OneRowPerRunWithUnitsQuotingAndProvenanceLast) {
  const std::string csv = summary_csv(sample());
  const std::string header =
      "scenario,scenario_hash,parameters,seed,replication,complete,exit_status,events,fingerprint,"
      "orders.completed [orders],orders.pick_cycle_time [s],orders.pick_cycle_time.p50 [s],"
      "orders.pick_cycle_time.p95 [s],orders.pick_cycle_time.p99 [s],orders.put_wall_wait [s],"
      "orders.put_wall_wait.p50 [s],orders.put_wall_wait.p95 [s],orders.put_wall_wait.p99 [s],"
      "provenance_wall_seconds,provenance_host\n";
  const std::string row =
      "\"a,b "
      "\"\"c\"\"\",0123abcd,robots.count=60;orders.rate=900/h,7,3,1,0,1000,0000000000000abc,100,60.5,50,120,"
      "200,,,,,2,node-1\n";
  EXPECT_EQ(csv, header + row);
}

TEST(SummaryTable, ListsTheMostCongestedCellsAndAislesInTrafficMode) {
  ResultData d = sample();
  stats::RunResult& r = d.runs.front().result;
  EXPECT_EQ(summary_table(r).find("Most congested"), std::string::npos);
  stats::Table cells;
  cells.name = "congested_cells";
  cells.label = "cell";
  cells.columns = {"x", "y", "waiting", "waiting_share", "occupancy"};
  cells.units = {"cell", "cell", "s", "ratio", "ratio"};
  cells.row_labels = {"(4, 7) aisle", "(5, 7) aisle"};
  cells.rows = {{4, 7, 812.4, 0.25, 0.9}, {5, 7, 400, 0.125, 0.5}};
  stats::Table aisles;
  aisles.name = "congested_aisles";
  aisles.label = "aisle";
  aisles.columns = {"cells", "waiting", "waiting_share", "occupancy"};
  aisles.units = {"cells", "s", "ratio", "ratio"};
  aisles.row_labels = {"row y=7, x 0..20"};
  aisles.rows = {{21, 1600, 0.5, 0.35}};
  r.tables = {cells, aisles};
  const std::string t = summary_table(r);
  EXPECT_NE(t.find("Most congested cells (robots waiting for other robots):\n  (4, 7) aisle"),
            std::string::npos)
      << t;
  EXPECT_NE(t.find("812 s waited (25.0% of all waiting), occupied 90% of the time"), std::string::npos) << t;
  EXPECT_NE(t.find("Most congested aisles (robots waiting for other robots):\n  row y=7, x 0..20"),
            std::string::npos)
      << t;
  EXPECT_NE(t.find("1600 s waited (50.0% of all waiting), occupied 35% of the time"), std::string::npos) << t;
  EXPECT_LT(t.find("orders.completed"), t.find("Most congested"));  // after the KPIs
}

TEST(SummaryJson, RunsKpisAndProvenanceApart) {
  const auto j = nlohmann::ordered_json::parse(summary_json(sample()));
  EXPECT_EQ(j["format"], "whsim-summary/2");
  EXPECT_EQ(j["parameters"]["robots.count"], "60");
  ASSERT_EQ(j["runs"].size(), 1U);
  const auto& run = j["runs"][0];
  EXPECT_EQ(run["replication"], 3);
  EXPECT_EQ(run["fingerprint"], "0000000000000abc");
  EXPECT_EQ(run["kpis"]["orders.completed"]["per_hour"], 50.0);
  EXPECT_EQ(run["kpis"]["orders.pick_cycle_time"]["p95"], 120.0);
  EXPECT_TRUE(run["kpis"]["orders.put_wall_wait"]["value"].is_null());
  EXPECT_EQ(j["provenance"]["host"], "node-1");
  EXPECT_EQ(j["provenance"]["events_per_second"], 500.0);
  // Everything that differs between identical runs sits under "provenance", the last member.
  EXPECT_EQ(std::prev(j.end()).key(), "provenance");
}

TEST(ResultFolder, StagedFilesAppearTogetherOrNotAtAll) {
  const fs::path dir = fresh_dir("staged");
  prepare_result_dir(dir);
  {
    StagedFiles staged;
    staged.stage(dir / "summary.json", "{}");
    staged.stage(dir / "summary.csv", "a\n");
    EXPECT_FALSE(fs::exists(dir / "summary.json"));  // not before commit
  }                                                  // dropped without commit: the temporaries are removed
  EXPECT_TRUE(fs::is_empty(dir));
  StagedFiles staged;
  staged.stage(dir / "summary.json", "{}");
  staged.stage(dir / "summary.csv", "a\n");
  staged.commit();
  EXPECT_EQ(read(dir / "summary.json"), "{}");
  EXPECT_EQ(read(dir / "summary.csv"), "a\n");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 2);
  fs::remove_all(dir);
}

TEST(ResultFolder, RefusesForeignFilesAndClearsDeadTemporaries) {
  const fs::path dir = fresh_dir("folder");
  fs::create_directories(dir);
  std::ofstream(dir / ".result.h5.tmp999999999") << "left by a killed run";  // no such process
  std::ofstream(dir / "result.h5") << "old";
  prepare_result_dir(dir);
  EXPECT_FALSE(fs::exists(dir / ".result.h5.tmp999999999"));
  EXPECT_TRUE(fs::exists(dir / "result.h5"));  // replaced only by a complete new one
  std::ofstream(dir / "notes.txt") << "mine";
  try {
    prepare_result_dir(dir);
    ADD_FAILURE() << "a folder with notes.txt was accepted";
  } catch (const OutputError& e) {
    EXPECT_EQ(e.kind(), OutputError::Kind::kCreate);
    EXPECT_NE(std::string(e.what()).find("holds files whsim did not write (notes.txt)"), std::string::npos);
  }
  EXPECT_TRUE(fs::exists(dir / "notes.txt"));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace whsim::output
