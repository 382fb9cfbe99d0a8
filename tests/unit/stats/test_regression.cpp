// Tests for the regression judgement behind `whsim check`: tolerance text (parse, format, the
// round trip between them), tolerance margins, the one-sided paired t-test of "the change is at
// most the margin" against hand-computed values (the t CDF with 4 degrees of freedom has a closed
// form; cross-checked with mpmath), and judge_regressions: verdicts for each direction, the
// margin, Holm's adjustment over a family, argument checks, and the error rate under pure noise.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "whsim/core/error.hpp"
#include "whsim/stats/regression.hpp"
#include "whsim/stats/special_functions.hpp"

#include "unit/stats/test_rng.hpp"

namespace whsim::stats {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Ten replications of a KPI around 100 (spread between replications, as with different seeds)
// and a small per-pair noise (what a code change does to one replication beyond its effect).
constexpr std::array<double, 10> kBase = {100.0, 104.0, 97.0, 101.0, 99.0, 103.0, 98.0, 102.0, 100.0, 96.0};
constexpr std::array<double, 10> kNoise = {0.3, -0.2, 0.1, -0.4, 0.2, 0.0, -0.1, 0.4, -0.3, 0.1};

/// kBase scaled by `factor`, plus `noise_scale` times kNoise.
std::vector<double> scaled(double factor, double noise_scale) {
  std::vector<double> out;
  for (std::size_t r = 0; r < kBase.size(); ++r) out.push_back(factor * kBase[r] + noise_scale * kNoise[r]);
  return out;
}

GuardedKpi guarded(std::string name, KpiBetter better, Tolerance tolerance, std::vector<double> baseline,
                   std::vector<double> now) {
  return GuardedKpi{std::move(name), better, tolerance, std::move(baseline), std::move(now)};
}

KpiJudgement judge_one(const GuardedKpi& kpi, double alpha = 0.05) {
  const std::vector<KpiJudgement> out = judge_regressions(std::vector<GuardedKpi>{kpi}, alpha);
  EXPECT_EQ(out.size(), 1U);
  return out.empty() ? KpiJudgement{} : out.front();
}

constexpr Tolerance kTwoPercent{ToleranceKind::kRelative, 0.02};
constexpr Tolerance kNoTolerance{ToleranceKind::kAbsolute, 0.0};

// --- tolerance text -------------------------------------------------------------------------

TEST(RegressionTolerance, ParsesTheThreeForms) {
  EXPECT_EQ(parse_tolerance("2%"), (Tolerance{ToleranceKind::kRelative, 0.02}));
  EXPECT_EQ(parse_tolerance("0.5%"), (Tolerance{ToleranceKind::kRelative, 0.005}));
  EXPECT_EQ(parse_tolerance("7%"), (Tolerance{ToleranceKind::kRelative, 0.07}));
  EXPECT_EQ(parse_tolerance("0.5sd"), (Tolerance{ToleranceKind::kStatistical, 0.5}));
  EXPECT_EQ(parse_tolerance("2sd"), (Tolerance{ToleranceKind::kStatistical, 2.0}));
  EXPECT_EQ(parse_tolerance("3.5"), (Tolerance{ToleranceKind::kAbsolute, 3.5}));
  EXPECT_EQ(parse_tolerance("1e3"), (Tolerance{ToleranceKind::kAbsolute, 1000.0}));
  // Zero is a tolerance (none) in every form.
  EXPECT_EQ(parse_tolerance("0"), (Tolerance{ToleranceKind::kAbsolute, 0.0}));
  EXPECT_EQ(parse_tolerance("0%"), (Tolerance{ToleranceKind::kRelative, 0.0}));
  EXPECT_EQ(parse_tolerance("0sd"), (Tolerance{ToleranceKind::kStatistical, 0.0}));
}

TEST(RegressionTolerance, RejectsMalformedText) {
  for (const char* text : {"-1",     "-2%", "-0.5sd", "-0",   "2 %",   " 2%", "2% ", "2 sd",  "abc", "1e400",
                           "1e400%", "nan", "nan%",   "inf",  "infsd", "",    "%",   "sd",    "+2%", "+3",
                           "+0.5sd", "2%%", "2sd%",   "2%sd", "0x10",  "1,5", "2 ",  "2.5.1", "sd2", "%2"}) {
    EXPECT_EQ(parse_tolerance(text), std::nullopt) << '"' << text << '"';
  }
}

TEST(RegressionTolerance, KindNames) {
  EXPECT_EQ(to_string(ToleranceKind::kRelative), "relative");
  EXPECT_EQ(to_string(ToleranceKind::kAbsolute), "absolute");
  EXPECT_EQ(to_string(ToleranceKind::kStatistical), "statistical");
}

TEST(RegressionTolerance, FormatsAsAUserWritesIt) {
  EXPECT_EQ(format_tolerance({ToleranceKind::kRelative, 0.02}), "2%");
  EXPECT_EQ(format_tolerance({ToleranceKind::kRelative, 0.005}), "0.5%");
  EXPECT_EQ(format_tolerance({ToleranceKind::kRelative, 0.0}), "0%");
  EXPECT_EQ(format_tolerance({ToleranceKind::kStatistical, 0.5}), "0.5sd");
  EXPECT_EQ(format_tolerance({ToleranceKind::kAbsolute, 3.5}), "3.5");
  EXPECT_EQ(format_tolerance({ToleranceKind::kAbsolute, 0.0}), "0");
  // Negative zero (a baseline file may say -0) is written as a tolerance parse_tolerance accepts.
  EXPECT_EQ(format_tolerance({ToleranceKind::kAbsolute, -0.0}), "0");
  EXPECT_EQ(format_tolerance({ToleranceKind::kStatistical, -0.0}), "0sd");
  EXPECT_EQ(format_tolerance({ToleranceKind::kRelative, -0.0}), "0%");
  // 100 * 0.07 is 7.000000000000001 in binary floating point: the percentage must still read
  // back as the user wrote it.
  EXPECT_EQ(format_tolerance({ToleranceKind::kRelative, 0.07}), "7%");
  EXPECT_EQ(format_tolerance({ToleranceKind::kRelative, 0.009}), "0.9%");
  EXPECT_EQ(format_tolerance({ToleranceKind::kRelative, 0.013}), "1.3%");
  EXPECT_EQ(format_tolerance({ToleranceKind::kRelative, 1.0}), "100%");
  EXPECT_EQ(format_tolerance({ToleranceKind::kRelative, 0.125}), "12.5%");
  // A user's text comes back unchanged.
  for (const char* text :
       {"2%", "7%", "0.9%", "1.7%", "3.3%", "13.1%", "0.25%", "150%", "0.5sd", "3sd", "3.5", "0.001"}) {
    const auto t = parse_tolerance(text);
    ASSERT_TRUE(t.has_value()) << text;
    EXPECT_EQ(format_tolerance(*t), text);
  }
}

TEST(RegressionTolerance, FormatRoundTripsThroughParseExactly) {
  // Every value a baseline file may hold (any non-negative double) survives the trip through
  // its text bit for bit, in each form: fractions with a few decimals (0.013 fails when the
  // percentage is computed as 100 * value and read back as value / 100), awkward binary
  // fractions, and extremes.
  std::vector<double> values = {0.0,
                                0.02,
                                0.013,
                                0.07,
                                0.1,
                                1.0 / 3.0,
                                2.0 / 3.0,
                                0.123456789012345,
                                1e-300,
                                5e-324,
                                1e-5,
                                12.5,
                                1e20,
                                1e300,
                                1.7976931348623157e308,
                                0.00011,
                                0.0007,
                                0.0035,
                                0.9999,
                                42.0,
                                43.313222596088146};
  for (int i = 1; i <= 1000; ++i) values.push_back(i / 1000.0);
  for (int i = 1; i <= 1000; ++i) values.push_back(i / 100000.0);
  for (const ToleranceKind kind :
       {ToleranceKind::kRelative, ToleranceKind::kAbsolute, ToleranceKind::kStatistical}) {
    for (const double v : values) {
      const Tolerance t{kind, v};
      const std::string text = format_tolerance(t);
      const auto back = parse_tolerance(text);
      if (!back) {
        ADD_FAILURE() << to_string(kind) << ' ' << v << " -> \"" << text << "\" does not parse";
        continue;
      }
      EXPECT_EQ(*back, t) << to_string(kind) << ' ' << v << " -> \"" << text << "\" -> " << back->value;
    }
  }
}

// --- margins --------------------------------------------------------------------------------

TEST(RegressionMargin, EachKind) {
  const std::vector<double> values = {1.0, 2.0, 3.0, 4.0, 5.0};  // mean 3, sample sd sqrt(2.5)
  EXPECT_NEAR(tolerance_margin({ToleranceKind::kRelative, 0.02}, values), 0.06, 1e-15);
  EXPECT_EQ(tolerance_margin({ToleranceKind::kAbsolute, 3.5}, values), 3.5);
  EXPECT_NEAR(tolerance_margin({ToleranceKind::kStatistical, 2.0}, values), 2.0 * std::sqrt(2.5), 1e-14);
  EXPECT_EQ(tolerance_margin({ToleranceKind::kStatistical, 0.0}, values), 0.0);
}

TEST(RegressionMargin, RelativeUsesTheMagnitudeOfTheMean) {
  EXPECT_NEAR(tolerance_margin({ToleranceKind::kRelative, 0.1}, std::vector<double>{-10.0, -30.0}), 2.0,
              1e-15);
  // Mean 0: no margin at all.
  EXPECT_EQ(tolerance_margin({ToleranceKind::kRelative, 0.1}, std::vector<double>{-5.0, 5.0}), 0.0);
}

TEST(RegressionMargin, NaNsAreIgnored) {
  const std::vector<double> with_nan = {kNaN, 1.0, 2.0, kNaN, 3.0, 4.0, 5.0, kNaN};
  const std::vector<double> clean = {1.0, 2.0, 3.0, 4.0, 5.0};
  for (const Tolerance t :
       {Tolerance{ToleranceKind::kRelative, 0.02}, Tolerance{ToleranceKind::kAbsolute, 1.5},
        Tolerance{ToleranceKind::kStatistical, 0.5}}) {
    EXPECT_EQ(tolerance_margin(t, with_nan), tolerance_margin(t, clean)) << to_string(t.kind);
    EXPECT_FALSE(std::isnan(tolerance_margin(t, with_nan)));
  }
}

TEST(RegressionMargin, TooFewValues) {
  // Statistical needs two values for a standard deviation; relative one for a mean; absolute none.
  EXPECT_EQ(tolerance_margin({ToleranceKind::kStatistical, 1.0}, std::vector<double>{7.0}), 0.0);
  EXPECT_EQ(tolerance_margin({ToleranceKind::kStatistical, 1.0}, std::vector<double>{kNaN, 7.0, kNaN}), 0.0);
  EXPECT_EQ(tolerance_margin({ToleranceKind::kStatistical, 1.0}, std::vector<double>{}), 0.0);
  EXPECT_NEAR(tolerance_margin({ToleranceKind::kRelative, 0.5}, std::vector<double>{kNaN, 7.0}), 3.5, 1e-15);
  EXPECT_EQ(tolerance_margin({ToleranceKind::kRelative, 0.5}, std::vector<double>{kNaN}), 0.0);
  EXPECT_EQ(tolerance_margin({ToleranceKind::kAbsolute, 2.0}, std::vector<double>{}), 2.0);
  EXPECT_NEAR(tolerance_margin({ToleranceKind::kStatistical, 1.0}, std::vector<double>{1.0, 3.0}),
              std::sqrt(2.0), 1e-15);
}

// --- the paired exceedance test -------------------------------------------------------------

TEST(RegressionExceedance, HandComputedTTest) {
  // Differences 1..5, margin 1: mean 3, sd sqrt(2.5), t = 2 / (sqrt(2.5) / sqrt(5)) = 2 sqrt(2).
  // With 4 degrees of freedom P(T >= t) = 1/2 - (3/8) u (1 - t^2 / (12 (1 + t^2/4))) with
  // u = t / sqrt(1 + t^2/4), here 1/2 - (7/12) sqrt(2/3) (mpmath: 0.023710327792159814239).
  const std::vector<double> a = {0.0, 0.0, 0.0, 0.0, 0.0};
  const std::vector<double> b = {1.0, 2.0, 3.0, 4.0, 5.0};
  const double t = (3.0 - 1.0) / (std::sqrt(2.5) / std::sqrt(5.0));
  EXPECT_NEAR(t, 2.0 * std::sqrt(2.0), 1e-14);
  const double p = paired_exceedance_p(a, b, 1.0);
  EXPECT_NEAR(p, 1.0 - student_t_cdf(t, 4.0), 1e-12);
  EXPECT_NEAR(p, 0.023710327792159814239, 1e-12);
  EXPECT_NEAR(p, 0.5 - 7.0 / 12.0 * std::sqrt(2.0 / 3.0), 1e-12);
  EXPECT_GT(p, 0.01);
  EXPECT_LT(p, 0.05);
  // Shifting both sides changes nothing: only the differences matter.
  const std::vector<double> a2 = {10.0, -3.0, 7.5, 100.0, 0.25};
  std::vector<double> b2 = a2;
  for (std::size_t r = 0; r < b2.size(); ++r) b2[r] += b[r];
  EXPECT_NEAR(paired_exceedance_p(a2, b2, 1.0), p, 1e-12);
}

TEST(RegressionExceedance, MarginMovesTheNullHypothesis) {
  const std::vector<double> a = {0.0, 0.0, 0.0, 0.0, 0.0};
  const std::vector<double> b = {1.0, 2.0, 3.0, 4.0, 5.0};
  // Margin at the mean difference: t = 0, p = 1/2 exactly.
  EXPECT_NEAR(paired_exceedance_p(a, b, 3.0), 0.5, 1e-15);
  // Margin 0: t = 3 sqrt(2), far stronger evidence; a larger margin, weaker; one far above the
  // mean difference, none.
  const double p0 = paired_exceedance_p(a, b, 0.0);
  EXPECT_NEAR(p0, 1.0 - student_t_cdf(3.0 * std::sqrt(2.0), 4.0), 1e-12);
  EXPECT_LT(p0, paired_exceedance_p(a, b, 1.0));
  EXPECT_LT(paired_exceedance_p(a, b, 1.0), paired_exceedance_p(a, b, 2.0));
  EXPECT_GT(paired_exceedance_p(a, b, 10.0), 0.99);
  // The opposite direction: b falls short of a by more than the margin? Not at all.
  EXPECT_GT(paired_exceedance_p(b, a, 0.0), 0.99);
  EXPECT_NEAR(paired_exceedance_p(b, a, 0.0) + p0, 1.0, 1e-12);
}

TEST(RegressionExceedance, NaNPairsAreDropped) {
  const std::vector<double> a = {0.0, kNaN, 0.0, 0.0, 9.0, 0.0, 0.0, kNaN};
  const std::vector<double> b = {1.0, 7.0, 2.0, 3.0, kNaN, 4.0, 5.0, kNaN};
  EXPECT_NEAR(paired_exceedance_p(a, b, 1.0), 0.023710327792159814239, 1e-12);
}

TEST(RegressionExceedance, FewerThanTwoPairsGiveNoTest) {
  EXPECT_TRUE(std::isnan(paired_exceedance_p(std::vector<double>{}, std::vector<double>{}, 0.0)));
  EXPECT_TRUE(std::isnan(paired_exceedance_p(std::vector<double>{1.0}, std::vector<double>{5.0}, 0.0)));
  EXPECT_TRUE(std::isnan(
      paired_exceedance_p(std::vector<double>{1.0, kNaN, 2.0}, std::vector<double>{5.0, 6.0, kNaN}, 0.0)));
}

TEST(RegressionExceedance, ZeroSpreadIsCertain) {
  const std::vector<double> a = {1.0, 2.0, 3.0};
  const std::vector<double> b = {3.0, 4.0, 5.0};  // every difference 2
  EXPECT_EQ(paired_exceedance_p(a, b, 0.0), 0.0);
  EXPECT_EQ(paired_exceedance_p(a, b, 1.5), 0.0);
  EXPECT_EQ(paired_exceedance_p(a, b, 2.0), 1.0);  // exactly at the margin: not beyond it
  EXPECT_EQ(paired_exceedance_p(a, b, 3.0), 1.0);
  EXPECT_EQ(paired_exceedance_p(b, a, 0.0), 1.0);
  EXPECT_EQ(paired_exceedance_p(a, a, 0.0), 1.0);  // no change at all
}

TEST(RegressionExceedance, RejectsMismatchedLengths) {
  EXPECT_THROW(
      (void)paired_exceedance_p(std::vector<double>{1.0, 2.0}, std::vector<double>{1.0, 2.0, 3.0}, 0.0),
      ContractError);
}

// --- verdicts -------------------------------------------------------------------------------

TEST(RegressionJudge, VerdictNamesAndWhichFail) {
  EXPECT_EQ(to_string(Verdict::kPass), "pass");
  EXPECT_EQ(to_string(Verdict::kRegressed), "regressed");
  EXPECT_EQ(to_string(Verdict::kChanged), "changed");
  EXPECT_EQ(to_string(Verdict::kImproved), "improved");
  EXPECT_FALSE(fails(Verdict::kPass));
  EXPECT_TRUE(fails(Verdict::kRegressed));
  EXPECT_TRUE(fails(Verdict::kChanged));
  EXPECT_FALSE(fails(Verdict::kImproved));
}

TEST(RegressionJudge, IdenticalValuesPass) {
  const std::vector<double> values(kBase.begin(), kBase.end());
  for (const KpiBetter better : {KpiBetter::kHigher, KpiBetter::kLower, KpiBetter::kNeither}) {
    for (const Tolerance t : {kTwoPercent, kNoTolerance}) {
      const KpiJudgement j = judge_one(guarded("orders.completed", better, t, values, values));
      EXPECT_EQ(j.verdict, Verdict::kPass);
      EXPECT_TRUE(j.identical);
      EXPECT_EQ(j.pairs, 10);
      EXPECT_EQ(j.change, 0.0);
      EXPECT_EQ(j.change_relative, 0.0);
      EXPECT_EQ(j.baseline_mean, j.now_mean);
      // No spread in the differences and none beyond the margin: certain, p = 1.
      EXPECT_EQ(j.p_worse, 1.0);
      EXPECT_EQ(j.p_worse_holm, 1.0);
      if (better == KpiBetter::kNeither) {
        EXPECT_TRUE(std::isnan(j.p_better_holm));
      } else {
        EXPECT_EQ(j.p_better_holm, 1.0);
      }
    }
  }
}

TEST(RegressionJudge, IdenticalCountsNaNsOnBothSidesAsEqual) {
  const std::vector<double> base = {1.0, kNaN, 3.0, 4.0};
  const KpiJudgement same = judge_one(guarded("k", KpiBetter::kHigher, kTwoPercent, base, base));
  EXPECT_TRUE(same.identical);
  EXPECT_EQ(same.pairs, 3);
  // NaN on one side only is a difference (the run lost its value), though not a pair.
  const KpiJudgement lost = judge_one(
      guarded("k", KpiBetter::kHigher, kTwoPercent, base, std::vector<double>{1.0, kNaN, 3.0, kNaN}));
  EXPECT_FALSE(lost.identical);
  EXPECT_EQ(lost.pairs, 2);
  // A one-ulp change is a change.
  const KpiJudgement ulp = judge_one(guarded("k", KpiBetter::kHigher, kTwoPercent, base,
                                             std::vector<double>{1.0, kNaN, 3.0, std::nextafter(4.0, 5.0)}));
  EXPECT_FALSE(ulp.identical);
  EXPECT_EQ(ulp.verdict, Verdict::kPass);
}

TEST(RegressionJudge, HigherIsBetter) {
  const std::vector<double> base(kBase.begin(), kBase.end());
  const KpiJudgement down =
      judge_one(guarded("orders.completed", KpiBetter::kHigher, kTwoPercent, base, scaled(0.9, 1.0)));
  EXPECT_EQ(down.verdict, Verdict::kRegressed);
  EXPECT_FALSE(down.identical);
  EXPECT_LT(down.p_worse_holm, 1e-6);
  EXPECT_GT(down.p_better_holm, 0.99);
  EXPECT_NEAR(down.change_relative, -0.1, 1e-3);
  EXPECT_NEAR(down.margin, 0.02 * 100.0, 1e-12);  // 2% of the baseline mean 100

  const KpiJudgement up =
      judge_one(guarded("orders.completed", KpiBetter::kHigher, kTwoPercent, base, scaled(1.1, 1.0)));
  EXPECT_EQ(up.verdict, Verdict::kImproved);
  EXPECT_GT(up.p_worse_holm, 0.99);
  EXPECT_LT(up.p_better_holm, 1e-6);
  EXPECT_NEAR(up.change_relative, 0.1, 1e-3);
}

TEST(RegressionJudge, LowerIsBetterMirrored) {
  const std::vector<double> base(kBase.begin(), kBase.end());
  const KpiJudgement up =
      judge_one(guarded("orders.pick_cycle_time", KpiBetter::kLower, kTwoPercent, base, scaled(1.1, 1.0)));
  EXPECT_EQ(up.verdict, Verdict::kRegressed);
  EXPECT_LT(up.p_worse_holm, 1e-6);
  const KpiJudgement down =
      judge_one(guarded("orders.pick_cycle_time", KpiBetter::kLower, kTwoPercent, base, scaled(0.9, 1.0)));
  EXPECT_EQ(down.verdict, Verdict::kImproved);
  EXPECT_LT(down.p_better_holm, 1e-6);
  // Mirror images: the worse p-value of one is the better p-value of the other.
  const KpiJudgement higher_down =
      judge_one(guarded("k", KpiBetter::kHigher, kTwoPercent, base, scaled(0.9, 1.0)));
  EXPECT_EQ(down.p_better_holm, higher_down.p_worse_holm);
  EXPECT_EQ(down.p_worse_holm, higher_down.p_better_holm);
}

TEST(RegressionJudge, NeitherChangesEitherWay) {
  const std::vector<double> base(kBase.begin(), kBase.end());
  for (const double factor : {0.9, 1.1}) {
    const KpiJudgement j =
        judge_one(guarded("robots.utilisation", KpiBetter::kNeither, kTwoPercent, base, scaled(factor, 1.0)));
    EXPECT_EQ(j.verdict, Verdict::kChanged) << factor;
    EXPECT_TRUE(fails(j.verdict));
    EXPECT_LT(j.p_worse_holm, 1e-6);
    EXPECT_TRUE(std::isnan(j.p_better_holm));
  }
  // The worse p-value is two-sided: twice the smaller one-sided p-value. Noise only (mean
  // difference 0.08, sd about 2.1): one-sided p-values near 0.45 and 0.55.
  const std::vector<double> now = scaled(1.0, 8.0);
  const double up = paired_exceedance_p(base, now, 0.0);
  const double down = paired_exceedance_p(now, base, 0.0);
  EXPECT_GT(up, 0.3);
  EXPECT_LT(up, 0.5);
  const KpiJudgement j = judge_one(guarded("k", KpiBetter::kNeither, kNoTolerance, base, now));
  EXPECT_EQ(j.p_worse, 2.0 * std::min(up, down));
  EXPECT_EQ(j.verdict, Verdict::kPass);
}

TEST(RegressionJudge, ChangeWithinTheToleranceIsNotARegression) {
  // Every replication 1% lower with tiny noise: certainly lower, but within a 2% tolerance.
  const std::vector<double> base(kBase.begin(), kBase.end());
  const std::vector<double> now = scaled(0.99, 0.1);
  const KpiJudgement within =
      judge_one(guarded("orders.completed", KpiBetter::kHigher, kTwoPercent, base, now));
  EXPECT_EQ(within.verdict, Verdict::kPass);
  EXPECT_GT(within.p_worse, 0.99);
  EXPECT_NEAR(within.change_relative, -0.01, 1e-3);
  // The same change with no tolerance regresses, and with a 0.5% tolerance too.
  const KpiJudgement none =
      judge_one(guarded("orders.completed", KpiBetter::kHigher, kNoTolerance, base, now));
  EXPECT_EQ(none.verdict, Verdict::kRegressed);
  const KpiJudgement half = judge_one(
      guarded("orders.completed", KpiBetter::kHigher, Tolerance{ToleranceKind::kRelative, 0.005}, base, now));
  EXPECT_EQ(half.verdict, Verdict::kRegressed);
  // Absolute and statistical margins work the same way: 1.5 units, 0.5 sd (about 1.3 units).
  EXPECT_EQ(judge_one(guarded("k", KpiBetter::kHigher, Tolerance{ToleranceKind::kAbsolute, 1.5}, base, now))
                .verdict,
            Verdict::kPass);
  EXPECT_EQ(judge_one(guarded("k", KpiBetter::kHigher, Tolerance{ToleranceKind::kAbsolute, 0.5}, base, now))
                .verdict,
            Verdict::kRegressed);
  EXPECT_EQ(
      judge_one(guarded("k", KpiBetter::kHigher, Tolerance{ToleranceKind::kStatistical, 0.5}, base, now))
          .verdict,
      Verdict::kPass);
  // An improvement within the tolerance is not reported either.
  EXPECT_EQ(judge_one(guarded("k", KpiBetter::kHigher, kTwoPercent, base, scaled(1.01, 0.1))).verdict,
            Verdict::kPass);
}

TEST(RegressionJudge, HolmAdjustsOverTheFamily) {
  // Differences baseline - now of 1, 1.5, 3, -0.5, 2: t = 2.4188, one-sided p (4 degrees of
  // freedom) 0.036427529805127865 (mpmath). Alone that is a regression at alpha 0.05; among
  // five KPIs (the other four unchanged, p = 1) Holm multiplies it by 5.
  const std::vector<double> base = {100.0, 101.0, 102.0, 103.0, 104.0};
  const std::vector<double> now = {99.0, 99.5, 99.0, 103.5, 102.0};
  const GuardedKpi noisy = guarded("orders.completed", KpiBetter::kHigher, kNoTolerance, base, now);
  const KpiJudgement alone = judge_one(noisy);
  EXPECT_NEAR(alone.p_worse, 0.036427529805127865, 1e-10);
  EXPECT_EQ(alone.p_worse_holm, alone.p_worse);
  EXPECT_EQ(alone.verdict, Verdict::kRegressed);

  std::vector<GuardedKpi> family;
  family.push_back(guarded("lines.completed", KpiBetter::kHigher, kNoTolerance, base, base));
  family.push_back(guarded("units.picked", KpiBetter::kHigher, kNoTolerance, base, base));
  family.push_back(noisy);
  family.push_back(guarded("orders.pick_cycle_time", KpiBetter::kLower, kNoTolerance, base, base));
  family.push_back(guarded("robots.utilisation", KpiBetter::kNeither, kNoTolerance, base, base));
  const std::vector<KpiJudgement> out = judge_regressions(family, 0.05);
  ASSERT_EQ(out.size(), 5U);
  for (std::size_t i = 0; i < out.size(); ++i) EXPECT_EQ(out[i].name, family[i].name);  // in order
  EXPECT_EQ(out[2].p_worse, alone.p_worse);
  EXPECT_NEAR(out[2].p_worse_holm, 5.0 * 0.036427529805127865, 1e-9);
  EXPECT_GT(out[2].p_worse_holm, 0.05);
  for (const KpiJudgement& j : out) EXPECT_EQ(j.verdict, Verdict::kPass) << j.name;
  // With a looser alpha it regresses again, and only it.
  const std::vector<KpiJudgement> loose = judge_regressions(family, 0.2);
  for (std::size_t i = 0; i < loose.size(); ++i) {
    EXPECT_EQ(loose[i].verdict, i == 2 ? Verdict::kRegressed : Verdict::kPass) << loose[i].name;
  }
}

TEST(RegressionJudge, MeansAndChangesOverThePairsUsed) {
  const std::vector<double> base = {10.0, 20.0, kNaN, 30.0, 1000.0};
  const std::vector<double> now = {11.0, 22.0, 500.0, 33.0, kNaN};
  const KpiJudgement j = judge_one(guarded("k", KpiBetter::kHigher, kTwoPercent, base, now));
  EXPECT_EQ(j.name, "k");
  EXPECT_EQ(j.better, KpiBetter::kHigher);
  EXPECT_EQ(j.tolerance, kTwoPercent);
  EXPECT_EQ(j.pairs, 3);
  EXPECT_NEAR(j.baseline_mean, 20.0, 1e-12);
  EXPECT_NEAR(j.now_mean, 22.0, 1e-12);
  EXPECT_NEAR(j.change, 2.0, 1e-12);
  EXPECT_NEAR(j.change_relative, 0.1, 1e-12);
  // The margin comes from every baseline value (not only the paired ones): 2% of 265.
  EXPECT_NEAR(j.margin, 0.02 * 265.0, 1e-12);
}

TEST(RegressionJudge, RelativeChangeIsNaNWhenTheBaselineMeanIsZero) {
  const KpiJudgement j =
      judge_one(guarded("k", KpiBetter::kLower, kNoTolerance, std::vector<double>{-1.0, 1.0, 0.0},
                        std::vector<double>{0.0, 2.0, 1.0}));
  EXPECT_EQ(j.baseline_mean, 0.0);
  EXPECT_NEAR(j.change, 1.0, 1e-15);
  EXPECT_TRUE(std::isnan(j.change_relative));
  // A negative baseline mean: relative to its magnitude, so a rise is positive.
  const KpiJudgement neg =
      judge_one(guarded("k", KpiBetter::kLower, kNoTolerance, std::vector<double>{-10.0, -10.0},
                        std::vector<double>{-9.0, -9.0}));
  EXPECT_NEAR(neg.change_relative, 0.1, 1e-15);
}

TEST(RegressionJudge, UntestableKpisPass) {
  // One pair (or none): no test, NaN p-values, never a failure, and the other KPIs' Holm
  // family does not count them.
  std::vector<GuardedKpi> family;
  family.push_back(guarded("a", KpiBetter::kHigher, kNoTolerance, std::vector<double>{1.0, kNaN},
                           std::vector<double>{0.0, 5.0}));
  family.push_back(
      guarded("b", KpiBetter::kHigher, kNoTolerance, std::vector<double>{}, std::vector<double>{}));
  const std::vector<double> base = {100.0, 101.0, 102.0, 103.0, 104.0};
  family.push_back(guarded("c", KpiBetter::kHigher, kNoTolerance, base,
                           std::vector<double>{99.0, 99.5, 99.0, 103.5, 102.0}));
  const std::vector<KpiJudgement> out = judge_regressions(family, 0.05);
  ASSERT_EQ(out.size(), 3U);
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_TRUE(std::isnan(out[i].p_worse));
    EXPECT_TRUE(std::isnan(out[i].p_worse_holm));
    EXPECT_EQ(out[i].verdict, Verdict::kPass);
  }
  EXPECT_EQ(out[0].pairs, 1);
  EXPECT_EQ(out[1].pairs, 0);
  EXPECT_EQ(out[2].p_worse_holm, out[2].p_worse);
  EXPECT_EQ(out[2].verdict, Verdict::kRegressed);
}

TEST(RegressionJudge, RejectsBadAlphaAndMismatchedLengths) {
  const std::vector<GuardedKpi> ok = {guarded("k", KpiBetter::kHigher, kTwoPercent, {1.0, 2.0}, {1.0, 2.0})};
  for (const double alpha : {0.0, 1.0, -0.05, 1.5, kNaN}) {
    EXPECT_THROW((void)judge_regressions(ok, alpha), ContractError) << alpha;
  }
  EXPECT_NO_THROW((void)judge_regressions(ok, 0.05));
  EXPECT_NO_THROW((void)judge_regressions(std::vector<GuardedKpi>{}, 0.05));
  EXPECT_THROW((void)judge_regressions(std::vector<GuardedKpi>{}, 0.0),
               ContractError);  // checked even when empty
  const std::vector<GuardedKpi> bad = {
      guarded("k", KpiBetter::kHigher, kTwoPercent, {1.0, 2.0}, {1.0, 2.0, 3.0})};
  EXPECT_THROW((void)judge_regressions(bad, 0.05), ContractError);
}

// --- error rates ----------------------------------------------------------------------------

TEST(RegressionJudge, PureNoiseFailsAtRateAlpha) {
  // 2,000 checks of 10 pairs with no change at all (common random numbers: a shared part per
  // replication plus independent noise on each side), tolerance 0, alpha 0.05. A KPI with a
  // direction regresses, and separately improves, in about 5% of the checks; one with neither
  // direction changes in about 5% (two-sided). Bands: 99.9% normal approximation to the binomial.
  test::SplitMix64 rng(20240611);
  const auto normal = [&rng] {
    const double u = (static_cast<double>(rng() >> 11) + 0.5) * 0x1.0p-53;
    return normal_quantile(u);
  };
  constexpr int kTrials = 2000;
  constexpr double kAlpha = 0.05;
  int regressed = 0;
  int improved = 0;
  int changed = 0;
  int regressed_with_tolerance = 0;
  std::vector<GuardedKpi> family;
  family.push_back(guarded("higher", KpiBetter::kHigher, kNoTolerance, {}, {}));
  family.push_back(guarded("neither", KpiBetter::kNeither, kNoTolerance, {}, {}));
  family.push_back(guarded("tolerant", KpiBetter::kHigher, Tolerance{ToleranceKind::kAbsolute, 0.5}, {}, {}));
  for (int i = 0; i < kTrials; ++i) {
    for (GuardedKpi& k : family) {
      k.baseline.assign(10, 0.0);
      k.now.assign(10, 0.0);
      for (std::size_t r = 0; r < 10; ++r) {
        const double common = 3.0 * normal();
        k.baseline[r] = 50.0 + common + normal();
        k.now[r] = 50.0 + common + normal();
      }
    }
    // Judged one at a time, so that each is its own family (no Holm adjustment).
    const KpiJudgement higher = judge_one(family[0], kAlpha);
    const KpiJudgement neither = judge_one(family[1], kAlpha);
    const KpiJudgement tolerant = judge_one(family[2], kAlpha);
    regressed += higher.verdict == Verdict::kRegressed ? 1 : 0;
    improved += higher.verdict == Verdict::kImproved ? 1 : 0;
    changed += neither.verdict == Verdict::kChanged ? 1 : 0;
    regressed_with_tolerance += tolerant.verdict == Verdict::kRegressed ? 1 : 0;
  }
  const double band = 3.29 * std::sqrt(kAlpha * (1.0 - kAlpha) / kTrials);
  EXPECT_NEAR(static_cast<double>(regressed) / kTrials, kAlpha, band);
  EXPECT_NEAR(static_cast<double>(improved) / kTrials, kAlpha, band);
  EXPECT_NEAR(static_cast<double>(changed) / kTrials, kAlpha, band);
  // A tolerance of half a unit (the differences have sd sqrt(2), so about 1.1 standard errors of
  // the mean difference) makes the test reject only past t = 1.83 + 1.12: about 0.8%.
  EXPECT_LT(static_cast<double>(regressed_with_tolerance) / kTrials, kAlpha / 2.0);
}

}  // namespace
}  // namespace whsim::stats
