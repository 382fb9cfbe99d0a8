// Distribution mappings in scenarios: every kind, constants, and the message for each mistake.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "whsim/scenario/distribution_spec.hpp"

namespace whsim::scenario {
namespace {

struct Read {
  DistributionSpec spec;
  std::vector<std::string> errors;
};

Read read(std::string_view yaml, DistDomain domain = DistDomain::kDuration) {
  const YamlDocument doc = YamlDocument::parse(std::string("x: ") + std::string(yaml) + "\n", "d.yaml");
  std::vector<Diagnostic> errors;
  Read r;
  r.spec = read_distribution(doc, doc.node(doc.root()).entries[0].value, domain, "x", errors);
  for (const auto& d : errors) r.errors.push_back(d.to_string());
  return r;
}

TEST(DistributionSpecTest, EveryKind) {
  auto r = read("30s");
  EXPECT_TRUE(r.errors.empty());
  EXPECT_EQ(r.spec.kind, DistKind::kConstant);
  EXPECT_EQ(r.spec.value, 30.0);
  r = read("{dist: exponential, mean: 1.5 min}");
  EXPECT_TRUE(r.errors.empty());
  EXPECT_EQ(r.spec.kind, DistKind::kExponential);
  EXPECT_EQ(r.spec.mean, 90.0);
  r = read("{dist: lognormal, mean: 4s, cv: 0.5}");
  EXPECT_TRUE(r.errors.empty());
  EXPECT_EQ(r.spec.cv, 0.5);
  EXPECT_EQ(r.spec.stddev, 2.0);
  r = read("{dist: lognormal, mean: 4s, stddev: 1s}");
  EXPECT_EQ(r.spec.cv, 0.25);
  r = read("{dist: gamma, mean: 10s, cv: 0.8}");
  EXPECT_TRUE(r.errors.empty());
  r = read("{dist: erlang, mean: 10s, k: 3}");
  EXPECT_EQ(r.spec.k, 3);
  r = read("{dist: normal, mean: 10s, stddev: 2s}");
  EXPECT_EQ(r.spec.stddev, 2.0);
  r = read("{dist: triangular, min: 2s, mode: 3s, max: 6s}");
  EXPECT_TRUE(r.errors.empty());
  EXPECT_DOUBLE_EQ(r.spec.expected_value(), 11.0 / 3.0);
  r = read("{dist: uniform, min: 2s, max: 6s}");
  EXPECT_EQ(r.spec.expected_value(), 4.0);
  r = read("{dist: empirical, values: [1, 2, 3], weights: [5, 3, 2]}", DistDomain::kNumber);
  EXPECT_TRUE(r.errors.empty());
  EXPECT_DOUBLE_EQ(r.spec.expected_value(), (5.0 + 6.0 + 6.0) / 10.0);
  r = read("{dist: empirical, values: [1, 2]}", DistDomain::kNumber);
  EXPECT_EQ(r.spec.weights, (std::vector<double>{1.0, 1.0}));
  r = read("{dist: constant, value: 4}", DistDomain::kNumber);
  EXPECT_EQ(r.spec.value, 4.0);
}

TEST(DistributionSpecTest, Mistakes) {
  const auto first = [](std::string_view yaml, DistDomain domain = DistDomain::kDuration) {
    const auto r = read(yaml, domain);
    return r.errors.empty() ? std::string("no error") : r.errors.front();
  };
  EXPECT_EQ(
      first("{mean: 3s}"),
      "d.yaml:1:4: x: a distribution needs \"dist\" (one of constant, exponential, lognormal, gamma, erlang, "
      "normal, triangular, uniform or empirical)");
  EXPECT_EQ(
      first("{dist: poisson, mean: 3s}"),
      "d.yaml:1:11: x.dist: unknown distribution \"poisson\" (expected constant, exponential, lognormal, "
      "gamma, erlang, normal, triangular, uniform or empirical)");
  EXPECT_EQ(first("{dist: exponential, mena: 3s}"),
            "d.yaml:1:24: x.mena: unknown parameter \"mena\" (did you mean \"mean\"?)");
  EXPECT_EQ(first("{dist: exponential, mean: 0s}"), "d.yaml:1:30: x.mean: \"0s\" must be above 0s");
  EXPECT_EQ(first("{dist: exponential, mean: 3}"),
            "d.yaml:1:30: x.mean: \"3\" needs a unit: a duration in us, ms, s, sec, second, seconds, m, min, "
            "minute, "
            "minutes, h, hr, hour, hours, d, day, days, w, week or weeks");
  EXPECT_EQ(first("{dist: lognormal, mean: 4s}"),
            "d.yaml:1:4: x: lognormal needs exactly one of \"cv\" and \"stddev\"");
  EXPECT_EQ(first("{dist: gamma, mean: 4s, cv: -1}"),
            "d.yaml:1:32: x.cv: expected a coefficient of variation above 0 and at most 100, got \"-1\"");
  EXPECT_EQ(first("{dist: erlang, mean: 4s, k: 2.5}"),
            "d.yaml:1:32: x.k: expected a whole number of phases from 1 to 1000000, got \"2.5\"");
  EXPECT_EQ(first("{dist: triangular, min: 5s, mode: 3s, max: 6s}"),
            "d.yaml:1:4: x: triangular needs min <= mode <= max and min < max");
  EXPECT_EQ(first("{dist: triangular, min: 5s, max: 6s}"), "d.yaml:1:4: x: triangular needs \"mode\"");
  EXPECT_EQ(first("{dist: empirical, values: [1, 2], weights: [1]}", DistDomain::kNumber),
            "d.yaml:1:47: x.weights: expected a list of 2 weights, one per value");
  EXPECT_EQ(first("{dist: empirical, values: [1, 2], weights: [0, 0]}", DistDomain::kNumber),
            "d.yaml:1:47: x.weights: the weights must not all be 0");
  EXPECT_EQ(first("[1, 2]"),
            "d.yaml:1:4: x: expected a duration or a distribution such as {dist: exponential, mean: 30s}");
  EXPECT_EQ(first("-3s"), "d.yaml:1:4: x: \"-3s\" must not be negative");
  EXPECT_EQ(first("abc", DistDomain::kNumber), "d.yaml:1:4: x: expected a number, got \"abc\"");
  // Every problem is reported, not just the first.
  EXPECT_EQ(read("{dist: uniform, minimum: 1s, max: 0s}").errors.size(), 2U);
}

}  // namespace
}  // namespace whsim::scenario
