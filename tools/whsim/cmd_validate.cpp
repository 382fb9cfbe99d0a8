// `whsim validate SCENARIO...`: reads and checks scenario files; prints "FILE: ok" for each
// valid one and compiler-style errors (with the source line and a caret) for the others.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>

#include <boost/program_options.hpp>
#include <fmt/format.h>

#include "whsim/core/error.hpp"
#include "whsim/scenario/build.hpp"
#include "whsim/scenario/loader.hpp"

#include "cli_args.hpp"
#include "commands.hpp"
#include "exit_codes.hpp"
#include <unistd.h>

namespace po = boost::program_options;

namespace whsim::cli {
namespace {

constexpr std::size_t kMaxErrorsShown = 20;

/// Line `line` (1-based) of a file, or nullopt.
std::optional<std::string> source_line(const std::string& file, int line) {
  if (line <= 0) return std::nullopt;
  std::ifstream in(file, std::ios::binary);
  std::string text;
  for (int i = 1; i <= line && std::getline(in, text); ++i) {
    if (i == line) {
      if (!text.empty() && text.back() == '\r') text.pop_back();
      // Never echo control bytes to a terminal; tabs become one space so the caret lines up.
      for (char& c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u == '\t') {
          c = ' ';
        } else if (u < 0x20 || u == 0x7F) {
          c = '?';
        }
      }
      return text;
    }
  }
  return std::nullopt;
}

bool use_colour() {
  // NO_COLOR (no-color.org) always wins; CLICOLOR_FORCE asks for colour even when stderr is not
  // a terminal (for pagers and tests); otherwise colour only on a terminal.
  if (const char* no = std::getenv("NO_COLOR"); no != nullptr && *no != '\0') return false;
  if (const char* force = std::getenv("CLICOLOR_FORCE");
      force != nullptr && *force != '\0' && *force != '0') {
    return true;
  }
  return isatty(fileno(stderr)) != 0;
}

}  // namespace

void print_diagnostics(const std::vector<Diagnostic>& diagnostics) {
  const bool colour = use_colour();
  const char* red = colour ? "\x1b[1;31m" : "";
  const char* green = colour ? "\x1b[1;32m" : "";
  const char* bold = colour ? "\x1b[1m" : "";
  const char* reset = colour ? "\x1b[0m" : "";
  std::size_t shown = 0;
  for (const Diagnostic& d : diagnostics) {
    if (shown == kMaxErrorsShown) break;
    ++shown;
    fmt::print(stderr, "{}error:{} {}{}{}\n", red, reset, bold, d.to_string(), reset);
    const auto text = source_line(d.where.file, d.where.line);
    if (text && d.where.column > 0 && text->size() < 500) {
      const std::string gutter = fmt::format("{:>5} | ", d.where.line);
      fmt::print(stderr, "{}{}\n{:>5} | {}{}^{}\n", gutter, *text, "",
                 std::string(static_cast<std::size_t>(d.where.column - 1), ' '), green, reset);
    }
  }
  if (diagnostics.size() > shown) {
    fmt::print(stderr, "... and {} more error{} not shown\n", diagnostics.size() - shown,
               diagnostics.size() - shown == 1 ? "" : "s");
  }
  if (diagnostics.size() > 1) fmt::print(stderr, "{} errors\n", diagnostics.size());
}

int run_validate(const std::vector<std::string>& args) {
  po::options_description opts(
      "whsim validate SCENARIO...: read and check scenario files against the schema, listing every\n"
      "problem with its file, line and column\n\nOptions");
  std::vector<std::string> files;
  std::vector<std::string> overrides;
  opts.add_options()("help,h", "show this help")(
      "set", po::value(&overrides)->composing(),
      "override a value before validation: key.path=value, the value read as YAML (so [4, 8] is a list); "
      "repeatable");
  po::variables_map vm;
  if (!parse_command_line(args, opts, "scenario", files, vm)) return kExitOk;
  if (files.empty()) throw po::error("no scenario file given (usage: whsim validate SCENARIO...)");
  check_overrides(overrides);
  int status = kExitOk;
  for (const std::string& file : files) {
    try {
      scenario::YamlDocument doc = scenario::load_scenario_document(file);
      for (const std::string& o : overrides) doc.apply_override(o);
      const scenario::ScenarioSpec spec = scenario::load_scenario(doc);
      // What only the built floor shows (unreachable locations, map problems, too many pods).
      const scenario::BuiltFloor floor = scenario::build_floor(spec);
      (void)scenario::warehouse_config(spec, *floor.floor);
      fmt::print("{}: ok\n", file);
    } catch (const UnreadableFileError& e) {
      print_diagnostics(e.diagnostics());
      status = std::max(status, kExitUnreadableInput);
    } catch (const InputError& e) {
      print_diagnostics(e.diagnostics());
      if (status != kExitUnreadableInput) status = kExitInvalidInput;
    }
  }
  return status;
}

}  // namespace whsim::cli
