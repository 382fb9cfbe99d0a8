// summary.json, the summary table and atomic file writing (see the header).
#include "whsim/output/summary.hpp"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <system_error>

#include <fmt/format.h>

#include <unistd.h>

namespace whsim::output {
namespace {

std::string json_string(std::string_view s) {
  std::string out = "\"";
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (u < 0x20) {
      out += fmt::format("\\u{:04x}", u);
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string json_number(double v) {
  if (!std::isfinite(v)) return "null";
  return fmt::format("{}", v);
}

std::string_view kind_name(stats::KpiKind k) {
  return stats::to_string(k);
}

double measured_hours(const stats::RunResult& r) {
  return (r.end - r.measured_from).to_seconds() / 3600.0;
}

}  // namespace

std::string summary_json(const stats::RunResult& r, const RunInfo& info) {
  std::string o = "{\n";
  o += fmt::format("  \"format\": \"whsim-summary/1\",\n  \"whsim_version\": {},\n",
                   json_string(info.whsim_version));
  o += fmt::format("  \"scenario\": {{\"name\": {}, \"file\": {}, \"hash\": {}}},\n",
                   json_string(info.scenario_name), json_string(info.scenario_file),
                   json_string(info.scenario_hash));
  o += fmt::format("  \"seed\": {},\n  \"replication\": {},\n", r.seed, info.replication);
  o += fmt::format("  \"fingerprint\": \"{:016x}\",\n  \"events\": {},\n", r.fingerprint, r.events);
  o += fmt::format("  \"measured_from_s\": {},\n  \"end_s\": {},\n",
                   json_number(r.measured_from.to_seconds()), json_number(r.end.to_seconds()));
  o += "  \"model\": {";
  for (std::size_t i = 0; i < info.model.size(); ++i) {
    o += fmt::format("{}{}: {}", i == 0 ? "" : ", ", json_string(info.model[i].first), info.model[i].second);
  }
  o += "},\n  \"kpis\": {\n";
  const double hours = measured_hours(r);
  for (std::size_t i = 0; i < r.kpis.size(); ++i) {
    const stats::KpiValue& k = r.kpis[i];
    o += fmt::format("    {}: {{\"unit\": {}, \"kind\": \"{}\", \"value\": {}, \"count\": {}",
                     json_string(k.name), json_string(k.unit), kind_name(k.kind), json_number(k.value),
                     k.count);
    if (k.kind == stats::KpiKind::kCount) {
      o += fmt::format(", \"per_hour\": {}",
                       json_number(hours > 0 ? k.value / hours : std::numeric_limits<double>::quiet_NaN()));
    } else if (k.kind == stats::KpiKind::kTally) {
      o += fmt::format(
          ", \"stddev\": {}, \"min\": {}, \"max\": {}, \"p50\": {}, \"p90\": {}, \"p95\": {}, \"p99\": {}",
          json_number(k.stddev), json_number(k.min), json_number(k.max), json_number(k.p50),
          json_number(k.p90), json_number(k.p95), json_number(k.p99));
    } else if (k.kind == stats::KpiKind::kTimeWeighted) {
      o += fmt::format(", \"min\": {}, \"max\": {}", json_number(k.min), json_number(k.max));
    }
    o += fmt::format("}}{}\n", i + 1 == r.kpis.size() ? "" : ",");
  }
  o += "  },\n  \"tables\": {\n";
  for (std::size_t t = 0; t < r.tables.size(); ++t) {
    const stats::Table& tab = r.tables[t];
    const auto quoted = [](const std::vector<std::string>& v) {
      std::string out;
      for (std::size_t i = 0; i < v.size(); ++i) out += (i == 0 ? "" : ", ") + json_string(v[i]);
      return out;
    };
    o += fmt::format(
        "    {}: {{\"description\": {}, \"label\": {}, \"columns\": [{}], \"units\": [{}], \"rows\": [",
        json_string(tab.name), json_string(tab.description), json_string(tab.label), quoted(tab.columns),
        quoted(tab.units));
    for (std::size_t i = 0; i < tab.rows.size(); ++i) {
      o += fmt::format("{}\n      [{}", i == 0 ? "" : ",", json_string(tab.row_labels[i]));
      for (const double v : tab.rows[i]) o += ", " + json_number(v);
      o += "]";
    }
    o += fmt::format("]}}{}\n", t + 1 == r.tables.size() ? "" : ",");
  }
  o += "  },\n";
  const double wall = info.wall_seconds;
  o += fmt::format(
      "  \"provenance\": {{\"wall_seconds\": {}, \"build_seconds\": {}, \"events_per_second\": {}}}\n",
      json_number(wall), json_number(info.build_seconds),
      json_number(wall > info.build_seconds ? static_cast<double>(r.events) / (wall - info.build_seconds)
                                            : std::numeric_limits<double>::quiet_NaN()));
  o += "}\n";
  return o;
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
