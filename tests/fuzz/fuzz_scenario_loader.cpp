// libFuzzer target for the scenario reader and validator (preset "fuzz", clang only):
//   cmake --preset fuzz && cmake --build --preset fuzz
//   build/fuzz/tests/fuzz/fuzz_scenario_loader -max_total_time=600 -dict=... tests/bad_input scenarios
// Any input must end in a parsed scenario or an InputError: a crash, a hang, a sanitizer report
// or any other exception is a finding.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "whsim/scenario/loader.hpp"
#include "whsim/scenario/yaml_document.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  // Small budgets keep each input fast; the checks are the same as with the defaults.
  whsim::scenario::YamlLimits limits;
  limits.max_file_bytes = 64 * 1024;
  limits.max_expanded_nodes = 100'000;
  try {
    whsim::scenario::YamlDocument doc = whsim::scenario::YamlDocument::parse(text, "fuzz.yaml", limits);
    doc.apply_override("simulation.seed=7", limits);
    (void)whsim::scenario::load_scenario(doc);
  } catch (const whsim::InputError&) {
    // Rejected with a message: the expected outcome for most inputs.
  }
  return 0;
}
