// Replenishment: per-SKU demand forecasts and the stocking policies that turn an inventory
// position into purchase orders (docs/model.md, "Replenishment"). Pure decision logic on
// integers and doubles, with IEEE arithmetic and whsim's own sqrt/normal quantile only, so the
// same inputs give the same orders on every machine; nothing here allocates after construction.
//
// Terms (per SKU, in units):
//   on hand            units physically in storage, available or reserved for picking
//   on order           units ordered from the supplier and not yet received
//   backordered        units demanded and not yet served for lack of stock
//   inventory position = on hand + on order - backordered (what the policies look at)
//
// Periods: forecasts work on demand per period (one day unless said otherwise); lead times and
// review periods are given in the same periods (may be fractional).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace whsim::model {

// ---------------------------------------------------------------------------------------------
// Forecasts

/// Simple exponential smoothing (Brown): after observing demand x_t of period t,
///   level_t = alpha x_t + (1 - alpha) level_{t-1},
/// and the forecast of every future period is level_t. The one-period forecast error
/// e_t = x_t - level_{t-1} is tracked as a smoothed mean square,
///   mse_t = alpha e_t^2 + (1 - alpha) mse_{t-1},
/// whose square root is the sigma of the safety stock.
class ExponentialSmoothing {
 public:
  /// 0 < alpha <= 1; initial_level >= 0 (e.g. the mean demand per period); initial_sigma >= 0
  /// (ContractError otherwise).
  ExponentialSmoothing(double alpha, double initial_level, double initial_sigma);
  /// One period's demand (finite and >= 0; ContractError otherwise).
  void observe(double demand);
  /// Forecast demand of the next period.
  [[nodiscard]] double forecast() const { return level_; }
  /// Forecast demand over the next `periods` periods (level x periods; 0 <= periods <= 10^6).
  [[nodiscard]] double forecast_over(double periods) const;
  /// Estimated standard deviation of one period's forecast error.
  [[nodiscard]] double sigma() const;
  [[nodiscard]] std::int64_t observations() const { return observations_; }

 private:
  double alpha_;
  double level_;
  double mse_;
  std::int64_t observations_ = 0;
};

/// Additive Holt-Winters (level, trend, season of m periods): after observing x_t,
///   level_t  = alpha (x_t - s_{t-m}) + (1 - alpha)(level_{t-1} + trend_{t-1})
///   trend_t  = beta (level_t - level_{t-1}) + (1 - beta) trend_{t-1}
///   s_t      = gamma (x_t - level_t) + (1 - gamma) s_{t-m}
/// and the forecast h >= 1 periods ahead is level_t + h trend_t + s_{t+h-m(k+1)} with
/// k = floor((h - 1) / m) (the latest seasonal index of that phase). Forecasts below zero are
/// taken as zero demand. The forecast error (demand minus the one-step forecast as used, i.e.
/// clipped at zero) is tracked as for ExponentialSmoothing (with alpha). One season period with
/// gamma = 0 and offset 0 is Holt's linear trend method.
class HoltWinters {
 public:
  /// 0 < alpha, beta <= 1, 0 <= gamma <= 1 (0: the seasonal offsets stay as given); season = the
  /// initial seasonal offsets s_{1-m} .. s_0 (m >= 1 values); initial_sigma >= 0 (ContractError
  /// otherwise).
  HoltWinters(double alpha, double beta, double gamma, double initial_level, double initial_trend,
              std::vector<double> season, double initial_sigma);
  /// One period's demand (finite and >= 0; ContractError otherwise).
  void observe(double demand);
  /// Forecast demand `h` periods ahead (h >= 1), at least 0.
  [[nodiscard]] double forecast(int h) const;
  /// Forecast demand over the next `periods` periods (0 <= periods <= 10^6): the sum of
  /// forecast(1..floor(periods)) plus the fraction of the next one.
  [[nodiscard]] double forecast_over(double periods) const;
  [[nodiscard]] double sigma() const;
  [[nodiscard]] double level() const { return level_; }
  [[nodiscard]] double trend() const { return trend_; }
  /// The seasonal offset of the phase `h` periods ahead.
  [[nodiscard]] double season(int h) const;

 private:
  double alpha_, beta_, gamma_;
  double level_, trend_;
  std::vector<double> season_;  ///< ring buffer: season_[next_] is s_{t+1-m}
  std::size_t next_ = 0;
  double mse_;
};

// ---------------------------------------------------------------------------------------------
// Policies

enum class ReplenishmentRule : std::uint8_t {
  kSQ,        ///< continuous review (s, Q): when the position is at or below s, order Q (n Q)
  kSS,        ///< continuous review (s, S): when at or below s, order up to S
  kRS,        ///< periodic review (R, S): every R periods, order up to S
  kForecast,  ///< continuous review with a reorder point from the forecast (see ForecastPolicy)
};
/// "s_q", "s_s", "r_s" or "forecast" (the names scenarios use).
[[nodiscard]] std::string_view to_string(ReplenishmentRule rule);

/// The quantity a static policy orders now, in units (0 for none). `position` is the inventory
/// position; for kRS the caller asks only at review times. For (s, Q) the quantity is the
/// smallest multiple n Q (n >= 1) that lifts the position above s, so a demand that jumps
/// several units below s still leaves the position above s. For (s, S) and (R, S) it is
/// S - position when that is positive (and, for (s, S), the position is at or below s).
/// Requires s < S for kSS, Q >= 1 for kSQ (ContractError otherwise).
[[nodiscard]] std::int64_t order_quantity(ReplenishmentRule rule, std::int64_t position, std::int64_t s,
                                          std::int64_t q, std::int64_t big_s);

/// Forecast-driven reorder point and order-up-to level for a lead time of L periods:
///   reorder point r = F(L) + max(0, z sigma sqrt(L))   (F(L): forecast demand over the lead time)
///   order-up-to   S = r + F(cover)               (cover: periods of demand one order buys)
/// both rounded up to whole units; z = Phi^-1(service level) (the cycle service level).
struct ForecastLevels {
  std::int64_t reorder_point = 0;
  std::int64_t order_up_to = 0;
  double safety_stock = 0;  ///< z sigma sqrt(L), in units
};
/// From a forecast over the lead time and over the cover, the one-period sigma and z. Demands,
/// sigma and lead_time finite and >= 0, z finite (ContractError otherwise).
[[nodiscard]] ForecastLevels forecast_levels(double demand_over_lead_time, double demand_over_cover,
                                             double sigma, double lead_time, double z);
/// z for a cycle service level in (0, 1): the standard normal quantile.
[[nodiscard]] double safety_factor(double service_level);

/// What a forecast-driven policy orders now: 0 while the position is above the reorder point,
/// else order-up-to - position.
[[nodiscard]] std::int64_t forecast_order_quantity(const ForecastLevels& levels, std::int64_t position);

}  // namespace whsim::model
