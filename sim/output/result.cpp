// Detail levels of a result (see the header).
#include "whsim/output/result.hpp"

namespace whsim::output {

std::string_view to_string(Detail d) {
  switch (d) {
    case Detail::kSummary:
      return "summary";
    case Detail::kStandard:
      return "standard";
    case Detail::kFull:
      return "full";
  }
  return "standard";
}

bool parse_detail(std::string_view text, Detail& out) {
  for (const Detail d : {Detail::kSummary, Detail::kStandard, Detail::kFull}) {
    if (text == to_string(d)) {
      out = d;
      return true;
    }
  }
  return false;
}

}  // namespace whsim::output
