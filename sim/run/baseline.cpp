// Baseline files (see the header): JSON written here with fmt (shortest round-trip doubles),
// read back through the hardened YAML reader so that every problem carries file:line:col.
#include "whsim/run/baseline.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <limits>
#include <optional>
#include <span>
#include <utility>

#include <fmt/format.h>

#include "whsim/core/text.hpp"
#include "whsim/model/kpi_catalogue.hpp"
#include "whsim/scenario/yaml_document.hpp"

namespace whsim::run {
namespace {

using scenario::NodeIndex;
using scenario::YamlDocument;
using scenario::YamlEntry;
using scenario::YamlKind;
using scenario::YamlNode;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
/// Replications a baseline may hold (as whsim run --replications).
constexpr int kMaxReplications = 100000;
constexpr std::array<std::string_view, 3> kPercentiles{"p50", "p95", "p99"};
/// The largest magnitude of a number in a baseline (a KPI value far beyond any warehouse's).
constexpr double kMaxMagnitude = 1e15;

constexpr std::array<std::string_view, 13> kTopKeys{
    "format",   "description", "scenario",    "set",          "scenario_hash", "seed",      "replications",
    "analysis", "warmup",      "fingerprint", "fingerprints", "kpis",          "created_by"};
constexpr std::array<std::string_view, 6> kKpiKeys{"name", "unit", "better", "tolerance", "mean", "values"};
constexpr std::array<std::string_view, 3> kToleranceKeys{"relative", "absolute", "statistical"};
constexpr std::array<std::string_view, 3> kBetterValues{"higher", "lower", "neither"};
constexpr std::array<std::string_view, 2> kFingerprintModes{"exact", "report"};
constexpr std::array<std::string_view, 2> kAnalysisModes{"terminating", "steady-state"};

/// A JSON string (a double-quoted YAML scalar is one, for UTF-8 text).
std::string json_string(std::string_view s) {
  return scenario::yaml_double_quoted(s);
}

std::string json_number(double v) {
  return std::isfinite(v) ? fmt::format("{}", v) : std::string("null");
}

/// Collects every problem of one file, each located, then throws them together.
class Reader {
 public:
  explicit Reader(const YamlDocument& doc) : doc_(doc) {}

  void problem(NodeIndex at, const std::string& path, std::string message) {
    diagnostics_.push_back({doc_.where(at), path, std::move(message)});
  }
  void problem(const YamlEntry& at, const std::string& path, std::string message) {
    diagnostics_.push_back({doc_.where(at), path, std::move(message)});
  }
  [[nodiscard]] const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

  [[nodiscard]] bool is_null(NodeIndex i) const {
    const YamlNode& n = doc_.node(i);
    return n.kind == YamlKind::kNull || (n.kind == YamlKind::kScalar && n.plain && n.text == "null");
  }

  std::optional<std::string> text(NodeIndex i, const std::string& path) {
    const YamlNode& n = doc_.node(i);
    if (n.kind != YamlKind::kScalar || (n.plain && n.text == "null")) {
      problem(i, path, "expected a string");
      return std::nullopt;
    }
    return n.text;
  }

  std::optional<std::string> choice(NodeIndex i, const std::string& path,
                                    std::span<const std::string_view> allowed) {
    auto s = text(i, path);
    if (!s) return std::nullopt;
    if (std::find(allowed.begin(), allowed.end(), *s) == allowed.end()) {
      problem(i, path, fmt::format("unknown value \"{}\" (expected {})", *s, join_alternatives(allowed)));
      return std::nullopt;
    }
    return s;
  }

  /// A number of magnitude at most kMaxMagnitude (so sums and variances over 100,000 of them stay
  /// finite), or NaN for null when `null_ok`.
  std::optional<double> number(NodeIndex i, const std::string& path, bool null_ok) {
    const YamlNode& n = doc_.node(i);
    if (null_ok && is_null(i)) return kNaN;
    double v = 0;
    if (n.kind == YamlKind::kScalar && n.plain && !n.text.empty() && n.text.front() != '+') {
      const char* end = n.text.data() + n.text.size();
      const auto [p, ec] = std::from_chars(n.text.data(), end, v);
      if (ec == std::errc() && p == end && std::fabs(v) <= kMaxMagnitude) return v;
    }
    problem(i, path, fmt::format("expected a number from -1e15 to 1e15{}", null_ok ? " or null" : ""));
    return std::nullopt;
  }

  std::optional<std::uint64_t> unsigned_integer(NodeIndex i, const std::string& path, std::uint64_t max) {
    const YamlNode& n = doc_.node(i);
    std::uint64_t v = 0;
    if (n.kind == YamlKind::kScalar && n.plain && !n.text.empty()) {
      const char* end = n.text.data() + n.text.size();
      const auto [p, ec] = std::from_chars(n.text.data(), end, v);
      if (ec == std::errc() && p == end && v <= max) return v;
    }
    problem(i, path, fmt::format("expected a whole number from 0 to {}", max));
    return std::nullopt;
  }

  /// Items of a sequence, or nullopt (with a problem) when the node is not one.
  std::optional<std::vector<NodeIndex>> list(NodeIndex i, const std::string& path) {
    const YamlNode& n = doc_.node(i);
    if (n.kind == YamlKind::kSequence) return n.items;
    problem(i, path, "expected a list");
    return std::nullopt;
  }

  /// Entries of a mapping, checking keys against `allowed`; nullopt when not a mapping.
  std::optional<std::vector<YamlEntry>> mapping(NodeIndex i, const std::string& path,
                                                std::span<const std::string_view> allowed) {
    const YamlNode& n = doc_.node(i);
    if (n.kind != YamlKind::kMapping) {
      problem(i, path, "expected a mapping");
      return std::nullopt;
    }
    for (const YamlEntry& e : n.entries) {
      if (std::find(allowed.begin(), allowed.end(), e.key) != allowed.end()) continue;
      const std::string key_path = path.empty() ? e.key : fmt::format("{}.{}", path, e.key);
      if (const auto best = closest_match(e.key, allowed)) {
        problem(e, key_path,
                fmt::format("unknown key \"{}\" (did you mean \"{}\"? expected {})", e.key, *best,
                            join_alternatives(allowed)));
      } else {
        problem(e, key_path,
                fmt::format("unknown key \"{}\" (expected {})", e.key, join_alternatives(allowed)));
      }
    }
    return n.entries;
  }

 private:
  const YamlDocument& doc_;
  std::vector<Diagnostic> diagnostics_;
};

const YamlEntry* entry(const std::vector<YamlEntry>& entries, std::string_view key) {
  const auto it =
      std::find_if(entries.begin(), entries.end(), [&](const YamlEntry& e) { return e.key == key; });
  return it == entries.end() ? nullptr : &*it;
}

bool is_hex(std::string_view s, std::size_t length) {
  return s.size() == length && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

stats::KpiBetter better_from(std::string_view s) {
  if (s == "higher") return stats::KpiBetter::kHigher;
  if (s == "lower") return stats::KpiBetter::kLower;
  return stats::KpiBetter::kNeither;
}

void read_kpi(Reader& r, NodeIndex node, const std::string& path, BaselineKpi& k) {
  const auto entries = r.mapping(node, path, kKpiKeys);
  if (!entries) return;
  const auto need = [&](std::string_view key) -> const YamlEntry* {
    const YamlEntry* e = entry(*entries, key);
    if (e == nullptr) r.problem(node, path, fmt::format("missing key \"{}\"", key));
    return e;
  };
  if (const YamlEntry* e = need("name")) {
    if (auto s = r.text(e->value, path + ".name")) {
      if (!stats::is_valid_kpi_name(*s)) {
        r.problem(e->value, path + ".name",
                  fmt::format("\"{}\" is not a KPI name (expected e.g. orders.completed or "
                              "orders.pick_cycle_time.p95; see whsim kpis)",
                              *s));
      }
      k.name = std::move(*s);
    }
  }
  if (const YamlEntry* e = entry(*entries, "unit")) {
    if (auto s = r.text(e->value, path + ".unit")) k.unit = std::move(*s);
  }
  if (const YamlEntry* e = entry(*entries, "better")) {
    if (auto s = r.choice(e->value, path + ".better", kBetterValues)) k.better = better_from(*s);
  } else {
    k.better = kpi_better(k.name);
  }
  if (const YamlEntry* e = need("tolerance")) {
    const std::string tpath = path + ".tolerance";
    if (const auto t = r.mapping(e->value, tpath, kToleranceKeys)) {
      if (t->size() != 1) {
        r.problem(
            e->value, tpath,
            "expected exactly one of relative (a fraction of the baseline mean, 0.02 = 2%), absolute (in "
            "the KPI's unit) or statistical (baseline standard deviations)");
      } else {
        const YamlEntry& te = t->front();
        const std::string vpath = fmt::format("{}.{}", tpath, te.key);
        if (const auto v = r.number(te.value, vpath, false)) {
          if (*v < 0) r.problem(te.value, vpath, "must not be negative (expected a number >= 0)");
          k.tolerance.value = *v;
        }
        if (te.key == "absolute") k.tolerance.kind = stats::ToleranceKind::kAbsolute;
        if (te.key == "statistical") k.tolerance.kind = stats::ToleranceKind::kStatistical;
        if (te.key == "relative") k.tolerance.kind = stats::ToleranceKind::kRelative;
      }
    }
  }
  if (const YamlEntry* e = entry(*entries, "mean")) {
    (void)r.number(e->value, path + ".mean", true);  // informational; recomputed from the values
  }
  if (const YamlEntry* e = need("values")) {
    if (const auto items = r.list(e->value, path + ".values")) {
      for (std::size_t i = 0; i < items->size(); ++i) {
        const auto v = r.number((*items)[i], fmt::format("{}.values[{}]", path, i), true);
        k.values.push_back(v.value_or(kNaN));
      }
      const auto given =
          std::count_if(k.values.begin(), k.values.end(), [](double v) { return !std::isnan(v); });
      if (!k.values.empty() && given < 2) {
        r.problem(
            e->value, path + ".values",
            "has fewer than two values that are not null (expected a value from most replications: a KPI "
            "the runs do not report guards nothing)");
      }
    }
  }
}

}  // namespace

stats::KpiBetter kpi_better(std::string_view statistic) {
  stats::KpiRegistry registry;
  model::declare_all_kpis(registry);
  std::string_view kpi = statistic;
  for (const std::string_view p : kPercentiles) {
    if (statistic.size() > p.size() + 1 && statistic.ends_with(p) &&
        statistic[statistic.size() - p.size() - 1] == '.') {
      const std::string_view stem = statistic.substr(0, statistic.size() - p.size() - 1);
      if (const auto h = registry.find(stem); h && registry.def(*h).kind == stats::KpiKind::kTally)
        kpi = stem;
    }
  }
  const auto h = registry.find(kpi);
  return h ? registry.def(*h).better : stats::KpiBetter::kNeither;
}

std::vector<std::string> default_guarded_kpis() {
  stats::KpiRegistry registry;
  model::declare_all_kpis(registry);
  std::vector<std::string> out;
  for (const char* name : {"orders.completed", "lines.completed", "units.picked", "orders.pick_cycle_time",
                           "orders.pick_cycle_time.p95", "orders.picked_on_time", "lines.backordered"}) {
    const std::string_view n(name);
    const std::string_view kpi = n.ends_with(".p95") ? n.substr(0, n.size() - 4) : n;
    if (registry.find(kpi)) out.emplace_back(name);
  }
  return out;
}

namespace {

Baseline from_document(const YamlDocument& doc) {
  Reader r(doc);
  Baseline b;
  const auto top = r.mapping(doc.root(), "", kTopKeys);
  if (!top) throw InputError(r.diagnostics());
  const auto need = [&](std::string_view key) -> const YamlEntry* {
    const YamlEntry* e = entry(*top, key);
    if (e == nullptr) r.problem(doc.root(), std::string(key), fmt::format("missing key \"{}\"", key));
    return e;
  };
  if (const YamlEntry* e = need("format")) {
    const auto s = r.text(e->value, "format");
    if (s && *s != kBaselineFormat) {
      r.problem(e->value, "format", fmt::format("not a whsim baseline (expected \"{}\")", kBaselineFormat));
      throw InputError(r.diagnostics());
    }
  }
  if (const YamlEntry* e = entry(*top, "description"))
    b.description = r.text(e->value, "description").value_or("");
  if (const YamlEntry* e = need("scenario")) {
    b.scenario = r.text(e->value, "scenario").value_or("");
    if (b.scenario.empty()) {
      r.problem(e->value, "scenario",
                fmt::format("expected a scenario file relative to the baseline's folder, or \"{}\"",
                            kBuiltinQuickstart));
    }
  }
  if (const YamlEntry* e = entry(*top, "set")) {
    if (const auto items = r.list(e->value, "set")) {
      for (std::size_t i = 0; i < items->size(); ++i) {
        const std::string path = fmt::format("set[{}]", i);
        auto s = r.text((*items)[i], path);
        if (!s) continue;
        if (s->find('=') == std::string::npos || s->front() == '=') {
          r.problem((*items)[i], path, "expected key.path=value");
          continue;
        }
        b.set.push_back(std::move(*s));
      }
    }
  }
  if (const YamlEntry* e = entry(*top, "scenario_hash")) {
    b.scenario_hash = r.text(e->value, "scenario_hash").value_or("");
    if (!b.scenario_hash.empty() && !is_hex(b.scenario_hash, 8))
      r.problem(e->value, "scenario_hash", "expected 8 lower-case hex digits");
  }
  if (const YamlEntry* e = need("seed")) {
    b.seed = r.unsigned_integer(e->value, "seed", std::uint64_t{9223372036854775807U}).value_or(1);
  }
  if (const YamlEntry* e = need("replications")) {
    const auto n = r.unsigned_integer(e->value, "replications", kMaxReplications);
    if (n && *n == 0) r.problem(e->value, "replications", "expected at least 1");
    b.replications = static_cast<int>(n.value_or(0));
  }
  if (const YamlEntry* e = entry(*top, "analysis"))
    b.analysis = r.choice(e->value, "analysis", kAnalysisModes).value_or("");
  if (const YamlEntry* e = entry(*top, "warmup")) b.warmup = r.text(e->value, "warmup").value_or("");
  if (const YamlEntry* e = entry(*top, "fingerprint")) {
    if (const auto s = r.choice(e->value, "fingerprint", kFingerprintModes)) {
      b.fingerprint = *s == "exact" ? output::FingerprintMode::kExact : output::FingerprintMode::kReport;
    }
  }
  if (const YamlEntry* e = entry(*top, "fingerprints")) {
    if (const auto items = r.list(e->value, "fingerprints")) {
      for (std::size_t i = 0; i < items->size(); ++i) {
        const std::string path = fmt::format("fingerprints[{}]", i);
        auto s = r.text((*items)[i], path);
        if (s && !is_hex(*s, 16)) r.problem((*items)[i], path, "expected 16 lower-case hex digits");
        b.fingerprints.push_back(s.value_or(""));
      }
      if (b.replications > 0 && !b.fingerprints.empty() &&
          b.fingerprints.size() != static_cast<std::size_t>(b.replications)) {
        r.problem(e->value, "fingerprints",
                  fmt::format("has {} entries for {} replications (expected one per replication)",
                              b.fingerprints.size(), b.replications));
      }
    }
  }
  if (b.fingerprint == output::FingerprintMode::kExact && b.fingerprints.empty()) {
    r.problem(doc.root(), "fingerprints",
              "fingerprint is \"exact\" but no fingerprints are given (expected one per replication)");
  }
  if (const YamlEntry* e = entry(*top, "kpis")) {
    if (const auto items = r.list(e->value, "kpis")) {
      for (std::size_t i = 0; i < items->size(); ++i) {
        const std::string path = fmt::format("kpis[{}]", i);
        BaselineKpi k;
        read_kpi(r, (*items)[i], path, k);
        if (b.replications > 0 && k.values.size() != static_cast<std::size_t>(b.replications)) {
          r.problem(
              (*items)[i], path + ".values",
              fmt::format("has {} values for {} replications (expected one per replication, null for none)",
                          k.values.size(), b.replications));
        }
        const bool duplicate =
            std::any_of(b.kpis.begin(), b.kpis.end(), [&](const BaselineKpi& o) { return o.name == k.name; });
        if (duplicate && !k.name.empty())
          r.problem((*items)[i], path + ".name", fmt::format("\"{}\" is guarded twice", k.name));
        b.kpis.push_back(std::move(k));
      }
    }
  }
  if (b.kpis.empty() && b.fingerprints.empty()) {
    r.problem(doc.root(), "kpis", "the baseline guards nothing (expected kpis, fingerprints or both)");
  } else if (b.kpis.empty() && b.fingerprint != output::FingerprintMode::kExact) {
    r.problem(
        doc.root(), "fingerprint",
        "the baseline guards no KPIs and its fingerprints are only reported, so it guards nothing (expected "
        "\"fingerprint\": \"exact\", or kpis)");
  }
  if (const YamlEntry* e = entry(*top, "created_by"))
    b.created_by = r.text(e->value, "created_by").value_or("");
  if (!r.diagnostics().empty()) throw InputError(r.diagnostics());
  return b;
}

}  // namespace

Baseline parse_baseline(std::string_view text, const std::string& file) {
  return from_document(YamlDocument::parse(text, file));
}

Baseline read_baseline(const std::filesystem::path& file) {
  return from_document(YamlDocument::load(file));  // UnreadableFileError for a missing file
}

std::string baseline_json(const Baseline& b) {
  std::string out = "{\n";
  out += fmt::format(" \"format\": {},\n", json_string(kBaselineFormat));
  if (!b.description.empty()) out += fmt::format(" \"description\": {},\n", json_string(b.description));
  out += fmt::format(" \"scenario\": {},\n", json_string(b.scenario));
  out += " \"set\": [";
  for (std::size_t i = 0; i < b.set.size(); ++i) out += (i == 0 ? "" : ", ") + json_string(b.set[i]);
  out += "],\n";
  out += fmt::format(" \"scenario_hash\": {},\n", json_string(b.scenario_hash));
  out += fmt::format(" \"seed\": {},\n", b.seed);
  out += fmt::format(" \"replications\": {},\n", b.replications);
  out += fmt::format(" \"analysis\": {},\n", json_string(b.analysis));
  out += fmt::format(" \"warmup\": {},\n", json_string(b.warmup));
  out += fmt::format(" \"fingerprint\": {},\n", json_string(output::to_string(b.fingerprint)));
  out += " \"fingerprints\": [";
  for (std::size_t i = 0; i < b.fingerprints.size(); ++i) {
    out += (i == 0 ? "" : ", ") + json_string(b.fingerprints[i]);
  }
  out += "],\n";
  out += " \"kpis\": [";
  for (std::size_t i = 0; i < b.kpis.size(); ++i) {
    const BaselineKpi& k = b.kpis[i];
    double sum = 0;
    std::size_t n = 0;
    for (const double v : k.values) {
      if (std::isnan(v)) continue;
      sum += v;
      ++n;
    }
    out += i == 0 ? "\n" : ",\n";
    out += fmt::format("  {{\"name\": {}, \"unit\": {}, \"better\": {},\n", json_string(k.name),
                       json_string(k.unit), json_string(stats::to_string(k.better)));
    out += fmt::format("   \"tolerance\": {{{}: {}}},\n", json_string(stats::to_string(k.tolerance.kind)),
                       json_number(k.tolerance.value));
    out += fmt::format("   \"mean\": {},\n", json_number(n == 0 ? kNaN : sum / static_cast<double>(n)));
    out += "   \"values\": [";
    for (std::size_t r = 0; r < k.values.size(); ++r) out += (r == 0 ? "" : ", ") + json_number(k.values[r]);
    out += "]}";
  }
  out += b.kpis.empty() ? "],\n" : "\n ],\n";
  out += fmt::format(" \"created_by\": {}\n", json_string(b.created_by));
  out += "}\n";
  return out;
}

std::filesystem::path baseline_scenario_path(const Baseline& baseline,
                                             const std::filesystem::path& baseline_file) {
  if (baseline.scenario == kBuiltinQuickstart) return {};
  std::filesystem::path p(baseline.scenario);
  if (p.is_absolute()) return p;
  return (baseline_file.parent_path() / p).lexically_normal();
}

std::string scenario_reference(const std::filesystem::path& scenario_file,
                               const std::filesystem::path& baseline_file) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path scenario = fs::absolute(scenario_file, ec).lexically_normal();
  const fs::path folder = fs::absolute(baseline_file, ec).parent_path().lexically_normal();
  const fs::path rel = scenario.lexically_relative(folder);
  if (rel.empty()) return scenario.generic_string();
  return rel.generic_string();
}

}  // namespace whsim::run
