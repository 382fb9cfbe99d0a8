// Reading and validating distribution mappings (see the header).
#include "whsim/scenario/distribution_spec.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>
#include <vector>

#include <fmt/format.h>

#include "whsim/core/text.hpp"
#include "whsim/core/units.hpp"

namespace whsim::scenario {
namespace {

struct KindInfo {
  DistKind kind;
  std::string_view name;
  std::array<std::string_view, 3> params;  ///< accepted parameters besides `dist`
};

constexpr std::array<KindInfo, 9> kKinds{{
    {DistKind::kConstant, "constant", {"value", "", ""}},
    {DistKind::kExponential, "exponential", {"mean", "", ""}},
    {DistKind::kLognormal, "lognormal", {"mean", "cv", "stddev"}},
    {DistKind::kGamma, "gamma", {"mean", "cv", ""}},
    {DistKind::kErlang, "erlang", {"mean", "k", ""}},
    {DistKind::kNormal, "normal", {"mean", "stddev", ""}},
    {DistKind::kTriangular, "triangular", {"min", "mode", "max"}},
    {DistKind::kUniform, "uniform", {"min", "max", ""}},
    {DistKind::kEmpirical, "empirical", {"values", "weights", ""}},
}};

std::string kind_list() {
  std::array<std::string_view, kKinds.size()> names{};
  for (std::size_t i = 0; i < kKinds.size(); ++i) names[i] = kKinds[i].name;
  return join_alternatives(names);
}

class DistReader {
 public:
  DistReader(const YamlDocument& doc, DistDomain domain, const std::string& path,
             std::vector<Diagnostic>& errors)
      : doc_(doc), domain_(domain), path_(path), errors_(errors) {}

  DistributionSpec read(NodeIndex n) {
    DistributionSpec spec;
    spec.domain = domain_;
    spec.where = doc_.where(n);
    const YamlNode& node = doc_.node(n);
    if (node.kind == YamlKind::kScalar) {  // a constant
      if (const auto v = scalar(n, path_)) {
        spec.kind = DistKind::kConstant;
        spec.value = *v;
        if (*v < 0) fail(n, path_, fmt::format("{} must not be negative", in_quotes(node.text)));
      }
      return spec;
    }
    if (node.kind != YamlKind::kMapping) {
      fail(n, path_,
           fmt::format("expected {} or a distribution such as {{dist: exponential, mean: 30s}}",
                       domain_ == DistDomain::kDuration ? "a duration" : "a number"));
      return spec;
    }
    const YamlEntry* dist = entry(n, "dist");
    if (dist == nullptr) {
      fail(n, path_, fmt::format("a distribution needs \"dist\" (one of {})", kind_list()));
      return spec;
    }
    const YamlNode& dn = doc_.node(dist->value);
    const KindInfo* info = nullptr;
    for (const KindInfo& k : kKinds) {
      if (dn.kind == YamlKind::kScalar && dn.text == k.name) info = &k;
    }
    if (info == nullptr) {
      fail(dist->value, path_ + ".dist",
           fmt::format("unknown distribution {} (expected {})", in_quotes(dn.text), kind_list()));
      return spec;
    }
    spec.kind = info->kind;
    for (const YamlEntry& e : node.entries) {  // unknown parameters
      if (e.key == "dist") continue;
      if (std::find(info->params.begin(), info->params.end(), std::string_view(e.key)) ==
          info->params.end()) {
        std::vector<std::string_view> accepted;
        for (const std::string_view p : info->params) {
          if (!p.empty()) accepted.push_back(p);
        }
        const auto best = closest_match(e.key, accepted);
        const std::string hint = best ? fmt::format("did you mean \"{}\"?", *best)
                                      : fmt::format("{} takes {}", info->name, join_alternatives(accepted));
        errors_.push_back(Diagnostic{doc_.where(e), path_ + "." + e.key,
                                     fmt::format("unknown parameter \"{}\" ({})", e.key, hint)});
      }
    }
    switch (info->kind) {
      case DistKind::kConstant:
        spec.value = required(n, "value", 0.0, false).value_or(0);
        break;
      case DistKind::kExponential:
        spec.mean = required(n, "mean", 0.0, true).value_or(0);
        break;
      case DistKind::kLognormal: {
        spec.mean = required(n, "mean", 0.0, true).value_or(0);
        const YamlEntry* cv = entry(n, "cv");
        const YamlEntry* sd = entry(n, "stddev");
        if ((cv == nullptr) == (sd == nullptr)) {
          fail(n, path_, "lognormal needs exactly one of \"cv\" and \"stddev\"");
        } else if (cv != nullptr) {
          spec.cv = ratio(*cv).value_or(0);
          spec.stddev = spec.cv * spec.mean;
        } else {
          spec.stddev = positive(*sd).value_or(0);
          spec.cv = spec.mean > 0 ? spec.stddev / spec.mean : 0;
        }
        break;
      }
      case DistKind::kGamma:
        spec.mean = required(n, "mean", 0.0, true).value_or(0);
        if (const YamlEntry* cv = entry(n, "cv")) {
          spec.cv = ratio(*cv).value_or(0);
        } else {
          fail(n, path_, "gamma needs \"cv\" (the coefficient of variation, stddev / mean)");
        }
        break;
      case DistKind::kErlang:
        spec.mean = required(n, "mean", 0.0, true).value_or(0);
        if (const YamlEntry* k = entry(n, "k")) {
          const YamlNode& kn = doc_.node(k->value);
          const auto p = units::parse_number(kn.text);
          if (!kn.plain || !p || p.value() < 1 || p.value() > 1e6 || p.value() != std::floor(p.value())) {
            fail(k->value, path_ + ".k",
                 fmt::format("expected a whole number of phases from 1 to 1000000, got {}",
                             in_quotes(kn.text)));
          } else {
            spec.k = static_cast<std::int64_t>(p.value());
          }
        } else {
          fail(n, path_, "erlang needs \"k\" (the number of phases)");
        }
        break;
      case DistKind::kNormal:
        spec.mean = required(n, "mean", 0.0, false).value_or(0);
        spec.stddev = required(n, "stddev", 0.0, true).value_or(0);
        break;
      case DistKind::kTriangular: {
        const auto lo = required(n, "min", 0.0, false);
        const auto mo = required(n, "mode", 0.0, false);
        const auto hi = required(n, "max", 0.0, false);
        if (lo && mo && hi) {
          spec.min = *lo;
          spec.mode = *mo;
          spec.max = *hi;
          if (!(*lo <= *mo && *mo <= *hi && *lo < *hi))
            fail(n, path_, "triangular needs min <= mode <= max and min < max");
        }
        break;
      }
      case DistKind::kUniform: {
        const auto lo = required(n, "min", 0.0, false);
        const auto hi = required(n, "max", 0.0, false);
        if (lo && hi) {
          spec.min = *lo;
          spec.max = *hi;
          if (!(*lo < *hi)) fail(n, path_, "uniform needs min < max");
        }
        break;
      }
      case DistKind::kEmpirical:
        empirical(n, spec);
        break;
    }
    return spec;
  }

 private:
  static std::string in_quotes(std::string_view s) { return fmt::format("\"{}\"", s); }

  void fail(NodeIndex n, const std::string& path, std::string message) {
    errors_.push_back(Diagnostic{doc_.where(n), path, std::move(message)});
  }

  const YamlEntry* entry(NodeIndex mapping, std::string_view key) const {
    for (const YamlEntry& e : doc_.node(mapping).entries) {
      if (e.key == key) return &e;
    }
    return nullptr;
  }

  /// A value of the domain: a duration with a unit (seconds), or a plain number.
  std::optional<double> scalar(NodeIndex n, const std::string& path) {
    const YamlNode& node = doc_.node(n);
    if (node.kind != YamlKind::kScalar) {
      fail(n, path, domain_ == DistDomain::kDuration ? "expected a duration" : "expected a number");
      return std::nullopt;
    }
    if (domain_ == DistDomain::kDuration) {
      const auto d = units::parse_duration(node.text);
      if (!d) {
        fail(n, path, d.message());
        return std::nullopt;
      }
      return d.value().to_seconds();
    }
    const auto v = units::parse_number(node.text);
    if (!v) {
      fail(n, path, v.message());
      return std::nullopt;
    }
    return v.value();
  }

  std::optional<double> required(NodeIndex mapping, std::string_view key, double floor, bool strictly_above) {
    const YamlEntry* e = entry(mapping, key);
    const std::string path = path_ + "." + std::string(key);
    if (e == nullptr) {
      fail(mapping, path_, fmt::format("{} needs \"{}\"", to_string_kind(mapping), key));
      return std::nullopt;
    }
    const auto v = scalar(e->value, path);
    if (!v) return std::nullopt;
    if (domain_ == DistDomain::kDuration || strictly_above) {
      if (strictly_above ? !(*v > floor) : *v < floor) {
        fail(e->value, path,
             fmt::format("{} must be {} {}", in_quotes(doc_.node(e->value).text),
                         strictly_above ? "above" : "at least",
                         domain_ == DistDomain::kDuration ? "0s" : "0"));
        return std::nullopt;
      }
    }
    return v;
  }

  std::string to_string_kind(NodeIndex mapping) const {
    const YamlEntry* d = entry(mapping, "dist");
    return d == nullptr ? std::string("the distribution") : doc_.node(d->value).text;
  }

  /// A coefficient of variation: a plain number > 0 and at most 100.
  std::optional<double> ratio(const YamlEntry& e) {
    const YamlNode& node = doc_.node(e.value);
    const auto v = units::parse_number(node.text);
    if (!node.plain || !v || !(v.value() > 0) || v.value() > 100) {
      fail(e.value, path_ + "." + e.key,
           fmt::format("expected a coefficient of variation above 0 and at most 100, got {}",
                       in_quotes(node.text)));
      return std::nullopt;
    }
    return v.value();
  }

  std::optional<double> positive(const YamlEntry& e) {
    const auto v = scalar(e.value, path_ + "." + e.key);
    if (v && !(*v > 0)) {
      fail(e.value, path_ + "." + e.key,
           fmt::format("{} must be above 0", in_quotes(doc_.node(e.value).text)));
      return std::nullopt;
    }
    return v;
  }

  void empirical(NodeIndex n, DistributionSpec& spec) {
    const YamlEntry* values = entry(n, "values");
    const YamlEntry* weights = entry(n, "weights");
    if (values == nullptr) {
      fail(n, path_, "empirical needs \"values\" (a list)");
      return;
    }
    const YamlNode& vn = doc_.node(values->value);
    if (vn.kind != YamlKind::kSequence || vn.items.empty()) {
      fail(values->value, path_ + ".values", "expected a non-empty list of values");
      return;
    }
    for (std::size_t i = 0; i < vn.items.size(); ++i) {
      const auto v = scalar(vn.items[i], fmt::format("{}.values[{}]", path_, i));
      if (v && *v < 0) fail(vn.items[i], fmt::format("{}.values[{}]", path_, i), "must not be negative");
      spec.values.push_back(v.value_or(0));
    }
    if (weights == nullptr) {
      spec.weights.assign(spec.values.size(), 1.0);
      return;
    }
    const YamlNode& wn = doc_.node(weights->value);
    if (wn.kind != YamlKind::kSequence || wn.items.size() != vn.items.size()) {
      fail(weights->value, path_ + ".weights",
           fmt::format("expected a list of {} weights, one per value", vn.items.size()));
      return;
    }
    double total = 0;
    for (std::size_t i = 0; i < wn.items.size(); ++i) {
      const YamlNode& w = doc_.node(wn.items[i]);
      const auto p = units::parse_number(w.text);
      if (w.kind != YamlKind::kScalar || !p || p.value() < 0) {
        fail(wn.items[i], fmt::format("{}.weights[{}]", path_, i),
             fmt::format("expected a weight of at least 0, got {}", in_quotes(w.text)));
        spec.weights.push_back(0);
        continue;
      }
      spec.weights.push_back(p.value());
      total += p.value();
    }
    if (!(total > 0)) fail(weights->value, path_ + ".weights", "the weights must not all be 0");
  }

  const YamlDocument& doc_;
  DistDomain domain_;
  const std::string& path_;
  std::vector<Diagnostic>& errors_;
};

}  // namespace

std::string_view to_string(DistKind kind) {
  for (const KindInfo& k : kKinds) {
    if (k.kind == kind) return k.name;
  }
  return "unknown";
}

double DistributionSpec::expected_value() const {
  switch (kind) {
    case DistKind::kConstant:
      return value;
    case DistKind::kExponential:
    case DistKind::kLognormal:
    case DistKind::kGamma:
    case DistKind::kErlang:
    case DistKind::kNormal:
      return mean;
    case DistKind::kTriangular:
      return (min + mode + max) / 3.0;
    case DistKind::kUniform:
      return (min + max) / 2.0;
    case DistKind::kEmpirical: {
      double sw = 0;
      double swx = 0;
      for (std::size_t i = 0; i < values.size() && i < weights.size(); ++i) {
        sw += weights[i];
        swx += weights[i] * values[i];
      }
      return sw > 0 ? swx / sw : 0;
    }
  }
  return 0;
}

DistributionSpec read_distribution(const YamlDocument& doc, NodeIndex node, DistDomain domain,
                                   const std::string& key_path, std::vector<Diagnostic>& errors) {
  return DistReader(doc, domain, key_path, errors).read(node);
}

}  // namespace whsim::scenario
