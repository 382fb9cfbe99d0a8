// The numbers behind the report's charts (see report_data.hpp).
#include "output/report_data.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

namespace whsim::output::report_data {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Round bin durations for throughput, in seconds.
constexpr std::int64_t kRoundBins[] = {60,   120,   300,   600,   900,   1200,  1800,   3600,
                                       7200, 10800, 14400, 21600, 43200, 86400, 172800, 604800};

template <typename T>
std::string json_array(std::span<const T> values, std::string (*item)(const T&)) {
  std::string o = "[";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) o += ',';
    o += item(values[i]);
  }
  return o + "]";
}

std::string number_item(const double& v) {
  return json_number(v);
}

std::string string_item(const std::string& v) {
  return json_string(v);
}

/// Index of a column by name, or npos.
std::size_t column(const stats::RecordTable& t, std::string_view name) {
  const auto it = std::find(t.columns.begin(), t.columns.end(), name);
  return it == t.columns.end() ? std::string::npos : static_cast<std::size_t>(it - t.columns.begin());
}

}  // namespace

std::string json_number(double v) {
  if (!std::isfinite(v)) return "null";
  return fmt::format("{}", v);
}

std::string json_string(std::string_view s) {
  std::string out = "\"";
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const auto u = static_cast<unsigned char>(c);
    const char prev = i > 0 ? s[i - 1] : '\0';
    const char prev2 = i > 1 ? s[i - 2] : '\0';
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (u < 0x20) {
      out += fmt::format("\\u{:04x}", u);
    } else if (c == '/' && (prev == '<' || prev == ':' || (prev == '/' && prev2 == ':'))) {
      out += "\\/";  // "</" cannot end the script element; "://" is no URL
    } else if (c == '<' && i + 1 < s.size() && s[i + 1] == '!') {
      out += "\\u003c";  // "<!--" would change how the script element is parsed
    } else {
      out += c;
    }
  }
  return out + "\"";
}

void JsonObject::key(std::string_view k) {
  if (!body_.empty()) body_ += ',';
  body_ += json_string(k);
  body_ += ':';
}

JsonObject& JsonObject::number(std::string_view k, double v) {
  key(k);
  body_ += json_number(v);
  return *this;
}

JsonObject& JsonObject::integer(std::string_view k, std::int64_t v) {
  key(k);
  body_ += fmt::format("{}", v);
  return *this;
}

JsonObject& JsonObject::boolean(std::string_view k, bool v) {
  key(k);
  body_ += v ? "true" : "false";
  return *this;
}

JsonObject& JsonObject::string(std::string_view k, std::string_view v) {
  key(k);
  body_ += json_string(v);
  return *this;
}

JsonObject& JsonObject::numbers(std::string_view k, std::span<const double> v) {
  key(k);
  body_ += json_array<double>(v, number_item);
  return *this;
}

JsonObject& JsonObject::strings(std::string_view k, std::span<const std::string> v) {
  key(k);
  body_ += json_array<std::string>(v, string_item);
  return *this;
}

JsonObject& JsonObject::number_rows(std::string_view k, std::span<const std::vector<double>> rows) {
  key(k);
  body_ += '[';
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (i > 0) body_ += ',';
    body_ += json_array<double>(rows[i], number_item);
  }
  body_ += ']';
  return *this;
}

JsonObject& JsonObject::string_rows(std::string_view k, std::span<const std::vector<std::string>> rows) {
  key(k);
  body_ += '[';
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (i > 0) body_ += ',';
    body_ += json_array<std::string>(rows[i], string_item);
  }
  body_ += ']';
  return *this;
}

JsonObject& JsonObject::objects(std::string_view k, std::span<const JsonObject> items) {
  key(k);
  body_ += '[';
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) body_ += ',';
    body_ += items[i].dump();
  }
  body_ += ']';
  return *this;
}

JsonObject& JsonObject::object(std::string_view k, const JsonObject& v) {
  key(k);
  body_ += v.dump();
  return *this;
}

std::optional<AlignedSeries> align_series(const RunSet& set, std::string_view name) {
  std::optional<AlignedSeries> out;
  for (const stats::RunResult* run : set.runs) {
    const stats::TimeSeries* s = run->find_series(name);
    if (s == nullptr) continue;
    const std::size_t n = std::min(s->time_ticks.size(), s->values.size());
    if (!out) {
      out = AlignedSeries{s->name,
                          s->unit,
                          {s->time_ticks.begin(), s->time_ticks.begin() + static_cast<std::ptrdiff_t>(n)},
                          {}};
    }
    std::size_t common = std::min(n, out->ticks.size());
    for (std::size_t i = 0; i < common; ++i) {
      if (s->time_ticks[i] != out->ticks[i]) {
        common = i;
        break;
      }
    }
    out->ticks.resize(common);
    out->runs.emplace_back(s->values.begin(), s->values.begin() + static_cast<std::ptrdiff_t>(common));
  }
  if (!out || out->ticks.empty()) return std::nullopt;
  for (std::vector<double>& r : out->runs) r.resize(out->ticks.size());
  return out;
}

std::size_t stride_for(std::size_t samples, std::size_t max_points) {
  if (samples <= max_points || max_points < 2) return 1;
  return (samples - 1 + max_points - 2) / (max_points - 1);
}

AlignedSeries thin(const AlignedSeries& s, std::size_t stride) {
  if (stride <= 1) return s;
  AlignedSeries out{s.name, s.unit, {}, std::vector<std::vector<double>>(s.runs.size())};
  const std::size_t n = s.ticks.size();
  for (std::size_t i = 0; i < n; i += stride) {
    const std::size_t j = (i + stride >= n) ? n - 1 : i;
    out.ticks.push_back(s.ticks[i]);
    for (std::size_t r = 0; r < s.runs.size(); ++r) out.runs[r].push_back(s.runs[r][i]);
    if (j == n - 1 && i != n - 1) {
      out.ticks.push_back(s.ticks[j]);
      for (std::size_t r = 0; r < s.runs.size(); ++r) out.runs[r].push_back(s.runs[r][j]);
    }
  }
  return out;
}

Summary summarise(std::span<const std::vector<double>> runs) {
  Summary s;
  if (runs.empty()) return s;
  std::size_t n = runs.front().size();
  for (const auto& r : runs) n = std::min(n, r.size());
  s.mean.assign(n, kNaN);
  s.lo.assign(n, kNaN);
  s.hi.assign(n, kNaN);
  for (std::size_t i = 0; i < n; ++i) {
    double sum = 0.0;
    double lo = std::numeric_limits<double>::infinity();
    double hi = -lo;
    int count = 0;
    for (const auto& r : runs) {
      if (std::isnan(r[i])) continue;
      sum += r[i];
      lo = std::min(lo, r[i]);
      hi = std::max(hi, r[i]);
      ++count;
    }
    if (count == 0) continue;
    s.mean[i] = count == 1 ? sum : sum / count;
    s.lo[i] = lo;
    s.hi[i] = hi;
  }
  return s;
}

std::vector<double> hours(std::span<const std::int64_t> ticks) {
  std::vector<double> out;
  out.reserve(ticks.size());
  for (const std::int64_t t : ticks) out.push_back(static_cast<double>(t) / kTicksPerHour);
  return out;
}

std::vector<double> seconds(std::span<const std::int64_t> ticks) {
  std::vector<double> out;
  out.reserve(ticks.size());
  for (const std::int64_t t : ticks) out.push_back(static_cast<double>(t) / kTicksPerSecond);
  return out;
}

std::vector<std::size_t> bin_edges(std::span<const std::int64_t> ticks, std::size_t max_bins) {
  std::vector<std::size_t> edges;
  if (ticks.size() < 2) return edges;
  const std::size_t intervals = ticks.size() - 1;
  std::size_t k = 1;
  if (intervals > max_bins) {
    k = (intervals + max_bins - 1) / max_bins;
    const std::int64_t dt = ticks[1] - ticks[0];
    for (const std::int64_t bin_s : kRoundBins) {
      const std::int64_t bin = bin_s * 1'000'000;
      if (dt <= 0 || bin % dt != 0) continue;
      const auto kk = static_cast<std::size_t>(bin / dt);
      if ((intervals + kk - 1) / kk <= max_bins) {
        k = kk;
        break;
      }
    }
  }
  for (std::size_t i = 0; i < intervals; i += k) edges.push_back(i);
  edges.push_back(intervals);
  return edges;
}

std::vector<double> rates_per_hour(std::span<const std::int64_t> ticks, std::span<const double> cumulative,
                                   std::span<const std::size_t> edges) {
  std::vector<double> out;
  for (std::size_t j = 1; j < edges.size(); ++j) {
    const std::size_t a = edges[j - 1];
    const std::size_t b = edges[j];
    const double dt_h = static_cast<double>(ticks[b] - ticks[a]) / kTicksPerHour;
    out.push_back(dt_h > 0 ? (cumulative[b] - cumulative[a]) / dt_h : kNaN);
  }
  return out;
}

std::vector<double> kpi_values(const RunSet& set, std::string_view name, double stats::KpiValue::*field) {
  std::vector<double> out;
  for (const stats::RunResult* run : set.runs) {
    if (const stats::KpiValue* k = run->find(name)) out.push_back(k->*field);
  }
  return out;
}

double mean_of(std::span<const double> values) {
  double sum = 0.0;
  int n = 0;
  for (const double v : values) {
    if (!std::isfinite(v)) continue;
    sum += v;
    ++n;
  }
  if (n == 0) return kNaN;
  return n == 1 ? sum : sum / n;
}

std::vector<double> cycle_times(const RunSet& set) {
  std::vector<double> out;
  for (const stats::RunResult* run : set.runs) {
    const stats::RecordTable* orders = run->find_records("orders");
    if (orders == nullptr) continue;
    const std::size_t arrived = column(*orders, "arrived_s");
    const std::size_t completed = column(*orders, "completed_s");
    if (arrived == std::string::npos || completed == std::string::npos) continue;
    if (arrived >= orders->values.size() || completed >= orders->values.size()) continue;
    const auto& a = orders->values[arrived];
    const auto& c = orders->values[completed];
    const double from = run->measured_from.to_seconds();
    for (std::size_t i = 0; i < a.size() && i < c.size(); ++i) {
      if (std::isfinite(a[i]) && std::isfinite(c[i]) && c[i] >= from) out.push_back(c[i] - a[i]);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

double percentile(std::span<const double> sorted, double q) {
  if (sorted.empty()) return kNaN;
  const double h = static_cast<double>(sorted.size() - 1) * q;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  if (lo + 1 >= sorted.size()) return sorted.back();
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[lo + 1] - sorted[lo]);
}

}  // namespace whsim::output::report_data
