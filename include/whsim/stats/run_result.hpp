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

/// A value per floor cell (e.g. robot visits): values[y * width + x], y growing southwards as on
/// the floor. Plain data for heatmaps.
struct Grid {
  std::string name;         ///< e.g. "robot_visits"
  std::string description;  ///< one sentence
  std::string unit;
  int width = 0;
  int height = 0;
  std::vector<double> values;
};

/// Records stored column by column (one entry per record in every column), e.g. one row per
/// order with its timeline. Times are seconds since the start of the run; NaN: not reached.
struct RecordTable {
  std::string name;         ///< e.g. "orders"
  std::string description;  ///< one sentence
  std::vector<std::string> columns;
  std::vector<std::string> units;           ///< one per column
  std::vector<std::vector<double>> values;  ///< values[column][record]
  [[nodiscard]] std::size_t size() const { return values.empty() ? 0 : values.front().size(); }
};

/// What a floor cell is, for pictures (a neutral copy of the model's cell kinds).
enum class LayoutCell : std::uint8_t {
  kWall = 0,
  kAisle = 1,
  kStorage = 2,
  kStation = 3,
  kBuffer = 4,
  kCharger = 5,
  kDock = 6,
};

/// The floor as the outputs draw it, independent of the model: cells[y * width + x] (a
/// LayoutCell value each) and labelled markers (stations, chargers, docks).
struct FloorLayout {
  struct Marker {
    std::string kind;   ///< "station", "charger", "dock"
    std::string label;  ///< e.g. "S1"
    int x = 0;
    int y = 0;
  };
  int width = 0;
  int height = 0;
  double cell_size_m = 1.0;
  std::vector<std::uint8_t> cells;
  std::vector<Marker> markers;
  [[nodiscard]] bool empty() const { return cells.empty(); }
};

/// One executed event, as the trace keeps it.
struct TraceRecord {
  std::int64_t time_ticks = 0;  ///< microseconds since the start
  std::uint32_t component = 0;  ///< index into Trace::components
  std::uint32_t kind = 0;       ///< index into Trace::kinds
  std::uint64_t entity = 0;
  std::uint64_t payload = 0;
};

/// The event trace (detail level full): every fingerprinted event that passed the filter, in
/// execution order. `kinds` names each kind as "component.event".
struct Trace {
  std::vector<std::string> components;
  std::vector<std::string> kinds;
  std::vector<TraceRecord> records;
  std::string filter;  ///< the filter as given ("" = all events)
};

/// Everything one run measured.
struct RunResult {
  std::vector<KpiValue> kpis;  ///< declaration order
  std::vector<TimeSeries> series;
  std::vector<Table> tables;         ///< per station, per hour, ... (the model decides)
  std::vector<RecordTable> records;  ///< per order, ... (detail level standard and up)
  std::vector<Grid> grids;           ///< floor heatmaps (detail level standard and up)
  FloorLayout layout;                ///< the floor, for pictures
  Trace trace;                       ///< the event trace (detail level full)
  bool complete = true;              ///< false when the run was stopped before its horizon
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
  /// The record table or grid with this name, or nullptr.
  [[nodiscard]] const RecordTable* find_records(std::string_view name) const;
  [[nodiscard]] const Grid* find_grid(std::string_view name) const;
};

}  // namespace whsim::stats
