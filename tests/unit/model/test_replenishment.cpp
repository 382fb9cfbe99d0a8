// Replenishment forecasts and policies: exponential smoothing and Holt-Winters against values
// computed by hand, the order quantities of (s, Q), (s, S), (R, S) and forecast-driven policies
// at and around their thresholds, and the textbook sawtooth of (s, Q) under deterministic demand
// and lead time (period, minimum s - dL, maximum s - dL + Q, one order per Q / d days).
#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

#include <gtest/gtest.h>

#include "whsim/core/error.hpp"
#include "whsim/model/replenishment.hpp"

namespace whsim::model {
namespace {

TEST(ExponentialSmoothing, MatchesHandComputedValues) {
  ExponentialSmoothing f(0.3, 10.0, 2.0);
  EXPECT_DOUBLE_EQ(f.forecast(), 10.0);
  EXPECT_DOUBLE_EQ(f.sigma(), 2.0);
  f.observe(12.0);  // error 2: mse 0.3*4 + 0.7*4 = 4; level 0.3*12 + 0.7*10 = 10.6
  EXPECT_DOUBLE_EQ(f.forecast(), 10.6);
  EXPECT_DOUBLE_EQ(f.sigma(), 2.0);
  f.observe(8.0);  // error -2.6: mse 0.3*6.76 + 0.7*4 = 4.828; level 0.3*8 + 0.7*10.6 = 9.82
  EXPECT_NEAR(f.forecast(), 9.82, 1e-12);
  EXPECT_NEAR(f.sigma() * f.sigma(), 4.828, 1e-12);
  EXPECT_NEAR(f.forecast_over(7.0), 7.0 * 9.82, 1e-12);
  EXPECT_EQ(f.observations(), 2);
}

TEST(ExponentialSmoothing, ConvergesToAConstantDemand) {
  ExponentialSmoothing f(0.2, 0.0, 0.0);
  for (int t = 0; t < 400; ++t) f.observe(25.0);
  EXPECT_NEAR(f.forecast(), 25.0, 1e-9);
  EXPECT_NEAR(f.sigma(), 0.0, 1e-6);
}

TEST(ExponentialSmoothing, RejectsBadParameters) {
  EXPECT_THROW(ExponentialSmoothing(0.0, 1.0, 1.0), ContractError);
  EXPECT_THROW(ExponentialSmoothing(1.5, 1.0, 1.0), ContractError);
  EXPECT_THROW(ExponentialSmoothing(0.5, -1.0, 1.0), ContractError);
  EXPECT_THROW(ExponentialSmoothing(0.5, 1.0, -1.0), ContractError);
  EXPECT_NO_THROW(ExponentialSmoothing(1.0, 0.0, 0.0));
}

TEST(HoltWinters, MatchesHandComputedValues) {
  // alpha = beta = gamma = 0.5, level 10, trend 1, season (s_{-1}, s_0) = (-2, 2).
  HoltWinters f(0.5, 0.5, 0.5, 10.0, 1.0, {-2.0, 2.0}, 0.0);
  EXPECT_DOUBLE_EQ(f.forecast(1), 10.0 + 1.0 - 2.0);
  EXPECT_DOUBLE_EQ(f.forecast(2), 10.0 + 2.0 + 2.0);
  f.observe(9.0);
  // level = 0.5 (9 - (-2)) + 0.5 (10 + 1) = 11; trend = 0.5 (11 - 10) + 0.5 * 1 = 1;
  // s = 0.5 (9 - 11) + 0.5 (-2) = -2; the error 9 - (10 + 1 - 2) = 0.
  EXPECT_DOUBLE_EQ(f.level(), 11.0);
  EXPECT_DOUBLE_EQ(f.trend(), 1.0);
  EXPECT_DOUBLE_EQ(f.season(2), -2.0);
  EXPECT_DOUBLE_EQ(f.forecast(1), 11.0 + 1.0 + 2.0);
  EXPECT_DOUBLE_EQ(f.forecast(2), 11.0 + 2.0 - 2.0);
  EXPECT_DOUBLE_EQ(f.forecast(3), 11.0 + 3.0 + 2.0);
  EXPECT_DOUBLE_EQ(f.forecast_over(2.5), 14.0 + 11.0 + 0.5 * 16.0);
  EXPECT_DOUBLE_EQ(f.sigma(), 0.0);
  f.observe(20.0);  // predicted 14: error 6, mse 0.5 * 36 = 18
  // level = 0.5 (20 - 2) + 0.5 (11 + 1) = 15; trend = 0.5 (15 - 11) + 0.5 = 2.5;
  // s = 0.5 (20 - 15) + 0.5 * 2 = 3.5.
  EXPECT_DOUBLE_EQ(f.level(), 15.0);
  EXPECT_DOUBLE_EQ(f.trend(), 2.5);
  EXPECT_DOUBLE_EQ(f.season(2), 3.5);
  EXPECT_DOUBLE_EQ(f.sigma() * f.sigma(), 18.0);
}

TEST(HoltWinters, TracksAPerfectSeasonalTrendExactly) {
  // Weekly pattern on a trend: x_t = 100 + 2t + pattern[t mod 7]; started with the true state,
  // every one-step forecast is exact and the state stays true.
  const std::vector<double> pattern{-30, -10, 0, 5, 10, 40, -15};
  // State at t = 0 (before observing x_1): level 100, trend 2; s_{t-m} for t = 1 is pattern[1].
  std::vector<double> ring(7);
  for (int k = 0; k < 7; ++k)
    ring[static_cast<std::size_t>(k)] = pattern[static_cast<std::size_t>((k + 1) % 7)];
  HoltWinters f(0.3, 0.1, 0.2, 100.0, 2.0, ring, 0.0);
  for (int t = 1; t <= 70; ++t) {
    const double x = 100.0 + 2.0 * t + pattern[static_cast<std::size_t>(t % 7)];
    EXPECT_NEAR(f.forecast(1), x, 1e-9) << "t=" << t;
    f.observe(x);
  }
  EXPECT_NEAR(f.sigma(), 0.0, 1e-9);
  EXPECT_NEAR(f.level(), 240.0, 1e-9);
  EXPECT_NEAR(f.trend(), 2.0, 1e-12);
}

TEST(HoltWinters, OneFixedSeasonIsHoltsLinearTrend) {
  // gamma 0 and one offset 0: level 0.5 * 14 + 0.5 * (10 + 0) = 12, trend 0.5 * 2 + 0.5 * 0 = 1.
  HoltWinters f(0.5, 0.5, 0.0, 10.0, 0.0, {0.0}, 0.0);
  f.observe(14.0);
  EXPECT_DOUBLE_EQ(f.level(), 12.0);
  EXPECT_DOUBLE_EQ(f.trend(), 1.0);
  EXPECT_DOUBLE_EQ(f.forecast(1), 13.0);
  EXPECT_DOUBLE_EQ(f.forecast(3), 15.0);
}

TEST(HoltWinters, ForecastsAreNeverNegativeAndParametersChecked) {
  HoltWinters f(0.5, 0.5, 0.5, 1.0, -5.0, {0.0}, 1.0);
  EXPECT_EQ(f.forecast(3), 0.0);
  EXPECT_THROW(HoltWinters(0.0, 0.5, 0.5, 1.0, 0.0, {0.0}, 0.0), ContractError);
  EXPECT_THROW(HoltWinters(0.5, 1.5, 0.5, 1.0, 0.0, {0.0}, 0.0), ContractError);
  EXPECT_THROW(HoltWinters(0.5, 0.5, 0.5, 1.0, 0.0, {}, 0.0), ContractError);
  EXPECT_THROW(HoltWinters(0.5, 0.5, 0.5, 1.0, 0.0, {0.0}, -1.0), ContractError);
  EXPECT_THROW((void)f.forecast_over(-1.0), ContractError);
  EXPECT_THROW((void)f.forecast_over(2e6), ContractError);
  EXPECT_THROW(f.observe(-1.0), ContractError);
  EXPECT_THROW(HoltWinters(0.5, 0.5, -0.1, 1.0, 0.0, {0.0}, 0.0), ContractError);
  ExponentialSmoothing s(0.5, 1.0, 0.0);
  EXPECT_THROW((void)s.forecast_over(-1.0), ContractError);
  EXPECT_THROW(s.observe(std::numeric_limits<double>::quiet_NaN()), ContractError);
  EXPECT_THROW((void)f.season(0), ContractError);
}

TEST(ReplenishmentPolicy, OrderQuantitiesAtTheThresholds) {
  using R = ReplenishmentRule;
  // (s, Q) = (10, 20)
  EXPECT_EQ(order_quantity(R::kSQ, 11, 10, 20, 0), 0);
  EXPECT_EQ(order_quantity(R::kSQ, 10, 10, 20, 0), 20);
  EXPECT_EQ(order_quantity(R::kSQ, -9, 10, 20, 0), 20);   // -9 + 20 = 11 > 10
  EXPECT_EQ(order_quantity(R::kSQ, -10, 10, 20, 0), 40);  // -10 + 20 = 10 is not above s
  EXPECT_EQ(order_quantity(R::kSQ, -15, 10, 20, 0), 40);
  // (s, S) = (10, 50)
  EXPECT_EQ(order_quantity(R::kSS, 11, 10, 0, 50), 0);
  EXPECT_EQ(order_quantity(R::kSS, 10, 10, 0, 50), 40);
  EXPECT_EQ(order_quantity(R::kSS, -5, 10, 0, 50), 55);
  // (R, S) with S = 50: asked at review times only
  EXPECT_EQ(order_quantity(R::kRS, 30, 0, 0, 50), 20);
  EXPECT_EQ(order_quantity(R::kRS, 50, 0, 0, 50), 0);
  EXPECT_EQ(order_quantity(R::kRS, 60, 0, 0, 50), 0);
  EXPECT_THROW((void)order_quantity(R::kSQ, 0, 10, 0, 0), ContractError);
  EXPECT_THROW((void)order_quantity(R::kSS, 0, 10, 0, 10), ContractError);
  EXPECT_THROW((void)order_quantity(R::kForecast, 0, 10, 1, 20), ContractError);
  EXPECT_EQ(to_string(R::kSQ), "s_q");
  EXPECT_EQ(to_string(R::kSS), "s_s");
  EXPECT_EQ(to_string(R::kRS), "r_s");
  EXPECT_EQ(to_string(R::kForecast), "forecast");
}

TEST(ReplenishmentPolicy, ForecastLevelsFromTheFormula) {
  const double z = safety_factor(0.95);
  EXPECT_NEAR(z, 1.6448536269514722, 1e-12);
  // 10 units a day, lead time 7 days, sigma 3 a day, cover 7 days:
  // safety stock 1.6449 * 3 * sqrt(7) = 13.055; reorder point ceil(70 + 13.055) = 84; S = 84 + 70.
  const ForecastLevels l = forecast_levels(70.0, 70.0, 3.0, 7.0, z);
  EXPECT_NEAR(l.safety_stock, 13.0556, 1e-4);
  EXPECT_EQ(l.reorder_point, 84);
  EXPECT_EQ(l.order_up_to, 154);
  EXPECT_EQ(forecast_order_quantity(l, 85), 0);
  EXPECT_EQ(forecast_order_quantity(l, 84), 70);
  EXPECT_EQ(forecast_order_quantity(l, -6), 160);
  // No lead time: no safety stock; a negative z (service level below 50%) gives none either.
  EXPECT_EQ(forecast_levels(0.0, 10.0, 3.0, 0.0, z).reorder_point, 0);
  EXPECT_EQ(forecast_levels(20.0, 10.0, 3.0, 4.0, safety_factor(0.3)).safety_stock, 0.0);
  EXPECT_THROW((void)forecast_levels(1.0, 1.0, -1.0, 1.0, z), ContractError);
  EXPECT_THROW((void)forecast_levels(1.0, 1.0, 1.0, -1.0, z), ContractError);
  EXPECT_THROW((void)forecast_levels(std::numeric_limits<double>::quiet_NaN(), 1.0, 1.0, 1.0, z),
               ContractError);
  EXPECT_THROW((void)safety_factor(1.0), ContractError);
  EXPECT_THROW((void)safety_factor(0.0), ContractError);
}

// The textbook (s, Q) sawtooth: demand d per day, lead time L days, reviewed at the end of each
// day (after its demand); an order placed on day k is received at the end of day k + L. After
// the first order the on-hand level repeats every Q / d days: it falls to s - dL just before a
// receipt and rises to s - dL + Q with it; one order of Q per cycle and never a stockout.
TEST(ReplenishmentPolicy, SQSawtoothWithDeterministicDemandAndLeadTime) {
  constexpr std::int64_t kDemand = 10;
  constexpr int kLead = 3;
  constexpr std::int64_t kS = 40;
  constexpr std::int64_t kQ = 100;
  constexpr int kDays = 150;
  std::int64_t on_hand = 120;
  std::vector<std::int64_t> arriving(kDays + kLead + 1, 0);  // units due at the end of each day
  std::int64_t on_order = 0;
  std::vector<std::int64_t> before_receipt;  // after the day's demand
  std::vector<std::int64_t> end_of_day;      // after the day's receipts
  std::vector<int> order_days;
  for (int day = 0; day < kDays; ++day) {
    ASSERT_GE(on_hand, kDemand) << "stockout on day " << day;
    on_hand -= kDemand;
    before_receipt.push_back(on_hand);
    on_hand += arriving[static_cast<std::size_t>(day)];
    on_order -= arriving[static_cast<std::size_t>(day)];
    end_of_day.push_back(on_hand);
    const std::int64_t q = order_quantity(ReplenishmentRule::kSQ, on_hand + on_order, kS, kQ, 0);
    if (q > 0) {
      EXPECT_EQ(q, kQ);
      on_order += q;
      arriving[static_cast<std::size_t>(day + kLead)] += q;
      order_days.push_back(day);
    }
  }
  // The position first reaches s at the end of day 7 (120 - 8 * 10 = 40); then every Q / d days.
  ASSERT_EQ(order_days.size(), 15U);
  EXPECT_EQ(order_days.front(), 7);
  for (std::size_t i = 1; i < order_days.size(); ++i) EXPECT_EQ(order_days[i] - order_days[i - 1], 10);
  // From the first receipt (end of day 10) on: period Q / d, minimum s - dL, maximum s - dL + Q.
  std::int64_t lowest = before_receipt[10];
  std::int64_t highest = end_of_day[10];
  for (std::size_t day = 10; day < end_of_day.size(); ++day) {
    if (day + 10 < end_of_day.size()) {
      EXPECT_EQ(end_of_day[day], end_of_day[day + 10]) << "day " << day;
    }
    lowest = std::min(lowest, before_receipt[day]);
    highest = std::max(highest, end_of_day[day]);
  }
  EXPECT_EQ(lowest, kS - kDemand * kLead);        // 10
  EXPECT_EQ(highest, kS - kDemand * kLead + kQ);  // 110
  // Average on hand over whole cycles: s - dL + Q/2 in the continuous limit; with end-of-day
  // levels 110, 100, ..., 20 it is (110 + 20) / 2 = 65 = s - dL + (Q + d) / 2.
  std::int64_t sum = 0;
  for (std::size_t day = 10; day < 110; ++day) sum += end_of_day[day];
  EXPECT_EQ(sum, 100 * 65);
}

}  // namespace
}  // namespace whsim::model
