// Bisection search for the smallest value meeting a KPI target (see the header).
#include "whsim/run/search.hpp"

#include <charconv>
#include <limits>

#include <fmt/format.h>

#include "whsim/core/error.hpp"
#include "whsim/stats/comparison.hpp"

namespace whsim::run {

std::string SearchTarget::describe() const {
  return fmt::format("{} {} {}", kpi, at_most ? "<=" : ">=", value);
}

SearchTarget parse_target(std::string_view text) {
  const auto bad = [&] {
    return InputError(Diagnostic{SourceLocation{"command line", 0, 0}, "--target",
                                 fmt::format("malformed target '{}' (expected KPI<=VALUE or KPI>=VALUE, e.g. "
                                             "orders.pick_cycle_time.p95<=1800)",
                                             text)});
  };
  SearchTarget t;
  std::size_t op = text.find("<=");
  if (op == std::string_view::npos) {
    op = text.find(">=");
    if (op == std::string_view::npos) throw bad();
    t.at_most = false;
  }
  const auto trim = [](std::string_view s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    return s;
  };
  const std::string_view kpi = trim(text.substr(0, op));
  const std::string_view number = trim(text.substr(op + 2));
  if (kpi.empty() || number.empty()) throw bad();
  const auto r = std::from_chars(number.data(), number.data() + number.size(), t.value);
  if (r.ec != std::errc() || r.ptr != number.data() + number.size() || !(t.value - t.value == 0.0))
    throw bad();
  t.kpi = std::string(kpi);
  return t;
}

SearchResult search_smallest(std::int64_t lo, std::int64_t hi, const SearchTarget& target, double level,
                             const SearchEvaluate& evaluate, const std::function<bool()>& stop) {
  if (lo > hi) throw ContractError("search_smallest: lo > hi");
  SearchResult result;
  const auto probe = [&](std::int64_t v) -> std::optional<bool> {
    if (stop && stop()) return std::nullopt;
    SearchProbe p;
    p.value = v;
    p.values = evaluate(v);
    double sum = 0;
    std::size_t n = 0;
    for (const double x : p.values) {
      if (x == x) {
        sum += x;
        ++n;
      }
    }
    p.mean = n > 0 ? sum / static_cast<double>(n) : std::numeric_limits<double>::quiet_NaN();
    p.bound = target.at_most ? stats::one_sided_upper_bound(p.values, level)
                             : stats::one_sided_lower_bound(p.values, level);
    p.meets = n > 0 && (target.at_most ? p.bound <= target.value : p.bound >= target.value);
    result.probes.push_back(p);
    return p.meets;
  };
  const std::optional<bool> top = probe(hi);
  if (!top || !*top) return result;
  if (lo == hi) {
    result.answer = hi;
    return result;
  }
  const std::optional<bool> bottom = probe(lo);
  if (!bottom) return result;
  if (*bottom) {
    result.answer = lo;
    return result;
  }
  std::int64_t failing = lo;
  std::int64_t meeting = hi;
  while (meeting - failing > 1) {
    const std::int64_t mid = failing + (meeting - failing) / 2;
    const std::optional<bool> m = probe(mid);
    if (!m) return result;
    (*m ? meeting : failing) = mid;
  }
  result.answer = meeting;
  return result;
}

}  // namespace whsim::run
