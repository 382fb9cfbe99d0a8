// `whsim report RESULT [-o report.html]`: the HTML report of a result read back from its
// result.h5; `whsim layout [SCENARIO] [-o layout.svg]`: the floor of a scenario as an SVG picture,
// to check a layout before running it.
#include <filesystem>
#include <iostream>
#include <string>

#include <boost/program_options.hpp>
#include <fmt/format.h>

#include "whsim/model/layout.hpp"
#include "whsim/output/files.hpp"
#include "whsim/output/hdf5_result.hpp"
#include "whsim/output/report.hpp"
#include "whsim/scenario/build.hpp"
#include "whsim/scenario/loader.hpp"

#include "cli_args.hpp"
#include "commands.hpp"
#include "exit_codes.hpp"
#include "result_io.hpp"

namespace po = boost::program_options;

namespace whsim::cli {
namespace {

/// Writes `content` to `file` atomically, creating its folder; prints the problem and returns
/// the exit code on failure.
int write_output(const char* command, const std::filesystem::path& file, const std::string& content) {
  try {
    std::error_code ec;
    const std::filesystem::path parent = file.parent_path();
    if (!parent.empty() && !std::filesystem::exists(parent, ec)) {
      std::filesystem::create_directories(parent, ec);
      if (ec) {
        throw output::OutputError(
            output::OutputError::Kind::kCreate,
            fmt::format("cannot create the folder {}: {}", parent.string(), ec.message()));
      }
    }
    output::write_file_atomically(file, content);
  } catch (const output::OutputError& e) {
    fmt::print(stderr, "whsim {}: error: {}\n", command, e.what());
    return e.kind() == output::OutputError::Kind::kCreate ? kExitCannotCreateOutput : kExitWriteError;
  }
  return kExitOk;
}

}  // namespace

int run_report(const std::vector<std::string>& args) {
  po::options_description opts(
      "whsim report RESULT: write the HTML report of a result (a result folder or its result.h5): one\n"
      "self-contained file with the KPI table and charts, readable offline and in print\n\nOptions");
  std::string out;
  opts.add_options()("help,h", "show this help")("output,o", po::value(&out),
                                                 "the HTML file (default RESULT/report.html for a folder)");
  std::vector<std::string> results;
  po::variables_map vm;
  if (!parse_command_line(args, opts, "result", results, vm)) return kExitOk;
  if (results.size() != 1) throw po::error("expected one RESULT (a result folder or its result.h5)");
  const std::filesystem::path file = result_file_of(results.front());
  output::ResultData data;
  try {
    data = output::read_result_h5(file);
  } catch (const output::OutputError& e) {
    fmt::print(stderr, "whsim report: error: {}\n", e.what());
    return kExitUnreadableInput;
  }
  const std::filesystem::path target =
      out.empty() ? file.parent_path() / "report.html" : std::filesystem::path(out);
  const int rc = write_output("report", target, output::render_report(data));
  if (rc == kExitOk) fmt::print("report: {}\n", target.string());
  return rc;
}

int run_layout(const std::vector<std::string>& args) {
  po::options_description opts(
      "whsim layout [SCENARIO]: draw the floor of a scenario (the built-in quickstart when none is given)\n"
      "as an SVG picture: storage, aisles, stations, chargers, labelled, with a scale bar\n\nOptions");
  std::string out = "layout.svg";
  std::vector<std::string> overrides;
  opts.add_options()("help,h", "show this help")("output,o", po::value(&out),
                                                 "the SVG file (default layout.svg)")(
      "set", po::value(&overrides)->composing(),
      "override a value: key.path=value (as for whsim run); repeatable");
  std::vector<std::string> files;
  po::variables_map vm;
  if (!parse_command_line(args, opts, "scenario", files, vm)) return kExitOk;
  if (files.size() > 1) throw po::error("more than one scenario given (whsim layout takes one)");
  check_overrides(overrides);
  const bool builtin = files.empty();
  const std::string file = builtin ? std::string("quickstart.yaml (built in)") : files.front();
  stats::FloorLayout layout;
  std::string name;
  try {
    scenario::YamlDocument doc = builtin ? scenario::YamlDocument::parse(quickstart_yaml(), file)
                                         : scenario::load_scenario_document(file);
    for (const std::string& o : overrides) doc.apply_override(o);
    const scenario::ScenarioSpec spec = scenario::load_scenario(doc);
    name = spec.name.given ? spec.name.value
                           : (builtin ? "quickstart" : std::filesystem::path(file).stem().string());
    const scenario::BuiltFloor built = scenario::build_floor(spec);
    layout = model::floor_layout(*built.floor);
  } catch (const UnreadableFileError& e) {
    print_diagnostics(e.diagnostics());
    return kExitUnreadableInput;
  } catch (const InputError& e) {
    print_diagnostics(e.diagnostics());
    return kExitInvalidInput;
  }
  const int rc = write_output("layout", out, output::render_layout_svg(layout, name));
  if (rc == kExitOk) {
    fmt::print("layout: {} ({} x {} cells of {} m)\n", out, layout.width, layout.height, layout.cell_size_m);
  }
  return rc;
}

}  // namespace whsim::cli
