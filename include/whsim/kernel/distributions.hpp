// Random variate distributions, our own code (DESIGN.md §3): the standard library's
// distributions differ between implementations and glibc's transcendental functions differ
// between CPUs, so every distribution here is written on whsim::dmath and IEEE-754 arithmetic
// only and returns the same bits on every machine.
//
// Each distribution is a small immutable value class. Its call operator takes exactly one Draw
// (random.hpp), a private sequence of uniforms for one variate, and may consume any number of
// uniforms from it: rejection loops stay inside the draw, so a variable number of uniforms never
// shifts the stream's later draws. `dist.sample(stream)` is shorthand for `dist(d)` with
// `d = stream.next_draw()`; an entity-keyed variate is `Draw d = stream.draw_for(entity); dist(d)`.
// Constructors check their parameters and throw ContractError when they are invalid (NaN,
// infinite, or out of range). All members are const: one distribution may be shared by threads.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <span>
#include <vector>

#include "whsim/kernel/random.hpp"

namespace whsim {

namespace detail {

/// Marsaglia–Tsang constants for a unit-scale gamma variate (implementation detail of Gamma,
/// Erlang, Beta and NegativeBinomial).
struct GammaCore {
  double shape = 1.0;
  double mt_d = 2.0 / 3.0;  ///< d = a - 1/3 with a = shape, or shape + 1 when boosting
  double mt_c = 0.0;        ///< c = 1 / sqrt(9 d)
  bool boost = false;       ///< shape < 1: draw Gamma(shape + 1) and multiply by U^(1/shape)

  /// Constants for a shape > 0 (not checked here).
  [[nodiscard]] static GammaCore make(double shape);
  /// A Gamma(shape, 1) variate.
  [[nodiscard]] double sample(Draw& d) const;
  /// The logarithm of a Gamma(shape, 1) variate, computed without underflow for tiny shapes.
  [[nodiscard]] double sample_log(Draw& d) const;
};

/// Precomputed constants of the Poisson sampler (implementation detail of Poisson and
/// NegativeBinomial).
struct PoissonCore {
  double mean = 0.0;
  // Inversion (mean < 10).
  double exp_neg_mean = 1.0;
  // PTRS (mean >= 10).
  double log_mean = 0.0;
  double b = 0.0;
  double a = 0.0;
  double v_r = 0.0;
  double log_inv_alpha = 0.0;

  /// Constants for 0 <= mean <= Poisson::kMaxMean (not checked here).
  [[nodiscard]] static PoissonCore make(double mean);
  /// A Poisson(mean) variate.
  [[nodiscard]] std::int64_t sample(Draw& d) const;
};

}  // namespace detail

/// Continuous uniform distribution on [a, b). Requires finite a < b with b - a finite.
/// Mean (a + b) / 2, variance (b - a)^2 / 12.
class Uniform {
 public:
  Uniform(double a, double b);
  [[nodiscard]] double operator()(Draw& d) const;
  [[nodiscard]] double sample(RandomStream& s) const {
    auto d = s.next_draw();
    return (*this)(d);
  }
  [[nodiscard]] double mean() const { return a_ + 0.5 * width_; }
  [[nodiscard]] double variance() const { return width_ * width_ / 12.0; }
  [[nodiscard]] double a() const { return a_; }
  [[nodiscard]] double b() const { return b_; }

 private:
  double a_;
  double b_;
  double width_;
};

/// Exponential distribution with the given rate lambda > 0 (density lambda e^{-lambda x}, x >= 0).
/// Mean 1 / lambda, variance 1 / lambda^2. Sampled by the ziggurat method (Marsaglia & Tsang
/// 2000, 256 layers): no logarithm for 98.9% of variates.
class Exponential {
 public:
  explicit Exponential(double rate);
  [[nodiscard]] double operator()(Draw& d) const;
  [[nodiscard]] double sample(RandomStream& s) const {
    auto d = s.next_draw();
    return (*this)(d);
  }
  [[nodiscard]] double mean() const { return 1.0 / rate_; }
  [[nodiscard]] double variance() const { return 1.0 / (rate_ * rate_); }
  [[nodiscard]] double rate() const { return rate_; }

 private:
  double rate_;
};

/// Normal distribution with mean mu (finite) and standard deviation sigma > 0. Sampled by the
/// ziggurat method (Marsaglia & Tsang 2000, 256 layers, random sign; Marsaglia's 1964 method in
/// the tail beyond 3.654): no logarithm for 98.8% of variates.
class Normal {
 public:
  Normal(double mu, double sigma);
  [[nodiscard]] double operator()(Draw& d) const;
  [[nodiscard]] double sample(RandomStream& s) const {
    auto d = s.next_draw();
    return (*this)(d);
  }
  [[nodiscard]] double mean() const { return mu_; }
  [[nodiscard]] double variance() const { return sigma_ * sigma_; }
  [[nodiscard]] double mu() const { return mu_; }
  [[nodiscard]] double sigma() const { return sigma_; }

 private:
  double mu_;
  double sigma_;
};

/// Log-normal distribution: exp(X) with X ~ Normal(mu, sigma), mu finite, sigma > 0 (the
/// parameters are those of the underlying normal). Mean exp(mu + sigma^2/2), variance
/// (exp(sigma^2) - 1) exp(2 mu + sigma^2).
class LogNormal {
 public:
  LogNormal(double mu, double sigma);
  /// The log-normal with the given mean > 0 and standard deviation > 0 of the variate itself:
  /// sigma^2 = log(1 + (sd/mean)^2), mu = log(mean) - sigma^2 / 2.
  [[nodiscard]] static LogNormal from_mean_stddev(double mean, double stddev);
  [[nodiscard]] double operator()(Draw& d) const;
  [[nodiscard]] double sample(RandomStream& s) const {
    auto d = s.next_draw();
    return (*this)(d);
  }
  [[nodiscard]] double mean() const;
  [[nodiscard]] double variance() const;
  [[nodiscard]] double mu() const { return mu_; }
  [[nodiscard]] double sigma() const { return sigma_; }

 private:
  double mu_;
  double sigma_;
};

/// Gamma distribution with shape k > 0 and scale theta > 0 (density
/// x^{k-1} e^{-x/theta} / (Gamma(k) theta^k)). Mean k theta, variance k theta^2. Sampled by
/// Marsaglia & Tsang (2000), "A simple method for generating gamma variables"; for k < 1 a
/// Gamma(k + 1) variate is multiplied by U^{1/k} (their boosting trick). Very small shapes give
/// exact zeros where the variate underflows.
class Gamma {
 public:
  Gamma(double shape, double scale);
  [[nodiscard]] double operator()(Draw& d) const;
  [[nodiscard]] double sample(RandomStream& s) const {
    auto d = s.next_draw();
    return (*this)(d);
  }
  [[nodiscard]] double mean() const { return shape_ * scale_; }
  [[nodiscard]] double variance() const { return shape_ * scale_ * scale_; }
  [[nodiscard]] double shape() const { return shape_; }
  [[nodiscard]] double scale() const { return scale_; }

 private:
  double shape_;
  double scale_;
  detail::GammaCore core_;
};

/// Erlang distribution: the sum of k >= 1 independent Exponential(rate) variates, rate > 0; the
/// same as Gamma(k, 1 / rate) and sampled as such. Mean k / rate, variance k / rate^2.
class Erlang {
 public:
  Erlang(std::int64_t k, double rate);
  [[nodiscard]] double operator()(Draw& d) const { return gamma_(d); }
  [[nodiscard]] double sample(RandomStream& s) const {
    auto d = s.next_draw();
    return (*this)(d);
  }
  [[nodiscard]] double mean() const { return static_cast<double>(k_) / rate_; }
  [[nodiscard]] double variance() const { return static_cast<double>(k_) / (rate_ * rate_); }
  [[nodiscard]] std::int64_t k() const { return k_; }
  [[nodiscard]] double rate() const { return rate_; }

 private:
  std::int64_t k_;
  double rate_;
  Gamma gamma_;
};

/// Beta distribution on [0, 1] with shapes a > 0, b > 0 (density x^{a-1} (1-x)^{b-1} / B(a, b)).
/// Mean a / (a + b), variance a b / ((a + b)^2 (a + b + 1)). Sampled as X / (X + Y) with
/// X ~ Gamma(a), Y ~ Gamma(b) from the same draw; in log space when a or b < 1, so tiny shapes
/// do not give 0/0.
class Beta {
 public:
  Beta(double a, double b);
  [[nodiscard]] double operator()(Draw& d) const;
  [[nodiscard]] double sample(RandomStream& s) const {
    auto d = s.next_draw();
    return (*this)(d);
  }
  [[nodiscard]] double mean() const { return a_ / (a_ + b_); }
  [[nodiscard]] double variance() const;
  [[nodiscard]] double a() const { return a_; }
  [[nodiscard]] double b() const { return b_; }

 private:
  double a_;
  double b_;
  detail::GammaCore gamma_a_;
  detail::GammaCore gamma_b_;
};

/// Triangular distribution on [min, max] with the given mode, min <= mode <= max, min < max,
/// all finite. Mean (min + mode + max) / 3, variance
/// (min^2 + mode^2 + max^2 - min mode - min max - mode max) / 18. Sampled by inversion.
class Triangular {
 public:
  Triangular(double min, double mode, double max);
  [[nodiscard]] double operator()(Draw& d) const;
  [[nodiscard]] double sample(RandomStream& s) const {
    auto d = s.next_draw();
    return (*this)(d);
  }
  [[nodiscard]] double mean() const { return (min_ + mode_ + max_) / 3.0; }
  [[nodiscard]] double variance() const;
  [[nodiscard]] double min() const { return min_; }
  [[nodiscard]] double mode() const { return mode_; }
  [[nodiscard]] double max() const { return max_; }

 private:
  double min_;
  double mode_;
  double max_;
  double mode_cdf_;  ///< F(mode) = (mode - min) / (max - min)
};

/// Bernoulli distribution: true with probability p, 0 <= p <= 1. Mean p, variance p (1 - p).
class Bernoulli {
 public:
  explicit Bernoulli(double p);
  [[nodiscard]] bool operator()(Draw& d) const { return d.uniform() < p_; }
  [[nodiscard]] bool sample(RandomStream& s) const {
    auto d = s.next_draw();
    return (*this)(d);
  }
  [[nodiscard]] double mean() const { return p_; }
  [[nodiscard]] double variance() const { return p_ * (1.0 - p_); }
  [[nodiscard]] double p() const { return p_; }

 private:
  double p_;
};

/// Binomial distribution: the number of successes in n >= 0 independent trials with success
/// probability 0 <= p <= 1; n <= 2^53. Mean n p, variance n p (1 - p). Sampled for
/// min(p, 1-p) (the other by symmetry) by sequential inversion when n min(p, 1-p) < 10, else by
/// Hörmann's BTRS transformed rejection with squeeze (Hörmann 1993, "The generation of binomial
/// random variates", J. Statist. Comput. Simul. 46).
class Binomial {
 public:
  Binomial(std::int64_t n, double p);
  [[nodiscard]] std::int64_t operator()(Draw& d) const;
  [[nodiscard]] std::int64_t sample(RandomStream& s) const {
    auto d = s.next_draw();
    return (*this)(d);
  }
  [[nodiscard]] double mean() const { return static_cast<double>(n_) * p_; }
  [[nodiscard]] double variance() const { return static_cast<double>(n_) * p_ * (1.0 - p_); }
  [[nodiscard]] std::int64_t n() const { return n_; }
  [[nodiscard]] double p() const { return p_; }

 private:
  enum class Method : std::uint8_t { kConstant, kInversion, kBtrs };
  [[nodiscard]] std::int64_t sample_inversion(Draw& d) const;
  [[nodiscard]] std::int64_t sample_btrs(Draw& d) const;

  std::int64_t n_;
  double p_;
  bool flip_ = false;  ///< sample with 1 - p and return n - k
  Method method_ = Method::kConstant;
  double pp_ = 0.0;  ///< min(p, 1 - p)
  // Inversion.
  double q_pow_n_ = 0.0;  ///< (1 - pp)^n
  double odds_ = 0.0;     ///< pp / (1 - pp)
  // BTRS.
  double a_ = 0.0;
  double b_ = 0.0;
  double c_ = 0.0;
  double alpha_ = 0.0;
  double v_r_ = 0.0;
  double m_ = 0.0;
  double log_odds_ = 0.0;
  double tail_m_ = 0.0;  ///< Stirling tail terms of m and n - m
};

/// Poisson distribution with the given mean, 0 <= mean <= kMaxMean (variance = mean). Sampled by
/// sequential inversion for mean < 10, else by Hörmann's PTRS transformed rejection (Hörmann 1993,
/// "The transformed rejection method for generating Poisson random variables", Insurance:
/// Mathematics and Economics 12). Mean 0 always gives 0. Means beyond 2^53 give variates rounded
/// to the resolution of a double.
class Poisson {
 public:
  /// Largest accepted mean (variates stay far below 2^63).
  static constexpr double kMaxMean = 1e18;

  explicit Poisson(double mean);
  [[nodiscard]] std::int64_t operator()(Draw& d) const { return core_.sample(d); }
  [[nodiscard]] std::int64_t sample(RandomStream& s) const {
    auto d = s.next_draw();
    return (*this)(d);
  }
  [[nodiscard]] double mean() const { return core_.mean; }
  [[nodiscard]] double variance() const { return core_.mean; }

 private:
  detail::PoissonCore core_;
};

/// Geometric distribution: the number of failures before the first success in Bernoulli(p)
/// trials, support {0, 1, 2, ...}, 0 < p <= 1: P(K = k) = (1 - p)^k p. Mean (1 - p) / p,
/// variance (1 - p) / p^2. Sampled by inversion, floor(log U / log(1 - p)); results saturate at
/// INT64_MAX (reachable only for p below about 1e-18).
class Geometric {
 public:
  explicit Geometric(double p);
  [[nodiscard]] std::int64_t operator()(Draw& d) const;
  [[nodiscard]] std::int64_t sample(RandomStream& s) const {
    auto d = s.next_draw();
    return (*this)(d);
  }
  [[nodiscard]] double mean() const { return (1.0 - p_) / p_; }
  [[nodiscard]] double variance() const { return (1.0 - p_) / (p_ * p_); }
  [[nodiscard]] double p() const { return p_; }

 private:
  double p_;
  double log_q_;  ///< log(1 - p)
};

/// Negative binomial distribution: the number of failures before the r-th success in
/// Bernoulli(p) trials, r > 0 (real r allowed), 0 < p <= 1:
/// P(K = k) = Gamma(k + r) / (k! Gamma(r)) p^r (1 - p)^k. Mean r (1 - p) / p, variance
/// r (1 - p) / p^2. Sampled as a Poisson(L) variate with L ~ Gamma(r, (1 - p) / p), both from
/// the same draw (L is capped at Poisson::kMaxMean).
class NegativeBinomial {
 public:
  NegativeBinomial(double r, double p);
  [[nodiscard]] std::int64_t operator()(Draw& d) const;
  [[nodiscard]] std::int64_t sample(RandomStream& s) const {
    auto d = s.next_draw();
    return (*this)(d);
  }
  [[nodiscard]] double mean() const { return r_ * (1.0 - p_) / p_; }
  [[nodiscard]] double variance() const { return r_ * (1.0 - p_) / (p_ * p_); }
  [[nodiscard]] double r() const { return r_; }
  [[nodiscard]] double p() const { return p_; }

 private:
  double r_;
  double p_;
  double scale_;  ///< (1 - p) / p
  detail::GammaCore gamma_;
};

/// Discrete (empirical) distribution over the indices {0, ..., n-1} with probabilities
/// proportional to the given weights (finite, >= 0, positive sum, 1 <= n < 2^32). Map the index
/// to your own values. Vose's alias method (Vose 1991, "A linear algorithm for generating random
/// numbers with a given distribution", IEEE TSE 17(9)): O(n) construction; each variate takes one
/// below(n) and one uniform. Indices with weight 0 are never returned.
class Discrete {
 public:
  explicit Discrete(std::span<const double> weights);
  Discrete(std::initializer_list<double> weights)
      : Discrete(std::span<const double>(weights.begin(), weights.size())) {}
  [[nodiscard]] std::int64_t operator()(Draw& d) const;
  [[nodiscard]] std::int64_t sample(RandomStream& s) const {
    auto d = s.next_draw();
    return (*this)(d);
  }
  /// Mean of the index.
  [[nodiscard]] double mean() const { return mean_; }
  /// Variance of the index.
  [[nodiscard]] double variance() const { return variance_; }
  /// Number of outcomes n.
  [[nodiscard]] std::int64_t size() const { return static_cast<std::int64_t>(probability_.size()); }
  /// Normalised probability of index i (0 <= i < n).
  [[nodiscard]] double probability(std::int64_t i) const;

 private:
  std::vector<double> probability_;  ///< normalised weights
  std::vector<double> accept_;       ///< alias table: keep column i when U < accept_[i]
  std::vector<std::uint32_t> alias_;
  double mean_ = 0.0;
  double variance_ = 0.0;
};

/// Zipf distribution over {1, ..., n}: P(K = k) = k^{-s} / H(n, s), with n >= 1 (n <= 2^53) and
/// exponent s > 0 (s = 1 included), H the generalized harmonic number. O(1) memory and expected
/// O(1) time per variate for any n: rejection-inversion of Hörmann & Derflinger (1996),
/// "Rejection-inversion to generate variates from monotone discrete distributions", ACM TOMACS
/// 6(3). mean() and variance() cost O(1) too (Euler–Maclaurin, see generalized_harmonic).
class Zipf {
 public:
  Zipf(std::int64_t n, double s);
  [[nodiscard]] std::int64_t operator()(Draw& d) const;
  [[nodiscard]] std::int64_t sample(RandomStream& s) const {
    auto d = s.next_draw();
    return (*this)(d);
  }
  [[nodiscard]] double mean() const;
  [[nodiscard]] double variance() const;
  [[nodiscard]] std::int64_t n() const { return n_; }
  [[nodiscard]] double s() const { return s_; }

 private:
  [[nodiscard]] double h_integral(double x) const;          ///< H(x) = (x^{1-s} - 1) / (1 - s)
  [[nodiscard]] double h_integral_inverse(double y) const;  ///< H^{-1}
  [[nodiscard]] double h(double x) const;                   ///< x^{-s}

  std::int64_t n_;
  double s_;
  double h_integral_x1_ = 0.0;  ///< H(1.5) - h(1)
  double h_integral_n_ = 0.0;   ///< H(n + 0.5)
  double squeeze_ = 0.0;        ///< accept at once when k - x <= squeeze_
};

/// Generalized harmonic number H(n, s) = sum_{k=1}^{n} k^{-s} for n >= 0 and any finite real s:
/// direct summation of the first 256 terms, Euler–Maclaurin beyond (relative error ~1e-14).
[[nodiscard]] double generalized_harmonic(std::int64_t n, double s);

}  // namespace whsim
