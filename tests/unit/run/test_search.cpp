// The --search bisection: targets parsed and rejected, the smallest meeting value found for every
// position of a step (at lo, at hi, inside, nowhere) within the stated number of probes and in
// the stated order, the one-sided confidence bound deciding (not the mean), NaN values, a stop
// request, and a one-value range.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "whsim/core/error.hpp"
#include "whsim/run/search.hpp"

namespace whsim::run {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();
/// t_{0.95, 1}: the one-sided 95% quantile of Student's t with one degree of freedom (mpmath).
constexpr double kT95One = 6.313751514675043;

TEST(SearchTarget, ParsesAtMostAndAtLeast) {
  const SearchTarget a = parse_target("a.b<=3");
  EXPECT_EQ(a.kpi, "a.b");
  EXPECT_TRUE(a.at_most);
  EXPECT_EQ(a.value, 3.0);
  EXPECT_EQ(a.describe(), "a.b <= 3");
  const SearchTarget b = parse_target("x >= 2.5");
  EXPECT_EQ(b.kpi, "x");
  EXPECT_FALSE(b.at_most);
  EXPECT_EQ(b.value, 2.5);
  EXPECT_EQ(b.describe(), "x >= 2.5");
  const SearchTarget c = parse_target("orders.pick_cycle_time.p95<=-1e3");
  EXPECT_EQ(c.kpi, "orders.pick_cycle_time.p95");
  EXPECT_EQ(c.value, -1000.0);
}

TEST(SearchTarget, MalformedTargetsAreInputErrors) {
  for (const char* text : {"x<3", "x=3", "<=3", "x<=", "x<=abc", "x<=inf", "x<=nan", "x<=3 4", "x<=1e999", "",
                           "  <=  ", "x<=3abc"}) {
    SCOPED_TRACE(text);
    try {
      (void)parse_target(text);
      ADD_FAILURE() << "no error";
    } catch (const InputError& e) {
      ASSERT_EQ(e.diagnostics().size(), 1U);
      const Diagnostic& d = e.diagnostics().front();
      EXPECT_EQ(d.key_path, "--target");
      EXPECT_NE(d.message.find(std::string("malformed target '") + text + "'"), std::string::npos)
          << d.message;
      EXPECT_NE(d.message.find("expected KPI<=VALUE or KPI>=VALUE"), std::string::npos) << d.message;
    }
  }
}

/// An evaluator for "x <= 1" that meets it from `step` on (two identical values each), and
/// counts its calls.
struct Step {
  std::int64_t step;
  std::vector<std::int64_t> calls;
  std::vector<double> operator()(std::int64_t v) {
    calls.push_back(v);
    return v >= step ? std::vector<double>{0.0, 0.0} : std::vector<double>{5.0, 5.0};
  }
};

/// 2 + ceil(log2(hi - lo)) for hi > lo.
std::size_t probe_limit(std::int64_t lo, std::int64_t hi) {
  std::size_t bits = 0;
  while ((std::int64_t{1} << bits) < hi - lo) ++bits;
  return 2 + bits;
}

TEST(SearchSmallest, FindsTheStepWhereverItIs) {
  const SearchTarget target = parse_target("x<=1");
  for (const auto& [lo, hi] :
       std::vector<std::pair<std::int64_t, std::int64_t>>{{3, 20}, {0, 1}, {10, 11}, {1, 64}, {-5, 1000}}) {
    for (std::int64_t step = lo - 2; step <= hi + 2; ++step) {
      if (hi - lo > 100 && step > lo + 3 && step < hi - 3 && step % 97 != 0) continue;  // a sample of steps
      SCOPED_TRACE(testing::Message() << "[" << lo << ", " << hi << "] step " << step);
      Step evaluate{step, {}};
      const SearchResult r =
          search_smallest(lo, hi, target, 0.95, [&](std::int64_t v) { return evaluate(v); });
      if (step > hi) {
        EXPECT_FALSE(r.answer.has_value());
        EXPECT_EQ(evaluate.calls, std::vector<std::int64_t>{hi});  // hi fails: nothing more to try
      } else {
        ASSERT_TRUE(r.answer.has_value());
        EXPECT_EQ(*r.answer, std::max(step, lo));
      }
      ASSERT_FALSE(r.probes.empty());
      EXPECT_LE(r.probes.size(), probe_limit(lo, hi));
      EXPECT_EQ(r.probes[0].value, hi);
      if (step <= hi) {
        ASSERT_GE(r.probes.size(), 2U);
        EXPECT_EQ(r.probes[1].value, lo);
      }
      if (step <= lo) {
        EXPECT_EQ(r.probes.size(), 2U);
      }
      std::set<std::int64_t> distinct;
      for (std::size_t i = 0; i < r.probes.size(); ++i) {
        const SearchProbe& p = r.probes[i];
        EXPECT_EQ(p.value, evaluate.calls[i]);
        EXPECT_GE(p.value, lo);
        EXPECT_LE(p.value, hi);
        EXPECT_EQ(p.meets, p.value >= step) << p.value;
        EXPECT_EQ(p.values.size(), 2U);
        EXPECT_EQ(p.mean, p.meets ? 0.0 : 5.0);
        EXPECT_EQ(p.bound, p.mean);  // no spread: the bound is the mean
        distinct.insert(p.value);
      }
      EXPECT_EQ(distinct.size(), r.probes.size()) << "a value was probed twice";
      EXPECT_EQ(evaluate.calls.size(), r.probes.size());
    }
  }
}

TEST(SearchSmallest, AtLeastTargetsUseTheLowerBound) {
  // Throughput 10 per robot, with spread: values 10v - 2 and 10v + 2 (mean 10v, s = 2 sqrt(2)).
  const SearchTarget target = parse_target("throughput>=95");
  const SearchResult r = search_smallest(1, 50, target, 0.95, [](std::int64_t v) {
    const double m = 10.0 * static_cast<double>(v);
    return std::vector<double>{m - 2.0, m + 2.0};
  });
  // Lower bound = 10v - t s / sqrt(2) = 10v - 2 t >= 95 first at v = ceil((95 + 2 t) / 10) = 11.
  ASSERT_TRUE(r.answer.has_value());
  EXPECT_EQ(*r.answer, 11);
  for (const SearchProbe& p : r.probes) {
    EXPECT_NEAR(p.bound, 10.0 * static_cast<double>(p.value) - 2.0 * kT95One, 1e-9) << p.value;
    EXPECT_EQ(p.meets, p.bound >= 95.0);
  }
}

// With two values m - 1 and m + 1 the upper bound is m + t_{0.95,1} = m + 6.31: the mean would
// meet "x <= 5" from v = 5 on, but with 95% confidence only from v = 12 on.
TEST(SearchSmallest, TheConfidenceBoundDecidesNotTheMean) {
  const SearchTarget target = parse_target("x<=5");
  const SearchResult r = search_smallest(0, 30, target, 0.95, [](std::int64_t v) {
    const double m = 10.0 - static_cast<double>(v);
    return std::vector<double>{m - 1.0, m + 1.0};
  });
  ASSERT_TRUE(r.answer.has_value());
  EXPECT_EQ(*r.answer, 12);
  bool mean_met_but_not_bound = false;
  for (const SearchProbe& p : r.probes) {
    const double m = 10.0 - static_cast<double>(p.value);
    EXPECT_DOUBLE_EQ(p.mean, m);
    EXPECT_NEAR(p.bound, m + kT95One, 1e-9) << p.value;
    EXPECT_EQ(p.meets, p.value >= 12) << p.value;
    if (p.mean <= 5.0 && !p.meets) mean_met_but_not_bound = true;
  }
  EXPECT_TRUE(mean_met_but_not_bound);  // the search saw such a value (e.g. 7 or 11)
  // A lower level gives a tighter bound: t_{0.75,1} = 1, so m + 1 <= 5.5 from v = 6 on.
  const SearchResult loose = search_smallest(0, 30, parse_target("x<=5.5"), 0.75, [](std::int64_t v) {
    const double m = 10.0 - static_cast<double>(v);
    return std::vector<double>{m - 1.0, m + 1.0};
  });
  ASSERT_TRUE(loose.answer.has_value());
  EXPECT_EQ(*loose.answer, 6);
}

TEST(SearchSmallest, OneValuePerProbeNeverMeets) {
  const SearchTarget target = parse_target("x<=1000");
  const SearchResult r =
      search_smallest(1, 10, target, 0.95, [](std::int64_t) { return std::vector<double>{0.0}; });
  EXPECT_FALSE(r.answer.has_value());
  ASSERT_EQ(r.probes.size(), 1U);
  EXPECT_EQ(r.probes[0].value, 10);
  EXPECT_EQ(r.probes[0].mean, 0.0);
  EXPECT_EQ(r.probes[0].bound, kInf);
  EXPECT_FALSE(r.probes[0].meets);
  const SearchResult at_least = search_smallest(1, 10, parse_target("x>=-1000"), 0.95,
                                                [](std::int64_t) { return std::vector<double>{0.0}; });
  EXPECT_FALSE(at_least.answer.has_value());
  EXPECT_EQ(at_least.probes[0].bound, -kInf);
}

TEST(SearchSmallest, NaNValuesAreLeftOut) {
  const SearchTarget target = parse_target("x<=1");
  // All NaN: no mean, never meets.
  const SearchResult none = search_smallest(1, 4, target, 0.95, [](std::int64_t) {
    return std::vector<double>{kNaN, kNaN};
  });
  EXPECT_FALSE(none.answer.has_value());
  ASSERT_EQ(none.probes.size(), 1U);
  EXPECT_TRUE(std::isnan(none.probes[0].mean));
  EXPECT_FALSE(none.probes[0].meets);
  // Two numbers and a NaN: the numbers decide.
  const SearchResult some = search_smallest(1, 4, target, 0.95, [](std::int64_t v) {
    return std::vector<double>{0.5, kNaN, v >= 3 ? 0.5 : 9.0};
  });
  ASSERT_TRUE(some.answer.has_value());
  EXPECT_EQ(*some.answer, 3);
  EXPECT_EQ(some.probes[0].values.size(), 3U);  // the NaN is kept in the probe's values
  EXPECT_EQ(some.probes[0].mean, 0.5);
}

TEST(SearchSmallest, StopEndsTheSearchBeforeTheNextProbe) {
  const SearchTarget target = parse_target("x<=1");
  for (const std::size_t allowed : {0U, 1U, 2U, 3U}) {
    SCOPED_TRACE(allowed);
    Step evaluate{37, {}};
    std::size_t asked = 0;
    const SearchResult r = search_smallest(
        0, 100, target, 0.95, [&](std::int64_t v) { return evaluate(v); },
        [&] { return asked++ >= allowed; });
    EXPECT_EQ(r.probes.size(), allowed);
    EXPECT_EQ(evaluate.calls.size(), allowed);
    EXPECT_FALSE(r.answer.has_value());
    EXPECT_EQ(asked, allowed + 1);
  }
  // A stop that never comes changes nothing.
  Step evaluate{37, {}};
  const SearchResult r = search_smallest(
      0, 100, target, 0.95, [&](std::int64_t v) { return evaluate(v); }, [] { return false; });
  ASSERT_TRUE(r.answer.has_value());
  EXPECT_EQ(*r.answer, 37);
}

TEST(SearchSmallest, OneValueRange) {
  const SearchTarget target = parse_target("x<=1");
  Step meets{7, {}};
  const SearchResult yes = search_smallest(7, 7, target, 0.95, [&](std::int64_t v) { return meets(v); });
  ASSERT_TRUE(yes.answer.has_value());
  EXPECT_EQ(*yes.answer, 7);
  EXPECT_EQ(meets.calls, std::vector<std::int64_t>{7});
  Step fails{8, {}};
  const SearchResult no = search_smallest(7, 7, target, 0.95, [&](std::int64_t v) { return fails(v); });
  EXPECT_FALSE(no.answer.has_value());
  EXPECT_EQ(fails.calls, std::vector<std::int64_t>{7});
  EXPECT_THROW((void)search_smallest(8, 7, target, 0.95, [](std::int64_t) { return std::vector<double>{}; }),
               ContractError);
}

}  // namespace
}  // namespace whsim::run
