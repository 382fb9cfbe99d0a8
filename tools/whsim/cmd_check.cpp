// `whsim baseline` writes a regression baseline; `whsim check` reruns baselines with the same
// seeds and replication indices and judges every guarded KPI (a paired test against its
// tolerance, Holm-corrected over all KPIs checked) and the run fingerprints. Exit codes of
// check: 0 all pass, 3 a KPI regressed or an exact fingerprint changed, 1 any error (so CI
// needs three outcomes only); 130/143 when interrupted. docs/ci.md.
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <set>

#include <boost/program_options.hpp>
#include <fmt/format.h>

#include "whsim/core/error.hpp"
#include "whsim/output/check_report.hpp"
#include "whsim/output/files.hpp"
#include "whsim/run/baseline.hpp"
#include "whsim/run/experiment.hpp"
#include "whsim/stats/estimates.hpp"
#include "whsim/stats/regression.hpp"

#include "cli_args.hpp"
#include "commands.hpp"
#include "exit_codes.hpp"
#include "progress.hpp"
#include "scenario_input.hpp"
#include "stop_signals.hpp"
#include <unistd.h>

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace whsim::cli {
namespace {

/// Exit code of whsim check when a KPI regressed or an exact fingerprint changed.
constexpr int kExitRegressed = 3;
/// The folder whsim check reads when given no baseline.
constexpr const char* kBaselineFolder = "results/baselines";

std::string provenance() {
  const BuildInfo b = build_info();
  return fmt::format("whsim {} ({}{})", WHSIM_VERSION, b.git_commit, b.git_dirty ? ", modified" : "");
}

std::string diagnostics_text(const std::vector<Diagnostic>& diagnostics) {
  std::string out;
  for (const Diagnostic& d : diagnostics) {
    if (!out.empty()) out += '\n';
    out += d.to_string();
  }
  return out;
}

std::string hex16(std::uint64_t v) {
  return fmt::format("{:016x}", v);
}

/// A baseline's scenario, loaded with its overrides (and the check's --set flags on top) and
/// the baseline's seed.
LoadedScenario load_for(const run::Baseline& b, const fs::path& file, const std::vector<std::string>& extra) {
  ScenarioInput in;
  in.file =
      b.scenario == run::kBuiltinQuickstart ? std::string() : run::baseline_scenario_path(b, file).string();
  in.overrides = b.set;
  in.overrides.insert(in.overrides.end(), extra.begin(), extra.end());
  in.seed = b.seed;
  return load_scenario_input(in);
}

struct Runs {
  run::ReplicationsOutput out;
  bool interrupted = false;
};

/// Runs replications 0..n-1 of a loaded scenario.
Runs run_baseline_scenario(const LoadedScenario& s, int replications, const std::string& analysis,
                           const std::string& warmup, int jobs, RunsProgress* progress) {
  run::ReplicationsOptions options;
  options.analysis = run::choose_analysis(s.spec, analysis, warmup);
  options.replications = replications;
  options.jobs = jobs > 0 ? jobs : run::default_jobs(run::estimated_memory_bytes(s.spec));
  options.run.records = false;
  options.run.stop = &stop_flag();
  if (progress != nullptr)
    options.on_run_done = [progress](std::size_t, std::size_t) { progress->run_done(false, {}, {}); };
  Runs r;
  r.out = run::run_replications(s.spec, options);
  r.interrupted = r.out.interrupted;
  return r;
}

/// The value of `statistic` in every replication; `missing` is set when no run reports it.
std::vector<double> values_of(const run::ReplicationsOutput& out, const std::string& statistic,
                              bool& missing) {
  std::vector<double> v;
  missing = false;
  for (const auto& r : out.runs) {
    bool found = false;
    v.push_back(stats::kpi_statistic(r.result, statistic, &found));
    if (!found) missing = true;
  }
  return v;
}

/// Every baseline named on the command line: files as given, folders expanded to their *.json
/// files (sorted); the default folder when none is named.
std::vector<fs::path> baseline_files(const std::vector<std::string>& args) {
  std::vector<fs::path> files;
  std::error_code ec;
  if (args.empty() && !fs::is_directory(kBaselineFolder, ec)) {
    throw po::error(
        fmt::format("no baselines to check: {} does not exist here (make one with whsim baseline, or "
                    "name baseline files or folders)",
                    kBaselineFolder));
  }
  const std::vector<std::string> named = args.empty() ? std::vector<std::string>{kBaselineFolder} : args;
  std::set<fs::path> seen;
  for (const std::string& a : named) {
    if (fs::is_directory(a, ec)) {
      std::vector<fs::path> in_folder;
      for (const auto& e : fs::directory_iterator(a, ec)) {
        if (e.path().extension() == ".json") in_folder.push_back(e.path());
      }
      std::sort(in_folder.begin(), in_folder.end());
      if (in_folder.empty()) throw po::error(fmt::format("no baseline (*.json) in {}", a));
      for (const fs::path& f : in_folder) {
        if (seen.insert(fs::weakly_canonical(f, ec)).second) files.push_back(f);
      }
    } else if (seen.insert(fs::weakly_canonical(a, ec)).second) {
      files.emplace_back(a);  // a missing file is reported when it is read
    }
  }
  return files;
}

/// One baseline being checked: the file read, then its reruns.
struct Pending {
  fs::path file;
  run::Baseline baseline;
  output::BaselineCheck check;
  run::ReplicationsOutput out;
  std::vector<std::vector<double>> now;  ///< per guarded KPI
};

/// Writes a report file; says so unless `what` is null (--quiet).
void write_text_file(const std::string& path, const std::string& content, const char* what) {
  output::write_file_atomically(path, content);
  if (what != nullptr) fmt::print("{} written: {}\n", what, path);
}

}  // namespace

namespace {

int check_baselines(const std::vector<std::string>& args) {
  po::options_description opts(
      "whsim check [BASELINE...]: rerun regression baselines (files, or folders of *.json; default\n"
      "results/baselines) with the same seeds and replications, and judge every guarded KPI: it fails only\n"
      "when it moved in its worse direction significantly beyond its tolerance (one-sided paired t-test,\n"
      "Holm-corrected over all KPIs checked). Exact-mode fingerprints must match bit for bit.\n"
      "Exit 0: all pass; 3: a KPI regressed or a fingerprint changed; 1: an error (docs/ci.md)\n\n"
      "Options");
  std::vector<std::string> overrides;
  std::string junit;
  std::string markdown;
  std::string progress_name = "auto";
  double alpha = 0.05;
  int min_replications = run::kMinBaselineReplications;
  int jobs = 0;
  opts.add_options()("help,h", "show this help")(
      "set", po::value(&overrides)->composing(),
      "check a variant: override a value in every baseline's scenario, key.path=value; repeatable")(
      "accept",
      "write NAME.json.UPDATED beside every baseline whose values or fingerprints changed (review it and "
      "rename it to accept it); the baseline itself is never overwritten")(
      "junit", po::value(&junit), "write JUnit XML for CI (one test suite per baseline, one test per KPI)")(
      "markdown", po::value(&markdown), "write a Markdown summary (e.g. $GITHUB_STEP_SUMMARY)")(
      "alpha", po::value(&alpha),
      "family-wise false-alarm rate of the KPI tests, over all KPIs checked (default 0.05)")(
      "min-replications", po::value(&min_replications),
      "refuse baselines with guarded KPIs and fewer replications (default 10, at least 10)")(
      "jobs,j", po::value(&jobs), "replications run at once (default: the cores available)")(
      "progress", po::value(&progress_name), "progress on stderr: auto, terminal, plain, jsonl or none")(
      "quiet,q", "no progress; print only the verdict line and problems");
  std::vector<std::string> names;
  po::variables_map vm;
  if (!parse_command_line(args, opts, "baseline", names, vm)) return kExitOk;
  check_overrides(overrides);
  if (!(alpha > 0.0 && alpha < 0.5)) throw po::error("--alpha must lie between 0 and 0.5 (exclusive)");
  if (min_replications < run::kMinBaselineReplications || min_replications > 100000) {
    throw po::error(
        fmt::format("--min-replications must be between {} and 100000", run::kMinBaselineReplications));
  }
  if (vm.count("jobs") != 0U && (jobs < 1 || jobs > 4096))
    throw po::error("--jobs must be between 1 and 4096");
  for (const std::string& o : overrides) {
    if (o.substr(0, o.find('=')) == "simulation.seed") {
      throw po::error(
          "--set simulation.seed: a check reruns each baseline's own seed and replications (make a baseline "
          "with "
          "another seed to check that one)");
    }
  }
  if (vm.count("accept") != 0U && !overrides.empty()) {
    throw po::error(
        "--accept records what each baseline's own scenario gives now, so it cannot be combined with --set "
        "(put the override in the baseline's \"set\" list instead)");
  }
  const bool quiet = vm.count("quiet") != 0U;
  const bool accept = vm.count("accept") != 0U;
  const ProgressMode progress_mode = quiet ? ProgressMode::kNone : parse_progress_mode(progress_name);
  const auto t0 = std::chrono::steady_clock::now();

  const std::vector<fs::path> files = baseline_files(names);

  // Read every baseline first: problems in any of them are reported before anything runs.
  std::vector<Pending> pending;
  std::size_t total_runs = 0;
  for (const fs::path& f : files) {
    Pending p;
    p.file = f;
    p.check.name = f.stem().string();
    p.check.file = f.string();
    try {
      p.baseline = run::read_baseline(f);
      p.check.scenario = p.baseline.scenario;
      p.check.replications = p.baseline.replications;
      p.check.seed = p.baseline.seed;
      p.check.scenario_hash_then = p.baseline.scenario_hash;
      p.check.fingerprint_mode = p.baseline.fingerprint;
      p.check.fingerprints_then = p.baseline.fingerprints;
      for (const run::BaselineKpi& k : p.baseline.kpis) {
        if (p.check.error.empty() && !known_kpi_statistic(k.name)) {
          p.check.error = fmt::format(
              "{}: kpis: \"{}\" is not a KPI this whsim reports (renamed or removed? see whsim kpis)",
              f.string(), k.name);
        }
      }
      if (!p.check.error.empty()) {
        // reported below
      } else if (!p.baseline.kpis.empty() && p.baseline.replications < min_replications) {
        p.check.error = fmt::format(
            "{}: replications: {} replications guard KPIs (expected at least {}: a paired test on fewer "
            "cries "
            "wolf or misses; remake it with whsim baseline -n {})",
            f.string(), p.baseline.replications, min_replications, std::max(20, min_replications));
      } else {
        total_runs += static_cast<std::size_t>(p.baseline.replications);
      }
    } catch (const InputError& e) {
      p.check.error = diagnostics_text(e.diagnostics());
    }
    if (quiet && !p.check.error.empty()) fmt::print(stderr, "{}\n", p.check.error);
    pending.push_back(std::move(p));
  }
  // Baselines from different folders may share a file name: name those by their path instead,
  // so CI displays (JUnit suites, class names) keep them apart.
  for (Pending& p : pending) {
    const auto same = std::count_if(pending.begin(), pending.end(),
                                    [&](const Pending& o) { return o.file.stem() == p.file.stem(); });
    if (same > 1) p.check.name = fs::path(p.file).replace_extension().generic_string();
  }

  install_stop_signals();
  RunsProgress progress(progress_mode, total_runs, 0);
  for (Pending& p : pending) {
    if (!p.check.error.empty()) continue;
    const auto tb = std::chrono::steady_clock::now();
    try {
      const LoadedScenario s = load_for(p.baseline, p.file, overrides);
      p.check.scenario_hash_now = s.hash;
      Runs r = run_baseline_scenario(s, p.baseline.replications, p.baseline.analysis, p.baseline.warmup, jobs,
                                     &progress);
      if (r.interrupted) {
        progress.finish("interrupted");
        fmt::print(stderr, "whsim check: interrupted; nothing written\n");
        return interrupted_exit_code();
      }
      p.out = std::move(r.out);
    } catch (const output::OutputError& e) {
      p.check.error = fmt::format("{}: {}", p.file.string(), e.what());
    } catch (const InputError& e) {
      p.check.error = fmt::format("{}: the baseline's scenario is invalid:\n{}", p.file.string(),
                                  diagnostics_text(e.diagnostics()));
    }
    p.check.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - tb).count();
    if (!p.check.error.empty()) {
      if (quiet) fmt::print(stderr, "{}\n", p.check.error);
      continue;
    }
    if (!p.baseline.fingerprints.empty()) {
      for (const auto& run : p.out.runs) p.check.fingerprints_now.push_back(hex16(run.result.fingerprint));
    }
    for (const run::BaselineKpi& k : p.baseline.kpis) {
      bool missing = false;
      p.now.push_back(values_of(p.out, k.name, missing));
      const std::vector<double>& now = p.now.back();
      if (missing && p.check.error.empty()) {
        p.check.error =
            fmt::format("{}: kpis: \"{}\" is not reported by this whsim (renamed or removed? see whsim kpis)",
                        p.file.string(), k.name);
      }
      // A value on one side only cannot be compared: an incomplete check must not pass.
      std::size_t lost = 0;
      std::size_t gained = 0;
      for (std::size_t r = 0; r < now.size() && r < k.values.size(); ++r) {
        if (!std::isnan(k.values[r]) && std::isnan(now[r])) ++lost;
        if (std::isnan(k.values[r]) && !std::isnan(now[r])) ++gained;
      }
      if ((lost > 0 || gained > 0) && p.check.error.empty()) {
        p.check.error = fmt::format(
            "{}: kpis: \"{}\" has no value now in {} replication{} that had one, and a value in {} that had "
            "none "
            "(the runs no longer observe it the same way, so they cannot be compared; remake the baseline if "
            "this is intended)",
            p.file.string(), k.name, lost, lost == 1 ? "" : "s", gained);
      }
    }
    if (quiet && !p.check.error.empty()) fmt::print(stderr, "{}\n", p.check.error);
  }
  progress.finish("complete");

  // One family for Holm: every KPI of every baseline that could be checked.
  std::vector<stats::GuardedKpi> family;
  for (const Pending& p : pending) {
    if (!p.check.error.empty()) continue;
    for (std::size_t i = 0; i < p.baseline.kpis.size(); ++i) {
      const run::BaselineKpi& k = p.baseline.kpis[i];
      family.push_back({k.name, k.better, k.tolerance, k.values, p.now[i]});
    }
  }
  const std::vector<stats::KpiJudgement> judged = stats::judge_regressions(family, alpha);
  output::CheckReport report;
  report.alpha = alpha;
  for (const std::string& o : overrides)
    report.overrides += (report.overrides.empty() ? "--set " : " --set ") + o;
  std::size_t next = 0;
  for (Pending& p : pending) {
    if (p.check.error.empty()) {
      for (const run::BaselineKpi& k : p.baseline.kpis) p.check.kpis.push_back({judged[next++], k.unit});
    }
    report.baselines.push_back(p.check);
  }

  // --accept: a .UPDATED file beside every baseline that could be checked and changed.
  bool accept_failed = false;
  std::vector<std::string> removed_stale;
  if (accept) {
    for (std::size_t b = 0; b < pending.size(); ++b) {
      Pending& p = pending[b];
      if (!p.check.error.empty()) continue;
      const fs::path target = fs::path(p.file.string() + ".UPDATED");
      run::Baseline updated = p.baseline;
      updated.scenario_hash = p.check.scenario_hash_now;
      if (!updated.fingerprints.empty()) updated.fingerprints = p.check.fingerprints_now;
      for (std::size_t i = 0; i < updated.kpis.size(); ++i) updated.kpis[i].values = p.now[i];
      updated.created_by = provenance();
      run::Baseline compare_then = p.baseline;
      compare_then.created_by = updated.created_by;
      std::error_code ec;
      if (run::baseline_json(updated) == run::baseline_json(compare_then)) {
        // The baseline is current: an .UPDATED left by an earlier run would be accepted by mistake.
        if (fs::remove(target, ec)) removed_stale.push_back(target.string());
        continue;
      }
      try {
        output::write_file_atomically(target, run::baseline_json(updated));
        report.baselines[b].updated_file = target.string();
      } catch (const output::OutputError& e) {
        fmt::print(stderr, "whsim check: error: {}\n", e.what());
        accept_failed = true;
      }
    }
  }
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  const std::string table = output::check_table(report);
  if (quiet) {
    const std::size_t last = table.find_last_of('\n', table.size() >= 2 ? table.size() - 2 : 0);
    fmt::print("{}", last == std::string::npos ? table : table.substr(last + 1));
  } else {
    fmt::print("{}", table);
  }
  for (const output::BaselineCheck& c : report.baselines) {
    if (!c.updated_file.empty())
      fmt::print("wrote {} (review it, then rename it to {} to accept)\n", c.updated_file, c.file);
  }
  for (const std::string& f : removed_stale) fmt::print("removed {}: its baseline is current\n", f);
  try {
    if (!junit.empty()) write_text_file(junit, output::junit_xml(report), quiet ? nullptr : "JUnit XML");
    if (!markdown.empty())
      write_text_file(markdown, output::check_markdown(report), quiet ? nullptr : "Markdown summary");
  } catch (const output::OutputError& e) {
    fmt::print(stderr, "whsim check: error: {}\n", e.what());
    return kExitRuntimeError;
  }
  if (report.errors() > 0 || accept_failed) return kExitRuntimeError;
  return report.passed() ? kExitOk : kExitRegressed;
}

}  // namespace

int run_check(const std::vector<std::string>& args) {
  // whsim check has three outcomes (docs/ci.md): every error, a bad flag included, exits 1.
  try {
    return check_baselines(args);
  } catch (const po::error& e) {
    fmt::print(stderr, "whsim check: error: {} (see whsim check --help)\n", e.what());
  } catch (const InputError& e) {
    for (const Diagnostic& d : e.diagnostics()) fmt::print(stderr, "whsim check: error: {}\n", d.to_string());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "whsim check: internal error: %s\n", e.what());
  }
  return kExitRuntimeError;
}

int run_baseline(const std::vector<std::string>& args) {
  po::options_description opts(
      "whsim baseline [SCENARIO]: run a scenario (the built-in quickstart when none is given) and write a\n"
      "regression baseline for whsim check: the KPIs to guard with every replication's value, which way\n"
      "each improves, its tolerance, the seed and the run fingerprints. Never overwrites a file\n"
      "(whsim check --accept writes NAME.json.UPDATED for review instead). docs/ci.md\n\n"
      "Options");
  std::vector<std::string> overrides;
  std::vector<std::string> kpi_specs;
  std::string name;
  std::string out;
  std::string description;
  std::string tolerance_text = "2%";
  std::string fingerprint_name;
  std::string analysis;
  std::string warmup;
  std::string progress_name = "auto";
  int replications = 20;
  int jobs = 0;
  opts.add_options()("help,h", "show this help")(
      "name", po::value(&name),
      "baseline name: writes results/baselines/NAME.json (default: the scenario's name)")(
      "out,o", po::value(&out), "the baseline file to write instead (must not exist)")(
      "set", po::value(&overrides)->composing(),
      "override a value in the scenario, key.path=value; repeatable (recorded in the baseline)")(
      "replications,n", po::value(&replications),
      "replications 0..n-1 (default 20; at least 10 when KPIs are guarded)")(
      "kpi", po::value(&kpi_specs)->composing(),
      "guard this KPI (or NAME.p95 ...), optionally with its own tolerance: NAME=2%, NAME=0.5sd or NAME=3 "
      "(absolute); repeatable (default: orders, lines and units completed, pick cycle time mean and p95, "
      "on-time share, backorders)")(
      "tolerance", po::value(&tolerance_text),
      "default tolerance: 2% (relative to the baseline mean), 0.5sd (baseline standard deviations) or a "
      "number in the KPI's unit (default 2%)")(
      "fingerprint", po::value(&fingerprint_name),
      "exact: any changed run fingerprint fails the check; report: shown only (default report, exact "
      "with --fingerprint-only)")(
      "fingerprint-only",
      "guard the run fingerprints only (a golden scenario): no KPIs, default 1 replication")(
      "description", po::value(&description), "one line saying what the baseline guards")(
      "analysis", po::value(&analysis), "terminating or steady-state (default by horizon; see whsim run)")(
      "warmup", po::value(&warmup), "steady-state: a duration such as 2h, or mser5")(
      "jobs,j", po::value(&jobs), "replications run at once (default: the cores available)")(
      "progress", po::value(&progress_name), "progress on stderr: auto, terminal, plain, jsonl or none")(
      "quiet,q", "no progress");
  std::vector<std::string> files;
  po::variables_map vm;
  if (!parse_command_line(args, opts, "scenario", files, vm)) return kExitOk;
  check_overrides(overrides);
  if (files.size() > 1) throw po::error("give at most one scenario file");
  const bool fingerprint_only = vm.count("fingerprint-only") != 0U;
  if (fingerprint_only && vm.count("replications") == 0U) replications = 1;
  if (fingerprint_only && fingerprint_name == "report") {
    throw po::error(
        "--fingerprint-only --fingerprint report would guard nothing: fingerprints only are exact");
  }
  if (fingerprint_only && !kpi_specs.empty())
    throw po::error("--fingerprint-only guards no KPIs: drop --kpi");
  const int minimum = fingerprint_only ? 1 : run::kMinBaselineReplications;
  if (replications < minimum || replications > 100000) {
    throw po::error(fmt::format("--replications must be between {} and 100000{}", minimum,
                                fingerprint_only ? "" : " when KPIs are guarded"));
  }
  if (vm.count("jobs") != 0U && (jobs < 1 || jobs > 4096))
    throw po::error("--jobs must be between 1 and 4096");
  const auto default_tolerance = stats::parse_tolerance(tolerance_text);
  if (!default_tolerance)
    throw po::error(fmt::format("--tolerance '{}' is not 2%, 0.5sd or a number >= 0", tolerance_text));
  output::FingerprintMode mode =
      fingerprint_only ? output::FingerprintMode::kExact : output::FingerprintMode::kReport;
  if (!fingerprint_name.empty()) {
    if (fingerprint_name == "exact") {
      mode = output::FingerprintMode::kExact;
    } else if (fingerprint_name == "report") {
      mode = output::FingerprintMode::kReport;
    } else {
      throw po::error(fmt::format("--fingerprint '{}' is not exact or report", fingerprint_name));
    }
  }
  // KPIs and their tolerances, checked against the catalogue before anything runs.
  std::vector<std::pair<std::string, stats::Tolerance>> guarded;
  if (!fingerprint_only) {
    const std::vector<std::string> specs = kpi_specs.empty() ? run::default_guarded_kpis() : kpi_specs;
    std::set<std::string> seen;
    for (const std::string& spec : specs) {
      const std::size_t eq = spec.find('=');
      const std::string kpi = spec.substr(0, eq);
      if (!known_kpi_statistic(kpi)) {
        throw po::error(
            fmt::format("unknown --kpi '{}' (see whsim kpis; tallies also NAME.p50, .p95, .p99)", kpi));
      }
      if (!seen.insert(kpi).second) throw po::error(fmt::format("--kpi '{}' is given twice", kpi));
      stats::Tolerance t = *default_tolerance;
      if (eq != std::string::npos) {
        const auto parsed = stats::parse_tolerance(std::string_view(spec).substr(eq + 1));
        if (!parsed) {
          throw po::error(
              fmt::format("--kpi '{}': the tolerance after '=' is not 2%, 0.5sd or a number >= 0", spec));
        }
        t = *parsed;
      }
      guarded.emplace_back(kpi, t);
    }
  }
  const bool quiet = vm.count("quiet") != 0U;
  const ProgressMode progress_mode = quiet ? ProgressMode::kNone : parse_progress_mode(progress_name);

  LoadedScenario s;
  try {
    ScenarioInput in;
    in.file = files.empty() ? std::string() : files[0];
    in.overrides = overrides;
    s = load_scenario_input(in);
    (void)run::choose_analysis(s.spec, analysis, warmup);
  } catch (const std::exception&) {
    return report_scenario_error("baseline");
  }
  const fs::path target = !out.empty() ? fs::path(out)
                                       : fs::path(kBaselineFolder) /
                                             fmt::format("{}.json", safe_name(name.empty() ? s.name : name));
  std::error_code ec;
  if (fs::exists(target, ec)) {
    fmt::print(
        stderr,
        "whsim baseline: error: {} exists; a baseline is never overwritten (whsim check --accept writes "
        "{}.UPDATED for review; or choose another --name)\n",
        target.string(), target.string());
    return kExitCannotCreateOutput;
  }

  install_stop_signals();
  RunsProgress progress(progress_mode, static_cast<std::size_t>(replications), 0);
  Runs r;
  try {
    r = run_baseline_scenario(s, replications, analysis, warmup, jobs, &progress);
  } catch (const InputError& e) {
    progress.finish("failed");
    print_diagnostics(e.diagnostics());
    return kExitInvalidInput;
  }
  if (r.interrupted) {
    progress.finish("interrupted");
    fmt::print(stderr, "whsim baseline: interrupted; nothing written\n");
    return interrupted_exit_code();
  }
  progress.finish("complete");

  run::Baseline b;
  b.description = description;
  b.scenario =
      files.empty() ? std::string(run::kBuiltinQuickstart) : run::scenario_reference(files[0], target);
  b.set = overrides;
  b.scenario_hash = s.hash;
  b.seed = s.spec.simulation.seed.value;
  b.replications = replications;
  b.analysis = r.out.info.analysis;
  b.warmup = warmup;
  b.fingerprint = mode;
  for (const auto& run : r.out.runs) b.fingerprints.push_back(hex16(run.result.fingerprint));
  std::vector<const stats::RunResult*> results;
  for (const auto& run : r.out.runs) results.push_back(&run.result);
  const std::vector<stats::KpiEstimate> estimates = stats::estimate_kpis(results, 0.95);
  for (const auto& guard : guarded) {
    const std::string& kpi = guard.first;
    run::BaselineKpi k;
    k.name = kpi;
    k.better = run::kpi_better(kpi);
    k.tolerance = guard.second;
    const auto e = std::find_if(estimates.begin(), estimates.end(),
                                [&](const stats::KpiEstimate& x) { return x.name == kpi; });
    if (e == estimates.end()) {
      fmt::print(stderr, "whsim baseline: error: the scenario's runs do not report {} (see whsim kpis)\n",
                 kpi);
      return kExitInvalidInput;
    }
    k.unit = e->unit;
    k.values = e->values;
    const auto without =
        std::count_if(k.values.begin(), k.values.end(), [](double v) { return std::isnan(v); });
    if (without > 0) {
      fmt::print(
          stderr,
          "whsim baseline: error: {} has no value in {} of {} replications (no observation in the measured "
          "period); guard a KPI every run reports, or run longer\n",
          kpi, without, k.values.size());
      return kExitInvalidInput;
    }
    b.kpis.push_back(std::move(k));
  }
  b.created_by = provenance();
  const std::string json = run::baseline_json(b);
  try {
    // What whsim check will read: refuse to write a file it could not (e.g. a --description
    // or a scenario path that is not valid UTF-8).
    (void)run::parse_baseline(json, target.string());
  } catch (const InputError& e) {
    fmt::print(stderr,
               "whsim baseline: error: the baseline would not read back (text from the command line and file "
               "names must be valid UTF-8); nothing written:\n");
    print_diagnostics(e.diagnostics());
    return kExitUsage;
  }
  try {
    if (!target.parent_path().empty()) fs::create_directories(target.parent_path(), ec);
    // Written under a temporary name, then linked into place: link() fails when the target
    // exists, so a baseline that appeared while the replications ran is never replaced.
    const fs::path staged = fs::path(fmt::format("{}.new{}", target.string(), ::getpid()));
    output::write_file_atomically(staged, json);
    const int linked = ::link(staged.c_str(), target.c_str());
    const int link_errno = errno;
    fs::remove(staged, ec);
    if (linked != 0) {
      fmt::print(stderr, "whsim baseline: error: cannot create {}: {}{}\n", target.string(),
                 std::strerror(link_errno), link_errno == EEXIST ? " (a baseline is never overwritten)" : "");
      return kExitCannotCreateOutput;
    }
  } catch (const output::OutputError& e) {
    fmt::print(stderr, "whsim baseline: error: {}\n", e.what());
    return e.kind() == output::OutputError::Kind::kCreate ? kExitCannotCreateOutput : kExitWriteError;
  }
  if (!quiet) {
    fmt::print("baseline of {} ({}): {} replications, seed {}, {} analysis, fingerprints {}\n", s.name,
               s.file, replications, b.seed, b.analysis, output::to_string(mode));
    for (const run::BaselineKpi& k : b.kpis) {
      double sum = 0;
      int n = 0;
      for (const double v : k.values) {
        if (std::isnan(v)) continue;
        sum += v;
        ++n;
      }
      fmt::print("  {:<32} {:>12} {:<8} better {:<7} tolerance {}\n", k.name,
                 n == 0 ? std::string("-") : fmt::format("{:.4g}", sum / n), k.unit,
                 stats::to_string(k.better), stats::format_tolerance(k.tolerance));
    }
  }
  fmt::print("baseline written: {}\n", target.string());
  return kExitOk;
}

}  // namespace whsim::cli
