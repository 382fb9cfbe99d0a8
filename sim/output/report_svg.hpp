// SVG building blocks of the HTML report and the layout picture: text escaping and number
// formatting, nice axis ticks, plot panels with axes, lines with bands, legends, colour scales
// and the floor drawn as merged rectangles. Internal to the output layer. Pure functions of
// their arguments: never reads clocks or files, never iterates an unordered container.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "whsim/stats/run_result.hpp"

namespace whsim::output::chart {

/// Escapes text for HTML and XML content and attribute values (& < > " ').
[[nodiscard]] std::string escape(std::string_view text);
/// An SVG coordinate or length: rounded to 0.1, without a trailing ".0".
[[nodiscard]] std::string num(double v);
/// A value for people: integers exactly (with thin-space thousands groups), other values with 4
/// significant digits; "–" for NaN and infinities.
[[nodiscard]] std::string pretty(double v);
/// A duration for people: "45 s", "12 min 5 s", "3 h 20 min", "2 d 4 h".
[[nodiscard]] std::string pretty_duration(double seconds);

/// A closed interval of data values.
struct Range {
  double lo = 0.0;
  double hi = 1.0;
};

/// Axis ticks at a nice step (1, 2, 2.5 or 5 times a power of ten).
struct Ticks {
  std::vector<double> values;
  double step = 1.0;
};

/// Ticks inside [lo, hi] at a nice step giving about `target` intervals.
[[nodiscard]] Ticks nice_ticks(Range r, int target);
/// `r` widened to the enclosing multiples of a nice step (for value axes); a degenerate range
/// becomes a unit-wide one.
[[nodiscard]] Range nice_range(Range r, int target);
/// The smallest and largest finite value (lo > hi when there is none).
[[nodiscard]] Range finite_range(std::span<const double> values);

/// How axis tick labels are written.
enum class TickStyle : std::uint8_t {
  kPlain,    ///< 0, 2.5, 1200, 15k
  kPercent,  ///< fractions as 0%, 25%, 100%
};
/// A tick label for `v` on an axis with tick step `step`.
[[nodiscard]] std::string tick_label(double v, double step, TickStyle style);

/// A plot area in SVG units and the data ranges mapped onto it (y grows upwards).
struct Panel {
  double x = 0.0;
  double y = 0.0;
  double w = 0.0;
  double h = 0.0;
  Range xr;
  Range yr;
  Ticks xt;
  Ticks yt;
  TickStyle x_style = TickStyle::kPlain;
  TickStyle y_style = TickStyle::kPlain;
  /// SVG coordinates of data values.
  [[nodiscard]] double sx(double v) const;
  [[nodiscard]] double sy(double v) const;
};

/// A panel at (x, y, w, h) showing xr exactly (time axes) and yr widened to nice ticks.
[[nodiscard]] Panel make_panel(double x, double y, double w, double h, Range xr, Range yr);

/// Grid lines, ticks, tick labels and axis titles of a panel. `x_labels` false: ticks without
/// labels or title (the upper panels of a stack that share the x axis).
[[nodiscard]] std::string draw_axes(const Panel& p, std::string_view x_title, std::string_view y_title,
                                    bool x_labels = true);

/// One line of a chart: y over x, optionally with a band [lo, hi] (min–max over runs).
struct Line {
  std::string label;
  std::string colour;
  std::vector<double> x;
  std::vector<double> y;
  std::vector<double> lo;  ///< empty: no band
  std::vector<double> hi;
  /// Drawn as steps: y[i] holds over (x[i-1], x[i]], the first step starting at step_from.
  bool step = false;
  double step_from = 0.0;
  bool dashed = false;
};
/// Bands, then lines (skipping NaN points), clipped to nothing: values are inside the panel.
[[nodiscard]] std::string draw_lines(const Panel& p, std::span<const Line> lines);

/// A legend entry: a coloured swatch and its text.
struct LegendItem {
  std::string label;
  std::string colour;
  bool band = false;  ///< a pale band swatch ("min–max over runs")
  bool box = false;   ///< a filled square swatch (areas, bars)
  bool dashed = false;
};
/// A legend laid out in rows from (x, y) within `width`; adds the rows' height to `height`.
[[nodiscard]] std::string draw_legend(std::span<const LegendItem> items, double x, double y, double width,
                                      double& height);

/// The outer <svg> of a chart: responsive (viewBox), with an accessible title and the title
/// drawn at the top left.
[[nodiscard]] std::string chart_svg(std::string_view id, std::string_view title, double width, double height,
                                    std::string_view body);

/// Estimated width of `text` at `font_size` in the system sans-serif font.
[[nodiscard]] double text_width(std::string_view text, double font_size);

/// The categorical palette (colour-blind friendly), cycled.
[[nodiscard]] std::string palette(std::size_t i);
/// A sequential colour (pale yellow to dark red) for t in [0, 1].
[[nodiscard]] std::string heat_colour(double t);

/// Colour and name of a floor cell kind (stats::LayoutCell value); `muted` for the heatmap's
/// background.
[[nodiscard]] std::string cell_colour(std::uint8_t kind, bool muted);
[[nodiscard]] std::string_view cell_name(std::uint8_t kind);

/// A rectangle of equal cells in cell units.
struct FloorRect {
  int x = 0;
  int y = 0;
  int w = 0;
  int h = 0;
  std::uint8_t kind = 0;
};
/// The floor as few rectangles: the most common kind as one background rectangle, every other
/// run of equal cells in a row merged, and equal runs in consecutive rows merged into one
/// rectangle. When that still needs more than `max_rects`, blocks of block x block cells are
/// drawn with their most common kind (block 2, 4, 8, ... until it fits).
struct FloorRects {
  int block = 1;
  std::uint8_t background = 1;
  std::vector<FloorRect> rects;  ///< in cell units, clipped to the floor
  std::vector<bool> present;     ///< per kind (0..6): drawn somewhere
};
[[nodiscard]] FloorRects merge_floor(const stats::FloorLayout& layout, std::size_t max_rects);

/// The opening <g> of a group that maps cell (x, y) to (ox + x s, oy + y s). Edges are drawn
/// crisp when a drawn square (`square` cells) is at least 1.5 units wide; smaller ones are
/// anti-aliased so that a big floor blends instead of showing moire.
[[nodiscard]] std::string floor_group(double ox, double oy, double s, int square);
/// The floor rectangles as SVG, in a floor_group.
[[nodiscard]] std::string draw_floor(const FloorRects& floor, int width, int height, double ox, double oy,
                                     double s, bool muted);

/// Labels of the layout's markers (stations, chargers, docks) on a floor drawn at (ox, oy) with
/// `s` units per cell; `kinds` limits which marker kinds are labelled ("" = all).
[[nodiscard]] std::string draw_marker_labels(const stats::FloorLayout& layout, double ox, double oy, double s,
                                             std::string_view kinds);

/// A scale bar for a floor `cells_wide` cells wide drawn with `s` units per cell, starting at
/// (x, y): the round number of metres (1, 2 or 5 times a power of ten) nearest a fifth of the
/// floor's width, shorter when that would exceed `max_length` units.
[[nodiscard]] std::string draw_scale_bar(double cell_size_m, double s, int cells_wide, double x, double y,
                                         double max_length);

/// The cell size for captions: "1.0 m", "0.5 m", "1.25 m".
[[nodiscard]] std::string cell_size_text(double cell_size_m);

}  // namespace whsim::output::chart
