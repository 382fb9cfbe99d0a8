// Command-line parsing shared by the subcommands (see the header).
#include "cli_args.hpp"

#include <iostream>

#include <fmt/format.h>

namespace po = boost::program_options;

namespace whsim::cli {

bool parse_command_line(const std::vector<std::string>& args, const po::options_description& opts,
                        const char* positional_name, std::vector<std::string>& positional,
                        po::variables_map& vm) {
  po::options_description hidden;
  hidden.add_options()(positional_name, po::value(&positional), positional_name);
  po::options_description all;
  all.add(opts).add(hidden);
  po::positional_options_description pos;
  pos.add(positional_name, -1);
  po::store(po::command_line_parser(args).options(all).positional(pos).run(), vm);
  if (vm.count("help") != 0U) {
    std::cout << opts << "\n";
    return false;
  }
  po::notify(vm);
  return true;
}

void check_overrides(const std::vector<std::string>& overrides) {
  for (const std::string& o : overrides) {
    if (o.find('=') == std::string::npos || o.front() == '=') {
      throw po::error(fmt::format("malformed --set '{}' (expected key.path=value)", o));
    }
  }
}

}  // namespace whsim::cli
