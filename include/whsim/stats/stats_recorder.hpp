// The Recorder that turns a model's measurements into statistics: counts, tallies with
// percentiles, time-weighted levels and ratios, plus sampled time series, and finally a
// RunResult. Per-KPI state lives in flat vectors indexed by handle: no maps and no string lookups
// on the hot path.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "whsim/core/time.hpp"
#include "whsim/stats/accumulators.hpp"
#include "whsim/stats/kpi.hpp"
#include "whsim/stats/quantile.hpp"
#include "whsim/stats/recorder.hpp"
#include "whsim/stats/run_result.hpp"

namespace whsim::stats {

/// Accumulates statistics for every KPI declared in a registry (the declarations are copied, so
/// the registry need not outlive the recorder; KPIs declared later are unknown to it).
///
/// The four recording calls are O(1) and allocation-free, except that a tally's quantile sketch
/// grows when a value falls outside every bucket it has seen (rare after the first few values).
/// A call whose kind does not match the KPI's declared kind, or with a handle the registry did
/// not issue, throws ContractError.
class StatsRecorder final : public Recorder {
 public:
  /// quantile_relative_error: the relative error bound of the tallies' percentiles.
  explicit StatsRecorder(const KpiRegistry& registry, double quantile_relative_error = 0.005);

  void count(KpiHandle kpi, std::int64_t n = 1) override;
  void tally(KpiHandle kpi, double value) override;
  void level(KpiHandle kpi, SimTime now, double value) override;
  /// ContractError unless 0 <= successes <= trials.
  void ratio(KpiHandle kpi, std::int64_t successes, std::int64_t trials) override;

  /// Allocates every tally's quantile buckets for values in [lo, hi] now (see
  /// QuantileSketch::reserve), so recording values in that range never allocates.
  void reserve_tally_range(double lo, double hi);
  /// Warm-up deletion: discards every observation before `now`. Counts, tallies and ratios start
  /// again from zero; time-weighted KPIs keep their current level, which holds from `now` on.
  /// Time series are not affected (they show the whole run). ContractError when `now` is before
  /// the previous reset or before a level's last change.
  void reset(SimTime now);
  /// Appends one sample to the time series of every count KPI (its cumulative total since the
  /// start of the run, resets notwithstanding) and every time-weighted KPI (its current level).
  /// Sample times must not decrease (ContractError).
  void sample_series(SimTime now);
  /// The KPI values over [measured_from, end] and the time series. fingerprint, events and seed
  /// are left 0 for the caller. ContractError when `end` is before the measurement window or
  /// before a level's last change.
  [[nodiscard]] RunResult result(SimTime end) const;

  /// Start of the measurement window (time zero, or the last reset).
  [[nodiscard]] SimTime measured_from() const { return measured_from_; }

 private:
  struct Slot {
    KpiKind kind;
    std::uint32_t index;  ///< into the vector for that kind
  };
  struct CountState {
    std::int64_t measured = 0;    ///< since the last reset
    std::int64_t cumulative = 0;  ///< since the start of the run (for the time series)
  };
  struct TallyState {
    Tally tally;
    QuantileSketch sketch;
  };
  struct RatioState {
    std::int64_t successes = 0;
    std::int64_t trials = 0;
  };

  /// The state index of `kpi`, checking the handle and the kind.
  [[nodiscard]] std::uint32_t index_of(KpiHandle kpi, KpiKind expected) const;
  [[noreturn]] void throw_mismatch(KpiHandle kpi, KpiKind expected) const;

  std::vector<KpiDef> defs_;
  std::vector<Slot> slots_;  ///< by handle
  std::vector<CountState> counts_;
  std::vector<TallyState> tallies_;
  std::vector<TimeWeighted> levels_;
  std::vector<RatioState> ratios_;
  SimTime measured_from_;

  std::vector<std::size_t> series_kpis_;  ///< handle index of each sampled KPI, declaration order
  std::vector<std::int64_t> series_times_;
  std::vector<std::vector<double>> series_values_;  ///< parallel to series_kpis_
};

}  // namespace whsim::stats
