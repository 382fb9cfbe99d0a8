// The numbers behind the report's charts: runs grouped into a set (one line per set), time
// series aligned across runs and summarised as mean and min–max, throughput from cumulative
// counts, pick cycle times from the order records, and a small JSON writer whose numbers are
// printed shortest-round-trip. Internal to the output layer; deterministic (no clocks, no
// unordered containers).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "whsim/stats/run_result.hpp"

namespace whsim::output::report_data {

/// Microsecond ticks per hour and per second, as doubles for axis values.
inline constexpr double kTicksPerHour = 3.6e9;
inline constexpr double kTicksPerSecond = 1e6;

/// A JSON object built key by key, in insertion order. Numbers are written with fmt "{}"
/// (shortest round-trip); NaN and infinities become null. Strings are escaped so that the text
/// can sit inside an HTML <script> element ("</" is written "<\/", "<!" as "\u003c!") and holds
/// no "://" ("//" after ":" is written "\/\/").
class JsonObject {
 public:
  JsonObject& number(std::string_view key, double v);
  JsonObject& integer(std::string_view key, std::int64_t v);
  JsonObject& boolean(std::string_view key, bool v);
  JsonObject& string(std::string_view key, std::string_view v);
  JsonObject& numbers(std::string_view key, std::span<const double> v);
  JsonObject& strings(std::string_view key, std::span<const std::string> v);
  /// An array of arrays of numbers.
  JsonObject& number_rows(std::string_view key, std::span<const std::vector<double>> rows);
  /// An array of arrays of strings.
  JsonObject& string_rows(std::string_view key, std::span<const std::vector<std::string>> rows);
  /// An array of objects.
  JsonObject& objects(std::string_view key, std::span<const JsonObject> items);
  JsonObject& object(std::string_view key, const JsonObject& v);
  [[nodiscard]] bool empty() const { return body_.empty(); }
  [[nodiscard]] std::string dump() const { return "{" + body_ + "}"; }

 private:
  void key(std::string_view k);
  std::string body_;
};

/// A JSON number (fmt "{}") or null.
[[nodiscard]] std::string json_number(double v);
/// A JSON string literal, escaped as JsonObject describes.
[[nodiscard]] std::string json_string(std::string_view s);

/// The runs one line of a chart summarises: replications of one scenario (of one point of a
/// sweep; report_sweep.hpp groups a sweep's runs by point).
struct RunSet {
  std::string label;
  std::vector<const stats::RunResult*> runs;
};

/// A time series of every run of a set that has it, cut to the samples all of them share
/// (equal ticks from the start).
struct AlignedSeries {
  std::string name;
  std::string unit;
  std::vector<std::int64_t> ticks;
  std::vector<std::vector<double>> runs;  ///< runs[r][i]
};
/// nullopt when no run of the set has the series or it has no samples.
[[nodiscard]] std::optional<AlignedSeries> align_series(const RunSet& set, std::string_view name);
/// Every `stride`-th sample and the last one (stride 1: unchanged).
[[nodiscard]] AlignedSeries thin(const AlignedSeries& s, std::size_t stride);
/// The stride that leaves at most `max_points` samples.
[[nodiscard]] std::size_t stride_for(std::size_t samples, std::size_t max_points);

/// Per index: the mean of the runs' values, and their minimum and maximum. With one run, mean,
/// lo and hi are that run's values exactly. NaN values are left out; NaN where all are NaN.
struct Summary {
  std::vector<double> mean;
  std::vector<double> lo;
  std::vector<double> hi;
};
[[nodiscard]] Summary summarise(std::span<const std::vector<double>> runs);

/// Sample times as hours (ticks / 3.6e9) and seconds (ticks / 1e6).
[[nodiscard]] std::vector<double> hours(std::span<const std::int64_t> ticks);
[[nodiscard]] std::vector<double> seconds(std::span<const std::int64_t> ticks);

/// Sample indices that bound the throughput bins: 0, k, 2k, ... and the last sample. k is 1
/// when there are at most `max_bins` intervals; otherwise the smallest k whose bin is a round
/// duration (1, 2, 5, 10, 15, 20, 30 min, 1, 2, 3, 4, 6, 12 h, days) giving at most max_bins
/// bins, or ceil(intervals / max_bins) when the sample interval divides none of them.
[[nodiscard]] std::vector<std::size_t> bin_edges(std::span<const std::int64_t> ticks, std::size_t max_bins);
/// Rates per hour of a cumulative count over the bins: (c[e1] - c[e0]) / ((t[e1] - t[e0]) / 3.6e9).
[[nodiscard]] std::vector<double> rates_per_hour(std::span<const std::int64_t> ticks,
                                                 std::span<const double> cumulative,
                                                 std::span<const std::size_t> edges);

/// The value of a KPI field in every run of the set that has the KPI (NaN kept).
[[nodiscard]] std::vector<double> kpi_values(const RunSet& set, std::string_view name,
                                             double stats::KpiValue::*field);
/// The mean of the finite values (NaN when there is none).
[[nodiscard]] double mean_of(std::span<const double> values);

/// Pick cycle times (completed_s - arrived_s) of every order of every run of the set that was
/// completed in the run's measured window (completed_s >= measured_from, as the KPI
/// orders.pick_cycle_time counts them), sorted ascending. Empty when no run has order records
/// with those columns.
[[nodiscard]] std::vector<double> cycle_times(const RunSet& set);
/// Percentile of sorted values by linear interpolation between order statistics
/// (x[floor(h)] + (h - floor(h)) (x[floor(h)+1] - x[floor(h)]), h = (n - 1) q); NaN when empty.
[[nodiscard]] double percentile(std::span<const double> sorted, double q);

}  // namespace whsim::output::report_data
