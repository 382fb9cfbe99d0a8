// Subcommands of the whsim program. Each takes the arguments after its name and returns the
// exit code; flag errors are thrown as boost::program_options::error or whsim::InputError.
#pragma once

#include <string>
#include <vector>

namespace whsim::cli {

int run_demo(const std::vector<std::string>& args);
int run_kpis(const std::vector<std::string>& args);

}  // namespace whsim::cli
