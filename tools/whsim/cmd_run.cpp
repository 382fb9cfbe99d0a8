// `whsim run [SCENARIO]`: runs one replication of a scenario (the built-in quickstart when none
// is given), prints a run description and a summary table, and writes summary.json into the
// result folder. SIGINT and SIGTERM stop the run cleanly (exit 130 / 143, nothing written).
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
#include "whsim/output/summary.hpp"
#include "whsim/run/replication.hpp"
#include "whsim/scenario/loader.hpp"

#include "commands.hpp"
#include "exit_codes.hpp"
#include <unistd.h>

namespace po = boost::program_options;

namespace whsim::cli {

namespace {

std::atomic<bool> g_stop{false};
volatile std::sig_atomic_t g_signal = 0;

extern "C" void on_signal(int sig) {
  g_signal = sig;
  g_stop.store(true, std::memory_order_relaxed);
}

enum class LogLevel { kError, kWarning, kInfo, kDebug };

LogLevel parse_level(const std::string& s) {
  if (s == "error") return LogLevel::kError;
  if (s == "warning") return LogLevel::kWarning;
  if (s == "info") return LogLevel::kInfo;
  if (s == "debug") return LogLevel::kDebug;
  throw po::error(fmt::format("unknown --log-level '{}' (expected error, warning, info or debug)", s));
}

std::string safe_name(std::string_view name) {
  std::string out;
  for (const char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                    c == '_' || c == '.';
    out += ok ? c : '_';
  }
  return out.empty() ? std::string("scenario") : out.substr(0, 64);
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

}  // namespace

int run_run(const std::vector<std::string>& args) {
  po::options_description opts(
      "whsim run [SCENARIO]: run one replication of a scenario (the built-in quickstart when none is\n"
      "given), print a summary and write summary.json into the result folder\n\nOptions");
  std::vector<std::string> overrides;
  std::string out_dir;
  std::string level_name = "info";
  std::string horizon;
  std::uint64_t seed = 0;
  opts.add_options()("help,h", "show this help")("seed", po::value(&seed),
                                                 "master seed (overrides simulation.seed)")(
      "horizon", po::value(&horizon), "simulated time, e.g. 8h or 2d (overrides simulation.horizon)")(
      "set", po::value(&overrides)->composing(),
      "override a value: key.path=value, the value read as YAML (so [4, 8] is a list); repeatable")(
      "out", po::value(&out_dir),
      "result folder (default results/runs/<name>-<8 hex of the resolved scenario>-s<seed>)")(
      "quiet,q", "no progress and no summary table (errors and the result path only)")(
      "log-level", po::value(&level_name), "error, warning, info (default) or debug");
  po::options_description hidden;
  std::vector<std::string> files;
  hidden.add_options()("scenario", po::value(&files), "scenario file");
  po::options_description all;
  all.add(opts).add(hidden);
  po::positional_options_description pos;
  pos.add("scenario", -1);
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(all).positional(pos).run(), vm);
  if (vm.count("help") != 0U) {
    std::cout << opts << "\n";
    return kExitOk;
  }
  po::notify(vm);
  const LogLevel level = parse_level(level_name);
  const bool quiet = vm.count("quiet") != 0U;
  if (files.size() > 1)
    throw po::error("more than one scenario given (whsim run takes one; see whsim sweep later)");
  for (const std::string& o : overrides) {
    if (o.find('=') == std::string::npos || o.front() == '=') {
      throw po::error(fmt::format("malformed --set '{}' (expected key.path=value)", o));
    }
  }

  // Read, override and validate.
  scenario::YamlDocument doc;
  scenario::ScenarioSpec spec;
  const bool builtin = files.empty();
  const std::string file = builtin ? std::string("quickstart.yaml (built in)") : files.front();
  try {
    doc = builtin ? scenario::YamlDocument::parse(quickstart_yaml(), file)
                  : scenario::load_scenario_document(file);
    for (const std::string& o : overrides) doc.apply_override(o);
    if (vm.count("seed") != 0U) doc.apply_override(fmt::format("simulation.seed={}", seed));
    if (vm.count("horizon") != 0U) doc.apply_override(fmt::format("simulation.horizon={}", horizon));
    spec = scenario::load_scenario(doc);
  } catch (const UnreadableFileError& e) {
    print_diagnostics(e.diagnostics());
    return kExitUnreadableInput;
  } catch (const InputError& e) {
    print_diagnostics(e.diagnostics());
    return kExitInvalidInput;
  }
  const std::string name = spec.name.given
                               ? spec.name.value
                               : (builtin ? "quickstart" : std::filesystem::path(file).stem().string());
  const std::string hash = fmt::format("{:08x}", scenario::scenario_hash(doc));
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

  // Run, with progress on a terminal and a clean stop on SIGINT/SIGTERM.
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  std::signal(SIGXFSZ, SIG_IGN);  // a file-size limit is a write error (74), not a crash
  const bool show_progress = !quiet && isatty(fileno(stderr)) != 0;
  auto last = std::chrono::steady_clock::now();
  run::ReplicationOptions options;
  options.stop = &g_stop;
  const Duration horizon_d = spec.simulation.horizon.value;
  if (show_progress) {
    options.progress = [&](SimTime now, std::uint64_t events) {
      const auto t = std::chrono::steady_clock::now();
      if (t - last < std::chrono::milliseconds(200)) return;
      last = t;
      fmt::print(stderr, "\r  simulated {} of {} ({:.0f}%), {} events   ",
                 format_human(now - SimTime::zero()), format_human(horizon_d),
                 100.0 * (now - SimTime::zero()).to_seconds() / horizon_d.to_seconds(), grouped(events));
    };
  }
  run::ReplicationOutput out;
  try {
    out = run::run_replication(spec, options);
  } catch (const InputError& e) {
    if (show_progress) fmt::print(stderr, "\r\x1b[K");
    print_diagnostics(e.diagnostics());
    drop_dir_if_ours();
    return dynamic_cast<const UnreadableFileError*>(&e) != nullptr ? kExitUnreadableInput : kExitInvalidInput;
  }
  if (show_progress) fmt::print(stderr, "\r\x1b[K");
  if (out.interrupted) {
    const int sig = g_signal;
    fmt::print(stderr, "whsim run: interrupted by {} at simulated time {}; no results written\n",
               sig == SIGTERM ? "SIGTERM" : "SIGINT", format_human(out.result.end - SimTime::zero()));
    drop_dir_if_ours();
    return sig == SIGTERM ? kExitTerminated : kExitInterrupted;
  }
  if (!out.conservation.empty()) {
    fmt::print(stderr, "whsim run: internal error: stock is not conserved: {}\n", out.conservation);
    drop_dir_if_ours();
    return kExitRuntimeError;
  }

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
  output::RunInfo info;
  info.whsim_version = WHSIM_VERSION;
  info.scenario_name = name;
  info.scenario_file = file;
  info.scenario_hash = hash;
  info.wall_seconds = out.wall_seconds;
  info.build_seconds = out.build_seconds;
  info.model = {{"robots", std::to_string(out.robots)},
                {"pods", std::to_string(out.pods)},
                {"skus", std::to_string(out.skus)},
                {"stations", std::to_string(out.stations)},
                {"storage_locations", std::to_string(out.storage_locations)},
                {"units_initial", std::to_string(out.units_initial)},
                {"units_demanded", std::to_string(out.units_demanded)},
                {"units_picked", std::to_string(out.units_picked)}};
  try {
    output::write_file_atomically(dir / "summary.json", output::summary_json(out.result, info));
  } catch (const output::OutputError& e) {
    fmt::print(stderr, "whsim run: error: {}\n", e.what());
    drop_dir_if_ours();
    return e.kind() == output::OutputError::Kind::kCreate ? kExitCannotCreateOutput : kExitWriteError;
  }
  if (level >= LogLevel::kInfo)
    fmt::print("{}results: {}\n", quiet ? "" : "\n", (dir / "summary.json").string());
  if (level >= LogLevel::kDebug) {
    fmt::print(stderr, "debug: build {:.3f} s, simulation {:.3f} s, {} stock records\n", out.build_seconds,
               sim_seconds, out.slots);
  }
  return kExitOk;
}

}  // namespace whsim::cli
