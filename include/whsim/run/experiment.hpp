// Experiments: many runs of one or more scenarios. Run ids, the order runs are handed to
// workers, shards, the analysis mode (terminating or steady-state, with the warm-up found by a
// fixed time or MSER-5) and independent replications of one scenario in parallel. A run's
// random streams depend only on the master seed and its replication index, never on which
// worker ran it, so every result is the same for any number of workers (docs/experiments.md).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "whsim/output/result.hpp"
#include "whsim/run/executor.hpp"
#include "whsim/run/replication.hpp"
#include "whsim/scenario/scenario_spec.hpp"

namespace whsim::run {

/// A run's stable id: "p<point, 6 digits>-r<replication, 5 digits>-<point_hash>", e.g.
/// "p000003-r00017-1a2b3c4d". Sweeps have at most 1,000,000 points and 100,000 replications,
/// so sorting ids as text sorts runs by point, then replication (more digits beyond: the id
/// stays unique, the text order does not).
[[nodiscard]] std::string make_run_id(std::size_t point, std::uint64_t replication,
                                      std::string_view point_hash);

/// The positions k in [0, count) of shard `shard` of `shards` (0-based): k % shards == shard.
[[nodiscard]] std::vector<std::size_t> shard_positions(std::size_t count, std::size_t shard,
                                                       std::size_t shards);
/// Parses "i/N" (1 <= i <= N, as users and SLURM_ARRAY_TASK_ID+1 count) into 0-based (i-1, N);
/// false when malformed.
[[nodiscard]] bool parse_shard(std::string_view text, std::size_t& shard, std::size_t& shards);

/// `indices` ordered by `cost[index]` descending (longest first), ties by index.
[[nodiscard]] std::vector<std::size_t> longest_first(std::span<const std::size_t> indices,
                                                     std::span<const double> cost);
/// A relative cost of one run (simulated seconds x activity), for ordering only.
[[nodiscard]] double estimated_cost(const scenario::ScenarioSpec& spec);
/// A rough estimate of a run's peak memory in bytes (for the default number of workers).
[[nodiscard]] std::uint64_t estimated_memory_bytes(const scenario::ScenarioSpec& spec);

/// How a result of several runs is analysed (docs/experiments.md).
enum class AnalysisMode : std::uint8_t { kTerminating, kSteadyState };
enum class WarmupMethod : std::uint8_t { kScenario, kFixed, kMser5 };
struct AnalysisChoice {
  AnalysisMode mode = AnalysisMode::kTerminating;
  WarmupMethod warmup = WarmupMethod::kScenario;
  Duration fixed_warmup;  ///< kFixed
  std::string reason;     ///< why this mode (the default rule or a flag), one line
};
/// The default: terminating when the horizon is at most one day (a shift or a day is the
/// unit), steady-state otherwise (the scenario's warm-up when it has one, else MSER-5).
[[nodiscard]] AnalysisChoice default_analysis(const scenario::ScenarioSpec& spec);
/// Parses --analysis (terminating, steady-state) and --warmup (a duration such as 2h, or
/// mser5) on top of the default; throws InputError (key --analysis / --warmup) when malformed.
[[nodiscard]] AnalysisChoice choose_analysis(const scenario::ScenarioSpec& spec, std::string_view analysis,
                                             std::string_view warmup);
[[nodiscard]] std::string_view to_string(AnalysisMode mode);
[[nodiscard]] std::string_view to_string(WarmupMethod method);

/// The time series MSER-5 reads (orders in the system, sampled).
inline constexpr std::string_view kWarmupSeries = "orders.open";

/// What the warm-up analysis decided, for the result (output::ExperimentInfo).
struct WarmupDecision {
  Duration warmup;
  bool reliable = true;
  std::string note;
};
/// MSER-5 on the mean of `pilots`' kWarmupSeries (runs with no warm-up): the truncation point
/// as a time (a whole number of sample intervals). Not reliable when the series is too short or
/// the minimum lies in its second half.
[[nodiscard]] WarmupDecision mser5_warmup(std::span<const stats::RunResult* const> pilots);

struct ReplicationsOptions {
  int replications = 1;
  int jobs = 1;
  double level = 0.95;
  AnalysisChoice analysis;
  ReplicationOptions run;  ///< records, trace, stop; `replication` and `progress` are set per run
  /// Told after every finished run (done, total), one call at a time.
  std::function<void(std::size_t done, std::size_t total)> on_run_done;
};

struct ReplicationsOutput {
  std::vector<ReplicationOutput> runs;  ///< replication order (only those that finished)
  output::ExperimentInfo info;
  bool interrupted = false;  ///< a stop request left runs unstarted or incomplete
  double build_seconds = 0;  ///< summed over runs
};

/// Runs replications 0..n-1 of `spec` on `jobs` threads, after an MSER-5 pilot (the first
/// min(n, 5) replications without warm-up) when the analysis asks for it. Throws InputError
/// when the model cannot be built (then no run can succeed).
[[nodiscard]] ReplicationsOutput run_replications(const scenario::ScenarioSpec& spec,
                                                  const ReplicationsOptions& options);

}  // namespace whsim::run
