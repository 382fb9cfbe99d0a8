// `whsim sweep` and `whsim merge`: many runs of a scenario over a grid of overrides (a sweep file
// or --vary flags), each run's result written atomically to runs/<run id>.h5 as soon as it
// finishes, then merged into result.h5, runs.csv, points.csv and summary.json, always in run-id
// order. --resume runs only what is missing; --shard i/N runs every N-th run (Slurm arrays);
// under mpirun the runs are handed out to MPI ranks (docs/experiments.md).
#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>

#include <boost/program_options.hpp>
#include <fmt/format.h>

#include "whsim/core/error.hpp"
#include "whsim/core/sha256.hpp"
#include "whsim/output/experiment_files.hpp"
#include "whsim/output/files.hpp"
#include "whsim/output/hdf5_result.hpp"
#include "whsim/output/report.hpp"
#include "whsim/output/summary.hpp"
#include "whsim/run/executor.hpp"
#include "whsim/run/experiment.hpp"
#include "whsim/run/mpi_executor.hpp"
#include "whsim/run/search.hpp"
#include "whsim/run/sweep_plan.hpp"
#include "whsim/stats/estimates.hpp"

#include "cli_args.hpp"
#include "commands.hpp"
#include "exit_codes.hpp"
#include "progress.hpp"
#include "result_io.hpp"
#include "scenario_input.hpp"
#include "stop_signals.hpp"
#include <signal.h>
#include <unistd.h>

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace whsim::cli {
namespace {

/// Exit code when some runs failed (the others finished).
constexpr int kExitRunsFailed = 4;

std::string read_text(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

fs::path run_file(const fs::path& dir, const std::string& id) {
  return dir / "runs" / (id + ".h5");
}
fs::path error_file(const fs::path& dir, const std::string& id) {
  return dir / "runs" / (id + ".error");
}

/// Removes temporaries in runs/ left by processes that no longer exist (a killed sweep).
void clear_dead_temporaries(const fs::path& runs) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(runs, ec)) {
    const std::string name = entry.path().filename().string();
    const std::size_t at = name.rfind(".tmp");
    if (name.empty() || name.front() != '.' || at == std::string::npos) continue;
    const std::string pid_text = name.substr(at + 4);
    if (pid_text.empty() || pid_text.find_first_not_of("0123456789") != std::string::npos ||
        pid_text.size() > 9) {
      continue;
    }
    const long pid = std::stol(pid_text);
    if (pid != static_cast<long>(getpid()) && kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) {
      fs::remove(entry.path(), ec);
    }
  }
}

/// The rows of runs.csv and the merged result of every finished run in `dirs` (run-id order).
struct Merged {
  output::ResultData data;
  std::vector<output::RunRow> rows;
  std::size_t done = 0, failed = 0, missing = 0;
};

Merged merge_runs(const output::SweepManifest& m, const std::vector<fs::path>& dirs) {
  Merged out;
  std::vector<output::RunRecord> records;
  std::vector<std::string> errors(m.runs.size());
  std::vector<int> state(m.runs.size(), 0);  // 0 missing, 1 done, 2 failed
  std::optional<output::ResultData> first;
  for (std::size_t i = 0; i < m.runs.size(); ++i) {
    const output::ManifestRun& r = m.runs[i];
    for (const fs::path& dir : dirs) {
      std::error_code ec;
      if (fs::exists(run_file(dir, r.id), ec)) {
        output::ResultData one;
        std::string problem;
        try {
          one = output::read_result_h5(run_file(dir, r.id));
          if (one.runs.size() != 1 || one.runs[0].run_id != r.id) {
            problem = fmt::format("it does not hold run {}", r.id);
          } else if (one.meta.experiment.sweep_id != m.sweep_id) {
            problem = fmt::format("it belongs to another sweep ({})", one.meta.experiment.sweep_id);
          }
        } catch (const output::OutputError& e) {
          problem = e.what();
        }
        if (!problem.empty()) {
          state[i] = 2;
          errors[i] = fmt::format("{} cannot be used: {} (remove it and run --resume)",
                                  run_file(dir, r.id).string(), problem);
          break;
        }
        if (!first) {
          first = std::move(one);
          records.push_back(std::move(first->runs[0]));
          first->runs.clear();
        } else {
          records.push_back(std::move(one.runs[0]));
        }
        state[i] = 1;
        break;
      }
      if (fs::exists(error_file(dir, r.id), ec)) {
        state[i] = 2;
        errors[i] = read_text(error_file(dir, r.id));
        while (!errors[i].empty() && errors[i].back() == '\n') errors[i].pop_back();
      }
    }
  }
  if (first) out.data.meta = std::move(first->meta);
  out.data.runs = std::move(records);
  std::size_t at = 0;
  for (std::size_t i = 0; i < m.runs.size(); ++i) {
    output::RunRow row;
    row.id = m.runs[i].id;
    row.point = m.runs[i].point;
    row.replication = m.runs[i].replication;
    if (state[i] == 1) {
      row.status = "done";
      ++out.done;
    } else if (state[i] == 2) {
      row.status = "failed";
      row.error = errors[i];
      ++out.failed;
    } else {
      row.status = "missing";
      ++out.missing;
    }
    out.rows.push_back(std::move(row));
  }
  for (output::RunRow& row : out.rows) {
    if (row.status == "done") row.run = &out.data.runs[at++];
  }
  return out;
}

/// Writes the merged outputs of a sweep into `dir`: result.h5 (every finished run, the sweep's
/// points under /experiment), runs.csv, points.csv, summary.json (and report.html).
void write_merged(const fs::path& dir, const output::SweepManifest& m, Merged& merged, bool report,
                  int exit_code, double wall_seconds) {
  output::ResultData& data = merged.data;
  output::ResultMeta& meta = data.meta;
  const output::ResultMeta build = this_build();
  meta.whsim_version = build.whsim_version;
  meta.git_commit = build.git_commit;
  meta.git_dirty = build.git_dirty;
  meta.compiler = build.compiler;
  meta.compiler_flags = build.compiler_flags;
  meta.provenance = build.provenance;
  meta.provenance.wall_seconds = wall_seconds;
  meta.provenance.build_seconds = 0;
  meta.scenario_name = m.name;
  meta.scenario_file = m.scenario_file;
  meta.scenario_hash = m.scenario_hash;
  meta.scenario_yaml = m.scenario_yaml;
  meta.scenario_sha256 = sha256_hex(m.scenario_yaml);
  meta.parameters = m.parameters;
  meta.master_seed = m.master_seed;
  meta.trace_filter.clear();
  if (!output::parse_detail(m.detail, meta.detail)) meta.detail = output::Detail::kSummary;
  meta.complete = merged.missing == 0 && merged.failed == 0;
  meta.exit_status = exit_code;
  meta.experiment.present = true;
  meta.experiment.kind = "sweep";
  meta.experiment.analysis = m.analysis;
  meta.experiment.warmup_method = m.warmup_method;
  meta.experiment.warmup_seconds = m.warmup_seconds;
  meta.experiment.warmup_reliable = true;
  meta.experiment.warmup_note = "";
  meta.experiment.confidence_level = m.confidence_level;
  meta.experiment.sweep_file = m.sweep_file;
  meta.experiment.sweep_id = m.sweep_id;
  meta.experiment.keys = m.keys;
  meta.experiment.points = m.points;
  output::StagedFiles staged;
  staged.stage(dir / "runs.csv", output::runs_csv(m, merged.rows));
  staged.stage(dir / "points.csv", output::points_csv(m, data));
  staged.stage(dir / "summary.json", output::summary_json(data));
  if (report) staged.stage(dir / "report.html", output::render_report(data));
  output::write_result_h5(dir / "result.h5", data);
  staged.commit();
}

struct SweepFlags {
  std::vector<std::string> files;
  std::vector<std::string> vary;
  std::vector<std::string> overrides;
  std::string out_dir;
  std::string shard_text;
  std::string detail_name = "summary";
  std::string progress_name = "auto";
  std::string analysis;
  std::string warmup;
  double progress_interval = 0;
  double confidence = 0.95;
  int replications = 0;
  int jobs = 0;
  bool resume = false;
  bool fail_fast = false;
  bool quiet = false;
  bool report = false;
  std::string search_key;
  std::string range;
  std::string target;
};

/// Everything a sweep runs: the manifest and each point's validated scenario.
struct Prepared {
  output::SweepManifest manifest;
  std::vector<LoadedScenario> points;
  run::AnalysisChoice analysis;
  fs::path dir;
};

/// Builds the plan and validates every point (throws InputError naming the point).
Prepared prepare(const SweepFlags& f, const po::variables_map& vm) {
  Prepared p;
  run::SweepPlan plan;
  std::string scenario_file;
  std::string sweep_file;
  if (!f.vary.empty()) {
    plan = run::plan_from_vary(f.vary, 1);
    if (f.files.size() > 1) throw po::error("with --vary, give at most one scenario file");
    if (!f.files.empty()) scenario_file = f.files[0];
  } else {
    if (f.files.empty()) throw po::error("give a sweep file, or a scenario and --vary key=[v1, v2, ...]");
    if (f.files.size() > 2) throw po::error("give a sweep file and at most one scenario file");
    sweep_file = f.files[0];
    plan = run::load_sweep_file(sweep_file);
    scenario_file = f.files.size() == 2 ? f.files[1] : plan.scenario;
  }
  if (vm.count("replications") != 0U) plan.replications = f.replications;
  ScenarioInput input;
  input.file = scenario_file;
  input.overrides = f.overrides;
  for (const run::SweepAssignment& a : plan.fixed)
    input.overrides.push_back(fmt::format("{}={}", a.key, a.value));
  const LoadedScenario base = load_scenario_input(input);
  p.analysis = run::choose_analysis(base.spec, f.analysis, f.warmup);
  if (p.analysis.mode == run::AnalysisMode::kSteadyState && p.analysis.warmup == run::WarmupMethod::kMser5) {
    throw InputError(Diagnostic{
        SourceLocation{"command line", 0, 0}, "--warmup",
        "a sweep needs a fixed warm-up for steady-state analysis (expected --warmup DURATION, "
        "simulation.warmup "
        "in the scenario, or --analysis terminating); find one first with whsim run --replications 5 "
        "--warmup mser5"});
  }
  output::SweepManifest& m = p.manifest;
  m.name = base.name;
  m.scenario_file = base.file;
  m.scenario_hash = base.hash;
  m.scenario_yaml = base.doc.to_yaml();
  m.parameters = base.parameters;
  m.sweep_file = sweep_file;
  m.keys = plan.keys;
  m.constraints = plan.constraints;
  m.generated = plan.generated;
  m.replications = plan.replications;
  m.master_seed = base.spec.simulation.seed.value;
  m.analysis = std::string(run::to_string(p.analysis.mode));
  m.confidence_level = f.confidence;
  m.detail = f.detail_name;
  std::vector<Diagnostic> problems;
  for (std::size_t i = 0; i < plan.points.size(); ++i) {
    std::vector<std::pair<std::string, std::string>> overrides;
    std::vector<std::string> values;
    for (const run::SweepAssignment& a : plan.points[i].assignments) {
      overrides.emplace_back(a.key, a.value);
      values.push_back(a.value);
    }
    try {
      p.points.push_back(with_overrides(base, overrides));
    } catch (const InputError& e) {
      for (Diagnostic d : e.diagnostics()) {
        d.message = fmt::format("{} (sweep point {}: {})", d.message, i, run::describe_point(plan.points[i]));
        problems.push_back(std::move(d));
      }
      if (problems.size() >= 20) break;
      continue;
    }
    m.points.push_back(std::move(values));
    m.point_hashes.push_back(p.points.back().hash);
  }
  if (!problems.empty()) throw InputError(std::move(problems));
  const SourceLocation cli{"command line", 0, 0};
  if (m.points.empty()) {
    throw InputError(Diagnostic{
        cli, "constraints",
        fmt::format(
            "every one of the {} points was skipped by a constraint (expected at least one point to run)",
            plan.generated)});
  }
  if (p.analysis.warmup == run::WarmupMethod::kFixed) {
    if (std::find(m.keys.begin(), m.keys.end(), "simulation.warmup") != m.keys.end()) {
      throw InputError(Diagnostic{cli, "--warmup",
                                  "simulation.warmup is swept, so --warmup would override it at every point "
                                  "(expected one of the two)"});
    }
    for (std::size_t i = 0; i < p.points.size(); ++i) {
      if (p.analysis.fixed_warmup >= p.points[i].spec.simulation.horizon.value) {
        throw InputError(Diagnostic{
            cli, "--warmup",
            fmt::format("warm-up {} is not shorter than the horizon {} of sweep point {} (expected less than "
                        "every point's horizon)",
                        format_human(p.analysis.fixed_warmup),
                        format_human(p.points[i].spec.simulation.horizon.value), i)});
      }
    }
  }
  const Duration warmup =
      p.analysis.mode == run::AnalysisMode::kSteadyState && p.analysis.warmup == run::WarmupMethod::kFixed
          ? p.analysis.fixed_warmup
          : base.spec.simulation.warmup.value;
  m.warmup_method = p.analysis.mode == run::AnalysisMode::kTerminating
                        ? (warmup > Duration::zero() ? "scenario" : "none")
                        : std::string(run::to_string(p.analysis.warmup));
  m.warmup_seconds = warmup.to_seconds();
  for (std::size_t i = 0; i < m.points.size(); ++i) {
    for (int r = 0; r < m.replications; ++r) {
      const auto rep = static_cast<std::uint64_t>(r);
      m.runs.push_back(output::ManifestRun{run::make_run_id(i, rep, m.point_hashes[i]), i, rep});
    }
  }
  // The sweep's identity: what decides its runs' results and its merged files, not how its
  // files were named on the command line (scenario and sweep file paths) or the confidence
  // level of points.csv.
  output::SweepManifest identity = m;
  identity.scenario_file.clear();
  identity.sweep_file.clear();
  identity.confidence_level = 0;
  m.sweep_id = sha256_hex(output::manifest_json(identity)).substr(0, 8);
  p.dir = f.out_dir.empty()
              ? fs::path("results") / "sweeps" / fmt::format("{}-{}", safe_name(m.name), m.sweep_id)
              : fs::path(f.out_dir);
  return p;
}

/// Whether `dir` holds nothing but what a sweep being prepared by another process (a shard
/// starting at the same moment) may have written: temporaries and an empty runs/ folder.
bool sweep_in_preparation(const fs::path& dir) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name == "runs" && fs::is_directory(entry.path(), ec)) continue;
    if (name.rfind(".manifest.json.tmp", 0) == 0) continue;
    return false;
  }
  return !ec;
}

/// Creates the sweep folder and writes the manifest; refuses a folder holding anything else,
/// or another sweep, or (without --resume or --shard) this sweep's earlier runs. `clear`: also
/// remove temporaries of processes that are gone (not for shards: on a shared file system a
/// live shard on another host looks gone).
void prepare_folder(const Prepared& p, bool resume, bool clear) {
  const fs::path& dir = p.dir;
  std::error_code ec;
  const fs::path manifest = dir / "manifest.json";
  if (fs::exists(dir, ec)) {
    if (!fs::is_directory(dir, ec)) {
      throw output::OutputError(output::OutputError::Kind::kCreate,
                                fmt::format("{} exists and is not a folder", dir.string()));
    }
    // A shard starting at the same moment may rename its manifest into place between the two
    // looks below: a folder that is not in preparation is looked at once more for a manifest.
    bool has_manifest = fs::exists(manifest, ec);
    bool foreign = false;
    if (!has_manifest && !fs::is_empty(dir, ec) && !sweep_in_preparation(dir)) {
      has_manifest = fs::exists(manifest, ec);
      foreign = !has_manifest;
    }
    if (has_manifest) {
      const output::SweepManifest old = output::parse_manifest(read_text(manifest), manifest.string());
      if (old.sweep_id != p.manifest.sweep_id) {
        throw output::OutputError(
            output::OutputError::Kind::kCreate,
            fmt::format("{} holds another sweep ({}; this one is {}): choose another --out", dir.string(),
                        old.sweep_id, p.manifest.sweep_id));
      }
      if (!resume) {
        throw output::OutputError(
            output::OutputError::Kind::kCreate,
            fmt::format("{} already holds this sweep: add --resume to run only the missing "
                        "runs, or choose another --out",
                        dir.string()));
      }
    } else if (foreign) {
      throw output::OutputError(
          output::OutputError::Kind::kCreate,
          fmt::format("{} exists and is not a sweep folder (no manifest.json): whsim does "
                      "not write into it",
                      dir.string()));
    }
  }
  fs::create_directories(dir, ec);
  if (ec) {
    throw output::OutputError(output::OutputError::Kind::kCreate,
                              fmt::format("cannot create {}: {}", dir.string(), ec.message()));
  }
  // The manifest first, so that a shard arriving now sees a sweep folder.
  output::write_file_atomically(manifest, output::manifest_json(p.manifest));
  fs::create_directories(dir / "runs", ec);
  if (ec) {
    throw output::OutputError(output::OutputError::Kind::kCreate,
                              fmt::format("cannot create {}: {}", (dir / "runs").string(), ec.message()));
  }
  if (clear) {
    clear_dead_temporaries(dir);
    clear_dead_temporaries(dir / "runs");
  }
}

/// The problem with an existing run file ("" when it is a finished run of this sweep).
std::string run_file_problem(const fs::path& file, const output::ManifestRun& r,
                             const std::string& sweep_id) {
  try {
    const output::ResultData one = output::read_result_h5(file);
    if (one.runs.size() != 1 || one.runs[0].run_id != r.id)
      return fmt::format("it does not hold run {}", r.id);
    if (one.meta.experiment.sweep_id != sweep_id) {
      return fmt::format(
          "it belongs to sweep {}, not {}",
          one.meta.experiment.sweep_id.empty() ? std::string("(none)") : one.meta.experiment.sweep_id,
          sweep_id);
    }
    if (!one.runs[0].result.complete) return "the run is incomplete";
  } catch (const output::OutputError& e) {
    return e.what();
  }
  return {};
}

/// Runs one run of the sweep and writes runs/<id>.h5 (or runs/<id>.error when it fails).
run::TaskOutcome run_one(const Prepared& p, const run::AnalysisChoice& a, output::Detail detail,
                         std::size_t index) {
  const output::ManifestRun& r = p.manifest.runs[index];
  const LoadedScenario& point = p.points[r.point];
  if (stop_requested()) return run::TaskOutcome{run::TaskOutcome::State::kInterrupted, {}, 0};
  scenario::ScenarioSpec spec = point.spec;
  if (a.mode == run::AnalysisMode::kSteadyState && a.warmup == run::WarmupMethod::kFixed) {
    spec.simulation.warmup.value = a.fixed_warmup;
  }
  run::ReplicationOptions ro;
  ro.replication = r.replication;
  ro.records = detail != output::Detail::kSummary;
  ro.stop = &stop_flag();
  std::error_code ec;
  fs::remove(error_file(p.dir, r.id), ec);
  run::TaskOutcome outcome;
  try {
    run::ReplicationOutput out = run::run_replication(spec, ro);
    if (out.interrupted) return run::TaskOutcome{run::TaskOutcome::State::kInterrupted, "interrupted", 0};
    if (!out.conservation.empty()) throw std::runtime_error("stock is not conserved: " + out.conservation);
    output::ResultData data;
    data.meta = this_build();
    data.meta.scenario_name = point.name;
    data.meta.scenario_file = point.file;
    data.meta.scenario_hash = point.hash;
    data.meta.scenario_yaml = point.doc.to_yaml();
    data.meta.scenario_sha256 = sha256_hex(data.meta.scenario_yaml);
    data.meta.parameters = point.parameters;
    data.meta.master_seed = spec.simulation.seed.value;
    data.meta.detail = detail;
    output::ExperimentInfo& e = data.meta.experiment;
    e.present = true;
    e.kind = "sweep run";
    e.sweep_id = p.manifest.sweep_id;
    e.analysis = p.manifest.analysis;
    e.warmup_method = p.manifest.warmup_method;
    e.warmup_seconds = p.manifest.warmup_seconds;
    e.confidence_level = p.manifest.confidence_level;
    e.sweep_file = p.manifest.sweep_file;
    data.meta.provenance.build_seconds = out.build_seconds;
    data.meta.provenance.wall_seconds = out.wall_seconds;
    data.runs.push_back(make_run_record(std::move(out), r.id, r.point, r.replication));
    output::write_result_h5(run_file(p.dir, r.id), data);
    outcome.state = run::TaskOutcome::State::kDone;
  } catch (const InputError& e) {
    outcome.state = run::TaskOutcome::State::kFailed;
    outcome.error = e.diagnostics().empty() ? e.what() : e.diagnostics().front().to_string();
  } catch (const std::exception& e) {
    outcome.state = run::TaskOutcome::State::kFailed;
    outcome.error = e.what();
  }
  if (outcome.state == run::TaskOutcome::State::kFailed) {
    try {
      output::write_file_atomically(error_file(p.dir, r.id), outcome.error + "\n");
    } catch (const output::OutputError&) {
      // The outcome still reaches the coordinator and runs.csv.
    }
  }
  return outcome;
}

int print_input_error(const InputError& e) {
  print_diagnostics(e.diagnostics());
  return dynamic_cast<const UnreadableFileError*>(&e) != nullptr ? kExitUnreadableInput : kExitInvalidInput;
}

/// "LO:HI" (integers, LO <= HI); false when malformed.
bool parse_range(std::string_view text, std::int64_t& lo, std::int64_t& hi) {
  const std::size_t colon = text.find(':');
  if (colon == std::string_view::npos) return false;
  const auto number = [](std::string_view t, std::int64_t& out) {
    const auto r = std::from_chars(t.data(), t.data() + t.size(), out);
    return !t.empty() && r.ec == std::errc() && r.ptr == t.data() + t.size();
  };
  return number(text.substr(0, colon), lo) && number(text.substr(colon + 1), hi) && lo <= hi;
}

/// whsim sweep --search KEY --range LO:HI --target KPI<=VALUE.
int run_search(const SweepFlags& f, const po::variables_map& vm, ProgressMode progress_mode) {
  if (f.search_key.empty() || f.range.empty() || f.target.empty()) {
    throw po::error("--search, --range and --target go together");
  }
  if (!f.vary.empty() || !f.shard_text.empty() || f.resume) {
    throw po::error("--search cannot be combined with --vary, --shard or --resume");
  }
  if (f.files.size() > 1) throw po::error("with --search, give at most one scenario file");
  std::int64_t lo = 0;
  std::int64_t hi = 0;
  if (!parse_range(f.range, lo, hi)) {
    throw po::error(
        fmt::format("malformed --range '{}' (expected LO:HI, integers with LO <= HI, e.g. 10:200)", f.range));
  }
  const int replications = vm.count("replications") != 0U ? f.replications : 10;
  if (replications < 2)
    throw po::error("--search needs at least 2 replications per probe (a confidence bound)");
  const auto t0 = std::chrono::steady_clock::now();
  LoadedScenario base;
  run::SearchTarget target;
  run::AnalysisChoice analysis;
  try {
    target = run::parse_target(f.target);
    if (!known_kpi_statistic(target.kpi)) {
      fmt::print(
          stderr,
          "whsim sweep: error: unknown KPI '{}' in --target (see whsim kpis; tallies also NAME.p50, .p95, "
          ".p99)\n",
          target.kpi);
      return kExitUsage;
    }
    ScenarioInput input;
    input.file = f.files.empty() ? std::string() : f.files[0];
    input.overrides = f.overrides;
    base = load_scenario_input(input);
    analysis = run::choose_analysis(base.spec, f.analysis, f.warmup);
    // Both ends must be valid values of the key.
    (void)with_overrides(base, {{f.search_key, std::to_string(lo)}});
    (void)with_overrides(base, {{f.search_key, std::to_string(hi)}});
  } catch (const output::OutputError& e) {
    fmt::print(stderr, "whsim sweep: error: {}\n", e.what());
    return kExitUnreadableInput;
  } catch (const UnreadableFileError& e) {
    return print_input_error(e);
  } catch (const InputError& e) {
    return print_input_error(e);
  }
  install_stop_signals();
  run::ReplicationsOptions options;
  options.analysis = analysis;
  options.replications = replications;
  options.jobs = f.jobs > 0 ? f.jobs : run::default_jobs(run::estimated_memory_bytes(base.spec));
  options.level = f.confidence;
  options.run.records = false;
  options.run.stop = &stop_flag();
  if (!f.quiet) {
    fmt::print(
        "{}: smallest {} in [{}, {}] with {} at {:g}% confidence; {} replications per probe on {} worker{}\n",
        base.name, f.search_key, lo, hi, target.describe(), 100.0 * f.confidence, replications, options.jobs,
        options.jobs == 1 ? "" : "s");
  }
  bool unknown_kpi = false;
  std::string failure;
  const run::SearchEvaluate evaluate = [&](std::int64_t value) {
    std::vector<double> values;
    if (unknown_kpi || !failure.empty()) return values;
    const LoadedScenario point = with_overrides(base, {{f.search_key, std::to_string(value)}});
    RunsProgress progress(progress_mode, static_cast<std::size_t>(replications), f.progress_interval);
    options.on_run_done = [&](std::size_t, std::size_t) { progress.run_done(false, {}, {}); };
    run::ReplicationsOutput out;
    try {
      out = run::run_replications(point.spec, options);
    } catch (const InputError& e) {
      progress.finish("failed");
      failure = fmt::format("{}={}: {}", f.search_key, value,
                            e.diagnostics().empty() ? e.what() : e.diagnostics().front().to_string());
      return values;
    }
    progress.finish(out.interrupted ? "interrupted" : "complete");
    for (const run::ReplicationOutput& r : out.runs) {
      bool found = false;
      values.push_back(stats::kpi_statistic(r.result, target.kpi, &found));
      if (!found) unknown_kpi = true;
    }
    if (!f.quiet && !unknown_kpi) {
      double sum = 0;
      for (const double v : values) sum += v;
      fmt::print("  {} = {:<8} {} mean {:.4g}\n", f.search_key, value, target.kpi,
                 values.empty() ? 0.0 : sum / static_cast<double>(values.size()));
    }
    return values;
  };
  const run::SearchResult result = run::search_smallest(lo, hi, target, f.confidence, evaluate, [&] {
    return stop_requested() || unknown_kpi || !failure.empty();
  });
  if (unknown_kpi) {
    fmt::print(stderr,
               "whsim sweep: error: unknown KPI '{}' in --target (see whsim kpis; tallies also NAME.p50, "
               ".p95, .p99)\n",
               target.kpi);
    return kExitUsage;
  }
  if (!failure.empty()) {
    fmt::print(stderr, "whsim sweep: error: a probe failed: {}\n", failure);
    return kExitInvalidInput;
  }
  if (stop_requested()) {
    fmt::print(stderr, "whsim sweep: search interrupted after {} probes; nothing written\n",
               result.probes.size());
    return interrupted_exit_code();
  }
  output::SearchReport report;
  report.scenario_name = base.name;
  report.scenario_file = base.file;
  report.scenario_hash = base.hash;
  report.parameters = base.parameters;
  report.key = f.search_key;
  report.lo = lo;
  report.hi = hi;
  report.target = target.describe();
  report.confidence_level = f.confidence;
  report.replications = replications;
  report.analysis = std::string(run::to_string(analysis.mode));
  for (const run::SearchProbe& p : result.probes) {
    report.probes.push_back(output::SearchReport::Probe{p.value, p.mean, p.bound, p.meets, p.values});
  }
  report.answer = result.answer;
  report.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (!f.quiet) fmt::print("\n{}", output::search_table(report));
  const fs::path dir =
      f.out_dir.empty()
          ? fs::path("results") / "searches" /
                fmt::format("{}-{}", safe_name(base.name),
                            sha256_hex(fmt::format("{}|{}|{}|{}|{}|{}|{}|{}|{}", base.hash, f.search_key, lo,
                                                   hi, target.describe(), f.confidence, replications,
                                                   f.analysis, f.warmup))
                                .substr(0, 8))
          : fs::path(f.out_dir);
  try {
    write_output_folder(
        dir, {{"search.json", output::search_json(report)}, {"search.csv", output::search_csv(report)}});
  } catch (const output::OutputError& e) {
    fmt::print(stderr, "whsim sweep: error: {}\n", e.what());
    return e.kind() == output::OutputError::Kind::kCreate ? kExitCannotCreateOutput : kExitWriteError;
  }
  fmt::print("{}results: {}/ (search.json, search.csv)\n", f.quiet ? "" : "\n", dir.string());
  return result.answer ? kExitOk : kExitRunsFailed;
}

}  // namespace

int run_sweep(const std::vector<std::string>& args) {
  po::options_description opts(
      "whsim sweep SWEEP.yaml [SCENARIO] | whsim sweep [SCENARIO] --vary key=[v1, v2, ...]...\n"
      "Run a scenario at every point of a grid (a sweep file, docs/sweeps.md, or --vary flags), each\n"
      "point replicated; each run's result is written to runs/<run id>.h5 as it finishes, then all are\n"
      "merged into result.h5, runs.csv, points.csv and summary.json (docs/experiments.md)\n\nOptions");
  SweepFlags f;
  opts.add_options()("help,h", "show this help")(
      "vary", po::value(&f.vary)->composing(),
      "sweep a key over a YAML list, e.g. --vary 'robots.count=[20, 40, 60]'; repeat for a grid (the first "
      "varies slowest)")("set", po::value(&f.overrides)->composing(),
                         "override a value at every point: key.path=value (YAML); repeatable")(
      "replications,n", po::value(&f.replications),
      "replications per point (default: the sweep file's replications, else 1)")(
      "jobs,j", po::value(&f.jobs),
      "runs at once (default: the cores available, fewer when memory would not fit them); results are the "
      "same for any number")("out", po::value(&f.out_dir),
                             "sweep folder (default results/sweeps/<name>-<8 hex of the sweep>)")(
      "resume", "complete an interrupted sweep: run only the runs whose result is missing (or failed)")(
      "shard", po::value(&f.shard_text),
      "run only shard i of N (i/N, 1-based): runs k with k mod N = i-1; e.g. --shard "
      "$((SLURM_ARRAY_TASK_ID+1))/$SLURM_ARRAY_TASK_COUNT; then whsim merge")(
      "fail-fast", "start no new run after the first failure (default: run the others, exit 4)")(
      "detail", po::value(&f.detail_name),
      "what each run's file holds: summary (default: KPIs and tables) or standard (also time series, "
      "per-order records, heatmaps)")("confidence", po::value(&f.confidence),
                                      "confidence level of points.csv's intervals (default 0.95)")(
      "analysis", po::value(&f.analysis), "terminating or steady-state (default by horizon; see whsim run)")(
      "warmup", po::value(&f.warmup), "steady-state: the warm-up to delete, a duration such as 2h")(
      "report", "also write report.html")("progress", po::value(&f.progress_name),
                                          "progress on stderr: auto, terminal, plain, jsonl or none")(
      "progress-interval", po::value(&f.progress_interval), "seconds between progress lines")(
      "quiet,q", "no progress and no table (errors and the result path only)")(
      "search", po::value(&f.search_key),
      "find the smallest value of this integer key (e.g. robots.count) that meets --target with the "
      "--confidence, by bisection over --range with --replications (default 10) at each probe")(
      "range", po::value(&f.range), "with --search: the values to search, LO:HI (integers, inclusive)")(
      "target", po::value(&f.target),
      "with --search: KPI<=VALUE or KPI>=VALUE, e.g. orders.pick_cycle_time.p95<=1800 (tallies: NAME.p50, "
      ".p95, .p99)");
  po::variables_map vm;
  if (!parse_command_line(args, opts, "file", f.files, vm)) return kExitOk;
  f.resume = vm.count("resume") != 0U;
  f.fail_fast = vm.count("fail-fast") != 0U;
  f.quiet = vm.count("quiet") != 0U;
  f.report = vm.count("report") != 0U;
  check_overrides(f.overrides);
  if (vm.count("replications") != 0U && (f.replications < 1 || f.replications > run::kMaxReplications)) {
    throw po::error(fmt::format("--replications must be between 1 and {}", run::kMaxReplications));
  }
  if (vm.count("jobs") != 0U && (f.jobs < 1 || f.jobs > 4096))
    throw po::error("--jobs must be between 1 and 4096");
  if (!(f.confidence > 0.5 && f.confidence < 1.0)) {
    throw po::error("--confidence must be between 0.5 and 1 (exclusive), e.g. 0.95");
  }
  output::Detail detail = output::Detail::kSummary;
  if (!output::parse_detail(f.detail_name, detail) || detail == output::Detail::kFull) {
    throw po::error(fmt::format("unknown --detail '{}' (expected summary or standard)", f.detail_name));
  }
  std::size_t shard = 0;
  std::size_t shards = 1;
  if (!f.shard_text.empty() && !run::parse_shard(f.shard_text, shard, shards)) {
    throw po::error(
        fmt::format("malformed --shard '{}' (expected i/N with 1 <= i <= N, e.g. 3/8)", f.shard_text));
  }
  const ProgressMode progress_mode = f.quiet ? ProgressMode::kNone : parse_progress_mode(f.progress_name);
  if (!f.search_key.empty() || !f.range.empty() || !f.target.empty()) {
    if (run::launched_by_mpi()) {
      fmt::print(stderr,
                 "whsim sweep: error: --search does not run under MPI (its probes depend on each other); "
                 "run it without mpirun, with --jobs\n");
      return kExitUsage;
    }
    return run_search(f, vm, progress_mode);
  }

  // MPI: every rank plans the same sweep; rank 0 prepares the folder and hands out the runs.
  std::optional<run::MpiSession> mpi;
  if (run::launched_by_mpi()) {
    if (!run::mpi_compiled()) {
      fmt::print(stderr,
                 "whsim sweep: error: started by an MPI launcher, but this whsim was built without MPI "
                 "(WHSIM_WITH_MPI); every rank would run the whole sweep\n");
      return kExitRuntimeError;
    }
    mpi.emplace();
  }
  const bool coordinator = !mpi || mpi->rank() == 0;

  const auto t0 = std::chrono::steady_clock::now();
  Prepared p;
  int early = kExitOk;
  try {
    p = prepare(f, vm);
    if (coordinator) prepare_folder(p, f.resume || !f.shard_text.empty(), f.shard_text.empty());
  } catch (const output::OutputError& e) {
    fmt::print(stderr, "whsim sweep: error: {}\n", e.what());
    early = e.kind() == output::OutputError::Kind::kRead ? kExitUnreadableInput : kExitCannotCreateOutput;
  } catch (const UnreadableFileError& e) {
    early = coordinator ? print_input_error(e) : kExitUnreadableInput;
  } catch (const InputError& e) {
    early = coordinator ? print_input_error(e) : kExitInvalidInput;
  }
  if (mpi && !mpi->all_ok(early == kExitOk)) return early != kExitOk ? early : kExitRuntimeError;
  if (early != kExitOk) return early;

  // The runs to do: this shard's, minus those already on disk when resuming.
  const output::SweepManifest& m = p.manifest;
  std::vector<std::size_t> todo;
  std::size_t already = 0;
  for (const std::size_t k : run::shard_positions(m.runs.size(), shard, shards)) {
    std::error_code ec;
    const fs::path file = run_file(p.dir, m.runs[k].id);
    if (fs::exists(file, ec)) {
      const std::string problem = coordinator ? run_file_problem(file, m.runs[k], m.sweep_id) : std::string();
      if (problem.empty()) {
        ++already;
        continue;
      }
      fmt::print(stderr, "whsim sweep: {} cannot be used ({}); running {} again\n", file.string(), problem,
                 m.runs[k].id);
      fs::remove(file, ec);
    }
    todo.push_back(k);
  }
  std::vector<double> cost(m.runs.size());
  for (std::size_t k = 0; k < m.runs.size(); ++k)
    cost[k] = run::estimated_cost(p.points[m.runs[k].point].spec);
  const std::vector<std::size_t> order = run::longest_first(todo, cost);
  std::uint64_t memory = 0;
  for (const LoadedScenario& s : p.points) memory = std::max(memory, run::estimated_memory_bytes(s.spec));
  const int jobs = f.jobs > 0 ? f.jobs : run::default_jobs(memory);
  if (coordinator && !f.quiet) {
    fmt::print("{}: {} points x {} replications = {} runs{}{}; {} to run on {}\n", m.name, m.points.size(),
               m.replications, m.runs.size(),
               m.generated > m.points.size()
                   ? fmt::format(" ({} points skipped by constraints)", m.generated - m.points.size())
                   : std::string(),
               shards > 1 ? fmt::format(", shard {}/{} ({} runs)", shard + 1, shards, todo.size() + already)
                          : std::string(),
               order.size(),
               mpi ? fmt::format("{} MPI worker rank{}", mpi->size() - 1, mpi->size() == 2 ? "" : "s")
                   : fmt::format("{} worker{}", jobs, jobs == 1 ? "" : "s"));
    if (already > 0) fmt::print("{} runs already done (resume)\n", already);
  }

  install_stop_signals();
  RunsProgress progress(coordinator ? progress_mode : ProgressMode::kNone, order.size(), f.progress_interval);
  run::ExecutorOptions eo;
  eo.jobs = jobs;
  eo.fail_fast = f.fail_fast;
  eo.stop = &stop_flag();
  eo.on_done = [&](std::size_t index, const run::TaskOutcome& o) {
    progress.run_done(o.state == run::TaskOutcome::State::kFailed, m.runs[index].id, o.error);
  };
  const run::TaskFunction task = [&](std::size_t index) { return run_one(p, p.analysis, detail, index); };
  std::vector<run::TaskOutcome> outcomes;
  if (mpi) {
    outcomes = run::execute_mpi(*mpi, m.runs.size(), order, task, eo);
    if (!coordinator) return kExitOk;
  } else {
    outcomes = run::execute_local(m.runs.size(), order, task, eo);
  }
  std::size_t failed = 0;
  std::size_t not_run = 0;
  for (const std::size_t k : order) {
    if (outcomes[k].state == run::TaskOutcome::State::kFailed) ++failed;
    if (outcomes[k].state == run::TaskOutcome::State::kNotRun ||
        outcomes[k].state == run::TaskOutcome::State::kInterrupted) {
      ++not_run;
    }
  }
  const bool interrupted = stop_requested() || std::any_of(order.begin(), order.end(), [&](std::size_t k) {
                             return outcomes[k].state == run::TaskOutcome::State::kInterrupted;
                           });
  progress.finish(interrupted ? "interrupted" : (failed > 0 ? "failed" : "complete"));
  const int sig = stop_signal();
  int exit_code = interrupted ? (sig == SIGTERM ? kExitTerminated : kExitInterrupted)
                              : (failed > 0 || not_run > 0 ? kExitRunsFailed : kExitOk);
  if (interrupted) {
    fmt::print(
        stderr,
        "whsim sweep: interrupted{}; {} of {} runs not run; every finished run is in {}: complete it with "
        "the same command and --resume\n",
        sig == SIGTERM ? " by SIGTERM" : (sig == SIGINT ? " by SIGINT" : " (a worker was stopped)"), not_run,
        order.size(), (p.dir / "runs").string());
    return exit_code;
  }
  if (not_run > 0) {
    fmt::print(
        stderr,
        "whsim sweep: stopped after a failure (--fail-fast): {} of {} runs not run; complete them with the "
        "same command and --resume\n",
        not_run, order.size());
  }
  if (shards > 1) {
    fmt::print("shard {}/{} done: {} runs ({} failed) in {}/; when every shard is done: whsim merge {}\n",
               shard + 1, shards, order.size(), failed, (p.dir / "runs").string(), p.dir.string());
    return exit_code;
  }
  try {
    Merged merged = merge_runs(m, {p.dir});
    if (merged.failed > 0 || merged.missing > 0) exit_code = kExitRunsFailed;
    write_merged(p.dir, m, merged, f.report, exit_code,
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    if (!f.quiet)
      fmt::print("{} runs done, {} failed, {} missing\n", merged.done, merged.failed, merged.missing);
    fmt::print("results: {}/ (result.h5, runs.csv, points.csv, summary.json{})\n", p.dir.string(),
               f.report ? ", report.html" : "");
  } catch (const output::OutputError& e) {
    fmt::print(stderr, "whsim sweep: error: {}\n", e.what());
    return e.kind() == output::OutputError::Kind::kCreate
               ? kExitCannotCreateOutput
               : (e.kind() == output::OutputError::Kind::kRead ? kExitUnreadableInput : kExitWriteError);
  }
  return exit_code;
}

int run_merge(const std::vector<std::string>& args) {
  po::options_description opts(
      "whsim merge SWEEP_DIR [SWEEP_DIR...]: merge the runs of a sharded sweep (folders of the same sweep,\n"
      "e.g. one per shard, or one shared folder) into result.h5, runs.csv, points.csv and summary.json\n\n"
      "Options");
  std::string out_dir;
  opts.add_options()("help,h", "show this help")(
      "out", po::value(&out_dir), "where to write the merged files (default: the first folder)")(
      "report", "also write report.html")("allow-missing", "merge even when some runs are missing");
  std::vector<std::string> dirs_text;
  po::variables_map vm;
  if (!parse_command_line(args, opts, "folder", dirs_text, vm)) return kExitOk;
  if (dirs_text.empty()) throw po::error("give at least one sweep folder");
  const auto t0 = std::chrono::steady_clock::now();
  std::vector<fs::path> dirs(dirs_text.begin(), dirs_text.end());
  try {
    std::error_code ec;
    for (const fs::path& dir : dirs) {
      if (!fs::exists(dir / "manifest.json", ec)) {
        throw output::OutputError(output::OutputError::Kind::kRead,
                                  fmt::format("{} is not a sweep folder (no manifest.json)", dir.string()));
      }
    }
    const output::SweepManifest m =
        output::parse_manifest(read_text(dirs[0] / "manifest.json"), (dirs[0] / "manifest.json").string());
    for (std::size_t i = 1; i < dirs.size(); ++i) {
      const fs::path file = dirs[i] / "manifest.json";
      const output::SweepManifest other = output::parse_manifest(read_text(file), file.string());
      if (other.sweep_id != m.sweep_id) {
        throw output::OutputError(
            output::OutputError::Kind::kRead,
            fmt::format("{} holds sweep {}, {} holds sweep {}: not the same sweep", dirs[0].string(),
                        m.sweep_id, dirs[i].string(), other.sweep_id));
      }
    }
    Merged merged = merge_runs(m, dirs);
    if (merged.missing > 0 && vm.count("allow-missing") == 0U) {
      std::string first;
      for (const output::RunRow& r : merged.rows) {
        if (r.status == "missing") {
          first = r.id;
          break;
        }
      }
      fmt::print(
          stderr,
          "whsim merge: error: {} of {} runs are missing (e.g. {}): run the missing shards, or whsim sweep "
          "... --resume, or merge anyway with --allow-missing\n",
          merged.missing, m.runs.size(), first);
      return kExitRunsFailed;
    }
    const int exit_code = merged.failed > 0 || merged.missing > 0 ? kExitRunsFailed : kExitOk;
    const fs::path out = out_dir.empty() ? dirs[0] : fs::path(out_dir);
    if (out != dirs[0]) {
      // The same rules as a sweep's folder: empty, new, or holding this very sweep.
      if (fs::exists(out / "manifest.json", ec)) {
        const output::SweepManifest there =
            output::parse_manifest(read_text(out / "manifest.json"), (out / "manifest.json").string());
        if (there.sweep_id != m.sweep_id) {
          throw output::OutputError(
              output::OutputError::Kind::kCreate,
              fmt::format("{} holds another sweep ({}): choose another --out", out.string(), there.sweep_id));
        }
      } else if (fs::exists(out, ec) && !fs::is_empty(out, ec)) {
        throw output::OutputError(
            output::OutputError::Kind::kCreate,
            fmt::format("{} exists and is not a sweep folder: whsim does not write into it", out.string()));
      }
      fs::create_directories(out, ec);
      if (ec) {
        throw output::OutputError(output::OutputError::Kind::kCreate,
                                  fmt::format("cannot create {}: {}", out.string(), ec.message()));
      }
      output::write_file_atomically(out / "manifest.json", output::manifest_json(m));
    }
    write_merged(out, m, merged, vm.count("report") != 0U, exit_code,
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    fmt::print(
        "merged {} runs ({} failed, {} missing) of sweep {}\nresults: {}/ (result.h5, runs.csv, points.csv, "
        "summary.json)\n",
        merged.done, merged.failed, merged.missing, m.sweep_id, out.string());
    return exit_code;
  } catch (const output::OutputError& e) {
    fmt::print(stderr, "whsim merge: error: {}\n", e.what());
    return e.kind() == output::OutputError::Kind::kRead
               ? kExitUnreadableInput
               : (e.kind() == output::OutputError::Kind::kCreate ? kExitCannotCreateOutput : kExitWriteError);
  }
}

}  // namespace whsim::cli
