// The whsim command line: subcommands, their flags and --help text. The only place that
// includes Boost.Program_options. Errors in flags print one clear message each and exit 2.
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include <boost/program_options.hpp>
#include <fmt/format.h>

#include "whsim/core/error.hpp"

#include "commands.hpp"
#include "exit_codes.hpp"

namespace po = boost::program_options;

namespace {

constexpr const char* kUsage = R"(Usage: whsim <command> [options]

whsim simulates robotic fulfillment warehouses (discrete-event, deterministic).

Commands:
  run       run a scenario (the built-in quickstart when none is given), print a
            summary and write result.h5, summary.json, summary.csv (and with
            --report, report.html) into a result folder
  compare   compare two scenarios (or two --set variants) under common random
            numbers: per KPI the paired difference, its interval and significance
  sweep     run a scenario over a grid of values (a sweep file or --vary), with
            replications, --jobs, --resume, --shard i/N and MPI (mpirun)
  merge     merge the folders of a sharded sweep
  baseline  run a scenario and write a regression baseline (results/baselines/)
  check     rerun baselines with the same seeds: a KPI fails only when it moved
            significantly beyond its tolerance; exit 0 pass, 3 regressed, 1 error
  report    write the HTML report of a result (charts, KPI table; self-contained)
  layout    draw a scenario's floor as an SVG picture, to check it before running
  demo      run the built-in kernel demo (an M/M/c or M/D/c station) and print
            simulated KPIs beside queueing theory
  validate  check scenario files: "FILE: ok", or every problem with file:line:col
  schema    list every scenario key (--markdown for docs/scenario-reference.md)
  kpis      list every KPI the models declare (--markdown for docs/kpis.md)
  version   print the version

Run 'whsim <command> --help' for the options of a command.
Exit codes: 0 success, 1 runtime error, 2 bad command line, 3 whsim check found a
regression, 4 some runs of a sweep failed, 65 invalid input data,
66 input file missing or unreadable, 73 cannot create the output, 74 write error,
130 interrupted (SIGINT), 143 terminated (SIGTERM), both after writing the partial
results; see docs/cli.md.
)";

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::fputs(kUsage, args.empty() ? stderr : stdout);
    return args.empty() ? whsim::cli::kExitUsage : whsim::cli::kExitOk;
  }
  const std::string command = args[0];
  args.erase(args.begin());
  try {
    if (command == "--version" || command == "version") {
      std::printf("whsim %s\n", WHSIM_VERSION);
      return whsim::cli::kExitOk;
    }
    if (command == "demo") return whsim::cli::run_demo(args);
    if (command == "run") return whsim::cli::run_run(args);
    if (command == "sweep") return whsim::cli::run_sweep(args);
    if (command == "merge") return whsim::cli::run_merge(args);
    if (command == "compare") return whsim::cli::run_compare(args);
    if (command == "check") return whsim::cli::run_check(args);
    if (command == "baseline") return whsim::cli::run_baseline(args);
    if (command == "kpis") return whsim::cli::run_kpis(args);
    if (command == "validate") return whsim::cli::run_validate(args);
    if (command == "schema") return whsim::cli::run_schema(args);
    if (command == "report") return whsim::cli::run_report(args);
    if (command == "layout") return whsim::cli::run_layout(args);
    fmt::print(stderr,
               "whsim: error: unknown command '{}' (expected run, compare, sweep, merge, baseline, check, "
               "report, layout, "
               "demo, validate, schema, "
               "kpis or version; see "
               "whsim --help)\n",
               command);
    return whsim::cli::kExitUsage;
  } catch (const po::error& e) {
    fmt::print(stderr, "whsim {}: error: {} (see whsim {} --help)\n", command, e.what(), command);
    return whsim::cli::kExitUsage;
  } catch (const whsim::InputError& e) {
    // Flags that parse but make no sense (out of range): a usage error.
    for (const auto& d : e.diagnostics()) fmt::print(stderr, "whsim {}: error: {}\n", command, d.to_string());
    return whsim::cli::kExitUsage;
  } catch (const whsim::SimulationError& e) {
    // The model stopped the run (e.g. a traffic gridlock): an error of the scenario, not of whsim.
    std::fprintf(stderr, "whsim %s: error: the simulation stopped: %s\n", command.c_str(), e.what());
    return whsim::cli::kExitRuntimeError;
  } catch (const std::exception& e) {
    // fprintf, not fmt::print: this must not throw again when stderr itself is failing.
    std::fprintf(stderr, "whsim %s: internal error: %s\n", command.c_str(), e.what());
    return whsim::cli::kExitRuntimeError;
  }
}
