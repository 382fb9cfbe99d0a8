// `whsim schema`: the scenario reference, as a table or as the Markdown page
// docs/scenario-reference.md.
#include <iostream>

#include <boost/program_options.hpp>
#include <fmt/format.h>

#include "whsim/scenario/schema.hpp"

#include "commands.hpp"
#include "exit_codes.hpp"

namespace po = boost::program_options;

namespace whsim::cli {

int run_schema(const std::vector<std::string>& args) {
  po::options_description opts("whsim schema: list every scenario key\n\nOptions");
  opts.add_options()("help,h", "show this help")("markdown",
                                                 "print the Markdown reference (docs/scenario-reference.md)")(
      "quickstart", "print the built-in quickstart scenario (what `whsim run` runs without a scenario)");
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(opts).run(), vm);
  po::notify(vm);
  if (vm.count("help") != 0U) {
    std::cout << opts << "\n";
    return kExitOk;
  }
  if (vm.count("quickstart") != 0U) {
    fmt::print("{}", quickstart_yaml());
    return kExitOk;
  }
  if (vm.count("markdown") != 0U) {
    fmt::print("{}", scenario::schema_markdown());
    return kExitOk;
  }
  for (const auto& key : scenario::scenario_schema()) {
    fmt::print("{:<28} {:<14} {:<18} {}\n", key.path, scenario::to_string(key.type),
               key.default_value.empty() ? "-" : key.default_value, key.description);
  }
  return kExitOk;
}

}  // namespace whsim::cli
