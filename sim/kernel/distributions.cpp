// Random variate distributions (see the header). Only whsim::dmath and IEEE-754 +, -, *, /, sqrt
// and floor are used, so every variate is bit-identical on every CPU and optimisation level.
#include "whsim/kernel/distributions.hpp"

#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <utility>

#include <fmt/format.h>

#include "whsim/core/dmath.hpp"
#include "whsim/core/error.hpp"

namespace whsim {
namespace {

constexpr std::int64_t kMaxExactInteger = std::int64_t{1} << 53;  // doubles hold every integer up to here
constexpr double kTwoPow63 = 9223372036854775808.0;
constexpr double kHalfLog2Pi = 0.91893853320467274178;
constexpr double kPoissonInversionLimit = 10.0;
/// Sequential-search inversion (means < 10) restarts beyond this count: only a rounding overrun
/// of the uniform past the accumulated mass can get there (the true tail is below 1e-300).
constexpr std::int64_t kInversionCap = 400;

bool is_finite(double x) {
  return std::isfinite(x);
}

template <typename... Args>
void require(bool ok, fmt::format_string<Args...> format, Args&&... args) {
  if (!ok) throw ContractError(fmt::format(format, std::forward<Args>(args)...));
}

/// Ziggurat tables (Marsaglia & Tsang, "The Ziggurat Method for Generating Random Variables",
/// J. Stat. Softw. 5(8), 2000) with 256 layers of equal area `v` under a decreasing density f
/// on [0, inf): x[0] = v / f(r) (the base layer with the tail), x[1] = r, x[i+1] = f^-1(v / x[i]
/// + f(x[i])), x[256] = 0, and fx[i] = f(x[i]). Built once with whsim::dmath, so the tables,
/// and every variate, are the same bits on every CPU.
struct Ziggurat {
  std::array<double, 257> x{};
  std::array<double, 257> fx{};
};

template <class Density, class Inverse>
Ziggurat build_ziggurat(double r, double v, Density f, Inverse f_inverse) {
  Ziggurat z;
  z.x[0] = v / f(r);
  z.x[1] = r;
  for (std::size_t i = 1; i < 255; ++i) z.x[i + 1] = f_inverse(v / z.x[i] + f(z.x[i]));
  z.x[256] = 0.0;
  for (std::size_t i = 0; i < 257; ++i) z.fx[i] = f(z.x[i]);
  z.fx[256] = 1.0;
  return z;
}

const Ziggurat& exponential_ziggurat() {
  static const Ziggurat z = build_ziggurat(
      7.69711747013104972, 0.0039496598225815571993, [](double t) { return dmath::exp(-t); },
      [](double y) { return -dmath::log(y); });
  return z;
}

const Ziggurat& normal_ziggurat() {
  static const Ziggurat z = build_ziggurat(
      3.6541528853610088, 0.00492867323399, [](double t) { return dmath::exp(-0.5 * t * t); },
      [](double y) { return dmath::sqrt(-2.0 * dmath::log(y)); });
  return z;
}

/// Standard exponential variate by the ziggurat: one 64-bit word picks the layer (low 8 bits)
/// and the abscissa (high 53 bits); 98.9% of variates need nothing else. The tail beyond r is
/// r plus a fresh exponential (memorylessness). All retries stay inside the same draw.
double standard_exponential(Draw& d) {
  const Ziggurat& z = exponential_ziggurat();
  for (;;) {
    const std::uint64_t bits = d.bits64();
    const auto i = static_cast<std::size_t>(bits & 0xFFU);
    const double x = static_cast<double>(bits >> 11) * 0x1.0p-53 * z.x[i];
    if (x < z.x[i + 1]) return x;
    if (i == 0) return z.x[1] - dmath::log(d.uniform_pos());
    if (z.fx[i] + (z.fx[i + 1] - z.fx[i]) * d.uniform() < dmath::exp(-x)) return x;
  }
}

/// Standard normal variate by the ziggurat on |Z| with a random sign (bit 8 of the same word);
/// the tail beyond r by Marsaglia's method (1964). All retries stay inside the same draw.
double standard_normal(Draw& d) {
  const Ziggurat& z = normal_ziggurat();
  for (;;) {
    const std::uint64_t bits = d.bits64();
    const auto i = static_cast<std::size_t>(bits & 0xFFU);
    const bool negative = (bits & 0x100U) != 0;
    const double x = static_cast<double>(bits >> 11) * 0x1.0p-53 * z.x[i];
    if (x < z.x[i + 1]) return negative ? -x : x;
    if (i == 0) {
      const double r = z.x[1];
      for (;;) {
        const double a = -dmath::log(d.uniform_pos()) / r;
        const double b = -dmath::log(d.uniform_pos());
        if (b + b >= a * a) return negative ? -(r + a) : r + a;
      }
    }
    if (z.fx[i] + (z.fx[i + 1] - z.fx[i]) * d.uniform() < dmath::exp(-0.5 * x * x)) {
      return negative ? -x : x;
    }
  }
}

/// Stirling-series tail of log k!: log k! = (k + 1/2) log(k + 1) - (k + 1) + log(2 pi)/2 + tail(k).
/// Exact values (to double precision) for k < 10, the asymptotic series in 1/(k + 1) beyond
/// (error below 1e-15). Used, as in Hörmann's papers, to evaluate log-pmf ratios without the
/// cancellation of differences of huge log-factorials.
double stirling_tail(double k) {
  static constexpr double kTable[10] = {
      0.08106146679532726,  0.0413406959554093,   0.02767792568499834, 0.020790672103765093,
      0.016644691189821193, 0.013876128823070748, 0.01189670994589177, 0.010411265261972096,
      0.009255462182712733, 0.00833056343336287,
  };
  if (k < 10.0) return kTable[static_cast<int>(k)];
  const double x = k + 1.0;
  const double r = 1.0 / (x * x);
  return (1.0 / 12.0 - r * (1.0 / 360.0 - r * (1.0 / 1260.0 - r * (1.0 / 1680.0 - r * (1.0 / 1188.0))))) / x;
}

/// (e^t - 1) / t, continuous at t = 0.
double expm1_over(double t) {
  if (std::fabs(t) < 1e-8) return 1.0 + t * (0.5 + t / 6.0);
  return dmath::expm1(t) / t;
}

/// log(1 + t) / t, continuous at t = 0.
double log1p_over(double t) {
  if (std::fabs(t) < 1e-8) return 1.0 - t * (0.5 - t / 3.0);
  return dmath::log1p(t) / t;
}

/// Converts a non-negative integral double to int64, saturating at INT64_MAX.
std::int64_t to_count(double x) {
  if (x >= kTwoPow63) return std::numeric_limits<std::int64_t>::max();
  return static_cast<std::int64_t>(x);
}

}  // namespace

// ----------------------------------------------------------------------------------------------
// detail::GammaCore: Marsaglia & Tsang (2000), ACM TOMS 26(3) 363-372.

namespace detail {

GammaCore GammaCore::make(double shape) {
  GammaCore g;
  g.shape = shape;
  g.boost = shape < 1.0;
  const double a = g.boost ? shape + 1.0 : shape;
  g.mt_d = a - 1.0 / 3.0;
  g.mt_c = 1.0 / dmath::sqrt(9.0 * g.mt_d);
  return g;
}

namespace {

/// Gamma(a, 1) for a = d + 1/3 >= 1. With w = c z and v = (1 + w)^3 the log-acceptance test
/// log U < z^2/2 + d (1 - v + log v) is evaluated as d (3 (log1p(w) - w) - w^2 (3 + w)), which
/// is the same quantity without cancellation for huge shapes.
double marsaglia_tsang(double d_const, double c_const, Draw& d) {
  for (;;) {
    double z = 0.0;
    double w = 0.0;
    do {
      z = standard_normal(d);
      w = c_const * z;
    } while (w <= -1.0);
    const double one_plus_w = 1.0 + w;
    const double v = one_plus_w * one_plus_w * one_plus_w;
    const double u = d.uniform_pos();
    const double z2 = z * z;
    if (u < 1.0 - 0.0331 * z2 * z2) return d_const * v;
    const double log_ratio = 3.0 * (dmath::log1p(w) - w) - w * w * (3.0 + w);
    if (dmath::log(u) < 0.5 * z2 + d_const * log_ratio) return d_const * v;
  }
}

}  // namespace

double GammaCore::sample(Draw& d) const {
  const double x = marsaglia_tsang(mt_d, mt_c, d);
  if (!boost) return x;
  return x * dmath::exp(dmath::log(d.uniform_pos()) / shape);
}

double GammaCore::sample_log(Draw& d) const {
  const double x = marsaglia_tsang(mt_d, mt_c, d);
  if (!boost) return dmath::log(x);
  return dmath::log(x) + dmath::log(d.uniform_pos()) / shape;
}

// ----------------------------------------------------------------------------------------------
// detail::PoissonCore

namespace {

/// log P(K = k) for K ~ Poisson(mean), k >= 0, written with e = k + 1 - mean as
///   k log1p(-e / (k + 1)) + e - log(k + 1) / 2 - log(2 pi) / 2 - tail(k)
/// (Stirling form of k log(mean) - mean - log k!). k - mean is exact (Sterbenz) near the mode, and
/// no large terms cancel, so this stays accurate to ~1e-9 absolute even for means near 1e18.
double poisson_log_pmf(double k, double mean) {
  const double e = (k - mean) + 1.0;
  return k * dmath::log1p(-e / (k + 1.0)) + e - 0.5 * dmath::log(k + 1.0) - kHalfLog2Pi - stirling_tail(k);
}
}  // namespace

PoissonCore PoissonCore::make(double mean) {
  PoissonCore p;
  p.mean = mean;
  if (mean < kPoissonInversionLimit) {
    p.exp_neg_mean = dmath::exp(-mean);
  } else {
    // Constants of PTRS (Hörmann 1993, Table/Algorithm PTRS).
    const double slam = dmath::sqrt(mean);
    p.log_mean = dmath::log(mean);
    p.b = 0.931 + 2.53 * slam;
    p.a = -0.059 + 0.02483 * p.b;
    p.log_inv_alpha = dmath::log(1.1239 + 1.1328 / (p.b - 3.4));
    p.v_r = 0.9277 - 3.6224 / (p.b - 2.0);
  }
  return p;
}

std::int64_t PoissonCore::sample(Draw& d) const {
  if (mean == 0.0) return 0;
  if (mean < kPoissonInversionLimit) {
    // Sequential search from 0: subtract P(K = k) from one uniform until it goes below the next
    // probability. If rounding leaves U above the total mass, start over with a fresh uniform.
    for (;;) {
      double u = d.uniform();
      double prob = exp_neg_mean;
      std::int64_t k = 0;
      while (u >= prob && k < kInversionCap) {
        u -= prob;
        ++k;
        prob *= mean / static_cast<double>(k);
      }
      if (k < kInversionCap) return k;
    }
  }
  // PTRS: transformed rejection with squeeze. u in [-1/2, 1/2), v in [0, 1).
  for (;;) {
    const double u = d.uniform() - 0.5;
    const double v = d.uniform();
    const double us = 0.5 - std::fabs(u);
    const double k = std::floor((2.0 * a / us + b) * u + mean + 0.43);
    if (us >= 0.07 && v <= v_r) return static_cast<std::int64_t>(k);
    if (k < 0.0 || (us < 0.013 && v > us)) continue;
    // Accept if log(v / alpha / (a / us^2 + b)) <= log P(K = k).
    if (dmath::log(v) + log_inv_alpha - dmath::log(a / (us * us) + b) <= poisson_log_pmf(k, mean)) {
      return static_cast<std::int64_t>(k);
    }
  }
}

}  // namespace detail

// ----------------------------------------------------------------------------------------------
// Continuous distributions

Uniform::Uniform(double a, double b) : a_(a), b_(b), width_(b - a) {
  require(is_finite(a) && is_finite(b) && a < b && is_finite(width_),
          "Uniform: need finite a < b with finite b - a, got a = {}, b = {}", a, b);
}

double Uniform::operator()(Draw& d) const {
  // a + (b - a) U can round up to b; such (rare) values are redrawn so the support is [a, b).
  for (;;) {
    const double x = a_ + width_ * d.uniform();
    if (x < b_) return x;
  }
}

Exponential::Exponential(double rate) : rate_(rate) {
  require(is_finite(rate) && rate > 0.0, "Exponential: rate must be finite and > 0, got {}", rate);
}

double Exponential::operator()(Draw& d) const {
  return standard_exponential(d) / rate_;
}

Normal::Normal(double mu, double sigma) : mu_(mu), sigma_(sigma) {
  require(is_finite(mu), "Normal: mu must be finite, got {}", mu);
  require(is_finite(sigma) && sigma > 0.0, "Normal: sigma must be finite and > 0, got {}", sigma);
}

double Normal::operator()(Draw& d) const {
  return mu_ + sigma_ * standard_normal(d);
}

LogNormal::LogNormal(double mu, double sigma) : mu_(mu), sigma_(sigma) {
  require(is_finite(mu), "LogNormal: mu must be finite, got {}", mu);
  require(is_finite(sigma) && sigma > 0.0, "LogNormal: sigma must be finite and > 0, got {}", sigma);
}

LogNormal LogNormal::from_mean_stddev(double mean, double stddev) {
  require(is_finite(mean) && mean > 0.0, "LogNormal: mean must be finite and > 0, got {}", mean);
  require(is_finite(stddev) && stddev > 0.0, "LogNormal: stddev must be finite and > 0, got {}", stddev);
  const double cv = stddev / mean;
  const double sigma2 = dmath::log1p(cv * cv);
  return {dmath::log(mean) - 0.5 * sigma2, dmath::sqrt(sigma2)};
}

double LogNormal::operator()(Draw& d) const {
  return dmath::exp(mu_ + sigma_ * standard_normal(d));
}

double LogNormal::mean() const {
  return dmath::exp(mu_ + 0.5 * sigma_ * sigma_);
}

double LogNormal::variance() const {
  const double s2 = sigma_ * sigma_;
  return dmath::expm1(s2) * dmath::exp(2.0 * mu_ + s2);
}

Gamma::Gamma(double shape, double scale) : shape_(shape), scale_(scale) {
  require(is_finite(shape) && shape > 0.0, "Gamma: shape must be finite and > 0, got {}", shape);
  require(is_finite(scale) && scale > 0.0, "Gamma: scale must be finite and > 0, got {}", scale);
  core_ = detail::GammaCore::make(shape);
}

double Gamma::operator()(Draw& d) const {
  return scale_ * core_.sample(d);
}

namespace {
Gamma make_erlang_gamma(std::int64_t k, double rate) {
  require(k >= 1, "Erlang: k must be >= 1, got {}", k);
  require(is_finite(rate) && rate > 0.0, "Erlang: rate must be finite and > 0, got {}", rate);
  return {static_cast<double>(k), 1.0 / rate};
}
}  // namespace

Erlang::Erlang(std::int64_t k, double rate) : k_(k), rate_(rate), gamma_(make_erlang_gamma(k, rate)) {}

Beta::Beta(double a, double b) : a_(a), b_(b) {
  require(is_finite(a) && a > 0.0, "Beta: a must be finite and > 0, got {}", a);
  require(is_finite(b) && b > 0.0, "Beta: b must be finite and > 0, got {}", b);
  gamma_a_ = detail::GammaCore::make(a);
  gamma_b_ = detail::GammaCore::make(b);
}

double Beta::operator()(Draw& d) const {
  if (!gamma_a_.boost && !gamma_b_.boost) {
    const double x = gamma_a_.sample(d);
    const double y = gamma_b_.sample(d);
    return x / (x + y);
  }
  // X / (X + Y) = 1 / (1 + exp(log Y - log X)); both logs are finite even where X or Y underflow.
  const double log_x = gamma_a_.sample_log(d);
  const double log_y = gamma_b_.sample_log(d);
  return 1.0 / (1.0 + dmath::exp(log_y - log_x));
}

double Beta::variance() const {
  const double s = a_ + b_;
  return a_ / s * (b_ / s) / (s + 1.0);
}

Triangular::Triangular(double min, double mode, double max) : min_(min), mode_(mode), max_(max) {
  require(is_finite(min) && is_finite(mode) && is_finite(max) && min <= mode && mode <= max && min < max &&
              is_finite(max - min),
          "Triangular: need finite min <= mode <= max with min < max, got ({}, {}, {})", min, mode, max);
  mode_cdf_ = (mode - min) / (max - min);
}

double Triangular::operator()(Draw& d) const {
  // Inversion: F(x) = (x-min)^2 / ((max-min)(mode-min)) left of the mode,
  // 1 - (max-x)^2 / ((max-min)(max-mode)) right of it.
  const double u = d.uniform();
  if (u < mode_cdf_) return min_ + dmath::sqrt(u * (max_ - min_) * (mode_ - min_));
  return max_ - dmath::sqrt((1.0 - u) * (max_ - min_) * (max_ - mode_));
}

double Triangular::variance() const {
  return (min_ * min_ + mode_ * mode_ + max_ * max_ - min_ * mode_ - min_ * max_ - mode_ * max_) / 18.0;
}

// ----------------------------------------------------------------------------------------------
// Discrete distributions

Bernoulli::Bernoulli(double p) : p_(p) {
  require(p >= 0.0 && p <= 1.0, "Bernoulli: p must be in [0, 1], got {}", p);
}

Binomial::Binomial(std::int64_t n, double p) : n_(n), p_(p) {
  require(n >= 0 && n <= kMaxExactInteger, "Binomial: n must be in [0, 2^53], got {}", n);
  require(p >= 0.0 && p <= 1.0, "Binomial: p must be in [0, 1], got {}", p);
  flip_ = p > 0.5;
  pp_ = flip_ ? 1.0 - p : p;  // exact (Sterbenz)
  const double nd = static_cast<double>(n);
  if (n == 0 || pp_ == 0.0) {
    method_ = Method::kConstant;
    return;
  }
  const double q = 1.0 - pp_;
  if (nd * pp_ < 10.0) {
    method_ = Method::kInversion;
    q_pow_n_ = dmath::exp(nd * dmath::log1p(-pp_));
    odds_ = pp_ / q;
    return;
  }
  // BTRS constants (Hörmann 1993, algorithm BTRS).
  method_ = Method::kBtrs;
  const double spq = dmath::sqrt(nd * pp_ * q);
  b_ = 1.15 + 2.53 * spq;
  a_ = -0.0873 + 0.0248 * b_ + 0.01 * pp_;
  c_ = nd * pp_ + 0.5;
  alpha_ = (2.83 + 5.1 / b_) * spq;
  v_r_ = 0.92 - 4.2 / b_;
  m_ = std::floor((nd + 1.0) * pp_);
  log_odds_ = dmath::log(pp_ / q);
  tail_m_ = stirling_tail(m_) + stirling_tail(nd - m_);
}

std::int64_t Binomial::sample_inversion(Draw& d) const {
  // Sequential search with P(k) = P(k-1) (n - k + 1)/k * p/q; restart on rounding overrun.
  const double nd = static_cast<double>(n_);
  for (;;) {
    double u = d.uniform();
    double prob = q_pow_n_;
    std::int64_t k = 0;
    while (u >= prob && k < n_ && k < kInversionCap) {
      u -= prob;
      ++k;
      const double kd = static_cast<double>(k);
      prob *= (nd - kd + 1.0) / kd * odds_;
    }
    if (u < prob) return k;
  }
}

std::int64_t Binomial::sample_btrs(Draw& d) const {
  const double nd = static_cast<double>(n_);
  for (;;) {
    const double u = d.uniform() - 0.5;
    double v = d.uniform();
    const double us = 0.5 - std::fabs(u);
    const double k = std::floor((2.0 * a_ / us + b_) * u + c_);
    if (k < 0.0 || k > nd) continue;
    if (us >= 0.07 && v <= v_r_) return static_cast<std::int64_t>(k);
    v = dmath::log(v * alpha_ / (a_ / (us * us) + b_));
    // log(f(k) / f(m)) = log(m! (n-m)! / (k! (n-k)!)) + (k - m) log(p/q), in Stirling form:
    //   -(m + 1/2) log1p((k-m)/(m+1)) - (n-m+1/2) log1p((m-k)/(n-m+1))
    //   + (k-m) log(p/q (n-k+1)/(k+1)) + tails,
    // whose terms are all O(|k - m|), so it stays accurate for n up to 2^53.
    const double km = k - m_;
    const double log_ratio = -(m_ + 0.5) * dmath::log1p(km / (m_ + 1.0)) -
                             (nd - m_ + 0.5) * dmath::log1p(-km / (nd - m_ + 1.0)) +
                             km * (log_odds_ + dmath::log((nd - k + 1.0) / (k + 1.0))) + tail_m_ -
                             stirling_tail(k) - stirling_tail(nd - k);
    if (v <= log_ratio) return static_cast<std::int64_t>(k);
  }
}

std::int64_t Binomial::operator()(Draw& d) const {
  std::int64_t k = 0;
  switch (method_) {
    case Method::kConstant:
      k = 0;
      break;
    case Method::kInversion:
      k = sample_inversion(d);
      break;
    case Method::kBtrs:
      k = sample_btrs(d);
      break;
  }
  return flip_ ? n_ - k : k;
}

Poisson::Poisson(double mean) {
  require(mean >= 0.0 && mean <= kMaxMean, "Poisson: mean must be in [0, {}], got {}", kMaxMean, mean);
  core_ = detail::PoissonCore::make(mean);
}

Geometric::Geometric(double p) : p_(p), log_q_(0.0) {
  require(p > 0.0 && p <= 1.0, "Geometric: p must be in (0, 1], got {}", p);
  log_q_ = dmath::log1p(-p);
}

std::int64_t Geometric::operator()(Draw& d) const {
  // P(K >= k) = q^k = P(U <= q^k) = P(log U / log q >= k) for U in (0, 1].
  const double u = d.uniform_pos();
  if (p_ == 1.0) return 0;
  return to_count(std::floor(dmath::log(u) / log_q_));
}

NegativeBinomial::NegativeBinomial(double r, double p) : r_(r), p_(p), scale_(0.0) {
  require(is_finite(r) && r > 0.0, "NegativeBinomial: r must be finite and > 0, got {}", r);
  require(p > 0.0 && p <= 1.0, "NegativeBinomial: p must be in (0, 1], got {}", p);
  scale_ = (1.0 - p) / p;
  gamma_ = detail::GammaCore::make(r);
}

std::int64_t NegativeBinomial::operator()(Draw& d) const {
  if (p_ == 1.0) return 0;
  double mean = scale_ * gamma_.sample(d);
  if (!(mean <= Poisson::kMaxMean)) mean = Poisson::kMaxMean;
  return detail::PoissonCore::make(mean).sample(d);
}

Discrete::Discrete(std::span<const double> weights) {
  const std::size_t n = weights.size();
  require(n >= 1 && n < (std::size_t{1} << 32), "Discrete: need 1 <= n < 2^32 weights, got {}", n);
  double total = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    require(is_finite(weights[i]) && weights[i] >= 0.0, "Discrete: weight {} must be finite and >= 0, got {}",
            i, weights[i]);
    total += weights[i];
  }
  require(total > 0.0 && is_finite(total), "Discrete: weights must have a finite positive sum, got {}",
          total);

  probability_.resize(n);
  for (std::size_t i = 0; i < n; ++i) probability_[i] = weights[i] / total;
  double mean = 0.0;
  for (std::size_t i = 0; i < n; ++i) mean += static_cast<double>(i) * probability_[i];
  double var = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double dev = static_cast<double>(i) - mean;
    var += dev * dev * probability_[i];
  }
  mean_ = mean;
  variance_ = var;

  // Vose's alias method. Scaled probabilities n p_i; "small" columns (< 1) are topped up from a
  // "large" one, which becomes their alias. Worklists are processed in a fixed order, so the
  // table is a pure function of the weights.
  const double nd = static_cast<double>(n);
  std::vector<double> scaled(n);
  std::vector<std::uint32_t> small;
  std::vector<std::uint32_t> large;
  small.reserve(n);
  large.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    scaled[i] = weights[i] / total * nd;
    (scaled[i] < 1.0 ? small : large).push_back(static_cast<std::uint32_t>(i));
  }
  accept_.assign(n, 1.0);
  alias_.resize(n);
  for (std::size_t i = 0; i < n; ++i) alias_[i] = static_cast<std::uint32_t>(i);
  while (!small.empty() && !large.empty()) {
    const std::uint32_t l = small.back();
    small.pop_back();
    const std::uint32_t g = large.back();
    large.pop_back();
    accept_[l] = scaled[l];
    alias_[l] = g;
    scaled[g] = (scaled[g] + scaled[l]) - 1.0;
    (scaled[g] < 1.0 ? small : large).push_back(g);
  }
  // Leftovers are 1 up to rounding and keep accept = 1 (always themselves). A zero-weight column
  // is never left over: that would need rounding to lose a whole unit of mass.
}

std::int64_t Discrete::operator()(Draw& d) const {
  const std::uint64_t column = d.below(accept_.size());
  const double u = d.uniform();
  return static_cast<std::int64_t>(u < accept_[column] ? column : alias_[column]);
}

double Discrete::probability(std::int64_t i) const {
  require(i >= 0 && i < size(), "Discrete: index {} out of range [0, {})", i, size());
  return probability_[static_cast<std::size_t>(i)];
}

// ----------------------------------------------------------------------------------------------
// Zipf: rejection-inversion (Hörmann & Derflinger 1996). With h(x) = x^{-s} and its antiderivative
// H(x) = (x^{1-s} - 1)/(1-s) (log x for s = 1), draw y uniform on (H(1.5) - h(1), H(n + 1/2)],
// x = H^{-1}(y), k = round(x). Because h is convex, H(k + 1/2) - h(k) >= H(k - 1/2), so the y
// that round to k cover [H(k + 1/2) - h(k), H(k + 1/2)], of length h(k): accepting exactly those
// gives P(k) proportional to h(k). The squeeze k - x <= 2 - H^{-1}(H(2.5) - h(2)) accepts most
// draws without evaluating H.

Zipf::Zipf(std::int64_t n, double s) : n_(n), s_(s) {
  require(n >= 1 && n <= kMaxExactInteger, "Zipf: n must be in [1, 2^53], got {}", n);
  require(is_finite(s) && s > 0.0, "Zipf: exponent s must be finite and > 0, got {}", s);
  h_integral_x1_ = h_integral(1.5) - 1.0;
  h_integral_n_ = h_integral(static_cast<double>(n) + 0.5);
  squeeze_ = 2.0 - h_integral_inverse(h_integral(2.5) - h(2.0));
}

double Zipf::h_integral(double x) const {
  const double log_x = dmath::log(x);
  return expm1_over((1.0 - s_) * log_x) * log_x;
}

double Zipf::h_integral_inverse(double y) const {
  double t = (1.0 - s_) * y;
  if (t < -1.0) t = -1.0;  // rounding guard: H^{-1} is only defined for 1 + (1-s) y > 0
  return dmath::exp(log1p_over(t) * y);
}

double Zipf::h(double x) const {
  return dmath::exp(-s_ * dmath::log(x));
}

std::int64_t Zipf::operator()(Draw& d) const {
  const double nd = static_cast<double>(n_);
  for (;;) {
    const double y = h_integral_n_ + d.uniform() * (h_integral_x1_ - h_integral_n_);
    const double x = h_integral_inverse(y);
    double k = std::floor(x + 0.5);
    if (k < 1.0) k = 1.0;
    if (k > nd) k = nd;
    if (k - x <= squeeze_ || y >= h_integral(k + 0.5) - h(k)) return static_cast<std::int64_t>(k);
  }
}

double Zipf::mean() const {
  return generalized_harmonic(n_, s_ - 1.0) / generalized_harmonic(n_, s_);
}

double Zipf::variance() const {
  const double norm = generalized_harmonic(n_, s_);
  const double m = generalized_harmonic(n_, s_ - 1.0) / norm;
  return generalized_harmonic(n_, s_ - 2.0) / norm - m * m;
}

double generalized_harmonic(std::int64_t n, double s) {
  require(n >= 0, "generalized_harmonic: n must be >= 0, got {}", n);
  require(is_finite(s), "generalized_harmonic: s must be finite, got {}", s);
  constexpr std::int64_t kDirect = 256;
  const std::int64_t direct = n < kDirect ? n : kDirect;
  // Direct part, smallest terms first.
  double sum = 0.0;
  if (s >= 0.0) {
    for (std::int64_t k = direct; k >= 1; --k) sum += dmath::pow(static_cast<double>(k), -s);
  } else {
    for (std::int64_t k = 1; k <= direct; ++k) sum += dmath::pow(static_cast<double>(k), -s);
  }
  if (n <= kDirect) return sum;
  // Euler–Maclaurin for sum_{k=K+1}^{n} f(k), f(x) = x^{-s}:
  //   int_K^n f + (f(n) - f(K))/2 + sum_j B_2j/(2j)! (f^(2j-1)(n) - f^(2j-1)(K)),
  // with f^(j)(x) = (-1)^j s (s+1) ... (s+j-1) x^{-s-j}; four correction terms leave a relative
  // error far below 1e-15 at K = 256.
  const double big_k = static_cast<double>(kDirect);
  const double nd = static_cast<double>(n);
  const double log_ratio = dmath::log(nd / big_k);
  const double f_k = dmath::pow(big_k, -s);
  const double f_n = dmath::pow(nd, -s);
  // int_K^n x^{-s} dx = K^{1-s} (e^{(1-s) L} - 1) / (1 - s), L = log(n / K).
  const double integral = f_k * big_k * log_ratio * expm1_over((1.0 - s) * log_ratio);
  double tail = integral + 0.5 * (f_n - f_k);
  static constexpr double kCoef[4] = {1.0 / 12.0, -1.0 / 720.0, 1.0 / 30240.0, -1.0 / 1209600.0};
  double rising = s;  // s (s+1) ... (s + 2j - 2)
  double dn = f_n / nd;
  double dk = f_k / big_k;
  for (int j = 0; j < 4; ++j) {
    // f^(2j+1)(x) = -rising x^{-s-2j-1}
    tail += kCoef[j] * (-rising) * (dn - dk);
    const double jd = static_cast<double>(2 * j);
    rising *= (s + jd + 1.0) * (s + jd + 2.0);
    dn /= nd * nd;
    dk /= big_k * big_k;
  }
  return sum + tail;
}

}  // namespace whsim
