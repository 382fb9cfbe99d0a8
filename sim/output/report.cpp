// The self-contained HTML report (see whsim/output/report.hpp): header, KPI table, the charts of
// report_charts.cpp, the result's tables and the runs, with inline CSS and the numbers behind
// every chart in one JSON script element. Never loads anything from elsewhere (no URL appears
// in the page) and never reads a clock: the only time in it is the result's provenance.
#include "whsim/output/report.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include <fmt/format.h>

#include "whsim/stats/confidence.hpp"

#include "output/report_charts.hpp"
#include "output/report_data.hpp"
#include "output/report_experiment.hpp"
#include "output/report_svg.hpp"

namespace whsim::output {
namespace {

namespace rd = report_data;
namespace rc = report_charts;
namespace rx = report_experiment;

constexpr std::size_t kCollapseRows = 40;  // longer tables are folded into <details>
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

constexpr std::string_view kCss = R"css(
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #eef0f3; color: #1f2328;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif; }
main { max-width: 1100px; margin: 0 auto; padding: 28px 36px 56px; background: #fff; }
h1 { font-size: 30px; margin: 0.1em 0 0.3em; line-height: 1.2; overflow-wrap: anywhere; }
h2 { font-size: 21px; margin: 0 0 8px; padding-bottom: 4px; border-bottom: 1px solid #d0d7de; }
h3 { font-size: 16px; margin: 18px 0 6px; }
code { font: 12.5px ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; }
.eyebrow { margin: 0; color: #57606a; font-size: 12px; letter-spacing: 0.08em; text-transform: uppercase; }
.banner { margin: 12px 0; padding: 10px 14px; border-left: 6px solid #cf222e; background: #ffebe9;
  color: #82071e; font-weight: 600; }
.status-ok { color: #1a7f37; font-weight: 600; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 3px 18px; margin: 14px 0 0; font-size: 14px; }
dl.meta dt { color: #57606a; }
dl.meta dd { margin: 0; overflow-wrap: anywhere; }
nav.toc { display: flex; flex-wrap: wrap; gap: 4px 18px; margin: 20px 0 0; padding: 10px 14px; background: #f6f8fa;
  border-radius: 6px; font-size: 14px; }
nav.toc a { color: #0969da; text-decoration: none; white-space: nowrap; }
section { margin-top: 40px; }
p.explain { margin: 4px 0 12px; color: #424a53; max-width: 80ch; }
figure.chart-figure { margin: 14px 0 28px; break-inside: avoid; page-break-inside: avoid; }
svg.chart { display: block; width: 100%; height: auto; font-family: inherit; }
figcaption { margin-top: 6px; font-size: 13px; color: #57606a; max-width: 90ch; }
p.scope { margin: 4px 0 12px; padding: 8px 12px; border-left: 4px solid #0969da; background: #ddf4ff; color: #0a3069;
  max-width: 90ch; }
p.scope a { color: #0969da; }
p.missing { margin: 12px 0; padding: 8px 12px; border: 1px dashed #d0d7de; background: #f6f8fa; color: #57606a; }
.table-wrap { overflow-x: auto; margin: 8px 0 20px; }
table.data { border-collapse: collapse; min-width: min(100%, 560px); font-size: 13px; font-variant-numeric: tabular-nums; }
table.data.kpis { width: 100%; }
table.data.sweep td { white-space: nowrap; }
table.data caption { caption-side: top; text-align: left; color: #57606a; padding: 0 0 6px; }
table.data th, table.data td { padding: 4px 9px; border-bottom: 1px solid #eaeef2; text-align: right;
  vertical-align: top; }
table.data th:first-child, table.data td:first-child { text-align: left; }
table.data td.text, table.data th.text { text-align: left; }
table.data thead th { background: #f6f8fa; border-bottom: 2px solid #d0d7de; vertical-align: bottom; }
table.data tbody tr:hover { background: #f6f8fa; }
.unit { color: #6e7781; font-weight: normal; font-size: 11.5px; }
.kpi-name { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 12.5px; }
details > summary { cursor: pointer; color: #0969da; margin: 6px 0; }
pre.yaml { background: #f6f8fa; padding: 12px; overflow: auto; max-height: 520px; font-size: 12px; }
footer { margin-top: 48px; color: #6e7781; font-size: 12px; }
@media print {
  body { background: none; font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  nav.toc { display: none; }
  section { margin-top: 18pt; }
  figure.chart-figure, table.data tr, .banner, dl.meta { break-inside: avoid; page-break-inside: avoid; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  pre.yaml { max-height: none; }
}
)css";

std::string esc(std::string_view s) {
  return chart::escape(s);
}

/// The names of the KPIs of all runs, in order of first appearance.
std::vector<std::string> kpi_names(const rd::RunSet& set) {
  std::vector<std::string> names;
  std::map<std::string, bool, std::less<>> seen;
  for (const stats::RunResult* run : set.runs) {
    for (const stats::KpiValue& k : run->kpis) {
      if (seen.emplace(k.name, true).second) names.push_back(k.name);
    }
  }
  return names;
}

/// The first run's declaration of a KPI (unit, kind, definition).
const stats::KpiValue* kpi_decl(const rd::RunSet& set, std::string_view name) {
  for (const stats::RunResult* run : set.runs) {
    if (const stats::KpiValue* k = run->find(name)) return k;
  }
  return nullptr;
}

/// A table cell with a number.
std::string num_cell(double v) {
  return "<td>" + esc(chart::pretty(v)) + "</td>";
}

/// One KPI of a single run as a table row and its JSON entry.
std::string kpi_row_single(const stats::KpiValue& k, rd::JsonObject& json) {
  const bool tally = k.kind == stats::KpiKind::kTally;
  std::string value = chart::pretty(k.value);
  if (k.kind == stats::KpiKind::kRatio && std::isfinite(k.value)) {
    value += " (" + chart::tick_label(k.value, 0.001, chart::TickStyle::kPercent) + ")";
  }
  const bool has_n = tally;  // a ratio's trials may be time (picker utilisation counts microseconds)
  std::string row = fmt::format(
      R"(<tr title="{}"><td class="kpi-name">{}</td><td class="text">{}</td><td class="text">{}</td><td>{}</td>)",
      esc(k.definition), esc(k.name), esc(k.unit), esc(stats::to_string(k.kind)), esc(value));
  row += tally ? num_cell(k.p50) + num_cell(k.p95) + num_cell(k.p99) : "<td></td><td></td><td></td>";
  row += has_n ? num_cell(static_cast<double>(k.count)) : "<td></td>";
  json.string("unit", k.unit)
      .string("kind", stats::to_string(k.kind))
      .number("value", k.value)
      .integer("count", k.count);
  if (tally) {
    json.number("stddev", k.stddev).number("min", k.min).number("max", k.max);
    json.number("p50", k.p50).number("p90", k.p90).number("p95", k.p95).number("p99", k.p99);
  } else if (k.kind == stats::KpiKind::kTimeWeighted) {
    json.number("min", k.min).number("max", k.max);
  }
  return row + "</tr>";
}

/// One KPI over several runs: mean +- the t-interval's half-width, and its JSON entry.
std::string kpi_row_runs(const rd::RunSet& set, const stats::KpiValue& decl, double level,
                         rd::JsonObject& json) {
  const std::vector<double> values = rd::kpi_values(set, decl.name, &stats::KpiValue::value);
  std::vector<double> finite;
  for (const double v : values) {
    if (std::isfinite(v)) finite.push_back(v);
  }
  const stats::ConfidenceInterval ci = stats::t_interval(finite, level);
  const double mean = finite.empty() ? kNaN : ci.mean;
  std::string value = chart::pretty(mean);
  if (std::isfinite(ci.half_width)) value += " \xc2\xb1 " + chart::pretty(ci.half_width);
  const bool tally = decl.kind == stats::KpiKind::kTally;
  std::string row = fmt::format(
      R"(<tr title="{}"><td class="kpi-name">{}</td><td class="text">{}</td><td class="text">{}</td><td>{}</td><td>{}</td>)",
      esc(decl.definition), esc(decl.name), esc(decl.unit), esc(stats::to_string(decl.kind)), esc(value),
      ci.n);
  json.string("unit", decl.unit).string("kind", stats::to_string(decl.kind)).number("value", mean);
  json.number("half_width", ci.half_width)
      .number("level", level)
      .integer("n", ci.n)
      .numbers("values", values);
  if (tally) {
    for (const auto& [key, field] :
         {std::pair{"p50", &stats::KpiValue::p50}, std::pair{"p90", &stats::KpiValue::p90},
          std::pair{"p95", &stats::KpiValue::p95}, std::pair{"p99", &stats::KpiValue::p99}}) {
      const double m = rd::mean_of(rd::kpi_values(set, decl.name, field));
      json.number(key, m);
      if (std::string_view(key) != "p90") row += num_cell(m);
    }
  } else {
    row += "<td></td><td></td><td></td>";
  }
  return row + "</tr>";
}

std::string kpi_table(const rd::RunSet& set, double level, rd::JsonObject& kpis_json) {
  const bool several = set.runs.size() > 1;
  std::string o =
      R"(<div class="table-wrap"><table class="data kpis"><thead><tr><th>KPI</th><th class="text">unit</th><th class="text">kind</th>)";
  o += several ? fmt::format("<th>mean \xc2\xb1 {:g}% CI</th><th>runs</th>", level * 100)
               : std::string("<th>value</th>");
  o += several ? "<th>p50<br><span class=\"unit\">mean over runs</span></th><th>p95</th><th>p99</th>"
               : "<th>p50</th><th>p95</th><th>p99</th><th>n</th>";
  o += "</tr></thead><tbody>";
  for (const std::string& name : kpi_names(set)) {
    const stats::KpiValue* decl = kpi_decl(set, name);
    rd::JsonObject entry;
    o += several ? kpi_row_runs(set, *decl, level, entry) : kpi_row_single(*decl, entry);
    kpis_json.object(name, entry);
  }
  return o + "</tbody></table></div>";
}

/// A table averaged over the runs when all of them have it with the same rows and columns;
/// else the first run's, with a note saying so.
stats::Table mean_table(const rd::RunSet& set, std::string_view name, std::string& note) {
  std::vector<const stats::Table*> tables;
  for (const stats::RunResult* run : set.runs) {
    if (const stats::Table* t = run->find_table(name)) tables.push_back(t);
  }
  stats::Table out = *tables.front();
  if (tables.size() == 1) return out;
  for (const stats::Table* t : tables) {
    if (t->columns != out.columns || t->row_labels != out.row_labels || t->rows.size() != out.rows.size()) {
      note = " The runs' tables differ in shape: this is the first run's.";
      return out;
    }
  }
  for (std::size_t r = 0; r < out.rows.size(); ++r) {
    for (std::size_t j = 0; j < out.rows[r].size(); ++j) {
      std::vector<double> v;
      v.reserve(tables.size());
      for (const stats::Table* t : tables) v.push_back(j < t->rows[r].size() ? t->rows[r][j] : kNaN);
      out.rows[r][j] = rd::mean_of(v);
    }
  }
  note = fmt::format(" Mean of {} runs.", tables.size());
  return out;
}

std::string table_html(const stats::Table& t, std::string_view note) {
  std::string o = fmt::format(
      R"(<div class="table-wrap"><table class="data" id="table-{}"><caption><strong>{}</strong>: {}{}</caption><thead><tr><th>{}</th>)",
      esc(t.name), esc(t.name), esc(t.description), esc(note), esc(t.label));
  for (std::size_t j = 0; j < t.columns.size(); ++j) {
    const std::string unit = j < t.units.size() ? t.units[j] : std::string();
    o += fmt::format(R"(<th>{}<br><span class="unit">{}</span></th>)", esc(t.columns[j]), esc(unit));
  }
  o += "</tr></thead><tbody>";
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    o += "<tr><td>" + esc(r < t.row_labels.size() ? t.row_labels[r] : std::string()) + "</td>";
    for (const double v : t.rows[r]) o += num_cell(v);
    o += "</tr>";
  }
  o += "</tbody></table></div>";
  if (t.rows.size() > kCollapseRows) {
    o = fmt::format("<details><summary>{}: {} rows (show)</summary>{}</details>", esc(t.name), t.rows.size(),
                    o);
  }
  return o;
}

std::string tables_html(const rd::RunSet& set) {
  std::vector<std::string> names = {"stations", "hourly"};
  for (const stats::RunResult* run : set.runs) {
    for (const stats::Table& t : run->tables) {
      if (std::find(names.begin(), names.end(), t.name) == names.end()) names.push_back(t.name);
    }
  }
  std::string o;
  for (const std::string& name : names) {
    const bool present = std::any_of(set.runs.begin(), set.runs.end(), [&](const stats::RunResult* r) {
      return r->find_table(name) != nullptr;
    });
    if (!present) {
      if (name == "stations" || name == "hourly") {
        o += fmt::format(R"(<p class="missing"><strong>Table {}</strong>: not recorded in this result.</p>)",
                         esc(name));
      }
      continue;
    }
    std::string note;
    const stats::Table t = mean_table(set, name, note);
    o += table_html(t, note);
  }
  return o;
}

/// The earliest end among the runs that stopped early (all runs when none says so).
double stopped_at_seconds(const ResultData& data) {
  double t = std::numeric_limits<double>::infinity();
  bool any = false;
  for (const RunRecord& r : data.runs) {
    if (r.result.complete) continue;
    t = std::min(t, r.result.end.to_seconds());
    any = true;
  }
  if (!any) {
    for (const RunRecord& r : data.runs) t = std::min(t, r.result.end.to_seconds());
  }
  return t;
}

bool is_complete(const ResultData& data) {
  return data.meta.complete && std::all_of(data.runs.begin(), data.runs.end(),
                                           [](const RunRecord& r) { return r.result.complete; });
}

std::string banner_html(const ResultData& data) {
  if (is_complete(data)) return "";
  const double t = stopped_at_seconds(data);
  std::string where =
      std::isfinite(t) ? fmt::format("stopped at t = {} ({} s)", chart::pretty_duration(t), chart::pretty(t))
                       : std::string("stopped before its horizon");
  return fmt::format(
      R"(<div class="banner" role="alert">INCOMPLETE: {}. The run ended before its horizon; every number covers only the simulated time (exit status {}).</div>)",
      esc(where), data.meta.exit_status);
}

std::string meta_row(std::string_view name, const std::string& value_html) {
  return fmt::format("<dt>{}</dt><dd>{}</dd>", esc(name), value_html);
}

std::string header_html(const ResultData& data) {
  const ResultMeta& m = data.meta;
  std::string o = R"(<header><p class="eyebrow">whsim simulation report</p>)";
  o += fmt::format("<h1>{}</h1>",
                   esc(m.scenario_name.empty() ? std::string("(unnamed scenario)") : m.scenario_name));
  o += banner_html(data);
  o += R"(<dl class="meta">)";
  o += meta_row("Status", is_complete(data) ? R"(<span class="status-ok">complete</span>)"
                                            : "<strong>incomplete</strong>");
  o += meta_row("Scenario file", esc(m.scenario_file));
  o += meta_row("Scenario hash", "<code>" + esc(m.scenario_hash) + "</code>");
  o += meta_row("SHA-256", "<code>" + esc(m.scenario_sha256) + "</code>");
  o += meta_row("Seed", fmt::format("{}", m.master_seed));
  o += meta_row("Runs", fmt::format("{}", data.runs.size()));
  if (m.experiment.present) {
    std::string what = esc(m.experiment.kind);
    if (rx::is_sweep(data)) {
      std::string keys;
      for (const std::string& k : m.experiment.keys)
        keys += (keys.empty() ? " of " : ", ") + ("<code>" + esc(k) + "</code>");
      what += fmt::format("{}, {} point{}", keys, m.experiment.points.size(),
                          m.experiment.points.size() == 1 ? "" : "s");
    }
    if (!m.experiment.analysis.empty()) what += ", " + esc(m.experiment.analysis) + " analysis";
    o += meta_row("Experiment", what);
  }
  if (!data.runs.empty()) {
    const stats::RunResult& r = data.runs.front().result;
    o += meta_row("Measured",
                  esc(fmt::format("from {} to {} ({} of simulated time)",
                                  chart::pretty_duration(r.measured_from.to_seconds()),
                                  chart::pretty_duration(r.end.to_seconds()),
                                  chart::pretty_duration((r.end - r.measured_from).to_seconds()))));
  }
  o += meta_row("Detail", esc(to_string(m.detail)));
  o += meta_row("whsim version", esc(m.whsim_version));
  o += meta_row("Git commit", "<code>" + esc(m.git_commit) + "</code>" +
                                  (m.git_dirty ? " (with uncommitted changes)" : ""));
  if (!m.compiler.empty()) o += meta_row("Compiler", esc(m.compiler));
  o += meta_row("Created", esc(m.provenance.created));
  if (!m.parameters.empty()) {
    std::string p;
    for (const auto& [k, v] : m.parameters)
      p += (p.empty() ? "" : ", ") + fmt::format("<code>{}={}</code>", esc(k), esc(v));
    o += meta_row("Overrides", p);
  }
  return o + "</dl></header>";
}

std::string runs_html(const ResultData& data) {
  const bool ids =
      std::any_of(data.runs.begin(), data.runs.end(), [](const RunRecord& r) { return !r.run_id.empty(); });
  const bool sweep = rx::is_sweep(data);
  std::string o = R"(<div class="table-wrap"><table class="data"><thead><tr>)";
  if (ids) o += R"(<th class="text">run id</th>)";
  if (sweep) o += "<th>point</th>";
  o +=
      R"(<th>replication</th><th>seed</th><th>measured from<br><span class="unit">s</span></th><th>end<br><span class="unit">s</span></th><th>events</th><th class="text">fingerprint</th><th class="text">complete</th>)";
  o += "</tr></thead><tbody>";
  for (const RunRecord& r : data.runs) {
    o += "<tr>";
    if (ids) o += R"(<td class="text"><code>)" + esc(r.run_id) + "</code></td>";
    if (sweep) o += fmt::format("<td>{}</td>", r.point);
    o += fmt::format(
        R"(<td>{}</td><td>{}</td>{}{}{}<td class="text"><code>{:016x}</code></td><td class="text">{}</td></tr>)",
        r.replication, r.result.seed, num_cell(r.result.measured_from.to_seconds()),
        num_cell(r.result.end.to_seconds()), num_cell(static_cast<double>(r.result.events)),
        r.result.fingerprint, r.result.complete ? "yes" : "no");
  }
  o += "</tbody></table></div>";
  if (data.runs.size() > kCollapseRows) {
    o = fmt::format("<details><summary>runs: {} rows (show)</summary>{}</details>", data.runs.size(), o);
  }
  if (!data.runs.empty() && !data.runs.front().model.empty()) {
    o += sweep ? fmt::format(R"(<h3>Model (point {})</h3><dl class="meta">)", data.runs.front().point)
               : std::string(R"(<h3>Model</h3><dl class="meta">)");
    for (const auto& [k, v] : data.runs.front().model) o += meta_row(k, fmt::format("{}", v));
    o += "</dl>";
  }
  if (!data.meta.scenario_yaml.empty()) {
    o += fmt::format(
        R"(<details><summary>Resolved scenario (YAML){}</summary><pre class="yaml">{}</pre></details>)",
        sweep && !data.runs.empty()
            ? fmt::format(", as recorded with the first run (point {})", data.runs.front().point)
            : std::string(),
        esc(data.meta.scenario_yaml));
  }
  return o;
}

/// The raw series the charts used: per name its unit, time_s and values (with several runs:
/// the mean, min, max and every run's values).
rd::JsonObject series_json(const rc::Context& ctx) {
  rd::JsonObject o;
  for (const std::string& name : ctx.used_series) {
    const std::optional<rd::AlignedSeries> s = rd::align_series(ctx.set, name);
    if (!s) continue;
    rd::JsonObject e;
    e.string("unit", s->unit).numbers("time_s", rd::seconds(s->ticks));
    if (s->runs.size() == 1) {
      e.numbers("values", s->runs.front());
    } else {
      const rd::Summary sum = rd::summarise(s->runs);
      e.numbers("values", sum.mean)
          .numbers("min", sum.lo)
          .numbers("max", sum.hi)
          .number_rows("runs", s->runs);
    }
    o.object(name, e);
  }
  return o;
}

rd::JsonObject meta_json(const ResultData& data) {
  rd::JsonObject o;
  o.string("scenario", data.meta.scenario_name).string("scenario_file", data.meta.scenario_file);
  o.string("scenario_hash", data.meta.scenario_hash)
      .integer("runs", static_cast<std::int64_t>(data.runs.size()));
  o.string("seed", fmt::format("{}", data.meta.master_seed)).boolean("complete", is_complete(data));
  o.string("detail", to_string(data.meta.detail)).string("whsim_version", data.meta.whsim_version);
  const ExperimentInfo& e = data.meta.experiment;
  if (e.present) {
    rd::JsonObject x;
    x.string("kind", e.kind).string("analysis", e.analysis).string("warmup_method", e.warmup_method);
    x.number("warmup_s", e.warmup_seconds).string("warmup_note", e.warmup_note);
    x.boolean("warmup_reliable", e.warmup_reliable).number("confidence_level", rx::confidence_level(e));
    if (rx::is_sweep(data))
      x.strings("keys", e.keys).integer("points", static_cast<std::int64_t>(e.points.size()));
    o.object("experiment", x);
  }
  return o;
}

/// A section of the page: heading, one paragraph of explanation (HTML), content.
struct Section {
  const char* id;
  const char* title;
  std::string explain;
  std::string content;
};

std::string section_html(const Section& s) {
  const std::string explain =
      s.explain.empty() ? std::string() : R"(<p class="explain">)" + s.explain + "</p>";
  return fmt::format(R"(<section id="sec-{}"><h2>{}</h2>{}{}</section>)", s.id, s.title, explain, s.content);
}

std::string chart_html(const rc::Chart& c, rd::JsonObject& root) {
  if (!c.data.empty()) root.object(c.id, c.data);
  return c.html;
}

}  // namespace

std::string render_report(const ResultData& data) {
  const bool sweep = rx::is_sweep(data);
  const double level = rx::confidence_level(data.meta.experiment);
  // A sweep's points are different configurations: the per-run sections show one point (the
  // first with runs) and never pool runs across points.
  rx::Points points;
  std::size_t shown = std::string::npos;
  if (sweep) {
    points = rx::group_points(data);
    shown = points.first_with_runs();
  }
  rc::Context ctx;
  ctx.set.label = data.meta.scenario_name;
  for (const RunRecord& r : data.runs) {
    if (sweep && r.point != shown) continue;
    ctx.set.runs.push_back(&r.result);
    if (ctx.layout == nullptr && !r.result.layout.empty()) ctx.layout = &r.result.layout;
  }
  const auto scope = [&](const std::string& content) {
    return sweep ? rx::scope_html(points, shown, false) + content : content;
  };
  rd::JsonObject root;
  root.string("format", "whsim-report-data/1").object("meta", meta_json(data));
  rd::JsonObject kpis;
  std::vector<Section> sections;
  if (sweep) {
    sections.push_back({"sweep", "Sweep", "", rx::sweep_html(data, points, root)});
  }
  std::string kpi_explain =
      ctx.set.runs.size() > 1
          ? fmt::format(
                "Each KPI over the measured time: the mean over the runs with the half-width of its {:g}% "
                "Student-t confidence interval. Hover a row for the definition.",
                level * 100)
          : std::string(
                "Each KPI over the measured time. Counts are totals, tallies show their mean and "
                "percentiles, time-weighted KPIs their time average. Hover a row for the definition.");
  if (data.meta.experiment.present && !sweep) kpi_explain += " " + rx::analysis_html(data.meta.experiment);
  std::string kpi_content = ctx.set.runs.empty()
                                ? std::string(R"(<p class="missing">This result holds no runs.</p>)")
                                : kpi_table(ctx.set, level, kpis);
  if (sweep) kpi_content = rx::scope_html(points, shown, true) + kpi_content;
  sections.push_back({"kpis", "Key performance indicators", kpi_explain, kpi_content});
  std::string content = chart_html(rc::throughput(ctx), root);
  sections.push_back({"throughput", "Throughput over time", "How fast work left the stations during the run.",
                      scope(content)});
  content = chart_html(rc::cycle_time_histogram(ctx), root) + chart_html(rc::cycle_time_cdf(ctx), root);
  sections.push_back({"cycle-time", "Pick cycle time",
                      "From an order's arrival to the pick of its last unit.", scope(content)});
  content = chart_html(rc::station_utilisation(ctx), root) + chart_html(rc::staffing(ctx), root);
  sections.push_back({"stations", "Stations and staffing",
                      "How busy the pickers at each station were, and how many were staffed.",
                      scope(content)});
  content = chart_html(rc::robot_states(ctx), root) + chart_html(rc::robot_state_shares(ctx), root);
  sections.push_back(
      {"robots", "Robot time by state", "What the robots were doing over time.", scope(content)});
  content = chart_html(rc::queues(ctx), root);
  sections.push_back({"queues", "Queues", "Work waiting for a resource.", scope(content)});
  content = chart_html(rc::stock(ctx), root);
  const auto has_kpi = [&](std::string_view name) {
    return std::any_of(ctx.set.runs.begin(), ctx.set.runs.end(),
                       [&](const stats::RunResult* r) { return r->find(name) != nullptr; });
  };
  // Runs with inbound or lost sales have stock KPIs; runs without keep exactly their report.
  if (has_kpi("stock.pod_fill")) content += chart_html(rc::inventory(ctx), root);
  sections.push_back({"stock", "Stock and backorders",
                      "Inventory on hand and demand that could not be served from stock.", scope(content)});
  if (has_kpi("inbound.trucks")) {
    content = chart_html(rc::inbound(ctx), root);
    sections.push_back({"inbound", "Inbound: docks, receiving and stowing",
                        "Trucks, doors, receiving and the buffer in front of the stow stations.",
                        scope(content)});
  }
  if (has_kpi("outbound.orders_shipped")) {
    content = chart_html(rc::outbound(ctx), root);
    sections.push_back({"outbound", "Outbound: packing, sortation and carrier trucks",
                        "Orders from the last pick to the truck: packing, the carrier lanes and the doors "
                        "(click-to-ship, on-time shipping and truck fill are in the summary; the carriers "
                        "table has them per carrier).",
                        scope(content)});
  }
  if (has_kpi("batteries.state_of_charge")) {
    content = chart_html(rc::batteries(ctx), root);
    sections.push_back({"batteries", "Batteries and charging",
                        "The fleet's charge, the chargers' bays and the robots queueing for them (energy per "
                        "order and the charge sessions are in the summary; energy per robot in the robots "
                        "table).",
                        scope(content)});
  }
  if (has_kpi("accuracy.ira")) {
    const bool audit = has_kpi("audit.counts");
    content = chart_html(rc::accuracy(ctx, audit), root);
    sections.push_back({"accuracy", audit ? "Record accuracy and cycle counting" : "Record accuracy",
                        "How far the stock records drifted from the physical stock (damage, record errors) "
                        "and what counting did about it (docs/model.md, \"Damage and record accuracy\").",
                        scope(content)});
  }
  if (has_kpi("costs.per_order")) {
    content = chart_html(rc::cost_shares(ctx), root);
    sections.push_back(
        {"costs", "Costs",
         "What the measured period cost, by component (cost per order, per unit and per day are "
         "in the summary; the costs table has labour by skill and every component's amount).",
         scope(content)});
  }
  content = chart_html(rc::heatmap(ctx, "robot_visits", "heatmap", "Robot visits on the floor"), root);
  if (std::any_of(ctx.set.runs.begin(), ctx.set.runs.end(),
                  [](const stats::RunResult* r) { return r->find_grid("pod_lifts") != nullptr; })) {
    content +=
        chart_html(rc::heatmap(ctx, "pod_lifts", "heatmap_pod_lifts", "Pod lifts by storage location"), root);
  }
  if (std::any_of(ctx.set.runs.begin(), ctx.set.runs.end(),
                  [](const stats::RunResult* r) { return r->find_grid("traffic_waiting") != nullptr; })) {
    // Traffic mode: where robots were and where they stood waiting for each other.
    content += chart_html(
        rc::heatmap(ctx, "traffic_occupancy", "heatmap_traffic_occupancy", "Cell occupancy (traffic)"), root);
    content += chart_html(
        rc::heatmap(ctx, "traffic_waiting", "heatmap_traffic_waiting", "Waiting for other robots, by cell"),
        root);
  }
  sections.push_back({"floor", "Floor heatmap", "Where on the floor the robots went.", scope(content)});
  sections.push_back(
      {"tables", "Tables", "Per-station and per-period results.", scope(tables_html(ctx.set))});
  sections.push_back(
      {"runs", "Runs and scenario", "The runs in this result and the scenario they ran.", runs_html(data)});
  root.object("kpis", kpis).object("series", series_json(ctx));

  std::string page = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  page += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  page += fmt::format("<title>whsim report: {}</title>\n<style>{}</style>\n</head>\n<body>\n<main>\n",
                      esc(data.meta.scenario_name), kCss);
  page += header_html(data);
  page += "<nav class=\"toc\">";
  for (const Section& s : sections) page += fmt::format(R"(<a href="#sec-{}">{}</a>)", s.id, s.title);
  page += "</nav>\n";
  for (const Section& s : sections) page += section_html(s) + "\n";
  page += "<footer>Written by whsim " + esc(data.meta.whsim_version) +
          ". Self-contained: no scripts, fonts or images are loaded from elsewhere. The numbers behind every "
          "chart are "
          "in the JSON element with id whsim-data.</footer>\n";
  page += "<script type=\"application/json\" id=\"whsim-data\">" + root.dump() + "</script>\n";
  page += "</main>\n</body>\n</html>\n";
  return page;
}

}  // namespace whsim::output
