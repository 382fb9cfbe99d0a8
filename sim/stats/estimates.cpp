// Estimates across runs (see the header).
#include "whsim/stats/estimates.hpp"

#include <algorithm>
#include <limits>

namespace whsim::stats {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct Statistic {
  std::string_view suffix;
  double KpiValue::*field;
};
constexpr Statistic kPercentiles[] = {
    {"p50", &KpiValue::p50}, {"p95", &KpiValue::p95}, {"p99", &KpiValue::p99}};

std::vector<double> finite(const std::vector<double>& values) {
  std::vector<double> out;
  for (const double v : values) {
    if (v == v && v - v == 0.0) out.push_back(v);
  }
  return out;
}

}  // namespace

double kpi_statistic(const RunResult& run, std::string_view name, bool* found) {
  if (found != nullptr) *found = false;
  if (const KpiValue* k = run.find(name)) {
    if (found != nullptr) *found = true;
    return k->value;
  }
  const std::size_t dot = name.rfind('.');
  if (dot == std::string_view::npos) return kNaN;
  const KpiValue* k = run.find(name.substr(0, dot));
  if (k == nullptr || k->kind != KpiKind::kTally) return kNaN;
  for (const Statistic& s : kPercentiles) {
    if (name.substr(dot + 1) == s.suffix) {
      if (found != nullptr) *found = true;
      return k->*s.field;
    }
  }
  return kNaN;
}

std::vector<KpiEstimate> estimate_kpis(std::span<const RunResult* const> runs, double level) {
  std::vector<KpiEstimate> out;
  if (runs.empty()) return out;
  const auto add = [&](const KpiValue& decl, std::string_view statistic, double KpiValue::*field) {
    KpiEstimate e;
    e.kpi = decl.name;
    e.statistic = std::string(statistic);
    e.name = statistic == "value" ? decl.name : decl.name + "." + std::string(statistic);
    e.unit = decl.unit;
    e.kind = decl.kind;
    for (const RunResult* r : runs) {
      const KpiValue* k = r->find(decl.name);
      e.values.push_back(k != nullptr ? k->*field : kNaN);
    }
    const std::vector<double> values = finite(e.values);
    e.ci = t_interval(values, level);
    out.push_back(std::move(e));
  };
  for (const KpiValue& decl : runs.front()->kpis) {
    add(decl, "value", &KpiValue::value);
    if (decl.kind == KpiKind::kTally) {
      for (const Statistic& s : kPercentiles) add(decl, s.suffix, s.field);
    }
  }
  return out;
}

TableEstimate estimate_table(std::span<const RunResult* const> runs, std::string_view table, double level) {
  TableEstimate out;
  out.name = std::string(table);
  std::vector<std::vector<std::vector<double>>> samples;  // [row][column][run]
  for (const RunResult* r : runs) {
    const Table* t = r->find_table(table);
    if (t == nullptr) continue;
    if (out.columns.empty()) {
      out.label = t->label;
      out.columns = t->columns;
      out.units = t->units;
    }
    for (std::size_t i = 0; i < t->rows.size(); ++i) {
      const auto at = std::find(out.row_labels.begin(), out.row_labels.end(), t->row_labels[i]);
      const auto row = static_cast<std::size_t>(at - out.row_labels.begin());
      if (at == out.row_labels.end()) {
        out.row_labels.push_back(t->row_labels[i]);
        samples.emplace_back(out.columns.size());
      }
      for (std::size_t c = 0; c < out.columns.size() && c < t->rows[i].size(); ++c) {
        samples[row][c].push_back(t->rows[i][c]);
      }
    }
  }
  for (const auto& row : samples) {
    std::vector<ConfidenceInterval> cells;
    cells.reserve(row.size());
    for (const auto& column : row) cells.push_back(t_interval(finite(column), level));
    out.cells.push_back(std::move(cells));
  }
  return out;
}

}  // namespace whsim::stats
