// CSV fields as every CSV file of the output layer writes them (RFC 4180). Private to sim/output.
#pragma once

#include <cmath>
#include <string>
#include <string_view>

#include <fmt/format.h>

namespace whsim::output::csv {

/// One field, quoted when it holds a comma, quote or line break (quotes doubled).
inline std::string field(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

/// A number in shortest round-trip form; empty for NaN and infinities.
inline std::string number(double v) {
  return std::isfinite(v) ? fmt::format("{}", v) : std::string();
}

}  // namespace whsim::output::csv
