// `whsim compare A.yaml [B.yaml]`: two scenarios (or two --a/--b variants of one) run with the
// same seed and replication indices, so they share random numbers wherever they share entities
// (common random numbers). Per KPI: the paired difference B - A with its t-interval, the
// paired t-test's p-value and the Holm-adjusted p-value over all KPIs compared; a KPI is
// significant when its adjusted p-value is below 1 - confidence (docs/experiments.md).
#include <chrono>
#include <cmath>
#include <csignal>
#include <filesystem>

#include <boost/program_options.hpp>
#include <fmt/format.h>

#include "whsim/core/error.hpp"
#include "whsim/core/sha256.hpp"
#include "whsim/output/experiment_files.hpp"
#include "whsim/output/files.hpp"
#include "whsim/output/summary.hpp"
#include "whsim/run/experiment.hpp"
#include "whsim/stats/comparison.hpp"
#include "whsim/stats/estimates.hpp"

#include "cli_args.hpp"
#include "commands.hpp"
#include "exit_codes.hpp"
#include "progress.hpp"
#include "result_io.hpp"
#include "scenario_input.hpp"
#include "stop_signals.hpp"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace whsim::cli {
namespace {

std::string short_number(double v) {
  return std::isfinite(v) ? fmt::format("{:.4g}", v) : std::string("-");
}

std::vector<std::pair<std::string, std::string>> split_overrides(const std::vector<std::string>& flags) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const std::string& o : flags) {
    const std::size_t eq = o.find('=');
    out.emplace_back(o.substr(0, eq), o.substr(eq + 1));
  }
  return out;
}

/// One compared statistic.
struct Row {
  std::string name;
  std::string unit;
  stats::PairedDifference diff;
  double p_holm = 0;
  bool significant = false;
  std::vector<double> values_a, values_b;
};

}  // namespace

int run_compare(const std::vector<std::string>& args) {
  po::options_description opts(
      "whsim compare A.yaml [B.yaml]: run two scenarios (or, with one file, the variants --a and --b of it)\n"
      "under common random numbers and report, per KPI, the paired difference B - A with its confidence\n"
      "interval and whether it is significant after a Holm correction for the number of KPIs compared\n\n"
      "Options");
  std::vector<std::string> common;
  std::vector<std::string> set_a;
  std::vector<std::string> set_b;
  std::vector<std::string> kpi_filter;
  std::string out_dir;
  std::string analysis;
  std::string warmup;
  std::string progress_name = "auto";
  int replications = 20;
  int jobs = 0;
  double confidence = 0.95;
  opts.add_options()("help,h", "show this help")(
      "set", po::value(&common)->composing(), "override a value in both: key.path=value (YAML); repeatable")(
      "a", po::value(&set_a)->composing(), "override a value in A only: key.path=value; repeatable")(
      "b", po::value(&set_b)->composing(), "override a value in B only: key.path=value; repeatable")(
      "replications,n", po::value(&replications), "paired replications (default 20, at least 2)")(
      "jobs,j", po::value(&jobs), "replications run at once (default: the cores available)")(
      "confidence", po::value(&confidence),
      "confidence level of the intervals; a KPI is significant when its Holm-adjusted p-value is below 1 - "
      "confidence (default 0.95)")(
      "kpi", po::value(&kpi_filter)->composing(),
      "compare only this KPI (or NAME.p95 ...); repeatable (default: every KPI and "
      "every tally's p95)")("analysis", po::value(&analysis),
                            "terminating or steady-state (default by horizon; see whsim run)")(
      "warmup", po::value(&warmup), "steady-state: a duration such as 2h, or mser5")(
      "out", po::value(&out_dir),
      "folder for compare.json and compare.csv (default results/compare/<A>-<hash>-vs-<B>-<hash>)")(
      "progress", po::value(&progress_name), "progress on stderr: auto, terminal, plain, jsonl or none")(
      "quiet,q", "no progress and no table");
  std::vector<std::string> files;
  po::variables_map vm;
  if (!parse_command_line(args, opts, "scenario", files, vm)) return kExitOk;
  check_overrides(common);
  check_overrides(set_a);
  check_overrides(set_b);
  const bool quiet = vm.count("quiet") != 0U;
  if (files.size() > 2) throw po::error("give one or two scenario files");
  if (files.size() < 2 && set_a.empty() && set_b.empty()) {
    throw po::error("give two scenario files, or one (or none: the quickstart) with --a/--b variants");
  }
  if (replications < 2 || replications > 100000)
    throw po::error("--replications must be between 2 and 100000");
  if (vm.count("jobs") != 0U && (jobs < 1 || jobs > 4096))
    throw po::error("--jobs must be between 1 and 4096");
  if (!(confidence > 0.5 && confidence < 1.0))
    throw po::error("--confidence must be between 0.5 and 1 (exclusive)");
  const ProgressMode progress_mode = quiet ? ProgressMode::kNone : parse_progress_mode(progress_name);
  for (const std::string& k : kpi_filter) {
    if (!known_kpi_statistic(k)) {
      throw po::error(
          fmt::format("unknown --kpi '{}' (see whsim kpis; tallies also NAME.p50, .p95, .p99)", k));
    }
  }

  LoadedScenario a;
  LoadedScenario b;
  run::AnalysisChoice choice;
  try {
    ScenarioInput in_a;
    in_a.file = files.empty() ? std::string() : files[0];
    in_a.overrides = common;
    ScenarioInput in_b = in_a;
    if (files.size() == 2) in_b.file = files[1];
    a = with_overrides(load_scenario_input(in_a), split_overrides(set_a));
    b = with_overrides(load_scenario_input(in_b), split_overrides(set_b));
    choice = run::choose_analysis(a.spec, analysis, warmup);
  } catch (const std::exception&) {
    return report_scenario_error("compare");
  }
  const std::string label_a = files.size() == 2 ? a.name : fmt::format("{} (A)", a.name);
  const std::string label_b = files.size() == 2 ? b.name : fmt::format("{} (B)", b.name);
  if (a.spec.simulation.seed.value != b.spec.simulation.seed.value) {
    fmt::print(
        stderr,
        "whsim compare: warning: A and B have different seeds ({} and {}): their random numbers are not "
        "common, so the comparison loses most of its power\n",
        a.spec.simulation.seed.value, b.spec.simulation.seed.value);
  }
  const fs::path dir = out_dir.empty() ? fs::path("results") / "compare" /
                                             fmt::format("{}-{}-vs-{}-{}", safe_name(a.name), a.hash,
                                                         safe_name(b.name), b.hash)
                                       : fs::path(out_dir);

  install_stop_signals();
  const auto t0 = std::chrono::steady_clock::now();
  run::ReplicationsOptions options;
  options.analysis = choice;
  options.replications = replications;
  options.jobs = jobs > 0 ? jobs
                          : run::default_jobs(std::max(run::estimated_memory_bytes(a.spec),
                                                       run::estimated_memory_bytes(b.spec)));
  options.level = confidence;
  options.run.records = false;
  options.run.stop = &stop_flag();
  const bool pilot =
      choice.mode == run::AnalysisMode::kSteadyState && choice.warmup == run::WarmupMethod::kMser5;
  const std::size_t per = static_cast<std::size_t>(replications) +
                          (pilot ? std::min<std::size_t>(static_cast<std::size_t>(replications), 5) : 0);
  RunsProgress progress(progress_mode, 2 * per, 0);
  options.on_run_done = [&](std::size_t, std::size_t) { progress.run_done(false, {}, {}); };
  if (!quiet) {
    fmt::print("compare A = {} with B = {}: {} paired replications each on {} worker{}, {} analysis\n",
               label_a, label_b, replications, options.jobs, options.jobs == 1 ? "" : "s",
               run::to_string(choice.mode));
  }
  run::ReplicationsOutput out_a;
  run::ReplicationsOutput out_b;
  try {
    out_a = run::run_replications(a.spec, options);
    if (!out_a.interrupted) out_b = run::run_replications(b.spec, options);
  } catch (const InputError& e) {
    progress.finish("failed");
    print_diagnostics(e.diagnostics());
    return kExitInvalidInput;
  }
  if (out_a.interrupted || out_b.interrupted) {
    progress.finish("interrupted");
    fmt::print(stderr, "whsim compare: interrupted; nothing written\n");
    return interrupted_exit_code();
  }
  progress.finish("complete");

  // Paired differences per statistic, then Holm over all of them.
  std::vector<const stats::RunResult*> runs_a;
  std::vector<const stats::RunResult*> runs_b;
  for (const auto& r : out_a.runs) runs_a.push_back(&r.result);
  for (const auto& r : out_b.runs) runs_b.push_back(&r.result);
  const std::vector<stats::KpiEstimate> est_a = stats::estimate_kpis(runs_a, confidence);
  const std::vector<stats::KpiEstimate> est_b = stats::estimate_kpis(runs_b, confidence);
  std::vector<Row> rows;
  std::vector<std::string> unknown = kpi_filter;
  for (const stats::KpiEstimate& ea : est_a) {
    const bool wanted = kpi_filter.empty()
                            ? (ea.statistic == "value" || ea.statistic == "p95")
                            : std::find(kpi_filter.begin(), kpi_filter.end(), ea.name) != kpi_filter.end();
    if (!wanted) continue;
    unknown.erase(std::remove(unknown.begin(), unknown.end(), ea.name), unknown.end());
    const auto eb = std::find_if(est_b.begin(), est_b.end(),
                                 [&](const stats::KpiEstimate& e) { return e.name == ea.name; });
    if (eb == est_b.end()) continue;
    Row row;
    row.name = ea.name;
    row.unit = ea.unit;
    row.diff = stats::paired_difference(ea.values, eb->values, confidence);
    row.values_a = ea.values;
    row.values_b = eb->values;
    rows.push_back(std::move(row));
  }
  if (!unknown.empty()) {
    fmt::print(
        stderr,
        "whsim compare: error: unknown --kpi '{}' (see whsim kpis; tallies also NAME.p50, .p95, .p99)\n",
        unknown.front());
    return kExitUsage;
  }
  std::vector<double> p_values;
  p_values.reserve(rows.size());
  for (const Row& r : rows) p_values.push_back(r.diff.p_value);
  const std::vector<double> adjusted = stats::holm_adjust(p_values);
  const double alpha = 1.0 - confidence;
  std::size_t significant = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    rows[i].p_holm = adjusted[i];
    rows[i].significant = std::isfinite(adjusted[i]) && adjusted[i] < alpha;
    if (rows[i].significant) ++significant;
  }

  if (!quiet) {
    fmt::print(
        "\nB - A per KPI: paired difference +- half-width of the {:g}% t-interval; p: paired t-test; "
        "p (Holm): adjusted for {} KPIs\n\n",
        100.0 * confidence, rows.size());
    fmt::print("{:<34} {:>11} {:>11} {:>24} {:>9} {:>9}  {}\n", "KPI", "A", "B", "B - A", "p", "p (Holm)",
               "significant");
    for (const Row& r : rows) {
      const std::string d = std::isfinite(r.diff.half_width)
                                ? fmt::format("{:.4g} +- {:.2g}", r.diff.difference, r.diff.half_width)
                                : short_number(r.diff.difference);
      fmt::print("{:<34} {:>11} {:>11} {:>24} {:>9} {:>9}  {}\n", r.name, short_number(r.diff.mean_a),
                 short_number(r.diff.mean_b), d, short_number(r.diff.p_value), short_number(r.p_holm),
                 r.significant ? "yes" : "no");
    }
    fmt::print("\n{} of {} KPIs differ significantly (family-wise error rate {:g}%)\n", significant,
               rows.size(), 100.0 * alpha);
  }

  output::Comparison c;
  c.a = {label_a, a.file, a.hash, a.parameters, out_a.info.warmup_note};
  c.b = {label_b, b.file, b.hash, b.parameters, out_b.info.warmup_note};
  c.replications = replications;
  c.master_seed = a.spec.simulation.seed.value;
  c.common_random_numbers = a.spec.simulation.seed.value == b.spec.simulation.seed.value;
  c.analysis = std::string(run::to_string(choice.mode));
  c.confidence_level = confidence;
  for (Row& r : rows) {
    output::ComparedKpi k;
    k.name = r.name;
    k.unit = r.unit;
    k.diff = r.diff;
    k.p_holm = r.p_holm;
    k.significant = r.significant;
    k.values_a = std::move(r.values_a);
    k.values_b = std::move(r.values_b);
    c.kpis.push_back(std::move(k));
  }
  c.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  try {
    write_output_folder(
        dir, {{"compare.json", output::comparison_json(c)}, {"compare.csv", output::comparison_csv(c)}});
  } catch (const output::OutputError& e) {
    fmt::print(stderr, "whsim compare: error: {}\n", e.what());
    return e.kind() == output::OutputError::Kind::kCreate ? kExitCannotCreateOutput : kExitWriteError;
  }
  fmt::print("{}results: {}/ (compare.json, compare.csv)\n", quiet ? "" : "\n", dir.string());
  return kExitOk;
}

}  // namespace whsim::cli
