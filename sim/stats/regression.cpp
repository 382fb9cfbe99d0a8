// Regression judgement (see the header). Only whsim::stats special functions and IEEE
// arithmetic: no libm transcendental functions here.
#include "whsim/stats/regression.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <limits>

#include <fmt/format.h>

#include "whsim/core/dmath.hpp"
#include "whsim/core/error.hpp"
#include "whsim/stats/accumulators.hpp"
#include "whsim/stats/comparison.hpp"
#include "whsim/stats/special_functions.hpp"

namespace whsim::stats {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::optional<double> parse_non_negative(std::string_view text) {
  if (text.empty() || text.front() == '+' || text.front() == '-') return std::nullopt;
  double v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v) || v < 0)
    return std::nullopt;
  return v;
}

/// A non-negative percentage as a fraction, moving the decimal exponent by two rather than
/// dividing by 100: "7" is the double nearest 0.07 and percent_text gives back the same text.
std::optional<double> parse_percent(std::string_view text) {
  const std::size_t e = text.find_first_of("eE");
  long long exponent = 0;
  if (e != std::string_view::npos) {
    std::string_view x = text.substr(e + 1);
    const bool plus = x.starts_with('+');
    if (plus) x.remove_prefix(1);
    if (x.empty() || (plus && x.front() == '-')) return std::nullopt;
    const auto [end, ec] = std::from_chars(x.data(), x.data() + x.size(), exponent);
    if (ec != std::errc() || end != x.data() + x.size() || exponent < -1000000 || exponent > 1000000) {
      return std::nullopt;
    }
  }
  return parse_non_negative(fmt::format("{}e{}", text.substr(0, e), exponent - 2));
}

/// A fraction as a percentage: its shortest round-trip digits with the decimal exponent moved by
/// two (no multiplication by 100, which turns 0.07 into 7.000000000000001), written like fmt's
/// "{}" (fixed from 1e-4 to below 1e16, otherwise with an exponent).
std::string percent_text(double fraction) {
  if (fraction == 0.0 || !std::isfinite(fraction)) return fmt::format("{}", fraction == 0.0 ? 0.0 : fraction);
  std::array<char, 64> buffer{};
  const auto result =
      std::to_chars(buffer.data(), buffer.data() + buffer.size(), fraction, std::chars_format::scientific);
  const std::string_view scientific(buffer.data(), static_cast<std::size_t>(result.ptr - buffer.data()));
  const std::size_t e = scientific.find('e');  // "-1.25e-01": d.ddd times 10^exponent
  std::string out;
  for (const char c : scientific.substr(0, e)) {
    if (c == '-' || (c >= '0' && c <= '9')) out += c;
  }
  const std::size_t first = out.front() == '-' ? 1 : 0;  // the first digit
  std::string_view x = scientific.substr(e + 1);
  if (x.starts_with('+')) x.remove_prefix(1);
  int exponent = 0;
  (void)std::from_chars(x.data(), x.data() + x.size(), exponent);
  exponent += 2;
  const std::size_t n = out.size() - first;
  if (exponent < -4 || exponent >= 16) {
    if (n > 1) out.insert(first + 1, 1, '.');
    out += fmt::format("e{}{:02}", exponent < 0 ? '-' : '+', exponent < 0 ? -exponent : exponent);
  } else if (exponent < 0) {
    out.insert(first, static_cast<std::size_t>(-exponent - 1), '0');
    out.insert(first, "0.");
  } else if (const auto point = static_cast<std::size_t>(exponent) + 1; point >= n) {
    out.append(point - n, '0');
  } else {
    out.insert(first + point, 1, '.');
  }
  return out;
}

}  // namespace

std::string_view to_string(ToleranceKind kind) {
  switch (kind) {
    case ToleranceKind::kAbsolute:
      return "absolute";
    case ToleranceKind::kStatistical:
      return "statistical";
    case ToleranceKind::kRelative:
      break;
  }
  return "relative";
}

std::string format_tolerance(const Tolerance& tolerance) {
  const double value = tolerance.value == 0.0 ? 0.0 : tolerance.value;  // -0 reads as 0
  switch (tolerance.kind) {
    case ToleranceKind::kAbsolute:
      return fmt::format("{}", value);
    case ToleranceKind::kStatistical:
      return fmt::format("{}sd", value);
    case ToleranceKind::kRelative:
      break;
  }
  return percent_text(value) + "%";
}

std::optional<Tolerance> parse_tolerance(std::string_view text) {
  Tolerance t;
  if (text.ends_with('%')) {
    t.kind = ToleranceKind::kRelative;
    const auto v = parse_percent(text.substr(0, text.size() - 1));
    if (!v) return std::nullopt;
    t.value = *v;
  } else if (text.ends_with("sd")) {
    t.kind = ToleranceKind::kStatistical;
    const auto v = parse_non_negative(text.substr(0, text.size() - 2));
    if (!v) return std::nullopt;
    t.value = *v;
  } else {
    t.kind = ToleranceKind::kAbsolute;
    const auto v = parse_non_negative(text);
    if (!v) return std::nullopt;
    t.value = *v;
  }
  return t;
}

double tolerance_margin(const Tolerance& tolerance, std::span<const double> baseline) {
  Tally tally;
  for (const double v : baseline) {
    if (!std::isnan(v)) tally.add(v);
  }
  switch (tolerance.kind) {
    case ToleranceKind::kAbsolute:
      return tolerance.value;
    case ToleranceKind::kStatistical:
      return tally.count() < 2 ? 0.0 : tolerance.value * tally.stddev();
    case ToleranceKind::kRelative:
      break;
  }
  return tally.count() == 0 ? 0.0 : tolerance.value * std::fabs(tally.mean());
}

double paired_exceedance_p(std::span<const double> a, std::span<const double> b, double margin) {
  if (a.size() != b.size()) throw ContractError("paired_exceedance_p: a and b must have the same length");
  Tally d;
  for (std::size_t r = 0; r < a.size(); ++r) {
    if (std::isnan(a[r]) || std::isnan(b[r])) continue;
    d.add(b[r] - a[r]);
  }
  if (d.count() < 2) return kNaN;
  const double excess = d.mean() - margin;
  const double sd = d.stddev();
  if (sd == 0.0) return excess > 0.0 ? 0.0 : 1.0;
  const double n = static_cast<double>(d.count());
  const double t = excess / (sd / dmath::sqrt(n));
  // P(T_{n-1} >= t) under H0 at its boundary (mean difference = margin).
  return student_t_cdf(-t, n - 1.0);
}

std::string_view to_string(Verdict verdict) {
  switch (verdict) {
    case Verdict::kRegressed:
      return "regressed";
    case Verdict::kChanged:
      return "changed";
    case Verdict::kImproved:
      return "improved";
    case Verdict::kPass:
      break;
  }
  return "pass";
}

bool fails(Verdict verdict) {
  return verdict == Verdict::kRegressed || verdict == Verdict::kChanged;
}

std::vector<KpiJudgement> judge_regressions(std::span<const GuardedKpi> kpis, double alpha) {
  if (!(alpha > 0.0 && alpha < 1.0)) throw ContractError("judge_regressions: alpha must lie in (0, 1)");
  std::vector<KpiJudgement> out;
  out.reserve(kpis.size());
  std::vector<double> p_worse;
  std::vector<double> p_better;
  for (const GuardedKpi& k : kpis) {
    if (k.baseline.size() != k.now.size()) {
      throw ContractError(fmt::format("judge_regressions: {} has {} baseline values and {} now", k.name,
                                      k.baseline.size(), k.now.size()));
    }
    KpiJudgement j;
    j.name = k.name;
    j.better = k.better;
    j.tolerance = k.tolerance;
    j.margin = tolerance_margin(k.tolerance, k.baseline);
    // Plain sums (not running means): exact for counts, so an unchanged count shows a change of 0.
    double base = 0;
    double now = 0;
    double diff = 0;
    std::int64_t pairs = 0;
    j.identical = true;
    for (std::size_t r = 0; r < k.now.size(); ++r) {
      const double a = k.baseline[r];
      const double b = k.now[r];
      const bool same = (std::isnan(a) && std::isnan(b)) || a == b;
      if (!same) j.identical = false;
      if (std::isnan(a) || std::isnan(b)) continue;
      base += a;
      now += b;
      diff += b - a;
      ++pairs;
    }
    j.pairs = pairs;
    const double n = static_cast<double>(pairs);
    j.baseline_mean = pairs == 0 ? kNaN : base / n;
    j.now_mean = pairs == 0 ? kNaN : now / n;
    j.change = pairs == 0 ? kNaN : diff / n;
    j.change_relative = j.baseline_mean != 0.0 ? j.change / std::fabs(j.baseline_mean) : kNaN;
    // up: now exceeds the baseline by more than the margin; down: falls short by more.
    const double up = paired_exceedance_p(k.baseline, k.now, j.margin);
    const double down = paired_exceedance_p(k.now, k.baseline, j.margin);
    switch (k.better) {
      case KpiBetter::kHigher:
        p_worse.push_back(down);
        p_better.push_back(up);
        break;
      case KpiBetter::kLower:
        p_worse.push_back(up);
        p_better.push_back(down);
        break;
      case KpiBetter::kNeither:
        p_worse.push_back(std::isnan(up) || std::isnan(down) ? kNaN
                                                             : std::min(1.0, 2.0 * std::min(up, down)));
        p_better.push_back(kNaN);
        break;
    }
    j.p_worse = p_worse.back();
    out.push_back(std::move(j));
  }
  const std::vector<double> worse_adjusted = holm_adjust(p_worse);
  const std::vector<double> better_adjusted = holm_adjust(p_better);
  for (std::size_t i = 0; i < out.size(); ++i) {
    KpiJudgement& j = out[i];
    j.p_worse_holm = worse_adjusted[i];
    j.p_better_holm = better_adjusted[i];
    if (j.p_worse_holm < alpha) {  // false for NaN
      j.verdict = j.better == KpiBetter::kNeither ? Verdict::kChanged : Verdict::kRegressed;
    } else if (j.p_better_holm < alpha) {
      j.verdict = Verdict::kImproved;
    }
  }
  return out;
}

}  // namespace whsim::stats
