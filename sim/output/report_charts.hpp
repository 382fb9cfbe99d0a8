// The report's charts: each draws one inline SVG from a set of runs and keeps the numbers it
// was drawn from for the page's JSON block, or says what it needs when the result lacks it.
// Internal to the output layer; deterministic.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "output/report_data.hpp"

namespace whsim::output::report_charts {

/// One chart: its id (the key of its numbers in the JSON block and the SVG's data-chart), the
/// HTML (a figure, or a note that the result lacks the inputs) and the numbers it was drawn
/// from (empty when it was not drawn).
struct Chart {
  std::string id;
  std::string html;
  report_data::JsonObject data;
};

/// What the charts are drawn from, and the raw series they used (for the JSON block).
struct Context {
  report_data::RunSet set;
  const stats::FloorLayout* layout = nullptr;
  std::vector<std::string> used_series;  ///< first-use order, no duplicates
  /// Notes that a series was drawn, so its raw values go into the JSON block.
  void use(std::string_view name);
};

/// Units picked and orders completed per hour (differences of the cumulative series).
[[nodiscard]] Chart throughput(Context& ctx);
/// Pick cycle times of the orders: histogram (needs the order records) and CDF with p50, p90,
/// p95 and p99 (from the records, else from the KPI's percentiles).
[[nodiscard]] Chart cycle_time_histogram(Context& ctx);
[[nodiscard]] Chart cycle_time_cdf(Context& ctx);
/// Picker utilisation per station from the stations table.
[[nodiscard]] Chart station_utilisation(Context& ctx);
/// Pickers staffed over time.
[[nodiscard]] Chart staffing(Context& ctx);
/// Robots by state over time (stacked areas) and the time-averaged shares (one stacked bar).
[[nodiscard]] Chart robot_states(Context& ctx);
[[nodiscard]] Chart robot_state_shares(Context& ctx);
/// Queue lengths over time: robots queued at stations, trips waiting for a robot, lines
/// waiting for a pod.
[[nodiscard]] Chart queues(Context& ctx);
/// Stock on hand and cumulative backordered lines over time.
[[nodiscard]] Chart stock(Context& ctx);
/// Pod fill, SKUs out of stock and the holding cost per day over time (runs with inbound or lost
/// sales).
[[nodiscard]] Chart inventory(Context& ctx);
/// The inbound flow over time: trucks in the yard, doors busy, cases waiting for receiving, units
/// in the receiving buffer (runs with inbound).
[[nodiscard]] Chart inbound(Context& ctx);
/// The outbound flow over time: the pack queue, packers packing and blocked, packages in the
/// carrier lanes, outbound doors with a truck (runs with outbound).
[[nodiscard]] Chart outbound(Context& ctx);
/// Batteries over time: the fleet's state of charge, bays in use, robots waiting for a bay and
/// driving to a charger (runs with batteries).
[[nodiscard]] Chart batteries(Context& ctx);
/// Record accuracy over time (accuracy.ira, accuracy.units_off); with `audit`, the counts waiting
/// and the counters at work.
[[nodiscard]] Chart accuracy(Context& ctx, bool audit);
/// The cost per day split by component (labour, robots, energy, packaging, trucks, holding), with
/// each part of the cost per order (runs with costs).
[[nodiscard]] Chart cost_shares(Context& ctx);
/// A floor grid (robot visits, pod lifts) as colours on the layout.
[[nodiscard]] Chart heatmap(Context& ctx, std::string_view grid, std::string_view id, std::string_view title);

}  // namespace whsim::output::report_charts
