// The data model of one run's results: KPI values with units, and sampled time series. Produced
// by StatsRecorder, written by the output layer, compared by the run layer. Plain data: no
// behaviour beyond lookup by name.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "whsim/core/time.hpp"
#include "whsim/stats/kpi.hpp"

namespace whsim::stats {

/// One KPI of one run. Fields that do not apply to the KPI's kind are NaN.
struct KpiValue {
  std::string name;
  std::string unit;
  std::string definition;
  KpiKind kind = KpiKind::kCount;
  /// Headline value: count total; tally mean; time-weighted mean; ratio successes/trials.
  /// NaN when there were no observations (tally), no trials (ratio) or no time (time-weighted).
  double value = std::numeric_limits<double>::quiet_NaN();
  /// Observations (tally), trials (ratio), the total (count); 0 for time-weighted.
  std::int64_t count = 0;
  /// Tally: sample standard deviation (NaN with fewer than two observations).
  double stddev = std::numeric_limits<double>::quiet_NaN();
  /// Tally: smallest/largest observation; time-weighted: smallest/largest level held.
  double min = std::numeric_limits<double>::quiet_NaN();
  double max = std::numeric_limits<double>::quiet_NaN();
  /// Tally percentiles from the quantile sketch (relative error as configured).
  double p50 = std::numeric_limits<double>::quiet_NaN();
  double p90 = std::numeric_limits<double>::quiet_NaN();
  double p95 = std::numeric_limits<double>::quiet_NaN();
  double p99 = std::numeric_limits<double>::quiet_NaN();
};

/// A KPI sampled over the run: values[i] at time_ticks[i] (microsecond ticks).
struct TimeSeries {
  std::string name;
  std::string unit;
  std::vector<std::int64_t> time_ticks;
  std::vector<double> values;
};

/// A table of per-entity or per-period results (per station, per hour): one row per entity or
/// period, a label per row, a value per column. Plain data for the outputs.
struct Table {
  std::string name;         ///< e.g. "stations", "hourly"
  std::string description;  ///< one sentence
  std::string label;        ///< what the row labels are, e.g. "station", "hour starting"
  std::vector<std::string> columns;
  std::vector<std::string> units;  ///< one per column
  std::vector<std::string> row_labels;
  std::vector<std::vector<double>> rows;  ///< rows[i][j]: row i, column j (NaN: not defined)
};

/// Everything one run measured.
struct RunResult {
  std::vector<KpiValue> kpis;  ///< declaration order
  std::vector<TimeSeries> series;
  std::vector<Table> tables;  ///< per station, per hour, ... (the model decides)
  std::uint64_t fingerprint = 0;
  std::uint64_t events = 0;
  std::uint64_t seed = 0;
  SimTime measured_from;  ///< start of the measurement window (end of warm-up)
  SimTime end;            ///< end of the run

  /// The KPI with this name, or nullptr.
  [[nodiscard]] const KpiValue* find(std::string_view name) const;
  /// The table with this name, or nullptr.
  [[nodiscard]] const Table* find_table(std::string_view name) const;
  /// The time series with this name, or nullptr.
  [[nodiscard]] const TimeSeries* find_series(std::string_view name) const;
};

}  // namespace whsim::stats
