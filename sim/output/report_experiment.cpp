// The report's view of an experiment (see report_experiment.hpp). The per-point numbers are
// stats::estimate_kpis over each point's runs, as in points.csv, so the two agree exactly.
#include "output/report_experiment.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string_view>
#include <utility>

#include <fmt/format.h>

#include "whsim/stats/estimates.hpp"

#include "output/report_charts.hpp"
#include "output/report_svg.hpp"

namespace whsim::output::report_experiment {
namespace {

namespace rd = report_data;

/// The KPI statistics of the Sweep section, in this order, where the result has them.
constexpr std::array<std::string_view, 5> kHeadline = {"orders.completed", "orders.pick_cycle_time",
                                                       "orders.pick_cycle_time.p95",
                                                       "stations.picker_utilisation", "robots.utilisation"};
constexpr std::size_t kMaxLines = 12;
constexpr std::size_t kCollapseRows = 40;
constexpr std::size_t kMaxCategoryLabels = 16;
constexpr double kWidth = 800.0;
constexpr double kLeft = 76.0;
constexpr double kRight = 20.0;
constexpr double kLegendTop = 40.0;
constexpr double kBottom = 46.0;
constexpr double kPanelH = 140.0;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string esc(std::string_view s) {
  return chart::escape(s);
}

std::string percent(double level) {
  return fmt::format("{:g}%", 100.0 * level);
}

/// A YAML scalar as a finite number ("20", "1.5", "-3", "2e3"); false for anything else.
bool parse_number(std::string_view text, double& out) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  if (text.empty()) return false;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size() && std::isfinite(out);
}

/// A KPI name that may wrap after its dots in a narrow table header.
std::string breakable(std::string_view name) {
  std::string o;
  for (const char c : esc(name)) {
    o += c;
    if (c == '.') o += "<wbr>";
  }
  return o;
}

/// "mean ± half-width" for people; the mean alone without an interval, "–" without runs.
std::string mean_pm(double mean, double half_width) {
  std::string s = chart::pretty(mean);
  if (std::isfinite(mean) && std::isfinite(half_width)) s += " \xc2\xb1 " + chart::pretty(half_width);
  return s;
}

/// One headline KPI statistic at every point.
struct Headline {
  std::string name;
  std::string unit;
  std::vector<double> mean;
  std::vector<double> half_width;
  std::vector<std::int64_t> n;
};

std::vector<Headline> headlines(const Points& pts, double level) {
  std::vector<std::vector<stats::KpiEstimate>> est;
  est.reserve(pts.size());
  for (const auto& runs : pts.runs) est.push_back(stats::estimate_kpis(runs, level));
  std::vector<Headline> out;
  for (const std::string_view name : kHeadline) {
    Headline h{std::string(name), "", {}, {}, {}};
    bool any = false;
    for (const auto& point : est) {
      const auto it = std::find_if(point.begin(), point.end(),
                                   [&](const stats::KpiEstimate& e) { return e.name == name; });
      const bool found = it != point.end() && it->ci.n > 0;
      if (found && !any) h.unit = it->unit;
      any = any || found;
      h.mean.push_back(found ? it->ci.mean : kNaN);
      h.half_width.push_back(found ? it->ci.half_width : kNaN);
      h.n.push_back(found ? it->ci.n : 0);
    }
    if (any) out.push_back(std::move(h));
  }
  return out;
}

/// The smallest and largest number of runs a point has.
std::pair<std::size_t, std::size_t> runs_range(const Points& pts) {
  std::size_t lo = std::numeric_limits<std::size_t>::max();
  std::size_t hi = 0;
  for (const auto& r : pts.runs) {
    lo = std::min(lo, r.size());
    hi = std::max(hi, r.size());
  }
  return {pts.size() == 0 ? 0 : lo, hi};
}

std::string intro_html(const ResultData& data, const Points& pts, double level) {
  const ExperimentInfo& e = data.meta.experiment;
  std::string keys;
  for (std::size_t k = 0; k < pts.keys.size(); ++k) {
    if (k > 0) keys += k + 1 == pts.keys.size() ? " and " : ", ";
    keys += "<code>" + esc(pts.keys[k]) + "</code>";
  }
  std::string o = "<p class=\"explain\">";
  o += pts.keys.empty()
           ? std::string("This result is a sweep")
           : fmt::format("This result is a sweep over {} {}", pts.keys.size() == 1 ? "key" : "keys", keys);
  o += e.sweep_file.empty() ? std::string(" (given with --vary)")
                            : fmt::format(" (sweep file {})", "<code>" + esc(e.sweep_file) + "</code>");
  const auto [lo, hi] = runs_range(pts);
  const std::string reps = lo == hi
                               ? fmt::format("{} replication{} each", hi, hi == 1 ? "" : "s")
                               : fmt::format("{} to {} replications each (some runs are missing)", lo, hi);
  o += fmt::format(": {} point{} with {}, {} run{} in all. ", pts.size(), pts.size() == 1 ? "" : "s", reps,
                   data.runs.size(), data.runs.size() == 1 ? "" : "s");
  o += analysis_html(e);
  o += fmt::format(
      " Each value below is the mean over a point's replications \xc2\xb1 the half-width of its {} "
      "Student-t confidence interval (none with a single run), as in points.csv.</p>",
      percent(level));
  return o;
}

std::string table_html(const Points& pts, const std::vector<Headline>& kpis, double level,
                       std::size_t shown) {
  std::string o = R"(<div class="table-wrap"><table class="data sweep" id="table-sweep"><caption>)";
  o += fmt::format(
      "One row per sweep point: the swept values, the runs finished and the headline KPIs (mean "
      "\xc2\xb1 {} CI over the point's runs).",
      percent(level));
  o += "</caption><thead><tr><th>point</th>";
  for (const std::string& k : pts.keys) o += "<th class=\"text\"><code>" + esc(k) + "</code></th>";
  o += "<th>runs</th>";
  for (const Headline& h : kpis) {
    o += fmt::format(R"(<th><span class="kpi-name">{}</span><br><span class="unit">{}</span></th>)",
                     breakable(h.name), esc(h.unit));
  }
  o += "</tr></thead><tbody>";
  for (std::size_t p = 0; p < pts.size(); ++p) {
    o += fmt::format(R"(<tr id="point-{}"{}><td>{}</td>)", p,
                     p == shown ? R"( title="the point the sections below show")" : "", p);
    for (const std::string& v : pts.values[p]) o += "<td class=\"text\">" + esc(v) + "</td>";
    o += fmt::format("<td>{}</td>", pts.runs[p].size());
    for (const Headline& h : kpis) {
      o += "<td>" + esc(mean_pm(h.mean[p], h.half_width[p])) + "</td>";
    }
    o += "</tr>";
  }
  o += "</tbody></table></div>";
  if (pts.size() > kCollapseRows) {
    o = fmt::format("<details><summary>sweep points: {} rows (show)</summary>{}</details>", pts.size(), o);
  }
  return o;
}

rd::JsonObject table_json(const ResultData& data, const Points& pts, const std::vector<Headline>& kpis,
                          double level, std::size_t shown) {
  rd::JsonObject o;
  o.strings("keys", pts.keys).string_rows("points", pts.values);
  std::vector<double> runs;
  runs.reserve(pts.size());
  for (const auto& r : pts.runs) runs.push_back(static_cast<double>(r.size()));
  o.numbers("runs", runs).number("level", level).string("analysis", data.meta.experiment.analysis);
  o.integer("shown_point", shown == std::string::npos ? -1 : static_cast<std::int64_t>(shown));
  rd::JsonObject k;
  for (const Headline& h : kpis) {
    std::vector<double> n(h.n.begin(), h.n.end());
    rd::JsonObject e;
    e.string("unit", h.unit).numbers("mean", h.mean).numbers("half_width", h.half_width).numbers("n", n);
    k.object(h.name, e);
  }
  o.object("kpis", k);
  return o;
}

/// One line of the chart: the points sharing the values of the keys other than the x key.
struct SweepLine {
  std::string label;
  std::vector<std::string> others;
  std::vector<std::size_t> points;  ///< sorted by x
};

/// The x axis: the first swept key whose values are all numbers, else the first key's values
/// as categories in first-seen order (the point index when the sweep has no keys).
struct XAxis {
  std::string key;
  std::size_t index = 0;  ///< of the key; npos: the point index
  bool numeric = true;
  std::vector<double> x;  ///< per point
  std::vector<std::string> categories;
};

XAxis x_axis(const Points& pts) {
  XAxis a;
  a.x.assign(pts.size(), kNaN);
  for (std::size_t k = 0; k < pts.keys.size(); ++k) {
    bool all = true;
    std::vector<double> x(pts.size(), kNaN);
    for (std::size_t p = 0; p < pts.size() && all; ++p) {
      if (pts.runs[p].empty()) continue;
      all = parse_number(pts.values[p][k], x[p]);
    }
    if (all) {
      a.key = pts.keys[k];
      a.index = k;
      a.x = std::move(x);
      return a;
    }
  }
  if (pts.keys.empty()) {
    a.key = "point";
    a.index = std::string::npos;
    for (std::size_t p = 0; p < pts.size(); ++p) a.x[p] = static_cast<double>(p);
    return a;
  }
  a.key = pts.keys.front();
  a.numeric = false;
  for (std::size_t p = 0; p < pts.size(); ++p) {
    if (pts.runs[p].empty()) continue;
    const std::string& v = pts.values[p][0];
    auto it = std::find(a.categories.begin(), a.categories.end(), v);
    if (it == a.categories.end()) it = a.categories.insert(a.categories.end(), v);
    a.x[p] = static_cast<double>(it - a.categories.begin());
  }
  return a;
}

std::vector<SweepLine> sweep_lines(const Points& pts, const XAxis& a) {
  std::vector<SweepLine> lines;
  for (std::size_t p = 0; p < pts.size(); ++p) {
    if (pts.runs[p].empty() || !std::isfinite(a.x[p])) continue;
    std::vector<std::string> others;
    std::string label;
    for (std::size_t k = 0; k < pts.keys.size(); ++k) {
      if (k == a.index) continue;
      others.push_back(pts.values[p][k]);
      label += (label.empty() ? "" : ", ") + pts.keys[k] + "=" + pts.values[p][k];
    }
    auto it =
        std::find_if(lines.begin(), lines.end(), [&](const SweepLine& l) { return l.others == others; });
    if (it == lines.end()) {
      it = lines.insert(
          lines.end(),
          SweepLine{
              label.empty() ? std::string("mean over the replications") : label, std::move(others), {}});
    }
    it->points.push_back(p);
  }
  for (SweepLine& l : lines) {
    std::stable_sort(l.points.begin(), l.points.end(),
                     [&](std::size_t i, std::size_t j) { return a.x[i] < a.x[j]; });
  }
  return lines;
}

/// Category labels under the last panel of a chart whose x axis is categorical.
std::string category_labels(const chart::Panel& p, const XAxis& a) {
  std::string o = R"(<g class="axes" font-size="11" fill="#555">)";
  const std::size_t every = (a.categories.size() + kMaxCategoryLabels - 1) / kMaxCategoryLabels;
  for (std::size_t i = 0; i < a.categories.size(); ++i) {
    const std::string x = chart::num(p.sx(static_cast<double>(i)));
    o += fmt::format(R"(<line x1="{0}" y1="{1}" x2="{0}" y2="{2}" stroke="#999"/>)", x, chart::num(p.y + p.h),
                     chart::num(p.y + p.h + 4));
    if (i % every != 0) continue;
    o += fmt::format(R"(<text x="{}" y="{}" text-anchor="middle">{}</text>)", x, chart::num(p.y + p.h + 16),
                     esc(a.categories[i]));
  }
  o += fmt::format(R"(<text x="{}" y="{}" text-anchor="middle" font-size="12" fill="#333">{}</text>)",
                   chart::num(p.x + p.w / 2), chart::num(p.y + p.h + 34), esc(a.key));
  return o + "</g>";
}

/// Error bars (the confidence interval) and markers (with a tooltip) of one line in a panel.
std::string bars_and_markers(const chart::Panel& p, const chart::Line& line, const SweepLine& l,
                             const Headline& h, const XAxis& a, const Points& pts) {
  std::string o;
  for (std::size_t i = 0; i < l.points.size(); ++i) {
    const std::size_t pt = l.points[i];
    const double m = h.mean[pt];
    if (!std::isfinite(m)) continue;
    const double x = p.sx(line.x[i]);
    const double hw = h.half_width[pt];
    if (std::isfinite(hw)) {
      const std::string lo = chart::num(p.sy(m - hw));
      const std::string hi = chart::num(p.sy(m + hw));
      o += fmt::format(
          R"(<path d="M{0} {1}V{2}M{3} {1}H{4}M{3} {2}H{4}" stroke="{5}" stroke-width="1.2" fill="none"/>)",
          chart::num(x), lo, hi, chart::num(x - 3), chart::num(x + 3), line.colour);
    }
    const std::string where = a.index == std::string::npos ? fmt::format("point {}", pt) : pts.label(pt);
    o += fmt::format(
        R"(<circle cx="{}" cy="{}" r="3.2" fill="{}"><title>{}: {} {} (point {}, {} run{})</title></circle>)",
        chart::num(x), chart::num(p.sy(m)), line.colour, esc(where), esc(mean_pm(m, hw)), esc(h.unit), pt,
        h.n[pt], h.n[pt] == 1 ? "" : "s");
  }
  return o;
}

report_charts::Chart sweep_chart(const Points& pts, const std::vector<Headline>& kpis, double level) {
  report_charts::Chart c{"sweep_kpis", "", {}};
  std::string names;
  for (const std::string_view n : kHeadline) names += (names.empty() ? "" : ", ") + std::string(n);
  if (kpis.empty()) {
    c.html = fmt::format(
        R"(<p class="missing"><strong>KPIs across the sweep</strong>: not recorded in this result )"
        "(needs at least one of the KPIs {}).</p>",
        esc(names));
    return c;
  }
  const XAxis a = x_axis(pts);
  const std::vector<SweepLine> lines = sweep_lines(pts, a);
  const std::size_t drawn = std::min(lines.size(), kMaxLines);
  if (drawn == 0) {
    c.html = R"(<p class="missing"><strong>KPIs across the sweep</strong>: no point has a finished run.</p>)";
    return c;
  }
  // x range: the drawn points, padded so that the markers and bars at the ends stay inside.
  chart::Range xr{std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()};
  for (std::size_t i = 0; i < drawn; ++i) {
    for (const std::size_t pt : lines[i].points) {
      xr.lo = std::min(xr.lo, a.x[pt]);
      xr.hi = std::max(xr.hi, a.x[pt]);
    }
  }
  if (!a.numeric) {
    xr = {-0.5, static_cast<double>(a.categories.size()) - 0.5};
  } else {
    const double pad = xr.hi > xr.lo ? 0.05 * (xr.hi - xr.lo) : std::max(1.0, 0.1 * std::fabs(xr.lo));
    xr = {xr.lo - pad, xr.hi + pad};
  }
  const double plot_w = kWidth - kLeft - kRight;
  // Lines sharing an x value are offset sideways a little so that their bars stay apart.
  const double dodge_px = drawn > 1 ? std::min(4.0, 36.0 / static_cast<double>(drawn)) : 0.0;
  const double px_to_x = (xr.hi - xr.lo) / plot_w;

  std::vector<chart::LegendItem> legend;
  for (std::size_t i = 0; i < drawn; ++i) {
    legend.push_back({lines[i].label, chart::palette(i), false, false, i >= 10});
  }
  double legend_h = 0.0;
  std::string body = chart::draw_legend(legend, kLeft, kLegendTop, plot_w, legend_h);
  double y = kLegendTop + legend_h - 4.0;
  std::vector<rd::JsonObject> line_json(drawn);
  for (std::size_t k = 0; k < kpis.size(); ++k) {
    const Headline& h = kpis[k];
    chart::Range yr{std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()};
    for (std::size_t i = 0; i < drawn; ++i) {
      for (const std::size_t pt : lines[i].points) {
        const double m = h.mean[pt];
        const double hw = std::isfinite(h.half_width[pt]) ? h.half_width[pt] : 0.0;
        if (!std::isfinite(m)) continue;
        yr.lo = std::min(yr.lo, m - hw);
        yr.hi = std::max(yr.hi, m + hw);
      }
    }
    if (!(yr.lo <= yr.hi)) yr = {0.0, 1.0};
    body += fmt::format(
        R"(<text x="{}" y="{}" font-size="12" font-weight="600" fill="#444">{}</text>)", chart::num(kLeft),
        chart::num(y + 14),
        esc(h.unit.empty() || h.unit == "1" || h.unit == "ratio" ? h.name
                                                                 : fmt::format("{} ({})", h.name, h.unit)));
    y += 26.0;
    chart::Panel p = chart::make_panel(kLeft, y, plot_w, kPanelH, xr, yr);
    const bool fraction = (h.unit == "1" || h.unit == "ratio") && p.yr.lo >= -0.5 && p.yr.hi <= 1.5;
    if (fraction) p.y_style = chart::TickStyle::kPercent;
    if (!a.numeric) p.xt.values.clear();
    const bool last = k + 1 == kpis.size();
    body += chart::draw_axes(p, a.key, fraction ? "share" : h.unit, last && a.numeric);
    if (last && !a.numeric) body += category_labels(p, a);
    std::vector<chart::Line> drawn_lines;
    for (std::size_t i = 0; i < drawn; ++i) {
      chart::Line l;
      l.label = lines[i].label;
      l.colour = chart::palette(i);
      l.dashed = i >= 10;
      const double dx = (static_cast<double>(i) - static_cast<double>(drawn - 1) / 2.0) * dodge_px * px_to_x;
      std::vector<double> xs;
      for (const std::size_t pt : lines[i].points) {
        l.x.push_back(a.x[pt] + dx);
        l.y.push_back(h.mean[pt]);
        xs.push_back(a.x[pt]);
      }
      std::vector<double> hws;
      for (const std::size_t pt : lines[i].points) hws.push_back(h.half_width[pt]);
      if (k == 0) {
        std::vector<double> idx(lines[i].points.begin(), lines[i].points.end());
        line_json[i].string("label", lines[i].label).numbers("points", idx).numbers("x", xs);
      }
      line_json[i].numbers(h.name, l.y).numbers(h.name + "_half_width", hws);
      drawn_lines.push_back(std::move(l));
    }
    body += chart::draw_lines(p, drawn_lines);
    for (std::size_t i = 0; i < drawn; ++i) body += bars_and_markers(p, drawn_lines[i], lines[i], h, a, pts);
    y += kPanelH + (last ? kBottom : 10.0);
  }
  c.data.string("x_key", a.key).boolean("x_numeric", a.numeric);
  if (!a.numeric) c.data.strings("categories", a.categories);
  std::vector<std::string> kpi_names;
  kpi_names.reserve(kpis.size());
  for (const Headline& h : kpis) kpi_names.push_back(h.name);
  c.data.strings("kpis", kpi_names).number("level", level);
  c.data.integer("lines_total", static_cast<std::int64_t>(lines.size())).objects("lines", line_json);
  const std::string svg =
      chart::chart_svg(c.id, fmt::format("Headline KPIs against {}", a.key), kWidth, y, body);

  std::string caption = fmt::format(
      "Each KPI's mean over a point's replications against <code>{}</code>{}; error bars span the {} "
      "confidence interval (none where a point has a single run). Hover a marker for its value.",
      esc(a.key),
      lines.size() > 1 || !lines.front().others.empty() ? ", one line per combination of the other swept keys"
                                                        : "",
      percent(level));
  if (!a.numeric)
    caption += " The key's values are not all numbers: they are spaced evenly in first-seen order.";
  if (a.numeric && !pts.keys.empty() && a.index != 0) {
    caption += fmt::format(" The first swept key, <code>{}</code>, is not numeric.", esc(pts.keys.front()));
  }
  if (drawn > 1) caption += " Lines are offset slightly sideways so that their bars do not overlap.";
  if (lines.size() > drawn) {
    caption += fmt::format(
        " Only the first {} of the {} combinations are drawn; every point is in the table above and in "
        "points.csv.",
        drawn, lines.size());
  }
  c.html =
      fmt::format(R"(<figure class="chart-figure">{}<figcaption>{}</figcaption></figure>)", svg, caption);
  return c;
}

}  // namespace

double confidence_level(const ExperimentInfo& e) {
  const double l = e.confidence_level;
  return e.present && l > 0.0 && l < 1.0 ? l : 0.95;
}

std::string analysis_html(const ExperimentInfo& e) {
  if (!e.present) return "";
  std::string warmup = e.warmup_note;
  if (warmup.empty()) {
    const std::string w = chart::pretty_duration(e.warmup_seconds);
    if (e.warmup_method == "none" || !(e.warmup_seconds > 0)) {
      warmup = "measured from the start";
    } else if (e.warmup_method == "scenario") {
      warmup = fmt::format("measured from {} (simulation.warmup)", w);
    } else if (e.warmup_method == "fixed") {
      warmup = fmt::format("fixed warm-up {} deleted (--warmup)", w);
    } else if (e.warmup_method == "mser5") {
      warmup = fmt::format("MSER-5 warm-up {} deleted", w);
    } else {
      warmup = fmt::format("warm-up {} deleted ({})", w, e.warmup_method);
    }
  }
  std::string o = fmt::format("Analysis: {}; {}.",
                              esc(e.analysis.empty() ? std::string("unknown") : e.analysis), esc(warmup));
  if (!e.warmup_reliable) {
    o += " <strong>The warm-up is unreliable</strong>: MSER-5 truncated in the second half of the pilot "
         "series, so the horizon may be too short to reach steady state.";
  }
  return o;
}

bool is_sweep(const ResultData& data) {
  return data.meta.experiment.present && data.meta.experiment.kind == "sweep";
}

Points group_points(const ResultData& data) {
  const ExperimentInfo& e = data.meta.experiment;
  Points pts;
  pts.keys = e.keys;
  std::size_t n = e.points.size();
  // A run beyond the listed points (a result written without them) still gets a row; the bound
  // keeps a corrupt index from allocating without limit.
  for (const RunRecord& r : data.runs) {
    if (r.point >= n && r.point < e.points.size() + data.runs.size())
      n = static_cast<std::size_t>(r.point) + 1;
  }
  pts.runs.resize(n);
  pts.values.assign(n, std::vector<std::string>(pts.keys.size()));
  for (std::size_t p = 0; p < e.points.size(); ++p) {
    for (std::size_t k = 0; k < pts.keys.size() && k < e.points[p].size(); ++k)
      pts.values[p][k] = e.points[p][k];
  }
  for (const RunRecord& r : data.runs) {
    if (r.point < n) pts.runs[static_cast<std::size_t>(r.point)].push_back(&r.result);
  }
  return pts;
}

std::size_t Points::first_with_runs() const {
  for (std::size_t p = 0; p < runs.size(); ++p) {
    if (!runs[p].empty()) return p;
  }
  return std::string::npos;
}

std::string Points::label(std::size_t point) const {
  if (keys.empty()) return fmt::format("point {}", point);
  std::string o;
  for (std::size_t k = 0; k < keys.size(); ++k) {
    o += (k > 0 ? ", " : "") + keys[k] + "=" + (point < values.size() ? values[point][k] : std::string());
  }
  return o;
}

std::string sweep_html(const ResultData& data, const Points& points, rd::JsonObject& root) {
  const double level = confidence_level(data.meta.experiment);
  const std::size_t shown = points.first_with_runs();
  const std::vector<Headline> kpis = headlines(points, level);
  std::string o = intro_html(data, points, level);
  o += table_html(points, kpis, level, shown);
  root.object("sweep", table_json(data, points, kpis, level, shown));
  report_charts::Chart c = sweep_chart(points, kpis, level);
  if (!c.data.empty()) root.object(c.id, c.data);
  return o + c.html;
}

std::string scope_html(const Points& points, std::size_t shown, bool full) {
  if (shown == std::string::npos) {
    return R"(<p class="scope">No point of this sweep has a finished run.</p>)";
  }
  const std::size_t runs = points.runs[shown].size();
  if (!full) {
    return fmt::format(R"(<p class="scope">Point {} only ({}; {} run{}).</p>)", shown,
                       esc(points.label(shown)), runs, runs == 1 ? "" : "s");
  }
  return fmt::format(
      R"(<p class="scope">Showing point {}: {} ({} run{}). This section and those below (charts, heatmaps, )"
      R"(tables) describe this one configuration; the sweep's {} points ran different ones, so their runs are )"
      R"(not pooled. Every point's KPIs are in the <a href="#sec-sweep">Sweep</a> section and points.csv.</p>)",
      shown, esc(points.label(shown)), runs, runs == 1 ? "" : "s", points.size());
}

}  // namespace whsim::output::report_experiment
