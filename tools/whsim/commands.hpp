// Subcommands of the whsim program. Each takes the arguments after its name and returns the
// exit code; flag errors are thrown as boost::program_options::error or whsim::InputError.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "whsim/core/error.hpp"

namespace whsim::cli {

/// The built-in quickstart scenario (scenarios/quickstart.yaml, embedded at build time).
[[nodiscard]] std::string_view quickstart_yaml();

/// What the program was built from (tools/whsim/build_info.cmake writes it at build time).
struct BuildInfo {
  const char* git_commit;  ///< "unknown" outside a git checkout
  bool git_dirty;          ///< tracked files differed from the commit
  const char* compiler;    ///< e.g. "GNU 12.2.0"
  const char* flags;       ///< the C++ flags of the build type
};
[[nodiscard]] BuildInfo build_info();

int run_demo(const std::vector<std::string>& args);
int run_run(const std::vector<std::string>& args);
int run_sweep(const std::vector<std::string>& args);
int run_merge(const std::vector<std::string>& args);
int run_compare(const std::vector<std::string>& args);
int run_check(const std::vector<std::string>& args);
int run_baseline(const std::vector<std::string>& args);
int run_kpis(const std::vector<std::string>& args);
int run_validate(const std::vector<std::string>& args);
int run_schema(const std::vector<std::string>& args);
int run_report(const std::vector<std::string>& args);
int run_layout(const std::vector<std::string>& args);

/// Prints input errors compiler-style (at most 20, then a count) to stderr.
void print_diagnostics(const std::vector<Diagnostic>& diagnostics);

}  // namespace whsim::cli
