// Experiments: run ids (format and text order), shards (interleaved, disjoint, complete), shard
// flags, longest-first ordering, the analysis mode (default rule, --analysis and --warmup, and
// their errors), MSER-5 on pilot series, and replications in parallel (the same results for any
// number of workers, the warm-up applied to every run, a stop request).
#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <limits>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "whsim/core/error.hpp"
#include "whsim/run/experiment.hpp"
#include "whsim/run/replication.hpp"
#include "whsim/scenario/loader.hpp"
#include "whsim/stats/warmup.hpp"

namespace whsim::run {
namespace {

scenario::ScenarioSpec quickstart(const std::vector<std::string>& overrides = {}) {
  scenario::YamlDocument doc = scenario::load_scenario_document("scenarios/quickstart.yaml");
  for (const auto& o : overrides) doc.apply_override(o);
  return scenario::load_scenario(doc);
}

// ---------------------------------------------------------------------------------------------
// Run ids, shards, order

TEST(RunId, FormatHasSixAndFiveDigits) {
  EXPECT_EQ(make_run_id(3, 17, "1a2b3c4d"), "p000003-r00017-1a2b3c4d");
  EXPECT_EQ(make_run_id(0, 0, "00000000"), "p000000-r00000-00000000");
  EXPECT_EQ(make_run_id(999999, 99999, "ffffffff"), "p999999-r99999-ffffffff");
  EXPECT_EQ(make_run_id(1234567, 100000, "abcdef01"), "p1234567-r100000-abcdef01");
}

TEST(RunId, TextOrderIsPointThenReplicationOrder) {
  // Up to the limits: 1,000,000 points (before constraints) and 100,000 replications.
  const std::vector<std::size_t> points{0, 1, 2, 9, 10, 99, 100, 999, 1000, 9999, 10000, 123456, 999999};
  const std::vector<std::uint64_t> reps{0, 1, 9, 10, 11, 99, 100, 1000, 9999, 10000, 99999};
  std::vector<std::pair<std::string, std::pair<std::size_t, std::uint64_t>>> ids;
  // Different hashes per point must not change the order.
  for (const std::size_t p : points) {
    for (const std::uint64_t r : reps) {
      ids.push_back({make_run_id(p, r, fmt::format("{:08x}", 0xffffffffU - p * 7919U)), {p, r}});
    }
  }
  std::vector<std::pair<std::string, std::pair<std::size_t, std::uint64_t>>> by_text = ids;
  std::reverse(by_text.begin(), by_text.end());
  std::sort(by_text.begin(), by_text.end());
  for (std::size_t i = 0; i < ids.size(); ++i) {
    EXPECT_EQ(by_text[i].second, ids[i].second) << by_text[i].first << " sorts at " << i;
  }
}

TEST(Shards, PositionsAreInterleavedDisjointAndComplete) {
  for (const std::size_t count : {0U, 1U, 10U}) {
    for (std::size_t shards = 1; shards <= 4; ++shards) {
      SCOPED_TRACE(fmt::format("count {} shards {}", count, shards));
      std::vector<int> seen(count, 0);
      for (std::size_t shard = 0; shard < shards; ++shard) {
        const std::vector<std::size_t> positions = shard_positions(count, shard, shards);
        std::vector<std::size_t> expected;
        for (std::size_t k = shard; k < count; k += shards) expected.push_back(k);
        EXPECT_EQ(positions, expected);
        for (const std::size_t k : positions) {
          ASSERT_LT(k, count);
          EXPECT_EQ(k % shards, shard);
          ++seen[k];
        }
      }
      EXPECT_EQ(seen, std::vector<int>(count, 1));
    }
  }
  EXPECT_EQ(shard_positions(10, 1, 4), (std::vector<std::size_t>{1, 5, 9}));
  EXPECT_EQ(shard_positions(10, 3, 4), (std::vector<std::size_t>{3, 7}));
  EXPECT_TRUE(shard_positions(3, 5, 8).empty());  // more shards than runs: some are empty
  EXPECT_TRUE(shard_positions(10, 0, 0).empty());
}

TEST(Shards, ParseShardAcceptsOneBasedIOfN) {
  std::size_t shard = 99;
  std::size_t shards = 99;
  ASSERT_TRUE(parse_shard("1/1", shard, shards));
  EXPECT_EQ(shard, 0U);
  EXPECT_EQ(shards, 1U);
  ASSERT_TRUE(parse_shard("3/8", shard, shards));
  EXPECT_EQ(shard, 2U);
  EXPECT_EQ(shards, 8U);
  ASSERT_TRUE(parse_shard("8/8", shard, shards));
  EXPECT_EQ(shard, 7U);
  EXPECT_EQ(shards, 8U);
  ASSERT_TRUE(parse_shard("12/100", shard, shards));
  EXPECT_EQ(shard, 11U);
  EXPECT_EQ(shards, 100U);
}

TEST(Shards, ParseShardRejectsMalformedText) {
  for (const char* text : {"0/3", "4/3", "a/b", "3", "1/0", "/3", "1/", " 1/2", "1/2 ", "1 /2", "-1/2",
                           "+1/2", "1/2/3", "1.0/2", "", "/", "1/-2", "0/0", "1234567890/1234567890"}) {
    SCOPED_TRACE(text);
    std::size_t shard = 42;
    std::size_t shards = 43;
    EXPECT_FALSE(parse_shard(text, shard, shards));
    EXPECT_EQ(shard, 42U);  // untouched on failure
    EXPECT_EQ(shards, 43U);
  }
}

TEST(Order, LongestFirstSortsByCostDescendingThenIndex) {
  const std::vector<double> cost{5.0, 1.0, 9.0, 5.0, 0.0, 9.0, 5.0};
  const std::vector<std::size_t> all{0, 1, 2, 3, 4, 5, 6};
  EXPECT_EQ(longest_first(all, cost), (std::vector<std::size_t>{2, 5, 0, 3, 6, 1, 4}));
  // The input order does not matter: ties always go by index.
  const std::vector<std::size_t> shuffled{6, 4, 5, 3, 0, 2, 1};
  EXPECT_EQ(longest_first(shuffled, cost), (std::vector<std::size_t>{2, 5, 0, 3, 6, 1, 4}));
  // A subset (one shard's runs) keeps only its own indices.
  const std::vector<std::size_t> subset{6, 1, 3};
  EXPECT_EQ(longest_first(subset, cost), (std::vector<std::size_t>{3, 6, 1}));
  EXPECT_TRUE(longest_first({}, cost).empty());
}

TEST(Order, EstimatedCostGrowsWithHorizonRateAndRobots) {
  const scenario::ScenarioSpec base = quickstart();
  const double c = estimated_cost(base);
  EXPECT_GT(c, 0.0);
  EXPECT_DOUBLE_EQ(estimated_cost(quickstart({"simulation.horizon=16h"})), 2 * c);
  EXPECT_GT(estimated_cost(quickstart({"orders.rate=1440/h"})), c);
  EXPECT_GT(estimated_cost(quickstart({"robots.count=80"})), c);
  scenario::ScenarioSpec big = base;
  big.skus.count.value = 1'000'000;
  EXPECT_GT(estimated_memory_bytes(big), estimated_memory_bytes(base) + 200'000'000U);
  EXPECT_GE(estimated_memory_bytes(base), 24ULL << 20U);
}

// ---------------------------------------------------------------------------------------------
// Analysis mode

/// The diagnostic of the InputError `call` throws (key path and message).
template <class Call>
Diagnostic input_error_of(Call call) {
  try {
    call();
  } catch (const InputError& e) {
    EXPECT_EQ(e.diagnostics().size(), 1U) << e.what();
    if (!e.diagnostics().empty()) return e.diagnostics().front();
  }
  ADD_FAILURE() << "no InputError";
  return {};
}

TEST(Analysis, DefaultIsTerminatingUpToOneDay) {
  const AnalysisChoice shift = default_analysis(quickstart());  // 8h
  EXPECT_EQ(shift.mode, AnalysisMode::kTerminating);
  EXPECT_EQ(shift.warmup, WarmupMethod::kScenario);
  EXPECT_NE(shift.reason.find("default"), std::string::npos) << shift.reason;
  EXPECT_NE(shift.reason.find("at most one day"), std::string::npos) << shift.reason;
  const AnalysisChoice day = default_analysis(quickstart({"simulation.horizon=1d"}));
  EXPECT_EQ(day.mode, AnalysisMode::kTerminating);
  EXPECT_EQ(default_analysis(quickstart({"simulation.horizon=25h"})).mode, AnalysisMode::kSteadyState);
}

TEST(Analysis, DefaultIsSteadyStateBeyondOneDay) {
  const AnalysisChoice mser = default_analysis(quickstart({"simulation.horizon=2d", "simulation.warmup=0s"}));
  EXPECT_EQ(mser.mode, AnalysisMode::kSteadyState);
  EXPECT_EQ(mser.warmup, WarmupMethod::kMser5);
  EXPECT_NE(mser.reason.find("longer than one day"), std::string::npos) << mser.reason;
  const AnalysisChoice own = default_analysis(quickstart({"simulation.horizon=2d", "simulation.warmup=1h"}));
  EXPECT_EQ(own.mode, AnalysisMode::kSteadyState);
  EXPECT_EQ(own.warmup, WarmupMethod::kScenario);
}

TEST(Analysis, FlagsOverrideTheDefault) {
  const scenario::ScenarioSpec shift = quickstart();  // 8h with a 30min warm-up
  const scenario::ScenarioSpec long_run = quickstart({"simulation.horizon=2d", "simulation.warmup=0s"});

  const AnalysisChoice same = choose_analysis(shift, "", "");
  EXPECT_EQ(same.mode, AnalysisMode::kTerminating);
  EXPECT_EQ(same.reason, default_analysis(shift).reason);

  const AnalysisChoice fixed = choose_analysis(shift, "", "2h");
  EXPECT_EQ(fixed.mode, AnalysisMode::kSteadyState);
  EXPECT_EQ(fixed.warmup, WarmupMethod::kFixed);
  EXPECT_EQ(fixed.fixed_warmup, Duration::hours(2));
  EXPECT_NE(fixed.reason.find("--warmup 2h"), std::string::npos) << fixed.reason;

  const AnalysisChoice mser = choose_analysis(shift, "", "mser5");
  EXPECT_EQ(mser.mode, AnalysisMode::kSteadyState);
  EXPECT_EQ(mser.warmup, WarmupMethod::kMser5);

  const AnalysisChoice steady = choose_analysis(shift, "steady-state", "");
  EXPECT_EQ(steady.mode, AnalysisMode::kSteadyState);
  EXPECT_EQ(steady.warmup, WarmupMethod::kScenario);  // the scenario has a warm-up
  EXPECT_EQ(steady.reason, "--analysis steady-state");
  EXPECT_EQ(choose_analysis(long_run, "steady-state", "").warmup, WarmupMethod::kMser5);

  const AnalysisChoice steady_fixed = choose_analysis(shift, "steady-state", "90min");
  EXPECT_EQ(steady_fixed.mode, AnalysisMode::kSteadyState);
  EXPECT_EQ(steady_fixed.warmup, WarmupMethod::kFixed);
  EXPECT_EQ(steady_fixed.fixed_warmup, Duration::minutes(90));

  const AnalysisChoice terminating = choose_analysis(long_run, "terminating", "");
  EXPECT_EQ(terminating.mode, AnalysisMode::kTerminating);
  EXPECT_EQ(terminating.warmup, WarmupMethod::kScenario);
  EXPECT_EQ(terminating.reason, "--analysis terminating");

  const AnalysisChoice long_fixed = choose_analysis(long_run, "", "6h");
  EXPECT_EQ(long_fixed.mode, AnalysisMode::kSteadyState);
  EXPECT_EQ(long_fixed.warmup, WarmupMethod::kFixed);
  EXPECT_EQ(long_fixed.fixed_warmup, Duration::hours(6));
}

TEST(Analysis, MalformedFlagsAreInputErrors) {
  const scenario::ScenarioSpec shift = quickstart();  // 8h
  const Diagnostic analysis = input_error_of([&] { (void)choose_analysis(shift, "foo", ""); });
  EXPECT_EQ(analysis.key_path, "--analysis");
  EXPECT_EQ(analysis.where.file, "command line");
  EXPECT_NE(analysis.message.find("unknown analysis 'foo'"), std::string::npos) << analysis.message;
  EXPECT_NE(analysis.message.find("expected terminating or steady-state"), std::string::npos);

  const Diagnostic beyond = input_error_of([&] { (void)choose_analysis(shift, "", "40h"); });
  EXPECT_EQ(beyond.key_path, "--warmup");
  EXPECT_NE(beyond.message.find("not shorter than the horizon"), std::string::npos) << beyond.message;
  const Diagnostic equal = input_error_of([&] { (void)choose_analysis(shift, "", "8h"); });
  EXPECT_EQ(equal.key_path, "--warmup");

  // A negative warm-up deletes nothing but would be reported as deleted: refused like the
  // scenario's simulation.warmup (>= 0).
  const Diagnostic negative = input_error_of([&] { (void)choose_analysis(shift, "", "-1h"); });
  EXPECT_EQ(negative.key_path, "--warmup");
  EXPECT_NE(negative.message.find("is negative (expected 0s or more"), std::string::npos) << negative.message;
  EXPECT_EQ(choose_analysis(shift, "", "0s").fixed_warmup, Duration::zero());

  const Diagnostic bad = input_error_of([&] { (void)choose_analysis(shift, "", "soon"); });
  EXPECT_EQ(bad.key_path, "--warmup");
  EXPECT_NE(bad.message.find("expected a duration such as 2h, or mser5"), std::string::npos) << bad.message;

  for (const char* warmup : {"1h", "mser5"}) {
    SCOPED_TRACE(warmup);
    const Diagnostic both = input_error_of([&] { (void)choose_analysis(shift, "terminating", warmup); });
    EXPECT_EQ(both.key_path, "--warmup");
    EXPECT_NE(both.message.find("needs steady-state analysis"), std::string::npos) << both.message;
  }
}

TEST(Analysis, NamesOfModesAndMethods) {
  EXPECT_EQ(to_string(AnalysisMode::kTerminating), "terminating");
  EXPECT_EQ(to_string(AnalysisMode::kSteadyState), "steady-state");
  EXPECT_EQ(to_string(WarmupMethod::kScenario), "scenario");
  EXPECT_EQ(to_string(WarmupMethod::kFixed), "fixed");
  EXPECT_EQ(to_string(WarmupMethod::kMser5), "mser5");
}

// ---------------------------------------------------------------------------------------------
// MSER-5 on pilot runs

constexpr std::int64_t kMinute = 60 * kTicksPerSecond;

/// A pilot whose kWarmupSeries is `values`, sampled every minute from time 0.
stats::RunResult pilot(const std::vector<double>& values) {
  stats::RunResult r;
  stats::TimeSeries s;
  s.name = std::string(kWarmupSeries);
  s.unit = "orders";
  s.values = values;
  for (std::size_t i = 0; i < values.size(); ++i)
    s.time_ticks.push_back(static_cast<std::int64_t>(i) * kMinute);
  r.series.push_back({"orders.completed", "orders", s.time_ticks, std::vector<double>(values.size(), 1.0)});
  r.series.push_back(std::move(s));
  return r;
}

/// 50 samples decaying from 100 towards 10, then flat at 10 with a fixed noise in [-1, 1].
std::vector<double> transient_then_flat(std::size_t n, int noise_seed) {
  std::vector<double> v;
  double excess = 90.0;
  for (std::size_t i = 0; i < n; ++i) {
    const auto k = static_cast<int>((i * 37 + static_cast<std::size_t>(noise_seed) * 11) % 11);
    const double noise = 0.2 * (k - 5);
    v.push_back(i < 50 ? 10.0 + excess : 10.0 + noise);
    excess *= 0.9;
  }
  return v;
}

TEST(Mser5Warmup, FindsTheTransientInOnePilot) {
  const std::vector<double> values = transient_then_flat(500, 0);
  const stats::RunResult r = pilot(values);
  const std::vector<const stats::RunResult*> pilots{&r};
  const WarmupDecision d = mser5_warmup(pilots);
  const stats::WarmupResult w = stats::mser5(values);
  ASSERT_GT(w.truncation, 0U);
  EXPECT_TRUE(w.reliable);
  EXPECT_TRUE(d.reliable);
  // Sample i is at i minutes: deleting `truncation` samples is a warm-up of that many minutes.
  EXPECT_EQ(d.warmup, Duration::minutes(static_cast<std::int64_t>(w.truncation)));
  EXPECT_GE(d.warmup, Duration::minutes(20));
  EXPECT_LE(d.warmup, Duration::minutes(55));
  EXPECT_NE(d.note.find("MSER-5"), std::string::npos) << d.note;
  EXPECT_NE(d.note.find("1 pilot run "), std::string::npos) << d.note;
  EXPECT_NE(d.note.find("(500 samples)"), std::string::npos) << d.note;
  EXPECT_NE(d.note.find(fmt::format("delete {} samples", w.truncation)), std::string::npos) << d.note;
  EXPECT_EQ(d.note.find("not reliable"), std::string::npos) << d.note;
}

TEST(Mser5Warmup, UsesTheMeanOfThePilotsOverTheirCommonLength) {
  const std::vector<double> a = transient_then_flat(500, 1);
  const std::vector<double> b = transient_then_flat(430, 2);  // shorter: 430 samples in common
  std::vector<double> c = transient_then_flat(470, 3);
  const stats::RunResult ra = pilot(a);
  const stats::RunResult rb = pilot(b);
  const stats::RunResult rc = pilot(c);
  stats::RunResult none;  // no series: skipped
  const std::vector<const stats::RunResult*> pilots{&ra, &none, &rb, &rc};
  std::vector<double> mean(430);
  for (std::size_t i = 0; i < mean.size(); ++i) mean[i] = (a[i] + b[i] + c[i]) / 3.0;
  const stats::WarmupResult w = stats::mser5(mean);
  const WarmupDecision d = mser5_warmup(pilots);
  EXPECT_EQ(d.warmup, Duration::minutes(static_cast<std::int64_t>(w.truncation)));
  EXPECT_EQ(d.reliable, w.reliable);
  EXPECT_GT(d.warmup, Duration::zero());
  EXPECT_NE(d.note.find("3 pilot runs (430 samples)"), std::string::npos) << d.note;
}

TEST(Mser5Warmup, NoSeriesOrAShortOneIsNotReliable) {
  stats::RunResult bare;
  const std::vector<const stats::RunResult*> nothing{&bare};
  const WarmupDecision none = mser5_warmup(nothing);
  EXPECT_FALSE(none.reliable);
  EXPECT_EQ(none.warmup, Duration::zero());
  EXPECT_NE(none.note.find("MSER-5: no orders.open series"), std::string::npos) << none.note;
  const WarmupDecision empty = mser5_warmup({});
  EXPECT_FALSE(empty.reliable);
  EXPECT_EQ(empty.warmup, Duration::zero());

  const stats::RunResult short_run = pilot(transient_then_flat(30, 0));  // fewer than 50 samples
  const std::vector<const stats::RunResult*> short_pilots{&short_run};
  const WarmupDecision s = mser5_warmup(short_pilots);
  EXPECT_FALSE(s.reliable);
  EXPECT_EQ(s.warmup, Duration::zero());
  EXPECT_NE(s.note.find("not reliable"), std::string::npos) << s.note;

  // Still rising at the end: the minimum lies in the second half.
  std::vector<double> rising(200);
  for (std::size_t i = 0; i < rising.size(); ++i) rising[i] = static_cast<double>(i * i);
  const stats::RunResult r = pilot(rising);
  const std::vector<const stats::RunResult*> rising_pilots{&r};
  const WarmupDecision up = mser5_warmup(rising_pilots);
  EXPECT_EQ(up.reliable, stats::mser5(rising).reliable);
  EXPECT_FALSE(up.reliable);
  EXPECT_NE(up.note.find("not reliable"), std::string::npos) << up.note;
}

// ---------------------------------------------------------------------------------------------
// Replications

/// A quick scenario: the quickstart for half an hour with a five-minute warm-up.
scenario::ScenarioSpec short_shift() {
  return quickstart({"simulation.horizon=30min", "simulation.warmup=5min"});
}

ReplicationsOptions replications(int n, int jobs, AnalysisChoice analysis) {
  ReplicationsOptions o;
  o.replications = n;
  o.jobs = jobs;
  o.analysis = std::move(analysis);
  o.run.records = false;
  return o;
}

TEST(Replications, SameResultsForAnyNumberOfJobs) {
  const scenario::ScenarioSpec spec = short_shift();
  const AnalysisChoice analysis = default_analysis(spec);
  ASSERT_EQ(analysis.mode, AnalysisMode::kTerminating);
  std::vector<std::uint64_t> first;
  for (const int jobs : {1, 3}) {
    SCOPED_TRACE(jobs);
    ReplicationsOptions o = replications(4, jobs, analysis);
    std::vector<std::pair<std::size_t, std::size_t>> progress;
    std::mutex m;
    o.on_run_done = [&](std::size_t done, std::size_t total) {
      const std::lock_guard<std::mutex> lock(m);
      progress.emplace_back(done, total);
    };
    const ReplicationsOutput out = run_replications(spec, o);
    EXPECT_FALSE(out.interrupted);
    ASSERT_EQ(out.runs.size(), 4U);
    std::vector<std::uint64_t> prints;
    for (std::size_t i = 0; i < out.runs.size(); ++i) {
      const ReplicationOutput& r = out.runs[i];
      EXPECT_EQ(r.replication, i);
      EXPECT_TRUE(r.result.complete);
      EXPECT_EQ(r.result.measured_from, SimTime::zero() + Duration::minutes(5));
      EXPECT_EQ(r.result.end, SimTime::zero() + Duration::minutes(30));
      prints.push_back(r.result.fingerprint);
    }
    std::vector<std::uint64_t> sorted = prints;
    std::sort(sorted.begin(), sorted.end());
    EXPECT_EQ(std::unique(sorted.begin(), sorted.end()), sorted.end()) << "replications share a fingerprint";
    if (first.empty()) {
      first = prints;
    } else {
      EXPECT_EQ(prints, first);
    }
    const output::ExperimentInfo& info = out.info;
    EXPECT_TRUE(info.present);
    EXPECT_EQ(info.kind, "replications");
    EXPECT_EQ(info.analysis, "terminating");
    EXPECT_EQ(info.warmup_method, "scenario");
    EXPECT_EQ(info.warmup_seconds, 300.0);
    EXPECT_EQ(info.confidence_level, 0.95);
    EXPECT_TRUE(info.keys.empty());
    EXPECT_TRUE(info.points.empty());
    EXPECT_GT(out.build_seconds, 0.0);
    EXPECT_EQ(progress, (std::vector<std::pair<std::size_t, std::size_t>>{{1, 4}, {2, 4}, {3, 4}, {4, 4}}));
  }
  // Replication r is the same run as a single run_replication with that index.
  ReplicationOptions single;
  single.records = false;
  single.replication = 2;
  EXPECT_EQ(run_replication(short_shift(), single).result.fingerprint, first[2]);
}

TEST(Replications, FixedWarmupIsDeletedFromEveryRun) {
  AnalysisChoice analysis;
  analysis.mode = AnalysisMode::kSteadyState;
  analysis.warmup = WarmupMethod::kFixed;
  analysis.fixed_warmup = Duration::minutes(10);
  ReplicationsOptions o = replications(2, 2, analysis);
  o.level = 0.9;
  const ReplicationsOutput out = run_replications(short_shift(), o);
  ASSERT_EQ(out.runs.size(), 2U);
  for (const ReplicationOutput& r : out.runs) {
    EXPECT_EQ(r.result.measured_from, SimTime::zero() + Duration::minutes(10));
  }
  EXPECT_EQ(out.info.analysis, "steady-state");
  EXPECT_EQ(out.info.warmup_method, "fixed");
  EXPECT_EQ(out.info.warmup_seconds, 600.0);
  EXPECT_EQ(out.info.confidence_level, 0.9);
  EXPECT_NE(out.info.warmup_note.find("--warmup"), std::string::npos) << out.info.warmup_note;
}

TEST(Replications, TerminatingWithoutWarmupMeasuresFromTheStart) {
  const scenario::ScenarioSpec spec = quickstart({"simulation.horizon=20min", "simulation.warmup=0s"});
  const ReplicationsOutput out = run_replications(spec, replications(1, 1, default_analysis(spec)));
  ASSERT_EQ(out.runs.size(), 1U);
  EXPECT_EQ(out.runs[0].result.measured_from, SimTime::zero());
  EXPECT_EQ(out.info.warmup_method, "none");
  EXPECT_EQ(out.info.warmup_seconds, 0.0);
  EXPECT_EQ(out.info.warmup_note, "measured from the start");
}

TEST(Replications, Mser5WarmupComesFromThePilotsAndIsDeletedFromEveryRun) {
  // An hour from an empty warehouse, sampled every minute (61 samples).
  const scenario::ScenarioSpec spec =
      quickstart({"simulation.horizon=1h", "simulation.warmup=0s", "simulation.sample_interval=1min"});
  AnalysisChoice analysis;
  analysis.mode = AnalysisMode::kSteadyState;
  analysis.warmup = WarmupMethod::kMser5;
  ReplicationsOptions o = replications(3, 2, analysis);
  std::vector<std::pair<std::size_t, std::size_t>> progress;
  std::mutex m;
  o.on_run_done = [&](std::size_t done, std::size_t total) {
    const std::lock_guard<std::mutex> lock(m);
    progress.emplace_back(done, total);
  };
  const ReplicationsOutput out = run_replications(spec, o);
  EXPECT_FALSE(out.interrupted);
  ASSERT_EQ(out.runs.size(), 3U);

  // The pilots are replications 0..2 without warm-up: the same decision, made here.
  std::vector<ReplicationOutput> pilots;
  for (std::uint64_t r = 0; r < 3; ++r) {
    ReplicationOptions p;
    p.records = false;
    p.replication = r;
    pilots.push_back(run_replication(spec, p));
  }
  std::vector<const stats::RunResult*> results;
  for (const ReplicationOutput& p : pilots) results.push_back(&p.result);
  const WarmupDecision expected = mser5_warmup(results);

  const output::ExperimentInfo& info = out.info;
  EXPECT_EQ(info.analysis, "steady-state");
  EXPECT_EQ(info.warmup_method, "mser5");
  EXPECT_EQ(info.warmup_seconds, expected.warmup.to_seconds());
  EXPECT_EQ(info.warmup_reliable, expected.reliable);
  EXPECT_EQ(info.warmup_note, expected.note);
  EXPECT_NE(info.warmup_note.find("MSER-5"), std::string::npos) << info.warmup_note;
  // Orders in the system start at zero and build up: there is a transient to delete.
  EXPECT_GT(expected.warmup, Duration::zero()) << expected.note;
  for (std::size_t i = 0; i < out.runs.size(); ++i) {
    EXPECT_EQ(out.runs[i].result.measured_from, SimTime::zero() + expected.warmup) << i;
    EXPECT_EQ(out.runs[i].result.end, SimTime::zero() + Duration::hours(1));
    // Deleting a warm-up changes no event: the run is the pilot's, measured later.
    EXPECT_EQ(out.runs[i].result.fingerprint, pilots[i].result.fingerprint) << i;
  }
  // Three pilots and three runs.
  ASSERT_EQ(progress.size(), 6U);
  for (std::size_t i = 0; i < progress.size(); ++i) {
    EXPECT_EQ(progress[i], (std::pair<std::size_t, std::size_t>{i + 1, 6}));
  }
}

TEST(Replications, StopRequestedBeforeRunsNothing) {
  const std::atomic<bool> stop{true};
  const scenario::ScenarioSpec spec = short_shift();
  AnalysisChoice mser;
  mser.mode = AnalysisMode::kSteadyState;
  mser.warmup = WarmupMethod::kMser5;
  for (const AnalysisChoice& analysis : {default_analysis(spec), mser}) {
    SCOPED_TRACE(std::string(to_string(analysis.warmup)));
    ReplicationsOptions o = replications(3, 2, analysis);
    o.run.stop = &stop;
    int calls = 0;
    o.on_run_done = [&](std::size_t, std::size_t) { ++calls; };
    const ReplicationsOutput out = run_replications(spec, o);
    EXPECT_TRUE(out.interrupted);
    EXPECT_TRUE(out.runs.empty());
    EXPECT_EQ(calls, 0);
  }
}

TEST(Replications, AModelThatCannotBeBuiltIsAnInputError) {
  const scenario::ScenarioSpec spec = short_shift();
  ReplicationsOptions o = replications(3, 2, default_analysis(spec));
  o.run.trace = true;
  o.run.trace_filter.events = {"warehouse.teleport"};  // the model has no such event
  EXPECT_THROW((void)run_replications(spec, o), InputError);
}

}  // namespace
}  // namespace whsim::run
