// Forecasts and replenishment policies (see the header). IEEE arithmetic and whsim's own
// functions only (determinism lint: no libm transcendental calls in model code).
#include "whsim/model/replenishment.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <utility>

#include "whsim/core/dmath.hpp"
#include "whsim/core/error.hpp"
#include "whsim/stats/special_functions.hpp"

namespace whsim::model {
namespace {

bool in_unit_interval(double x) {
  return x > 0.0 && x <= 1.0;
}

/// The largest number of periods a forecast may cover (about 2,700 years of days).
constexpr double kMaxPeriods = 1e6;

void check_demand(double demand, const char* who) {
  if (!(demand >= 0.0) || !std::isfinite(demand)) {
    throw ContractError(std::string(who) + ": demand must be finite and >= 0");
  }
}

void check_periods(double periods, const char* who) {
  if (!(periods >= 0.0 && periods <= kMaxPeriods)) {
    throw ContractError(std::string(who) + ": periods must lie in [0, 10^6]");
  }
}

/// x rounded up to a whole number of units, as an integer (x finite and >= 0).
std::int64_t units_up(double x) {
  constexpr double kMax = 9.0e15;  // far above any stock; keeps the conversion defined
  return static_cast<std::int64_t>(std::ceil(std::min(std::max(x, 0.0), kMax)));
}

}  // namespace

// ---- ExponentialSmoothing

ExponentialSmoothing::ExponentialSmoothing(double alpha, double initial_level, double initial_sigma)
    : alpha_(alpha), level_(initial_level), mse_(initial_sigma * initial_sigma) {
  if (!in_unit_interval(alpha)) throw ContractError("ExponentialSmoothing: alpha must lie in (0, 1]");
  if (!(initial_level >= 0.0) || !std::isfinite(initial_level))
    throw ContractError("ExponentialSmoothing: the initial level must be finite and >= 0");
  if (!(initial_sigma >= 0.0) || !std::isfinite(initial_sigma))
    throw ContractError("ExponentialSmoothing: the initial sigma must be finite and >= 0");
}

void ExponentialSmoothing::observe(double demand) {
  check_demand(demand, "ExponentialSmoothing::observe");
  const double error = demand - level_;
  mse_ = alpha_ * error * error + (1.0 - alpha_) * mse_;
  level_ = alpha_ * demand + (1.0 - alpha_) * level_;
  ++observations_;
}

double ExponentialSmoothing::forecast_over(double periods) const {
  check_periods(periods, "ExponentialSmoothing::forecast_over");
  return level_ * periods;
}

double ExponentialSmoothing::sigma() const {
  return dmath::sqrt(mse_);
}

// ---- HoltWinters

HoltWinters::HoltWinters(double alpha, double beta, double gamma, double initial_level, double initial_trend,
                         std::vector<double> season, double initial_sigma)
    : alpha_(alpha),
      beta_(beta),
      gamma_(gamma),
      level_(initial_level),
      trend_(initial_trend),
      season_(std::move(season)),
      mse_(initial_sigma * initial_sigma) {
  if (!in_unit_interval(alpha) || !in_unit_interval(beta) || !(gamma >= 0.0 && gamma <= 1.0))
    throw ContractError("HoltWinters: alpha and beta must lie in (0, 1], gamma in [0, 1]");
  if (season_.empty()) throw ContractError("HoltWinters: the season needs at least one period");
  if (!std::isfinite(initial_level) || !std::isfinite(initial_trend))
    throw ContractError("HoltWinters: the initial level and trend must be finite");
  if (!(initial_sigma >= 0.0) || !std::isfinite(initial_sigma))
    throw ContractError("HoltWinters: the initial sigma must be finite and >= 0");
}

void HoltWinters::observe(double demand) {
  check_demand(demand, "HoltWinters::observe");
  const double s_old = season_[next_];                              // s_{t-m}
  const double predicted = std::max(0.0, level_ + trend_ + s_old);  // the forecast as used
  const double error = demand - predicted;
  mse_ = alpha_ * error * error + (1.0 - alpha_) * mse_;
  const double level_old = level_;
  level_ = alpha_ * (demand - s_old) + (1.0 - alpha_) * (level_old + trend_);
  trend_ = beta_ * (level_ - level_old) + (1.0 - beta_) * trend_;
  season_[next_] = gamma_ * (demand - level_) + (1.0 - gamma_) * s_old;
  next_ = (next_ + 1) % season_.size();
}

double HoltWinters::season(int h) const {
  if (h < 1) throw ContractError("HoltWinters::season: h must be >= 1");
  const std::size_t m = season_.size();
  return season_[(next_ + static_cast<std::size_t>(h - 1) % m) % m];
}

double HoltWinters::forecast(int h) const {
  return std::max(0.0, level_ + static_cast<double>(h) * trend_ + season(h));
}

double HoltWinters::forecast_over(double periods) const {
  check_periods(periods, "HoltWinters::forecast_over");
  const auto whole = static_cast<int>(std::floor(periods));
  double sum = 0.0;
  for (int h = 1; h <= whole; ++h) sum += forecast(h);
  const double fraction = periods - static_cast<double>(whole);
  if (fraction > 0.0) sum += fraction * forecast(whole + 1);
  return sum;
}

double HoltWinters::sigma() const {
  return dmath::sqrt(mse_);
}

// ---- Policies

std::string_view to_string(ReplenishmentRule rule) {
  switch (rule) {
    case ReplenishmentRule::kSS:
      return "s_s";
    case ReplenishmentRule::kRS:
      return "r_s";
    case ReplenishmentRule::kForecast:
      return "forecast";
    case ReplenishmentRule::kSQ:
      break;
  }
  return "s_q";
}

std::int64_t order_quantity(ReplenishmentRule rule, std::int64_t position, std::int64_t s, std::int64_t q,
                            std::int64_t big_s) {
  switch (rule) {
    case ReplenishmentRule::kSQ: {
      if (q < 1) throw ContractError("order_quantity: (s, Q) needs Q >= 1");
      if (position > s) return 0;
      const std::int64_t batches = (s - position) / q + 1;  // smallest n with position + n Q > s
      return batches * q;
    }
    case ReplenishmentRule::kSS:
      if (big_s <= s) throw ContractError("order_quantity: (s, S) needs s < S");
      return position <= s ? big_s - position : 0;
    case ReplenishmentRule::kRS:
      return position < big_s ? big_s - position : 0;
    case ReplenishmentRule::kForecast:
      break;
  }
  throw ContractError("order_quantity: forecast-driven policies use forecast_order_quantity");
}

ForecastLevels forecast_levels(double demand_over_lead_time, double demand_over_cover, double sigma,
                               double lead_time, double z) {
  if (!(lead_time >= 0.0) || !std::isfinite(lead_time))
    throw ContractError("forecast_levels: the lead time must be finite and >= 0");
  if (!(demand_over_cover >= 0.0) || !std::isfinite(demand_over_cover) || !(demand_over_lead_time >= 0.0) ||
      !std::isfinite(demand_over_lead_time))
    throw ContractError("forecast_levels: the demands must be finite and >= 0");
  if (!std::isfinite(z)) throw ContractError("forecast_levels: z must be finite");
  if (!(sigma >= 0.0) || !std::isfinite(sigma)) throw ContractError("forecast_levels: sigma must be >= 0");
  ForecastLevels out;
  out.safety_stock = std::max(0.0, z * sigma * dmath::sqrt(lead_time));
  out.reorder_point = units_up(demand_over_lead_time + out.safety_stock);
  out.order_up_to = out.reorder_point + units_up(demand_over_cover);
  return out;
}

double safety_factor(double service_level) {
  if (!(service_level > 0.0 && service_level < 1.0))
    throw ContractError("safety_factor: the service level must lie in (0, 1)");
  return stats::normal_quantile(service_level);
}

std::int64_t forecast_order_quantity(const ForecastLevels& levels, std::int64_t position) {
  return position <= levels.reorder_point ? std::max<std::int64_t>(0, levels.order_up_to - position) : 0;
}

}  // namespace whsim::model
