// Tests for result.h5 (write_result_h5, read_result_h5): a round trip of every field at each
// detail level, byte-identical files (provenance the only difference), atomic replacement, clear
// errors for files that are not results, and that the reference tool (h5dump) reads the files.
// The malformed files are made here with the HDF5 C API (this test links HDF5 for that only).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <hdf5.h>

#include "whsim/output/files.hpp"
#include "whsim/output/hdf5_result.hpp"
#include "whsim/output/result.hpp"

#include <sys/wait.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#define WHSIM_LSAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define WHSIM_LSAN 1
#endif
#endif
#ifdef WHSIM_LSAN
#include <sanitizer/lsan_interface.h>
#endif

namespace whsim::output {
namespace {

namespace fs = std::filesystem;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// A tick count for whole seconds.
std::int64_t ticks(double seconds) {
  return static_cast<std::int64_t>(seconds * static_cast<double>(kTicksPerSecond));
}

/// A KPI with every field set (NaN where `nan_fields`).
stats::KpiValue kpi(std::string name, stats::KpiKind kind, double value, std::int64_t count,
                    bool nan_fields) {
  stats::KpiValue k;
  k.name = std::move(name);
  k.unit = kind == stats::KpiKind::kRatio ? "1" : "s";
  k.definition = "a test KPI: " + k.name + " (ünïcode)";
  k.kind = kind;
  k.value = value;
  k.count = count;
  if (!nan_fields) {
    k.stddev = 1.5;
    k.min = -2.25;
    k.max = 1e300;
    k.p50 = 0.1;
    k.p90 = 0.2;
    k.p95 = 0.3;
    k.p99 = std::numeric_limits<double>::denorm_min();
  }
  return k;
}

/// One run that uses every field; `big` adds a record table large enough to be chunked.
RunRecord full_run(std::uint64_t replication, bool big) {
  RunRecord rec;
  rec.replication = replication;
  rec.wall_seconds = 12.5 + static_cast<double>(replication);
  rec.model = {
      {"robots", 40}, {"pods", 1200}, {"negative", -7}, {"huge", std::numeric_limits<std::int64_t>::max()}};
  stats::RunResult& r = rec.result;
  r.kpis = {
      kpi("orders.shipped", stats::KpiKind::kCount, 120, 120, true),
      kpi("orders.lost", stats::KpiKind::kCount, 0, 0, true),
      kpi("orders.cycle_time", stats::KpiKind::kTally, 310.25, 118, false),
      kpi("orders.wait", stats::KpiKind::kTally, kNaN, 0, true),
      kpi("robots.busy", stats::KpiKind::kTimeWeighted, 12.75, 0, false),
      kpi("queue.length", stats::KpiKind::kTimeWeighted, kNaN, 0, true),
      kpi("orders.on_time", stats::KpiKind::kRatio, 0.9, 100, true),
      kpi("orders.late", stats::KpiKind::kRatio, kNaN, 0, true),
  };
  r.kpis[4].stddev = kNaN;  // a mix of NaN and numbers in one row
  const std::vector<std::int64_t> times{0, ticks(900), ticks(1800), ticks(2700.000001)};
  r.series = {{"orders.completed", "orders", times, {0, 10, kNaN, 30}},
              {"robots.busy", "robots", times, {0.5, -1, 2, std::numeric_limits<double>::infinity()}}};
  stats::Table stations;
  stations.name = "stations";
  stations.description = "One row per station.";
  stations.label = "station";
  stations.columns = {"picks", "picks/h", "100% busy", "utilisation"};
  stations.units = {"units", "units/h", "s", "ratio"};
  stations.row_labels = {"S1", "S2", "S3"};
  stations.rows = {{1, 2, 3, 0.5}, {4, kNaN, 6, 0.25}, {7, 8, 9, -0.0}};
  stats::Table hourly;
  hourly.name = "hourly";
  hourly.description = "Per hour.";
  hourly.label = "hour starting";
  hourly.columns = {"orders"};
  hourly.units = {"orders"};
  r.tables = {stations, hourly};  // hourly has no rows
  stats::RecordTable orders;
  orders.name = "orders";
  orders.description = "One row per order.";
  orders.columns = {"id", "arrived_s", "completed_s"};
  orders.units = {"order", "s", "s"};
  orders.values = {{1, 2, 3}, {0.5, 1.5, 2.5}, {10, kNaN, 30}};
  if (big) {
    for (auto& column : orders.values) column.resize(5000, 0.0);
    for (std::size_t i = 0; i < 5000; ++i) orders.values[0][i] = static_cast<double>(i);
  }
  stats::RecordTable empty_records;
  empty_records.name = "returns";
  empty_records.description = "No records.";
  empty_records.columns = {"id"};
  empty_records.units = {"order"};
  empty_records.values = {{}};
  r.records = {orders, empty_records};
  r.grids = {{"robot_visits", "Robot visits per cell.", "visits", 3, 2, {1, 2, 3, 4, kNaN, 6}},
             {"empty", "A grid of no cells.", "1", 0, 0, {}}};
  if (big) {
    stats::Grid large{"large", "A grid large enough to be chunked.", "visits", 80, 70, {}};
    large.values.resize(80 * 70);
    for (std::size_t i = 0; i < large.values.size(); ++i) large.values[i] = static_cast<double>(i % 97);
    r.grids.push_back(large);
  }
  r.layout.width = 4;
  r.layout.height = 3;
  r.layout.cell_size_m = 1.25;
  r.layout.cells = {0, 1, 2, 3, 4, 5, 6, 0, 1, 1, 2, 2};
  r.layout.markers = {{"station", "S1", 3, 0}, {"charger", "C1", 1, 1}, {"dock", "D1", 0, 2}};
  r.trace.components = {"robot", "station"};
  r.trace.kinds = {"robot.move", "robot.arrive", "station.pick"};
  r.trace.filter = "robot.*";
  r.trace.records = {{0, 0, 0, 7, 1},
                     {ticks(1.5), 0, 1, 7, std::numeric_limits<std::uint64_t>::max()},
                     {ticks(2), 1, 2, 3, 42},
                     {-1, 1, 2, 0, 0}};
  if (big) {
    for (std::uint32_t i = 0; i < 5000; ++i)
      r.trace.records.push_back({ticks(3) + i, i % 2, i % 3, i, 2ULL * i});
  }
  r.complete = replication % 2 == 0;
  r.fingerprint = 0x0123456789abcdefULL + replication;
  r.events = 987654321 + replication;
  r.seed = 0xfedcba9876543210ULL + replication;
  r.measured_from = SimTime::from_ticks(ticks(3600));
  r.end = SimTime::from_ticks(ticks(8 * 3600) + 1);
  return rec;
}

/// A result with two runs (the second with empty parts) and every metadata field set.
ResultData sample(Detail detail, bool big = false) {
  ResultData d;
  ResultMeta& m = d.meta;
  m.whsim_version = "0.1.0";
  m.git_commit = "8ca6fc9d";
  m.git_dirty = true;
  m.compiler = "GNU 12.2.0";
  m.compiler_flags = "-O2 -g";
  m.scenario_name = "quickstart";
  m.scenario_file = "quickstart.yaml (built in)";
  m.scenario_hash = "1a2b3c4d";
  m.scenario_sha256 = std::string(64, 'e');
  m.scenario_yaml = "name: quickstart\nrobots:\n  count: 40  # ünïcode\n";
  m.parameters = {{"robots.count", "40"}, {"simulation.seed", "7"}};
  m.master_seed = 0xffffffffffffffffULL;
  m.detail = detail;
  m.trace_filter = "robot.*";
  m.complete = false;
  m.exit_status = 3;
  m.provenance = {"2026-11-27T10:15:00Z", "build-host.example", 42.5, 1.25};
  d.runs.push_back(full_run(0, big));
  RunRecord second = full_run(1, false);
  stats::RunResult& r = second.result;
  r.kpis.clear();
  r.series.clear();
  r.tables.clear();
  r.records.clear();
  r.grids.clear();
  r.layout = {};
  r.trace = {};
  second.model.clear();
  d.runs.push_back(second);
  return d;
}

/// What a file written at `data.meta.detail` holds of `data`.
ResultData at_detail(ResultData data) {
  for (RunRecord& rec : data.runs) {
    if (data.meta.detail < Detail::kStandard) {
      rec.result.series.clear();
      rec.result.records.clear();
      rec.result.grids.clear();
    }
    if (data.meta.detail < Detail::kFull) rec.result.trace = {};
  }
  return data;
}

/// Equal numbers, or both NaN (sign and payload of NaN are not compared).
bool same(double a, double b) {
  return (std::isnan(a) && std::isnan(b)) || (a == b && std::signbit(a) == std::signbit(b));
}

/// Equal number vectors under same().
bool same(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (!same(a[i], b[i])) return false;
  }
  return true;
}

/// Checks every field of `got` against `want`.
void expect_same(const ResultData& got, const ResultData& want) {
  const ResultMeta& g = got.meta;
  const ResultMeta& w = want.meta;
  EXPECT_EQ(g.whsim_version, w.whsim_version);
  EXPECT_EQ(g.git_commit, w.git_commit);
  EXPECT_EQ(g.git_dirty, w.git_dirty);
  EXPECT_EQ(g.compiler, w.compiler);
  EXPECT_EQ(g.compiler_flags, w.compiler_flags);
  EXPECT_EQ(g.scenario_name, w.scenario_name);
  EXPECT_EQ(g.scenario_file, w.scenario_file);
  EXPECT_EQ(g.scenario_hash, w.scenario_hash);
  EXPECT_EQ(g.scenario_sha256, w.scenario_sha256);
  EXPECT_EQ(g.scenario_yaml, w.scenario_yaml);
  EXPECT_EQ(g.parameters, w.parameters);
  EXPECT_EQ(g.master_seed, w.master_seed);
  EXPECT_EQ(g.detail, w.detail);
  EXPECT_EQ(g.trace_filter, w.trace_filter);
  EXPECT_EQ(g.complete, w.complete);
  EXPECT_EQ(g.exit_status, w.exit_status);
  EXPECT_EQ(g.provenance.created, w.provenance.created);
  EXPECT_EQ(g.provenance.host, w.provenance.host);
  EXPECT_TRUE(same(g.provenance.wall_seconds, w.provenance.wall_seconds));
  EXPECT_TRUE(same(g.provenance.build_seconds, w.provenance.build_seconds));
  ASSERT_EQ(got.runs.size(), want.runs.size());
  for (std::size_t i = 0; i < got.runs.size(); ++i) {
    SCOPED_TRACE("run " + std::to_string(i));
    const RunRecord& gr = got.runs[i];
    const RunRecord& wr = want.runs[i];
    EXPECT_EQ(gr.replication, wr.replication);
    EXPECT_EQ(gr.model, wr.model);
    EXPECT_TRUE(same(gr.wall_seconds, wr.wall_seconds));
    const stats::RunResult& a = gr.result;
    const stats::RunResult& b = wr.result;
    EXPECT_EQ(a.complete, b.complete);
    EXPECT_EQ(a.fingerprint, b.fingerprint);
    EXPECT_EQ(a.events, b.events);
    EXPECT_EQ(a.seed, b.seed);
    EXPECT_EQ(a.measured_from, b.measured_from);
    EXPECT_EQ(a.end, b.end);
    ASSERT_EQ(a.kpis.size(), b.kpis.size());
    for (std::size_t k = 0; k < a.kpis.size(); ++k) {
      const stats::KpiValue& x = a.kpis[k];
      const stats::KpiValue& y = b.kpis[k];
      SCOPED_TRACE(y.name);
      EXPECT_EQ(x.name, y.name);
      EXPECT_EQ(x.unit, y.unit);
      EXPECT_EQ(x.definition, y.definition);
      EXPECT_EQ(x.kind, y.kind);
      EXPECT_EQ(x.count, y.count);
      for (const auto field :
           {&stats::KpiValue::value, &stats::KpiValue::stddev, &stats::KpiValue::min, &stats::KpiValue::max,
            &stats::KpiValue::p50, &stats::KpiValue::p90, &stats::KpiValue::p95, &stats::KpiValue::p99}) {
        EXPECT_TRUE(same(x.*field, y.*field)) << x.*field << " vs " << y.*field;
      }
    }
    ASSERT_EQ(a.series.size(), b.series.size());
    for (std::size_t s = 0; s < a.series.size(); ++s) {
      EXPECT_EQ(a.series[s].name, b.series[s].name);
      EXPECT_EQ(a.series[s].unit, b.series[s].unit);
      EXPECT_EQ(a.series[s].time_ticks, b.series[s].time_ticks);
      EXPECT_TRUE(same(a.series[s].values, b.series[s].values)) << b.series[s].name;
    }
    ASSERT_EQ(a.tables.size(), b.tables.size());
    for (std::size_t t = 0; t < a.tables.size(); ++t) {
      const stats::Table& x = a.tables[t];
      const stats::Table& y = b.tables[t];
      EXPECT_EQ(x.name, y.name);
      EXPECT_EQ(x.description, y.description);
      EXPECT_EQ(x.label, y.label);
      EXPECT_EQ(x.columns, y.columns);
      EXPECT_EQ(x.units, y.units);
      EXPECT_EQ(x.row_labels, y.row_labels);
      ASSERT_EQ(x.rows.size(), y.rows.size());
      for (std::size_t row = 0; row < x.rows.size(); ++row) EXPECT_TRUE(same(x.rows[row], y.rows[row]));
    }
    ASSERT_EQ(a.records.size(), b.records.size());
    for (std::size_t t = 0; t < a.records.size(); ++t) {
      const stats::RecordTable& x = a.records[t];
      const stats::RecordTable& y = b.records[t];
      EXPECT_EQ(x.name, y.name);
      EXPECT_EQ(x.description, y.description);
      EXPECT_EQ(x.columns, y.columns);
      EXPECT_EQ(x.units, y.units);
      ASSERT_EQ(x.values.size(), y.values.size());
      for (std::size_t c = 0; c < x.values.size(); ++c) EXPECT_TRUE(same(x.values[c], y.values[c]));
    }
    ASSERT_EQ(a.grids.size(), b.grids.size());
    for (std::size_t t = 0; t < a.grids.size(); ++t) {
      const stats::Grid& x = a.grids[t];
      const stats::Grid& y = b.grids[t];
      EXPECT_EQ(x.name, y.name);
      EXPECT_EQ(x.description, y.description);
      EXPECT_EQ(x.unit, y.unit);
      EXPECT_EQ(x.width, y.width);
      EXPECT_EQ(x.height, y.height);
      EXPECT_TRUE(same(x.values, y.values));
    }
    EXPECT_EQ(a.layout.width, b.layout.width);
    EXPECT_EQ(a.layout.height, b.layout.height);
    EXPECT_EQ(a.layout.cell_size_m, b.layout.cell_size_m);
    EXPECT_EQ(a.layout.cells, b.layout.cells);
    ASSERT_EQ(a.layout.markers.size(), b.layout.markers.size());
    for (std::size_t m = 0; m < a.layout.markers.size(); ++m) {
      EXPECT_EQ(a.layout.markers[m].kind, b.layout.markers[m].kind);
      EXPECT_EQ(a.layout.markers[m].label, b.layout.markers[m].label);
      EXPECT_EQ(a.layout.markers[m].x, b.layout.markers[m].x);
      EXPECT_EQ(a.layout.markers[m].y, b.layout.markers[m].y);
    }
    EXPECT_EQ(a.trace.components, b.trace.components);
    EXPECT_EQ(a.trace.kinds, b.trace.kinds);
    EXPECT_EQ(a.trace.filter, b.trace.filter);
    ASSERT_EQ(a.trace.records.size(), b.trace.records.size());
    for (std::size_t e = 0; e < a.trace.records.size(); ++e) {
      EXPECT_EQ(a.trace.records[e].time_ticks, b.trace.records[e].time_ticks);
      EXPECT_EQ(a.trace.records[e].component, b.trace.records[e].component);
      EXPECT_EQ(a.trace.records[e].kind, b.trace.records[e].kind);
      EXPECT_EQ(a.trace.records[e].entity, b.trace.records[e].entity);
      EXPECT_EQ(a.trace.records[e].payload, b.trace.records[e].payload);
    }
  }
}

/// The bytes of a file.
std::vector<char> bytes_of(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// The output of a shell command and its exit status.
int run_command(const std::string& command, std::string* output = nullptr) {
  std::FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return -1;
  std::string text;
  char buffer[4096];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) text.append(buffer, n);
  const int status = pclose(pipe);
  if (output != nullptr) *output = text;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/// Expects `call` to throw OutputError of `kind` whose message contains every one of `parts`.
template <class Call>
void expect_error(Call call, OutputError::Kind kind, const std::vector<std::string>& parts) {
  try {
    call();
    ADD_FAILURE() << "no OutputError thrown";
  } catch (const OutputError& e) {
    EXPECT_EQ(e.kind(), kind) << e.what();
    for (const std::string& part : parts)
      EXPECT_NE(std::string(e.what()).find(part), std::string::npos) << e.what();
  }
}

/// A fresh folder per test, removed afterwards.
class Hdf5Result : public testing::Test {
 protected:
  void SetUp() override {
    const testing::TestInfo* info = testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::path(testing::TempDir()) /
           ("whsim_hdf5_" + std::string(info->name()) + "_" + std::to_string(static_cast<long>(getpid())));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  /// The names of the files in the test folder.
  [[nodiscard]] std::vector<std::string> listing() const {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir_)) names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }

  fs::path dir_;
};

TEST_F(Hdf5Result, RoundTripAtEachDetailLevel) {
  for (const Detail detail : {Detail::kSummary, Detail::kStandard, Detail::kFull}) {
    SCOPED_TRACE(std::string(to_string(detail)));
    const ResultData data = sample(detail, detail == Detail::kFull);
    const fs::path file = dir_ / "result.h5";
    write_result_h5(file, data);
    const ResultData back = read_result_h5(file);
    expect_same(back, at_detail(data));
    if (detail == Detail::kSummary) {
      EXPECT_TRUE(back.runs[0].result.series.empty());
      EXPECT_TRUE(back.runs[0].result.records.empty());
      EXPECT_TRUE(back.runs[0].result.grids.empty());
      EXPECT_TRUE(back.runs[0].result.trace.records.empty());
      EXPECT_FALSE(back.runs[0].result.kpis.empty());
      EXPECT_FALSE(back.runs[0].result.layout.empty());
    }
    if (detail == Detail::kFull) {
      EXPECT_EQ(back.runs[0].result.records[0].values[0].size(), 5000U);
    }
  }
}

TEST_F(Hdf5Result, EmptyResultRoundTrips) {
  ResultData data;
  data.meta.detail = Detail::kFull;
  write_result_h5(dir_ / "result.h5", data);
  expect_same(read_result_h5(dir_ / "result.h5"), data);
}

TEST_F(Hdf5Result, LongProvenanceStringsAreCutToTheirFixedSize) {
  ResultData data = sample(Detail::kSummary);
  data.meta.provenance.created = std::string(40, 'x');
  data.meta.provenance.host = std::string(63, 'h') + "é";  // the two-byte character does not fit
  write_result_h5(dir_ / "result.h5", data);
  const ResultData back = read_result_h5(dir_ / "result.h5");
  EXPECT_EQ(back.meta.provenance.created, std::string(32, 'x'));
  EXPECT_EQ(back.meta.provenance.host, std::string(63, 'h'));
}

TEST_F(Hdf5Result, SameDataGivesIdenticalBytes) {
  const ResultData data = sample(Detail::kFull, true);
  write_result_h5(dir_ / "a.h5", data);
  write_result_h5(dir_ / "b.h5", data);
  const std::vector<char> a = bytes_of(dir_ / "a.h5");
  ASSERT_FALSE(a.empty());
  EXPECT_EQ(a, bytes_of(dir_ / "b.h5"));
}

/// The byte ranges [begin, begin + size) where `pattern` occurs in `bytes`, `size` long each.
std::vector<std::pair<std::size_t, std::size_t>> occurrences(const std::vector<char>& bytes,
                                                             const std::string& pattern, std::size_t size) {
  std::vector<std::pair<std::size_t, std::size_t>> out;
  const auto end = bytes.end();
  for (auto it = std::search(bytes.begin(), end, pattern.begin(), pattern.end()); it != end;
       it = std::search(it + 1, end, pattern.begin(), pattern.end())) {
    const auto begin = static_cast<std::size_t>(it - bytes.begin());
    out.emplace_back(begin, begin + size);
  }
  return out;
}

/// The eight bytes of a double as the file stores it (little-endian, as on the test machines).
std::string double_bytes(double v) {
  std::string out(sizeof v, '\0');
  std::memcpy(out.data(), &v, sizeof v);
  return out;
}

// Provenance only: the file size is the same and the bytes differ only in the provenance
// values. Checked two ways: the number of differing bytes is at most 32 + 64 + 8 + 8 + 8 * runs
// (every byte of the fixed-length strings, the two root doubles and one double per run), and each
// differing byte lies inside a place where the first file holds one of its provenance values (the
// created string's 32 bytes, the host's 64, or one of the distinctive doubles) or in the 4-byte
// checksum of a metadata block that holds them (the HDF5 1.8 format checksums every metadata
// block): at most one such group of up to 4 bytes per block, and those are the root's attribute
// storage (its object header and attribute heap) and one object header per run.
TEST_F(Hdf5Result, ProvenanceIsTheOnlyDifference) {
  ResultData data = sample(Detail::kFull, true);
  data.meta.provenance = {"2026-11-27T10:15:00Z", "build-host.example", 42.123456789, 1.987654321};
  for (RunRecord& rec : data.runs) rec.wall_seconds = 12.3456789 + static_cast<double>(rec.replication);
  write_result_h5(dir_ / "a.h5", data);
  const ResultData first = data;
  data.meta.provenance = {"2031-01-02T03:04:05Z", "another-machine.local", 1234.5, 99.75};
  for (RunRecord& rec : data.runs) rec.wall_seconds += 100.125;
  write_result_h5(dir_ / "b.h5", data);
  const std::vector<char> a = bytes_of(dir_ / "a.h5");
  const std::vector<char> b = bytes_of(dir_ / "b.h5");
  ASSERT_EQ(a.size(), b.size());

  std::vector<std::pair<std::size_t, std::size_t>> allowed =
      occurrences(a, first.meta.provenance.created, 32);
  const auto add = [&](const std::vector<std::pair<std::size_t, std::size_t>>& ranges) {
    allowed.insert(allowed.end(), ranges.begin(), ranges.end());
  };
  add(occurrences(a, first.meta.provenance.host, 64));
  add(occurrences(a, double_bytes(first.meta.provenance.wall_seconds), 8));
  add(occurrences(a, double_bytes(first.meta.provenance.build_seconds), 8));
  for (const RunRecord& rec : first.runs) add(occurrences(a, double_bytes(rec.wall_seconds), 8));
  EXPECT_EQ(allowed.size(), 4 + first.runs.size());  // each value stored once

  std::size_t differing = 0;
  std::vector<std::pair<std::size_t, std::size_t>> checksums;  // differing bytes outside the values
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i] == b[i]) continue;
    ++differing;
    const bool in_value = std::any_of(allowed.begin(), allowed.end(), [i](const auto& range) {
      return i >= range.first && i < range.second;
    });
    if (in_value) continue;
    if (!checksums.empty() && i < checksums.back().first + 4) {
      checksums.back().second = i + 1;
    } else {
      checksums.emplace_back(i, i + 1);
    }
  }
  EXPECT_GT(differing, 0U);
  EXPECT_LE(checksums.size(), 2 + first.runs.size());
  for (const auto& [begin, end] : checksums) EXPECT_LE(end - begin, 4U) << "bytes " << begin << " to " << end;
  EXPECT_LE(differing, 32 + 64 + 8 + 8 + 8 * first.runs.size());
  expect_same(read_result_h5(dir_ / "b.h5"), data);
}

TEST_F(Hdf5Result, MissingFolderIsACreateErrorAndLeavesNothing) {
  const fs::path file = dir_ / "no" / "such" / "result.h5";
  expect_error([&] { write_result_h5(file, sample(Detail::kSummary)); }, OutputError::Kind::kCreate,
               {"cannot create", temporary_name(file).string()});
  EXPECT_FALSE(fs::exists(dir_ / "no"));
  EXPECT_TRUE(listing().empty());
}

TEST_F(Hdf5Result, WriteLeavesNoTemporaryAndReplacesAnExistingFile) {
  const fs::path file = dir_ / "result.h5";
  std::ofstream(file) << "an older result\n";
  write_result_h5(file, sample(Detail::kStandard));
  EXPECT_EQ(listing(), std::vector<std::string>{"result.h5"});
  EXPECT_EQ(read_result_h5(file).runs.size(), 2U);
}

TEST_F(Hdf5Result, FailedWriteKeepsTheOldFileAndRemovesTheTemporary) {
  const fs::path file = dir_ / "result.h5";
  const ResultData good = sample(Detail::kStandard);
  write_result_h5(file, good);
  const std::vector<char> before = bytes_of(file);
  ResultData bad = good;
  bad.runs[0].result.grids[0].values.pop_back();  // 5 values for 3 x 2 cells
  expect_error([&] { write_result_h5(file, bad); }, OutputError::Kind::kWrite,
               {"cannot write " + file.string(), "grid robot_visits has 5 values for 3 x 2 cells"});
  EXPECT_EQ(listing(), std::vector<std::string>{"result.h5"});
  EXPECT_EQ(bytes_of(file), before);
}

TEST_F(Hdf5Result, ReadingSomethingElseIsAClearReadError) {
  const fs::path garbage = dir_ / "result.h5";
  std::ofstream(garbage) << "this is not HDF5\n";
  expect_error([&] { static_cast<void>(read_result_h5(garbage)); }, OutputError::Kind::kRead,
               {garbage.string() + ": ", "not an HDF5 file"});
  const fs::path missing = dir_ / "missing.h5";
  expect_error([&] { static_cast<void>(read_result_h5(missing)); }, OutputError::Kind::kRead,
               {missing.string() + ": ", "does not exist"});
  expect_error([&] { static_cast<void>(read_result_h5(dir_)); }, OutputError::Kind::kRead,
               {dir_.string() + ": ", "not a regular file"});
}

TEST_F(Hdf5Result, TruncatedFileIsAReadError) {
  const fs::path file = dir_ / "result.h5";
  write_result_h5(file, sample(Detail::kFull, true));
  const std::vector<char> whole = bytes_of(file);
  for (const std::size_t keep : {std::size_t{0}, std::size_t{8}, std::size_t{600}, whole.size() / 2}) {
    SCOPED_TRACE(keep);
    std::ofstream(file, std::ios::binary | std::ios::trunc)
        .write(whole.data(), static_cast<std::streamsize>(keep));
    expect_error([&] { static_cast<void>(read_result_h5(file)); }, OutputError::Kind::kRead,
                 {file.string() + ": "});
  }
}

// Damage anywhere in the file (one byte inverted at a time, at 128 places spread over it) gives
// either a result (the byte was in numbers) or a kRead error: the HDF5 1.8 format checksums every
// metadata block, and the reader checks shapes and types before it trusts them.
/// While it lives, LeakSanitizer (the dev preset) ignores what is allocated: libhdf5 1.10 does
/// not free some buffers when a metadata checksum fails, which is its bug, not ours.
class IgnoreLibraryLeaks {
 public:
  IgnoreLibraryLeaks() {
#ifdef WHSIM_LSAN
    __lsan_disable();
#endif
  }
  IgnoreLibraryLeaks(const IgnoreLibraryLeaks&) = delete;
  IgnoreLibraryLeaks& operator=(const IgnoreLibraryLeaks&) = delete;
  ~IgnoreLibraryLeaks() {
#ifdef WHSIM_LSAN
    __lsan_enable();
#endif
  }
};

TEST_F(Hdf5Result, DamagedFileIsAReadErrorNotACrash) {
  // libhdf5 1.10 keeps some state after a checksum failure and, when its error printing is on at
  // exit, complains that it cannot close the library: keep it off in this process.
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  // No recycling of HDF5's freed blocks, so that what it leaks is allocated (and ignored) below.
  H5set_free_list_limits(0, 0, 0, 0, 0, 0);
  const fs::path good = dir_ / "good.h5";
  write_result_h5(good, sample(Detail::kFull, true));
  const std::vector<char> whole = bytes_of(good);
  const fs::path file = dir_ / "damaged.h5";
  std::size_t errors = 0;
  const std::size_t step = std::max<std::size_t>(1, whole.size() / 128);
  for (std::size_t at = 0; at < whole.size(); at += step) {
    std::vector<char> damaged = whole;
    damaged[at] = static_cast<char>(~damaged[at]);
    std::ofstream(file, std::ios::binary | std::ios::trunc)
        .write(damaged.data(), static_cast<std::streamsize>(damaged.size()));
    try {
      const IgnoreLibraryLeaks ignore;
      static_cast<void>(read_result_h5(file));
    } catch (const OutputError& e) {
      ++errors;
      EXPECT_EQ(e.kind(), OutputError::Kind::kRead) << e.what();
      EXPECT_EQ(std::string(e.what()).rfind(file.string() + ": ", 0), 0U) << e.what();
    }
  }
  EXPECT_GT(errors, 0U);
}

/// Makes an HDF5 file with a root group holding `format` and `schema_version` attributes only.
void make_foreign_file(const fs::path& file, const char* format, std::int32_t schema_version) {
  const hid_t f = H5Fcreate(file.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  ASSERT_GE(f, 0);
  const hid_t text = H5Tcopy(H5T_C_S1);
  H5Tset_size(text, H5T_VARIABLE);
  const hid_t scalar = H5Screate(H5S_SCALAR);
  const hid_t a = H5Acreate2(f, "format", text, scalar, H5P_DEFAULT, H5P_DEFAULT);
  EXPECT_GE(H5Awrite(a, text, &format), 0);
  H5Aclose(a);
  const hid_t v = H5Acreate2(f, "schema_version", H5T_STD_I32LE, scalar, H5P_DEFAULT, H5P_DEFAULT);
  EXPECT_GE(H5Awrite(v, H5T_NATIVE_INT32, &schema_version), 0);
  H5Aclose(v);
  H5Sclose(scalar);
  H5Tclose(text);
  EXPECT_GE(H5Fclose(f), 0);
}

TEST_F(Hdf5Result, OtherSchemaVersionOrFormatIsAReadError) {
  const fs::path newer = dir_ / "newer.h5";
  make_foreign_file(newer, "whsim-result", kResultSchemaVersion + 1);
  expect_error([&] { static_cast<void>(read_result_h5(newer)); }, OutputError::Kind::kRead,
               {newer.string() + ": schema_version 2 is not supported (this whsim reads version 1)"});
  const fs::path other = dir_ / "other.h5";
  make_foreign_file(other, "something-else", kResultSchemaVersion);
  expect_error([&] { static_cast<void>(read_result_h5(other)); }, OutputError::Kind::kRead,
               {other.string() + ": not a whsim result (format is \"something-else\""});
  const fs::path bare = dir_ / "bare.h5";
  const hid_t f = H5Fcreate(bare.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  ASSERT_GE(f, 0);
  H5Fclose(f);
  expect_error([&] { static_cast<void>(read_result_h5(bare)); }, OutputError::Kind::kRead,
               {bare.string() + ": not a whsim result (no format attribute)"});
}

TEST_F(Hdf5Result, MissingDatasetIsAReadError) {
  const fs::path file = dir_ / "result.h5";
  write_result_h5(file, sample(Detail::kFull));
  const hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  ASSERT_GE(f, 0);
  EXPECT_GE(H5Ldelete(f, "/runs/000000/kpis", H5P_DEFAULT), 0);
  H5Fclose(f);
  expect_error([&] { static_cast<void>(read_result_h5(file)); }, OutputError::Kind::kRead,
               {file.string() + ": missing dataset /runs/000000/kpis"});
}

TEST_F(Hdf5Result, H5dumpReadsTheFile) {
  if (!fs::exists("/usr/bin/h5dump")) GTEST_SKIP() << "/usr/bin/h5dump is not installed (Debian: hdf5-tools)";
  const fs::path file = dir_ / "result.h5";
  write_result_h5(file, sample(Detail::kFull, true));
  std::string header;
  ASSERT_EQ(run_command("/usr/bin/h5dump -H '" + file.string() + "' 2>&1", &header), 0) << header;
  EXPECT_NE(header.find("DATASET \"kpis\""), std::string::npos) << header;
  EXPECT_NE(header.find("DATASET \"picks%2Fh\""), std::string::npos) << header;
  EXPECT_EQ(run_command("/usr/bin/h5dump '" + file.string() + "' >/dev/null 2>&1"), 0);
  // A large data set is chunked and compressed; a small one is contiguous.
  std::string big;
  ASSERT_EQ(run_command(
                "/usr/bin/h5dump -p -H -d /runs/000000/records/orders/id '" + file.string() + "' 2>&1", &big),
            0);
  EXPECT_NE(big.find("CHUNKED"), std::string::npos) << big;
  EXPECT_NE(big.find("SHUFFLE"), std::string::npos) << big;
  EXPECT_NE(big.find("DEFLATE"), std::string::npos) << big;
  std::string grid;
  ASSERT_EQ(
      run_command("/usr/bin/h5dump -p -H -d /runs/000000/grids/large '" + file.string() + "' 2>&1", &grid),
      0);
  EXPECT_NE(grid.find("CHUNKED ( 70, 80 )"), std::string::npos) << grid;
  std::string trace;
  ASSERT_EQ(run_command("/usr/bin/h5dump -p -H -d /runs/000000/trace '" + file.string() + "' 2>&1", &trace),
            0);
  EXPECT_NE(trace.find("DEFLATE"), std::string::npos) << trace;
  std::string small;
  ASSERT_EQ(run_command("/usr/bin/h5dump -p -H -d /runs/000000/kpis '" + file.string() + "' 2>&1", &small),
            0);
  EXPECT_NE(small.find("CONTIGUOUS"), std::string::npos) << small;
}

// /experiment and each run's id and point: every field back as written; a result without an
// experiment (a single `whsim run`) reads back with present = false.
TEST_F(Hdf5Result, ExperimentAndRunIdsRoundTrip) {
  ResultData data = sample(Detail::kSummary);
  ExperimentInfo& e = data.meta.experiment;
  e.present = true;
  e.kind = "sweep";
  e.analysis = "steady-state";
  e.warmup_method = "mser5";
  e.warmup_seconds = 1234.5;
  e.warmup_reliable = false;
  e.warmup_note = "MSER-5 on the mean of orders.open over 5 pilot runs (ünïcode)";
  e.confidence_level = 0.9;
  e.sweep_file = "sweeps/grid.yaml";
  e.sweep_id = "0badcafe";
  e.keys = {"robots.count", "floor.station_sides"};
  e.points = {{"20", "[west]"}, {"40", "[west, east]"}, {"60", ""}};
  data.runs[0].run_id = "p0002-r0000-1a2b3c4d";
  data.runs[0].point = 2;
  data.runs[1].run_id = "p12345-r0001-ffffffff";
  data.runs[1].point = 12345;
  const fs::path file = dir_ / "result.h5";
  write_result_h5(file, data);
  const ResultData back = read_result_h5(file);
  expect_same(back, at_detail(data));
  const ExperimentInfo& g = back.meta.experiment;
  EXPECT_TRUE(g.present);
  EXPECT_EQ(g.kind, e.kind);
  EXPECT_EQ(g.analysis, e.analysis);
  EXPECT_EQ(g.warmup_method, e.warmup_method);
  EXPECT_EQ(g.warmup_seconds, e.warmup_seconds);
  EXPECT_EQ(g.warmup_reliable, e.warmup_reliable);
  EXPECT_EQ(g.warmup_note, e.warmup_note);
  EXPECT_EQ(g.confidence_level, e.confidence_level);
  EXPECT_EQ(g.sweep_file, e.sweep_file);
  EXPECT_EQ(g.sweep_id, e.sweep_id);
  EXPECT_EQ(g.keys, e.keys);
  EXPECT_EQ(g.points, e.points);
  ASSERT_EQ(back.runs.size(), 2U);
  EXPECT_EQ(back.runs[0].run_id, "p0002-r0000-1a2b3c4d");
  EXPECT_EQ(back.runs[0].point, 2U);
  EXPECT_EQ(back.runs[1].run_id, "p12345-r0001-ffffffff");
  EXPECT_EQ(back.runs[1].point, 12345U);

  // Replications: no keys and no points; reliable.
  ResultData reps = sample(Detail::kStandard);
  reps.meta.experiment = ExperimentInfo{
      true, "replications", "terminating", "none", 0, true, "measured from the start", 0.95, "", "", {}, {}};
  write_result_h5(file, reps);
  const ExperimentInfo r = read_result_h5(file).meta.experiment;
  EXPECT_TRUE(r.present);
  EXPECT_EQ(r.kind, "replications");
  EXPECT_EQ(r.analysis, "terminating");
  EXPECT_EQ(r.warmup_method, "none");
  EXPECT_EQ(r.warmup_seconds, 0.0);
  EXPECT_TRUE(r.warmup_reliable);
  EXPECT_EQ(r.warmup_note, "measured from the start");
  EXPECT_EQ(r.confidence_level, 0.95);
  EXPECT_EQ(r.sweep_file, "");
  EXPECT_TRUE(r.keys.empty());
  EXPECT_TRUE(r.points.empty());
}

TEST_F(Hdf5Result, ResultWithoutExperimentReadsBackAbsent) {
  ResultData data = sample(Detail::kSummary);
  data.meta.experiment.kind = "ignored";  // not present: not written
  const fs::path file = dir_ / "result.h5";
  write_result_h5(file, data);
  const ResultData back = read_result_h5(file);
  EXPECT_FALSE(back.meta.experiment.present);
  EXPECT_EQ(back.meta.experiment.kind, "");
  EXPECT_TRUE(back.meta.experiment.keys.empty());
  const hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  ASSERT_GE(f, 0);
  EXPECT_EQ(H5Lexists(f, "experiment", H5P_DEFAULT), 0);
  H5Fclose(f);
}

TEST_F(Hdf5Result, FilesWithoutRunIdsReadBackWithEmptyIds) {
  ResultData data = sample(Detail::kSummary);
  data.runs[0].run_id = "p0001-r0000-1a2b3c4d";
  data.runs[0].point = 1;
  const fs::path file = dir_ / "result.h5";
  write_result_h5(file, data);
  // Files written before experiments have neither attribute.
  const hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  ASSERT_GE(f, 0);
  EXPECT_GE(H5Adelete_by_name(f, "/runs/000000", "run_id", H5P_DEFAULT), 0);
  EXPECT_GE(H5Adelete_by_name(f, "/runs/000000", "point", H5P_DEFAULT), 0);
  H5Fclose(f);
  const ResultData back = read_result_h5(file);
  EXPECT_EQ(back.runs[0].run_id, "");
  EXPECT_EQ(back.runs[0].point, 0U);
  EXPECT_EQ(back.runs[0].replication, 0U);
  EXPECT_EQ(back.runs[1].replication, 1U);
}

TEST_F(Hdf5Result, SweepPointOfTheWrongSizeIsAWriteError) {
  ResultData data = sample(Detail::kSummary);
  data.meta.experiment.present = true;
  data.meta.experiment.kind = "sweep";
  data.meta.experiment.keys = {"robots.count", "stations.pickers"};
  data.meta.experiment.points = {{"20", "1"}, {"40"}};
  const fs::path file = dir_ / "result.h5";
  expect_error([&] { write_result_h5(file, data); }, OutputError::Kind::kWrite,
               {"cannot write " + file.string(), "a sweep point has the wrong number of values"});
  EXPECT_TRUE(listing().empty());
}

}  // namespace
}  // namespace whsim::output
