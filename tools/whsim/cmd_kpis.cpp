// `whsim kpis`: the KPI catalogue, as a table or as the Markdown page docs/kpis.md.
#include <cstdio>
#include <iostream>

#include <boost/program_options.hpp>
#include <fmt/format.h>

#include "whsim/model/kpi_catalogue.hpp"
#include "whsim/stats/kpi.hpp"

#include "commands.hpp"

namespace po = boost::program_options;

namespace whsim::cli {

int run_kpis(const std::vector<std::string>& args) {
  po::options_description opts("whsim kpis: list every KPI the models declare\n\nOptions");
  opts.add_options()("help,h", "show this help")("markdown", "print the Markdown catalogue (docs/kpis.md)");
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(opts).run(), vm);
  po::notify(vm);
  if (vm.count("help") != 0U) {
    std::cout << opts << "\n";
    return 0;
  }
  stats::KpiRegistry registry;
  model::declare_all_kpis(registry);
  if (vm.count("markdown") != 0U) {
    fmt::print("{}", stats::kpi_catalogue_markdown(registry));
    return 0;
  }
  for (const auto& def : registry.defs()) {
    fmt::print("{:<27} {:<10} {:<14} {:<8} {}\n", def.name, def.unit, stats::to_string(def.kind),
               stats::to_string(def.better), def.definition);
  }
  return 0;
}

}  // namespace whsim::cli
