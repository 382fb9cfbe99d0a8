// fmt formatters for SimTime and Duration: "{}" gives the human form ("1h02m03.5s"),
// "{:t}" the raw tick count for machines.
#pragma once

#include <fmt/format.h>

#include "whsim/core/time.hpp"

namespace whsim::detail {
struct TimeFormatSpec {
  bool raw_ticks = false;
  constexpr auto parse(fmt::format_parse_context& ctx) {
    auto it = ctx.begin();
    if (it != ctx.end() && *it == 't') {
      raw_ticks = true;
      ++it;
    }
    if (it != ctx.end() && *it != '}') throw fmt::format_error("invalid time format: use {} or {:t}");
    return it;
  }
};
}  // namespace whsim::detail

template <>
struct fmt::formatter<whsim::Duration> : whsim::detail::TimeFormatSpec {
  template <class Ctx>
  auto format(whsim::Duration d, Ctx& ctx) const {
    if (raw_ticks) return fmt::format_to(ctx.out(), "{}", d.ticks());
    return fmt::format_to(ctx.out(), "{}", whsim::format_human(d));
  }
};

template <>
struct fmt::formatter<whsim::SimTime> : whsim::detail::TimeFormatSpec {
  template <class Ctx>
  auto format(whsim::SimTime t, Ctx& ctx) const {
    if (raw_ticks) return fmt::format_to(ctx.out(), "{}", t.ticks());
    return fmt::format_to(ctx.out(), "{}", whsim::format_human(t));
  }
};
