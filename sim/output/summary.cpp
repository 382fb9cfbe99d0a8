// summary.json, summary.csv and the summary table (see the header).
#include "whsim/output/summary.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string_view>
#include <utility>

#include <fmt/format.h>

#include "whsim/stats/estimates.hpp"

#include "csv.hpp"
#include <nlohmann/json.hpp>

namespace whsim::output {
namespace {

using Json = nlohmann::ordered_json;

Json number(double v) {
  return std::isfinite(v) ? Json(v) : Json(nullptr);
}

double measured_hours(const stats::RunResult& r) {
  return (r.end - r.measured_from).to_seconds() / 3600.0;
}

Json kpi_json(const stats::KpiValue& k, double hours) {
  Json o;
  o["unit"] = k.unit;
  o["kind"] = std::string(stats::to_string(k.kind));
  o["value"] = number(k.value);
  o["count"] = k.count;
  if (k.kind == stats::KpiKind::kCount) {
    o["per_hour"] = number(hours > 0 ? k.value / hours : std::numeric_limits<double>::quiet_NaN());
  } else if (k.kind == stats::KpiKind::kTally) {
    o["stddev"] = number(k.stddev);
    o["min"] = number(k.min);
    o["max"] = number(k.max);
    o["p50"] = number(k.p50);
    o["p90"] = number(k.p90);
    o["p95"] = number(k.p95);
    o["p99"] = number(k.p99);
  } else if (k.kind == stats::KpiKind::kTimeWeighted) {
    o["min"] = number(k.min);
    o["max"] = number(k.max);
  }
  return o;
}

Json table_json(const stats::Table& t) {
  Json o;
  o["description"] = t.description;
  o["label"] = t.label;
  o["columns"] = t.columns;
  o["units"] = t.units;
  Json rows = Json::array();
  for (std::size_t i = 0; i < t.rows.size(); ++i) {
    Json row = Json::array({t.row_labels[i]});
    for (const double v : t.rows[i]) row.push_back(number(v));
    rows.push_back(std::move(row));
  }
  o["rows"] = std::move(rows);
  return o;
}

Json run_json(const RunRecord& run, bool experiment) {
  const stats::RunResult& r = run.result;
  Json o;
  if (experiment) {  // a single run's summary.json keeps its earlier form
    o["run_id"] = run.run_id;
    o["point"] = run.point;
  }
  o["replication"] = run.replication;
  o["seed"] = r.seed;
  o["complete"] = r.complete;
  o["fingerprint"] = fmt::format("{:016x}", r.fingerprint);
  o["events"] = r.events;
  o["measured_from_s"] = number(r.measured_from.to_seconds());
  o["end_s"] = number(r.end.to_seconds());
  Json model = Json::object();
  for (const auto& [name, value] : run.model) model[name] = value;
  o["model"] = std::move(model);
  const double hours = measured_hours(r);
  Json kpis = Json::object();
  for (const stats::KpiValue& k : r.kpis) kpis[k.name] = kpi_json(k, hours);
  o["kpis"] = std::move(kpis);
  Json tables = Json::object();
  for (const stats::Table& t : r.tables) tables[t.name] = table_json(t);
  o["tables"] = std::move(tables);
  return o;
}

/// Appends ",field" to a CSV line.
void add_field(std::string& line, const std::string& field) {
  line += ',';
  line += field;
}

/// The runs that reached their horizon: an interrupted replication's KPIs cover a shorter
/// window and would bias the estimates.
std::vector<const stats::RunResult*> run_results(const ResultData& data) {
  std::vector<const stats::RunResult*> out;
  for (const RunRecord& r : data.runs) {
    if (r.result.complete) out.push_back(&r.result);
  }
  return out;
}

Json interval_json(const stats::ConfidenceInterval& ci) {
  Json o;
  o["mean"] = number(ci.mean);
  o["half_width"] = number(ci.half_width);
  o["lower"] = number(ci.lower());
  o["upper"] = number(ci.upper());
  o["n"] = ci.n;
  return o;
}

Json experiment_json(const ExperimentInfo& e) {
  Json o;
  o["kind"] = e.kind;
  o["analysis"] = e.analysis;
  o["warmup_method"] = e.warmup_method;
  o["warmup_s"] = number(e.warmup_seconds);
  o["warmup_reliable"] = e.warmup_reliable;
  o["warmup_note"] = e.warmup_note;
  o["confidence_level"] = e.confidence_level;
  if (!e.keys.empty()) {
    o["sweep_file"] = e.sweep_file;
    o["keys"] = e.keys;
    o["points"] = e.points;
  }
  return o;
}

/// "mean +- half-width" with the half-width to two significant digits and the mean to the same
/// decimal place (at most 6 decimals); the mean alone to 4 significant digits when the
/// half-width is infinite or zero.
std::string format_estimate(double mean, double half_width) {
  if (!std::isfinite(half_width)) return fmt::format("{:.4g}", mean);
  if (half_width == 0.0) return fmt::format("{:.4g} +- 0", mean);
  int decimals = 1 - static_cast<int>(std::floor(std::log10(half_width)));
  decimals = std::clamp(decimals, 0, 6);
  if (std::fabs(mean) >= 1e7 || std::fabs(mean) < 1e-4)
    return fmt::format("{:.4g} +- {:.2g}", mean, half_width);
  return fmt::format("{:.{}f} +- {:.{}f}", mean, decimals, half_width, decimals);
}

Json estimates_json(const ResultData& data) {
  const std::vector<const stats::RunResult*> runs = run_results(data);
  Json o = Json::object();
  for (const stats::KpiEstimate& e : stats::estimate_kpis(runs, data.meta.experiment.confidence_level)) {
    Json k = interval_json(e.ci);
    k["unit"] = e.unit;
    k["statistic"] = e.statistic;
    Json values = Json::array();
    for (const double v : e.values) values.push_back(number(v));
    k["values"] = std::move(values);
    o[e.name] = std::move(k);
  }
  return o;
}

}  // namespace

std::string summary_json(const ResultData& data) {
  const ResultMeta& m = data.meta;
  Json o;
  o["format"] = "whsim-summary/2";
  o["whsim_version"] = m.whsim_version;
  o["git_commit"] = m.git_commit;
  o["git_dirty"] = m.git_dirty;
  o["scenario"] = Json{{"name", m.scenario_name},
                       {"file", m.scenario_file},
                       {"hash", m.scenario_hash},
                       {"sha256", m.scenario_sha256}};
  Json parameters = Json::object();
  for (const auto& [key, value] : m.parameters) parameters[key] = value;
  o["parameters"] = std::move(parameters);
  o["master_seed"] = m.master_seed;
  o["detail"] = std::string(to_string(m.detail));
  o["complete"] = m.complete;
  o["exit_status"] = m.exit_status;
  Json runs = Json::array();
  std::uint64_t events = 0;
  for (const RunRecord& run : data.runs) {
    runs.push_back(run_json(run, m.experiment.present));
    events += run.result.events;
  }
  o["runs"] = std::move(runs);
  if (m.experiment.present && m.experiment.keys.empty()) {
    // Replications of one scenario: each KPI across runs (a sweep writes points.csv instead).
    o["experiment"] = experiment_json(m.experiment);
    o["estimates"] = estimates_json(data);
    const std::vector<const stats::RunResult*> results = run_results(data);
    const stats::TableEstimate daily = stats::estimate_table(results, "daily", m.experiment.confidence_level);
    if (m.experiment.analysis == "terminating" && daily.row_labels.size() > 1) {
      Json days = Json::array();
      for (std::size_t i = 0; i < daily.row_labels.size(); ++i) {
        Json day;
        day["day"] = daily.row_labels[i];
        for (std::size_t c = 0; c < daily.columns.size(); ++c)
          day[daily.columns[c]] = interval_json(daily.cells[i][c]);
        days.push_back(std::move(day));
      }
      o["per_day"] = std::move(days);
    }
  } else if (m.experiment.present) {
    o["experiment"] = experiment_json(m.experiment);
  }
  const Provenance& p = m.provenance;
  const double sim_seconds = p.wall_seconds - p.build_seconds;
  o["provenance"] =
      Json{{"created", p.created},
           {"host", p.host},
           {"wall_seconds", number(p.wall_seconds)},
           {"build_seconds", number(p.build_seconds)},
           {"events_per_second", number(sim_seconds > 0 ? static_cast<double>(events) / sim_seconds
                                                        : std::numeric_limits<double>::quiet_NaN())}};
  return o.dump(2) + "\n";
}

std::string summary_csv(const ResultData& data) {
  const ResultMeta& m = data.meta;
  std::string parameters;
  for (const auto& [key, value] : m.parameters) {
    if (!parameters.empty()) parameters += ';';
    parameters += key;
    parameters += '=';
    parameters += value;
  }
  std::string out =
      "scenario,scenario_hash,parameters,seed,replication,complete,exit_status,events,fingerprint";
  const std::vector<stats::KpiValue> none;
  const std::vector<stats::KpiValue>& kpis = data.runs.empty() ? none : data.runs.front().result.kpis;
  for (const stats::KpiValue& k : kpis) {
    add_field(out, csv::field(fmt::format("{} [{}]", k.name, k.unit)));
    if (k.kind == stats::KpiKind::kTally) {
      for (const char* p : {"p50", "p95", "p99"}) {
        add_field(out, csv::field(fmt::format("{}.{} [{}]", k.name, p, k.unit)));
      }
    }
  }
  out += ",provenance_wall_seconds,provenance_host\n";
  for (const RunRecord& run : data.runs) {
    const stats::RunResult& r = run.result;
    out += fmt::format("{},{},{},{},{},{},{},{},{:016x}", csv::field(m.scenario_name), m.scenario_hash,
                       csv::field(parameters), r.seed, run.replication, r.complete ? 1 : 0, m.exit_status,
                       r.events, r.fingerprint);
    for (const stats::KpiValue& k : r.kpis) {
      add_field(out, csv::number(k.value));
      if (k.kind == stats::KpiKind::kTally) {
        for (const double v : {k.p50, k.p95, k.p99}) add_field(out, csv::number(v));
      }
    }
    out += fmt::format(",{},{}\n", csv::number(run.wall_seconds), csv::field(m.provenance.host));
  }
  return out;
}

std::string summary_table(const stats::RunResult& r) {
  const double hours = measured_hours(r);
  std::string o = fmt::format("{:<32} {:>14}  {:<10} {}\n", "KPI", "value", "unit", "detail");
  for (const stats::KpiValue& k : r.kpis) {
    std::string value = std::isfinite(k.value) ? fmt::format("{:.4g}", k.value) : "-";
    std::string detail;
    if (k.kind == stats::KpiKind::kCount) {
      value = fmt::format("{}", k.count);
      if (hours > 0) detail = fmt::format("{:.1f} per hour", k.value / hours);
    } else if (k.kind == stats::KpiKind::kTally && k.count > 0) {
      detail = fmt::format("mean; p50 {:.4g}, p95 {:.4g}, p99 {:.4g}, n = {}", k.p50, k.p95, k.p99, k.count);
    } else if (k.kind == stats::KpiKind::kTimeWeighted) {
      detail = fmt::format("time average; max {:.4g}", k.max);
    } else if (k.kind == stats::KpiKind::kRatio && k.count > 0) {
      detail = fmt::format("{:.1f}%", 100.0 * k.value);
    }
    o += fmt::format("{:<32} {:>14}  {:<10} {}\n", k.name, value, k.unit, detail);
  }
  // Traffic mode: where robots waited most for each other.
  for (const auto& [name, title] : {std::pair{"congested_cells", "Most congested cells"},
                                    std::pair{"congested_aisles", "Most congested aisles"}}) {
    const stats::Table* t = r.find_table(name);
    if (t == nullptr || t->rows.empty()) continue;
    const auto col = [&](std::string_view c) {
      return static_cast<std::size_t>(std::find(t->columns.begin(), t->columns.end(), c) -
                                      t->columns.begin());
    };
    const std::size_t wait = col("waiting"), share = col("waiting_share"), occupied = col("occupancy");
    if (wait >= t->columns.size() || share >= t->columns.size() || occupied >= t->columns.size()) continue;
    o += fmt::format("\n{} (robots waiting for other robots):\n", title);
    for (std::size_t i = 0; i < t->rows.size(); ++i) {
      const std::vector<double>& row = t->rows[i];
      o += fmt::format("  {:<30} {:>10.0f} s waited ({:.1f}% of all waiting), occupied {:.0f}% of the time\n",
                       t->row_labels[i], row[wait], 100.0 * row[share], 100.0 * row[occupied]);
    }
  }
  return o;
}

std::string estimates_table(const ResultData& data) {
  const ExperimentInfo& e = data.meta.experiment;
  const std::vector<const stats::RunResult*> runs = run_results(data);
  const std::vector<stats::KpiEstimate> estimates = stats::estimate_kpis(runs, e.confidence_level);
  std::string o = fmt::format("{} replications{}, {} analysis; {}\n", runs.size(),
                              runs.size() < data.runs.size() ? fmt::format(" (and {} interrupted, left out)",
                                                                           data.runs.size() - runs.size())
                                                             : std::string(),
                              e.analysis, e.warmup_note);
  o += fmt::format("KPIs as mean +- half-width of the {:g}% t-interval across replications:\n\n",
                   100.0 * e.confidence_level);
  o += fmt::format("{:<36} {:>24}  {:<10} {}\n", "KPI", "mean +- half-width", "unit", "n");
  for (const stats::KpiEstimate& k : estimates) {
    if (k.statistic != "value" && k.statistic != "p95") continue;
    std::string value = "-";
    if (std::isfinite(k.ci.mean)) {
      value = format_estimate(k.ci.mean, k.ci.half_width);
    }
    o += fmt::format("{:<36} {:>24}  {:<10} {}\n", k.name, value, k.unit, k.ci.n);
  }
  const stats::TableEstimate daily = stats::estimate_table(runs, "daily", e.confidence_level);
  if (e.analysis == "terminating" && daily.row_labels.size() > 1) {
    o += "\nPer calendar day (completions, mean +- half-width across replications):\n";
    o += fmt::format("{:<12}", daily.label);
    for (const std::string& c : daily.columns) o += fmt::format(" {:>22}", c);
    o += '\n';
    for (std::size_t i = 0; i < daily.row_labels.size(); ++i) {
      o += fmt::format("{:<12}", daily.row_labels[i]);
      for (const stats::ConfidenceInterval& ci : daily.cells[i]) {
        o += fmt::format(" {:>22}", format_estimate(ci.mean, ci.half_width));
      }
      o += '\n';
    }
  }
  return o;
}

}  // namespace whsim::output
