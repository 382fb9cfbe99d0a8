// summary.json, summary.csv and the summary table (see the header).
#include "whsim/output/summary.hpp"

#include <cmath>
#include <limits>

#include <fmt/format.h>

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

Json run_json(const RunRecord& run) {
  const stats::RunResult& r = run.result;
  Json o;
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

/// One CSV field, quoted when it holds a comma, quote or line break (RFC 4180).
std::string csv_field(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

/// Appends ",field" to a CSV line.
void add_field(std::string& line, const std::string& field) {
  line += ',';
  line += field;
}

std::string csv_number(double v) {
  return std::isfinite(v) ? fmt::format("{}", v) : std::string();
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
    runs.push_back(run_json(run));
    events += run.result.events;
  }
  o["runs"] = std::move(runs);
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
    add_field(out, csv_field(fmt::format("{} [{}]", k.name, k.unit)));
    if (k.kind == stats::KpiKind::kTally) {
      for (const char* p : {"p50", "p95", "p99"}) {
        add_field(out, csv_field(fmt::format("{}.{} [{}]", k.name, p, k.unit)));
      }
    }
  }
  out += ",provenance_wall_seconds,provenance_host\n";
  for (const RunRecord& run : data.runs) {
    const stats::RunResult& r = run.result;
    out += fmt::format("{},{},{},{},{},{},{},{},{:016x}", csv_field(m.scenario_name), m.scenario_hash,
                       csv_field(parameters), r.seed, run.replication, r.complete ? 1 : 0, m.exit_status,
                       r.events, r.fingerprint);
    for (const stats::KpiValue& k : r.kpis) {
      add_field(out, csv_number(k.value));
      if (k.kind == stats::KpiKind::kTally) {
        for (const double v : {k.p50, k.p95, k.p99}) add_field(out, csv_number(v));
      }
    }
    out += fmt::format(",{},{}\n", csv_number(run.wall_seconds), csv_field(m.provenance.host));
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
  return o;
}

}  // namespace whsim::output
