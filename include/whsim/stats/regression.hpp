// Regression judgement for `whsim check`: a guarded KPI's values now against the values of its
// baseline, replication by replication (same seeds, so the pairs share random numbers). A KPI
// regresses only when the change in its worse direction is *significantly beyond its tolerance*:
// the one-sided paired t-test of "the change is at most the tolerance" rejects at the
// family-wise level alpha after Holm's correction over every KPI checked together. So a change
// within the tolerance fails with probability at most alpha, whatever the noise (a change well
// inside it practically never), and a point estimate beyond the tolerance is not enough
// (docs/ci.md).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "whsim/stats/kpi.hpp"

namespace whsim::stats {

/// How far a KPI may move before it can count as changed.
enum class ToleranceKind : std::uint8_t {
  kRelative,     ///< a fraction of the baseline mean's magnitude (0.02 = 2%)
  kAbsolute,     ///< in the KPI's unit
  kStatistical,  ///< a multiple of the baseline's replication standard deviation (0: none)
};

struct Tolerance {
  ToleranceKind kind = ToleranceKind::kRelative;
  double value = 0.02;  ///< >= 0 and finite
  friend bool operator==(const Tolerance&, const Tolerance&) = default;
};

/// "relative", "absolute" or "statistical".
[[nodiscard]] std::string_view to_string(ToleranceKind kind);
/// The tolerance as a user writes it on the command line: "2%", "3.5" (absolute), "0.5sd".
[[nodiscard]] std::string format_tolerance(const Tolerance& tolerance);
/// Parses "2%" (relative), "0.5sd" (statistical) or a plain non-negative number (absolute);
/// nullopt for anything else (negative, not finite, trailing text).
[[nodiscard]] std::optional<Tolerance> parse_tolerance(std::string_view text);

/// The tolerance in the KPI's unit for the given baseline values: relative * |mean|, the
/// absolute value, or k * sample standard deviation (over the non-NaN values; 0 with fewer
/// than two).
[[nodiscard]] double tolerance_margin(const Tolerance& tolerance, std::span<const double> baseline);

/// p-value of the one-sided paired t-test of H0: mean(b - a) <= margin against H1: mean(b - a) >
/// margin, over the pairs where neither side is NaN. NaN with fewer than two pairs. When every
/// difference is the same number (no spread) the answer is certain: 0 when it exceeds the
/// margin, 1 otherwise. Only whsim's own special functions (bit-identical everywhere).
[[nodiscard]] double paired_exceedance_p(std::span<const double> a, std::span<const double> b, double margin);

/// What happened to one guarded KPI.
enum class Verdict : std::uint8_t {
  kPass,       ///< no change significantly beyond the tolerance
  kRegressed,  ///< worse, significantly beyond the tolerance (better: higher or lower)
  kChanged,    ///< moved significantly beyond the tolerance, either way (better: neither)
  kImproved,   ///< better, significantly beyond the tolerance (passes; the baseline is stale)
};
/// "pass", "regressed", "changed" or "improved".
[[nodiscard]] std::string_view to_string(Verdict verdict);
/// True for the verdicts that fail a check (regressed, changed).
[[nodiscard]] bool fails(Verdict verdict);

/// One KPI to judge: the baseline's replication values and the values now, pair r from the
/// same replication (same seed and index).
struct GuardedKpi {
  std::string name;
  KpiBetter better = KpiBetter::kNeither;
  Tolerance tolerance;
  std::vector<double> baseline;
  std::vector<double> now;
};

struct KpiJudgement {
  std::string name;
  KpiBetter better = KpiBetter::kNeither;
  Tolerance tolerance;
  double margin = 0;         ///< the tolerance in the KPI's unit
  std::int64_t pairs = 0;    ///< pairs used (neither side NaN)
  double baseline_mean = 0;  ///< over the pairs used
  double now_mean = 0;
  double change = 0;           ///< mean of now - baseline over the pairs
  double change_relative = 0;  ///< change / |baseline_mean| (NaN when the baseline mean is 0)
  bool identical = false;      ///< every pair equal bit for bit (a KPI the change did not touch)
  double p_worse = 0;          ///< one-sided p of "worse by at most the tolerance" (NaN: not testable)
  double p_worse_holm = 0;     ///< Holm-adjusted over the family
  double p_better_holm = 0;    ///< the same for "better by at most the tolerance" (NaN for neither)
  Verdict verdict = Verdict::kPass;
};

/// Judges every KPI of one family (all KPIs of one `whsim check`): the worse-direction
/// p-values are Holm-adjusted together, and so are the better-direction ones; a KPI regresses
/// (or, with better = neither, changed) when its adjusted worse p-value is below alpha, and
/// improved when its adjusted better p-value is. For better = neither the worse p-value is the
/// two-sided one, 2 min(p_up, p_down) capped at 1. 0 < alpha < 1; baseline and now of equal
/// length (ContractError otherwise).
[[nodiscard]] std::vector<KpiJudgement> judge_regressions(std::span<const GuardedKpi> kpis, double alpha);

}  // namespace whsim::stats
