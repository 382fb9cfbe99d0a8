// The report's charts (see report_charts.hpp). Each chart keeps, in Chart::data, exactly the
// arrays its SVG was drawn from; axis units are chosen for reading, the JSON keeps SI units.
#include "output/report_charts.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <optional>
#include <span>

#include <fmt/format.h>

#include "output/report_svg.hpp"

namespace whsim::output::report_charts {
namespace {

namespace rd = report_data;

constexpr double kWidth = 800.0;
constexpr double kLeft = 76.0;  // room for y tick labels and the y title
constexpr double kRight = 20.0;
constexpr double kLegendTop = 40.0;
constexpr double kBottom = 46.0;  // x tick labels and title
constexpr std::size_t kMaxPoints = 1200;
constexpr std::size_t kMaxBins = 120;
constexpr std::size_t kMaxCdfPoints = 1000;
constexpr std::size_t kMaxHeatCells = 62'500;
constexpr std::size_t kMaxFloorRects = 40'000;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr std::array<double, 4> kQuantiles = {0.5, 0.9, 0.95, 0.99};
constexpr std::array<const char*, 4> kQuantileNames = {"p50", "p90", "p95", "p99"};
constexpr std::array<const char*, 4> kQuantileColours = {"#1b7837", "#b35806", "#c51b7d", "#542788"};
constexpr std::string_view kStatePrefix = "robots.state.";

/// A note in place of a chart whose inputs the result does not hold.
std::string missing(std::string_view what, std::string_view needs) {
  return fmt::format(R"(<p class="missing"><strong>{}</strong>: not recorded in this result ({}).</p>)",
                     chart::escape(what), chart::escape(needs));
}

/// A chart with its caption (`caption_html` is already escaped).
std::string figure(const std::string& svg, std::string_view caption_html) {
  return fmt::format(R"(<figure class="chart-figure">{}<figcaption>{}</figcaption></figure>)", svg,
                     caption_html);
}

/// " Lines: mean of n runs; ..." for captions of charts over several runs.
std::string band_note(std::size_t runs) {
  if (runs <= 1) return "";
  return fmt::format(" Lines show the mean of {} runs; the shaded band spans their minimum to maximum.",
                     runs);
}

/// A line over x from a summary: the mean, with the min–max band when there are several runs.
chart::Line make_line(std::vector<double> x, const rd::Summary& s, std::size_t runs, std::string label,
                      std::string colour) {
  chart::Line l;
  l.label = std::move(label);
  l.colour = std::move(colour);
  l.x = std::move(x);
  l.y = s.mean;
  if (runs > 1) {
    l.lo = s.lo;
    l.hi = s.hi;
  }
  return l;
}

/// The summary under `key` (the mean; with several runs also key_min and key_max).
void put_summary(rd::JsonObject& o, const std::string& key, const rd::Summary& s, std::size_t runs) {
  o.numbers(key, s.mean);
  if (runs > 1) {
    o.numbers(key + "_min", s.lo);
    o.numbers(key + "_max", s.hi);
  }
}

/// Finite range of the lines' values and bands, always including zero.
chart::Range value_range(std::span<const chart::Line> lines) {
  chart::Range r{0.0, 0.0};
  for (const chart::Line& l : lines) {
    for (const auto* v : {&l.y, &l.lo, &l.hi}) {
      const chart::Range f = chart::finite_range(*v);
      if (f.lo <= f.hi) {
        r.lo = std::min(r.lo, f.lo);
        r.hi = std::max(r.hi, f.hi);
      }
    }
  }
  return r;
}

/// One panel of a stacked time chart.
struct PanelSpec {
  std::string heading;
  std::string y_title;
  std::vector<chart::Line> lines;
};

/// Panels stacked over one time axis (hours), the legend above them.
std::string panels_svg(std::string_view id, std::string_view title, chart::Range xr,
                       std::span<const PanelSpec> panels, std::span<const chart::LegendItem> legend,
                       double panel_h) {
  double legend_h = 0.0;
  std::string body = chart::draw_legend(legend, kLeft, kLegendTop, kWidth - kLeft - kRight, legend_h);
  double y = kLegendTop + legend_h - 4.0;
  for (std::size_t i = 0; i < panels.size(); ++i) {
    const PanelSpec& spec = panels[i];
    if (!spec.heading.empty()) {
      body += fmt::format(R"(<text x="{}" y="{}" font-size="12" font-weight="600" fill="#444">{}</text>)",
                          chart::num(kLeft), chart::num(y + 14), chart::escape(spec.heading));
      y += 18.0;
    }
    y += 8.0;
    const chart::Panel p =
        chart::make_panel(kLeft, y, kWidth - kLeft - kRight, panel_h, xr, value_range(spec.lines));
    const bool last = i + 1 == panels.size();
    body += chart::draw_axes(p, "time since start (h)", spec.y_title, last);
    body += chart::draw_lines(p, spec.lines);
    y += panel_h + (last ? kBottom : 10.0);
  }
  return chart::chart_svg(id, title, kWidth, y, body);
}

/// How a duration axis is labelled: seconds, minutes or hours, chosen from a typical value.
struct TimeUnit {
  double factor = 1.0;
  const char* name = "s";
};

TimeUnit time_unit(double typical_seconds) {
  if (!(typical_seconds > 300.0)) return {1.0, "s"};
  if (typical_seconds <= 5.0 * 3600.0) return {60.0, "min"};
  return {3600.0, "h"};
}

std::string duration_label(double seconds, const TimeUnit& u) {
  return fmt::format("{:.3g} {}", seconds / u.factor, u.name);
}

/// Pick cycle times: from the order records, else the percentiles of the KPI.
struct CycleData {
  std::vector<double> sorted;  ///< seconds, ascending (records only)
  std::array<double, 4> pct{kNaN, kNaN, kNaN, kNaN};
  double min = kNaN;
  double max = kNaN;
  bool from_records = false;
  [[nodiscard]] bool any() const { return from_records || std::isfinite(pct[0]); }
};

CycleData cycle_data(const Context& ctx) {
  CycleData d;
  d.sorted = rd::cycle_times(ctx.set);
  if (!d.sorted.empty()) {
    d.from_records = true;
    for (std::size_t i = 0; i < kQuantiles.size(); ++i) d.pct[i] = rd::percentile(d.sorted, kQuantiles[i]);
    d.min = d.sorted.front();
    d.max = d.sorted.back();
    return d;
  }
  constexpr std::string_view kKpi = "orders.pick_cycle_time";
  const std::array<double stats::KpiValue::*, 4> fields = {&stats::KpiValue::p50, &stats::KpiValue::p90,
                                                           &stats::KpiValue::p95, &stats::KpiValue::p99};
  for (std::size_t i = 0; i < fields.size(); ++i)
    d.pct[i] = rd::mean_of(rd::kpi_values(ctx.set, kKpi, fields[i]));
  const chart::Range lo = chart::finite_range(rd::kpi_values(ctx.set, kKpi, &stats::KpiValue::min));
  const chart::Range hi = chart::finite_range(rd::kpi_values(ctx.set, kKpi, &stats::KpiValue::max));
  d.min = lo.lo <= lo.hi ? lo.lo : kNaN;
  d.max = hi.lo <= hi.hi ? hi.hi : kNaN;
  return d;
}

rd::JsonObject percentiles_json(const CycleData& d) {
  rd::JsonObject o;
  for (std::size_t i = 0; i < kQuantiles.size(); ++i) o.number(kQuantileNames[i], d.pct[i]);
  return o;
}

/// Vertical percentile lines with labels stacked from the top of the panel.
std::string percentile_lines(const chart::Panel& p, const CycleData& d, const TimeUnit& u) {
  std::string o;
  for (std::size_t i = 0; i < kQuantiles.size(); ++i) {
    const double v = d.pct[i] / u.factor;
    if (!std::isfinite(v) || v < p.xr.lo || v > p.xr.hi) continue;
    const double x = p.sx(v);
    const bool right = x > p.x + p.w - 130.0;
    o += fmt::format(
        R"(<line x1="{0}" y1="{1}" x2="{0}" y2="{2}" stroke="{3}" stroke-width="1.4" stroke-dasharray="4 3"/>)",
        chart::num(x), chart::num(p.y), chart::num(p.y + p.h), kQuantileColours[i]);
    o += fmt::format(
        R"(<text x="{}" y="{}" font-size="11" fill="{}" text-anchor="{}" stroke="#fff" stroke-width="3" paint-order="stroke">{} {}</text>)",
        chart::num(x + (right ? -4.0 : 4.0)), chart::num(p.y + 12.0 + 13.0 * static_cast<double>(i)),
        kQuantileColours[i], right ? "end" : "start", kQuantileNames[i],
        chart::escape(duration_label(d.pct[i], u)));
  }
  return o;
}

/// Legend entries for the percentile markers.
std::vector<chart::LegendItem> percentile_legend() {
  std::vector<chart::LegendItem> items;
  for (std::size_t i = 0; i < kQuantiles.size(); ++i)
    items.push_back({kQuantileNames[i], kQuantileColours[i]});
  return items;
}

/// The CDF's points: every order (or an evenly spaced selection of ranks, the last included)
/// with the fraction of orders done within that time; from the KPI, its percentiles.
void cdf_points(const CycleData& d, std::vector<double>& xs, std::vector<double>& fs) {
  if (d.from_records) {
    const std::size_t n = d.sorted.size();
    const std::size_t points = std::min(n, kMaxCdfPoints);
    for (std::size_t j = 0; j < points; ++j) {
      const std::size_t r = points == 1 ? n - 1 : (j * (n - 1) + (points - 1) / 2) / (points - 1);
      xs.push_back(d.sorted[r]);
      fs.push_back(static_cast<double>(r + 1) / static_cast<double>(n));
    }
    return;
  }
  const std::array<double, 6> x = {d.min, d.pct[0], d.pct[1], d.pct[2], d.pct[3], d.max};
  const std::array<double, 6> f = {0.0, 0.5, 0.9, 0.95, 0.99, 1.0};
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (!std::isfinite(x[i])) continue;
    xs.push_back(x[i]);
    fs.push_back(f[i]);
  }
}

/// Markers on the CDF at each percentile, labels pushed apart vertically.
std::string cdf_markers(const chart::Panel& p, const CycleData& d, const TimeUnit& u) {
  std::string o;
  double label_y = -1e9;
  for (std::size_t k = kQuantiles.size(); k-- > 0;) {
    const double v = d.pct[k] / u.factor;
    if (!std::isfinite(v)) continue;
    const double x = p.sx(v);
    const double y = p.sy(kQuantiles[k]);
    o += fmt::format(R"(<line x1="{0}" y1="{1}" x2="{0}" y2="{2}" stroke="{3}" stroke-dasharray="4 3"/>)",
                     chart::num(x), chart::num(y), chart::num(p.y + p.h), kQuantileColours[k]);
    o += fmt::format(R"(<circle cx="{}" cy="{}" r="3.5" fill="{}"/>)", chart::num(x), chart::num(y),
                     kQuantileColours[k]);
    label_y = std::max(y + 16.0, label_y + 13.0);
    o += fmt::format(
        R"(<text x="{}" y="{}" font-size="11" fill="{}" stroke="#fff" stroke-width="3" paint-order="stroke">{} {}</text>)",
        chart::num(x + 6.0), chart::num(label_y), kQuantileColours[k], kQuantileNames[k],
        chart::escape(duration_label(d.pct[k], u)));
  }
  return o;
}

/// A series drawn in a panel of its own.
struct SeriesSpec {
  const char* series;
  const char* heading;
  const char* y_title;
};

/// Time series in stacked panels; the numbers under "time_h" and each series' name.
Chart series_panels(Context& ctx, std::string_view id, std::string_view title,
                    std::span<const SeriesSpec> specs, double panel_h, std::string_view explain) {
  Chart c{std::string(id), "", {}};
  std::vector<PanelSpec> panels;
  std::vector<chart::LegendItem> legend;
  std::vector<std::string> absent;
  std::optional<std::vector<std::int64_t>> ticks;
  std::size_t runs = 0;
  for (std::size_t i = 0; i < specs.size(); ++i) {
    std::optional<rd::AlignedSeries> s = rd::align_series(ctx.set, specs[i].series);
    if (s && ticks && s->ticks != *ticks) s.reset();
    if (!s) {
      absent.emplace_back(specs[i].series);
      continue;
    }
    if (!ticks) {
      ticks = s->ticks;
      const rd::AlignedSeries thinned = rd::thin(*s, rd::stride_for(s->ticks.size(), kMaxPoints));
      c.data.numbers("time_h", rd::hours(thinned.ticks));
    }
    ctx.use(s->name);
    runs = std::max(runs, s->runs.size());
    const rd::AlignedSeries thinned = rd::thin(*s, rd::stride_for(s->ticks.size(), kMaxPoints));
    const rd::Summary sum = rd::summarise(thinned.runs);
    put_summary(c.data, s->name, sum, s->runs.size());
    const std::string label = fmt::format("{} ({})", s->name, s->unit);
    panels.push_back({specs[i].heading,
                      specs[i].y_title,
                      {make_line(rd::hours(thinned.ticks), sum, s->runs.size(), label, chart::palette(i))}});
    legend.push_back({label, chart::palette(i)});
  }
  if (panels.empty()) {
    std::string names;
    for (const auto& spec : specs) names += (names.empty() ? "" : ", ") + std::string(spec.series);
    c.html = missing(title, "needs the time series " + names + "; detail standard or full");
    return c;
  }
  c.data.integer("runs", static_cast<std::int64_t>(runs));
  if (runs > 1) legend.push_back({"min\xe2\x80\x93max over runs", "#888888", true});
  const std::vector<double> t = rd::hours(*ticks);
  const std::string svg = panels_svg(id, title, {t.front(), t.back()}, panels, legend, panel_h);
  std::string caption = chart::escape(explain) + band_note(runs);
  if (!absent.empty()) {
    std::string names;
    for (const auto& a : absent) names += (names.empty() ? "" : ", ") + a;
    caption += " Not recorded in this result: " + chart::escape(names) + ".";
  }
  c.html = figure(svg, caption);
  return c;
}

/// The names of the robots.state.* series, in the order of the first run that has any.
std::vector<std::string> state_series(const rd::RunSet& set) {
  std::vector<std::string> names;
  for (const stats::RunResult* run : set.runs) {
    for (const stats::TimeSeries& s : run->series) {
      if (s.name.starts_with(kStatePrefix)) names.push_back(s.name);
    }
    if (!names.empty()) break;
  }
  return names;
}

/// The names of the robots.state.* KPIs, in the order of the first run that has any.
std::vector<std::string> state_kpis(const rd::RunSet& set) {
  std::vector<std::string> names;
  for (const stats::RunResult* run : set.runs) {
    for (const stats::KpiValue& k : run->kpis) {
      if (k.name.starts_with(kStatePrefix)) names.push_back(k.name);
    }
    if (!names.empty()) break;
  }
  return names;
}

std::string short_state(const std::string& name) {
  return name.substr(kStatePrefix.size());
}

/// A grid averaged over the runs that have it with the first one's size.
struct MeanGrid {
  const stats::Grid* first = nullptr;
  std::vector<double> values;
  std::size_t runs = 0;
};

MeanGrid mean_grid(const rd::RunSet& set, std::string_view name) {
  MeanGrid m;
  for (const stats::RunResult* run : set.runs) {
    const stats::Grid* g = run->find_grid(name);
    if (g == nullptr || g->width <= 0 || g->height <= 0) continue;
    const auto size = static_cast<std::size_t>(g->width) * static_cast<std::size_t>(g->height);
    if (g->values.size() != size) continue;
    if (m.first == nullptr) {
      m.first = g;
      m.values.assign(size, 0.0);
    }
    if (g->width != m.first->width || g->height != m.first->height) continue;
    for (std::size_t i = 0; i < size; ++i) m.values[i] += g->values[i];
    ++m.runs;
  }
  if (m.runs > 1) {
    for (double& v : m.values) v /= static_cast<double>(m.runs);
  }
  return m;
}

/// Block sums of a width x height grid in block x block squares.
std::vector<double> block_sums(const std::vector<double>& values, int width, int height, int block) {
  const int bw = (width + block - 1) / block;
  const int bh = (height + block - 1) / block;
  std::vector<double> out(static_cast<std::size_t>(bw) * static_cast<std::size_t>(bh), 0.0);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      const double v =
          values[static_cast<std::size_t>(y) * static_cast<std::size_t>(width) + static_cast<std::size_t>(x)];
      if (std::isfinite(v)) {
        out[static_cast<std::size_t>(y / block) * static_cast<std::size_t>(bw) +
            static_cast<std::size_t>(x / block)] += v;
      }
    }
  }
  return out;
}

/// Position of a value on the heatmap's log colour scale.
double heat_t(double v, double max) {
  if (!(max > 0) || !(v > 0)) return 0.0;
  return std::log10(1.0 + v) / std::log10(1.0 + max);
}

/// The colour scale: a strip with ticks at 0, 1, 10, 100, ... and the maximum.
std::string heat_legend(double max, std::string_view title, double x, double y) {
  constexpr double kStripW = 260.0;
  constexpr int kSteps = 64;
  std::string o = fmt::format(
      R"(<g class="colour-scale" font-size="11" fill="#333"><text x="{}" y="{}" font-size="12">{}</text>)",
      chart::num(x), chart::num(y), chart::escape(title));
  for (int i = 0; i < kSteps; ++i) {
    const double t = (i + 0.5) / kSteps;
    o += fmt::format(R"(<rect x="{}" y="{}" width="{}" height="12" fill="{}"/>)",
                     chart::num(x + kStripW * i / kSteps), chart::num(y + 8),
                     chart::num(kStripW / kSteps + 0.3), chart::heat_colour(t));
  }
  o += fmt::format(
      R"(<rect x="{}" y="{}" width="{}" height="12" fill="none" stroke="#999" stroke-width="0.5"/>)",
      chart::num(x), chart::num(y + 8), chart::num(kStripW));
  double last_x = -100.0;
  for (int power = 0; std::pow(10.0, power) <= max; ++power) {
    const double v = std::pow(10.0, power);
    const double tx = x + kStripW * heat_t(v, max);
    if (tx - last_x < 28.0 || x + kStripW - tx < 28.0) continue;
    o += fmt::format(
        R"(<line x1="{0}" y1="{1}" x2="{0}" y2="{2}" stroke="#333"/><text x="{0}" y="{3}" text-anchor="middle">{4}</text>)",
        chart::num(tx), chart::num(y + 20), chart::num(y + 24), chart::num(y + 35), chart::pretty(v));
    last_x = tx;
  }
  o += fmt::format(R"(<text x="{}" y="{}" text-anchor="middle">0</text>)", chart::num(x), chart::num(y + 35));
  o += fmt::format(R"(<text x="{}" y="{}" text-anchor="middle">{}</text>)", chart::num(x + kStripW),
                   chart::num(y + 35), chart::pretty(max));
  return o + "</g>";
}

/// Swatches of the muted floor kinds drawn under the heatmap.
std::string floor_legend(const chart::FloorRects& floor, double x, double y) {
  std::string o = R"(<g class="legend" font-size="11" fill="#333">)";
  double cx = x;
  for (std::size_t i = 0; i < floor.present.size(); ++i) {
    if (!floor.present[i]) continue;
    const auto k = static_cast<std::uint8_t>(i);
    o += fmt::format(
        R"(<rect x="{}" y="{}" width="12" height="12" fill="{}" stroke="#999" stroke-width="0.5"/>)",
        chart::num(cx), chart::num(y + 8), chart::cell_colour(k, true));
    o += fmt::format(R"(<text x="{}" y="{}">{}</text>)", chart::num(cx + 16), chart::num(y + 18),
                     chart::cell_name(k));
    cx += 26.0 + chart::text_width(chart::cell_name(k), 11.0);
  }
  return o + "</g>";
}

}  // namespace

void Context::use(std::string_view name) {
  if (std::find(used_series.begin(), used_series.end(), name) == used_series.end())
    used_series.emplace_back(name);
}

Chart throughput(Context& ctx) {
  Chart c{"throughput", "", {}};
  std::optional<rd::AlignedSeries> units = rd::align_series(ctx.set, "units.picked");
  std::optional<rd::AlignedSeries> orders = rd::align_series(ctx.set, "orders.completed");
  if (units && orders && units->ticks != orders->ticks) orders.reset();
  const rd::AlignedSeries* base = units ? &*units : orders ? &*orders : nullptr;
  if (base == nullptr || base->ticks.size() < 2) {
    c.html =
        missing("Throughput over time",
                "needs the time series units.picked or orders.completed with two samples or more; detail "
                "standard or full");
    return c;
  }
  const std::vector<std::size_t> edges = rd::bin_edges(base->ticks, kMaxBins);
  std::vector<double> time_h;
  for (std::size_t j = 1; j < edges.size(); ++j) {
    time_h.push_back(static_cast<double>(base->ticks[edges[j]]) / rd::kTicksPerHour);
  }
  const double bin_s =
      static_cast<double>(base->ticks[edges[1]] - base->ticks[edges[0]]) / rd::kTicksPerSecond;
  const double start_h = static_cast<double>(base->ticks.front()) / rd::kTicksPerHour;
  c.data.numbers("time_h", time_h).number("bin_s", bin_s);
  std::vector<PanelSpec> panels;
  std::vector<chart::LegendItem> legend;
  const auto add = [&](const std::optional<rd::AlignedSeries>& s, const std::string& key, const char* label,
                       const char* y_title, std::size_t colour) {
    if (!s) return;
    ctx.use(s->name);
    std::vector<std::vector<double>> per_run;
    for (const auto& r : s->runs) per_run.push_back(rd::rates_per_hour(s->ticks, r, edges));
    const rd::Summary sum = rd::summarise(per_run);
    put_summary(c.data, key, sum, s->runs.size());
    chart::Line l = make_line(time_h, sum, s->runs.size(), label, chart::palette(colour));
    l.step = true;
    l.step_from = start_h;
    panels.push_back({label, y_title, {l}});
    legend.push_back({label, chart::palette(colour)});
  };
  add(units, "units_per_h", "units picked per hour", "units / h", 0);
  add(orders, "orders_per_h", "orders completed per hour", "orders / h", 1);
  const std::size_t runs = base->runs.size();
  c.data.integer("runs", static_cast<std::int64_t>(runs));
  if (runs > 1) legend.push_back({"min\xe2\x80\x93max over runs", "#888888", true});
  const std::string svg =
      panels_svg("throughput", "Throughput over time", {start_h, time_h.back()}, panels, legend, 150.0);
  c.html = figure(
      svg, fmt::format("Units picked and orders completed per hour, in bins of {}: the increase of the "
                       "cumulative series units.picked and orders.completed over each bin divided by "
                       "its length.{}",
                       chart::pretty_duration(bin_s), band_note(runs)));
  return c;
}

Chart cycle_time_histogram(Context& ctx) {
  Chart c{"cycle_time_histogram", "", {}};
  const CycleData d = cycle_data(ctx);
  if (!d.from_records) {
    c.html = missing("Pick cycle-time histogram",
                     "needs the order records (arrived_s, completed_s); detail standard or full");
    return c;
  }
  const double p99 = d.pct[3];
  double upper = std::max(d.max, 0.0);
  if (d.sorted.size() >= 100 && p99 > 0 && d.max > 2.0 * p99) upper = 1.25 * p99;  // a long tail: overflow
  const TimeUnit u = time_unit(p99 > 0 ? p99 : d.max);
  const chart::Ticks t = chart::nice_ticks({0.0, upper > 0 ? upper / u.factor : 1.0}, 30);
  const double width_s = t.step * u.factor;
  const auto bins = static_cast<std::size_t>(std::max(1.0, std::ceil(upper / width_s - 1e-9)));
  std::vector<double> edges;
  for (std::size_t i = 0; i <= bins; ++i) edges.push_back(static_cast<double>(i) * width_s);
  std::vector<double> counts(bins, 0.0);
  std::int64_t overflow = 0;
  for (const double v : d.sorted) {
    const double b = std::floor(std::max(v, 0.0) / width_s);
    if (b < static_cast<double>(bins)) {
      counts[static_cast<std::size_t>(b)] += 1.0;
    } else if (v <= edges.back()) {
      counts.back() += 1.0;
    } else {
      ++overflow;
    }
  }
  c.data.numbers("bin_edges_s", edges).numbers("counts", counts).integer("overflow", overflow);
  c.data.integer("n", static_cast<std::int64_t>(d.sorted.size()))
      .object("percentiles_s", percentiles_json(d));
  c.data.string("display_unit", u.name);

  double legend_h = 0.0;
  std::vector<chart::LegendItem> legend = {
      {fmt::format("orders per {} bin", duration_label(width_s, u)), chart::palette(0), false, true}};
  for (const auto& item : percentile_legend()) legend.push_back(item);
  std::string body = chart::draw_legend(legend, kLeft, kLegendTop, kWidth - kLeft - kRight, legend_h);
  const double top = kLegendTop + legend_h + 4.0;
  const chart::Range counts_range = chart::finite_range(counts);
  const chart::Panel p =
      chart::make_panel(kLeft, top, kWidth - kLeft - kRight, 240.0, {0.0, edges.back() / u.factor},
                        {0.0, std::max(1.0, counts_range.hi)});
  body += chart::draw_axes(p, fmt::format("pick cycle time ({})", u.name), "orders");
  for (std::size_t i = 0; i < bins; ++i) {
    const double x0 = p.sx(edges[i] / u.factor);
    const double x1 = p.sx(edges[i + 1] / u.factor);
    const double gap = x1 - x0 > 4.0 ? 1.0 : 0.0;
    body += fmt::format(
        R"(<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}–{}: {} orders</title></rect>)",
        chart::num(x0 + gap / 2), chart::num(p.sy(counts[i])), chart::num(x1 - x0 - gap),
        chart::num(p.sy(0.0) - p.sy(counts[i])), chart::palette(0),
        chart::escape(chart::pretty(edges[i] / u.factor)), chart::escape(duration_label(edges[i + 1], u)),
        chart::pretty(counts[i]));
  }
  body += percentile_lines(p, d, u);
  const std::string svg =
      chart::chart_svg(c.id, "Pick cycle time: histogram", kWidth, top + 240.0 + kBottom, body);
  std::string caption = fmt::format(
      "Pick cycle time (completed_s − arrived_s) of the {} orders completed in the measured time, from the "
      "order records{}. "
      "Percentiles by linear interpolation between order statistics.",
      chart::pretty(static_cast<double>(d.sorted.size())), ctx.set.runs.size() > 1 ? " of all runs" : "");
  if (overflow > 0) {
    caption += fmt::format(" {} orders longer than {} are not shown.", overflow,
                           chart::escape(duration_label(edges.back(), u)));
  }
  c.html = figure(svg, caption);
  return c;
}

Chart cycle_time_cdf(Context& ctx) {
  Chart c{"cycle_time_cdf", "", {}};
  const CycleData d = cycle_data(ctx);
  if (!d.any()) {
    c.html = missing("Pick cycle-time distribution",
                     "needs the order records or the percentiles of the KPI orders.pick_cycle_time");
    return c;
  }
  std::vector<double> xs;
  std::vector<double> fs;
  cdf_points(d, xs, fs);
  c.data.numbers("time_s", xs).numbers("fraction", fs).object("percentiles_s", percentiles_json(d));
  c.data.string("source", d.from_records ? "records" : "kpi");
  c.data.integer("n", static_cast<std::int64_t>(d.sorted.size()));
  const TimeUnit u = time_unit(std::isfinite(d.pct[3]) ? d.pct[3] : d.max);
  c.data.string("display_unit", u.name);

  const chart::Range xr = chart::finite_range(xs);
  chart::Line l;
  l.label = "fraction of orders completed within the time";
  l.colour = chart::palette(0);
  if (d.from_records) {
    l.x.push_back(xs.front() / u.factor);
    l.y.push_back(0.0);
  }
  for (std::size_t i = 0; i < xs.size(); ++i) {
    l.x.push_back(xs[i] / u.factor);
    l.y.push_back(fs[i]);
  }
  double legend_h = 0.0;
  std::vector<chart::LegendItem> legend = {
      {d.from_records ? "orders completed within the time" : "from the KPI percentiles (approximate)",
       chart::palette(0)}};
  for (const auto& item : percentile_legend()) legend.push_back(item);
  std::string body = chart::draw_legend(legend, kLeft, kLegendTop, kWidth - kLeft - kRight, legend_h);
  const double top = kLegendTop + legend_h + 4.0;
  chart::Panel p =
      chart::make_panel(kLeft, top, kWidth - kLeft - kRight, 240.0,
                        {std::min(0.0, xr.lo / u.factor), std::max(xr.hi / u.factor, 1e-9)}, {0.0, 1.0});
  p.y_style = chart::TickStyle::kPercent;
  body += chart::draw_axes(p, fmt::format("pick cycle time ({})", u.name), "orders completed");
  body += chart::draw_lines(p, std::span<const chart::Line>(&l, 1));
  body += cdf_markers(p, d, u);
  const std::string svg =
      chart::chart_svg(c.id, "Pick cycle time: cumulative distribution", kWidth, top + 240.0 + kBottom, body);
  c.html = figure(
      svg, d.from_records
               ? std::string("Fraction of completed orders whose pick cycle time is at most the value on "
                             "the horizontal axis (empirical CDF of the order records).")
               : std::string("No order records in this result: the curve joins the minimum, the p50, p90, "
                             "p95 and p99 of the KPI orders.pick_cycle_time (quantile sketch) and the "
                             "maximum."));
  return c;
}

Chart station_utilisation(Context& ctx) {
  Chart c{"station_utilisation", "", {}};
  std::vector<std::string> labels;
  std::vector<std::vector<double>> per_run;
  for (const stats::RunResult* run : ctx.set.runs) {
    const stats::Table* t = run->find_table("stations");
    if (t == nullptr) continue;
    const auto col = std::find(t->columns.begin(), t->columns.end(), "picker_utilisation");
    if (col == t->columns.end()) continue;
    const auto j = static_cast<std::size_t>(col - t->columns.begin());
    if (labels.empty()) labels = t->row_labels;
    std::vector<double> values(labels.size(), kNaN);
    for (std::size_t r = 0; r < t->row_labels.size() && r < t->rows.size(); ++r) {
      const auto at = std::find(labels.begin(), labels.end(), t->row_labels[r]);
      if (at != labels.end() && j < t->rows[r].size())
        values[static_cast<std::size_t>(at - labels.begin())] = t->rows[r][j];
    }
    per_run.push_back(std::move(values));
  }
  if (labels.empty()) {
    c.html = missing("Station utilisation", "needs the stations table with the column picker_utilisation");
    return c;
  }
  const rd::Summary sum = rd::summarise(per_run);
  const double overall =
      rd::mean_of(rd::kpi_values(ctx.set, "stations.picker_utilisation", &stats::KpiValue::value));
  c.data.strings("station", labels);
  put_summary(c.data, "picker_utilisation", sum, per_run.size());
  c.data.number("overall", overall).integer("runs", static_cast<std::int64_t>(per_run.size()));

  double label_w = 40.0;
  for (const auto& l : labels) label_w = std::max(label_w, chart::text_width(l, 12.0));
  const double left = std::max(kLeft, label_w + 24.0);
  constexpr double kRow = 24.0;
  double legend_h = 0.0;
  std::vector<chart::LegendItem> legend = {{"picker utilisation", chart::palette(0), false, true}};
  if (std::isfinite(overall)) {
    legend.push_back({fmt::format("all stations: {} (KPI stations.picker_utilisation)",
                                  chart::tick_label(overall, 0.001, chart::TickStyle::kPercent)),
                      "#333333", false, false, true});
  }
  if (per_run.size() > 1) legend.push_back({"min\xe2\x80\x93max over runs", "#333333"});
  std::string body = chart::draw_legend(legend, left, kLegendTop, kWidth - left - kRight, legend_h);
  const double top = kLegendTop + legend_h + 8.0;
  const double h = kRow * static_cast<double>(labels.size());
  const chart::Range r = chart::finite_range(sum.hi);
  chart::Panel p =
      chart::make_panel(left, top, kWidth - left - kRight, h, {0.0, std::max(1.0, r.hi)}, {0.0, 1.0});
  p.x_style = chart::TickStyle::kPercent;
  p.xt = chart::nice_ticks(p.xr, 5);
  p.yt.values.clear();
  body += chart::draw_axes(p, "share of staffed picker time spent picking", "");
  if (std::isfinite(overall)) {  // behind the bars: visible between them, never over a value
    const double x = p.sx(overall);
    body += fmt::format(
        R"(<line x1="{0}" y1="{1}" x2="{0}" y2="{2}" stroke="#333" stroke-width="1.4" stroke-dasharray="5 3"/>)",
        chart::num(x), chart::num(top - 4), chart::num(top + h));
  }
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const double yc = top + kRow * (static_cast<double>(i) + 0.5);
    body += fmt::format(
        R"(<text x="{}" y="{}" dy="0.32em" text-anchor="end" font-size="12" fill="#333">{}</text>)",
        chart::num(left - 8), chart::num(yc), chart::escape(labels[i]));
    const double v = sum.mean[i];
    if (!std::isfinite(v)) continue;
    const double x1 = p.sx(v);
    const std::string text = chart::tick_label(v, 0.001, chart::TickStyle::kPercent);
    body +=
        fmt::format(R"(<rect x="{}" y="{}" width="{}" height="16" fill="{}"><title>{}: {}</title></rect>)",
                    chart::num(left), chart::num(yc - 8), chart::num(std::max(0.0, x1 - left)),
                    chart::palette(0), chart::escape(labels[i]), text);
    if (per_run.size() > 1 && std::isfinite(sum.lo[i])) {
      body += fmt::format(R"(<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#333" stroke-width="1.2"/>)",
                          chart::num(p.sx(sum.lo[i])), chart::num(yc), chart::num(p.sx(sum.hi[i])),
                          chart::num(yc));
    }
    const bool inside = x1 - left > 56.0;
    body +=
        fmt::format(R"(<text x="{}" y="{}" dy="0.32em" font-size="11" text-anchor="{}" fill="{}">{}</text>)",
                    chart::num(inside ? x1 - 5 : x1 + 5), chart::num(yc), inside ? "end" : "start",
                    inside ? "#fff" : "#333", text);
  }
  const std::string svg =
      chart::chart_svg(c.id, "Picker utilisation by station", kWidth, top + h + kBottom, body);
  c.html = figure(
      svg, fmt::format("Column picker_utilisation of the stations table: the share of staffed picker "
                       "time spent picking, per station.{}",
                       per_run.size() > 1
                           ? fmt::format(" Bars show the mean of {} runs; whiskers their minimum to maximum.",
                                         per_run.size())
                           : std::string()));
  return c;
}

Chart staffing(Context& ctx) {
  static constexpr std::array<SeriesSpec, 1> kSpecs = {{{"stations.pickers_staffed", "", "pickers"}}};
  return series_panels(
      ctx, "staffing", "Pickers staffed over time", kSpecs, 200.0,
      "Pickers staffed at all stations together (series stations.pickers_staffed, the level at each "
      "sample).");
}

Chart robot_states(Context& ctx) {
  Chart c{"robot_states", "", {}};
  std::vector<rd::AlignedSeries> states;
  for (const std::string& name : state_series(ctx.set)) {
    std::optional<rd::AlignedSeries> s = rd::align_series(ctx.set, name);
    if (s && (states.empty() || s->ticks == states.front().ticks)) states.push_back(std::move(*s));
  }
  if (states.empty()) {
    c.html =
        missing("Robots by state over time", "needs the time series robots.state.*; detail standard or full");
    return c;
  }
  const std::size_t stride = rd::stride_for(states.front().ticks.size(), kMaxPoints);
  std::vector<std::string> names;
  std::vector<std::vector<double>> means;
  std::vector<double> time_h;
  for (const rd::AlignedSeries& s : states) {
    ctx.use(s.name);
    const rd::AlignedSeries thinned = rd::thin(s, stride);
    if (time_h.empty()) time_h = rd::hours(thinned.ticks);
    names.push_back(short_state(s.name));
    means.push_back(rd::summarise(thinned.runs).mean);
  }
  const std::size_t runs = states.front().runs.size();
  c.data.numbers("time_h", time_h).strings("states", names).number_rows("robots", means);
  c.data.integer("runs", static_cast<std::int64_t>(runs));

  std::vector<std::vector<double>> cum(means.size(), std::vector<double>(time_h.size(), 0.0));
  double top_value = 0.0;
  for (std::size_t s = 0; s < means.size(); ++s) {
    for (std::size_t i = 0; i < time_h.size(); ++i) {
      const double below = s == 0 ? 0.0 : cum[s - 1][i];
      cum[s][i] = below + (std::isfinite(means[s][i]) ? means[s][i] : 0.0);
      top_value = std::max(top_value, cum[s][i]);
    }
  }
  std::vector<chart::LegendItem> legend;
  for (std::size_t s = 0; s < names.size(); ++s) legend.push_back({names[s], chart::palette(s), false, true});
  double legend_h = 0.0;
  std::string body = chart::draw_legend(legend, kLeft, kLegendTop, kWidth - kLeft - kRight, legend_h);
  const double top = kLegendTop + legend_h + 4.0;
  const chart::Panel p = chart::make_panel(kLeft, top, kWidth - kLeft - kRight, 260.0,
                                           {time_h.front(), time_h.back()}, {0.0, top_value});
  body += chart::draw_axes(p, "time since start (h)", "robots");
  for (std::size_t s = 0; s < means.size(); ++s) {
    std::string pts;
    for (std::size_t i = 0; i < time_h.size(); ++i) {
      pts += fmt::format("{},{} ", chart::num(p.sx(time_h[i])), chart::num(p.sy(cum[s][i])));
    }
    for (std::size_t i = time_h.size(); i-- > 0;) {
      pts +=
          fmt::format("{},{} ", chart::num(p.sx(time_h[i])), chart::num(p.sy(s == 0 ? 0.0 : cum[s - 1][i])));
    }
    pts.pop_back();
    body += fmt::format(R"(<polygon points="{}" fill="{}"><title>{}</title></polygon>)", pts,
                        chart::palette(s), chart::escape(names[s]));
  }
  const std::string svg =
      chart::chart_svg(c.id, "Robots by state over time", kWidth, top + 260.0 + kBottom, body);
  c.html = figure(
      svg, fmt::format("Number of robots in each state at each sample (series robots.state.*), stacked.{}",
                       runs > 1 ? fmt::format(" Mean of {} runs.", runs) : std::string()));
  return c;
}

/// One horizontal bar split into `share`s that sum to one, with a legend giving each part's share
/// and `detail` (already formatted, may be empty).
std::string share_bar_svg(std::string_view id, std::string_view title, const std::vector<std::string>& names,
                          const std::vector<double>& share, const std::vector<std::string>& detail) {
  constexpr double kBarX = 20.0;
  constexpr double kBarW = kWidth - 40.0;
  constexpr double kBarY = 40.0;
  constexpr double kBarH = 40.0;
  std::string body;
  double x = kBarX;
  std::vector<chart::LegendItem> legend;
  for (std::size_t s = 0; s < names.size(); ++s) {
    const std::string pct =
        chart::tick_label(std::isfinite(share[s]) ? share[s] : 0.0, 0.001, chart::TickStyle::kPercent);
    legend.push_back({detail[s].empty() ? fmt::format("{} {}", names[s], pct)
                                        : fmt::format("{} {} ({})", names[s], pct, detail[s]),
                      chart::palette(s), false, true});
    if (!std::isfinite(share[s]) || share[s] <= 0) continue;
    const double w = share[s] * kBarW;
    body += fmt::format(
        R"(<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="#fff" stroke-width="0.5"><title>{}: {}</title></rect>)",
        chart::num(x), chart::num(kBarY), chart::num(w), chart::num(kBarH), chart::palette(s),
        chart::escape(names[s]), pct);
    if (w > 44.0) {
      body += fmt::format(
          R"(<text x="{}" y="{}" dy="0.32em" text-anchor="middle" font-size="11" fill="#111">{}</text>)",
          chart::num(x + w / 2), chart::num(kBarY + kBarH / 2), pct);
    }
    x += w;
  }
  for (const double t : {0.0, 0.25, 0.5, 0.75, 1.0}) {
    const double tx = kBarX + t * kBarW;
    body += fmt::format(
        R"(<line x1="{0}" y1="{1}" x2="{0}" y2="{2}" stroke="#999"/><text x="{0}" y="{3}" text-anchor="middle" font-size="11" fill="#555">{4}</text>)",
        chart::num(tx), chart::num(kBarY + kBarH), chart::num(kBarY + kBarH + 4),
        chart::num(kBarY + kBarH + 16), chart::tick_label(t, 0.25, chart::TickStyle::kPercent));
  }
  double legend_h = 0.0;
  body += chart::draw_legend(legend, kBarX, kBarY + kBarH + 36.0, kBarW, legend_h);
  return chart::chart_svg(id, title, kWidth, kBarY + kBarH + 36.0 + legend_h, body);
}

Chart robot_state_shares(Context& ctx) {
  Chart c{"robot_state_shares", "", {}};
  std::vector<std::string> names;
  std::vector<double> robots;
  double total = 0.0;
  for (const std::string& name : state_kpis(ctx.set)) {
    const double v = rd::mean_of(rd::kpi_values(ctx.set, name, &stats::KpiValue::value));
    names.push_back(short_state(name));
    robots.push_back(v);
    if (std::isfinite(v)) total += v;
  }
  if (names.empty() || !(total > 0)) {
    c.html = missing("Share of robot time by state", "needs the time-weighted KPIs robots.state.*");
    return c;
  }
  std::vector<double> share;
  std::vector<std::string> detail;
  share.reserve(robots.size());
  for (const double v : robots) {
    share.push_back(std::isfinite(v) ? v / total : kNaN);
    detail.push_back(std::isfinite(v) ? fmt::format("{:.3g} robots", v) : "\xe2\x80\x93 robots");
  }
  c.data.strings("states", names).numbers("mean_robots", robots).numbers("share", share);
  c.html = figure(share_bar_svg(c.id, "Share of robot time by state", names, share, detail),
                  "Time-averaged number of robots in each state (time-weighted KPIs robots.state.* over the "
                  "measured time) as a share of their sum.");
  return c;
}

Chart cost_shares(Context& ctx) {
  Chart c{"cost_shares", "", {}};
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 6> kParts = {{
      {"costs.labour_per_day", "labour"},
      {"costs.robots_per_day", "robots"},
      {"costs.energy_per_day", "energy"},
      {"costs.packaging_per_day", "packaging"},
      {"costs.trucks_per_day", "trucks"},
      {"costs.holding_per_day", "holding"},
  }};
  const double per_order = rd::mean_of(rd::kpi_values(ctx.set, "costs.per_order", &stats::KpiValue::value));
  std::string currency;
  for (const stats::RunResult* r : ctx.set.runs) {
    if (const stats::KpiValue* k = r->find("costs.per_order"); k != nullptr) currency = k->unit;
  }
  std::vector<std::string> names;
  std::vector<double> per_day;
  double total = 0.0;
  for (const auto& [kpi, label] : kParts) {
    const double v = rd::mean_of(rd::kpi_values(ctx.set, kpi, &stats::KpiValue::value));
    if (!(v > 0)) continue;  // parts the run does not have (no batteries: no energy) or that cost nothing
    names.emplace_back(label);
    per_day.push_back(v);
    total += v;
  }
  if (!(total > 0)) {
    c.html = missing("Cost by component", "needs the cost KPIs costs.*: set costs.* in the scenario");
    return c;
  }
  std::vector<double> share;
  std::vector<double> order_part;
  std::vector<std::string> detail;
  for (const double v : per_day) {
    share.push_back(std::isfinite(v) ? v / total : kNaN);
    order_part.push_back(std::isfinite(v) && std::isfinite(per_order) ? v / total * per_order : kNaN);
    detail.push_back(std::isfinite(order_part.back())
                         ? fmt::format("{:.3g} {} per order", order_part.back(), currency)
                         : std::string());
  }
  c.data.strings("components", names)
      .numbers("per_day", per_day)
      .numbers("share", share)
      .numbers("per_order", order_part)
      .string("currency", currency);
  c.html =
      figure(share_bar_svg(c.id, "Cost by component", names, share, detail),
             chart::escape(fmt::format(
                 "The measured period's cost per day by component (KPIs costs.*_per_day, mean over the "
                 "runs; components that cost nothing are left out) as a share of their sum, and each "
                 "part of the cost per order (costs.per_order = {:.4g} {}). The costs table splits labour "
                 "by skill.",
                 per_order, currency)));
  return c;
}

Chart queues(Context& ctx) {
  static constexpr std::array<SeriesSpec, 3> kSpecs = {{
      {"stations.queue_length", "Robots queued at stations", "robots"},
      {"trips.waiting_for_robot", "Trips waiting for a robot", "trips"},
      {"lines.waiting_for_pod", "Order lines waiting for a pod", "lines"},
  }};
  return series_panels(
      ctx, "queues", "Queue lengths over time", kSpecs, 120.0,
      "Level of each queue at each sample (series stations.queue_length, trips.waiting_for_robot, "
      "lines.waiting_for_pod).");
}

Chart stock(Context& ctx) {
  static constexpr std::array<SeriesSpec, 2> kSpecs = {{
      {"stock.on_hand", "Stock on hand", "units"},
      {"lines.backordered", "Order lines backordered (cumulative)", "lines"},
  }};
  return series_panels(
      ctx, "stock", "Stock and backorders", kSpecs, 150.0,
      "Units on hand at each sample (series stock.on_hand) and the order lines backordered since the "
      "start (cumulative series lines.backordered).");
}

Chart inventory(Context& ctx) {
  static constexpr std::array<SeriesSpec, 3> kSpecs = {{
      {"stock.pod_fill", "Pod fill (volume in pods over pod volume)", "ratio"},
      {"stock.skus_out_of_stock", "SKUs out of stock", "SKUs"},
      {"stock.holding_cost_per_day", "Holding cost per day", "cost/day"},
  }};
  return series_panels(
      ctx, "inventory", "Inventory over time", kSpecs, 120.0,
      "Level at each sample of the pod fill, the SKUs whose free stock is zero or below, and "
      "the holding cost per day of the stock on hand (series stock.pod_fill, "
      "stock.skus_out_of_stock, stock.holding_cost_per_day).");
}

Chart inbound(Context& ctx) {
  static constexpr std::array<SeriesSpec, 4> kSpecs = {{
      {"inbound.trucks_in_yard", "Trucks waiting for a door", "trucks"},
      {"inbound.doors_busy", "Dock doors unloading", "doors"},
      {"inbound.receiving_queue", "Cases waiting for a receiver", "cases"},
      {"inbound.buffer_units", "Units in the receiving buffer", "units"},
  }};
  return series_panels(ctx, "inbound", "Inbound flow over time", kSpecs, 120.0,
                       "Level at each sample of the yard, the dock doors, the receiving queue and the "
                       "receiving buffer (series inbound.trucks_in_yard, inbound.doors_busy, "
                       "inbound.receiving_queue, inbound.buffer_units).");
}

Chart outbound(Context& ctx) {
  static constexpr std::array<SeriesSpec, 5> kSpecs = {{
      {"outbound.pack_queue", "Orders waiting for a packer", "orders"},
      {"outbound.packers_busy", "Packers packing", "packers"},
      {"outbound.packers_blocked", "Packers blocked by full lanes", "packers"},
      {"outbound.lane_packages", "Packages in the carrier lanes", "packages"},
      {"outbound.doors_busy", "Outbound doors with a truck", "doors"},
  }};
  return series_panels(ctx, "outbound", "Outbound flow over time", kSpecs, 120.0,
                       "Level at each sample of the pack queue, the packers packing and those blocked by "
                       "full lanes, the packages waiting in the lanes for their truck, and the doors with a "
                       "truck docked (series outbound.pack_queue, outbound.packers_busy, "
                       "outbound.packers_blocked, outbound.lane_packages, outbound.doors_busy).");
}

Chart batteries(Context& ctx) {
  static constexpr std::array<SeriesSpec, 4> kSpecs = {{
      {"batteries.state_of_charge", "Fleet state of charge", "ratio"},
      {"batteries.bays_busy", "Charging bays in use", "bays"},
      {"robots.state.waiting_for_charger", "Robots waiting for a bay", "robots"},
      {"robots.state.to_charger", "Robots driving to a charger", "robots"},
  }};
  return series_panels(ctx, "batteries", "Batteries and charging over time", kSpecs, 120.0,
                       "Level at each sample of the energy in all batteries over their capacity, the "
                       "charging bays in use, and the robots waiting for a bay or driving to a charger "
                       "(series batteries.state_of_charge, batteries.bays_busy, "
                       "robots.state.waiting_for_charger, robots.state.to_charger).");
}

Chart accuracy(Context& ctx, bool audit) {
  static constexpr std::array<SeriesSpec, 4> kSpecs = {{
      {"accuracy.ira", "Inventory record accuracy (records equal to the physical stock)", "ratio"},
      {"accuracy.units_off", "Units the records are off by", "units"},
      {"audit.backlog", "Stock records waiting to be counted", "records"},
      {"audit.counters_busy", "Counters counting", "workers"},
  }};
  if (!audit) {
    return series_panels(ctx, "accuracy", "Record accuracy over time", std::span(kSpecs).first(2), 120.0,
                         "Level at each sample of the share of stock records whose record equals the units "
                         "physically there, and the sum of |record - physical| over them (series "
                         "accuracy.ira, accuracy.units_off). Pick exceptions and damage are in the summary.");
  }
  return series_panels(ctx, "accuracy", "Record accuracy and cycle counting over time", kSpecs, 120.0,
                       "Level at each sample of the share of stock records whose record equals the units "
                       "physically there, the sum of |record - physical| over them, the records waiting "
                       "to be counted and the counters at work (series accuracy.ira, accuracy.units_off, "
                       "audit.backlog, audit.counters_busy). Pick exceptions, discrepancies found and "
                       "units adjusted are in the summary.");
}

Chart heatmap(Context& ctx, std::string_view grid, std::string_view id, std::string_view title) {
  Chart c{std::string(id), "", {}};
  const MeanGrid m = mean_grid(ctx.set, grid);
  if (m.first == nullptr) {
    c.html = missing(title, fmt::format("needs the floor grid {}; detail standard or full", grid));
    return c;
  }
  const int w = m.first->width;
  const int h = m.first->height;
  int block = 1;
  while (static_cast<std::size_t>((w + block - 1) / block) *
             static_cast<std::size_t>((h + block - 1) / block) >
         kMaxHeatCells)
    ++block;
  const std::vector<double> values = block == 1 ? m.values : block_sums(m.values, w, h, block);
  const chart::Range r = chart::finite_range(values);
  const double max = r.lo <= r.hi ? std::max(r.hi, 0.0) : 0.0;
  c.data.string("grid", grid).string("unit", m.first->unit).integer("width", w).integer("height", h);
  c.data.integer("block", block).numbers("values", values).number("max", max);
  c.data.string("colour_scale", "log10(1 + v) / log10(1 + max)")
      .integer("runs", static_cast<std::int64_t>(m.runs));

  const double s = std::min((kWidth - 40.0) / w, 560.0 / h);
  const double ox = (kWidth - w * s) / 2.0;
  const double oy = 36.0;
  std::string body;
  const bool on_layout =
      ctx.layout != nullptr && ctx.layout->width == w && ctx.layout->height == h && !ctx.layout->empty();
  chart::FloorRects floor;
  if (on_layout) {
    floor = chart::merge_floor(*ctx.layout, kMaxFloorRects);
    body += chart::draw_floor(floor, w, h, ox, oy, s, true);
  } else {
    body += fmt::format(R"(<rect x="{}" y="{}" width="{}" height="{}" fill="#f4f4f4"/>)", chart::num(ox),
                        chart::num(oy), chart::num(w * s), chart::num(h * s));
  }
  const int bw = (w + block - 1) / block;
  std::string cells;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!(values[i] > 0)) continue;
    const auto bx = static_cast<int>(i % static_cast<std::size_t>(bw));
    const auto by = static_cast<int>(i / static_cast<std::size_t>(bw));
    cells += fmt::format(R"(<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>)", bx * block, by * block,
                         std::min(block, w - bx * block), std::min(block, h - by * block),
                         chart::heat_colour(heat_t(values[i], max)));
  }
  body += chart::floor_group(ox, oy, s, block) + cells + "</g>";
  body += fmt::format(R"(<rect x="{}" y="{}" width="{}" height="{}" fill="none" stroke="#555"/>)",
                      chart::num(ox), chart::num(oy), chart::num(w * s), chart::num(h * s));
  if (on_layout) body += chart::draw_marker_labels(*ctx.layout, ox, oy, s, "station");
  const double legend_y = oy + h * s + 22.0;
  body += heat_legend(
      max,
      fmt::format("{} per {} (log scale)", m.first->unit.empty() ? std::string(grid) : m.first->unit,
                  block == 1 ? std::string("cell") : fmt::format("{0} x {0} cells", block)),
      20.0, legend_y);
  double height = legend_y + 48.0;
  if (on_layout) {
    body += floor_legend(floor, 320.0, legend_y);
    body += chart::draw_scale_bar(ctx.layout->cell_size_m, s, w, 320.0, legend_y + 34.0, 220.0);
    height += 14.0;
  }
  const std::string svg = chart::chart_svg(c.id, title, kWidth, height, body);
  std::string caption =
      chart::escape(m.first->description.empty() ? std::string(grid) : m.first->description);
  if (m.runs > 1) caption += fmt::format(" Mean of {} runs.", m.runs);
  if (block > 1) caption += fmt::format(" Summed over blocks of {0} x {0} cells.", block);
  if (!on_layout) {
    caption +=
        " The floor layout is not in this result (or has another size), so it is not drawn underneath.";
  }
  caption += " Cells without visits show the floor: storage, aisles and stations in grey, stations labelled.";
  c.html = figure(svg, caption);
  return c;
}

}  // namespace whsim::output::report_charts
