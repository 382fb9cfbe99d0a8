// Pictures of results: the self-contained HTML report (inline SVG charts, the numbers behind
// each chart embedded as JSON) and the floor layout as SVG. No network, no scripts or fonts
// from elsewhere.
#pragma once

#include <string>
#include <string_view>

#include "whsim/output/result.hpp"

namespace whsim::output {

/// report.html for a result: KPI table, throughput over time, pick cycle-time histogram and
/// CDF with percentiles, station and picker utilisation, robot time by state, queue lengths,
/// stock and backorders, the floor heatmap on the layout. With several runs (replications),
/// KPIs carry confidence intervals (the experiment's level, else 95%) and time series show the
/// mean with a band. A sweep's result gets a Sweep section (every point's headline KPIs with
/// intervals, and a chart against the first numeric key); the other sections show one point.
[[nodiscard]] std::string render_report(const ResultData& data);

/// The floor as an SVG picture: storage, aisles, stations, buffers, chargers, docks, labelled,
/// with a legend and a scale bar. `title` is shown above the floor.
[[nodiscard]] std::string render_layout_svg(const stats::FloorLayout& layout, std::string_view title);

}  // namespace whsim::output
