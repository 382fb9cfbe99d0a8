// manifest.json, runs.csv and points.csv (see the header).
#include "whsim/output/experiment_files.hpp"

#include <cmath>

#include <fmt/format.h>

#include "whsim/output/files.hpp"
#include "whsim/stats/estimates.hpp"

#include "csv.hpp"
#include <nlohmann/json.hpp>

namespace whsim::output {
namespace {

using Json = nlohmann::ordered_json;
constexpr const char* kManifestFormat = "whsim-sweep-manifest/1";

void add(std::string& line, const std::string& field) {
  line += ',';
  line += field;
}

}  // namespace

std::string manifest_json(const SweepManifest& m) {
  Json o;
  o["format"] = kManifestFormat;
  o["sweep_id"] = m.sweep_id;
  o["name"] = m.name;
  o["scenario_file"] = m.scenario_file;
  o["scenario_hash"] = m.scenario_hash;
  o["scenario_yaml"] = m.scenario_yaml;
  Json parameters = Json::array();
  for (const auto& [k, v] : m.parameters) parameters.push_back(Json::array({k, v}));
  o["parameters"] = std::move(parameters);
  o["sweep_file"] = m.sweep_file;
  o["keys"] = m.keys;
  o["points"] = m.points;
  o["point_hashes"] = m.point_hashes;
  o["constraints"] = m.constraints;
  o["generated"] = m.generated;
  o["replications"] = m.replications;
  o["master_seed"] = m.master_seed;
  o["analysis"] = m.analysis;
  o["warmup_method"] = m.warmup_method;
  o["warmup_s"] = m.warmup_seconds;
  o["confidence_level"] = m.confidence_level;
  o["detail"] = m.detail;
  Json runs = Json::array();
  for (const ManifestRun& r : m.runs)
    runs.push_back(Json{{"id", r.id}, {"point", r.point}, {"replication", r.replication}});
  o["runs"] = std::move(runs);
  return o.dump(1) + "\n";
}

SweepManifest parse_manifest(std::string_view text, std::string_view what) {
  SweepManifest m;
  try {
    const Json o = Json::parse(text);
    if (o.value("format", std::string()) != kManifestFormat) {
      throw OutputError(
          OutputError::Kind::kRead,
          fmt::format("{} is not a whsim sweep manifest (expected format {})", what, kManifestFormat));
    }
    m.sweep_id = o.at("sweep_id").get<std::string>();
    m.name = o.at("name").get<std::string>();
    m.scenario_file = o.at("scenario_file").get<std::string>();
    m.scenario_hash = o.at("scenario_hash").get<std::string>();
    m.scenario_yaml = o.at("scenario_yaml").get<std::string>();
    for (const Json& kv : o.at("parameters")) {
      m.parameters.emplace_back(kv.at(0).get<std::string>(), kv.at(1).get<std::string>());
    }
    m.sweep_file = o.at("sweep_file").get<std::string>();
    m.keys = o.at("keys").get<std::vector<std::string>>();
    m.points = o.at("points").get<std::vector<std::vector<std::string>>>();
    m.point_hashes = o.at("point_hashes").get<std::vector<std::string>>();
    m.constraints = o.at("constraints").get<std::vector<std::string>>();
    m.generated = o.at("generated").get<std::uint64_t>();
    m.replications = o.at("replications").get<int>();
    m.master_seed = o.at("master_seed").get<std::uint64_t>();
    m.analysis = o.at("analysis").get<std::string>();
    m.warmup_method = o.at("warmup_method").get<std::string>();
    m.warmup_seconds = o.at("warmup_s").get<double>();
    m.confidence_level = o.at("confidence_level").get<double>();
    m.detail = o.at("detail").get<std::string>();
    for (const Json& r : o.at("runs")) {
      m.runs.push_back(ManifestRun{r.at("id").get<std::string>(), r.at("point").get<std::uint64_t>(),
                                   r.at("replication").get<std::uint64_t>()});
    }
  } catch (const Json::exception& e) {
    throw OutputError(OutputError::Kind::kRead, fmt::format("{} is malformed: {}", what, e.what()));
  }
  if (m.point_hashes.size() != m.points.size()) {
    throw OutputError(OutputError::Kind::kRead,
                      fmt::format("{} is malformed: points and point_hashes differ", what));
  }
  for (const auto& p : m.points) {
    if (p.size() != m.keys.size()) {
      throw OutputError(OutputError::Kind::kRead,
                        fmt::format("{} is malformed: a point has the wrong size", what));
    }
  }
  for (const ManifestRun& r : m.runs) {
    if (r.point >= m.points.size()) {
      throw OutputError(OutputError::Kind::kRead,
                        fmt::format("{} is malformed: run {} has no point", what, r.id));
    }
  }
  return m;
}

std::string runs_csv(const SweepManifest& m, const std::vector<RunRow>& rows) {
  std::string out = "run_id,point,replication";
  for (const std::string& k : m.keys) add(out, csv::field(k));
  out += ",status,error,seed,fingerprint,events";
  const RunRecord* first = nullptr;
  for (const RunRow& r : rows) {
    if (r.run != nullptr) {
      first = r.run;
      break;
    }
  }
  if (first != nullptr) {
    for (const stats::KpiValue& k : first->result.kpis) {
      add(out, csv::field(fmt::format("{} [{}]", k.name, k.unit)));
      if (k.kind == stats::KpiKind::kTally) {
        for (const char* p : {"p50", "p95", "p99"})
          add(out, csv::field(fmt::format("{}.{} [{}]", k.name, p, k.unit)));
      }
    }
  }
  out += ",provenance_wall_seconds\n";
  for (const RunRow& r : rows) {
    out += fmt::format("{},{},{}", r.id, r.point, r.replication);
    for (std::size_t k = 0; k < m.keys.size(); ++k) add(out, csv::field(m.points[r.point][k]));
    add(out, r.status);
    add(out, csv::field(r.error));
    if (r.run == nullptr) {
      out += ",,,";
      if (first != nullptr) {
        for (const stats::KpiValue& k : first->result.kpis)
          out += k.kind == stats::KpiKind::kTally ? ",,,," : ",";
      }
      out += ",\n";
      continue;
    }
    const stats::RunResult& res = r.run->result;
    out += fmt::format(",{},{:016x},{}", res.seed, res.fingerprint, res.events);
    if (first != nullptr) {
      for (const stats::KpiValue& decl : first->result.kpis) {
        const stats::KpiValue* k = res.find(decl.name);
        const double nan = std::nan("");
        add(out, csv::number(k != nullptr ? k->value : nan));
        if (decl.kind == stats::KpiKind::kTally) {
          for (const double v :
               {k != nullptr ? k->p50 : nan, k != nullptr ? k->p95 : nan, k != nullptr ? k->p99 : nan}) {
            add(out, csv::number(v));
          }
        }
      }
    }
    out += fmt::format(",{}\n", csv::number(r.run->wall_seconds));
  }
  return out;
}

std::string points_csv(const SweepManifest& m, const ResultData& merged) {
  std::vector<std::vector<const stats::RunResult*>> by_point(m.points.size());
  for (const RunRecord& r : merged.runs) {
    if (r.point < by_point.size() && r.result.complete) by_point[r.point].push_back(&r.result);
  }
  const double level = m.confidence_level;
  std::vector<std::vector<stats::KpiEstimate>> estimates;
  estimates.reserve(by_point.size());
  const std::vector<stats::KpiEstimate>* header = nullptr;
  for (const auto& runs : by_point) estimates.push_back(stats::estimate_kpis(runs, level));
  for (const auto& e : estimates) {
    if (!e.empty()) {
      header = &e;
      break;
    }
  }
  std::string out = "point";
  for (const std::string& k : m.keys) add(out, csv::field(k));
  out += ",runs";
  if (header != nullptr) {
    for (const stats::KpiEstimate& e : *header) {
      for (const char* part : {"mean", "half_width", "lower", "upper"}) {
        add(out, csv::field(fmt::format("{} {} [{}]", e.name, part, e.unit)));
      }
    }
  }
  out += '\n';
  for (std::size_t p = 0; p < m.points.size(); ++p) {
    out += std::to_string(p);
    for (const std::string& v : m.points[p]) add(out, csv::field(v));
    add(out, std::to_string(by_point[p].size()));
    if (header != nullptr) {
      for (const stats::KpiEstimate& h : *header) {
        const stats::KpiEstimate* e = nullptr;
        for (const stats::KpiEstimate& c : estimates[p]) {
          if (c.name == h.name) e = &c;
        }
        if (e == nullptr || e->ci.n == 0) {
          out += ",,,,";
          continue;
        }
        add(out, csv::number(e->ci.mean));
        add(out, csv::number(e->ci.half_width));
        add(out, csv::number(e->ci.lower()));
        add(out, csv::number(e->ci.upper()));
      }
    }
    out += '\n';
  }
  return out;
}

namespace {

Json number(double v) {
  return std::isfinite(v) ? Json(v) : Json(nullptr);
}

Json side_json(const Comparison::Side& s) {
  Json parameters = Json::object();
  for (const auto& [k, v] : s.parameters) parameters[k] = v;
  return Json{{"name", s.label},
              {"file", s.file},
              {"hash", s.hash},
              {"parameters", std::move(parameters)},
              {"warmup", s.warmup_note}};
}

Json values_json(const std::vector<double>& values) {
  Json out = Json::array();
  for (const double v : values) out.push_back(number(v));
  return out;
}

}  // namespace

std::string comparison_json(const Comparison& c) {
  Json o;
  o["format"] = "whsim-compare/1";
  o["a"] = side_json(c.a);
  o["b"] = side_json(c.b);
  o["replications"] = c.replications;
  o["master_seed"] = c.master_seed;
  o["common_random_numbers"] = c.common_random_numbers;
  o["analysis"] = c.analysis;
  o["confidence_level"] = c.confidence_level;
  o["correction"] = "holm";
  Json kpis = Json::array();
  for (const ComparedKpi& k : c.kpis) {
    kpis.push_back(Json{{"kpi", k.name},
                        {"unit", k.unit},
                        {"n", k.diff.n},
                        {"mean_a", number(k.diff.mean_a)},
                        {"mean_b", number(k.diff.mean_b)},
                        {"difference", number(k.diff.difference)},
                        {"half_width", number(k.diff.half_width)},
                        {"lower", number(k.diff.lower())},
                        {"upper", number(k.diff.upper())},
                        {"t", number(k.diff.t_statistic)},
                        {"p", number(k.diff.p_value)},
                        {"p_holm", number(k.p_holm)},
                        {"significant", k.significant},
                        {"values_a", values_json(k.values_a)},
                        {"values_b", values_json(k.values_b)}});
  }
  o["kpis"] = std::move(kpis);
  o["provenance"] = Json{{"wall_seconds", number(c.wall_seconds)}};
  return o.dump(2) + "\n";
}

std::string comparison_csv(const Comparison& c) {
  std::string out = "kpi,unit,n,mean_a,mean_b,difference,half_width,lower,upper,t,p,p_holm,significant\n";
  for (const ComparedKpi& k : c.kpis) {
    out +=
        fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{}\n", csv::field(k.name), csv::field(k.unit),
                    k.diff.n, csv::number(k.diff.mean_a), csv::number(k.diff.mean_b),
                    csv::number(k.diff.difference), csv::number(k.diff.half_width),
                    csv::number(k.diff.lower()), csv::number(k.diff.upper()), csv::number(k.diff.t_statistic),
                    csv::number(k.diff.p_value), csv::number(k.p_holm), k.significant ? 1 : 0);
  }
  return out;
}

std::string search_json(const SearchReport& r) {
  Json o;
  o["format"] = "whsim-search/1";
  Json parameters = Json::object();
  for (const auto& [k, v] : r.parameters) parameters[k] = v;
  o["scenario"] = Json{{"name", r.scenario_name},
                       {"file", r.scenario_file},
                       {"hash", r.scenario_hash},
                       {"parameters", std::move(parameters)}};
  o["key"] = r.key;
  o["range"] = Json::array({r.lo, r.hi});
  o["target"] = r.target;
  o["confidence_level"] = r.confidence_level;
  o["replications"] = r.replications;
  o["analysis"] = r.analysis;
  o["method"] = "bisection; a value meets the target when the one-sided confidence bound of its mean does";
  Json probes = Json::array();
  for (const SearchReport::Probe& p : r.probes) {
    probes.push_back(Json{{"value", p.value},
                          {"mean", number(p.mean)},
                          {"bound", number(p.bound)},
                          {"meets", p.meets},
                          {"values", values_json(p.values)}});
  }
  o["probes"] = std::move(probes);
  o["answer"] = r.answer ? Json(*r.answer) : Json(nullptr);
  o["provenance"] = Json{{"wall_seconds", number(r.wall_seconds)}};
  return o.dump(2) + "\n";
}

std::string search_csv(const SearchReport& r) {
  std::string out = fmt::format("probe,{},mean,bound,meets,n\n", csv::field(r.key));
  for (std::size_t i = 0; i < r.probes.size(); ++i) {
    const SearchReport::Probe& p = r.probes[i];
    out += fmt::format("{},{},{},{},{},{}\n", i, p.value, csv::number(p.mean), csv::number(p.bound),
                       p.meets ? 1 : 0, p.values.size());
  }
  return out;
}

std::string search_table(const SearchReport& r) {
  std::string o = fmt::format("probes (in order; bound: one-sided {:g}% confidence bound of the mean):\n",
                              100.0 * r.confidence_level);
  o += fmt::format("{:>6} {:>12} {:>14} {:>14}  {}\n", "probe", r.key.size() > 12 ? "value" : r.key, "mean",
                   "bound", "meets target");
  for (std::size_t i = 0; i < r.probes.size(); ++i) {
    const SearchReport::Probe& p = r.probes[i];
    o += fmt::format("{:>6} {:>12} {:>14.5g} {:>14.5g}  {}\n", i, p.value, p.mean, p.bound,
                     p.meets ? "yes" : "no");
  }
  if (r.answer) {
    o += fmt::format("\nanswer: {} = {} is the smallest value in [{}, {}] with {} at {:g}% confidence\n",
                     r.key, *r.answer, r.lo, r.hi, r.target, 100.0 * r.confidence_level);
  } else {
    o += fmt::format("\nno value in [{}, {}] meets {} at {:g}% confidence (not even {} = {})\n", r.lo, r.hi,
                     r.target, 100.0 * r.confidence_level, r.key, r.hi);
  }
  return o;
}

}  // namespace whsim::output
