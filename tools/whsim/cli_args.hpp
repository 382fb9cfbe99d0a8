// Command-line parsing shared by the subcommands (Boost.Program_options stays in tools/whsim).
#pragma once

#include <string>
#include <vector>

#include <boost/program_options.hpp>

namespace whsim::cli {

/// Parses `args` against `opts`, collecting the positional arguments (named `positional_name`
/// in messages) into `positional`. Prints the options and returns false for --help (the
/// command then exits 0); throws boost::program_options::error for bad flags.
bool parse_command_line(const std::vector<std::string>& args,
                        const boost::program_options::options_description& opts, const char* positional_name,
                        std::vector<std::string>& positional, boost::program_options::variables_map& vm);

/// Throws boost::program_options::error for a --set without "key.path=".
void check_overrides(const std::vector<std::string>& overrides);

}  // namespace whsim::cli
