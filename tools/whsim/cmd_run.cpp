// `whsim run [SCENARIO]`: runs one replication of a scenario (the built-in quickstart when none
// is given, or the scenario stored in a result with --from), prints a run description and a
// summary table, and writes result.h5, summary.json, summary.csv and (with --report)
// report.html into the result folder. SIGINT and SIGTERM stop the run at the simulated time
// reached and write its results marked incomplete (exit 130 / 143).
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>

#include <boost/program_options.hpp>
#include <fmt/format.h>

#include "whsim/core/error.hpp"
#include "whsim/core/sha256.hpp"
#include "whsim/output/hdf5_result.hpp"
#include "whsim/output/report.hpp"
#include "whsim/output/summary.hpp"
#include "whsim/run/experiment.hpp"
#include "whsim/run/replication.hpp"
#include "whsim/scenario/loader.hpp"

#include "cli_args.hpp"
#include "commands.hpp"
#include "exit_codes.hpp"
#include "progress.hpp"
#include "result_io.hpp"
#include "scenario_input.hpp"
#include "stop_signals.hpp"
#include <unistd.h>

namespace po = boost::program_options;

namespace whsim::cli {

namespace {

enum class LogLevel { kError, kWarning, kInfo, kDebug };

LogLevel parse_level(const std::string& s) {
  if (s == "error") return LogLevel::kError;
  if (s == "warning") return LogLevel::kWarning;
  if (s == "info") return LogLevel::kInfo;
  if (s == "debug") return LogLevel::kDebug;
  throw po::error(fmt::format("unknown --log-level '{}' (expected error, warning, info or debug)", s));
}

std::string grouped(std::uint64_t n) {
  const std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::vector<std::uint64_t> parse_entities(const std::string& text) {
  std::vector<std::uint64_t> out;
  std::size_t at = 0;
  while (at <= text.size()) {
    const std::size_t comma = std::min(text.find(',', at), text.size());
    const std::string item = text.substr(at, comma - at);
    if (item.empty() || item.find_first_not_of("0123456789") != std::string::npos || item.size() > 19) {
      throw po::error(
          fmt::format("malformed --trace-entities '{}' (expected entity numbers separated by commas)", text));
    }
    out.push_back(std::stoull(item));
    at = comma + 1;
  }
  return out;
}

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::size_t at = 0;
  while (at <= text.size()) {
    const std::size_t comma = std::min(text.find(',', at), text.size());
    if (comma > at) out.push_back(text.substr(at, comma - at));
    at = comma + 1;
  }
  return out;
}

struct ReplicatedRun {
  const LoadedScenario& loaded;
  const std::filesystem::path& dir;
  output::Detail detail;
  const run::TraceFilter& trace_filter;
  bool report;
  bool quiet;
  bool info;
  ProgressMode progress_mode;
  double progress_interval;
  int replications;
  int jobs;  ///< 0: default
  double confidence;
  std::string analysis;
  std::string warmup;
};

/// whsim run --replications N: the runs in parallel, then one result with every run and the
/// KPIs across them.
int run_replicated(const ReplicatedRun& r) {
  const scenario::ScenarioSpec& spec = r.loaded.spec;
  run::ReplicationsOptions options;
  try {
    options.analysis = run::choose_analysis(spec, r.analysis, r.warmup);
  } catch (const InputError& e) {
    print_diagnostics(e.diagnostics());
    return kExitUsage;
  }
  options.replications = r.replications;
  options.jobs = r.jobs > 0 ? r.jobs : run::default_jobs(run::estimated_memory_bytes(spec));
  options.level = r.confidence;
  options.run.stop = &stop_flag();
  options.run.records = r.detail != output::Detail::kSummary;
  options.run.trace = r.detail == output::Detail::kFull;
  options.run.trace_filter = r.trace_filter;
  const auto t0 = std::chrono::steady_clock::now();
  install_stop_signals();
  const bool pilot = options.analysis.mode == run::AnalysisMode::kSteadyState &&
                     options.analysis.warmup == run::WarmupMethod::kMser5;
  const std::size_t total = static_cast<std::size_t>(r.replications) +
                            (pilot ? std::min<std::size_t>(static_cast<std::size_t>(r.replications), 5) : 0);
  RunsProgress progress(r.progress_mode, total, r.progress_interval);
  options.on_run_done = [&](std::size_t, std::size_t) { progress.run_done(false, {}, {}); };
  if (!r.quiet) {
    fmt::print("{}: {} replications on {} worker{}, {} analysis ({}){}\n", r.loaded.name, r.replications,
               options.jobs, options.jobs == 1 ? "" : "s", run::to_string(options.analysis.mode),
               options.analysis.reason, pilot ? "; MSER-5 pilot runs first" : "");
  }
  run::ReplicationsOutput out;
  try {
    out = run::run_replications(spec, options);
  } catch (const InputError& e) {
    progress.finish("failed");
    print_diagnostics(e.diagnostics());
    return dynamic_cast<const UnreadableFileError*>(&e) != nullptr ? kExitUnreadableInput : kExitInvalidInput;
  } catch (const SimulationError& e) {
    progress.finish("failed");
    fmt::print(stderr, "whsim run: error: the simulation stopped: {}\n", e.what());
    return kExitRuntimeError;
  } catch (const std::exception& e) {
    progress.finish("failed");
    fmt::print(stderr, "whsim run: internal error: {}\n", e.what());
    return kExitRuntimeError;
  }
  progress.finish(out.interrupted ? "interrupted" : "complete");
  const int sig = stop_signal();
  const int exit_code = !out.interrupted ? kExitOk : (sig == SIGTERM ? kExitTerminated : kExitInterrupted);
  if (out.runs.empty()) {
    fmt::print(stderr, "whsim run: interrupted before any replication finished; nothing written\n");
    return exit_code;
  }
  output::ResultData data;
  data.meta = this_build();
  output::ResultMeta& meta = data.meta;
  meta.scenario_name = r.loaded.name;
  meta.scenario_file = r.loaded.file;
  meta.scenario_hash = r.loaded.hash;
  meta.scenario_yaml = r.loaded.doc.to_yaml();
  meta.scenario_sha256 = sha256_hex(meta.scenario_yaml);
  meta.parameters = r.loaded.parameters;
  meta.master_seed = spec.simulation.seed.value;
  meta.detail = r.detail;
  meta.trace_filter = r.trace_filter.describe();
  meta.complete = !out.interrupted;
  meta.exit_status = exit_code;
  meta.experiment = out.info;
  for (run::ReplicationOutput& o : out.runs) {
    const std::uint64_t rep = o.replication;
    data.runs.push_back(make_run_record(std::move(o), run::make_run_id(0, rep, r.loaded.hash), 0, rep));
  }
  if (!r.quiet) fmt::print("\n{}", output::estimates_table(data));
  if (!out.info.warmup_reliable) {
    fmt::print(stderr, "whsim run: warning: {}\n", out.info.warmup_note);
  }
  try {
    meta.provenance.build_seconds = out.build_seconds;
    meta.provenance.wall_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    write_result_folder(r.dir, data, r.report);
  } catch (const output::OutputError& e) {
    fmt::print(stderr, "whsim run: error: {}\n", e.what());
    return e.kind() == output::OutputError::Kind::kCreate ? kExitCannotCreateOutput : kExitWriteError;
  }
  if (out.interrupted) {
    fmt::print(stderr,
               "whsim run: interrupted by {}; {} of {} replications finished (complete = false) in {}\n",
               sig == SIGTERM ? "SIGTERM" : "SIGINT", data.runs.size(), r.replications, r.dir.string());
  }
  if (r.info) {
    fmt::print("{}results: {}/ (result.h5, summary.json, summary.csv{})\n", r.quiet ? "" : "\n",
               r.dir.string(), r.report ? ", report.html" : "");
  }
  return exit_code;
}

}  // namespace

int run_run(const std::vector<std::string>& args) {
  po::options_description opts(
      "whsim run [SCENARIO]: run one replication of a scenario (the built-in quickstart when none is\n"
      "given), print a summary and write result.h5, summary.json and summary.csv (and report.html with\n"
      "--report) into the result folder\n\nOptions");
  std::vector<std::string> overrides;
  std::string out_dir;
  std::string level_name = "info";
  std::string horizon;
  std::string detail_name = "standard";
  std::string trace_events;
  std::string trace_entities;
  std::string progress_name = "auto";
  std::string from;
  double progress_interval = 0;
  std::uint64_t seed = 0;
  int replications = 1;
  int jobs = 0;
  double confidence = 0.95;
  std::string analysis;
  std::string warmup;
  opts.add_options()("help,h", "show this help")("seed", po::value(&seed),
                                                 "master seed (overrides simulation.seed)")(
      "horizon", po::value(&horizon), "simulated time, e.g. 8h or 2d (overrides simulation.horizon)")(
      "set", po::value(&overrides)->composing(),
      "override a value: key.path=value, the value read as YAML (so [4, 8] is a list); an item of a "
      "list is key[i] (outbound.carriers[0].lanes=2); repeatable")(
      "from", po::value(&from),
      "rerun the resolved scenario stored in a result (folder or result.h5); same binary and flags give "
      "the same fingerprint")(
      "out", po::value(&out_dir),
      "result folder (default results/runs/<name>-<8 hex of the resolved scenario>-s<seed>)")(
      "detail", po::value(&detail_name),
      "what result.h5 holds: summary (KPIs and tables), standard (default: also time series, per-order "
      "records, floor heatmaps) or full (also the event trace)")(
      "trace-events", po::value(&trace_events),
      "with --detail full: trace only these events, e.g. warehouse.pick_done,warehouse.order_arrival "
      "(a component name keeps all its events)")(
      "trace-entities", po::value(&trace_entities),
      "with --detail full: trace only events of these entities (robot, order, ... numbers), e.g. 0,7")(
      "report", "also write report.html (the HTML report with charts; see whsim report)")(
      "replications,n", po::value(&replications),
      "run this many independent replications (streams from the master seed and the replication index) "
      "and report each KPI as mean +- half-width of its t-interval (docs/experiments.md)")(
      "jobs,j", po::value(&jobs),
      "replications run at once (default: the cores available, fewer when memory would not fit them); "
      "results are the same for any number")("confidence", po::value(&confidence),
                                             "confidence level of the intervals (default 0.95)")(
      "analysis", po::value(&analysis),
      "with --replications: terminating (each run is a day or shift) or steady-state (warm-up deleted); "
      "default terminating for horizons up to one day, steady-state beyond")(
      "warmup", po::value(&warmup),
      "with --replications, steady-state: the warm-up to delete, a duration (e.g. 2h) or mser5 "
      "(found by MSER-5 on pilot runs); default simulation.warmup, or mser5 when that is 0")(
      "progress", po::value(&progress_name),
      "progress on stderr: auto (default: a live line on a terminal, a plain line every 5 s otherwise), "
      "terminal, plain, jsonl (a JSON object per line) or none")(
      "progress-interval", po::value(&progress_interval),
      "seconds between progress lines (default 0.2 terminal, 5 plain, 1 jsonl)")(
      "quiet,q", "no progress and no summary table (errors and the result path only)")(
      "log-level", po::value(&level_name), "error, warning, info (default) or debug");
  std::vector<std::string> files;
  po::variables_map vm;
  if (!parse_command_line(args, opts, "scenario", files, vm)) return kExitOk;
  const LogLevel level = parse_level(level_name);
  const bool quiet = vm.count("quiet") != 0U;
  const bool want_report = vm.count("report") != 0U;
  output::Detail detail = output::Detail::kStandard;
  if (!output::parse_detail(detail_name, detail)) {
    throw po::error(fmt::format("unknown --detail '{}' (expected summary, standard or full)", detail_name));
  }
  run::TraceFilter trace_filter;
  if (!trace_events.empty() || !trace_entities.empty()) {
    if (detail != output::Detail::kFull)
      throw po::error("--trace-events and --trace-entities need --detail full");
    trace_filter.events = split_list(trace_events);
    if (!trace_entities.empty()) trace_filter.entities = parse_entities(trace_entities);
  }
  const ProgressMode progress_mode = quiet ? ProgressMode::kNone : parse_progress_mode(progress_name);
  if (vm.count("progress-interval") != 0U && !(progress_interval > 0 && progress_interval < 1e6)) {
    throw po::error("--progress-interval must be a positive number of seconds");
  }
  if (files.size() > 1)
    throw po::error("more than one scenario given (whsim run takes one; see whsim sweep later)");
  if (!files.empty() && !from.empty())
    throw po::error("give either a scenario file or --from RESULT, not both");
  check_overrides(overrides);
  const bool replicated = vm.count("replications") != 0U;
  if (replicated && (replications < 1 || replications > 100000)) {
    throw po::error("--replications must be between 1 and 100000");
  }
  if (vm.count("jobs") != 0U && (jobs < 1 || jobs > 4096))
    throw po::error("--jobs must be between 1 and 4096");
  if (!(confidence > 0.5 && confidence < 1.0)) {
    throw po::error("--confidence must be between 0.5 and 1 (exclusive), e.g. 0.95");
  }
  if (!replicated) {
    for (const char* flag : {"jobs", "confidence", "analysis", "warmup"}) {
      if (vm.count(flag) != 0U) throw po::error(fmt::format("--{} needs --replications", flag));
    }
  }

  // Read (a file, the built-in quickstart or the scenario stored in a result), override, validate.
  ScenarioInput input;
  input.file = files.empty() ? std::string() : files.front();
  input.from = from;
  input.overrides = overrides;
  if (vm.count("seed") != 0U) input.seed = seed;
  if (vm.count("horizon") != 0U) input.horizon = horizon;
  LoadedScenario loaded;
  try {
    loaded = load_scenario_input(input);
  } catch (const std::exception&) {
    return report_scenario_error("run");
  }
  const scenario::ScenarioSpec& spec = loaded.spec;
  const std::string& name = loaded.name;
  const std::string& file = loaded.file;
  const std::string& hash = loaded.hash;
  const std::filesystem::path dir =
      out_dir.empty() ? std::filesystem::path("results") / "runs" /
                            fmt::format("{}-{}-s{}", safe_name(name), hash, spec.simulation.seed.value)
                      : std::filesystem::path(out_dir);
  std::error_code exists_ec;
  const bool dir_existed = std::filesystem::exists(dir, exists_ec);
  // Removes the result folder again when this run created it and nothing was written into it.
  const auto drop_dir_if_ours = [&] {
    std::error_code ec;
    if (!dir_existed && std::filesystem::is_empty(dir, ec)) std::filesystem::remove(dir, ec);
  };
  try {
    output::prepare_result_dir(dir);
  } catch (const output::OutputError& e) {
    fmt::print(stderr, "whsim run: error: {}\n", e.what());
    return kExitCannotCreateOutput;
  }

  if (replicated) {
    ReplicatedRun r{loaded,
                    dir,
                    detail,
                    trace_filter,
                    want_report,
                    quiet,
                    level >= LogLevel::kInfo,
                    progress_mode,
                    progress_interval,
                    replications,
                    jobs,
                    confidence,
                    analysis,
                    warmup};
    const int code = run_replicated(r);
    drop_dir_if_ours();  // nothing written (an error, or interrupted before any replication finished)
    return code;
  }

  // Run, with progress and a clean stop on SIGINT/SIGTERM.
  output::ResultData data;
  data.meta = this_build();
  const auto t0 = std::chrono::steady_clock::now();
  install_stop_signals();
  Progress progress(progress_mode, spec.simulation.horizon.value, progress_interval);
  run::ReplicationOptions options;
  options.stop = &stop_flag();
  options.records = detail != output::Detail::kSummary;
  options.trace = detail == output::Detail::kFull;
  options.trace_filter = trace_filter;
  options.progress = [&](SimTime now, std::uint64_t events) { progress.update(now, events); };
  run::ReplicationOutput out;
  try {
    out = run::run_replication(spec, options);
  } catch (const InputError& e) {
    progress.finish(SimTime::zero(), 0, "failed");
    print_diagnostics(e.diagnostics());
    drop_dir_if_ours();
    return dynamic_cast<const UnreadableFileError*>(&e) != nullptr ? kExitUnreadableInput : kExitInvalidInput;
  } catch (const SimulationError& e) {
    progress.finish(SimTime::zero(), 0, "failed");
    fmt::print(stderr, "whsim run: error: the simulation stopped: {}\n", e.what());
    drop_dir_if_ours();
    return kExitRuntimeError;
  }
  progress.finish(out.result.end, out.result.events, out.interrupted ? "interrupted" : "complete");
  if (!out.conservation.empty()) {
    fmt::print(stderr, "whsim run: internal error: stock is not conserved: {}\n", out.conservation);
    drop_dir_if_ours();
    return kExitRuntimeError;
  }
  const int sig = stop_signal();
  const int exit_code = !out.interrupted ? kExitOk : (sig == SIGTERM ? kExitTerminated : kExitInterrupted);

  const double sim_seconds = out.wall_seconds - out.build_seconds;
  if (!quiet) {
    fmt::print(
        "{}: {} robots, {} pods, {} SKUs, {} stations, horizon {} (warm-up {}); {} events in {:.2f} s "
        "({:.1f} M events/s)\n",
        name, grouped(out.robots), grouped(out.pods), grouped(out.skus), grouped(out.stations),
        format_human(spec.simulation.horizon.value), format_human(spec.simulation.warmup.value),
        grouped(out.result.events), out.wall_seconds,
        sim_seconds > 0 ? static_cast<double>(out.result.events) / sim_seconds / 1e6 : 0.0);
    fmt::print("units demanded {}, picked {} ({:.1f}%); fingerprint {:016x}\n\n",
               grouped(static_cast<std::uint64_t>(out.units_demanded)),
               grouped(static_cast<std::uint64_t>(out.units_picked)),
               out.units_demanded > 0
                   ? 100.0 * static_cast<double>(out.units_picked) / static_cast<double>(out.units_demanded)
                   : 0.0,
               out.result.fingerprint);
    fmt::print("{}", output::summary_table(out.result));
  }

  // Write the result: every file to a temporary first, then all renamed together.
  output::ResultMeta& meta = data.meta;
  meta.scenario_name = name;
  meta.scenario_file = file;
  meta.scenario_hash = hash;
  meta.scenario_yaml = loaded.doc.to_yaml();
  meta.scenario_sha256 = sha256_hex(meta.scenario_yaml);
  meta.parameters = loaded.parameters;
  meta.master_seed = spec.simulation.seed.value;
  meta.detail = detail;
  meta.trace_filter = trace_filter.describe();
  meta.complete = !out.interrupted;
  meta.exit_status = exit_code;
  const double build_seconds = out.build_seconds;
  const std::size_t stock_records = out.slots;
  const bool interrupted = out.interrupted;
  output::RunRecord record = make_run_record(std::move(out), run::make_run_id(0, 0, hash), 0, 0);
  data.runs.push_back(std::move(record));
  try {
    meta.provenance.build_seconds = build_seconds;
    meta.provenance.wall_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    write_result_folder(dir, data, want_report);
  } catch (const output::OutputError& e) {
    fmt::print(stderr, "whsim run: error: {}\n", e.what());
    drop_dir_if_ours();
    return e.kind() == output::OutputError::Kind::kCreate ? kExitCannotCreateOutput : kExitWriteError;
  }
  if (interrupted) {
    fmt::print(
        stderr,
        "whsim run: interrupted by {} at simulated time {}; partial results (complete = false) in {}\n",
        sig == SIGTERM ? "SIGTERM" : "SIGINT", format_human(data.runs[0].result.end - SimTime::zero()),
        dir.string());
  }
  if (level >= LogLevel::kInfo) {
    fmt::print("{}results: {}/ (result.h5, summary.json, summary.csv{})\n", quiet ? "" : "\n", dir.string(),
               want_report ? ", report.html" : "");
  }
  if (level >= LogLevel::kDebug) {
    fmt::print(stderr, "debug: build {:.3f} s, simulation {:.3f} s, {} stock records\n", build_seconds,
               sim_seconds, stock_records);
  }
  return exit_code;
}

}  // namespace whsim::cli
